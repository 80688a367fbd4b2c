"""Compare two curations of one article: how far B agrees with A, and where they differ.

``compare(a, b)`` is pure: it matches B's actors and relation types to A's, counts the relations
and the evidence each curation holds and both hold, and lists every difference with its quotes.
``render_text`` and ``render_json`` write the result for a reader and for a program. The matching
rules are documented in seeds/README.md ("Comparing two curations"); they decide every number.

>>> from dashboard.settings import SEEDS_DIR
>>> from dashboard.dataset import load_dataset
>>> seed = load_dataset(SEEDS_DIR / "iran-russia-treaty")
>>> result = compare(seed, seed)
>>> result.relations.f1, result.evidence.f1, result.only_a, result.only_b
(1.0, 1.0, (), ())
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from dashboard.dataset import Dataset

RelationKey = tuple[str, str, str]  # (source, relation type, target) in A's actor ids
EvidenceKey = tuple[RelationKey, int]  # (relation, sentence number)

_SPACES = re.compile(r"\s+")


class ArticleMismatch(ValueError):
    """The two datasets do not hold the same article, so their sentences cannot be compared."""


@dataclass(frozen=True)
class Agreement:
    """How many items A has, B has and both have; B's precision, recall and F1 against A.

    A figure over an empty set is None: precision when B has none, recall when A has none, F1
    when neither has any.

    >>> Agreement.count(a=4, b=2, both=2)
    Agreement(a=4, b=2, both=2, precision=1.0, recall=0.5, f1=0.6666666666666666)
    >>> Agreement.count(a=3, b=0, both=0).f1, Agreement.count(a=0, b=0, both=0).f1
    (0.0, None)
    """

    a: int
    b: int
    both: int
    precision: float | None
    recall: float | None
    f1: float | None

    @classmethod
    def count(cls, a: int, b: int, both: int) -> Agreement:
        precision = both / b if b else None
        recall = both / a if a else None
        # 2PR / (P + R), written so that it is defined when only one side is empty: B coding
        # nothing of A's five relations is an F1 of 0, not an unknown.
        f1 = 2 * both / (a + b) if a + b else None
        return cls(a, b, both, precision, recall, f1)

    def as_dict(self) -> dict:
        return {
            "a": self.a,
            "b": self.b,
            "both": self.both,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(frozen=True)
class ActorMatch:
    """An actor of B matched to one of A, by the same id or by a shared name or alias."""

    a: str
    b: str
    by: str  # "id" or "name"
    a_name: str = ""
    b_name: str = ""

    def as_dict(self) -> dict:
        return {"a": self.a, "b": self.b, "by": self.by}


@dataclass(frozen=True)
class UnmatchedActor:
    """An actor only one curation has. For B: ``candidates`` are the actors of A its names fit
    (none, or more than one: ambiguous), ``rivals`` the other actors of B that fit its one
    candidate (also ambiguous)."""

    id: str
    name: str
    candidates: tuple[str, ...] = ()
    rivals: tuple[str, ...] = ()

    def as_dict(self, side: str) -> dict:
        entry = {"id": self.id, "name": self.name}
        if side == "b":
            entry["candidates"] = list(self.candidates)
            entry["rivals"] = list(self.rivals)
        return entry


@dataclass(frozen=True)
class Quote:
    """One row backing a relation: its quote, the sentences it spans, certainty and CSV line."""

    quote: str
    sentence: int
    sentence_end: int
    certainty: str
    line: int

    def as_dict(self) -> dict:
        return {
            "quote": self.quote,
            "sentence": self.sentence,
            "sentence_end": self.sentence_end,
            "certainty": self.certainty,
            "line": self.line,
        }


@dataclass(frozen=True)
class Relation:
    """A relation of one curation, in that curation's own actor ids, with every row backing it."""

    source: str
    relation: str
    target: str
    source_name: str
    target_name: str
    label: str
    directed: bool
    quotes: tuple[Quote, ...]

    @property
    def certainty(self) -> str:
        """``stated`` if any of its rows states it, else ``alleged``."""
        return "stated" if any(q.certainty == "stated" for q in self.quotes) else "alleged"

    def as_dict(self) -> dict:
        return {
            "source": self.source,
            "relation": self.relation,
            "target": self.target,
            "quotes": [q.as_dict() for q in self.quotes],
        }


@dataclass(frozen=True)
class CertaintyDisagreement:
    """A relation both coded, stated by one curation and only alleged by the other."""

    a: Relation
    b: Relation

    def as_dict(self) -> dict:
        return {
            "source": self.a.source,
            "relation": self.a.relation,
            "target": self.a.target,
            "a": self.a.certainty,
            "b": self.b.certainty,
            "quotes_a": [q.as_dict() for q in self.a.quotes],
            "quotes_b": [q.as_dict() for q in self.b.quotes],
        }


@dataclass(frozen=True)
class SentenceDifference:
    """A sentence that one curation cites for a relation both have, and the other does not."""

    relation: Relation  # that curation's relation; ``quotes`` are its rows in the sentence
    sentence: int

    def as_dict(self) -> dict:
        return {**self.relation.as_dict(), "sentence": self.sentence}


@dataclass(frozen=True)
class Comparison:
    """Everything ``compare`` finds; ``render_text`` and ``render_json`` write it."""

    a_name: str
    b_name: str
    relations: Agreement
    evidence: Agreement
    by_relation: dict[str, Agreement]
    matched_actors: tuple[ActorMatch, ...]
    only_a_actors: tuple[UnmatchedActor, ...]
    only_b_actors: tuple[UnmatchedActor, ...]
    only_b_types: tuple[str, ...]
    only_a_types: tuple[str, ...]
    # (type id, field, A's value, B's value) for types both define differently; A's decide.
    differing_types: tuple[tuple[str, str, object, object], ...]
    certainty_disagreements: tuple[CertaintyDisagreement, ...]
    only_a: tuple[Relation, ...]
    only_b: tuple[Relation, ...]
    # Evidence only one side has, for the relations both have (the only_a and only_b relations'
    # evidence is theirs alone by definition).
    sentences_only_a: tuple[SentenceDifference, ...] = ()
    sentences_only_b: tuple[SentenceDifference, ...] = ()


def normalise_name(name: str) -> str:
    """The form names are matched in: case-folded, runs of white space as one space.

    >>> normalise_name("  the  Kremlin ") == normalise_name("The Kremlin")
    True
    """
    return _SPACES.sub(" ", name).strip().casefold()


def check_same_article(a: Dataset, b: Dataset) -> None:
    """Raise ArticleMismatch, saying where they first differ, unless both hold the same text.

    The loader has already dropped a byte-order mark and read CRLF line ends as LF.
    """
    if a.article == b.article:
        return
    first = next(
        (i for i, (x, y) in enumerate(zip(a.article, b.article, strict=False)) if x != y),
        min(len(a.article), len(b.article)),
    )
    line = a.article.count("\n", 0, first) + 1
    column = first - (a.article.rfind("\n", 0, first) + 1) + 1

    def around(text: str) -> str:
        piece = text[max(first - 30, 0) : first + 30]
        return repr(piece) if piece else "(the text ends here)"

    raise ArticleMismatch(
        f"{a.path / 'article.txt'} and {b.path / 'article.txt'} hold different texts "
        f"({len(a.article)} and {len(b.article)} characters), so their sentences cannot be "
        f"compared; they first differ at line {line}, column {column}: {around(a.article)} "
        f"against {around(b.article)}"
    )


def match_actors(
    a: Dataset, b: Dataset
) -> tuple[dict[str, str], list[ActorMatch], list[UnmatchedActor], list[UnmatchedActor]]:
    """Map B's actor ids to A's: the same id, else the one actor of A sharing a name or alias.

    Return the map (matched B ids only), the matches, A's unmatched actors and B's. An actor of A
    is matched at most once: an actor of B whose names fit an actor of A that another actor of B
    has by id, or whose names fit too, is ambiguous like one whose names fit several.
    """
    # Plain lists and dicts: pandas' per-item access costs seconds at 10,000 actors.
    a_names = dict(zip(a.actors.index.tolist(), a.actors["name"].tolist(), strict=True))
    b_names = dict(zip(b.actors.index.tolist(), b.actors["name"].tolist(), strict=True))
    mapping: dict[str, str] = {}
    matches: list[ActorMatch] = []
    for actor, b_name in b_names.items():
        if actor in a_names:
            mapping[actor] = actor
            matches.append(ActorMatch(actor, actor, "id", a_names[actor], b_name))
    by_form: dict[str, set[str]] = {}
    for actor, name, aliases in zip(
        a_names, a_names.values(), a.actors["aliases"].tolist(), strict=True
    ):
        for form in (name, *aliases):
            by_form.setdefault(normalise_name(form), set()).add(actor)
    candidates: dict[str, tuple[str, ...]] = {}
    for actor, name, aliases in zip(
        b_names, b_names.values(), b.actors["aliases"].tolist(), strict=True
    ):
        if actor in mapping:
            continue
        found: set[str] = set()
        for form in (name, *aliases):
            found |= by_form.get(normalise_name(form), set())
        candidates[actor] = tuple(sorted(found))
    # Who else in B holds or claims each actor of A: the actor of B with its id, and every actor
    # of B whose names fit it alone.
    claimants: dict[str, list[str]] = {actor: [actor] for actor in mapping}
    for actor, found in candidates.items():
        if len(found) == 1:
            claimants.setdefault(found[0], []).append(actor)
    unmatched_b = []
    for actor, found in candidates.items():
        rivals: tuple[str, ...] = ()
        if len(found) == 1:
            rivals = tuple(other for other in claimants[found[0]] if other != actor)
            if not rivals:
                mapping[actor] = found[0]
                matches.append(
                    ActorMatch(found[0], actor, "name", a_names[found[0]], b_names[actor])
                )
                continue
        unmatched_b.append(UnmatchedActor(actor, b_names[actor], found, rivals))
    matched_a = {m.a for m in matches}
    unmatched_a = [
        UnmatchedActor(actor, name) for actor, name in a_names.items() if actor not in matched_a
    ]
    matches.sort(key=lambda m: (m.by != "name", m.a))
    return mapping, matches, unmatched_a, unmatched_b


def _relations(
    dataset: Dataset, ids: dict[str, str], directed: dict[str, bool]
) -> dict[RelationKey, Relation]:
    """Group a dataset's rows into relations keyed in A's actor ids (``ids`` maps them; an actor
    it lacks keeps its own id). ``directed`` says which types are directed (A's taxonomy, then
    the dataset's own for types A lacks)."""
    triples = dataset.triples
    names = dataset.actors["name"].to_dict()
    labels = dataset.relations["label"].to_dict()
    grouped: dict[RelationKey, list] = {}
    columns = ("source", "relation", "target", "quote", "certainty", "sentence", "sentence_end")
    for source, relation, target, quote, certainty, sentence, sentence_end, line in zip(
        *(triples[column].tolist() for column in (*columns, "line")), strict=True
    ):
        x, y = ids.get(source, source), ids.get(target, target)
        if not directed[relation] and y < x:
            x, y = y, x
        entry = grouped.setdefault((x, relation, y), [source, target, []])
        entry[2].append(Quote(quote, int(sentence), int(sentence_end), certainty, int(line)))
    return {
        key: Relation(
            source,
            key[1],
            target,
            names[source],
            names[target],
            labels[key[1]],
            directed[key[1]],
            tuple(sorted(quotes, key=lambda q: (q.sentence, q.line))),
        )
        for key, (source, target, quotes) in grouped.items()
    }


def _evidence(relations: dict[RelationKey, Relation]) -> set[EvidenceKey]:
    return {
        (key, sentence)
        for key, relation in relations.items()
        for quote in relation.quotes
        for sentence in range(quote.sentence, quote.sentence_end + 1)
    }


def compare(a: Dataset, b: Dataset) -> Comparison:
    """Compare curation B with curation A (the reference) of the same article.

    Raise ArticleMismatch if their articles differ. The datasets are not changed.
    """
    check_same_article(a, b)
    mapping, matches, only_a_actors, only_b_actors = match_actors(a, b)
    directed = {**b.relations["directed"].to_dict(), **a.relations["directed"].to_dict()}
    rel_a = _relations(a, {}, directed)
    rel_b = _relations(b, mapping, directed)
    both = rel_a.keys() & rel_b.keys()
    ev_a, ev_b = _evidence(rel_a), _evidence(rel_b)

    by_relation: dict[str, Agreement] = {}
    types = sorted({key[1] for key in rel_a} | {key[1] for key in rel_b})
    for relation_type in types:
        count_a = sum(1 for key in rel_a if key[1] == relation_type)
        count_b = sum(1 for key in rel_b if key[1] == relation_type)
        count_both = sum(1 for key in both if key[1] == relation_type)
        by_relation[relation_type] = Agreement.count(count_a, count_b, count_both)

    disagreements = tuple(
        CertaintyDisagreement(rel_a[key], rel_b[key])
        for key in sorted(both)
        if rel_a[key].certainty != rel_b[key].certainty
    )
    return Comparison(
        a_name=str(a.path),
        b_name=str(b.path),
        relations=Agreement.count(len(rel_a), len(rel_b), len(both)),
        evidence=Agreement.count(len(ev_a), len(ev_b), len(ev_a & ev_b)),
        by_relation=by_relation,
        matched_actors=tuple(matches),
        only_a_actors=tuple(only_a_actors),
        only_b_actors=tuple(only_b_actors),
        only_b_types=tuple(sorted(set(b.relations.index) - set(a.relations.index))),
        only_a_types=tuple(sorted(set(a.relations.index) - set(b.relations.index))),
        differing_types=_differing_types(a, b),
        certainty_disagreements=disagreements,
        only_a=_in_order(rel_a[key] for key in rel_a.keys() - both),
        only_b=_in_order(rel_b[key] for key in rel_b.keys() - both),
        sentences_only_a=_sentence_differences(rel_a, ev_a - ev_b, both),
        sentences_only_b=_sentence_differences(rel_b, ev_b - ev_a, both),
    )


_TYPE_FIELDS = ("directed", "polarity", "quad_class")


def _differing_types(a: Dataset, b: Dataset) -> tuple[tuple[str, str, object, object], ...]:
    """The fields that decide a type's meaning, where A's and B's taxonomies disagree."""
    differing = []
    for relation_type in sorted(set(a.relations.index) & set(b.relations.index)):
        for field in _TYPE_FIELDS:
            x, y = a.relations.at[relation_type, field], b.relations.at[relation_type, field]
            x, y = (None if v is None or v is pd.NA else _plain(v) for v in (x, y))
            if x != y:
                differing.append((relation_type, field, x, y))
    return tuple(differing)


def _plain(value: object) -> object:
    """A numpy or pandas scalar as the Python value JSON can write."""
    return value.item() if hasattr(value, "item") else value


def _sentence_differences(
    relations: dict[RelationKey, Relation], evidence: set[EvidenceKey], both: set[RelationKey]
) -> tuple[SentenceDifference, ...]:
    """One side's evidence for relations both have, each with that side's rows in the sentence."""
    differences = []
    for key, sentence in evidence:
        if key not in both:
            continue
        relation = relations[key]
        quotes = tuple(q for q in relation.quotes if q.sentence <= sentence <= q.sentence_end)
        differences.append(SentenceDifference(replace(relation, quotes=quotes), sentence))
    # The whole key: set order changes from run to run, the report must not.
    differences.sort(
        key=lambda d: (d.sentence, d.relation.source, d.relation.relation, d.relation.target)
    )
    return tuple(differences)


def _in_order(relations: Iterable[Relation]) -> tuple[Relation, ...]:
    """Relations in the order a reader meets them: by the first sentence that backs them."""
    return tuple(
        sorted(relations, key=lambda r: (r.quotes[0].sentence, r.source, r.relation, r.target))
    )


# Rendering


def render_json(comparison: Comparison) -> str:
    """The comparison as one JSON object (the keys are documented in seeds/README.md)."""
    c = comparison
    document = {
        "a": c.a_name,
        "b": c.b_name,
        "relations": c.relations.as_dict(),
        "evidence": c.evidence.as_dict(),
        "by_relation": {key: value.as_dict() for key, value in c.by_relation.items()},
        "actors": {
            "matched": [m.as_dict() for m in c.matched_actors],
            "only_a": [u.as_dict("a") for u in c.only_a_actors],
            "only_b": [u.as_dict("b") for u in c.only_b_actors],
        },
        "relation_types": {
            "only_a": list(c.only_a_types),
            "only_b": list(c.only_b_types),
            "differ": [
                {"id": t, "field": field, "a": x, "b": y} for t, field, x, y in c.differing_types
            ],
        },
        "certainty_disagreements": [d.as_dict() for d in c.certainty_disagreements],
        "only_a": [r.as_dict() for r in c.only_a],
        "only_b": [r.as_dict() for r in c.only_b],
        "sentences_only_a": [d.as_dict() for d in c.sentences_only_a],
        "sentences_only_b": [d.as_dict() for d in c.sentences_only_b],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _figure(value: float | None) -> str:
    """A share with two decimals, never rounded to 1.00 or 0.00 when it is not.

    >>> _figure(0.6667), _figure(0.9996), _figure(0.001), _figure(0.0), _figure(None)
    ('0.67', '>0.99', '<0.01', '0.00', '-')
    """
    if value is None:
        return "-"
    shown = f"{value:.2f}"
    if shown == "1.00" and value < 1:
        return ">0.99"
    if shown == "0.00" and value > 0:
        return "<0.01"
    return shown


def _row(label: str, agreement: Agreement, width: int) -> str:
    g = agreement
    return (
        f"  {label:<{width}} {g.a:>6} {g.b:>6} {g.both:>6} {_figure(g.precision):>10} "
        f"{_figure(g.recall):>7} {_figure(g.f1):>6}"
    )


def _header(first: str, width: int) -> str:
    return (
        f"  {first:<{width}} {'A':>6} {'B':>6} {'both':>6} {'precision':>10} {'recall':>7} "
        f"{'F1':>6}"
    )


def _statement(relation: Relation) -> str:
    arrow = "→" if relation.directed else "—"
    return f"{relation.source_name} {arrow} {relation.label} {arrow} {relation.target_name}"


def _quote_lines(quotes: Iterable[Quote], prefix: str = "") -> list[str]:
    lines = []
    for q in quotes:
        where = (
            f"sentence {q.sentence}"
            if q.sentence == q.sentence_end
            else f"sentences {q.sentence}-{q.sentence_end}"
        )
        lines.append(f"      {prefix}“{q.quote}” ({where}, {q.certainty}, line {q.line})")
    return lines


def _value(value: object) -> str:
    """A taxonomy field as relations.csv writes it.

    >>> _value(True), _value(1), _value(None)
    ('true', '1', 'empty')
    """
    if value is None:
        return "empty"
    return str(value).lower() if isinstance(value, bool) else str(value)


def _percent(value: float | None) -> str:
    """A share in whole percent, unless that would show 0% or 100% for a share that is not.

    >>> _percent(0.6667), _percent(0.996), _percent(1.0), _percent(None)
    ('67%', '99.6%', '100%', 'undefined')
    """
    if value is None:
        return "undefined"
    shown = f"{value:.0%}"
    if (shown == "100%" and value < 1) or (shown == "0%" and value > 0):
        return f"{value:.1%}"
    return shown


def render_text(comparison: Comparison) -> str:
    """The comparison as a report for a reader: agreement first, then per type, then the
    differences with their quotes."""
    c = comparison
    r, e = c.relations, c.evidence
    out = [
        "Comparing two curations of one article",
        f"  A (the reference): {c.a_name}",
        f"  B (compared with A): {c.b_name}",
        "",
        f"Relations: F1 {_percent(r.f1)}. A has {r.a}, B has {r.b}, both have {r.both}.",
        f"  Precision {_percent(r.precision)} (the share of B's relations that A has), "
        f"recall {_percent(r.recall)} (the share of A's that B has).",
        f"Evidence (a relation cited in a sentence): F1 {_percent(e.f1)}. A has {e.a}, B has "
        f"{e.b}, both have {e.both}.",
        "",
        _header("", 10),
        _row("relations", r, 10),
        _row("evidence", e, 10),
        "",
        "By relation type (relations)",
    ]
    width = max((len(t) for t in c.by_relation), default=4)
    out.append(_header("type", width))
    out.extend(_row(t, g, width) for t, g in c.by_relation.items())
    if c.only_b_types:
        out.append(
            "  Types B uses that A's taxonomy lacks (their relations count as B's only): "
            + ", ".join(c.only_b_types)
        )
    for relation_type, field, x, y in c.differing_types:
        out.append(
            f"  {relation_type} is defined differently: {field} {_value(x)} in A, {_value(y)} in B "
            "(A's taxonomy decides)"
        )

    by_name = [m for m in c.matched_actors if m.by == "name"]
    out += [
        "",
        f"Actors: {len(c.matched_actors)} matched ({len(c.matched_actors) - len(by_name)} by id, "
        f"{len(by_name)} by name), {len(c.only_a_actors)} only in A, {len(c.only_b_actors)} "
        "only in B",
    ]
    out.extend(
        f"  matched by name: B's {m.b} ({m.b_name}) is A's {m.a} ({m.a_name})" for m in by_name
    )
    out.extend(f"  only in A: {u.id} ({u.name})" for u in c.only_a_actors)
    for u in c.only_b_actors:
        if u.rivals:
            why = (
                f"ambiguous: its names fit A's {u.candidates[0]}, which B's "
                + ", ".join(u.rivals)
                + " also has or fits"
            )
        elif u.candidates:
            why = "ambiguous: its names fit A's " + ", ".join(u.candidates)
        else:
            why = "no actor of A has its name or an alias"
        out.append(f"  only in B: {u.id} ({u.name}); {why}")

    out += [
        "",
        f"Certainty disagreements: {len(c.certainty_disagreements)} (relations both coded, "
        "stated by one and only alleged by the other)",
    ]
    for d in c.certainty_disagreements:
        out.append(f"  {_statement(d.a)}: A {d.a.certainty}, B {d.b.certainty}")
        out.extend(_quote_lines(d.a.quotes, "A "))
        out.extend(_quote_lines(d.b.quotes, "B "))

    for title, relations, other in (("Only in A", c.only_a, "B"), ("Only in B", c.only_b, "A")):
        plural = "s" if len(relations) != 1 else ""
        out += ["", f"{title}: {len(relations)} relation{plural}, which {other} did not code"]
        for relation in relations:
            ids = f"{relation.source}, {relation.relation}, {relation.target}"
            out.append(f"  {_statement(relation)}  ({ids})")
            out.extend(_quote_lines(relation.quotes))

    for side, differences, other in (
        ("A", c.sentences_only_a, "B"),
        ("B", c.sentences_only_b, "A"),
    ):
        out += [
            "",
            f"Sentences only {side} cites for a relation both coded: {len(differences)}, which "
            f"{other} does not cite for it",
        ]
        for difference in differences:
            out.append(f"  sentence {difference.sentence}: {_statement(difference.relation)}")
            out.extend(_quote_lines(difference.relation.quotes))
    return "\n".join(out) + "\n"
