"""Smoke runs of the benchmarks: they work end to end; the real runs are `python bench/...`."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from dashboard.app import CALLBACK_PATH, create_app
from tests.conftest import BENCH, SEED, load_bench


def test_bench001_load_smoke_serves_every_request():
    figures = load_bench("load").run(SEED, seconds=2.0, users=2, workers=2)
    assert figures["requests"] > 20
    assert figures["errors"] == {}  # every answer read, none empty or wrong
    assert set(figures["by_kind"]) == {"page", "filter", "actor click", "edge click"}
    assert figures["memory_kb_before"] > 0 and figures["memory_kb_after"] > 0


@pytest.fixture(scope="module")
def answers(seed_dataset):
    """Real answers of the seed's app to the load test's requests, by the test client."""
    load = load_bench("load")
    client = create_app(seed_dataset).server.test_client()
    values = {  # as a reader's page holds them
        "relations": ["meets"], "layout": "force", "focus": "all", "size": "quotes",
        "isolated": "fade", "articles": ["iran-russia-treaty"], "sides": ["both", "a", "b"],
    }  # fmt: skip

    def post(selection):
        return client.post(CALLBACK_PATH, json=load.panel_request(values, selection)).data

    return {
        "iran": post({"kind": "actor", "id": "iran"}),
        "nothing": post(None),
        "edge": post({"kind": "edge", "id": "iran/supplies_weapons/russia/stated"}),
    }


def test_bench002_load_counts_empty_and_wrong_answers_as_errors(answers):
    load = load_bench("load")

    def iran(body):
        return load._panel(body)[0]["props"]["children"] == "Iran"

    assert load.answer_problem((0.1, 200, answers["iran"]), iran) is None
    assert load.answer_problem((0.1, 200, b""), iran) == "empty answer"
    no_update = json.dumps({"multi": True, "response": {}}).encode()
    assert load.answer_problem((0.1, 200, no_update), iran) == "wrong answer"
    assert load.answer_problem((0.1, 200, answers["nothing"]), iran) == "wrong answer"
    assert load.answer_problem((0.1, 200, b"<html>oops"), iran) == "wrong answer"
    assert load.answer_problem((0.1, 500, answers["iran"]), iran) == "500"
    edge = "iran/supplies_weapons/russia/stated"
    assert edge in load._link_edges(load._panel(answers["edge"]))
    assert edge not in load._link_edges(load._panel(answers["iran"]))


# The timing scripts, run as a reader runs them (small sizes, one run each)

ROOT = BENCH.parent


def bench_script(name: str, *args: str, timeout: float = 240) -> str:
    """Run ``python bench/NAME.py ARGS`` from the checkout's root; return what it prints."""
    done = subprocess.run(
        [sys.executable, str(BENCH / f"{name}.py"), *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def table_cells(output: str) -> dict[str, str]:
    """The first data column of each row of a Markdown table in a script's output."""
    rows = [line.strip("|").split("|") for line in output.splitlines() if line.startswith("|")]
    return {row[0].strip(): row[1].strip() for row in rows[2:]}


def number(cell: str) -> float:
    """A table cell's first figure ("0.27 (0.36)" -> 0.27, "1,705" -> 1705)."""
    return float(re.match(r"[0-9][0-9,]*(\.[0-9]+)?", cell)[0].replace(",", ""))


def test_bench003_server_timing_smoke_times_every_step(tmp_path):
    server_timing = load_bench("server_timing")
    output = bench_script(
        "server_timing", "--sizes", "30", "--timeout", "120", "--data", str(tmp_path)
    )
    cells = table_cells(output)
    assert set(cells) == {*server_timing.STEPS, "ready"}
    for step, cell in cells.items():
        assert number(cell) >= 0, (step, cell)  # a step that did not run has no figure
    assert number(cells["ready"]) > 0


@pytest.mark.browser
def test_bench004_figure_timing_smoke_measures_the_figure_and_the_floor(tmp_path):
    output = bench_script(
        "figure_timing", "--sizes", "30", "--runs", "1", "--budget", "1", "--timeout", "60",
        "--data", str(tmp_path),
    )  # fmt: skip
    cells = table_cells(output)
    for row in (
        "figure build (ms)",
        "callback: filter (ms)",
        "callback: node click, panel (ms)",
        "navigation → drawn graph (ms)",
        "node click → panel (ms)",
        "filter click → redrawn graph (ms)",
        "floor: navigation → drawn graph (ms)",
    ):
        assert number(cells[row]) > 0, (row, cells.get(row))
    assert (tmp_path / "n30" / "force.json").exists()  # the layout cached for the next run


@pytest.mark.browser
def test_bench005_browser_timing_smoke_times_a_reader_and_saves_a_screenshot(tmp_path):
    shot = tmp_path / "shot.png"
    output = bench_script("browser_timing", str(SEED), "--runs", "1", "--screenshot", str(shot))
    for label in (
        "page load to drawn graph",
        "actor click to quotes in panel",
        "filter click to redrawn graph",
    ):
        (line,) = [line for line in output.splitlines() if line.startswith(label)]
        assert float(line.split("median")[1].split("ms")[0]) > 0, line
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
