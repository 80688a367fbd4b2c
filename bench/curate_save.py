"""What one save costs curate's server: the seed, and generated datasets of 10,000 actors.

    .venv/bin/python bench/curate_save.py [--sizes seed,1000,10000] [--repeats 7] [--seed 1]

For each size it opens a Store on a copy (generated with bench/generate.py) and times, server
side and without HTTP, saves of two kinds: a triple's note rewritten (triples.csv, the largest
file) and an alias added to an actor (actors.csv). A save is everything ``Store.apply`` does:
the conflict check (hashing the five files on disk), the edit, writing the changed file's text,
validating the whole dataset in memory, journaling, the atomic write (temp file, fsync, rename,
fsync of the folder). It also times the in-memory validation alone, the largest part, and an
undo. It prints the median and the slowest of ``--repeats`` runs of each, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED_DATASET = ROOT / "seeds" / "iran-russia-treaty"


def run(sizes=("seed", 10_000), repeats: int = 7, seed: int = 1, log=print) -> dict:
    """Time saves at each size; return {size: {measure: {"median_ms", "max_ms"}, counts}}."""
    sys.path.insert(0, str(ROOT))
    results = {}
    with tempfile.TemporaryDirectory(prefix="curate-save-") as workdir:
        for size in sizes:
            folder = Path(workdir) / f"d{size}"
            if size == "seed":
                shutil.copytree(SEED_DATASET, folder)
            else:
                _generate(folder, int(size), seed)
            results[str(size)] = _time_size(folder, repeats)
            log(f"{size}: {json.dumps(results[str(size)])}")
    return results


def _generate(folder: Path, n: int, seed: int) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.generate(folder, n, seed=seed)


def _time_size(folder: Path, repeats: int) -> dict:
    from dashboard.curate.edits import AddAlias, EditTriple, draft_texts
    from dashboard.curate.store import Store
    from dashboard.dataset import load_dataset

    started = time.perf_counter()
    store = Store.open(folder)
    opened = time.perf_counter() - started
    assert store.problems == [], store.problems[:3]
    timings: dict[str, list[float]] = {"note": [], "alias": [], "validate": [], "undo": []}
    actor = store.draft.actors[len(store.draft.actors) // 2].id
    for number in range(repeats):
        old = store.draft.triples[(number * 7919) % len(store.draft.triples)]
        note = EditTriple(old, replace(old, note=f"n{number}"))
        alias = AddAlias(actor, f"Alias {number}")
        timings["note"].append(_timed(store.apply, note, store.version))
        timings["alias"].append(_timed(store.apply, alias, store.version))
        timings["undo"].append(_timed(store.undo, store.version))
        timings["validate"].append(_timed(load_dataset, folder, texts=draft_texts(store.draft)))
    figures = {
        name: {"median_ms": round(statistics.median(values) * 1000, 1),
               "max_ms": round(max(values) * 1000, 1)}
        for name, values in timings.items()
    }  # fmt: skip
    figures["open_ms"] = round(opened * 1000, 1)
    figures["actors"] = len(store.dataset.actors)
    figures["triples"] = len(store.dataset.triples)
    figures["bytes"] = sum(path.stat().st_size for path in folder.iterdir() if path.is_file())
    return figures


def _timed(action, *args, **kwargs) -> float:
    started = time.perf_counter()
    action(*args, **kwargs)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="seed,10000",
                        help="comma-separated: seed, or a number of actors (default: seed,10000)")  # fmt: skip
    parser.add_argument("--repeats", type=int, default=7, help="saves of each kind per size")
    parser.add_argument("--seed", type=int, default=1, help="the generator's seed")
    args = parser.parse_args()
    sizes = [s if s == "seed" else int(s) for s in args.sizes.split(",")]
    run(sizes, args.repeats, args.seed)


if __name__ == "__main__":
    main()
