"""Hostile and broken datasets: refused or handled with a clear message, within seconds."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dashboard.dataset import (
    MAX_ALIASES,
    MAX_FILE_BYTES,
    MAX_PROBLEMS_PER_FILE,
    DatasetError,
    load_dataset,
)

SECONDS = 5.0  # generous on a loaded 2-core machine; each case takes well under a second here


def load_quickly(folder: Path) -> list[str]:
    """Load a dataset that must fail; return its problems as text and check it was quick."""
    started = time.perf_counter()
    with pytest.raises(DatasetError) as error:
        load_dataset(folder)
    assert time.perf_counter() - started < SECONDS
    return [str(problem) for problem in error.value.problems]


def test_host001_a_50_mb_triples_file_is_refused_without_reading_it(seed_copy):
    triples = seed_copy / "triples.csv"
    with triples.open("ab") as out:
        out.truncate(50 * 1024 * 1024)
    problems = load_quickly(seed_copy)
    limit = MAX_FILE_BYTES // 1024 // 1024
    assert problems == [f"{triples}: file is 50.0 MB; the limit is {limit} MB per file"]


def test_host002_a_100000_character_quote_is_reported_not_searched(seed_copy):
    triples = seed_copy / "triples.csv"
    with triples.open("a", encoding="utf-8") as out:
        out.write(f'iran,meets,russia,"{"Iran and Russia " * 6250}",stated,\n')
    problems = load_quickly(seed_copy)
    assert len(problems) == 1
    assert "the quote (100000 characters) is longer than article.txt" in problems[0]


def test_host003_a_long_misquote_shorter_than_the_article_still_finds_its_passage(seed_copy):
    triples = seed_copy / "triples.csv"
    quote = "Iranian President Masoud Pezeshkian arrived in Moscow " + "x" * 6000
    with triples.open("a", encoding="utf-8") as out:
        out.write(f'iran,meets,russia,"{quote}",stated,\n')
    (problem,) = load_quickly(seed_copy)
    assert "is not in article.txt; it first differs at its character 55" in problem
    assert "closest passage, sentence 8: «" in problem


def test_host004_ten_thousand_aliases_are_refused(seed_copy):
    actors = seed_copy / "actors.csv"
    aliases = "|".join(f"Alias {n}" for n in range(10_000))
    with actors.open("a", encoding="utf-8") as out:
        out.write(f'atlantis,Atlantis,state,"{aliases}",A sunken state.\n')
    problems = load_quickly(seed_copy)
    assert problems == [
        f"{actors}:24: column 'aliases': 10000 aliases; at most {MAX_ALIASES} are allowed per actor"
    ]


def test_host005_a_flood_of_bad_rows_is_cut_short(seed_copy):
    triples = seed_copy / "triples.csv"
    with triples.open("a", encoding="utf-8") as out:
        for n in range(20_000):
            out.write(f"nobody{n},meets,russia,Not in the article {n},stated,\n")
    problems = load_quickly(seed_copy)
    assert len(problems) <= MAX_PROBLEMS_PER_FILE + 2
    stops = [p for p in problems if "stopped checking at this line" in p]
    assert len(stops) == 1 and stops[0].startswith(f"{triples}:")


def test_host006_a_quote_over_the_csv_field_limit_is_a_csv_error(seed_copy):
    triples = seed_copy / "triples.csv"
    with triples.open("a", encoding="utf-8") as out:
        out.write(f'iran,meets,russia,"{"y" * 200_000}",stated,\n')
    (problem,) = load_quickly(seed_copy)
    assert problem.startswith(f"{triples}:")
    assert "not valid CSV: field larger than field limit" in problem


def test_host007_a_deeply_nested_toml_is_a_clear_error(seed_copy):
    toml = seed_copy / "dataset.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "deep = " + "[" * 5000 + "]" * 5000 + "\n")
    problems = load_quickly(seed_copy)
    assert any(p.startswith(f"{toml}") for p in problems)


@pytest.mark.parametrize("name", ["actors.csv", "triples.csv", "article.txt", "dataset.toml"])
def test_host008_control_characters_are_refused_with_their_line(seed_copy, name):
    path = seed_copy / name
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1][:5] + "\x01" + lines[1][5:]
    path.write_text("\n".join(lines), encoding="utf-8")
    problems = load_quickly(seed_copy)
    assert (
        f"{path}:2: holds the control character U+0001; only tabs and line breaks are allowed"
        in problems
    )


def test_host009_a_dataset_with_no_triples_still_serves(seed_copy):
    from dashboard.app import create_app

    triples = seed_copy / "triples.csv"
    triples.write_text(triples.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    dataset = load_dataset(seed_copy)
    client = create_app(dataset).server.test_client()
    assert client.get("/health").get_json()["relations"] == 0
    assert client.get("/").status_code == 200
