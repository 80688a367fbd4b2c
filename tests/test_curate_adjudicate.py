"""Settling two curations' differences in curate mode: accept a relation only B has into A,
reject one only A has, each validated, written through the store and undoable.

A is a copy of tests/data/compare/reference; B is a sibling folder of tests/data/compare/. What
must be on disk afterwards is read off those folders' CSV files by hand.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from dashboard.comparison_view import edge_side
from dashboard.curate import adjudicate
from dashboard.curate.adjudicate import ComparedModels, adjudication_list, settle
from dashboard.curate.store import Store
from dashboard.dataset import FILES, load_dataset

COMPARE = Path(__file__).parent / "data" / "compare"


@pytest.fixture
def folder_a(tmp_path: Path) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(COMPARE / "reference", folder)
    return folder


def open_pair(folder_a: Path, b: str) -> tuple[Store, ComparedModels]:
    store = Store.open(folder_a)
    return store, ComparedModels(store, load_dataset(COMPARE / b))


def test_adj001_accept_copies_bs_rows_into_a_and_undo_takes_them_back(folder_a):
    store, models = open_pair(folder_a, "directed-swap")
    before = (folder_a / "triples.csv").read_text()
    edge = "iran/accuses/united-states/stated"
    assert edge_side(models.current, edge) == "b"
    outcome = settle(store, models, edge, "accept", store.version)
    assert outcome.ok, outcome.message
    after = (folder_a / "triples.csv").read_text()
    assert after.startswith(before)
    assert after[len(before) :] == (
        "iran,accuses,united-states,The United States accused Tehran,stated,misread on purpose\n"
    )
    assert edge_side(models.current, edge) == "both"  # settled: no longer a difference
    store.undo(store.version)
    assert (folder_a / "triples.csv").read_text() == before
    assert edge_side(models.current, edge) == "b"


def test_adj002_reject_deletes_as_rows_and_undo_restores_them(folder_a):
    store, models = open_pair(folder_a, "directed-swap")
    before = (folder_a / "triples.csv").read_text()
    edge = "united-states/accuses/iran/stated"
    assert edge_side(models.current, edge) == "a"
    outcome = settle(store, models, edge, "reject", store.version)
    assert outcome.ok, outcome.message
    assert "united-states,accuses,iran" not in (folder_a / "triples.csv").read_text()
    assert edge not in models.current.edges.index  # in neither curation now
    store.undo(store.version)
    assert (folder_a / "triples.csv").read_text() == before


def files_of(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def test_adj003_an_actor_a_lacks_is_added_first_and_one_undo_takes_all_back(folder_a):
    # ambiguous/: "persia" fits two of A's actors by name, so it is B's own actor
    store, models = open_pair(folder_a, "ambiguous")
    before = files_of(folder_a)
    edge = "persia/signs_agreement/russia/stated"
    assert edge_side(models.current, edge) == "b"
    outcome = settle(store, models, edge, "accept", store.version)
    assert outcome.ok, outcome.message
    assert "(1 row and an actor)" in outcome.message
    assert "persia,Persia,state,IRAN," in (folder_a / "actors.csv").read_text()
    assert "persia,signs_agreement,russia" in (folder_a / "triples.csv").read_text()
    assert len(store.history) == 1  # the actor and the row: one change
    store.undo(store.version)
    assert files_of(folder_a) == before  # byte for byte, every file
    assert not store.can_undo
    store.redo(store.version)
    assert edge_side(models.current, edge) == "both"


def test_adj004_a_type_a_lacks_is_added_first_and_one_undo_takes_all_back(folder_a):
    store, models = open_pair(folder_a, "unknown-type")
    before = files_of(folder_a)
    edge = "russia/threatens/ukraine/alleged"
    outcome = settle(store, models, edge, "accept", store.version)
    assert outcome.ok, outcome.message
    assert "\nthreatens," in (folder_a / "relations.csv").read_text()
    assert edge_side(models.current, edge) == "both"
    assert len(store.history) == 1
    store.undo(Store.open(folder_a).version)  # the version as a reloaded page knows it
    assert files_of(folder_a) == before


def test_adj009_a_type_only_b_has_without_a_quad_class_is_added_with_none(folder_a, tmp_path):
    b = tmp_path / "unknown-type"
    shutil.copytree(COMPARE / "unknown-type", b)
    relations = b / "relations.csv"
    relations.write_text(
        relations.read_text().replace(
            "threatens,threatens,conflictual,3,", "threatens,threatens,conflictual,,"
        )
    )
    store = Store.open(folder_a)
    models = ComparedModels(store, load_dataset(b))
    outcome = settle(store, models, "russia/threatens/ukraine/alleged", "accept", store.version)
    assert outcome.ok, outcome.message
    assert "\nthreatens,threatens,conflictual,,true," in (folder_a / "relations.csv").read_text()


def test_adj008_a_settlement_refused_as_a_whole_writes_nothing(folder_a, monkeypatch):
    store, models = open_pair(folder_a, "ambiguous")
    before = files_of(folder_a)
    edge = "persia/signs_agreement/russia/stated"
    # B's row, as A would get it, with a quote the article does not hold: the actor is fine,
    # the row is not, so the whole settlement is refused.
    real = adjudicate.accept_edits

    def spoiled(model, edge):
        edits = real(model, edge)
        last = edits[-1]
        return [*edits[:-1], replace(last, triple=replace(last.triple, quote="not in it"))]

    monkeypatch.setattr(adjudicate, "accept_edits", spoiled)
    outcome = settle(store, models, edge, "accept", store.version)
    assert not outcome.ok and "is not in article.txt" in outcome.message
    assert files_of(folder_a) == before
    assert not store.can_undo


def test_adj005_a_settled_or_unknown_difference_writes_nothing(folder_a):
    store, models = open_pair(folder_a, "directed-swap")
    version = store.version
    assert not settle(store, models, "china/meets/russia/stated", "accept", version).ok
    assert not settle(store, models, "iran/accuses/united-states/stated", "reject", version).ok
    assert not settle(store, models, "nonsense", "accept", version).ok
    assert not settle(store, models, ["x"], "accept", version).ok
    assert store.version == version and not store.can_undo


def test_adj006_a_stale_page_is_a_conflict(folder_a):
    store, models = open_pair(folder_a, "directed-swap")
    version = store.version
    path = folder_a / "triples.csv"
    path.write_text(path.read_text() + "china,meets,russia,China met Russia in Beijing,stated,\n")
    outcome = settle(store, models, "iran/accuses/united-states/stated", "accept", version)
    assert not outcome.ok and outcome.conflict


def test_adj007_the_list_has_one_button_per_difference(folder_a):
    store, models = open_pair(folder_a, "directed-swap")
    text = str(adjudication_list(models.current))
    assert text.count("'action': 'accept'") == 2
    assert text.count("'action': 'reject'") == 2
    settle(store, models, "iran/accuses/united-states/stated", "accept", store.version)
    text = str(adjudication_list(models.current))
    assert text.count("'action': 'accept'") == 1


def test_adj010_the_compare_page_heads_its_evidence_column_with_the_differences(folder_a):
    from dash import html

    from dashboard.curate.app import create_curate_app
    from tests.test_curate_page import walk

    store = Store.open(folder_a)
    page = create_curate_app(store, compare=load_dataset(COMPARE / "directed-swap")).layout()
    column = next(c for c in walk(page) if "panel-column" in str(getattr(c, "className", "")))
    first = column.children[0]
    assert isinstance(first, html.Section) and first.id == adjudicate.ADJUDICATION
    assert "Differences to settle (4)" in str(first.children)
    # Alone, curate has no such list anywhere on its page.
    alone = create_curate_app(store).layout()
    assert all(getattr(c, "id", None) != adjudicate.ADJUDICATION for c in walk(alone))


def test_adj011_a_relations_rows_are_every_certainty_and_both_orders_of_one_curation(
    folder_a, tmp_path
):
    folder_b = tmp_path / "b"
    shutil.copytree(COMPARE / "reference", folder_b)
    with (folder_b / "triples.csv").open("a", encoding="utf-8") as f:
        f.write(
            "china,meets,iran,China met Russia in Beijing,stated,\n"  # B's row 6
            "iran,accuses,united-states,accused Tehran,stated,\n"  # 7: the reverse of A's row 2
            "iran,meets,china,in Beijing,stated,\n"  # 8: the same undirected relation, swapped
            "iran,meets,china,China met,alleged,\n"  # 9: and with another certainty
        )
    models = ComparedModels(Store.open(folder_a), load_dataset(folder_b))
    model = models.current
    # A's six rows come first in the union (labels 0-5); B's row n is the union's 6 + n.
    assert adjudicate.relation_rows(model, "china/meets/iran/stated", "b") == [12, 14, 15]
    assert adjudicate.relation_rows(model, "china/meets/iran/alleged", "b") == [12, 14, 15]
    assert adjudicate.relation_rows(model, "china/meets/iran/stated", "a") == []
    # A directed relation's rows are those in its direction only.
    assert adjudicate.relation_rows(model, "iran/accuses/united-states/stated", "b") == [13]
    assert adjudicate.relation_rows(model, "united-states/accuses/iran/stated", "a") == [2]
    assert adjudicate.relation_rows(model, "united-states/accuses/iran/stated", "b") == [8]
