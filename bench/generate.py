"""Write a synthetic, valid dataset folder of any size, the same for the same seed.

    .venv/bin/python bench/generate.py OUT --n 1000 [--seed 1]

The folder follows seeds/README.md: ``article.txt`` made of generated sentences of about 150
characters, each naming two actors; ``actors.csv`` with ``n`` actors of five kinds;
``relations.csv`` with 8 relation types of mixed polarity and direction; ``triples.csv`` with
about ``3 n`` rows, each quoting one whole sentence, every sentence quoted exactly once; and
``dataset.toml``. Each actor takes part in about three relations (1.5 n edges, backed by two
quotes on average), and a few actors are hubs, as in real coverage.

>>> import tempfile
>>> from dashboard.dataset import load_dataset
>>> with tempfile.TemporaryDirectory() as folder:
...     counts = generate(folder, 30, seed=1)
...     dataset = load_dataset(folder)
>>> counts == {"actors": 30, "edges": 45, "triples": len(dataset.triples)}
True
>>> len(dataset.actors), dataset.relations["polarity"].nunique(), len(dataset.relations)
(30, 3, 8)
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
from pathlib import Path

SENTENCE_LENGTH = 150  # characters, about; the "~150-character quotes"
EDGES_PER_ACTOR = 1.5  # each edge has two ends: about three relations per actor
QUOTES_PER_EDGE = (1, 2, 3)  # drawn evenly: two quotes per edge, about 3 n triples in all
ALLEGED_SHARE = 0.2
SENTENCES_PER_PARAGRAPH = 5

# Kind and share of the actors; names are made of syllables so that no two collide.
KINDS = (("state", 0.30), ("person", 0.35), ("organisation", 0.20), ("group", 0.10),
         ("media", 0.05))  # fmt: skip
_SYLLABLES = (
    "ka", "lo", "ven", "tar", "mi", "sor", "del", "an", "ru", "bek", "zan", "ol", "pri", "vat",
    "ne", "gor", "ili", "mas", "tu", "ren", "cas", "ob", "fel", "hun", "ya", "qui", "dor", "em",
    "sa", "wil",
)  # fmt: skip
_ORGANISATION_WORDS = ("Council", "Institute", "Union", "Agency", "Alliance", "Foundation")
_GROUP_WORDS = ("Front", "Brigades", "Movement", "Guard")
_MEDIA_WORDS = ("News", "Herald", "Times", "Wire")

# id, label, polarity, quad_class, directed, description, how a sentence says it
RELATIONS = (
    ("meets", "meets with", "cooperative", "1", "false",
     "Leaders or officials meet or hold talks (CAMEO 04 Consult).", "{a} met {b}"),
    ("signs_agreement", "signs an agreement with", "cooperative", "1", "false",
     "Signs a treaty or other formal agreement (CAMEO 057).", "{a} signed an agreement with {b}"),
    ("provides_aid", "provides aid to", "cooperative", "2", "true",
     "Gives economic or humanitarian aid (CAMEO 07 Provide aid).", "{a} sent aid to {b}"),
    ("supplies_weapons", "supplies weapons to", "cooperative", "2", "true",
     "Supplies arms or military equipment (CAMEO 0712).", "{a} supplied weapons to {b}"),
    ("accuses", "accuses", "conflictual", "3", "true",
     "Accuses, blames or denounces (CAMEO 112 Accuse).", "{a} accused {b} of bad faith"),
    ("attacks", "attacks", "conflictual", "4", "true",
     "Uses military force against (CAMEO 19 Fight).", "{a} attacked {b}"),
    ("tension", "is at odds with", "conflictual", "", "false",
     "A standing rivalry or tension, with no single event.", "{a} and {b} remained at odds"),
    ("reports_on", "reports on", "neutral", "", "true",
     "Reports on or comments about, taking no side.", "{a} reported on {b}"),
)  # fmt: skip
_ALLEGED = ("Critics claim that ", "Officials allege that ", "Reports suggest that ")
# Clauses that pad a sentence to its length; lower case, so they name no actor.
_CLAUSES = (
    "in talks that lasted late into the night", "after weeks of quiet preparation",
    "according to people familiar with the matter", "despite objections from several quarters",
    "as regional tensions continued to rise", "in a move that surprised many observers",
    "while markets watched the outcome closely", "under terms that were not made public",
    "following a long and difficult negotiation", "at a meeting held in the capital",
    "with little warning to its neighbours", "amid growing pressure at home",
    "in what analysts called a turning point", "after a series of earlier disputes",
    "during a tense week of diplomacy", "as the winter season approached",
)  # fmt: skip


def generate(folder: Path | str, n: int, seed: int = 1) -> dict[str, int]:
    """Write a dataset of ``n`` actors into ``folder``; return the numbers of actors, edges, triples."""
    if n < 2:
        raise ValueError(f"n must be at least 2, got {n}")
    rng = random.Random(seed)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    actors = _actors(rng, n)
    edges = _edges(rng, n)
    sentences: list[str] = []
    triples: list[tuple[str, str, str, str, str, str]] = []
    seen: set[str] = set()
    for source, relation, target, quotes in edges:
        certainty = "alleged" if rng.random() < ALLEGED_SHARE else "stated"
        for _ in range(quotes):
            sentence = _sentence(rng, actors[source][1], relation, actors[target][1], certainty)
            while sentence in seen:  # every quote must occur once in the article
                sentence = _sentence(rng, actors[source][1], relation, actors[target][1], certainty)
            seen.add(sentence)
            sentences.append(sentence)
            note = "Generated." if certainty == "alleged" else ""
            triples.append(
                (actors[source][0], RELATIONS[relation][0], actors[target][0], sentence,
                 certainty, note)
            )  # fmt: skip
    # Shuffle the sentences so that one edge's quotes are spread through the article.
    order = list(range(len(sentences)))
    rng.shuffle(order)
    paragraphs = [
        " ".join(sentences[i] for i in order[start : start + SENTENCES_PER_PARAGRAPH])
        for start in range(0, len(order), SENTENCES_PER_PARAGRAPH)
    ]
    (folder / "article.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    _write_csv(folder / "actors.csv", ("id", "name", "kind", "aliases", "description"), actors)
    _write_csv(
        folder / "relations.csv",
        ("id", "label", "polarity", "quad_class", "directed", "description"),
        [relation[:6] for relation in RELATIONS],
    )
    _write_csv(
        folder / "triples.csv",
        ("source", "relation", "target", "quote", "certainty", "note"),
        [triples[i] for i in order],
    )
    (folder / "dataset.toml").write_text(
        f'title = "Synthetic network of {n} actors (seed {seed})"\n'
        'publisher = "bench/generate.py"\n'
        "published = 2025-01-01\n"
        'language = "en"\n'
        f'notes = "Generated for benchmarks: python bench/generate.py OUT --n {n} --seed {seed}"\n',
        encoding="utf-8",
    )
    return {"actors": n, "edges": len(edges), "triples": len(triples)}


def _actors(rng: random.Random, n: int) -> list[tuple[str, str, str, str, str]]:
    """Return (id, name, kind, aliases, description) rows with unique names and aliases."""
    kinds = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS], k=n)
    used: set[str] = set()
    rows = []
    for number, kind in enumerate(kinds, start=1):
        while True:
            name = _name(rng, kind)
            if name not in used:
                break
        used.add(name)
        aliases = ""
        if kind == "organisation":
            acronym = "".join(word[0] for word in name.split()).upper() + str(number)
            if acronym not in used:
                used.add(acronym)
                aliases = acronym
        description = f"A generated {kind}, number {number}."
        rows.append((f"a{number:05d}", name, kind, aliases, description))
    return rows


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def _name(rng: random.Random, kind: str) -> str:
    if kind == "person":
        return f"{_word(rng, 2)} {_word(rng, 3)}"
    if kind == "organisation":
        return f"{_word(rng, 3)} {rng.choice(_ORGANISATION_WORDS)}"
    if kind == "group":
        return f"{_word(rng, 3)} {rng.choice(_GROUP_WORDS)}"
    if kind == "media":
        return f"{_word(rng, 2)} {rng.choice(_MEDIA_WORDS)}"
    return _word(rng, 3)


def _edges(rng: random.Random, n: int) -> list[tuple[int, int, int, int]]:
    """Return (source, relation, target, quotes) with distinct relations; a few actors are hubs."""
    # Heavy-tailed activity: actor i is picked with weight 1 / (i + 5), after a shuffle.
    activity = [1 / (rank + 5) for rank in range(n)]
    rng.shuffle(activity)
    cumulative = list(itertools.accumulate(activity))
    wanted = round(EDGES_PER_ACTOR * n)
    edges: list[tuple[int, int, int, int]] = []
    seen: set[tuple[int, int, int]] = set()
    while len(edges) < wanted:
        # Half of the ends uniform, half by activity: hubs, but no actor left out by chance.
        source = rng.choices(range(n), cum_weights=cumulative)[0] if rng.random() < 0.5 else None
        source = rng.randrange(n) if source is None else source
        target = rng.randrange(n)
        relation = rng.randrange(len(RELATIONS))
        if source == target:
            continue
        if RELATIONS[relation][4] == "false":
            source, target = min(source, target), max(source, target)
        if (source, relation, target) in seen:
            continue
        seen.add((source, relation, target))
        edges.append((source, relation, target, rng.choice(QUOTES_PER_EDGE)))
    return edges


def _sentence(rng: random.Random, a: str, relation: int, b: str, certainty: str) -> str:
    """A sentence of about SENTENCE_LENGTH characters stating one relation between two names."""
    core = RELATIONS[relation][6].format(a=a, b=b)
    if certainty == "alleged":
        core = rng.choice(_ALLEGED) + core
    clauses = rng.sample(_CLAUSES, k=len(_CLAUSES))
    parts = [core]
    for clause in clauses:
        if len(", ".join(parts)) + len(clause) + 3 > SENTENCE_LENGTH + 15:
            continue
        parts.append(clause)
        if len(", ".join(parts)) >= SENTENCE_LENGTH - 15:
            break
    return ", ".join(parts) + "."


def _write_csv(path: Path, header: tuple[str, ...], rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (created if missing)")
    parser.add_argument(
        "--n", type=int, default=1000, help="number of actors (default: %(default)s)"
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: %(default)s)")
    args = parser.parse_args()
    counts = generate(args.out, args.n, args.seed)
    print(f"{args.out}: {counts['actors']} actors, {counts['edges']} edges, "
          f"{counts['triples']} quotes")  # fmt: skip


if __name__ == "__main__":
    main()
