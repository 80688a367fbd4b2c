"""The network: redrawn when a control it follows changes (a small figure follows the relation
filter in the browser: see ``redraw``)."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, no_update

from dashboard import ids
from dashboard.callbacks.controls import VIEW_BUT_TAB, controls
from dashboard.callbacks.selection import posted_inputs, store_mount_echo
from dashboard.figure import figure_dict, figure_overlay, nodes_key
from dashboard.figure.shared import is_large
from dashboard.graph import ModelSource, NetworkModel
from dashboard.state import ViewState, from_controls


def register_network_callbacks(app: Dash, models: ModelSource) -> None:
    @app.callback(
        output=dict(figure=Output(ids.GRAPH, "figure"), drawn=Output(ids.FIGURE_NODES, "data")),
        inputs=dict(controls=controls(Input, *VIEW_BUT_TAB)),
        state=dict(drawn=State(ids.FIGURE_NODES, "data")),
        prevent_initial_call=True,
    )
    def draw_network(controls, drawn):
        model = models.current
        if store_mount_echo(ctx.triggered_prop_ids, posted_inputs()):
            # the page was served with this very figure
            return dict(figure=no_update, drawn=no_update)
        state = from_controls(model, controls)
        only_relations = list(ctx.triggered_prop_ids) == [_RELATIONS]
        figure, key = redraw(model, state, drawn, only_relations)
        return dict(figure=figure, drawn=key)

    # A small figure without a selection follows the relation filter in the browser, with no
    # round trip (draw_network then sends nothing: see redraw).
    app.clientside_callback(
        ClientsideFunction(namespace="network", function_name="filter_figure"),
        Output(ids.GRAPH, "figure", allow_duplicate=True),
        Input(ids.RELATION_FILTER, "value"),
        State(ids.GRAPH, "figure"),
        prevent_initial_call=True,
    )


_RELATIONS = f"{ids.RELATION_FILTER}.value"


def redraw(model: NetworkModel, state: ViewState, drawn, only_relations: bool = False) -> tuple:
    """The figure for a view and its key (``figure.nodes_key``), or what it takes to turn the
    browser's figure (whose key is ``drawn``) into it.

    - a large figure with the same traces: only the layout's shapes are sent, as a Patch: Plotly
      then redraws those and not thousands of markers, some thirty times faster;
    - a small filterable figure, when only the relation filter changed: nothing, as the browser
      has redrawn it already (``assets/network.js``, ``filter_figure``).
    """
    key = nodes_key(model, state)
    if key is not None and key == drawn:
        if is_large(model):
            patch = Patch()
            patch["layout"]["shapes"] = figure_overlay(model, state)
            return patch, no_update
        if only_relations:
            return no_update, no_update
    return figure_dict(model, state), key
