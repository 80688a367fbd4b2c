"""The undo/redo journal beside the data: ``.dashboard-journal.jsonl`` in the dataset folder.

One JSON object a line, appended and fsynced before the files change:

- ``{"op": "apply", "from": V1, "to": V2, "edit": ..., "inverse": ..., "files": [...],
  "summary": ..., "time": ...}``: a change made through curate;
- ``{"op": "undo", "from": V2, "to": V1}`` and ``{"op": "redo", "from": V1, "to": V2}``;
- ``{"op": "reset", "to": V, "reason": ...}``: the files were changed outside curate (a text
  editor, ``git pull``), so nothing before this line can be undone;
- ``{"op": "snapshot", "to": V, "undo": [...], "redo": [...]}``: what a compaction leaves.

Replaying the lines gives the undo and redo stacks. A version is a hash of the five files.
The journal keeps at most limits.CURATE_UNDO (1,000) changes that can be undone; past
limits.CURATE_JOURNAL_LINES (2,000) lines it is rewritten as one snapshot line, so it holds at most
2,001 lines
(each about as long as the rows it changed: with quotes of a few hundred characters, well
under 5 MB). Deleting it loses the undo history and nothing else.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path

from dashboard import limits
from dashboard.curate.atomic import write_atomic
from dashboard.curate.edits import Edit, edit_from_json

JOURNAL_NAME = ".dashboard-journal.jsonl"


@dataclass(frozen=True)
class Entry:
    """One change that can be undone: the edit, its inverse and the versions around it."""

    edit: Edit
    inverse: Edit
    before: str
    after: str
    files: tuple[str, ...]
    summary: str

    def to_json(self) -> dict:
        return {
            "edit": self.edit.to_json(),
            "inverse": self.inverse.to_json(),
            "from": self.before,
            "to": self.after,
            "files": list(self.files),
            "summary": self.summary,
        }

    @classmethod
    def from_json(cls, data: dict) -> Entry:
        return cls(
            edit_from_json(data["edit"]),
            edit_from_json(data["inverse"]),
            str(data["from"]),
            str(data["to"]),
            tuple(str(name) for name in data["files"]),
            str(data["summary"]),
        )


class Journal:
    """The undo and redo stacks of one dataset folder, kept in a file beside it."""

    def __init__(self, folder: Path):
        self.path = Path(folder) / JOURNAL_NAME
        self.undo: list[Entry] = []
        self.redo: list[Entry] = []
        self.version: str | None = None  # the files' version after the last line
        self.last_from: str | None = None  # and before it
        self._last_offset = 0  # where the last line starts in the file
        self.lines = 0
        self.broken = False  # an unreadable line was met (and everything before it dropped)
        self._read()

    def _read(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        lines = data.split(b"\n")
        if lines[-1]:
            # A last line without its line end was cut short by a crash while appending, before
            # the files changed (each line and its line end are written, and synced, at once).
            # Cut it off, so that the next line starts on a line of its own.
            torn = len(data) - len(lines[-1])
            with open(self.path, "r+b") as file:
                file.truncate(torn)
                file.flush()
                os.fsync(file.fileno())
        offset = 0
        for raw in lines[:-1]:
            start, offset = offset, offset + len(raw) + 1
            if not raw.strip():
                continue
            try:
                line = json.loads(raw)
            except ValueError:
                line = None  # damaged: _replay says so
            try:
                self._replay(line)
            except (ValueError, KeyError, TypeError, IndexError, AttributeError):
                # The journal was edited or damaged: its history cannot be trusted.
                self.broken = True
                self.undo, self.redo, self.version = [], [], None
                break
            self.lines += 1
            self._last_offset = start

    def _replay(self, line: dict) -> None:
        op = line["op"]
        if op != "snapshot" and op != "reset" and line["from"] != self.version is not None:
            raise ValueError("the line does not follow the one before")
        if op == "apply":
            self.undo.append(Entry.from_json(line))
            self.redo.clear()
            del self.undo[: -limits.CURATE_UNDO]
        elif op == "undo":
            entry = self.undo.pop()
            if entry.after != line["from"]:
                raise ValueError("undo does not follow")
            self.redo.append(entry)
        elif op == "redo":
            entry = self.redo.pop()
            if entry.before != line["from"]:
                raise ValueError("redo does not follow")
            self.undo.append(entry)
        elif op == "reset":
            self.undo.clear()
            self.redo.clear()
        elif op == "snapshot":
            self.undo = [Entry.from_json(item) for item in line["undo"]]
            self.redo = [Entry.from_json(item) for item in line["redo"]]
        else:
            raise ValueError(f"unknown op {op!r}")
        self.last_from = line.get("from")
        self.version = str(line["to"])

    # Writing: each line is appended and fsynced before the files it describes change.

    def record_apply(self, entry: Entry) -> None:
        self._append({"op": "apply", **entry.to_json(), "time": _now()})
        self.undo.append(entry)
        self.redo.clear()
        del self.undo[: -limits.CURATE_UNDO]
        self.version = entry.after

    def record_undo(self) -> Entry:
        entry = self.undo[-1]
        self._append({"op": "undo", "from": entry.after, "to": entry.before, "time": _now()})
        self.redo.append(self.undo.pop())
        self.version = entry.before
        return entry

    def record_redo(self) -> Entry:
        entry = self.redo[-1]
        self._append({"op": "redo", "from": entry.before, "to": entry.after, "time": _now()})
        self.undo.append(self.redo.pop())
        self.version = entry.after
        return entry

    def record_reset(self, version: str, reason: str) -> None:
        self._append({"op": "reset", "to": version, "reason": reason, "time": _now()})
        self.undo.clear()
        self.redo.clear()
        self.version = version

    def drop_last(self) -> None:
        """Remove the last line: its change never reached the files (a crash in between)."""
        with open(self.path, "r+b") as file:
            file.truncate(self._last_offset)
            file.flush()
            os.fsync(file.fileno())
        self.__init__(self.path.parent)

    def _append(self, line: dict) -> None:
        if self.lines >= limits.CURATE_JOURNAL_LINES:
            self._compact()
        data = (json.dumps(line, ensure_ascii=False) + "\n").encode("utf-8")
        with open(self.path, "ab") as file:
            start = file.tell()
            try:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            except OSError:
                file.truncate(start)  # a line not on disk for sure must not be there at all
                raise
        self._last_offset = start
        self.lines += 1

    def _compact(self) -> None:
        line = {
            "op": "snapshot",
            "to": self.version,
            "undo": [entry.to_json() for entry in self.undo],
            "redo": [entry.to_json() for entry in self.redo],
            "time": _now(),
        }
        write_atomic(self.path, json.dumps(line, ensure_ascii=False) + "\n")
        self.lines = 1


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
