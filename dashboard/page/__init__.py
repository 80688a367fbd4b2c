"""The page, built from named parts: the header and help (``help``), the filters column with
the keys (``filters``, ``keys``), the graph column with its tabs and panes (``graph_pane``) and
the evidence column (``evidence``). ``page_layout`` assembles them for the default view.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.figure import nodes_key
from dashboard.figure.shared import is_large
from dashboard.graph import NetworkModel
from dashboard.page.evidence import evidence_column
from dashboard.page.filters import (
    actor_options,
    filters_column,
    relation_options,
    searched_by_server,
)
from dashboard.page.graph_pane import graph_column
from dashboard.page.help import page_header
from dashboard.state import ViewState, to_controls

__all__ = ["actor_options", "page_layout", "relation_options", "searched_by_server"]


def page_layout(model: NetworkModel) -> html.Div:
    """Build the whole page for a model, showing the default view (``ViewState()``)."""
    state = ViewState()
    return html.Div(
        [
            page_header(model),
            html.Div(
                [
                    filters_column(model, to_controls(model, state)),
                    graph_column(model, state),
                    evidence_column(model),
                ],
                className="columns",
            ),
            # Served without data (not None): a Store served with None announces its mount by
            # setting its data, which fires every callback that reads it for nothing.
            dcc.Store(id=ids.SELECTION),
            _store(ids.FIGURE_NODES, nodes_key(model, state)),
            dcc.Store(id=ids.GRAPH_GATE),
            dcc.Store(id=ids.REDRAW),
            # True for a large figure, whose markers are WebGL until the browser says it has none.
            _store(ids.WEBGL, True if is_large(model) else None),
            dcc.Store(id=ids.ARTICLE_GATE),
            dcc.Store(id=ids.TABLE_GATE),
            dcc.Location(id=ids.URL, refresh=False),
            # The address is written and read through these, off the path of a click: see
            # callbacks/address.py.
            dcc.Store(id=ids.ADDRESS),
            dcc.Store(id=ids.ADDRESS_READ),
            html.Span(id=ids.ADDRESS_WRITTEN, hidden=True),
            html.Span(id=ids.SCROLLED, hidden=True),
            html.Span(id=ids.SEARCH_NAMED, hidden=True),
            dcc.Store(id=ids.SEARCH_OFFER),
        ],
        className="page",
    )


def _store(component_id: str, data) -> dcc.Store:
    """A Store holding ``data``, or no data at all for None (see the selection's Store)."""
    return dcc.Store(id=component_id) if data is None else dcc.Store(id=component_id, data=data)
