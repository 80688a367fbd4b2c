"""Serving: security headers, /health, tampered requests answered with 4xx, gunicorn end to end."""

from __future__ import annotations

import json
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

from dashboard import ids
from dashboard.app import CALLBACK_PATH, MAX_REQUEST_BYTES, create_app
from tests.conftest import SEED


@pytest.fixture(scope="module")
def client(seed_dataset):
    return create_app(seed_dataset).server.test_client()


def panel_request(selection, relations, articles=("iran-russia-treaty",)) -> dict:
    """A well-formed request for the panel callback, with the given input values."""
    return {
        "output": f"{ids.PANEL}.children",
        "outputs": {"id": ids.PANEL, "property": "children"},
        "inputs": [
            {"id": ids.SELECTION, "property": "data", "value": selection},
            {"id": ids.RELATION_FILTER, "property": "value", "value": relations},
            {"id": ids.ARTICLE_FILTER, "property": "value", "value": articles},
        ],
        "changedPropIds": [f"{ids.SELECTION}.data"],
        "state": [],
    }


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
TAMPERED = {
    "not-json": b"this is not json",
    "json-array": json.dumps([1, 2, 3]).encode(),
    "json-null": b"null",
    "empty-object": b"{}",
    "output-number": json.dumps({**VALID, "output": 3}).encode(),
    "outputs-missing": json.dumps({k: v for k, v in VALID.items() if k != "outputs"}).encode(),
    "inputs-string": json.dumps({**VALID, "inputs": "everything"}).encode(),
    "inputs-bad-item": json.dumps({**VALID, "inputs": [{"id": 3}]}).encode(),
    "changed-not-list": json.dumps({**VALID, "changedPropIds": {"a": 1}}).encode(),
    "unknown-output": json.dumps({**VALID, "output": "nope.children", "outputs": {"id": "nope", "property": "children"}}).encode(),
    "unknown-input-id": json.dumps({**VALID, "inputs": [{"id": "nope", "property": "value", "value": 1}]}).encode(),
    "unknown-actor": json.dumps(panel_request({"kind": "actor", "id": "<script>"}, ["meets"])).encode(),
    "unknown-edge": json.dumps(panel_request({"kind": "edge", "id": "a/b/c/d"}, None)).encode(),
    "selection-wrong-type": json.dumps(panel_request(["actor", "iran"], "meets")).encode(),
    "relations-wrong-types": json.dumps(panel_request(None, [1, None, {"x": 1}, ["meets"]])).encode(),
    "unknown-sentence": json.dumps(panel_request({"kind": "sentence", "id": "sentence-9-999"}, [])).encode(),
    "sentence-not-an-anchor": json.dumps(panel_request({"kind": "sentence", "id": "../../etc"}, [])).encode(),
    "articles-wrong-types": json.dumps(panel_request(None, ["meets"], [3, None, ["x"], {"a": 1}])).encode(),
    "deep-nesting": json.dumps(panel_request({"kind": [[[[[[["actor"]]]]]]], "id": {"a": {"b": 1}}}, [])).encode(),
}  # fmt: skip


@pytest.mark.parametrize("body", list(TAMPERED.values()), ids=list(TAMPERED))
def test_srv004_tampered_callback_requests_get_4xx_or_a_safe_answer(client, body):
    response = client.post(CALLBACK_PATH, data=body, content_type="application/json")
    assert response.status_code < 500
    if response.status_code == 200:  # answered: then with the panel, not with anything odd
        assert "<script>" not in response.get_data(as_text=True)
    assert client.get("/health").status_code == 200  # and the server keeps serving


def test_srv005_oversized_and_wrong_method_requests(client):
    huge = b'{"output": "' + b"x" * MAX_REQUEST_BYTES + b'"}'
    assert client.post(CALLBACK_PATH, data=huge, content_type="application/json").status_code == 413
    assert client.get(CALLBACK_PATH).status_code < 500  # Dash answers unknown GETs with the page
    assert client.get("/health").status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/?actor=<script>alert(1)</script>",
        "/?actor=atlantis&relation=nonsense&relation=meets",
        "/?%ff%fe%00",
        "/?" + "x" * 8000,
        "/?actor[]=1&actor[x]=2",
        "/_dash-layout?x=%00",
        "/does-not-exist",
        "/assets/../pyproject.toml",
    ],
)
def test_srv006_odd_addresses_never_give_500(client, path):
    response = client.get(path)
    assert response.status_code < 500
    if response.status_code == 200 and path.startswith("/?"):
        assert b"_dash-config" in response.data
        assert b"<script>alert(1)" not in response.data


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
