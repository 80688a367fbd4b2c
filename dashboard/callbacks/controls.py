"""The controls that hold the view, as named Dash dependencies (see ``state.CONTROLS``)."""

from __future__ import annotations

from dashboard.state import CONTROLS

VIEW_BUT_TAB = tuple(name for name in CONTROLS if name != "tab")  # what the network follows


def controls(kind, *names: str) -> dict:
    """``kind`` (Input, State or Output) of the named controls, keyed by name, in the order
    named (all of them, in the order of ``CONTROLS``, if none is named). The browser posts their
    values in this order."""
    return {name: kind(*CONTROLS[name]) for name in names or CONTROLS}
