"""The view tabs, and the article and the table, built only while their tab is shown."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, Patch, State, no_update

from dashboard import ids
from dashboard.article_view import article_view, parse_anchor
from dashboard.callbacks.controls import VIEW_BUT_TAB, controls
from dashboard.graph import ModelSource
from dashboard.state import TABS, ViewState, clean_selection, from_controls
from dashboard.table import table_rows

_ARTICLE_FOLLOWS = ("relations", "articles", "selection")


def register_tab_callbacks(app: Dash, models: ModelSource) -> None:
    @app.callback(
        output=dict(
            graph=Output(ids.GRAPH_PANE, "hidden"),
            article=Output(ids.ARTICLE_PANE, "hidden"),
            table=Output(ids.TABLE_PANE, "hidden"),
        ),
        inputs=dict(tab=Input(ids.VIEW_TAB, "value")),
    )
    def show_tab(tab):
        # A value from the browser may be any JSON: a list or an object cannot be looked up.
        tab = tab if isinstance(tab, str) and tab in TABS else ViewState.tab
        return dict(graph=tab != "graph", article=tab != "article", table=tab != "table")

    # The article and the table are built only while their tab is shown: in the browser, a gate
    # passes a change on to their callback then, and otherwise sends no request at all.
    for gate, follows in ((ids.ARTICLE_GATE, _ARTICLE_FOLLOWS), (ids.TABLE_GATE, VIEW_BUT_TAB)):
        app.clientside_callback(
            ClientsideFunction(namespace="dashboard", function_name="pass_when_shown"),
            Output(gate, "data"),
            Input(ids.VIEW_TAB, "value"),
            *controls(Input, *follows).values(),
        )

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
