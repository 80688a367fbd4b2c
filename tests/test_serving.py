"""Serving: security headers, /health, tampered requests answered exactly (400 or the safe answer),
crashes answered 500 and logged, gunicorn end to end."""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from dash import Input, Output
from plotly.io.json import to_json_plotly

from dashboard import ids
from dashboard.app import CALLBACK_PATH, MAX_REQUEST_BYTES, create_app
from dashboard.panel import empty_panel
from dashboard.state import ViewState
from tests.conftest import SEED, panel_request


@pytest.fixture(scope="module")
def client(seed_dataset):
    return create_app(seed_dataset).server.test_client()


def test_srv001_every_response_carries_security_headers(client):
    for path in ("/", "/health", "/_dash-layout", "/assets/style.css"):
        response = client.get(path)
        response.close()
        assert response.status_code == 200, path
        policy = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert (
            "'sha256-" in policy
            and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
        )
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"


def test_srv002_health_says_what_is_served(client, seed_model):
    response = client.get("/health")
    assert response.get_json() == {
        "status": "ok",
        "dataset": "iran-russia-treaty",
        "actors": len(seed_model.dataset.actors),
        "relations": len(seed_model.edges),
        "quotes": len(seed_model.dataset.triples),
    }


def test_srv003_a_well_formed_request_still_works(client):
    response = client.post(
        CALLBACK_PATH, json=panel_request({"kind": "actor", "id": "iran"}, ["meets"])
    )
    assert response.status_code == 200
    assert "Iran" in response.get_data(as_text=True)


VALID = panel_request({"kind": "actor", "id": "iran"}, ["meets"])
# A body of the wrong shape, or one that is not a request for one of this app's callbacks, is
# refused by the check before Dash (400, saying what is wrong).
MALFORMED = {
    "not-json": (b"this is not json", "the body must be a JSON object"),
    "json-array": (json.dumps([1, 2, 3]).encode(), "the body must be a JSON object"),
    "json-null": (b"null", "the body must be a JSON object"),
    "empty-object": (b"{}", "output must be text"),
    "output-number": (json.dumps({**VALID, "output": 3}).encode(), "output must be text"),
    "outputs-missing": (json.dumps({k: v for k, v in VALID.items() if k != "outputs"}).encode(), "outputs must be an object or a list"),
    "inputs-string": (json.dumps({**VALID, "inputs": "everything"}).encode(), "inputs must be a list of {id, property, value} objects"),
    "inputs-bad-item": (json.dumps({**VALID, "inputs": [{"id": 3}]}).encode(), "inputs must be a list of {id, property, value} objects"),
    "changed-not-list": (json.dumps({**VALID, "changedPropIds": {"a": 1}}).encode(), "changedPropIds must be a list of text"),
    "unknown-output": (json.dumps({**VALID, "output": "nope.children", "outputs": {"id": "nope", "property": "children"}}).encode(), "output names no callback of this app"),
    "clientside-output": (json.dumps({**VALID, "output": f"{ids.TABLE_GATE}.data", "outputs": {"id": ids.TABLE_GATE, "property": "data"}}).encode(), "output names no callback of this app"),
    "outputs-other": (json.dumps({**VALID, "outputs": {"id": ids.GRAPH, "property": "figure"}}).encode(), "outputs are not the ones the callback declares"),
    "unknown-input-id": (json.dumps({**VALID, "inputs": [{"id": "nope", "property": "value", "value": 1}]}).encode(), "inputs are not the ones the callback declares"),
    "inputs-missing-one": (json.dumps({**VALID, "inputs": VALID["inputs"][:2]}).encode(), "inputs are not the ones the callback declares"),
    "inputs-one-too-many": (json.dumps({**VALID, "inputs": [*VALID["inputs"], VALID["inputs"][0]]}).encode(), "inputs are not the ones the callback declares"),
    "state-not-declared": (json.dumps({**VALID, "state": [VALID["inputs"][0]]}).encode(), "state are not the ones the callback declares"),
    "changed-bad-pattern": (json.dumps({**VALID, "changedPropIds": ['{"type":.n_clicks']}).encode(), "changedPropIds must name properties (id.property)"),
}  # fmt: skip
# Requests of the right shape with values no page would send: each callback turns them into its
# safe answer, here the empty panel (the evidence panel's answer to anything it cannot show).
# Each with the relation types and articles its filters keep once cleaned (unknown or ill-typed
# values keep nothing), since the empty panel counts what the filters let through.
ARTICLE = ("iran-russia-treaty",)
ODD_VALUES = {
    "unknown-actor": (panel_request({"kind": "actor", "id": "<script>"}, ["meets"]), ("meets",), ARTICLE),
    "unknown-edge": (panel_request({"kind": "edge", "id": "a/b/c/d"}, None), (), ARTICLE),
    "selection-wrong-type": (panel_request(["actor", "iran"], "meets"), (), ARTICLE),
    "relations-wrong-types": (panel_request(None, [1, None, {"x": 1}, ["meets"]]), (), ARTICLE),
    "unknown-sentence": (panel_request({"kind": "sentence", "id": "sentence-9-999"}, []), (), ARTICLE),
    "sentence-not-an-anchor": (panel_request({"kind": "sentence", "id": "../../etc"}, []), (), ARTICLE),
    "articles-wrong-types": (panel_request(None, ["meets"], [3, None, ["x"], {"a": 1}]), ("meets",), ()),
    "deep-nesting": (panel_request({"kind": [[[[[[["actor"]]]]]]], "id": {"a": {"b": 1}}}, []), (), ARTICLE),
    "changed-unknown-id": ({**VALID, "changedPropIds": ["nope.value"], "inputs": panel_request(None, [])["inputs"]}, (), ARTICLE),
}  # fmt: skip


def empty_panel_answer(model, state: ViewState | None = None) -> dict:
    """What Dash answers for the panel when the callback returns the empty panel."""
    return {"children": json.loads(to_json_plotly(empty_panel(model, state)))}


@pytest.mark.parametrize("body, problem", list(MALFORMED.values()), ids=list(MALFORMED))
def test_srv004_malformed_callback_requests_get_400_saying_why(client, body, problem):
    response = client.post(CALLBACK_PATH, data=body, content_type="application/json")
    assert response.status_code == 400
    assert f"malformed callback request: {html.escape(problem)}" in response.get_data(as_text=True)
    assert client.get("/health").status_code == 200  # and the server keeps serving


@pytest.mark.parametrize(
    "body, relations, articles", list(ODD_VALUES.values()), ids=list(ODD_VALUES)
)
def test_srv009_odd_values_in_a_well_formed_request_get_the_empty_panel(
    client, seed_model, body, relations, articles
):
    response = client.post(CALLBACK_PATH, json=body)
    assert response.status_code == 200
    state = ViewState(relations=relations, articles=articles)
    assert response.get_json()["response"][ids.PANEL] == empty_panel_answer(seed_model, state)


def test_srv010_a_crashing_callback_answers_500_and_logs_its_traceback(seed_dataset, caplog):
    """A bug is never dressed up as the client's fault: 500, and the traceback at error level."""
    app = create_app(seed_dataset)

    @app.callback(Output("crash-output", "children"), Input("crash-input", "value"))
    def crash(value):
        raise ZeroDivisionError(f"deliberate crash for {value}")

    body = {
        "output": "crash-output.children",
        "outputs": {"id": "crash-output", "property": "children"},
        "inputs": [{"id": "crash-input", "property": "value", "value": "boom"}],
        "changedPropIds": ["crash-input.value"],
        "state": [],
    }
    client = app.server.test_client()
    with caplog.at_level(logging.ERROR):
        response = client.post(CALLBACK_PATH, json=body)
    assert response.status_code == 500
    assert response.get_json() == {"error": "internal server error"}
    (record,) = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert record.levelno == logging.ERROR
    assert record.getMessage() == f"POST {CALLBACK_PATH} failed"
    assert record.exc_info[0] is ZeroDivisionError
    assert "deliberate crash for boom" in caplog.text  # the traceback is in the log
    assert client.get("/health").status_code == 200  # and the server keeps serving


def test_srv005_oversized_and_wrong_method_requests(client):
    huge = b'{"output": "' + b"x" * MAX_REQUEST_BYTES + b'"}'
    assert client.post(CALLBACK_PATH, data=huge, content_type="application/json").status_code == 413
    page = client.get(CALLBACK_PATH)  # Dash answers an unknown GET with the page
    assert page.status_code == 200
    assert b"_dash-config" in page.data
    assert client.get("/health").status_code == 200


@pytest.mark.parametrize(
    "path, status",
    [
        ("/?actor=<script>alert(1)</script>", 200),
        ("/?actor=atlantis&relation=nonsense&relation=meets", 200),
        ("/?%ff%fe%00", 200),
        ("/?" + "x" * 8000, 200),
        ("/?actor[]=1&actor[x]=2", 200),
        ("/_dash-layout?x=%00", 200),
        ("/does-not-exist", 200),  # Dash serves the page for any path; the page ignores it
        ("/assets/../pyproject.toml", 404),
    ],
)
def test_srv006_odd_addresses_get_the_page_or_404(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    if path.startswith("/?") or path == "/does-not-exist":
        assert b"_dash-config" in response.data
        assert b"<script>alert(1)" not in response.data
    elif path.startswith("/_dash-layout"):
        assert response.get_json()["type"] == "Div"  # the layout, as JSON
    else:
        assert b"[project]" not in response.data


# gunicorn, as `make serve` runs it


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _gunicorn(data: Path, port: int) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    env = {**os.environ, "DASHBOARD_DATA": str(data)}
    return subprocess.Popen(
        [
            str(gunicorn),
            "--preload",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "dashboard.wsgi:server",
        ],  # as `make serve` runs it
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_srv007_gunicorn_serves_the_dataset_with_two_workers():
    port = _free_port()
    server = _gunicorn(SEED, port)
    try:
        for _ in range(200):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
                    health = json.load(answer)
                    assert answer.headers["X-Frame-Options"] == "DENY"
                break
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)
        else:
            pytest.fail(
                f"gunicorn never answered: {server.stderr.read() if server.poll() is not None else ''}"
            )
        assert health["dataset"] == "iran-russia-treaty"
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{CALLBACK_PATH}",
            data=json.dumps(panel_request({"kind": "actor", "id": "russia"}, ["meets"])).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            assert "Russia" in answer.read().decode()
    finally:
        server.send_signal(signal.SIGTERM)
        server.communicate(timeout=20)
    assert server.returncode == 0


def test_srv008_gunicorn_refuses_a_bad_dataset(tmp_path):
    bad = Path(shutil.copytree(SEED, tmp_path / "bad"))
    actors = bad / "actors.csv"
    actors.write_text(
        actors.read_text(encoding="utf-8").replace("iran,Iran,state", "iran,Iran,country")
    )
    server = _gunicorn(bad, _free_port())
    try:
        _, err = server.communicate(timeout=60)
    finally:
        server.kill()
    assert server.returncode != 0
    assert f"{actors}:2: column 'kind': 'country' is not allowed" in err
