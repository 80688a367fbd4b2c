"""How long `python -m dashboard compare` takes on two large curations of one article.

    .venv/bin/python bench/compare_timing.py [--n 10000] [--seed 1] [--runs 3] [--data DIR]

Curation A is bench/generate.py's dataset of ``--n`` actors. Curation B is A perturbed with the
same seed, so that the two overlap partly and every matching rule has work to do: a tenth of the
actors get new ids (they match A's by name), a sixth of the rows are dropped, a tenth change their
relation type, a tenth have their ends swapped (which changes the directed ones only) and a tenth
flip their certainty. Both are written into ``--data`` (a temporary folder by default).

It prints the time to load each dataset (the loader's cost, which every command pays), the
median of ``--runs`` runs of ``compare()`` and of each renderer, and one run of the whole command
in a fresh process (``python -m dashboard compare A B``, output discarded), with the agreement
figures the perturbation gave.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402  (bench/ is not a package)

RENAMED = 0.10  # actors given a new id in B, keeping their name
DROPPED = 1 / 6  # rows of A that B lacks
RETYPED = 0.10  # rows given another relation type
SWAPPED = 0.10  # rows with source and target swapped
FLIPPED = 0.10  # rows with the other certainty


def perturb(a: Path, b: Path, seed: int) -> None:
    """Write curation B of A's article into ``b``: A's rows and actors, perturbed (see above)."""
    rng = random.Random(seed)
    b.mkdir(parents=True, exist_ok=True)
    for name in ("article.txt", "relations.csv"):
        shutil.copyfile(a / name, b / name)
    (b / "dataset.toml").write_text(
        (a / "dataset.toml").read_text(encoding="utf-8").replace('title = "', 'title = "B: ', 1),
        encoding="utf-8",
    )
    with (a / "relations.csv").open(encoding="utf-8", newline="") as file:
        types = [row["id"] for row in csv.DictReader(file)]
    with (a / "actors.csv").open(encoding="utf-8", newline="") as file:
        actors = list(csv.DictReader(file))
    renamed = {row["id"]: f"b-{row['id']}" for row in actors if rng.random() < RENAMED}
    for row in actors:
        row["id"] = renamed.get(row["id"], row["id"])
    _write(b / "actors.csv", actors)
    with (a / "triples.csv").open(encoding="utf-8", newline="") as file:
        triples = []
        for row in csv.DictReader(file):
            if rng.random() < DROPPED:
                continue
            row["source"] = renamed.get(row["source"], row["source"])
            row["target"] = renamed.get(row["target"], row["target"])
            if rng.random() < RETYPED:
                row["relation"] = rng.choice([t for t in types if t != row["relation"]])
            if rng.random() < SWAPPED:
                row["source"], row["target"] = row["target"], row["source"]
            if rng.random() < FLIPPED:
                row["certainty"] = "stated" if row["certainty"] == "alleged" else "alleged"
            triples.append(row)
    _write(b / "triples.csv", triples)


def _write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _median_seconds(function, runs: int):
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def run(n: int, seed: int, runs: int, data: Path, command: bool = True) -> dict:
    """Generate A and B into ``data`` (unless there already) and time compare on them."""
    from dashboard.compare import compare, render_json, render_text
    from dashboard.dataset import load_dataset

    a, b = data / f"a-{n}-{seed}", data / f"b-{n}-{seed}"
    if not (a / "triples.csv").exists():
        generate(a, n, seed)
    if not (b / "triples.csv").exists():
        perturb(a, b, seed)
    figures: dict = {"n": n, "seed": seed, "a": str(a), "b": str(b)}
    figures["load_a_s"], dataset_a = _median_seconds(lambda: load_dataset(a), 1)
    figures["load_b_s"], dataset_b = _median_seconds(lambda: load_dataset(b), 1)
    figures["rows"] = (len(dataset_a.triples), len(dataset_b.triples))
    figures["compare_s"], comparison = _median_seconds(lambda: compare(dataset_a, dataset_b), runs)
    figures["text_s"], text = _median_seconds(lambda: render_text(comparison), runs)
    figures["json_s"], _ = _median_seconds(lambda: render_json(comparison), runs)
    figures["text_lines"] = text.count("\n")
    figures["relations"] = comparison.relations.as_dict()
    figures["evidence"] = comparison.evidence.as_dict()
    figures["matched_by_name"] = sum(m.by == "name" for m in comparison.matched_actors)
    figures["certainty_disagreements"] = len(comparison.certainty_disagreements)
    if command:
        argv = [sys.executable, "-m", "dashboard", "compare", str(a), str(b)]
        started = time.perf_counter()
        subprocess.run(argv, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        figures["command_s"] = time.perf_counter() - started
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10_000, help="actors (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed (default: 1)")
    parser.add_argument("--runs", type=int, default=3, help="runs of compare (default: 3)")
    parser.add_argument("--data", type=Path, help="folder for the datasets (default: temporary)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as temporary:
        data = args.data or Path(temporary)
        figures = run(args.n, args.seed, args.runs, data)
    r, e = figures["relations"], figures["evidence"]
    print(f"compare on two curations of {args.n:,} actors (seed {args.seed})")
    print(f"  rows: A {figures['rows'][0]:,}, B {figures['rows'][1]:,}")
    print(f"  relations: A {r['a']:,}, B {r['b']:,}, both {r['both']:,}, F1 {r['f1']:.3f}")
    print(f"  evidence:  A {e['a']:,}, B {e['b']:,}, both {e['both']:,}, F1 {e['f1']:.3f}")
    print(
        f"  actors matched by name: {figures['matched_by_name']:,}; certainty disagreements: "
        f"{figures['certainty_disagreements']:,}"
    )
    print(f"  load A {figures['load_a_s']:.2f} s, load B {figures['load_b_s']:.2f} s")
    print(f"  compare() {figures['compare_s']:.3f} s (median of {args.runs})")
    print(
        f"  render text {figures['text_s']:.3f} s ({figures['text_lines']:,} lines), "
        f"render JSON {figures['json_s']:.3f} s"
    )
    print(f"  the whole command, in a fresh process: {figures['command_s']:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
