"""The controls that hold the view, as named Dash dependencies (see ``state.CONTROLS``), and
what a callback request tells of them."""

from __future__ import annotations

import flask

from dashboard import ids
from dashboard.state import CONTROLS

VIEW_BUT_TAB = tuple(name for name in CONTROLS if name != "tab")  # what the network follows
# The controls that say which relations and quotes pass (filters.passing_edges): every view of
# the data follows them all (the panel and the article view name them through this).
FILTERS = ("relations", "articles", "sides")


def controls(kind, *names: str) -> dict:
    """``kind`` (Input, State or Output) of the named controls, keyed by name, in the order
    named (all of them, in the order of ``CONTROLS``, if none is named). The browser posts their
    values in this order."""
    return {name: kind(*CONTROLS[name]) for name in names or CONTROLS}


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
