"""A smoke run of bench/compare_timing.py at n = 30; the real run is `bench/compare_timing.py`."""

from __future__ import annotations

from dashboard.compare import compare
from dashboard.dataset import load_dataset
from tests.conftest import load_bench


def test_bcmp001_perturbed_curation_validates_and_overlaps_partly(tmp_path):
    timing = load_bench("compare_timing")
    load_bench("generate").generate(tmp_path / "a", 200, seed=4)
    timing.perturb(tmp_path / "a", tmp_path / "b", seed=4)
    a, b = load_dataset(tmp_path / "a"), load_dataset(tmp_path / "b")
    assert a.article == b.article
    assert len(b.triples) < len(a.triples)
    result = compare(a, b)
    assert 0 < result.relations.both < min(result.relations.a, result.relations.b)
    assert any(m.by == "name" for m in result.matched_actors)
    assert result.certainty_disagreements


def test_bcmp002_smoke_run_times_every_step(tmp_path):
    figures = load_bench("compare_timing").run(30, seed=2, runs=1, data=tmp_path)
    for key in ("load_a_s", "load_b_s", "compare_s", "text_s", "json_s", "command_s"):
        assert figures[key] > 0, key
    assert 0 < figures["relations"]["f1"] < 1
    assert figures["text_lines"] > 10
