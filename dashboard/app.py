"""The app factory: ``create_app(dataset)`` builds a Dash app with its own callbacks, hardened.

The app reads its model through a ``graph.ModelSource``: the callbacks read ``models.current``
at the start of each request, and the page is a function of it (``app.layout``), so a reload
shows the model the source holds then. ``create_app`` builds a fixed source; curate mode builds
its app with ``create_app_for(models, ...)`` and replaces the model after each edit. Nothing here
imports curate mode.
"""

from __future__ import annotations

import functools
import html
import json
import re

import flask
from dash import Dash
from dash import html as dash_html
from werkzeug.exceptions import BadRequest, HTTPException

from dashboard import __version__, ids
from dashboard.callbacks import register_callbacks
from dashboard.corpus import Corpus, load_corpus
from dashboard.dataset import Dataset
from dashboard.graph import DEFAULT_SEED, ModelSource, NetworkModel
from dashboard.limits import MAX_REQUEST_BYTES
from dashboard.page import page_layout
from dashboard.settings import ASSETS_DIR

__all__ = ["CALLBACK_PATH", "MAX_REQUEST_BYTES", "create_app", "create_app_for", "load_corpus"]

CALLBACK_PATH = "/_dash-update-component"
# Dash's own page template without a lang attribute (dash.dash._default_index): screen readers
# then guess the language. The page's own words are English; the article's text carries the
# dataset's language where it is shown (article_view, panel).
INDEX_STRING = """<!DOCTYPE html>
<html lang="en">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        <footer>
            {%config%}
            {%scripts%}
            {%renderer%}
        </footer>
    </body>
</html>"""


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
        # curate mode's own script and style (dashboard/curate builds its own app)
        assets_ignore=READ_ONLY_IGNORES,
    )
    serve_page(app)
    app.layout = current_page(models)
    app.validation_layout = validation_page(models.current)
    register_callbacks(app, models)
    _harden(app, models)
    return app


def serve_page(app: Dash) -> None:
    """The HTML page around the app (the read-only page's and curate mode's): its language, and
    its scripts fetched early and cached by version (``page_scripts``)."""
    app.index_string = INDEX_STRING
    app.interpolate_index = functools.partial(
        page_scripts,
        app.interpolate_index,
        early=early_scripts(app),
        preloads=layout_preloads(app),
    )


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


def validation_page(model: NetworkModel) -> dash_html.Div:
    """What Dash checks the callbacks' ids against: the page, without its figure.

    For a page built by a function, Dash sends the whole page a second time, inside the HTML,
    for this check alone (the figure is most of it): the ids and the components' kinds are all
    the check reads. (callbacks/tabs.py adds the table's grid, which the page mounts later.)
    """
    page = page_layout(model)
    page[ids.GRAPH].figure = {}
    page[ids.TABLE_SPEC].data = None
    return page


# The script of Dash AG Grid's bundle, as Dash writes it into the page.
_GRID_SCRIPT = re.compile(r'<script src="([^"]*/dash_ag_grid/dash_ag_grid[^"]*\.js)"></script>')
READ_ONLY_IGNORES = r"^curate\.(js|css)$"
# plotly.js as its "strict" bundle (dashboard/vendor/README.md): the same release as the plotly
# package's, built without the Function constructor, so that its WebGL traces draw under the
# content security policy, which allows no eval (a large figure's markers are WebGL).
PLOTLY_JS = ("dashboard", "vendor/plotly-strict.min.js")
# What Dash fetches only once the page is drawn: the chunks of dcc's lazy Graph and Dropdown
# (the page has both), and plotly.js, which the Graph asks for when it mounts (it then finds
# ours, window.Plotly, and fetches none of its own). (package, path)
EARLY_SCRIPTS = (
    PLOTLY_JS,
    ("dash", "dcc/async-graph.js"),
    ("dash", "dcc/async-dropdown.js"),
)


def early_scripts(app: Dash) -> str:
    """Script tags for ``EARLY_SCRIPTS`` at Dash's versioned addresses.

    Dash loads its chunks and plotly.js (ours stands in for the plotly package's) late and at
    bare addresses (``.../plotly.min.js``) that the browser must ask
    the server about at every load (an ETag, no lifetime), and a script asked about anew is
    compiled anew: plotly.js alone took some 150 ms of each load's main thread, after the page
    had rendered. Named in the page at the addresses Dash gives its other scripts (the
    package's version and the file's time in the name, cached for a year), they are fetched
    with the page, and compiled from V8's cache from the second visit on; the Graph then finds
    ``window.Plotly`` and its chunk already there, and loads neither again.
    """
    # Dash's own builder of those addresses (it also registers the paths it serves).
    resources = [
        {"relative_package_path": path, "namespace": package} for package, path in EARLY_SCRIPTS
    ]
    return "".join(
        f'\n<script src="{src}"></script>' for src in app._collect_and_register_resources(resources)
    )


def layout_preloads(app: Dash) -> str:
    """Links that fetch the page's layout and callbacks with the page's scripts.

    Dash's renderer asks for them only once its scripts have run (some 150 ms into a load),
    then waits for the answers with nothing else to do; fetched from the start, they are there
    when it asks (the browser hands the renderer's fetch the preloaded answer).
    """
    prefix = app.config.requests_pathname_prefix
    return "".join(
        f'\n<link rel="preload" href="{prefix}{path}" as="fetch" crossorigin>'
        for path in ("_dash-layout", "_dash-dependencies")
    )


def page_scripts(interpolate, early: str = "", preloads: str = "", **parts) -> str:
    """The page's HTML with ``preloads`` in its head, ``early`` scripts after Dash's own
    (before the renderer starts), and without Dash AG Grid's bundle among them: a prefetch link
    names it, and assets/network.js loads it when the table is first shown (parsing and running
    it took about a tenth of a page load)."""
    scripts = _GRID_SCRIPT.sub(
        r'<link rel="prefetch" as="script" id="grid-bundle" href="\1">', parts["scripts"]
    )
    parts["scripts"] = with_version(scripts) + early
    parts["css"] = with_version(parts["css"])
    parts["metas"] += preloads
    return interpolate(**parts)


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


# An asset's address carries its file's time (Dash writes "/assets/x.js?m=<mtime>") and, as
# the read-only page writes it, the package's version (&v=): a changed file, or a new release,
# has a new address, so the browser may keep each for a year, as Dash lets it keep its own
# versioned scripts, instead of asking the server about every file at every load. The time
# alone would not do: some installs give every file one time (Nix gives them 1), and a new
# release's script would then come from an old cache for a year.
ASSET_CACHE = "public, max-age=31536000, immutable"
_ASSET_ADDRESS = re.compile(r'(/assets/[^"?]+\?m=[0-9.]+)(?=")')


def with_version(tags: str) -> str:
    """Script and link tags with the package's version added to each asset's address."""
    return _ASSET_ADDRESS.sub(rf"\1&v={__version__}", tags)


def is_versioned_asset(request: flask.Request, assets_path: str) -> bool:
    """Whether a request is for an asset (below ``assets_path``) at an address naming its
    file's time and this package's version."""
    args = request.args
    return (
        request.path.startswith(assets_path)
        and bool(args.get("m"))
        and args.get("v") == __version__
    )


def _harden(app: Dash, models: ModelSource) -> None:
    """Security headers, a health check, 400 for a malformed callback request, and 500 with a
    logged traceback for a crash."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    headers = security_headers(list(app.csp_hashes()))
    assets_path = f"{app.config.routes_pathname_prefix}{app.config.assets_url_path.strip('/')}/"

    @server.after_request
    def add_security_headers(response: flask.Response) -> flask.Response:
        response.headers.update(headers)
        if response.status_code == 200 and is_versioned_asset(flask.request, assets_path):
            response.headers["Cache-Control"] = ASSET_CACHE
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
            payload = flask.request.get_json(silent=True)
            problem = callback_request_problem(payload) or callback_match_problem(
                app.callback_map, payload
            )
            if problem:
                raise BadRequest(f"malformed callback request: {problem}")

    @server.errorhandler(Exception)
    def log_crashes(error: Exception):
        # Every callback turns an unknown or ill-typed input into its safe answer (an empty panel,
        # the default view, no update), so an exception that still escapes is a bug: answer 500
        # and log its traceback, never dress it up as the client's fault.
        if isinstance(error, HTTPException):
            return error
        server.logger.error(
            "%s %s failed", flask.request.method, flask.request.path, exc_info=error
        )
        return flask.jsonify(error="internal server error"), 500


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


def callback_match_problem(callbacks: dict, payload: dict) -> str | None:
    """Say how a well-shaped callback request fails to match the app's callbacks, or None.

    Dash hands the request's inputs and state to the callback by position and answers into its
    outputs: a request naming no server callback, or whose outputs, inputs or state are not the
    ones that callback declares, cannot be the page's own and is refused (400) before Dash sees it.

    >>> callbacks = {"a.b": {"callback": print, "inputs": [{"id": "x", "property": "value"}]}}
    >>> callback_match_problem(callbacks, {"output": "c.d"})
    'output names no callback of this app'
    >>> callback_match_problem(callbacks, {"output": "a.b", "outputs": {"id": "a", "property": "b"},
    ...                                    "inputs": [{"id": "y", "property": "value"}]})
    'inputs are not the ones the callback declares'
    """
    declared = callbacks.get(payload["output"])
    if declared is None or "callback" not in declared:  # clientside callbacks have no server side
        return "output names no callback of this app"
    output = payload["output"]
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    wanted = [
        dict(zip(("id", "property"), p.split("@")[0].rsplit(".", 1), strict=True)) for p in parts
    ]
    outputs = payload["outputs"] if output.startswith("..") else [payload["outputs"]]
    if not isinstance(outputs, list) or not _props_match(outputs, wanted):
        return "outputs are not the ones the callback declares"
    for key in ("inputs", "state"):
        if not _props_match(payload.get(key, []), declared.get(key, [])):
            return f"{key} are not the ones the callback declares"
    for changed in payload.get("changedPropIds", []):
        component, _, name = changed.rpartition(".")
        if not component or not name:
            return "changedPropIds must name properties (id.property)"
        if component.startswith("{"):
            try:
                pattern = json.loads(component)
            except ValueError:
                pattern = None
            if not isinstance(pattern, dict):
                return "changedPropIds must name properties (id.property)"
    return None


def _props_match(items: list, declared: list[dict]) -> bool:
    """Whether request items are, position by position, the declared {id, property} pairs; a
    pattern id (ALL) is matched by a list of concrete ids with the pattern's fixed keys."""
    if len(items) != len(declared):
        return False
    for item, spec in zip(items, declared, strict=True):
        if spec["id"].startswith("{"):
            pattern = json.loads(spec["id"])
            parts = item if isinstance(item, list) else [item]
            for part in parts:
                if not (
                    isinstance(part, dict)
                    and _property(part) == spec["property"]
                    and isinstance(part.get("id"), dict)
                    and set(part["id"]) == set(pattern)
                    and all(
                        part["id"][k] == v for k, v in pattern.items() if not isinstance(v, list)
                    )
                ):
                    return False
        elif not (
            isinstance(item, dict)
            and item.get("id") == spec["id"]
            and _property(item) == spec["property"]
        ):
            return False
    return True


def _property(item: dict):
    """An item's property, without the "@hash" an allow_duplicate output may carry."""
    name = item.get("property")
    return name.split("@")[0] if isinstance(name, str) else name


def _is_prop(item) -> bool:
    if isinstance(item, list):  # pattern-matching inputs arrive as lists of props
        return all(_is_prop(part) for part in item)
    return (
        isinstance(item, dict)
        and isinstance(item.get("id"), (str, dict))
        and isinstance(item.get("property"), str)
    )


def quiet_server(wsgi_app, host: str, port: int, *, verbose: bool):
    """A threaded werkzeug server for one reader, without Flask's development-server banner and
    warning (``app.run`` prints them), and logging each request only when ``verbose``.

    Errors are logged either way: the app logs a crash's traceback, werkzeug its own failures.
    """
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.INFO if verbose else logging.ERROR)
    return make_server(host, port, wsgi_app, threaded=True)
