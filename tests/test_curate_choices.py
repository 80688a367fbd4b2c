"""The curate form's choices: the quote a selection stands for, the actors offered first, the
near-duplicates of a new actor, the relation keys, the aliases typed, the to-do list."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.curate.choices import (
    actor_choices,
    fold_name,
    mentioned_actors,
    near_duplicates,
    occurrences,
    parse_aliases,
    quote_span,
    quote_warning,
    relation_choices,
    relation_shortcuts,
    todo_items,
)
from dashboard.curate.edits import Actor, AddActor, MarkUncited, Uncited
from dashboard.curate.new import Metadata, new_dataset
from dashboard.curate.store import Store
from tests.conftest import SEED


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (0, 4, (0, 4)),  # "Iran"
        (4, 15, (5, 15)),  # " met Russia" -> white space trimmed
        (15, 18, (15, 16)),  # ".  " -> "."
        (16, 18, None),  # white space only
        (-1, 4, None),
        (5, 99, None),
        (4, 4, None),
        ("0", 4, None),
        (True, 4, None),
    ],
)
def test_cho001_quote_span_trims_and_refuses_what_is_not_a_span(start, end, expected):
    article = "Iran met Russia.  Then"
    assert quote_span(article, start, end) == expected


def test_cho002_offsets_are_code_points_so_the_quote_is_the_articles_text():
    article = "Emoji 🙂 first. Iran met Russia."
    start = article.index("Iran")
    span = quote_span(article, start, start + len("Iran met Russia"))
    assert article[span[0] : span[1]] == "Iran met Russia"


def test_cho003_a_quote_found_twice_is_warned_about_and_once_is_not():
    article = "the talks and the talks ended"
    assert occurrences(article, "the talks") == 2
    assert occurrences("aaa", "aa") == 2  # overlapping places count: the validator's rule
    assert "occurs 2 times" in quote_warning(article, 0, 9)
    assert quote_warning(article, 14, 29) is None


def test_cho004_actors_named_in_the_selection_come_first_in_order_of_mention(seed_dataset):
    article = seed_dataset.article
    quote = "Iranian President Masoud Pezeshkian arrived in Moscow"
    start = article.index(quote)
    named = mentioned_actors(seed_dataset, start, start + len(quote))
    assert named == ["iran", "masoud-pezeshkian", "russia"]
    options = actor_choices(seed_dataset.actors, named)
    assert [o["value"] for o in options[:3]] == named
    assert options[0]["label"] == "Iran · named here"
    rest = [o["label"] for o in options[3:]]
    assert rest == sorted(rest, key=str.casefold) and len(options) == len(seed_dataset.actors)
    assert "Tehran" in options[0]["search"]  # found by an alias too


def test_cho005_unknown_ids_in_first_are_ignored(seed_dataset):
    options = actor_choices(seed_dataset.actors, ["nobody", "iran", "iran"])
    assert [o["value"] for o in options].count("iran") == 1
    assert options[0]["value"] == "iran"


ACTORS = pd.DataFrame(
    {
        "name": ["Iran", "United States", "Türkiye", "the West"],
        "aliases": [("Tehran", "Iranian"), ("the U.S.",), (), ("Western powers",)],
    },
    index=["iran", "united-states", "turkiye", "the-west"],
)


@pytest.mark.parametrize(
    ("names", "expected", "same"),
    [
        (["IRAN"], ["iran"], True),
        (["The U.S."], ["united-states"], True),
        (["Turkiye"], ["turkiye"], True),  # accents set aside
        (["West"], ["the-west"], True),  # a leading "the" set aside
        (["Irann"], ["iran"], False),  # one letter off
        (["Western power"], ["the-west"], False),
        (["New actor", "Tehran"], ["iran"], True),  # an alias of the new actor counts too
        (["Russia"], [], None),
        (["", "  "], [], None),
    ],
)
def test_cho006_near_duplicates(names, expected, same):
    found = near_duplicates(ACTORS, names)
    assert [s.actor for s in found] == expected
    if expected:
        assert found[0].same is same


def test_cho007_near_duplicates_leave_out_the_actor_being_edited():
    assert near_duplicates(ACTORS, ["Iran"], exclude="iran") == []


def test_cho008_fold_name():
    assert fold_name("  The   U.S. ") == "us"
    assert fold_name("Côte d'Ivoire") == "cote divoire"


def test_cho009_relation_keys_follow_the_taxonomy_digits_then_letters(seed_dataset):
    relations = seed_dataset.relations
    keys = relation_shortcuts(list(relations.index))
    assert list(keys.values())[:10] == list("123456789a")
    assert len(set(keys.values())) == len(keys) == len(relations)
    options = relation_choices(relations)
    assert options[0]["label"] == f"1 · {relations['label'].iloc[0]}"
    many = relation_shortcuts([f"r{n}" for n in range(40)])
    assert len(many) == 35  # no key for the rest, rather than a repeated one


def test_cho010_aliases_one_per_line_or_by_bars():
    assert parse_aliases("Tehran\n Iranian | Persia\n\nTehran") == ("Tehran", "Iranian", "Persia")
    assert parse_aliases(None) == ()


@pytest.fixture
def two_actors(tmp_path):
    """The seed's article as a new dataset with Iran and Russia defined and no row."""
    folder = tmp_path / "treaty"
    new_dataset(folder, SEED / "article.txt", Metadata(title="T"))
    store = Store.open(folder)
    store.apply(AddActor(Actor("iran", "Iran", "state", ("Iranian",))), store.version)
    store.apply(AddActor(Actor("russia", "Russia", "state", ("Moscow",))), store.version)
    return store.dataset


def test_cho011_todo_items_are_the_sentences_naming_two_actors_that_no_row_cites(two_actors):
    items = todo_items(two_actors)
    assert [i.sentence for i in items][:4] == [1, 4, 6, 8]
    assert items[0].text == two_actors.sentences.at[1, "text"]
    assert items[0].names == ("Iran", "Russia")
    for item in items:
        assert two_actors.article[item.start : item.end] == item.text


def test_cho012_todo_items_leave_out_explained_sentences(two_actors, tmp_path):
    store = Store.open(two_actors.path)
    first = todo_items(two_actors)[0]
    store.apply(MarkUncited(Uncited(first.text, "names them only as parties")), store.version)
    assert [i.sentence for i in todo_items(store.dataset)] == [
        i.sentence for i in todo_items(two_actors)[1:]
    ]
