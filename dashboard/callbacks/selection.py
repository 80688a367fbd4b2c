"""What is selected (a click, a link in the panel, the search box, a table row, the clear
button) and the evidence panel that describes it."""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, ctx, no_update

from dashboard import ids
from dashboard.callbacks.address import address_for
from dashboard.callbacks.controls import FILTERS, controls, posted_inputs, store_mount_echo
from dashboard.graph import ModelSource
from dashboard.page import actor_options, searched_by_server
from dashboard.panel import evidence_panel
from dashboard.state import CONTROLS, clean_selection, from_controls, searched_actor
from dashboard.table import selection_from_rows


def register_selection_callbacks(app: Dash, models: ModelSource) -> None:
    # A click on the graph, the search box and the clear button select in the browser: the
    # box and the button in one callback (assets/dashboard.js, select), a click and the panel's
    # actor links by set_props from listeners there (select_clicked; as callback inputs, the
    # graph's clickData cost one more turn of Dash's renderer before the panel was asked for,
    # and a newly drawn panel would fire all of its links at once, a request for nothing).
    # The panel and the address are then asked for in one request (a small figure draws the
    # selection in the browser; a large one's is asked for once the panel is painted): Dash
    # holds a callback back while one running could change its inputs, so a server callback,
    # or a second clientside one, in front of them would cost a step.
    # They check nothing: every reader of the selection cleans it (state.clean_selection), and
    # an id that names nothing selects nothing there. The search box shows the actor selected
    # if it holds its option (a value without one, the box drops), once the panel is painted
    # (show_in_search: the box's redraw held the panel's request).
    app.clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="select"),
        Output(ids.SELECTION, "data", allow_duplicate=True),
        Output(ids.ACTOR_SEARCH, "value", allow_duplicate=True),
        Input(ids.ACTOR_SEARCH, "value"),
        Input(ids.CLEAR_SELECTION, "n_clicks"),
        State(ids.SELECTION, "data"),
        prevent_initial_call=True,
    )
    # A large search box holds only the options the server suggests: the actor selected gets
    # its option with the panel, in the same answer (SEARCH_OFFER), and once the panel is
    # painted the browser puts it in the box (put_in_search, by set_props: declared as an
    # output, the box's value would lead back to the selection, and Dash would hold the panel
    # until this answers). As a callback of its own, its request went out with the panel's and
    # came back first; written into the box with the panel, the box was redrawn before the
    # panel was painted: at 10,000 actors the quotes showed some 25 ms later either way.
    offers = searched_by_server(models.current)
    answers = dict(panel=Output(ids.PANEL, "children"), address=Output(ids.ADDRESS, "data"))
    if offers:
        answers["offer"] = Output(ids.SEARCH_OFFER, "data")
        app.clientside_callback(
            ClientsideFunction(namespace="dashboard", function_name="put_in_search"),
            Output(ids.SEARCH_NAMED, "children"),
            Input(ids.SEARCH_OFFER, "data"),
            State(ids.SELECTION, "data"),
            State(ids.ACTOR_SEARCH, "value"),
            State(ids.ACTOR_SEARCH, "search_value"),
            prevent_initial_call=True,
        )

    @app.callback(
        output=dict(
            selection=Output(ids.SELECTION, "data", allow_duplicate=True),
            searched=Output(ids.ACTOR_SEARCH, "value", allow_duplicate=True),
        ),
        inputs=dict(rows=Input(ids.TABLE, "selectedRows")),
        state=dict(current=State(ids.SELECTION, "data")),
        prevent_initial_call=True,
    )
    def select_row(rows, current):
        """A table row selects its relation (only the server knows a row's relation)."""
        model = models.current
        selection = selection_from_rows(model, rows)
        if selection is None or selection == clean_selection(model, current):
            return dict(selection=no_update, searched=no_update)
        return dict(selection=selection, searched=searched_actor(selection))

    @app.callback(
        output=answers,
        inputs=dict(controls=controls(Input)),
        state=dict(search=State(ids.URL, "search"), fragment=State(ids.URL, "hash")),
        prevent_initial_call=True,  # the page is served with the empty panel already in it
    )
    def show_evidence(controls, search, fragment):
        """The panel, when what it shows changed, the address of the view (see
        callbacks/address.py), and in a large search box the option of the actor selected, in
        one answer: as two callbacks, a click sent two requests, and the panel's went out last
        (Dash sends first what has callbacks after it)."""
        model = models.current
        answer = dict(panel=no_update, address=no_update)
        if offers:
            answer["offer"] = no_update
        if store_mount_echo(ctx.triggered_prop_ids, posted_inputs()):
            return answer  # the page was served with them
        answer["address"] = address_for(model, controls, search, fragment)
        fired = set(ctx.triggered_prop_ids)
        if fired and fired <= NOT_SHOWN:  # anything else (even a name no page sends): drawn
            return answer
        shown = {name: controls[name] for name in PANEL_FOLLOWS}
        selection = clean_selection(model, controls["selection"])
        answer["panel"] = evidence_panel(model, from_controls(model, shown), selection)
        actor = searched_actor(selection)
        if offers and actor is not None and SELECTION in fired:
            answer["offer"] = actor_options(model, None, actor)
        return answer


# What the panel shows depends on these controls alone: a change of the others (the tab, the
# layout, ...) writes the address only.
PANEL_FOLLOWS = ("selection", *FILTERS)
SELECTION = ".".join(CONTROLS["selection"])
NOT_SHOWN = frozenset(".".join(CONTROLS[n]) for n in CONTROLS if n not in PANEL_FOLLOWS)
