"""The view tabs, and the article and the table, built only while their tab is shown.

The table's grid is not even in the page until the table is first shown: then the browser loads
Dash AG Grid's bundle (``assets/network.js``, ``mount_grid``) and mounts the grid the page holds
(``table.grid_spec``), and only then does the table's gate pass changes on to ``fill_table``.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, Patch, State, no_update

from dashboard import ids
from dashboard.article_view import article_view, parse_anchor
from dashboard.callbacks.controls import FILTERS, VIEW_BUT_TAB, controls
from dashboard.graph import ModelSource
from dashboard.state import TABS, ViewState, clean_selection, from_controls
from dashboard.table import relations_table, table_rows

_ARTICLE_FOLLOWS = (*FILTERS, "selection")


def register_tab_callbacks(app: Dash, models: ModelSource) -> None:
    @app.callback(
        output=dict(
            graph=Output(ids.GRAPH_PANE, "hidden"),
            article=Output(ids.ARTICLE_PANE, "hidden"),
            table=Output(ids.TABLE_PANE, "hidden"),
        ),
        inputs=dict(tab=Input(ids.VIEW_TAB, "value")),
        prevent_initial_call=True,  # the page is served with the default tab's pane shown
    )
    def show_tab(tab):
        # A value from the browser may be any JSON: a list or an object cannot be looked up.
        tab = tab if isinstance(tab, str) and tab in TABS else ViewState.tab
        return dict(graph=tab != "graph", article=tab != "article", table=tab != "table")

    # The article and the table are built only while their tab is shown: in the browser, a gate
    # passes a change on to their callback then, and otherwise sends no request at all.
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="pass_when_shown"),
        Output(ids.ARTICLE_GATE, "data"),
        Input(ids.VIEW_TAB, "value"),
        *controls(Input, *_ARTICLE_FOLLOWS).values(),
    )
    # The grid is mounted when the table is first shown; the table's gate waits for it (Dash
    # holds a callback back while one that changes its inputs runs), then fills it.
    app.clientside_callback(
        ClientsideFunction(namespace="network", function_name="mount_grid"),
        Output(ids.TABLE_BOX, "children"),
        Input(ids.VIEW_TAB, "value"),
        State(ids.TABLE_BOX, "children"),
        State(ids.TABLE_SPEC, "data"),
    )
    app.clientside_callback(
        ClientsideFunction(namespace="network", function_name="pass_when_grid"),
        Output(ids.TABLE_GATE, "data"),
        Input(ids.VIEW_TAB, "value"),
        Input(ids.TABLE_BOX, "children"),
        *controls(Input, *VIEW_BUT_TAB).values(),
    )
    _validate_grid(app, models)

    @app.callback(
        Output(ids.ARTICLE_VIEW, "children"),
        inputs=dict(_gate=Input(ids.ARTICLE_GATE, "data")),
        state=dict(controls=controls(State, "tab", *_ARTICLE_FOLLOWS)),
        prevent_initial_call=True,
    )
    def show_article(_gate, controls):
        model = models.current
        if controls["tab"] != "article":
            return no_update  # built when first shown: a long article is many components
        selection = clean_selection(model, controls["selection"])
        marked = None
        if selection and selection["kind"] == "sentence":
            marked = parse_anchor(model, selection["id"])
        return article_view(model, from_controls(model, controls), marked)

    app.clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="scroll_to_marked"),
        Output(ids.SCROLLED, "children"),
        Input(ids.ARTICLE_VIEW, "children"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(ids.TABLE, "rowData"),
        inputs=dict(_gate=Input(ids.TABLE_GATE, "data")),
        state=dict(controls=controls(State, "tab", *VIEW_BUT_TAB)),
        prevent_initial_call=True,
    )
    def fill_table(_gate, controls):
        model = models.current
        if controls["tab"] != "table":
            return no_update
        return table_rows(model, from_controls(model, controls))

    @app.callback(
        Output(ids.TABLE, "dashGridOptions"),
        inputs=dict(text=Input(ids.TABLE_SEARCH, "value")),
        prevent_initial_call=True,
    )
    def search_table(text):
        options = Patch()
        options["quickFilterText"] = text if isinstance(text, str) else ""
        return options


def _validate_grid(app: Dash, models: ModelSource) -> None:
    """Let Dash check the callbacks that name the grid against a page that holds it.

    Dash checks every callback's ids against ``app.validation_layout`` (for a page built by a
    function, the page itself, when ``app.layout`` is set: so it must be set before this runs).
    The page as served has a stand-in where the grid goes, so the grid takes its place there
    (assets/network.js stands in for Dash AG Grid's components until their bundle is loaded).
    The validation page is built for this check alone: changing it changes no page served.
    """
    checked = app.validation_layout
    if checked is not None and ids.TABLE_BOX in checked:
        checked[ids.TABLE_BOX].children = relations_table(models.current)
