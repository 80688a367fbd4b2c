"""``dashboard new``: a dataset from an article or a copy; an empty dataset is valid and served."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.cli import main
from dashboard.curate.journal import JOURNAL_NAME
from dashboard.curate.new import DEFAULT_TAXONOMY, Metadata, NewError, new_dataset
from dashboard.dataset import FILES, load_dataset
from dashboard.settings import PACKAGE_DIR, SEEDS_DIR
from tests.conftest import ENVIRONMENT, SEED


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


@pytest.fixture
def article(tmp_path) -> Path:
    path = tmp_path / "article.txt"
    # A byte-order mark, CRLF line ends and curly quotes: kept byte for byte.
    path.write_bytes("\ufeffTitle line\r\nIran met “Russia” — twice.\r\n".encode())
    return path


def test_nw001_new_from_an_article_makes_a_valid_empty_dataset(capsys, tmp_path, article):
    folder = tmp_path / "mine"
    status, out, _ = run(capsys, "new", str(folder), "--article", str(article), "--title",
                         'A "title"', "--publisher", "Me", "--published", "2025-02-03",
                         "--language", "pt-BR")  # fmt: skip
    assert status == 0 and f"python -m dashboard curate {folder}" in out
    assert sorted(p.name for p in folder.iterdir()) == sorted(FILES)
    assert (folder / "article.txt").read_bytes() == article.read_bytes()
    assert (folder / "relations.csv").read_bytes() == DEFAULT_TAXONOMY.read_bytes()
    assert (folder / "actors.csv").read_text() == "id,name,kind,aliases,description\n"
    assert (folder / "triples.csv").read_text() == "source,relation,target,quote,certainty,note\n"
    meta = tomllib.loads((folder / "dataset.toml").read_text(encoding="utf-8"))
    assert meta == {"title": 'A "title"', "publisher": "Me", "published": date(2025, 2, 3),
                    "language": "pt-BR"}  # fmt: skip
    dataset = load_dataset(folder)
    assert len(dataset.actors) == 0 and len(dataset.triples) == 0
    assert len(dataset.relations) == len(load_dataset(SEED).relations)


def test_nw002_defaults_are_said_in_the_notes(tmp_path, article):
    new_dataset(tmp_path / "d", article, Metadata(), today=date(2026, 1, 2))
    meta = tomllib.loads((tmp_path / "d" / "dataset.toml").read_text(encoding="utf-8"))
    assert meta["title"] == "Title line" and meta["publisher"] == "unknown"
    assert meta["published"] == date(2026, 1, 2) and meta["language"] == "en"
    assert len(meta["notes"]) == 3 and all("dashboard new" in note for note in meta["notes"])


def test_nw003_taxonomy_is_copied_byte_for_byte(capsys, tmp_path, article):
    taxonomy = tmp_path / "relations.csv"
    taxonomy.write_bytes(
        b"id,label,polarity,quad_class,directed\r\npraises,praises,cooperative,1,true\r\n"
    )
    status, _, _ = run(capsys, "new", str(tmp_path / "d"), "--article", str(article),
                       "--taxonomy", str(taxonomy))  # fmt: skip
    assert status == 0
    assert (tmp_path / "d" / "relations.csv").read_bytes() == taxonomy.read_bytes()
    assert list(load_dataset(tmp_path / "d").relations.index) == ["praises"]


def test_nw004_an_existing_dataset_is_refused_and_left_alone(capsys, seed_copy, article):
    before = {name: (seed_copy / name).read_bytes() for name in FILES}
    status, _, err = run(capsys, "new", str(seed_copy), "--article", str(article))
    assert status == 1
    assert "already holds a dataset" in err and f"curate {seed_copy}" in err
    assert {name: (seed_copy / name).read_bytes() for name in FILES} == before


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"Iran met Russia.\n\xe9t\xe9\n", ":2: not UTF-8 text: byte 0xe9 at byte 17"),
        (b"", "the article is empty"),
        (b" \n\t\n", "the article is empty"),
        (b"\xef\xbb\xbf\n", "the article is empty"),
        (b"Iran\x00met Russia.", "control character U+0000"),
    ],
)
def test_nw005_a_bad_article_is_refused_and_nothing_is_made(capsys, tmp_path, content, says):
    path = tmp_path / "in.txt"
    path.write_bytes(content)
    status, _, err = run(capsys, "new", str(tmp_path / "d"), "--article", str(path))
    assert status == 1 and says in err
    assert str(path) in err  # named as the user's file, not the folder's copy
    assert not (tmp_path / "d").exists()


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [("--published", "01/03/2025", "expected a date as YYYY-MM-DD"),
     ("--published", "2025-02-30", "not a real date"),
     ("--language", "English", "expected a language code")],
)  # fmt: skip
def test_nw006_bad_metadata_is_refused(capsys, tmp_path, article, option, value, says):
    status, _, err = run(capsys, "new", str(tmp_path / "d"), "--article", str(article),
                         option, value)  # fmt: skip
    assert status == 1 and says in err and not (tmp_path / "d").exists()


def test_nw007_a_missing_article_or_taxonomy_is_named(capsys, tmp_path, article):
    status, _, err = run(capsys, "new", str(tmp_path / "d"), "--article", str(tmp_path / "x"))
    assert status == 1 and "--article" in err and "no such file" in err
    status, _, err = run(capsys, "new", str(tmp_path / "d"), "--article", str(article),
                         "--taxonomy", str(tmp_path))  # fmt: skip
    assert status == 1 and "--taxonomy" in err and "is a folder" in err


def test_nw008_from_copies_the_dataset_but_not_its_journal(capsys, tmp_path):
    source = Path(shutil.copytree(SEED, tmp_path / "source"))
    (source / JOURNAL_NAME).write_text("{}\n")
    status, out, _ = run(capsys, "new", str(tmp_path / "copy"), "--from", str(source))
    assert status == 0 and "copied" in out
    assert sorted(p.name for p in (tmp_path / "copy").iterdir()) == sorted(FILES)
    for name in FILES:
        assert (tmp_path / "copy" / name).read_bytes() == (SEED / name).read_bytes()


def test_nw009_from_the_bundled_seed_is_how_to_curate_it(capsys, tmp_path):
    status, _, _ = run(capsys, "new", str(tmp_path / "copy"), "--from", str(SEED))
    assert status == 0 and load_dataset(tmp_path / "copy").triples.shape[0] > 0


def test_nw010_from_with_metadata_options_is_a_usage_error(capsys, tmp_path):
    status, _, err = run(capsys, "new", str(tmp_path / "c"), "--from", str(SEED), "--title", "x")
    assert status == 2 and "--title cannot be used with --from" in err


def test_nw011_article_and_from_together_are_refused(capsys, tmp_path, article):
    with pytest.raises(SystemExit):
        main(["new", str(tmp_path / "c"), "--from", str(SEED), "--article", str(article)])
    assert "not allowed with argument" in capsys.readouterr().err


def test_nw012_never_writes_into_the_package(tmp_path, article):
    for folder in (SEEDS_DIR / "mine", PACKAGE_DIR / "mine"):
        with pytest.raises(NewError, match="inside the installed package"):
            new_dataset(folder, article)
        assert not folder.exists()


# An empty dataset is served: the page and every callback's first answer work.


def fire_first_callbacks(client) -> int:
    """Fire every callback the page fires on load, with the layout's values; return how many."""
    layout = client.get("/_dash-layout").get_json()
    props: dict[str, dict] = {}

    def walk(node):
        if isinstance(node, dict):
            if "props" in node and isinstance(node["props"].get("id"), str):
                props[node["props"]["id"]] = node["props"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(layout)
    fired = 0
    for callback in client.get("/_dash-dependencies").get_json():
        items = callback["inputs"] + callback["state"]
        if callback.get("clientside_function"):
            continue  # runs in the browser
        if any(item["id"].startswith("{") for item in items):
            continue  # pattern-matching ids: made by other callbacks, not on load
        if not all(item["id"] in props for item in callback["inputs"]):
            continue

        def value(item):
            return {**item, "value": props.get(item["id"], {}).get(item["property"])}

        spec = callback["output"]
        parts = spec.strip(".").split("...") if spec.startswith("..") else [spec]
        outputs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
        body = {
            "output": spec,
            "outputs": outputs if spec.startswith("..") else outputs[0],
            "inputs": [value(i) for i in callback["inputs"]],
            "state": [value(s) for s in callback["state"]],
            "changedPropIds": [],
        }
        response = client.post("/_dash-update-component", json=body)
        assert response.status_code in (200, 204), (spec, response.get_data(as_text=True)[:300])
        fired += 1
    return fired


def test_nw013_an_empty_dataset_is_served_and_its_callbacks_answer(tmp_path):
    new_dataset(tmp_path / "d", SEED / "article.txt")
    client = create_app(load_dataset(tmp_path / "d")).server.test_client()
    assert client.get("/").status_code == 200
    assert fire_first_callbacks(client) >= 5


def test_nw014_run_serves_a_new_dataset(tmp_path):
    new_dataset(tmp_path / "d", SEED / "article.txt")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "run", str(tmp_path / "d"), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
    )  # fmt: skip
    try:
        assert server.stdout.readline().startswith("Serving d at")
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as page:
                    health = json.load(page)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server never answered")
        server.terminate()
        _, err = server.communicate(timeout=10)
    finally:
        server.kill()
    assert health["actors"] == 0 and health["quotes"] == 0
    assert "Traceback" not in err


def test_nw015_the_readme_and_the_format_doc_describe_new_curate_and_the_journal():
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert "python -m dashboard new FOLDER --article FILE" in readme
    assert "python -m dashboard curate FOLDER [--compare B] [--port PORT]" in readme
    doc = (root / "seeds" / "README.md").read_text(encoding="utf-8")
    assert JOURNAL_NAME in doc and "[[uncited]]" in doc and "```gitignore" in doc
