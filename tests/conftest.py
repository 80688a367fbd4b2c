"""Shared fixtures: the seed dataset and its model, and headless Chromium for dash_duo."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest
from selenium.webdriver.chrome.options import Options

from dashboard import ids
from dashboard.dataset import load_dataset
from dashboard.graph import DEFAULT_LAYOUT, NetworkModel
from dashboard.settings import SEEDS_DIR
from dashboard.state import ViewState

SEED = SEEDS_DIR / "iran-russia-treaty"
CHROMIUM = "/usr/bin/chromium"
ENVIRONMENT = ("DASHBOARD_DATA", "DASHBOARD_HOST", "DASHBOARD_PORT")


def pytest_setup_options():
    """dash_duo's browser: Debian's Chromium, headless. A missing browser fails the tests."""
    if shutil.which("chromium") is None and shutil.which(CHROMIUM) is None:
        raise RuntimeError("chromium is not installed; run `make test`, which installs it")
    options = Options()
    options.binary_location = shutil.which("chromium") or CHROMIUM
    for argument in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        # WebGL in software (there is no GPU), as a reader's browser has it: a large figure's
        # markers are WebGL (test_scale207 takes it away)
        "--enable-unsafe-swiftshader",
        "--window-size=1440,900",
    ):
        options.add_argument(argument)
    return options


def state_of(
    relations=None, layout=DEFAULT_LAYOUT, hide_isolated=False, *, articles=None, **options
) -> ViewState:
    """A ViewState from the values tests write: relation types and articles as any collection
    (None: all of them), hiding isolated actors as a bool."""
    return ViewState(
        relations=None if relations is None else tuple(relations),
        articles=None if articles is None else tuple(articles),
        layout=layout,
        isolated="hide" if hide_isolated else "fade",
        **options,
    )


@pytest.fixture(scope="session")
def seed_dataset():
    return load_dataset(SEED)


@pytest.fixture(scope="session")
def seed_model(seed_dataset):
    return NetworkModel.from_dataset(seed_dataset)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    """No test may depend on DASHBOARD_* variables set where the suite runs."""
    for name in ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    """A private copy of the seed dataset that a test may break."""
    return Path(shutil.copytree(SEED, tmp_path / SEED.name))


BENCH = Path(__file__).resolve().parent.parent / "bench"


def load_bench(name: str):
    """Import a script of bench/ (not a package) as a module, for smoke runs and generated data."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def panel_request(selection, relations=None, articles=("iran-russia-treaty",)) -> dict:
    """A well-formed request for the panel's callback (which writes the address too), as the
    browser sends it for a new selection on a page at its bare address: the given selection,
    relation filter and articles, every other control at its default."""
    values = {
        ids.RELATION_FILTER: relations, ids.LAYOUT_PICKER: DEFAULT_LAYOUT, ids.FOCUS_PICKER: "all",
        ids.SIZE_PICKER: "quotes", ids.ISOLATED_MODE: "fade", ids.SELECTION: selection,
        ids.ARTICLE_FILTER: articles if articles is None else list(articles),
        ids.VIEW_TAB: "graph", ids.SIDE_FILTER: ["both", "a", "b"],
    }  # fmt: skip
    return {
        "output": f"..{ids.PANEL}.children...{ids.ADDRESS}.data..",
        "outputs": [
            {"id": ids.PANEL, "property": "children"},
            {"id": ids.ADDRESS, "property": "data"},
        ],
        "inputs": [
            {"id": i, "property": "data" if i == ids.SELECTION else "value", "value": v}
            for i, v in values.items()
        ],
        "changedPropIds": [f"{ids.SELECTION}.data"],
        "state": [
            {"id": ids.URL, "property": "search", "value": ""},
            {"id": ids.URL, "property": "hash", "value": ""},
        ],
    }
