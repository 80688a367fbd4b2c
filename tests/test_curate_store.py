"""The store: the one door for writes (atomic, validated, conflict-checked, journaled)."""

from __future__ import annotations

import json
import os
import shutil
import threading
from dataclasses import replace
from pathlib import Path

import pytest

from dashboard import limits
from dashboard.curate import atomic
from dashboard.curate.edits import (
    Actor,
    AddActor,
    AddAlias,
    AddTriple,
    DeleteTriple,
    EditError,
    EditTriple,
    Group,
    MarkUncited,
    Triple,
    Uncited,
)
from dashboard.curate.journal import JOURNAL_NAME
from dashboard.curate.store import OUTSIDE_CHANGE, Conflict, Refused, Store, StoreError
from dashboard.dataset import FILES, load_dataset
from dashboard.settings import PACKAGE_DIR, SEEDS_DIR
from tests.conftest import SEED

QUOTE = "Iran and Russia signed a significant cooperation treaty on Friday at the Kremlin"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


def new_triple(note="") -> Triple:
    return Triple("iran", "meets", "russia", QUOTE, "stated", note)


def test_st001_a_change_is_written_validated_and_loads_back(seed_copy):
    store = Store.open(seed_copy)
    before = store.version
    change = store.apply(AddTriple(new_triple("<script>x</script>")), before)
    assert change.files == ("triples.csv",) and change.version == store.version != before
    loaded = load_dataset(seed_copy)
    assert loaded.triples["note"].iloc[-1] == "<script>x</script>"
    assert len(store.dataset.triples) == len(loaded.triples)
    assert Store.open(seed_copy).version == store.version  # the version is the files' hash


def test_st002_an_invalid_change_is_refused_and_nothing_is_written(seed_copy):
    store = Store.open(seed_copy)
    before = snapshot(seed_copy)
    bad = Triple("iran", "meets", "russia", "a quote that is not in the article")
    with pytest.raises(Refused) as refused:
        store.apply(AddTriple(bad), store.version)
    assert "is not in article.txt" in str(refused.value)
    assert str(refused.value.problems[0].file) == str(seed_copy.resolve() / "triples.csv")
    assert snapshot(seed_copy) == before
    assert not store.can_undo and not (seed_copy / JOURNAL_NAME).exists()


def test_st003_a_change_after_an_outside_edit_is_a_conflict_and_nothing_is_written(seed_copy):
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "Persia"), store.version)
    version = store.version
    with (seed_copy / "actors.csv").open("a", encoding="utf-8") as file:
        file.write("zed,Zed,person,,\n")  # another editor, or a git pull
    before = snapshot(seed_copy)
    with pytest.raises(Conflict) as conflict:
        store.apply(AddTriple(new_triple()), version)
    assert conflict.value.files == ["actors.csv"]
    assert snapshot(seed_copy) == before
    store.reload()
    assert "zed" in store.dataset.actors.index
    assert store.notice == OUTSIDE_CHANGE and not store.can_undo  # Persia cannot be undone now
    store.apply(AddTriple(new_triple()), store.version)  # after a reload it writes
    assert Store.open(seed_copy).notice is None  # and the journal agrees with the files


def test_st027_a_reload_with_nothing_changed_keeps_the_history(seed_copy):
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "Persia"), store.version)
    store.reload()
    assert store.notice is None and store.can_undo


def test_st004_a_stale_version_from_another_tab_is_a_conflict(seed_copy):
    store = Store.open(seed_copy)
    first = store.version
    store.apply(AddAlias("iran", "Persia"), first)
    before = snapshot(seed_copy)
    with pytest.raises(Conflict) as conflict:
        store.apply(AddTriple(new_triple()), first)
    assert conflict.value.files == ["actors.csv"]
    assert snapshot(seed_copy) == before


def test_st005_undo_and_redo_across_files_in_order(seed_copy):
    original = snapshot(seed_copy)
    store = Store.open(seed_copy)
    edits = [
        AddActor(Actor("persia", "Persia", "state")),
        AddTriple(new_triple()),
        MarkUncited(Uncited("Syria also reflects their shared interest", "named, no relation")),
    ]
    states = [snapshot(seed_copy)]
    for edit in edits:
        store.apply(edit, store.version)
        states.append(snapshot(seed_copy))
    assert [c.files for c in store.history] == [
        ("actors.csv",),
        ("triples.csv",),
        ("dataset.toml",),
    ]
    for expected in reversed(states[:-1]):
        store.undo(store.version)
        assert snapshot(seed_copy) == expected
    assert snapshot(seed_copy) == original and not store.can_undo
    assert store.undo(store.version) is None
    for expected in states[1:]:
        store.redo(store.version)
        assert snapshot(seed_copy) == expected
    assert store.redo(store.version) is None


def test_st006_a_new_change_clears_the_redo_history(seed_copy):
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "Persia"), store.version)
    store.undo(store.version)
    assert store.can_redo
    store.apply(AddAlias("iran", "Iranians"), store.version)
    assert not store.can_redo and store.can_undo


def test_st007_the_journal_survives_a_restart(seed_copy):
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "Persia"), store.version)
    store.apply(AddTriple(new_triple()), store.version)
    store.undo(store.version)
    again = Store.open(seed_copy)
    assert again.version == store.version and again.notice is None
    assert [c.summary for c in again.history] == [c.summary for c in store.history]
    assert again.can_redo
    again.redo(again.version)
    again.undo(again.version)
    again.undo(again.version)
    assert "Persia" not in (seed_copy / "actors.csv").read_text(encoding="utf-8")


def test_st008_after_an_outside_change_older_history_cannot_be_undone(seed_copy):
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "Persia"), store.version)
    (seed_copy / "triples.csv").write_text(
        (seed_copy / "triples.csv").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    again = Store.open(seed_copy)
    assert again.notice == OUTSIDE_CHANGE and not again.can_undo


def test_st009_a_journal_line_whose_write_never_happened_is_dropped(seed_copy):
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "Persia"), store.version)
    written = snapshot(seed_copy)
    # A crash after journaling the next change, before its file was replaced:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("dashboard.curate.store.write_files_atomic", _crash)
        with pytest.raises(_Crash):
            store.apply(AddAlias("iran", "Iranians"), store.version)
    assert snapshot(seed_copy) == written
    again = Store.open(seed_copy)
    assert again.notice is None and [c.summary for c in again.history] == [
        "added the alias 'Persia' to iran"
    ]


class _Crash(BaseException):
    """Stands for the process dying: no handler runs."""


def _crash(path, text):
    raise _Crash


def test_st010_a_torn_last_journal_line_is_ignored(seed_copy):
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "Persia"), store.version)
    with (seed_copy / JOURNAL_NAME).open("ab") as file:
        file.write(b'{"op": "apply", "fr')
    again = Store.open(seed_copy)
    assert again.can_undo and again.notice is None


def test_st011_a_damaged_journal_says_so_and_keeps_the_data(seed_copy):
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "Persia"), store.version)
    store.apply(AddAlias("iran", "Iranians"), store.version)
    lines = (seed_copy / JOURNAL_NAME).read_text(encoding="utf-8").splitlines()
    (seed_copy / JOURNAL_NAME).write_text("garbage\n" + "\n".join(lines) + "\n", encoding="utf-8")
    again = Store.open(seed_copy)
    assert not again.can_undo and "could not be read" in again.notice
    assert "Iranians" in (seed_copy / "actors.csv").read_text(encoding="utf-8")


def test_st012_the_journal_is_compacted_and_keeps_at_most_max_undo(seed_copy, monkeypatch):
    monkeypatch.setattr(limits, "CURATE_JOURNAL_LINES", 6)
    monkeypatch.setattr(limits, "CURATE_UNDO", 4)
    store = Store.open(seed_copy)
    for number in range(9):
        store.apply(AddAlias("iran", f"Persia {number}"), store.version)
    lines = (seed_copy / JOURNAL_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 7 and json.loads(lines[0])["op"] == "snapshot"
    again = Store.open(seed_copy)
    assert len(again.history) == 4
    monkeypatch.undo()
    assert limits.CURATE_JOURNAL_LINES > limits.CURATE_UNDO  # compaction keeps every undoable one


def test_st013_the_package_folder_is_refused_with_new_from_advice():
    for folder in (SEEDS_DIR / "iran-russia-treaty", PACKAGE_DIR):
        with pytest.raises(StoreError, match="new MY-COPY --from"):
            Store.open(folder)


def test_st014_a_folder_that_is_not_a_dataset_is_refused(tmp_path):
    with pytest.raises(StoreError, match="not a dataset folder"):
        Store.open(tmp_path)
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_path / "nope")


def test_st015_the_write_is_atomic_temp_in_the_same_folder_then_replace(seed_copy, monkeypatch):
    seen = []
    real_replace = os.replace

    def spy(source, target):
        seen.append((Path(source).parent, Path(target)))
        assert Path(source).read_bytes() != Path(target).read_bytes()  # complete before rename
        real_replace(source, target)

    monkeypatch.setattr(atomic.os, "replace", spy)
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "Persia"), store.version)
    assert seen == [(seed_copy.resolve(), seed_copy.resolve() / "actors.csv")]
    assert not list(seed_copy.glob(f"{atomic.TEMP_PREFIX}*"))


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_st016_a_failed_write_leaves_the_files_and_journal_as_they_were(
    seed_copy, monkeypatch, failing
):
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "Persia"), store.version)
    before = snapshot(seed_copy)
    journal = (seed_copy / JOURNAL_NAME).read_bytes()

    def fail(*args):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(atomic.os, failing, fail)
    with pytest.raises(OSError):
        store.apply(AddAlias("iran", "Iranians"), store.version)
    monkeypatch.undo()
    assert snapshot(seed_copy) == before
    assert (seed_copy / JOURNAL_NAME).read_bytes() == journal
    assert not list(seed_copy.glob(f"{atomic.TEMP_PREFIX}*"))
    assert [c.summary for c in store.history] == ["added the alias 'Persia' to iran"]
    store.apply(AddAlias("iran", "Iranians"), store.version)  # and the store still works
    assert len(Store.open(seed_copy).history) == 2


def test_st017_an_invalid_folder_opens_and_accepts_fixes_but_no_new_problems(seed_copy):
    triples = seed_copy / "triples.csv"
    triples.write_text(
        triples.read_text(encoding="utf-8") + "iran,meets,nobody,Iran and Russia,stated,\n",
        encoding="utf-8",
    )
    store = Store.open(seed_copy)
    assert store.dataset is None and any("nobody" in str(p) for p in store.problems)
    with pytest.raises(Refused):
        store.apply(AddTriple(Triple("iran", "meets", "russia", "not in the text")), store.version)
    broken = Triple("iran", "meets", "nobody", "Iran and Russia", "stated", "")
    store.apply(DeleteTriple(broken), store.version)
    assert store.problems == [] and store.dataset is not None


def test_st018_hostile_strings_round_trip_through_the_store(seed_copy):
    store = Store.open(seed_copy)
    hostile = '<script>alert(1)</script> **bold** [x](y) =1+2 "quoted, with commas"\nand a newline'
    store.apply(AddActor(Actor("zz", hostile.replace("\n", " "), "person", ("=1+2",), hostile)),
                store.version)  # fmt: skip
    old = store.draft.triples[0]
    store.apply(EditTriple(old, replace(old, note=hostile)), store.version)
    store.apply(
        MarkUncited(Uncited("Syria also reflects their shared interest", hostile)), store.version
    )
    loaded = load_dataset(seed_copy)
    assert loaded.actors.loc["zz", "description"] == hostile
    assert loaded.actors.loc["zz", "aliases"] == ("=1+2",)
    assert loaded.triples.loc[0, "note"] == hostile
    assert loaded.meta["uncited"][-1]["reason"] == hostile


def test_st019_edits_that_do_not_fit_raise_edit_error_and_write_nothing(seed_copy):
    store = Store.open(seed_copy)
    before = snapshot(seed_copy)
    with pytest.raises(EditError):
        store.apply(DeleteTriple(Triple("iran", "meets", "russia", "gone")), store.version)
    assert snapshot(seed_copy) == before


def test_st020_concurrent_saves_are_serialised_by_the_lock(seed_copy):
    store = Store.open(seed_copy)
    results = []

    def save(number):
        try:
            results.append(store.apply(AddAlias("iran", f"Alias {number}"), store.version))
        except Conflict:
            results.append("conflict")

    threads = [threading.Thread(target=save, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = [r for r in results if r != "conflict"]
    aliases = load_dataset(seed_copy).actors.loc["iran", "aliases"]
    assert len(saved) >= 1 and sum(a.startswith("Alias ") for a in aliases) == len(saved)
    assert len(Store.open(seed_copy).history) == len(saved)


def test_st021_never_writes_outside_the_folder(seed_copy, tmp_path):
    outside = {
        p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and seed_copy not in p.parents
    }
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "Persia"), store.version)
    store.undo(store.version)
    after = {
        p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file() and seed_copy not in p.parents
    }
    assert after == outside
    assert {p.name for p in seed_copy.iterdir()} == {*FILES, JOURNAL_NAME}


def test_st022_a_store_on_a_copy_of_the_seed_opens_it(tmp_path):
    folder = Path(shutil.copytree(SEED, tmp_path / "copy"))
    assert Store.open(folder).problems == []


def test_st023_a_journal_line_cut_short_is_removed_so_the_next_one_starts_clean(seed_copy):
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "Persia"), store.version)
    with (seed_copy / JOURNAL_NAME).open("ab") as file:
        file.write(b'{"op": "apply", "from": "x"')  # a crash mid-append, no line end
    again = Store.open(seed_copy)
    again.apply(AddAlias("iran", "Iranians"), again.version)
    third = Store.open(seed_copy)
    assert third.notice is None and len(third.history) == 2


def test_st024_listeners_hear_each_change_after_it_is_written(seed_copy):
    store = Store.open(seed_copy)
    heard = []
    store.listeners.append(
        lambda change: heard.append((change and change.summary, "Persia" in (
            seed_copy / "actors.csv").read_text(encoding="utf-8")))
    )  # fmt: skip
    store.apply(AddAlias("iran", "Persia"), store.version)
    store.undo(store.version)
    store.reload()
    assert heard == [
        ("added the alias 'Persia' to iran", True),
        ("undid: added the alias 'Persia' to iran", False),
        (None, False),
    ]


@pytest.mark.parametrize(
    ("actor", "says"),
    [
        (Actor("zz", "Bad\x00name", "person"), "control character U+0000"),
        (Actor("zz", "Many", "person", tuple(f"alias {n}" for n in range(201))), "at most 200"),
        (Actor("ZZ top", "Name", "person"), "is not a slug"),
        (Actor("zz", "Name", "wizard"), "'wizard' is not allowed"),
    ],
)
def test_st025_the_loaders_limits_apply_to_what_is_typed(seed_copy, actor, says):
    store = Store.open(seed_copy)
    before = snapshot(seed_copy)
    with pytest.raises(Refused) as refused:
        store.apply(AddActor(actor), store.version)
    assert says in str(refused.value)
    assert snapshot(seed_copy) == before


def test_st026_a_file_deleted_outside_is_a_conflict_then_a_problem(seed_copy):
    store = Store.open(seed_copy)
    (seed_copy / "triples.csv").unlink()
    with pytest.raises(Conflict) as conflict:
        store.apply(AddAlias("iran", "Persia"), store.version)
    assert conflict.value.files == ["triples.csv"]
    store.reload()
    assert any("triples.csv" in str(p) and "file not found" in str(p) for p in store.problems)
    with pytest.raises(EditError, match="cannot be read"):
        store.apply(AddAlias("iran", "Persia"), store.version)
    assert not (seed_copy / "triples.csv").exists()


# Grouped changes: several edits, several files, one step of history.


def accept_group() -> Group:
    """What accepting a relation in adjudication makes: an actor, then its row."""
    persia = Actor("persia", "Persia", "state", ("the Persians",))
    return Group((AddActor(persia), AddTriple(Triple("persia", "meets", "russia", QUOTE))),
                 "accepted into A: Persia meets Russia")  # fmt: skip


def test_st028_a_group_is_one_change_and_one_undo_restores_every_file_byte_for_byte(seed_copy):
    store = Store.open(seed_copy)
    before = snapshot(seed_copy)
    change = store.apply(accept_group(), store.version)
    assert change.files == ("actors.csv", "triples.csv")
    after = snapshot(seed_copy)
    assert b"persia,Persia,state,the Persians," in after["actors.csv"]
    assert after["triples.csv"].endswith(b"persia,meets,russia," + QUOTE.encode() + b",stated,\n")
    assert [c.summary for c in store.history] == ["accepted into A: Persia meets Russia"]
    undone = store.undo(store.version)
    assert undone.summary == "undid: accepted into A: Persia meets Russia"
    assert snapshot(seed_copy) == before and not store.can_undo
    store.redo(store.version)
    assert snapshot(seed_copy) == after
    reopened = Store.open(seed_copy)  # the journal holds it as one step after a restart too
    assert len(reopened.history) == 1
    reopened.undo(reopened.version)
    assert snapshot(seed_copy) == before


def test_st029_a_group_is_validated_as_a_whole_and_refused_whole(seed_copy):
    store = Store.open(seed_copy)
    # Its row before its actor: invalid half-way, valid as a whole.
    persia = Actor("persia", "Persia", "state")
    row = Triple("persia", "meets", "russia", QUOTE)
    store.apply(Group((AddTriple(row), AddActor(persia))), store.version)
    assert "persia" in load_dataset(seed_copy).actors.index
    store.undo(store.version)
    before = snapshot(seed_copy)
    journal = (seed_copy / JOURNAL_NAME).read_bytes()
    bad = Triple("persia", "meets", "russia", "not a sentence of the article")
    with pytest.raises(Refused, match=r"is not in article\.txt"):
        store.apply(Group((AddActor(persia), AddTriple(bad))), store.version)
    assert snapshot(seed_copy) == before  # not even the actor
    assert (seed_copy / JOURNAL_NAME).read_bytes() == journal


def test_st030_a_crash_after_a_groups_commit_point_is_finished_on_the_next_start(
    seed_copy, tmp_path, monkeypatch
):
    # The oracle: the same group made without a crash, on another copy.
    other = tmp_path / "other"
    shutil.copytree(seed_copy, other)
    Store.open(other).apply(accept_group(), Store.open(other).version)
    expected = snapshot(other)

    store = Store.open(seed_copy)
    before = snapshot(seed_copy)

    def crash(folder):
        raise _Crash

    monkeypatch.setattr(atomic, "finish_pending", crash)  # dies right after the commit point
    with pytest.raises(_Crash):
        store.apply(accept_group(), store.version)
    monkeypatch.undo()
    assert snapshot(seed_copy) == before  # nothing renamed yet
    assert (seed_copy / atomic.PENDING_NAME).exists()
    reopened = Store.open(seed_copy)
    assert snapshot(seed_copy) == expected
    assert reopened.notice is None and len(reopened.history) == 1
    assert not list(seed_copy.glob(".curate-*"))
    reopened.undo(reopened.version)
    assert snapshot(seed_copy) == before


def test_st031_a_crash_before_a_groups_commit_point_leaves_every_file_as_it_was(
    seed_copy, monkeypatch
):
    store = Store.open(seed_copy)
    store.apply(AddAlias("iran", "the Iranians"), store.version)
    before = snapshot(seed_copy)
    real = atomic.write_atomic

    def crash(path, text):
        if Path(path).name == atomic.PENDING_NAME:
            raise _Crash
        real(path, text)

    monkeypatch.setattr(atomic, "write_atomic", crash)  # dies before the list of renames
    monkeypatch.setattr(atomic.Path, "unlink", lambda *a, **k: None)  # and cleans nothing up
    with pytest.raises(_Crash):
        store.apply(accept_group(), store.version)
    monkeypatch.undo()
    assert list(seed_copy.glob(f"{atomic.TEMP_PREFIX}*"))  # the new files, never renamed
    reopened = Store.open(seed_copy)
    assert snapshot(seed_copy) == before
    assert not list(seed_copy.glob(".curate-*"))
    assert reopened.notice is None  # the journal's line for the group was dropped
    assert [c.summary for c in reopened.history] == ["added the alias 'the Iranians' to iran"]


def test_st032_a_pending_list_that_names_other_files_renames_nothing(seed_copy):
    before = snapshot(seed_copy)
    (seed_copy / "evil").write_text("x")
    (seed_copy / atomic.PENDING_NAME).write_text(
        json.dumps({"renames": {"evil": "actors.csv", ".curate-tmp-x": "../outside.csv"}})
    )
    Store.open(seed_copy)
    assert snapshot(seed_copy) == before
    assert not (seed_copy / atomic.PENDING_NAME).exists()
    assert not (seed_copy.parent / "outside.csv").exists()
