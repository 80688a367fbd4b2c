"""Find and focus, and the view in the address bar: search, focus, deep links, the back button."""

from __future__ import annotations

import time

import pytest
from selenium.common.exceptions import StaleElementReferenceException

from dashboard import ids
from dashboard.app import create_app
from dashboard.graph import neighbourhood
from tests.browser.test_dashboard import (
    GRAPH_DIV,
    NODE_COUNT,
    click_actor,
    drawn_edges,
    relation_checkbox,
    wait_for_panel_title,
)

pytestmark = pytest.mark.browser

PANEL_TITLE = (
    f"const e = document.querySelector('#{ids.PANEL} .panel-title'); return e && e.textContent;"
)
FULL_NODES = f"""
const nodes = document.querySelector('{GRAPH_DIV}').data.find(t => t.name === 'actors');
return nodes.customdata.filter((a, i) => nodes.marker.opacity[i] === 1).sort();
"""


@pytest.fixture
def served(dash_duo, seed_dataset):
    dash_duo.start_server(create_app(seed_dataset))
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)
    return dash_duo


def open_address(dash_duo, query: str) -> None:
    """Load the page afresh at an address, as a new browser would: no state but the URL."""
    dash_duo.driver.get("about:blank")
    dash_duo.driver.get(dash_duo.server_url + "/" + query)
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)


def panel_title(dash_duo) -> str | None:
    return dash_duo.driver.execute_script(PANEL_TITLE)


def test_find001_search_by_alias_selects_the_actor(served, seed_model):
    served.find_element(f"#{ids.ACTOR_SEARCH}").click()
    search = served.driver.switch_to.active_element
    search.send_keys("Tehran")  # an alias: the option is Iran
    option = served.wait_for_element("[role=option]", timeout=5)
    assert option.text == "Iran"
    option.click()
    wait_for_panel_title(served, "Iran")
    # the address is written once the panel is painted (dashboard.js, push_address)
    served._wait_for(
        lambda d: d.current_url.endswith("/?actor=iran"), timeout=10, msg="the address"
    )
    # the node is drawn as selected: a dark, thick outline
    outline = served.driver.execute_script(
        f"const n = document.querySelector('{GRAPH_DIV}').data.find(t => t.name === 'actors');"
        "return n.marker.line.width[n.customdata.indexOf('iran')];"
    )
    assert outline == 4
    assert served.get_logs() == []


def test_focus001_one_step_keeps_the_neighbourhood(served, seed_model):
    click_actor(served, seed_model, "kazim-jalali")
    wait_for_panel_title(served, "Kazim Jalali")
    served.find_element(f"#{ids.FOCUS_PICKER} input[value='1']").click()
    served._wait_for(
        lambda _: served.driver.execute_script(FULL_NODES) == ["iran", "kazim-jalali"],
        timeout=10,
        msg="only Jalali and Iran in full colour",
    )
    assert drawn_edges(served) == ["kazim-jalali/represents/iran/stated"]
    served.find_element(f"#{ids.FOCUS_PICKER} input[value='2']").click()
    near = neighbourhood(seed_model.edges, "kazim-jalali", 2)
    served._wait_for(
        lambda _: served.driver.execute_script(FULL_NODES) == sorted(near),
        timeout=10,
        msg="2 steps",
    )
    # the address is written once the panel is painted (dashboard.js, push_address)
    served._wait_for(lambda d: "focus=2" in d.current_url, timeout=10, msg="the address")
    assert served.get_logs() == []


def click_fresh(dash_duo, selector: str) -> None:
    """Click an element, finding it again if a re-render replaced it under us."""
    for _ in range(20):
        try:
            dash_duo.find_element(selector).click()
            return
        except StaleElementReferenceException:
            time.sleep(0.1)
    raise AssertionError(f"{selector} kept going stale")


def test_link002_a_deep_link_restores_the_view_in_a_fresh_page(served, seed_model):
    click_fresh(served, f"#{ids.RELATION_FILTER} input[value='opposes']")
    served._wait_for(
        lambda _: not any("/opposes/" in k for k in drawn_edges(served)), timeout=10, msg="redrawn"
    )  # the graph is redrawn before a node of it is clicked
    click_actor(served, seed_model, "pakistan")
    wait_for_panel_title(served, "Pakistan")
    click_fresh(served, f"#{ids.FOCUS_PICKER} input[value='1']")
    click_fresh(served, f"#{ids.SIZE_PICKER} input[value='betweenness']")
    served._wait_for(
        lambda _: "size=betweenness" in served.driver.current_url, timeout=10, msg="url"
    )
    address = served.driver.current_url
    edges_before = drawn_edges(served)
    query = address[address.index("?") :]
    assert "actor=pakistan" in query and "focus=1" in query and "relations=" in query

    open_address(served, query)
    served._wait_for(lambda _: panel_title(served) == "Pakistan", timeout=10, msg="panel restored")
    served._wait_for(
        lambda _: drawn_edges(served) == edges_before, timeout=10, msg="graph restored"
    )
    assert not relation_checkbox(served, "opposes").is_selected()
    assert relation_checkbox(served, "cooperates").is_selected()
    assert served.find_element(f"#{ids.FOCUS_PICKER} input[value='1']").is_selected()
    assert served.find_element(f"#{ids.SIZE_PICKER} input[value='betweenness']").is_selected()
    assert served.get_logs() == []


def test_link003_unknown_values_in_the_address_are_ignored(served, seed_model):
    open_address(served, "?actor=russia&relations=meets,nonsense&layout=spiral&focus=9&x=<b>")
    served._wait_for(lambda _: panel_title(served) == "Russia", timeout=10, msg="actor applied")
    expected = sorted(seed_model.edges.index[seed_model.edges["relation"] == "meets"])
    served._wait_for(lambda _: drawn_edges(served) == expected, timeout=10, msg="filter applied")
    assert served.driver.execute_script(NODE_COUNT) == len(seed_model.dataset.actors)
    assert served.get_logs() == []


def test_link004_back_steps_through_selections(served, seed_model):
    click_actor(served, seed_model, "iran")
    wait_for_panel_title(served, "Iran")
    served.find_element(f"#{ids.PANEL} button.actor-link").click()  # Iran's first counterpart
    served._wait_for(lambda _: panel_title(served) not in ("Iran", None), timeout=10, msg="moved")
    second = panel_title(served)
    served.driver.back()
    served._wait_for(lambda _: panel_title(served) == "Iran", timeout=10, msg="back to Iran")
    served.driver.back()
    served._wait_for(lambda _: panel_title(served) == "Evidence", timeout=10, msg="back to start")
    served.driver.forward()
    served._wait_for(lambda _: panel_title(served) == "Iran", timeout=10, msg="forward")
    assert second != "Iran"
    assert served.get_logs() == []


def test_down001_csv_download_holds_what_passes_the_filter(served, seed_model):
    import csv
    import io
    from pathlib import Path

    click_fresh(served, f"#{ids.SELECT_NONE}")
    click_fresh(served, f"#{ids.RELATION_FILTER} input[value='accuses']")
    served._wait_for(
        lambda _: drawn_edges(served) == ["united-states/accuses/iran/stated"],
        timeout=10,
        msg="one",
    )
    click_fresh(served, "button[id*='download-button'][id*='\"csv\"']")
    target = Path(served.download_path) / "iran-russia-treaty-filtered.csv"
    served._wait_for(
        lambda _: target.exists() and target.stat().st_size > 0, timeout=15, msg="file"
    )
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert [(r["source"], r["relation"], r["target"], r["sentence"]) for r in rows] == [
        ("united-states", "accuses", "iran", "18")
    ]
    assert (
        rows[0]["quote"]
        == seed_model.dataset.triples.query("relation == 'accuses'")["quote"].iloc[0]
    )
    assert served.get_logs() == []


def test_down002_brat_download_is_a_zip_brat_can_open(served, seed_model):
    import io
    import zipfile
    from pathlib import Path

    click_fresh(served, f"#{ids.SELECT_NONE}")
    click_fresh(served, f"#{ids.RELATION_FILTER} input[value='accuses']")
    served._wait_for(
        lambda _: drawn_edges(served) == ["united-states/accuses/iran/stated"],
        timeout=10,
        msg="one",
    )
    click_fresh(served, "button[id*='download-button'][id*='\"brat\"']")
    target = Path(served.download_path) / "iran-russia-treaty-filtered.zip"
    served._wait_for(
        lambda _: target.exists() and target.stat().st_size > 0, timeout=15, msg="file"
    )
    with zipfile.ZipFile(io.BytesIO(target.read_bytes())) as archive:
        ann = archive.read("iran-russia-treaty/iran-russia-treaty.ann").decode("utf-8")
        text = archive.read("iran-russia-treaty/iran-russia-treaty.txt").decode("utf-8")
    assert text == seed_model.dataset.article
    relations = [line.split("\t")[1] for line in ann.split("\n") if line.startswith("R")]
    assert len(relations) == 1
    assert relations[0].startswith("accuses Arg1:T")
    assert served.get_logs() == []
