"""The middle column: the view tabs and their panes (the network, the article, the table)."""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.figure import figure_dict
from dashboard.graph import NetworkModel
from dashboard.page.keys import keys
from dashboard.state import TABS, ViewState
from dashboard.table import grid_spec

GRAPH_CONFIG = {
    "displaylogo": False,
    "scrollZoom": True,
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "autoScale2d"],
    "toImageButtonOptions": {"format": "png", "filename": "network", "scale": 2},
}


def graph_column(model: NetworkModel, state: ViewState) -> html.Main:
    """The tabs and the three panes, the network drawn for ``state``."""
    return html.Main(
        [
            html.H2("View", className="visually-hidden", id="view-title"),
            html.Div(
                dcc.RadioItems(
                    id=ids.VIEW_TAB,
                    options=[{"label": label, "value": key} for key, label in TABS.items()],
                    value=state.tab,
                    inline=True,
                    className="view-tabs",
                    inputClassName="view-tab-input",
                    labelClassName="view-tab",
                ),
                # assets/a11y.js names the radio group by this label
                role="group",
                **{"aria-labelledby": "view-title"},
            ),
            graph_pane(model, state),
            article_pane(),
            table_pane(model),
        ],
        className="graph-column",
    )


def graph_pane(model: NetworkModel, state: ViewState) -> html.Div:
    """The network, with a sentence that says in words what it is, for screen readers."""
    return html.Div(
        [
            # For screen readers: the graph is a picture; the words are elsewhere.
            html.P(
                f"A network of {len(model.dataset.actors)} actors and {len(model.edges)} "
                "relations. The Table view lists every relation with its quote; the "
                "Evidence panel describes the selected actor or relation in words.",
                className="visually-hidden",
            ),
            keys(model, "narrow"),
            dcc.Graph(
                id=ids.GRAPH,
                figure=figure_dict(model, state),
                config=GRAPH_CONFIG,
                className="network-graph",
                responsive=True,
            ),
        ],
        id=ids.GRAPH_PANE,
        className="pane pane-graph",
        # as callbacks/tabs.py's show_tab would set it: no request at load to say so
        hidden=state.tab != "graph",
    )


def article_pane() -> html.Section:
    """The article's pane, filled when first shown."""
    return html.Section(
        html.Div(id=ids.ARTICLE_VIEW, className="article-view"),
        id=ids.ARTICLE_PANE,
        className="pane pane-scroll",
        hidden=True,
        **{"aria-label": "Article"},
    )


def table_pane(model: NetworkModel) -> html.Section:
    """The table's pane: its search box and the grid, mounted and filled when first shown.

    The grid is not in the page as served: drawing Dash AG Grid's bundle and a hidden grid took
    about a sixth of a page load. Its box is empty, and a store holds the grid to mount there
    (``table.grid_spec``); see callbacks/tabs.py.
    """
    return html.Section(
        [
            html.Div(
                [
                    html.Label("Search the table", htmlFor=ids.TABLE_SEARCH),
                    dcc.Input(
                        id=ids.TABLE_SEARCH,
                        type="search",
                        placeholder="Words in any column…",
                        debounce=0.3,
                        className="table-search",
                    ),
                    html.Span(
                        "Select a row to read its relation in the panel.", className="panel-hint"
                    ),
                ],
                className="table-tools",
            ),
            # Until then, a stand-in with the grid's id: a callback that reads the grid among
            # other inputs (a table row selects) finds it there, with nothing selected.
            html.Div(dcc.Store(id=ids.TABLE), id=ids.TABLE_BOX, className="table-box"),
            dcc.Store(id=ids.TABLE_SPEC, data=grid_spec(model)),
        ],
        id=ids.TABLE_PANE,
        className="pane pane-table",
        hidden=True,
        **{"aria-label": "Table of relations"},
    )
