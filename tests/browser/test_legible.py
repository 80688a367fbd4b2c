"""The first picture is legible at four window sizes, by default and with Iran selected.

Measured in Chromium: marker positions and sizes from the figure (through Plotly's axes), label
boxes from ``getBoundingClientRect`` on the drawn text, the fan of parallel relations from the
figure's midpoint marks. One page load per window size.
"""

from __future__ import annotations

import math

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from dashboard import ids
from dashboard.app import create_app
from dashboard.dataset import load_dataset
from dashboard.graph import NetworkModel
from tests.browser.test_dashboard import GRAPH_DIV
from tests.conftest import load_bench

pytestmark = pytest.mark.browser

SIZES = [(1920, 1080), (1440, 900), (1280, 720), (390, 844)]
PHONE_WIDTH = 600  # below this a window is a phone's: the bigger half of the actors labelled
MARKER_GAP = 4  # px between two markers' edges, at least
FAN_GAP = 6  # px between the middles of two parallel relations, at least
SLACK = 0.5  # px: rounding of the drawn text's box

# Everything measured, in CSS px of the window. Markers: every actor the actors trace draws,
# from the figure's data through the axes. Labels: every drawn, visible text of a trace whose
# points are actors (customdata holds actor ids), with the actor it names. Fans: the midpoint
# marks of relations, grouped by the (unordered) pair they join.
MEASURE = f"""
const gd = document.querySelector('{GRAPH_DIV}');
const fl = gd._fullLayout, xa = fl.xaxis, ya = fl.yaxis;
const box = gd.getBoundingClientRect();
const px = x => box.left + xa._offset + xa.c2p(x);
const py = y => box.top + ya._offset + ya.c2p(y);
const plot = {{left: box.left + xa._offset, right: box.left + xa._offset + xa._length,
              top: box.top + ya._offset, bottom: box.top + ya._offset + ya._length}};
const actors = gd.data.find(t => t.name === 'actors');
const markers = actors.customdata.map((id, i) => ({{
  id, x: px(actors.x[i]), y: py(actors.y[i]),
  r: (Array.isArray(actors.marker.size) ? actors.marker.size[i] : actors.marker.size) / 2,
  opacity: Array.isArray(actors.marker.opacity) ? actors.marker.opacity[i] : 1,
}}));
const labels = [];
const layers = gd.querySelectorAll('.scatterlayer .trace');
gd._fullData.forEach((trace, n) => {{
  if (!trace.text || !trace.customdata) return;
  layers[n].querySelectorAll('.textpoint text').forEach(el => {{
    const d = el.parentNode.__data__;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (!el.textContent || r.width === 0 || style.display === 'none'
        || style.visibility === 'hidden' || getComputedStyle(el.parentNode).display === 'none')
      return;
    labels.push({{id: trace.customdata[d.i], text: el.textContent, trace: trace.name,
                 left: r.left, right: r.right, top: r.top, bottom: r.bottom,
                 paintOrder: style.paintOrder, stroke: style.stroke,
                 strokeWidth: parseFloat(style.strokeWidth)}});
  }});
}});
const ends = {{}};
for (const t of gd.data) if (t.meta && t.mode === 'markers')
  t.customdata.forEach((edge, i) => {{
    const [s, , e] = edge.split('/');
    const key = [s, e].sort().join(' ~ ');
    (ends[key] = ends[key] || []).push([px(t.x[i]), py(t.y[i])]);
  }});
const bg = getComputedStyle(gd.querySelector('.main-svg')).backgroundColor;
return {{plot, markers, labels, fans: ends, background: fl.plot_bgcolor, bg}};
"""


def rect_hits_circle(label: dict, x: float, y: float, r: float) -> bool:
    """Whether a label's box covers any of a disc (less a rounding slack)."""
    nearest_x = min(max(x, label["left"]), label["right"])
    nearest_y = min(max(y, label["top"]), label["bottom"])
    return math.hypot(x - nearest_x, y - nearest_y) < r - SLACK


def overlap(a: dict, b: dict) -> bool:
    return (
        min(a["right"], b["right"]) - max(a["left"], b["left"]) > SLACK
        and min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > SLACK
    )


def legibility(seen: dict) -> dict:
    """The figures the issue asks for, from one measurement."""
    markers, labels, plot = seen["markers"], seen["labels"], seen["plot"]
    overlaps = [
        (a["text"], b["text"])
        for n, a in enumerate(labels)
        for b in labels[n + 1 :]
        if overlap(a, b)
    ]
    covers = [
        (label["text"], m["id"])
        for label in labels
        for m in markers
        if m["id"] != label["id"] and rect_hits_circle(label, m["x"], m["y"], m["r"])
    ]
    cut = [
        label["text"]
        for label in labels
        if label["left"] < plot["left"] - SLACK
        or label["right"] > plot["right"] + SLACK
        or label["top"] < plot["top"] - SLACK
        or label["bottom"] > plot["bottom"] + SLACK
    ]
    gaps = [
        math.dist((a["x"], a["y"]), (b["x"], b["y"])) - a["r"] - b["r"]
        for n, a in enumerate(markers)
        for b in markers[n + 1 :]
    ]
    fans = []
    for points in seen["fans"].values():
        fans.extend(math.dist(p, q) for n, p in enumerate(points) for q in points[n + 1 :])
    no_halo = [
        label["text"]
        for label in labels
        if not label["paintOrder"].startswith("stroke")
        or label["stroke"] != seen["bg"]
        or label["strokeWidth"] < 2
    ]
    return {
        "overlaps": overlaps,
        "covers": covers,
        "cut": cut,
        "min_marker_gap": min(gaps),
        "min_fan_gap": min(fans) if fans else math.inf,
        "labelled": {label["id"] for label in labels},
        "no_halo": no_halo,
    }


def bigger_half(model) -> set[str]:
    """The actors in the bigger half by marker size (quotes), ties in."""
    quotes = model.actor_quotes.sort_values(ascending=False)
    cut = quotes.iloc[(len(quotes) + 1) // 2 - 1]
    return set(quotes[quotes >= cut].index)


def select_actor(dash_duo, model, actor: str) -> None:
    """Click an actor's marker and wait for its panel and its ring."""
    index = list(model.dataset.actors.index).index(actor)
    layer = dash_duo.driver.execute_script(
        f"return document.querySelector('{GRAPH_DIV}').data.findIndex(t => t.name === 'actors');"
    )
    traces = dash_duo.find_elements(f"{GRAPH_DIV} .scatterlayer .trace")
    point = traces[layer].find_elements(By.CSS_SELECTOR, "path.point")[index]
    ActionChains(dash_duo.driver).move_to_element(point).click().perform()
    name = model.dataset.actors.at[actor, "name"]
    dash_duo.wait_for_text_to_equal("#" + ids.PANEL + " .panel-title", name, timeout=10)
    # the figure redrawn for the selection: the actor ringed
    ringed = (
        f"const t = document.querySelector('{GRAPH_DIV}').data.find(t => t.name === 'actors');"
        f"return Array.isArray(t.marker.line.width) && t.marker.line.width[{index}] > 2;"
    )
    WebDriverWait(dash_duo.driver, 10).until(lambda driver: driver.execute_script(ringed))


def select_iran(dash_duo, seed_model) -> None:
    select_actor(dash_duo, seed_model, "iran")


def measure_at(dash_duo, width: int, height: int) -> dict:
    dash_duo.driver.set_window_size(width, height)
    dash_duo.driver.get(dash_duo.server_url)
    dash_duo.wait_for_element(f"{GRAPH_DIV} .scatterlayer .trace", timeout=15)
    return dash_duo.driver.execute_script(MEASURE)


@pytest.mark.parametrize("width, height", SIZES)
def test_legible001_the_seed_is_legible_by_default_and_with_iran_selected(
    dash_duo, seed_dataset, seed_model, width, height
):
    dash_duo.start_server(create_app(seed_dataset))
    default = legibility(measure_at(dash_duo, width, height))
    select_iran(dash_duo, seed_model)
    selected = legibility(dash_duo.driver.execute_script(MEASURE))
    assert_every_goal(seed_model, width, {"default": default, "Iran selected": selected})
    assert dash_duo.get_logs() == []


# Generated networks (bench/generate.py), with hubs as in real coverage: the layout is not
# tuned to the seed. At 15 actors (22 relations) every goal of the seed holds. At 30 actors
# (45 relations) the labels of all of them, ~100 px wide, with their markers need about
# 160,000 px^2, more than overlap removal can clear in the 1280x720 window's plot (619x416 px)
# and twice a phone's (332x314 px, at the layout's shape): there the bigger half is labelled
# on the 1280x720 plot and a quarter on the phone (test_legible003), the rest named on tap;
# every other goal holds. On the phone the hubs, in the middle of their neighbours, are not
# among them: no place around their markers is free of another marker.
GENERATED = {"n": 15, "seed": 1}
DENSER = {"n": 30, "seed": 1}
ON_A_PHONE = 1 / 4  # the share of the actors labelled on the phone at 30 actors


def generated_model(folder, n: int, seed: int):
    load_bench("generate").generate(folder, n, seed=seed)
    dataset = load_dataset(folder)
    return dataset, NetworkModel.from_dataset(dataset)


@pytest.mark.parametrize("width, height", SIZES)
def test_legible002_a_generated_network_is_legible_by_default_and_with_its_hub_selected(
    dash_duo, tmp_path, width, height
):
    dataset, model = generated_model(tmp_path, **GENERATED)
    dash_duo.start_server(create_app(dataset))
    default = legibility(measure_at(dash_duo, width, height))
    hub = model.actor_quotes.idxmax()
    select_actor(dash_duo, model, hub)
    selected = legibility(dash_duo.driver.execute_script(MEASURE))
    assert_every_goal(model, width, {"default": default, "hub selected": selected})
    assert dash_duo.get_logs() == []


def assert_every_goal(model, width: int, views: dict) -> None:
    """The issue's goals, in each view measured: nothing overlaps, covers a marker or is cut, every
    label has its halo, markers and fans are apart; every actor is labelled on a desktop, the
    bigger half on a phone."""
    everyone = set(model.dataset.actors.index)
    for name, found in views.items():
        assert found["overlaps"] == [], name
        assert found["covers"] == [], name
        assert found["cut"] == [], name
        assert found["no_halo"] == [], name
        assert found["min_marker_gap"] >= MARKER_GAP, name
        assert found["min_fan_gap"] >= FAN_GAP, name
        if width >= PHONE_WIDTH:
            assert found["labelled"] == everyone, name
        else:
            assert found["labelled"] >= bigger_half(model), name


@pytest.mark.parametrize("width, height", SIZES)
def test_legible003_a_denser_generated_network_labels_what_fits(dash_duo, tmp_path, width, height):
    """30 actors: nothing overlaps, markers and fans apart, at every size; every actor labelled
    from 1440x900 up, the bigger half at 1280x720, a quarter on a phone."""
    dataset, model = generated_model(tmp_path, **DENSER)
    dash_duo.start_server(create_app(dataset))
    seen = measure_at(dash_duo, width, height)
    found = legibility(seen)
    assert found["overlaps"] == []
    assert found["covers"] == []
    assert found["cut"] == []
    assert found["no_halo"] == []
    assert found["min_marker_gap"] >= MARKER_GAP
    assert found["min_fan_gap"] >= FAN_GAP
    if width >= 1440:
        assert found["labelled"] == set(dataset.actors.index)
    elif width >= PHONE_WIDTH:
        assert found["labelled"] >= bigger_half(model)
    else:
        assert len(found["labelled"]) >= ON_A_PHONE * len(dataset.actors)
    # Save as PNG or SVG draws the labels the plot shows, not every label the figure holds
    assert sorted(exported_labels(dash_duo)) == sorted(label["text"] for label in seen["labels"])
    assert dash_duo.get_logs() == []


EXPORT = f"""
const done = arguments[arguments.length - 1];
const gd = document.querySelector('{GRAPH_DIV}');
const figure = window.Plotly.downloadImage._exported(gd);
window.Plotly.toImage(figure, {{format: 'svg', width: gd.clientWidth, height: gd.clientHeight}})
  .then(url => done(decodeURIComponent(url.slice(url.indexOf(',') + 1))));
"""


def exported_labels(dash_duo) -> list[str]:
    """The actor labels of the graph as the page exports it (an SVG drawn anew by Plotly)."""
    svg = dash_duo.driver.execute_async_script(EXPORT)
    return dash_duo.driver.execute_script(
        "const doc = new DOMParser().parseFromString(arguments[0], 'image/svg+xml');"
        "return [...doc.querySelectorAll('.textpoint text')].map(t => t.textContent)"
        ".filter(t => t);",
        svg,
    )
