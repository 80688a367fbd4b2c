"""The network: redrawn when a control it follows changes, by the server or, for a small
figure's relation filter, selection and focus, by the browser (see ``redraw``).

A gate in the browser (``assets/dashboard.js``, ``pass_when_server_draws``) stands in front of
``draw_network``: a change the browser draws itself (``follow_view``) sends no request at all,
so that a click on an actor asks the server for its panel alone. Curate mode, whose model
changes under the page, asks for the graph again through the ``REDRAW`` store.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, Patch, State, no_update

from dashboard import ids
from dashboard.callbacks.controls import VIEW_BUT_TAB, controls
from dashboard.figure import figure_dict, figure_overlay, nodes_key
from dashboard.figure.shared import is_large
from dashboard.graph import ModelSource, NetworkModel
from dashboard.state import CONTROLS, ViewState, from_controls


def register_network_callbacks(app: Dash, models: ModelSource) -> None:
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="pass_when_server_draws"),
        Output(ids.GRAPH_GATE, "data"),
        *controls(Input, *VIEW_BUT_TAB).values(),
        Input(ids.REDRAW, "data"),
        Input(ids.WEBGL, "data"),
        State(ids.GRAPH, "figure"),
        prevent_initial_call=True,
    )

    @app.callback(
        output=dict(figure=Output(ids.GRAPH, "figure"), drawn=Output(ids.FIGURE_NODES, "data")),
        inputs=dict(gate=Input(ids.GRAPH_GATE, "data")),
        state=dict(controls=controls(State, *VIEW_BUT_TAB), drawn=State(ids.FIGURE_NODES, "data")),
        prevent_initial_call=True,
    )
    def draw_network(gate, controls, drawn):
        model = models.current
        state = from_controls(model, controls)
        figure, key = redraw(
            model, state, drawn, followed=followed_only(gate), webgl=with_webgl(gate)
        )
        return dict(figure=figure, drawn=key)

    # A large figure's markers are WebGL; a browser without it says so once, at load, and the
    # gate then asks for the figure again, and for every figure after, with SVG markers.
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="check_webgl"),
        Output(ids.WEBGL, "data"),
        Input(ids.WEBGL, "data"),
    )

    # A small figure follows the relation filter, the selection and the focus in the browser,
    # with no round trip (the gate then passes nothing on to draw_network).
    app.clientside_callback(
        ClientsideFunction(namespace="network", function_name="follow_view"),
        Output(ids.GRAPH, "figure", allow_duplicate=True),
        *controls(Input, *BROWSER_FOLLOWS).values(),
        State(ids.GRAPH, "figure"),
        prevent_initial_call=True,
    )


# The controls whose change the browser draws in a small figure (small.drawn_in_browser); the
# gate spells their "id.property" out (assets/dashboard.js, BROWSER_DRAWS).
BROWSER_FOLLOWS = ("relations", "selection", "focus")
FOLLOWED = frozenset(".".join(CONTROLS[name]) for name in BROWSER_FOLLOWS)


def followed_only(gate) -> bool:
    """Whether what the gate passed on (``{"fired": ["id.property", ...], "at": ms}``) changed
    only the controls the browser follows in a small figure; anything else, or a value that is
    not the gate's, is drawn whole.

    >>> followed_only({"fired": ["selection-store.data"], "at": 1})
    True
    >>> followed_only({"fired": ["selection-store.data", "redraw.data"], "at": 1})
    False
    >>> followed_only({"fired": ["selection-store.data"], "at": 1, "whole": True})
    False
    >>> followed_only(None)
    False

    ``whole``: the browser asked while an earlier figure of the server's was still on its way,
    so its own does not stand for the view.
    """
    fired = gate.get("fired") if isinstance(gate, dict) else None
    if not isinstance(fired, list) or not fired or gate.get("whole") is True:
        return False
    return all(isinstance(name, str) and name in FOLLOWED for name in fired)


def with_webgl(gate) -> bool:
    """Whether the browser draws WebGL: unless the gate says it has none (``"webgl": false``).

    >>> with_webgl({"fired": ["webgl.data"], "at": 1, "webgl": False})
    False
    >>> with_webgl({"fired": ["selection-store.data"], "at": 1}), with_webgl(None)
    (True, True)
    """
    return not (isinstance(gate, dict) and gate.get("webgl") is False)


def redraw(
    model: NetworkModel, state: ViewState, drawn, *, followed: bool = False, webgl: bool = True
) -> tuple:
    """The figure for a view and its key (``figure.nodes_key``), or what it takes to turn the
    browser's figure (whose key is ``drawn``) into it; a large one with WebGL markers unless
    the browser has none (``webgl``).

    - a large figure with the same traces: only the layout's shapes are sent, as a Patch: Plotly
      then redraws those and not thousands of markers, some thirty times faster;
    - a small figure the browser draws, when only the controls it follows changed
      (``followed``: the relation filter, the selection, the focus): nothing, as the browser
      draws it itself (``assets/network.js``, ``follow_view``). The gate in the browser sends
      no such change in the first place; this answers one that comes all the same.
    """
    key = nodes_key(model, state, webgl=webgl)
    if key is not None and key == drawn:
        if is_large(model):
            patch = Patch()
            patch["layout"]["shapes"] = figure_overlay(model, state)
            return patch, no_update
        if followed:
            return no_update, no_update
    return figure_dict(model, state, webgl=webgl), key
