"""The undo journal on its own: replaying its lines gives the undo and redo stacks."""

from __future__ import annotations

import json

from dashboard.curate.edits import AddAlias, Group, RemoveAlias
from dashboard.curate.journal import JOURNAL_NAME, Entry, Journal


def entry(number: int) -> Entry:
    alias = f"Alias {number}"
    return Entry(AddAlias("iran", alias), RemoveAlias("iran", alias), f"v{number}",
                 f"v{number + 1}", ("actors.csv",), f"added {alias}")  # fmt: skip


def test_jr001_apply_undo_redo_replay_to_the_same_stacks(tmp_path):
    journal = Journal(tmp_path)
    for number in range(3):
        journal.record_apply(entry(number))
    journal.record_undo()
    journal.record_undo()
    journal.record_redo()
    again = Journal(tmp_path)
    assert [e.summary for e in again.undo] == ["added Alias 0", "added Alias 1"]
    assert [e.summary for e in again.redo] == ["added Alias 2"]
    assert again.version == "v2" and again.last_from == "v1" and not again.broken


def test_jr002_a_line_that_does_not_follow_the_one_before_marks_it_broken(tmp_path):
    journal = Journal(tmp_path)
    journal.record_apply(entry(0))
    journal.record_apply(entry(5))  # from v5, though the files were at v1
    again = Journal(tmp_path)
    assert again.broken and again.undo == [] and again.version is None


def test_jr003_a_reset_line_ends_the_history(tmp_path):
    journal = Journal(tmp_path)
    journal.record_apply(entry(0))
    journal.record_reset("elsewhere", "changed outside")
    after = Entry(AddAlias("iran", "x"), RemoveAlias("iran", "x"), "elsewhere", "next",
                  ("actors.csv",), "after")  # fmt: skip
    journal.record_apply(after)
    again = Journal(tmp_path)
    assert [e.summary for e in again.undo] == ["after"] and again.version == "next"


def test_jr004_drop_last_removes_exactly_the_last_line(tmp_path):
    journal = Journal(tmp_path)
    journal.record_apply(entry(0))
    before = (tmp_path / JOURNAL_NAME).read_bytes()
    journal.record_apply(entry(1))
    journal.drop_last()
    assert (tmp_path / JOURNAL_NAME).read_bytes() == before
    assert journal.version == "v1" and len(journal.undo) == 1


def test_jr005_every_line_is_one_json_object_with_op_from_and_to(tmp_path):
    journal = Journal(tmp_path)
    journal.record_apply(entry(0))
    journal.record_undo()
    lines = [json.loads(line) for line in (tmp_path / JOURNAL_NAME).read_text().splitlines()]
    assert [(line["op"], line["from"], line["to"]) for line in lines] == [
        ("apply", "v0", "v1"),
        ("undo", "v1", "v0"),
    ]
    assert lines[0]["edit"] == {"kind": "add_alias", "actor_id": "iran", "alias": "Alias 0"}


# Lines as the journal wrote them before grouped changes existed, then a group's line.
OLD_LINES = (
    '{"op": "apply", "edit": {"kind": "add_alias", "actor_id": "iran", "alias": "Persia"}, '
    '"inverse": {"kind": "remove_alias", "actor_id": "iran", "alias": "Persia"}, "from": "v0", '
    '"to": "v1", "files": ["actors.csv"], "summary": "added the alias \'Persia\' to iran", '
    '"time": "2026-11-30T10:00:00Z"}\n'
    '{"op": "undo", "from": "v1", "to": "v0", "time": "2026-11-30T10:00:01Z"}\n'
    '{"op": "redo", "from": "v0", "to": "v1", "time": "2026-11-30T10:00:02Z"}\n'
)
GROUP_LINE = (
    '{"op": "apply", "edit": {"kind": "group", "edits": [{"kind": "add_alias", "actor_id": '
    '"iran", "alias": "A"}, {"kind": "add_alias", "actor_id": "russia", "alias": "B"}], '
    '"summary": "two aliases"}, "inverse": {"kind": "group", "edits": [{"kind": "remove_alias", '
    '"actor_id": "russia", "alias": "B"}, {"kind": "remove_alias", "actor_id": "iran", "alias": '
    '"A"}], "summary": "two aliases"}, "from": "v1", "to": "v2", "files": ["actors.csv"], '
    '"summary": "two aliases", "time": "2026-12-01T10:00:00Z"}\n'
)


def test_jr006_an_old_journal_is_read_and_a_group_is_one_entry_after_it(tmp_path):
    (tmp_path / JOURNAL_NAME).write_text(OLD_LINES + GROUP_LINE, encoding="utf-8")
    journal = Journal(tmp_path)
    assert not journal.broken and journal.version == "v2"
    assert [e.summary for e in journal.undo] == ["added the alias 'Persia' to iran", "two aliases"]
    group = journal.undo[-1]
    assert group.edit == Group((AddAlias("iran", "A"), AddAlias("russia", "B")), "two aliases")
    assert group.inverse.edits == (RemoveAlias("russia", "B"), RemoveAlias("iran", "A"))
    journal.record_undo()  # one undo takes back the whole group
    assert Journal(tmp_path).version == "v1" and len(Journal(tmp_path).redo) == 1
