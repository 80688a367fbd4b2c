"""What the curate form offers: the quote a selection stands for, the actors to pick first, the
near-duplicates of a new actor, the relation types' keyboard shortcuts, the to-do list.

Pure functions of a Dataset (or of plain text), so that they carry the tests and the callbacks
stay thin.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from dashboard.coverage import coverage_report
from dashboard.dataset import Dataset

# Relation types get these keys, in the taxonomy's order: digits first, then letters.
SHORTCUT_KEYS = "123456789abcdefghijklmnopqrstuvwxyz"
# Two names this alike (difflib's ratio of their folded forms) are pointed out as near-duplicates.
SIMILAR_RATIO = 0.85
MAX_SIMILAR = 5
_FOLD_PUNCTUATION = re.compile(r"[^\w\s]")
_LEADING_THE = re.compile(r"^the\s+")


def quote_span(article: str, start, end) -> tuple[int, int] | None:
    """The span of the article a selection stands for, white space trimmed at both ends; None if
    the offsets are not two integers inside the article, or the span holds only white space.

    >>> quote_span("Iran met Russia. ", 4, 17)
    (5, 16)
    >>> quote_span("Iran", 0, 99) is None
    True
    """
    if not all(isinstance(x, int) and not isinstance(x, bool) for x in (start, end)):
        return None
    if not 0 <= start < end <= len(article):
        return None
    text = article[start:end]
    stripped = text.strip()
    if not stripped:
        return None
    lead = len(text) - len(text.lstrip())
    return start + lead, start + lead + len(stripped)


def occurrences(article: str, quote: str) -> int:
    """How many times a quote occurs in the article, overlapping ones counted.

    >>> occurrences("the talks and the talks", "the talks")
    2
    """
    count, position = 0, article.find(quote)
    while position != -1:
        count += 1
        position = article.find(quote, position + 1)
    return count


def quote_warning(article: str, start: int, end: int) -> str | None:
    """What is wrong with quoting ``article[start:end]`` before it is saved (the validator has the
    last word), or None: a quote must point at one place in the article."""
    times = occurrences(article, article[start:end])
    if times > 1:
        return (
            f"This text occurs {times} times in the article, so it would not say which place "
            "it means: select a few more words around it."
        )
    return None


def mentioned_actors(dataset: Dataset, start: int, end: int) -> list[str]:
    """The ids of the actors named (by name or alias) in ``article[start:end]``, in the order of
    their first mention."""
    return list(dict.fromkeys(actor for *_, actor in dataset.mentions(start, end)))


def actor_choices(actors: pd.DataFrame, first: Sequence[str] = ()) -> list[dict]:
    """Options for a Source or Target picker: the actors in ``first`` (those the selection names)
    at the top, marked so, then every other actor by name. An option is found by its name, its
    aliases or its id."""
    names = actors["name"]
    first = [a for a in dict.fromkeys(first) if a in actors.index]
    rest = sorted(
        (a for a in actors.index if a not in set(first)), key=lambda a: names[a].casefold()
    )
    options = []
    for actor_id in [*first, *rest]:
        aliases = actors.at[actor_id, "aliases"]
        label = names[actor_id] + (" · named here" if actor_id in first else "")
        options.append(
            {
                "label": label,
                "value": actor_id,
                "search": " ".join([names[actor_id], *aliases, actor_id]),
            }
        )
    return options


def fold_name(text: str) -> str:
    """A name reduced to what tells names apart: case, accents, punctuation, a leading "the"
    and runs of white space do not count.

    >>> fold_name("  The U.S.  ")
    'us'
    >>> fold_name("Türkiye")
    'turkiye'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _FOLD_PUNCTUATION.sub("", text)
    text = " ".join(text.split())
    return _LEADING_THE.sub("", text)


@dataclass(frozen=True)
class Similar:
    """An existing actor that a new name resembles, and the name or alias it resembles."""

    actor: str
    name: str
    form: str
    same: bool  # the same name once case, accents and punctuation are set aside

    def __str__(self) -> str:
        how = "is the same name as" if self.same else "looks like"
        via = "" if self.form == self.name else f" (its alias “{self.form}”)"
        return f"{how} {self.name}{via}, id {self.actor}"


def near_duplicates(
    actors: pd.DataFrame, names: Iterable[str], exclude: str | None = None
) -> list[Similar]:
    """The existing actors (but ``exclude``) whose name or an alias is the same as, or very like,
    one of ``names`` (a new actor's name and aliases): the same ones first, at most MAX_SIMILAR.

    >>> actors = pd.DataFrame({"name": ["Iran", "United States"],
    ...     "aliases": [("Tehran",), ("the U.S.",)]}, index=["iran", "united-states"])
    >>> [str(s) for s in near_duplicates(actors, ["US"])]
    ['is the same name as United States (its alias “the U.S.”), id united-states']
    >>> [s.actor for s in near_duplicates(actors, ["Tehran's"])]
    ['iran']
    """
    wanted = [fold_name(n) for n in names if isinstance(n, str) and fold_name(n)]
    if not wanted:
        return []
    found: dict[str, Similar] = {}
    for actor_id, name, aliases in zip(
        actors.index, actors["name"], actors["aliases"], strict=True
    ):
        if actor_id == exclude:
            continue
        best = None
        for form in [name, *aliases]:
            folded = fold_name(form)
            if not folded:
                continue
            for new in wanted:
                if folded == new:
                    best = Similar(actor_id, name, form, True)
                    break
                ratio = difflib.SequenceMatcher(None, new, folded, autojunk=False).ratio()
                if ratio >= SIMILAR_RATIO and best is None:
                    best = Similar(actor_id, name, form, False)
            if best is not None and best.same:
                break
        if best is not None:
            found[actor_id] = best
    ordered = sorted(found.values(), key=lambda s: (not s.same, s.name.casefold()))
    return ordered[:MAX_SIMILAR]


def relation_shortcuts(relation_ids: Sequence[str]) -> dict[str, str]:
    """A key for each relation type, in the taxonomy's order (the first 35 get one).

    >>> relation_shortcuts(["meets", "visits"])
    {'meets': '1', 'visits': '2'}
    """
    return dict(zip(relation_ids, SHORTCUT_KEYS, strict=False))


def relation_choices(relations: pd.DataFrame) -> list[dict]:
    """Options for the Relation picker: each type's label after its keyboard shortcut."""
    keys = relation_shortcuts(list(relations.index))
    options = []
    for relation_id, label in zip(relations.index, relations["label"], strict=True):
        key = keys.get(relation_id)
        options.append(
            {
                "label": f"{key} · {label}" if key else label,
                "value": relation_id,
                "search": f"{label} {relation_id}",
            }
        )
    return options


def parse_aliases(text) -> tuple[str, ...]:
    """Aliases typed one per line (or separated by "|", as actors.csv keeps them), trimmed,
    blanks and repeats dropped.

    >>> parse_aliases("Tehran\\n  Iranian | Tehran\\n\\n")
    ('Tehran', 'Iranian')
    """
    if not isinstance(text, str):
        return ()
    parts = (part.strip() for line in text.splitlines() for part in line.split("|"))
    return tuple(dict.fromkeys(part for part in parts if part))


@dataclass(frozen=True)
class ToDo:
    """A sentence that names two or more actors and is cited by no row: code it, or say why not."""

    sentence: int
    start: int
    end: int
    text: str
    names: tuple[str, ...]


def todo_items(dataset: Dataset) -> list[ToDo]:
    """The sentences coverage reports as gaps (naming two or more actors, cited by no row, not
    explained in dataset.toml), in the article's order, with the actors' names."""
    names = dataset.actors["name"]
    items = []
    for finding in coverage_report(dataset):
        if finding.kind != "sentence" or finding.reason:
            continue
        start, end = dataset.sentences.loc[finding.sentence, ["start", "end"]]
        items.append(
            ToDo(
                finding.sentence,
                int(start),
                int(end),
                finding.text,
                tuple(names[a] for a in finding.actors),
            )
        )
    return items


def sentence_of(dataset: Dataset, position: int) -> int:
    """The number of the sentence that holds a character position (1-based)."""
    starts = dataset.sentences["start"].tolist()
    return max(sum(1 for s in starts if s <= position), 1)
