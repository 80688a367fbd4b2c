"""Tests for dashboard.filters: what passes the filters, read once for every part of the page."""

from __future__ import annotations

import pytest

from dashboard.corpus import load_corpus
from dashboard.filters import (
    article_rows,
    passing_edges,
    passing_triples,
    shown_articles,
    shown_relations,
)
from dashboard.graph import NetworkModel, neighbourhood
from tests.conftest import SEED, state_of
from tests.test_corpus import CASPIAN, two_articles


@pytest.fixture(scope="module")
def corpus_model(tmp_path_factory) -> NetworkModel:
    return NetworkModel.from_dataset(load_corpus(two_articles(tmp_path_factory.mktemp("c"))))


def expected_edges(model: NetworkModel, relations, articles) -> set[str]:
    """Brute force: an edge passes if its type is ticked and a quote of a ticked article backs it."""
    article = model.dataset.triples["article"]
    return {
        key
        for key, edge in model.edges.iterrows()
        if (relations is None or edge["relation"] in relations)
        and (articles is None or any(article[row] in articles for row in edge["rows"]))
    }


@pytest.mark.parametrize(
    ("relations", "articles"),
    [
        pytest.param(None, None, id="everything"),
        pytest.param(("meets",), None, id="one-type"),
        pytest.param((), None, id="no-type"),
        pytest.param(None, (CASPIAN.name,), id="one-article"),
        pytest.param(None, (), id="no-article"),
        pytest.param(("meets", "signs_agreement"), (SEED.name,), id="both"),
    ],
)
def test_filt001_passing_edges_by_type_and_article(corpus_model, relations, articles):
    state = state_of(relations, articles=articles)
    passing = passing_edges(corpus_model, state)
    assert set(corpus_model.edges.index[passing]) == expected_edges(
        corpus_model, relations, articles
    )


def test_filt002_every_type_or_article_listed_is_no_filter(corpus_model):
    every = state_of(corpus_model.dataset.relations.index, articles=corpus_model.dataset.datasets)
    assert passing_edges(corpus_model, every).all()
    assert passing_triples(corpus_model, every).all()
    assert shown_articles(corpus_model, every) == list(corpus_model.dataset.datasets)
    assert shown_relations(corpus_model, state_of()) == list(corpus_model.dataset.relations.index)


@pytest.mark.parametrize(("actor", "steps"), [("iran", 1), ("tass", 2), ("ukraine", 1)])
def test_filt003_focus_keeps_the_neighbourhood_through_what_passes(seed_model, actor, steps):
    relations = ("accuses", "supplies_weapons", "meets")
    state = state_of(relations, actor=actor, focus=steps)
    visible = seed_model.edges[seed_model.edges["relation"].isin(relations)]
    near = neighbourhood(visible, actor, steps)
    expected = visible[visible["source"].isin(near) & visible["target"].isin(near)]
    assert set(seed_model.edges.index[passing_edges(seed_model, state)]) == set(expected.index)
    # without the focus, the same filter lets every visible edge through
    assert passing_edges(seed_model, state, focus=False).sum() == len(visible)


def test_filt004_a_focus_without_an_actor_filters_nothing(seed_model):
    assert passing_edges(seed_model, state_of(focus=2)).all()
    assert passing_edges(seed_model, state_of(actor="atlantis", focus=1)).all()


@pytest.mark.parametrize(
    "state",
    [
        state_of(),
        state_of(("meets", "accuses")),
        state_of(articles=(CASPIAN.name,)),
        state_of(("meets",), articles=(SEED.name,), actor="russia", focus=1),
        state_of(actor="iran", focus=2),
    ],
    ids=["all", "types", "article", "all-filters", "focus"],
)
def test_filt005_a_quote_passes_exactly_when_its_article_and_edge_do(corpus_model, state):
    """The table (quotes) and the graph (edges) cannot disagree: a quote passes if its article
    is shown and its edge is drawn."""
    triples = corpus_model.dataset.triples
    edges = set(corpus_model.edges.index[passing_edges(corpus_model, state)])
    expected = [
        row
        for row in triples.index
        if corpus_model.edge_of(row) in edges
        and (state.articles is None or triples.at[row, "article"] in state.articles)
    ]
    assert list(triples.index[passing_triples(corpus_model, state)]) == expected


def test_filt006_article_rows(corpus_model):
    triples = corpus_model.dataset.triples
    rows = list(triples.index[:5]) + list(triples.index[-5:])
    kept = article_rows(corpus_model, state_of(articles=(SEED.name,)), rows)
    assert kept == [r for r in rows if triples.at[r, "article"] == SEED.name]
    assert article_rows(corpus_model, state_of(), rows) == rows
    assert article_rows(corpus_model, state_of(articles=()), rows) == []
