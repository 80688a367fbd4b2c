"""The figure of a large network (from ``limits.LARGE_FIGURE_FROM`` actors), drawn so that a
browser can redraw it quickly.

Its one trace is the actors' markers, drawn with WebGL (``scattergl``) where the browser has it;
everything else is a layout shape: edges as SVG paths, the biggest actors' names, a veil, the
selection's actors as discs, notes as shape labels. Plotly redraws changed shapes in milliseconds
but replots every marker for any change of trace; ``large_nodes_key`` tells the two kinds of
change apart, and a callback sends only the shapes (``overlay``) when the key is unchanged.

WebGL draws the markers on a canvas: the page keeps a few hundred elements instead of 10,000 SVG
circles that the browser would restyle and lay out at every change of the page (a panel, a
hover), which made a click some 40% slower. The canvas lies above Plotly's SVG traces and below
its upper layer of shapes, so the names are shapes in that layer, not a trace of text. A browser
without WebGL says so (``assets/dashboard.js``, ``check_webgl``), and gets SVG markers.
"""

from __future__ import annotations

import functools
import hashlib
from collections import defaultdict
from dataclasses import replace

import numpy as np

from dashboard import limits
from dashboard.figure.shared import (
    FADED,
    MODELS_KEPT,
    Geometry,
    Pick,
    Static,
    base_layout,
    budgeted_edges,
    geometry,
    notes,
    numbers,
    sizes,
    static_of,
)
from dashboard.graph import NetworkModel
from dashboard.state import ViewState

_NO_PATH = "M0,0"  # a shape's path with nothing to draw
NAMES = "actor names"  # the name of the names' shapes: not a slug, so no actor's id


def large_figure(model: NetworkModel, pick: Pick, state: ViewState, *, webgl: bool = True) -> dict:
    """A large figure's trace is its actors, which change only with the layout, the size
    measure and hiding (WebGL markers, or SVG without ``webgl``); its edges, names and selection
    are layout shapes (``overlay``), which Plotly redraws without touching the markers."""
    layout = base_layout(state, pick.geometry)
    # Plotly compares a template that came in a new object field by field, and replots
    # every trace when it does; a changed annotation does the same. A large figure has
    # neither: its notes and labels are shape labels.
    del layout["template"], layout["annotations"]
    # The same for the axes: Plotly widens the x range to keep the aspect, and a range sent
    # again unwidened would replot. Keeping the aspect by narrowing the plot area does not.
    layout["xaxis"]["constrain"] = layout["yaxis"]["constrain"] = "domain"
    layout["shapes"] = overlay(model, pick, state)
    return {"data": [_actors(model, pick, state, webgl)], "layout": layout}


def large_nodes_key(model: NetworkModel, state: ViewState, *, webgl: bool = True) -> str:
    """What a large figure's traces depend on, as a short key.

    Two views of a large network with the same key differ only in ``figure_overlay``, so a
    figure drawn for one becomes the other by replacing its layout's shapes.
    """
    key = hashlib.sha1(repr([state.layout, state.size, webgl]).encode())
    if state.hide_isolated:  # which actors are shown follows the filters and the selection
        key.update(Pick.of(model, state).shown().tobytes())
    return key.hexdigest()[:16]


def overlay(model: NetworkModel, pick: Pick, state: ViewState) -> list[dict]:
    """A large figure's edges, names, selection and notes, as layout shapes.

    Edges are one path per (relation type, certainty, width), below the actors; the biggest
    actors' names are above them. A selection veils the rest and is drawn again above it: its
    relations, and its actors as discs, the selected one ringed, the biggest named.

    Every view has the same shapes in the same places, then the discs: Plotly replots every trace
    when the shape at an index changes its type or its axes, but only redraws shapes when their
    paths, colours or texts change, and then only those (Plotly.react draws a changed shape by its
    index). So what a selection changes is kept apart from what it does not: the edges the
    filters let through, within the budget as if nothing were selected (``base``), are drawn
    below whatever is selected; a selection adds its own shapes (the relations it brings into
    the budget, below; its own relations again, above the veil; its discs). A click then redraws
    a few small paths, not the thousands of edges (about 50 ms of the browser's time at 10,000
    actors)."""
    static, geometry, drawn = pick.static, pick.geometry, pick.drawn
    lifted = np.zeros(len(drawn), dtype=bool)
    if pick.actor is not None:
        if state.focus:  # what passes is the neighbourhood already
            lifted[:] = True
        else:
            lifted = (static.source[drawn] == pick.actor) | (static.target[drawn] == pick.actor)
    if pick.edge is not None:
        lifted |= drawn == pick.edge
    selected = pick.actor is not None or pick.edge is not None
    glow = _paths(static, geometry, np.array([] if pick.edge is None else [pick.edge], dtype=int))
    shapes = _names(model, pick, state)  # under the veil: first in the upper layer
    shapes += [
        {
            "type": "rect", "xref": "paper", "yref": "paper", "x0": 0, "x1": 1, "y0": 0,
            "y1": 1, "fillcolor": "white", "opacity": 1 - FADED if selected else 0,
            "line": {"width": 0}, "layer": "above", "name": "veil",
        },
        {
            "type": "path", "path": "".join(glow.values()) or _NO_PATH, "xref": "x", "yref": "y",
            "line": {"color": "#FFD54F", "width": 14}, "opacity": 0.8, "layer": "above",
            "name": "selection",
        },
    ]  # fmt: skip
    base, base_shapes = _base(model, state.layout, pick.passing.tobytes(), limits.EDGE_BUDGET)
    shapes.extend(base_shapes)
    shapes.extend(_edge_shapes(static, geometry, np.setdiff1d(drawn[~lifted], base), "below"))
    shapes.extend(_edge_shapes(static, geometry, drawn[lifted], "above"))
    # What is drawn: the selection's edges come on top of the budget rather than push some of
    # the base out, which would redraw it.
    summary, no_match = notes(replace(pick, drawn=np.union1d(base, drawn)))
    shapes.append(_note_shape(summary, corner=True))
    shapes.append(_note_shape(no_match, corner=False))
    if selected:
        shapes.extend(_discs(model, pick, state, drawn[lifted]))
    return shapes


@functools.lru_cache(maxsize=MODELS_KEPT * 2)  # two filters per model kept
def _base(
    model: NetworkModel, layout: str, passing: bytes, budget: int
) -> tuple[np.ndarray, tuple[dict, ...]]:
    """The edges that ``passing`` (a bool per edge, as bytes) lets through, at most ``budget``
    of them as if nothing were selected, and their shapes. The same for every selection under the same
    filters, so worked out once, not at every click: their paths are most of a click's figure
    (some 75 of its 100 kB at 10,000 actors, and 40% of the server's time for it). Shared:
    nothing may change the shapes."""
    static, where = static_of(model), geometry(model, layout)
    base = budgeted_edges(static, np.frombuffer(passing, dtype=bool), None, None, budget)
    base.setflags(write=False)
    return base, tuple(_edge_shapes(static, where, base, "below"))


def _discs(model: NetworkModel, pick: Pick, state: ViewState, lit: np.ndarray) -> list[dict]:
    """The selection's actors drawn over the veil: the ends of ``lit`` and the selected actor."""
    static, geometry = pick.static, pick.geometry
    actors = np.unique(np.concatenate([static.source[lit], static.target[lit]]))
    if pick.actor is not None:
        actors = np.union1d(actors, [pick.actor])
    actors = actors[pick.shown()[actors]]
    size = sizes(model, state.size, True)
    order = actors[np.argsort(-size[actors], kind="stable")]
    if pick.actor is not None:
        order = np.concatenate([[pick.actor], order[order != pick.actor]])
    order = order[: limits.DISCS_AT_MOST]  # two steps out from a hub reach hundreds: the biggest
    named = set(_apart(geometry.x, geometry.y, order, limits.LABELS_AT_SCALE))
    discs = []
    for i in order.tolist():
        ring = i == pick.actor
        discs.append(
            _circle(
                pick, i, float(size[i]) / 2 + (2 if ring else 0), i in named,
                fillcolor=static.node_colour[i],
                line={"color": "#111" if ring else "white", "width": 3 if ring else 1},
            )
        )  # fmt: skip
    return discs[::-1]  # the selected actor last, so on top


def _names(model: NetworkModel, pick: Pick, state: ViewState) -> list[dict]:
    """The names of the biggest actors shown, none over another, as clear circles the size of
    their markers, labelled above: a text per marker would be thousands of empty elements (in
    SVG), and a trace of text would lie under the WebGL markers."""
    shown = pick.shown().tobytes() if pick.hide_isolated else None
    size = sizes(model, state.size, True)
    clear = {"fillcolor": "rgba(0,0,0,0)", "line": {"width": 0}, "name": NAMES}
    return [
        _circle(pick, i, float(size[i]) / 2, True, **clear)
        for i in _named(model, state.layout, state.size, shown, limits.LABELS_AT_SCALE)
    ]


@functools.lru_cache(maxsize=MODELS_KEPT * 4)  # layouts and size measures per model kept
def _named(
    model: NetworkModel, layout: str, size: str, shown: bytes | None, most: int
) -> tuple[int, ...]:
    """Which actors ``_names`` names: the ``most`` biggest of those ``shown`` (a bool per actor,
    as bytes; None: all) that are not over another. The same for every view with the same traces
    (``large_nodes_key``), so worked out once, not at every click (some 3.5 ms at 10,000)."""
    where = geometry(model, layout)
    index = np.flatnonzero(np.frombuffer(shown, dtype=bool)) if shown else np.arange(len(where.x))
    diameters = sizes(model, size, True)[index]
    order = np.argsort(-diameters, kind="stable")
    return tuple(index[_apart(where.x[index], where.y[index], order, most)].tolist())


def _circle(pick: Pick, i: int, r: float, named: bool, **look) -> dict:
    """A circle shape of radius ``r`` px at actor ``i`` (named by its id unless ``look`` names
    it), with the actor's name above if ``named``."""
    static, geometry = pick.static, pick.geometry
    circle = {
        "type": "circle", "xref": "x", "yref": "y", "xsizemode": "pixel", "ysizemode": "pixel",
        "xanchor": float(geometry.x[i]), "yanchor": float(geometry.y[i]),
        "x0": -r, "x1": r, "y0": -r, "y1": r, "layer": "above", "name": static.actor_ids[i],
        **look,
    }  # fmt: skip
    if named:
        circle["label"] = {
            "text": static.node_label[i], "textposition": "top center", "yanchor": "bottom",
            "font": {"size": 12, "color": "#1f2328"},
        }  # fmt: skip
    return circle


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


def _edge_shapes(static: Static, geometry: Geometry, members: np.ndarray, layer: str):
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


def _paths(static: Static, geometry: Geometry, members: np.ndarray) -> dict[int, str]:
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


def _apart(x: np.ndarray, y: np.ndarray, order: np.ndarray, most: int) -> list[int]:
    """Up to ``most`` points, taken in ``order``, whose labels would not overlap.

    A label is about a sixth of the layout's width wide and a thirtieth of its height tall.

    >>> _apart(np.array([0.0, 0.01, 0.5]), np.array([0.0, 0.0, 0.0]), np.array([0, 1, 2]), 40)
    [0, 2]
    """
    width, height = 0.35, 0.07  # of the layout's [-1, 1] square: one label and a margin
    taken: list[int] = []
    for i in order[: 50 * most]:
        if all(abs(x[i] - x[j]) > width or abs(y[i] - y[j]) > height for j in taken):
            taken.append(int(i))
            if len(taken) == most:
                break
    return taken


def _actors(model: NetworkModel, pick: Pick, state: ViewState, webgl: bool) -> dict:
    """A large figure's actors: markers of one look, which SVG styles at once and WebGL draws
    in one pass. Its uid keeps it across updates: a trace that comes without one is new to
    Plotly, and replotted."""
    static, geometry = pick.static, pick.geometry
    index = np.flatnonzero(pick.shown())
    return {
        "type": "scattergl" if webgl else "scatter",
        "x": numbers(geometry.x[index], True), "y": numbers(geometry.y[index], True),
        "mode": "markers", "customdata": [static.actor_ids[i] for i in index],
        "hovertext": [static.node_hover[i] for i in index], "hoverinfo": "text",
        "marker": {"size": numbers(sizes(model, state.size, True)[index], True, 2),
                   "color": [static.node_colour[i] for i in index], "line": {"width": 0}},
        "name": "actors", "uid": "actors",
    }  # fmt: skip
