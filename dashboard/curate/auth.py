"""Who may talk to a curate server: the holder of its token, through a loopback name, from its
own pages. Installed on the Flask server by ``protect(server, token)``, as Jupyter does it.

- The server prints ``http://127.0.0.1:PORT/?token=...``. The first request carrying the token
  gets it as a cookie (HttpOnly, SameSite=Strict) and is redirected to the same address without
  it, so the token leaves the address bar and the history.
- Every other request needs the cookie (or an ``Authorization: token ...`` header, for scripts),
  else 403.
- The Host header must be a loopback name (127.0.0.1, localhost, [::1], any port): a page on
  another site that re-points its own name at 127.0.0.1 (DNS rebinding) is refused.
- A POST (or other unsafe method) whose Origin is not this server, or that the browser marks as
  cross-site, is refused.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlencode, urlsplit

import flask

TOKEN_PARAMETER = "token"
LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def new_token() -> str:
    """A random token: 32 bytes from the system's secure source."""
    return secrets.token_urlsafe(32)


def cookie_name(host: str) -> str:
    """One cookie per port: browsers share cookies between ports of one host."""
    port = _split_host(host)[1] or "80"
    return f"dashboard-curate-{port}"


def token_url(host: str, port: int, token: str) -> str:
    return f"http://{host}:{port}/?{urlencode({TOKEN_PARAMETER: token})}"


def protect(server: flask.Flask, token: str) -> None:
    """Refuse every request to ``server`` that does not come with ``token`` from a loopback name
    and, for writes, from the server's own origin. Installing it twice is harmless."""
    if server.extensions.get("dashboard-curate-protect"):
        return
    server.extensions["dashboard-curate-protect"] = True

    def check_request():
        request = flask.request
        host = request.host
        if _split_host(host)[0] not in LOOPBACK_NAMES:
            return _refuse("this curate server answers only at 127.0.0.1 or localhost")
        if request.method not in SAFE_METHODS and not _same_origin(request, host):
            return _refuse("refused: the request came from another site")
        given = request.args.get(TOKEN_PARAMETER)
        if given is not None and secrets.compare_digest(given, token):
            if request.method in SAFE_METHODS:
                return _set_cookie_and_redirect(request, token)
            return None
        if _has_token(request, token):
            return None
        return _refuse(
            "curate needs its token: open the address that `python -m dashboard curate` printed "
            "(it ends with ?token=...)"
        )

    # First of all hooks: nothing else (Dash's own checks included) sees an unchecked request.
    server.before_request_funcs.setdefault(None, []).insert(0, check_request)


def _has_token(request: flask.Request, token: str) -> bool:
    cookie = request.cookies.get(cookie_name(request.host), "")
    if cookie and secrets.compare_digest(cookie, token):
        return True
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    return scheme.lower() == "token" and secrets.compare_digest(value.strip(), token)


def _same_origin(request: flask.Request, host: str) -> bool:
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return False
    origin = request.headers.get("Origin")
    if origin is None:
        return True  # not a browser's cross-site request: browsers send Origin with every POST
    parts = urlsplit(origin)
    return parts.scheme == "http" and parts.netloc == host


def _set_cookie_and_redirect(request: flask.Request, token: str) -> flask.Response:
    rest = [(k, v) for k, v in request.args.items(multi=True) if k != TOKEN_PARAMETER]
    target = request.path + (f"?{urlencode(rest)}" if rest else "")
    response = flask.redirect(target, code=303)
    response.set_cookie(
        cookie_name(request.host), token, httponly=True, samesite="Strict", path="/"
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _refuse(message: str) -> flask.Response:
    response = flask.make_response(message + "\n", 403)
    response.mimetype = "text/plain"
    return response


def _split_host(host: str) -> tuple[str, str]:
    """Split a Host header into its name (IPv6 in brackets) and port.

    >>> _split_host("[::1]:8050"), _split_host("localhost"), _split_host("evil.com:80")
    (('[::1]', '8050'), ('localhost', ''), ('evil.com', '80'))
    """
    host = host.strip().lower()
    if host.startswith("["):
        name, _, rest = host.partition("]")
        return name + "]", rest.removeprefix(":")
    name, _, port = host.partition(":")
    return name.rstrip("."), port
