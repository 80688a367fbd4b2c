"""Tests for dashboard.page: the search box's options, whole or suggested as the reader types."""

from __future__ import annotations

import pytest
from dash import dcc, html

from dashboard import ids, limits
from dashboard.app import create_app
from dashboard.limits import SEARCH_SUGGESTIONS
from dashboard.page import actor_options


def test_page001_article_sized_search_offers_every_actor_by_name(seed_model):
    options = actor_options(seed_model)
    assert [o["value"] for o in options] == list(
        seed_model.dataset.actors.sort_values("name").index
    )
    iran = next(o for o in options if o["value"] == "iran")
    assert iran == {"label": "Iran", "value": "iran", "search": "Iran Tehran Iranian"}


@pytest.fixture
def large(monkeypatch):
    """Make the seed count as large: the server then suggests actors as the reader types."""
    monkeypatch.setattr(limits, "SEARCH_ALL_UP_TO", 5)


@pytest.mark.parametrize(
    "typed, keep, expected",
    [
        pytest.param(None, None, [], id="nothing-typed"),
        pytest.param("", None, [], id="empty"),
        pytest.param("tehr", None, ["iran"], id="by-alias"),
        pytest.param("  KREMLIN ", None, ["russia"], id="case-and-space"),
        pytest.param("zzz", None, [], id="no-match"),
        pytest.param(None, "ukraine", ["ukraine"], id="the-current-value"),
        pytest.param("tehr", "ukraine", ["iran", "ukraine"], id="both"),
    ],
)
def test_page002_large_search_suggests_what_matches(seed_model, large, typed, keep, expected):
    assert sorted(o["value"] for o in actor_options(seed_model, typed, keep)) == expected


def test_page003_suggestions_are_capped(seed_model, large, monkeypatch):
    monkeypatch.setattr(limits, "SEARCH_SUGGESTIONS", 3)
    assert len(actor_options(seed_model, "a")) == 3
    # the current value is always offered, even past the cap
    assert [o["value"] for o in actor_options(seed_model, "a", "vladimir-putin")][-1] == (
        "vladimir-putin"
    )
    assert SEARCH_SUGGESTIONS == 50


def test_page004_large_app_serves_an_empty_box_and_suggests(seed_dataset, large):
    app = create_app(seed_dataset)
    client = app.server.test_client()
    layout = client.get("/_dash-layout").get_json()
    deps = {d["output"]: d for d in client.get("/_dash-dependencies").get_json()}
    assert f"{ids.ACTOR_SEARCH}.options" in deps

    def find(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == ids.ACTOR_SEARCH:
                return node
            return next(filter(None, (find(v) for v in node.values())), None)
        if isinstance(node, list):
            return next(filter(None, (find(v) for v in node)), None)
        return None

    assert find(layout)["props"]["options"] == []
    body = {
        "output": f"{ids.ACTOR_SEARCH}.options",
        "outputs": {"id": ids.ACTOR_SEARCH, "property": "options"},
        "inputs": [
            {"id": ids.ACTOR_SEARCH, "property": "search_value", "value": "tehr"},
            {"id": ids.ACTOR_SEARCH, "property": "value", "value": "<script>"},
        ],
        "changedPropIds": [f"{ids.ACTOR_SEARCH}.search_value"],
        "state": [],
    }
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    options = response.get_json()["response"][ids.ACTOR_SEARCH]["options"]
    assert [o["value"] for o in options] == ["iran"]


def test_page005_small_app_has_no_suggestion_callback(seed_dataset):
    client = create_app(seed_dataset).server.test_client()
    deps = {d["output"] for d in client.get("/_dash-dependencies").get_json()}
    assert f"{ids.ACTOR_SEARCH}.options" not in deps


def test_page006_nothing_at_load_asks_the_server(seed_model):
    """The page is served as its load's callbacks would leave it: the selection's store holds no
    data (a Store served with None sets it on mount, which fires every reader of the
    selection), and the panes are shown and hidden as the default tab wants."""
    from dashboard import ids
    from dashboard.page import page_layout

    page = page_layout(seed_model)
    assert "data" not in page[ids.SELECTION].to_plotly_json()["props"]
    # the figure's key is served as data (not None): the key of a small figure the browser draws
    assert page[ids.FIGURE_NODES].data.startswith("small:")
    assert page[ids.GRAPH_PANE].hidden is False
    assert page[ids.ARTICLE_PANE].hidden is True and page[ids.TABLE_PANE].hidden is True


def test_page007_relation_filter_is_one_component_with_its_types_as_data(seed_model):
    """The relation checklist is served as one component (assets/checklist.js draws it) whose
    options carry each type's label, description, line colour and style, and its count."""
    from dashboard.figure import relation_colours
    from dashboard.page import page_layout

    page = page_layout(seed_model)
    checklist = page[ids.RELATION_FILTER].to_plotly_json()
    assert (checklist["namespace"], checklist["type"]) == ("dashboard", "RelationChecklist")
    options = checklist["props"]["options"]
    relations = seed_model.dataset.relations
    assert [o["value"] for o in options] == list(relations.index)
    assert checklist["props"]["value"] == list(relations.index)
    meets = next(o for o in options if o["value"] == "meets")
    assert meets["label"] == relations.at["meets", "label"]
    assert meets["title"] == relations.at["meets", "description"]
    assert meets["colour"] == relation_colours(relations)["meets"]
    assert meets["count"] == int((seed_model.edges["relation"] == "meets").sum())
    lines = {o["line"] for o in options}
    assert lines <= {"solid", "dashed", "dotted"} and len(lines) > 1
    # nothing in the options is a component: plain data, as the JSON shows
    assert all(isinstance(v, (str, int)) for o in options for v in o.values())


def test_page008_static_parts_are_one_component_each_of_plain_elements(seed_model):
    """The keys and the help are each one Markup component (assets/markup.js draws it) holding
    the elements and texts as data."""
    from dashboard.page.help import help_details
    from dashboard.page.keys import keys
    from dashboard.page.markup import Markup

    def texts(node) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, list):
            return [t for child in node for t in texts(child)]
        return texts(node["children"]) if node else []

    for where in ("wide", "narrow"):
        key = keys(seed_model, where)
        assert isinstance(key, Markup)
        assert key.tree["props"]["aria-labelledby"] == f"graph-key-title-{where}"
        assert set(seed_model.dataset.actors["kind"]) <= set(texts(key.tree))
    help_part = help_details()
    assert isinstance(help_part, Markup) and help_part.tree["tag"] == "details"
    assert texts(help_part.tree)[0] == "How to read this graph"


@pytest.mark.parametrize(
    "part",
    [
        pytest.param(lambda: html.Div(dcc.Input(id="x")), id="a-dcc-component"),
        pytest.param(lambda: html.Button("Go", n_clicks=0), id="an-unknown-tag"),
        pytest.param(lambda: html.Div("x", n_clicks=0), id="an-unknown-attribute"),
        pytest.param(lambda: html.A("x", href="javascript:alert(1)"), id="a-link"),
    ],
)
def test_page009_markup_refuses_what_is_not_plain_markup(part):
    from dashboard.page.markup import markup

    with pytest.raises(TypeError, match="markup"):
        markup(part())


def test_page010_markup_js_draws_exactly_the_elements_and_attributes_markup_py_lets_through():
    """The two lists are written twice, in Python (which refuses the rest) and in the browser
    (which drops it): a tag added to one alone would vanish from the page, or reach it unchecked."""
    import re

    from dashboard.page.markup import ATTRIBUTES, TAGS
    from dashboard.settings import ASSETS_DIR

    script = (ASSETS_DIR / "markup.js").read_text(encoding="utf-8")
    (tags,) = re.findall(r'"([a-z0-9 ]+)"\.split\(" "\)', script)
    (attributes,) = re.findall(r"var ATTRIBUTES = \{([^}]*)\}", script)
    assert set(tags.split()) == TAGS
    assert set(re.findall(r"(\w+): 1", attributes)) == ATTRIBUTES
