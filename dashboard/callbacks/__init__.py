"""Callbacks: thin wrappers that read the view by name, build a ``ViewState`` and call the pure
functions that do the work.

They come in groups, each registered by a function of its own module that takes the app and a
``graph.ModelSource``: ``address`` (the address bar and the controls follow each other),
``filters`` (the relation buttons and the search box's suggestions), ``network`` (the graph),
``tabs`` (the view tabs, the article and the table), ``selection`` (what is selected, and the
evidence panel) and ``downloads``. Every callback reads ``models.current`` once at its start,
so a model replaced between two requests (curate mode) is the one the next request sees.

Inputs and outputs are declared by name (``controls``): a callback gets the controls' values as
a dict keyed like ``state.CONTROLS``, and ``state.from_controls`` checks them.
"""

from __future__ import annotations

from dash import Dash

from dashboard.callbacks.address import register_address_callbacks
from dashboard.callbacks.controls import store_mount_echo
from dashboard.callbacks.downloads import MEDIA_TYPES, download_name, register_download_callbacks
from dashboard.callbacks.filters import register_filter_callbacks, toggle_relations
from dashboard.callbacks.network import redraw, register_network_callbacks
from dashboard.callbacks.selection import register_selection_callbacks
from dashboard.callbacks.tabs import register_tab_callbacks
from dashboard.graph import ModelSource

__all__ = [
    "MEDIA_TYPES",
    "download_name",
    "redraw",
    "register_callbacks",
    "store_mount_echo",
    "toggle_relations",
]


def register_callbacks(app: Dash, models: ModelSource) -> None:
    """Wire the page's components to the model source; each app gets its own callbacks."""
    register_address_callbacks(app, models)
    register_filter_callbacks(app, models)
    register_network_callbacks(app, models)
    register_tab_callbacks(app, models)
    register_selection_callbacks(app, models)
    register_download_callbacks(app, models)
