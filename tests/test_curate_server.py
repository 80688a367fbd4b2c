"""The curate server: its JSON write API behind the token, the command, and the read-only split."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from dashboard.cli import main
from dashboard.curate.journal import JOURNAL_NAME
from dashboard.curate.server import build_app, serve
from dashboard.curate.store import Store
from dashboard.dataset import load_dataset
from dashboard.settings import PACKAGE_DIR
from tests.conftest import ENVIRONMENT, SEED

TOKEN = "test-token"
HOST = "127.0.0.1:8050"
QUOTE = "Iran and Russia signed a significant cooperation treaty on Friday at the Kremlin"


@pytest.fixture
def store(seed_copy):
    return Store.open(seed_copy)


@pytest.fixture
def client(store):
    client = build_app(store, TOKEN).server.test_client()
    assert client.get(f"/?token={TOKEN}", headers={"Host": HOST}).status_code == 303
    return client


def get(client, path):
    return client.get(path, headers={"Host": HOST})


def post(client, path, body):
    headers = {"Host": HOST, "Origin": f"http://{HOST}"}
    return client.post(path, json=body, headers=headers)


def triple(note="") -> dict:
    return {"source": "iran", "relation": "meets", "target": "russia", "quote": QUOTE,
            "certainty": "stated", "note": note}  # fmt: skip


def test_sv001_state_says_version_history_and_problems(client, store):
    state = get(client, "/curate/api/state").get_json()
    assert state == {"version": store.version, "can_undo": False, "can_redo": False,
                     "problems": [], "notice": None, "history": []}  # fmt: skip


def test_sv002_an_edit_is_saved_and_answers_the_new_version(client, store, seed_copy):
    version = store.version
    body = {"version": version, "edit": {"kind": "add_triple", "triple": triple("<b>x</b>")}}
    response = post(client, "/curate/api/edit", body)
    assert response.status_code == 200, response.get_data(as_text=True)
    answer = response.get_json()
    assert answer["version"] == store.version != version
    assert answer["files"] == ["triples.csv"] and answer["can_undo"] is True
    assert load_dataset(seed_copy).triples["note"].iloc[-1] == "<b>x</b>"


def test_sv003_undo_and_redo(client, store, seed_copy):
    before = (seed_copy / "triples.csv").read_bytes()
    post(client, "/curate/api/edit", {"version": store.version,
                                      "edit": {"kind": "add_triple", "triple": triple()}})  # fmt: skip
    after = (seed_copy / "triples.csv").read_bytes()
    undone = post(client, "/curate/api/undo", {"version": store.version}).get_json()
    assert undone["summary"].startswith("undid: added iran meets russia")
    assert (seed_copy / "triples.csv").read_bytes() == before
    post(client, "/curate/api/redo", {"version": store.version})
    assert (seed_copy / "triples.csv").read_bytes() == after
    nothing = post(client, "/curate/api/redo", {"version": store.version})
    assert nothing.status_code == 200 and nothing.get_json()["summary"] is None


def test_sv004_a_stale_version_is_409_with_the_files(client, store):
    old = store.version
    post(client, "/curate/api/edit", {"version": old, "edit": {"kind": "add_alias",
                                      "actor_id": "iran", "alias": "Persia"}})  # fmt: skip
    response = post(client, "/curate/api/edit", {"version": old, "edit": {"kind": "add_triple",
                    "triple": triple()}})  # fmt: skip
    assert response.status_code == 409
    assert response.get_json()["error"] == "conflict"
    assert response.get_json()["files"] == ["actors.csv"]


def test_sv005_an_invalid_change_is_422_with_the_validators_messages(client, store):
    bad = {**triple(), "target": "russsia"}
    response = post(client, "/curate/api/edit", {"version": store.version,
                    "edit": {"kind": "add_triple", "triple": bad}})  # fmt: skip
    assert response.status_code == 422
    answer = response.get_json()
    assert answer["error"] == "refused"
    assert any("unknown actor 'russsia' (did you mean 'russia'?)" in p for p in answer["problems"])


def test_sv006_an_edit_that_does_not_fit_is_422_with_its_message(client, store):
    response = post(client, "/curate/api/edit", {"version": store.version,
                    "edit": {"kind": "delete_triple", "triple": triple()}})  # fmt: skip
    assert response.status_code == 422
    assert response.get_json() == {"error": "edit", "message": response.get_json()["message"]}
    assert "not in the files" in response.get_json()["message"]


@pytest.mark.parametrize(
    "body",
    [None, [], {"edit": {}}, {"version": 3, "edit": {}}, {"version": "v", "edit": "x"},
     {"version": "v", "edit": {"kind": "nope"}}],
)  # fmt: skip
def test_sv007_a_malformed_body_is_400(client, body):
    response = post(client, "/curate/api/edit", body)
    assert response.status_code == 400
    assert response.get_json()["error"] == "malformed"


def test_sv008_the_api_needs_the_token_and_its_own_origin(store):
    client = build_app(store, TOKEN).server.test_client()
    assert client.get("/curate/api/state", headers={"Host": HOST}).status_code == 403
    client.get(f"/?token={TOKEN}", headers={"Host": HOST})
    evil = {"Host": HOST, "Origin": "http://evil.example"}
    body = {"version": store.version, "edit": {"kind": "add_triple", "triple": triple()}}
    assert client.post("/curate/api/edit", json=body, headers=evil).status_code == 403
    assert not store.can_undo


def test_sv009_reload_after_an_outside_change(client, store, seed_copy):
    post(client, "/curate/api/edit", {"version": store.version, "edit": {"kind": "add_alias",
         "actor_id": "iran", "alias": "Persia"}})  # fmt: skip
    with (seed_copy / "actors.csv").open("a", encoding="utf-8") as file:
        file.write("zed,Zed,person,,\n")
    state = post(client, "/curate/api/reload", {}).get_json()
    assert state["version"] == store.version and "outside curate" in state["notice"]
    assert state["can_undo"] is False and state["history"] == []


def test_sv010_the_read_only_app_never_imports_curate():
    code = (
        "import sys, dashboard.app, dashboard.cli\n"
        "import os; os.environ['DASHBOARD_DATA'] = sys.argv[1]\n"
        "import dashboard.wsgi\n"
        "print(sorted(m for m in sys.modules if m.startswith('dashboard.curate')))"
    )
    environment = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    done = subprocess.run([sys.executable, "-c", code, str(SEED)], capture_output=True,
                          text=True, env=environment, cwd=PACKAGE_DIR.parent, timeout=120,
                          check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_sv011_curate_refuses_the_bundled_seed_with_new_from_advice(capsys):
    assert main(["curate", str(SEED), "--port", "8999"]) == 1
    err = capsys.readouterr().err
    assert "inside the installed package" in err and "new MY-COPY --from" in err


def test_sv012_curate_has_no_host_option(capsys):
    with pytest.raises(SystemExit):
        main(["curate", "x", "--host", "0.0.0.0"])
    assert "unrecognized arguments: --host" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_sv013_curate_serves_on_loopback_with_a_token_url_and_saves(seed_copy):
    port = _free_port()
    environment = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard", "curate", str(seed_copy), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
        cwd=PACKAGE_DIR.parent,
    )  # fmt: skip
    try:
        server.stdout.readline()
        url = server.stdout.readline().strip()
        assert url.startswith(f"http://127.0.0.1:{port}/?token=")
        token = url.split("token=")[1]
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            except urllib.error.HTTPError as error:
                assert error.code == 403  # no token, no page
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the server never answered")
        headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
        state = urllib.request.urlopen(
            urllib.request.Request(f"http://127.0.0.1:{port}/curate/api/state", headers=headers)
        )
        version = json.load(state)["version"]
        body = {"version": version, "edit": {"kind": "add_alias", "actor_id": "iran",
                                             "alias": "Persia"}}  # fmt: skip
        request = urllib.request.Request(f"http://127.0.0.1:{port}/curate/api/edit",
                                         data=json.dumps(body).encode(), headers=headers)  # fmt: skip
        assert json.load(urllib.request.urlopen(request))["files"] == ["actors.csv"]
        server.terminate()
        out, err = server.communicate(timeout=10)
    finally:
        server.kill()
    assert "Traceback" not in err and "Stopped." in out
    assert "Persia" in (seed_copy / "actors.csv").read_text(encoding="utf-8")
    assert (seed_copy / JOURNAL_NAME).exists()


def test_sv014_an_oversized_body_is_413_and_nothing_is_written(client, store):
    body = {"version": store.version, "edit": {"kind": "add_alias", "actor_id": "iran",
            "alias": "x" * 2_000_000}}  # fmt: skip
    assert post(client, "/curate/api/edit", body).status_code == 413
    assert not store.can_undo


def test_sv015_a_bug_in_the_store_is_a_500_with_its_traceback_logged(client, store, caplog):
    def broken(edit, version):
        raise ZeroDivisionError("a bug")

    store.apply = broken
    body = {"version": store.version, "edit": {"kind": "add_triple", "triple": triple()}}
    response = post(client, "/curate/api/edit", body)
    assert response.status_code == 500
    assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)


def test_sv016_the_page_shows_each_saved_change(client, store):
    before = get(client, "/health").get_json()["quotes"]
    body = {"version": store.version, "edit": {"kind": "add_triple", "triple": triple()}}
    assert post(client, "/curate/api/edit", body).status_code == 200
    assert get(client, "/health").get_json()["quotes"] == before + 1


def test_sv017_compare_with_another_articles_curation_says_so_and_writes_nothing(tmp_path, capsys):
    compared = Path(__file__).parent / "data" / "compare"
    folder = tmp_path / "reference"
    shutil.copytree(compared / "reference", folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert serve(folder, 0, load_dataset(compared / "other-article")) == 1
    said = capsys.readouterr().err
    assert said.startswith("dashboard curate: ") and "hold different texts" in said
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
