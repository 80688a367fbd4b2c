"""Load a curated dataset folder into typed pandas tables, or say exactly what is wrong with it.

A dataset folder holds ``article.txt``, ``dataset.toml``, ``actors.csv``, ``relations.csv`` and
``triples.csv``; ``seeds/README.md`` documents the format. Loading never writes anything.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import threading
import tomllib
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from dashboard.article import (
    ALIGN_MARGIN,
    MentionFinder,
    Span,
    aligned_window,
    closest_passage,
    difference_kind,
    first_difference,
    normalise_lookalikes,
    sentence_at,
    split_sentences,
)

ACTOR_KINDS: dict[str, str] = {
    "state": "a country acting as a whole, or its government",
    "government": "a particular government or regime, distinct from the country",
    "person": "a named individual",
    "organisation": "an international or domestic organisation",
    "bloc": "a coalition or grouping of states acting or spoken of together",
    "region": "a geographic region spoken of as an arena or a participant",
    "media": "a news agency or outlet",
    "group": "a non-state armed or political group",
}
POLARITIES = ("cooperative", "conflictual", "neutral")
QUAD_CLASSES: dict[int, str] = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
CERTAINTIES = ("stated", "alleged")

FILES = ("article.txt", "dataset.toml", "actors.csv", "relations.csv", "triples.csv")
ACTOR_COLUMNS = ("id", "name", "kind", "aliases", "description")
RELATION_COLUMNS = ("id", "label", "polarity", "quad_class", "directed", "description")
TRIPLE_COLUMNS = ("source", "relation", "target", "quote", "certainty", "note")
_OPTIONAL_COLUMNS = {"aliases", "description", "note"}
_REQUIRED_META = {"title": str, "publisher": str, "published": (date, str), "language": str}
_OPTIONAL_META = {"dated_by": str, "source": str, "notes": (str, list), "uncited": list}
_UNCITED_KEYS = {"quote", "reason"}
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLUG = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")

# Limits that keep a hostile or broken dataset from hanging the loader; each is far above what a
# year of curated coverage needs (10,000 actors and 30,000 relations fit in a few MB).
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_ALIASES = 200  # per actor: every alias joins one regular expression over the article
MAX_PROBLEMS_PER_FILE = 100
_MAX_PASSAGE_SEARCHES = 20  # closest-passage searches per file: each compares with every sentence
_STOPPED = "stopped checking"
# Characters no text here should hold, and that XML exports (GraphML, GEXF) cannot.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_PASSAGE_PROBE = 300  # characters of a misquote compared when looking for its closest passage
_MARK_CONTEXT = 60  # characters of the article shown on each side of a misquote's difference
_BOOLEANS = {"true": True, "false": False}
# Finding quotes in a long article through an index of its word starts (_QuoteIndex).
_INDEX_FROM = 50_000  # characters: below this, scanning the article for each quote is as fast
_GRAM = 8  # characters after a word start that key it in the index
_MAX_CANDIDATES = 2_000  # checking more places than this costs more than one scan of 5 MB
_ALNUM = re.compile(r"[^\W_]")  # a letter or digit (str.isalnum)
_KEY_BASE = 0x9E3779B97F4A7C15  # odd, and its bits well mixed: few grams share a key
# Texts given to load_dataset in memory, by file name, for the load running in this thread.
_TEXTS: ContextVar[Mapping[str, str] | None] = ContextVar("dataset_texts", default=None)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, and where it is."""

    file: Path
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        place = str(self.file) if self.line is None else f"{self.file}:{self.line}"
        what = "key" if self.file.suffix == ".toml" else "column"  # TOML has keys, CSV columns
        column = f" {what} '{self.column}':" if self.column else ""
        return f"{place}:{column} {self.message}"


class DatasetError(Exception):
    """A dataset failed to load; ``problems`` lists every reason at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"{count}:\n" + "\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Dataset:
    """One article and the relations curated from it, validated and indexed.

    ``actors`` and ``relations`` are indexed by id. ``triples`` has one row per supporting quote
    with the derived ``start``/``end`` character offsets of the quote in ``article``, its
    ``sentence`` (1-based, where the quote starts), ``sentence_end``, the CSV ``line`` and the
    ``article`` it comes from (the folder's name, as in a Corpus of several).
    ``sentences`` has ``start``, ``end`` and ``text``, indexed by sentence number.
    """

    path: Path
    meta: dict
    article: str
    sentences: pd.DataFrame
    actors: pd.DataFrame
    relations: pd.DataFrame
    triples: pd.DataFrame
    surface_forms: dict[str, str] = field(repr=False)
    mention_finder: MentionFinder = field(repr=False, compare=False)

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def datasets(self) -> dict[str, Dataset]:
        """The articles by name: just this one (a Corpus has several)."""
        return {self.name: self}

    def mentions(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Return actor mentions inside ``article[start:end]``, offsets relative to ``start``."""
        return self.mention_finder.find(self.article[start:end])


def find_dataset_dirs(path: Path) -> list[Path]:
    """Return the dataset folders at ``path``: the folder itself, or the folders inside it.

    Raises DatasetError when there is none.
    """
    path = Path(path)
    if not path.is_dir():
        what = "is a file" if path.exists() else "does not exist"
        raise DatasetError([Problem(path, None, None, f"{what}; expected a dataset folder")])
    if any((path / name).exists() for name in FILES):
        return [path]
    found = sorted(
        child
        for child in path.iterdir()
        if child.is_dir() and any((child / name).exists() for name in FILES)
    )
    if not found:
        expected = ", ".join(FILES)
        message = f"no dataset here; expected a folder holding {expected}, or folders of them"
        raise DatasetError([Problem(path, None, None, message)])
    return found


def load_dataset(path: Path | str, texts: Mapping[str, str] | None = None) -> Dataset:
    """Load and validate one dataset folder; raise DatasetError listing every problem.

    ``texts`` gives some files' texts by name (``{"actors.csv": ...}``) to check instead of what
    is on disk, as curate does before it writes; problems still name the files in ``path``.
    """
    path = Path(path)
    if not path.is_dir() and not (texts is not None and set(FILES) <= set(texts)):
        what = "is a file" if path.exists() else "does not exist"
        raise DatasetError([Problem(path, None, None, f"{what}; expected a dataset folder")])
    token = _TEXTS.set(texts)
    try:
        return _load_dataset(path)
    finally:
        _TEXTS.reset(token)


def _load_dataset(path: Path) -> Dataset:
    problems: list[Problem] = []
    article = _read_article(path / "article.txt", problems)
    meta = _read_meta(path / "dataset.toml", problems)
    broken: set[str] = set()  # ids of rows too broken to check
    actor_rows = _read_table(path / "actors.csv", ACTOR_COLUMNS, problems, broken)
    relation_rows = _read_table(path / "relations.csv", RELATION_COLUMNS, problems, broken)
    triple_rows = _read_table(path / "triples.csv", TRIPLE_COLUMNS, problems)

    spans = split_sentences(article) if article is not None else []
    actors, surface_forms = _check_actors(path / "actors.csv", actor_rows, problems)
    relations = _check_relations(path / "relations.csv", relation_rows, problems)
    # Ids whose own row was broken were reported there; triples using them are not re-reported.
    # A file that could not be read at all was reported once: nothing that refers to it is
    # checked against it (None). (A plain set: pandas 3 deep-copies DataFrame.attrs on every row
    # access.)
    defined = _ids(actor_rows) | _ids(relation_rows) | broken
    expected = [row["quote"] for _, row in triple_rows or []]
    quotes = _quote_index(article, expected) if article is not None else None
    triples = _check_triples(
        path / "triples.csv",
        triple_rows,
        actors if actor_rows is not None else None,
        relations if relation_rows is not None else None,
        defined,
        quotes,
        spans,
        problems,
    )
    if meta is not None and quotes is not None:
        _check_uncited(path / "dataset.toml", meta, quotes, spans, problems)
    if problems:
        raise DatasetError(_capped(problems))

    starts = [start for start, _ in spans]
    sentences = pd.DataFrame(
        {
            "start": [a for a, _ in spans],
            "end": [b for _, b in spans],
            "text": [article[a:b] for a, b in spans],
        },
        index=pd.RangeIndex(1, len(spans) + 1, name="sentence"),
    )
    triples["sentence"] = pd.Series(
        [sentence_at(starts, s) for s in triples["start"]], index=triples.index, dtype="int64"
    )
    triples["sentence_end"] = pd.Series(
        [sentence_at(starts, e - 1) for e in triples["end"]], index=triples.index, dtype="int64"
    )
    triples["article"] = path.name
    return Dataset(
        path=path,
        meta=meta,
        article=article,
        sentences=sentences,
        actors=actors,
        relations=relations,
        triples=triples,
        surface_forms=surface_forms,
        mention_finder=MentionFinder(surface_forms),
    )


def _capped(problems: list[Problem]) -> list[Problem]:
    """Keep the first MAX_PROBLEMS_PER_FILE problems of each file and say how many more there are."""
    kept: list[Problem] = []
    counts: dict[Path, int] = {}
    for problem in problems:
        if problem.message.startswith(_STOPPED):
            kept.append(problem)  # says where checking stopped, so it is never cut
            continue
        counts[problem.file] = counts.get(problem.file, 0) + 1
        if counts[problem.file] <= MAX_PROBLEMS_PER_FILE:
            kept.append(problem)
    for file, count in counts.items():
        if count > MAX_PROBLEMS_PER_FILE:
            more = count - MAX_PROBLEMS_PER_FILE
            kept.append(Problem(file, None, None, f"... and {more} more problems in this file"))
    return kept


def load_datasets(path: Path | str) -> list[Dataset]:
    """Load every dataset at ``path`` (one folder or a folder of them); raise on any problem."""
    problems: list[Problem] = []
    datasets = []
    for folder in find_dataset_dirs(Path(path)):
        try:
            datasets.append(load_dataset(folder))
        except DatasetError as error:
            problems.extend(error.problems)
    if problems:
        raise DatasetError(problems)
    return datasets


# Reading files


def _read_text(path: Path, problems: list[Problem], what: str) -> str | None:
    given = (_TEXTS.get() or {}).get(path.name)
    if given is None and not path.is_file():
        problems.append(Problem(path, None, None, f"file not found; expected {what}"))
        return None
    try:
        data = given.encode("utf-8", "surrogatepass") if given is not None else None
        size = len(data) if data is not None else path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = (
                f"file is {size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB per file"
            )
            problems.append(Problem(path, None, None, message))
            return None
        data = path.read_bytes() if data is None else data
    except OSError as error:
        problems.append(Problem(path, None, None, f"cannot be read: {error.strerror}"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):  # a byte-order mark, as spreadsheets write them
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        message = (
            f"not UTF-8: byte 0x{byte:02x} at byte {error.start} cannot be decoded; "
            "save the file as UTF-8"
        )
        problems.append(Problem(path, line, None, message))
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        code = f"U+{ord(control.group()):04X}"
        message = f"holds the control character {code}; only tabs and line breaks are allowed"
        problems.append(Problem(path, line, None, message))
        return None
    if not text.strip():
        problems.append(Problem(path, None, None, f"file is empty; expected {what}"))
        return None
    return text


def _read_article(path: Path, problems: list[Problem]) -> str | None:
    return _read_text(path, problems, "the article's text")


def _read_meta(path: Path, problems: list[Problem]) -> dict | None:
    text = _read_text(path, problems, "the dataset's title, publisher, published and language")
    if text is None:
        return None
    try:
        meta = tomllib.loads(text)
    except RecursionError:
        problems.append(Problem(path, None, None, "not valid TOML: nested too deeply"))
        return None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(error))
        line = int(match.group(1)) if match else None
        lines = text.split("\n")
        hint = _toml_hint(lines[line - 1]) if line and 0 < line <= len(lines) else ""
        problems.append(Problem(path, line, None, f"not valid TOML: {error}{hint}"))
        return None
    for key, kind in _REQUIRED_META.items():
        if key not in meta:
            example = "2025-01-17" if key == "published" else '"..."'
            message = f"missing; expected {_kind_name(kind)}: add a line {key} = {example}"
            problems.append(Problem(path, None, key, message))
        elif not isinstance(meta[key], kind) or not str(meta[key]).strip():
            problems.append(Problem(path, None, key, f"expected {_kind_name(kind)}"))
        elif key == "published" and not _is_date(meta[key]):
            message = (
                f"'{meta[key]}' is not a date; write the day it was published as YYYY-MM-DD, "
                "e.g. published = 2025-01-17"
            )
            problems.append(Problem(path, None, key, message))
    for key, kind in _OPTIONAL_META.items():
        if key in meta and not isinstance(meta[key], kind):
            problems.append(Problem(path, None, key, f"expected {_kind_name(kind)}"))
    known = set(_REQUIRED_META) | set(_OPTIONAL_META)
    for key in meta.keys() - known:
        problems.append(Problem(path, None, key, _unexpected("key", key, known)))
    return meta


def _is_date(value) -> bool:
    """A TOML date, or text that is a real calendar day written YYYY-MM-DD."""
    if isinstance(value, date):
        return True
    if not _ISO_DAY.fullmatch(value.strip()):
        return False
    try:
        date.fromisoformat(value.strip())
    except ValueError:  # 2025-02-30
        return False
    return True


def _toml_hint(line: str) -> str:
    """What to do about a TOML line that failed: text written without its quotes, most often."""
    match = re.fullmatch(r"\s*([A-Za-z0-9_-]+)\s*=\s*(.*?)\s*", line)
    if not match:
        return ""
    key, value = match.groups()
    if not value or value[0] in "\"'[{":
        return ""
    try:
        tomllib.loads(f"value = {value}")
    except tomllib.TOMLDecodeError:
        if key == "published":
            return f"; write the date as YYYY-MM-DD, e.g. {key} = 2025-01-17"
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        return f'; text needs quotes: {key} = "{escaped}"'
    return ""


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", date: "a date (YYYY-MM-DD)", list: "a list"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names[k] for k in kinds)


def _read_table(
    path: Path, columns: tuple[str, ...], problems: list[Problem], broken: set[str] | None = None
) -> list[tuple[int, dict[str, str]]] | None:
    """Read a CSV file into (line, row) pairs, or None if it cannot be read as this table.

    The ids of rows left out for their number of fields go into ``broken``: they were reported
    here, so rows elsewhere that use them are not reported again.
    """
    header_text = ",".join(columns)
    text = _read_text(path, problems, f"a header row: {header_text}")
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in next(reader)]
        rows = []
        line = reader.line_num + 1
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        problems.append(Problem(path, reader.line_num, None, f"not valid CSV: {error}"))
        return None

    missing = [c for c in columns if c not in header and c not in _OPTIONAL_COLUMNS]
    unexpected = [c for c in header if c not in columns]
    for column in missing:
        guess = difflib.get_close_matches(column, unexpected, n=1)
        hint = f" (is '{guess[0]}' a misspelling?)" if guess else ""
        problems.append(Problem(path, 1, column, f"missing column{hint}; expected {header_text}"))
    for column in unexpected:
        problems.append(Problem(path, 1, column, _unexpected("column", column, columns)))
    duplicated = {c for c in header if header.count(c) > 1}
    for column in sorted(duplicated):
        problems.append(Problem(path, 1, column, "column appears more than once"))
    if missing or unexpected or duplicated:
        return None

    table = []
    for line, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            message = (
                f"expected {len(header)} fields ({','.join(header)}), found {len(cells)}; "
                "quote any field that holds a comma"
            )
            problems.append(Problem(path, line, None, message))
            if broken is not None and "id" in header and len(cells) > header.index("id"):
                broken.add(cells[header.index("id")].strip())
            continue
        row = dict(zip(header, cells, strict=True))
        table.append((line, {c: row.get(c, "") for c in columns}))
    return table


def _unexpected(what: str, name: str, known) -> str:
    guess = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    return f"unexpected {what}{hint}; expected one of: {', '.join(sorted(known))}"


def _require(path, line, row, columns, problems) -> bool:
    ok = True
    for column in columns:
        if not row[column].strip():
            problems.append(Problem(path, line, column, "empty; a value is required"))
            ok = False
    return ok


def _choice(path, line, column, value, allowed, problems) -> bool:
    if value in allowed:
        return True
    guess = difflib.get_close_matches(value, [str(a) for a in allowed], n=1)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    listed = ", ".join(str(a) for a in allowed)
    problems.append(Problem(path, line, column, f"'{value}' is not allowed{hint}; use {listed}"))
    return False


def _check_slug(path, line, column, value, problems) -> bool:
    if _SLUG.match(value):
        return True
    message = f"'{value}' is not a slug; use lower-case letters, digits, '-' and '_'"
    problems.append(Problem(path, line, column, message))
    return False


# Checking tables


def _too_many(path: Path, line: int, problems: list[Problem], before: int) -> bool:
    """Stop checking a table once it has given MAX_PROBLEMS_PER_FILE problems."""
    if len(problems) - before < MAX_PROBLEMS_PER_FILE:
        return False
    message = f"{_STOPPED} at this line after {MAX_PROBLEMS_PER_FILE} problems"
    problems.append(Problem(path, line, None, message))
    return True


def _check_actors(path, rows, problems) -> tuple[pd.DataFrame, dict[str, str]]:
    records: dict[str, dict] = {}
    forms: dict[str, str] = {}
    form_lines: dict[str, int] = {}
    before = len(problems)
    for line, row in rows or []:
        if _too_many(path, line, problems, before):
            break
        ok = _require(path, line, row, ("id", "name", "kind"), problems)
        actor_id, name, kind = row["id"].strip(), row["name"].strip(), row["kind"].strip()
        ok &= not actor_id or _check_slug(path, line, "id", actor_id, problems)
        ok &= not kind or _choice(path, line, "kind", kind, tuple(ACTOR_KINDS), problems)
        if actor_id in records:
            message = f"actor '{actor_id}' is already defined on line {records[actor_id]['line']}"
            problems.append(Problem(path, line, "id", message))
            ok = False
        aliases = tuple(dict.fromkeys(a.strip() for a in row["aliases"].split("|") if a.strip()))
        if len(aliases) > MAX_ALIASES:
            message = f"{len(aliases)} aliases; at most {MAX_ALIASES} are allowed per actor"
            problems.append(Problem(path, line, "aliases", message))
            ok, aliases = False, ()
        for form in dict.fromkeys((name, *aliases)):
            owner = forms.get(form)
            if owner is not None and owner != actor_id:
                message = (
                    f"'{form}' already names actor '{owner}' (line {form_lines[form]}); "
                    "a name or alias must stand for one actor"
                )
                problems.append(Problem(path, line, "aliases", message))
                ok = False
            elif form:
                forms[form], form_lines[form] = actor_id, line
        if ok:
            records[actor_id] = {
                "name": name,
                "kind": kind,
                "aliases": aliases,
                "description": row["description"].strip(),
                "line": line,
            }
    actors = pd.DataFrame.from_dict(
        records, orient="index", columns=["name", "kind", "aliases", "description", "line"]
    )
    actors.index.name = "id"
    return actors, forms


def _check_relations(path, rows, problems) -> pd.DataFrame:
    records: dict[str, dict] = {}
    before = len(problems)
    for line, row in rows or []:
        if _too_many(path, line, problems, before):
            break
        ok = _require(path, line, row, ("id", "label", "polarity", "directed"), problems)
        relation_id = row["id"].strip()
        ok &= not relation_id or _check_slug(path, line, "id", relation_id, problems)
        polarity = row["polarity"].strip()
        ok &= not polarity or _choice(path, line, "polarity", polarity, POLARITIES, problems)
        quad = row["quad_class"].strip()
        allowed_quads = tuple(str(q) for q in QUAD_CLASSES)
        if quad and not _choice(path, line, "quad_class", quad, allowed_quads, problems):
            ok = False
        directed = row["directed"].strip().lower()
        if directed and not _choice(path, line, "directed", directed, tuple(_BOOLEANS), problems):
            ok = False
        if relation_id in records:
            first = records[relation_id]["line"]
            message = f"relation '{relation_id}' is already defined on line {first}"
            problems.append(Problem(path, line, "id", message))
            ok = False
        if ok:
            records[relation_id] = {
                "label": row["label"].strip(),
                "polarity": polarity,
                "quad_class": int(quad) if quad else pd.NA,
                "directed": _BOOLEANS[directed],
                "description": row["description"].strip(),
                "line": line,
            }
    columns = ["label", "polarity", "quad_class", "directed", "description", "line"]
    relations = pd.DataFrame.from_dict(records, orient="index", columns=columns)
    relations["quad_class"] = relations["quad_class"].astype("Int64")
    relations["directed"] = relations["directed"].astype(bool)
    relations.index.name = "id"
    return relations


def _ids(rows) -> set[str]:
    return {row["id"].strip() for _, row in rows or []}


def _check_triples(path, rows, actors, relations, defined, quotes, spans, problems) -> pd.DataFrame:
    columns = [*TRIPLE_COLUMNS, "start", "end", "line"]
    records = []
    seen: dict[tuple, tuple[int, str]] = {}  # the line and source of each relation's first row
    searches = [0]
    before = len(problems)
    # a dict lookup per row, not a pandas .at; no dict when relations.csv could not be read
    directed = relations["directed"].to_dict() if relations is not None else {}
    for line, row in rows or []:
        if _too_many(path, line, problems, before):
            break
        ok = _require(
            path, line, row, ("source", "relation", "target", "quote", "certainty"), problems
        )
        source, target = row["source"].strip(), row["target"].strip()
        relation, certainty = row["relation"].strip(), row["certainty"].strip()
        quote = row["quote"]
        for column, value in (("source", source), ("target", target)):
            if actors is None:
                ok = False  # actors.csv could not be read: unknown is not known to be wrong
            elif value and value not in actors.index:
                if value not in defined:
                    problems.append(
                        Problem(path, line, column, _unknown("actor", value, actors.index))
                    )
                ok = False
        if relations is None:
            ok = False
        elif relation and relation not in relations.index:
            if relation not in defined:
                message = _unknown("relation", relation, relations.index)
                problems.append(Problem(path, line, "relation", message))
            ok = False
        if certainty and not _choice(path, line, "certainty", certainty, CERTAINTIES, problems):
            ok = False
        if source and source == target:
            message = (
                f"source and target are both '{source}'; a relation links two different actors"
            )
            problems.append(Problem(path, line, "target", message))
            ok = False
        span = None
        if quote.strip() and quotes is not None:
            span = _locate_quote(path, line, quote, quotes, spans, problems, searches)
            ok &= span is not None
        if not ok or span is None:
            continue
        ends = (source, target)
        if not directed[relation]:
            ends = tuple(sorted(ends))
        key = (relation, *ends, quote)
        if key in seen:
            first, first_source = seen[key]
            message = f"duplicates the row on line {first}"
            if first_source != source:
                message = (
                    f"duplicates the row on line {first} with source and target swapped: "
                    f"'{relation}' is undirected, so '{source}' to '{target}' is the same "
                    f"relation as '{target}' to '{source}'; keep one of the two rows"
                )
            problems.append(Problem(path, line, None, message))
            continue
        seen[key] = line, source
        records.append(
            [source, relation, target, quote, certainty, row["note"].strip(), *span, line]
        )
    triples = pd.DataFrame.from_records(records, columns=columns)
    return triples.astype({"start": "int64", "end": "int64", "line": "int64"})


def _unknown(what: str, value: str, known) -> str:
    guess = difflib.get_close_matches(value, list(known), n=1)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    return f"unknown {what} '{value}'{hint}; it must be an id in {what}s.csv"


def _locate_quote(
    path, line, quote, quotes: _QuoteIndex, spans, problems, searches: list[int], column="quote"
) -> Span | None:
    """Find a quote's unique place in the article, or add a problem that shows the closest passage."""
    article = quotes.article
    places = quotes.places(quote)
    if len(places) == 1:
        return places[0], places[0] + len(quote)
    if places:
        starts = [a for a, _ in spans]
        where = ", ".join(str(sentence_at(starts, p)) for p in places)
        message = (
            f"the quote occurs {_disjoint(places, len(quote))} times in article.txt "
            f"(sentences {where}); quote more of the sentence so that it points to one place"
        )
        problems.append(Problem(path, line, column, message))
        return None
    if len(quote) > len(article):
        message = f"the quote ({len(quote)} characters) is longer than article.txt ({len(article)})"
        problems.append(Problem(path, line, column, message))
        return None
    if normalise_lookalikes(quote) in quotes.folded():
        reason = "differs from article.txt only in quotation marks, dashes or spaces"
    else:
        reason = "is not in article.txt"
    if searches[0] >= _MAX_PASSAGE_SEARCHES or not spans:
        problems.append(Problem(path, line, column, f"the quote {reason}"))
        return None
    searches[0] += 1
    probe = quote[:_PASSAGE_PROBE]
    number, _ = closest_passage(probe, article, spans)
    problems.append(Problem(path, line, column, _misquote(reason, probe, article, spans, number)))
    return None


def _misquote(reason: str, quote: str, article: str, spans, number: int) -> str:
    """Say that a quote is not in the article, where it first differs from its closest passage
    (marked ⟦ ⟧ in the passage) and what kind of difference that is."""
    start, end = spans[number - 1]
    passage = article[start:end]
    window_start = aligned_window(quote, article, spans[number - 1])
    # The quote's place lies within the window's first len(quote) + margin characters; bounded,
    # so that aligning costs the same in a sentence of 5 MB (a hostile one) as in a short one.
    window = article[window_start : window_start + len(quote) + 2 * ALIGN_MARGIN + _MARK_CONTEXT]
    found = first_difference(quote, window)
    if found is None:
        return f"the quote {reason}; closest passage, sentence {number}: {_shorten(passage)}"
    i1, i2, j1, j2 = found
    ours, theirs = quote[i1:i2], window[j1:j2]
    # What is shown stays within the sentence, unless the difference lies beyond it.
    stop = j2 + _MARK_CONTEXT
    if window_start + j2 <= end:
        stop = min(stop, end - window_start)
    shown = window[max(0, j1 - _MARK_CONTEXT) : j1] + f"⟦{theirs}⟧" + window[j2:stop]
    if window_start + j1 - _MARK_CONTEXT > start:  # the sentence goes on before what is shown
        shown = "…" + shown
    if window_start + stop < end:
        shown += "…"
    return (
        f"the quote {reason}; it first differs at its character {i1 + 1}, "
        f"{difference_kind(ours, theirs)}: the quote has {_stretch(ours)} where article.txt has "
        f"{_stretch(theirs)}; closest passage, sentence {number}: «{shown}»"
    )


def _stretch(text: str) -> str:
    """A short stretch of text as a message shows it: quoted, line breaks visible, or "nothing"."""
    if not text:
        return "nothing"
    if len(text) > _MARK_CONTEXT:
        text = text[: _MARK_CONTEXT - 1] + "…"
    return "«" + text.replace("\n", "⏎") + "»"


def _positions(text: str, part: str) -> list[int]:
    """Every start of ``part`` in ``text``, overlapping ones too, by scanning: the plain way."""
    found, start = [], text.find(part)
    while start >= 0:
        found.append(start)
        start = text.find(part, start + 1)
    return found


def _disjoint(places: list[int], length: int) -> int:
    """How many of the sorted ``places`` of a part ``length`` long do not overlap, as str.count counts.

    >>> _disjoint(_positions("aaaaa", "aa"), 2), "aaaaa".count("aa")
    (2, 2)
    """
    count, free = 0, 0
    for place in places:
        if place >= free:
            count, free = count + 1, place + length
    return count


_LAST_INDEX: list = [None]  # the quote index of the last load given texts in memory
_LAST_INDEX_LOCK = threading.Lock()


def _quote_index(article: str, expected: list[str]) -> _QuoteIndex:
    """A quote index for ``article``. A load given texts in memory (curate, checking each change
    before it writes) keeps its index for the next such load of the same article, which then
    looks up only the quotes it has not seen (a save at 10,000 actors: 0.7 s instead of 1.1 s)."""
    if _TEXTS.get() is None:
        return _QuoteIndex(article, expected)
    with _LAST_INDEX_LOCK:
        index = _LAST_INDEX[0]
        if index is None or index.article != article:
            index = _LAST_INDEX[0] = _QuoteIndex(article, expected)
        else:
            index.expect(expected)
        return index


class _QuoteIndex:
    """Where quotes occur in one article: found by scanning, or through an index in a long one.

    A quote that occurs at ``s`` puts every word start inside it (an offset ``o >= 1`` where a
    letter or digit follows something else) at a word start ``s + o`` of the article, followed
    by the same characters. So the index keys every word start of the article by the _GRAM
    characters that follow it; a quote is looked up by its rarest such gram, and each candidate
    checked with ``startswith``: nothing is missed and nothing made up. Quotes with no gram, or
    only common ones, and every quote of a short article, are found by scanning, as before.
    The index, and the rarest gram of each ``expected`` quote, are made on the first look-up.

    >>> index = _QuoteIndex("Iran met Russia. Iran met Russia again.", index_from=0)
    >>> index.places("met Russia"), index.places("Russia again"), index.places("Moscow")
    ([5, 22], [26], [])
    """

    def __init__(self, article: str, expected: Iterable[str] = (), index_from: int | None = None):
        self.article = article
        self._indexed = len(article) >= (_INDEX_FROM if index_from is None else index_from)
        self._expected = list(dict.fromkeys(expected)) if self._indexed else []
        self._keys: np.ndarray | None = None  # gram keys of the article's word starts, sorted
        self._starts: np.ndarray | None = None  # the word starts, in the same order
        self._plans: dict[str, tuple[int, int, int] | None] = {}
        self._folded: str | None = None
        self._found: dict[str, list[int]] = {}  # what places() answered, by quote
        self._building = threading.Lock()

    def places(self, quote: str) -> list[int]:
        """Return every start of ``quote`` in the article, overlapping ones too, ascending."""
        found = self._found.get(quote)
        if found is None:
            found = self._found[quote] = self._search(quote)
        return found

    def expect(self, quotes: Iterable[str]) -> None:
        """Plan the look-up of ``quotes`` at once (as the constructor's ``expected``)."""
        new = [q for q in dict.fromkeys(quotes) if q not in self._found and q not in self._plans]
        if not self._indexed or not new:
            return
        if self._keys is None:
            self._expected += new
        else:
            self._plans.update(self._plan(new))

    def _search(self, quote: str) -> list[int]:
        if not self._indexed:
            return _positions(self.article, quote)
        if self._keys is None:
            with self._building:  # curate's loads may share an index (_quote_index)
                if self._keys is None:
                    starts, keys = _word_grams(self.article)
                    order = np.argsort(keys, kind="stable")  # a key's starts stay ascending
                    self._starts, self._keys = starts[order], keys[order]
                    self._plans, self._expected = self._plan(self._expected), []
        plan = self._plans[quote] if quote in self._plans else self._plan([quote])[quote]
        if plan is None:
            return _positions(self.article, quote)
        offset, low, high = plan
        article = self.article
        candidates = (start - offset for start in self._starts[low:high].tolist())
        return [s for s in candidates if s >= 0 and article.startswith(quote, s)]

    def folded(self) -> str:
        """The article with lookalike characters folded (normalise_lookalikes), made once."""
        if self._folded is None:
            self._folded = normalise_lookalikes(self.article)
        return self._folded

    def _plan(self, quotes: list[str]) -> dict[str, tuple[int, int, int] | None]:
        """Each quote's rarest gram: its offset and the rows of the index that hold it; or None,
        where scanning is the better way. All quotes at once, in numpy."""
        plans: dict[str, tuple[int, int, int] | None] = dict.fromkeys(quotes)
        if not quotes:
            return plans
        lengths = np.array([len(quote) for quote in quotes])
        bases = np.cumsum(lengths) - lengths
        starts, keys = _word_grams("".join(quotes))
        owner = bases.searchsorted(starts, "right") - 1
        offsets = starts - bases[owner]
        inside = (offsets >= 1) & (offsets + _GRAM <= lengths[owner])
        owner, offsets, keys = owner[inside], offsets[inside], keys[inside]
        low = self._keys.searchsorted(keys, "left")
        high = self._keys.searchsorted(keys, "right")
        # Sort by quote, then by how often the gram occurs (stable: the first offset wins ties).
        order = np.lexsort((high - low, owner))
        rarest = order[np.unique(owner[order], return_index=True)[1]]
        for number, offset, first, last in zip(
            owner[rarest].tolist(),
            offsets[rarest].tolist(),
            low[rarest].tolist(),
            high[rarest].tolist(),
            strict=True,
        ):
            if last - first <= _MAX_CANDIDATES:
                plans[quotes[number]] = (offset, first, last)
        return plans


def _word_grams(text: str) -> tuple[np.ndarray, np.ndarray]:
    """Return where words start in ``text`` (a letter or digit after anything else, not at 0)
    and a 64-bit key of the _GRAM characters from there (past the end: zeros)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    size = int(codes.max(initial=0)) + 1
    present = np.flatnonzero(np.bincount(codes, minlength=size))
    alnum = np.zeros(size, dtype=bool)
    alnum[present] = [_ALNUM.match(chr(code)) is not None for code in present.tolist()]
    letters = alnum[codes]
    starts = np.flatnonzero(letters[1:] & ~letters[:-1]) + 1
    padded = np.concatenate([codes, np.zeros(_GRAM, dtype=np.uint32)])
    keys = np.zeros(len(starts), dtype=np.uint64)
    for i in range(_GRAM):
        keys = keys * np.uint64(_KEY_BASE) + padded[starts + i]
    return starts, keys


def _shorten(text: str, limit: int = 200) -> str:
    return f"«{text if len(text) <= limit else text[: limit - 1] + '…'}»"


def _check_uncited(path, meta, quotes, spans, problems) -> None:
    """Each [[uncited]] entry names a sentence by a unique quote and says why it has no triple."""
    entries = meta.get("uncited", [])
    if not isinstance(entries, list):
        return
    searches = [0]
    for number, entry in enumerate(entries, start=1):
        place = f"uncited[{number}]"
        if not isinstance(entry, dict):
            problems.append(Problem(path, None, place, "expected a table with quote and reason"))
            continue
        for key in _UNCITED_KEYS:
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                problems.append(Problem(path, None, f"{place}.{key}", "expected text"))
        for key in entry.keys() - _UNCITED_KEYS:
            problems.append(
                Problem(path, None, f"{place}.{key}", _unexpected("key", key, _UNCITED_KEYS))
            )
        if isinstance(entry.get("quote"), str) and entry["quote"].strip():
            _locate_quote(
                path, None, entry["quote"], quotes, spans, problems, searches, f"{place}.quote"
            )
