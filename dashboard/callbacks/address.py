"""The address bar and the controls follow each other, off the path of a click.

A change of the controls is drawn at once: the figure and the panel follow the controls, and
nothing that writes a control waits for the address. Four callbacks keep the address:

- ``show_evidence`` (server, callbacks/selection.py): the controls changed; the address that
  stands for them (``address_for``) goes into the ``ADDRESS`` store, unless the address already
  means this view. It rides on the panel's request: a click sends one request, not two;
- ``push_address`` (browser, ``assets/dashboard.js``): puts that address into the history, as a
  new step, and tells ``dcc.Location``; it notes what it wrote;
- ``read_when_foreign`` (browser): an address the page did not write itself (the page's load,
  unless bare, back, forward, a followed link) goes on to the ``ADDRESS_READ`` store; its own is
  dropped;
- ``read_address`` (server): that address sets the controls.

Dash holds back a callback while any callback running could, through others, change one of
its inputs: were the address a ``dcc.Location`` output of a server callback whose reader sets
the controls, every figure and panel would wait for that round trip first.
"""

from __future__ import annotations

from dash import ClientsideFunction, Dash, Input, Output, State, no_update

from dashboard import ids
from dashboard.article_view import parse_anchor
from dashboard.callbacks.controls import controls
from dashboard.graph import ModelSource, NetworkModel
from dashboard.state import (
    CONTROLS,
    address_controls,
    clean_selection,
    from_controls,
    sentence_fragment,
    to_query,
)


def register_address_callbacks(app: Dash, models: ModelSource) -> None:
    # The page's own bare address is the view as served: read, it would ask the server for
    # nothing (assets/network.js).
    app.clientside_callback(
        ClientsideFunction(namespace="network", function_name="read_when_foreign"),
        Output(ids.ADDRESS_READ, "data"),
        Input(ids.URL, "search"),
        Input(ids.URL, "hash"),
    )

    @app.callback(
        output=dict(
            controls=controls(Output),
            actor_search=Output(ids.ACTOR_SEARCH, "value"),
            address=Output(ids.ADDRESS, "data", allow_duplicate=True),
        ),
        inputs=dict(read=Input(ids.ADDRESS_READ, "data")),
        state=dict(controls=controls(State)),
        prevent_initial_call=True,
    )
    def read_address(read, controls):
        """On load, back, forward and a followed link, the address sets the controls."""
        model = models.current
        unchanged = dict(
            controls={name: no_update for name in CONTROLS},
            actor_search=no_update,
            address=no_update,
        )
        if not isinstance(read, dict):
            return unchanged
        search, fragment = read.get("search"), read.get("hash")
        hash_only = read.get("hash_only") is True
        wanted, searched = address_controls(model, search, fragment, followed_link=hash_only)
        # Leave alone what already matches, so nothing is drawn twice.
        changed = {
            name: value if value != controls[name] else no_update for name, value in wanted.items()
        }
        address = no_update
        if hash_only and parse_anchor(model, fragment) is not None:
            # A followed "show in article" link: the query must now say so, or the address
            # would reopen the tab (and selection) the reader left.
            query = to_query(model, from_controls(model, wanted), tab_always=True)
            if query != (search or ""):
                address = {"search": query, "hash": fragment}
        return dict(
            controls=changed,
            actor_search=searched if changed["selection"] is not no_update else no_update,
            address=address,
        )

    app.clientside_callback(
        ClientsideFunction(namespace="dashboard", function_name="push_address"),
        Output(ids.ADDRESS_WRITTEN, "children"),
        Input(ids.ADDRESS, "data"),
        prevent_initial_call=True,
    )


def address_for(model: NetworkModel, controls: dict, search, fragment):
    """The address ({"search", "hash"}) for the controls' values, or no_update where the
    current address (``search``, ``fragment``) already stands for this view."""
    state = from_controls(model, controls)
    sentence = sentence_fragment(model, controls.get("selection"))
    query = to_query(model, state, tab_always=bool(sentence))
    search = search if isinstance(search, str) else ""
    fragment = fragment if isinstance(fragment, str) else ""
    if query == search and sentence == fragment:
        return no_update
    # An address that reads as this very view (a deep link with an unknown type in its list,
    # say) stays as it was asked: rewriting it would add a step to the history for nothing.
    wanted, _ = address_controls(model, search, fragment)
    if from_controls(model, wanted) == state and clean_selection(
        model, wanted["selection"]
    ) == clean_selection(model, controls.get("selection")):
        return no_update
    return {"search": query, "hash": sentence}
