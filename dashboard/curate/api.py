"""The JSON write API of a curate server: every write goes through the store.

- ``GET  /curate/api/state`` -> ``{"version", "can_undo", "can_redo", "problems", "notice",
  "history"}``
- ``POST /curate/api/edit`` ``{"version", "edit"}`` -> 200 ``{"version", "summary", "files"}``;
  409 ``{"error": "conflict", "files"}``; 422 ``{"error": "refused", "problems"}`` or
  ``{"error": "edit", "message"}`` (the edit does not fit the files); 400 for a malformed body
- ``POST /curate/api/undo``, ``POST /curate/api/redo`` ``{"version"}`` -> as above; 200 with
  ``"summary": null`` when there is nothing to undo or redo
- ``POST /curate/api/reload`` -> the state, after re-reading the files (after a conflict)

Only ``curate`` serves it, behind ``auth.protect``.
"""

from __future__ import annotations

from collections.abc import Callable

import flask

from dashboard import limits
from dashboard.curate.edits import EditError, edit_from_json
from dashboard.curate.store import Change, Conflict, Refused, Store

API = "/curate/api"


def register_api(
    server: flask.Flask, store: Store, on_change: Callable[[Store], None] | None = None
) -> None:
    """Add the write API to ``server``; ``on_change(store)`` runs after each change (to refresh
    the page's model). Registering it twice is harmless."""
    if server.extensions.get("dashboard-curate-api"):
        return
    server.extensions["dashboard-curate-api"] = True
    if not server.config.get("MAX_CONTENT_LENGTH"):
        server.config["MAX_CONTENT_LENGTH"] = limits.MAX_REQUEST_BYTES  # an edit is a few kB

    def changed(change: Change | None):
        if change is not None and on_change is not None:
            on_change(store)
        return flask.jsonify(
            version=store.version,
            summary=None if change is None else change.summary,
            files=[] if change is None else list(change.files),
            can_undo=store.can_undo,
            can_redo=store.can_redo,
        )

    def attempt(action: Callable[[], Change | None]):
        try:
            return changed(action())
        except Conflict as conflict:
            return flask.jsonify(error="conflict", files=conflict.files, message=str(conflict)), 409
        except Refused as refused:
            problems = [str(p) for p in refused.problems]
            return flask.jsonify(error="refused", problems=problems), 422
        except EditError as error:
            return flask.jsonify(error="edit", message=str(error)), 422

    @server.get(f"{API}/state")
    def curate_state():
        return flask.jsonify(state(store))

    @server.post(f"{API}/edit")
    def curate_edit():
        body = _body()
        version = _version(body)
        try:
            edit = edit_from_json(body.get("edit"))
        except ValueError as error:
            return _bad(str(error))
        return attempt(lambda: store.apply(edit, version))

    @server.post(f"{API}/undo")
    def curate_undo():
        version = _version(_body())
        return attempt(lambda: store.undo(version))

    @server.post(f"{API}/redo")
    def curate_redo():
        version = _version(_body())
        return attempt(lambda: store.redo(version))

    @server.post(f"{API}/reload")
    def curate_reload():
        store.reload()
        if on_change is not None:
            on_change(store)
        return flask.jsonify(state(store))


def state(store: Store) -> dict:
    """What the page needs to know about the store."""
    return {
        "version": store.version,
        "can_undo": store.can_undo,
        "can_redo": store.can_redo,
        "problems": [str(p) for p in store.problems],
        "notice": store.notice,
        "history": [change.summary for change in store.history],
    }


def _body() -> dict:
    body = flask.request.get_json(silent=True)
    if not isinstance(body, dict):
        flask.abort(_bad("the body must be a JSON object"))
    return body


def _version(body: dict) -> str:
    version = body.get("version")
    if not isinstance(version, str):
        flask.abort(_bad("version must be the text /curate/api/state gave"))
    return version


def _bad(message: str) -> flask.Response:
    response = flask.jsonify(error="malformed", message=message)
    response.status_code = 400
    return response
