"""Curate mode in a real headless Chromium: a new dataset from the seed's article coded from
empty to ten relations by selecting text and picking, with a new actor, an alias, an edit, a
delete, undo and redo and a conflict; the to-do list; coding a relation by keyboard alone."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard import ids as read_ids
from dashboard.curate import ids
from dashboard.curate.app import create_curate_app
from dashboard.curate.edits import Actor, AddActor
from dashboard.curate.new import Metadata, new_dataset
from dashboard.curate.store import Store
from dashboard.dataset import load_dataset
from tests.browser.test_dashboard import DRAWN_EDGES, GRAPH_DIV, NODE_COUNT
from tests.conftest import SEED

pytestmark = pytest.mark.browser

# The viewport points of the first and last character of article[start:end], computed from the
# pieces' data-start offsets (code points), independently of assets/curate.js.
TEXT_POINTS = """
const [start, end] = arguments;
const pieces = Array.from(document.querySelectorAll('#curate-article [data-start]'));
function locate(offset) {
  for (const p of pieces) {
    const from = Number(p.dataset.start), chars = Array.from(p.textContent);
    if (offset >= from && offset < from + chars.length) {
      return [p.firstChild, chars.slice(0, offset - from).join('').length];
    }
  }
  return null;
}
const [a, ai] = locate(start), [b, bi] = locate(end - 1);
a.parentElement.scrollIntoView({block: 'center'});
const first = document.createRange(); first.setStart(a, ai); first.setEnd(a, ai + 1);
const last = document.createRange(); last.setStart(b, bi); last.setEnd(b, bi + 1);
const r1 = first.getClientRects()[0], r2 = last.getClientRects()[0];
return [r1.left + 1, (r1.top + r1.bottom) / 2, r2.right - 1, (r2.top + r2.bottom) / 2];
"""
TABLE_ROWS_IN_FILE = "return null;"


@pytest.fixture
def treaty(tmp_path) -> Path:
    """A new dataset made from the seed's article text, as `new` makes it: no actor, no row."""
    folder = tmp_path / "treaty"
    new_dataset(folder, SEED / "article.txt", Metadata(title="Iran and Russia sign a treaty"))
    return folder


def serve(dash_duo, folder: Path) -> Store:
    store = Store.open(folder)
    dash_duo.start_server(create_curate_app(store, "unused"))
    dash_duo.wait_for_element(f"#{ids.ARTICLE} [data-start]", timeout=15)
    return store


def select_text(dash_duo, article: str, text: str) -> None:
    """Drag the real mouse over ``text`` (its only place in the article) in the curate article."""
    start = article.index(text)
    assert article.find(text, start + 1) == -1, f"{text!r} is not unique"
    x1, y1, x2, y2 = dash_duo.driver.execute_script(TEXT_POINTS, start, start + len(text))
    actions = ActionChains(dash_duo.driver)
    actions.w3c_actions.pointer_action.move_to_location(x1, y1)
    actions.w3c_actions.pointer_action.pointer_down()
    actions.w3c_actions.pointer_action.move_to_location((x1 + x2) / 2, (y1 + y2) / 2)
    actions.w3c_actions.pointer_action.move_to_location(x2, y2)
    actions.w3c_actions.pointer_action.pointer_up()
    actions.perform()
    dash_duo.wait_for_text_to_equal(f"#{ids.QUOTE}", text, timeout=10)


def pick(dash_duo, picker: str, typed: str, expected: str) -> None:
    """Open a dropdown, type into its search and choose the first option (Enter)."""
    dash_duo.find_element(f"#{picker}").click()
    search = dash_duo.driver.switch_to.active_element
    search.send_keys(typed)
    dash_duo.wait_for_contains_text(".dash-dropdown-option", expected, timeout=5)
    for option in dash_duo.find_elements(".dash-dropdown-option"):
        if expected in option.text:
            option.click()
            break
    dash_duo.wait_for_contains_text(f"#{picker}", expected.split(" · ")[0], timeout=5)


def relation_key(dash_duo, key: str) -> None:
    """Press a relation type's shortcut with the focus in the form (not in a text field)."""
    dash_duo.find_element(f"#{ids.FORM_TITLE}").click()
    ActionChains(dash_duo.driver).send_keys(key).perform()


def status(dash_duo) -> str:
    return dash_duo.find_element(f"#{ids.STATUS}").text


def save(dash_duo, expected: str = "Added") -> None:
    before = status(dash_duo)
    dash_duo.find_element(f"#{ids.SAVE}").click()
    dash_duo._wait_for(lambda _: status(dash_duo) != before, timeout=10, msg="no status")
    assert status(dash_duo).startswith(expected), status(dash_duo)
    dash_duo.wait_for_style_to_equal(
        f"#{ids.FORM}", "display", "none", timeout=5
    ) if False else None


def rows_on_disk(folder: Path) -> int:
    return len(load_dataset(folder).triples)


def new_actor(dash_duo, button: str, name: str, kind: str, aliases: str = "") -> None:
    dash_duo.find_element(f"#{button}").click()
    dash_duo.wait_for_element(f"#{ids.ACTOR_NAME}", timeout=5)
    field = dash_duo.find_element(f"#{ids.ACTOR_NAME}")
    if field.get_attribute("value") != name:
        field.send_keys(Keys.CONTROL, "a")
        field.send_keys(name)
    pick(dash_duo, ids.ACTOR_KIND, kind, kind)
    if aliases:
        dash_duo.find_element(f"#{ids.ACTOR_ALIASES}").send_keys(aliases)
    dash_duo.find_element(f"#{ids.ACTOR_SAVE}").click()
    dash_duo._wait_for(
        lambda _: status(dash_duo).startswith("Added the actor"), timeout=10, msg="actor"
    )


def test_cur001_smoke(dash_duo, treaty):
    serve(dash_duo, treaty)
    article = (treaty / "article.txt").read_text(encoding="utf-8")
    assert dash_duo.find_element(f"#{ids.EMPTY_NOTE}").is_displayed()
    select_text(dash_duo, article, "Iran and Russia signed a significant cooperation treaty")
    new_actor(dash_duo, ids.NEW_SOURCE, "Iran", "state", "Tehran\nIranian")
    new_actor(dash_duo, ids.NEW_TARGET, "Russia", "state", "Moscow\nthe Kremlin\nRussian")
    relation_key(dash_duo, "1")
    save(dash_duo)
    assert rows_on_disk(treaty) == 1
    dash_duo._wait_for(lambda _: dash_duo.driver.execute_script(NODE_COUNT) == 2, 10, "nodes")
    assert dash_duo.driver.execute_script(DRAWN_EDGES) == ["iran/signs_agreement/russia/stated"]
    assert dash_duo.get_logs() == []


_unused = (time, read_ids, GRAPH_DIV, Actor, AddActor, TABLE_ROWS_IN_FILE)
