"""``python -m dashboard curate FOLDER``: the page with editing turned on, for one person, on
loopback only, behind a token (auth.protect), with the JSON write API (api.register_api)."""

from __future__ import annotations

import signal
import socket
import sys
from pathlib import Path

from dash import Dash

from dashboard.compare import ArticleMismatch
from dashboard.curate.api import register_api
from dashboard.curate.auth import new_token, protect, token_url
from dashboard.curate.store import Store, StoreError

HOST = "127.0.0.1"  # never anything else: curate writes files


def build_app(store: Store, token: str, compare=None) -> Dash:
    """The curate app: the editing page (dashboard.curate.app) with the write API, all behind
    the token."""
    from dashboard.curate.app import create_curate_app

    app = create_curate_app(store, token, compare=compare)
    register_api(app.server, store)
    protect(app.server, token)
    return app


def serve(folder: Path, port: int, compare=None) -> int:
    """Serve ``folder`` for curating until Ctrl-C; return the exit status. ``compare``: a
    second curation of the same article (a Dataset) whose differences the page lists to settle."""
    try:
        store = Store.open(folder)
    except StoreError as error:
        print(f"dashboard curate: {error}", file=sys.stderr)
        return 1
    for problem in store.problems:
        print(problem, file=sys.stderr)
    if store.notice:
        print(f"note: {store.notice}", file=sys.stderr)
    try:
        socket.create_server((HOST, port)).close()
    except OSError as error:
        print(f"dashboard curate: cannot serve on {HOST}:{port}: {error.strerror}", file=sys.stderr)
        return 1
    token = new_token()
    try:
        app = build_app(store, token, compare)
    except (ArticleMismatch, StoreError) as error:  # the app reads its first model: a B of
        print(f"dashboard curate: {error}", file=sys.stderr)  # another article fails here
        return 1
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    print(
        f"Curating {store.folder.name} (writes into {store.folder}); open this address, it holds "
        f"your access token:\n    {token_url(HOST, port, token)}\n(Ctrl-C to stop)",
        flush=True,
    )
    from dashboard.app import quiet_server

    try:
        server = quiet_server(app.server, HOST, port, verbose=False)
    except OSError as error:  # taken since the check above
        print(f"dashboard curate: cannot serve on {HOST}:{port}: {error}", file=sys.stderr)
        return 1
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    print("Stopped.", flush=True)
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt
