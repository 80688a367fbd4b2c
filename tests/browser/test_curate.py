"""Curate mode in a real headless Chromium: a new dataset from the seed's article coded from
empty to ten relations by selecting text and picking, with a new actor, an alias, an edit, a
delete, undo and redo and a conflict; the to-do list; coding a relation by keyboard alone; a
change that moves no actor, and "Lay out again"; accepting a relation with its actor, undone
by one Undo."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.keys import Keys

from dashboard import ids as read_ids
from dashboard.curate import ids
from dashboard.curate.app import create_curate_app
from dashboard.curate.choices import todo_items
from dashboard.curate.edits import Actor, AddActor
from dashboard.curate.new import Metadata, new_dataset
from dashboard.curate.store import Store
from dashboard.dataset import FILES, load_dataset
from dashboard.graph import NetworkModel
from tests.browser.test_compare_view import COMPARE, settle_button
from tests.browser.test_dashboard import DRAWN_EDGES, GRAPH_DIV, NODE_COUNT
from tests.browser.test_reading import focused, press, tab_to
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
    """Drag the real mouse over ``text`` (its first place in the article) in the curate article."""
    start = article.index(text)
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
    button = dash_duo.find_element(f"#{picker}")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()
    dash_duo.wait_for_element(".dash-dropdown-search", timeout=5)
    search = dash_duo.driver.switch_to.active_element
    if "dash-dropdown-search" not in search.get_attribute("class"):
        # A picker with a value opens on its chosen option: go to the search box.
        search = dash_duo.find_element(".dash-dropdown-search")
        search.click()
    search.send_keys(typed)
    try:
        dash_duo.wait_for_contains_text(".dash-dropdown-option", expected, timeout=5)
    except Exception:
        dash_duo.driver.save_screenshot("/tmp/cu/fail.png")
        raise
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


def wait(dash_duo, condition, what: str, timeout: float = 10) -> None:
    dash_duo._wait_for(lambda _: condition(), timeout, what)


def code(dash_duo, article, quote, source=None, target=None, key="1", alleged=False) -> None:
    """Code one relation: select the quote, pick what is not guessed from it, press the
    relation's key, Save."""
    select_text(dash_duo, article, quote)
    if source:
        pick(dash_duo, ids.SOURCE, *source)
    if target:
        pick(dash_duo, ids.TARGET, *target)
    if alleged:
        dash_duo.find_element(f"#{ids.CERTAINTY} input[value='alleged']").click()
    relation_key(dash_duo, key)
    save(dash_duo)


def row_button(dash_duo, quote: str, label: str):
    """The Edit or Delete button of the listed row that quotes ``quote``."""
    for item in dash_duo.find_elements(f"#{ids.ROWS} .row-item"):
        if item.find_element("css selector", ".row-quote").text == quote:
            return next(b for b in item.find_elements("css selector", "button") if b.text == label)
    raise AssertionError(f"no listed row quotes {quote!r}")


def disk_rows(folder: Path) -> list[tuple]:
    triples = load_dataset(folder).triples
    columns = [triples[c] for c in ("source", "relation", "target", "quote")]
    return list(zip(*columns, strict=True))


def test_cur001_new_dataset_coded_to_ten_relations(dash_duo, treaty):
    store = serve(dash_duo, treaty)
    article = (treaty / "article.txt").read_text(encoding="utf-8")
    invitation = dash_duo.find_element(f"#{ids.EMPTY_NOTE}")
    assert invitation.is_displayed() and "No relations yet" in invitation.text
    started = time.monotonic()

    # 1: two new actors, created from the pickers; the relation by its key.
    select_text(dash_duo, article, "Iran and Russia signed a significant cooperation treaty")
    new_actor(dash_duo, ids.NEW_SOURCE, "Iran", "state", "Tehran\nIranian")
    new_actor(dash_duo, ids.NEW_TARGET, "Russia", "state", "Moscow\nthe Kremlin\nRussian")
    relation_key(dash_duo, "1")
    save(dash_duo)
    wait(dash_duo, lambda: dash_duo.driver.execute_script(NODE_COUNT) == 2, "two actors drawn")
    # (the same answer hides it, but React may paint it a frame later than Plotly's redraw)
    wait(dash_duo, lambda: not dash_duo.find_element(f"#{ids.EMPTY_NOTE}").is_displayed(),
         "the invitation gone")  # fmt: skip

    # A quote found more than once is refused, with the validator's message; nothing is written.
    select_text(dash_duo, article, "Iran and Russia")
    assert "occurs 8 times" in dash_duo.find_element(f"#{ids.QUOTE_WARNING}").text
    relation_key(dash_duo, "5")
    dash_duo.find_element(f"#{ids.SAVE}").click()
    dash_duo.wait_for_contains_text(f"#{ids.FORM_MESSAGE}", "Not saved", timeout=10)
    assert "triples.csv" in dash_duo.find_element(f"#{ids.FORM_MESSAGE}").text
    assert len(disk_rows(treaty)) == 1
    dash_duo.find_element(f"#{ids.CANCEL}").click()

    # 2-4: pickers for actors the quote does not name; a third actor; guessed ends.
    code(dash_duo, article, "cementing closer ties between the two nations",
         ("Iran", "Iran"), ("Russia", "Russia"), key="5")  # fmt: skip
    select_text(dash_duo, article, "amidst tensions with Western powers")
    pick(dash_duo, ids.SOURCE, "Iran", "Iran")
    new_actor(dash_duo, ids.NEW_TARGET, "the West", "bloc", "Western powers")
    relation_key(dash_duo, "h")
    save(dash_duo)
    code(dash_duo, article, "Moscow has pursued with nations that hold strained relations with the West",
         key="h")  # fmt: skip

    # An alias: select a mention, attach it to an actor; the form then knows the name.
    select_text(dash_duo, article, "Western countries")
    pick(dash_duo, ids.ALIAS_ACTOR, "West", "the West")
    dash_duo.find_element(f"#{ids.ALIAS_ADD}").click()
    wait(dash_duo, lambda: status(dash_duo).startswith("Added the alias"), "alias")
    dash_duo.wait_for_contains_text(f"#{ids.NAMED}", "the West", timeout=10)
    dash_duo.find_element(f"#{ids.CANCEL}").click()

    # 5-6: one quote, two rows.
    sanctions = "the extensive sanctions imposed on both Iran and Russia by Western countries"
    code(dash_duo, article, sanctions, ("West", "the West"), ("Iran", "Iran"), key="f")
    code(dash_duo, article, sanctions, ("West", "the West"), ("Russia", "Russia"), key="f")

    # 7-8: people, created as they come.
    select_text(dash_duo, article, "Iranian President Masoud Pezeshkian arrived in Moscow")
    new_actor(dash_duo, ids.NEW_SOURCE, "Masoud Pezeshkian", "person")
    relation_key(dash_duo, "3")
    save(dash_duo)
    select_text(dash_duo, article, "for discussions with Russian President Vladimir Putin")
    pick(dash_duo, ids.SOURCE, "Pezeshkian", "Masoud Pezeshkian")
    new_actor(dash_duo, ids.NEW_TARGET, "Vladimir Putin", "person")
    relation_key(dash_duo, "2")
    save(dash_duo)

    # 9-10: an alleged relation; a second quote for an existing relation.
    code(dash_duo, article, "The agreement will likely raise concerns in Western capitals",
         ("West", "the West"), ("Iran", "Iran"), key="d", alleged=True)  # fmt: skip
    code(dash_duo, article, "Iran and Russia’s 20-year agreement underscores a shared goal of "
         "navigating Western sanctions", key="5")  # fmt: skip
    seconds = time.monotonic() - started
    print(f"\nten relations coded through the page in {seconds:.1f} s")
    assert len(disk_rows(treaty)) == 10

    # The network, the table and the article's marks follow.
    drawn = dash_duo.driver.execute_script(DRAWN_EDGES)
    assert "iran/cooperates/russia/stated" in drawn
    assert "the-west/concerned_by/iran/alleged" in drawn
    assert len(dash_duo.find_elements(f"#{ids.ARTICLE} .cited")) >= 9

    # Edit: the selected relation's rows are listed under the panel with Edit and Delete.
    first = "cementing closer ties between the two nations"
    row_button(dash_duo, first, "Edit").click()
    dash_duo.wait_for_text_to_equal(f"#{ids.FORM_TITLE}", "Edit relation", timeout=5)
    relation_key(dash_duo, "6")
    save(dash_duo, "Edited")
    assert ("iran", "economic_cooperation", "russia", first) in disk_rows(treaty)
    assert len(disk_rows(treaty)) == 10

    # Delete, then undo (Ctrl+Z), redo (the button), undo again: in order, on disk.
    wait(dash_duo, lambda: bool(dash_duo.find_elements(f"#{ids.ROWS} .row-item")), "rows")
    row_button(dash_duo, first, "Delete").click()
    wait(dash_duo, lambda: status(dash_duo).startswith("Deleted"), "delete")
    assert len(disk_rows(treaty)) == 9
    dash_duo.find_element("body").click()
    ActionChains(dash_duo.driver).key_down(Keys.CONTROL).send_keys("z").key_up(
        Keys.CONTROL
    ).perform()
    wait(dash_duo, lambda: status(dash_duo).startswith("Undid"), "undo")
    assert len(disk_rows(treaty)) == 10
    dash_duo.find_element(f"#{ids.REDO}").click()
    wait(dash_duo, lambda: status(dash_duo).startswith("Redid"), "redo")
    assert len(disk_rows(treaty)) == 9
    dash_duo.find_element(f"#{ids.UNDO}").click()
    wait(dash_duo, lambda: status(dash_duo).startswith("Undid"), "undo again")
    assert len(disk_rows(treaty)) == 10

    # A conflict: the files changed on disk; nothing is written, the page says so, Reload shows
    # the files as they are.
    triples = treaty / "triples.csv"
    triples.write_text(triples.read_text(encoding="utf-8").replace(",stated,", ",alleged,", 1),
                       encoding="utf-8")  # fmt: skip
    on_disk = triples.read_bytes()
    code_quote = "Both nations maintain that their deepening alliance is not directed against any third country"
    select_text(dash_duo, article, code_quote)
    pick(dash_duo, ids.SOURCE, "Iran", "Iran")
    pick(dash_duo, ids.TARGET, "Russia", "Russia")
    relation_key(dash_duo, "5")
    dash_duo.find_element(f"#{ids.SAVE}").click()
    dash_duo.wait_for_contains_text(f"#{ids.CONFLICT}", "triples.csv", timeout=10)
    assert dash_duo.find_element(f"#{ids.CONFLICT}").is_displayed()
    assert triples.read_bytes() == on_disk
    dash_duo.find_element(f"#{ids.RELOAD}").click()
    dash_duo.wait_for_element(f"#{ids.ARTICLE} [data-start]", timeout=15)
    hidden = f"const e = document.getElementById('{ids.CONFLICT}'); return !!e && e.hidden;"
    wait(dash_duo, lambda: dash_duo.driver.execute_script(hidden), "the banner gone")
    code(dash_duo, article, code_quote, ("Iran", "Iran"), ("Russia", "Russia"), key="5")
    assert len(disk_rows(treaty)) == 11
    dataset = load_dataset(treaty)
    assert dataset.triples["certainty"].iloc[0] == "alleged"  # the change made on disk is kept
    assert "Western countries" in dataset.actors.at["the-west", "aliases"]
    assert store.version == Store.open(treaty).version
    assert dash_duo.get_logs() == []


@pytest.fixture
def two_actors(treaty) -> Path:
    """The new dataset with Iran and Russia defined and no row: the to-do list is full."""
    store = Store.open(treaty)
    for actor in (
        Actor("iran", "Iran", "state", ("Tehran", "Iranian")),
        Actor("russia", "Russia", "state", ("Moscow", "the Kremlin", "Russian")),
    ):
        store.apply(AddActor(actor), store.version)
    return treaty


def todo_sentences(dash_duo) -> list[str]:
    return [e.text for e in dash_duo.find_elements(f"#{ids.TODO_LIST} .todo-text")]


def test_cur002_todo_list_codes_a_sentence_and_explains_another(dash_duo, two_actors):
    serve(dash_duo, two_actors)
    expected = [item.text for item in todo_items(load_dataset(two_actors))]
    assert len(expected) > 5
    dash_duo.find_element(f"#{ids.TODO} summary").click()
    assert todo_sentences(dash_duo) == expected
    assert dash_duo.find_element(f"#{ids.TODO_SUMMARY}").text.startswith(
        f"To do: {len(expected)} sentences"
    )

    # "No relation here": a reason, recorded as an [[uncited]] entry.
    first = dash_duo.find_elements(f"#{ids.TODO_LIST} .todo-item")[0]
    next(
        b for b in first.find_elements("css selector", "button") if b.text == "No relation here"
    ).click()
    dash_duo.wait_for_text_to_equal(f"#{ids.SKIP_SENTENCE}", expected[0], timeout=5)
    reason = "Names both only as <b>signatories</b>; coded from sentence 2 = 1+2"
    dash_duo.find_element(f"#{ids.SKIP_REASON}").send_keys(reason)
    dash_duo.find_element(f"#{ids.SKIP_SAVE}").click()
    wait(dash_duo, lambda: status(dash_duo).startswith("Marked as having no relation"), "skip")
    wait(dash_duo, lambda: todo_sentences(dash_duo) == expected[1:], "the list without it")
    uncited = load_dataset(two_actors).meta["uncited"]
    assert uncited == [{"quote": expected[0], "reason": reason}]

    # "Code it": the form opens on the sentence, the two actors it names already picked.
    second = dash_duo.find_elements(f"#{ids.TODO_LIST} .todo-item")[0]
    next(b for b in second.find_elements("css selector", "button") if b.text == "Code it").click()
    dash_duo.wait_for_text_to_equal(f"#{ids.QUOTE}", expected[1], timeout=5)
    relation_key(dash_duo, "5")
    save(dash_duo)
    wait(dash_duo, lambda: todo_sentences(dash_duo) == expected[2:], "the list without it")
    triples = load_dataset(two_actors).triples
    assert list(triples[["relation", "quote"]].itertuples(index=False, name=None)) == [
        ("cooperates", expected[1])
    ]

    # A click on the marked passage shows its sentence's relations, and its rows to edit.
    mark = dash_duo.find_element(f"#{ids.ARTICLE} .cited")
    dash_duo.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    dash_duo.wait_for_contains_text(f"#{read_ids.PANEL} .panel-title", "Sentence", timeout=10)
    dash_duo.wait_for_contains_text(f"#{ids.ROWS}", expected[1], timeout=10)
    assert dash_duo.get_logs() == []


def test_cur003_keyboard_alone_codes_a_relation(dash_duo, two_actors):
    serve(dash_duo, two_actors)
    expected = todo_items(load_dataset(two_actors))[0]
    # The to-do list opens with Enter; "Code it" with Enter; the form takes the focus.
    tab_to(dash_duo, f"e.parentElement && e.parentElement.id === '{ids.TODO}'")
    press(dash_duo, Keys.ENTER)
    tab_to(dash_duo, "e.textContent === 'Code it'")
    press(dash_duo, Keys.ENTER)
    dash_duo.wait_for_text_to_equal(f"#{ids.QUOTE}", expected.text, timeout=5)
    wait(dash_duo, lambda: dash_duo.driver.execute_script(
        f"return document.activeElement.id === '{ids.FORM}'"), "the form focused")  # fmt: skip
    # Each field is named by its visible label (a picker, by its label and then its value).
    names = [dash_duo.find_element(f"#{f}").accessible_name for f in (ids.SOURCE, ids.TARGET)]
    assert names == ["SOURCE Iran · named here", "TARGET Russia · named here"]
    assert dash_duo.find_element(f"#{ids.NOTE}").accessible_name == "NOTE"
    # The pickers: Tab to one, Backspace clears the guess, Enter opens it, type an alias, Enter.
    for picker, placeholder, typed, name in (
        (ids.SOURCE, "Who acts…", "Kremlin", "Russia"),
        (ids.TARGET, "Acted on…", "Tehran", "Iran"),
    ):
        tab_to(dash_duo, f"e.id === '{picker}'")
        press(dash_duo, Keys.BACKSPACE)
        dash_duo.wait_for_text_to_equal(f"#{picker}-value", placeholder, timeout=5)
        press(dash_duo, Keys.ENTER)
        wait(dash_duo, lambda: "dash-dropdown-search" in focused(dash_duo).get_attribute("class"),
             "the search box focused")  # fmt: skip
        press(dash_duo, typed)
        dash_duo.wait_for_contains_text(".dash-dropdown-option", name, timeout=5)
        press(dash_duo, Keys.ENTER)
        dash_duo.wait_for_contains_text(f"#{picker}", name, timeout=5)
    # The relation by its key (with Alt, from wherever the focus is), the certainty by arrows.
    ActionChains(dash_duo.driver).key_down(Keys.ALT).send_keys("a").key_up(Keys.ALT).perform()
    wait(dash_duo, lambda: dash_duo.driver.execute_script(
        f"return document.querySelector('#{ids.RELATION} input[value=accuses]').checked"),
        "accuses chosen")  # fmt: skip
    tab_to(dash_duo, "e.name === 'curate-certainty' && e.value === 'stated'")
    press(dash_duo, Keys.ARROW_RIGHT)
    press(dash_duo, Keys.ENTER)
    wait(dash_duo, lambda: status(dash_duo).startswith("Added"), "saved by Enter")
    triples = load_dataset(two_actors).triples
    row = triples.iloc[0]
    assert (row["source"], row["relation"], row["target"], row["certainty"], row["quote"]) == (
        "russia", "accuses", "iran", "alleged", expected.text
    )  # fmt: skip
    assert dash_duo.get_logs() == []


def test_cur004_typed_text_stays_data_and_actors_and_types_are_made_and_edited(
    dash_duo, two_actors
):
    serve(dash_duo, two_actors)
    article = (two_actors / "article.txt").read_text(encoding="utf-8")
    hostile = "<img src=x onerror=alert(1)> =1+2"
    label = "trades <b>oil</b> with"
    note = "**not bold** [link](javascript:alert(1)) =SUM(A1)"

    select_text(dash_duo, article, "Iran and Russia signed a significant cooperation treaty")
    new_actor(dash_duo, ids.NEW_SOURCE, hostile, "person")
    # A relation type made from the form is picked at once.
    dash_duo.find_element(f"#{ids.NEW_TYPE}").click()
    dash_duo.find_element(f"#{ids.TYPE_LABEL}").send_keys(label)
    dash_duo.wait_for_text_to_equal(f"#{ids.TYPE_ID}", "id: trades_b_oil_b_with", timeout=5)
    dash_duo.find_element(f"#{ids.TYPE_POLARITY} input[value='cooperative']").click()
    dash_duo.find_element(f"#{ids.TYPE_SAVE}").click()
    wait(dash_duo, lambda: status(dash_duo).startswith("Added the relation type"), "type")
    wait(dash_duo, lambda: dash_duo.driver.execute_script(
        f"return document.querySelector('#{ids.RELATION} input[value=trades_b_oil_b_with]')"
        ".checked"), "the new type chosen")  # fmt: skip
    dash_duo.find_element(f"#{ids.NOTE}").send_keys(note)
    save(dash_duo)

    dataset = load_dataset(two_actors)
    actor_id = "img-src-x-onerror-alert-1-1-2"
    assert dataset.actors.at[actor_id, "name"] == hostile
    assert dataset.relations.at["trades_b_oil_b_with", "label"] == label
    assert dataset.triples.iloc[0]["note"] == note
    # Shown as the text it is: the rows under the panel, the picker, the graph's labels.
    dash_duo.wait_for_contains_text(f"#{ids.ROWS}", f"{hostile} → {label} → Russia", timeout=10)
    assert (
        dash_duo.driver.execute_script("return document.querySelectorAll('img[src=x]').length") == 0
    )
    assert dash_duo.driver.execute_script("return document.querySelectorAll('b').length") == 0

    # The actor's own form: select it, Edit actor, change the description.
    dash_duo.find_element(f"#{ids.FILTERS_BOX} summary").click()  # "Filters and key"
    pick(dash_duo, "actor-search", "onerror", hostile)
    edit = dash_duo.wait_for_element(f"#{ids.ROWS} button.chip", timeout=10)
    assert edit.text == f"Edit actor {hostile}"
    edit.click()
    dash_duo.wait_for_text_to_equal(f"#{ids.ACTOR_TITLE}", f"Edit actor {hostile}", timeout=5)
    assert dash_duo.find_element(f"#{ids.ACTOR_ID}").text == f"id: {actor_id}"
    dash_duo.find_element(f"#{ids.ACTOR_DESCRIPTION}").send_keys("Named with markup, on purpose.")
    dash_duo.find_element(f"#{ids.ACTOR_SAVE}").click()
    wait(dash_duo, lambda: status(dash_duo).startswith("Edited the actor"), "actor edited")
    assert load_dataset(two_actors).actors.at[actor_id, "description"] == (
        "Named with markup, on purpose."
    )

    # Undo survives a reload of the page: the store's journal, not the page, keeps history.
    dash_duo.driver.refresh()
    dash_duo.wait_for_element(f"#{ids.ARTICLE} [data-start]", timeout=15)
    # A page drawn afresh names each labelled picker by its label first (assets/curate.js); the
    # alias picker, whose label is a sentence without an id, keeps Dash's own name.
    first = {p: f"{p}-label" for p in (ids.SOURCE, ids.TARGET, ids.ACTOR_KIND, ids.TYPE_QUAD)}
    first[ids.ALIAS_ACTOR] = f"{ids.ALIAS_ACTOR}-value-count"
    named = f"""return Object.fromEntries({list(first)}.map(id => [id,
        (document.getElementById(id).getAttribute('aria-labelledby') || '').split(' ')[0]]));"""
    wait(dash_duo, lambda: dash_duo.driver.execute_script(named) == first, "the pickers named")
    undo = dash_duo.find_element(f"#{ids.UNDO}")
    assert undo.is_enabled()
    undo.click()
    wait(dash_duo, lambda: status(dash_duo).startswith("Undid: edited the actor"), "undo")
    assert load_dataset(two_actors).actors.at[actor_id, "description"] == ""
    assert dash_duo.get_logs() == []


# Where the browser draws each actor: the figure's data coordinates, by actor id ({} until the
# graph is drawn).
NODE_PLACES = f"""
const gd = document.querySelector('{GRAPH_DIV}');
const nodes = gd && gd.data && gd.data.find(t => t.name === 'actors');
if (!nodes) return {{}};
const places = {{}};
nodes.customdata.forEach((id, i) => {{ places[id] = [nodes.x[i], nodes.y[i]]; }});
return places;
"""


def test_cur005_a_new_actor_moves_no_one_and_lay_out_again_tidies(dash_duo, seed_copy):
    store = serve(dash_duo, seed_copy)
    article = (seed_copy / "article.txt").read_text(encoding="utf-8")
    actors = len(store.dataset.actors)

    def places() -> dict:
        return dash_duo.driver.execute_script(NODE_PLACES)

    wait(dash_duo, lambda: len(places()) == actors, "the graph")
    before = places()

    select_text(dash_duo, article, "Iran and Russia signed a significant cooperation treaty")
    new_actor(dash_duo, ids.NEW_SOURCE, "Persia", "state")
    relation_key(dash_duo, "1")
    save(dash_duo)
    wait(dash_duo, lambda: len(places()) == actors + 1, "persia")
    after = places()
    assert {a: after[a] for a in before} == before  # every actor where it was, exactly
    assert set(after) - set(before) == {"persia"}

    dash_duo.find_element(f"#{ids.RELAYOUT}").click()
    wait(dash_duo, lambda: status(dash_duo).startswith("Laid out again"), "laid out again")
    fresh = NetworkModel.from_dataset(load_dataset(seed_copy)).positions()  # as `run` draws it
    wait(dash_duo, lambda: places() == {a: list(xy) for a, xy in fresh.items()}, "fresh layout")
    assert fresh != {a: tuple(xy) for a, xy in after.items()}  # it did move them
    assert not store.can_redo and len(store.history) == 2  # the actor, the row; nothing more
    assert dash_duo.get_logs() == []


def test_cur006_accepting_a_relation_with_its_actor_is_one_undo(dash_duo, tmp_path):
    folder = Path(shutil.copytree(COMPARE / "reference", tmp_path / "reference"))
    before = {name: (folder / name).read_bytes() for name in FILES}
    store = Store.open(folder)
    other = load_dataset(COMPARE / "ambiguous")  # its "persia" is an actor A lacks
    dash_duo.start_server(create_curate_app(store, "unused", compare=other))
    dash_duo.wait_for_element(".adjudication-list", timeout=15)

    def accept() -> bool:  # the list is drawn again once the page has loaded: find it anew
        try:
            settle_button(dash_duo, "persia/signs_agreement/russia/stated", "accept").click()
        except StaleElementReferenceException:
            return False
        return True

    wait(dash_duo, accept, "the Accept button clicked")
    wait(dash_duo, lambda: status(dash_duo).startswith("Accepted into A"), "accepted")
    assert "(1 row and an actor)" in status(dash_duo)
    after = {name: (folder / name).read_bytes() for name in FILES}
    assert {name for name in FILES if after[name] != before[name]} == {
        "actors.csv", "triples.csv"
    }  # fmt: skip
    dash_duo.find_element(f"#{ids.UNDO}").click()
    wait(dash_duo, lambda: status(dash_duo).startswith("Undid: accepted into A"), "undone")
    assert {name: (folder / name).read_bytes() for name in FILES} == before  # byte for byte
    assert not dash_duo.find_element(f"#{ids.UNDO}").is_enabled()  # nothing else to undo
    dash_duo.find_element(f"#{ids.REDO}").click()
    wait(dash_duo, lambda: status(dash_duo).startswith("Redid: accepted into A"), "redone")
    assert {name: (folder / name).read_bytes() for name in FILES} == after
    assert dash_duo.get_logs() == []


def test_cur007_curate_and_compare_pages_have_no_serious_axe_violation(dash_duo, two_actors):
    from tests.browser.test_accessibility import axe_problems

    serve(dash_duo, two_actors)
    language = load_dataset(two_actors).meta["language"]
    script = "return [document.documentElement.lang, document.querySelector('.curate-text').lang];"
    assert dash_duo.driver.execute_script(script) == ["en", language]
    found = {"as loaded": axe_problems(dash_duo)}
    # The to-do list open and its first sentence's form open, an actor selected.
    dash_duo.find_element(f"#{ids.TODO} > summary").click()
    dash_duo.find_elements(f"#{ids.TODO_LIST} button")[0].click()
    wait(dash_duo, lambda: dash_duo.find_element(f"#{ids.FORM}").is_displayed(), "the form open")
    dash_duo.driver.execute_script(
        f"window.dash_clientside.set_props('{read_ids.SELECTION}', "
        "{data: {kind: 'actor', id: 'russia'}});"
    )
    dash_duo.wait_for_contains_text(f"#{read_ids.PANEL}", "Russia", timeout=10)
    found["form open, an actor selected"] = axe_problems(dash_duo)
    assert found == {"as loaded": [], "form open, an actor selected": []}
    assert dash_duo.get_logs() == []


def test_cur008_compare_page_has_no_serious_axe_violation(dash_duo, tmp_path):
    from tests.browser.test_accessibility import axe_problems

    folder = Path(shutil.copytree(COMPARE / "reference", tmp_path / "reference"))
    other = load_dataset(COMPARE / "ambiguous")
    dash_duo.start_server(create_curate_app(Store.open(folder), "unused", compare=other))
    dash_duo.wait_for_element(".adjudication-list", timeout=15)
    assert axe_problems(dash_duo) == []
    assert dash_duo.get_logs() == []
