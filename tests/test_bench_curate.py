"""Smoke runs of the curate benchmarks: they work end to end; the real runs are `python bench/...`."""

from __future__ import annotations

from tests.conftest import load_bench


def test_bcur001_save_benchmark_smoke_times_every_measure():
    results = load_bench("curate_save").run(("seed", 60), repeats=2, log=lambda _: None)
    assert set(results) == {"seed", "60"}
    assert results["60"]["actors"] == 60 and results["seed"]["triples"] > 100
    for figures in results.values():
        for measure in ("note", "alias", "validate", "undo"):
            assert 0 < figures[measure]["median_ms"] <= figures[measure]["max_ms"]
