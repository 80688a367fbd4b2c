"""The network as a Plotly figure: a few traces per relation type, never one per edge.

An article's network is drawn with every actor labelled and parallel edges bowed apart. At most
``EDGE_BUDGET`` edges are drawn: the selection's first, then those with the most quotes; a note on
the figure says how many are left out.

From ``LARGE_FROM`` actors the figure is drawn so that a browser can redraw it quickly: its traces
are the actors and the names of the biggest, and everything that follows the filter and the
selection is a layout shape (edges as SVG paths, a veil, the selection's actors as discs, notes as
shape labels). Plotly redraws changed shapes in milliseconds but replots every marker, a second
for 10,000 in SVG, for any change of trace; ``nodes_key`` tells the two kinds of change apart.
"""

from __future__ import annotations

import functools
import hashlib
import html
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.graph import DEFAULT_LAYOUT, NetworkModel, neighbourhood

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
LARGE_FROM = 1000  # actors: from here the figure is drawn as a large one
EDGE_BUDGET = 2000  # edges drawn at most: 15,000 froze a page for seconds, and are unreadable
LABELS_AT_SCALE = 40  # actors labelled in a large figure: the biggest by the size measure
DISCS_AT_MOST = 300  # a large figure's selection: actors drawn over the veil, the biggest first
# Plotly's WebGL traces (scattergl) compile their shaders with eval, which the app's
# Content-Security-Policy forbids (no 'unsafe-eval' in script-src): under it they show "WebGL is
# not supported". Give a number of actors here only where eval is allowed or Plotly's strict
# bundle is served; SVG is used below it.
WEBGL_FROM: int | None = None
_FADED = 0.18
_NO_PATH = "M0,0"  # a shape's path with nothing to draw
_SAMPLES = 17  # points along each curved edge in SVG; odd, so the middle one is the midpoint
_SAMPLES_AT_SCALE = 9
_CURVE_SPACING = 0.22  # how far apart parallel edges bow, as a share of their length
_LARGE_SIZES = (5, 17)  # smallest marker and span, px: thousands of 14-44 px markers hide the edges
_ANGLE_STEP = 5.0  # degrees: arrowheads in WebGL point in one of 72 directions


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


def visible_edges(
    model: NetworkModel, relations: Collection[str], articles: Collection[str] | None = None
) -> pd.DataFrame:
    """Return the edges whose relation type is among ``relations`` and, if ``articles`` is given,
    that at least one quote of those articles supports."""
    keep = model.edges["relation"].isin(list(relations)).to_numpy()
    if articles is not None and set(articles) != set(model.dataset.datasets):
        keep = keep & article_mask(model, articles)  # to_numpy may be read-only (pandas 3)
    return model.edges[keep]


def article_mask(model: NetworkModel, articles: Collection[str]) -> np.ndarray:
    """Per edge of the model, in its order: whether a quote of one of ``articles`` supports it."""
    chosen = set(articles)
    supported = model.derived("edge-articles", _edge_articles)
    return np.array([not chosen.isdisjoint(found) for found in supported], dtype=bool)


def _edge_articles(model: NetworkModel) -> list[frozenset[str]]:
    """The articles whose quotes support each edge, in the model's edge order."""
    article = model.dataset.triples["article"]
    return [frozenset(article[rows]) for rows in model.edges["rows"]]


def network_figure(model: NetworkModel, view: View) -> go.Figure:
    """Draw the network for a view as a Figure; ``figure_dict`` is the same, cheaper to send."""
    # The traces are built from known-good values; Plotly's per-property validation would
    # triple the time this takes.
    return go.Figure(figure_dict(model, view), _validate=False)


def figure_dict(model: NetworkModel, view: View) -> dict:
    """Draw the network for a view: edges of the visible relation types, nodes, the selection.

    A large figure's traces are its actors and the biggest ones' names, which change only with the
    layout, the size measure and hiding; its edges and selection are layout shapes (``figure_overlay``), which Plotly
    redraws without touching the thousands of markers."""
    pick = _Pick.of(model, view)
    static, geometry, draw, actor = pick.static, pick.geometry, pick.draw, pick.actor
    if draw.large:
        nodes = _large_node_traces(model, pick, view)
        layout = _layout(view, geometry)
        # Plotly compares a template that came in a new object field by field, and replots
        # every trace when it does; a changed annotation does the same. A large figure has
        # neither: its notes and labels are shape labels.
        del layout["template"], layout["annotations"]
        # The same for the axes: Plotly widens the x range to keep the aspect, and a range sent
        # again unwidened would replot. Keeping the aspect by narrowing the plot area does not.
        layout["xaxis"]["constrain"] = layout["yaxis"]["constrain"] = "domain"
        layout["shapes"] = _overlay(model, pick, view)
        return {"data": nodes, "layout": layout}
    drawn = pick.drawn
    traces: list[dict] = []
    if pick.edge is not None:
        xs, ys, _ = _polyline(geometry, np.array([pick.edge]), draw.large)
        traces.append(
            _trace(
                draw, x=_numbers(xs[:-1], draw.large), y=_numbers(ys[:-1], draw.large), mode="lines",
                hoverinfo="skip", line={"color": "#FFD54F", "width": 14}, opacity=0.8,
                name="selected relation",
            )
        )  # fmt: skip
    relation_of_drawn = static.relation[drawn]
    for code in range(len(static.relation_ids)):
        members = drawn[relation_of_drawn == code]
        if len(members):
            traces.extend(_relation_traces(static, geometry, code, members, draw))
    traces.extend(_node_traces(model, pick, view, pick.connected(), actor))
    layout = _layout(view, geometry)
    layout["annotations"] = [note for note in _notes(pick) if note]
    return {"data": traces, "layout": layout}


def nodes_key(model: NetworkModel, view: View) -> str | None:
    """What a large figure's traces depend on, as a short key; None for a small figure.

    Two views of a large network with the same key differ only in ``figure_overlay``, so a
    figure drawn for one becomes the other by replacing its layout's shapes.
    """
    if not _Mode.of(len(model.dataset.actors)).large:
        return None
    key = hashlib.sha1(repr([view.layout, view.size]).encode())
    if view.hide_isolated:  # which actors are shown follows the filters and the selection
        key.update(_Pick.of(model, view).shown().tobytes())
    return key.hexdigest()[:16]


def drawn_edges(model: NetworkModel, view: View) -> list[str]:
    """The ids of the edges a view draws: all that pass its filters, or ``EDGE_BUDGET`` of them."""
    pick = _Pick.of(model, view)
    return pick.static.edge_ids[pick.drawn].tolist()


def figure_overlay(model: NetworkModel, view: View) -> list[dict]:
    """A large figure's layout shapes for a view: see ``nodes_key``."""
    return _overlay(model, _Pick.of(model, view), view)


def _layout(view: View, geometry: _Geometry) -> dict:
    axis = {"visible": False, "fixedrange": False}
    return {
        "xaxis": {**axis, "range": geometry.x_range},
        "yaxis": {**axis, "range": geometry.y_range, "scaleanchor": "x"},
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
        "shapes": [],
        "template": _template(),
    }


def _notes(pick: _Pick) -> tuple[dict | None, dict | None]:
    """The figure's notes, as annotations: (how many of the relations that pass are drawn, if
    not all; that none passes the filter, if none does)."""
    passing, drawn = int(pick.passing.sum()), len(pick.drawn)
    if not passing:
        return None, _NO_MATCH
    if drawn < passing:
        return _summary_note(drawn, passing, pick.actor is not None), None
    return None, None


_NO_MATCH = {
    "text": "No relations match the filter.<br>Tick a relation type on the left.",
    "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False,
    "font": {"size": 16, "color": "#444"}, "bgcolor": "rgba(255,255,255,0.85)",
}  # fmt: skip


def _summary_note(drawn: int, passing: int, selected: bool) -> dict:
    first = "the selected actor's and its neighbours' first,<br>then " if selected else ""
    text = (
        f"{drawn:,} of {passing:,} relations drawn: {first}those with the most quotes."
        "<br>Click an actor to draw all of its relations, or untick relation types."
    )
    return {
        "text": text, "x": 0, "y": 1, "xref": "paper", "yref": "paper", "xanchor": "left",
        "yanchor": "top", "align": "left", "showarrow": False, "font": {"size": 12, "color": "#444"},
        "bgcolor": "rgba(255,255,255,0.85)", "name": "not drawn",
    }  # fmt: skip


@functools.cache
def _template() -> dict:
    """Plotly's default template, which go.Figure adds: the same look whichever is sent."""
    return go.Figure().layout.template.to_plotly_json()


@dataclass(frozen=True)
class _Mode:
    """How a figure is drawn, by its number of actors."""

    large: bool  # few labels, less sent
    webgl: bool

    @classmethod
    def of(cls, actors: int) -> _Mode:
        return cls(actors >= LARGE_FROM, WEBGL_FROM is not None and actors >= WEBGL_FROM)


def _trace(draw: _Mode, **properties) -> dict:
    return {"type": "scattergl" if draw.webgl else "scatter", **properties}


def _numbers(values: np.ndarray, rounded: bool, digits: int = 5) -> list:
    """Numbers for a trace, NaN as None (a gap in a line); rounded at scale, to send less.

    Not base64 typed arrays: Plotly's JSON encoder re-encodes a whole response in which the text
    "NaN" occurs, and a long enough base64 string holds it by chance.

    >>> _numbers(np.array([0.123456789, np.nan]), False)
    [0.123456789, None]
    >>> _numbers(np.array([0.123456789, np.nan]), True)
    [0.12346, None]
    """
    if rounded:
        values = np.round(values, digits)
    return [None if v != v else v for v in values.tolist()]  # NaN is not equal to itself


@dataclass(frozen=True)
class _Static:
    """What the figure draws that does not depend on the view, computed once per model."""

    actor_ids: list[str]
    actor_position: dict[str, int]
    edge_ids: np.ndarray  # object: the edge ids, in the model's order
    edge_position: dict[str, int]
    source: np.ndarray  # int: the actor position of each edge's source
    target: np.ndarray
    relation: np.ndarray  # int: position of each edge's relation type in relation_ids
    relation_ids: list[str]
    relations: list[dict]  # per relation type: label (escaped), colour, dash, directed
    stated: np.ndarray  # bool
    width: np.ndarray  # float
    edge_hover: np.ndarray  # object
    rank: np.ndarray  # int: each edge's place in drawing order (most quotes first)
    node_hover: list[str]
    node_label: np.ndarray  # object: escaped labels
    node_colour: list[str]
    styles: list[tuple[int, bool, float]]  # the (relation, stated, width) that edges have
    style: np.ndarray  # int: each edge's place in styles

    @classmethod
    def build(cls, model: NetworkModel) -> _Static:
        actors, edges = model.dataset.actors, model.edges
        relations = model.dataset.relations
        actor_ids = list(actors.index)
        actor_position = {a: i for i, a in enumerate(actor_ids)}
        relation_ids = list(relations.index)
        colours = relation_colours(relations)
        relation_styles = [
            {
                "label": html.escape(label),
                "colour": colours[relation_id],
                "dash": POLARITY_DASH[polarity],
                "directed": bool(directed),
            }
            for relation_id, label, polarity, directed in zip(
                relation_ids, relations["label"], relations["polarity"], relations["directed"],
                strict=True,
            )
        ]  # fmt: skip
        names = [html.escape(name) for name in actors["name"]]
        source = np.array([actor_position[a] for a in edges["source"]], dtype=np.int64)
        target = np.array([actor_position[a] for a in edges["target"]], dtype=np.int64)
        relation_position = {r: i for i, r in enumerate(relation_ids)}
        relation = np.array([relation_position[r] for r in edges["relation"]], dtype=np.int64)
        quotes = edges["quotes"].to_numpy(dtype=np.int64)
        hover = []
        for s, r, t, certainty, count, directed in zip(
            source, relation, target, edges["certainty"], quotes, edges["directed"], strict=True
        ):
            arrow = "→" if directed else "—"
            alleged = " (alleged)" if certainty == "alleged" else ""
            hover.append(
                f"<b>{names[s]}</b> {arrow} {relation_styles[r]['label']} {arrow} "
                f"<b>{names[t]}</b>{alleged}<br>"
                f"{count} quote{'s' if count != 1 else ''} · click to read"
            )
        stated = (edges["certainty"] == "stated").to_numpy(dtype=bool)
        width = np.array([line_width(q) for q in quotes], dtype=float)
        styles, style = np.unique(
            np.column_stack([relation, stated, width]), axis=0, return_inverse=True
        )
        # Drawing order at scale: most quotes first, then edges between busy actors.
        busy = model.actor_edges.to_numpy(dtype=np.int64)
        order = np.lexsort((np.arange(len(edges)), -(busy[source] + busy[target]), -quotes))
        rank = np.empty(len(edges), dtype=np.int64)
        rank[order] = np.arange(len(edges))
        node_hover = [
            f"<b>{name}</b><br>{kind}<br>{q} quotes · {e} relations"
            for name, kind, q, e in zip(
                names, actors["kind"], model.actor_quotes, model.actor_edges, strict=True
            )
        ]
        labels = [
            html.escape(node_label(name, aliases))
            for name, aliases in zip(actors["name"], actors["aliases"], strict=True)
        ]
        return cls(
            actor_ids=actor_ids,
            actor_position=actor_position,
            edge_ids=np.array(list(edges.index), dtype=object),
            edge_position={key: i for i, key in enumerate(edges.index)},
            source=source,
            target=target,
            relation=relation,
            relation_ids=relation_ids,
            relations=relation_styles,
            stated=stated,
            width=width,
            edge_hover=np.array(hover, dtype=object),
            rank=rank,
            node_hover=node_hover,
            node_label=np.array(labels, dtype=object),
            node_colour=[KIND_COLOURS[kind] for kind in actors["kind"]],
            styles=[(int(r), bool(st), float(w)) for r, st, w in styles],
            style=style.ravel(),
        )

    def ends(self, mask: np.ndarray) -> pd.DataFrame:
        """The source and target ids of the edges in ``mask``, for graph.neighbourhood."""
        ids = np.array(self.actor_ids, dtype=object)
        return pd.DataFrame({"source": ids[self.source[mask]], "target": ids[self.target[mask]]})


@dataclass(frozen=True)
class _Geometry:
    """Where a layout puts the nodes and the edges' ends, bends and midpoints."""

    x: np.ndarray  # per actor
    y: np.ndarray
    sx: np.ndarray  # per edge: source, control point (of a quadratic Bézier), target, midpoint
    sy: np.ndarray
    cx: np.ndarray
    cy: np.ndarray
    tx: np.ndarray
    ty: np.ndarray
    mx: np.ndarray
    my: np.ndarray
    angle: np.ndarray  # direction source -> target, clockwise from "up", as Plotly's marker angle
    curved: np.ndarray  # bool: bowed away from a parallel edge
    x_range: list[float]
    y_range: list[float]


def _geometry(model: NetworkModel, layout: str) -> _Geometry:
    """Edges between the same two actors bow apart symmetrically, so none lies on another; a lone
    edge (or the middle one of an odd number) is straight."""
    static = model.derived("figure-static", _Static.build)
    positions = model.positions(layout)
    x = np.array([positions[a][0] for a in static.actor_ids], dtype=float)
    y = np.array([positions[a][1] for a in static.actor_ids], dtype=float)
    source, target = static.source, static.target
    # The pair's ends in the order of their ids, so that both directions bow from the same line.
    by_id = np.empty(len(static.actor_ids), dtype=np.int64)
    by_id[np.argsort(np.array(static.actor_ids, dtype=object))] = np.arange(len(by_id))
    first = by_id[source] < by_id[target]
    low, high = np.where(first, source, target), np.where(first, target, source)
    pairs = pd.DataFrame({"low": low, "high": high, "key": static.edge_ids})
    ordered = pairs.sort_values(["low", "high", "key"])
    grouped = ordered.groupby(["low", "high"], sort=False)
    rank = np.empty(len(pairs))
    count = np.empty(len(pairs))
    rank[ordered.index] = grouped.cumcount().to_numpy()
    count[ordered.index] = grouped["key"].transform("size").to_numpy()
    ax, ay, bx, by = x[low], y[low], x[high], y[high]
    length = np.hypot(bx - ax, by - ay)
    length[length == 0] = 1.0
    bow = (rank - (count - 1) / 2) * _CURVE_SPACING * length
    nx_, ny_ = -(by - ay) / length, (bx - ax) / length  # normal of the low -> high line
    cx, cy = (ax + bx) / 2 + nx_ * bow, (ay + by) / 2 + ny_ * bow
    sx, sy, tx, ty = x[source], y[source], x[target], y[target]
    xs = x if len(x) else np.zeros(1)
    ys = y if len(y) else np.zeros(1)
    return _Geometry(
        x=x, y=y, sx=sx, sy=sy, cx=cx, cy=cy, tx=tx, ty=ty,
        mx=0.25 * sx + 0.5 * cx + 0.25 * tx, my=0.25 * sy + 0.5 * cy + 0.25 * ty,
        angle=np.degrees(np.arctan2(tx - sx, ty - sy)), curved=bow != 0,
        x_range=[float(xs.min()) - 0.15, float(xs.max()) + 0.15],
        y_range=[float(ys.min()) - 0.12, float(ys.max()) + 0.15],
    )  # fmt: skip


@dataclass(frozen=True)
class _Pick:
    """What a view draws: the edges that pass its filters, the selection, those drawn."""

    static: _Static
    geometry: _Geometry
    draw: _Mode
    passing: np.ndarray  # bool per edge: relation type, articles and focus let it through
    actor: int | None  # the selected actor's position
    edge: int | None  # the selected edge's position, if it passes
    drawn: np.ndarray  # positions of the edges drawn, ascending: all that pass, or a budget
    hide_isolated: bool

    @classmethod
    def of(cls, model: NetworkModel, view: View) -> _Pick:
        static = model.derived("figure-static", _Static.build)
        geometry = model.derived(
            f"figure-geometry/{view.layout}", lambda m: _geometry(m, view.layout)
        )
        visible = np.array([r in view.relations for r in static.relation_ids], dtype=bool)
        passing = visible[static.relation]
        if view.articles is not None and set(view.articles) != set(model.dataset.datasets):
            passing &= article_mask(model, view.articles)
        actor = static.actor_position.get(view.actor) if view.actor else None
        if view.focus and actor is not None:
            near = neighbourhood(static.ends(passing), view.actor, view.focus)
            inside = np.zeros(len(static.actor_ids), dtype=bool)
            inside[[static.actor_position[a] for a in near]] = True
            passing &= inside[static.source] & inside[static.target]
        edge = static.edge_position.get(view.edge)
        if edge is not None and not passing[edge]:
            edge = None
        return cls(
            static, geometry, _Mode.of(len(static.actor_ids)), passing, actor, edge,
            _drawn_edges(static, passing, actor, edge), view.hide_isolated,
        )  # fmt: skip

    def connected(self) -> np.ndarray:
        """Per actor: whether an edge that passes touches it."""
        connected = np.zeros(len(self.static.actor_ids), dtype=bool)
        connected[self.static.source[self.passing]] = True
        connected[self.static.target[self.passing]] = True
        return connected

    def shown(self) -> np.ndarray:
        """Per actor: whether it is drawn; when hiding, those an edge that passes touches and
        the selected actor."""
        if not self.hide_isolated:
            return np.ones(len(self.static.actor_ids), dtype=bool)
        shown = self.connected()
        if self.actor is not None:
            shown[self.actor] = True
        return shown


def _overlay(model: NetworkModel, pick: _Pick, view: View) -> list[dict]:
    """A large figure's edges, selection and notes, as layout shapes.

    Edges are one path per (relation type, certainty, width), below the actors. A selection veils
    the rest and is drawn again above it: its relations, and its actors as discs, the selected one
    ringed, the biggest named.

    Every view has the same shapes in the same places, then the discs: Plotly replots every trace
    when the shape at an index changes its type or its axes, but only redraws shapes when their
    paths, colours or texts change."""
    static, geometry, drawn = pick.static, pick.geometry, pick.drawn
    lifted = np.zeros(len(drawn), dtype=bool)
    if pick.actor is not None:
        if view.focus:  # what passes is the neighbourhood already
            lifted[:] = True
        else:
            lifted = (static.source[drawn] == pick.actor) | (static.target[drawn] == pick.actor)
    if pick.edge is not None:
        lifted |= drawn == pick.edge
    selected = pick.actor is not None or pick.edge is not None
    glow = _paths(static, geometry, np.array([] if pick.edge is None else [pick.edge], dtype=int))
    shapes = [
        {
            "type": "rect", "xref": "paper", "yref": "paper", "x0": 0, "x1": 1, "y0": 0,
            "y1": 1, "fillcolor": "white", "opacity": 1 - _FADED if selected else 0,
            "line": {"width": 0}, "layer": "above", "name": "veil",
        },
        {
            "type": "path", "path": "".join(glow.values()) or _NO_PATH, "xref": "x", "yref": "y",
            "line": {"color": "#FFD54F", "width": 14}, "opacity": 0.8, "layer": "above",
            "name": "selection",
        },
    ]  # fmt: skip
    shapes.extend(_edge_shapes(static, geometry, drawn[~lifted], "below"))
    shapes.extend(_edge_shapes(static, geometry, drawn[lifted], "above"))
    summary, no_match = _notes(pick)
    shapes.append(_note_shape(summary, corner=True))
    shapes.append(_note_shape(no_match, corner=False))
    if selected:
        shapes.extend(_discs(model, pick, view, drawn[lifted]))
    return shapes


def _discs(model: NetworkModel, pick: _Pick, view: View, lit: np.ndarray) -> list[dict]:
    """The selection's actors drawn over the veil: the ends of ``lit`` and the selected actor."""
    static, geometry = pick.static, pick.geometry
    actors = np.unique(np.concatenate([static.source[lit], static.target[lit]]))
    if pick.actor is not None:
        actors = np.union1d(actors, [pick.actor])
    actors = actors[pick.shown()[actors]]
    size = _sizes(model, view, pick.draw)
    order = actors[np.argsort(-size[actors], kind="stable")]
    if pick.actor is not None:
        order = np.concatenate([[pick.actor], order[order != pick.actor]])
    order = order[:DISCS_AT_MOST]  # two steps out from a hub reach hundreds: the biggest
    named = set(_apart(geometry.x, geometry.y, order))
    discs = []
    for i in order.tolist():
        ring = i == pick.actor
        r = float(size[i]) / 2 + (2 if ring else 0)
        disc = {
            "type": "circle", "xref": "x", "yref": "y", "xsizemode": "pixel",
            "ysizemode": "pixel", "xanchor": float(geometry.x[i]),
            "yanchor": float(geometry.y[i]), "x0": -r, "x1": r, "y0": -r, "y1": r,
            "fillcolor": static.node_colour[i], "layer": "above",
            "line": {"color": "#111" if ring else "white", "width": 3 if ring else 1},
            "name": static.actor_ids[i],
        }  # fmt: skip
        if i in named:
            disc["label"] = {
                "text": static.node_label[i], "textposition": "top center",
                "yanchor": "bottom", "font": {"size": 12, "color": "#1f2328"},
            }  # fmt: skip
        discs.append(disc)
    return discs[::-1]  # the selected actor last, so on top


def _note_shape(note: dict | None, corner: bool) -> dict:
    """A note of ``_notes`` as a shape with a label: in the top left corner, or in the middle.
    Without a note, the same shape, empty and clear."""
    x0, x1, y0, y1, where = (
        (0, 0.62, 0.9, 1, "top left") if corner else (0.2, 0.8, 0.42, 0.58, "middle center")
    )
    return {
        "type": "rect", "xref": "paper", "yref": "paper", "x0": x0, "x1": x1, "y0": y0, "y1": y1,
        "fillcolor": "rgba(255,255,255,0.85)" if note else "rgba(255,255,255,0)",
        "line": {"width": 0}, "layer": "above",
        "label": {"text": note["text"] if note else "", "textposition": where,
                  "font": note["font"] if note else {"size": 12, "color": "#444"}},
        "name": "note" if corner else "no match",
    }  # fmt: skip


def _edge_shapes(static: _Static, geometry: _Geometry, members: np.ndarray, layer: str):
    """Edges as paths in data coordinates, one shape per (relation type, certainty, width) of the
    model, whether or not ``members`` has edges of it (then its path is a point)."""
    paths = _paths(static, geometry, members)
    shapes = []
    for slot, (code, stated, width) in enumerate(static.styles):
        relation = static.relations[code]
        shapes.append(
            {
                "type": "path", "path": paths.get(slot, _NO_PATH), "xref": "x", "yref": "y",
                "line": {"color": relation["colour"], "width": width, "dash": relation["dash"]},
                "opacity": 1.0 if stated else 0.5, "layer": layer,
                "name": static.relation_ids[code],
            }
        )  # fmt: skip
    return shapes


def _paths(static: _Static, geometry: _Geometry, members: np.ndarray) -> dict[int, str]:
    """SVG paths of the members, by their place in ``static.styles``: a straight line, or the
    quadratic curve that bows an edge from a parallel one."""
    r = 5  # decimals: a hundredth of a pixel on screen
    ends = [
        np.round(a[members], r).tolist()
        for a in (geometry.sx, geometry.sy, geometry.cx, geometry.cy, geometry.tx, geometry.ty)
    ]
    segments = [
        f"M{a},{b}Q{c},{d} {e},{f}" if bent else f"M{a},{b}L{e},{f}"
        for a, b, c, d, e, f, bent in zip(*ends, geometry.curved[members].tolist(), strict=True)
    ]  # fmt: skip
    paths: dict[int, list[str]] = defaultdict(list)
    for slot, segment in zip(static.style[members].tolist(), segments, strict=True):
        paths[slot].append(segment)
    return {slot: "".join(parts) for slot, parts in paths.items()}


def _sizes(model: NetworkModel, view: View, draw: _Mode) -> np.ndarray:
    """Marker diameters of every actor, in px, by the view's size measure."""
    smallest, span = _LARGE_SIZES if draw.large else (14, 30)
    return model.derived(
        f"figure-sizes/{view.size}/{draw.large}",
        lambda m: node_sizes(m.measure(view.size), smallest, span).to_numpy(float),
    )


def _drawn_edges(static: _Static, passing: np.ndarray, actor, edge) -> np.ndarray:
    """The positions of the edges to draw, ascending: all that pass, or at most EDGE_BUDGET of
    them: the selected edge, then the selected actor's, then its neighbours', then the rest by
    drawing order."""
    candidates = np.flatnonzero(passing)
    if len(candidates) <= EDGE_BUDGET:
        return candidates
    tier = np.full(len(passing), 3, dtype=np.int64)
    if actor is not None:
        touching = (static.source == actor) | (static.target == actor)
        neighbours = np.zeros(len(static.actor_ids), dtype=bool)
        neighbours[static.source[touching & passing]] = True
        neighbours[static.target[touching & passing]] = True
        tier[neighbours[static.source] | neighbours[static.target]] = 2
        tier[touching] = 1
    if edge is not None:
        tier[edge] = 0
    key = tier[candidates] * len(passing) + static.rank[candidates]
    chosen = candidates[np.argpartition(key, EDGE_BUDGET - 1)[:EDGE_BUDGET]]
    return np.sort(chosen)


def _polyline(geometry: _Geometry, members: np.ndarray, large: bool):
    """The points of the members' lines, each line followed by a NaN gap, and each point's member.

    A straight line has its two ends only; a curve has _SAMPLES points (fewer in a large figure).
    """
    curved = geometry.curved[members]
    straight, bent = members[~curved], members[curved]
    gap = np.full((len(straight), 1), np.nan)
    xs = [np.hstack([geometry.sx[straight, None], geometry.tx[straight, None], gap]).ravel()]
    ys = [np.hstack([geometry.sy[straight, None], geometry.ty[straight, None], gap]).ravel()]
    owners = [np.repeat(straight, 3)]
    if len(bent):
        t = np.linspace(0.0, 1.0, _SAMPLES_AT_SCALE if large else _SAMPLES)
        # Quadratic Bézier weights of the source, the control point and the target
        weights = np.vstack([(1 - t) ** 2, 2 * (1 - t) * t, t**2])
        gap = np.full((len(bent), 1), np.nan)
        for axis, (s, c, e) in ((xs, (geometry.sx, geometry.cx, geometry.tx)),
                                (ys, (geometry.sy, geometry.cy, geometry.ty))):  # fmt: skip
            points = np.column_stack([s[bent], c[bent], e[bent]]) @ weights
            axis.append(np.hstack([points, gap]).ravel())
        owners.append(np.repeat(bent, len(t) + 1))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(owners)


def _relation_traces(static: _Static, geometry: _Geometry, code: int, members, draw: _Mode):
    """Lines of one relation type, one trace per (certainty, width), and one trace of midpoints."""
    relation = static.relations[code]
    relation_id = static.relation_ids[code]
    colour, label = relation["colour"], relation["label"]
    traces = []
    stated, width = static.stated[members], static.width[members]
    for certainty, is_stated in (("alleged", False), ("stated", True)):
        for value in np.unique(width[stated == is_stated]):
            group = members[(stated == is_stated) & (width == value)]
            xs, ys, owners = _polyline(geometry, group, draw.large)
            trace = _trace(
                draw, x=_numbers(xs, draw.large), y=_numbers(ys, draw.large), mode="lines",
                hoverinfo="skip",
                line={"color": colour, "width": float(value), "dash": relation["dash"]},
                opacity=1.0 if certainty == "stated" else 0.5, name=label, meta=relation_id,
            )  # fmt: skip
            if not draw.large:  # each point's edge id, for whoever reads the figure
                ids = static.edge_ids[owners]
                ids[np.isnan(xs)] = None
                trace["customdata"] = ids.tolist()
            # Lines end at node centres, where Plotly would count them as the closest point and
            # steal a click meant for the node: lines ignore the mouse, the midpoint marks answer.
            traces.append(trace)
    directed = relation["directed"]
    shape = "triangle-up" if directed else "circle"
    symbols = np.where(static.stated[members], shape, f"{shape}-open")
    angles = geometry.angle[members] if directed else np.zeros(len(members))
    if draw.webgl:
        # WebGL draws each distinct (symbol, angle) once into a texture, a few ms each in software:
        # thousands of exact angles took ten seconds. In 5° steps, an arrow is at most 2.5° off.
        angles = np.round(angles / _ANGLE_STEP) * _ANGLE_STEP
    traces.append(
        _trace(
            draw, x=_numbers(geometry.mx[members], draw.large),
            y=_numbers(geometry.my[members], draw.large),
            mode="markers", customdata=static.edge_ids[members].tolist(),
            hovertext=static.edge_hover[members].tolist(), hoverinfo="text",
            marker={
                "symbol": symbols.tolist(), "angle": _numbers(angles, draw.large, 1),
                "size": 12 if directed else 9, "color": colour,
                # An outline costs SVG a colour per point: a fifth of a large figure's drawing.
                "line": {"color": colour, "width": 0 if draw.large else 1.5},
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


def node_sizes(measure: pd.Series, smallest: float = 14, span: float = 30) -> pd.Series:
    """Return marker diameters in pixels, growing with the square root of each actor's measure.

    >>> list(node_sizes(pd.Series([0, 1, 4])))
    [14.0, 29.0, 44.0]
    """
    most = float(measure.max()) if len(measure) else 0.0
    return smallest + span * (measure.clip(lower=0) / (most or 1.0)) ** 0.5


def _node_traces(model, pick: _Pick, view: View, connected: np.ndarray, actor: int | None):
    """A small figure's actors: one marker trace, each labelled beside its marker.

    Those not ``connected`` are faded; ``actor`` is ringed."""
    static, geometry, draw = pick.static, pick.geometry, pick.draw
    index = np.flatnonzero(pick.shown())
    sizes = _sizes(model, view, draw)[index]
    full = connected[index]
    if actor is not None:
        full |= index == actor
    selected = index == actor if actor is not None else np.zeros(len(index), dtype=bool)
    marker = {
        "size": sizes.tolist(),
        "color": [static.node_colour[i] for i in index],
        "opacity": np.where(full, 1.0, _FADED).tolist(),
        "line": {
            "color": np.where(selected, "#111", "white").tolist(),
            "width": np.where(selected, 4.0, 1.5).tolist(),
        },
    }
    textfont = {"size": 12, "color": np.where(full, "#1f2328", "#9aa0a6").tolist()}
    return [
        _trace(
            draw, x=geometry.x[index].tolist(), y=geometry.y[index].tolist(),
            mode="markers+text", text=static.node_label[index].tolist(),
            textposition="top center", textfont=textfont,
            customdata=[static.actor_ids[i] for i in index],
            hovertext=[static.node_hover[i] for i in index], hoverinfo="text", marker=marker,
            name="actors",
        )
    ]  # fmt: skip


def _large_node_traces(model, pick: _Pick, view: View) -> list[dict]:
    """A large figure's actors: markers of one look (which SVG styles at once), and the names of
    the biggest, none over another, as a trace of their own: a text per marker would be thousands
    of empty elements, which the browser lays out again on every change of the page.

    Each trace has a uid: a trace that comes without one is new to Plotly, and replotted."""
    static, geometry, draw = pick.static, pick.geometry, pick.draw
    index = np.flatnonzero(pick.shown())
    every_size = _sizes(model, view, draw)
    sizes = every_size[index]
    named = index[_apart(geometry.x[index], geometry.y[index], np.argsort(-sizes, kind="stable"))]
    actors = _trace(
        draw, x=_numbers(geometry.x[index], True), y=_numbers(geometry.y[index], True),
        mode="markers", customdata=[static.actor_ids[i] for i in index],
        hovertext=[static.node_hover[i] for i in index], hoverinfo="text",
        marker={"size": _numbers(sizes, True, 2), "color": [static.node_colour[i] for i in index],
                "line": {"width": 0}},
        name="actors", uid="actors",
    )  # fmt: skip
    # Invisible markers of the actors' sizes, so that each name stands clear of its marker;
    # no hover or click: those are the actors' own.
    names = _trace(
        draw, x=_numbers(geometry.x[named], True), y=_numbers(geometry.y[named], True),
        mode="markers+text", text=static.node_label[named].tolist(), textposition="top center",
        textfont={"size": 12, "color": "#1f2328"}, hoverinfo="skip",
        marker={"size": _numbers(every_size[named], True, 2), "opacity": 0},
        customdata=[static.actor_ids[i] for i in named], name="names", uid="names",
    )  # fmt: skip
    return [actors, names]


def _apart(x: np.ndarray, y: np.ndarray, order: np.ndarray) -> list[int]:
    """Up to LABELS_AT_SCALE points, taken in ``order``, whose labels would not overlap.

    A label is about a sixth of the layout's width wide and a thirtieth of its height tall.

    >>> _apart(np.array([0.0, 0.01, 0.5]), np.array([0.0, 0.0, 0.0]), np.array([0, 1, 2]))
    [0, 2]
    """
    width, height = 0.35, 0.07  # of the layout's [-1, 1] square: one label and a margin
    taken: list[int] = []
    for i in order[: 50 * LABELS_AT_SCALE]:
        if all(abs(x[i] - x[j]) > width or abs(y[i] - y[j]) > height for j in taken):
            taken.append(int(i))
            if len(taken) == LABELS_AT_SCALE:
                break
    return taken
