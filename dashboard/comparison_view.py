"""Two curations of one article drawn as one network: the union, each relation marked by side.

``union_of(a, b)`` builds a ``Union``: it offers what the page reads from a ``Dataset`` or a
``Corpus`` (``actors``, ``relations``, ``triples``, ``meta``, ``name``, ``datasets``), so the
figure, the panel, the table and the filters draw it as they draw any data. Its ``triples`` are
A's rows then B's, B's actors written in A's ids where ``compare.match_actors`` matches them, with
two more columns: ``curation`` ("a" or "b": whose row it is) and ``side`` ("both", "a" or "b":
whether the relation it backs, as ``compare`` matches relations, is in both curations or only in
that one). An actor matched across the two is one node; B's unmatched actors and relation types
join A's. The article is A's (``compare`` has checked that B's is the same text), so every row
of both counts its sentences in that one text.

>>> from dashboard.settings import SEEDS_DIR
>>> from dashboard.dataset import load_dataset
>>> seed = load_dataset(SEEDS_DIR / "iran-russia-treaty")
>>> union = union_of(seed, seed)
>>> sorted(set(union.triples["side"])), len(union.triples) == 2 * len(seed.triples)
(['both'], True)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from dashboard.compare import Comparison, Relation, compare, match_actors
from dashboard.dataset import Dataset

if TYPE_CHECKING:
    from dashboard.graph import NetworkModel

# The sides a relation can be on, by the value the comparison filter sends.
SIDES = {"both": "In both", "a": "Only in A", "b": "Only in B"}
SIDE_WORDS = {"both": "in both", "a": "only in A", "b": "only in B"}  # the same, in a sentence
# The glyph each one-sided relation carries on the figure; a relation in both carries none.
SIDE_GLYPHS = {"a": "A", "b": "B"}


@dataclass(frozen=True, eq=False)  # one union is one thing: hashed by identity, as models are
class Union:
    """The union of curation ``b`` with the reference ``a`` (see the module's docstring)."""

    a: Dataset
    b: Dataset
    comparison: Comparison
    actor_ids: dict[str, str]  # B's actor ids -> A's, for the actors matched
    actors: pd.DataFrame
    relations: pd.DataFrame
    triples: pd.DataFrame

    @property
    def path(self) -> Path:
        return self.a.path

    @property
    def name(self) -> str:
        return f"{self.a.name}-vs-{self.b.name}"

    @property
    def meta(self) -> dict:
        return self.a.meta

    @property
    def article(self) -> str:
        return self.a.article

    @property
    def datasets(self) -> dict[str, Dataset]:
        """One article: A's (B holds the same text)."""
        return {self.a.name: self.a}

    def __getattr__(self, name: str):
        # Anything else a Dataset offers (sentences, mentions, surface forms, ...) is A's: the
        # article is A's, and curate mode reads such parts of the data it edits.
        if name.startswith("__") or name == "a":
            raise AttributeError(name)
        return getattr(self.a, name)

    def side_name(self, side: str) -> str:
        """ "A (folder)" or "B (folder)": how the page names a curation."""
        return f"A ({self.a.name})" if side == "a" else f"B ({self.b.name})"


def union_of(a: Dataset, b: Dataset) -> Union:
    """Build the union of curation B with the reference A; raise compare.ArticleMismatch if
    their texts differ. Neither dataset is changed."""
    comparison = compare(a, b)
    mapping, _, _, _ = match_actors(a, b)
    directed = {**b.relations["directed"].to_dict(), **a.relations["directed"].to_dict()}
    rows_a = a.triples.assign(curation="a")
    rows_b = b.triples.assign(
        curation="b",
        article=a.name,
        source=b.triples["source"].map(lambda x: mapping.get(x, x)),
        target=b.triples["target"].map(lambda x: mapping.get(x, x)),
    )
    keys_a, keys_b = _keys(rows_a, directed), _keys(rows_b, directed)
    both = set(keys_a) & set(keys_b)
    rows_a["side"] = ["both" if key in both else "a" for key in keys_a]
    rows_b["side"] = ["both" if key in both else "b" for key in keys_b]
    triples = pd.concat([rows_a, rows_b], ignore_index=True)
    b_only_actors = b.actors[
        ~b.actors.index.isin(list(mapping)) & ~b.actors.index.isin(a.actors.index)
    ]
    actors = pd.concat([a.actors, b_only_actors])
    b_only_types = b.relations[~b.relations.index.isin(a.relations.index)]
    relations = pd.concat([a.relations, b_only_types]) if len(b_only_types) else a.relations
    return Union(a, b, comparison, mapping, actors, relations, triples)


def _keys(triples: pd.DataFrame, directed: dict[str, bool]) -> list[tuple[str, str, str]]:
    """Each row's relation as ``compare`` matches it: (source, type, target), an undirected
    type's ends in id order."""
    keys = []
    for source, relation, target in zip(
        triples["source"].tolist(), triples["relation"].tolist(), triples["target"].tolist(),
        strict=True,
    ):  # fmt: skip
        if not directed[relation] and target < source:
            source, target = target, source
        keys.append((source, relation, target))
    return keys


def union_of_model(model: NetworkModel) -> Union | None:
    """The union a model draws, or None when it draws one curation (or a corpus)."""
    return model.dataset if isinstance(model.dataset, Union) else None


@functools.lru_cache(maxsize=8)
def edge_sides(model: NetworkModel) -> np.ndarray:
    """Per edge of a union's model, in its order: "both", "a" or "b" (every row of an edge backs
    one relation, so they share a side)."""
    triples = model.dataset.triples
    if "side" not in triples.columns or not len(model.edges):
        return np.full(len(model.edges), "both", dtype=object)
    first = model.edges["rows"].map(lambda rows: rows[0])
    return triples["side"].loc[first.to_numpy()].to_numpy(dtype=object)


def edge_side(model: NetworkModel, edge: str) -> str | None:
    """The side of one edge of a union's model, None for a model of one curation."""
    if union_of_model(model) is None or edge not in model.edge_position:
        return None
    return str(edge_sides(model)[model.edge_position[edge]])


@functools.lru_cache(maxsize=8)
def disagreements(union: Union) -> dict[int, tuple[str, ...]]:
    """Each sentence where the curations disagree, with what they disagree on: a relation only
    one has, a sentence only one cites for a relation both have, or a certainty."""
    found: dict[int, list[str]] = {}
    c = union.comparison

    def note(relation: Relation, what: str, sentences=None) -> None:
        said = f"{relation.source_name} {relation.label} {relation.target_name}"
        for quote in relation.quotes:
            for number in range(quote.sentence, quote.sentence_end + 1):
                if sentences is None or number in sentences:
                    found.setdefault(number, []).append(f"{what}: {said}")

    for relation in c.only_a:
        note(relation, "only in A")
    for relation in c.only_b:
        note(relation, "only in B")
    for difference in c.sentences_only_a:
        note(difference.relation, "only A cites this sentence for", {difference.sentence})
    for difference in c.sentences_only_b:
        note(difference.relation, "only B cites this sentence for", {difference.sentence})
    for disagreement in c.certainty_disagreements:
        a, b = disagreement.a, disagreement.b
        what = f"A says {a.certainty}, B says {b.certainty}"
        note(a, what)
        note(b, what)
    return {number: tuple(dict.fromkeys(items)) for number, items in sorted(found.items())}


def sentence_disagreement(model: NetworkModel, number: int) -> tuple[str, ...]:
    """What the curations disagree on in a sentence (none for a model of one curation)."""
    union = union_of_model(model)
    return disagreements(union).get(number, ()) if union is not None else ()
