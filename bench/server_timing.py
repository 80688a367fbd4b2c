"""Time the server's start at scale, step by step: load + validate, graph build, layouts.

    PYTHONPATH=. .venv/bin/python bench/server_timing.py [--sizes 300,1000,3000,10000]
        [--timeout 300] [--data /tmp/server-timing] [--code before=/path/to/old/checkout]

Per size it generates a dataset with bench/generate.py (seed 1) into ``--data`` unless one is
there, then, for each version of the code (``--code LABEL=ROOT``, a folder holding the
``dashboard`` package; by default this checkout), starts one fresh process that times in turn:

- ``load_dataset`` (read, validate, locate every quote), and the process's memory after it;
- ``edge_table`` and ``build_graph``;
- ``compute_layout(graph, "force")``, the layout the page opens with;
- ``NetworkModel.from_dataset``: all of the above but loading, as ``create_app`` waits for it;
- ``model.edges_of`` for the busiest actor, median of 20 calls;
- ``compute_layout(graph, "kamada-kawai")``.

A step that takes longer than ``--timeout`` seconds ends that process; later steps at that size
are reported as not run. Ready is imports + load + from_dataset. Prints a Markdown table of
wall-clock seconds with CPU seconds in brackets: on a busy machine the CPU time is the steadier
(the steps are single-threaded but for BLAS in networkx's Kamada-Kawai).
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SIZES = (300, 1000, 3000, 10000)
STEPS = (
    "imports",
    "load_dataset",
    "rss_after_load_mb",
    "edge_table",
    "build_graph",
    "layout force",
    "from_dataset",
    "edges_of (ms)",
    "layout kamada-kawai",
)


def child(folder: Path) -> None:
    """Run the steps on one dataset, printing one JSON line per step as it ends."""

    def emit(step: str, value: float, cpu: float | None = None) -> None:
        print(json.dumps({"step": step, "value": value, "cpu": cpu}), flush=True)

    def timed(step: str, function, *args):
        started, cpu = time.perf_counter(), time.process_time()
        result = function(*args)
        emit(step, time.perf_counter() - started, time.process_time() - cpu)
        return result

    started, cpu = time.perf_counter(), time.process_time()
    from dashboard.dataset import load_dataset
    from dashboard.graph import NetworkModel, build_graph, compute_layout, edge_table

    emit("imports", time.perf_counter() - started, time.process_time() - cpu)
    dataset = timed("load_dataset", load_dataset, folder)
    emit("rss_after_load_mb", _rss_mb())
    edges = timed("edge_table", edge_table, dataset)
    graph = timed("build_graph", build_graph, dataset, edges)
    timed("layout force", compute_layout, graph, "force")
    model = timed("from_dataset", NetworkModel.from_dataset, dataset)
    hub = model.actor_edges.idxmax()
    model.edges_of(hub)  # a first call may build an index; the page pays it once
    samples = []
    for _ in range(20):
        began = time.perf_counter()
        model.edges_of(hub)
        samples.append((time.perf_counter() - began) * 1000)
    emit("edges_of (ms)", sorted(samples)[len(samples) // 2])
    timed("layout kamada-kawai", compute_layout, graph, "kamada-kawai")


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(code: Path, folder: Path, timeout: float) -> dict[str, object]:
    """Run ``child`` in a fresh process with ``code`` first on the path; give up on a slow step."""
    env = dict(os.environ, PYTHONPATH=str(code))
    process = subprocess.Popen(
        [sys.executable, __file__, "--child", str(folder)],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    results: dict[str, object] = {}
    for step in STEPS:
        try:
            line = lines.get(timeout=timeout)
        except queue.Empty:
            results[step] = f"did not finish in {timeout:.0f} s"
            process.kill()
            break
        if line is None:
            results[step] = "failed"
            break
        record = json.loads(line)
        results[record["step"]] = record["value"]
        if record["cpu"] is not None:
            results[f"{record['step']} cpu"] = record["cpu"]
    process.wait()
    for suffix in ("", " cpu"):
        parts = [
            results.get(f"{step}{suffix}") for step in ("imports", "load_dataset", "from_dataset")
        ]
        if all(isinstance(value, float) for value in parts):
            results[f"ready{suffix}"] = sum(parts)
    return results


def _cell(results: dict[str, object], step: str) -> str:
    """Wall time, and CPU time in brackets: on a shared machine the CPU time is the steadier."""
    value, cpu = results.get(step), results.get(f"{step} cpu")
    if not isinstance(value, float):
        return str(value) if value is not None else "not run"
    if step == "rss_after_load_mb":
        return f"{value:.0f}"
    if step.endswith("(ms)"):
        return f"{value:.3f}"
    return f"{value:.2f} ({cpu:.2f})" if isinstance(cpu, float) else f"{value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(str(n) for n in SIZES))
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per step")
    parser.add_argument("--data", type=Path, default=Path("/tmp/server-timing"))
    parser.add_argument(
        "--code",
        action="append",
        default=[],
        metavar="LABEL=ROOT",
        help="a version of the code to time (repeatable; default: this checkout)",
    )
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    sys.path.insert(0, str(BENCH))
    from generate import generate

    codes = [tuple(spec.split("=", 1)) for spec in args.code] or [("this", str(ROOT))]
    sizes = [int(n) for n in args.sizes.split(",")]
    table: dict[tuple[str, int], dict[str, object]] = {}
    for n in sizes:
        folder = args.data / f"n{n}"
        if not (folder / "triples.csv").exists():
            generate(folder, n, seed=1)
        for label, code in codes:
            table[label, n] = results = measure(Path(code), folder, args.timeout)
            print(f"n={n} {label}: {json.dumps(results)}", file=sys.stderr, flush=True)
    header = " | ".join(f"{label} n={n:,}" for n in sizes for label, _ in codes)
    print(f"| step: wall s (CPU s) | {header} |")
    print("|---" + "|---:" * (len(sizes) * len(codes)) + "|")
    for step in (*STEPS, "ready"):
        cells = " | ".join(_cell(table[label, n], step) for n in sizes for label, _ in codes)
        print(f"| {step} | {cells} |")


if __name__ == "__main__":
    main()
