"""Tests for dashboard.settings: one settings object read strictly, resources found from one root."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import settings
from dashboard.settings import (
    ASSETS_DIR,
    DEFAULT_HOST,
    DEFAULT_PORT,
    PACKAGE_DIR,
    SEEDS_DIR,
    Settings,
    parse_port,
    resource_dir,
)

SEED_FILES = ("article.txt", "dataset.toml", "actors.csv", "relations.csv", "triples.csv")


# Settings.from_env


def test_set001_defaults():
    expected = Settings(data=SEEDS_DIR, host="127.0.0.1", port=8050)
    assert Settings.from_env({}) == expected
    assert Settings() == expected
    assert (DEFAULT_HOST, DEFAULT_PORT) == ("127.0.0.1", 8050)


def test_set002_reads_the_process_environment_by_default(monkeypatch, tmp_path):
    monkeypatch.setenv("DASHBOARD_DATA", str(tmp_path))
    monkeypatch.setenv("DASHBOARD_PORT", "9001")
    assert Settings.from_env() == Settings(data=tmp_path, host=DEFAULT_HOST, port=9001)


@pytest.mark.parametrize(
    "environ, expected",
    [
        pytest.param({"DASHBOARD_DATA": "/srv/data"}, {"data": Path("/srv/data")}, id="data"),
        pytest.param({"DASHBOARD_HOST": "0.0.0.0"}, {"host": "0.0.0.0"}, id="host"),
        pytest.param({"DASHBOARD_PORT": "8080"}, {"port": 8080}, id="port"),
        pytest.param(
            {"DASHBOARD_DATA": "rel/dir", "DASHBOARD_HOST": "::1", "DASHBOARD_PORT": "65535"},
            {"data": Path("rel/dir"), "host": "::1", "port": 65535},
            id="all-three",
        ),
        pytest.param({"DASHBOARD_DATA": "", "DASHBOARD_HOST": ""}, {}, id="empty-means-default"),
        pytest.param({"DASHBOARD_OTHER": "x", "PORT": "1"}, {}, id="other-variables-ignored"),
    ],
)
def test_set003_from_env(environ, expected):
    defaults = {"data": SEEDS_DIR, "host": DEFAULT_HOST, "port": DEFAULT_PORT}
    settings_ = Settings.from_env(environ)
    assert settings_ == Settings(**(defaults | expected))
    assert isinstance(settings_.data, Path)


@pytest.mark.parametrize("port", ["http", "0", "65536", "-1", "80.5", ""])
def test_set004_bad_port_names_the_variable(port):
    with pytest.raises(ValueError) as raised:
        Settings.from_env({"DASHBOARD_PORT": port})
    message = str(raised.value)
    assert message.startswith("DASHBOARD_PORT: ")
    assert "1 to 65535" in message
    assert repr(port) in message


def test_set005_settings_are_frozen():
    with pytest.raises(AttributeError):
        Settings().port = 1  # type: ignore[misc]


# parse_port


@pytest.mark.parametrize(
    "value, expected",
    [
        ("1", 1),
        ("80", 80),
        ("8050", 8050),
        ("65535", 65535),
        (" 8080 ", 8080),
        ("0", None),
        ("65536", None),
        ("-80", None),
        ("99999999999999999999", None),
        ("", None),
        ("   ", None),
        ("eighty", None),
        ("80.0", None),
        ("1e3", None),
        ("0x50", None),
        ("80 81", None),
    ],
)
def test_set006_parse_port(value, expected):
    if expected is None:
        with pytest.raises(ValueError, match=r"^port: expected a port number from 1 to 65535"):
            parse_port(value)
    else:
        assert parse_port(value) == expected


def test_set007_parse_port_names_the_place():
    with pytest.raises(
        ValueError, match=r"^--port: expected a port number from 1 to 65535, got 'x'$"
    ):
        parse_port("x", "--port")


# resource_dir


def test_set008_resources_found_in_a_checkout():
    root = PACKAGE_DIR.parent
    assert resource_dir("assets") == ASSETS_DIR == root / "assets"
    assert resource_dir("seeds") == SEEDS_DIR == root / "seeds"
    assert (ASSETS_DIR / "style.css").is_file()
    for name in SEED_FILES:
        assert (SEEDS_DIR / "iran-russia-treaty" / name).is_file(), name


def test_set009_resources_found_inside_an_installed_package(monkeypatch, tmp_path):
    package = tmp_path / "site-packages" / "dashboard"
    (package / "assets").mkdir(parents=True)
    (tmp_path / "site-packages" / "assets").mkdir()  # a stray folder beside it must not win
    monkeypatch.setattr(settings, "PACKAGE_DIR", package)
    assert resource_dir("assets") == package / "assets"
    # a resource missing from the package falls back to the folder beside it
    assert resource_dir("seeds") == tmp_path / "site-packages" / "seeds"
