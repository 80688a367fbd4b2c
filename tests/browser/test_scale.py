"""A large network in the browser: its actors are drawn once; the filter and the selection
change layout shapes only, which Plotly redraws without replotting thousands of markers.

The seed is drawn as a large network here (``LARGE_FROM`` lowered), so that each step can be
checked against the curated data."""

from __future__ import annotations

import time

import pytest
from selenium.webdriver.common.action_chains import ActionChains

from dashboard import ids, limits
from dashboard.app import create_app
from tests.browser.test_dashboard import (
    GRAPH_DIV,
    click_actor,
    relation_checkbox,
    wait_for_panel_title,
)

pytestmark = pytest.mark.browser

# Per relation type, how many edges the figure's path shapes draw ("M0,0" draws none).
SHAPE_EDGES = f"""
const gd = document.querySelector('{GRAPH_DIV}');
const counts = {{}};
for (const s of gd.layout.shapes || []) {{
  if (s.type !== 'path' || s.name === 'selection' || s.path === 'M0,0') continue;
  counts[s.name] = (counts[s.name] || 0) + s.path.split('M').length - 1;
}}
return counts;
"""
DISCS = f"""
return document.querySelector('{GRAPH_DIV}').layout.shapes
  .filter(s => s.type === 'circle' && s.name !== 'actor names').map(s => s.name).sort();
"""
# What Plotly computed when it last replotted the traces: kept while only shapes change.
MARK = f"window.benchCalc = document.querySelector('{GRAPH_DIV}').calcdata; return true;"
KEPT = f"return document.querySelector('{GRAPH_DIV}').calcdata === window.benchCalc;"


# Plotly has drawn a figure with actors (WebGL markers are no SVG element to wait for).
DRAWN = f"""
const gd = document.querySelector('{GRAPH_DIV}');
return Boolean(gd && gd.calcdata && gd._fullData && gd._fullData.some(t => t.name === 'actors'));
"""


@pytest.fixture
def large_app(dash_duo, seed_dataset, monkeypatch):
    monkeypatch.setattr(limits, "LARGE_FIGURE_FROM", 10)
    start_large(dash_duo, create_app(seed_dataset))
    return dash_duo


def start_large(dash_duo, app, timeout: float = 15) -> None:
    dash_duo.start_server(app)
    dash_duo._wait_for(lambda _: dash_duo.driver.execute_script(DRAWN), timeout, "figure drawn")


def counts_of(edges) -> dict[str, int]:
    return edges["relation"].value_counts().to_dict()


def wait_for(dash_duo, script: str, expected, message: str) -> None:
    dash_duo._wait_for(
        lambda _: dash_duo.driver.execute_script(script) == expected, timeout=10, msg=message
    )


def test_scale201_filter_and_selection_redraw_the_shapes_only(large_app, seed_model):
    driver = large_app.driver
    traces = f"return document.querySelector('{GRAPH_DIV}').data.map(t => [t.name, t.type])"
    assert driver.execute_script(traces) == [["actors", "scattergl"]]
    assert driver.execute_script(SHAPE_EDGES) == counts_of(seed_model.edges)
    driver.execute_script(MARK)

    relation_checkbox(large_app, "opposes").click()
    passing = seed_model.edges[seed_model.edges["relation"] != "opposes"]
    wait_for(large_app, SHAPE_EDGES, counts_of(passing), "the opposes edges leave the graph")
    assert driver.execute_script(KEPT), "the filter replotted the actors"

    # A real click on Iran's marker: its relations and counterparts drawn over a veil.
    click_marker(large_app, "iran")
    clicked = time.monotonic()
    wait_for_panel_title(large_app, "Iran")
    mine = passing[(passing["source"] == "iran") | (passing["target"] == "iran")]
    wait_for(large_app, DISCS, sorted(set(mine["source"]) | set(mine["target"])), "Iran's discs")
    assert driver.execute_script(KEPT), "the selection replotted the actors"

    # The veil and the discs do not stand in the way of the mouse: Russia can be clicked. Not
    # within Plotly's doubleClickDelay (500 ms) of the first click, as a reader's two clicks on
    # two actors are: Plotly takes two presses that close for a double-click, which resets the
    # axes and so replots every marker (the selection now draws fast enough for that).
    time.sleep(max(0.0, clicked + 0.6 - time.monotonic()))
    click_marker(large_app, "russia")
    wait_for_panel_title(large_app, "Russia")
    # the panel may now come before the figure: wait for Russia's discs, then look
    mine = passing[(passing["source"] == "russia") | (passing["target"] == "russia")]
    wait_for(large_app, DISCS, sorted(set(mine["source"]) | set(mine["target"])), "Russia's discs")
    assert driver.execute_script(KEPT)

    # Another size measure moves nothing but resizes every marker: the actors are replotted,
    # and the next filter change is shapes only again.
    large_app.find_element(f"#{ids.SIZE_PICKER} input[value='degree']").click()
    large_app._wait_for(
        lambda _: not driver.execute_script(KEPT), timeout=10, msg="the actors resized"
    )
    driver.execute_script(MARK)
    relation_checkbox(large_app, "opposes").click()
    large_app._wait_for(
        lambda _: "opposes" in driver.execute_script(SHAPE_EDGES), timeout=10, msg="opposes back"
    )
    assert driver.execute_script(KEPT)
    assert large_app.get_logs() == []


def test_scale202_a_large_search_box_names_the_clicked_actor(dash_duo, seed_dataset, seed_model,
                                                              monkeypatch):  # fmt: skip
    """Above SEARCH_ALL_UP_TO the box holds no options until the server suggests some; a click
    in the graph must still show whom it selected."""

    monkeypatch.setattr(limits, "SEARCH_ALL_UP_TO", 5)
    dash_duo.start_server(create_app(seed_dataset))
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)
    click_actor(dash_duo, seed_model, "iran")  # a small figure's SVG marker
    wait_for_panel_title(dash_duo, "Iran")
    dash_duo.wait_for_contains_text(f"#{ids.ACTOR_SEARCH}", "Iran", timeout=10)
    assert dash_duo.get_logs() == []


# The actors' markers where the browser draws them: viewport centre and radius in px, and id.
MARKERS = f"""
const gd = document.querySelector('{GRAPH_DIV}');
const t = gd._fullData.find(t => t.name === 'actors');
const box = gd.getBoundingClientRect(), xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
const sizes = Array.isArray(t.marker.size) ? t.marker.size : t.x.map(() => t.marker.size);
return Array.from(t.x, (x, i) => [
  box.left + xa._offset + xa.l2p(x), box.top + ya._offset + ya.l2p(t.y[i]), sizes[i] / 2, t.customdata[i],
]);
"""


def click_marker(dash_duo, actor: str) -> None:
    """Move the real mouse onto an actor's marker, where the figure places it, and click."""
    ((x, y),) = [(x, y) for x, y, _, a in dash_duo.driver.execute_script(MARKERS) if a == actor]
    ActionChains(dash_duo.driver).move_to_location(round(x), round(y)).click().perform()


def marker_with_room(markers, box, room: float = 24.0):
    """The first marker, by id, inside ``box`` (left, top, right, bottom) whose disc no other
    marker comes within ``room`` px of: its centre is that actor's and no other's."""
    left, top, right, bottom = box
    for x, y, r, actor in sorted(markers, key=lambda m: m[3]):
        if not (left + 40 < x < right - 40 and top + 40 < y < bottom - 40):
            continue
        if all(
            ((x - u) ** 2 + (y - v) ** 2) ** 0.5 > r + s + room
            for u, v, s, other in markers
            if other != actor
        ):
            return x, y, actor
    raise AssertionError("no marker with room around it")


def test_scale203_a_real_click_on_a_marker_of_a_large_net_selects_that_actor(dash_duo, tmp_path):
    """At 1,200 generated actors (a large figure without lowering any threshold), a real mouse
    click at the centre of a marker selects the actor drawn there, read from the figure data."""
    from dashboard.dataset import load_dataset
    from tests.conftest import load_bench

    load_bench("generate").generate(tmp_path / "net", 1200, seed=4)
    dataset = load_dataset(tmp_path / "net")
    assert len(dataset.actors) >= limits.LARGE_FIGURE_FROM
    start_large(dash_duo, create_app(dataset), timeout=30)
    driver = dash_duo.driver
    markers = driver.execute_script(MARKERS)
    assert len(markers) == len(dataset.actors)
    rect = driver.execute_script(
        f"const r = document.querySelector('{GRAPH_DIV} .nsewdrag').getBoundingClientRect();"
        "return [r.left, r.top, r.right, r.bottom];"
    )
    x, y, actor = marker_with_room(markers, rect)
    ActionChains(driver).move_to_location(round(x), round(y)).click().perform()
    wait_for_panel_title(dash_duo, dataset.actors.loc[actor, "name"])
    assert (
        dash_duo.find_element(f"#{ids.PANEL} .panel-title").get_attribute("data-selection")
        == f"actor:{actor}"
    )
    assert dash_duo.get_logs() == []


def test_scale204_a_press_on_the_graph_does_not_restyle_the_markers(large_app):
    """Plotly starts a press (a click, a pan) by setting the cursor on the root element when the
    browser reports no hover (headless Chromium, touch screens). The cursor is inherited: unless
    the graph declares its own, every marker is restyled on each press and on its release, about
    50 ms each at 10,000 actors. The graph's cursor must not follow the root's."""
    driver = large_app.driver
    cursor_here = f"""
const root = document.documentElement;
root.style.cursor = arguments[0];
const seen = [getComputedStyle(root).cursor,
              getComputedStyle(document.querySelector('{GRAPH_DIV} .svg-container')).cursor];
root.style.cursor = '';
return seen;
"""
    assert driver.execute_script(cursor_here, "move") == ["move", "auto"]
    assert large_app.get_logs() == []


# Every shape element Plotly has drawn, marked: one Plotly redraws is a new element, unmarked.
MARK_SHAPES = f"""
const gd = document.querySelector('{GRAPH_DIV}');
const marked = [];
gd.querySelectorAll('.shapelayer path[data-index]').forEach(el => {{
  el.benchKept = true;
  const shape = gd.layout.shapes[+el.getAttribute('data-index')];
  if (shape.type === 'path' && shape.layer === 'below' && shape.path !== 'M0,0') {{
    marked.push(+el.getAttribute('data-index'));
  }}
}});
return marked;
"""
REDRAWN_SHAPES = f"""
const gd = document.querySelector('{GRAPH_DIV}');
return Array.from(gd.querySelectorAll('.shapelayer path[data-index]'))
  .filter(el => !el.benchKept).map(el => +el.getAttribute('data-index'));
"""


def test_scale205_a_click_redraws_the_selection_not_the_edges_below_it(large_app, seed_model):
    """Plotly redraws a shape only where it changed: the edges drawn below the veil, whatever is
    selected, are the very elements they were, and what is redrawn is the selection's own: the
    veil, its relations above the veil (one shape per style they have), its discs, the notes."""
    driver = large_app.driver
    below = driver.execute_script(MARK_SHAPES)
    assert below  # the seed's edges, drawn below
    click_marker(large_app, "iran")
    wait_for_panel_title(large_app, "Iran")
    edges = seed_model.edges
    mine = edges[(edges["source"] == "iran") | (edges["target"] == "iran")]
    wait_for(large_app, DISCS, sorted(set(mine["source"]) | set(mine["target"])), "Iran's discs")
    redrawn = set(driver.execute_script(REDRAWN_SHAPES))
    assert not redrawn & set(below), "edges below the veil were redrawn"
    # the veil, a shape per (type, certainty) of Iran's relations above it, a disc per actor
    styles = len(mine.groupby(["relation", "certainty"]))
    discs = len(set(mine["source"]) | set(mine["target"]))
    assert 1 + styles + discs <= len(redrawn) <= 1 + 2 * styles + discs + 2
    assert large_app.get_logs() == []


# How the actors' markers are drawn: the trace's type, WebGL canvases Plotly drew on, SVG marker
# elements, whether Plotly says WebGL is missing; the names drawn as shape labels.
HOW_DRAWN = f"""
const gd = document.querySelector('{GRAPH_DIV}');
return {{
  type: gd._fullData.find(t => t.name === 'actors').type,
  canvases: gd.querySelectorAll('.gl-container canvas').length,
  points: gd.querySelectorAll('.scatterlayer .point').length,
  noWebgl: gd.querySelectorAll('.no-webgl').length,
  regl: (gd._fullLayout._glcanvas ? gd._fullLayout._glcanvas.data() : []).some(c => Boolean(c.regl)),
  names: Array.from(gd.querySelectorAll('.shapelayer text'), t => t.textContent).filter(Boolean),
}};
"""
# Chromium without WebGL, as some locked-down or remote desktops are: no context to be had.
NO_WEBGL = """
const own = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function (kind) {
  return /webgl/.test(kind) ? null : own.apply(this, arguments);
};
"""


def test_scale206_a_large_net_draws_its_markers_with_webgl_under_the_pages_policy(large_app):
    """The page's plotly.js is the strict bundle: its WebGL draws under the content security
    policy (which allows no eval, and whose breach the console would report), and the names of
    the biggest actors are shape labels, above the canvas."""
    drawn = large_app.driver.execute_script(HOW_DRAWN)
    assert drawn["type"] == "scattergl" and drawn["canvases"] >= 1 and drawn["regl"]
    assert drawn["points"] == 0 and drawn["noWebgl"] == 0
    assert "Iran" in drawn["names"]
    assert large_app.get_logs() == []


def test_scale207_a_browser_without_webgl_gets_svg_markers_it_can_click(
    dash_duo, seed_dataset, seed_model, monkeypatch
):
    monkeypatch.setattr(limits, "LARGE_FIGURE_FROM", 10)
    dash_duo.driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": NO_WEBGL})
    start_large(dash_duo, create_app(seed_dataset))
    actors = len(seed_model.dataset.actors)
    dash_duo._wait_for(
        lambda _: dash_duo.driver.execute_script(HOW_DRAWN)["points"] == actors,
        timeout=10, msg="SVG markers",
    )  # fmt: skip
    drawn = dash_duo.driver.execute_script(HOW_DRAWN)
    assert drawn["type"] == "scatter" and drawn["noWebgl"] == 0 and not drawn["regl"]
    assert "Iran" in drawn["names"]
    click_marker(dash_duo, "iran")
    wait_for_panel_title(dash_duo, "Iran")
    # a figure drawn whole later (another layout) has SVG markers too
    driver = dash_duo.driver
    driver.execute_script(MARK)
    driver.execute_script(
        f"window.dash_clientside.set_props('{ids.LAYOUT_PICKER}', {{value: 'kamada-kawai'}})"
    )
    dash_duo._wait_for(lambda _: not driver.execute_script(KEPT), timeout=10, msg="redrawn")
    dash_duo._wait_for(
        lambda _: driver.execute_script(HOW_DRAWN)["points"] == actors, timeout=10, msg="SVG"
    )
    assert driver.execute_script(HOW_DRAWN)["type"] == "scatter"
    assert dash_duo.get_logs() == []


# From now on, each request to a callback: what it asks for, when it was sent and answered, and
# when the panel's DOM first changed (in window.benchAsked, window.benchPanelChanged; run again,
# it starts both afresh).
LOG_REQUESTS = """
window.benchAsked = [];
window.benchPanelChanged = null;
if (window.benchLogging) return;
window.benchLogging = true;
new MutationObserver(() => { window.benchPanelChanged ??= performance.now(); })
  .observe(document.getElementById('evidence-panel'), {childList: true, subtree: true});
const send = window.fetch;
window.fetch = function (url, options) {
  const entry = {output: '', sent: performance.now(), answered: null};
  try { entry.output = JSON.parse(options.body).output; } catch (e) { /* not a callback */ }
  window.benchAsked.push(entry);
  return send.apply(this, arguments).then(r => { entry.answered = performance.now(); return r; });
};
"""


def test_scale208_a_large_figures_selection_is_asked_for_once_its_panel_is_shown(
    large_app, seed_model
):
    """The panel goes to the server alone: the figure's request waits until the panel's answer
    is drawn, so that the server answers the panel first and Plotly's redraw does not hold the
    panel's paint (the quotes showed some 60 ms sooner at 10,000 actors). So does the next
    click, made while the page still counts the figure patched for the first as on its way."""
    driver = large_app.driver
    edges = seed_model.edges
    for actor, name in [("iran", "Iran"), ("russia", "Russia")]:
        time.sleep(0.6)  # not a double-click (see scale201)
        driver.execute_script(LOG_REQUESTS)
        click_marker(large_app, actor)
        wait_for_panel_title(large_app, name)
        mine = edges[(edges["source"] == actor) | (edges["target"] == actor)]
        wait_for(large_app, DISCS, sorted(set(mine["source"]) | set(mine["target"])), name)
        asked = driver.execute_script("return window.benchAsked")
        (panel,) = [a for a in asked if ids.PANEL in a["output"]]
        (figure,) = [a for a in asked if ids.GRAPH in a["output"]]
        changed = driver.execute_script("return window.benchPanelChanged")
        assert panel["answered"] < changed < figure["sent"], name
    assert large_app.get_logs() == []


def test_scale209_a_large_graph_saved_as_svg_has_its_markers_as_vectors(large_app, seed_model):
    """Plotly writes a WebGL canvas into an SVG file as one bitmap: the graph saved as SVG
    (assets/dashboard.js, asVectors) has a marker element per actor, and no bitmap."""
    svg = large_app.driver.execute_async_script(
        f"const done = arguments[arguments.length - 1];"
        f"const gd = document.querySelector('{GRAPH_DIV}');"
        "Plotly.toImage(asVectors(gd), {format: 'svg', width: 800, height: 600})"
        "  .then(url => done(decodeURIComponent(url.slice(url.indexOf(',') + 1))));"
    )
    assert svg.count('<path class="point') == len(seed_model.dataset.actors)
    assert "<image" not in svg
    assert large_app.get_logs() == []


# When the graph was last drawn (plotly_afterplot), the address last written (pushState) and
# the search box's value last set, in the page's time.
WHEN_WRITTEN = f"""
window.benchWhen = {{drawn: null, pushed: null, searched: null}};
document.querySelector('{GRAPH_DIV}').on('plotly_afterplot', () => {{
  window.benchWhen.drawn = performance.now();
}});
const push = window.history.pushState;
window.history.pushState = function () {{
  window.benchWhen.pushed = performance.now();
  return push.apply(this, arguments);
}};
const set = window.dash_clientside.set_props;
window.dash_clientside.set_props = function (id, props) {{
  if (id === '{ids.ACTOR_SEARCH}' && props.value) window.benchWhen.searched = performance.now();
  return set.apply(this, arguments);
}};
"""


def test_scale210_the_address_and_search_box_wait_for_a_large_selections_figure(
    dash_duo, seed_dataset, monkeypatch
):
    """After a click on a large figure whose search box the server fills, the address and the
    search box are written once the figure of the selection is drawn, not while its request is
    out: their work in the page held the answer (the graph showed the selection some 50 ms
    later at 10,000 actors). Both are written all the same."""
    monkeypatch.setattr(limits, "LARGE_FIGURE_FROM", 10)
    monkeypatch.setattr(limits, "SEARCH_ALL_UP_TO", 5)
    start_large(dash_duo, create_app(seed_dataset))
    driver = dash_duo.driver
    driver.execute_script(WHEN_WRITTEN)
    click_marker(dash_duo, "iran")
    wait_for_panel_title(dash_duo, "Iran")
    dash_duo._wait_for(
        lambda _: driver.current_url.endswith("?actor=iran"), timeout=10, msg="the address"
    )
    dash_duo.wait_for_contains_text(f"#{ids.ACTOR_SEARCH}", "Iran", timeout=10)
    when = driver.execute_script("return window.benchWhen")
    assert when["drawn"] < when["pushed"] and when["drawn"] < when["searched"], when
    assert dash_duo.get_logs() == []
