"""Comparing two curations in a real headless Chromium: the key and the agreement figures, the
filter by side and its address, each side's quotes in the panel, the table's curation column
and the article's marks where the two disagree.

The pair is tests/data/compare/reference (A) and directed-swap (B), which reads two directed
relations the wrong way round: two relations only in A, two only in B, four in both.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard import ids
from dashboard.app import create_app
from dashboard.comparison_view import union_of
from dashboard.dataset import load_dataset
from tests.browser.test_dashboard import DRAWN_EDGES, GRAPH_DIV, wait_for_panel_title
from tests.browser.test_reading import grid_rows, open_tab, visit
from tests.test_comparison_view import quoted_sentences

pytestmark = pytest.mark.browser

COMPARE = Path(__file__).parents[1] / "data" / "compare"
ONLY_A = ["iran/supplies_weapons/russia/alleged", "united-states/accuses/iran/stated"]
ONLY_B = ["iran/accuses/united-states/stated", "russia/supplies_weapons/iran/alleged"]
BOTH = [
    "china/meets/russia/stated",
    "iran/cooperates/russia/stated",
    "iran/signs_agreement/russia/stated",
    "russia/military_action/ukraine/alleged",
]
# The letters the figure draws beside one-sided relations: (letter, edge id).
LETTERS = f"""
const gd = document.querySelector('{GRAPH_DIV}');
const found = [];
for (const t of gd.data) {{
  if (t.mode !== 'text') continue;
  t.text.forEach((letter, i) => found.push([letter, t.customdata[i]]));
}}
return found.sort();
"""


@pytest.fixture
def compared(dash_duo):
    union = union_of(load_dataset(COMPARE / "reference"), load_dataset(COMPARE / "directed-swap"))
    dash_duo.start_server(create_app(union))
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)
    return dash_duo


def drawn(dash_duo) -> list[str] | None:
    """The edges the graph draws; None while the page has no graph yet (after a reload)."""
    ready = f"return !!(document.querySelector('{GRAPH_DIV}') || {{}}).data;"
    if not dash_duo.driver.execute_script(ready):
        return None
    return dash_duo.driver.execute_script(DRAWN_EDGES)


def wait_for_drawn(dash_duo, expected: list[str]) -> None:
    dash_duo._wait_for(
        lambda _: drawn(dash_duo) == sorted(expected),
        timeout=10,
        msg=lambda _: f"drawn {drawn(dash_duo)}, expected {sorted(expected)}",
    )


def side_box(dash_duo, side: str):
    return dash_duo.find_element(f"#{ids.SIDE_FILTER} input[value='{side}']")


def test_cmp101_key_figures_filter_and_address(compared):
    block = compared.find_element(f"#{ids.COMPARISON_BLOCK}")
    text = block.text
    assert "Comparing two curations" in text.title() or "COMPARING TWO CURATIONS" in text
    # the key names each side in words beside its letter, with how many relations it has
    assert "In both (4)" in text
    assert "Only in A (reference) (2)" in text
    assert "Only in B (directed-swap) (2)" in text
    # the agreement figures: 6 relations each, 4 in both, F1 = 2*4/(6+6)
    relations_row = compared.find_element(".agreement-table tbody tr").text.split()
    assert relations_row == ["Relations", "6", "6", "4", "0.67"]
    assert sorted(drawn(compared)) == sorted(ONLY_A + ONLY_B + BOTH)
    letters = compared.driver.execute_script(LETTERS)
    assert letters == sorted([["A", e] for e in ONLY_A] + [["B", e] for e in ONLY_B])

    side_box(compared, "both").click()  # show only the differences
    wait_for_drawn(compared, ONLY_A + ONLY_B)
    compared._wait_for(lambda d: "sides=a,b" in d.current_url, timeout=10, msg="the address")
    side_box(compared, "a").click()
    wait_for_drawn(compared, ONLY_B)
    compared._wait_for(lambda d: d.current_url.endswith("?sides=b"), timeout=10, msg="address")

    # the address alone restores the filter (a fresh load)
    visit(compared, "/?sides=a")
    wait_for_drawn(compared, ONLY_A)
    assert [side_box(compared, s).is_selected() for s in ("both", "a", "b")] == [
        False,
        True,
        False,
    ]
    assert compared.get_logs() == []


def test_cmp102_panel_table_and_article(compared):
    # a relation both have: the panel lists A's quote and B's, each named
    visit(compared, "/?edge=iran/signs_agreement/russia/stated")
    wait_for_panel_title(compared, "Relation")
    quotes = compared.find_elements(f"#{ids.PANEL} .quotes li")
    # (the chips are set in capitals by CSS)
    named = [
        ("a (reference)" in q.text.lower(), "b (directed-swap)" in q.text.lower()) for q in quotes
    ]
    assert named == [(True, False), (False, True)]
    chips = [c.text.lower() for c in compared.find_elements(f"#{ids.PANEL} .quotes li code")]
    assert chips == ["a (reference)", "b (directed-swap)"]  # the curation, as a chip
    # a relation only B has: its badge says so, and B's note is shown
    visit(compared, "/?edge=iran/accuses/united-states/stated")
    wait_for_panel_title(compared, "Relation")
    panel = compared.find_element(f"#{ids.PANEL}").text
    assert "only in b" in panel.lower() and "misread on purpose" in panel  # CSS capitalises
    assert compared.find_elements(f"#{ids.PANEL} .badge-side-b")

    # the table: a column says whose row it is, and the side filter applies
    visit(compared, "/?sides=b&tab=table")
    compared._wait_for(lambda _: len(grid_rows(compared) or []) == 2, timeout=10, msg="2 rows")
    rows = grid_rows(compared)
    assert {r["curation"] for r in rows} == {"B (directed-swap)"}
    headers = [h.text for h in compared.find_elements(f"#{ids.TABLE} .ag-header-cell-text")]
    assert "Curation" in headers

    # the article: the sentence both misread is marked, the treaty's is not
    visit(compared, "/")
    open_tab(compared, "article")
    compared.wait_for_element(f"#{ids.ARTICLE_VIEW} .disagree-mark", timeout=10)
    marked = compared.find_elements(f"#{ids.ARTICLE_VIEW} .sentence-disagree")
    texts = [m.text for m in marked]
    assert any("The United States accused Tehran" in t for t in texts), texts
    assert not any("signed a treaty" in t for t in texts), texts
    mark = compared.find_element(f"#{ids.ARTICLE_VIEW} .disagree-mark")
    assert "the curations disagree here" in mark.get_attribute("title")
    assert compared.get_logs() == []


# Curate mode with a comparison: settling the differences


def settle_button(dash_duo, edge: str, action: str):
    found = [
        b
        for b in dash_duo.find_elements(".adjudication-list button")
        if f'"edge":"{edge}"' in (b.get_attribute("id") or "").replace(" ", "")
        and f'"action":"{action}"' in (b.get_attribute("id") or "").replace(" ", "")
    ]
    assert len(found) == 1, (edge, action)
    return found[0]


def differences(dash_duo) -> int:
    return len(dash_duo.find_elements(".adjudication-list li"))


def test_cmp103_accept_reject_and_undo_in_curate_mode(dash_duo, tmp_path):
    from dashboard.curate import ids as curate_ids
    from dashboard.curate.app import create_curate_app
    from dashboard.curate.store import Store

    folder = tmp_path / "reference"
    shutil.copytree(COMPARE / "reference", folder)
    triples = folder / "triples.csv"
    original = triples.read_text()
    store = Store.open(folder)
    other = load_dataset(COMPARE / "directed-swap")
    dash_duo.start_server(create_curate_app(store, "unused", compare=other))
    dash_duo.wait_for_element(".adjudication-list", timeout=15)
    assert differences(dash_duo) == 4
    assert "differences to settle (4)" in dash_duo.find_element(".adjudicate").text.lower()

    def wait(condition, what):
        dash_duo._wait_for(lambda _: condition(), timeout=10, msg=what)

    def status() -> str:
        return dash_duo.find_element(f"#{curate_ids.STATUS}").text

    # Accept B's reading of the accusation: its row is appended to A's triples.csv
    settle_button(dash_duo, "iran/accuses/united-states/stated", "accept").click()
    wait(lambda: status().startswith("Accepted into A"), "the status says it was accepted")
    accepted = (
        "iran,accuses,united-states,The United States accused Tehran,stated,misread on purpose\n"
    )
    assert triples.read_text() == original + accepted
    wait(lambda: differences(dash_duo) == 3, "the accepted difference leaves the list")
    wait(
        lambda: (
            ["B", "iran/accuses/united-states/stated"]
            not in dash_duo.driver.execute_script(LETTERS)
        ),
        "the figure no longer marks it as only in B",
    )

    # Reject A's reading of the drones: its row is deleted from A
    settle_button(dash_duo, "iran/supplies_weapons/russia/alleged", "reject").click()
    wait(lambda: status().startswith("Rejected from A"), "the status says it was rejected")
    assert "iran,supplies_weapons,russia" not in triples.read_text()
    wait(lambda: differences(dash_duo) == 2, "the rejected difference leaves the list")

    # Undo restores the files, one change at a time, and the differences come back
    dash_duo.find_element(f"#{curate_ids.UNDO}").click()
    wait(lambda: "iran,supplies_weapons,russia" in triples.read_text(), "the row is back")
    wait(lambda: differences(dash_duo) == 3, "the difference is back")
    dash_duo.find_element(f"#{curate_ids.UNDO}").click()
    wait(lambda: triples.read_text() == original, "the file is as it was")
    wait(lambda: differences(dash_duo) == 4, "every difference is back")
    assert dash_duo.get_logs() == []


def test_cmp104_the_side_filter_narrows_the_panel_and_the_article(compared):
    union = union_of(load_dataset(COMPARE / "reference"), load_dataset(COMPARE / "directed-swap"))
    expected, fewer = ([f"sentence-1-{n}" for n in quoted_sentences(union, sides)]
                       for sides in (("both", "a"), ("both",)))  # fmt: skip
    assert fewer != expected
    compared.driver.execute_script(
        f"window.dash_clientside.set_props('{ids.SELECTION}', "
        "{data: {kind: 'actor', id: 'iran'}});"
    )
    wait_for_panel_title(compared, "Iran")

    def panel() -> str:  # the badges are upper case on the screen
        return compared.find_element(f"#{ids.PANEL}").text.lower()

    assert "only in b" in panel()  # Iran has relations only B reads
    side_box(compared, "b").click()
    compared._wait_for(lambda _: "only in b" not in panel(), timeout=10,
                       msg="B's relations gone from the panel")  # fmt: skip
    assert "only in a" in panel()
    open_tab(compared, "article")
    links = (
        f"return [...document.querySelectorAll('#{ids.ARTICLE_VIEW} a.sentence')].map(a => a.id);"
    )
    compared._wait_for(lambda d: d.execute_script(links) == expected, timeout=10,
                       msg=lambda d: f"linked {d.execute_script(links)}, expected {expected}")  # fmt: skip
    side_box(compared, "a").click()  # and the article follows the filter while it is shown
    compared._wait_for(lambda d: d.execute_script(links) == fewer, timeout=10,
                       msg=lambda d: f"linked {d.execute_script(links)}, expected {fewer}")  # fmt: skip
    assert compared.get_logs() == []
