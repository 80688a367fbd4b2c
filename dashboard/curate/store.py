"""The one door for writes: every change is checked, validated in memory, written atomically
and journaled here; nothing else in the dashboard writes a dataset's files.

Beyond the contract (CURATE-API.md): ``store.draft`` holds the rows exactly as the files do (take
an edit's ``old`` row from it, not from the Dataset, whose cells are trimmed);
``store.listeners`` are called with each Change (None after a reload) once it is written;
``store.notice`` says when history was cut (the files changed outside curate). ``dataset`` is
None while the files on disk do not validate (``problems`` says why).

>>> import shutil, tempfile
>>> from dashboard.settings import SEEDS_DIR
>>> folder = Path(tempfile.mkdtemp()) / "treaty"
>>> _ = shutil.copytree(SEEDS_DIR / "iran-russia-treaty", folder)
>>> store = Store.open(folder)
>>> change = store.apply(AddAlias("iran", "the Islamic Republic"), store.version)
>>> change.summary, change.files
("added the alias 'the Islamic Republic' to iran", ('actors.csv',))
>>> store.undo(store.version).summary
"undid: added the alias 'the Islamic Republic' to iran"
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboard.curate.atomic import PENDING_NAME, remove_leftovers, write_files_atomic
from dashboard.curate.edits import (
    AddActor,
    AddAlias,
    AddRelationType,
    AddTriple,
    DeleteActor,
    DeleteRelationType,
    DeleteTriple,
    Draft,
    Edit,
    EditActor,
    EditError,
    EditTriple,
    Group,
    MarkUncited,
    RemoveAlias,
    UnmarkUncited,
    apply,
    inverse,
    read_draft,
    rebase,
)
from dashboard.curate.journal import JOURNAL_NAME, Entry, Journal
from dashboard.dataset import FILES, Dataset, DatasetError, Problem, load_dataset
from dashboard.settings import PACKAGE_DIR, SEEDS_DIR

__all__ = [
    "JOURNAL_NAME",
    "Change",
    "Conflict",
    "EditError",
    "Refused",
    "Store",
    "StoreError",
    "summarise",
]

OUTSIDE_CHANGE = "the files were changed outside curate; changes made before that cannot be undone"


class StoreError(Exception):
    """The folder cannot be curated: it is not a dataset, or it is inside the installed package."""


class Refused(Exception):
    """The change would leave the dataset invalid; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class Conflict(Exception):
    """The files on disk are not the ones the change was made against; nothing was written."""

    def __init__(self, files: list[str]):
        self.files = files
        named = ", ".join(files) if files else "the dataset"
        super().__init__(
            f"{named} changed since it was loaded (in another tab, an editor or by git); "
            "nothing was written: reload to see the files as they are now"
        )


@dataclass(frozen=True)
class Change:
    """A change made (or undone, or redone): the version it led to and what it touched."""

    version: str
    edit: Edit
    files: tuple[str, ...]
    summary: str


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _version(hashes: dict[str, str]) -> str:
    joined = "\n".join(f"{name} {hashes.get(name, '-')}" for name in FILES)
    return _hash(joined.encode())[:32]


class Store:
    """A dataset folder opened for curating; see the module docstring and CURATE-API."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._lock = threading.RLock()
        self.dataset: Dataset | None = None
        self.problems: list[Problem] = []
        self.notice: str | None = None  # e.g. OUTSIDE_CHANGE, for the page to show
        # Called with each Change (None after a reload), under the lock, once the files are
        # written: the curate page replaces its model here.
        self.listeners: list[Callable[[Change | None], None]] = []
        self._journal = Journal(folder)
        self._read()
        if self._journal.version != self.version and self._journal.last_from == self.version:
            self._journal.drop_last()  # a crash after journaling a change, before writing it
        if self._journal.broken:
            self.notice = f"{JOURNAL_NAME} could not be read; earlier changes cannot be undone"
            self._journal.record_reset(self.version, "the journal could not be read")
        elif self._journal.version is not None and self._journal.version != self.version:
            self.notice = OUTSIDE_CHANGE
            self._journal.record_reset(self.version, OUTSIDE_CHANGE)

    @classmethod
    def open(cls, folder: Path | str) -> Store:
        """Open a dataset folder for curating; raise StoreError if it cannot be."""
        folder = Path(folder).resolve()
        for protected in {PACKAGE_DIR.resolve(), SEEDS_DIR.resolve()}:
            if folder.is_relative_to(protected):
                raise StoreError(
                    f"{folder} is inside the installed package, which curate never writes to; "
                    f"copy it first: python -m dashboard new MY-COPY --from {folder}"
                )
        if not folder.is_dir():
            what = "is a file" if folder.exists() else "does not exist"
            raise StoreError(f"{folder} {what}; expected a dataset folder")
        missing = [name for name in FILES if not (folder / name).is_file()]
        if missing:
            raise StoreError(
                f"{folder} is not a dataset folder: it has no {', '.join(missing)}; "
                "create one with: python -m dashboard new FOLDER --article FILE"
            )
        remove_leftovers(folder)
        return cls(folder)

    # Reading

    def _read_disk(self) -> tuple[dict[str, bytes | None], dict[str, str]]:
        """The five files' bytes (None for one that is gone or unreadable) and their hashes."""
        data: dict[str, bytes | None] = {}
        for name in FILES:
            try:
                data[name] = (self.folder / name).read_bytes()
            except OSError:
                data[name] = None  # the loader says why, with the file's name
        hashes = {
            name: "-" if content is None else _hash(content) for name, content in data.items()
        }
        return data, hashes

    def _read(self) -> None:
        data, self._hashes = self._read_disk()
        self.version = _version(self._hashes)
        texts: dict[str, str | None] = {}
        for name, content in data.items():
            try:
                texts[name] = None if content is None else content.decode("utf-8")
            except UnicodeDecodeError:
                texts[name] = None
        self.dataset, self.problems = self._validate(
            {n: t for n, t in texts.items() if t is not None}
        )
        self._draft: Draft | None = None
        self._draft_problem = None
        if any(text is None for text in texts.values()):
            self._draft_problem = "a file cannot be read; fix it by hand (see the problems)"
            return
        try:
            self._draft = read_draft(texts)
        except EditError as error:
            self._draft_problem = str(error)

    def _validate(self, texts: dict[str, str]) -> tuple[Dataset | None, list[Problem]]:
        try:
            return load_dataset(self.folder, texts=texts), []
        except DatasetError as error:
            return None, error.problems

    def reload(self) -> None:
        """Re-read the files (after a conflict); history made before an outside change is cut."""
        with self._lock:
            self._read()
            if self._journal.version not in (None, self.version):
                self.notice = OUTSIDE_CHANGE
                self._journal.record_reset(self.version, OUTSIDE_CHANGE)
            self._notify(None)

    @property
    def draft(self) -> Draft:
        if self._draft is None:
            raise EditError(self._draft_problem or "the dataset cannot be edited")
        return self._draft

    # History

    @property
    def can_undo(self) -> bool:
        return bool(self._journal.undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._journal.redo)

    @property
    def history(self) -> list[Change]:
        """The changes that can be undone, newest last."""
        return [Change(e.after, e.edit, e.files, e.summary) for e in self._journal.undo]

    # Writing

    def apply(self, edit: Edit, expected_version: str) -> Change:
        """Make ``edit``; raise Conflict, EditError or Refused, having written nothing."""
        with self._lock:
            self._check_version(expected_version)
            draft = self.draft
            undo = inverse(draft, edit)
            checked = self._check(draft, apply(draft, edit))
            if not checked.files:
                raise EditError("this change changes nothing")
            summary = summarise(edit)
            entry = Entry(edit, undo, self.version, checked.version, checked.files, summary)
            self._journal.record_apply(entry)
            self._write(checked)
            return self._notify(Change(self.version, edit, checked.files, summary))

    def undo(self, expected_version: str) -> Change | None:
        """Undo the last change; None if there is nothing to undo."""
        with self._lock:
            self._check_version(expected_version)
            if not self._journal.undo:
                return None
            entry = self._journal.undo[-1]
            checked = self._check(self.draft, apply(self.draft, entry.inverse))
            self._journal.record_undo()
            self._write(checked)
            return self._notify(
                Change(self.version, entry.inverse, checked.files, f"undid: {entry.summary}")
            )

    def redo(self, expected_version: str) -> Change | None:
        """Redo the last undone change; None if there is nothing to redo."""
        with self._lock:
            self._check_version(expected_version)
            if not self._journal.redo:
                return None
            entry = self._journal.redo[-1]
            checked = self._check(self.draft, apply(self.draft, entry.edit))
            self._journal.record_redo()
            self._write(checked)
            return self._notify(
                Change(self.version, entry.edit, checked.files, f"redid: {entry.summary}")
            )

    def _notify(self, change: Change | None) -> Change | None:
        for listener in self.listeners:
            listener(change)
        return change

    def _check_version(self, expected: str) -> None:
        """Raise Conflict unless the caller and the disk both hold the version loaded last."""
        _, hashes = self._read_disk()
        changed = [name for name in FILES if hashes[name] != self._hashes[name]]
        if changed:
            raise Conflict(changed)
        if expected != self.version:
            raise Conflict(list(self._files_since(expected)))

    def _files_since(self, version: str) -> tuple[str, ...]:
        """The files changed through curate since ``version`` (all of them if it is unknown)."""
        files: set[str] = set()
        for entry in reversed(self._journal.undo):
            files.update(entry.files)
            if entry.before == version:
                return tuple(sorted(files))
        return FILES

    def _check(self, old: Draft, new: Draft) -> _Checked:
        """Validate the new texts in memory; raise Refused if they add problems."""
        new = rebase(new)
        texts = new.texts
        files = tuple(name for name in FILES if texts[name] != old.texts[name])
        dataset, problems = self._validate(texts)
        if problems and _added(self.problems, problems):
            raise Refused(problems)
        hashes = dict(self._hashes)
        for name in files:
            hashes[name] = _hash(texts[name].encode("utf-8", "surrogatepass"))
        return _Checked(new, files, hashes, _version(hashes), dataset, problems)

    def _write(self, checked: _Checked) -> None:
        try:
            texts = {name: checked.draft.texts[name] for name in checked.files}
            write_files_atomic(self.folder, texts)
        except OSError:
            if (self.folder / PENDING_NAME).exists():
                # The change happened (its renames are listed) but a rename failed: the next
                # start finishes it, as after a crash, and its journal line stays.
                raise
            # No file was replaced (the temporary files are removed): the change did not
            # happen, so neither did its journal line.
            self._journal.drop_last()
            self._read()
            if self._journal.version not in (None, self.version):
                self._journal.record_reset(self.version, "a write failed")
            raise
        self._hashes, self.version = checked.hashes, checked.version
        self.dataset, self.problems = checked.dataset, checked.problems
        self._draft, self._draft_problem = checked.draft, None


@dataclass(frozen=True)
class _Checked:
    """A change validated in memory, ready to write."""

    draft: Draft  # rebased: its texts are the files as they will be written
    files: tuple[str, ...]
    hashes: dict[str, str]
    version: str
    dataset: Dataset | None
    problems: list[Problem]


def _problem_key(problem: Problem) -> tuple:
    # Line numbers move when rows are added or deleted; the same problem elsewhere is not new.
    return (problem.file.name, problem.column, re.sub(r"\d+", "#", problem.message))


def _added(before: list[Problem], after: list[Problem]) -> bool:
    """Whether ``after`` holds a problem that ``before`` did not."""
    known = {_problem_key(p) for p in before}
    return any(_problem_key(p) not in known for p in after)


def summarise(edit: Edit) -> str:
    """One line saying what an edit does, for the page and the journal.

    >>> from dashboard.curate.edits import Triple
    >>> summarise(AddTriple(Triple("iran", "meets", "russia", "Iran met Russia.")))
    "added iran meets russia: 'Iran met Russia.'"
    """
    match edit:
        case Group(edits, summary):
            if summary:
                return summary
            said = "; ".join(summarise(part) for part in edits[:3])
            return said + (f"; and {len(edits) - 3} more" if len(edits) > 3 else "")
        case AddTriple(t) | DeleteTriple(t):
            verb = "added" if isinstance(edit, AddTriple) else "deleted"
            return f"{verb} {t.source} {t.relation} {t.target}: {_short(t.quote)!r}"
        case EditTriple(_, new):
            return f"edited {new.source} {new.relation} {new.target}: {_short(new.quote)!r}"
        case AddActor(actor):
            return f"added the actor {actor.id} ({_short(actor.name)})"
        case EditActor(_, new):
            return f"edited the actor {new.id}"
        case DeleteActor(actor):
            return f"deleted the actor {actor.id}"
        case AddAlias(actor_id, alias):
            return f"added the alias {_short(alias)!r} to {actor_id}"
        case RemoveAlias(actor_id, alias):
            return f"removed the alias {_short(alias)!r} from {actor_id}"
        case AddRelationType(relation):
            return f"added the relation type {relation.id}"
        case DeleteRelationType(relation):
            return f"deleted the relation type {relation.id}"
        case MarkUncited(uncited):
            return f"marked as having no relation: {_short(uncited.quote)!r}"
        case UnmarkUncited(uncited):
            return f"unmarked: {_short(uncited.quote)!r}"
    return edit.kind


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
