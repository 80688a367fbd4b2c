"""The view in the address bar: to_query and from_query, and what an odd address does."""

from __future__ import annotations

import pytest

from dashboard.state import ViewState, from_query, to_query


@pytest.mark.parametrize(
    ("state", "query"),
    [
        (ViewState(), ""),
        (ViewState(actor="iran"), "?actor=iran"),
        (ViewState(edge="iran/supplies_weapons/russia/alleged"), "?edge=iran/supplies_weapons/russia/alleged"),
        (ViewState(relations=("meets", "accuses")), "?relations=meets,accuses"),
        (ViewState(relations=()), "?relations="),
        (ViewState(layout="shell", focus=2, size="betweenness", isolated="hide", actor="pakistan"),
         "?layout=shell&focus=2&size=betweenness&isolated=hide&actor=pakistan"),
    ],
)  # fmt: skip
def test_state001_round_trip(seed_model, state, query):
    assert to_query(seed_model, state) == query
    expected = state
    if state.relations is not None:  # the taxonomy's order, whatever order was asked
        order = list(seed_model.dataset.relations.index)
        expected = ViewState(
            **{**state.__dict__, "relations": tuple(sorted(state.relations, key=order.index))}
        )
    assert from_query(seed_model, query) == expected


def test_state002_every_relation_is_the_default(seed_model):
    every = tuple(seed_model.dataset.relations.index)
    assert to_query(seed_model, ViewState(relations=every)) == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?actor=atlantis&focus=1", ViewState(focus=1)),
        ("?layout=spiral&size=height&isolated=maybe&focus=9", ViewState()),
        ("?relations=meets,nonsense", ViewState(relations=("meets",))),
        ("?edge=a/b/c/d", ViewState()),
        ("?actor=iran&edge=iran/supplies_weapons/russia/alleged", ViewState(actor="iran")),
        ("?actor=iran&actor=russia", ViewState(actor="iran")),
        ("?%ff%fe=%00&actor=<script>", ViewState()),
        ("?" + "&".join(f"k{n}=v" for n in range(50)), ViewState()),
        ("actor=iran", ViewState(actor="iran")),
        (None, ViewState()),
    ],
    ids=["unknown-actor", "unknown-values", "some-unknown-relation", "unknown-edge",
         "actor-wins", "first-wins", "garbage", "too-many-fields", "no-question-mark", "none"],
)  # fmt: skip
def test_state003_unknown_values_are_ignored_and_the_rest_applies(seed_model, query, expected):
    assert from_query(seed_model, query) == expected


# The tab and the articles


@pytest.fixture(scope="module")
def corpus_model(tmp_path_factory):
    from dashboard.corpus import load_corpus
    from dashboard.graph import NetworkModel
    from tests.test_corpus import two_articles

    return NetworkModel.from_dataset(load_corpus(two_articles(tmp_path_factory.mktemp("c"))))


@pytest.mark.parametrize(
    ("state", "query"),
    [
        (ViewState(tab="article"), "?tab=article"),
        (ViewState(tab="table", actor="iran"), "?tab=table&actor=iran"),
        (ViewState(tab="graph"), ""),
        (ViewState(focus=1, tab="table", edge="iran/supplies_weapons/russia/alleged"),
         "?focus=1&tab=table&edge=iran/supplies_weapons/russia/alleged"),
    ],
)  # fmt: skip
def test_state004_tab_round_trip(seed_model, state, query):
    assert to_query(seed_model, state) == query
    assert from_query(seed_model, query) == state


@pytest.mark.parametrize(
    ("state", "query"),
    [
        (ViewState(articles=("caspian-gas-talks",)), "?articles=caspian-gas-talks"),
        (ViewState(articles=("iran-russia-treaty",), tab="article"),
         "?articles=iran-russia-treaty&tab=article"),
        (ViewState(articles=()), "?articles="),
        (ViewState(articles=None), ""),
        (ViewState(relations=("meets",), articles=("caspian-gas-talks",)),
         "?relations=meets&articles=caspian-gas-talks"),
    ],
)  # fmt: skip
def test_state005_articles_round_trip(corpus_model, state, query):
    assert to_query(corpus_model, state) == query
    assert from_query(corpus_model, query) == state


def test_state006_every_article_is_the_default(corpus_model, seed_model):
    every = tuple(corpus_model.dataset.datasets)
    assert to_query(corpus_model, ViewState(articles=every)) == ""
    assert to_query(seed_model, ViewState(articles=("iran-russia-treaty",))) == ""


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?tab=chart", ViewState()),
        ("?tab=Table", ViewState()),
        ("?tab=", ViewState()),
        ("?tab=table&tab=article", ViewState(tab="table")),
        ("?articles=atlantis,caspian-gas-talks", ViewState(articles=("caspian-gas-talks",))),
        ("?articles=iran-russia-treaty,caspian-gas-talks",
         ViewState(articles=("caspian-gas-talks", "iran-russia-treaty"))),
        ("?articles=caspian-gas-talks&tab=nonsense&actor=azerbaijan",
         ViewState(articles=("caspian-gas-talks",), actor="azerbaijan")),
    ],
    ids=["unknown-tab", "tab-case", "empty-tab", "first-tab-wins", "unknown-article",
         "corpus-order", "rest-applies"],
)  # fmt: skip
def test_state007_unknown_tab_or_article_is_ignored(corpus_model, query, expected):
    assert from_query(corpus_model, query) == expected


@pytest.mark.parametrize(
    ("state", "query"),
    [
        (ViewState(), "?tab=graph"),
        (ViewState(actor="iran"), "?tab=graph&actor=iran"),
        (ViewState(tab="article"), "?tab=article"),
        (ViewState(tab="table", focus=2), "?focus=2&tab=table"),
    ],
)
def test_state008_tab_always_writes_the_tab(seed_model, state, query):
    assert to_query(seed_model, state, tab_always=True) == query
    assert from_query(seed_model, query) == state


@pytest.mark.parametrize("query", [3, 2.5, True, [], ["?actor=iran"], {"actor": "iran"}])
def test_state009_an_address_that_is_not_text_is_the_default_view(seed_model, query):
    """The address reaches the server as a callback input: any JSON may arrive instead of text."""
    assert from_query(seed_model, query) == ViewState()


# The controls


def test_state010_controls_name_the_view_and_the_selection():
    from dataclasses import fields

    from dashboard.state import CONTROLS

    view = {f.name for f in fields(ViewState)} - {"actor", "edge"}
    assert set(CONTROLS) == view | {"selection"}
    assert len({where for where in CONTROLS.values()}) == len(CONTROLS)


@pytest.mark.parametrize(
    "state",
    [
        ViewState(),
        ViewState(relations=("meets",), focus=2, size="degree", isolated="hide", actor="iran"),
        ViewState(relations=(), layout="shell", edge="iran/supplies_weapons/russia/alleged"),
        ViewState(focus=1, tab="table"),
    ],
    ids=["defaults", "actor", "edge", "table"],
)  # fmt: skip
def test_state011_controls_round_trip(seed_model, state):
    from dashboard.state import from_controls, to_controls

    values = to_controls(seed_model, state)
    assert values["focus"] in ("all", "1", "2")  # the radio's own values
    assert from_controls(seed_model, values) == state


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({}, ViewState()),
        ({"relations": ["meets", 3, ["accuses"]], "focus": 2, "size": None},
         ViewState(relations=("meets",))),
        ({"focus": "9", "layout": "spiral", "isolated": "HIDE", "tab": {"x": 1}}, ViewState()),
        ({"selection": {"kind": "actor", "id": "atlantis"}, "articles": "iran-russia-treaty"},
         ViewState(articles=())),
        ({"selection": {"kind": "sentence", "id": "sentence-1-9"}}, ViewState()),
    ],
    ids=["nothing", "odd-relations", "unknown-values", "unknown-actor", "sentence"],
)  # fmt: skip
def test_state012_from_controls_checks_every_value(seed_model, values, expected):
    from dashboard.state import from_controls

    assert from_controls(seed_model, values) == expected
