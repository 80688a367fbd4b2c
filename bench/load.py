"""A bounded load test on loopback: simulated readers against gunicorn with 2 workers.

    .venv/bin/python bench/load.py [PATH] [--seconds 60] [--users 8] [--workers 2]

Starts gunicorn (as `make serve` does, with --preload) on a free loopback port, then runs
``--users`` threads for ``--seconds``: each loads the page and its layout, changes the relation
filter, clicks an actor and an edge (the same callback requests the browser sends), and starts
again. Every answer is read and checked: errors are non-2xx answers, failed connections, and
answers that are empty or wrong (a page without Dash's config, a figure without its actors or
with a relation type the filter hid, a panel about another actor or edge). Reports requests
served, errors, latency
percentiles per kind of request, and the resident memory of gunicorn's processes after a warm-up
and after the run. Only 127.0.0.1 is ever contacted; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

from dashboard import ids
from dashboard.app import CALLBACK_PATH
from dashboard.corpus import load_corpus
from dashboard.graph import edge_table
from dashboard.settings import SEEDS_DIR
from dashboard.state import CONTROLS

GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def callback(
    outputs: list[tuple[str, str]],
    inputs: list[tuple[str, str, object]],
    state: list[tuple[str, str, object]] = (),
) -> dict:
    """A callback request as the renderer shapes it, for one output or several."""
    names = [f"{o}.{p}" for o, p in outputs]
    return {
        "output": names[0] if len(names) == 1 else f"..{'...'.join(names)}..",
        "outputs": (
            {"id": outputs[0][0], "property": outputs[0][1]}
            if len(outputs) == 1
            else [{"id": o, "property": p} for o, p in outputs]
        ),
        "inputs": [{"id": i, "property": p, "value": v} for i, p, v in inputs],
        "changedPropIds": [f"{inputs[0][0]}.{inputs[0][1]}"],
        "state": [{"id": i, "property": p, "value": v} for i, p, v in state],
    }


def panel_request(values: dict, selection) -> dict:
    """The panel's callback request (it writes the address too) for a new selection on a page
    at its bare address: every control as an input, in the order of state.CONTROLS, with the
    values named in ``values`` (by CONTROLS' names) on the graph's tab."""
    view = {**values, "tab": "graph", "selection": selection}
    return callback(
        [(ids.PANEL, "children"), (ids.ADDRESS, "data")],
        [(*CONTROLS[name], view[name]) for name in CONTROLS],
        [(ids.URL, "search", ""), (ids.URL, "hash", "")],
    )


class Reader:
    """One simulated reader: page, filter, actor click, edge click, over and over."""

    def __init__(
        self,
        base: str,
        relations: list[str],
        actors: list[str],
        edges: list[str],
        articles: list[str],
        names: dict[str, str],
        seed: int,
    ):
        self.base = base
        self.relations, self.actors, self.edges = relations, actors, edges
        self.articles = articles
        self.names = names
        self.random = random.Random(seed)

    def session(self, record) -> None:
        for path, check in (
            ("/", lambda body: b'id="_dash-config"' in body),
            (
                "/_dash-layout",
                lambda body: isinstance(_json(body), dict) and "props" in _json(body),
            ),
            ("/_dash-dependencies", lambda body: bool(_json(body))),
        ):
            record("page", self.get(path), check)
        chosen = self.random.sample(self.relations, k=self.random.randint(1, len(self.relations)))
        selection = {"kind": "actor", "id": self.random.choice(self.actors)}
        values = {  # what a reader's page holds; "sides" is hidden when nothing is compared
            "relations": chosen,
            "layout": "force",
            "focus": "all",
            "size": "quotes",
            "isolated": "fade",
            "selection": None,
            "articles": self.articles,
            "sides": ["both", "a", "b"],
        }
        # The figure's callback follows the browser's gate (its input: what changed) and reads
        # every control but the tab, in the order state.CONTROLS names them (as the callback
        # declares them), so that this stays the browser's request.
        graph = [(*CONTROLS[name], values[name]) for name in CONTROLS if name != "tab"]
        figure = [(ids.GRAPH, "figure"), (ids.FIGURE_NODES, "data")]
        gate = [(ids.GRAPH_GATE, "data", {"fired": [f"{ids.RELATION_FILTER}.value"], "at": 1})]
        drawn = [(ids.FIGURE_NODES, "data", None)]  # a fresh page's figure: sent whole
        record("filter", self.post(callback(figure, gate, graph + drawn)), figure_check(chosen))
        name = self.names[selection["id"]]
        record(
            "actor click",
            self.post(panel_request(values, selection)),
            lambda body: _panel(body)[0]["props"]["children"] == name,
        )
        edge = {"kind": "edge", "id": self.random.choice(self.edges)}
        record(
            "edge click",
            self.post(panel_request(values, edge)),
            lambda body: edge["id"] in _link_edges(_panel(body)),
        )

    def get(self, path: str) -> tuple[float, int, bytes]:
        return self._time(urllib.request.Request(self.base + path))

    def post(self, payload: dict) -> tuple[float, int, bytes]:
        request = urllib.request.Request(
            self.base + CALLBACK_PATH,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json"},
        )
        return self._time(request)

    @staticmethod
    def _time(request) -> tuple[float, int, bytes]:
        started = time.perf_counter()
        body = b""
        try:
            with urllib.request.urlopen(request, timeout=30) as answer:
                body = answer.read()
                status = answer.status
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        return time.perf_counter() - started, status, body


def _json(body: bytes):
    try:
        return json.loads(body)
    except ValueError:
        return None


def _panel(body: bytes) -> list:
    """The evidence panel's children in a callback answer (KeyError/TypeError if there are none)."""
    return _json(body)["response"][ids.PANEL]["children"]


def _link_edges(node) -> set[str]:
    """The edges named by the actor links anywhere in an answer's components."""
    found = set()
    if isinstance(node, list):
        for child in node:
            found |= _link_edges(child)
    elif isinstance(node, dict):
        key = node.get("id")
        if isinstance(key, dict) and key.get("type") == ids.ACTOR_LINK:
            found.add(key.get("edge"))
        for value in node.values():
            found |= _link_edges(value)
    return found


def figure_check(chosen: list[str]):
    """An answer to a filter change holds a figure with its actors, and draws no relation type
    the filter hid. A trace's meta names its relation type; the midpoint marks of a small
    figure are one trace whose meta names each mark's."""

    def check(body: bytes) -> bool:
        traces = _json(body)["response"][ids.GRAPH]["figure"]["data"]
        drawn = set()
        for trace in traces:
            meta = trace.get("meta")
            if trace.get("visible") is not False and meta is not None:
                drawn |= {meta} if isinstance(meta, str) else set(meta)
        return any(t.get("name") == "actors" for t in traces) and drawn <= set(chosen)

    return check


def answer_problem(result: tuple[float, int, bytes], check) -> str | None:
    """What is wrong with an answer: its status, or that it is empty or not the right answer."""
    _, status, body = result
    if not 200 <= status < 300:
        return str(status)
    if not body:
        return "empty answer"
    try:
        right = check(body)
    except (KeyError, IndexError, TypeError):
        right = False
    return None if right else "wrong answer"


def rss_kb(pid: int) -> int:
    """Resident memory of a process and its children (gunicorn's master and workers), in kB."""
    total = 0
    pids = [pid, *(int(p) for p in _children(pid))]
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total


def _children(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return []


def start_gunicorn(data: Path, port: int, workers: int) -> subprocess.Popen:
    command = [str(GUNICORN), "--preload", "--workers", str(workers), "--bind",
               f"127.0.0.1:{port}", "dashboard.wsgi:server"]  # fmt: skip
    server = subprocess.Popen(
        command,
        env={**os.environ, "DASHBOARD_DATA": str(data)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start within 60 s")


def run(data: Path, seconds: float, users: int, workers: int) -> dict:
    """Run the load test; return its figures (also printed by ``main``)."""
    dataset = load_corpus(data)
    relations = list(dataset.relations.index)
    actors = list(dataset.actors.index)
    edges = list(edge_table(dataset).index)
    articles = list(dataset.datasets)
    names = dataset.actors["name"].to_dict()
    port = free_port()
    server = start_gunicorn(data, port, workers)
    base = f"http://127.0.0.1:{port}"
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()

    def record(kind: str, result: tuple[float, int, bytes], check) -> None:
        problem = answer_problem(result, check)
        with lock:
            latencies[kind].append(result[0])
            if problem:
                errors[f"{kind} {problem}"] += 1

    try:
        warm = Reader(base, relations, actors, edges, articles, names, seed=0)
        for _ in range(3):
            warm.session(lambda *_: None)
        memory_before = rss_kb(server.pid)
        stop_at = time.monotonic() + seconds

        def user(number: int) -> None:
            reader = Reader(base, relations, actors, edges, articles, names, seed=number + 1)
            while time.monotonic() < stop_at:
                reader.session(record)

        threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        # Memory over the run, not just at its ends: a plateau is warm-up, a slope is a leak.
        series = [memory_before]
        step = max(seconds / 6, 0.5)
        while any(thread.is_alive() for thread in threads) and time.monotonic() < stop_at + 60:
            time.sleep(min(step, max(stop_at - time.monotonic(), 0.1)))
            series.append(rss_kb(server.pid))
        for thread in threads:
            thread.join(timeout=60)
        elapsed = time.perf_counter() - started
        memory_after = rss_kb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)

    every = [t for values in latencies.values() for t in values]
    return {
        "seconds": round(elapsed, 1),
        "users": users,
        "workers": workers,
        "requests": len(every),
        "requests_per_second": round(len(every) / elapsed, 1),
        "errors": dict(errors),
        "p50_ms": round(_percentile(every, 50) * 1000, 1),
        "p95_ms": round(_percentile(every, 95) * 1000, 1),
        "by_kind": {
            kind: {
                "count": len(values),
                "p50_ms": round(_percentile(values, 50) * 1000, 1),
                "p95_ms": round(_percentile(values, 95) * 1000, 1),
            }
            for kind, values in sorted(latencies.items())
        },
        "memory_kb_before": memory_before,
        "memory_kb_after": memory_after,
        "memory_kb_series": series,
    }


def _percentile(values: list[float], percent: int) -> float:
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=SEEDS_DIR / "iran-russia-treaty")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--users", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = run(args.path, args.seconds, args.users, args.workers)
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(
        f"{figures['users']} users, gunicorn with {figures['workers']} workers, {figures['seconds']} s"
    )
    print(f"requests {figures['requests']} ({figures['requests_per_second']}/s), "
          f"errors {sum(figures['errors'].values())} {figures['errors'] or ''}")  # fmt: skip
    print(f"latency p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms")
    for kind, row in figures["by_kind"].items():
        print(
            f"  {kind:12s} n={row['count']:6d}  p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms"
        )
    before, after = figures["memory_kb_before"], figures["memory_kb_after"]
    print(f"memory (gunicorn, all processes) {before / 1024:.1f} MB after warm-up, "
          f"{after / 1024:.1f} MB after the run ({(after - before) / 1024:+.1f} MB)")  # fmt: skip
    series = ", ".join(f"{kb / 1024:.0f}" for kb in figures["memory_kb_series"])
    print(f"memory through the run, MB: {series}")


if __name__ == "__main__":
    main()
