"""One server for bench/scale.py, in its own process: the dashboard, the floor, or an alternative.

    .venv/bin/python bench/scale_serve.py KIND FOLDER [--runs 3] [--budget 30]

KIND is ``dashboard`` (create_app on the dataset in FOLDER), ``floor`` (a bare Dash page: one
Plotly trace per relation type from numpy arrays), ``per-edge`` (Plotly's one-trace-per-edge
recipe in a bare Dash page) or ``pyvis`` (a pyvis page with physics on, served by http.server).
The last three draw ``FOLDER/graph.json``, which bench/scale.py writes.

It prints one JSON object per line on stdout as it goes (``start`` and ``stage`` for each step,
``ready`` with the process's resident memory once the app is built, ``callbacks`` for the
dashboard, then ``serving`` with the URL), serves on 127.0.0.1 until its standard input closes,
and exits. bench/scale.py reads those lines, so a step that never ends is still named.
"""

from __future__ import annotations

import time

STARTED = time.time()

import argparse  # noqa: E402  (the clock starts before the imports, which servers pay too)
import contextlib  # noqa: E402
import functools  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer  # noqa: E402
from pathlib import Path  # noqa: E402

KINDS = ("dashboard", "floor", "per-edge", "pyvis")
KIND_COLOURS = {  # the dashboard's node colours, so every page draws the same picture
    "state": "#56B4E9", "government": "#0072B2", "person": "#E69F00", "organisation": "#009E73",
    "bloc": "#CC79A7", "region": "#F0E442", "media": "#D55E00", "group": "#999999",
}  # fmt: skip
RELATION_COLOURS = ("#0072B2", "#009E73", "#56B4E9", "#117733", "#D55E00", "#CC6677", "#882255",
                    "#555555")  # fmt: skip
GRAPH_ID = "network-graph"  # the dashboard's graph id, so one script finds every Plotly graph
FILTER_ID = "relation-filter"  # the dashboard's filter id: the floor's checklist takes it too
QUOTES_ID = "floor-quotes"  # where the floor lists a clicked actor's quotes, one paragraph each


def emit(event: str, **fields) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def since_start() -> float:
    """Seconds since bench/scale.py started this process (it passes its clock in BENCH_T0)."""
    return time.time() - float(os.environ.get("BENCH_T0", STARTED))


SECONDS: dict[str, float] = {}  # the first time of each named step


def timed(name: str, function, *args, **kwargs):
    """Call ``function``, saying when it starts and how long it took; keep its first time."""
    emit("start", name=name)
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    SECONDS.setdefault(name, seconds)
    emit("stage", name=name, seconds=seconds)
    return result


def repeat(function, first: float, runs: int, budget: float) -> list[float]:
    """Time ``function`` again until there are ``runs`` samples or the samples pass ``budget`` s."""
    samples = [first]
    while len(samples) < runs and sum(samples) + samples[-1] <= budget:
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


# The dashboard


def serve_dashboard(folder: Path, runs: int, budget: float):
    """Build the dashboard as a server would, timing each step inside create_app; then its callbacks."""
    imported = time.perf_counter()
    import dashboard.graph as graph_module
    import dashboard.page.graph_pane as page_module
    from dashboard.app import CALLBACK_PATH, create_app
    from dashboard.dataset import load_dataset
    from dashboard.figure import figure_dict
    from dashboard.graph import build_graph, compute_layout, edge_table
    from dashboard.state import ViewState

    emit("stage", name="imports", seconds=time.perf_counter() - imported)
    # Wrap the steps create_app calls, to time them without doing the work twice.
    seen: dict[str, object] = {}

    def spy(module, name: str, stage: str):
        original = getattr(module, name, None)
        if original is None:  # renamed since: that step is simply not broken out
            return

        @functools.wraps(original)
        def wrapper(*args, **kwargs):
            result = timed(stage, original, *args, **kwargs)
            seen.setdefault(stage, (args, result))
            return result

        setattr(module, name, wrapper)

    spy(graph_module, "edge_table", "edge table")
    spy(graph_module, "build_graph", "graph build")
    spy(graph_module, "compute_layout", "layout")
    spy(page_module, "figure_dict", "figure build")
    dataset = timed("load + validate", load_dataset, folder)
    app = timed("create_app", create_app, dataset)
    ready = since_start()
    memory = rss_mb()
    model = seen["figure build"][0][0] if "figure build" in seen else None
    positions = seen["layout"][1] if "layout" in seen else None
    if positions is not None:
        (folder / "positions.json").write_text(json.dumps(positions))
    emit("ready", seconds=ready, rss_mb=memory, positions=positions is not None)

    # Medians: run each step again while it is cheap enough (its first run was timed above).
    samples: dict[str, list[float]] = {}
    for stage, again in (
        ("load + validate", lambda: load_dataset(folder)),
        ("graph build", lambda: build_graph(dataset, edge_table(dataset))),
        ("layout", lambda: compute_layout(model.graph, "force", model.seed)),
        ("figure build", lambda: figure_dict(model, ViewState())),
    ):
        first = SECONDS.get(stage)
        if stage == "graph build" and first is not None:
            first += SECONDS.get("edge table", 0.0)  # edge_table + build_graph, as again() does
        if first is not None and model is not None:
            samples[stage] = repeat(again, first, runs, budget)
    figure = seen["figure build"][1] if "figure build" in seen else None
    import plotly.io

    figure_bytes = len(plotly.io.to_json(figure, validate=False).encode()) if figure else None
    emit("stages", samples=samples, figure_bytes=figure_bytes)
    emit("callbacks", **time_callbacks(app, model, CALLBACK_PATH, runs, budget))
    return app.server


def time_callbacks(app, model, path: str, runs: int, budget: float) -> dict:
    """Server-side time of the filter and node-click callbacks through Flask's test client.

    Each request is built from the app's own callback map and the page's initial values, so it
    follows the dashboard as its controls change: the filter unticks the first relation type,
    the node click selects the actor with the most relations (a server callback of clickData,
    if any makes the selection, then the panel and the figure of the selection).
    """
    from dashboard import ids

    relations = list(model.dataset.relations.index)
    hub = model.actor_edges.idxmax()
    selected = {"kind": "actor", "id": hub}
    client = app.server.test_client()
    values = _initial_values(app.layout() if callable(app.layout) else app.layout)

    def find(output: str, needs: str | None = None):
        for key, spec in app.callback_map.items():
            if "callback" not in spec:  # it runs in the browser
                continue
            inputs = {f"{i['id']}.{i['property']}" for i in spec["inputs"]}
            if any(o.split("@")[0] == output for o in _outputs(key)) and (
                needs is None or needs in inputs
            ):
                return key, spec
        raise LookupError(f"no callback outputs {output}")

    def request(output: str, changed: str, overrides: dict, needs: str | None = None):
        key, spec = find(output, needs)
        payload = {
            "output": key,
            "outputs": [_prop(o) for o in _outputs(key)] if key.startswith("..")
            else _prop(key),
            "inputs": [_value(i, values, overrides) for i in spec["inputs"]],
            "changedPropIds": [changed],
            "state": [_value(s, values, overrides) for s in spec.get("state", [])],
        }  # fmt: skip

        def call():
            answer = client.post(path, json=payload)
            if answer.status_code not in (200, 204):
                raise RuntimeError(f"{output}: HTTP {answer.status_code}")
            return len(answer.data)

        return call

    graph, panel = f"{ids.GRAPH}.figure", f"{ids.PANEL}.children"
    store, filter_value = f"{ids.SELECTION}.data", f"{ids.RELATION_FILTER}.value"
    click = f"{ids.GRAPH}.clickData"
    calls = {"filter": request(graph, filter_value, {filter_value: relations[1:]})}
    with contextlib.suppress(LookupError):  # the selection may be made in the browser
        calls["click: select"] = request(
            store, click, {click: {"points": [{"customdata": hub}]}}, needs=click
        )
    calls["click: panel"] = request(panel, store, {store: selected})
    calls["click: graph"] = request(graph, store, {store: selected})
    results = {"actor": hub, "actor_edges": int(model.actor_edges[hub]), "ms": {}, "bytes": {}}
    for name, call in calls.items():
        emit("start", name=f"callback {name}")
        started = time.perf_counter()
        results["bytes"][name] = call()
        first = time.perf_counter() - started
        # A first call too slow to throw away as a warm-up is the one sample.
        samples = [first] if first > 1.0 else repeat(call, _time(call), max(runs, 5), budget)
        results["ms"][name] = [s * 1000 for s in samples]
    return results


def _outputs(key: str) -> list[str]:
    """The outputs of a callback-map key: ``id.prop`` or ``..a.b...c.d..`` for several."""
    return key[2:-2].split("...") if key.startswith("..") else [key]


def _prop(output: str) -> dict:
    component, prop = output.rsplit(".", 1)
    return {"id": component, "property": prop}


def _value(item: dict, values: dict, overrides: dict):
    component = item["id"]
    if isinstance(component, str) and component.startswith("{"):
        return []  # a pattern-matching input (ALL): no such component on a fresh page
    key = f"{component}.{item['property']}"
    value = overrides.get(key, values.get(key))
    return {"id": component, "property": item["property"], "value": value}


def _initial_values(layout) -> dict:
    """``id.prop`` -> value for every component with a text id in the page's layout."""
    values = {}
    for component in [layout, *(c for _, c in layout._traverse_with_paths())]:
        component_id = getattr(component, "id", None)
        if isinstance(component_id, str):
            for prop in component._prop_names:
                values[f"{component_id}.{prop}"] = getattr(component, prop, None)
    return values


def _time(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


# The floor and the alternatives draw graph.json: nodes (id, name, kind, x, y), edges, relations.


def read_graph(folder: Path) -> dict:
    return json.loads((folder / "graph.json").read_text())


def _axes() -> dict:
    axis = {"visible": False}
    return {
        "xaxis": axis, "yaxis": {**axis, "scaleanchor": "x"}, "showlegend": False,
        "hovermode": "closest", "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
        "plot_bgcolor": "white",
    }  # fmt: skip


def floor_figure(graph: dict, webgl: bool):
    """The least a Dash page can draw of the graph: one trace per relation type, one of nodes."""
    import numpy as np
    import plotly.graph_objects as go

    kind = "scattergl" if webgl else "scatter"
    index = {node["id"]: i for i, node in enumerate(graph["nodes"])}
    x = np.array([node["x"] for node in graph["nodes"]])
    y = np.array([node["y"] for node in graph["nodes"]])
    sources = np.array([index[e["source"]] for e in graph["edges"]], dtype=np.int64)
    targets = np.array([index[e["target"]] for e in graph["edges"]], dtype=np.int64)
    relation = np.array([e["relation"] for e in graph["edges"]])
    traces = []
    for number, relation_id in enumerate(graph["relations"]):
        chosen = relation == relation_id
        count = int(chosen.sum())
        xs, ys = np.full(3 * count, np.nan), np.full(3 * count, np.nan)
        xs[0::3], xs[1::3] = x[sources[chosen]], x[targets[chosen]]
        ys[0::3], ys[1::3] = y[sources[chosen]], y[targets[chosen]]
        colour = RELATION_COLOURS[number % len(RELATION_COLOURS)]
        traces.append({"type": kind, "x": xs, "y": ys, "mode": "lines", "hoverinfo": "skip",
                       "line": {"color": colour, "width": 1.5}, "name": relation_id})  # fmt: skip
    traces.append({
        "type": kind, "x": x, "y": y, "mode": "markers",
        "marker": {"size": 10, "color": [KIND_COLOURS[n["kind"]] for n in graph["nodes"]]},
        "hovertext": [n["name"] for n in graph["nodes"]], "hoverinfo": "text", "name": "actors",
        "customdata": [n["id"] for n in graph["nodes"]],
    })  # fmt: skip
    return go.Figure(data=traces, layout=_axes())


def per_edge_figure(graph: dict):
    """Plotly's network recipe as people adapt it to colour edges: one go.Scatter per edge."""
    import plotly.graph_objects as go

    colours = {r: RELATION_COLOURS[i % len(RELATION_COLOURS)] for i, r in enumerate(graph["relations"])}  # fmt: skip
    position = {node["id"]: (node["x"], node["y"]) for node in graph["nodes"]}
    traces = []
    for edge in graph["edges"]:
        (x0, y0), (x1, y1) = position[edge["source"]], position[edge["target"]]
        traces.append(
            go.Scatter(
                x=[x0, x1, None],
                y=[y0, y1, None],
                mode="lines",
                hoverinfo="none",
                line={"width": 1.5, "color": colours[edge["relation"]]},
            )
        )
    traces.append(
        go.Scatter(
            x=[n["x"] for n in graph["nodes"]], y=[n["y"] for n in graph["nodes"]],
            mode="markers", hoverinfo="text", text=[n["name"] for n in graph["nodes"]],
            marker={"size": 10, "color": [KIND_COLOURS[n["kind"]] for n in graph["nodes"]]},
        )
    )  # fmt: skip
    return go.Figure(data=traces, layout=go.Layout(**_axes()))


def bare_dash(figure, relations: list[str] | None = None, quotes: dict | None = None):
    """A page with the figure and nothing else; with ``relations``, a checklist of them whose
    changes hide or show their traces (a Patch of each trace's visibility, the least a filter
    can send: the figure's other data stays in the browser); with ``quotes`` (actor id -> its
    name and quotes), a click on an actor lists its quotes as plain paragraphs."""
    import dash
    from dash import Dash, Input, Patch, dcc, html

    app = Dash(__name__, serve_locally=True, update_title=None)
    graph = dcc.Graph(id=GRAPH_ID, figure=figure, style={"height": "850px"})
    if not relations:
        app.layout = html.Div([graph])
        return app
    checklist = dcc.Checklist(id=FILTER_ID, options=relations, value=relations, inline=True)
    app.layout = html.Div([checklist, graph, html.Div(id=QUOTES_ID)])

    @app.callback(
        dash.Output(GRAPH_ID, "figure"), Input(FILTER_ID, "value"), prevent_initial_call=True
    )
    def toggle(shown):
        patch = Patch()
        for number, relation in enumerate(relations):  # the traces' order: one per relation
            patch["data"][number]["visible"] = relation in (shown or [])
        return patch

    if quotes is not None:

        @app.callback(
            dash.Output(QUOTES_ID, "children"),
            Input(GRAPH_ID, "clickData"),
            prevent_initial_call=True,
        )
        def list_quotes(click):
            try:
                actor = click["points"][0]["customdata"]
                name, said = quotes[actor]
            except (KeyError, IndexError, TypeError):
                return []
            return [html.H2(name), *(html.P(quote, className="quote") for quote in said)]

    return app


def read_quotes(folder: Path) -> dict[str, tuple[str, list[str]]]:
    """Each actor's name and the quotes of the triples it takes part in, from the CSV files."""
    import csv

    with (folder / "actors.csv").open(encoding="utf-8", newline="") as file:
        quotes = {row["id"]: (row["name"], []) for row in csv.DictReader(file)}
    with (folder / "triples.csv").open(encoding="utf-8", newline="") as file:
        for row in csv.DictReader(file):
            for end in {row["source"], row["target"]}:
                quotes[end][1].append(row["quote"])
    return quotes


def serve_plotly(folder: Path, kind: str, webgl_from: int):
    import plotly.io

    graph = read_graph(folder)
    webgl = kind == "floor" and len(graph["nodes"]) >= webgl_from
    if kind == "floor":
        figure = timed("figure build", floor_figure, graph, webgl)
    else:
        figure = timed("figure build", per_edge_figure, graph)
    relations = graph["relations"] if kind == "floor" else None
    quotes = read_quotes(folder) if kind == "floor" else None
    app = timed("app build", bare_dash, figure, relations, quotes)
    figure_bytes = len(plotly.io.to_json(figure, validate=False).encode())
    emit("ready", seconds=since_start(), rss_mb=rss_mb(), figure_bytes=figure_bytes,
         renderer="webgl" if webgl else "svg")  # fmt: skip
    return app.server


_NO_CDN = re.compile(r"\s*<(?:link|script)\b[^>]*https?://[^>]*>(?:\s*</script>)?", re.S)
_HOOK = """
              // bench/scale.py: note when vis-network's physics has stabilised the graph.
              window.benchStabilised = null;
              network.once("stabilizationIterationsDone", function () {
                  window.benchStabilised = performance.now();
              });
"""


def pyvis_page(graph: dict, folder: Path) -> Path:
    """A pyvis page of the graph, physics on, its scripts inline: no CDN is reachable here."""
    from pyvis.network import Network

    net = Network(height="850px", width="100%", directed=True, cdn_resources="in_line")
    colours = {r: RELATION_COLOURS[i % len(RELATION_COLOURS)] for i, r in enumerate(graph["relations"])}  # fmt: skip
    for node in graph["nodes"]:
        net.add_node(node["id"], label=node["name"], title=node["kind"],
                     color=KIND_COLOURS[node["kind"]])  # fmt: skip
    for edge in graph["edges"]:
        net.add_edge(edge["source"], edge["target"], color=colours[edge["relation"]],
                     title=edge["relation"])  # fmt: skip
    page = net.generate_html()
    # in_line still links Bootstrap from a CDN (only for its menus); drop every remote link.
    page = _NO_CDN.sub("", page)
    if re.search(r"""(?:src|href)\s*=\s*["']https?://""", page):
        raise RuntimeError("the pyvis page still loads something from the network")
    page = page.replace("drawGraph();", "drawGraph();" + _HOOK, 1)
    path = folder / "pyvis" / "index.html"
    path.parent.mkdir(exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


def serve_pyvis(folder: Path):
    graph = read_graph(folder)
    path = timed("page build", pyvis_page, graph, folder)
    emit("ready", seconds=since_start(), rss_mb=rss_mb(), page_bytes=path.stat().st_size)
    handler = functools.partial(_QuietHandler, directory=str(path.parent))
    return ThreadingHTTPServer(("127.0.0.1", 0), handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("kind", choices=KINDS)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--budget", type=float, default=30.0, help="seconds of repeats per step")
    parser.add_argument("--webgl-from", type=int, default=1000, help="floor: scattergl from n")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    if args.kind == "dashboard":
        server = _wsgi(serve_dashboard(args.folder, args.runs, args.budget))
    elif args.kind == "pyvis":
        server = serve_pyvis(args.folder)
    else:
        server = _wsgi(serve_plotly(args.folder, args.kind, args.webgl_from))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    emit("serving", url=f"http://127.0.0.1:{server.server_address[1]}/")
    sys.stdin.read()  # bench/scale.py closes it when it is done with this server
    server.shutdown()


def _wsgi(flask_app):
    from werkzeug.serving import make_server

    return make_server("127.0.0.1", 0, flask_app, threaded=True)


if __name__ == "__main__":
    main()
