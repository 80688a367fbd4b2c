"""The dashboard against its floor, in one run: the bundled seed and 10,000 generated actors.

    .venv/bin/python bench/floor.py [--sizes seed,10000] [--runs 3] [--out bench/RESULTS.md]

The floor is a bare Dash page (bench/scale_serve.py, kind ``floor``) that draws the same graph at
the dashboard's positions (one Plotly trace per relation type, one of markers), lists a clicked
actor's quotes as plain paragraphs, and hides a relation type's trace when its box in a
checklist is unticked. For each size, the dashboard and then the floor are started in their own
process on 127.0.0.1, and headless Chromium (1440×900) times on each, from a fresh page each
time, after one warm-up load, one run of the dashboard then one of the floor, and again (the
machine is shared and its speed drifts: alternating, both pages see the same machine):

- page drawn: navigation until Plotly has drawn the figure;
- actor click → three quotes: a real mouse click on an actor's marker until its name heads the
  panel and three of its quotes (all, if it has fewer) are on the page;
- filter click → redrawn: unticking the first relation type until the figure no longer draws it;
- on the dashboard, also actor click → redrawn graph (the selection drawn), for the scale goals.

The clicks are timed in the page: from the mouse press's own time stamp to the end of the first
animation frame at which what is awaited is in the page (the frame that paints it). A reader sees the quotes
when they are painted, whatever the page does next; ChromeDriver's polling, the way the page load
is timed, can only ask between the page's tasks, so it also counts work done after the quotes are
on the screen, and its own round trips. The polled times of the same clicks are reported too.

The dashboard's ratios to the floor are the issue's goals (page 1.5×, actor click 1.5×, filter
click 1.25× at the seed's size; actor click 1.5× at 10,000 actors, with the scale benchmark's
other 10,000-actor goals). Medians of --runs; the machine is shared and noisy, so compare
within one run. The report replaces the section it wrote before in --out (or is added after
the file's title), so bench/scale.py's report in the same file stays.
"""

from __future__ import annotations

import argparse
import json
import shlex
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))

import scale  # noqa: E402  (bench/ is not a package)
from generate import generate  # noqa: E402
from scale import DRAWN, FILTERED, FLOOR_FILTERED, MARK_FIGURE, NODE_POINT, REDRAWN, Measure  # noqa: E402

SEED = ROOT / "seeds" / "iran-russia-treaty"
CANDIDATES = 2000  # actors NODE_POINT may try, the most quoted first
SIZES = ("seed", "10000")
BEGIN, END = "<!-- bench/floor.py: begin -->", "<!-- bench/floor.py: end -->"
# An actor heads the panel (in a crowd the click may select a neighbour of the one aimed at,
# arguments[0]; the report names what it selected), and at least three of its quotes, or all
# if it has fewer, are drawn (window.benchNeed: each name's count, set once per page, as
# passing 10,000 names at each poll would slow the page being timed; else arguments[1]):
# the dashboard's as items of the panel's quote lists, the floor's as paragraphs.
NEED = "const need = (name, fallback) => (window.benchNeed || {})[name] ?? fallback;"
QUOTES_SHOWN = {
    "dashboard": NEED
    + """
const p = document.querySelector('#evidence-panel');
const t = p && p.querySelector('.panel-title');
if (!t || t.textContent === 'Evidence' || t.textContent === 'Relation') return false;
return p.querySelectorAll('.quotes li').length >= need(t.textContent, arguments[1]);
""",
    "floor": NEED
    + """
const p = document.querySelector('#floor-quotes');
const t = p && p.querySelector('h2');
if (!t) return false;
return p.querySelectorAll('p.quote').length >= need(t.textContent, arguments[1]);
""",
}
TITLE = {
    "dashboard": "const t = document.querySelector('#evidence-panel .panel-title'); return t && t.textContent;",
    "floor": "const t = document.querySelector('#floor-quotes h2'); return t && t.textContent;",
}
FILTER_BOX = (
    "return document.querySelector('#relation-filter input[value=\"' + arguments[0] + '\"]');"
)
# Before a click: time stamps in the page (window.benchT): the mouse press, and for each awaited
# state (arguments[0]: name → [script, its arguments]) the end of the first animation frame at
# which its script returns something true. A frame's callbacks run before its style, layout and
# paint: the time is taken in a task posted from there, which runs once the frame is rendered.
# The scripts are those the polling uses.
ARM = """
const t = window.benchT = {down: null, seen: {}};
document.addEventListener('mousedown', e => { t.down = e.timeStamp; }, {capture: true, once: true});
for (const [name, [body, args]] of Object.entries(arguments[0])) {
  const holds = new Function(body);
  const rendered = new MessageChannel();
  rendered.port1.onmessage = () => { t.seen[name] = performance.now(); };
  const tick = () => {
    let ok = false;
    try { ok = t.down !== null && holds.apply(null, args); } catch (e) { ok = false; }
    if (ok) { rendered.port2.postMessage(0); } else { requestAnimationFrame(tick); }
  };
  requestAnimationFrame(tick);
}
return true;
"""
# Seconds from the press to the frame that showed arguments[0], once it has; else null.
SEEN = """
const t = window.benchT, seen = t && t.seen[arguments[0]];
return seen === undefined || t.down === null ? null : (seen - t.down) / 1000;
"""
STEPS = ("page drawn", "actor click → three quotes", "actor click → graph", "filter click → graph")
CLICKS = STEPS[1:]
POLLED = " (polled)"
GOALS = (  # (size, step, most the dashboard may take, as a multiple of the floor's time)
    ("seed", "page drawn", 1.5),
    ("seed", "actor click → three quotes", 1.5),
    ("seed", "filter click → graph", 1.25),
    ("10000", "actor click → three quotes", 1.5),
)
SCALE_GOALS = (  # the scale benchmark's other goals at 10,000 actors: (measure, limit, unit)
    ("dashboard: server ready", 10, "s"),
    ("dashboard: memory", 1024, "MB"),
    ("dashboard: filter click → graph", 0.3, "s"),
    ("dashboard: actor click → three quotes", 0.2, "s"),
    ("dashboard: actor click → graph", 0.2, "s"),
)

Results = dict[str, dict[str, Measure]]


def prepare(size: str, folder: Path, seed: int) -> None:
    """The dataset of a size: the bundled seed, or ``size`` generated actors."""
    if size == "seed":
        shutil.copytree(SEED, folder)
    else:
        generate(folder, int(size), seed)


def run(
    sizes, runs: int, timeout: float, workdir: Path | None = None, log=print, seed=1
) -> Results:
    """Time the dashboard and the floor at each size; return the measures per size."""
    results: Results = {}
    owned = workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="bench-floor-")) if owned else Path(workdir)
    browser = scale.Browser(timeout)
    try:
        for size in sizes:
            log(f"size {size}")
            folder = workdir / size
            prepare(size, folder, seed)
            results[size] = run_size(folder, runs, timeout, browser, log)
    finally:
        browser.close()
        if owned:
            shutil.rmtree(workdir, ignore_errors=True)
    return results


def run_size(folder: Path, runs: int, timeout: float, browser, log) -> dict[str, Measure]:
    measures: dict[str, Measure] = {}
    graph = scale.graph_json(folder)
    quotes = Counter()
    names = {node["id"]: node["name"] for node in graph["nodes"]}
    for edge in graph["edges"]:
        for end in {edge["source"], edge["target"]}:
            quotes[end] += edge["quotes"]
    measures["actors"] = Measure([len(graph["nodes"])])
    measures["edges"] = Measure([len(graph["edges"])])
    measures["quotes"] = Measure([sum(e["quotes"] for e in graph["edges"])])
    # Actors with three quotes or more, the most quoted first: NODE_POINT clicks the first with
    # room around its marker on the dashboard, and the floor then the same one first.
    # At 10,000 actors the most quoted sit in a crowd, a few px from others: look further.
    candidates = [a for a, _ in quotes.most_common() if quotes[a] >= 3][:CANDIDATES] or list(
        quotes
    )[:CANDIDATES]
    relation = graph["relations"][0]
    servers, pages = [], {}
    try:
        for kind in ("dashboard", "floor"):  # started one after the other: cold starts alone
            if kind == "floor":
                positions = folder / "positions.json"
                chosen = json.loads(positions.read_text()) if positions.exists() else {}
                for node in graph["nodes"]:
                    node["x"], node["y"] = chosen.get(node["id"], (0.0, 0.0))
                (folder / "graph.json").write_text(json.dumps(graph))
            server = scale.Server(kind, folder, runs, 2.0, 1000)
            servers.append(server)
            ready = server.until("serving", time.monotonic() + 300, on_event(kind, measures))
            if ready is None:
                measures[f"{kind}: page drawn"] = Measure(note="the server did not start")
                log(f"  {kind}: the server did not start")
                continue
            page = Page(kind, ready["url"], browser, names, quotes, relation)
            if page.load() is not None:  # a warm-up: server and browser cache
                pages[kind] = page
            else:
                measures[f"{kind}: page drawn"] = Measure(note="did not finish")
        # One run of the dashboard, then one of the floor, and again: the machine is shared,
        # and its speed drifts over a run; alternating, both pages see the same machine.
        for _ in range(runs):
            aimed = pages["dashboard"].once(candidates) if "dashboard" in pages else None
            if "floor" in pages:  # the floor clicks the same actor, if it has room there too
                pages["floor"].once(
                    [aimed, *(a for a in candidates if a != aimed)] if aimed else candidates
                )
        for page in pages.values():
            page.record(measures, log)
    finally:
        for server in servers:
            server.stop()
    return measures


def on_event(kind: str, measures: dict[str, Measure]):
    def record(event):
        if event["event"] == "ready":
            measures[f"{kind}: server ready"] = Measure([event["seconds"]])
            measures[f"{kind}: memory"] = Measure([event["rss_mb"]])

    return record


class Page:
    """One page (the dashboard's or the floor's) timed run by run in the shared browser: page
    drawn, actor click, filter click, each from a fresh page."""

    def __init__(self, kind, url, browser, names, quotes, relation):
        self.kind, self.url, self.browser = kind, url, browser
        self.names, self.quotes, self.relation = names, quotes, relation
        self.needed = {names[a]: min(3, quotes[a]) for a in names}
        self.samples: dict[str, list[float]] = {step: [] for step in STEPS}
        self.samples.update({step + POLLED: [] for step in CLICKS})
        self.clicked: list[str] = []

    def load(self) -> float | None:
        """Seconds until a fresh page is drawn, or None (the browser is then restarted)."""
        seconds = self.browser.load(self.url, DRAWN)
        if seconds is None:
            self.browser.restart()
        return seconds

    def timed(self, step: str, started: float, script: str, *args) -> bool:
        """Wait for a click's step (polled), then take its time in the page as well."""
        polled = self.browser.wait(script, started, *args)
        if polled is None:
            return False
        self.samples[step + POLLED].append(polled)
        driver = self.browser.driver
        if self.browser.wait(SEEN, time.perf_counter(), step) is not None:  # the next frame
            self.samples[step].append(driver.execute_script(SEEN, step))
        return True

    def once(self, candidates) -> str | None:
        """One run: the page drawn, a click on an actor (the first of ``candidates`` with room
        around its marker), a fresh page and a click on the first relation type's box. The
        actor aimed at, or None."""
        kind, browser, names, quotes = self.kind, self.browser, self.names, self.quotes
        seconds = self.load()
        if seconds is None:
            return None
        self.samples["page drawn"].append(seconds)
        driver = browser.driver
        actor, *point = driver.execute_script(NODE_POINT, candidates)
        driver.execute_script(MARK_FIGURE)
        driver.execute_script("window.benchNeed = arguments[0];", self.needed)
        shown = (QUOTES_SHOWN[kind], [names[actor], min(3, quotes[actor])])
        awaited = {"actor click → three quotes": shown}
        if kind == "dashboard":
            awaited["actor click → graph"] = (REDRAWN, [])
        driver.execute_script(ARM, awaited)
        started = browser.click(at=point)
        if self.timed("actor click → three quotes", started, shown[0], *shown[1]):
            title = driver.execute_script(TITLE[kind])
            self.clicked.append(
                names[actor] if title == names[actor] else f"{title} (aimed at {names[actor]})"
            )
        if kind == "dashboard":
            self.timed("actor click → graph", started, REDRAWN)
        if self.load() is None:
            return actor
        box = driver.execute_script(FILTER_BOX, self.relation)
        gone = FILTERED if kind == "dashboard" else FLOOR_FILTERED
        driver.execute_script(ARM, {"filter click → graph": (gone, [self.relation])})
        started = browser.click(box)
        self.timed("filter click → graph", started, gone, self.relation)
        return actor

    def record(self, measures: dict[str, Measure], log) -> None:
        kind = self.kind
        for step, values in self.samples.items():
            if values:
                measures[f"{kind}: {step}"] = Measure(values)
            elif kind == "dashboard" or not step.startswith("actor click → graph"):
                measures[f"{kind}: {step}"] = Measure(note="did not finish")
        if self.clicked:
            measures[f"{kind}: clicked"] = Measure(note=Counter(self.clicked).most_common(1)[0][0])
        log(f"  {kind}: " + ", ".join(
            f"{step} {statistics.median(v) * 1000:.0f} ms" for step, v in self.samples.items() if v))  # fmt: skip


# The report


def ratio(measures: dict[str, Measure], step: str) -> float | None:
    a, b = measures.get(f"dashboard: {step}"), measures.get(f"floor: {step}")
    return a.value / b.value if a and b and a.value and b.value else None


def label(size: str) -> str:
    return "the seed" if size == "seed" else f"n = {int(size):,}"


def table(results: Results) -> str:
    sizes = list(results)
    lines = ["| | " + " | ".join(label(s) for s in sizes) + " |", "|---|" + "---:|" * len(sizes)]

    def row(text: str, name: str, scale_by: float = 1000, digits: int = 0) -> None:
        cells = [scale.cell(results[size].get(name), scale_by, digits, 1, name) for size in sizes]
        lines.append(f"| {text} | " + " | ".join(cells) + " |")

    row("actors", "actors", 1)
    row("relations drawn", "edges", 1)
    row("quotes", "quotes", 1)
    for kind, title in (("dashboard", "Dashboard"), ("floor", "Floor: bare Dash page")):
        lines.append(f"| **{title}** |" + " |" * len(sizes))
        row("server ready, cold process (s)", f"{kind}: server ready", 1, 1)
        row("server memory (MB RSS)", f"{kind}: memory", 1)
        for step in (*STEPS, *(step + POLLED for step in CLICKS)):
            if kind == "floor" and step.startswith("actor click → graph"):
                continue
            row(f"{step} (ms)", f"{kind}: {step}")
    lines.append("| **Dashboard ÷ floor** |" + " |" * len(sizes))
    for step in ("page drawn", "actor click → three quotes", "filter click → graph"):
        cells = [f"{r:.2f}" if (r := ratio(results[s], step)) else "–" for s in sizes]
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def goals(results: Results) -> list[str]:
    lines = []
    for size, step, most in GOALS:
        if size not in results:
            continue
        r = ratio(results[size], step)
        verdict = "not measured" if r is None else ("met" if r <= most else "**missed**")
        shown = "–" if r is None else f"{r:.2f}×"
        lines.append(f"- {label(size)}: {step} within {most}× the floor ({shown}): {verdict}")
    big = results.get("10000")
    for name, limit, unit in SCALE_GOALS if big else ():
        m = big.get(name)
        value = m.value if m else None
        if value is None:
            lines.append(f"- n = 10,000: {name.split(': ')[1]} under {limit} {unit}: not measured")
            continue
        shown = f"{value * 1000:.0f} ms" if unit == "s" and limit < 1 else f"{value:.1f} {unit}"
        limit_text = f"{limit * 1000:.0f} ms" if unit == "s" and limit < 1 else f"{limit} {unit}"
        verdict = "met" if value < limit else "**missed**"
        lines.append(f"- n = 10,000: {name.split(': ')[1]} under {limit_text} ({shown}): {verdict}")
    return lines


def report(results: Results, runs: int, command: str, seconds: float) -> str:
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    clicked = "; ".join(
        f"{label(s)}: dashboard {m['dashboard: clicked'].note}, floor {m['floor: clicked'].note}"
        for s, m in results.items()
        if "dashboard: clicked" in m and "floor: clicked" in m
    )
    return "\n".join(
        [
            BEGIN,
            "## Against the floor (bench/floor.py)",
            "",
            f"Written by `bench/floor.py` on {date}, in {seconds / 60:.1f} minutes:",
            "",
            f"    {command}",
            "",
            *scale.machine(),
            f"- method: medians of {runs} runs, each from a fresh page after one warm-up load, "
            "the dashboard's and the floor's taken in turn; Chromium 1440×900. The page drawn is polled from navigation; a click is timed in "
            "the page, from the mouse press to the animation frame that shows what it waits for "
            "(the same clicks as polled by ChromeDriver, from before the press until a poll "
            "sees it: *(polled)*). The machine is shared and noisy: compare within this run.",
            "",
            table(results),
            "",
            f"Actors clicked (the most quoted whose marker a click at its centre selects, with room; "
            f"the floor tries the dashboard's first): {clicked or '–'}.",
            "",
            "### The issue's goals in this run",
            "",
            *goals(results),
            END,
        ]
    )


def write(text: str, out: Path) -> None:
    """Put the report in ``out``, in place of the one written before, else after the title."""
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    if BEGIN in old and END in old:
        new = old[: old.index(BEGIN)] + text + old[old.index(END) + len(END) :]
    elif old.startswith("# "):
        title, _, rest = old.partition("\n")
        new = f"{title}\n\n{text}\n{rest}"
    else:
        new = f"{text}\n\n{old}" if old else text + "\n"
    out.write_text(new, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(SIZES),
                        help="'seed' and/or numbers of generated actors (default: %(default)s)")  # fmt: skip
    parser.add_argument("--runs", type=int, default=3, help="runs per median (default: 3)")
    parser.add_argument("--timeout", type=float, default=60.0, help="browser wait limit, s")
    parser.add_argument("--out", type=Path, default=BENCH / "RESULTS.md",
                        help="Markdown report to update (default: bench/RESULTS.md)")  # fmt: skip
    args = parser.parse_args(argv)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    for size in sizes:
        if size != "seed" and not size.isdigit():
            parser.error(f"--sizes: {size!r} is neither 'seed' nor a number of actors")
    command = shlex.join([".venv/bin/python", "bench/floor.py", *(argv if argv is not None else sys.argv[1:])])  # fmt: skip
    started = time.perf_counter()
    results = run(
        sizes, args.runs, args.timeout, log=lambda t: print(t, file=sys.stderr, flush=True)
    )
    text = report(results, args.runs, command, time.perf_counter() - started)
    print(table(results))
    print("\n".join(goals(results)))
    write(text, args.out)
    print(f"written: {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
