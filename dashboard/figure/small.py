"""The figure of an article-sized network (fewer than ``limits.LARGE_FIGURE_FROM`` actors).

Every actor is a labelled marker in one trace; the edges of each relation type are a few line
traces (one per certainty, width and whether the selection lights them, segments separated by
gaps) and one trace of midpoint marks that answer the mouse; parallel edges bow apart.

A selection shows itself: a selected actor is ringed, its relations and counterparts keep their
full colour and the rest recede; a selected relation glows, with its two actors. Actors no
visible relation touches are faded.

Without a selection (and with isolated actors faded, every edge drawn, one curation), the figure
is *filterable*: the browser follows a change of the relation filter alone
(``assets/network.js``, ``filter_figure``), with no round trip. Such a figure holds the traces of
every relation type, those the filter hides with ``visible: false``, and, in its layout's
``meta``, the relation types that touch each actor: what the browser needs to fade the actors
and show the "no relation" note exactly as this module would.
"""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np

from dashboard import limits
from dashboard.comparison_view import union_of_model
from dashboard.figure.shared import (
    FADED,
    NO_MATCH,
    Geometry,
    Pick,
    Static,
    base_layout,
    notes,
    numbers,
    sizes,
)
from dashboard.graph import NetworkModel
from dashboard.state import ViewState

_SAMPLES = 17  # points along each curved edge; odd, so the middle one is the midpoint
TEXT, TEXT_FADED = "#1f2328", "#9aa0a6"  # an actor's label, full and receding


def small_figure(model: NetworkModel, pick: Pick, state: ViewState) -> dict:
    """Draw the network for a view: edges of the visible relation types, nodes, the selection."""
    static, geometry, drawn = pick.static, pick.geometry, pick.drawn
    every = _every_relation(model, state)
    if every is not None:  # filterable: every relation type's traces, some hidden
        drawn = every.drawn
    traces: list[dict] = []
    if pick.edge is not None:
        xs, ys, _ = _polyline(geometry, np.array([pick.edge]))
        traces.append(
            {
                "type": "scatter", "x": numbers(xs[:-1], False), "y": numbers(ys[:-1], False),
                "mode": "lines", "hoverinfo": "skip", "line": {"color": "#FFD54F", "width": 14},
                "opacity": 0.8, "name": "selected relation",
            }
        )  # fmt: skip
    relation_of_drawn = static.relation[drawn]
    lit = _lit(pick, state) if every is None else np.ones(len(drawn), dtype=bool)
    for code in range(len(static.relation_ids)):
        chosen = relation_of_drawn == code
        if chosen.any():
            group = _relation_traces(static, geometry, code, drawn[chosen], lit[chosen])
            if every is not None:
                shown = state.relations is None or static.relation_ids[code] in state.relations
                group = [{**trace, "visible": shown} for trace in group]
            traces.extend(group)
    traces.extend(_node_traces(model, pick, state))
    layout = base_layout(state, geometry)
    layout["annotations"] = [note for note in notes(pick) if note]
    if every is not None:
        layout["meta"] = {"filter": _filter_meta(pick, every)}
    return {"data": traces, "layout": layout}


def filterable(model: NetworkModel, state: ViewState) -> bool:
    """Whether the browser can redraw a small figure for a change of the relation filter alone:
    nothing is selected (the selection lights edges by what passes), isolated actors are faded
    (hiding them changes the actors' trace), every edge that passes any relation filter is
    drawn (no budget picks among them), one curation is drawn (comparing marks sides), and there
    are relations to filter."""
    return (
        state.actor is None
        and state.edge is None
        and not state.hide_isolated
        and union_of_model(model) is None
        and 0 < len(model.edges) <= limits.EDGE_BUDGET
    )


def filter_key(model: NetworkModel, state: ViewState) -> str | None:
    """For a filterable view, a key of all it shows but its relation filter (the browser's
    figure stands for this key as long as only the relation filter changes); else None."""
    if not filterable(model, state):
        return None
    return "filter:" + repr(dataclasses.replace(state, relations=None, tab="graph"))


def _every_relation(model: NetworkModel, state: ViewState) -> Pick | None:
    """For a filterable view, what the view would draw with every relation type shown."""
    if not filterable(model, state):
        return None
    return Pick.of(model, dataclasses.replace(state, relations=None))


def _filter_meta(pick: Pick, every: Pick) -> dict:
    """What the browser needs to follow the relation filter (assets/network.js): per actor of
    the actors' trace, the relation types of the drawn edges that touch it, and how a faded
    actor and the "no relation" note look."""
    static = pick.static
    touch: list[set[str]] = [set() for _ in static.actor_ids]
    for edge in every.drawn.tolist():
        relation = static.relation_ids[static.relation[edge]]
        touch[static.source[edge]].add(relation)
        touch[static.target[edge]].add(relation)
    index = np.flatnonzero(pick.shown())
    return {
        "touch": [sorted(touch[i]) for i in index.tolist()],
        "opacity": [1.0, FADED],
        "text": [TEXT, TEXT_FADED],
        "none": NO_MATCH,
    }


def _lit(pick: Pick, state: ViewState) -> np.ndarray:
    """Per drawn edge: whether it stands out. All of them without a selection, and with a focus
    (what passes is the neighbourhood already); else the selected actor's and the selected
    relation."""
    static, drawn = pick.static, pick.drawn
    if (pick.actor is None and pick.edge is None) or (pick.actor is not None and state.focus):
        return np.ones(len(drawn), dtype=bool)
    lit = np.zeros(len(drawn), dtype=bool)
    if pick.actor is not None:
        lit |= (static.source[drawn] == pick.actor) | (static.target[drawn] == pick.actor)
    if pick.edge is not None:
        lit |= drawn == pick.edge
    return lit


def _polyline(geometry: Geometry, members: np.ndarray):
    """The points of the members' lines, each line followed by a NaN gap, and each point's member.

    A straight line has its two ends only; a curve has _SAMPLES points.
    """
    curved = geometry.curved[members]
    straight, bent = members[~curved], members[curved]
    gap = np.full((len(straight), 1), np.nan)
    xs = [np.hstack([geometry.sx[straight, None], geometry.tx[straight, None], gap]).ravel()]
    ys = [np.hstack([geometry.sy[straight, None], geometry.ty[straight, None], gap]).ravel()]
    owners = [np.repeat(straight, 3)]
    if len(bent):
        t = np.linspace(0.0, 1.0, _SAMPLES)
        # Quadratic Bézier weights of the source, the control point and the target
        weights = np.vstack([(1 - t) ** 2, 2 * (1 - t) * t, t**2])
        gap = np.full((len(bent), 1), np.nan)
        for axis, (s, c, e) in ((xs, (geometry.sx, geometry.cx, geometry.tx)),
                                (ys, (geometry.sy, geometry.cy, geometry.ty))):  # fmt: skip
            points = np.column_stack([s[bent], c[bent], e[bent]]) @ weights
            axis.append(np.hstack([points, gap]).ravel())
        owners.append(np.repeat(bent, len(t) + 1))
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(owners)


def _relation_traces(
    static: Static, geometry: Geometry, code: int, members: np.ndarray, lit: np.ndarray
):
    """Lines of one relation type, one trace per (certainty, width, lit), and one trace of
    midpoints; what the selection does not light recedes."""
    relation = static.relations[code]
    relation_id = static.relation_ids[code]
    colour, label = relation["colour"], relation["label"]
    traces = []
    stated, width = static.stated[members], static.width[members]
    for (certainty, is_stated), on in itertools.product(
        (("alleged", False), ("stated", True)), (False, True)
    ):
        kind = (stated == is_stated) & (lit == on)
        for value in np.unique(width[kind]):
            group = members[kind & (width == value)]
            xs, ys, owners = _polyline(geometry, group)
            # Each point's edge id, for whoever reads the figure.
            ids = static.edge_ids[owners]
            ids[np.isnan(xs)] = None
            # Lines end at node centres, where Plotly would count them as the closest point and
            # steal a click meant for the node: lines ignore the mouse, the midpoint marks answer.
            traces.append(
                {
                    "type": "scatter", "x": numbers(xs, False), "y": numbers(ys, False),
                    "mode": "lines", "hoverinfo": "skip",
                    "line": {"color": colour, "width": float(value), "dash": relation["dash"]},
                    "opacity": (1.0 if certainty == "stated" else 0.5) * (1.0 if on else FADED),
                    "name": label,
                    "meta": relation_id, "customdata": ids.tolist(),
                }
            )  # fmt: skip
    directed = relation["directed"]
    shape = "triangle-up" if directed else "circle"
    symbols = np.where(static.stated[members], shape, f"{shape}-open")
    angles = geometry.angle[members] if directed else np.zeros(len(members))
    traces.append(
        {
            "type": "scatter", "x": numbers(geometry.mx[members], False),
            "y": numbers(geometry.my[members], False), "mode": "markers",
            "customdata": static.edge_ids[members].tolist(),
            "hovertext": static.edge_hover[members].tolist(), "hoverinfo": "text",
            "marker": {
                "symbol": symbols.tolist(), "angle": numbers(angles, False, 1),
                "size": 12 if directed else 9, "color": colour,
                "line": {"color": colour, "width": 1.5},
                "opacity": np.where(lit, 1.0, FADED).tolist(),
            },
            "name": label, "meta": relation_id,
        }
    )  # fmt: skip
    return traces


def _selection_ends(pick: Pick, state: ViewState) -> np.ndarray | None:
    """The actors a selection lights: the selected actor, its counterparts over the drawn
    relations, the selected relation's two actors; None without a selection or with a focus."""
    lit = _lit(pick, state)
    if lit.all() and pick.edge is None and (pick.actor is None or state.focus):
        return None
    edges = pick.drawn[lit]
    ends = np.concatenate([pick.static.source[edges], pick.static.target[edges]])
    return np.union1d(ends, [] if pick.actor is None else [pick.actor]).astype(np.int64)


def _node_traces(model: NetworkModel, pick: Pick, state: ViewState) -> list[dict]:
    """The actors: one marker trace, each labelled beside its marker.

    Those no drawn relation touches are faded; the selected actor is ringed."""
    static, geometry, actor = pick.static, pick.geometry, pick.actor
    index = np.flatnonzero(pick.shown())
    diameters = sizes(model, state.size, False)[index]
    full = pick.connected()[index]
    if actor is not None:
        full |= index == actor
    ends = _selection_ends(pick, state)
    if ends is not None:  # the selection's actors stand out, the rest recede
        full &= np.isin(index, ends)
    selected = index == actor if actor is not None else np.zeros(len(index), dtype=bool)
    marker = {
        "size": diameters.tolist(),
        "color": [static.node_colour[i] for i in index],
        "opacity": np.where(full, 1.0, FADED).tolist(),
        "line": {
            "color": np.where(selected, "#111", "white").tolist(),
            "width": np.where(selected, 4.0, 1.5).tolist(),
        },
    }
    textfont = {"size": 12, "color": np.where(full, TEXT, TEXT_FADED).tolist()}
    return [
        {
            "type": "scatter", "x": geometry.x[index].tolist(), "y": geometry.y[index].tolist(),
            "mode": "markers+text",
            "text": np.where(geometry.labelled[index], static.node_label[index], "").tolist(),
            "textposition": "top center", "textfont": textfont,
            "customdata": [static.actor_ids[i] for i in index],
            "hovertext": [static.node_hover[i] for i in index], "hoverinfo": "text",
            "marker": marker, "name": "actors",
        }
    ]  # fmt: skip
