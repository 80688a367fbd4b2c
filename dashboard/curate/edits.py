"""Typed edits of a dataset and their pure ``apply`` and ``inverse``; writing the files back.

A ``Draft`` holds a dataset's editable rows as the files hold them (plain strings), with the
texts they were read from, so that ``draft_texts`` can write them back with small git diffs:
unchanged rows keep their bytes, new rows are quoted only where CSV needs it, and curate's
``[[uncited]]`` entries are appended to ``dataset.toml`` as TOML text, the rest kept as it was.

>>> draft = read_draft({"actors.csv": "id,name,kind\\n", "relations.csv": "id,label,polarity,"
...     "directed\\n", "triples.csv": "source,relation,target,quote,certainty\\n",
...     "dataset.toml": 'title = "T"\\n', "article.txt": "Iran met Russia."})
>>> draft = apply(draft, AddActor(Actor("iran", "Iran", "state")))
>>> draft_texts(draft)["actors.csv"]
'id,name,kind\\niran,Iran,state\\n'
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from typing import ClassVar

from dashboard.dataset import ACTOR_COLUMNS, RELATION_COLUMNS, TRIPLE_COLUMNS

__all__ = [
    "Actor",
    "AddActor",
    "AddAlias",
    "AddRelationType",
    "AddTriple",
    "DeleteActor",
    "DeleteRelationType",
    "DeleteTriple",
    "Draft",
    "Edit",
    "EditActor",
    "EditError",
    "EditTriple",
    "Group",
    "MarkUncited",
    "RelationType",
    "RemoveAlias",
    "Triple",
    "Uncited",
    "UnmarkUncited",
    "apply",
    "draft_texts",
    "edit_from_json",
    "inverse",
    "read_draft",
    "rebase",
    "slug",
]


class EditError(ValueError):
    """An edit that does not fit the draft: its row is not there, or its id is taken."""


# Rows, as the files hold them


class _Row:
    """A row's text is read as the loader reads it: line ends are \\n (CRLF and CR become LF)."""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, str) and "\r" in value:
                object.__setattr__(self, f.name, _lf(value))
            elif isinstance(value, tuple) and any(
                isinstance(item, str) and "\r" in item for item in value
            ):
                object.__setattr__(self, f.name, tuple(_lf(item) for item in value))


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@dataclass(frozen=True)
class Triple(_Row):
    source: str
    relation: str
    target: str
    quote: str
    certainty: str = "stated"
    note: str = ""

    def cells(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in TRIPLE_COLUMNS}

    @classmethod
    def from_cells(cls, cells: Mapping[str, str]) -> Triple:
        return cls(*(cells.get(name, "") for name in TRIPLE_COLUMNS))


@dataclass(frozen=True)
class Actor(_Row):
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    description: str = ""

    def cells(self) -> dict[str, str]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind,
            "aliases": "|".join(self.aliases),
            "description": self.description,
        }

    @classmethod
    def from_cells(cls, cells: Mapping[str, str]) -> Actor:
        aliases = tuple(a.strip() for a in cells.get("aliases", "").split("|") if a.strip())
        return cls(
            cells.get("id", ""),
            cells.get("name", ""),
            cells.get("kind", ""),
            tuple(dict.fromkeys(aliases)),
            cells.get("description", ""),
        )


@dataclass(frozen=True)
class RelationType(_Row):
    id: str
    label: str
    polarity: str
    quad_class: str = ""
    directed: bool = True
    description: str = ""

    def cells(self) -> dict[str, str]:
        return {
            "id": self.id,
            "label": self.label,
            "polarity": self.polarity,
            "quad_class": self.quad_class,
            "directed": "true" if self.directed else "false",
            "description": self.description,
        }

    @classmethod
    def from_cells(cls, cells: Mapping[str, str]) -> RelationType:
        return cls(
            cells.get("id", ""),
            cells.get("label", ""),
            cells.get("polarity", ""),
            cells.get("quad_class", ""),
            cells.get("directed", "").strip().lower() != "false",
            cells.get("description", ""),
        )


@dataclass(frozen=True)
class Uncited(_Row):
    quote: str
    reason: str


def slug(name: str) -> str:
    """Return the id derived from a name: lower-case ASCII words joined by ``-``.

    >>> slug("North Korea"), slug("Côte d'Ivoire"), slug("  U.S. "), slug("Ansar Allah (Houthis)")
    ('north-korea', 'cote-d-ivoire', 'u-s', 'ansar-allah-houthis')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower()))


# The draft: rows as the files hold them, and where they came from


@dataclass(frozen=True)
class _Table:
    """One CSV file: its header text, its columns, and its rows with the text each came from."""

    columns: tuple[str, ...]
    head: str  # the header line(s) as in the file, byte-order mark included
    rows: tuple  # Triple | Actor | RelationType
    chunks: tuple[str, ...]  # rows[i]'s text in the file ("" for a new row)
    tail: str = ""  # blank rows after the last row

    def text(self) -> str:
        return self.head + "".join(self.chunks) + self.tail


@dataclass(frozen=True)
class Draft:
    """A dataset's rows as its files hold them, and the texts they were read from."""

    texts: Mapping[str, str]  # the five files' texts as read (article.txt never changes)
    triples: tuple[Triple, ...]
    actors: tuple[Actor, ...]
    relations: tuple[RelationType, ...]
    uncited: tuple[Uncited, ...]
    tables: Mapping[str, _Table] = field(repr=False, compare=False)
    toml: str = field(repr=False, compare=False)  # dataset.toml's text now

    def rows(self, kind: str) -> tuple:
        return getattr(self, kind)


_TABLES = {
    "triples": ("triples.csv", TRIPLE_COLUMNS, Triple),
    "actors": ("actors.csv", ACTOR_COLUMNS, Actor),
    "relations": ("relations.csv", RELATION_COLUMNS, RelationType),
}


def read_draft(texts: Mapping[str, str]) -> Draft:
    """Read the rows of a dataset's files (given as texts); raise EditError naming a file that
    cannot be read as CSV or TOML at all."""
    tables = {}
    rows = {}
    for kind, (name, columns, row_type) in _TABLES.items():
        table = _read_table(name, texts.get(name, ""), columns, row_type)
        tables[name] = table
        rows[kind] = table.rows
    toml = texts.get("dataset.toml", "")
    return Draft(
        texts=dict(texts),
        triples=rows["triples"],
        actors=rows["actors"],
        relations=rows["relations"],
        uncited=tuple(_read_uncited(toml)),
        tables=tables,
        toml=toml,
    )


def _read_table(name, text: str, columns, row_type) -> _Table:
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :]
    lines = _lines(body)
    if not lines:
        return _Table(columns, bom + ",".join(columns) + "\n", (), ())
    reader = csv.reader(io.StringIO(body, newline=""), strict=True)
    try:
        header = [cell.strip() for cell in next(reader)]
        head_end = reader.line_num
        records = []
        start = head_end
        for cells in reader:
            records.append((start, reader.line_num, cells))
            start = reader.line_num
    except csv.Error as error:
        message = f"{name} line {reader.line_num} is not valid CSV ({error}); fix it by hand"
        raise EditError(message) from None
    if len(set(header)) != len(header) or not set(header) <= set(columns):
        raise EditError(f"{name} has an unexpected header; fix it by hand")
    head = bom + "".join(lines[:head_end])
    rows, chunks = [], []
    pending = ""  # blank rows, kept with the row after them
    for start, end, cells in records:
        chunk = "".join(lines[start:end])
        if not any(cell.strip() for cell in cells) or len(cells) != len(header):
            if len(cells) != len(header) and any(cell.strip() for cell in cells):
                raise EditError(f"{name} line {start + 1} has the wrong number of fields; fix it")
            pending += chunk
            continue
        rows.append(row_type.from_cells(dict(zip(header, cells, strict=True))))
        chunks.append(pending + chunk)
        pending = ""
    return _Table(tuple(header), head, tuple(rows), tuple(chunks), pending)


def _lines(text: str) -> list[str]:
    """Split ``text`` into lines as the csv module reads them: at \\n, \\r\\n and \\r only
    (str.splitlines also splits at \\x85, \\u2028 and others, which may sit inside a field)."""
    return io.StringIO(text, newline="").readlines()


_UNCITED_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*uncited[ \t]*\]\][ \t]*(#.*)?$")
_TABLE_HEADER = re.compile(r"^[ \t]*\[")


def _read_uncited(toml: str) -> list[Uncited]:
    try:
        meta = tomllib.loads(toml)
    except tomllib.TOMLDecodeError:
        return []  # the validator says what is wrong; uncited edits refuse until it is fixed
    entries = meta.get("uncited", [])
    if not isinstance(entries, list):
        return []
    return [
        Uncited(str(entry.get("quote", "")), str(entry.get("reason", "")))
        for entry in entries
        if isinstance(entry, dict)
    ]


# Edits


@dataclass(frozen=True)
class Edit(_Row):
    """One change of a dataset; ``kind`` names it in JSON. Its text reads line ends as rows do."""

    kind: ClassVar[str] = ""

    def to_json(self) -> dict:
        """Return the edit as a JSON-ready dict with a "kind" key."""
        data: dict = {"kind": self.kind}
        for f in fields(self):
            value = getattr(self, f.name)
            data[f.name] = _row_json(value)
        return data


def _row_json(value):
    if isinstance(value, (Triple, Actor, RelationType, Uncited)):
        return {f.name: _row_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, tuple):
        return list(value)
    return value


class _RowEdit(Edit):
    """An edit of one row of a table (triples, actors or relations): ``row`` is that row."""

    table: ClassVar[str] = ""

    @property
    def row(self):
        return getattr(self, fields(self)[0].name)


@dataclass(frozen=True)
class AddTriple(_RowEdit):
    kind: ClassVar[str] = "add_triple"
    table: ClassVar[str] = "triples"
    triple: Triple
    at: int | None = None


@dataclass(frozen=True)
class EditTriple(_RowEdit):
    kind: ClassVar[str] = "edit_triple"
    table: ClassVar[str] = "triples"
    old: Triple
    new: Triple


@dataclass(frozen=True)
class DeleteTriple(_RowEdit):
    kind: ClassVar[str] = "delete_triple"
    table: ClassVar[str] = "triples"
    triple: Triple


@dataclass(frozen=True)
class AddActor(_RowEdit):
    kind: ClassVar[str] = "add_actor"
    table: ClassVar[str] = "actors"
    actor: Actor
    at: int | None = None


@dataclass(frozen=True)
class EditActor(_RowEdit):
    kind: ClassVar[str] = "edit_actor"
    table: ClassVar[str] = "actors"
    old: Actor
    new: Actor


@dataclass(frozen=True)
class DeleteActor(_RowEdit):
    kind: ClassVar[str] = "delete_actor"
    table: ClassVar[str] = "actors"
    actor: Actor


@dataclass(frozen=True)
class AddAlias(Edit):
    kind: ClassVar[str] = "add_alias"
    actor_id: str
    alias: str


@dataclass(frozen=True)
class RemoveAlias(Edit):
    kind: ClassVar[str] = "remove_alias"
    actor_id: str
    alias: str


@dataclass(frozen=True)
class AddRelationType(_RowEdit):
    kind: ClassVar[str] = "add_relation_type"
    table: ClassVar[str] = "relations"
    relation: RelationType
    at: int | None = None


@dataclass(frozen=True)
class DeleteRelationType(_RowEdit):
    kind: ClassVar[str] = "delete_relation_type"
    table: ClassVar[str] = "relations"
    relation: RelationType


@dataclass(frozen=True)
class MarkUncited(Edit):
    kind: ClassVar[str] = "mark_uncited"
    uncited: Uncited
    at: int | None = None


@dataclass(frozen=True)
class UnmarkUncited(Edit):
    kind: ClassVar[str] = "unmark_uncited"
    uncited: Uncited


@dataclass(frozen=True)
class Group(Edit):
    """Several edits made, undone and redone as one change, validated as a whole (accepting a
    relation in adjudication: the actors and the type it needs, then its rows). ``summary``
    says what the group does, for the page and the journal.

    >>> group = Group((AddAlias("iran", "Tehran"), AddAlias("russia", "Moscow")), "two aliases")
    >>> edit_from_json(group.to_json()) == group
    True
    """

    kind: ClassVar[str] = "group"
    edits: tuple[Edit, ...]
    summary: str = ""

    def to_json(self) -> dict:
        return {
            "kind": self.kind,
            "edits": [edit.to_json() for edit in self.edits],
            "summary": self.summary,
        }


EDITS: dict[str, type[Edit]] = {
    cls.kind: cls
    for cls in (
        AddTriple,
        EditTriple,
        DeleteTriple,
        AddActor,
        EditActor,
        DeleteActor,
        AddAlias,
        RemoveAlias,
        AddRelationType,
        DeleteRelationType,
        MarkUncited,
        UnmarkUncited,
        Group,
    )
}
# Each row edit's opposite: the edit that takes it back (given the row's old place).
_OPPOSITE: dict[type[Edit], type[Edit]] = {
    AddTriple: DeleteTriple,
    DeleteTriple: AddTriple,
    AddActor: DeleteActor,
    DeleteActor: AddActor,
    AddRelationType: DeleteRelationType,
    DeleteRelationType: AddRelationType,
}
MAX_GROUP = 10_000  # edits in one group: accepting a relation is a few
_ROW_TYPES = {
    "triple": Triple,
    "old": None,  # the edit's own row type, found from its "new" field's annotation
    "new": None,
    "actor": Actor,
    "relation": RelationType,
    "uncited": Uncited,
}
_OLD_NEW = {EditTriple: Triple, EditActor: Actor}


def edit_from_json(data) -> Edit:
    """Build an edit from its JSON form; raise ValueError saying what is wrong with it.

    >>> edit_from_json({"kind": "add_alias", "actor_id": "iran", "alias": "Tehran"})
    AddAlias(actor_id='iran', alias='Tehran')
    >>> edit_from_json({"kind": "paint"})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: unknown edit kind 'paint'; expected one of: add_actor, ...
    """
    if not isinstance(data, dict):
        raise ValueError("an edit must be a JSON object")
    kind = data.get("kind")
    cls = EDITS.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(sorted(EDITS))
        raise ValueError(f"unknown edit kind {kind!r}; expected one of: {known}")
    if cls is Group:
        return _group_from_json(data)
    names = [f.name for f in fields(cls)]
    unexpected = sorted(set(data) - {"kind", *names})
    if unexpected:
        raise ValueError(f"{kind}: unexpected key {unexpected[0]!r}; expected {', '.join(names)}")
    values = {}
    for f in fields(cls):
        if f.name not in data:
            if f.name == "at":
                continue
            raise ValueError(f"{kind}: missing key {f.name!r}")
        value = data[f.name]
        if f.name == "at":
            if value is not None and (type(value) is not int or value < 0):
                raise ValueError(f"{kind}: 'at' must be a row position (0 or more) or null")
            values["at"] = value
        elif f.name in ("actor_id", "alias"):
            values[f.name] = _text(kind, f.name, value)
        else:
            row_type = _OLD_NEW.get(cls) or _ROW_TYPES[f.name]
            values[f.name] = _row_from_json(kind, f.name, row_type, value)
    return cls(**values)


def _group_from_json(data: dict) -> Group:
    unexpected = sorted(set(data) - {"kind", "edits", "summary"})
    if unexpected:
        raise ValueError(f"group: unexpected key {unexpected[0]!r}; expected edits, summary")
    edits = data.get("edits")
    if not isinstance(edits, list) or not 0 < len(edits) <= MAX_GROUP:
        raise ValueError(f"group: edits must be a list of 1 to {MAX_GROUP:,} edits")
    parts = []
    for number, item in enumerate(edits, 1):
        if isinstance(item, dict) and item.get("kind") == Group.kind:
            raise ValueError(f"group: edit {number} is a group; a group holds single edits")
        try:
            parts.append(edit_from_json(item))
        except ValueError as error:
            raise ValueError(f"group: edit {number}: {error}") from None
    return Group(tuple(parts), _text("group", "summary", data.get("summary", "")))


def _text(kind: str, name: str, value) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{kind}: {name} must be text")
    if any("\ud800" <= character <= "\udfff" for character in value):
        raise ValueError(f"{kind}: {name} holds an unpaired surrogate (broken Unicode)")
    # A browser's text field may send CRLF; the files are read with LF line ends.
    return value.replace("\r\n", "\n").replace("\r", "\n")


def _row_from_json(kind: str, name: str, row_type, value):
    if not isinstance(value, dict):
        raise ValueError(f"{kind}: {name} must be an object")
    row_fields = {f.name: f for f in fields(row_type)}
    unexpected = sorted(set(value) - set(row_fields))
    if unexpected:
        raise ValueError(f"{kind}: {name} has an unexpected key {unexpected[0]!r}")
    values = {}
    for key, f in row_fields.items():
        if key not in value:
            if f.default is not MISSING:
                continue  # has a default
            raise ValueError(f"{kind}: {name} is missing {key!r}")
        item = value[key]
        if key == "aliases":
            if not isinstance(item, list) or not all(isinstance(a, str) for a in item):
                raise ValueError(f"{kind}: {name}.aliases must be a list of text")
            values[key] = tuple(_text(kind, f"{name}.aliases", a) for a in item)
        elif key == "directed":
            if not isinstance(item, bool):
                raise ValueError(f"{kind}: {name}.directed must be true or false")
            values[key] = item
        else:
            values[key] = _text(kind, f"{name}.{key}", item)
    return row_type(**values)


# Applying edits


def apply(draft: Draft, edit: Edit) -> Draft:
    """Return the draft with ``edit`` made; raise EditError if it does not fit.

    The three tables are edited alike (add a row at a place, replace a row, delete a row); what
    differs is checked by ``_check_new``, ``_check_replacement`` and ``_check_unused``. An alias
    is a change of its actor's row. A group's edits are made in turn, and whether an actor or a
    type it deletes is still used is checked once they all are (undoing "add a row, then its
    actor" deletes the actor before the row).
    """
    return _apply(draft, edit, check_use=True)


def _apply(draft: Draft, edit: Edit, check_use: bool) -> Draft:
    match edit:
        case Group(edits):
            for part in edits:
                draft = _apply(draft, part, check_use=False)
            for part in edits:
                if isinstance(part, (DeleteActor, DeleteRelationType)):
                    _check_unused(draft, part.row)
            return draft
        case AddTriple() | AddActor() | AddRelationType():
            _check_new(draft, edit.row)
            return _with_rows(draft, edit.table, _insert(draft.rows(edit.table), edit.row, edit.at))
        case EditTriple(old, new) | EditActor(old, new):
            _check_replacement(draft, old, new)
            rows = list(draft.rows(edit.table))
            rows[_index(rows, old, f"{_name(old)} as it was")] = new
            return _with_rows(draft, edit.table, tuple(rows))
        case DeleteTriple() | DeleteActor() | DeleteRelationType():
            rows = list(draft.rows(edit.table))
            index = _index(rows, edit.row, _name(edit.row))
            if check_use:
                _check_unused(draft, edit.row)
            del rows[index]
            return _with_rows(draft, edit.table, tuple(rows))
        case AddAlias(actor_id, alias):
            actor = _actor(draft, actor_id)
            alias = alias.strip()
            if not alias or "|" in alias:
                raise EditError("an alias must be non-empty text without '|'")
            if alias in actor.aliases:
                raise EditError(f"'{alias}' is already an alias of '{actor_id}'")
            return apply(draft, EditActor(actor, replace(actor, aliases=(*actor.aliases, alias))))
        case RemoveAlias(actor_id, alias):
            actor = _actor(draft, actor_id)
            if alias not in actor.aliases:
                raise EditError(f"'{alias}' is not an alias of '{actor_id}'")
            return apply(draft, EditActor(actor, _without_alias(actor, alias)))
        case MarkUncited(uncited, at):
            if uncited in draft.uncited:
                raise EditError("this sentence is already marked as having no relation")
            toml = _insert_uncited(draft, uncited, at)
            return replace(draft, uncited=tuple(_read_uncited(toml)), toml=toml)
        case UnmarkUncited(uncited):
            toml = _remove_uncited(draft, uncited)
            return replace(draft, uncited=tuple(_read_uncited(toml)), toml=toml)
    raise EditError(f"not an edit: {edit!r}")


def inverse(draft: Draft, edit: Edit) -> Edit:
    """Return the edit that undoes ``edit`` made on ``draft`` (restoring rows where they were).

    A group's inverse undoes its edits in the reverse order, each worked out on the draft as the
    edits before it left it.
    """
    match edit:
        case Group(edits, summary):
            undo = []
            for part in edits:
                undo.append(inverse(draft, part))
                # as apply does: a use is checked once the whole group is applied
                draft = _apply(draft, part, check_use=False)
            return Group(tuple(reversed(undo)), summary)
        case AddTriple() | AddActor() | AddRelationType():
            return _OPPOSITE[type(edit)](edit.row)
        case DeleteTriple() | DeleteActor() | DeleteRelationType():
            where = _index(list(draft.rows(edit.table)), edit.row, _name(edit.row))
            return _OPPOSITE[type(edit)](edit.row, where)
        case EditTriple(old, new) | EditActor(old, new):
            return type(edit)(new, old)
        case AddAlias(actor_id, alias):
            return RemoveAlias(actor_id, alias.strip())
        case RemoveAlias(actor_id, alias):
            # Removing an alias and adding it back puts it last: undo restores the whole row.
            old = _actor(draft, actor_id)
            return EditActor(_without_alias(old, alias), old)
        case MarkUncited(uncited, _):
            return UnmarkUncited(uncited)
        case UnmarkUncited(uncited):
            if uncited not in draft.uncited:
                raise EditError("this sentence is not marked as having no relation")
            return MarkUncited(uncited, draft.uncited.index(uncited))
    raise EditError(f"not an edit: {edit!r}")


def _name(row) -> str:
    """A row as a message names it."""
    if isinstance(row, Actor):
        return f"actor '{row.id}'"
    if isinstance(row, RelationType):
        return f"relation type '{row.id}'"
    return "the relation"


def _check_new(draft: Draft, row) -> None:
    """A new row must not repeat one: a triple its content, an actor or a type its id."""
    if isinstance(row, Triple):
        if row in draft.triples:
            raise EditError("this relation is already recorded with this quote")
        return
    if isinstance(row, Actor):
        _check_aliases(row)
    table = "actors" if isinstance(row, Actor) else "relations"
    if any(r.id == row.id for r in draft.rows(table)):
        noun = "an actor" if isinstance(row, Actor) else "a relation type"
        raise EditError(f"{noun} with the id '{row.id}' already exists")


def _check_replacement(draft: Draft, old, new) -> None:
    if isinstance(new, Actor):
        if new.id != old.id:
            raise EditError("an actor's id cannot be changed; add a new actor instead")
        _check_aliases(new)
    elif new != old and new in draft.triples:
        raise EditError("this relation is already recorded with this quote")


def _check_unused(draft: Draft, row) -> None:
    """An actor or a relation type is deleted only when no triple uses it."""
    if isinstance(row, Actor):
        used = sum(row.id in (t.source, t.target) for t in draft.triples)
    elif isinstance(row, RelationType):
        used = sum(t.relation == row.id for t in draft.triples)
    else:
        return
    if used:
        raise EditError(
            f"{_name(row)} is used by {used} relation{'s' if used > 1 else ''}; "
            "delete or change those first"
        )


def _without_alias(actor: Actor, alias: str) -> Actor:
    return replace(actor, aliases=tuple(a for a in actor.aliases if a != alias))


def _check_aliases(actor: Actor) -> None:
    """Aliases are stored '|'-separated, trimmed and once each: others would not read back."""
    for alias in actor.aliases:
        if not alias.strip() or "|" in alias or alias != alias.strip():
            raise EditError(
                f"alias {alias!r} of '{actor.id}': an alias is non-empty text without '|' and "
                "without spaces around it"
            )
    if len(set(actor.aliases)) != len(actor.aliases):
        raise EditError(f"'{actor.id}' has the same alias twice")


def _with_rows(draft: Draft, kind: str, rows: tuple) -> Draft:
    return replace(draft, **{kind: rows})


def _insert(rows: tuple, row, at: int | None) -> tuple:
    if at is None:
        return (*rows, row)
    if not 0 <= at <= len(rows):
        raise EditError(f"row position {at} is outside the table (0 to {len(rows)})")
    return (*rows[:at], row, *rows[at:])


def _index(rows: list, row, what: str) -> int:
    try:
        return rows.index(row)
    except ValueError:
        raise EditError(f"{what} is not in the files any more; reload and try again") from None


def _actor(draft: Draft, actor_id: str) -> Actor:
    for actor in draft.actors:
        if actor.id == actor_id:
            return actor
    raise EditError(f"there is no actor '{actor_id}'")


# [[uncited]] entries in dataset.toml


def _uncited_blocks(toml: str) -> list[tuple[int, int]]:
    """Return each ``[[uncited]]`` table's (start, end) in ``toml``: from the blank lines before
    its header to the next header; raise EditError where the entries are not written that way."""
    lines = _lines(toml)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    blocks = []
    for number, line in enumerate(lines):
        if _UNCITED_HEADER.match(line):
            start = number
            while start > 0 and not lines[start - 1].strip():
                start -= 1
            if blocks and start < blocks[-1][1]:
                start = blocks[-1][1]
            end = number + 1
            while end < len(lines) and not _TABLE_HEADER.match(lines[end]):
                end += 1
            while end > number + 1 and not lines[end - 1].strip():
                end -= 1  # blank lines before the next header go with it
            blocks.append((start, end))
    return [(offsets[a], offsets[b]) for a, b in blocks]


def _check_blocks(draft: Draft, blocks) -> None:
    if len(blocks) != len(draft.uncited):
        raise EditError(
            "dataset.toml writes its [[uncited]] entries in a way curate cannot edit; "
            "edit them by hand"
        )


def _insert_uncited(draft: Draft, uncited: Uncited, at: int | None) -> str:
    toml = draft.toml
    blocks = _uncited_blocks(toml)
    _check_blocks(draft, blocks)
    entry = f"\n[[uncited]]\nquote = {toml_string(uncited.quote)}\n"
    entry += f"reason = {toml_string(uncited.reason)}\n"
    if at is None or at >= len(blocks):
        if blocks and blocks[-1][1] < len(toml.rstrip()):
            raise EditError(
                "dataset.toml has tables after its [[uncited]] entries; edit them by hand"
            )
        if toml and not toml.endswith("\n"):
            toml += "\n"
        return toml + entry
    where = blocks[at][0]
    prefix, rest = toml[:where], toml[where:]
    if prefix and not prefix.endswith("\n"):
        prefix += "\n"
    if rest.startswith("\n"):
        return prefix + entry + rest
    return prefix + entry[1:] + "\n" + rest


def _remove_uncited(draft: Draft, uncited: Uncited) -> str:
    if uncited not in draft.uncited:
        raise EditError("this sentence is not marked as having no relation")
    blocks = _uncited_blocks(draft.toml)
    _check_blocks(draft, blocks)
    start, end = blocks[draft.uncited.index(uncited)]
    return draft.toml[:start] + draft.toml[end:]


def toml_string(text: str) -> str:
    """Return ``text`` as a TOML basic string.

    >>> toml_string('He said "no" \\\\ left.\\n')
    '"He said \\\\"no\\\\" \\\\\\\\ left.\\\\n"'
    """
    # JSON's escapes are TOML's, but JSON leaves DEL as it is, which TOML forbids raw.
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


# Writing the files


def draft_texts(draft: Draft) -> dict[str, str]:
    """Return the five files' texts for ``draft``: unchanged rows keep their bytes."""
    return dict(rebase(draft).texts)


def rebase(draft: Draft) -> Draft:
    """Return ``draft`` as if read from the texts it writes (without parsing them again)."""
    texts = dict(draft.texts)
    tables = dict(draft.tables)
    for kind, (name, _, _) in _TABLES.items():
        table = draft.tables[name]
        rows = draft.rows(kind)
        if rows != table.rows:
            tables[name] = _new_table(table, rows)
            texts[name] = tables[name].text()
    texts["dataset.toml"] = draft.toml
    return replace(draft, texts=texts, tables=tables)


def _new_table(table: _Table, rows: tuple) -> _Table:
    columns = table.columns
    wanted = _TABLES_BY_TYPE[type(rows[0])] if rows else columns
    missing = []
    if set(wanted) - set(columns):
        old_rows = set(table.rows)
        new_rows = [row for row in rows if row not in old_rows]
        missing = [c for c in wanted if c not in columns and any(r.cells()[c] for r in new_rows)]
    if missing:  # a new row fills an optional column the file leaves out: write it whole
        columns = tuple(c for c in wanted if c in columns or c in missing)
        bom = "\ufeff" if table.head.startswith("\ufeff") else ""
        chunks = tuple(_csv_line([row.cells()[c] for c in columns]) for row in rows)
        return _Table(columns, bom + _csv_line(columns), rows, chunks)
    old, chunks = table.rows, table.chunks
    # Rows before the first change and after the last keep their text; the rest is matched by
    # content, so a moved or restored row keeps it too.
    prefix = 0
    while prefix < min(len(old), len(rows)) and old[prefix] == rows[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(rows)) - prefix and old[-1 - suffix] == rows[-1 - suffix]:
        suffix += 1
    pool: dict = {}
    changed = slice(prefix, len(old) - suffix)
    for row, chunk in zip(old[changed], chunks[changed], strict=True):
        pool.setdefault(row, []).append(chunk)
    middle = []
    for row in rows[prefix : len(rows) - suffix]:
        reused = pool.get(row)
        middle.append(reused.pop(0) if reused else _csv_line([row.cells()[c] for c in columns]))
    head, new_chunks = table.head, [*chunks[:prefix], *middle, *chunks[len(old) - suffix :]]
    # A line without its line end (the file's last) gets one when a row now follows it.
    if new_chunks and not head.endswith(("\n", "\r")):
        head += "\n"
    for number in range(len(new_chunks) - 1):
        if not new_chunks[number].endswith(("\n", "\r")):
            new_chunks[number] += "\n"
    tail = table.tail
    if tail and new_chunks and not new_chunks[-1].endswith(("\n", "\r")):
        new_chunks[-1] += "\n"
    return _Table(columns, head, rows, tuple(new_chunks), tail)


_TABLES_BY_TYPE = {row_type: columns for _, columns, row_type in _TABLES.values()}


def _csv_line(cells) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()
