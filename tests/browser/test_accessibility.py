"""The page as assistive technology meets it: axe-core (from the npm registry, installed by
`make test` into .cache/axe) run inside headless Chromium on every state a reader reaches: the
network, an actor selected, a relation selected, the article and the table.

``axe_problems(dash_duo)`` is for other pages' tests (curate mode) to call too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard import ids
from dashboard.app import create_app
from tests.browser.test_dashboard import GRAPH_DIV, click_actor, wait_for_panel_title
from tests.browser.test_reading import open_tab, wait_for_grid

pytestmark = pytest.mark.browser

ROOT = Path(__file__).parents[2]
AXE = ROOT / ".cache" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")
# Run axe on the whole document and hand back its violations, trimmed to what a message needs.
RUN_AXE = """
const done = arguments[arguments.length - 1];
window.axe.run(document, {resultTypes: ['violations']}).then(result => done(
  result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5),
  }))
)).catch(error => done({error: String(error)}));
"""


def axe_source() -> str:
    """axe-core's script; missing, it fails the test with how to get it (never a skip)."""
    if not AXE.is_file():
        raise RuntimeError(
            f"{AXE.relative_to(ROOT)} is missing: run `make test`, which installs axe-core "
            "from the npm registry (npm install --prefix .cache/axe axe-core@4)"
        )
    return AXE.read_text(encoding="utf-8")


def axe_violations(dash_duo) -> list[dict]:
    """Every violation axe-core finds in the page as it is now (each: id, impact, help, nodes)."""
    driver = dash_duo.driver
    if not driver.execute_script("return Boolean(window.axe);"):
        driver.execute_script(axe_source())
    driver.set_script_timeout(60)
    found = driver.execute_async_script(RUN_AXE)
    if isinstance(found, dict):
        raise RuntimeError(f"axe-core failed: {found['error']}")
    return found


def axe_problems(dash_duo, impacts=SERIOUS) -> list[str]:
    """The serious and critical violations in the page now, one line each (rule, impact, what it
    asks, where): in a browser test, ``assert axe_problems(dash_duo) == []``."""
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {json.dumps(v['nodes'])}"
        for v in axe_violations(dash_duo)
        if v["impact"] in impacts
    ]


@pytest.fixture
def served(dash_duo, seed_dataset):
    dash_duo.start_server(create_app(seed_dataset))
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)
    return dash_duo


def test_a11y001_network_has_no_serious_violation(served):
    assert axe_problems(served) == []
    assert served.get_logs() == []


def test_a11y002_an_actor_selected_has_no_serious_violation(served, seed_model):
    click_actor(served, seed_model, "iran")
    wait_for_panel_title(served, "Iran")
    served.wait_for_element(f"#{ids.PANEL} .quotes li", timeout=10)
    assert axe_problems(served) == []
    assert served.get_logs() == []


def test_a11y003_article_with_a_sentence_selected_has_no_serious_violation(served):
    open_tab(served, "article")
    served.wait_for_element(f"#{ids.ARTICLE_VIEW} a.sentence", timeout=10)
    served.find_element("#sentence-1-9").click()
    wait_for_panel_title(served, "Sentence 9")
    assert axe_problems(served) == []
    assert served.get_logs() == []


def test_a11y004_table_with_a_relation_selected_has_no_serious_violation(served, seed_model):
    open_tab(served, "table")
    wait_for_grid(served, list(seed_model.dataset.triples.index))
    served.find_element(f"#{ids.TABLE} .ag-row[row-index='0'] .ag-cell").click()
    wait_for_panel_title(served, "Relation")
    assert axe_problems(served) == []
    assert served.get_logs() == []


def test_a11y005_the_page_names_its_language_and_the_article_its_own(served, seed_dataset):
    # The controls and the panel's own words are English; the article is in the dataset's language.
    assert served.driver.execute_script("return document.documentElement.lang;") == "en"
    open_tab(served, "article")
    text = served.wait_for_element(f"#{ids.ARTICLE_VIEW} .article-text", timeout=10)
    assert text.get_attribute("lang") == seed_dataset.meta["language"]
    assert served.get_logs() == []
