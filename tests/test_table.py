"""Tests for dashboard.table: the rows the relations table shows, its grid and a row's selection."""

from __future__ import annotations

import pytest

from dashboard import ids
from dashboard.corpus import load_corpus
from dashboard.figure import figure_dict
from dashboard.graph import NetworkModel, neighbourhood
from dashboard.table import (
    ARTICLE_COLUMN,
    COLUMNS,
    relations_table,
    selection_from_rows,
    table_rows,
)
from tests.conftest import SEED, state_of
from tests.test_corpus import ARTICLES, CASPIAN, two_articles

WEAPONS = "iran/supplies_weapons/russia/stated"
FIELDS = ["row", "edge", "source", "relation", "target", "certainty", "quote", "sentence"]


@pytest.fixture(scope="module")
def corpus_model(tmp_path_factory) -> NetworkModel:
    return NetworkModel.from_dataset(load_corpus(two_articles(tmp_path_factory.mktemp("c"))))


def every_relation(model: NetworkModel) -> list[str]:
    return list(model.dataset.relations.index)


def of_polarity(model: NetworkModel, polarity: str) -> list[str]:
    relations = model.dataset.relations
    return list(relations.index[relations["polarity"] == polarity])


def graph_edges(model: NetworkModel, relations, articles, actor, focus) -> set[str]:
    """The edges the graph draws for these filters, read off the figure itself: the ids its
    edge midpoints carry (one marker trace of them all, named "relations")."""
    view = state_of(relations, articles=articles, actor=actor, focus=focus)
    drawn = set()
    for trace in figure_dict(model, view)["data"]:
        if trace["name"] == "relations" and trace["mode"] == "markers":
            drawn.update(trace["customdata"])
    assert drawn <= set(model.edges.index)
    return drawn


# table_rows


@pytest.mark.parametrize(
    "relations",
    [
        pytest.param("every", id="every-type"),
        pytest.param(["meets"], id="one-type"),
        pytest.param(["meets", "accuses", "nonsense"], id="with-an-unknown"),
        pytest.param("conflictual", id="conflictual"),
        pytest.param([], id="none"),
    ],
)
def test_tab001_one_row_per_quote_that_passes_the_filter(seed_model, relations):
    if relations == "every":
        relations = every_relation(seed_model)
    elif isinstance(relations, str):
        relations = of_polarity(seed_model, relations)
    triples = seed_model.dataset.triples
    rows = table_rows(seed_model, state_of(relations))
    passing = triples[triples["relation"].isin(relations)]
    assert [r["row"] for r in rows] == list(passing.index)  # file order
    assert len(rows) == len(passing)


def test_tab002_rows_show_names_and_labels_not_ids(seed_model):
    dataset = seed_model.dataset
    rows = table_rows(seed_model, state_of(every_relation(seed_model)))
    for record in rows:
        triple = dataset.triples.loc[record["row"]]
        assert list(record) == FIELDS
        assert record["source"] == dataset.actors.at[triple["source"], "name"]
        assert record["target"] == dataset.actors.at[triple["target"], "name"]
        assert record["relation"] == dataset.relations.at[triple["relation"], "label"]
        assert record["quote"] == triple["quote"]
        assert record["certainty"] == triple["certainty"]
        assert record["sentence"] == triple["sentence"]
        assert type(record["row"]) is int and type(record["sentence"]) is int
    first = next(r for r in rows if r["edge"] == WEAPONS)
    assert (first["source"], first["relation"], first["target"]) == (
        "Iran",
        "supplies weapons to",
        "Russia",
    )
    shown = {r["source"] for r in rows} | {r["target"] for r in rows}
    assert not shown & set(dataset.actors.index)
    assert "supplies_weapons" not in {r["relation"] for r in rows}


def test_tab003_each_rows_edge_holds_the_row(seed_model, corpus_model):
    for model in (seed_model, corpus_model):
        rows = table_rows(model, state_of(every_relation(model)))
        assert len(rows) == len(model.dataset.triples)
        for record in rows:
            assert record["edge"] in model.edges.index
            assert record["row"] in model.edges.at[record["edge"], "rows"]


@pytest.mark.parametrize(
    ("articles", "count"),
    [
        ([CASPIAN.name], 9),
        ([SEED.name], 132),
        (ARTICLES, 141),
        (None, 141),
        ([], 0),
        (["atlantis"], 0),
    ],
)
def test_tab004_article_filter(corpus_model, articles, count):
    rows = table_rows(corpus_model, state_of(every_relation(corpus_model), articles=articles))
    assert len(rows) == count
    article = corpus_model.dataset.triples["article"]
    assert all(articles is None or article[r["row"]] in articles for r in rows)


def test_tab005_article_column_only_with_several_articles(seed_model, corpus_model):
    assert all(
        "article" not in r for r in table_rows(seed_model, state_of(every_relation(seed_model)))
    )
    rows = table_rows(corpus_model, state_of(every_relation(corpus_model)))
    titles = {n: d.meta["title"] for n, d in corpus_model.dataset.datasets.items()}
    article = corpus_model.dataset.triples["article"]
    assert all(list(r) == [*FIELDS, "article"] for r in rows)
    assert all(r["article"] == titles[article[r["row"]]] for r in rows)
    assert {r["article"] for r in rows} == set(titles.values())


@pytest.mark.parametrize(
    ("actor", "focus"),
    [("iran", 1), ("tass", 1), ("tass", 2), ("ukraine", 1), ("brics", 2), ("kazim-jalali", 1)],
)
def test_tab006_focus_keeps_the_actors_neighbourhood(seed_model, actor, focus):
    every = every_relation(seed_model)
    rows = table_rows(seed_model, state_of(every, articles=None, actor=actor, focus=focus))
    assert len(rows) < len(seed_model.dataset.triples)
    assert {r["edge"] for r in rows} == graph_edges(seed_model, every, None, actor, focus)
    near = neighbourhood(seed_model.edges, actor, focus)
    triples = seed_model.dataset.triples.loc[[r["row"] for r in rows]]
    assert set(triples["source"]) | set(triples["target"]) <= near


@pytest.mark.parametrize(("actor", "focus"), [("iran", None), ("iran", 0), (None, 2)])
def test_tab007_no_focus_or_no_actor_limits_nothing(seed_model, actor, focus):
    every = every_relation(seed_model)
    assert len(
        table_rows(seed_model, state_of(every, articles=None, actor=actor, focus=focus))
    ) == len(seed_model.dataset.triples)


def test_tab008_focus_follows_the_relation_filter(seed_model):
    """Only the ticked types link actors: hiding a type cuts the paths through it."""
    every = every_relation(seed_model)
    some = ["supplies_weapons", "accuses"]
    rows = table_rows(seed_model, state_of(some, articles=None, actor="iran", focus=1))
    assert rows
    assert {r["edge"] for r in rows} == graph_edges(seed_model, some, None, "iran", 1)
    assert len(table_rows(seed_model, state_of(every, articles=None, actor="iran", focus=1))) > len(
        rows
    )


@pytest.mark.parametrize(
    ("actor", "focus"), [("north-korea", 1), ("vladimir-putin", 2), ("russia", 2)]
)
def test_tab009_focus_with_an_article_filter_matches_the_graph(corpus_model, actor, focus):
    every = every_relation(corpus_model)
    kept = [CASPIAN.name]
    rows = table_rows(corpus_model, state_of(every, articles=kept, actor=actor, focus=focus))
    assert {r["edge"] for r in rows} == graph_edges(corpus_model, every, kept, actor, focus)


# The grid


def test_tab010_grid_is_plain_text_and_single_row(seed_model):
    grid = relations_table(seed_model)
    assert grid.id == ids.TABLE
    assert grid.rowData == []  # filled when the table is first shown
    assert grid.dashGridOptions["rowSelection"]["mode"] == "singleRow"
    assert not getattr(grid, "dangerously_allow_code", False)
    for column in grid.columnDefs:
        assert "cellRenderer" not in column, column
        assert "cellRendererSelector" not in column, column
    assert "cellRenderer" not in grid.defaultColDef
    assert [c["field"] for c in grid.columnDefs] == [c["field"] for c in COLUMNS]
    assert set(FIELDS) >= {c["field"] for c in grid.columnDefs}


def test_tab011_grid_of_several_articles_has_the_article_column(corpus_model):
    columns = relations_table(corpus_model).columnDefs
    assert columns == [*COLUMNS, ARTICLE_COLUMN]
    assert "cellRenderer" not in ARTICLE_COLUMN


# selection_from_rows


def test_tab012_a_selected_row_selects_its_edge(seed_model):
    record = next(
        r for r in table_rows(seed_model, state_of(["supplies_weapons"])) if r["edge"] == WEAPONS
    )
    assert selection_from_rows(seed_model, [record]) == {"kind": "edge", "id": WEAPONS}
    assert selection_from_rows(seed_model, [{"edge": WEAPONS}]) == {"kind": "edge", "id": WEAPONS}


@pytest.mark.parametrize(
    "selected",
    [
        pytest.param(None, id="none"),
        pytest.param([], id="empty"),
        pytest.param([{"edge": WEAPONS}, {"edge": WEAPONS}], id="two-rows"),
        pytest.param([{"edge": "iran/x/russia/stated"}], id="unknown-edge"),
        pytest.param([{"edge": "iran"}], id="actor-as-edge"),
        pytest.param([{"edge": [WEAPONS]}], id="edge-list"),
        pytest.param([{"edge": None}], id="edge-none"),
        pytest.param([{"row": 3}], id="no-edge"),
        pytest.param([WEAPONS], id="row-string"),
        pytest.param([[WEAPONS]], id="row-list"),
        pytest.param([None], id="row-none"),
        pytest.param({"edge": WEAPONS}, id="dict-not-list"),
        pytest.param(WEAPONS, id="string"),
        pytest.param(7, id="number"),
    ],
)
def test_tab013_selection_from_rows_rejects_junk(seed_model, selected):
    assert selection_from_rows(seed_model, selected) is None
