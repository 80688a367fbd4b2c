"""Tests for dashboard.coverage: uncited sentences, unused actors and stale explanations."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard.coverage import Finding, coverage_report
from dashboard.dataset import load_dataset
from dashboard.settings import SEEDS_DIR

SEED = SEEDS_DIR / "iran-russia-treaty"
EXPLAINED = 35  # the seed's one [[uncited]] sentence: ASEAN and the African Union


@pytest.fixture(scope="module")
def seed():
    return load_dataset(SEED)


def unexplained(findings: list[Finding]) -> list[Finding]:
    """What `dashboard coverage` fails on: findings without a reason, and stale explanations."""
    return [f for f in findings if not f.reason or f.kind == "stale"]


def drop_triples_citing(folder: Path, number: int) -> None:
    """Remove every triples.csv row whose quote touches sentence ``number``."""
    triples = load_dataset(folder).triples
    cites = triples[(triples["sentence"] <= number) & (number <= triples["sentence_end"])]
    assert len(cites), f"no triple cites sentence {number}"
    path = folder / "triples.csv"
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    kept = [row for line, row in enumerate(rows, start=1) if line not in set(cites["line"])]
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(kept)


def add_uncited(folder: Path, quote: str, reason: str = "Explained by a test.") -> None:
    with (folder / "dataset.toml").open("a", encoding="utf-8") as file:
        file.write(f'\n[[uncited]]\nquote = "{quote}"\nreason = "{reason}"\n')


def test_cov001_seed_has_nothing_unexplained(seed):
    findings = coverage_report(seed)
    assert unexplained(findings) == []
    assert [(f.kind, f.sentence, f.actors) for f in findings] == [
        ("sentence", EXPLAINED, ("asean", "african-union"))
    ]
    assert findings[0].reason.startswith("Names ASEAN and the African Union")


def test_cov002_explained_finding_prints_its_reason(seed):
    (finding,) = coverage_report(seed)
    text = str(finding)
    assert text.startswith(
        f"sentence {EXPLAINED} names Association of Southeast Asian Nations and African Union, "
        "but no triple cites it: «Additionally, the rise of regional alliances"
    )
    assert "\n    explained: Names ASEAN" in text


@pytest.mark.parametrize(
    ("number", "actors", "names"),
    [
        pytest.param(1, ("iran", "russia"), "Iran and Russia", id="cov010-sentence-1"),
        pytest.param(
            18,
            ("united-states", "iran", "russia"),
            "United States, Iran and Russia",
            id="cov011-sentence-18",
        ),
        pytest.param(
            43,
            ("united-states", "pakistan", "iran", "russia"),
            "United States, Pakistan, Iran and Russia",
            id="cov012-sentence-43",
        ),
    ],
)
def test_uncited_sentence_is_reported(seed, seed_copy, number, actors, names):
    drop_triples_citing(seed_copy, number)
    dataset = load_dataset(seed_copy)
    text = seed.sentences.at[number, "text"]
    found = [f for f in unexplained(coverage_report(dataset)) if f.kind == "sentence"]
    assert found == [Finding("sentence", number, text, actors)]
    assert str(found[0]) == f"sentence {number} names {names}, but no triple cites it: «{text}»"


def test_cov020_unused_actor_is_reported(seed_copy):
    with (seed_copy / "actors.csv").open("a", encoding="utf-8") as file:
        file.write("iraq,Iraq,state,,Not in the article.\n")
    findings = unexplained(coverage_report(load_dataset(seed_copy)))
    assert findings == [Finding("actor", None, "Iraq", ("iraq",))]
    assert str(findings[0]) == "Iraq (actor 'iraq') is in actors.csv, but no triple uses it"


def test_cov021_actor_whose_triples_are_gone_is_reported(seed, seed_copy):
    # TASS is used only by the rows citing sentences 9 and 10, so dropping them orphans it
    triples = seed.triples
    uses_tass = (triples["source"] == "tass") | (triples["target"] == "tass")
    assert set(triples.loc[uses_tass, "sentence"]) <= {9, 10}
    drop_triples_citing(seed_copy, 9)
    drop_triples_citing(seed_copy, 10)
    findings = unexplained(coverage_report(load_dataset(seed_copy)))
    assert Finding("actor", None, "TASS", ("tass",)) in findings
    assert {f.sentence for f in findings if f.kind == "sentence"} == {9, 10}


def test_cov030_stale_explanation_for_a_cited_sentence(seed, seed_copy):
    add_uncited(seed_copy, "Iran and Russia signed a significant cooperation treaty")
    findings = unexplained(coverage_report(load_dataset(seed_copy)))
    text = seed.sentences.at[1, "text"]
    assert findings == [Finding("stale", 1, text, ("iran", "russia"), "a triple cites it")]
    assert str(findings[0]) == (
        f"sentence 1 is explained in dataset.toml [[uncited]], but a triple cites it: «{text}»"
    )


def test_cov031_stale_explanation_for_a_sentence_naming_one_actor(seed, seed_copy):
    add_uncited(seed_copy, "policies of the Stratheia")
    findings = unexplained(coverage_report(load_dataset(seed_copy)))
    text = seed.sentences.at[51, "text"]
    assert findings == [Finding("stale", 51, text, (), "it names fewer than two actors")]


def test_cov032_explaining_an_uncited_sentence_silences_it(seed, seed_copy):
    drop_triples_citing(seed_copy, 1)
    add_uncited(seed_copy, "Iran and Russia signed a significant cooperation treaty", "Tested.")
    findings = coverage_report(load_dataset(seed_copy))
    assert unexplained(findings) == []
    text = seed.sentences.at[1, "text"]
    assert Finding("sentence", 1, text, ("iran", "russia"), "Tested.") in findings
