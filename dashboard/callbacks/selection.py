"""What is selected (a click, a link, the search box, a table row, the clear button) and the
evidence panel that describes it."""

from __future__ import annotations

import flask
from dash import ALL, ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from dashboard import ids
from dashboard.callbacks.controls import controls
from dashboard.graph import ModelSource, NetworkModel
from dashboard.page import actor_options, searched_by_server
from dashboard.panel import evidence_panel
from dashboard.state import Selection, clean_selection, from_controls, searched_actor
from dashboard.table import selection_from_rows


def register_selection_callbacks(app: Dash, models: ModelSource) -> None:
    # A large search box holds only the options the server suggests: a selection made elsewhere
    # sends the box its one option with its value, or the box shows the value without a name.
    suggested = searched_by_server(models.current)
    names_option = {"options": Output(ids.ACTOR_SEARCH, "options", allow_duplicate=True)}

    # A click on the graph and the search box select in the browser: the figure, the panel and
    # the address are then asked for at once, in one round trip. (Dash holds a callback back
    # while a running one could change its inputs, so a server callback in front of the
    # selection would be a round trip more.) They check nothing: every reader of the selection
    # cleans it (state.clean_selection), and an id that names nothing selects nothing there.
    # A large search box holds only the options the server suggests, so there a click goes
    # to the server, which sends the box the clicked actor's option with its value.
    clicks = {"click_data": Input(ids.GRAPH, "clickData")} if suggested else {}
    if not suggested:
        app.clientside_callback(
            ClientsideFunction(namespace="dashboard", function_name="select_from_click"),
            Output(ids.SELECTION, "data", allow_duplicate=True),
            Output(ids.ACTOR_SEARCH, "value", allow_duplicate=True),
            Input(ids.GRAPH, "clickData"),
            State(ids.SELECTION, "data"),
            prevent_initial_call=True,
        )
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="select_from_search"),
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Input(ids.ACTOR_SEARCH, "value"),
        State(ids.SELECTION, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        output=dict(
            selection=Output(ids.SELECTION, "data", allow_duplicate=True),
            searched=Output(ids.ACTOR_SEARCH, "value", allow_duplicate=True),
            **(names_option if suggested else {}),
        ),
        inputs=dict(
            **clicks,
            _links=Input({"type": ids.ACTOR_LINK, "actor": ALL, "edge": ALL}, "n_clicks"),
            _clear=Input(ids.CLEAR_SELECTION, "n_clicks"),
            rows=Input(ids.TABLE, "selectedRows"),
        ),
        state=dict(current=State(ids.SELECTION, "data")),
        prevent_initial_call=True,
    )
    def select(_links, _clear, rows, current, click_data=None):
        """A link in the panel, the clear button or a table row selects (the search box, and
        the graph but in a large network, select in the browser, above)."""
        model = models.current
        selection = chosen_selection(model, ctx.triggered_id, ctx.triggered, click_data, None, rows)
        answer = dict(selection=no_update, searched=no_update)
        if suggested:
            answer["options"] = no_update
        if selection is no_update or selection == clean_selection(model, current):
            return answer
        answer["selection"] = selection
        actor = searched_actor(selection)
        answer["searched"] = actor
        if suggested:
            answer["options"] = actor_options(model, None, actor)
        return answer

    # The panel's quotes are Markdown, whose bundle Dash fetches when the first Markdown is
    # drawn: on the first click, that took longer than everything else. Once the graph is
    # drawn, a hidden empty Markdown brings the bundle in while the reader looks.
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="preload_markdown"),
        Output(ids.MARKDOWN_PRELOAD, "children"),
        Input(ids.MARKDOWN_PRELOAD, "id"),
    )

    @app.callback(
        Output(ids.PANEL, "children"),
        inputs=dict(controls=controls(Input, "selection", "relations", "articles")),
        prevent_initial_call=True,  # the page is served with the empty panel already in it
    )
    def show_evidence(controls):
        model = models.current
        if store_mount_echo(ctx.triggered_prop_ids, posted_inputs()):
            return no_update  # the page was served with the empty panel
        state = from_controls(model, controls)
        return evidence_panel(model, state, clean_selection(model, controls["selection"]))


def selection_from_click(model: NetworkModel, click_data) -> Selection:
    """Turn a Plotly click on the graph into a selection; anything unexpected selects nothing."""
    try:
        point = click_data["points"][0]
        key = point["customdata"]
    except (KeyError, IndexError, TypeError):
        return None
    kind = "edge" if isinstance(key, str) and key in model.edges.index else "actor"
    return clean_selection(model, {"kind": kind, "id": key})


def chosen_selection(model: NetworkModel, trigger, triggered, click_data, searched, rows=None):
    """What a click, a link, the clear button, the search box or a table row selects (no_update:
    nothing new).

    Only the input that fired counts: the graph keeps its last click in ``clickData``, so reading
    it when something else fired would bring back an old selection.
    """
    if trigger == ids.CLEAR_SELECTION:
        return None
    if trigger == ids.GRAPH:
        return selection_from_click(model, click_data) or no_update
    if trigger == ids.TABLE:
        return selection_from_rows(model, rows) or no_update
    if trigger == ids.ACTOR_SEARCH:
        if searched is None:
            return no_update  # clearing the box leaves the selection as it is
        return clean_selection(model, {"kind": "actor", "id": searched}) or no_update
    if isinstance(trigger, dict) and trigger.get("type") == ids.ACTOR_LINK:
        # A click fires one link. A freshly drawn panel fires all of its links at once, with
        # counts that mean nothing; ignore those.
        if len(triggered) != 1 or not triggered[0].get("value"):
            return no_update
        return clean_selection(model, {"kind": "actor", "id": trigger.get("actor")}) or no_update
    return no_update


def store_mount_echo(triggered, inputs) -> bool:
    """Whether the only input that fired is the selection store announcing its mount.

    A dcc.Store served with ``data=None`` sets its data to undefined when it mounts, which fires
    every callback that reads it, with no value at all (a real change sends null or a selection).
    ``inputs`` is the request's list of inputs (``posted_inputs``).

    >>> store_mount_echo(["selection-store.data"], [{"id": "selection-store", "property": "data"}])
    True
    >>> store_mount_echo(["selection-store.data"],
    ...                  [{"id": "selection-store", "property": "data", "value": None}])
    False
    """
    if list(triggered) != [f"{ids.SELECTION}.data"]:
        return False
    return any(
        isinstance(item, dict) and item.get("id") == ids.SELECTION and "value" not in item
        for item in _flat(inputs)
    )


def posted_inputs() -> list:
    """The inputs of the callback request being answered, as the browser posted them.

    Dash's ``ctx.args_grouping`` (named inputs) fills in a missing value with None, and its
    ``ctx.inputs_list`` is deprecated with named inputs: only the request tells a property
    without a value (a store's mount) from one set to null.
    """
    body = flask.request.get_json(silent=True)
    inputs = body.get("inputs") if isinstance(body, dict) else None
    return inputs if isinstance(inputs, list) else []


def _flat(inputs: list) -> list:
    """The {id, property, value} items of an inputs list (a pattern's inputs are a list)."""
    return [item for value in inputs for item in (value if isinstance(value, list) else [value])]
