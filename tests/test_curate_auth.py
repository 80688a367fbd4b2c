"""auth.protect: the token, loopback Host names and same-Origin writes, through Flask's client."""

from __future__ import annotations

import flask
import pytest

from dashboard.curate.auth import cookie_name, new_token, protect, token_url

TOKEN = "s3cret-token"
HOST = "127.0.0.1:8123"


@pytest.fixture
def server() -> flask.Flask:
    app = flask.Flask(__name__)

    @app.get("/")
    def page():
        return "the page"

    @app.post("/write")
    def write():
        return "written"

    protect(app, TOKEN)
    return app


@pytest.fixture
def client(server):
    return server.test_client()


def logged_in(server) -> flask.testing.FlaskClient:
    client = server.test_client()
    response = client.get(f"/?token={TOKEN}", headers={"Host": HOST})
    assert response.status_code == 303
    return client


def test_au001_no_token_is_403_with_a_short_plain_message(client):
    response = client.get("/", headers={"Host": HOST})
    assert response.status_code == 403
    assert response.mimetype == "text/plain"
    assert "token" in response.get_data(as_text=True) and len(response.get_data()) < 200


def test_au002_a_wrong_token_is_403(client):
    assert client.get("/?token=guess", headers={"Host": HOST}).status_code == 403
    client.set_cookie(cookie_name(HOST), "guess", domain="127.0.0.1")
    assert client.get("/", headers={"Host": HOST}).status_code == 403


def test_au003_the_token_sets_a_strict_httponly_cookie_and_redirects_without_it(client):
    response = client.get(f"/?token={TOKEN}&tab=graph", headers={"Host": HOST})
    assert response.status_code == 303
    assert response.headers["Location"] == "/?tab=graph"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{cookie_name(HOST)}={TOKEN};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie


def test_au004_the_cookie_then_opens_every_page(server):
    client = logged_in(server)
    response = client.get("/", headers={"Host": HOST})
    assert response.status_code == 200 and response.get_data(as_text=True) == "the page"


@pytest.mark.parametrize("host", ["127.0.0.1:8123", "localhost:8123", "[::1]:8123", "localhost"])
def test_au005_loopback_names_are_served(server, host):
    response = server.test_client().get(f"/?token={TOKEN}", headers={"Host": host})
    assert response.status_code == 303


@pytest.mark.parametrize(
    "host", ["evil.example:8123", "127.0.0.1.evil.example", "192.168.1.5:8123", "[::2]:8123", ""]
)
def test_au006_a_foreign_host_is_403_even_with_the_token(server, host):
    response = server.test_client().get(f"/?token={TOKEN}", headers={"Host": host})
    assert response.status_code == 403
    assert "127.0.0.1 or localhost" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": "http://evil.example"},
        {"Origin": "http://127.0.0.1:9999"},  # another local server
        {"Origin": "https://127.0.0.1:8123"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ],
)
def test_au007_a_post_from_another_origin_is_403_even_with_the_cookie(server, headers):
    client = logged_in(server)
    response = client.post("/write", headers={"Host": HOST, **headers})
    assert response.status_code == 403
    assert "another site" in response.get_data(as_text=True)


def test_au008_a_post_from_its_own_origin_is_served(server):
    client = logged_in(server)
    headers = {"Host": HOST, "Origin": f"http://{HOST}", "Sec-Fetch-Site": "same-origin"}
    response = client.post("/write", headers=headers)
    assert response.status_code == 200 and response.get_data(as_text=True) == "written"


def test_au009_a_post_without_the_token_is_403(client):
    response = client.post("/write", headers={"Host": HOST, "Origin": f"http://{HOST}"})
    assert response.status_code == 403


def test_au010_scripts_may_send_the_token_in_a_header(client):
    headers = {"Host": HOST, "Authorization": f"token {TOKEN}"}
    assert client.post("/write", headers=headers).status_code == 200
    headers["Authorization"] = "token wrong"
    assert client.post("/write", headers=headers).status_code == 403


def test_au011_the_guard_runs_before_every_other_hook(server):
    calls = []

    @server.before_request
    def later():
        calls.append("later")

    server.test_client().get("/", headers={"Host": HOST})
    assert calls == []


def test_au012_installing_twice_adds_one_guard(server):
    before = len(server.before_request_funcs[None])
    protect(server, "another")
    assert len(server.before_request_funcs[None]) == before
    assert logged_in(server)  # the first token still works


def test_au013_tokens_are_long_random_and_the_url_carries_one():
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50 and all(len(t) >= 40 for t in tokens)
    assert token_url("127.0.0.1", 8050, "a b") == "http://127.0.0.1:8050/?token=a+b"


def test_au014_cookies_of_two_servers_on_two_ports_do_not_clash():
    assert cookie_name("127.0.0.1:8050") != cookie_name("127.0.0.1:8051")
