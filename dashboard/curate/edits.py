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
            elif isinstance(value, tuple) and any("\r" in item for item in value):
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


@dataclass(frozen=True)
class AddTriple(Edit):
    kind: ClassVar[str] = "add_triple"
    triple: Triple
    at: int | None = None


@dataclass(frozen=True)
class EditTriple(Edit):
    kind: ClassVar[str] = "edit_triple"
    old: Triple
    new: Triple


@dataclass(frozen=True)
class DeleteTriple(Edit):
    kind: ClassVar[str] = "delete_triple"
    triple: Triple


@dataclass(frozen=True)
class AddActor(Edit):
    kind: ClassVar[str] = "add_actor"
    actor: Actor
    at: int | None = None


@dataclass(frozen=True)
class EditActor(Edit):
    kind: ClassVar[str] = "edit_actor"
    old: Actor
    new: Actor


@dataclass(frozen=True)
class DeleteActor(Edit):
    kind: ClassVar[str] = "delete_actor"
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
class AddRelationType(Edit):
    kind: ClassVar[str] = "add_relation_type"
    relation: RelationType
    at: int | None = None


@dataclass(frozen=True)
class DeleteRelationType(Edit):
    kind: ClassVar[str] = "delete_relation_type"
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
    )
}
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
    """Return the draft with ``edit`` made; raise EditError if it does not fit."""
    match edit:
        case AddTriple(triple, at):
            _absent(draft.triples, triple, "this relation is already recorded with this quote")
            return _with_rows(draft, "triples", _insert(draft.triples, triple, at))
        case EditTriple(old, new):
            rows = list(draft.triples)
            index = _index(rows, old, "the relation to edit")
            if new != old:
                _absent(draft.triples, new, "this relation is already recorded with this quote")
            rows[index] = new
            return _with_rows(draft, "triples", tuple(rows))
        case DeleteTriple(triple):
            rows = list(draft.triples)
            del rows[_index(rows, triple, "the relation to delete")]
            return _with_rows(draft, "triples", tuple(rows))
        case AddActor(actor, at):
            _check_aliases(actor)
            if any(a.id == actor.id for a in draft.actors):
                raise EditError(f"an actor with the id '{actor.id}' already exists")
            return _with_rows(draft, "actors", _insert(draft.actors, actor, at))
        case EditActor(old, new):
            if new.id != old.id:
                raise EditError("an actor's id cannot be changed; add a new actor instead")
            _check_aliases(new)
            rows = list(draft.actors)
            rows[_index(rows, old, f"actor '{old.id}' as it was")] = new
            return _with_rows(draft, "actors", tuple(rows))
        case DeleteActor(actor):
            rows = list(draft.actors)
            index = _index(rows, actor, f"actor '{actor.id}'")
            used = sum(actor.id in (t.source, t.target) for t in draft.triples)
            if used:
                raise EditError(
                    f"actor '{actor.id}' is used by {used} relation{'s' if used > 1 else ''}; "
                    "delete or change those first"
                )
            del rows[index]
            return _with_rows(draft, "actors", tuple(rows))
        case AddAlias(actor_id, alias):
            rows = list(draft.actors)
            index = _actor_index(rows, actor_id)
            actor = rows[index]
            alias = alias.strip()
            if not alias or "|" in alias:
                raise EditError("an alias must be non-empty text without '|'")
            if alias in actor.aliases:
                raise EditError(f"'{alias}' is already an alias of '{actor_id}'")
            rows[index] = replace(actor, aliases=(*actor.aliases, alias))
            return _with_rows(draft, "actors", tuple(rows))
        case RemoveAlias(actor_id, alias):
            rows = list(draft.actors)
            index = _actor_index(rows, actor_id)
            actor = rows[index]
            if alias not in actor.aliases:
                raise EditError(f"'{alias}' is not an alias of '{actor_id}'")
            rows[index] = replace(actor, aliases=tuple(a for a in actor.aliases if a != alias))
            return _with_rows(draft, "actors", tuple(rows))
        case AddRelationType(relation, at):
            if any(r.id == relation.id for r in draft.relations):
                raise EditError(f"a relation type with the id '{relation.id}' already exists")
            return _with_rows(draft, "relations", _insert(draft.relations, relation, at))
        case DeleteRelationType(relation):
            rows = list(draft.relations)
            index = _index(rows, relation, f"relation type '{relation.id}'")
            used = sum(t.relation == relation.id for t in draft.triples)
            if used:
                raise EditError(
                    f"relation type '{relation.id}' is used by {used} "
                    f"relation{'s' if used > 1 else ''}; delete or change those first"
                )
            del rows[index]
            return _with_rows(draft, "relations", tuple(rows))
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
    """Return the edit that undoes ``edit`` made on ``draft`` (restoring rows where they were)."""
    match edit:
        case AddTriple(triple, _):
            return DeleteTriple(triple)
        case EditTriple(old, new):
            return EditTriple(new, old)
        case DeleteTriple(triple):
            return AddTriple(triple, _index(list(draft.triples), triple, "the relation"))
        case AddActor(actor, _):
            return DeleteActor(actor)
        case EditActor(old, new):
            return EditActor(new, old)
        case DeleteActor(actor):
            return AddActor(actor, _index(list(draft.actors), actor, f"actor '{actor.id}'"))
        case AddAlias(actor_id, alias):
            return RemoveAlias(actor_id, alias.strip())
        case RemoveAlias(actor_id, alias):
            # Removing an alias and adding it back puts it last: undo restores the whole row.
            rows = list(draft.actors)
            old = rows[_actor_index(rows, actor_id)]
            new = replace(old, aliases=tuple(a for a in old.aliases if a != alias))
            return EditActor(new, old)
        case AddRelationType(relation, _):
            return DeleteRelationType(relation)
        case DeleteRelationType(relation):
            where = _index(list(draft.relations), relation, f"relation type '{relation.id}'")
            return AddRelationType(relation, where)
        case MarkUncited(uncited, _):
            return UnmarkUncited(uncited)
        case UnmarkUncited(uncited):
            if uncited not in draft.uncited:
                raise EditError("this sentence is not marked as having no relation")
            return MarkUncited(uncited, draft.uncited.index(uncited))
    raise EditError(f"not an edit: {edit!r}")


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


def _absent(rows: tuple, row, message: str) -> None:
    if row in rows:
        raise EditError(message)


def _actor_index(rows: list[Actor], actor_id: str) -> int:
    for index, actor in enumerate(rows):
        if actor.id == actor_id:
            return index
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
