"""The curate app: ``create_curate_app(store, token)`` serves the read-only page with editing on.

The read-only callbacks are registered as they are, over a model source (``CuratedModels``)
whose ``current`` model is rebuilt from the store after each change; the curate callbacks change
the data through the store.
"""

from __future__ import annotations

import html

from dash import Dash

from dashboard.app import _harden
from dashboard.callbacks import register_callbacks
from dashboard.curate.callbacks import CuratedModels, register_curate_callbacks
from dashboard.curate.page import curate_layout
from dashboard.curate.store import Store
from dashboard.dataset import Dataset
from dashboard.graph import DEFAULT_SEED
from dashboard.settings import ASSETS_DIR


def create_curate_app(
    store: Store,
    token: str | None = None,
    *,
    seed: int = DEFAULT_SEED,
    compare: Dataset | None = None,
) -> Dash:
    """Build the curate page for an open store. ``token``, when given, is required of every
    request (see ``dashboard.curate.auth``). With ``compare`` (a second curation of the same
    article) the page draws both and lists their differences to settle (``adjudicate``)."""
    if compare is not None:
        from dashboard.curate.adjudicate import ComparedModels

        models = ComparedModels(store, compare, seed)
    else:
        models = CuratedModels(store, seed)
    title = models.current.dataset.meta.get("title", store.folder.name)
    app = Dash(
        __name__,
        assets_folder=str(ASSETS_DIR),
        title=html.escape(f"Curate: {title}"),
        update_title=None,
        serve_locally=True,
    )

    def layout():
        # Built on every page load, so that a reload shows the files as they are now.
        problems = [str(p) for p in store.problems]
        page = curate_layout(models.current, store.version, problems)
        if compare is not None:
            from dashboard.curate.adjudicate import with_adjudication

            page = with_adjudication(page, models.current)
        return page

    app.layout = layout
    register_callbacks(app, models)
    register_curate_callbacks(app, store, models)
    if compare is not None:
        from dashboard.curate.adjudicate import register_adjudication_callbacks

        register_adjudication_callbacks(app, store, models)
    _harden(app, models)
    return app
