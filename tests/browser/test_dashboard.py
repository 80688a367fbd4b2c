"""User stories in a real headless Chromium: load, filter, click an actor, click an edge, follow links."""

from __future__ import annotations

import json
import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from dashboard import ids
from dashboard.app import create_app
from dashboard.figure import figure_dict, line_width
from tests.conftest import state_of

pytestmark = pytest.mark.browser

GRAPH_DIV = f"#{ids.GRAPH} .js-plotly-plot"
# Every edge id drawn in the graph, read from the traces' customdata.
DRAWN_EDGES = f"""
const gd = document.querySelector('{GRAPH_DIV}');
const keys = new Set();
for (const t of gd.data) {{
  if (t.name === 'actors' || !t.customdata || t.visible === false) continue;
  for (const k of t.customdata) if (k) keys.add(k);
}}
return Array.from(keys).sort();
"""
# The figure Plotly holds, its traces as given (without the uid Plotly adds), its notes and its
# shapes (a small figure's lines).
DRAWN_FIGURE = f"""
const gd = document.querySelector('{GRAPH_DIV}');
const data = gd.data.map(t => {{ const c = Object.assign({{}}, t); delete c.uid; return c; }});
return JSON.parse(JSON.stringify(
  {{data: data, annotations: gd.layout.annotations || [], shapes: gd.layout.shapes || []}}));
"""
# Count the server's answers that carry a figure from now on (in window.figureAnswers).
FIGURE_ANSWERS = """
window.figureAnswers = 0;
const send = window.fetch;
window.fetch = function () {
  return send.apply(this, arguments).then(response => {
    response.clone().text().then(text => {
      if (text.includes('"network-graph"')) window.figureAnswers += 1;
    });
    return response;
  });
};
"""
NODE_COUNT = f"""
const gd = document.querySelector('{GRAPH_DIV}');
const nodes = gd.data.find(t => t.name === 'actors');
return nodes ? nodes.x.length : -1;
"""


@pytest.fixture
def dash_app(dash_duo, seed_dataset, seed_model):
    """Start the seed dashboard and wait until the graph is drawn."""
    dash_duo.seed_model = seed_model  # the model the app draws, for wait_for_figure
    dash_duo.start_server(create_app(seed_dataset))
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)
    return dash_duo


def drawn_edges(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script(DRAWN_EDGES)


def click_point(dash_duo, trace_test: str, index: int) -> None:
    """Move the real mouse onto one point of a trace and click it."""
    trace_index = dash_duo.driver.execute_script(  # among the traces drawn (see DRAWN_EDGES)
        f"const gd = document.querySelector('{GRAPH_DIV}');"
        f"return gd.data.filter(t => t.visible !== false).findIndex(t => {trace_test});"
    )
    assert trace_index >= 0, trace_test
    traces = dash_duo.find_elements(f"{GRAPH_DIV} .scatterlayer .trace")
    point = traces[trace_index].find_elements(By.CSS_SELECTOR, "path.point")[index]
    ActionChains(dash_duo.driver).move_to_element(point).click().perform()


def click_actor(dash_duo, model, actor_id: str) -> None:
    click_point(dash_duo, "t.name === 'actors'", list(model.dataset.actors.index).index(actor_id))


def wait_for_panel_title(dash_duo, text: str) -> None:
    dash_duo.wait_for_text_to_equal(f"#{ids.PANEL} .panel-title", text, timeout=10)


def relation_checkbox(dash_duo, relation_id: str):
    return dash_duo.find_element(f"#{ids.RELATION_FILTER} input[value='{relation_id}']")


def test_page101_loads_and_draws_every_actor(dash_app, seed_model):
    assert dash_app.driver.execute_script(NODE_COUNT) == len(seed_model.dataset.actors)
    labels = dash_app.find_elements(f"{GRAPH_DIV} .scatterlayer .trace:last-child text")
    assert {label.text for label in labels} >= {"Iran", "Russia", "BRICS", "ASEAN", "the West"}
    assert drawn_edges(dash_app) == sorted(seed_model.edges.index)
    assert dash_app.find_element("h1").text == seed_model.dataset.meta["title"]
    assert dash_app.get_logs() == []


def test_filter001_unticking_types_removes_exactly_their_edges(dash_app, seed_model):
    removed = {"opposes", "cooperates"}
    for relation_id in removed:
        relation_checkbox(dash_app, relation_id).click()
    expected = sorted(seed_model.edges.index[~seed_model.edges["relation"].isin(removed)])
    dash_app._wait_for(lambda _: drawn_edges(dash_app) == expected, timeout=10, msg="edges")
    relation_checkbox(dash_app, "opposes").click()
    back = sorted(seed_model.edges.index[seed_model.edges["relation"] != "cooperates"])
    dash_app._wait_for(lambda _: drawn_edges(dash_app) == back, timeout=10, msg="edges back")
    assert dash_app.get_logs() == []


def test_filter003_the_browser_draws_a_filter_as_the_server_would(dash_app, seed_model):
    """The relation filter is drawn in the browser, and the server sends no figure: the figure
    the browser draws is the one the server would send for that view."""
    dash_app.driver.execute_script(FIGURE_ANSWERS)
    removed = list(seed_model.dataset.relations.index[:3])  # at the top of the list
    for relation_id in removed:
        relation_checkbox(dash_app, relation_id).click()
    kept = [r for r in seed_model.dataset.relations.index if r not in removed]
    expected = sorted(seed_model.edges.index[seed_model.edges["relation"].isin(kept)])
    dash_app._wait_for(lambda _: drawn_edges(dash_app) == expected, timeout=10, msg="edges")
    wait_for_figure(dash_app, state_of(kept), "the filter's figure")
    # Nothing ticked: the note says so, as the server's figure would.
    dash_app.find_element(f"#{ids.SELECT_NONE}").click()
    dash_app.wait_for_contains_text(f"{GRAPH_DIV} .annotation", "No relations match the filter")
    wanted = wait_for_figure(dash_app, state_of(set()), "nothing ticked")
    assert dash_app.driver.execute_script(DRAWN_FIGURE)["annotations"] == wanted["annotations"]
    assert dash_app.driver.execute_script("return window.figureAnswers") == 0
    assert dash_app.get_logs() == []


# What Plotly has drawn: its trace groups, the paths of its shape layers under the traces and
# over them (a shape with an empty path draws none), and how many times it drew the whole plot.
PLOTTED = f"""
const gd = document.querySelector('{GRAPH_DIV}');
const paths = where => Array.from(gd.querySelectorAll(where + ' .shapelayer path'))
  .filter(p => (p.getAttribute('d') || '') !== '').length;
return {{traces: gd.querySelectorAll('.scatterlayer .trace').length,
         below: paths('.layer-subplot'), above: paths('.layer-above'),
         plots: window.wholePlots}};
"""
COUNT_PLOTS = f"""
window.wholePlots = 0;
document.querySelector('{GRAPH_DIV}').on('plotly_beforeplot', () => {{ window.wholePlots += 1; }});
"""


def test_filter005_a_filter_click_redraws_two_traces_and_the_lines_as_paths(dash_app, seed_model):
    """Plotly's redraw of a figure costs about a millisecond per trace: a relation-filter click
    redraws two (the midpoint marks, the actors), whatever the number of relation types; the
    lines are SVG paths under them, one per relation type, certainty and width that passes."""
    edges = seed_model.edges
    removed = edges["relation"].iloc[0]

    def styles(kept) -> int:  # the lines' looks among the edges kept
        widths = [line_width(q) for q in kept["quotes"]]
        return len(set(zip(kept["relation"], kept["certainty"], widths, strict=True)))

    assert dash_app.driver.execute_script(PLOTTED)["below"] == styles(edges)
    dash_app.driver.execute_script(COUNT_PLOTS)
    relation_checkbox(dash_app, removed).click()
    kept = edges[edges["relation"] != removed]
    dash_app._wait_for(
        lambda _: drawn_edges(dash_app) == sorted(kept.index), timeout=10, msg="filtered"
    )
    plotted = dash_app.driver.execute_script(PLOTTED)
    assert plotted == {"traces": 2, "below": styles(kept), "above": 0, "plots": 1}
    assert dash_app.get_logs() == []


# When the panel of a click was first drawn, and when the figure with an actor ringed.
PANEL_THEN_FIGURE = f"""
window.drawnAt = {{}};
const gd = document.querySelector('{GRAPH_DIV}');
gd.on('plotly_afterplot', () => {{
  const actors = gd.data.find(t => t.name === 'actors');
  const ringed = actors && actors.marker.line.width.some(w => w > 2);
  if (ringed && !window.drawnAt.figure) window.drawnAt.figure = performance.now();
}});
new MutationObserver(() => {{ window.drawnAt.panel = window.drawnAt.panel || performance.now(); }})
  .observe(document.querySelector('#{ids.PANEL}'), {{childList: true, subtree: true}});
"""


def test_filter004_the_browser_draws_a_selection_as_the_server_would(dash_app, seed_model):
    """A selection (an actor, a relation), its focus and the filter with it are drawn in the
    browser as the server would draw them, the server sending no figure; a click's panel is
    drawn before the graph's redraw."""
    dash_app.driver.execute_script(FIGURE_ANSWERS)
    dash_app.driver.execute_script(PANEL_THEN_FIGURE)
    click_actor(dash_app, seed_model, "iran")
    wait_for_panel_title(dash_app, "Iran")
    wait_for_figure(dash_app, state_of(None, actor="iran"), "iran selected")
    drawn_at = dash_app.driver.execute_script("return window.drawnAt")
    assert drawn_at["panel"] < drawn_at["figure"], drawn_at
    dash_app.find_element(f"#{ids.FOCUS_PICKER} input[value='1']").click()
    wait_for_figure(dash_app, state_of(None, actor="iran", focus=1), "iran, 1 step out")
    relation_checkbox(dash_app, "cooperates").click()
    every = list(seed_model.dataset.relations.index)
    but = [r for r in every if r != "cooperates"]
    wait_for_figure(dash_app, state_of(but, actor="iran", focus=1), "iran, 1 step, filtered")
    dash_app.find_element(f"#{ids.FOCUS_PICKER} input[value='all']").click()
    wait_for_figure(dash_app, state_of(but, actor="iran"), "iran, everything, filtered")
    # A relation, from its midpoint mark.
    edge = "iran/supplies_weapons/russia/stated"
    click_point(
        dash_app, "t.mode === 'markers' && t.name !== 'actors'", midpoint_index(dash_app, edge)
    )
    wait_for_figure(dash_app, state_of(but, edge=edge), "a relation selected")
    assert dash_app.driver.execute_script("return window.figureAnswers") == 0
    assert dash_app.get_logs() == []


def test_filter006_a_click_while_the_servers_figure_is_on_its_way_is_drawn(
    dash_duo, seed_dataset, seed_model
):
    """A layout change asks the server for a figure; an actor selected before it comes is not
    drawn on the figure about to be replaced, and not lost either: the server's figure (held
    back here 600 ms) draws it, in the new layout."""
    import flask

    app = create_app(seed_dataset)

    @app.server.before_request
    def slow_figure():
        body = flask.request.get_json(silent=True) if flask.request.is_json else None
        if isinstance(body, dict) and f"{ids.GRAPH}.figure" in str(body.get("output")):
            time.sleep(0.6)

    dash_duo.seed_model = seed_model
    dash_duo.start_server(app)
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)
    dash_duo.driver.execute_script(
        f"const set = window.dash_clientside.set_props;"
        f"set('{ids.LAYOUT_PICKER}', {{value: 'kamada-kawai'}});"
        f"setTimeout(() => set('{ids.SELECTION}', {{data: {{kind: 'actor', id: 'russia'}}}}), 50);"
    )
    wait_for_panel_title(dash_duo, "Russia")
    wait_for_figure(dash_duo, state_of(None, "kamada-kawai", actor="russia"), "russia, in K-K")
    time.sleep(1)  # nothing drawn after it takes it back
    wait_for_figure(dash_duo, state_of(None, "kamada-kawai", actor="russia"), "still russia")
    assert dash_duo.get_logs() == []


def midpoint_index(dash_duo, edge: str) -> int:
    """The index of an edge's midpoint mark in the trace of the marks."""
    return dash_duo.driver.execute_script(
        f"const gd = document.querySelector('{GRAPH_DIV}');"
        "const t = gd.data.find(t => t.name === 'relations');"
        "return t.customdata.indexOf(arguments[0]);",
        edge,
    )


def wait_for_figure(dash_duo, state, message: str) -> dict:
    """Wait until the browser's figure is the server's for ``state``; return it as drawn."""
    wanted = json.loads(json.dumps(figure_dict(dash_duo.seed_model, state)))
    traces = [{k: v for k, v in t.items() if k != "uid"} for t in wanted["data"]]
    shapes = wanted["layout"]["shapes"]

    def drawn() -> bool:
        figure = dash_duo.driver.execute_script(DRAWN_FIGURE)
        return figure["data"] == traces and figure["shapes"] == shapes

    dash_duo._wait_for(lambda _: drawn(), timeout=10, msg=message)
    return {"data": traces, "annotations": wanted["layout"]["annotations"], "shapes": shapes}


def test_filter002_all_none_and_polarity_buttons(dash_app, seed_model):
    dash_app.find_element(f"#{ids.SELECT_NONE}").click()
    dash_app._wait_for(lambda _: drawn_edges(dash_app) == [], timeout=10, msg="no edges")
    dash_app.wait_for_contains_text(f"{GRAPH_DIV} .annotation", "No relations match the filter")
    # Faded, not gone: every actor is still drawn so the map stays put.
    assert dash_app.driver.execute_script(NODE_COUNT) == len(seed_model.dataset.actors)

    dash_app.find_element(f"#{ids.SELECT_ALL}").click()
    everything = sorted(seed_model.edges.index)
    dash_app._wait_for(lambda _: drawn_edges(dash_app) == everything, timeout=10, msg="all")

    conflict = dash_app.find_element(f"button[id*='{ids.POLARITY_TOGGLE}'][id*='conflictual']")
    conflict.click()
    relations = seed_model.dataset.relations
    conflictual = set(relations.index[relations["polarity"] == "conflictual"])
    expected = sorted(seed_model.edges.index[~seed_model.edges["relation"].isin(conflictual)])
    dash_app._wait_for(lambda _: drawn_edges(dash_app) == expected, timeout=10, msg="conflict off")
    assert not relation_checkbox(dash_app, "accuses").is_selected()
    assert relation_checkbox(dash_app, "cooperates").is_selected()
    assert dash_app.get_logs() == []


def test_click001_clicking_an_actor_shows_its_quotes(dash_app, seed_model):
    click_actor(dash_app, seed_model, "united-states")
    wait_for_panel_title(dash_app, "United States")
    panel = dash_app.find_element(f"#{ids.PANEL}")
    assert "The United States has accused Tehran of providing ballistic missiles" in panel.text
    assert "sentence 18" in panel.text
    marks = {m.text for m in panel.find_elements(By.CSS_SELECTOR, ".quotes strong")}
    assert {"The United States", "Tehran", "Moscow", "Iran"} <= marks
    # an "alleged" badge on exactly the relations that are alleged
    edges = seed_model.edges_of("united-states")
    badges = panel.find_elements(By.CSS_SELECTOR, ".edge-sentence .badge")
    assert len(badges) == (edges["certainty"] == "alleged").sum()
    assert dash_app.get_logs() == []


# Count the callback requests the page sends from now on, with what each asks for.
CALLBACK_REQUESTS = """
window.callbackRequests = [];
const post = window.fetch;
window.fetch = function (url, options) {
  if (String(url).includes('_dash-update-component')) {
    window.callbackRequests.push(JSON.parse(options.body).output);
  }
  return post.apply(this, arguments);
};
"""


def test_click003_a_click_on_an_actor_sends_one_request(dash_app, seed_model):
    """A click on an actor of a small figure asks the server once, for its panel (and the
    address with it): the figure the browser draws itself, and the address is not a request of
    its own. Two clicks, two requests; the address bar and the search box name the last actor,
    and a third click, on that actor again, asks nothing (dashboard.js, select_clicked)."""
    dash_app.driver.execute_script(CALLBACK_REQUESTS)
    for actor, name in (("iran", "Iran"), ("russia", "Russia")):
        click_actor(dash_app, seed_model, actor)
        wait_for_panel_title(dash_app, name)
        wait_for_figure(dash_app, state_of(None, actor=actor), f"{actor} selected")
        dash_app._wait_for(
            lambda _, actor=actor: dash_app.driver.current_url.endswith(f"?actor={actor}"),
            timeout=10,
            msg=f"the address of {actor}",
        )
    # the search box names the actor once its panel is painted (dashboard.js, show_in_search)
    dash_app.wait_for_contains_text(f"#{ids.ACTOR_SEARCH}", "Russia", timeout=10)
    click_actor(dash_app, seed_model, "russia")
    time.sleep(0.5)  # a request sent late would be counted too
    sent = dash_app.driver.execute_script("return window.callbackRequests")
    assert len(sent) == 2, sent
    assert all(f"{ids.PANEL}.children" in output for output in sent), sent
    assert dash_app.get_logs() == []


def test_click002_clicking_an_edge_shows_that_relations_quotes(dash_app, seed_model):
    # The alleged missile supply: its midpoint marker carries the edge id.
    key = "iran/supplies_weapons/russia/alleged"
    click_point(dash_app, "t.name === 'relations'", midpoint_index(dash_app, key))
    wait_for_panel_title(dash_app, "Relation")
    panel = dash_app.find_element(f"#{ids.PANEL}")
    assert "supplies weapons to" in panel.text
    assert "ALLEGED" in panel.text.upper()
    items = panel.find_elements(By.CSS_SELECTOR, ".quotes li")
    rows = seed_model.edges.at[key, "rows"]
    triples = seed_model.dataset.triples
    assert [item.text.split("\n")[0] for item in items] == [
        f"“{triples.at[r, 'quote']}”" for r in rows
    ]
    assert [item.find_element(By.CSS_SELECTOR, ".quote-meta").text for item in items] == [
        f"sentence {triples.at[r, 'sentence']} · ALLEGED · {triples.at[r, 'note']} · "
        "show in article"
        for r in rows
    ]
    assert dash_app.get_logs() == []


def test_link001_counterpart_link_moves_the_selection(dash_app, seed_model):
    click_actor(dash_app, seed_model, "kazim-jalali")
    wait_for_panel_title(dash_app, "Kazim Jalali")
    dash_app.find_element(f"#{ids.PANEL} button.actor-link").click()
    wait_for_panel_title(dash_app, "Iran")
    panel = dash_app.find_element(f"#{ids.PANEL}")
    assert "Tehran" in panel.text
    dash_app.find_element(f"#{ids.CLEAR_SELECTION}").click()
    wait_for_panel_title(dash_app, "Evidence")
    assert dash_app.get_logs() == []


def test_panel001_hidden_relations_are_counted(dash_app, seed_model):
    click_actor(dash_app, seed_model, "pakistan")
    wait_for_panel_title(dash_app, "Pakistan")
    relation_checkbox(dash_app, "tension").click()
    hidden = seed_model.edges_of("pakistan")["relation"].eq("tension").sum()
    dash_app.wait_for_text_to_equal(f"#{ids.HIDDEN_NOTE}", f"{hidden} more hidden by the filter.")
    assert dash_app.get_logs() == []


# The fonts (face, weight, style, size) of the text an element sets itself, among the elements
# under arguments[0] that are drawn (a hidden tab's are not: the browser lays them out later).
FONTS_SET = """
const fonts = new Set();
for (const el of document.querySelectorAll(arguments[0])) {
  const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
  if (!own || !el.getClientRects().length) continue;
  const s = getComputedStyle(el);
  fonts.add([s.fontFamily, s.fontWeight, s.fontStyle, s.fontSize].join(' | '));
}
return Array.from(fonts).sort();
"""


def test_panel003_the_first_panel_sets_no_font_the_page_did_not_load_with(dash_app, seed_model):
    """Every font the panel of an actor sets its text in (headings, counterparts, badges,
    quotes, mentions, certainty chips) is one the page already set text in when it loaded (the
    evidence column's type sample): the browser looks a font up the first time it sets text
    in it, and at 10,000 actors that took some 10 ms of the frame that paints the first panel."""
    at_load = set(dash_app.driver.execute_script(FONTS_SET, "body *"))
    # The United States: relations of two types, alleged ones (a badge and a chip) and mentions.
    click_actor(dash_app, seed_model, "united-states")
    wait_for_panel_title(dash_app, "United States")
    dash_app.wait_for_element(f"#{ids.PANEL} .quotes code", timeout=10)
    in_panel = set(dash_app.driver.execute_script(FONTS_SET, f"#{ids.PANEL} *"))
    assert in_panel - at_load == set()
    assert dash_app.get_logs() == []
