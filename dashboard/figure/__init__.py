"""The network as a Plotly figure: a few traces and shapes, never one per edge.

Two regimes, each in its own module, picked here by the number of actors: ``small`` (an
article's network: every actor labelled, parallel edges bowed apart) and, from
``limits.LARGE_FIGURE_FROM`` actors, ``large`` (one trace of WebGL markers that changes only
with the layout, and everything else as layout shapes, which a browser redraws quickly). Both draw at most
``limits.EDGE_BUDGET`` edges: the selection's first, then those with the most quotes; a note on
the figure says how many are left out. ``palette`` holds the colours, ``shared`` what both use.
"""

from __future__ import annotations

import plotly.graph_objects as go

from dashboard.figure.large import large_figure, large_nodes_key, overlay
from dashboard.figure.palette import (
    KIND_COLOURS,
    POLARITY_DASH,
    POLARITY_LABEL,
    line_width,
    node_label,
    node_sizes,
    relation_colours,
)
from dashboard.figure.shared import Pick, is_large
from dashboard.figure.sides import with_side_marks
from dashboard.figure.small import browser_key, small_figure
from dashboard.graph import NetworkModel
from dashboard.state import ViewState

__all__ = [
    "KIND_COLOURS",
    "POLARITY_DASH",
    "POLARITY_LABEL",
    "drawn_edges",
    "figure_dict",
    "figure_overlay",
    "line_width",
    "network_figure",
    "node_label",
    "node_sizes",
    "nodes_key",
    "relation_colours",
]


def figure_dict(model: NetworkModel, state: ViewState, *, webgl: bool = True) -> dict:
    """Draw the network for a view, as the dict a dcc.Graph takes; a large one's markers with
    WebGL, unless the browser has none (``webgl``)."""
    pick = Pick.of(model, state)
    if pick.large:
        return large_figure(model, pick, state, webgl=webgl)
    return with_side_marks(model, pick, small_figure(model, pick, state))


def network_figure(model: NetworkModel, state: ViewState) -> go.Figure:
    """Draw the network for a view as a Figure; ``figure_dict`` is the same, cheaper to send."""
    # The traces are built from known-good values; Plotly's per-property validation would
    # triple the time this takes.
    return go.Figure(figure_dict(model, state), _validate=False)


def nodes_key(model: NetworkModel, state: ViewState, *, webgl: bool = True) -> str | None:
    """What a figure depends on but a cheap change, as a short key; None if it has no such part.

    Two views of a large network with the same key differ only in ``figure_overlay``, so a
    figure drawn for one becomes the other by replacing its layout's shapes. Two views of a
    small network with the same key (``small.browser_key``) differ only in their relation
    filter, selection and focus, which the browser draws itself (``small.drawn_in_browser``).
    """
    if is_large(model):
        return large_nodes_key(model, state, webgl=webgl)
    return browser_key(model, state)


def figure_overlay(model: NetworkModel, state: ViewState) -> list[dict]:
    """A large figure's layout shapes for a view: see ``nodes_key``."""
    return overlay(model, Pick.of(model, state), state)


def drawn_edges(model: NetworkModel, state: ViewState) -> list[str]:
    """The ids of the edges a view draws: all that pass its filters, or ``EDGE_BUDGET`` of them."""
    pick = Pick.of(model, state)
    return pick.static.edge_ids[pick.drawn].tolist()
