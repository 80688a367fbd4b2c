"""What the curation may have missed: sentences that name actors but support no triple, unused actors."""

from __future__ import annotations

from dataclasses import dataclass, field

from dashboard.dataset import Dataset


@dataclass(frozen=True)
class Finding:
    """One gap in a dataset's curation; ``reason`` is set when dataset.toml explains it.

    ``actors`` are ids; ``names`` the same actors' names, as messages show them.
    """

    kind: str  # "sentence", "actor" or "stale"
    sentence: int | None
    text: str
    actors: tuple[str, ...]
    reason: str = ""
    names: tuple[str, ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        if self.kind == "actor":
            return f"{self.text} (actor '{self.actors[0]}') is in actors.csv, but no triple uses it"
        if self.kind == "stale":
            return (
                f"sentence {self.sentence} is explained in dataset.toml [[uncited]], but "
                f"{self.reason}: «{self.text}»"
            )
        names = listing(self.names or self.actors)
        line = f"sentence {self.sentence} names {names}, but no triple cites it: «{self.text}»"
        return f"{line}\n    explained: {self.reason}" if self.reason else line


def listing(words) -> str:
    """Join words as a sentence does.

    >>> listing(["Iran"]), listing(["Iran", "Russia"]), listing(["Iran", "Russia", "China"])
    ('Iran', 'Iran and Russia', 'Iran, Russia and China')
    """
    words = list(words)
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def coverage_report(dataset: Dataset) -> list[Finding]:
    """List uncited sentences naming two or more actors, unused actors, and stale explanations.

    Findings that dataset.toml explains carry their reason; the rest are gaps to curate.
    """
    sentences = dataset.sentences
    cited = set()
    for first, last in zip(
        dataset.triples["sentence"], dataset.triples["sentence_end"], strict=True
    ):
        cited.update(range(first, last + 1))
    starts = sentences["start"].tolist()
    explained = {}
    for entry in dataset.meta.get("uncited", []):
        position = dataset.article.find(entry["quote"])
        number = sum(1 for start in starts if start <= position)
        explained[number] = entry["reason"].strip()

    findings = []
    names = dataset.actors["name"].to_dict()
    for number, row in sentences.iterrows():
        named = tuple(dict.fromkeys(actor for *_, actor in dataset.mentions(row.start, row.end)))
        shown = tuple(names[actor] for actor in named)
        if number in explained:
            if number in cited:
                why = "a triple cites it"
                findings.append(Finding("stale", number, row.text, named, why, shown))
            elif len(named) < 2:
                why = "it names fewer than two actors"
                findings.append(Finding("stale", number, row.text, named, why, shown))
            else:
                why = explained[number]
                findings.append(Finding("sentence", number, row.text, named, why, shown))
        elif len(named) >= 2 and number not in cited:
            findings.append(Finding("sentence", number, row.text, named, names=shown))

    used = set(dataset.triples["source"]) | set(dataset.triples["target"])
    for actor_id, actor in dataset.actors.iterrows():
        if actor_id not in used:
            findings.append(
                Finding("actor", None, actor["name"], (actor_id,), names=(actor["name"],))
            )
    return findings
