"""What the curation may have missed: sentences that name actors but support no triple, unused actors."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.dataset import Dataset


@dataclass(frozen=True)
class Finding:
    """One gap in a dataset's curation; ``reason`` is set when dataset.toml explains it."""

    kind: str  # "sentence", "actor" or "stale"
    sentence: int | None
    text: str
    actors: tuple[str, ...]
    reason: str = ""

    def __str__(self) -> str:
        if self.kind == "actor":
            return f"actor '{self.actors[0]}' ({self.text}) is used by no triple"
        names = ", ".join(self.actors)
        if self.kind == "stale":
            return (
                f"sentence {self.sentence} is explained in dataset.toml [[uncited]] but "
                f"{self.reason}: {self.text}"
            )
        line = f"sentence {self.sentence} names {names} and is cited by no triple: {self.text}"
        return f"{line}\n    explained: {self.reason}" if self.reason else line


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
    for number, row in sentences.iterrows():
        named = tuple(dict.fromkeys(actor for *_, actor in dataset.mentions(row.start, row.end)))
        if number in explained:
            if number in cited:
                findings.append(Finding("stale", number, row.text, named, "a triple cites it"))
            elif len(named) < 2:
                why = "it names fewer than two actors"
                findings.append(Finding("stale", number, row.text, named, why))
            else:
                findings.append(Finding("sentence", number, row.text, named, explained[number]))
        elif len(named) >= 2 and number not in cited:
            findings.append(Finding("sentence", number, row.text, named))

    used = set(dataset.triples["source"]) | set(dataset.triples["target"])
    for actor_id, actor in dataset.actors.iterrows():
        if actor_id not in used:
            findings.append(Finding("actor", None, actor["name"], (actor_id,)))
    return findings
