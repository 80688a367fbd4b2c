"""The network: redrawn when a control it follows changes."""

from __future__ import annotations

from dash import Dash, Input, Output, Patch, State, ctx, no_update

from dashboard import ids
from dashboard.callbacks.controls import VIEW_BUT_TAB, controls
from dashboard.callbacks.selection import posted_inputs, store_mount_echo
from dashboard.figure import figure_dict, figure_overlay, nodes_key
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
        figure, key = redraw(model, from_controls(model, controls), drawn)
        return dict(figure=figure, drawn=key)


def redraw(model: NetworkModel, state: ViewState, drawn) -> tuple:
    """The figure for a view and the key of its traces (``figure.nodes_key``).

    When the browser already holds a large figure with the same traces (``drawn`` is its key),
    only the layout's shapes are sent, as a Patch: Plotly then redraws those and not thousands of
    markers, some thirty times faster.
    """
    key = nodes_key(model, state)
    if key is not None and key == drawn:
        patch = Patch()
        patch["layout"]["shapes"] = figure_overlay(model, state)
        return patch, no_update
    return figure_dict(model, state), key
