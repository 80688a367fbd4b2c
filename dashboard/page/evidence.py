"""The right column: the evidence panel and its clear button."""

from __future__ import annotations

from dash import html

from dashboard import ids
from dashboard.graph import NetworkModel
from dashboard.panel import empty_panel


def evidence_column(model: NetworkModel) -> html.Aside:
    """The panel as first served: nothing selected."""
    return html.Aside(
        [
            html.Div(
                html.Button(
                    "Clear selection", id=ids.CLEAR_SELECTION, className="chip", n_clicks=0
                ),
                className="panel-tools",
            ),
            html.Div(
                empty_panel(model), id=ids.PANEL, className="panel", **{"aria-live": "polite"}
            ),
        ],
        className="panel-column",
        **{"aria-label": "Evidence"},
    )
