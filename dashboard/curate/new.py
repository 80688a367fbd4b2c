"""``python -m dashboard new``: a dataset folder from an article, or a copy of a dataset.

The new folder is checked in memory before anything is written, so a refused article leaves no
half-made folder behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from dashboard.curate.atomic import write_atomic
from dashboard.curate.edits import toml_string
from dashboard.dataset import (
    ACTOR_COLUMNS,
    FILES,
    TRIPLE_COLUMNS,
    Dataset,
    DatasetError,
    load_dataset,
)
from dashboard.settings import PACKAGE_DIR, SEEDS_DIR

DEFAULT_TAXONOMY = SEEDS_DIR / "iran-russia-treaty" / "relations.csv"
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TITLE_LENGTH = 120


class NewError(Exception):
    """The dataset cannot be made as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    language: str | None = None


def new_dataset(
    folder: Path,
    article: Path,
    meta: Metadata = Metadata(),
    taxonomy: Path | None = None,
    today: date | None = None,
) -> Dataset:
    """Create a dataset folder holding ``article``, headers-only actors and triples, the
    taxonomy (default: the bundled seed's) and ``dataset.toml``; return it loaded."""
    folder = Path(folder)
    _check_target(folder)
    text, data = _read_article(Path(article))
    relations = _read_file(Path(taxonomy) if taxonomy else DEFAULT_TAXONOMY, "--taxonomy")
    texts = {
        "article.txt": text,
        "dataset.toml": _metadata_toml(text, meta, today or date.today()),
        "actors.csv": ",".join(ACTOR_COLUMNS) + "\n",
        "relations.csv": relations,
        "triples.csv": ",".join(TRIPLE_COLUMNS) + "\n",
    }
    _check(folder, texts, Path(article), Path(taxonomy) if taxonomy else DEFAULT_TAXONOMY)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "article.txt").write_bytes(data)  # byte for byte, as the issue asks
    for name in FILES[1:]:
        write_atomic(folder / name, texts[name])
    return load_dataset(folder)


def copy_dataset(folder: Path, source: Path) -> list[str]:
    """Copy the five files of the dataset at ``source`` into ``folder`` (no journal); return the
    copy's problems (a copy of a broken dataset is made, for curate to mend)."""
    folder, source = Path(folder), Path(source)
    missing = [name for name in FILES if not (source / name).is_file()]
    if missing:
        raise NewError(f"{source} is not a dataset folder: it has no {', '.join(missing)}")
    _check_target(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        (folder / name).write_bytes((source / name).read_bytes())
    try:
        load_dataset(folder)
    except DatasetError as error:
        return [str(problem) for problem in error.problems]
    return []


def _check_target(folder: Path) -> None:
    resolved = folder.resolve()
    for protected in {PACKAGE_DIR.resolve(), SEEDS_DIR.resolve()}:
        if resolved.is_relative_to(protected):
            raise NewError(
                f"{folder} is inside the installed package, which is never written to; "
                "choose a folder of your own"
            )
    if folder.exists() and not folder.is_dir():
        raise NewError(f"{folder} is a file; expected a new or empty folder")
    present = [name for name in FILES if (folder / name).exists()]
    if present:
        raise NewError(
            f"{folder} already holds a dataset ({', '.join(present)}); nothing was changed. "
            f"Choose a new folder, or curate this one: python -m dashboard curate {folder}"
        )


def _read_article(path: Path) -> tuple[str, bytes]:
    data = _read_bytes(path, "--article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise NewError(
            f"{path}:{line}: not UTF-8 text: byte 0x{data[error.start]:02x} at byte "
            f"{error.start} cannot be decoded; save the article as UTF-8 (plain text) first"
        ) from None
    if not text.lstrip("\ufeff").strip():
        raise NewError(f"{path}: the article is empty; expected the article's text")
    return text, data


def _read_file(path: Path, option: str) -> str:
    data = _read_bytes(path, option)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise NewError(f"{path}: not UTF-8 text; save it as UTF-8 first") from None


def _read_bytes(path: Path, option: str) -> bytes:
    if path.is_dir():
        raise NewError(f"{option} {path}: is a folder; expected a text file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise NewError(f"{option} {path}: no such file") from None
    except OSError as error:
        raise NewError(f"{option} {path}: cannot be read: {error.strerror}") from None


def _metadata_toml(article: str, meta: Metadata, today: date) -> str:
    notes = []
    title = meta.title
    if not title:
        first = next(line.strip() for line in article.lstrip("\ufeff").splitlines() if line.strip())
        title = first if len(first) <= _TITLE_LENGTH else first[: _TITLE_LENGTH - 1] + "…"
        notes.append("title: the article's first line, set by `dashboard new`; check it.")
    publisher = meta.publisher
    if not publisher:
        publisher = "unknown"
        notes.append("publisher: not given to `dashboard new`; replace 'unknown'.")
    published = meta.published
    if published is None:
        published = today.isoformat()
        notes.append("published: not given to `dashboard new`; the day it ran stands in.")
    elif not _DATE.match(published):
        raise NewError(f"--published {published!r}: expected a date as YYYY-MM-DD")
    else:
        try:
            date.fromisoformat(published)
        except ValueError:
            raise NewError(f"--published {published!r}: not a real date (YYYY-MM-DD)") from None
    language = meta.language or "en"
    if not _LANGUAGE.match(language):
        raise NewError(f"--language {language!r}: expected a language code such as en or pt-BR")
    lines = [
        f"title = {toml_string(title)}",
        f"publisher = {toml_string(publisher)}",
        f"published = {published}",
        f"language = {toml_string(language)}",
    ]
    if notes:
        lines.append("notes = [")
        lines += [f"    {toml_string(note)}," for note in notes]
        lines.append("]")
    return "\n".join(lines) + "\n"


def _check(folder: Path, texts: dict[str, str], article: Path, taxonomy: Path) -> None:
    try:
        load_dataset(folder, texts=texts)
    except DatasetError as error:
        given = {"article.txt": article, "relations.csv": taxonomy}  # name the user's files
        problems = "\n".join(
            str(replace(p, file=given.get(p.file.name, p.file))) for p in error.problems
        )
        message = f"the new dataset would not be valid; nothing was written:\n{problems}"
        raise NewError(message) from None
