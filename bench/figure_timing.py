"""The figure alone, at scale: build, JSON, callbacks and the browser, with the layout pre-filled.

    .venv/bin/python bench/figure_timing.py [--sizes 30,1000,3000] [--runs 3] [--data /tmp/figbench]
                                            [--no-browser] [--no-floor] [--screenshots DIR]

bench/scale.py measures the whole dashboard, so at 3,000 actors and more it mostly measures the
force layout (minutes with networkx). This script measures only what the figure costs: per size it
generates a dataset (bench/generate.py, seed 1) into ``--data``, and computes its force layout once
and keeps it there (``force.json``: the real ``compute_layout`` up to 3,000 actors; above that
networkx's spring layout with 30 iterations, since the real one takes more than five minutes).
The loaded dataset is kept there too (``dataset.pickle``), since loading 10,000 actors takes a
minute. Neither counts in any figure below.

Then it reuses bench/scale.py's measures: a fresh server process (bench/scale_serve.py's dashboard,
with the cached layout and dataset handed in) times the figure build and the figure and node-click
callbacks through Flask's test client; headless Chromium times navigation to a drawn graph, a node
click to the panel and to the redrawn graph, and a filter click to the redrawn graph; and the floor
(a bare Dash page, one trace per relation type, WebGL from ``--webgl-from`` actors) is drawn at the
same positions. Medians of ``--runs``. The machine is shared and noisy: compare within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import scale  # noqa: E402  (bench/ is not a package)
from generate import generate  # noqa: E402

SIZES = (30, 1000, 3000)
_EXACT_LAYOUT_UP_TO = 3000


def prepare(folder: Path, n: int, seed: int = 1) -> None:
    """Generate the dataset and keep its loaded form and force layout beside it (once)."""
    if not (folder / "triples.csv").exists():
        generate(folder, n, seed)
    if not (folder / "dataset.pickle").exists():
        from dashboard.dataset import load_dataset

        (folder / "dataset.pickle").write_bytes(pickle.dumps(load_dataset(folder)))
    if not (folder / "force.json").exists():
        import networkx as nx

        from dashboard.graph import _normalise, build_graph, compute_layout, edge_table

        dataset = pickle.loads((folder / "dataset.pickle").read_bytes())
        graph = build_graph(dataset, edge_table(dataset))
        if n <= _EXACT_LAYOUT_UP_TO:
            positions = compute_layout(graph, "force", 7)
        else:
            simple = nx.Graph()
            simple.add_nodes_from(graph.nodes)
            simple.add_edges_from((u, v) for u, v in graph.edges())
            raw = nx.spring_layout(simple, k=2.5 / n**0.5, iterations=30, seed=7)
            positions = _normalise({k: (float(x), float(y)) for k, (x, y) in raw.items()})
        (folder / "force.json").write_text(json.dumps(positions))


def serve(folder: Path, runs: int, budget: float) -> None:
    """bench/scale_serve.py's dashboard server, with the cached dataset and force layout."""
    import dashboard.dataset
    import dashboard.graph

    cached = json.loads((folder / "force.json").read_text())
    real_layout = dashboard.graph.compute_layout
    from dashboard.limits import LAYOUT_IGRAPH_ABOVE

    def compute_layout(graph, name="force", seed=7, room=None):
        # Up to LAYOUT_IGRAPH_ABOVE actors the layout makes room for labels (``room``), which the
        # cached positions lack: compute it for real there; it takes well under a second.
        if name == "force" and graph.number_of_nodes() > LAYOUT_IGRAPH_ABOVE:
            return {node: tuple(cached[node]) for node in graph.nodes}
        return real_layout(graph, name, seed, room)

    dashboard.graph.compute_layout = compute_layout
    dashboard.dataset.load_dataset = lambda _: pickle.loads(
        (folder / "dataset.pickle").read_bytes()
    )
    sys.argv = [
        "scale_serve.py", "dashboard", str(folder), "--runs", str(runs), "--budget", str(budget),
    ]  # fmt: skip
    import scale_serve

    scale_serve.main()


class Server(scale.Server):
    """A ``figure_timing.py serve`` process (the dashboard) or a scale_serve.py one (the floor)."""

    def __init__(self, kind: str, folder: Path, runs: int, budget: float, webgl_from: int):
        import queue
        import subprocess
        import threading

        if kind == "dashboard":
            command = [sys.executable, __file__, "serve", str(folder), "--runs", str(runs),
                       "--budget", str(budget)]  # fmt: skip
        else:
            command = [sys.executable, str(BENCH / "scale_serve.py"), kind, str(folder),
                       "--runs", str(runs), "--budget", str(budget), "--webgl-from", str(webgl_from)]  # fmt: skip
        self.log = (folder / f"{kind}.log").open("w")
        env = {**os.environ, "BENCH_T0": repr(time.time()), "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
            text=True, cwd=ROOT, env=env,
        )  # fmt: skip
        self.events = queue.Queue()
        self.pending = None
        self.url = ""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()


def measure(n: int, options: scale.Options, data: Path, browser, screenshots: Path | None, log):
    folder = data / f"n{n}"
    prepare(folder, n)
    measures: dict[str, scale.Measure] = {}
    failed: dict[str, int] = {}

    def fail(name: str, why: str) -> None:
        measures[name] = scale.Measure(note=why)
        failed.setdefault(name, n)

    def skip(name: str) -> bool:
        return False

    original = scale.Server
    scale.Server = Server  # run_dashboard and run_page start their servers through this name
    try:
        timer = scale.time_dashboard_page

        def time_page(n, options, server, folder, browser, measures, fail, skip):
            timer(n, options, server, folder, browser, measures, fail, skip)
            if screenshots is not None:
                shoot(browser, server.url, screenshots / f"n{n}.png")

        scale.time_dashboard_page = time_page
        scale.run_dashboard(n, options, folder, browser, measures, fail, skip, log)
        if "floor" in options.variants:
            graph = scale.graph_json(folder)
            positions = json.loads((folder / "force.json").read_text())
            for node in graph["nodes"]:
                node["x"], node["y"] = positions[node["id"]]
            (folder / "graph.json").write_text(json.dumps(graph))
            scale.run_page("floor", n, options, folder, browser, measures, fail, log)
    finally:
        scale.Server = original
        scale.time_dashboard_page = timer
    return measures


def shoot(browser, url: str, path: Path) -> None:
    """A screenshot of the page as first drawn, the mouse parked off the graph."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    if browser.load(url, scale.DRAWN) is None:
        return
    ActionChains(browser.driver).move_to_element(
        browser.driver.find_element(By.CSS_SELECTOR, "h1")
    ).perform()
    time.sleep(1.0)
    path.parent.mkdir(parents=True, exist_ok=True)
    browser.driver.save_screenshot(str(path))


ROWS = (
    ("figure build (ms)", "figure build", 1000, 1),
    ("figure JSON (MB)", "figure JSON", 1, 2),
    ("callback: filter (ms)", "callback filter", 1, 1),
    ("callback: node click, graph (ms)", "callback click: graph", 1, 1),
    ("callback: node click, panel (ms)", "callback click: panel", 1, 1),
    ("navigation → drawn graph (ms)", "dashboard: page drawn", 1000, 0),
    ("node click → panel (ms)", "dashboard: node click → panel", 1000, 0),
    ("node click → redrawn graph (ms)", "dashboard: node click → graph", 1000, 0),
    ("filter click → redrawn graph (ms)", "dashboard: filter click → graph", 1000, 0),
    ("floor: navigation → drawn graph (ms)", "floor: page drawn", 1000, 0),
)


def table(results: dict[int, dict[str, scale.Measure]]) -> str:
    sizes = list(results)
    lines = ["| | " + " | ".join(f"n = {n:,}" for n in sizes) + " |",
             "|---|" + "---:|" * len(sizes)]  # fmt: skip
    for label, name, factor, digits in ROWS:
        cells = [scale.cell(results[n].get(name), factor, digits, 1, name) for n in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    ratios = []
    for n in sizes:
        ratio = scale.ratio(results, n, "dashboard: page drawn", "floor: page drawn")
        ratios.append("–" if ratio is None else f"{ratio:.2f}")
    lines.append("| page drawn ÷ floor | " + " | ".join(ratios) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["serve"]:
        parser = argparse.ArgumentParser()
        parser.add_argument("folder", type=Path)
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--budget", type=float, default=30.0)
        args = parser.parse_args(argv[1:])
        serve(args.folder, args.runs, args.budget)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)))
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=60.0, help="every browser wait, s")
    parser.add_argument("--budget", type=float, default=20.0, help="repeats per server step, s")
    parser.add_argument("--webgl-from", type=int, default=1000, help="the floor's WebGL threshold")
    parser.add_argument("--data", type=Path, default=Path(tempfile.gettempdir()) / "figbench")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--no-floor", action="store_true")
    parser.add_argument("--screenshots", type=Path, help="save the first page of each size here")
    args = parser.parse_args(argv)
    options = scale.Options(
        sizes=tuple(int(s) for s in args.sizes.split(",") if s.strip()),
        runs=args.runs,
        timeout=args.timeout,
        server_timeout=600.0,
        budget=args.budget,
        webgl_from=args.webgl_from,
        browser=not args.no_browser,
        variants=("dashboard",) if args.no_floor else ("dashboard", "floor"),
    )
    browser = scale.Browser(options.timeout) if options.browser else None
    results = {}
    try:
        for n in options.sizes:
            started = time.perf_counter()
            print(f"n = {n}", file=sys.stderr, flush=True)
            results[n] = measure(
                n, options, args.data, browser, args.screenshots,
                lambda text: print(text, file=sys.stderr, flush=True),
            )  # fmt: skip
            print(f"  {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    finally:
        if browser:
            browser.close()
    print(table(results))
    for n, measures in results.items():
        clicked = measures.get("browser clicked actor")
        if clicked:
            print(f"n = {n:,}: clicked {clicked.note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
