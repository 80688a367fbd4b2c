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
        (ViewState(layout="shell", focus="2", size="betweenness", isolated="hide", actor="pakistan"),
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
        ("?actor=atlantis&focus=1", ViewState(focus="1")),
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
