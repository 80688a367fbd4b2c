"""The scale benchmark's generator and a smoke run at n = 30; the real run is `bench/scale.py`."""

from __future__ import annotations

import math

import pytest

from dashboard.dataset import FILES, load_dataset
from tests.conftest import load_bench


@pytest.mark.parametrize("n", [2, 30, 100])
def test_bench011_generated_dataset_validates(tmp_path, n):
    counts = load_bench("generate").generate(tmp_path, n, seed=3)
    dataset = load_dataset(tmp_path)
    assert len(dataset.actors) == counts["actors"] == n
    assert len(dataset.relations) == 8
    assert set(dataset.relations["polarity"]) == {"cooperative", "conflictual", "neutral"}
    assert set(dataset.relations["directed"]) == {True, False}
    assert len(dataset.triples) == counts["triples"]
    # Every sentence is quoted whole, exactly once.
    assert sorted(dataset.triples["quote"]) == sorted(dataset.sentences["text"])
    if n >= 30:
        assert 2.5 * n <= counts["triples"] <= 3.5 * n
        assert 130 <= dataset.triples["quote"].str.len().mean() <= 170


def test_bench012_generator_is_deterministic_for_a_seed(tmp_path):
    generate = load_bench("generate").generate
    generate(tmp_path / "a", 50, seed=5)
    generate(tmp_path / "b", 50, seed=5)
    generate(tmp_path / "c", 50, seed=6)
    for name in FILES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert (tmp_path / "a" / "triples.csv").read_bytes() != (
        tmp_path / "c" / "triples.csv"
    ).read_bytes()


@pytest.mark.browser
def test_bench013_smoke_run_measures_every_figure(tmp_path):
    scale = load_bench("scale")
    # Every alternative, pyvis too: it comes with the `bench` extra, which `make test` installs.
    variants = scale.VARIANTS
    options = scale.Options(
        sizes=(30,), runs=1, timeout=30.0, server_timeout=90.0, budget=2.0, variants=variants
    )
    results = scale.run(options, workdir=tmp_path, log=lambda _: None)

    measures = results[30]
    assert load_dataset(tmp_path / "n30").actors.shape[0] == 30
    expected = [
        name
        for _, name, *_ in scale.ROWS
        if name and not name.endswith("renderer") and name.split(":")[0] in (*variants, name)
    ]
    for name in expected:
        measure = measures.get(name)
        assert measure is not None, f"{name} was not measured"
        assert measure.samples, f"{name}: {measure.note}"
        assert all(math.isfinite(v) and v > 0 for v in measure.samples), (name, measure.samples)
    report = scale.report(results, options, "bench/scale.py --sizes 30", 1.0)
    assert "| actors | 30 |" in report
    assert scale.alternatives_line(variants) in report.splitlines()
    assert "pyvis with physics on" in scale.alternatives_line(variants).split("; not measured")[0]
    assert "did not finish" not in scale.table(results, options.runs)


@pytest.mark.browser
def test_bench014_floor_smoke_run_measures_every_step_on_the_seed(tmp_path):
    floor = load_bench("floor")
    results = floor.run(["seed"], runs=1, timeout=30.0, workdir=tmp_path, log=lambda _: None)
    measures = results["seed"]
    assert measures["actors"].samples == [22]
    for kind in ("dashboard", "floor"):
        for step in floor.STEPS:
            if kind == "floor" and step == "actor click → graph":
                continue
            measure = measures.get(f"{kind}: {step}")
            assert measure is not None and measure.samples, (kind, step, measure)
            assert all(math.isfinite(v) and v > 0 for v in measure.samples), (kind, step)
    text = floor.report(results, 1, "bench/floor.py --sizes seed", 1.0)
    assert "| page drawn (ms) |" in text and "did not finish" not in text
    assert "- the seed: page drawn within 1.5× the floor" in text
    # the report replaces its own section and keeps the rest of the file
    out = tmp_path / "RESULTS.md"
    out.write_text("# Scale benchmark\n\nthe rest\n", encoding="utf-8")
    floor.write(text, out)
    floor.write(text, out)
    written = out.read_text(encoding="utf-8")
    assert written.count(floor.BEGIN) == 1 and written.endswith("the rest\n")
