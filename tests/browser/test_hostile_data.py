"""A dataset full of script and HTML shows it all as plain text: nothing runs, nothing is injected."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from dashboard import ids
from dashboard.app import create_app
from dashboard.dataset import load_dataset
from dashboard.graph import NetworkModel
from dashboard.table import table_rows
from tests.browser.test_dashboard import GRAPH_DIV, wait_for_panel_title
from tests.browser.test_reading import grid_rows, open_tab
from tests.conftest import SEED, state_of

pytestmark = pytest.mark.browser

# Each payload sets window.__xss if it ever runs.
NAME = '<img src=x onerror="window.__xss=1">Jalali'
DESCRIPTION = "<script>window.__xss=2</script>An envoy."
ALIAS = "javascript:window.__xss=3"
LABEL = '<b onmouseover="window.__xss=4">represents</b>'
NOTE = '<a href="javascript:window.__xss=5">read more</a>'
QUOTE = (
    "Iran told Russia <script>window.__xss=6</script> and <img src=y onerror=window.__xss=7> too."
)
TITLE = "</title><script>window.__xss=8</script>Hostile"


def rewrite(path: Path, change) -> None:
    with path.open(encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    rows = [rows[0], *(change(row) or row for row in rows[1:])]
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerows(rows)


@pytest.fixture
def hostile(tmp_path):
    folder = Path(shutil.copytree(SEED, tmp_path / "hostile"))
    with (folder / "article.txt").open("a", encoding="utf-8") as article:
        article.write("\n" + QUOTE)
    toml = folder / "dataset.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'title = "Iran and Russia sign a 20-year cooperation treaty"', f'title = "{TITLE}"'
        ),
        encoding="utf-8",
    )

    def actor(row):
        if row[0] == "kazim-jalali":
            return [row[0], NAME, row[2], ALIAS, DESCRIPTION]

    def relation(row):
        if row[0] == "represents":
            return [row[0], LABEL, *row[2:]]

    def triple(row):
        if row[0] == "kazim-jalali":
            return [*row[:5], NOTE]

    rewrite(folder / "actors.csv", actor)
    rewrite(folder / "relations.csv", relation)
    rewrite(folder / "triples.csv", triple)
    with (folder / "triples.csv").open("a", encoding="utf-8") as out:
        csv.writer(out, lineterminator="\n").writerow(
            ["iran", "meets", "russia", QUOTE, "stated", NOTE]
        )
    return load_dataset(folder)


def injected(dash_duo) -> dict:
    return dash_duo.driver.execute_script(
        """return {
          xss: window.__xss === undefined ? null : window.__xss,
          imgs: document.querySelectorAll('img').length,
          scripts: Array.from(document.querySelectorAll('body script')).filter(s => !s.src && s.type !== 'application/json' && s.id !== '_dash-renderer').length,
          jsLinks: document.querySelectorAll('a[href^="javascript"]').length,
          bold: document.querySelectorAll('#evidence-panel b, #evidence-panel script').length,
        };"""
    )


GRID_CELLS = f"#{ids.TABLE} .ag-center-cols-container"


def inside(dash_duo, selector: str) -> dict:
    """What markup the data could have injected into one part of the page."""
    return dash_duo.driver.execute_script(
        """const root = document.querySelector(arguments[0]);
        return {
          imgs: root.querySelectorAll('img').length,
          scripts: root.querySelectorAll('script').length,
          bold: root.querySelectorAll('b, [onerror], [onmouseover]').length,
        };""",
        selector,
    )


def click_node(dash_duo, dataset, actor_id: str) -> None:
    traces = dash_duo.find_elements(f"{GRAPH_DIV} .scatterlayer .trace")
    index = list(dataset.actors.index).index(actor_id)
    point = traces[-1].find_elements(By.CSS_SELECTOR, "path.point")[index]
    ActionChains(dash_duo.driver).move_to_element(point).click().perform()


def test_xss001_hostile_text_is_shown_as_text_and_never_runs(dash_duo, hostile):
    dash_duo.start_server(create_app(hostile))
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)
    assert dash_duo.driver.title.startswith(TITLE)
    assert dash_duo.find_element("h1").text == TITLE

    # Open the hostile actor: its name shows in the hover label and the panel, as text.
    click_node(dash_duo, hostile, "kazim-jalali")
    dash_duo.wait_for_contains_text(".hoverlayer", "<img src=x")
    wait_for_panel_title(dash_duo, NAME)
    panel = dash_duo.find_element(f"#{ids.PANEL}").text
    for text in (DESCRIPTION, ALIAS, LABEL, "<a href="):
        assert text in panel, text

    # Iran's panel holds the quote with script and img tags in it, verbatim.
    click_node(dash_duo, hostile, "iran")
    wait_for_panel_title(dash_duo, "Iran")
    dash_duo.wait_for_contains_text(f"#{ids.PANEL}", QUOTE)

    assert injected(dash_duo) == {"xss": None, "imgs": 0, "scripts": 0, "jsLinks": 0, "bold": 0}
    # The CSP would log a blocked inline script: a clean console means nothing even tried to run.
    assert dash_duo.get_logs() == []


def test_xss002_hostile_text_in_the_table_and_the_article_is_text(dash_duo, hostile):
    dash_duo.start_server(create_app(hostile))
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)

    # The table: searching for the payloads finds them in the cells, as text.
    open_tab(dash_duo, "table")
    dash_duo._wait_for(
        lambda _: len(grid_rows(dash_duo) or []) == len(hostile.triples), timeout=10, msg="rows"
    )
    dash_duo.find_element(f"#{ids.TABLE_SEARCH}").send_keys("__xss")
    triples = hostile.triples
    expected = triples.index[
        (triples["source"] == "kazim-jalali")
        | (triples["relation"] == "represents")
        | (triples["quote"] == QUOTE)
    ]
    dash_duo._wait_for(
        lambda _: sorted(r["row"] for r in grid_rows(dash_duo)) == sorted(expected),
        timeout=10,
        msg="the rows with a payload",
    )
    dash_duo._wait_for(
        lambda _: len(dash_duo.find_elements(f"{GRID_CELLS} .ag-row")) == len(expected),
        timeout=10,
        msg="the rows with a payload are drawn",
    )
    shown = ["source", "relation", "target", "quote"]
    drawn = [
        {c.get_attribute("col-id"): c.text for c in row.find_elements(By.CSS_SELECTOR, ".ag-cell")}
        for row in dash_duo.find_elements(f"{GRID_CELLS} .ag-row")
    ]
    model = NetworkModel.from_dataset(hostile)
    wanted = [
        r for r in table_rows(model, state_of(hostile.relations.index)) if r["row"] in expected
    ]
    assert sorted([cells[k] for k in shown] for cells in drawn) == sorted(
        [row[k] for k in shown] for row in wanted
    )
    assert NAME in {cells["source"] for cells in drawn}
    assert LABEL in {cells["relation"] for cells in drawn}
    assert QUOTE in {cells["quote"] for cells in drawn}
    assert inside(dash_duo, f"#{ids.TABLE}") == {"imgs": 0, "scripts": 0, "bold": 0}

    # The article: the hostile sentence is cited, a link whose text is the payload.
    open_tab(dash_duo, "article")
    number = hostile.sentences.index[-1]
    start, end = hostile.sentences.loc[number, ["start", "end"]]
    assert hostile.article[start:end] == QUOTE
    link = dash_duo.wait_for_element(f"#sentence-1-{number}", timeout=10)
    assert link.tag_name == "a"
    assert link.get_attribute("textContent") == QUOTE
    assert inside(dash_duo, f"#{ids.ARTICLE_VIEW}") == {"imgs": 0, "scripts": 0, "bold": 0}

    # Its panel quotes it, with the hostile note, as text.
    link.click()
    wait_for_panel_title(dash_duo, f"Sentence {number}")
    dash_duo.wait_for_contains_class(f"#sentence-1-{number}", "sentence-marked")
    panel = dash_duo.find_element(f"#{ids.PANEL}")
    assert panel.find_element(By.CSS_SELECTOR, ".sentence-quote").text == QUOTE
    assert f"“{QUOTE}”" in panel.text
    assert NOTE in panel.text

    assert injected(dash_duo) == {"xss": None, "imgs": 0, "scripts": 0, "jsLinks": 0, "bold": 0}
    assert dash_duo.get_logs() == []
