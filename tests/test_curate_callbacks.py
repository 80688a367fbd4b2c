"""The pure parts of curate mode's callbacks: what a change says, which relation types stay
ticked, which edge a saved row lands in, what the form shows for a selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.curate.callbacks import (
    CuratedModels,
    actor_submission,
    edge_of_triple,
    form_fields,
    perform,
    relation_filter_value,
    relation_slug,
    triple_at,
    type_submission,
)
from dashboard.curate.edits import (
    Actor,
    AddActor,
    AddAlias,
    AddRelationType,
    AddTriple,
    EditActor,
    EditError,
    RelationType,
    Triple,
)
from dashboard.curate.store import Conflict, Refused, Store
from dashboard.dataset import Problem


def test_ccb001_perform_turns_refusals_into_messages_and_writes_nothing(seed_copy):
    store = Store.open(seed_copy)
    before = (seed_copy / "triples.csv").read_bytes()
    twice = Triple("iran", "meets", "russia", "Iran and Russia")  # found 8 times
    outcome = perform(lambda: store.apply(AddTriple(twice), store.version))
    assert not outcome.ok and outcome.message.startswith("Not saved: triples.csv:")
    assert "occurs" in outcome.message and str(seed_copy) not in outcome.message
    assert (seed_copy / "triples.csv").read_bytes() == before

    stale = perform(lambda: store.apply(AddAlias("iran", "Persia"), "an old version"))
    assert not stale.ok and stale.conflict and "Reload" in stale.message

    missing = perform(lambda: store.apply(AddAlias("nobody", "x"), store.version))
    assert not missing.ok and missing.message.startswith("Not saved: ")

    nothing = perform(lambda: store.undo(store.version), "undo")
    assert (nothing.ok, nothing.message) == (False, "Nothing to undo.")

    done = perform(lambda: store.apply(AddAlias("iran", "Persia"), store.version))
    assert done.ok and done.message == "Added the alias 'Persia' to iran."


@pytest.mark.parametrize(
    ("error", "ok", "conflict"),
    [
        (Conflict(["triples.csv"]), False, ("triples.csv",)),
        (Refused([Problem(Path("/x/actors.csv"), 2, "id", "bad")]), False, ()),
        (EditError("gone"), False, ()),
    ],
)
def test_ccb002_perform_names_each_refusal(error, ok, conflict):
    def step():
        raise error

    outcome = perform(step)
    assert (outcome.ok, outcome.conflict) == (ok, conflict)
    if isinstance(error, Refused):
        assert outcome.message == "Not saved: actors.csv:2: column 'id': bad"


def test_ccb003_a_bug_is_not_swallowed():
    def step():
        raise KeyError("a bug")

    with pytest.raises(KeyError):
        perform(step)


def test_ccb004_relation_filter_keeps_what_was_ticked_and_ticks_new_types():
    known = [{"value": "meets"}, {"value": "visits"}]
    assert relation_filter_value(["meets", "visits", "trades"], ["visits"], known) == [
        "visits",
        "trades",
    ]
    assert relation_filter_value(["meets"], ["meets", "deleted"], known) == ["meets"]


def test_ccb005_a_saved_row_selects_its_edge_undirected_ends_in_order(seed_model):
    # signs_agreement is undirected: russia-iran is drawn as iran/…/russia.
    triple = Triple("russia", "signs_agreement", "iran", "q")
    assert edge_of_triple(seed_model, triple) == "iran/signs_agreement/russia/stated"
    assert edge_of_triple(seed_model, Triple("iran", "meets", "nobody", "q")) is None
    assert edge_of_triple(seed_model, Triple("iran", "no-such-type", "russia", "q")) is None


def test_ccb006_form_fields_guess_source_and_target_from_the_mentions(seed_dataset):
    quote = "Iranian President Masoud Pezeshkian arrived in Moscow"
    start = seed_dataset.article.index(quote)
    fields = form_fields(seed_dataset, start, start + len(quote))
    assert fields["quote"] == quote
    assert (fields["source"], fields["target"]) == ("iran", "masoud-pezeshkian")
    assert fields["named"] == "Named here: Iran, Masoud Pezeshkian, Russia"
    assert fields["warning"] == ""
    plain = form_fields(seed_dataset, 0, 3)
    assert plain["source"] is None and "No actor is named here" in plain["named"]


def test_ccb007_rows_are_named_as_the_file_holds_them(seed_copy):
    path = seed_copy / "triples.csv"
    text = path.read_text(encoding="utf-8")
    header, first, rest = text.split("\n", 2)
    path.write_text(f"{header}\n{first.replace(',stated,', ',stated , ', 1)}\n{rest}", "utf-8")
    store = Store.open(seed_copy)
    assert store.dataset.triples.at[0, "certainty"] == "stated"  # the loader trims
    assert triple_at(store, 0).certainty == "stated "  # as the file holds it: the store finds it
    assert triple_at(store, len(store.draft.triples)) is None
    assert triple_at(store, True) is None


def test_ccb008_the_model_follows_the_store(seed_copy):
    store = Store.open(seed_copy)
    models = CuratedModels(store)
    first = models.current
    assert models.current is first  # built once per version
    store.apply(AddAlias("iran", "Persia"), store.version)
    assert models.current is not first
    assert "Persia" in models.current.dataset.actors.at["iran", "aliases"]


def test_ccb009_relation_ids_in_the_taxonomys_style():
    assert relation_slug("Trades with") == "trades_with"
    assert relation_slug("  ") == ""


def test_ccb010_the_actor_form_asks_for_a_new_actor_or_an_actors_new_cells():
    new = actor_submission({"mode": "add", "for": "source"}, "  North Korea ", "state",
                           "DPRK\nNorth Korea\nPyongyang", "A state.")  # fmt: skip
    assert new.edit == AddActor(
        Actor("north-korea", "North Korea", "state", ("DPRK", "Pyongyang"), "A state.")
    )  # the name is not its own alias
    assert new.after == {"pick": {"for": "source", "actor": "north-korea"}} and not new.problem
    old = {"id": "iran", "name": "Iran", "kind": "state", "aliases": ["Tehran"], "description": ""}
    edited = actor_submission({"mode": "edit", "old": old}, "Islamic Republic of Iran", "state",
                              "Tehran\nIran", "")  # fmt: skip
    assert edited.edit == EditActor(
        Actor("iran", "Iran", "state", ("Tehran",)),
        Actor("iran", "Islamic Republic of Iran", "state", ("Tehran", "Iran")),
    )
    assert edited.after == {"select": {"kind": "actor", "id": "iran"}}


@pytest.mark.parametrize(
    ("state", "name", "kind", "problem"),
    [
        (None, "Iran", "state", "Open the form again."),
        ({"mode": "add"}, "   ", "state", "Type the actor's name."),
        ({"mode": "add"}, "Iran", None, "Choose its kind."),
        ({"mode": "add"}, "!!!", "state", "The name needs a letter or a digit for its id."),
        ({"mode": "edit", "old": "iran"}, "Iran", "state", "Open the form again."),
        ({"mode": "edit", "old": {"id": "iran", "colour": "red"}}, "Iran", "state",
         "Open the form again."),
    ],
)  # fmt: skip
def test_ccb011_an_incomplete_actor_form_says_what_is_missing(state, name, kind, problem):
    wanted = actor_submission(state, name, kind, "", "")
    assert wanted.edit is None and wanted.problem == problem


def test_ccb012_the_type_form_asks_for_a_new_type_or_says_what_is_missing():
    wanted = type_submission(" Trades oil with ", "cooperative", "9", [], "Barter.")
    assert wanted.edit == AddRelationType(
        RelationType("trades_oil_with", "Trades oil with", "cooperative", "", False, "Barter.")
    )  # an unknown QuadClass is none; an empty checklist is undirected
    assert wanted.after == {"relation": "trades_oil_with"}
    assert type_submission("", "cooperative", "", [], "").problem == (
        "Type a label, as it reads between two names."
    )
    assert type_submission("Trades", "friendly", "", [], "").problem == "Choose its polarity."


def test_ccb013_every_curate_write_of_the_selection_asks_for_the_graph_again(seed_copy):
    """Curate mode changes the model under the page, then writes the selection (an edit, undo,
    redo, laying out again): a small figure's selection alone the browser's gate keeps from the
    server (callbacks/network.py), so each such callback writes REDRAW too, or the graph would
    keep drawing the old model."""
    from dashboard import ids as read_ids
    from dashboard.curate.app import create_curate_app

    client = create_curate_app(Store.open(seed_copy)).server.test_client()
    read_only = {read_ids.TABLE, read_ids.ADDRESS_READ}  # a table row, the address: no edit
    writers = [
        d["output"]
        for d in client.get("/_dash-dependencies").get_json()
        if not d.get("clientside_function") and f"{read_ids.SELECTION}.data" in d["output"]
        and not read_only & {i["id"] for i in d["inputs"]}
    ]  # fmt: skip
    assert len(writers) == 2, writers  # the change that follows every edit, and lay out again
    assert all(f"{read_ids.REDRAW}.data" in output for output in writers), writers
