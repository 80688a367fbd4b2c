"""Tests for dashboard.callbacks: the pure helpers, then the callbacks through Dash's own endpoint.

The endpoint tests post what the browser's renderer posts to ``/_dash-update-component``: the
callback's ``output``, its ``outputs``, ``inputs`` and ``state`` (each ``{id, property, value}``,
a pattern-matching ALL input being a list of them) and ``changedPropIds``, the inputs that fired.
"""

from __future__ import annotations

import dataclasses
import json
import logging

import pytest
from dash import Dash, no_update
from dash import _callback as dash_callback

from dashboard import ids, limits
from dashboard.app import create_app
from dashboard.callbacks import redraw, toggle_relations
from dashboard.figure import figure_dict, figure_overlay, nodes_key
from dashboard.graph import NetworkModel
from dashboard.state import clean_relations, clean_selection
from tests.conftest import panel_request, state_of
from tests.test_export import read_graph
from tests.test_panel import evidence_text

WEAPONS = "iran/supplies_weapons/russia/stated"
POLARITIES = ("cooperative", "conflictual", "neutral")
ARTICLES = ["iran-russia-treaty"]


def relations_of(model, polarity: str) -> list[str]:
    relations = model.dataset.relations
    return list(relations.index[relations["polarity"] == polarity])


# clean_relations


@pytest.mark.parametrize(
    "value, expected",
    [
        pytest.param(
            ["meets", "signs_agreement"], ["signs_agreement", "meets"], id="taxonomy-order"
        ),
        pytest.param(["meets", "meets"], ["meets"], id="duplicates"),
        pytest.param(["meets", "nonsense", ""], ["meets"], id="unknown-dropped"),
        pytest.param(["meets", None, 3, 2.5, True], ["meets"], id="wrong-types-dropped"),
        pytest.param([], [], id="empty"),
        pytest.param(None, [], id="none"),
        pytest.param("meets", [], id="string"),
        pytest.param({"meets": True}, [], id="dict"),
        pytest.param(7, [], id="number"),
    ],
)
def test_cb001_clean_relations(seed_model, value, expected):
    assert clean_relations(seed_model, value) == expected


def test_cb002_clean_relations_keeps_every_known_type(seed_model):
    every = list(seed_model.dataset.relations.index)
    assert clean_relations(seed_model, every[::-1]) == every


@pytest.mark.parametrize("value", [[["meets"]], [{"id": "meets"}], ["meets", ["x"]]])
def test_cb003_clean_relations_drops_unhashable_items(seed_model, value):
    assert clean_relations(seed_model, value) == (["meets"] if "meets" in value else [])


# clean_selection


@pytest.mark.parametrize(
    "selection, expected",
    [
        pytest.param({"kind": "actor", "id": "iran"}, {"kind": "actor", "id": "iran"}, id="actor"),
        pytest.param({"kind": "edge", "id": WEAPONS}, {"kind": "edge", "id": WEAPONS}, id="edge"),
        pytest.param(
            {"kind": "actor", "id": "iran", "extra": "<script>"},
            {"kind": "actor", "id": "iran"},
            id="extra-keys-dropped",
        ),
        pytest.param({"kind": "actor", "id": "atlantis"}, None, id="unknown-actor"),
        pytest.param({"kind": "edge", "id": "iran/x/russia/stated"}, None, id="unknown-edge"),
        pytest.param({"kind": "edge", "id": "iran"}, None, id="actor-as-edge"),
        pytest.param({"kind": "actor", "id": WEAPONS}, None, id="edge-as-actor"),
        pytest.param({"kind": "relation", "id": "meets"}, None, id="unknown-kind"),
        pytest.param({"kind": "actor", "id": ["iran"]}, None, id="id-list"),
        pytest.param({"kind": "actor", "id": {"iran": 1}}, None, id="id-dict"),
        pytest.param({"kind": ["actor"], "id": "iran"}, None, id="kind-list"),
        pytest.param({"kind": "actor"}, None, id="no-id"),
        pytest.param({}, None, id="empty-dict"),
        pytest.param(None, None, id="none"),
        pytest.param("iran", None, id="string"),
        pytest.param(["actor", "iran"], None, id="list"),
    ],
)
def test_cb004_clean_selection(seed_model, selection, expected):
    assert clean_selection(seed_model, selection) == expected


# toggle_relations


def polarity(name) -> dict:
    return {"type": ids.POLARITY_TOGGLE, "polarity": name}


def test_cb006_all_and_none(seed_model):
    every = list(seed_model.dataset.relations.index)
    assert toggle_relations(seed_model, ids.SELECT_ALL, []) == every
    assert toggle_relations(seed_model, ids.SELECT_ALL, ["meets"]) == every
    assert toggle_relations(seed_model, ids.SELECT_NONE, every) == []


@pytest.mark.parametrize("name", POLARITIES)
def test_cb007_polarity_toggles_on_then_off(seed_model, name):
    group = relations_of(seed_model, name)
    other = next(r for r in seed_model.dataset.relations.index if r not in group)
    # from partly shown: all of the group on, the rest untouched
    on = toggle_relations(seed_model, polarity(name), [other, group[0]])
    assert set(on) == {other, *group}
    assert on == [r for r in seed_model.dataset.relations.index if r in on]
    # from fully shown: all of the group off, the rest untouched
    assert toggle_relations(seed_model, polarity(name), on) == [other]
    assert toggle_relations(seed_model, polarity(name), []) == group


@pytest.mark.parametrize(
    "trigger",
    [
        pytest.param(None, id="none"),
        pytest.param("select-some", id="unknown-id"),
        pytest.param(ids.GRAPH, id="other-component"),
        pytest.param(polarity("hostile"), id="unknown-polarity"),
        pytest.param({"type": ids.POLARITY_TOGGLE}, id="no-polarity"),
        pytest.param({"type": "other", "polarity": "neutral"}, id="other-type"),
        pytest.param({"polarity": "neutral"}, id="no-type"),
    ],
)
def test_cb008_unknown_trigger_changes_nothing(seed_model, trigger):
    current = ["meets", "opposes"]
    assert toggle_relations(seed_model, trigger, current) == current


@pytest.mark.parametrize("value", [["neutral"], {"a": 1}], ids=["list", "dict"])
def test_cb009_malformed_polarity_changes_nothing(seed_model, value):
    assert toggle_relations(seed_model, polarity(value), ["meets"]) == ["meets"]


# The callbacks, through Dash's endpoint


@pytest.fixture(scope="module")
def app(seed_dataset) -> Dash:
    return create_app(seed_dataset)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


@pytest.fixture(scope="module")
def dependencies(client) -> dict[str, dict]:
    response = client.get("/_dash-dependencies")
    assert response.status_code == 200
    return {d["output"]: d for d in response.get_json()}


def prop(component_id, name: str, value=None) -> dict:
    return {"id": component_id, "property": name, "value": value}


def prop_id(component_id, name: str) -> str:
    """How the renderer names a property in changedPropIds; pattern ids as sorted, compact JSON."""
    if isinstance(component_id, dict):
        component_id = json.dumps(component_id, sort_keys=True, separators=(",", ":"))
    return f"{component_id}.{name}"


def outputs_of(output: str) -> list[str]:
    """The "id.property" of each output in a callback's output string (multi-output: ..a.b...c.d..)."""
    parts = output.strip(".").split("...") if output.startswith("..") else [output]
    return [part.split("@")[0] for part in parts]


def callback_of(dependencies, output: str, via: str | None = None) -> dict:
    """The one server callback that writes ``output`` (and, where several do, is fired by input
    ``via``)."""
    found = [
        d
        for d in dependencies.values()
        if output in outputs_of(d["output"])
        and not d.get("clientside_function")
        and (via is None or any(i["id"] == via for i in d["inputs"]))
    ]
    assert len(found) == 1, (output, via, [d["output"] for d in found])
    return found[0]


def call(client, dependencies, output: str, inputs: list, changed: list[str], state=(), via=None):
    """Post one callback request, shaped as the renderer shapes it; return the response."""
    spec = callback_of(dependencies, output, via)["output"]
    parts = spec.strip(".").split("...") if spec.startswith("..") else [spec]
    outputs = [dict(zip(("id", "property"), part.rsplit(".", 1), strict=True)) for part in parts]
    body = {
        "output": spec,
        "outputs": outputs if spec.startswith("..") else outputs[0],
        "inputs": inputs,
        "state": list(state),
        "changedPropIds": changed,
    }
    return client.post("/_dash-update-component", json=body)


def result(response, output: str):
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    component, name = output.rsplit(".", 1)
    return response.get_json()["response"][component][name]


FILTER = f"{ids.RELATION_FILTER}.value"
FIGURE = f"{ids.GRAPH}.figure"
FIGURE_NODES = f"{ids.FIGURE_NODES}.data"
DRAWN_NOTHING = [prop(ids.FIGURE_NODES, "data", None)]  # the figure callback's state: redraw all
SELECTION = f"{ids.SELECTION}.data"
PANEL = f"{ids.PANEL}.children"


def test_cb010_dependencies_list_every_callback(dependencies):
    writers = sorted(tuple(outputs_of(d["output"])) for d in dependencies.values())
    controls = [FILTER, f"{ids.LAYOUT_PICKER}.value", f"{ids.FOCUS_PICKER}.value",
                f"{ids.SIZE_PICKER}.value", f"{ids.ISOLATED_MODE}.value", SELECTION,
                f"{ids.ARTICLE_FILTER}.value", f"{ids.VIEW_TAB}.value",
                f"{ids.SIDE_FILTER}.value"]  # fmt: skip
    read = (*controls, f"{ids.ACTOR_SEARCH}.value", f"{ids.ADDRESS}.data")
    assert writers == sorted(
        [
            read,  # the address sets the controls
            (f"{ids.ADDRESS_READ}.data",),  # clientside: an address the page did not write
            (f"{ids.ADDRESS_WRITTEN}.children",),  # clientside: into the history
            (FILTER,),  # All, None and the polarity buttons
            (f"{ids.GRAPH_GATE}.data",),  # clientside: what the server is to draw
            (f"{ids.WEBGL}.data",),  # clientside: whether the browser has WebGL
            (FIGURE, FIGURE_NODES),
            (FIGURE,),  # clientside: a small figure follows the relation filter
            (f"{ids.GRAPH_PANE}.hidden", f"{ids.ARTICLE_PANE}.hidden", f"{ids.TABLE_PANE}.hidden"),
            (f"{ids.ARTICLE_VIEW}.children",),
            (f"{ids.ARTICLE_GATE}.data",),  # clientside: passes changes on while the tab is shown
            (f"{ids.TABLE_BOX}.children",),  # clientside: the grid, when first shown
            (f"{ids.TABLE_GATE}.data",),  # clientside: passes changes on once the grid is there
            (f"{ids.SCROLLED}.children",),  # clientside: scroll to the marked sentence
            (f"{ids.TABLE}.rowData",),
            (f"{ids.TABLE}.dashGridOptions",),  # the table's search box
            (SELECTION, f"{ids.ACTOR_SEARCH}.value"),  # table rows
            (SELECTION, f"{ids.ACTOR_SEARCH}.value"),  # clientside: search box, clear
            (PANEL, f"{ids.ADDRESS}.data"),  # the controls write the panel and the address
            (f"{ids.DOWNLOAD}.data",),
            (f"{ids.FIGURE_DOWNLOADED}.children",),  # clientside: SVG and PNG of the graph
        ]
    )
    panel = callback_of(dependencies, PANEL)
    assert [f"{i['id']}.{i['property']}" for i in panel["inputs"]] == controls


def filter_inputs(pressed: str | None = None, polarity_pressed: str | None = None) -> list:
    return [
        prop(ids.SELECT_ALL, "n_clicks", int(pressed == ids.SELECT_ALL)),
        prop(ids.SELECT_NONE, "n_clicks", int(pressed == ids.SELECT_NONE)),
        [prop(polarity(p), "n_clicks", int(p == polarity_pressed)) for p in POLARITIES],
    ]


@pytest.mark.parametrize("button, expected", [(ids.SELECT_ALL, "every"), (ids.SELECT_NONE, [])])
def test_cb011_filter_buttons(client, dependencies, seed_model, button, expected):
    every = list(seed_model.dataset.relations.index)
    response = call(
        client,
        dependencies,
        FILTER,
        filter_inputs(button),
        [prop_id(button, "n_clicks")],
        state=[prop(ids.RELATION_FILTER, "value", ["meets"])],
        via=ids.SELECT_ALL,
    )
    assert result(response, FILTER) == (every if expected == "every" else expected)


def test_cb012_filter_polarity_toggle(client, dependencies, seed_model):
    toggle = polarity("neutral")
    response = call(
        client,
        dependencies,
        FILTER,
        filter_inputs(polarity_pressed="neutral"),
        [prop_id(toggle, "n_clicks")],
        # the state is cleaned first: the unknown id goes, the order becomes the taxonomy's
        state=[prop(ids.RELATION_FILTER, "value", ["opposes", "nonsense", "meets"])],
        via=ids.SELECT_ALL,
    )
    assert result(response, FILTER) == [
        "meets",
        "opposes",
        *relations_of(seed_model, "neutral"),
    ]


def panel_inputs(selection, relations, articles=("iran-russia-treaty",)) -> list:
    """The panel's callback's inputs (every control: it writes the address too), the rest at
    their defaults."""
    return control_props(
        [relations, "force", "all", "quotes", "fade", selection, list(articles), "graph"]
    )


def panel_call(client, dependencies, inputs: list, changed: list[str]):
    """The panel's callback (and the address's), from a page at the bare address."""
    url = [prop(ids.URL, "search", ""), prop(ids.URL, "hash", "")]
    return call(client, dependencies, PANEL, inputs, changed, state=url, via=ids.SELECTION)


def draw_call(client, dependencies, inputs: list, changed: list[str], state=()):
    """The figure's callback, as the browser's gate passes a change of the controls on to it:
    what fired (``changed``), with the controls' values (``inputs``) and the figure's key."""
    gate = {"fired": list(changed), "at": 1}
    return call(client, dependencies, FIGURE, [prop(ids.GRAPH_GATE, "data", gate)],
                [prop_id(ids.GRAPH_GATE, "data")], state=[*inputs, *state])  # fmt: skip


def panel_text(children) -> str:
    if isinstance(children, str):
        return children
    if isinstance(children, list):
        return "".join(panel_text(c) for c in children)
    if isinstance(children, dict):
        props = children.get("props", {})
        if "groups" in props:  # panel.EvidenceList: its relations and quotes, as data
            return evidence_text(props["groups"])
        return panel_text(props.get("children"))
    return ""


@pytest.mark.parametrize(
    "selection",
    [
        pytest.param({"kind": "actor", "id": "atlantis"}, id="unknown-actor"),
        pytest.param({"kind": "edge", "id": "a/b/c/d"}, id="unknown-edge"),
        pytest.param({"kind": "actor", "id": ["iran"]}, id="id-list"),
        pytest.param("iran", id="string"),
        pytest.param(None, id="none"),
    ],
)
def test_cb013_panel_with_a_bad_selection_is_the_empty_panel(client, dependencies, selection):
    response = panel_call(
        client,
        dependencies,
        panel_inputs(selection, ["meets"]),
        [prop_id(ids.SELECTION, "data")],
    )
    children = result(response, PANEL)
    assert children[0]["props"]["children"] == "Evidence"
    assert "Click an actor or a relation" in panel_text(children)


def test_cb014_panel_for_an_actor_and_an_edge(client, dependencies, seed_model):
    actor = panel_call(
        client,
        dependencies,
        panel_inputs({"kind": "actor", "id": "iran"}, ["supplies_weapons", "nonsense"]),
        [prop_id(ids.SELECTION, "data")],
    )
    children = result(actor, PANEL)
    assert children[0]["props"]["children"] == "Iran"
    hidden = len(seed_model.edges_of("iran")) - 2
    assert f"{hidden} more hidden by the filter." in panel_text(children)
    edge = panel_call(
        client,
        dependencies,
        panel_inputs({"kind": "edge", "id": WEAPONS}, None),
        [prop_id(ids.RELATION_FILTER, "value")],
    )
    text = panel_text(result(edge, PANEL))
    assert "have played a pivotal role in bolstering" in text  # the quotes, as data
    assert "This relation type is hidden by the filter." in text


def test_cb015_panel_with_unhashable_filter_value_is_not_an_error(client, dependencies):
    """A list inside the filter's value is dropped: the panel is Iran's with nothing shown."""
    odd, nothing = (
        panel_call(
            client,
            dependencies,
            panel_inputs({"kind": "actor", "id": "iran"}, relations),
            [prop_id(ids.RELATION_FILTER, "value")],
        )
        for relations in ([["meets"], {"x": 1}], [])
    )
    children = result(odd, PANEL)
    assert children[0]["props"]["children"] == "Iran"
    assert children == result(nothing, PANEL)  # the answer for an empty filter, exactly


def test_cb023_filter_with_malformed_polarity_id_is_not_an_error(client, dependencies):
    toggle = polarity(["x"])
    response = call(
        client,
        dependencies,
        FILTER,
        [*filter_inputs()[:2], [prop(toggle, "n_clicks", 1)]],
        [prop_id(toggle, "n_clicks")],
        state=[prop(ids.RELATION_FILTER, "value", ["meets"])],
        via=ids.SELECT_ALL,
    )
    # the toggle names no polarity: the filter is left as it was (cleaned)
    assert result(response, FILTER) == ["meets"]


def figure_inputs(
    relations, layout="force", isolated="fade", selection=None, focus="all", size="quotes"
) -> list:
    return [
        prop(ids.RELATION_FILTER, "value", relations),
        prop(ids.LAYOUT_PICKER, "value", layout),
        prop(ids.FOCUS_PICKER, "value", focus),
        prop(ids.SIZE_PICKER, "value", size),
        prop(ids.ISOLATED_MODE, "value", isolated),
        prop(ids.SELECTION, "data", selection),
        prop(ids.ARTICLE_FILTER, "value", ["iran-russia-treaty"]),
        prop(ids.SIDE_FILTER, "value", ["both", "a", "b"]),  # hidden: the page compares nothing
    ]


def test_cb016_figure_callback_cleans_its_inputs(client, dependencies, seed_model):
    response = draw_call(
        client,
        dependencies,
        figure_inputs(["member_of", "nonsense"], layout="spiral", isolated="hide", selection="x"),
        [prop_id(ids.RELATION_FILTER, "value")],
        state=DRAWN_NOTHING,
    )
    figure = result(response, FIGURE)
    metas = set()
    for trace in figure["data"]:  # a line trace names its type, the marks' trace each mark's
        meta = trace.get("meta")
        metas.update(meta if isinstance(meta, list) else [meta])
    assert metas == {"member_of", None}
    (nodes,) = [t for t in figure["data"] if t.get("name") == "actors"]
    assert set(nodes["customdata"]) == {
        "brics",
        "brazil",
        "russia",
        "india",
        "china",
        "south-africa",
    }
    positions = seed_model.positions("force")  # an unknown layout falls back to the default
    for actor, x in zip(nodes["customdata"], nodes["x"], strict=True):
        assert x == pytest.approx(positions[actor][0])


def test_cb017_the_graph_the_search_box_and_clear_select_in_the_browser(dependencies):
    """Nothing on the server, and no second callback, stands between a click (the search box,
    the clear button) and the selection: the figure, the panel and the address are asked for
    together, in one round trip. A click on the graph selects from Plotly's own event
    (assets/dashboard.js, select_clicked): no callback waits on the graph's clickData."""
    for source in ((ids.ACTOR_SEARCH, "value"), (ids.CLEAR_SELECTION, "n_clicks")):
        writers = [
            d for d in dependencies.values()
            if source in {(i["id"], i["property"]) for i in d["inputs"]}
            and SELECTION in outputs_of(d["output"])
        ]  # fmt: skip
        assert [d.get("clientside_function", {}).get("function_name") for d in writers] == [
            "select"
        ]
    read = {
        (i["id"], i["property"]) for d in dependencies.values() for i in d["inputs"] + d["state"]
    }
    assert (ids.GRAPH, "clickData") not in read


def test_cb018_no_callback_waits_on_the_panels_links(dependencies):
    """The panel's actor links are handled in the browser (assets/dashboard.js): as callback
    inputs, every panel drawn would fire them all, a request for nothing."""
    inputs = [i["id"] for d in dependencies.values() for i in d["inputs"]]
    assert not [i for i in inputs if isinstance(i, dict) or ids.ACTOR_LINK in str(i)]


@pytest.mark.parametrize(
    "selection, expected",
    [
        pytest.param({"kind": "actor", "id": "iran"}, "iran", id="actor"),
        pytest.param({"kind": "edge", "id": WEAPONS}, None, id="relation"),
        pytest.param({"kind": "actor", "id": "atlantis"}, None, id="unknown"),
    ],
)
def test_cb076_a_large_search_box_gets_the_selected_actors_option(
    seed_dataset, monkeypatch, selection, expected
):
    """Above SEARCH_ALL_UP_TO the box holds only suggestions: a selection sends it the actor's
    option with the panel, in the same answer (no request of its own to come back first)."""
    monkeypatch.setattr(limits, "SEARCH_ALL_UP_TO", 5)
    client = create_app(seed_dataset).server.test_client()
    deps = {d["output"]: d for d in client.get("/_dash-dependencies").get_json()}
    offer = f"{ids.SEARCH_OFFER}.data"
    writer = callback_of(deps, offer)
    assert outputs_of(writer["output"]) == [PANEL, f"{ids.ADDRESS}.data", offer]
    request = panel_request(selection)
    request["output"] = writer["output"]
    request["outputs"].append({"id": ids.SEARCH_OFFER, "property": "data"})
    response = client.post("/_dash-update-component", json=request)
    if expected is None:
        assert ids.SEARCH_OFFER not in response.get_json()["response"]
    else:
        assert result(response, offer) == [
            {"label": "Iran", "value": "iran", "search": "Iran Tehran Iranian"}
        ]
    assert ids.PANEL in response.get_json()["response"]


def row_of(seed_model, key: str) -> dict:
    from dashboard.table import table_rows

    return next(r for r in table_rows(seed_model, state_of(None)) if r["edge"] == key)


def test_cb019_a_table_row_selects_its_relation(client, dependencies, seed_model):
    row = row_of(seed_model, WEAPONS)
    response = select_call(client, dependencies, [row], current="iran")
    assert result(response, SELECTION) == {"kind": "edge", "id": WEAPONS}
    assert result(response, f"{ids.ACTOR_SEARCH}.value") is None


@pytest.mark.parametrize(
    "rows",
    [
        pytest.param(None, id="none"),
        pytest.param([], id="empty"),
        pytest.param("two", id="two-rows"),
        pytest.param([{"edge": "a/b/c/d"}], id="unknown-edge"),
        pytest.param([WEAPONS], id="not-a-row"),
        pytest.param("selected", id="already-selected"),
    ],
)
def test_cb020_a_table_row_that_selects_nothing_new(client, dependencies, seed_model, rows):
    row = row_of(seed_model, WEAPONS)
    rows = {"two": [row, row], "selected": [row]}.get(rows, rows) if isinstance(rows, str) else rows
    current = {"kind": "edge", "id": WEAPONS}
    response = select_call(client, dependencies, rows, current=current)
    # no_update: Dash 4 answers 200 with nothing to change
    assert response.status_code == 200
    assert response.get_json()["response"] == {}


def select_call(client, dependencies, rows, current=None):
    if isinstance(current, str):
        current = {"kind": "actor", "id": current}
    return call(
        client,
        dependencies,
        SELECTION,
        [prop(ids.TABLE, "selectedRows", rows)],
        [prop_id(ids.TABLE, "selectedRows")],
        state=[prop(ids.SELECTION, "data", current)],
        via=ids.TABLE,
    )


# Two apps in one process


def test_cb021_two_apps_have_their_own_callbacks(seed_dataset):
    first, second = create_app(seed_dataset), create_app(seed_dataset)
    assert first.callback_map is not second.callback_map
    assert set(first.callback_map) == set(second.callback_map)
    assert len(first.callback_map) == 21
    server_side = [o for o, c in first.callback_map.items() if "callback" in c]
    # eleven run in the browser: scrolling, the image download, the two tabs' gates, the grid's
    # mount, the graph's gate, the relation filter of a small figure, the address's way into
    # the history and out of it, the selection, and the check for WebGL
    assert len(server_side) == 10
    for output in server_side:
        assert first.callback_map[output]["callback"] is not second.callback_map[output]["callback"]
    # nothing was left for Dash to hand to whichever app serves first
    assert not dash_callback.GLOBAL_CALLBACK_MAP
    for app in (first, second):
        deps = app.server.test_client().get("/_dash-dependencies").get_json()
        assert {d["output"] for d in deps} == set(first.callback_map)


def test_cb022_each_app_answers_from_its_own_model(seed_dataset):
    """An app built from fewer triples must not answer with the other app's model."""
    import dataclasses

    triples = seed_dataset.triples
    small = dataclasses.replace(seed_dataset, triples=triples[triples["relation"] == "member_of"])
    full_app, small_app = create_app(seed_dataset), create_app(small)
    for app, quotes in ((full_app, len(triples)), (small_app, 5)):
        client = app.server.test_client()
        deps = {d["output"]: d for d in client.get("/_dash-dependencies").get_json()}
        response = panel_call(
            client, deps, panel_inputs(None, []), [prop_id(ids.SELECTION, "data")]
        )
        assert f"{quotes} supporting quotes" in panel_text(result(response, PANEL))


def download_inputs(pressed: str | None) -> list:
    return [[prop({"type": ids.DOWNLOAD_BUTTON, "format": f}, "n_clicks", int(f == pressed))
             for f in ("csv", "json", "graphml", "gexf")]]  # fmt: skip


def test_cb027_download_follows_the_filter(client, dependencies, seed_model):
    button = {"type": ids.DOWNLOAD_BUTTON, "format": "csv"}
    response = call(
        client,
        dependencies,
        f"{ids.DOWNLOAD}.data",
        download_inputs("csv"),
        [prop_id(button, "n_clicks")],
        state=[
            prop(ids.RELATION_FILTER, "value", ["accuses", "denies", "nonsense"]),
            prop(ids.ARTICLE_FILTER, "value", ARTICLES),
        ],
    )
    data = result(response, f"{ids.DOWNLOAD}.data")
    assert data["filename"] == "iran-russia-treaty-filtered.csv"
    assert data["type"] == "text/csv"
    lines = data["content"].strip().split("\n")
    triples = seed_model.dataset.triples
    assert len(lines) == 1 + triples["relation"].isin(["accuses", "denies"]).sum()


@pytest.mark.parametrize("fmt", ["json", "graphml", "gexf"])
def test_cb028_download_each_format_of_everything(client, dependencies, seed_model, fmt):
    button = {"type": ids.DOWNLOAD_BUTTON, "format": fmt}
    every = list(seed_model.dataset.relations.index)
    response = call(
        client,
        dependencies,
        f"{ids.DOWNLOAD}.data",
        download_inputs(fmt),
        [prop_id(button, "n_clicks")],
        state=[
            prop(ids.RELATION_FILTER, "value", every),
            prop(ids.ARTICLE_FILTER, "value", ARTICLES),
        ],
    )
    data = result(response, f"{ids.DOWNLOAD}.data")
    assert data["filename"] == f"iran-russia-treaty.{fmt}"
    dataset = seed_model.dataset
    if fmt == "json":
        document = json.loads(data["content"])
        assert len(document["triples"]) == len(dataset.triples)
        assert {a["id"] for a in document["actors"]} == set(dataset.actors.index)
    else:  # every actor a node, every relation of the graph an edge
        graph = read_graph(fmt, data["content"])
        assert set(graph.nodes) == set(dataset.actors.index)
        assert graph.number_of_edges() == len(seed_model.edges)


def test_cb055_download_w3c_follows_the_filter(client, dependencies, seed_model):
    button = {"type": ids.DOWNLOAD_BUTTON, "format": "w3c"}
    response = call(
        client,
        dependencies,
        f"{ids.DOWNLOAD}.data",
        [[prop(button, "n_clicks", 1)]],
        [prop_id(button, "n_clicks")],
        state=[
            prop(ids.RELATION_FILTER, "value", ["visits"]),
            prop(ids.ARTICLE_FILTER, "value", ARTICLES),
        ],
    )
    data = result(response, f"{ids.DOWNLOAD}.data")
    assert (data["filename"], data["type"]) == (
        "iran-russia-treaty-filtered.jsonld",
        "application/ld+json",
    )
    (item,) = json.loads(data["content"])["first"]["items"]
    assert (
        item["target"]["selector"][0]["exact"]
        == seed_model.dataset.triples.query("relation == 'visits'")["quote"].item()
    )


def test_cb056_download_brat_is_a_zip_of_the_collection(client, dependencies, seed_model):
    import base64
    import io
    import zipfile

    button = {"type": ids.DOWNLOAD_BUTTON, "format": "brat"}
    every = list(seed_model.dataset.relations.index)
    response = call(
        client,
        dependencies,
        f"{ids.DOWNLOAD}.data",
        [[prop(button, "n_clicks", 1)]],
        [prop_id(button, "n_clicks")],
        state=[
            prop(ids.RELATION_FILTER, "value", every),
            prop(ids.ARTICLE_FILTER, "value", ARTICLES),
        ],
    )
    data = result(response, f"{ids.DOWNLOAD}.data")
    assert (data["filename"], data["type"], data["base64"]) == (
        "iran-russia-treaty.zip",
        "application/zip",
        True,
    )
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(data["content"]))) as archive:
        names = set(archive.namelist())
        text = archive.read("iran-russia-treaty/iran-russia-treaty.txt").decode("utf-8")
    assert names == {
        "iran-russia-treaty/iran-russia-treaty.txt",
        "iran-russia-treaty/iran-russia-treaty.ann",
        "iran-russia-treaty/annotation.conf",
    }
    assert text == seed_model.dataset.article


@pytest.mark.parametrize("fmt", ["xls", ["csv"], None])
def test_cb029_download_of_an_unknown_format_does_nothing(client, dependencies, fmt):
    button = {"type": ids.DOWNLOAD_BUTTON, "format": fmt}
    response = call(
        client,
        dependencies,
        f"{ids.DOWNLOAD}.data",
        [[prop(button, "n_clicks", 1)]],
        [prop_id(button, "n_clicks")],
        state=[
            prop(ids.RELATION_FILTER, "value", None),
            prop(ids.ARTICLE_FILTER, "value", ARTICLES),
        ],
    )
    assert response.status_code == 200  # no_update: Dash 4 answers 200 with nothing to change
    assert response.get_json()["response"] == {}


# Several articles, sentences, the tabs and the table


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from dashboard.corpus import load_corpus
    from tests.test_corpus import two_articles

    return load_corpus(two_articles(tmp_path_factory.mktemp("c")))


@pytest.fixture(scope="module")
def corpus_model(corpus):
    from dashboard.graph import NetworkModel

    return NetworkModel.from_dataset(corpus)


CASPIAN = "caspian-gas-talks"
SEED_ARTICLE = "iran-russia-treaty"
SENTENCE_9 = {"kind": "sentence", "id": "sentence-1-9"}


@pytest.mark.parametrize(
    "value, expected",
    [
        pytest.param([SEED_ARTICLE, CASPIAN], [CASPIAN, SEED_ARTICLE], id="corpus-order"),
        pytest.param([CASPIAN, CASPIAN], [CASPIAN], id="duplicates"),
        pytest.param([CASPIAN, "atlantis", ""], [CASPIAN], id="unknown-dropped"),
        pytest.param([CASPIAN, None, 3, ["x"], {"a": 1}], [CASPIAN], id="wrong-types-dropped"),
        pytest.param([], [], id="empty"),
        pytest.param(None, [], id="none"),
        pytest.param(CASPIAN, [], id="string"),
        pytest.param({CASPIAN: True}, [], id="dict"),
    ],
)
def test_cb030_clean_articles(corpus_model, value, expected):
    from dashboard.state import clean_articles

    assert clean_articles(corpus_model, value) == expected


@pytest.mark.parametrize(
    "selection, expected",
    [
        pytest.param(SENTENCE_9, SENTENCE_9, id="sentence"),
        pytest.param({**SENTENCE_9, "extra": 1}, SENTENCE_9, id="extra-keys-dropped"),
        pytest.param({"kind": "sentence", "id": "sentence-1-51"}, {"kind": "sentence", "id": "sentence-1-51"}, id="last"),
        pytest.param({"kind": "sentence", "id": "sentence-1-52"}, None, id="past-the-end"),
        pytest.param({"kind": "sentence", "id": "sentence-2-1"}, None, id="no-second-article"),
        pytest.param({"kind": "sentence", "id": "sentence-1-9x"}, None, id="junk"),
        pytest.param({"kind": "sentence", "id": ["sentence-1-9"]}, None, id="id-list"),
        pytest.param({"kind": "sentence", "id": None}, None, id="id-none"),
        pytest.param({"kind": "sentence", "id": "iran"}, None, id="actor-as-sentence"),
        pytest.param({"kind": "actor", "id": "sentence-1-9"}, None, id="sentence-as-actor"),
        pytest.param({"kind": "edge", "id": "sentence-1-9"}, None, id="sentence-as-edge"),
    ],
)  # fmt: skip
def test_cb031_clean_selection_of_a_sentence(seed_model, selection, expected):
    assert clean_selection(seed_model, selection) == expected


@pytest.mark.parametrize(
    "selection, fragment",
    [
        pytest.param(SENTENCE_9, "#sentence-1-9", id="sentence"),
        pytest.param({"kind": "sentence", "id": "sentence-1-35"}, "#sentence-1-35", id="uncited"),
        pytest.param({"kind": "sentence", "id": "sentence-1-99"}, "", id="unknown-sentence"),
        pytest.param({"kind": "actor", "id": "iran"}, "", id="actor"),
        pytest.param({"kind": "edge", "id": WEAPONS}, "", id="edge"),
        pytest.param(None, "", id="none"),
        pytest.param("sentence-1-9", "", id="string"),
    ],
)
def test_cb032_sentence_fragment(seed_model, selection, fragment):
    from dashboard.state import sentence_fragment

    assert sentence_fragment(seed_model, selection) == fragment


def test_cb033_a_sentence_id_with_a_hash_gives_one_hash(seed_model):
    from dashboard.state import sentence_fragment

    fragment = sentence_fragment(seed_model, {"kind": "sentence", "id": "#sentence-1-9"})
    assert fragment == "#sentence-1-9"


ADDRESS_FIELDS = ("relations", "layout", "focus", "size", "isolated", "selection", "articles",
                  "tab", "sides", "actor_search")  # fmt: skip


@pytest.mark.parametrize(
    "search, fragment, followed, tab, selection, searched",
    [
        pytest.param("", "#sentence-1-9", False, "article", SENTENCE_9, None, id="load-no-query"),
        pytest.param(None, "#sentence-1-9", False, "article", SENTENCE_9, None, id="load-none"),
        pytest.param("?actor=iran", "#sentence-1-9", False, "article", SENTENCE_9, None,
                     id="sentence-wins-over-actor"),
        pytest.param("?tab=table", "#sentence-1-9", False, "table", SENTENCE_9, None,
                     id="load-respects-table"),
        pytest.param("?tab=graph", "#sentence-1-9", False, "graph", SENTENCE_9, None,
                     id="load-respects-graph"),
        pytest.param("?tab=table", "#sentence-1-9", True, "article", SENTENCE_9, None,
                     id="followed-link-opens-article"),
        pytest.param("?actor=iran", "#sentence-1-999", False, "graph",
                     {"kind": "actor", "id": "iran"}, "iran", id="bad-sentence-actor-applies"),
        pytest.param("?actor=iran&tab=table", "#junk", True, "table",
                     {"kind": "actor", "id": "iran"}, "iran", id="junk-hash-followed"),
        pytest.param("?edge=" + WEAPONS, "", False, "graph", {"kind": "edge", "id": WEAPONS},
                     None, id="no-hash"),
        pytest.param("", None, False, "graph", None, None, id="nothing"),
    ],
)  # fmt: skip
def test_cb034_address_controls(seed_model, search, fragment, followed, tab, selection, searched):
    from dashboard.state import address_controls

    controls, searched_box = address_controls(seed_model, search, fragment, followed)
    values = {**controls, "actor_search": searched_box}
    assert tuple(values) == ADDRESS_FIELDS
    assert (values["tab"], values["selection"], values["actor_search"]) == (
        tab,
        selection,
        searched,
    )
    assert values["relations"] == list(seed_model.dataset.relations.index)
    assert values["articles"] == [SEED_ARTICLE]


def test_cb035_address_controls_keep_the_rest_of_the_query(corpus_model):
    from dashboard.state import address_controls

    values, _ = address_controls(
        corpus_model, "?relations=meets&articles=caspian-gas-talks&focus=1", "#sentence-1-2"
    )
    assert values["relations"] == ["meets"]
    assert values["articles"] == [CASPIAN]
    assert values["focus"] == "1"
    assert values["tab"] == "article"
    assert values["selection"] == {"kind": "sentence", "id": "sentence-1-2"}


@pytest.mark.parametrize(
    "sentence, selection",
    [
        pytest.param("#sentence-1-9", SENTENCE_9, id="hash"),
        pytest.param("sentence-1-9", SENTENCE_9, id="bare"),
        pytest.param("#sentence-1-0", {"kind": "actor", "id": "iran"}, id="invalid-actor-applies"),
        pytest.param(None, {"kind": "actor", "id": "iran"}, id="none"),
    ],
)
def test_cb036_control_values_sentence_wins_over_the_actor(seed_model, sentence, selection):
    from dashboard.state import ViewState, searched_actor, to_controls

    values = to_controls(seed_model, ViewState(actor="iran", tab="table"), sentence)
    assert values["selection"] == selection
    assert values["tab"] == "table"  # only address_controls opens the article
    assert searched_actor(values["selection"]) == ("iran" if selection["kind"] == "actor" else None)


def test_cb037_view_state_with_articles_and_tab(seed_model, corpus_model):
    from dashboard.state import CONTROLS, ViewState, from_controls

    def view_state(model, *values):
        return from_controls(model, dict(zip(CONTROLS, values, strict=False)))

    every = list(seed_model.dataset.relations.index)
    state = view_state(seed_model, every, "force", "all", "quotes", "fade", SENTENCE_9,
                       [SEED_ARTICLE], "table")  # fmt: skip
    assert state == ViewState(tab="table")  # a sentence is kept in the fragment, not here
    assert view_state(seed_model, every, "x", "x", "x", "x", None, None, "chart").tab == "graph"
    state = view_state(corpus_model, ["meets"], None, "1", None, None,
                       {"kind": "actor", "id": "azerbaijan"}, [CASPIAN, "atlantis"], "article")  # fmt: skip
    assert state == ViewState(
        relations=("meets",), articles=(CASPIAN,), focus=1, actor="azerbaijan", tab="article"
    )
    assert view_state(corpus_model, ["meets"], None, None, None, None, None, []).articles == ()


@pytest.mark.parametrize(
    "which, relations, articles, name",
    [
        ("seed", "every", [SEED_ARTICLE], "iran-russia-treaty.csv"),
        ("seed", "every", None, "iran-russia-treaty.csv"),
        ("seed", "every", [], "iran-russia-treaty-filtered.csv"),
        ("seed", ["meets"], [SEED_ARTICLE], "iran-russia-treaty-filtered.csv"),
        ("corpus", "every", [CASPIAN, SEED_ARTICLE], "two-articles.csv"),
        ("corpus", "every", [CASPIAN], "two-articles-filtered.csv"),
        ("corpus", ["meets"], None, "two-articles-filtered.csv"),
    ],
)
def test_cb039_download_name_with_articles(
    seed_model, corpus_model, which, relations, articles, name
):
    from dashboard.callbacks import download_name

    model = seed_model if which == "seed" else corpus_model
    relations = list(model.dataset.relations.index) if relations == "every" else relations
    assert download_name(model, "csv", relations, articles) == name


# The new callbacks, through Dash's endpoint

TAB = f"{ids.VIEW_TAB}.value"
ROWS = f"{ids.TABLE}.rowData"
ARTICLE_VIEW = f"{ids.ARTICLE_VIEW}.children"


def table_inputs(tab, relations, selection=None, focus="all", articles=(SEED_ARTICLE,)) -> list:
    return [prop(ids.VIEW_TAB, "value", tab), *figure_inputs(relations, selection=selection,
            focus=focus)[:-2], prop(ids.ARTICLE_FILTER, "value", list(articles)),
            prop(ids.SIDE_FILTER, "value", ["both", "a", "b"])]  # fmt: skip


def unchanged(response, output: str) -> bool:
    """No update: Dash 4 answers 200 without the output."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    component, name = output.rsplit(".", 1)
    return name not in response.get_json()["response"].get(component, {})


def through_gate(client, dependencies, output: str, gate: str, view: list):
    """Post to a tab's builder as its gate fires in the browser; the view is its state."""
    opened = [prop(gate, "data", {"tab": "opened", "at": 1})]
    return call(client, dependencies, output, opened, [prop_id(gate, "data")], view)


def test_cb070_the_tabs_are_built_behind_gates(dependencies):
    """The table and the article view fire on their gate alone (clientside, passing changes only
    while the tab is shown); what they show arrives as state."""
    for output, gate in ((ROWS, ids.TABLE_GATE), (ARTICLE_VIEW, ids.ARTICLE_GATE)):
        builder = callback_of(dependencies, output)
        assert [i["id"] for i in builder["inputs"]] == [gate]
        assert ids.VIEW_TAB in {s["id"] for s in builder["state"]}
        (opener,) = [
            d for d in dependencies.values() if outputs_of(d["output"]) == [f"{gate}.data"]
        ]
        passing = "pass_when_grid" if gate == ids.TABLE_GATE else "pass_when_shown"
        assert opener["clientside_function"]["function_name"] == passing
        assert {i["id"] for i in opener["inputs"]} >= {ids.VIEW_TAB, ids.RELATION_FILTER}


def test_cb075_the_grid_is_mounted_when_the_table_is_first_shown(app, dependencies):
    """The page is served without the grid (Dash AG Grid's bundle is loaded when the table is
    first shown): a clientside callback mounts it from the page's store, and the table's gate
    waits for it; Dash checks the grid's callbacks against a validation page that has it."""
    page = app.layout()
    assert type(page[ids.TABLE]).__name__ == "Store"  # a stand-in, so callbacks can read it
    assert page[ids.TABLE_BOX].children is page[ids.TABLE]
    assert page[ids.TABLE_SPEC].data["props"]["id"] == ids.TABLE
    assert page[ids.TABLE_SPEC].data["type"] == "AgGrid"
    (mount,) = [
        d for d in dependencies.values() if outputs_of(d["output"]) == [f"{ids.TABLE_BOX}.children"]
    ]
    assert mount["clientside_function"] == {"namespace": "network", "function_name": "mount_grid"}
    assert [i["id"] for i in mount["inputs"]] == [ids.VIEW_TAB]
    (gate,) = [
        d for d in dependencies.values() if outputs_of(d["output"]) == [f"{ids.TABLE_GATE}.data"]
    ]
    assert {"id": ids.TABLE_BOX, "property": "children"} in gate["inputs"]
    assert type(app.validation_layout[ids.TABLE]).__name__ == "AgGrid"
    assert type(app.layout()[ids.TABLE]).__name__ == "Store"  # the page served is untouched


@pytest.mark.parametrize("tab", ["graph", "article", None, "nonsense"])
def test_cb040_table_is_filled_only_on_its_tab(client, dependencies, tab):
    response = through_gate(
        client, dependencies, ROWS, ids.TABLE_GATE, table_inputs(tab, ["meets"])
    )
    assert unchanged(response, ROWS)


def test_cb041_table_rows_follow_the_filters(client, dependencies, seed_model):
    from dashboard.table import table_rows

    every = list(seed_model.dataset.relations.index)
    response = through_gate(
        client, dependencies, ROWS, ids.TABLE_GATE, table_inputs("table", every)
    )
    rows = result(response, ROWS)
    assert len(rows) == len(seed_model.dataset.triples)
    assert rows == json.loads(json.dumps(table_rows(seed_model, state_of(every))))
    focused = through_gate(
        client, dependencies, ROWS, ids.TABLE_GATE,
        table_inputs("table", ["accuses", "nonsense"], {"kind": "actor", "id": "iran"}, "1"),
    )  # fmt: skip
    rows = result(focused, ROWS)
    assert [r["row"] for r in rows] == [
        r["row"]
        for r in table_rows(seed_model, state_of(["accuses"], articles=None, actor="iran", focus=1))
    ]
    assert rows and {r["relation"] for r in rows} == {"accuses"}
    none = through_gate(client, dependencies, ROWS, ids.TABLE_GATE,
                        table_inputs("table", every, articles=()))  # fmt: skip
    assert result(none, ROWS) == []


def article_inputs(tab, relations, selection=None, articles=(SEED_ARTICLE,)) -> list:
    return [
        prop(ids.VIEW_TAB, "value", tab),
        prop(ids.RELATION_FILTER, "value", relations),
        prop(ids.ARTICLE_FILTER, "value", list(articles)),
        prop(ids.SIDE_FILTER, "value", ["both", "a", "b"]),
        prop(ids.SELECTION, "data", selection),
    ]


def components(node):
    """Every component of a tree as the endpoint returns it (dicts with type and props)."""
    if isinstance(node, list):
        for child in node:
            yield from components(child)
    elif isinstance(node, dict) and "props" in node:
        yield node
        yield from components(node["props"].get("children"))


@pytest.mark.parametrize("tab", ["graph", "table", None, ["article"]])
def test_cb042_article_is_built_only_on_its_tab(client, dependencies, tab):
    response = through_gate(
        client, dependencies, ARTICLE_VIEW, ids.ARTICLE_GATE, article_inputs(tab, ["meets"])
    )
    assert unchanged(response, ARTICLE_VIEW)


def test_cb043_article_view_through_the_endpoint(client, dependencies, seed_model):
    from dashboard.article_view import sentence_rows

    every = list(seed_model.dataset.relations.index)
    response = through_gate(client, dependencies, ARTICLE_VIEW, ids.ARTICLE_GATE,
                            article_inputs("article", every, SENTENCE_9))  # fmt: skip
    tree = list(components(result(response, ARTICLE_VIEW)))
    found = [c["props"]["id"] for c in tree if c["type"] == "A"]
    assert len(found) == len(sentence_rows(seed_model)) == 44
    marked = [c for c in tree if "sentence-marked" in (c["props"].get("className") or "")]
    assert [c["props"]["id"] for c in marked] == ["sentence-1-9"]
    # the filters are cleaned: junk relations and articles are dropped, not an error
    junk = through_gate(client, dependencies, ARTICLE_VIEW, ids.ARTICLE_GATE,
                        article_inputs("article", ["meets", ["x"]], "sentence-1-9",
                                       [SEED_ARTICLE, 3]))  # fmt: skip
    tree = list(components(result(junk, ARTICLE_VIEW)))
    assert len([c for c in tree if c["type"] == "A"]) == 2  # sentences 9 and 10 state meetings
    nothing = through_gate(client, dependencies, ARTICLE_VIEW, ids.ARTICLE_GATE,
                           article_inputs("article", every, None, ()))  # fmt: skip
    assert panel_text(result(nothing, ARTICLE_VIEW)) == "No article passes the filter."


@pytest.mark.parametrize(
    "anchor, title",
    [
        ("sentence-1-9", "Sentence 9"),
        ("sentence-1-35", "Sentence 35"),
        ("sentence-1-1", "Sentence 1"),
    ],
)
def test_cb044_panel_for_a_sentence(client, dependencies, seed_model, anchor, title):
    every = list(seed_model.dataset.relations.index)
    response = panel_call(client, dependencies, panel_inputs({"kind": "sentence", "id": anchor}, every),
                    [prop_id(ids.SELECTION, "data")])  # fmt: skip
    children = result(response, PANEL)
    assert children[0]["props"]["children"] == title
    number = int(anchor.rsplit("-", 1)[1])
    sentence = seed_model.dataset.sentences.at[number, "text"]
    # the whole sentence, quoted: mentions in bold
    quoted = children[1]
    assert quoted["type"] == "Blockquote" and panel_text(quoted) == sentence
    triples = seed_model.dataset.triples
    citing = triples[(triples["sentence"] <= number) & (triples["sentence_end"] >= number)]
    relations = citing.groupby(["source", "relation", "target", "certainty"]).ngroups
    expected = (
        f"It supports {relations} relation{'s' if relations != 1 else ''}."
        if relations
        else "No relation cites this sentence."
    )
    assert expected in panel_text(children[2:3])


ADDRESS_INPUTS = [ids.RELATION_FILTER, ids.LAYOUT_PICKER, ids.FOCUS_PICKER, ids.SIZE_PICKER,
                  ids.ISOLATED_MODE, ids.SELECTION, ids.ARTICLE_FILTER, ids.VIEW_TAB]  # fmt: skip


def control_props(values) -> list:
    properties = ["value"] * 5 + ["data", "value", "value"]
    return [
        *[prop(i, p, v) for i, p, v in zip(ADDRESS_INPUTS, properties, values, strict=True)],
        prop(ids.SIDE_FILTER, "value", ["both", "a", "b"]),  # hidden: the page compares nothing
    ]


ADDRESS = f"{ids.ADDRESS}.data"


def read_call(client, dependencies, search, fragment, values, hash_only: bool):
    """The address reader, given what the browser's gate passes on, and the controls' values."""
    read = {"search": search, "hash": fragment, "hash_only": hash_only, "at": 1}
    return call(client, dependencies, ADDRESS, [prop(ids.ADDRESS_READ, "data", read)],
                [prop_id(ids.ADDRESS_READ, "data")], state=control_props(values),
                via=ids.ADDRESS_READ)  # fmt: skip


def write_call(client, dependencies, search, fragment, values):
    """The address writer, given the controls' values and the address in the browser."""
    return call(client, dependencies, ADDRESS, control_props(values),
                [prop_id(ids.SELECTION, "data")],
                state=[prop(ids.URL, "search", search), prop(ids.URL, "hash", fragment)],
                via=ids.SELECTION)  # fmt: skip


def test_cb046_following_a_sentence_link_opens_the_article(client, dependencies, seed_model):
    every = list(seed_model.dataset.relations.index)
    current = [every, "force", "all", "quotes", "fade", None, [SEED_ARTICLE], "table"]
    response = read_call(client, dependencies, "?tab=table", "#sentence-1-9", current, True)
    assert result(response, SELECTION) == SENTENCE_9
    assert result(response, TAB) == "article"
    # the query now names the article, so that the address does not reopen the table
    assert result(response, ADDRESS) == {"search": "?tab=article", "hash": "#sentence-1-9"}
    changed = response.get_json()["response"]
    assert FILTER.split(".")[0] not in changed  # what already matches is left alone
    # on page load (search and hash together) the query's tab is kept
    response = read_call(client, dependencies, "?tab=table", "#sentence-1-9", current, False)
    assert result(response, SELECTION) == SENTENCE_9
    assert TAB.split(".")[0] not in response.get_json()["response"]
    assert unchanged(response, ADDRESS)


@pytest.mark.parametrize("tab", ["article", "graph", "table"])
def test_cb047_selecting_a_sentence_writes_the_fragment_and_the_tab(
    client, dependencies, seed_model, tab
):
    every = list(seed_model.dataset.relations.index)
    values = [every, "force", "all", "quotes", "fade", SENTENCE_9, [SEED_ARTICLE], tab]
    response = write_call(client, dependencies, "", "", values)
    # with a sentence in the fragment the tab is always written: a missing tab means the article
    assert result(response, ADDRESS) == {"search": f"?tab={tab}", "hash": "#sentence-1-9"}
    # an actor instead: no fragment, and the default tab is left out
    values[5] = {"kind": "actor", "id": "iran"}
    response = write_call(client, dependencies, "", "#sentence-1-9", values)
    expected = "?actor=iran" if tab == "graph" else f"?tab={tab}&actor=iran"
    assert result(response, ADDRESS) == {"search": expected, "hash": ""}


def test_cb074_an_address_that_already_means_the_view_is_not_rewritten(
    client, dependencies, seed_model
):
    every = list(seed_model.dataset.relations.index)
    values = [["meets"], "force", "all", "quotes", "fade", None, [SEED_ARTICLE], "graph"]
    # a deep link with an unknown type in its list reads as this view: no new history step
    response = write_call(client, dependencies, "?relations=meets,nonsense", "", values)
    assert unchanged(response, ADDRESS)
    # the same controls under another address are written
    response = write_call(client, dependencies, "?relations=attacks", "", values)
    assert result(response, ADDRESS) == {"search": "?relations=meets", "hash": ""}
    values[0] = every
    response = write_call(client, dependencies, "?relations=meets", "", values)
    assert result(response, ADDRESS) == {"search": "", "hash": ""}


@pytest.fixture(scope="module")
def corpus_client(corpus):
    return create_app(corpus).server.test_client()


@pytest.fixture(scope="module")
def corpus_dependencies(corpus_client) -> dict[str, dict]:
    return {d["output"]: d for d in corpus_client.get("/_dash-dependencies").get_json()}


def test_cb048_panel_for_a_sentence_of_the_second_article(
    corpus_client, corpus_dependencies, corpus
):
    every = list(corpus.relations.index)
    response = panel_call(corpus_client, corpus_dependencies, panel_inputs({"kind": "sentence", "id": "sentence-2-9"}, every, [CASPIAN]),
                    [prop_id(ids.SELECTION, "data")])  # fmt: skip
    title = corpus.datasets[SEED_ARTICLE].meta["title"]
    assert result(response, PANEL)[0]["props"]["children"] == f"Sentence 9 of “{title}”"


def test_cb049_download_of_one_article(corpus_client, corpus_dependencies, corpus):
    button = {"type": ids.DOWNLOAD_BUTTON, "format": "csv"}
    response = call(corpus_client, corpus_dependencies, f"{ids.DOWNLOAD}.data",
                    download_inputs("csv"), [prop_id(button, "n_clicks")],
                    state=[prop(ids.RELATION_FILTER, "value", list(corpus.relations.index)),
                           prop(ids.ARTICLE_FILTER, "value", [CASPIAN, "atlantis"])])  # fmt: skip
    data = result(response, f"{ids.DOWNLOAD}.data")
    assert data["filename"] == "two-articles-filtered.csv"
    lines = data["content"].strip().split("\n")
    assert len(lines) == 1 + (corpus.triples["article"] == CASPIAN).sum()


@pytest.mark.parametrize("fmt", ["json", "graphml"])
def test_cb050_download_of_no_article_is_empty(corpus_client, corpus_dependencies, corpus, fmt):
    button = {"type": ids.DOWNLOAD_BUTTON, "format": fmt}
    response = call(corpus_client, corpus_dependencies, f"{ids.DOWNLOAD}.data",
                    download_inputs(fmt), [prop_id(button, "n_clicks")],
                    state=[prop(ids.RELATION_FILTER, "value", list(corpus.relations.index)),
                           prop(ids.ARTICLE_FILTER, "value", [])])  # fmt: skip
    data = result(response, f"{ids.DOWNLOAD}.data")
    assert data["filename"] == f"two-articles-filtered.{fmt}"
    if fmt == "json":
        document = json.loads(data["content"])
        assert (document["articles"], document["actors"], document["triples"]) == ([], [], [])
    else:  # the actors stay as nodes (a graph of no article), with no edge and no quote
        graph = read_graph(fmt, data["content"])
        assert graph.number_of_nodes() == len(corpus.actors)
        assert graph.number_of_edges() == 0
        assert {quotes for _, quotes in graph.nodes(data="quotes")} == {0}


def test_cb051_a_cleared_selection_is_drawn(client, dependencies, seed_model):
    """A selection cleared by the reader arrives as null, and is drawn (the store's mount,
    with no value at all, the browser's gate keeps from the server: test_dashboard_js)."""
    inputs = figure_inputs(list(seed_model.dataset.relations.index))
    response = draw_call(
        client, dependencies, inputs, [prop_id(ids.SELECTION, "data")], DRAWN_NOTHING
    )
    figure = result(response, FIGURE)
    (nodes,) = [t for t in figure["data"] if t.get("name") == "actors"]
    assert set(nodes["marker"]["line"]["width"]) == {1.5}


def test_cb052_a_large_figure_is_sent_whole_once_then_as_shapes(seed_model, monkeypatch):
    """Plotly replots thousands of markers for any change of traces, but redraws only the shapes
    when only they change: a large figure's filter and selection changes send those alone."""
    every = state_of(frozenset(seed_model.dataset.relations.index))
    small, small_key = redraw(seed_model, every, None)
    assert small == figure_dict(seed_model, every)  # small: whole (but see cb054)
    assert redraw(seed_model, dataclasses.replace(every, actor="iran"), small_key)[0] == (
        figure_dict(seed_model, dataclasses.replace(every, actor="iran"))
    )
    monkeypatch.setattr(limits, "LARGE_FIGURE_FROM", 10)
    figure, key = redraw(seed_model, every, None)
    assert key == nodes_key(seed_model, every) and figure == figure_dict(seed_model, every)
    for view in (dataclasses.replace(every, actor="iran"), state_of(frozenset({"signs_treaty"}))):
        patch, unchanged = redraw(seed_model, view, key)
        assert unchanged is no_update
        (operation,) = patch.to_plotly_json()["operations"]
        assert operation["location"] == ["layout", "shapes"]
        assert operation["params"]["value"] == figure_overlay(seed_model, view)
    # Another layout moves the actors: the figure is sent whole, with its new key.
    moved = dataclasses.replace(every, layout="circular")
    figure, new_key = redraw(seed_model, moved, key)
    assert figure == figure_dict(seed_model, moved) and new_key not in (key, None)


def test_cb080_a_browser_without_webgl_gets_svg_markers_then_shapes(seed_model, monkeypatch):
    """The browser's WebGL figure is replaced whole by an SVG one when it says it has none;
    from then on, its changes are shapes again, and a new layout comes with SVG markers."""
    monkeypatch.setattr(limits, "LARGE_FIGURE_FROM", 10)
    every = state_of(None)
    webgl_key = nodes_key(seed_model, every)
    figure, svg_key = redraw(seed_model, every, webgl_key, webgl=False)
    assert [t["type"] for t in figure["data"]] == ["scatter"] and svg_key != webgl_key
    patch, _ = redraw(seed_model, dataclasses.replace(every, actor="iran"), svg_key, webgl=False)
    assert [o["location"] for o in patch.to_plotly_json()["operations"]] == [["layout", "shapes"]]
    moved, _ = redraw(seed_model, state_of(None, "circular"), svg_key, webgl=False)
    assert [t["type"] for t in moved["data"]] == ["scatter"]


def test_cb053_the_page_holds_the_key_of_its_figure(seed_dataset, monkeypatch):
    monkeypatch.setattr(limits, "LARGE_FIGURE_FROM", 10)
    app = create_app(seed_dataset)
    (store,) = [
        c
        for _, c in app.layout()._traverse_with_paths()  # the layout is a function of the model
        if getattr(c, "id", None) == ids.FIGURE_NODES
    ]
    model = NetworkModel.from_dataset(seed_dataset)
    assert store.data == nodes_key(model, state_of(frozenset(seed_dataset.relations.index)))


def test_cb054_panel_is_not_rebuilt_for_the_stores_mount(client, dependencies, seed_model):
    """The page is served with the empty panel: the store's mount must not send it again."""
    every = list(seed_model.dataset.relations.index)
    mounted = [
        {"id": ids.SELECTION, "property": "data"} if item["id"] == ids.SELECTION else item
        for item in panel_inputs(None, every)
    ]
    response = panel_call(client, dependencies, mounted, [prop_id(ids.SELECTION, "data")])
    assert unchanged(response, PANEL)
    # A selection cleared by the reader arrives as null: the empty panel is sent.
    response = panel_call(client, dependencies, panel_inputs(None, every),
                    [prop_id(ids.SELECTION, "data")])  # fmt: skip
    assert panel_text(result(response, PANEL)).startswith("Evidence")


# Any JSON in any input: each callback answers with its safe value, never a crash

ODD_VALUES = [None, 3, 2.5, True, "x", [], {}, [[1]], {"a": {"b": 1}}, [None, 3, "meets"],
              "../../etc", "#sentence-9-999", {"kind": [["actor"]], "id": {"a": 1}},
              {"points": [{"customdata": ["x"]}]}]  # fmt: skip


def page_values(model, tab: str) -> dict[str, object]:
    """Values the page itself would send, per "id.property", with the given tab shown."""
    return {
        FILTER: list(model.dataset.relations.index),
        f"{ids.LAYOUT_PICKER}.value": "force",
        f"{ids.FOCUS_PICKER}.value": "1",
        f"{ids.SIZE_PICKER}.value": "betweenness",
        f"{ids.ISOLATED_MODE}.value": "hide",
        SELECTION: {"kind": "actor", "id": "iran"},
        f"{ids.ARTICLE_FILTER}.value": ARTICLES,
        TAB: tab,
        f"{ids.URL}.search": f"?actor=iran&tab={tab}",
        f"{ids.URL}.hash": "#sentence-1-9",
        f"{ids.ARTICLE_GATE}.data": {"tab": "article", "at": 1},
        f"{ids.TABLE_GATE}.data": {"tab": "table", "at": 1},
        f"{ids.ACTOR_SEARCH}.value": "iran",
        f"{ids.TABLE}.selectedRows": [{"row": 0, "edge": WEAPONS}],
        f"{ids.TABLE_SEARCH}.value": "iran",
    }


def requests_with_one_odd_value(dependencies, values: dict, odd) -> list[dict]:
    """For each server callback and each of its inputs and states, a request as the page would
    send it but with that one value replaced by ``odd`` (and named as the input that fired)."""
    bodies = []
    for spec in dependencies.values():
        if spec.get("clientside_function"):
            continue
        declared = spec["inputs"] + spec["state"]
        for position in range(len(declared)):
            items = []
            for index, item in enumerate(declared):
                value = (
                    odd if index == position else values.get(f"{item['id']}.{item['property']}", 1)
                )
                if item["id"].startswith("{"):  # a pattern (ALL): one concrete component
                    pattern = json.loads(item["id"])
                    concrete = {k: v if isinstance(v, str) else "csv" for k, v in pattern.items()}
                    items.append([prop(concrete, item["property"], value)])
                else:
                    items.append(prop(item["id"], item["property"], value))
            fired = items[min(position, len(spec["inputs"]) - 1)]
            fired = fired[0] if isinstance(fired, list) else fired
            output = spec["output"]
            parts = output.strip(".").split("...") if output.startswith("..") else [output]
            outputs = [dict(zip(("id", "property"), p.rsplit(".", 1), strict=True)) for p in parts]
            bodies.append({
                "output": output,
                "outputs": outputs if output.startswith("..") else outputs[0],
                "inputs": items[: len(spec["inputs"])],
                "state": items[len(spec["inputs"]) :],
                "changedPropIds": [prop_id(fired["id"], fired["property"])],
            })  # fmt: skip
    return bodies


@pytest.mark.parametrize("tab", ["graph", "table", "article"])
def test_cb071_any_json_in_any_input_gets_an_answer_not_a_crash(
    client, dependencies, seed_model, tab, caplog
):
    """Every callback turns an unknown or ill-typed value into its safe answer: 200, and nothing
    logged as an error (a crash would be a 500 with its traceback in the log)."""
    values = page_values(seed_model, tab)
    crashed = []
    with caplog.at_level(logging.ERROR):
        for odd in ODD_VALUES:
            for body in requests_with_one_odd_value(dependencies, values, odd):
                response = client.post("/_dash-update-component", json=body)
                if response.status_code != 200 or not isinstance(
                    response.get_json().get("response"), dict
                ):
                    crashed.append(
                        (body["output"], body["changedPropIds"], odd, response.status_code)
                    )
    assert crashed == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize("odd", [["force"], {"a": 1}, [], 3, None], ids=repr)
def test_cb072_view_state_turns_unhashable_choices_into_the_defaults(seed_model, odd):
    from dashboard.state import from_controls

    controls = {"relations": None, "selection": None, "articles": None}
    state = from_controls(seed_model, {**controls, **dict.fromkeys(
        ("layout", "focus", "size", "isolated", "tab"), odd)})  # fmt: skip
    assert (state.layout, state.focus, state.size, state.isolated, state.tab) == (
        "force", None, "quotes", "fade", "graph",
    )  # fmt: skip


@pytest.mark.parametrize("which", ["large-search", "two-articles"])
def test_cb073_any_json_in_any_input_of_the_other_apps_callbacks(
    seed_dataset, corpus, monkeypatch, caplog, which
):
    """The callbacks only some apps have: a large dataset's suggesting search box (with its
    selection also writing the box's options), and an app of several articles."""
    if which == "large-search":
        monkeypatch.setattr(limits, "SEARCH_ALL_UP_TO", 5)
    dataset = seed_dataset if which == "large-search" else corpus
    app = create_app(dataset)
    client = app.server.test_client()
    dependencies = {d["output"]: d for d in client.get("/_dash-dependencies").get_json()}
    if which == "large-search":
        assert f"{ids.ACTOR_SEARCH}.options" in dependencies  # the suggesting callback is there
    model = NetworkModel.from_dataset(dataset)
    values = {
        **page_values(model, "table"),
        f"{ids.ARTICLE_FILTER}.value": list(dataset.datasets),
        f"{ids.ACTOR_SEARCH}.search_value": "ir",
    }
    crashed = []
    with caplog.at_level(logging.ERROR):
        for odd in ODD_VALUES:
            for body in requests_with_one_odd_value(dependencies, values, odd):
                response = client.post("/_dash-update-component", json=body)
                if response.status_code != 200:
                    crashed.append(
                        (body["output"], body["changedPropIds"], odd, response.status_code)
                    )
    assert crashed == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


def test_cb057_a_small_figure_follows_filter_selection_and_focus_in_the_browser(
    client, dependencies, seed_model
):
    """A change of the relation filter, the selection or the focus alone is drawn in the
    browser (the clientside follow_view): the server, told by the figure's key that the browser
    holds a figure of this view, sends nothing. Anything else is drawn whole."""
    (browser,) = [
        d
        for d in dependencies.values()
        if outputs_of(d["output"]) == [FIGURE] and d.get("clientside_function")
    ]
    assert browser["clientside_function"] == {
        "namespace": "network",
        "function_name": "follow_view",
    }
    assert browser["inputs"] == [
        {"id": ids.RELATION_FILTER, "property": "value"},
        {"id": ids.SELECTION, "property": "data"},
        {"id": ids.FOCUS_PICKER, "property": "value"},
    ]
    assert browser["state"] == [{"id": ids.GRAPH, "property": "figure"}]
    every = list(seed_model.dataset.relations.index)
    key = nodes_key(seed_model, state_of(None))
    held = [prop(ids.FIGURE_NODES, "data", key)]
    iran = {"kind": "actor", "id": "iran"}
    focus = prop_id(ids.FOCUS_PICKER, "value")
    followed = [
        (figure_inputs(every[1:]), [FILTER]),
        (figure_inputs(every, selection=iran), [SELECTION]),
        (figure_inputs(every, selection=iran, focus="1"), [focus]),
        (figure_inputs(every[1:], selection=iran, focus="2"), [FILTER, SELECTION, focus]),
    ]
    for inputs, changed in followed:
        answer = draw_call(client, dependencies, inputs, changed, state=held)
        assert answer.status_code == 200 and answer.get_json()["response"] == {}, changed
    # Another trigger with the same key (the layout control sent again, say) is drawn whole.
    redrawn = draw_call(client, dependencies, figure_inputs(every[1:], selection=iran),
                   [prop_id(ids.LAYOUT_PICKER, "value")], state=held)  # fmt: skip
    assert result(redrawn, FIGURE) == json.loads(
        json.dumps(figure_dict(seed_model, state_of(every[1:], actor="iran")))
    )
    # A browser holding a figure of another key (another layout) is sent the view's figure.
    other = [prop(ids.FIGURE_NODES, "data", nodes_key(seed_model, state_of(None, "circular")))]
    sent = draw_call(client, dependencies, figure_inputs(every, selection=iran), [SELECTION],
                state=other)  # fmt: skip
    assert result(sent, FIGURE) == json.loads(
        json.dumps(figure_dict(seed_model, state_of(None, actor="iran")))
    )
    # Hiding isolated actors: no key, the server draws every change.
    hidden = draw_call(client, dependencies, figure_inputs(every, "force", "hide", iran),
                  [SELECTION], state=[prop(ids.FIGURE_NODES, "data", None)])  # fmt: skip
    assert result(hidden, FIGURE) == json.loads(
        json.dumps(figure_dict(seed_model, state_of(None, hide_isolated=True, actor="iran")))
    )


def test_cb077_a_selection_answers_its_panel_and_its_address_together(
    client, dependencies, seed_model
):
    """One request per click: the panel's answer carries the address of the view too. A change
    of a control the panel does not show (the tab, the layout) answers the address alone."""
    iran = {"kind": "actor", "id": "iran"}
    every = list(seed_model.dataset.relations.index)
    response = panel_call(client, dependencies, panel_inputs(iran, every), [SELECTION])
    assert result(response, PANEL)[0]["props"]["children"] == "Iran"
    assert result(response, ADDRESS) == {"search": "?actor=iran", "hash": ""}
    tab = control_props([every, "force", "all", "quotes", "fade", iran, ["iran-russia-treaty"],
                         "table"])  # fmt: skip
    response = panel_call(client, dependencies, tab, [prop_id(ids.VIEW_TAB, "value")])
    assert unchanged(response, PANEL)
    assert result(response, ADDRESS) == {"search": "?tab=table&actor=iran", "hash": ""}


def test_cb078_the_figure_is_asked_for_through_the_browsers_gate(dependencies):
    """The figure's callback fires on the gate alone (assets/dashboard.js,
    pass_when_server_draws), which every control the graph shows, curate's REDRAW and the WEBGL
    store fire, and which reads the figure the browser holds: were a control an input of draw_network itself,
    each click would send the server a request for a figure the browser draws."""
    (gate,) = [d for d in dependencies.values() if d["output"] == f"{ids.GRAPH_GATE}.data"]
    assert gate["clientside_function"] == {
        "namespace": "dashboard",
        "function_name": "pass_when_server_draws",
    }
    shown = [FILTER, f"{ids.LAYOUT_PICKER}.value", f"{ids.FOCUS_PICKER}.value",
             f"{ids.SIZE_PICKER}.value", f"{ids.ISOLATED_MODE}.value", SELECTION,
             f"{ids.ARTICLE_FILTER}.value", f"{ids.SIDE_FILTER}.value"]  # fmt: skip
    assert [f"{i['id']}.{i['property']}" for i in gate["inputs"]] == [
        *shown,
        f"{ids.REDRAW}.data",
        f"{ids.WEBGL}.data",
    ]
    assert gate["state"] == [{"id": ids.GRAPH, "property": "figure"}]
    figure = callback_of(dependencies, FIGURE, via=ids.GRAPH_GATE)
    assert figure["inputs"] == [{"id": ids.GRAPH_GATE, "property": "data"}]
    assert [f"{s['id']}.{s['property']}" for s in figure["state"]] == [*shown, FIGURE_NODES]
