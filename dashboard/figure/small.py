"""The figure of an article-sized network (fewer than ``limits.LARGE_FIGURE_FROM`` actors).

Every actor is a labelled marker in one trace; one trace holds every edge's midpoint mark,
which answer the mouse; the edges of each relation type are a few layout shapes under them (one
SVG path per certainty, width and whether the selection lights them; a curve is a quadratic
Bézier, which SVG draws itself); parallel edges bow apart.

Lines are shapes, not traces, because a browser redraws the figure at every change of the
relation filter and the selection: Plotly's redraw costs about a millisecond per trace (its
defaults, its calculation and its drawing of each), and a shape's path costs next to nothing.
A seed's figure is then two traces, not thirty-three.

A selection shows itself: a selected actor is ringed, its relations and counterparts keep their
full colour and the rest recede; a selected relation glows, with its two actors. Actors no
visible relation touches are faded.

With isolated actors faded, every edge drawn and one curation (``drawn_in_browser``), the
browser draws a change of the relation filter, the selection or the focus itself
(``assets/network.js``, ``follow_view``), with no round trip: the figure's layout ``meta``
holds every edge the article filter lets through (``_follow``), and the browser builds from it
the very figure this module would (tests/test_network_js.py holds them to that).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import itertools
import json
from decimal import Decimal

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

TEXT, TEXT_FADED = "#1f2328", "#9aa0a6"  # an actor's label, full and receding
_RING = {"color": ["#111", "white"], "width": [4.0, 1.5]}  # an actor's outline: selected, not
# Lines are paths in the data's coordinates, under every trace.
_SHAPE = {"type": "path", "xref": "x", "yref": "y", "layer": "below"}
_GLOW = {  # the shape under a selected relation, but its path
    **_SHAPE, "line": {"color": "#FFD54F", "width": 14}, "opacity": 0.8,
    "name": "selected relation",
}  # fmt: skip
_FOLLOWED = 16  # views whose browser data is kept (a few models, layouts and sizes)


def small_figure(model: NetworkModel, pick: Pick, state: ViewState) -> dict:
    """Draw the network for a view: edges of the visible relation types, nodes, the selection;
    with what the browser needs to draw the view's other selections and filters, if it can
    (``drawn_in_browser``)."""
    figure = _draw(model, pick, state)
    if drawn_in_browser(model, state):
        figure["layout"]["meta"] = {"small": _follow(model, _canonical(state))[1]}
    return figure


def drawn_in_browser(model: NetworkModel, state: ViewState) -> bool:
    """Whether the browser draws a change of the view's relation filter, selection or focus
    itself (``assets/network.js``, ``follow_view``), from the figure's ``layout.meta.small``:
    isolated actors are faded (hiding them changes the actors' trace), every edge that passes
    any filter is drawn (no budget picks among them), one curation is drawn (comparing marks
    sides), and there are relations to draw."""
    return (
        not state.hide_isolated
        and union_of_model(model) is None
        and 0 < len(model.edges) <= limits.EDGE_BUDGET
    )


def browser_key(model: NetworkModel, state: ViewState) -> str | None:
    """For a view the browser follows, a key of all its figure shows but the relation filter,
    the selection and the focus, and of the model's data: a browser holding a figure of this
    key draws those three itself. Else None."""
    if not drawn_in_browser(model, state):
        return None
    return _follow(model, _canonical(state))[0]


def _canonical(state: ViewState) -> ViewState:
    """The view without what the browser follows."""
    return dataclasses.replace(
        state, relations=None, actor=None, edge=None, focus=None, tab="graph"
    )


@functools.lru_cache(maxsize=_FOLLOWED)
def _follow(model: NetworkModel, canonical: ViewState) -> tuple[str, dict]:
    """For the view the browser follows (``_canonical``): its key, and what the browser needs to
    draw any relation filter, selection and focus of it: every edge the article filter lets
    through, with its place, style and hover text, and how the selection and the notes look.
    The actors' trace of the figure it comes with holds the rest.

    The key is a hash of that data and of the view's figure, so that a new model (curate mode
    makes one per edit) or another layout is another key, in every server process alike."""
    pick = Pick.of(model, canonical)
    static, geometry, edges = pick.static, pick.geometry, pick.drawn
    curved = geometry.curved[edges]

    def column(values: np.ndarray) -> list:
        return numbers(values, False)

    meta = {
        "edges": {
            "id": static.edge_ids[edges].tolist(),
            "relation": static.relation[edges].tolist(),
            "stated": static.stated[edges].tolist(),
            "width": static.width[edges].tolist(),
            "source": static.source[edges].tolist(),
            "target": static.target[edges].tolist(),
            "sx": column(geometry.sx[edges]), "sy": column(geometry.sy[edges]),
            "tx": column(geometry.tx[edges]), "ty": column(geometry.ty[edges]),
            # a straight edge has no control point
            "cx": column(np.where(curved, geometry.cx[edges], np.nan)),
            "cy": column(np.where(curved, geometry.cy[edges], np.nan)),
            "mx": column(geometry.mx[edges]), "my": column(geometry.my[edges]),
            "angle": column(geometry.angle[edges]),
            "hover": static.edge_hover[edges].tolist(),
        },
        "relations": [
            {"id": relation_id, **style}
            for relation_id, style in zip(static.relation_ids, static.relations, strict=True)
        ],
        "shape": _SHAPE,
        "faded": FADED,
        "text": [TEXT, TEXT_FADED],
        "ring": _RING,
        "glow": _GLOW,
        "none": NO_MATCH,
    }  # fmt: skip
    drawn = json.dumps([meta, _draw(model, pick, canonical)], sort_keys=True)
    return "small:" + hashlib.sha1(drawn.encode()).hexdigest()[:20], meta


def _draw(model: NetworkModel, pick: Pick, state: ViewState) -> dict:
    """The figure of a view, without the browser's data."""
    static, geometry, drawn = pick.static, pick.geometry, pick.drawn
    shapes: list[dict] = []
    if pick.edge is not None:
        shapes.append({**_GLOW, "path": _path(geometry, [pick.edge])})
    relation_of_drawn = static.relation[drawn]
    lit = _lit(pick, state)
    for code in range(len(static.relation_ids)):
        chosen = relation_of_drawn == code
        if chosen.any():
            shapes.extend(_relation_shapes(static, geometry, code, drawn[chosen], lit[chosen]))
    traces: list[dict] = []
    if len(drawn):
        traces.append(_midpoints(static, geometry, drawn, lit))
    traces.extend(_node_traces(model, pick, state))
    layout = base_layout(state, geometry)
    layout["annotations"] = [note for note in notes(pick) if note]
    layout["shapes"] = shapes
    return {"data": traces, "layout": layout}


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


def _path(geometry: Geometry, members) -> str:
    """The members' lines as one SVG path: a straight line from source to target, or a
    quadratic Bézier through its control point. Numbers are written as the browser writes
    them (``js_number``), so that its paths (assets/network.js) equal these to the character.
    """
    parts = []
    for i in members:
        start = f"M{js_number(geometry.sx[i])},{js_number(geometry.sy[i])}"
        end = f"{js_number(geometry.tx[i])},{js_number(geometry.ty[i])}"
        if geometry.curved[i]:
            bend = f"{js_number(geometry.cx[i])},{js_number(geometry.cy[i])}"
            parts.append(f"{start}Q{bend} {end}")
        else:
            parts.append(f"{start}L{end}")
    return "".join(parts)


def js_number(value: float) -> str:
    """A number as JavaScript's ``String(value)`` writes it (the shortest digits that read back
    as the same number; Python's ``repr`` finds the same digits, and writes some otherwise).

    >>> [js_number(v) for v in (0.5, -0.0, 3.0, -1.5e-05, 1.25e-07, 1e21, 123456.789)]
    ['0.5', '0', '3', '-0.000015', '1.25e-7', '1e+21', '123456.789']
    """
    value = float(value)
    if value == 0:
        return "0"
    text = repr(value)
    if "e" not in text:  # 1e-4 <= |value| < 1e16: both write it out in full, JS without ".0"
        return text[:-2] if text.endswith(".0") else text
    sign, digits, exponent = Decimal(text).normalize().as_tuple()
    figures = "".join(map(str, digits))
    k, n = len(figures), exponent + len(figures)  # value = 0.figures * 10**n
    if k <= n <= 21:
        body = figures + "0" * (n - k)
    elif 0 < n <= 21:
        body = f"{figures[:n]}.{figures[n:]}"
    elif -6 < n <= 0:
        body = "0." + "0" * -n + figures
    else:
        mantissa = figures[0] + (f".{figures[1:]}" if k > 1 else "")
        body = f"{mantissa}e{'+' if n > 0 else '-'}{abs(n - 1)}"
    return ("-" if sign else "") + body


def _relation_shapes(
    static: Static, geometry: Geometry, code: int, members: np.ndarray, lit: np.ndarray
) -> list[dict]:
    """Lines of one relation type, one path per (certainty, width, lit), named by the type;
    what the selection does not light recedes. Shapes ignore the mouse: the midpoint marks
    answer it (a line's ends, at node centres, would steal a click meant for the node)."""
    relation = static.relations[code]
    shapes = []
    stated, width = static.stated[members], static.width[members]
    for is_stated, on in itertools.product((False, True), (False, True)):
        kind = (stated == is_stated) & (lit == on)
        for value in np.unique(width[kind]):
            shapes.append(
                {
                    **_SHAPE, "path": _path(geometry, members[kind & (width == value)].tolist()),
                    "line": {"color": relation["colour"], "width": float(value),
                             "dash": relation["dash"]},
                    "opacity": (1.0 if is_stated else 0.5) * (1.0 if on else FADED),
                    "name": static.relation_ids[code],
                }
            )  # fmt: skip
    return shapes


def _midpoints(static: Static, geometry: Geometry, members: np.ndarray, lit: np.ndarray) -> dict:
    """One trace of the members' midpoint marks, which answer the mouse: in their type's
    colour, a triangle from source to target for a directed relation (a circle else), open if
    alleged; what the selection does not light recedes. One trace for every type, not one per
    type: Plotly's redraw costs about a millisecond per trace."""
    relation = static.relation[members]
    directed = np.array([r["directed"] for r in static.relations], dtype=bool)[relation]
    colours = [static.relations[r]["colour"] for r in relation.tolist()]
    shape = np.where(directed, "triangle-up", "circle")
    symbols = np.where(static.stated[members], shape, np.char.add(shape, "-open"))
    return {
        "type": "scatter", "x": numbers(geometry.mx[members], False),
        "y": numbers(geometry.my[members], False), "mode": "markers",
        "customdata": static.edge_ids[members].tolist(),
        "hovertext": static.edge_hover[members].tolist(), "hoverinfo": "text",
        "marker": {
            "symbol": symbols.tolist(),
            "angle": numbers(np.where(directed, geometry.angle[members], 0.0), False),
            "size": np.where(directed, 12, 9).tolist(), "color": colours,
            "line": {"color": colours, "width": 1.5},
            "opacity": np.where(lit, 1.0, FADED).tolist(),
        },
        "name": "relations", "meta": [static.relation_ids[r] for r in relation.tolist()],
    }  # fmt: skip


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
            "color": np.where(selected, *_RING["color"]).tolist(),
            "width": np.where(selected, *_RING["width"]).tolist(),
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
