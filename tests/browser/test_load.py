"""A page load in Chromium asks the server for each thing once, and for nothing after the page
has rendered but the table's bundle, which it only names (dashboard/app.py)."""

from __future__ import annotations

import pytest

from dashboard.app import create_app
from tests.browser.test_dashboard import GRAPH_DIV

pytestmark = pytest.mark.browser

# Every request of the page so far: [address path, what started it].
REQUESTS = """
return performance.getEntriesByType('resource').map(e => {
  const url = new URL(e.name);
  return [url.pathname, e.initiatorType];
});
"""


def test_load001_each_thing_is_fetched_once_with_the_page(dash_duo, seed_dataset):
    dash_duo.start_server(create_app(seed_dataset))
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)
    requests = dash_duo.driver.execute_script(REQUESTS)
    paths = [path for path, _ in requests]
    assert len(paths) == len(set(paths)), paths
    # the layout and the callbacks: fetched by the preload links, and only by them
    started = dict(requests)
    assert started["/_dash-layout"] == "link" and started["/_dash-dependencies"] == "link"
    # plotly.js and dcc's chunks come with the page, at versioned addresses: the Graph and the
    # Dropdowns fetch nothing of their own when they mount
    late = [
        p for p in paths if p.endswith(("/plotly.min.js", "/async-graph.js", "/async-dropdown.js"))
    ]
    assert late == []
    assert any("/dashboard/vendor/plotly-strict.v" in p for p in paths)
    assert dash_duo.driver.execute_script("return Boolean(window.Plotly)")
    assert dash_duo.get_logs() == []
