"""The network as a Plotly figure: a few traces per relation type, never one per edge."""

from __future__ import annotations

import html
import math
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

from dashboard.graph import DEFAULT_LAYOUT, NetworkModel, Positions, neighbourhood

POLARITY_DASH = {"cooperative": "solid", "conflictual": "dash", "neutral": "dot"}
POLARITY_LABEL = {"cooperative": "Cooperation", "conflictual": "Conflict", "neutral": "Neutral"}

# Colour-blind-safe hues (Okabe-Ito and Paul Tol's sets), grouped so that cooperation reads cool,
# conflict warm and standing relations muted; the line style tells the polarity without colour.
_FAMILY_COLOURS = {
    "cooperative": [
        "#0072B2", "#009E73", "#56B4E9", "#117733", "#44AA99",
        "#332288", "#88CCEE", "#999933", "#4477AA",
    ],
    "conflictual": [
        "#D55E00", "#CC6677", "#882255", "#E69F00", "#AA3377",
        "#EE6677", "#CC79A7", "#AA4499", "#EE7733",
    ],
    "neutral": ["#555555", "#8C6D46", "#777777", "#6F4E7C", "#A0A0A0"],
}  # fmt: skip
KIND_COLOURS = {
    "state": "#56B4E9",
    "government": "#0072B2",
    "person": "#E69F00",
    "organisation": "#009E73",
    "bloc": "#CC79A7",
    "region": "#F0E442",
    "media": "#D55E00",
    "group": "#999999",
}
_FADED = 0.18
_SAMPLES = 17  # points along each curved edge; odd, so the middle one is the midpoint
_CURVE_SPACING = 0.22  # how far apart parallel edges bow, as a share of their length


@dataclass(frozen=True)
class View:
    """What the reader chose: visible relation types, layout, isolated-actor mode, selection."""

    relations: frozenset[str]
    layout: str = DEFAULT_LAYOUT
    hide_isolated: bool = False
    actor: str | None = None
    edge: str | None = None
    focus: int | None = None  # with an actor selected: show only actors this many steps away
    size: str = "quotes"  # the measure that sizes the nodes
    articles: frozenset[str] | None = None  # None: every article


def relation_colours(relations: pd.DataFrame) -> dict[str, str]:
    """Give each relation type a colour from its polarity's family, in file order."""
    used: dict[str, int] = defaultdict(int)
    colours = {}
    for relation_id, polarity in relations["polarity"].items():
        family = _FAMILY_COLOURS[polarity]
        colours[relation_id] = family[used[polarity] % len(family)]
        used[polarity] += 1
    return colours


def line_width(quotes: int) -> float:
    """Return a line width that grows with the number of quotes behind an edge.

    >>> [line_width(n) for n in (1, 2, 3, 6)]
    [1.5, 2.5, 3.5, 5.0]
    """
    if quotes >= 5:
        return 5.0
    return {1: 1.5, 2: 2.5}.get(quotes, 3.5)


def edge_curves(edges: pd.DataFrame, positions: Positions) -> dict[str, tuple[list, list, float]]:
    """Return, per edge id, the x and y points of its curve and its direction in degrees.

    Edges between the same two actors bow apart symmetrically, so none lies on another; a lone
    edge is straight. The direction is clockwise from "up", as Plotly's marker angle expects.
    """
    pairs: dict[tuple[str, str], list[str]] = defaultdict(list)
    sources = dict(zip(edges.index, edges["source"], strict=True))
    for key, source, target in zip(edges.index, edges["source"], edges["target"], strict=True):
        pairs[(min(source, target), max(source, target))].append(key)
    curves = {}
    for (a, b), keys in pairs.items():
        (ax, ay), (bx, by) = positions[a], positions[b]
        length = math.hypot(bx - ax, by - ay) or 1.0
        nx_, ny_ = -(by - ay) / length, (bx - ax) / length  # normal of the a->b line
        for rank, key in enumerate(sorted(keys)):
            bow = (rank - (len(keys) - 1) / 2) * _CURVE_SPACING * length
            (sx, sy), (tx, ty) = (
                (positions[a], positions[b]) if sources[key] == a else (positions[b], positions[a])
            )
            cx, cy = (ax + bx) / 2 + nx_ * bow, (ay + by) / 2 + ny_ * bow
            ts = [i / (_SAMPLES - 1) for i in range(_SAMPLES)]
            xs = [(1 - t) ** 2 * sx + 2 * (1 - t) * t * cx + t**2 * tx for t in ts]
            ys = [(1 - t) ** 2 * sy + 2 * (1 - t) * t * cy + t**2 * ty for t in ts]
            angle = math.degrees(math.atan2(tx - sx, ty - sy))
            curves[key] = (xs, ys, angle)
    return curves


def visible_edges(
    model: NetworkModel, relations: Collection[str], articles: Collection[str] | None = None
) -> pd.DataFrame:
    """Return the edges whose relation type is among ``relations`` and, if ``articles`` is given,
    that at least one quote of those articles supports."""
    edges = model.edges[model.edges["relation"].isin(list(relations))]
    if articles is not None and set(articles) != set(model.dataset.datasets):
        chosen = set(articles)
        edge_articles = model.derived("edge-articles", _edge_articles)
        edges = edges[[not chosen.isdisjoint(edge_articles[key]) for key in edges.index]]
    return edges


def _edge_articles(model: NetworkModel) -> dict[str, frozenset[str]]:
    """The articles whose quotes support each edge."""
    article = model.dataset.triples["article"]
    return {key: frozenset(article[rows]) for key, rows in model.edges["rows"].items()}


def network_figure(model: NetworkModel, view: View) -> go.Figure:
    """Draw the network for a view: edges of the visible relation types, nodes, the selection."""
    positions = model.positions(view.layout)
    edges = visible_edges(model, view.relations, view.articles)
    if view.focus and view.actor:
        near = neighbourhood(edges, view.actor, view.focus)
        edges = edges[edges["source"].isin(near) & edges["target"].isin(near)]
    curves = edge_curves(edges, positions)
    actors = model.dataset.actors
    relations = model.dataset.relations

    traces: list[dict] = []
    if view.edge in curves:
        xs, ys, _ = curves[view.edge]
        traces.append(
            _scatter(
                x=xs, y=ys, mode="lines", hoverinfo="skip",
                line={"color": "#FFD54F", "width": 14}, opacity=0.8, name="selected relation",
            )
        )  # fmt: skip
    styles = model.derived("figure-styles", _figure_styles)
    by_relation: dict[str, list[str]] = defaultdict(list)
    for key, relation_id in zip(edges.index, edges["relation"], strict=True):
        by_relation[relation_id].append(key)
    for relation_id in relations.index:
        if relation_id in by_relation:
            traces.extend(_relation_traces(styles, relation_id, by_relation[relation_id], curves))

    connected = set(edges["source"]) | set(edges["target"])
    shown = [a for a in actors.index if a in connected or not view.hide_isolated or a == view.actor]
    traces.append(_node_trace(model, shown, connected, positions, view.actor, view.size))

    xs = [x for x, _ in positions.values()] or [0.0]
    ys = [y for _, y in positions.values()] or [0.0]
    axis = {"visible": False, "fixedrange": False}
    layout = {
        "xaxis": {**axis, "range": [min(xs) - 0.15, max(xs) + 0.15]},
        "yaxis": {**axis, "range": [min(ys) - 0.12, max(ys) + 0.15], "scaleanchor": "x"},
        "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "hovermode": "closest",
        "hoverlabel": {"align": "left", "bgcolor": "white", "font": {"color": "#1f2328"}},
        "clickmode": "event",
        "dragmode": "pan",
        "showlegend": False,  # the relation checklist beside the graph is its legend
        "uirevision": view.layout,
        "font": {"family": "Inter, system-ui, sans-serif"},
        "annotations": [],
    }
    if edges.empty:
        layout["annotations"].append(
            {
                "text": "No relations match the filter.<br>Tick a relation type on the left.",
                "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False,
                "font": {"size": 16, "color": "#444"}, "bgcolor": "rgba(255,255,255,0.85)",
            }
        )  # fmt: skip
    # The traces are built here from known-good values; Plotly's per-property validation
    # would triple the time this takes.
    return go.Figure(data=traces, layout=layout, _validate=False)


def _scatter(**properties) -> dict:
    return {"type": "scatter", **properties}


@dataclass(frozen=True)
class _EdgeStyle:
    source: str
    target: str
    certainty: str
    width: float
    hover: str


@dataclass(frozen=True)
class _FigureStyles:
    """What the figure draws that does not depend on the view, computed once per model."""

    edges: dict[str, _EdgeStyle]
    relations: dict[str, dict]  # label, colour, dash, directed


def _figure_styles(model: NetworkModel) -> _FigureStyles:
    names = model.dataset.actors["name"].to_dict()
    relations = model.dataset.relations
    colours = relation_colours(relations)
    relation_styles = {
        relation_id: {
            "label": relation["label"],
            "colour": colours[relation_id],
            "dash": POLARITY_DASH[relation["polarity"]],
            "directed": bool(relation["directed"]),
        }
        for relation_id, relation in relations.iterrows()
    }
    edges = {}
    for key, edge in zip(model.edges.index, model.edges.itertuples(index=False), strict=True):
        arrow = "→" if edge.directed else "—"
        alleged = " (alleged)" if edge.certainty == "alleged" else ""
        label = relation_styles[edge.relation]["label"]
        hover = (
            f"<b>{html.escape(names[edge.source])}</b> {arrow} {html.escape(label)} {arrow} "
            f"<b>{html.escape(names[edge.target])}</b>{alleged}<br>"
            f"{edge.quotes} quote{'s' if edge.quotes != 1 else ''} · click to read"
        )
        edges[key] = _EdgeStyle(
            edge.source, edge.target, edge.certainty, line_width(edge.quotes), hover
        )
    return _FigureStyles(edges, relation_styles)


def _relation_traces(
    styles: _FigureStyles, relation_id: str, keys: list[str], curves
) -> list[dict]:
    """Lines of one relation type, one trace per (certainty, width), and one trace of midpoints."""
    relation = styles.relations[relation_id]
    colour, label = relation["colour"], html.escape(relation["label"])
    groups: dict[tuple[str, float], list[str]] = defaultdict(list)
    for key in keys:
        edge = styles.edges[key]
        groups[(edge.certainty, edge.width)].append(key)
    traces = []
    for (certainty, width), members in sorted(groups.items()):
        xs, ys, ids = [], [], []
        for key in members:
            curve_x, curve_y, _ = curves[key]
            xs += [*curve_x, None]
            ys += [*curve_y, None]
            ids += [key] * len(curve_x) + [None]
        # Lines end at node centres, where Plotly would count them as the closest point and
        # steal a click meant for the node: lines ignore the mouse, the midpoint marks answer it.
        traces.append(
            _scatter(
                x=xs, y=ys, mode="lines", customdata=ids, hoverinfo="skip",
                line={"color": colour, "width": width, "dash": relation["dash"]},
                opacity=1.0 if certainty == "stated" else 0.5, name=label, meta=relation_id,
            )
        )  # fmt: skip
    directed = relation["directed"]
    shape = "triangle-up" if directed else "circle"
    middle = _SAMPLES // 2
    traces.append(
        _scatter(
            x=[curves[key][0][middle] for key in keys],
            y=[curves[key][1][middle] for key in keys],
            mode="markers", customdata=list(keys),
            hovertext=[styles.edges[key].hover for key in keys], hoverinfo="text",
            marker={
                "symbol": [
                    shape if styles.edges[key].certainty == "stated" else f"{shape}-open"
                    for key in keys
                ],
                "angle": [curves[key][2] if directed else 0 for key in keys],
                "size": 12 if directed else 9, "color": colour,
                "line": {"color": colour, "width": 1.5},
            },
            name=label, meta=relation_id,
        )
    )  # fmt: skip
    return traces


def node_label(name: str, aliases: tuple[str, ...], limit: int = 20) -> str:
    """Return the label drawn beside a node: the name, or its shortest alias if the name is long.

    >>> node_label("Association of Southeast Asian Nations", ("ASEAN",))
    'ASEAN'
    """
    if len(name) <= limit or not aliases:
        return name
    return min(aliases, key=len)


def node_sizes(measure: pd.Series) -> pd.Series:
    """Return marker diameters in pixels, growing with the square root of each actor's measure."""
    most = float(measure.max()) if len(measure) else 0.0
    return 14 + 30 * (measure.clip(lower=0) / (most or 1.0)) ** 0.5


def _node_trace(model, shown, connected, positions, selected, size_by: str) -> dict:
    actors = model.dataset.actors.loc[shown]
    sizes = node_sizes(model.measure(size_by))
    opacity = [1.0 if a in connected or a == selected else _FADED for a in shown]
    hover = [
        f"<b>{html.escape(actor['name'])}</b><br>{actor['kind']}<br>"
        f"{model.actor_quotes[a]} quotes · {model.actor_edges[a]} relations"
        for a, actor in actors.iterrows()
    ]
    return _scatter(
        x=[positions[a][0] for a in shown],
        y=[positions[a][1] for a in shown],
        mode="markers+text",
        text=[
            html.escape(node_label(actor["name"], actor["aliases"]))
            for _, actor in actors.iterrows()
        ],
        textposition="top center",
        textfont={"size": 12, "color": ["#1f2328" if o == 1.0 else "#9aa0a6" for o in opacity]},
        customdata=list(shown),
        hovertext=hover,
        hoverinfo="text",
        marker={
            "size": [sizes[a] for a in shown],
            "color": [KIND_COLOURS[kind] for kind in actors["kind"]],
            "opacity": opacity,
            "line": {
                "color": ["#111" if a == selected else "white" for a in shown],
                "width": [4 if a == selected else 1.5 for a in shown],
            },
        },
        name="actors",
    )
