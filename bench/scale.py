"""How the dashboard scales: generated datasets of 30 to 10,000 actors against a floor and two alternatives.

    .venv/bin/python bench/scale.py [--sizes 30,300,1000,3000,10000] [--runs 3] [--quick]
                                   [--out bench/RESULTS.md]

Per size it generates a dataset (bench/generate.py) and starts, one at a time, each in its own
process on 127.0.0.1 (bench/scale_serve.py):

- the dashboard: load + validate, graph build, layout and figure build (each timed inside
  create_app, then repeated for a median while cheap), the figure's JSON size, the process's
  cold start to a built app and its resident memory, and the server-side time of the filter and
  node-click callbacks through Flask's test client;
- the floor: a bare Dash page that draws the same graph and nothing else, one Plotly trace per
  relation type from numpy arrays (SVG below --webgl-from actors, WebGL from there);
- Plotly's one-trace-per-edge recipe in a bare Dash page;
- a pyvis page of the same graph, physics on, until vis-network says it has stabilised.

Headless Chromium then times navigation to a drawn graph on each page (warm server, fresh page
each run), and on the dashboard a node click to its quotes in the panel and to the highlighted
graph, and a filter click to the redrawn graph. Every wait gives up after --timeout seconds and
records that it did not finish; a page or step that did not finish at one size is not tried at
larger ones. Medians of --runs; the machine is shared and noisy, so compare within one run.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import queue
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

from generate import generate  # noqa: E402  (bench/ is not a package)

SIZES = (30, 300, 1000, 3000, 10000)
VARIANTS = ("dashboard", "floor", "per-edge", "pyvis")
CHROMIUM = "/usr/bin/chromium"
PLOT = "#network-graph .js-plotly-plot"
# Plotly has drawn the figure it was given: every trace computed and laid out. Drawing runs in
# the same task as the computing, and a script runs only between tasks, so this is after it.
DRAWN = f"""
const gd = document.querySelector('{PLOT}');
if (!gd || !gd.data || !gd.data.length || !gd._fullData || !gd.calcdata) return false;
return gd.calcdata.length === gd._fullData.length && gd._fullData.length === gd.data.length;
"""
# Plotly has drawn a new figure since MARK_FIGURE ran: the click's answer, whatever it selected.
# A large figure's answer may change only its layout's shapes (a Patch): Plotly.react then keeps
# the data and takes the new layout object.
MARK_FIGURE = f"""
const gd = document.querySelector('{PLOT}');
window.benchFigure = [gd.data, gd.layout];
return true;
"""
REDRAWN = DRAWN.replace(
    "return gd.calcdata",
    "if (gd.data === window.benchFigure[0] && gd.layout === window.benchFigure[1]) return false;"
    " return gd.calcdata",
)
# The relation type unticked in the filter (arguments[0]) has left the drawn figure: its line
# traces (gone, or hidden with visible: false), or in a large figure, the paths of its shapes
# ("M0,0" is a shape with nothing to draw).
FILTERED = DRAWN.replace(
    "return gd.calcdata",
    "if (gd.data.some(t => t.meta === arguments[0] && t.visible !== false)) return false;"
    " if ((gd.layout.shapes || []).some(s => s.name === arguments[0] && s.path !== 'M0,0'))"
    " return false; return gd.calcdata",
)
# The floor's trace of the relation type unticked (arguments[0]) is hidden in the drawn figure.
FLOOR_FILTERED = DRAWN.replace(
    "return gd.calcdata",
    "const t = gd._fullData.find(t => t.name === arguments[0]);"
    " if (!t || t.visible !== false) return false; return gd.calcdata",
)
# Of the actors in arguments[0] (busiest first), the first whose marker a click at its centre
# selects, with room to spare: Plotly gives a click to the marker it is nearest, where within a
# marker the distance is 1 - 3/radius, so that a big marker's centre inside a smaller one (or
# its edge) goes to the smaller. The first whose centre is clear of every other clickable
# marker (a node, an edge's midpoint; not a trace that skips hover) by its own radius and 3 px;
# else the one with the most room.
# Read from the drawn traces (gd._fullData: sizes and numpy arrays decoded), with its viewport
# position through Plotly's axes.
NODE_POINT = f"""
const gd = document.querySelector('{PLOT}');
const box = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
const traces = gd._fullData;
let k = traces.findIndex(t => t.name === 'actors');
if (k < 0) k = traces.length - 1;
const px = [], py = [], pr = [], owner = [];
traces.forEach((t, j) => {{
  if (!t.mode || !t.mode.includes('markers') || t.hoverinfo === 'skip') return;
  if (t.visible !== undefined && t.visible !== true) return;
  const size = t.marker && t.marker.size;
  for (let i = 0; i < t.x.length; i++) {{
    const d = Array.isArray(size) || ArrayBuffer.isView(size) ? size[i] : size;
    px.push(xa.l2p(t.x[i])); py.push(ya.l2p(t.y[i])); pr.push(Math.max(3, (+d || 6) / 2));
    owner.push(j === k ? t.customdata[i] : null);
  }}
}});
let best = null, room = -Infinity;
for (const actor of arguments[0]) {{
  const i = owner.indexOf(actor);
  if (i < 0) continue;
  let clear = Infinity;  // from this centre to the nearest other marker's edge
  for (let j = 0; j < px.length; j++) {{
    if (j !== i) clear = Math.min(clear, Math.hypot(px[j] - px[i], py[j] - py[i]) - pr[j]);
  }}
  const spare = clear - pr[i] - 3;
  if (spare > room) {{
    best = [actor, box.left + xa._offset + px[i], box.top + ya._offset + py[i]];
    room = spare;
  }}
  if (spare >= 0) break;
}}
return best;
"""
PANEL_TITLE = """
const e = document.querySelector('#evidence-panel .panel-title');
return e ? e.textContent : null;
"""


@dataclass
class Measure:
    """One figure: its samples, or why there are none."""

    samples: list[float] = field(default_factory=list)
    note: str = ""  # "did not finish in 60 s", "skipped: ..."

    @property
    def value(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None


Results = dict[int, dict[str, Measure]]


PANEL_CHANGED = PANEL_TITLE.replace("return e ?", "return e && e.textContent !== 'Evidence' ?")


# Servers


class Server:
    """A bench/scale_serve.py process; its JSON lines arrive on a queue as it prints them."""

    def __init__(self, kind: str, folder: Path, runs: int, budget: float, webgl_from: int):
        command = [sys.executable, str(BENCH / "scale_serve.py"), kind, str(folder),
                   "--runs", str(runs), "--budget", str(budget), "--webgl-from", str(webgl_from)]  # fmt: skip
        self.log = (folder / f"{kind}.log").open("w")
        env = {**os.environ, "BENCH_T0": repr(time.time()), "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log,
            text=True, cwd=ROOT, env=env,
        )  # fmt: skip
        self.events: queue.Queue = queue.Queue()
        self.pending: str | None = None  # the step it has started and not finished
        self.url = ""
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        with contextlib.suppress(ValueError, OSError):  # its pipe closed under it: it is done
            for line in self.process.stdout:
                with contextlib.suppress(json.JSONDecodeError):
                    self.events.put(json.loads(line))
        self.events.put(None)

    def until(self, wanted: str, deadline: float, on_event) -> dict | None:
        """Pass events to ``on_event`` until one of kind ``wanted``; None if it died or timed out."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                event = self.events.get(timeout=left)
            except queue.Empty:
                return None
            if event is None:
                return None
            self.pending = event["name"] if event["event"] == "start" else None
            on_event(event)
            if event["event"] == wanted:
                return event

    def stop(self) -> None:
        """Close its standard input (it then exits), or kill it if it does not within 10 s."""
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout=10)
        self.process.stdout.close()
        self.log.close()


# The browser


class Browser:
    """Headless Chromium that only resolves 127.0.0.1; restarted after any wait that gave up."""

    def __init__(self, timeout: float):
        self.timeout = timeout
        self.driver = None
        self.start()

    def start(self) -> None:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.remote.remote_connection import RemoteConnection

        RemoteConnection.set_timeout(self.timeout * 2 + 30)  # no command may hang for ever
        options = Options()
        options.binary_location = shutil.which("chromium") or CHROMIUM
        for argument in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", "--hide-scrollbars",
                         "--enable-unsafe-swiftshader",  # WebGL in software: there is no GPU
                         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
                         "--window-size=1440,900"):  # fmt: skip
            options.add_argument(argument)
        self.driver = webdriver.Chrome(options=options)
        self.driver.set_page_load_timeout(self.timeout)
        self.driver.set_script_timeout(self.timeout)

    def restart(self) -> None:
        """Quit (or kill) Chromium and start a fresh one: a page that gave up may still be busy."""
        service = self.driver.service.process if self.driver else None
        quitter = threading.Thread(target=self._quit, daemon=True)
        quitter.start()
        quitter.join(timeout=20)
        if quitter.is_alive() and service is not None:
            for pid in _descendants(service.pid):
                _kill(pid)
            _kill(service.pid)
        self.start()

    def _quit(self) -> None:
        # A hung browser may fail in any way here; restart() kills it next.
        with contextlib.suppress(Exception):
            self.driver.quit()

    def close(self) -> None:
        from selenium.webdriver.remote.remote_connection import RemoteConnection

        self._quit()
        RemoteConnection.reset_timeout()  # as it was: other tests in a pytest run share it

    def wait(self, script: str, started: float, *args) -> float | None:
        """Seconds from ``started`` until ``script`` returns something true; None after the timeout."""
        from selenium.common.exceptions import WebDriverException

        deadline = started + self.timeout
        while time.perf_counter() < deadline:
            try:
                if self.driver.execute_script(script, *args):
                    return time.perf_counter() - started
            except WebDriverException:
                pass  # a page being replaced or too busy to answer: ask again
            time.sleep(0.005)
        return None

    def load(self, url: str, drawn: str) -> float | None:
        """Seconds from navigation to ``drawn`` being true on a fresh page, or None."""
        from selenium.common.exceptions import WebDriverException

        self.driver.get("about:blank")
        started = time.perf_counter()
        try:
            self.driver.get(url)
        except WebDriverException:
            return None  # the page did not even load within the timeout
        return self.wait(drawn, started)

    def click(self, element=None, at: tuple[float, float] | None = None) -> float:
        """Move the mouse to an element (or viewport point), then click; return the click's time."""
        from selenium.webdriver.common.action_chains import ActionChains

        chain = ActionChains(self.driver)
        if at is None:
            chain.move_to_element(element)
        else:
            chain.move_to_location(round(at[0]), round(at[1]))
        chain.perform()
        started = time.perf_counter()
        ActionChains(self.driver).click().perform()
        return started


def _descendants(pid: int) -> list[int]:
    found = []
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return found
    for child in map(int, children):
        found += [child, *_descendants(child)]
    return found


def _kill(pid: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, 9)


# The benchmark


@dataclass
class Options:
    sizes: tuple[int, ...] = SIZES
    runs: int = 3
    timeout: float = 60.0  # every browser wait
    server_timeout: float = 300.0  # a server's start, callbacks included
    budget: float = 30.0  # seconds of repeats per server-side step
    webgl_from: int = 1000
    seed: int = 1
    browser: bool = True
    variants: tuple[str, ...] = VARIANTS


def run(options: Options, workdir: Path | None = None, log=print) -> Results:
    """Run the benchmark; return every measure per size (see ``table`` for their names)."""
    results: Results = {}
    failed: dict[str, int] = {}  # measure -> the size where it did not finish
    owned = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="bench-scale-")) if owned else Path(workdir)
    browser = Browser(options.timeout) if options.browser else None
    try:
        for n in options.sizes:
            log(f"n = {n}")
            results[n] = run_size(n, options, workdir / f"n{n}", browser, failed, log)
    finally:
        if browser:
            browser.close()
        if owned:
            shutil.rmtree(workdir, ignore_errors=True)
    return results


def run_size(n, options, folder: Path, browser, failed: dict[str, int], log) -> dict[str, Measure]:
    measures: dict[str, Measure] = {}
    started = time.perf_counter()
    counts = generate(folder, n, options.seed)
    measures["generate"] = Measure([time.perf_counter() - started])
    for name, value in counts.items():
        measures[name] = Measure([value])
    graph = graph_json(folder)

    def skip(name: str) -> bool:
        """A measure that did not finish at a smaller size is not tried again."""
        if name in failed:
            measures[name] = Measure(note=f"skipped: did not finish at n={failed[name]}")
            return True
        return False

    def fail(name: str, why: str) -> None:
        measures[name] = Measure(note=why)
        failed.setdefault(name, n)

    if "dashboard" in options.variants and not skip("dashboard: server ready"):
        run_dashboard(n, options, folder, browser, measures, fail, skip, log)
    positions = folder / "positions.json"
    if positions.exists():
        chosen = json.loads(positions.read_text())
        measures["positions"] = Measure(note="the dashboard's force layout")
    else:
        rng = random.Random(options.seed)
        chosen = {node["id"]: (rng.uniform(-1, 1), rng.uniform(-1, 1)) for node in graph["nodes"]}
        measures["positions"] = Measure(note="random (the dashboard's layout did not finish)")
    for node in graph["nodes"]:
        node["x"], node["y"] = chosen[node["id"]]
    (folder / "graph.json").write_text(json.dumps(graph))
    for kind in ("floor", "per-edge", "pyvis"):
        if kind in options.variants and not skip(f"{kind}: page drawn"):
            run_page(kind, n, options, folder, browser, measures, fail, log)
    return measures


def graph_json(folder: Path) -> dict:
    """The graph as the dashboard draws it, read straight from the CSV files: nodes and edges.

    One edge per (source, relation, target, certainty), an undirected relation's ends in order.
    """
    with (folder / "actors.csv").open(encoding="utf-8", newline="") as file:
        nodes = [
            {"id": r["id"], "name": r["name"], "kind": r["kind"]} for r in csv.DictReader(file)
        ]
    with (folder / "relations.csv").open(encoding="utf-8", newline="") as file:
        directed = {r["id"]: r["directed"] == "true" for r in csv.DictReader(file)}
    edges: dict[tuple, dict] = {}
    with (folder / "triples.csv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            source, target = row["source"], row["target"]
            if not directed[row["relation"]]:
                source, target = sorted((source, target))
            key = (source, row["relation"], target, row["certainty"])
            edge = edges.setdefault(
                key, {"source": source, "target": target, "relation": row["relation"], "quotes": 0}
            )
            edge["quotes"] += 1
    return {"nodes": nodes, "edges": list(edges.values()), "relations": list(directed)}


def run_dashboard(n, options, folder, browser, measures, fail, skip, log) -> None:
    server = Server("dashboard", folder, options.runs, options.budget, options.webgl_from)
    deadline = time.monotonic() + options.server_timeout
    stage_names = {"load + validate", "graph build", "edge table", "layout", "figure build"}

    def on_event(event):
        if event["event"] == "stage" and event["name"] in stage_names:
            measures.setdefault(event["name"], Measure([event["seconds"]]))
        elif event["event"] == "ready":
            measures["dashboard: server ready"] = Measure([event["seconds"]])
            measures["dashboard: memory"] = Measure([event["rss_mb"]])
        elif event["event"] == "stages":
            for name, samples in event["samples"].items():
                measures[name] = Measure(samples)
            if event["figure_bytes"]:
                measures["figure JSON"] = Measure([event["figure_bytes"] / 1e6])
        elif event["event"] == "callbacks":
            for name, samples in event["ms"].items():
                measures[f"callback {name}"] = Measure(samples)
            measures["clicked actor"] = Measure(
                note=f"{event['actor']} ({event['actor_edges']} relations)"
            )

    try:
        serving = server.until("ready", deadline, on_event)
        if serving is not None:  # ready: the callbacks get as long again
            serving = server.until("serving", time.monotonic() + options.server_timeout, on_event)
        if serving is None:
            why = f"did not finish in {options.server_timeout:.0f} s"
            pending = server.pending or "start"
            log(f"  dashboard: {pending} {why}")
            if "dashboard: server ready" not in measures:
                fail("dashboard: server ready", f"{why} (at: {pending})")
            if pending in stage_names or pending.startswith("callback"):
                measures[pending] = Measure(note=why)
            if "edge table" in measures and "graph build" not in measures:
                measures["graph build"] = Measure(note=why)
            return
        stage = measures.pop("edge table", None)
        if stage and "graph build" in measures and len(measures["graph build"].samples) == 1:
            measures["graph build"].samples[0] += stage.samples[0]
        server.url = serving["url"]
        log(f"  dashboard ready in {measures['dashboard: server ready'].value:.1f} s")
        if browser:
            time_dashboard_page(n, options, server, folder, browser, measures, fail, skip)
    finally:
        server.stop()


def time_dashboard_page(n, options, server, folder, browser, measures, fail, skip) -> None:
    from dashboard import ids

    url = server.url
    graph = graph_json(folder)
    order = [node["id"] for node in graph["nodes"]]
    names = {node["id"]: node["name"] for node in graph["nodes"]}
    edges = {node: 0 for node in order}
    for edge in graph["edges"]:
        edges[edge["source"]] += 1
        edges[edge["target"]] += 1
    candidates = sorted((a for a in order if edges[a]), key=lambda a: -edges[a])[:2000]
    relation = graph["relations"][0]
    page = "dashboard: page drawn"
    if skip(page):
        return
    if browser.load(url, DRAWN) is None:  # a warm-up: server and browser cache
        fail(page, f"did not finish in {options.timeout:.0f} s")
        browser.restart()
        return
    loads, panels, highlights, filters = [], [], [], []
    checks = {
        "dashboard: node click → panel": panels,
        "dashboard: node click → graph": highlights,
        "dashboard: filter click → graph": filters,
    }
    gave_up: set[str] = {name for name in checks if skip(name)}
    for _ in range(options.runs):
        seconds = browser.load(url, DRAWN)
        if seconds is None:
            fail(page, f"did not finish in {options.timeout:.0f} s")
            browser.restart()
            break
        loads.append(seconds)
        clicks = [n for n in ("dashboard: node click → panel", "dashboard: node click → graph")
                  if n not in gave_up]  # fmt: skip
        if clicks:
            actor, *point = browser.driver.execute_script(NODE_POINT, candidates)
            browser.driver.execute_script(MARK_FIGURE)
            started = browser.click(at=point)
            waits = {"dashboard: node click → panel": (PANEL_CHANGED, panels),
                     "dashboard: node click → graph": (REDRAWN, highlights)}  # fmt: skip
            missed = False
            for name in clicks:
                script, into = waits[name]
                value = browser.wait(script, started)
                if value is None:
                    fail(name, f"did not finish in {options.timeout:.0f} s")
                    gave_up.add(name)
                    missed = True
                else:
                    into.append(value)
            title = browser.driver.execute_script(PANEL_TITLE)
            clicked = f"{actor} ({edges[actor]} relations)"
            if title != names[actor]:
                clicked = f"{clicked} aimed at, the click selected «{title}»"
            measures["browser clicked actor"] = Measure(note=clicked)
            if missed:
                browser.restart()
                continue
        if "dashboard: filter click → graph" not in gave_up:
            box = browser.driver.execute_script(
                f"return document.querySelector('#{ids.RELATION_FILTER} input[value=\"{relation}\"]');"
            )
            started = browser.click(box)
            gone = browser.wait(FILTERED, started, relation)
            if gone is None:
                fail(
                    "dashboard: filter click → graph", f"did not finish in {options.timeout:.0f} s"
                )
                gave_up.add("dashboard: filter click → graph")
                browser.restart()
            else:
                filters.append(gone)
    if loads:
        measures[page] = Measure(loads)
    for name, values in checks.items():
        if values and name not in gave_up:
            measures[name] = Measure(values)


def run_page(kind, n, options, folder, browser, measures, fail, log) -> None:
    server = Server(kind, folder, options.runs, options.budget, options.webgl_from)
    deadline = time.monotonic() + options.server_timeout
    name = f"{kind}: page drawn"

    def on_event(event):
        if event["event"] == "stage":
            measures.setdefault(f"{kind}: build", Measure([event["seconds"]]))
        elif event["event"] == "ready":
            measures[f"{kind}: server ready"] = Measure([event["seconds"]])
            measures[f"{kind}: memory"] = Measure([event["rss_mb"]])
            if "figure_bytes" in event:
                measures[f"{kind}: figure JSON"] = Measure([event["figure_bytes"] / 1e6])
                measures[f"{kind}: renderer"] = Measure(note=event["renderer"])
            if "page_bytes" in event:
                measures[f"{kind}: page size"] = Measure([event["page_bytes"] / 1e6])

    try:
        serving = server.until("serving", deadline, on_event)
        if serving is None:
            fail(name, f"server did not start in {options.server_timeout:.0f} s")
            return
        server.url = serving["url"]
        if not browser:
            return
        drawn = "return window.benchStabilised > 0;" if kind == "pyvis" else DRAWN
        loads = []
        for attempt in range(options.runs + 1):  # the first is a warm-up
            seconds = browser.load(server.url, drawn)
            if seconds is None:
                fail(name, f"did not finish in {options.timeout:.0f} s")
                browser.restart()
                log(f"  {kind}: did not finish in {options.timeout:.0f} s")
                return
            if attempt:
                loads.append(seconds)
        measures[name] = Measure(loads)
        log(f"  {kind}: {statistics.median(loads) * 1000:.0f} ms")
        if kind == "floor":
            relation = graph_json(folder)["relations"][0]
            time_floor_filter(server, relation, options, browser, measures, fail)
    finally:
        server.stop()


def time_floor_filter(server, relation, options, browser, measures, fail) -> None:
    """The floor's filter: untick the first relation type, until Plotly has hidden its trace."""
    name = "floor: filter click → graph"
    clicks = []
    for _ in range(options.runs):
        if browser.load(server.url, DRAWN) is None:
            fail(name, f"did not finish in {options.timeout:.0f} s")
            return
        box = browser.driver.execute_script(
            f"return document.querySelector('#relation-filter input[value=\"{relation}\"]');"
        )
        started = browser.click(box)
        hidden = browser.wait(FLOOR_FILTERED, started, relation)
        if hidden is None:
            fail(name, f"did not finish in {options.timeout:.0f} s")
            return
        clicks.append(hidden)
    measures[name] = Measure(clicks)


# The report

ROWS = (
    # label, measure, scale, digits; a section starts with a label in bold
    ("**Dataset**", None, 0, 0),
    ("actors", "actors", 1, 0),
    ("edges (relations drawn)", "edges", 1, 0),
    ("quotes (triples)", "triples", 1, 0),
    ("**Dashboard, server side**", None, 0, 0),
    ("load + validate (s)", "load + validate", 1, 3),
    ("graph build (s)", "graph build", 1, 3),
    ("layout, force (s)", "layout", 1, 3),
    ("figure build (s)", "figure build", 1, 3),
    ("figure JSON (MB)", "figure JSON", 1, 2),
    ("server ready, cold process (s)", "dashboard: server ready", 1, 1),
    ("server memory after app build (MB RSS)", "dashboard: memory", 1, 0),
    ("callback: filter (ms)", "callback filter", 1, 1),
    ("callback: node click, select (ms)", "callback click: select", 1, 1),
    ("callback: node click, panel (ms)", "callback click: panel", 1, 1),
    ("callback: node click, graph (ms)", "callback click: graph", 1, 1),
    ("**Dashboard, in Chromium**", None, 0, 0),
    ("navigation → drawn graph (ms)", "dashboard: page drawn", 1000, 0),
    ("node click → quotes in panel (ms)", "dashboard: node click → panel", 1000, 0),
    ("node click → redrawn graph (ms)", "dashboard: node click → graph", 1000, 0),
    ("filter click → redrawn graph (ms)", "dashboard: filter click → graph", 1000, 0),
    ("**Floor: bare Dash page, one trace per relation type**", None, 0, 0),
    ("renderer", "floor: renderer", 1, 0),
    ("figure JSON (MB)", "floor: figure JSON", 1, 2),
    ("server memory (MB RSS)", "floor: memory", 1, 0),
    ("navigation → drawn graph (ms)", "floor: page drawn", 1000, 0),
    ("filter click → redrawn graph (ms)", "floor: filter click → graph", 1000, 0),
    ("**Alternative: one Plotly trace per edge**", None, 0, 0),
    ("figure build (s)", "per-edge: build", 1, 2),
    ("figure JSON (MB)", "per-edge: figure JSON", 1, 2),
    ("server memory (MB RSS)", "per-edge: memory", 1, 0),
    ("navigation → drawn graph (ms)", "per-edge: page drawn", 1000, 0),
    ("**Alternative: pyvis, physics on**", None, 0, 0),
    ("page build (s)", "pyvis: build", 1, 2),
    ("page size (MB)", "pyvis: page size", 1, 2),
    ("navigation → stabilised (ms)", "pyvis: page drawn", 1000, 0),
)
RATIOS = (
    ("page drawn: dashboard ÷ floor", "dashboard: page drawn", "floor: page drawn"),
    (
        "filter click: dashboard ÷ floor",
        "dashboard: filter click → graph",
        "floor: filter click → graph",
    ),
    ("page drawn: one-trace-per-edge ÷ dashboard", "per-edge: page drawn", "dashboard: page drawn"),
    ("page drawn: pyvis ÷ dashboard", "pyvis: page drawn", "dashboard: page drawn"),
    ("page drawn: one-trace-per-edge ÷ floor", "per-edge: page drawn", "floor: page drawn"),
    ("page drawn: pyvis ÷ floor", "pyvis: page drawn", "floor: page drawn"),
)
_REPEATED = {"load + validate", "graph build", "layout", "figure build"}


def cell(measure: Measure | None, scale: float, digits: int, runs: int, name: str) -> str:
    if measure is None:
        return "–"
    if measure.value is None:
        return measure.note or "–"
    value = measure.value * scale
    text = f"{value:,.{digits}f}" if digits or value >= 1 else f"{value:.2g}"
    repeated = name in _REPEATED or name.startswith(("callback", "dashboard: page",
                                                       "dashboard: node", "dashboard: filter"))  # fmt: skip
    if repeated and runs > 1 and len(measure.samples) == 1:
        text += "¹"
    return text


def table(results: Results, runs: int) -> str:
    sizes = list(results)
    lines = ["| | " + " | ".join(f"n = {n:,}" for n in sizes) + " |",
             "|---|" + "---:|" * len(sizes)]  # fmt: skip
    for label, name, scale, digits in ROWS:
        if name is None:
            lines.append(f"| {label} |" + " |" * len(sizes))
            continue
        if name.endswith("renderer"):
            cells = [results[n].get(name, Measure()).note or "–" for n in sizes]
        else:
            cells = [cell(results[n].get(name), scale, digits, runs, name) for n in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines.append("| **Ratios (lower is faster for the first)** |" + " |" * len(sizes))
    for label, top, bottom in RATIOS:
        cells = []
        for n in sizes:
            a, b = results[n].get(top), results[n].get(bottom)
            if a and b and a.value and b.value:
                cells.append(f"{a.value / b.value:.2f}")
            elif b and b.value and a and a.note.startswith(("did not", "skipped")):
                cells.append(f"> {60 / b.value:.0f}" if "60 s" in a.note else "–")
            else:
                cells.append("–")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def ratio(results: Results, n: int, top: str, bottom: str) -> float | None:
    a, b = results.get(n, {}).get(top), results.get(n, {}).get(bottom)
    return a.value / b.value if a and b and a.value and b.value else None


def goals(results: Results) -> list[str]:
    """The issue's goals, each with its verdict from this run."""
    lines = []
    sizes = sorted(results)

    def verdict(ok: bool | None, text: str) -> None:
        mark = "not measured" if ok is None else ("met" if ok else "**missed**")
        lines.append(f"- {text}: {mark}")

    def value(n, name, scale=1.0):
        m = results.get(n, {}).get(name)
        return m.value * scale if m and m.value is not None else None

    small = sizes[0]
    callbacks = [k for k in results[small] if k.startswith("callback")]
    worst = max((value(small, k) for k in callbacks if value(small, k) is not None), default=None)
    verdict(None if worst is None else worst < 50,
            f"n = {small}: every callback under 50 ms server-side (slowest "
            f"{'–' if worst is None else f'{worst:.1f} ms'})")  # fmt: skip
    r = ratio(results, small, "dashboard: page drawn", "floor: page drawn")
    verdict(
        None if r is None else r <= 1.5,
        f"n = {small}: page drawn within 1.5× the floor ({'–' if r is None else f'{r:.2f}×'})",
    )
    big = sizes[-1]
    ready = value(big, "dashboard: server ready")
    note = results.get(big, {}).get("dashboard: server ready", Measure()).note
    verdict(False if note.startswith(("did not", "skipped")) else (None if ready is None else ready < 10),
            f"n = {big:,}: server ready under 10 s ({note or ('–' if ready is None else f'{ready:.1f} s')})")  # fmt: skip
    r = ratio(results, big, "dashboard: page drawn", "floor: page drawn")
    verdict(
        None if r is None else r <= 1.5,
        f"n = {big:,}: page drawn within 1.5× the floor ({'–' if r is None else f'{r:.2f}×'})",
    )
    for name, limit in (("dashboard: filter click → graph", 300),
                        ("dashboard: node click → panel", 200),
                        ("dashboard: node click → graph", 200)):  # fmt: skip
        v = value(big, name, 1000)
        floor = value(big, "floor: filter click → graph", 1000) if "filter" in name else None
        beside = f"; the floor's: {floor:.0f} ms" if floor is not None else ""
        verdict(None if v is None else v < limit,
                f"n = {big:,}: {name.split(': ')[1]} under {limit} ms "
                f"({'–' if v is None else f'{v:.0f} ms'}{beside})")  # fmt: skip
    memory = value(big, "dashboard: memory")
    verdict(
        None if memory is None else memory < 1024,
        f"n = {big:,}: server memory under 1 GB ({'–' if memory is None else f'{memory:.0f} MB'})",
    )
    for other, label in (("per-edge", "one trace per edge"), ("pyvis", "pyvis")):
        behind = [
            n
            for n in sizes
            if (ratio(results, n, f"{other}: page drawn", "dashboard: page drawn") or 2) <= 1
        ]
        known = [n for n in sizes if results[n].get("dashboard: page drawn", Measure()).value]
        verdict(None if not known else not behind,
                f"page drawn ahead of {label} at every size"
                + (f" (behind at n = {', '.join(map(str, behind))})" if behind else "")
                + (f" (dashboard not drawn at n = {', '.join(str(n) for n in sizes if n not in known)})"
                   if len(known) < len(sizes) else ""))  # fmt: skip
    return lines


def machine() -> list[str]:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or platform.machine())  # fmt: skip
    memory = next((int(line.split()[1]) for line in _read("/proc/meminfo").splitlines()
                   if line.startswith("MemTotal:")), 0)  # fmt: skip
    versions = [f"Python {platform.python_version()}"]
    for package in ("dash", "plotly", "networkx", "pandas", "numpy", "scipy", "pyvis", "selenium"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} (not installed)")
    chromium = _output([shutil.which("chromium") or CHROMIUM, "--version"])
    commit = _output(["git", "-C", str(ROOT), "describe", "--always", "--dirty"])
    changed = _output(["git", "-C", str(ROOT), "status", "--porcelain", "--", "dashboard"])
    lines = [
        f"- machine: {os.cpu_count()} cores (`nproc`: {_output(['nproc'])}), "
        f"{memory / 1024 / 1024:.1f} GiB memory, {cpu}; {platform.system()} {platform.release()}",
        f"- versions: {', '.join(versions)}; {chromium or 'chromium not found'} (headless, "
        "software WebGL via SwiftShader)",
        f"- code: commit {commit or '?'}"
        + (f"; uncommitted changes in: {', '.join(line.split(maxsplit=1)[-1] for line in changed.splitlines())}" if changed else ""),
    ]  # fmt: skip
    return lines


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _output(command: list[str]) -> str:
    try:
        return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        return ""


ALTERNATIVES = {
    "floor": "the floor (a bare Dash page, one trace per relation type)",
    "per-edge": "one Plotly trace per edge",
    "pyvis": "pyvis with physics on (the `bench` extra)",
}


def alternatives_line(variants: tuple[str, ...]) -> str:
    """Say which alternatives a run measured and which it left out, for the report.

    >>> alternatives_line(("dashboard", "floor"))
    '- alternatives measured: the floor (a bare Dash page, one trace per relation type); not measured: one Plotly trace per edge, pyvis with physics on (the `bench` extra)'
    """
    measured = [text for name, text in ALTERNATIVES.items() if name in variants]
    left = [text for name, text in ALTERNATIVES.items() if name not in variants]
    line = f"- alternatives measured: {', '.join(measured) or 'none'}"
    return line + (f"; not measured: {', '.join(left)}" if left else "")


def report(results: Results, options: Options, command: str, seconds: float) -> str:
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            "# Scale benchmark",
            "",
            f"Written by `bench/scale.py` on {date}, in {seconds / 60:.1f} minutes:",
            "",
            f"    {command}",
            "",
            *machine(),
            alternatives_line(options.variants),
            f"- method: medians of {options.runs} runs; every browser wait gives up after "
            f"{options.timeout:.0f} s, a server's start after {options.server_timeout:.0f} s; "
            "a page or step that did not finish is not tried at larger sizes. The machine is "
            "shared and noisy: compare figures within this run, not across runs.",
            "",
            table(results, options.runs),
            "",
            "¹ one sample: the step took too long to repeat within the per-step budget "
            f"({options.budget:.0f} s).",
            "",
            "How each figure is taken:",
            "",
            "- Datasets come from `bench/generate.py` (seed " + str(options.seed) + "): n actors, "
            "1.5 n edges of 8 relation types, two quotes per edge on average, ~150-character "
            "sentences. The article-sized case is n = 30 (the seed has 22 actors and 130 quotes).",
            "- Server-side steps run in a fresh process per size, as a server starts: load + validate "
            "is `load_dataset`; graph build is `edge_table` + `build_graph`; layout is "
            "`compute_layout(graph, 'force')`; figure build is `figure_dict` for the first page. "
            "Their first run is timed inside `create_app`; cheap ones are repeated for the median. "
            "Server ready is process start (imports included) to a built app; memory is the "
            "process's resident set then.",
            "- Callbacks are posted to Dash's callback endpoint through Flask's test client, built "
            "from the app's callback map: the filter unticks the first relation type; the node "
            "click selects the actor with the most relations (the select callback, then the panel "
            "and the graph callbacks it triggers). Median of max(5, runs) calls after a warm-up.",
            "- In Chromium (1440×900), each page is loaded once to warm up, then timed from "
            "navigation until Plotly has drawn the figure (pyvis: until vis-network's "
            "`stabilizationIterationsDone`, hooked in the page). Node click: a real mouse click on "
            "the actor's marker, until the panel shows what it selected, and until Plotly has drawn "
            "the figure the click sent back. "
            "Filter click: the first relation type's checkbox, until its traces (or, in a large "
            "figure, its shapes' paths) are gone from the "
            "drawn figure.",
            "- The floor, one-trace-per-edge and pyvis pages draw the same nodes and edges at the "
            "dashboard's force-layout positions (random positions where that layout did not "
            "finish; pyvis lays the graph out itself). The floor uses SVG `scatter` below "
            f"{options.webgl_from:,} actors and WebGL `scattergl` from there; it draws markers "
            "and straight lines only, no labels.",
            "",
            "Actor of the node-click callbacks (the one with the most relations): "
            + "; ".join(
                f"n = {n:,}: {m['clicked actor'].note}"
                for n, m in results.items()
                if "clicked actor" in m
            )
            + ". Actor clicked in Chromium (the busiest with no other marker within 25 px, "
            "else the one with the most room): "
            + "; ".join(
                f"n = {n:,}: {m['browser clicked actor'].note}"
                for n, m in results.items()
                if "browser clicked actor" in m
            )
            + ".",
            "",
            "## The issue's goals in this run",
            "",
            *goals(results),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="comma-separated numbers of actors (default: %(default)s)")  # fmt: skip
    parser.add_argument("--runs", type=int, default=3, help="runs per median (default: 3)")
    parser.add_argument("--quick", action="store_true",
                        help="1 run, 30 s browser waits, 120 s server starts")  # fmt: skip
    parser.add_argument("--timeout", type=float, help="browser wait limit, s (default: 60)")
    parser.add_argument("--server-timeout", type=float, help="server start limit, s (default: 300)")
    parser.add_argument(
        "--budget", type=float, help="repeats per server-side step, s (default: 30)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--webgl-from", type=int, default=1000,
                        help="the floor uses scattergl from this many actors (default: %(default)s)")  # fmt: skip
    parser.add_argument("--no-browser", action="store_true", help="server-side figures only")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md",
                        help="Markdown report to write (default: bench/RESULTS.md)")  # fmt: skip
    args = parser.parse_args(argv)
    quick = args.quick
    options = Options(
        sizes=tuple(int(s) for s in args.sizes.split(",") if s.strip()),
        runs=1 if quick and args.runs == 3 else args.runs,
        timeout=args.timeout or (30.0 if quick else 60.0),
        server_timeout=args.server_timeout or (120.0 if quick else 300.0),
        budget=args.budget or (10.0 if quick else 30.0),
        webgl_from=args.webgl_from,
        seed=args.seed,
        browser=not args.no_browser,
    )
    command = shlex.join([".venv/bin/python", "bench/scale.py", *(argv if argv is not None else sys.argv[1:])])  # fmt: skip
    started = time.perf_counter()
    results = run(options, log=lambda text: print(text, file=sys.stderr, flush=True))
    text = report(results, options, command, time.perf_counter() - started)
    print(table(results, options.runs))
    args.out.write_text(text, encoding="utf-8")
    print(f"written: {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
