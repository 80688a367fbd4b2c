"""The app factory: ``create_app(dataset)`` builds a Dash app with its own callbacks, hardened.

The app reads its model through a ``graph.ModelSource``: the callbacks read ``models.current``
at the start of each request, and the page is a function of it (``app.layout``), so a reload
shows the model the source holds then. ``create_app`` builds a fixed source; curate mode builds
its app with ``create_app_for(models, ...)`` and replaces the model after each edit. Nothing here
imports curate mode.
"""

from __future__ import annotations

import html

import flask
from dash import Dash
from werkzeug.exceptions import BadRequest, HTTPException

from dashboard.callbacks import register_callbacks
from dashboard.corpus import Corpus, load_corpus
from dashboard.dataset import Dataset
from dashboard.graph import DEFAULT_SEED, ModelSource, NetworkModel
from dashboard.limits import MAX_REQUEST_BYTES
from dashboard.page import page_layout
from dashboard.settings import ASSETS_DIR

__all__ = ["CALLBACK_PATH", "MAX_REQUEST_BYTES", "create_app", "create_app_for", "load_corpus"]

CALLBACK_PATH = "/_dash-update-component"


def create_app(dataset: Dataset | Corpus, *, seed: int = DEFAULT_SEED) -> Dash:
    """Build the dashboard for one dataset or several merged (a Corpus); layouts are seeded, so
    the picture is reproducible."""
    return create_app_for(ModelSource(NetworkModel.from_dataset(dataset, seed=seed)))


def create_app_for(models: ModelSource) -> Dash:
    """Build the dashboard over a model source, whose model may be replaced while it serves."""
    dataset = models.current.dataset
    title = dataset.meta.get("title", dataset.name)
    app = Dash(
        __name__,
        assets_folder=str(ASSETS_DIR),
        # Dash writes the title into the HTML page as it is: escape what comes from the data.
        title=html.escape(f"{title} · who does what to whom"),
        update_title=None,
        serve_locally=True,
    )
    app.layout = current_page(models)
    register_callbacks(app, models)
    _harden(app, models)
    return app


def current_page(models: ModelSource):
    """The app's layout: a function Dash calls for every page load, so that a reload shows the
    model the source holds now. The page is built once per model (at 10,000 actors building it
    takes ~22 ms, sending it ~14 ms)."""
    built: dict[str, tuple] = {"last": (None, None)}  # (model, its page), replaced as one

    def layout():
        model = models.current
        last = built["last"]
        if last[0] is not model:
            last = built["last"] = (model, page_layout(model))
        return last[1]

    return layout


def security_headers(script_hashes: list[str]) -> dict[str, str]:
    """Return the headers every response carries: a content security policy and friends.

    Scripts run only from this server or as Dash's own inline scripts (by hash); styles may be
    inline because Plotly and React set them; nothing may frame the page.
    """
    policy = {
        "default-src": "'self'",
        "script-src": " ".join(["'self'", *script_hashes]),  # Dash quotes its hashes
        "style-src": "'self' 'unsafe-inline'",
        "img-src": "'self' data: blob:",
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }
    return {
        "Content-Security-Policy": "; ".join(f"{k} {v}" for k, v in policy.items()),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "DENY",
        "Referrer-Policy": "no-referrer",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    }


def _harden(app: Dash, models: ModelSource) -> None:
    """Security headers, a health check, and 4xx (never 500) for malformed callback requests."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    headers = security_headers(list(app.csp_hashes()))

    @server.after_request
    def add_security_headers(response: flask.Response) -> flask.Response:
        response.headers.update(headers)
        return response

    @server.route("/health")
    def health():
        model = models.current
        dataset = model.dataset
        return flask.jsonify(
            status="ok",
            dataset=dataset.name,
            actors=len(dataset.actors),
            relations=len(model.edges),
            quotes=len(dataset.triples),
        )

    @server.before_request
    def check_callback_request():
        if flask.request.path == CALLBACK_PATH and flask.request.method == "POST":
            problem = callback_request_problem(flask.request.get_json(silent=True))
            if problem:
                raise BadRequest(f"malformed callback request: {problem}")

    @server.errorhandler(Exception)
    def refuse_malformed_callbacks(error: Exception):
        if isinstance(error, HTTPException):
            return error
        if flask.request.path != CALLBACK_PATH:
            raise error
        # The payload passed the shape check yet broke Dash's dispatch: still the client's fault,
        # since every callback here checks its own inputs. Log it, answer 400, keep serving.
        server.logger.warning("refused a callback request: %r", error)
        return flask.jsonify(error="malformed callback request"), 400


def callback_request_problem(payload) -> str | None:
    """Say what is wrong with the shape of a Dash callback request body, or None if nothing is.

    >>> callback_request_problem({"output": "a.b", "outputs": {"id": "a", "property": "b"},
    ...                           "inputs": [{"id": "x", "property": "value", "value": 1}],
    ...                           "changedPropIds": ["x.value"]})
    >>> callback_request_problem({"output": 3})
    'output must be text'
    """
    if not isinstance(payload, dict):
        return "the body must be a JSON object"
    if not isinstance(payload.get("output"), str):
        return "output must be text"
    if not isinstance(payload.get("outputs"), (dict, list)):
        return "outputs must be an object or a list"
    for key in ("inputs", "state"):
        items = payload.get(key, [])
        if not isinstance(items, list) or not all(_is_prop(item) for item in items):
            return f"{key} must be a list of {{id, property, value}} objects"
    changed = payload.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds must be a list of text"
    return None


def _is_prop(item) -> bool:
    if isinstance(item, list):  # pattern-matching inputs arrive as lists of props
        return all(_is_prop(part) for part in item)
    return (
        isinstance(item, dict)
        and isinstance(item.get("id"), (str, dict))
        and isinstance(item.get("property"), str)
    )
