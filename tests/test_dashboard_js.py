"""The browser-side callbacks of assets/dashboard.js, run by Node.js on a stand-in window.

The selection and the address are made in the browser (callbacks/selection.py, address.py);
these check what each function answers, case by case. The browser tests cover them in a page.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from dashboard.settings import ASSETS_DIR as ASSETS

NODE = shutil.which("node") or shutil.which("nodejs")

# A window, a document and Dash's clientside namespace, enough for the script to load; then
# the call named on the command line, its answer printed as JSON ("no_update" for no update).
HARNESS = """
const fs = require("fs");
const [file, name, argsJson, locationJson, triggeredJson, propsJson] = process.argv.slice(1);
const location = JSON.parse(locationJson);
const pushed = [];
const setProps = [];
global.window = {
  location: location,
  history: { pushState: (state, title, url) => pushed.push(url) },
  dispatchEvent: () => {},
  listeners: {},
  addEventListener: (name, listener) => { (window.listeners[name] ||= []).push(listener); },
  requestAnimationFrame: callback => setTimeout(callback, 1),
  dash_clientside: { no_update: { no_update: true },
                     set_props: (id, props) => setProps.push([id, props]),
                     callback_context: { triggered: JSON.parse(triggeredJson) } },
};
global.document = { addEventListener: () => {}, querySelector: () => null };
// network.js's: the panel of a new selection is painted (here at once)
global.PANEL_WAIT_MS = 400;
global.panelShown = () => Promise.resolve();
global.graphData = () => window.plotted || null;  // the data Plotly holds
global.graphDiv = () => null;  // Plotly's div: none here
global.CustomEvent = function (name) { this.name = name; };
eval(fs.readFileSync(file, "utf8"));
// The props Dash holds, by component id, as its dash_component_api.getLayout gives them.
window.dashProps = propsJson ? JSON.parse(propsJson) : {};
window.dash_component_api = { getLayout: id => (id in window.dashProps ? { props: window.dashProps[id] } : undefined) };
const f = window.dash_clientside.dashboard[name];
(async () => {
const plain = value => (value === window.dash_clientside.no_update ? "no_update" : value);
const answers = [];
for (const args of JSON.parse(argsJson)) {  // one after the other, each answer awaited
  const answer = await f.apply(null, args);
  answers.push(Array.isArray(answer) ? answer.map(plain) : plain(answer));
}
await new Promise(resolve => setTimeout(resolve, 10));  // what waits for a frame is done
console.log(JSON.stringify({ answers: answers, pushed: pushed, set_props: setProps,
                             written: window.dashboardWritten === undefined ? null : window.dashboardWritten }));
})();
"""


def run_js(name: str, *calls, location=None, triggered=(), props=None) -> dict:
    """Call a function of dashboard.js once per argument list in ``calls``, in one window
    (where Dash holds ``props``, by component id, if given)."""
    if NODE is None:
        pytest.fail("Node.js is needed to test assets/dashboard.js (apt-get install nodejs)")
    location = location or {"pathname": "/", "search": "", "hash": ""}
    # a name fired with null, or {"prop_id": ...} as given (no "value": fired with none at all)
    triggered = [{"prop_id": p, "value": None} if isinstance(p, str) else p for p in triggered]
    done = subprocess.run(
        [NODE, "-e", HARNESS, "--", str(ASSETS / "dashboard.js"), name, json.dumps(calls),
         json.dumps(location), json.dumps(triggered), *([json.dumps(props)] if props else [])],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def run_script(script: str) -> dict:
    """Run a harness whose calls are written into it (HARNESS changed), on a bare address."""
    done = subprocess.run(
        [NODE, "-e", script, "--", str(ASSETS / "dashboard.js"), "push_address", "[]",
         json.dumps({"pathname": "/", "search": "", "hash": ""}), "[]"],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    return json.loads(done.stdout)


def click(key) -> dict:
    return {"points": [{"curveNumber": 3, "pointNumber": 1, "customdata": key}]}


@pytest.mark.parametrize(
    "clicked, current, expected",
    [
        pytest.param(click("iran"), None, [{"kind": "actor", "id": "iran"}, "iran"], id="actor"),
        pytest.param(
            click("iran/supplies_weapons/russia/alleged"),
            {"kind": "actor", "id": "iran"},
            [{"kind": "edge", "id": "iran/supplies_weapons/russia/alleged"}, None],
            id="relation",
        ),
        pytest.param(
            click("iran"), {"kind": "actor", "id": "iran"}, ["no_update"] * 2, id="same-again"
        ),
        pytest.param({"points": []}, None, ["no_update"] * 2, id="no-point"),
        pytest.param(click(None), None, ["no_update"] * 2, id="no-id"),
        pytest.param(click(["iran"]), None, ["no_update"] * 2, id="list-id"),
        pytest.param(None, None, ["no_update"] * 2, id="no-click"),
    ],
)
def test_js001_a_click_selects_what_it_hit(clicked, current, expected):
    assert run_js("select_from_click", [clicked, current])["answers"] == [expected]


@pytest.mark.parametrize(
    "searched, current, expected",
    [
        pytest.param("pakistan", None, {"kind": "actor", "id": "pakistan"}, id="actor"),
        pytest.param(
            "pakistan",
            {"kind": "edge", "id": "a/b/c/d"},
            {"kind": "actor", "id": "pakistan"},
            id="over-a-relation",
        ),
        pytest.param("iran", {"kind": "actor", "id": "iran"}, "no_update", id="already"),
        pytest.param(None, {"kind": "actor", "id": "iran"}, "no_update", id="cleared"),
        pytest.param(["iran"], None, "no_update", id="list"),
    ],
)
def test_js002_the_search_box_selects_an_actor(searched, current, expected):
    assert run_js("select_from_search", [searched, current])["answers"] == [expected]


IRAN = {"kind": "actor", "id": "iran"}


@pytest.mark.parametrize(
    "fired, current, expected",
    [
        pytest.param(
            "actor-search.value", None, [{"kind": "actor", "id": "pakistan"}, "no_update"],
            id="search-box",
        ),
        pytest.param("clear-selection.n_clicks", IRAN, [None, None], id="clear"),
        pytest.param("clear-selection.n_clicks", None, ["no_update"] * 2, id="clear-nothing"),
        # anything else (a name no page sends) selects nothing
        pytest.param("relation-filter.value", None, ["no_update"] * 2, id="something-else"),
    ],
)  # fmt: skip
def test_js006_one_callback_selects_from_what_fired(fired, current, expected):
    """The search box and the clear button select through one callback (select): only the
    input that fired counts."""
    answer = run_js("select", ["pakistan", 1, current], triggered=[fired])
    assert answer["answers"] == [expected]


@pytest.mark.parametrize(
    "options, current, value, typing, expected",
    [
        pytest.param([{"value": "iran"}], IRAN, None, None,
                     [["actor-search", {"options": [{"value": "iran"}], "value": "iran"}]],
                     id="option-came"),
        pytest.param([{"value": "iran"}], IRAN, "iran", None, [], id="already-shown"),
        pytest.param([{"value": "iran"}], IRAN, None, "ir", [], id="reader-typing"),
        pytest.param([{"value": "pakistan"}], IRAN, None, None, [], id="other-options"),
        pytest.param([{"value": "iran"}], {"kind": "edge", "id": "a/b/c/d"}, None, None, [],
                     id="a-relation"),
    ],
)  # fmt: skip
def test_js007_a_large_box_shows_the_selected_actor_once_it_has_its_option(
    options, current, value, typing, expected
):
    done = run_js("put_in_search", [options, current, value, typing])
    assert done["answers"] == ["no_update"]
    assert done["set_props"] == expected


def test_js003_an_address_is_pushed_once_and_noted():
    here = {"pathname": "/app/", "search": "?actor=iran", "hash": ""}
    done = run_js(
        "push_address",
        [{"search": "?actor=iran", "hash": ""}],  # already the address: nothing to do
        [{"search": "?tab=article", "hash": "#sentence-1-9"}],
        [None],
        location=here,
    )
    assert done["answers"] == ["no_update", "?tab=article#sentence-1-9", "no_update"]
    assert done["pushed"] == ["/app/?tab=article#sentence-1-9"]
    assert done["written"] == "?tab=article#sentence-1-9"


def test_js004_only_an_address_the_page_did_not_write_is_read():
    # the address just written comes back from dcc.Location: dropped, once
    done = run_js(
        "push_address",
        [{"search": "?actor=iran", "hash": ""}],
    )
    assert done["written"] == "?actor=iran"
    harness_calls = [["?actor=iran", ""], ["?actor=iran", ""]]
    # a fresh window has written nothing: the page's own address is read (search and hash)
    read = run_js("read_when_foreign", *harness_calls, triggered=["url.search", "url.hash"])
    first, second = read["answers"]
    assert {k: first[k] for k in ("search", "hash", "hash_only")} == {
        "search": "?actor=iran",
        "hash": "",
        "hash_only": False,
    }
    assert second["search"] == "?actor=iran"  # back or forward to it: read again
    followed = run_js("read_when_foreign", ["?tab=table", "#sentence-1-9"], triggered=["url.hash"])
    assert followed["answers"][0]["hash_only"] is True
    # before dcc.Location has read the address there is nothing to pass on
    assert run_js("read_when_foreign", [None, None])["answers"] == ["no_update"]


def test_js005_the_address_written_is_not_read_back():
    script = HARNESS.replace(
        "const answers =",
        "await window.dash_clientside.dashboard.push_address({search: '?actor=iran', hash: ''});\n"
        "const answers =",
    )
    done = subprocess.run(
        [NODE, "-e", script, "--", str(ASSETS / "dashboard.js"), "read_when_foreign",
         json.dumps([["?actor=iran", ""], ["?actor=iran", ""]]),
         json.dumps({"pathname": "/", "search": "", "hash": ""}),
         json.dumps([{"prop_id": "url.search", "value": None}])],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    first, second = json.loads(done.stdout)["answers"]
    assert first == "no_update"  # what the page wrote itself
    assert second["search"] == "?actor=iran"  # the same address again later: back or forward


def test_js008_an_address_is_written_once_its_frame_is_painted_each_as_a_step():
    """The address comes with the panel: it is written after the next frame (not while the
    panel is to be painted), and two addresses that come one after the other, the first not
    yet written, are still two steps of the history, in the order they came."""
    script = (
        HARNESS.replace(
            "requestAnimationFrame: callback => setTimeout(callback, 1),",
            "requestAnimationFrame: callback => frames.push(callback),",
        )
        .replace("const pushed = [];", "const pushed = [];\nconst frames = [];")
        .replace(
            "const answers = [];",
            "const first = window.dash_clientside.dashboard.push_address("
            "{search: '?actor=iran', hash: ''});\n"
            "const second = window.dash_clientside.dashboard.push_address("
            "{search: '?actor=russia', hash: ''});\n"
            "await new Promise(resolve => setTimeout(resolve, 20));  // no frame rendered yet\n"
            "const before = pushed.slice();\n"
            "frames.splice(0).forEach(frame => frame());  // the next frame\n"
            "await first;\n"
            "const between = pushed.slice();\n"
            "frames.splice(0).forEach(frame => frame());  // and the one after\n"
            "await second;\n"
            "const answers = [before, between];",
        )
    )
    written = run_script(script)
    # nothing in the history before a frame is rendered, one address per frame, in order
    assert written["answers"] == [[], ["/?actor=iran"]]
    assert written["pushed"] == ["/?actor=iran", "/?actor=russia"]


SMALL = {"layout": {"meta": {"small": {"edges": {}}}}, "data": []}
LARGE = {"layout": {"shapes": []}, "data": []}
GATE_ARGS = 10  # the controls but the tab (callbacks/controls.py, VIEW_BUT_TAB), REDRAW, WEBGL


@pytest.mark.parametrize(
    "figure, fired, expected",
    [
        pytest.param(SMALL, ["selection-store.data"], None, id="small-selection"),
        pytest.param(
            SMALL,
            ["relation-filter.value", "focus-picker.value"],
            None,
            id="small-filter-and-focus",
        ),
        pytest.param(SMALL, ["layout-picker.value"], ["layout-picker.value"], id="small-layout"),
        pytest.param(
            SMALL,
            ["selection-store.data", "redraw.data"],
            ["selection-store.data", "redraw.data"],
            id="small-curate-redraw",
        ),
        pytest.param(LARGE, ["selection-store.data"], ["selection-store.data"], id="large"),
        pytest.param(None, ["focus-picker.value"], ["focus-picker.value"], id="no-figure"),
        pytest.param(LARGE, [{"prop_id": "selection-store.data"}], None, id="store-mount"),
        pytest.param(SMALL, [{"prop_id": "redraw.data"}], None, id="redraw-mount"),
    ],
)
def test_js009_the_graphs_gate_passes_what_the_server_draws(figure, fired, expected):
    """A small figure draws a change of the relation filter, the selection and the focus in
    the browser: the gate sends the server nothing for it; anything else, any change of a
    large figure and curate mode's REDRAW pass on, naming what fired. The selection store's
    mount (fired with no value at all) is nothing to draw."""
    args = [None] * GATE_ARGS + [figure]
    done = run_js("pass_when_server_draws", args, triggered=fired)
    (answer,) = done["answers"]
    if expected is None:
        assert answer == "no_update"
    else:
        assert answer["fired"] == expected and isinstance(answer["at"], int | float)


@pytest.mark.parametrize("webgl, expected", [(False, False), (True, None), (None, None)])
def test_js014_the_gate_tells_the_server_when_the_browser_has_no_webgl(webgl, expected):
    """The WEBGL store (the gate's last input) false: every figure asked for says so, and the
    server draws SVG markers (callbacks/network.py, with_webgl)."""
    args = [None] * (GATE_ARGS - 1) + [webgl, LARGE]
    done = run_js("pass_when_server_draws", args, triggered=["layout-picker.value"])
    (answer,) = done["answers"]
    assert answer["fired"] == ["layout-picker.value"] and answer.get("webgl") == expected


def test_js013_a_change_made_while_the_servers_figure_is_awaited_goes_to_the_server_whole():
    """A layout change asks the server for a figure; a click before it comes must not be drawn
    on the figure about to be replaced: it goes to the server too, to be drawn whole. Once the
    server's figure is plotted, the browser draws a click again."""
    script = HARNESS.replace(
        "const answers = [];",
        "const gate = window.dash_clientside.dashboard.pass_when_server_draws;\n"
        "const context = window.dash_clientside.callback_context;\n"
        "const small = {layout: {meta: {small: {edges: {}}}}, data: []};\n"
        "const call = (fired) => { context.triggered = [{prop_id: fired, value: 1}];\n"
        f"  return gate.apply(null, Array({GATE_ARGS}).fill(null).concat([small])); }};\n"
        "window.plotted = {};\n"
        "const answers = [call('layout-picker.value'), call('selection-store.data')];\n"
        "window.plotted = {};  // the server's figure, plotted\n"
        "answers.push(call('selection-store.data'));",
    )
    layout, awaited, drawn_here = run_script(script)["answers"]
    assert (layout["fired"], layout.get("whole")) == (["layout-picker.value"], None)
    assert (awaited["fired"], awaited.get("whole")) == (["selection-store.data"], True)
    assert drawn_here == {"no_update": True}


def test_js010_the_gate_and_the_server_agree_on_what_the_browser_draws():
    """The gate spells out the controls a small figure follows in the browser; renamed or added
    on the server alone, the gate would keep the server from drawing them."""
    import re

    from dashboard.callbacks.network import FOLLOWED

    script = (ASSETS / "dashboard.js").read_text(encoding="utf-8")
    (listed,) = re.findall(r"var BROWSER_DRAWS = \[([^\]]*)\];", script)
    assert {item.strip().strip('"') for item in listed.split(",")} == set(FOLLOWED)


@pytest.mark.parametrize(
    "key, expected",
    [
        pytest.param("iran", [IRAN, [["actor-search", {"value": "iran"}]]], id="actor"),
        pytest.param(
            "iran/supplies_weapons/russia/alleged",
            [
                {"kind": "edge", "id": "iran/supplies_weapons/russia/alleged"},
                [["actor-search", {"value": None}]],
            ],
            id="relation",
        ),
        pytest.param("pakistan", [{"kind": "actor", "id": "pakistan"}, []], id="large-no-option"),
    ],
)
def test_js011_a_click_selects_at_once_and_the_search_box_follows_the_panel(key, expected):
    """A click selects at once (the selection store first) and leaves the search box alone;
    once the panel is painted the box shows the actor (or nothing, for a relation). A large
    box without the actor's option is the server's to fill (put_in_search)."""
    props = {"actor-search": {"options": [{"label": "Iran", "value": "iran"}]}}
    done = run_js("select_clicked", [click(key)], props=props)
    selection, later = expected
    assert done["set_props"] == [["selection-store", {"data": selection}], *later]


@pytest.mark.parametrize(
    "selected, options",
    [
        pytest.param(IRAN, [], id="large-box"),
        pytest.param(IRAN, [{"label": "Iran", "value": "iran"}], id="small-box"),
    ],
)
def test_js017_a_click_on_what_is_selected_sets_nothing(selected, options):
    """A click on the actor selected, as Dash holds the selection then (whoever selected it),
    sets nothing: set again, the selection would ask the server for the same panel and figure
    once more."""
    props = {"selection-store": {"data": selected}, "actor-search": {"options": options}}
    assert run_js("select_clicked", [click("iran")], props=props)["set_props"] == []


def test_js018_a_click_on_nothing_sets_nothing():
    """A click that hit neither an actor nor a relation (an empty spot, a label) sets nothing."""
    clicked = {"points": [{"customdata": None}]}
    assert run_js("select_clicked", [clicked], props={"selection-store": {}})["set_props"] == []


def test_js012_a_selection_made_meanwhile_keeps_the_search_box():
    """Another selection before the panel of a click is painted (the search box, the clear
    button, another click) stands: the box is not set back to the first click's actor, which
    would select it again."""
    script = HARNESS.replace(
        "const answers = [];",
        "let release; global.panelShown = () => new Promise(r => { release = r; });\n"
        "const own = window.dash_clientside.dashboard;\n"
        "window.dashProps['actor-search'] = {options: [{value: 'iran'}]};\n"
        "own.select_clicked({points: [{customdata: 'iran'}]});\n"
        "window.dash_clientside.callback_context.triggered = "
        "[{prop_id: 'actor-search.value', value: 'pakistan'}];\n"
        "own.select('pakistan', 0, {kind: 'actor', id: 'iran'});\n"
        "release();\n"
        "const answers = [];",
    )
    done = subprocess.run(
        [NODE, "-e", script, "--", str(ASSETS / "dashboard.js"), "select", "[]",
         json.dumps({"pathname": "/", "search": "", "hash": ""}), "[]"],
        capture_output=True, text=True, timeout=30, check=True,
    )  # fmt: skip
    # the click's selection, and nothing in the search box after it
    assert json.loads(done.stdout)["set_props"] == [["selection-store", {"data": IRAN}]]


def test_js019_the_address_and_the_search_box_wait_for_a_large_selections_figure():
    """A large figure's new selection is drawn by the server once its panel is painted: the
    address and the search box are written only after that figure is drawn (graphDue), as their
    work held the page while the figure's answer came."""
    script = HARNESS.replace(
        "const answers = [];",
        "let drawn; window.dashboardGraphDue = new Promise(r => { drawn = r; });\n"
        "const own = window.dash_clientside.dashboard;\n"
        "own.push_address({search: '?actor=iran', hash: ''});\n"
        "own.put_in_search([{value: 'iran'}], {kind: 'actor', id: 'iran'}, null, null);\n"
        "const before = () => [pushed.length, setProps.length];\n"
        "const answers = [];\n"
        "await new Promise(r => setTimeout(r, 30));\n"
        "answers.push(before());\n"
        "drawn();\n"
        "await new Promise(r => setTimeout(r, 30));\n"
        "answers.push(before());",
    )
    assert run_script(script)["answers"] == [[0, 0], [1, 1]]


def test_js020_an_address_queued_before_a_step_back_is_not_written():
    """An address waiting for its frame (and a large figure) when the reader goes back or
    forward is not written: pushed on top of the address gone back to, it would make the next
    step back return to it."""
    script = HARNESS.replace(
        "const answers = [];",
        "let drawn; window.dashboardGraphDue = new Promise(r => { drawn = r; });\n"
        "const own = window.dash_clientside.dashboard;\n"
        "own.push_address({search: '?actor=iran', hash: ''});\n"
        "window.listeners.popstate.forEach(listener => listener());  // the reader goes back\n"
        "drawn();\n"
        "const answers = [];",
    )
    assert run_script(script)["pushed"] == []
