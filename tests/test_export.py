"""Tests for dashboard.export and the ``export`` command: CSV, JSON, GraphML and GEXF."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from dashboard import cli
from dashboard.callbacks.downloads import EXTENSIONS, MEDIA_TYPES
from dashboard.cli import main
from dashboard.dataset import load_dataset
from dashboard.export import (
    EVIDENCE_SEPARATOR,
    FORMATS,
    FORMULA_STARTS,
    NO_QUAD_CLASS,
    TABLE_COLUMNS,
    TEXT_FORMATS,
    NotXmlError,
    UnknownRelationError,
    brat_zip,
    export,
    export_graph,
    to_brat,
    to_csv,
    to_gexf,
    to_graphml,
    to_json,
    to_w3c,
    triples_table,
)
from dashboard.graph import edge_table
from dashboard.page.filters import DOWNLOADS
from dashboard.settings import PACKAGE_DIR, SEEDS_DIR
from tests.conftest import ENVIRONMENT

SEED = SEEDS_DIR / "iran-russia-treaty"
READERS = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}
WRITERS = {"graphml": to_graphml, "gexf": to_gexf}
HOSTILE_LINES = (
    '=HYPERLINK("http://x") links Iran and Russia.',
    "\tIran and Russia trade tea.",
    "-Iran and Russia talk again.",
)
HOSTILE_RELATIONS = ("cooperates", "economic_cooperation", "meets")  # iran -> russia, one a line


def _edit_csv(path: Path, edit) -> None:
    """Rewrite a CSV file, calling ``edit(row)`` on each row (a dict) in place."""
    with path.open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        fields, rows = reader.fieldnames, list(reader)
    for row in rows:
        edit(row)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def hostile_dataset(tmp_path: Path):
    """A seed copy in a folder named '@hostile' whose names, labels, notes and quotes look like formulas."""
    folder = Path(shutil.copytree(SEED, tmp_path / "@hostile"))
    names = {"iran": "=Iran", "russia": "+Russia", "united-states": "-United States"}
    names["ukraine"] = "@Ukraine"
    _edit_csv(folder / "actors.csv", lambda row: row.update(name=names.get(row["id"], row["name"])))
    labels = {"opposes": "-opposes", "sanctions": "@sanctions"}
    _edit_csv(
        folder / "relations.csv", lambda row: row.update(label=labels.get(row["id"], row["label"]))
    )
    notes = iter(['=HYPERLINK("http://x","note")', "+1", "-2", "@SUM(1)"])
    _edit_csv(folder / "triples.csv", lambda row: row.update(note=next(notes, row["note"])))
    with (folder / "article.txt").open("a", encoding="utf-8", newline="") as file:
        file.write("".join(f"\n{line}" for line in HOSTILE_LINES))
    with (folder / "triples.csv").open("a", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        for relation, quote in zip(HOSTILE_RELATIONS, HOSTILE_LINES, strict=True):
            writer.writerow(["iran", relation, "russia", quote, "stated", ""])
    return load_dataset(folder)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Call the command line in-process; return (exit status, stdout, stderr)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def read_graph(fmt: str, text: str) -> nx.MultiDiGraph:
    return READERS[fmt](io.BytesIO(text.encode("utf-8")))


def find_edge(graph, source: str, relation: str, target: str, certainty: str) -> dict:
    """Return the attributes of the one edge with these ends, relation and certainty."""
    found = [
        data
        for u, v, data in graph.edges(data=True)
        if (u, v, data["relation"], data["certainty"]) == (source, target, relation, certainty)
    ]
    assert len(found) == 1, found
    return found[0]


def without_date(gexf: str) -> str:
    """GEXF carries the day it was written; leave it out when comparing two exports."""
    return re.sub(r'lastmodifieddate="[^"]*"', "", gexf)


# triples_table


def test_exp001_table_has_every_triple_named_and_labelled(seed_dataset):
    table = triples_table(seed_dataset)
    triples = seed_dataset.triples
    assert tuple(table.columns) == TABLE_COLUMNS
    assert len(table) == len(triples)
    assert table["quote"].tolist() == triples["quote"].tolist()  # file order
    assert table["sentence"].tolist() == triples["sentence"].tolist()
    assert table.loc[0, ["source_name", "relation_label", "target_name"]].tolist() == [
        "Iran",
        "signs an agreement with",
        "Russia",
    ]
    names = seed_dataset.actors["name"]
    assert (table["source_name"] == table["source"].map(names)).all()
    assert (table["target_name"] == table["target"].map(names)).all()
    assert (table["article"] == "iran-russia-treaty").all()
    assert table.notna().all().all()


@pytest.mark.parametrize(
    "relations",
    [
        ["visits"],
        ["visits", "meets"],
        ("opposes",),
        iter(["tension", "member_of"]),
        ["visits", "visits"],
        [],
    ],
    ids=["one", "two", "tuple", "iterator", "repeated", "none"],
)
def test_exp002_table_keeps_only_the_filtered_relations(seed_dataset, relations):
    relations = list(relations)
    table = triples_table(seed_dataset, relations)
    triples = seed_dataset.triples
    kept = triples[triples["relation"].isin(relations)]
    assert len(table) == len(kept)
    assert set(table["relation"]) == set(relations)
    assert table["quote"].tolist() == kept["quote"].tolist()
    assert tuple(table.columns) == TABLE_COLUMNS


@pytest.mark.parametrize(
    ("relations", "named"),
    [
        (["visit"], "unknown relation 'visit' (did you mean 'visits'?) in dataset"),
        (["visits", "xyz", "qqq"], "unknown relations 'xyz', 'qqq' in dataset"),
    ],
)
def test_exp003_unknown_relation_is_named(seed_dataset, relations, named):
    with pytest.raises(UnknownRelationError) as raised:
        triples_table(seed_dataset, relations)
    message = str(raised.value)
    assert isinstance(raised.value, ValueError)
    assert named in message
    assert "'iran-russia-treaty'" in message
    assert message.endswith("known relations: " + ", ".join(sorted(seed_dataset.relations.index)))


def test_exp004_one_string_is_not_a_filter(seed_dataset):
    with pytest.raises(TypeError, match="not the string 'visits'"):
        triples_table(seed_dataset, "visits")


def test_exp005_exports_leave_the_dataset_as_it_was(seed_copy):
    dataset = load_dataset(seed_copy)
    triples, actors = dataset.triples.copy(), dataset.actors.copy()
    for fmt in TEXT_FORMATS:
        export(dataset, fmt, ["visits"])
    to_brat(dataset, ["visits"])
    pd.testing.assert_frame_equal(dataset.triples, triples)
    pd.testing.assert_frame_equal(dataset.actors, actors)


# to_csv


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Iran", "Iran"),
        ("", ""),
        (" =1", " =1"),
        ("a=b", "a=b"),
        ("'quoted'", "'quoted'"),
        ("’curly", "’curly"),
    ],
)
def test_exp010_csv_neutralises_formula_cells(cell, written):
    text = to_csv(pd.DataFrame({"cell": [cell], "number": [-3]}))
    assert read_csv(text) == [["cell", "number"], [written, "-3"]]


def test_exp011_csv_neutralises_the_header_too():
    assert read_csv(to_csv(pd.DataFrame({"=x": [1]})))[0] == ["'=x"]


def test_exp012_csv_of_the_seed_reads_back_unchanged(seed_dataset):
    table = triples_table(seed_dataset)
    text = to_csv(table)
    assert "\r" not in text
    assert text.endswith("\n")
    rows = read_csv(text)
    assert rows[0] == list(TABLE_COLUMNS)
    assert rows[1:] == [[str(value) for value in row] for row in table.itertuples(index=False)]


def test_exp013_csv_neutralises_every_hostile_cell_and_nothing_else(hostile_dataset):
    table = triples_table(hostile_dataset)
    rows = read_csv(to_csv(table))
    assert rows[0] == list(TABLE_COLUMNS)
    assert len(rows) == len(table) + 1
    neutralised = set()
    for row, original in zip(rows[1:], table.itertuples(index=False), strict=True):
        for cell, value in zip(row, original, strict=True):
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                assert cell == "'" + value
                neutralised.add(value[0])
            else:
                assert cell == str(value)
    assert neutralised == {"=", "+", "-", "@", "\t"}  # a carriage return cannot reach a dataset
    columns = {name: i for i, name in enumerate(rows[0])}
    last = rows[-3:]
    assert [row[columns["quote"]] for row in last] == ["'" + line for line in HOSTILE_LINES]
    assert {row[columns["article"]] for row in rows[1:]} == {"'@hostile"}
    assert rows[1][columns["note"]] == '\'=HYPERLINK("http://x","note")'
    assert rows[1][columns["source_name"]] == "'=Iran"


def test_exp014_only_csv_neutralises(hostile_dataset):
    document = json.loads(to_json(hostile_dataset, triples_table(hostile_dataset)))
    assert [t["quote"] for t in document["triples"][-3:]] == list(HOSTILE_LINES)
    graph = read_graph("graphml", to_graphml(hostile_dataset))
    assert graph.nodes["iran"]["name"] == "=Iran"


# to_json


def test_exp020_json_round_trips_with_counts(seed_dataset):
    table = triples_table(seed_dataset)
    text = to_json(seed_dataset, table)
    assert "’" in text  # ensure_ascii=False keeps the article's curly quotes
    assert text.startswith('{\n  "dataset": {\n    "title": ')
    document = json.loads(text)
    assert list(document) == ["dataset", "articles", "actors", "relations", "triples"]
    assert document["articles"] == [
        {
            "article": "iran-russia-treaty",
            "title": seed_dataset.meta["title"],
            "publisher": "Stratheia",
            "published": "2025-01-17",
            "language": "en",
        }
    ]
    assert document["dataset"] == {
        "title": seed_dataset.meta["title"],
        "publisher": "Stratheia",
        "published": "2025-01-17",
        "language": "en",
    }
    used = set(table["source"]) | set(table["target"])
    assert [a["id"] for a in document["actors"]] == [
        a for a in seed_dataset.actors.index if a in used
    ]
    assert len(document["relations"]) == table["relation"].nunique()
    assert len(document["triples"]) == len(seed_dataset.triples)
    assert document["triples"] == json.loads(table.to_json(orient="records"))
    first = document["triples"][0]
    assert list(first) == list(TABLE_COLUMNS)
    assert isinstance(first["sentence"], int)
    assert isinstance(first["start"], int)


def test_exp021_json_actors_and_relations_are_plain_values(seed_dataset):
    document = json.loads(to_json(seed_dataset, triples_table(seed_dataset)))
    actors = {a["id"]: a for a in document["actors"]}
    assert actors["russia"]["aliases"] == ["Moscow", "the Kremlin", "Russian"]
    assert actors["russia"]["kind"] == "state"
    relations = {r["id"]: r for r in document["relations"]}
    assert relations["tension"]["quad_class"] is None
    assert relations["visits"]["quad_class"] == 1
    assert relations["visits"]["directed"] is True
    assert relations["cooperates"]["directed"] is False


def test_exp022_json_of_a_filter_lists_only_what_it_uses(seed_dataset):
    table = triples_table(seed_dataset, ["visits"])
    document = json.loads(to_json(seed_dataset, table))
    assert [a["id"] for a in document["actors"]] == ["russia", "masoud-pezeshkian"]
    assert [r["id"] for r in document["relations"]] == ["visits"]
    assert len(document["triples"]) == 1


def test_exp023_json_of_nothing(seed_dataset):
    document = json.loads(to_json(seed_dataset, triples_table(seed_dataset, [])))
    assert (document["actors"], document["relations"], document["triples"]) == ([], [], [])


# GraphML and GEXF


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exp030_graph_reads_back_with_every_node_and_edge(seed_dataset, seed_model, fmt):
    text = WRITERS[fmt](seed_dataset)
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>")
    graph = read_graph(fmt, text)
    edges = edge_table(seed_dataset)
    assert graph.number_of_nodes() == len(seed_dataset.actors)
    assert graph.number_of_edges() == len(edges)
    russia = graph.nodes["russia"]
    assert russia["name"] == "Russia"
    assert russia["kind"] == "state"
    assert russia["aliases"] == "Moscow|the Kremlin|Russian"
    assert russia["description"] == seed_dataset.actors.loc["russia", "description"]
    for actor, count in seed_model.actor_quotes.items():
        assert graph.nodes[actor]["quotes"] == count

    edge = find_edge(graph, "iran", "cooperates", "russia", "stated")
    rows = seed_dataset.triples.loc[edges.loc["iran/cooperates/russia/stated", "rows"]]
    assert edge["quotes"] == len(rows) == 13
    assert edge["evidence"] == EVIDENCE_SEPARATOR.join(rows["quote"])
    assert edge["sentences"] == ",".join(str(n) for n in rows["sentence"])
    assert edge["label"] == "cooperates with"
    assert edge["polarity"] == "cooperative"
    assert edge["quad_class"] == 1
    assert edge["directed"] is False
    assert find_edge(graph, "masoud-pezeshkian", "visits", "russia", "stated")["directed"] is True


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exp031_graph_of_a_filter_keeps_every_actor(seed_dataset, fmt):
    graph = read_graph(fmt, WRITERS[fmt](seed_dataset, ["visits", "meets"]))
    assert graph.number_of_nodes() == len(seed_dataset.actors)
    assert {data["relation"] for _, _, data in graph.edges(data=True)} == {"visits", "meets"}
    assert graph.number_of_edges() == 2  # the two "meets" quotes back one edge
    quotes = {node: data["quotes"] for node, data in graph.nodes(data=True) if data["quotes"]}
    assert quotes == {"masoud-pezeshkian": 2, "vladimir-putin": 2, "russia": 1}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exp032_graph_of_nothing_has_nodes_only(seed_dataset, fmt):
    graph = read_graph(fmt, WRITERS[fmt](seed_dataset, []))
    assert graph.number_of_nodes() == len(seed_dataset.actors)
    assert graph.number_of_edges() == 0


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exp033_graph_keeps_hostile_text_exactly(hostile_dataset, fmt):
    graph = read_graph(fmt, WRITERS[fmt](hostile_dataset))
    edge = find_edge(graph, "iran", "economic_cooperation", "russia", "stated")
    assert edge["evidence"].endswith(EVIDENCE_SEPARATOR + HOSTILE_LINES[1])


def test_exp034_graph_values_are_graphml_types(seed_dataset):
    graph = export_graph(seed_dataset)
    values = [
        *(v for _, data in graph.nodes(data=True) for v in data.values()),
        *(v for _, _, data in graph.edges(data=True) for v in data.values()),
        *graph.graph.values(),
    ]
    assert {type(v) for v in values} == {str, int, bool}
    standing = find_edge(graph, "iran", "tension", "the-west", "stated")
    assert standing["quad_class"] == NO_QUAD_CLASS
    assert set(graph.edges(keys=True)) >= {("iran", "russia", "iran/cooperates/russia/stated")}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exp035_booleans_are_xsd_booleans(seed_dataset, fmt):
    text = WRITERS[fmt](seed_dataset)
    assert re.search(r">(True|False)<|\"(True|False)\"", text) is None
    assert re.search(r'>false<|"false"', text)
    assert re.search(r'>true<|"true"', text)


def test_exp036_graphml_leaves_text_that_reads_true(seed_copy):
    _edit_csv(seed_copy / "actors.csv", lambda row: row.update(description="True"))
    graph = read_graph("graphml", to_graphml(load_dataset(seed_copy)))
    assert graph.nodes["iran"]["description"] == "True"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exp037_text_that_xml_cannot_hold_is_named(seed_copy, fmt):
    # The loader refuses control characters; a dataset built in code may still hold one.
    _edit_csv(seed_copy / "actors.csv", lambda row: row.update(description=""))
    dataset = load_dataset(seed_copy)
    dataset.actors.loc["russia", "description"] = "A\x01B"
    with pytest.raises(
        NotXmlError, match=r"^actor 'russia': description holds U\+0001 at character 2,"
    ):
        WRITERS[fmt](dataset)
    assert (
        json.loads(to_json(dataset, triples_table(dataset)))["actors"][1]["description"] == "A\x01B"
    )


def test_exp038_gexf_labels_nodes_by_name_and_edges_by_id(seed_dataset):
    graph = read_graph("gexf", to_gexf(seed_dataset))
    assert graph.nodes["united-states"]["label"] == "United States"
    edge = find_edge(graph, "iran", "cooperates", "russia", "stated")
    assert edge["id"] == "iran/cooperates/russia/stated"
    assert edge["label"] == "cooperates with"


# export


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("csv", lambda d, r: to_csv(triples_table(d, r))),
        ("json", lambda d, r: to_json(d, triples_table(d, r))),
        ("graphml", to_graphml),
        ("gexf", to_gexf),
    ],
)
@pytest.mark.parametrize("relations", [None, ["visits"]], ids=["all", "visits"])
def test_exp040_export_dispatches(seed_dataset, fmt, expected, relations):
    text = export(seed_dataset, fmt, relations)
    assert without_date(text) == without_date(expected(seed_dataset, relations))
    assert text.endswith("\n")


def test_exp041_export_unknown_format(seed_dataset):
    with pytest.raises(ValueError, match="unknown export format 'xml'; expected one of: csv, json"):
        export(seed_dataset, "xml")


def test_exp042_cli_offers_every_format():
    assert FORMATS == cli._EXPORT_FORMATS


# the export command


@pytest.mark.parametrize("fmt", list(TEXT_FORMATS))
def test_exp050_cli_writes_each_format(capsys, seed_dataset, tmp_path, fmt):
    output = tmp_path / f"export.{fmt}"
    status, out, err = run(capsys, "export", str(SEED), "--format", fmt, "-o", str(output))
    assert (status, err) == (0, "")
    assert out == f"wrote iran-russia-treaty as {fmt} to {output}\n"
    assert without_date(output.read_text(encoding="utf-8")) == without_date(
        export(seed_dataset, fmt)
    )


@pytest.mark.parametrize("tail", [[], ["-o", "-"]], ids=["no-o", "dash"])
def test_exp051_cli_writes_to_stdout(capsys, seed_dataset, tail):
    status, out, err = run(capsys, "export", "--format", "csv", str(SEED), *tail)
    assert (status, err) == (0, "")
    assert out == export(seed_dataset, "csv")


def test_exp052_cli_defaults_to_dashboard_data(capsys, monkeypatch, seed_copy):
    monkeypatch.setenv("DASHBOARD_DATA", str(seed_copy))
    status, out, _ = run(capsys, "export", "--format", "json")
    assert status == 0
    assert json.loads(out)["triples"][0]["article"] == seed_copy.name


def test_exp053_cli_relation_filter(capsys, tmp_path):
    output = tmp_path / "some.json"
    argv = ["--relation", "visits", "--relation", "meets", "-o", str(output)]
    status, _, _ = run(capsys, "export", str(SEED), "--format", "json", *argv)
    assert status == 0
    triples = json.loads(output.read_text(encoding="utf-8"))["triples"]
    assert [t["relation"] for t in triples] == ["visits", "meets", "meets"]


def test_exp054_cli_unknown_relation(capsys, tmp_path):
    output = tmp_path / "out.csv"
    argv = ["--relation", "visits", "--relation", "visit", "-o", str(output)]
    status, out, err = run(capsys, "export", str(SEED), "--format", "csv", *argv)
    assert status == 2
    assert out == ""
    assert err.startswith("dashboard: unknown relation 'visit' (did you mean 'visits'?)")
    assert "known relations: accuses, concerned_by, cooperates," in err
    assert not output.exists()


@pytest.mark.parametrize(
    "target",
    [
        lambda tmp: SEEDS_DIR / "export.csv",
        lambda tmp: SEED / "triples.csv",
        lambda tmp: SEEDS_DIR / "new-folder" / "export.csv",
        lambda tmp: tmp / "link" / "export.csv",  # a symlink into the seeds folder
    ],
    ids=["seeds", "seed-triples", "below-seeds", "symlink"],
)
def test_exp055_cli_refuses_to_write_into_seeds(capsys, tmp_path, target):
    (tmp_path / "link").symlink_to(SEEDS_DIR, target_is_directory=True)
    output = target(tmp_path)
    before = {path: path.read_bytes() for path in SEEDS_DIR.rglob("*") if path.is_file()}
    status, out, err = run(capsys, "export", str(SEED), "--format", "csv", "-o", str(output))
    assert status == 2
    assert out == ""
    assert err == (
        f"dashboard: will not write {output}: it is inside the bundled seeds folder {SEEDS_DIR}, "
        "which the dashboard never writes to; choose a file elsewhere\n"
    )
    after = {path: path.read_bytes() for path in SEEDS_DIR.rglob("*") if path.is_file()}
    assert after == before


def test_exp056_cli_refuses_to_overwrite_the_dataset(capsys, seed_copy):
    triples = seed_copy / "triples.csv"
    before = triples.read_bytes()
    status, _, err = run(capsys, "export", str(seed_copy), "--format", "csv", "-o", str(triples))
    assert status == 2
    assert "it is one of the files of the dataset being exported" in err
    assert triples.read_bytes() == before


def test_exp057_cli_broken_dataset(capsys, seed_copy, tmp_path):
    triples = seed_copy / "triples.csv"
    text = triples.read_text(encoding="utf-8")
    triples.write_text(text.replace("\niran,", "\nirna,", 1), encoding="utf-8")
    output = tmp_path / "out.csv"
    status, out, err = run(capsys, "export", str(seed_copy), "--format", "csv", "-o", str(output))
    assert status == 1
    assert out == ""
    assert f"{triples}:2: column 'source': unknown actor 'irna' (did you mean 'iran'?)" in err
    assert err.endswith("nothing was exported; fix the problems above first\n")
    assert not output.exists()


def test_exp058_cli_folder_of_several_datasets(capsys, tmp_path):
    for name in ("one", "two"):
        shutil.copytree(SEED, tmp_path / name)
    status, out, err = run(capsys, "export", str(tmp_path), "--format", "csv")
    assert status == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    # one network of both: every quote twice, once from each article
    assert Counter(row["article"] for row in rows) == {"one": 132, "two": 132}


def test_exp059_cli_cannot_write(capsys, tmp_path):
    output = tmp_path / "missing-folder" / "out.csv"
    status, out, err = run(capsys, "export", str(SEED), "--format", "csv", "-o", str(output))
    assert status == 1
    assert out == ""
    assert err.startswith(f"dashboard: cannot write {output}: No such file or directory")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", str(SEED)], "the following arguments are required: --format"),
        (["export", str(SEED), "--format", "xml"], "invalid choice: 'xml'"),
    ],
)
def test_exp060_cli_usage_errors(capsys, argv, message):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_exp061_cli_help(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["export", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: dashboard export [-h] --format {csv,json,graphml,gexf,w3c,brat}")
    assert "DASHBOARD_DATA" in out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "export" in capsys.readouterr().out


def test_exp062_cli_stdout_is_utf8_whatever_the_terminal():
    environment = {k: v for k, v in os.environ.items() if k not in ENVIRONMENT}
    environment["PYTHONIOENCODING"] = "ascii"
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", str(SEED), "--format", "json"],
        cwd=PACKAGE_DIR.parent,
        env=environment,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    text = done.stdout.decode("utf-8")
    assert "’" in text
    assert len(json.loads(text)["triples"]) > 0


def test_exp063_cli_text_that_xml_cannot_hold(capsys, seed_copy, tmp_path):
    _edit_csv(seed_copy / "actors.csv", lambda row: row.update(description="A\x0bB"))
    output = tmp_path / "out.gexf"
    status, out, err = run(capsys, "export", str(seed_copy), "--format", "gexf", "-o", str(output))
    assert status == 1
    assert out == ""
    # The loader refuses the character before any export is tried.
    assert "actors.csv:2: holds the control character U+000B" in err
    assert not output.exists()


# Annotation exports: brat standoff and W3C Web Annotation


def parse_ann(ann: str, text: str) -> dict[str, dict]:
    """Read a .ann file by brat's documented standoff format, failing on anything it breaks.

    T: ``ID<TAB>TYPE START END[;START END]*<TAB>TEXT``, TEXT the fragments joined by a space;
    R: ``ID<TAB>TYPE Arg1:ID Arg2:ID``; A: ``ID<TAB>NAME ID [VALUE]``;
    #: ``ID<TAB>AnnotatorNotes ID<TAB>TEXT``. Ids are unique and references point to ids above.
    """
    found: dict[str, dict] = {}
    assert ann.endswith("\n")
    for line in ann[:-1].split("\n"):
        fields = line.split("\t")
        ident = fields[0]
        assert re.fullmatch(r"[TRA#]\d+", ident), line
        assert ident not in found, f"duplicate id {ident}"
        kind = ident[0]
        if kind == "T":
            assert len(fields) == 3, line
            label, spans = fields[1].split(" ", 1)
            fragments = [tuple(map(int, part.split(" "))) for part in spans.split(";")]
            assert all(0 <= a < b <= len(text) for a, b in fragments), line
            assert fields[2] == " ".join(text[a:b] for a, b in fragments), line
            found[ident] = {"type": label, "start": fragments[0][0], "end": fragments[-1][1]}
        elif kind == "R":
            assert len(fields) == 2, line
            label, arg1, arg2 = fields[1].split(" ")
            assert arg1.startswith("Arg1:") and arg2.startswith("Arg2:"), line
            args = (arg1[5:], arg2[5:])
            assert all(arg in found and arg.startswith("T") for arg in args), line
            found[ident] = {"type": label, "args": args}
        elif kind == "A":
            assert len(fields) == 2, line
            name, owner, value = fields[1].split(" ")
            assert owner in found, line
            found[owner].setdefault("attributes", {})[name] = value
            found[ident] = {"name": name, "owner": owner, "value": value}
        else:
            assert len(fields) == 3, line
            note, owner = fields[1].split(" ")
            assert note == "AnnotatorNotes" and owner in found, line
            found[owner].setdefault("notes", []).append(fields[2])
            found[ident] = {"owner": owner, "text": fields[2]}
    return found


def parse_conf(conf: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = None
    for line in conf.split("\n"):
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), [])
        else:
            current.append(line)
    return sections


@pytest.fixture(scope="module")
def brat_files(seed_dataset):
    return to_brat(seed_dataset)


@pytest.fixture(scope="module")
def ann(seed_dataset, brat_files):
    return parse_ann(brat_files["iran-russia-treaty.ann"], seed_dataset.article)


def test_exp100_brat_text_is_the_article_and_every_mention_an_entity(seed_dataset, brat_files, ann):
    assert set(brat_files) == {
        "iran-russia-treaty.txt",
        "iran-russia-treaty.ann",
        "annotation.conf",
    }
    assert brat_files["iran-russia-treaty.txt"] == seed_dataset.article
    mentions = seed_dataset.mentions(0, len(seed_dataset.article))
    spans = {(v["start"], v["end"], v["attributes"]["Actor"]) for v in ann.values() if "end" in v}
    assert set(mentions) <= spans
    kinds = seed_dataset.actors["kind"]
    for entity in (v for v in ann.values() if "end" in v):
        assert entity["type"] == kinds[entity["attributes"]["Actor"]]


def test_exp101_brat_relations_join_the_source_and_target_inside_each_quote(seed_dataset, ann):
    triples = seed_dataset.triples
    relations = [ann[f"R{n}"] for n in range(1, len(triples) + 1)]
    assert f"R{len(triples) + 1}" not in ann
    for relation, row in zip(relations, triples.itertuples(), strict=True):
        assert relation["type"] == row.relation
        source, target = (ann[arg] for arg in relation["args"])
        assert source["attributes"]["Actor"] == row.source
        assert target["attributes"]["Actor"] == row.target
        for entity in (source, target):
            assert row.start <= entity["start"] < entity["end"] <= row.end
        assert relation["notes"][0].startswith(f"{row.certainty}; sentence {row.sentence}")


def test_exp102_brat_actor_not_named_in_its_quote_spans_the_quote_with_a_note(seed_dataset, ann):
    triples = seed_dataset.triples
    quote = "cementing closer ties between the two nations"
    (number,) = [n for n, q in enumerate(triples["quote"], start=1) if q == quote]
    row = triples.iloc[number - 1]
    assert seed_dataset.mentions(row.start, row.end) == []
    source, target = (ann[arg] for arg in ann[f"R{number}"]["args"])
    for entity, actor in ((source, row.source), (target, row.target)):
        assert (entity["start"], entity["end"]) == (row.start, row.end)
        name = seed_dataset.actors.at[actor, "name"]
        assert (
            f"{name} is not named in this quote; the whole quote stands for it" in entity["notes"]
        )


def test_exp103_brat_conf_declares_every_type_used(ann, brat_files, seed_dataset):
    conf = parse_conf(brat_files["annotation.conf"])
    used_entities = {v["type"] for k, v in ann.items() if k.startswith("T")}
    used_relations = {v["type"] for k, v in ann.items() if k.startswith("R")}
    assert used_entities <= set(conf["entities"])
    declared = {line.split(" ")[0] for line in conf["relations"]}
    assert used_relations <= declared
    (actor_line,) = conf["attributes"]
    assert actor_line.startswith("Actor Arg:<ENTITY>, Value:")
    assert set(actor_line.split("Value:")[1].split("|")) == set(seed_dataset.actors.index)


def test_exp104_brat_filter_keeps_only_those_relations(seed_dataset):
    files = to_brat(seed_dataset, ["visits"])
    parsed = parse_ann(files["iran-russia-treaty.ann"], seed_dataset.article)
    assert [v["type"] for k, v in parsed.items() if k.startswith("R")] == ["visits"]


def test_exp105_brat_zip_holds_the_collection_and_is_reproducible(seed_dataset, brat_files):
    data = brat_zip(brat_files, "iran-russia-treaty")
    assert data == brat_zip(to_brat(seed_dataset), "iran-russia-treaty")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        article = archive.read("iran-russia-treaty/iran-russia-treaty.txt")
    assert names == sorted(f"iran-russia-treaty/{name}" for name in brat_files)
    assert article == seed_dataset.article.encode("utf-8")


def test_exp110_w3c_selectors_match_the_article(seed_dataset):
    document = json.loads(to_w3c(seed_dataset))
    assert document["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert document["type"] == "AnnotationCollection"
    items = document["first"]["items"]
    triples = seed_dataset.triples
    assert document["total"] == len(items) == len(triples)
    assert len({item["id"] for item in items}) == len(items)
    article = seed_dataset.article
    for item, row in zip(items, triples.itertuples(), strict=True):
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert position["type"] == "TextPositionSelector"
        start, end = position["start"], position["end"]
        assert article[start:end] == quote["exact"] == row.quote
        assert quote["prefix"] == article[max(0, start - 32) : start]
        assert quote["suffix"] == article[end : end + 32]
        assert article.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1
        (relation,) = [body for body in item["body"] if body["type"] == "qg:Relation"]
        assert (relation["qg:source"], relation["qg:relation"], relation["qg:target"]) == (
            row.source,
            row.relation,
            row.target,
        )
        assert relation["qg:certainty"] == row.certainty


def test_exp111_w3c_describes_the_relation_in_words(seed_dataset):
    first = json.loads(to_w3c(seed_dataset, ["visits"]))["first"]["items"]
    (item,) = first
    describing = [body["value"] for body in item["body"] if body.get("purpose") == "describing"]
    assert describing == ["Masoud Pezeshkian visits Russia (stated)"]


def test_exp120_cli_brat_into_a_folder_and_a_zip(capsys, seed_dataset, tmp_path):
    folder = tmp_path / "brat"
    status, out, err = run(capsys, "export", str(SEED), "--format", "brat", "-o", str(folder))
    assert (status, err) == (0, "")
    assert out.startswith("wrote iran-russia-treaty as brat (")
    expected = to_brat(seed_dataset)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
        name: text.encode("utf-8") for name, text in expected.items()
    }
    archive = tmp_path / "brat.zip"
    status, _, err = run(capsys, "export", str(SEED), "--format", "brat", "-o", str(archive))
    assert (status, err) == (0, "")
    assert archive.read_bytes() == brat_zip(expected, "iran-russia-treaty")


def test_exp121_cli_brat_needs_an_output(capsys):
    status, out, err = run(capsys, "export", str(SEED), "--format", "brat")
    assert (status, out) == (2, "")
    assert "give -o FOLDER, or -o FILE.zip" in err


def test_exp122_cli_brat_will_not_write_into_the_dataset(capsys, seed_copy):
    before = sorted(p.name for p in seed_copy.iterdir())
    status, _, err = run(capsys, "export", str(seed_copy), "--format", "brat", "-o", str(seed_copy))
    assert status == 2
    assert "it is one of the files of the dataset being exported, or its folder" in err
    assert sorted(p.name for p in seed_copy.iterdir()) == before


def test_exp123_cli_w3c_to_stdout(capsys, seed_dataset):
    status, out, err = run(capsys, "export", str(SEED), "--format", "w3c")
    assert (status, err) == (0, "")
    assert out == to_w3c(seed_dataset)


def test_exp124_every_format_has_a_button_a_media_type_and_a_file_name():
    assert [fmt for fmt, *_ in DOWNLOADS] == list(FORMATS)
    assert set(MEDIA_TYPES) == set(FORMATS)
    assert EXTENSIONS == {"w3c": "jsonld", "brat": "zip"}


def test_exp106_brat_of_several_articles_has_a_text_and_ann_each(tmp_path_factory):
    from dashboard.corpus import load_corpus
    from tests.test_corpus import two_articles

    corpus = load_corpus(two_articles(tmp_path_factory.mktemp("c")))
    files = to_brat(corpus)
    assert set(files) == {
        *(f"{name}{suffix}" for name in corpus.datasets for suffix in (".txt", ".ann")),
        "annotation.conf",
    }
    for name, part in corpus.datasets.items():
        parsed = parse_ann(files[f"{name}.ann"], part.article)
        relations = [v for k, v in parsed.items() if k.startswith("R")]
        assert len(relations) == len(part.triples)
    document = json.loads(to_w3c(corpus))
    sources = {item["target"]["source"] for item in document["first"]["items"]}
    assert sources == {f"urn:quotegraph:{name}:article.txt" for name in corpus.datasets}


@pytest.mark.parametrize(
    ("text", "start", "end", "offsets"),
    [
        pytest.param("ab\ncd", 0, 5, "0 2;3 5", id="exp107-split-at-a-line-break"),
        pytest.param("ab\n\ncd", 1, 6, "1 2;4 6", id="exp108-blank-line"),
        pytest.param("abcd", 1, 3, "1 3", id="exp109-one-line"),
    ],
)
def test_brat_offsets_of_a_span_across_lines(text, start, end, offsets):
    from dashboard.export import _brat_offsets

    assert _brat_offsets(text, start, end) == offsets
