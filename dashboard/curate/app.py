"""The curate app: ``create_curate_app(store, token)`` serves the read-only page with editing on.

The read-only callbacks are registered as they are, over a model source (``CuratedModels``)
whose ``current`` model is rebuilt from the store after each change; the curate callbacks change
the data through the store.
"""

from __future__ import annotations

import html

from dash import Dash
from dash import html as dash_html

from dashboard.app import INDEX_STRING, _harden, security_headers, serve_page
from dashboard.callbacks import register_callbacks
from dashboard.curate.callbacks import CuratedModels, plain_problem, register_curate_callbacks
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
    if store.dataset is None:
        return problems_app(store)
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
    serve_page(app)

    def layout():
        # Built on every page load, so that a reload shows the files as they are now.
        problems = [plain_problem(p) for p in store.problems]
        notice = f"Note: {store.notice}" if store.notice else ""
        model = models.current
        differences = None
        if compare is not None:
            from dashboard.curate.adjudicate import adjudication_block

            differences = adjudication_block(model)
        return curate_layout(
            model, store.version, problems, store.can_undo, store.can_redo, notice, differences
        )

    app.layout = layout
    register_callbacks(app, models)
    register_curate_callbacks(app, store, models)
    if compare is not None:
        from dashboard.curate.adjudicate import register_adjudication_callbacks

        register_adjudication_callbacks(app, store, models)
    _harden(app, models)
    return app


def problems_app(store: Store) -> Dash:
    """The page for a folder that does not validate: its problems, as ``validate`` words them.

    The editing page needs the article and its rows loaded, so it is not offered; each page load
    reads the files again and says when they validate (then ``curate`` is started again).
    """
    app = Dash(
        __name__,
        assets_folder=str(ASSETS_DIR),
        title=html.escape(f"Curate: {store.folder.name} has problems"),
        update_title=None,
        serve_locally=True,
    )
    app.index_string = INDEX_STRING  # its language; it has no graph to fetch early

    def layout():
        store.reload()
        if store.dataset is not None:
            message = [
                dash_html.H1(f"{store.folder.name} validates now"),
                dash_html.P("Stop curate (Ctrl-C) and start it again to edit it."),
            ]
        else:
            message = [
                dash_html.H1(f"{store.folder.name} does not validate"),
                dash_html.P(
                    "Curate edits a dataset that loads. Fix these problems in the files (each "
                    "names the file, the line and the column), then reload this page."
                ),
                dash_html.Ul([dash_html.Li(plain_problem(p)) for p in store.problems]),
            ]
        return dash_html.Main(message, className="curate-problems-page")

    app.layout = layout
    headers = security_headers(list(app.csp_hashes()))
    app.server.after_request(lambda response: (response.headers.update(headers), response)[1])
    return app
