"""Reading beside the network, in a real headless Chromium: the article with its cited sentences,
the jump from a quote to its sentence, the table of relations, deep links to both, keyboard-only
use, several articles, the graph saved as SVG and PNG, and hidden tabs that ask for nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import flask
import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from dashboard import ids
from dashboard.app import CALLBACK_PATH, create_app
from dashboard.article_view import sentence_rows
from dashboard.corpus import load_corpus
from dashboard.graph import NetworkModel
from dashboard.table import COLUMNS, table_rows
from tests.browser.test_dashboard import (
    GRAPH_DIV,
    click_actor,
    drawn_edges,
    relation_checkbox,
    wait_for_panel_title,
)
from tests.browser.test_explore import panel_title
from tests.conftest import SEED, state_of

pytestmark = pytest.mark.browser

CASPIAN = Path(__file__).parents[1] / "data" / "caspian-gas-talks"
PANEL = f"#{ids.PANEL}"
ARTICLE = f"#{ids.ARTICLE_VIEW}"
PANES = {"graph": ids.GRAPH_PANE, "article": ids.ARTICLE_PANE, "table": ids.TABLE_PANE}
# The rows the grid shows, in the order it shows them (after its quick filter and sorting).
GRID_ROWS = f"""
// Dash AG Grid's getApi throws while its bundle is loaded but the grid not yet mounted.
let api = null;
try {{ api = window.dash_ag_grid && window.dash_ag_grid.getApi('{ids.TABLE}'); }} catch (e) {{}}
if (!api) return null;
const rows = [];
api.forEachNodeAfterFilterAndSort(n => rows.push(n.data));
return rows;
"""
# Is an element inside the visible part of its scrolling pane, and the pane scrolled?
IN_VIEW = f"""
const e = arguments[0], pane = document.getElementById('{ids.ARTICLE_PANE}');
const r = e.getBoundingClientRect(), p = pane.getBoundingClientRect();
return {{inside: r.top >= p.top && r.bottom <= p.bottom, scrolled: pane.scrollTop > 0}};
"""
# A visible focus indicator: an outline drawn around the element.
OUTLINE = """
const s = getComputedStyle(arguments[0]);
return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
"""
# The article's sentence links: id, text and link target.
LINKS = f"""
return Array.from(document.querySelectorAll('{ARTICLE} a.sentence')).map(
  a => ({{id: a.id, text: a.textContent, href: a.getAttribute('href')}}));
"""
ACTIVE = "const e = document.activeElement; return !!e && Boolean({test});"


@pytest.fixture
def served(dash_duo, seed_dataset):
    """The seed dashboard, its graph drawn."""
    dash_duo.start_server(create_app(seed_dataset))
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)
    return dash_duo


@pytest.fixture
def corpus(tmp_path):
    """Two articles read as one network: the Caspian gas talks (first by name) and the seed."""
    folder = tmp_path / "two-articles"
    shutil.copytree(SEED, folder / SEED.name)
    shutil.copytree(CASPIAN, folder / CASPIAN.name)
    return load_corpus(folder)


def visit(dash_duo, address: str) -> None:
    """Load the page afresh at an address, as a new browser would: no state but the URL."""
    dash_duo.driver.get("about:blank")
    dash_duo.driver.get(dash_duo.server_url + address)
    dash_duo.wait_for_element(f"#{ids.VIEW_TAB}", timeout=15)


def open_tab(dash_duo, tab: str) -> None:
    dash_duo.find_element(f"#{ids.VIEW_TAB} label:has(input[value='{tab}'])").click()
    wait_for_tab(dash_duo, tab)


def wait_for_tab(dash_duo, tab: str) -> None:
    """Wait until a tab is chosen and its pane is the one shown."""

    def shown(driver):
        chosen = driver.find_element(By.CSS_SELECTOR, f"#{ids.VIEW_TAB} input[value='{tab}']")
        panes = {
            name: driver.find_element(By.ID, pane).is_displayed() for name, pane in PANES.items()
        }
        return chosen.is_selected() and panes == {name: name == tab for name in PANES}

    dash_duo._wait_for(shown, timeout=10, msg=f"the {tab} tab is shown")


def chosen_tab(driver) -> str | bool:
    """The tab shown, once the page has left the network it starts with (else False)."""
    for tab in ("article", "table"):
        chosen = driver.find_element(By.CSS_SELECTOR, f"#{ids.VIEW_TAB} input[value='{tab}']")
        if chosen.is_selected() and driver.find_element(By.ID, PANES[tab]).is_displayed():
            return tab
    return False


def grid_rows(dash_duo) -> list[dict] | None:
    return dash_duo.driver.execute_script(GRID_ROWS)


def wait_for_grid(dash_duo, expected) -> list[dict]:
    """Wait until the grid shows exactly the triples ``expected`` (index labels); its rows."""

    def shows(_):
        rows = grid_rows(dash_duo) or []
        return rows if sorted(r["row"] for r in rows) == sorted(expected) else False

    def message(_):
        shown = sorted(r["row"] for r in grid_rows(dash_duo) or [])
        return f"grid shows rows {shown}, expected {sorted(expected)}"

    return dash_duo._wait_for(shows, timeout=10, msg=message)


def sentence_text(dataset, number: int) -> str:
    start, end = dataset.sentences.loc[number, ["start", "end"]]
    return dataset.article[start:end]


def sentence_edges(model: NetworkModel, article: str, number: int) -> list[str]:
    """The edges whose quotes touch a sentence, in the model's order."""
    rows = set(sentence_rows(model)[(article, number)])
    return [key for key, edge_rows in model.edges["rows"].items() if rows & set(edge_rows)]


def edge_text(model: NetworkModel, key: str) -> str:
    """An edge as the panel writes it: "Source → label → Target" (— when undirected)."""
    edge = model.edges.loc[key]
    names = model.dataset.actors["name"]
    arrow = " → " if edge["directed"] else " — "
    label = model.dataset.relations.at[edge["relation"], "label"]
    text = f"{names[edge['source']]}{arrow}{label}{arrow}{names[edge['target']]}"
    return text + (" alleged" if edge["certainty"] == "alleged" else "")


def panel_edges(dash_duo) -> list[str]:
    return [
        e.get_attribute("textContent") for e in dash_duo.find_elements(f"{PANEL} .edge-sentence")
    ]


def press(dash_duo, *keys) -> None:
    """Type keys into whatever has the focus, as a keyboard does."""
    ActionChains(dash_duo.driver).send_keys(*keys).perform()


def tab_to(dash_duo, test: str, backwards: bool = False, limit: int = 80) -> None:
    """Press Tab (Shift+Tab backwards) until the focused element ``e`` passes a JS test."""
    for _ in range(limit):
        if backwards:
            ActionChains(dash_duo.driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(
                Keys.SHIFT
            ).perform()
        else:
            press(dash_duo, Keys.TAB)
        if dash_duo.driver.execute_script(ACTIVE.format(test=test)):
            return
    raise AssertionError(
        f"{limit} presses of {'Shift+' if backwards else ''}Tab never reached {test}"
    )


def focused(dash_duo):
    return dash_duo.driver.switch_to.active_element


def test_art001_article_marks_cited_sentences_and_a_click_shows_their_relations(
    served, seed_model, seed_dataset
):
    open_tab(served, "article")
    cited = sorted(number for _, number in sentence_rows(seed_model))
    assert len(cited) == 44  # distinct sentences in the triples' sentence..sentence_end ranges
    served.wait_for_element(f"{ARTICLE} a.sentence", timeout=10)
    links = served.driver.execute_script(LINKS)
    assert [link["id"] for link in links] == [f"sentence-1-{n}" for n in cited]
    for link, number in zip(links, cited, strict=True):
        assert link["text"] == sentence_text(seed_dataset, number)
        assert link["href"] == f"#sentence-1-{number}"
    # An uncited sentence is plain text: in the article, not a link, no id.
    text = served.find_element(ARTICLE).get_attribute("textContent")
    uncited = [n for n in seed_dataset.sentences.index if n not in cited]
    assert uncited
    for number in uncited:
        assert sentence_text(seed_dataset, number) in text
    assert (
        served.driver.execute_script(
            "return arguments[0].filter(id => document.getElementById(id) !== null);",
            [f"sentence-1-{n}" for n in uncited],
        )
        == []
    )

    number = 9  # TASS reports the meeting and the treaty: three relations
    served.find_element(f"#sentence-1-{number}").click()
    wait_for_panel_title(served, f"Sentence {number}")
    # the address is written once the panel is painted (dashboard.js, push_address)
    served._wait_for(
        lambda d: d.current_url.endswith(f"#sentence-1-{number}"), timeout=10, msg="the address"
    )
    served.wait_for_contains_class(f"#sentence-1-{number}", "sentence-marked")
    quote = served.find_element(f"{PANEL} .sentence-quote").get_attribute("textContent")
    assert quote.strip() == sentence_text(seed_dataset, number)
    edges = sentence_edges(seed_model, "iran-russia-treaty", number)
    assert len(edges) == 3
    assert panel_edges(served) == [edge_text(seed_model, key) for key in edges]
    assert "It supports 3 relations." in served.find_element(PANEL).text
    assert served.get_logs() == []


def test_art002_show_in_article_opens_the_sentence_in_view_focused_and_back_returns(
    served, seed_dataset
):
    visit(served, "/?actor=pakistan")
    wait_for_panel_title(served, "Pakistan")
    number = 49  # Pakistan's last quote: far down the article, out of view until scrolled to
    anchor = f"sentence-1-{number}"
    served.find_elements(f"{PANEL} .quotes a[href='#{anchor}']")[0].click()
    wait_for_tab(served, "article")
    wait_for_panel_title(served, f"Sentence {number}")
    served.wait_for_contains_class(f"#{anchor}", "sentence-marked")
    assert len(served.find_elements(f"{ARTICLE} .sentence-marked")) == 1
    target = served.find_element(f"#{anchor}")
    served._wait_for(
        lambda d: d.execute_script(IN_VIEW, target) == {"inside": True, "scrolled": True},
        timeout=10,
        msg="the sentence is scrolled into view",
    )
    served._wait_for(
        lambda _: focused(served).get_attribute("id") == anchor, timeout=10, msg="focus"
    )
    # the address is written once the panel is painted (dashboard.js, push_address)
    served._wait_for(lambda d: d.current_url.endswith(f"#{anchor}"), timeout=10, msg="the address")

    # Back: the actor and the network again.
    served.driver.back()
    wait_for_panel_title(served, "Pakistan")
    wait_for_tab(served, "graph")
    served._wait_for(
        lambda d: d.current_url == served.server_url + "/?actor=pakistan", timeout=10, msg="address"
    )
    assert served.get_logs() == []


def test_art003_table_lists_filters_searches_selects_and_sorts_quotes(served, seed_model):
    triples = seed_model.dataset.triples
    open_tab(served, "table")
    wait_for_grid(served, list(triples.index))

    relation_checkbox(served, "cooperates").click()
    kept = triples.index[triples["relation"] != "cooperates"]
    assert len(kept) == len(triples) - (triples["relation"] == "cooperates").sum() < len(triples)
    wait_for_grid(served, list(kept))

    # The quick search keeps the rows with the words in any column.
    served.find_element(f"#{ids.TABLE_SEARCH}").send_keys("Jalali")
    visible = [r for r in seed_model.dataset.relations.index if r != "cooperates"]
    fields = [column["field"] for column in COLUMNS]
    matching = [
        row["row"]
        for row in table_rows(seed_model, state_of(visible))
        if any("jalali" in str(row[f]).lower() for f in fields)
    ]
    assert 0 < len(matching) < 5
    rows = wait_for_grid(served, matching)
    served._wait_for(
        lambda _: (
            len(served.find_elements(f"#{ids.TABLE} .ag-center-cols-container .ag-row"))
            == len(matching)
        ),
        timeout=10,
        msg="only the matching rows are drawn",
    )

    # Clicking a row selects its relation.
    first = served.find_element(f"#{ids.TABLE} .ag-center-cols-container .ag-row[row-index='0']")
    first.find_element(By.CSS_SELECTOR, "[col-id='source']").click()
    wait_for_panel_title(served, "Relation")
    assert panel_edges(served) == [edge_text(seed_model, rows[0]["edge"])]
    # the address is written once the panel is painted (dashboard.js, push_address)
    served._wait_for(
        lambda d: f"edge={rows[0]['edge']}" in d.current_url, timeout=10, msg="the address"
    )

    # Sorting: clear the search, click the Source header; click again for the reverse order.
    served.clear_input(f"#{ids.TABLE_SEARCH}")
    wait_for_grid(served, list(kept))
    header = f"#{ids.TABLE} .ag-header-cell[col-id='source'] .ag-header-cell-label"
    names = seed_model.dataset.actors["name"]
    ascending = sorted(names[s] for s in triples.loc[kept, "source"])
    served.find_element(header).click()
    served._wait_for(
        lambda _: [r["source"] for r in grid_rows(served)] == ascending, timeout=10, msg="a-z"
    )
    served.wait_for_element(f"#{ids.TABLE} .ag-header-cell[col-id='source'][aria-sort='ascending']")
    served.find_element(header).click()
    served._wait_for(
        lambda _: [r["source"] for r in grid_rows(served)] == ascending[::-1], timeout=10, msg="z-a"
    )
    top = served.find_element(
        f"#{ids.TABLE} .ag-center-cols-container .ag-row[row-index='0'] [col-id='source']"
    )
    assert top.text == ascending[-1]
    assert served.get_logs() == []


def test_art004_deep_links_open_the_table_and_a_sentence_in_a_fresh_page(served, seed_model):
    visit(served, "/?tab=table")
    wait_for_tab(served, "table")
    wait_for_grid(served, list(seed_model.dataset.triples.index))
    assert panel_title(served) == "Evidence"

    visit(served, "/#sentence-1-9")
    wait_for_tab(served, "article")
    served.wait_for_contains_class("#sentence-1-9", "sentence-marked")
    wait_for_panel_title(served, "Sentence 9")
    assert panel_edges(served) == [
        edge_text(seed_model, key) for key in sentence_edges(seed_model, "iran-russia-treaty", 9)
    ]
    assert served.get_logs() == []


def test_art005_keyboard_alone_reaches_and_works_every_view(served, seed_model):
    # Find an actor: open the search box, type an alias, Enter.
    tab_to(served, "e.id === 'actor-search'")
    press(served, Keys.ENTER)
    served._wait_for(
        lambda _: "dash-dropdown-search" in focused(served).get_attribute("class"), 10, "search"
    )
    press(served, "Tehran")
    served.wait_for_text_to_equal("[role=option]", "Iran", timeout=5)
    press(served, Keys.ENTER)
    wait_for_panel_title(served, "Iran")

    # A relation checkbox: Space hides its type.
    tab_to(served, "e.name === 'relation-filter' && e.value === 'tension'")
    press(served, Keys.SPACE)
    served._wait_for(
        lambda _: not any("/tension/" in k for k in drawn_edges(served)), 10, "tension hidden"
    )
    assert not relation_checkbox(served, "tension").is_selected()
    hidden = seed_model.edges_of("iran")["relation"].eq("tension").sum()
    served.wait_for_text_to_equal(f"#{ids.HIDDEN_NOTE}", f"{hidden} more hidden by the filter.")

    # On to the panel: Enter on a counterpart moves the selection there.
    tab_to(served, f"e.matches('{PANEL} button.actor-link')")
    counterpart = focused(served).text
    assert served.driver.execute_script(OUTLINE, focused(served))
    press(served, Keys.ENTER)
    wait_for_panel_title(served, counterpart)

    # Back to the view tabs, whose focus ring shows; arrows switch to the table.
    tab_to(served, "e.name === 'view-tab'", backwards=True)
    tab = served.driver.execute_script(
        "return document.activeElement.closest('label').querySelector('.view-tab');"
    )
    assert served.driver.execute_script(OUTLINE, tab)
    press(served, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
    wait_for_tab(served, "table")
    triples = seed_model.dataset.triples
    rows = wait_for_grid(served, list(triples.index[triples["relation"] != "tension"]))

    # Into the grid, down to a row; Space selects it.
    tab_to(served, "e.classList.contains('ag-cell')")
    press(served, Keys.ARROW_DOWN)
    row = served.driver.execute_script(
        "return Number(document.activeElement.closest('.ag-row').getAttribute('row-index'));"
    )
    press(served, Keys.SPACE)
    wait_for_panel_title(served, "Relation")
    assert panel_edges(served) == [edge_text(seed_model, rows[row]["edge"])]

    # Back out of the grid to the tabs; left arrow opens the article.
    tab_to(served, "e.name === 'view-tab'", backwards=True)
    press(served, Keys.ARROW_LEFT)
    wait_for_tab(served, "article")

    # Tab to a marked sentence: its focus ring shows; Enter selects it.
    tab_to(served, "e.classList.contains('sentence')")
    sentence = focused(served)
    number = int(sentence.get_attribute("id").rsplit("-", 1)[1])
    assert "sentence-marked" not in sentence.get_attribute("class")
    assert served.driver.execute_script(OUTLINE, sentence)
    other = served.find_element(f"{ARTICLE} a.sentence:not(#{sentence.get_attribute('id')})")
    assert not served.driver.execute_script(OUTLINE, other)  # the ring is the focus's, not a style
    press(served, Keys.ENTER)
    wait_for_panel_title(served, f"Sentence {number}")
    served.wait_for_contains_class(f"#sentence-1-{number}", "sentence-marked")
    assert served.get_logs() == []


def test_art006_tab_leaves_the_table_for_the_panel(served, seed_model):
    open_tab(served, "table")
    wait_for_grid(served, list(seed_model.dataset.triples.index))
    served.find_element(f"#{ids.TABLE} .ag-row[row-index='0'] [col-id='source']").click()
    wait_for_panel_title(served, "Relation")
    tab_to(served, f"e.matches('{PANEL} button.actor-link')", limit=10)
    assert served.get_logs() == []


def test_art007_several_articles_can_be_filtered_one_by_one(dash_duo, corpus):
    model = NetworkModel.from_dataset(corpus)
    dash_duo.start_server(create_app(corpus))
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)
    block = dash_duo.find_element(f"#{ids.ARTICLE_FILTER_BLOCK}")
    assert block.is_displayed()
    titles = {name: d.meta["title"] for name, d in corpus.datasets.items()}
    options = dash_duo.find_elements(f"#{ids.ARTICLE_FILTER} label")
    assert [o.text for o in options] == list(titles.values())
    assert all(box.is_selected() for box in dash_duo.find_elements(f"#{ids.ARTICLE_FILTER} input"))
    assert drawn_edges(dash_duo) == sorted(model.edges.index)

    # A quote from the Caspian article names its article in the panel.
    caspian = "caspian-gas-talks"
    open_tab(dash_duo, "table")
    wait_for_grid(dash_duo, list(corpus.triples.index))
    dash_duo.find_element(f"#{ids.TABLE_SEARCH}").send_keys("Aliyev met")
    triples = corpus.triples
    row = triples.index[(triples["relation"] == "meets") & (triples["article"] == caspian)][0]
    wait_for_grid(dash_duo, [row])
    dash_duo.find_element(f"#{ids.TABLE} .ag-row[row-index='0'] [col-id='source']").click()
    wait_for_panel_title(dash_duo, "Relation")
    meta = dash_duo.find_element(f"{PANEL} .quotes .quote-meta").text
    assert meta.startswith(f"{titles[caspian]} · sentence 2")
    cell = dash_duo.find_element(f"#{ids.TABLE} .ag-row[row-index='0'] [col-id='article']")
    assert cell.text == titles[caspian]

    # Untick the Caspian article: what only it supports leaves the graph, the table and the text.
    dash_duo.find_element(f"#{ids.ARTICLE_FILTER} input[value='{caspian}']").click()
    article = triples["article"]
    kept = sorted(
        key for key, rows in model.edges["rows"].items() if any(article[r] != caspian for r in rows)
    )
    gone = set(model.edges.index) - set(kept)
    assert "ilham-aliyev/leads/azerbaijan/stated" in gone
    dash_duo._wait_for(lambda _: drawn_edges(dash_duo) == kept, timeout=10, msg="edges")
    assert not any("azerbaijan" in key for key in drawn_edges(dash_duo))
    dash_duo.clear_input(f"#{ids.TABLE_SEARCH}")
    rows = wait_for_grid(dash_duo, list(triples.index[article != caspian]))
    assert {r["article"] for r in rows} == {titles["iran-russia-treaty"]}
    open_tab(dash_duo, "article")
    dash_duo.wait_for_element(f"{ARTICLE} a.sentence", timeout=10)
    assert [h.text for h in dash_duo.find_elements(f"{ARTICLE} .article-title")] == [
        titles["iran-russia-treaty"]
    ]
    assert "Azerbaijan" not in dash_duo.find_element(ARTICLE).text
    assert dash_duo.find_elements(f"{ARTICLE} a.sentence")[0].get_attribute("id") == "sentence-2-1"

    # A sentence of the second article: the panel names the article, and so does each quote.
    dash_duo.find_element("#sentence-2-9").click()
    seed = titles["iran-russia-treaty"]
    wait_for_panel_title(dash_duo, f"Sentence 9 of “{seed}”")
    metas = [em.text for em in dash_duo.find_elements(f"{PANEL} .quotes .quote-meta")]
    assert len(metas) == 3
    assert all(meta.startswith(f"{seed} · sentence 9") for meta in metas)
    assert dash_duo.get_logs() == []


def test_art008_graph_downloads_as_an_svg_file(served, tmp_path):
    served.driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    served.find_element(f"button[id*='{ids.FIGURE_DOWNLOAD}'][id*='\"svg\"']").click()
    target = tmp_path / "network.svg"
    served._wait_for(
        lambda _: target.exists() and target.stat().st_size > 0, timeout=15, msg="network.svg"
    )
    text = target.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<svg")
    assert "Iran" in text and "Russia" in text  # the actors' labels are in the picture
    assert served.find_element(f"#{ids.FIGURE_DOWNLOADED}").get_attribute("textContent") == "svg"
    assert served.get_logs() == []


def test_art009_after_a_jump_the_address_reopens_the_article(served):
    visit(served, "/?tab=table&actor=tass")
    wait_for_tab(served, "table")
    wait_for_panel_title(served, "TASS")
    served.find_element(f"{PANEL} .quotes a[href='#sentence-1-9']").click()
    wait_for_tab(served, "article")
    wait_for_panel_title(served, "Sentence 9")
    address = served.driver.current_url

    visit(served, address[len(served.server_url) :])
    wait_for_panel_title(served, "Sentence 9")
    assert served._wait_for(chosen_tab, timeout=10, msg="a tab other than the network") == "article"
    assert served.get_logs() == []


def test_art010_graph_downloads_as_a_png_at_twice_its_size(served, tmp_path):
    served.driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    width, height = served.driver.execute_script(
        f"const g = document.querySelector('{GRAPH_DIV}'); return [g.clientWidth, g.clientHeight];"
    )
    served.find_element(f"button[id*='{ids.FIGURE_DOWNLOAD}'][id*='\"png\"']").click()
    target = tmp_path / "network.png"
    served._wait_for(
        lambda _: target.exists() and target.stat().st_size > 0, timeout=15, msg="network.png"
    )
    data = target.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # the IHDR chunk: the picture as drawn, at scale 2 for a sharp print
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (
        2 * width,
        2 * height,
    )
    assert served.find_element(f"#{ids.FIGURE_DOWNLOADED}").get_attribute("textContent") == "png"
    assert served.get_logs() == []


def test_art011_hidden_tabs_send_no_requests(dash_duo, seed_dataset, seed_model):
    """The table and the article are built only while shown: while the network is the tab,
    changing the filter or the selection asks the server for neither (pass_when_shown)."""
    app = create_app(seed_dataset)
    asked: list[str] = []  # the output of every callback request, in the order they arrive

    @app.server.before_request
    def note_callback_requests():
        if flask.request.path == CALLBACK_PATH:
            asked.append(flask.request.get_json(silent=True)["output"])

    dash_duo.start_server(app)
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)
    builders = {f"{ids.TABLE}.rowData", f"{ids.ARTICLE_VIEW}.children"}

    # on the network tab: a filter change and a selection
    relation_checkbox(dash_duo, "opposes").click()
    kept = sorted(seed_model.edges.index[seed_model.edges["relation"] != "opposes"])
    dash_duo._wait_for(lambda _: drawn_edges(dash_duo) == kept, timeout=10, msg="filtered")
    click_actor(dash_duo, seed_model, "iran")
    wait_for_panel_title(dash_duo, "Iran")
    dash_duo._wait_for(lambda d: "actor=iran" in d.current_url, timeout=10, msg="address")
    assert any(f"{ids.PANEL}.children" in output for output in asked)  # requests are noted
    assert builders.isdisjoint(asked), asked

    # the table's tab: its rows are asked for once, the article still not
    open_tab(dash_duo, "table")
    triples = seed_model.dataset.triples
    wait_for_grid(dash_duo, list(triples.index[triples["relation"] != "opposes"]))
    assert asked.count(f"{ids.TABLE}.rowData") == 1
    assert f"{ids.ARTICLE_VIEW}.children" not in asked

    # back on the network, another change: still no new request for the table
    open_tab(dash_duo, "graph")
    relation_checkbox(dash_duo, "cooperates").click()
    fewer = sorted(
        seed_model.edges.index[~seed_model.edges["relation"].isin(["opposes", "cooperates"])]
    )
    dash_duo._wait_for(lambda _: drawn_edges(dash_duo) == fewer, timeout=10, msg="filtered")
    dash_duo._wait_for(lambda d: "cooperates" not in d.current_url, timeout=10, msg="address")
    assert asked.count(f"{ids.TABLE}.rowData") == 1
    assert f"{ids.ARTICLE_VIEW}.children" not in asked
    assert dash_duo.get_logs() == []
