"""The network: redrawn when a control it follows changes (a small figure follows the relation
filter, the selection and the focus in the browser: see ``redraw``)."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, Patch, State, ctx, no_update

from dashboard import ids
from dashboard.callbacks.controls import VIEW_BUT_TAB, controls
from dashboard.callbacks.selection import posted_inputs, store_mount_echo
from dashboard.figure import figure_dict, figure_overlay, nodes_key
from dashboard.figure.shared import is_large
from dashboard.graph import ModelSource, NetworkModel
from dashboard.state import CONTROLS, ViewState, from_controls


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
        followed = set(ctx.triggered_prop_ids) <= _FOLLOWED
        figure, key = redraw(model, state, drawn, followed)
        return dict(figure=figure, drawn=key)

    # A small figure follows the relation filter, the selection and the focus in the browser,
    # with no round trip (draw_network then sends nothing: see redraw).
    app.clientside_callback(
        ClientsideFunction(namespace="network", function_name="follow_view"),
        Output(ids.GRAPH, "figure", allow_duplicate=True),
        *controls(Input, *BROWSER_FOLLOWS).values(),
        State(ids.GRAPH, "figure"),
        prevent_initial_call=True,
    )


# The controls whose change the browser draws in a small figure (small.drawn_in_browser).
BROWSER_FOLLOWS = ("relations", "selection", "focus")
_FOLLOWED = {".".join(CONTROLS[name]) for name in BROWSER_FOLLOWS}


def redraw(model: NetworkModel, state: ViewState, drawn, followed: bool = False) -> tuple:
    """The figure for a view and its key (``figure.nodes_key``), or what it takes to turn the
    browser's figure (whose key is ``drawn``) into it.

    - a large figure with the same traces: only the layout's shapes are sent, as a Patch: Plotly
      then redraws those and not thousands of markers, some thirty times faster;
    - a small figure the browser draws, when only the controls it follows changed
      (``followed``: the relation filter, the selection, the focus): nothing, as the browser
      draws it itself (``assets/network.js``, ``follow_view``).
    """
    key = nodes_key(model, state)
    if key is not None and key == drawn:
        if is_large(model):
            patch = Patch()
            patch["layout"]["shapes"] = figure_overlay(model, state)
            return patch, no_update
        if followed:
            return no_update, no_update
    return figure_dict(model, state), key
