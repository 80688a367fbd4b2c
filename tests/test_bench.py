"""Smoke runs of the benchmarks: they work end to end; the real runs are `python bench/...`."""

from __future__ import annotations

from tests.conftest import SEED, load_bench


def test_bench001_load_smoke_serves_every_request():
    figures = load_bench("load").run(SEED, seconds=2.0, users=2, workers=2)
    assert figures["requests"] > 20
    assert figures["errors"] == {}
    assert set(figures["by_kind"]) == {"page", "filter", "actor click", "edge click"}
    assert figures["memory_kb_before"] > 0 and figures["memory_kb_after"] > 0
