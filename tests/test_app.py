"""Tests for dashboard.app's model source: the app serves the model its source holds now."""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from plotly.offline import get_plotlyjs_version

import dashboard
from dashboard import __version__, ids
from dashboard.app import create_app_for
from dashboard.corpus import load_corpus
from dashboard.graph import ModelSource, NetworkModel
from tests.conftest import panel_request
from tests.test_corpus import two_articles


def title_of(layout: dict) -> str:
    """The page's H1, from /_dash-layout's JSON."""
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "H1":
                found.append(node["props"]["children"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(layout)
    return found[0]


def test_app001_a_replaced_model_is_served_to_callbacks_and_on_reload(seed_model, tmp_path):
    models = ModelSource(seed_model)
    client = create_app_for(models).server.test_client()
    seed_title = title_of(client.get("/_dash-layout").get_json())
    assert seed_title == seed_model.dataset.meta["title"]
    # Azerbaijan is an actor of the Caspian article only: unknown to the seed's model.
    before = client.post(
        "/_dash-update-component",
        json=panel_request({"kind": "actor", "id": "azerbaijan"}, articles=None),
    )
    assert before.get_json()["response"][ids.PANEL]["children"][0]["props"]["children"] == (
        "Evidence"
    )
    corpus = NetworkModel.from_dataset(load_corpus(two_articles(tmp_path)))
    models.replace(corpus)
    assert models.current is corpus
    after = client.post(
        "/_dash-update-component",
        json=panel_request({"kind": "actor", "id": "azerbaijan"}, articles=None),
    )
    assert after.get_json()["response"][ids.PANEL]["children"][0]["props"]["children"] == (
        "Azerbaijan"
    )
    assert title_of(client.get("/_dash-layout").get_json()) == "2 articles"
    assert client.get("/health").get_json()["actors"] == len(corpus.dataset.actors)


def test_app002_the_page_is_built_once_per_model(seed_model):
    app = create_app_for(ModelSource(seed_model))
    assert app.layout() is app.layout()


def test_app003_the_read_only_app_imports_nothing_of_curate_mode():
    code = "import sys, dashboard.app, dashboard.wsgi; print([m for m in sys.modules if 'curate' in m])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_app004_the_html_carries_no_second_copy_of_the_figure(seed_model):
    """Dash puts a page built by a function into the HTML again, for its id check: the app
    gives it the page without the figure (nor the grid's store), but with every id."""
    import json
    import re

    app = create_app_for(ModelSource(seed_model))
    html = app.server.test_client().get("/").get_data(as_text=True)
    config = json.loads(re.search(r'id="_dash-config"[^>]*>(.*?)</script>', html, re.S)[1])
    checked = json.dumps(config["validation_layout"])
    served = app.server.test_client().get("/_dash-layout").get_data(as_text=True)
    assert '"figure": {}' in checked and "scatter" not in checked
    assert len(checked) < len(served) / 3
    for component_id in (ids.GRAPH, ids.PANEL, ids.RELATION_FILTER, ids.TABLE, ids.SELECTION):
        assert f'"id": "{component_id}"' in checked


def test_app005_the_grid_bundle_is_named_not_loaded(seed_model):
    """Dash AG Grid's bundle is not among the page's scripts: a prefetch link names it for
    assets/network.js, which loads it when the table is first shown."""
    import re

    app = create_app_for(ModelSource(seed_model))
    client = app.server.test_client()
    html = client.get("/").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and not any("dash_ag_grid" in src for src in scripts)
    assert any(src.startswith("/assets/network.js") for src in scripts)
    (bundle,) = re.findall(
        r'<link rel="prefetch" as="script" id="grid-bundle" href="([^"]+)">', html
    )
    assert "/dash_ag_grid/dash_ag_grid." in bundle
    assert client.get(bundle).status_code == 200


def scripts_of(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


def test_app006_plotly_and_the_lazy_chunks_come_with_the_page_at_versioned_addresses(seed_model):
    """plotly.js and the chunks of dcc's Graph and Dropdown are among the page's scripts, before
    the renderer starts, at addresses with a version, which the browser may keep for a year:
    the Graph then fetches nothing when it mounts, and the browser asks nothing at a reload."""
    app = create_app_for(ModelSource(seed_model))
    client = app.server.test_client()
    html = client.get("/").get_data(as_text=True)
    scripts = scripts_of(html)
    names = ["/dashboard/vendor/plotly-strict.v", "/dcc/async-graph.v", "/dcc/async-dropdown.v"]
    found = [next((src for src in scripts if name in src), None) for name in names]
    assert None not in found, scripts
    for src in found:
        response = client.get(src)
        assert response.status_code == 200 and len(response.get_data()) > 1000
        assert response.headers["Cache-Control"] == "max-age=31536000"
    assert html.index(found[0]) < html.index("new DashRenderer()")


def test_app010_the_vendored_plotly_js_is_the_strict_bundle_of_the_plotly_packages_release():
    """The page's plotly.js (dashboard/vendor/README.md) is the file its README names, of the
    release the plotly package ships. (That its WebGL draws under the page's policy, which
    allows no eval, the browser tests check: scale206.)"""
    vendor = Path(dashboard.__file__).parent / "vendor"
    bundle = (vendor / "plotly-strict.min.js").read_bytes()
    readme = (vendor / "README.md").read_text(encoding="utf-8")
    assert hashlib.sha256(bundle).hexdigest() in readme
    header = bundle[:200].decode()
    assert "plotly.js (strict - minified)" in header
    assert f"v{get_plotlyjs_version()}\n" in header and f"**{get_plotlyjs_version()}**" in readme


@pytest.mark.parametrize("prefix", ["/", "/under/"])
def test_app007_assets_at_their_versioned_address_are_kept_for_a_year(
    seed_model, monkeypatch, prefix
):
    """An asset at the address the page writes (?m=<file time>&v=<package version>) may be
    kept, under any path prefix; the same file asked for without the version (the file's time
    alone, as Dash writes it) or bare is asked about every time, as Flask answers."""
    monkeypatch.setenv("DASH_URL_BASE_PATHNAME", prefix)
    app = create_app_for(ModelSource(seed_model))
    client = app.server.test_client()
    html = client.get(prefix).get_data(as_text=True)
    (labels,) = [s for s in scripts_of(html) if s.startswith(f"{prefix}assets/labels.js?m=")]
    assert labels.endswith(f"&v={__version__}")
    css = re.findall(r'href="([^"]*/assets/[^"]*\.css[^"]*)"', html)
    assert css and all(href.endswith(f"&v={__version__}") for href in css)
    time_only = labels.split("&v=")[0]
    with (
        client.get(labels) as versioned,
        client.get(time_only) as dated,
        client.get(f"{prefix}assets/labels.js") as bare,
    ):
        assert versioned.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        for response in (dated, bare):
            assert response.status_code == 200
            assert "immutable" not in response.headers.get("Cache-Control", "")


def test_app008_the_read_only_page_loads_no_curate_asset(seed_model):
    app = create_app_for(ModelSource(seed_model))
    html = app.server.test_client().get("/").get_data(as_text=True)
    assert "/assets/labels.js" in html  # the page's own assets are there
    assert "curate.js" not in html and "curate.css" not in html


def test_app009_the_head_preloads_the_layout_and_the_callbacks(seed_model):
    """The renderer's first two requests start with the page: preload links in the head, at
    the addresses the renderer asks (tests/browser/test_load.py: it asks each once)."""
    import re

    app = create_app_for(ModelSource(seed_model))
    client = app.server.test_client()
    html = client.get("/").get_data(as_text=True)
    head = html[: html.index("</head>")]
    links = re.findall(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin>', head)
    assert links == ["/_dash-layout", "/_dash-dependencies"]
    for link in links:
        assert client.get(link).get_json()
