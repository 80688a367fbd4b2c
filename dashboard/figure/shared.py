"""What both regimes of the figure share: the figure's data that no view changes (``Static``,
``Geometry``, ``sizes``: kept per model), what a view draws (``Pick``), the notes and the
axes.

``static_of``, ``geometry`` and ``sizes`` keep their results for the last few models (a model is
hashed by identity): the page as first served computes those of the default view when the app
is made; another layout or size measure, on first use.
"""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard import limits
from dashboard.figure.palette import (
    KIND_COLOURS,
    POLARITY_DASH,
    line_width,
    node_label,
    node_sizes,
    relation_colours,
)
from dashboard.filters import passing_edges
from dashboard.graph import NetworkModel
from dashboard.state import ViewState

FADED = 0.18  # opacity of what a selection puts in the background
_CURVE_SPACING = 0.22  # how far apart parallel edges bow, as a share of their length
MODELS_KEPT = 4  # models whose figure data is kept: curate mode makes a new model per edit


def is_large(model: NetworkModel) -> bool:
    """Whether the model is drawn as a large figure (large.py) or a small one (small.py)."""
    return len(model.dataset.actors) >= limits.LARGE_FIGURE_FROM


@dataclass(frozen=True)
class Static:
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
    def build(cls, model: NetworkModel) -> Static:
        """Compute it; ``static`` keeps it for the model."""
        actors, edges = model.dataset.actors, model.edges
        relations = model.dataset.relations
        actor_ids = list(actors.index)
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
        source, target = model.edge_source, model.edge_target
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
            actor_position=model.actor_position,
            edge_ids=np.array(list(edges.index), dtype=object),
            edge_position=model.edge_position,
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


@functools.lru_cache(maxsize=MODELS_KEPT)
def static_of(model: NetworkModel) -> Static:
    """The model's ``Static``, computed once."""
    return Static.build(model)


@dataclass(frozen=True)
class Geometry:
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
    labelled: np.ndarray  # bool per actor: its label sent (the browser keeps those that fit)
    x_range: list[float]
    y_range: list[float]


@functools.lru_cache(maxsize=MODELS_KEPT * 4)
def geometry(model: NetworkModel, layout: str) -> Geometry:
    """Edges between the same two actors bow apart symmetrically, so none lies on another; a lone
    edge (or the middle one of an odd number) is straight."""
    static = static_of(model)
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
    labelled, x_range, y_range = _labels(model, static, x, y)
    return Geometry(
        x=x, y=y, sx=sx, sy=sy, cx=cx, cy=cy, tx=tx, ty=ty,
        mx=0.25 * sx + 0.5 * cx + 0.25 * tx, my=0.25 * sy + 0.5 * cy + 0.25 * ty,
        angle=np.degrees(np.arctan2(tx - sx, ty - sy)), curved=bow != 0,
        labelled=labelled, x_range=x_range, y_range=y_range,
    )  # fmt: skip


def _labels(model: NetworkModel, static: Static, x: np.ndarray, y: np.ndarray):
    """Which actors are labelled, and the axes' ranges.

    Every actor's label is sent: the browser keeps those that fit the plot as drawn, each
    above, below, right or left of its marker (assets/labels.js), and names the others on
    hover. The ranges hold every marker, on the phone's narrower plot too, and the labels that
    fit above their markers on the smallest desktop plot (``limits.LAYOUT_ROOM_PX``; a label is
    as many px wide in any plot, and a wider plot has more px to a unit, so what is clear there
    is clear in every desktop plot): biggest actor first, a label inside that plot that covers
    no label taken before it and no other actor's marker. The force layout made room for them
    (graph.label_room); other layouts may leave some out.
    """
    if not len(x):
        return np.zeros(0, dtype=bool), [-1.0, 1.0], [-1.0, 1.0]
    room = model.room()
    width, _ = limits.LAYOUT_ROOM_PX
    unit = width / 2  # px to a unit of the layout
    left, right, below, above = (
        np.array([room[a][k] for a in static.actor_ids]) / unit for k in range(4)
    )
    radius = below  # the marker: its room below the centre
    # label boxes: above the marker, as wide as the room (which holds the label's halo)
    lx0, lx1, ly0, ly1 = x - left, x + right, y + radius, y + above
    # the box the force layout made room in, in units: a label beyond it would widen the
    # ranges, and shrink the picture below the scale that room was made for
    height = limits.LAYOUT_ROOM_PX[1] / unit
    outside = (lx0 < -1) | (lx1 > 1) | (ly0 < -height / 2) | (ly1 > height / 2)
    labelled = np.zeros(len(x), dtype=bool)
    for i in np.argsort(-radius, kind="stable").tolist():
        if above[i] <= radius[i] or outside[i]:
            continue  # no room for a label (see label_room), or beyond the box
        drawn = np.flatnonzero(labelled)
        if (
            (np.minimum(lx1[i], lx1[drawn]) > np.maximum(lx0[i], lx0[drawn]))
            & (np.minimum(ly1[i], ly1[drawn]) > np.maximum(ly0[i], ly0[drawn]))
        ).any():
            continue
        # the nearest point of the box to each other marker's centre
        near_x = np.clip(x, lx0[i], lx1[i])
        near_y = np.clip(y, ly0[i], ly1[i])
        inside = np.hypot(x - near_x, y - near_y) < radius
        inside[i] = False
        if not inside.any():
            labelled[i] = True
    # a marker is as many px on the phone, whose plot has fewer px to a unit
    marker = radius * width / limits.LAYOUT_PHONE_PX
    pad = limits.LAYOUT_GAP_PX / unit
    top = np.maximum(np.where(labelled, y + above, y), y + marker)
    wide_left = np.minimum(np.where(labelled, x - left, x), x - marker)
    wide_right = np.maximum(np.where(labelled, x + right, x), x + marker)
    return (
        np.ones(len(x), dtype=bool),
        [float(wide_left.min()) - pad, float(wide_right.max()) + pad],
        [float((y - marker).min()) - pad, float(top.max()) + pad],
    )


@dataclass(frozen=True)
class Pick:
    """What a view draws: the edges that pass its filters, the selection, those drawn."""

    static: Static
    geometry: Geometry
    large: bool  # drawn as a large figure (large.py)
    passing: np.ndarray  # bool per edge: relation type, articles and focus let it through
    actor: int | None  # the selected actor's position
    edge: int | None  # the selected edge's position, if it passes
    drawn: np.ndarray  # positions of the edges drawn, ascending: all that pass, or a budget
    hide_isolated: bool

    @classmethod
    def of(cls, model: NetworkModel, state: ViewState) -> Pick:
        static = static_of(model)
        passing = passing_edges(model, state)
        actor = static.actor_position.get(state.actor) if state.actor else None
        edge = static.edge_position.get(state.edge)
        if edge is not None and not passing[edge]:
            edge = None
        return cls(
            static, geometry(model, state.layout), is_large(model), passing, actor, edge,
            budgeted_edges(static, passing, actor, edge), state.hide_isolated,
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


@functools.lru_cache(maxsize=MODELS_KEPT * 6)
def sizes(model: NetworkModel, size: str, large: bool) -> np.ndarray:
    """Marker diameters of every actor, in px, by a size measure: smaller in a large figure,
    where thousands of 14-44 px markers would hide the edges."""
    smallest, span = (5, 17) if large else (14, 30)
    return node_sizes(model.measure(size), smallest, span).to_numpy(float)


def budgeted_edges(
    static: Static, passing: np.ndarray, actor, edge, budget: int | None = None
) -> np.ndarray:
    """The positions of the edges to draw, ascending: all that pass, or at most ``budget``
    (limits.EDGE_BUDGET unless given) of them: the selected edge, then the selected actor's,
    then its neighbours', then the rest by drawing order."""
    budget = limits.EDGE_BUDGET if budget is None else budget
    candidates = np.flatnonzero(passing)
    if len(candidates) <= budget:
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
    chosen = candidates[np.argpartition(key, budget - 1)[:budget]]
    return np.sort(chosen)


def base_layout(state: ViewState, geometry: Geometry) -> dict:
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
        "uirevision": state.layout,
        "font": {"family": "Inter, system-ui, sans-serif"},
        "annotations": [],
        "shapes": [],
        "template": _template(),
    }


def notes(pick: Pick) -> tuple[dict | None, dict | None]:
    """The figure's notes, as annotations: (how many of the relations that pass are drawn, if
    not all; that none passes the filter, if none does)."""
    passing, drawn = int(pick.passing.sum()), len(pick.drawn)
    if not len(pick.passing):  # a new dataset: nothing coded yet, not a filter's doing
        return None, NO_RELATIONS
    if not passing:
        return None, NO_MATCH
    if drawn < passing:
        return _summary_note(drawn, passing, pick.actor is not None), None
    return None, None


NO_MATCH = {
    "text": "No relations match the filter.<br>Tick a relation type on the left.",
    "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper", "showarrow": False,
    "font": {"size": 16, "color": "#444"}, "bgcolor": "rgba(255,255,255,0.85)",
}  # fmt: skip


NO_RELATIONS = {
    **NO_MATCH,
    "text": "No relations yet: this dataset is new.<br>Code it in curate mode "
    "(python -m dashboard curate FOLDER):<br>select a passage of the article, "
    "pick who does what to whom, Save.",
    "font": {"size": 14, "color": "#444"},
}


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


def numbers(values: np.ndarray, rounded: bool, digits: int = 5) -> list:
    """Numbers for a trace, NaN as None (a gap in a line); rounded at scale, to send less.

    Not base64 typed arrays: Plotly's JSON encoder re-encodes a whole response in which the text
    "NaN" occurs, and a long enough base64 string holds it by chance.

    >>> numbers(np.array([0.123456789, np.nan]), False)
    [0.123456789, None]
    >>> numbers(np.array([0.123456789, np.nan]), True)
    [0.12346, None]
    """
    if rounded:
        values = np.round(values, digits)
    return [None if v != v else v for v in values.tolist()]  # NaN is not equal to itself
