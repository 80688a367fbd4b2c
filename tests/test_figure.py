"""Tests for dashboard.figure: relation lines as shapes, arrows, curves, nodes, escaping."""

from __future__ import annotations

import csv
import json
import math
import random
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from dashboard import figure as figure_module
from dashboard import limits
from dashboard.dataset import load_dataset
from dashboard.figure import (
    figure_dict,
    line_width,
    network_figure,
    node_label,
    node_sizes,
)
from dashboard.graph import LAYOUTS, NetworkModel, neighbourhood
from dashboard.state import ViewState
from tests.conftest import state_of

SYNTHETIC_RELATIONS = [
    # id, label, polarity, directed
    ("helps", "helps", "cooperative", True),
    ("fights", "fights", "conflictual", True),
    ("talks", "talks with", "neutral", False),
]


def write_dataset(folder: Path, actors, relations, triples) -> Path:
    """Write a dataset folder whose article has one sentence per triple, quoted whole.

    ``actors`` are (id, name, kind), ``relations`` (id, label, polarity, directed) and
    ``triples`` (source, relation, target, certainty).
    """
    folder.mkdir(parents=True)
    lines = [f"Case {n}: {s} {r} {t}." for n, (s, r, t, _) in enumerate(triples, start=1)]
    (folder / "article.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "dataset.toml").write_text(
        'title = "Synthetic"\npublisher = "Tests"\npublished = 2025-01-01\nlanguage = "en"\n',
        encoding="utf-8",
    )

    def table(name, header, rows):
        with (folder / name).open("w", encoding="utf-8", newline="") as file:
            csv.writer(file, lineterminator="\n").writerows([header, *rows])

    table(
        "actors.csv",
        ["id", "name", "kind", "aliases", "description"],
        [(a, name, kind, "", "") for a, name, kind in actors],
    )
    table(
        "relations.csv",
        ["id", "label", "polarity", "quad_class", "directed", "description"],
        [(r, label, pol, "", str(d).lower(), "") for r, label, pol, d in relations],
    )
    table(
        "triples.csv",
        ["source", "relation", "target", "quote", "certainty", "note"],
        [(s, r, t, line, c, "") for (s, r, t, c), line in zip(triples, lines, strict=True)],
    )
    return folder


def synthetic_triples(actors: int, edges: int, seed: int) -> list[tuple[str, str, str, str]]:
    """``edges`` distinct edges among ``actors`` actors, spread over three relation types."""
    rng = random.Random(seed)
    ids = [f"a{i:02d}" for i in range(actors)]
    candidates = [(s, r, t) for s, t in combinations(ids, 2) for r, _, _, _ in SYNTHETIC_RELATIONS]
    picked = rng.sample(candidates, edges)
    triples = []
    for n, (s, r, t) in enumerate(picked):
        if r != "talks" and rng.random() < 0.5:
            s, t = t, s
        triples.append((s, r, t, "alleged" if n % 5 == 0 else "stated"))
    return triples


@pytest.fixture(scope="module")
def big_model(tmp_path_factory) -> NetworkModel:
    """A synthetic network: 40 actors, 200 edges of three relation types, seeded."""
    actors = [(f"a{i:02d}", f"Actor {i:02d}", "state") for i in range(40)]
    triples = synthetic_triples(40, 200, seed=5)
    folder = write_dataset(
        tmp_path_factory.mktemp("big") / "big", actors, SYNTHETIC_RELATIONS, triples
    )
    return NetworkModel.from_dataset(load_dataset(folder))


@pytest.fixture(scope="module")
def nasty_model(tmp_path_factory) -> NetworkModel:
    """Actor names and a relation label that would be markup if read as HTML."""
    actors = [
        ("scripted", "<script>alert(1)</script>", "state"),
        ("bold", "<b>x</b>", "person"),
        ("plain", "Plain & Simple", "media"),
    ]
    relations = [("pokes", "<i>pokes</i>", "conflictual", True)]
    triples = [("scripted", "pokes", "bold", "stated"), ("bold", "pokes", "plain", "alleged")]
    folder = write_dataset(tmp_path_factory.mktemp("nasty") / "nasty", actors, relations, triples)
    return NetworkModel.from_dataset(load_dataset(folder))


def everything(model: NetworkModel, **options) -> ViewState:
    return state_of(model.dataset.relations.index, **options)


def parse_path(path: str) -> list[tuple[tuple, tuple | None, tuple]]:
    """An SVG path of straight lines ("M x,y L x,y") and quadratic Béziers ("M x,y Q x,y x,y"),
    as (start, bend or None, end) per line."""

    def point(text: str) -> tuple[float, float]:
        x, y = text.split(",")
        return float(x), float(y)

    found = []
    for part in path.split("M")[1:]:
        if "Q" in part:
            start, rest = part.split("Q")
            bend, end = rest.split(" ")
            found.append((point(start), point(bend), point(end)))
        else:
            start, end = part.split("L")
            found.append((point(start), None, point(end)))
    return found


OTHER_SHAPES = ("selected relation", "only in A", "only in B")


def line_shapes(figure) -> list[SimpleNamespace]:
    """The relation lines a small figure draws (those of the types the filter shows): layout
    shapes named by their type, each line of a shape's path read back as (edge id, start, bend
    or None, end). A line's edge is the one whose midpoint mark sits at the line's middle."""
    marks = [
        (key, x, y)
        for t in marker_traces(figure)
        for key, x, y in zip(t.customdata, t.x, t.y, strict=True)
    ]
    lines = []
    for shape in figure.layout.shapes:
        if shape.type != "path" or shape.name in OTHER_SHAPES:
            continue
        edges = []
        for start, bend, end in parse_path(shape.path):
            middle = (start[0] + end[0]) / 2, (start[1] + end[1]) / 2
            if bend is not None:
                middle = tuple(
                    0.25 * s + 0.5 * b + 0.25 * e for s, b, e in zip(start, bend, end, strict=True)
                )
            (key,) = [k for k, x, y in marks if (x, y) == pytest.approx(middle, abs=1e-9)]
            edges.append((key, start, bend, end))
        lines.append(
            SimpleNamespace(
                relation=shape.name, opacity=shape.opacity, line=shape.line, edges=edges
            )
        )
    return lines


def marker_traces(figure):
    """The trace of the edges' midpoint marks (one for every type), if any edge is drawn."""
    return [t for t in figure.data if t.mode == "markers" and t.name == "relations"]


def marks_of(figure, relation_id: str) -> list[str]:
    """The edges whose midpoint marks are drawn for a relation type (each mark's ``meta``)."""
    return [
        k
        for t in marker_traces(figure)
        for k, m in zip(t.customdata, t.meta, strict=True)
        if m == relation_id
    ]


def node_trace(figure):
    (trace,) = [t for t in figure.data if t.name == "actors"]
    return trace


def marker_of(figure, key: str):
    """Return (trace, index) of an edge's midpoint marker."""
    found = [
        (t, list(t.customdata).index(key)) for t in marker_traces(figure) if key in t.customdata
    ]
    assert len(found) == 1, f"{key} has {len(found)} midpoint markers"
    return found[0]


def line_of(figure, key: str):
    found = [line for line in line_shapes(figure) for k, *_ in line.edges if k == key]
    assert len(found) == 1, f"{key} is drawn in {len(found)} line shapes"
    return found[0]


def midpoint(figure, key: str) -> tuple[float, float]:
    trace, i = marker_of(figure, key)
    return trace.x[i], trace.y[i]


# Traces


def test_fig001_trace_count_is_bounded_not_one_per_edge(big_model):
    assert len(big_model.edges) == 200
    figure = network_figure(big_model, everything(big_model))
    relations = len(big_model.dataset.relations)
    # the traces: the midpoints and the nodes; per relation type, one line shape per
    # (certainty, width)
    assert len(figure.data) == 2
    assert len(figure.layout.shapes) <= relations * (2 * 4)
    assert len(figure.layout.shapes) < len(big_model.edges) / 10
    assert len(marker_traces(figure)) == 1


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"actor": "iran"},
        {"actor": "iran", "focus": 1},
        {"edge": "iran/cooperates/russia/stated"},
    ],
    ids=["default", "actor", "focus", "relation"],
)
def test_fig002_a_seed_figure_is_two_traces_whatever_the_view(seed_model, options):
    """Plotly redraws a figure at a filter click or a selection, at about a millisecond per
    trace: the lines are layout shapes, the traces only the midpoint marks and the actors."""
    figure = network_figure(seed_model, everything(seed_model, **options))
    assert [t.name for t in figure.data] == ["relations", "actors"]
    relations = len(seed_model.dataset.relations)
    assert 0 < len(figure.layout.shapes) <= relations * (2 * 2 * 4) + 1
    assert len(figure.layout.shapes) < len(seed_model.edges)


@pytest.mark.parametrize("which", ["seed", "big"])
def test_fig003_every_edge_once_per_trace_group(seed_model, big_model, which):
    model = seed_model if which == "seed" else big_model
    figure = network_figure(model, everything(model))
    for relation_id in model.dataset.relations.index:
        expected = set(model.edges.index[model.edges["relation"] == relation_id])
        marks = marks_of(figure, relation_id)
        if not expected:
            assert not marks
            continue
        assert sorted(marks) == sorted(expected), relation_id
        lines = [line for line in line_shapes(figure) if line.relation == relation_id]
        drawn = [key for line in lines for key, *_ in line.edges]
        assert sorted(drawn) == sorted(expected), relation_id  # each edge once


def test_fig004_lines_ignore_the_mouse_and_markers_answer_it(seed_model):
    figure = network_figure(seed_model, everything(seed_model))
    # Lines are layout shapes, which Plotly never hovers, under the traces.
    assert line_shapes(figure) and {s.layer for s in figure.layout.shapes} == {"below"}
    assert not [t for t in figure.data if "lines" in t.mode]
    assert {t.hoverinfo for t in marker_traces(figure)} == {"text"}


# Filtering

FILTERS = [
    pytest.param({"cooperates"}, id="one-type"),
    pytest.param({"opposes", "tension", "accuses"}, id="conflict-types"),
    pytest.param({"member_of", "leads", "represents", "extends_influence"}, id="neutral"),
    pytest.param({"supplies_weapons", "unknown-relation"}, id="with-unknown-id"),
]


@pytest.mark.parametrize("relations", FILTERS)
def test_fig005_filter_removes_exactly_unticked_types(seed_model, relations):
    figure = network_figure(seed_model, state_of(frozenset(relations)))
    expected = set(seed_model.edges.index[seed_model.edges["relation"].isin(relations)])
    shown = {key for t in marker_traces(figure) for key in t.customdata}
    drawn = {key for line in line_shapes(figure) for key, *_ in line.edges}
    assert shown == drawn == expected
    assert {m for t in marker_traces(figure) for m in t.meta} == set(relations) & set(
        seed_model.edges["relation"]
    )


def test_fig006_no_visible_relation_says_so(seed_model):
    figure = network_figure(seed_model, state_of(frozenset()))
    assert not line_shapes(figure) and not marker_traces(figure)
    texts = [a.text for a in figure.layout.annotations]
    assert len(texts) == 1 and "No relations match the filter" in texts[0]
    assert not network_figure(seed_model, everything(seed_model)).layout.annotations


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_fig007_axis_ranges_do_not_change_with_the_filter(seed_model, layout):
    def frame(relations, hide):
        figure = network_figure(seed_model, state_of(frozenset(relations), layout, hide))
        return tuple(figure.layout.xaxis.range), tuple(figure.layout.yaxis.range)

    full = frame(seed_model.dataset.relations.index, False)
    for relations, hide in [({"cooperates"}, False), ({"member_of"}, True), (set(), True)]:
        assert frame(relations, hide) == full


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_fig008_nodes_sit_at_the_model_positions(seed_model, layout):
    positions = seed_model.positions(layout)
    for relations in [seed_model.dataset.relations.index, {"leads"}]:
        nodes = node_trace(network_figure(seed_model, state_of(frozenset(relations), layout)))
        for actor, x, y in zip(nodes.customdata, nodes.x, nodes.y, strict=True):
            assert (x, y) == positions[actor]


# Arrowheads and line styles


def test_fig009_directed_marker_points_from_source_to_target(seed_model):
    figure = network_figure(seed_model, everything(seed_model))
    positions = seed_model.positions()
    (ix, iy), (rx, ry) = positions["iran"], positions["russia"]
    trace, i = marker_of(figure, "iran/supplies_weapons/russia/stated")
    assert trace.marker.symbol[i] == "triangle-up"
    assert trace.marker.angle[i] == pytest.approx(math.degrees(math.atan2(rx - ix, ry - iy)))
    trace, i = marker_of(figure, "united-states/accuses/iran/stated")
    (ux, uy) = positions["united-states"]
    assert trace.marker.angle[i] == pytest.approx(math.degrees(math.atan2(ix - ux, iy - uy)))


@pytest.mark.parametrize("which", ["seed", "big"])
def test_fig010_every_arrow_points_at_its_target(seed_model, big_model, which):
    model = seed_model if which == "seed" else big_model
    figure = network_figure(model, everything(model))
    positions = model.positions()
    checked = 0
    for key, edge in model.edges[model.edges["directed"]].iterrows():
        trace, i = marker_of(figure, key)
        angle = math.radians(trace.marker.angle[i])
        # Plotly turns a triangle-up clockwise by the angle: it then points along (sin, cos)
        pointing = (math.sin(angle), math.cos(angle))
        (sx, sy), (tx, ty) = positions[edge["source"]], positions[edge["target"]]
        length = math.hypot(tx - sx, ty - sy)
        along = (pointing[0] * (tx - sx) + pointing[1] * (ty - sy)) / length
        assert along == pytest.approx(1.0), key
        checked += 1
    assert checked > 10


def test_fig011_undirected_markers_are_circles(seed_model, big_model):
    for model in (seed_model, big_model):
        figure = network_figure(model, everything(model))
        for key, edge in model.edges.iterrows():
            trace, i = marker_of(figure, key)
            shape = "triangle-up" if edge["directed"] else "circle"
            open_ = "-open" if edge["certainty"] == "alleged" else ""
            assert trace.marker.symbol[i] == shape + open_, key
            if not edge["directed"]:
                assert trace.marker.angle[i] == 0, key


@pytest.mark.parametrize(
    "stated, alleged",
    [
        ("iran/supplies_weapons/russia/stated", "iran/supplies_weapons/russia/alleged"),
        ("iran/military_cooperation/russia/stated", "iran/military_cooperation/russia/alleged"),
    ],
)
def test_fig012_alleged_edges_are_open_and_faint(seed_model, stated, alleged):
    figure = network_figure(seed_model, everything(seed_model))
    trace, i = marker_of(figure, alleged)
    assert trace.marker.symbol[i].endswith("-open")
    trace, i = marker_of(figure, stated)
    assert not trace.marker.symbol[i].endswith("-open")
    assert line_of(figure, alleged).opacity < line_of(figure, stated).opacity
    assert line_of(figure, stated).opacity == 1.0


def test_fig013_line_style_follows_polarity_and_width_quotes(seed_model):
    figure = network_figure(seed_model, everything(seed_model))
    dashes = {"cooperative": "solid", "conflictual": "dash", "neutral": "dot"}
    for key, edge in seed_model.edges.iterrows():
        trace = line_of(figure, key)
        assert trace.line.dash == dashes[edge["polarity"]], key
        assert trace.line.width == line_width(edge["quotes"]), key


def test_fig014_parallel_edges_do_not_overlap(seed_model):
    figure = network_figure(seed_model, everything(seed_model))
    edges = seed_model.edges
    pair = edges[
        edges["source"].isin(["iran", "russia"]) & edges["target"].isin(["iran", "russia"])
    ]
    assert len(pair) >= 6
    points = [midpoint(figure, key) for key in pair.index]
    for (ax, ay), (bx, by) in combinations(points, 2):
        assert math.hypot(ax - bx, ay - by) > 0.02
    # one lone edge between two actors is straight: its midpoint is halfway
    (lx, ly), (px, py) = seed_model.positions()["vladimir-putin"], seed_model.positions()["russia"]
    assert midpoint(figure, "vladimir-putin/leads/russia/stated") == pytest.approx(
        ((lx + px) / 2, (ly + py) / 2)
    )


def test_fig015_curves_end_at_their_actors(seed_model):
    figure = network_figure(seed_model, everything(seed_model))
    positions = seed_model.positions()
    lines = line_shapes(figure)
    assert sum(len(line.edges) for line in lines) == len(seed_model.edges)
    for line in lines:
        for key, start, _, end in line.edges:
            edge = seed_model.edges.loc[key]
            assert start == pytest.approx(positions[edge["source"]])
            assert end == pytest.approx(positions[edge["target"]])


# Nodes


def test_fig016_hide_isolated_removes_actors_without_a_visible_edge(seed_model):
    members = {"brics", "brazil", "russia", "india", "china", "south-africa"}
    figure = network_figure(seed_model, state_of(frozenset({"member_of"}), hide_isolated=True))
    nodes = node_trace(figure)
    assert set(nodes.customdata) == members
    assert list(nodes.marker.opacity) == [1.0] * len(members)


def test_fig017_fade_keeps_isolated_actors_fainter(seed_model):
    members = {"brics", "brazil", "russia", "india", "china", "south-africa"}
    nodes = node_trace(network_figure(seed_model, state_of(frozenset({"member_of"}))))
    assert list(nodes.customdata) == list(seed_model.dataset.actors.index)
    for actor, opacity in zip(nodes.customdata, nodes.marker.opacity, strict=True):
        if actor in members:
            assert opacity == 1.0, actor
        else:
            assert opacity < 0.5, actor


def test_fig018_selected_actor_stays_even_when_isolated_and_hidden(seed_model):
    view = state_of(frozenset({"member_of"}), hide_isolated=True, actor="iran")
    nodes = node_trace(network_figure(seed_model, view))
    assert "iran" in nodes.customdata
    i = list(nodes.customdata).index("iran")
    assert nodes.marker.line.width[i] > max(
        w for a, w in zip(nodes.customdata, nodes.marker.line.width, strict=True) if a != "iran"
    )


def test_fig019_selected_edge_is_highlighted_under_its_line(seed_model):
    key = "iran/supplies_weapons/russia/alleged"
    figure = network_figure(seed_model, everything(seed_model, edge=key))
    first = figure.layout.shapes[0]  # under every other shape, and shapes under the traces
    assert first.name == "selected relation" and first.layer == "below"
    (segment,) = [tuple(e[1:]) for e in line_of(figure, key).edges if e[0] == key]
    assert parse_path(first.path) == [segment]
    # a selected edge that the filter hides is not highlighted
    figure = network_figure(seed_model, state_of(frozenset({"meets"}), edge=key))
    assert all(s.name != "selected relation" for s in figure.layout.shapes)


def test_fig020_node_sizes_follow_quotes(seed_model):
    nodes = node_trace(network_figure(seed_model, everything(seed_model)))
    sizes = dict(zip(nodes.customdata, nodes.marker.size, strict=True))
    quotes = seed_model.actor_quotes
    assert sizes[quotes.idxmax()] == max(sizes.values())
    assert sizes["russia"] > sizes["iran"] > sizes["tass"]


def test_fig021_long_names_use_their_shortest_alias(seed_model):
    nodes = node_trace(network_figure(seed_model, everything(seed_model)))
    labels = dict(zip(nodes.customdata, nodes.text, strict=True))
    assert labels["asean"] == "ASEAN"
    assert labels["iran"] == "Iran"


# HTML in the data


def test_fig022_markup_in_names_is_escaped_in_hover_text(nasty_model):
    figure = network_figure(nasty_model, everything(nasty_model))
    nodes = node_trace(figure)
    texts = [*nodes.hovertext, *nodes.text]
    for trace in marker_traces(figure):
        texts += [*trace.hovertext]
    joined = "\n".join(texts)
    for raw in ("<script>", "</script>", "<b>x</b>", "<i>pokes</i>", "Plain & Simple"):
        assert raw not in joined
    for escaped in ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;b&gt;x&lt;/b&gt;"):
        assert escaped in joined
    assert "&lt;i&gt;pokes&lt;/i&gt;" in joined
    assert "Plain &amp; Simple" in joined


def test_fig023_hover_text_names_both_ends_and_counts_quotes(seed_model):
    figure = network_figure(seed_model, everything(seed_model))
    trace, i = marker_of(figure, "iran/supplies_weapons/russia/alleged")
    assert trace.hovertext[i] == (
        "<b>Iran</b> → supplies weapons to → <b>Russia</b> (alleged)<br>2 quotes · click to read"
    )
    trace, i = marker_of(figure, "masoud-pezeshkian/meets/vladimir-putin/stated")
    assert "—" in trace.hovertext[i] and "(alleged)" not in trace.hovertext[i]


# Small pure helpers


@pytest.mark.parametrize(
    "name, aliases, limit, expected",
    [
        ("Iran", ("Tehran",), 20, "Iran"),
        ("Association of Southeast Asian Nations", ("ASEAN",), 20, "ASEAN"),
        (
            "Association of Southeast Asian Nations",
            (),
            20,
            "Association of Southeast Asian Nations",
        ),
        ("A name of twenty ch.", ("short",), 20, "A name of twenty ch."),
        ("A name of twenty-one!", ("short",), 20, "short"),
        ("United States", ("the United States", "the U.S.", "U.S."), 20, "United States"),
        ("United States", ("the United States", "the U.S.", "U.S."), 5, "U.S."),
        ("Longer name here, really", ("Bb", "Aa"), 20, "Bb"),
    ],
)
def test_fig024_node_label(name, aliases, limit, expected):
    assert node_label(name, aliases, limit) == expected


@pytest.mark.parametrize(
    "quotes, width",
    [(1, 1.5), (2, 2.5), (3, 3.5), (4, 3.5), (5, 5.0), (6, 5.0), (13, 5.0), (100, 5.0)],
)
def test_fig025_line_width(quotes, width):
    assert line_width(quotes) == width


def test_fig026_line_width_never_shrinks():
    widths = [line_width(n) for n in range(1, 30)]
    assert widths == sorted(widths)


@pytest.mark.parametrize(
    "quotes, expected",
    [
        pytest.param([0, 1, 4], [14.0, 29.0, 44.0], id="square-root"),
        pytest.param([9, 9], [44.0, 44.0], id="all-equal"),
        pytest.param([0, 0], [14.0, 14.0], id="all-zero"),
        pytest.param([-3, 4], [14.0, 44.0], id="negative-clipped"),
        pytest.param([], [], id="empty"),
    ],
)
def test_fig027_node_sizes(quotes, expected):
    sizes = node_sizes(pd.Series(quotes, dtype="int64"))
    assert list(sizes) == pytest.approx(expected)


def _drawn(figure) -> tuple[set[str], dict[str, float]]:
    keys = {
        k
        for t in figure.data
        if t.name != "actors" and t.customdata is not None
        for k in t.customdata
        if k
    }
    (nodes,) = [t for t in figure.data if t.name == "actors"]
    opacity = dict(zip(nodes.customdata, nodes.marker.opacity, strict=True))
    return keys, opacity


def test_fig060_focus_keeps_the_neighbourhood_and_fades_the_rest(seed_model):
    from dashboard.graph import neighbourhood

    every = frozenset(seed_model.dataset.relations.index)
    figure = network_figure(seed_model, state_of(every, actor="pakistan", focus=1))
    keys, opacity = _drawn(figure)
    near = neighbourhood(seed_model.edges, "pakistan", 1)
    edges = seed_model.edges
    assert keys == set(edges.index[edges["source"].isin(near) & edges["target"].isin(near)])
    assert {a for a, o in opacity.items() if o == 1.0} == near
    hidden = network_figure(
        seed_model, state_of(every, actor="pakistan", focus=1, hide_isolated=True)
    )
    assert set(_drawn(hidden)[1]) == near


def test_fig061_focus_follows_the_relation_filter(seed_model):
    figure = network_figure(seed_model, state_of(frozenset({"tension"}), actor="pakistan", focus=2))
    keys, opacity = _drawn(figure)
    assert {k.split("/")[1] for k in keys} == {"tension"}
    # Through tension alone, Pakistan reaches the U.S., India and Afghanistan, and no further:
    # Iran's and Russia's tension with the West is not connected to them.
    assert {a for a, o in opacity.items() if o == 1.0} == {
        "pakistan", "united-states", "india", "afghanistan",
    }  # fmt: skip


def test_fig062_focus_without_a_selection_shows_everything(seed_model):
    every = frozenset(seed_model.dataset.relations.index)
    assert _drawn(network_figure(seed_model, state_of(every, focus=1)))[0] == set(
        seed_model.edges.index
    )


@pytest.mark.parametrize("size", ["quotes", "degree", "betweenness"])
def test_fig063_nodes_are_sized_by_the_chosen_measure(seed_model, size):
    from dashboard.figure import node_sizes

    every = frozenset(seed_model.dataset.relations.index)
    (nodes,) = [
        t for t in network_figure(seed_model, state_of(every, size=size)).data if t.name == "actors"
    ]
    expected = node_sizes(seed_model.measure(size))
    assert list(nodes.marker.size) == pytest.approx([expected[a] for a in nodes.customdata])


# Large networks: a budget of edges, few labels, less sent


@pytest.fixture
def at_scale(monkeypatch):
    """Draw the 40-actor network as a large one: at most 50 edges, 5 labels."""
    monkeypatch.setattr(limits, "LARGE_FIGURE_FROM", 40)
    monkeypatch.setattr(limits, "EDGE_BUDGET", 50)
    monkeypatch.setattr(limits, "LABELS_AT_SCALE", 5)


def segments(shape: dict) -> list[str]:
    """The edges of a large figure's path shape, one "M…" segment each; none in an empty one."""
    return [] if shape["path"] == "M0,0" else ["M" + p for p in shape["path"].split("M")[1:]]


def edge_shapes(figure: dict, layer: str) -> list[dict]:
    return [s for s in figure["layout"]["shapes"] if s["type"] == "path" and s["layer"] == layer
            and s["name"] != "selection"]  # fmt: skip


def drawn_count(figure: dict, layer: str | None = None) -> dict[str, int]:
    """Per relation type, how many edges a large figure draws (in one layer, or in both)."""
    counts: dict[str, int] = defaultdict(int)
    for wanted in [layer] if layer else ["below", "above"]:
        for shape in edge_shapes(figure, wanted):
            counts[shape["name"]] += len(segments(shape))
    return {k: v for k, v in counts.items() if v}


def disc_shapes(figure: dict) -> list[dict]:
    """A large figure's discs: the selection's actors over the veil (the names are circles too)."""
    return [
        s
        for s in figure["layout"]["shapes"]
        if s["type"] == "circle" and s["name"] != "actor names"
    ]


def note_text(figure: dict) -> str:
    (note,) = [s for s in figure["layout"]["shapes"] if s["name"] == "note"]
    return note["label"]["text"]


def test_fig070_large_networks_draw_the_actors_as_the_only_trace(big_model, monkeypatch):
    small = figure_dict(big_model, everything(big_model))
    monkeypatch.setattr(limits, "LARGE_FIGURE_FROM", 40)
    large = figure_dict(big_model, everything(big_model))
    # WebGL markers (the page's plotly.js draws them under its policy: test_scale206), or SVG
    # for a browser without WebGL, and nothing else changes.
    (nodes,) = large["data"]
    assert nodes["type"] == "scattergl" and nodes["uid"] == "actors"  # kept across updates
    svg = figure_dict(big_model, everything(big_model), webgl=False)
    assert svg["data"] == [{**nodes, "type": "scatter"}] and svg["layout"] == large["layout"]
    key = figure_module.nodes_key
    assert key(big_model, everything(big_model), webgl=False) != key(
        big_model, everything(big_model)
    )
    # The markers carry no text (thousands of empty text elements): names are shape labels.
    assert nodes["mode"] == "markers" and "text" not in nodes
    positions = big_model.positions()
    # Positions are rounded to 1e-5, a hundredth of a pixel on screen.
    assert nodes["x"] == pytest.approx([positions[a][0] for a in nodes["customdata"]], abs=1e-5)
    assert nodes["y"] == pytest.approx([positions[a][1] for a in nodes["customdata"]], abs=1e-5)
    # One look for every marker, which SVG styles at once: no per-point outline or opacity.
    assert nodes["marker"]["line"] == {"width": 0} and "opacity" not in nodes["marker"]
    # Edges are path shapes below the actors, one per (relation type, certainty, width).
    assert drawn_count(large, "below") == big_model.edges["relation"].value_counts().to_dict()
    assert drawn_count(large, "above") == {}
    # What makes Plotly replot every trace is left out: a template object, annotations.
    assert "template" not in large["layout"] and "annotations" not in large["layout"]
    assert large["layout"]["xaxis"]["constrain"] == large["layout"]["yaxis"]["constrain"]
    assert len(json.dumps(large)) < 0.8 * len(json.dumps(small))


def test_fig078_large_edges_are_exact_segments(big_model, monkeypatch):
    monkeypatch.setattr(limits, "LARGE_FIGURE_FROM", 40)
    figure = figure_dict(big_model, everything(big_model))
    positions = big_model.positions()
    drawn = set()
    for shape in edge_shapes(figure, "below"):
        relation = big_model.dataset.relations.loc[shape["name"]]
        assert shape["line"]["dash"] == figure_module.POLARITY_DASH[relation["polarity"]]
        drawn.update(segments(shape))
    for key, edge in big_model.edges.iterrows():
        (sx, sy), (tx, ty) = positions[edge["source"]], positions[edge["target"]]
        start = f"M{round(sx, 5)},{round(sy, 5)}"
        ends = [
            s for s in drawn if s.startswith(start) and s.endswith(f"{round(tx, 5)},{round(ty, 5)}")
        ]
        assert ends, key  # a line, or a curve ("Q" and its control point) bowed from a parallel


def test_fig079_a_large_figures_traces_follow_only_layout_size_and_hiding(big_model, monkeypatch):
    """The key of a large figure's traces: views with the same key differ in their shapes only,
    which keep their places, so the browser can be sent the shapes (see callbacks.redraw)."""
    small_key = figure_module.nodes_key(big_model, everything(big_model))
    assert small_key.startswith("small:")  # small: drawn in the browser (see fig120)
    monkeypatch.setattr(limits, "LARGE_FIGURE_FROM", 40)
    actor = big_model.actor_edges.idxmax()
    edge = big_model.edges.index[0]
    some = frozenset(list(big_model.dataset.relations.index)[:1])
    views = [
        everything(big_model),
        state_of(some),
        everything(big_model, actor=actor),
        everything(big_model, actor=actor, focus=1),
        everything(big_model, edge=edge),
        state_of(frozenset()),
    ]
    key = figure_module.nodes_key(big_model, views[0])
    first = figure_dict(big_model, views[0])
    fixed = [
        (s["type"], s["xref"], s["yref"], s["layer"], s["name"]) for s in first["layout"]["shapes"]
    ]
    for view in views:
        assert figure_module.nodes_key(big_model, view) == key, view
        figure = figure_dict(big_model, view)
        assert figure["data"] == first["data"], view
        assert figure["layout"]["shapes"] == figure_module.figure_overlay(big_model, view)
        places = [(s["type"], s["xref"], s["yref"], s["layer"], s["name"])
                  for s in figure["layout"]["shapes"][: len(fixed)]]  # fmt: skip
        assert places == fixed, view
    others = [everything(big_model, layout="circular"), everything(big_model, size="degree"),
              everything(big_model, hide_isolated=True)]  # fmt: skip
    keys = {figure_module.nodes_key(big_model, view) for view in others}
    assert key not in keys and len(keys) == 3
    hidden = everything(big_model, hide_isolated=True)
    assert figure_module.nodes_key(big_model, state_of(some, hide_isolated=True)) != (
        figure_module.nodes_key(big_model, hidden)
    )


def test_fig071_lone_edges_are_straight_the_others_curved(seed_model):
    figure = network_figure(seed_model, everything(seed_model))
    bent = {key: bend is not None for line in line_shapes(figure) for key, _, bend, _ in line.edges}
    pairs = seed_model.edges.groupby(
        [seed_model.edges[["source", "target"]].min(axis=1),
         seed_model.edges[["source", "target"]].max(axis=1)]
    ).size()  # fmt: skip
    for key, edge in seed_model.edges.iterrows():
        ends = (min(edge["source"], edge["target"]), max(edge["source"], edge["target"]))
        parallel = pairs[ends]
        rank = sorted(
            k for k, e in seed_model.edges.iterrows()
            if (min(e["source"], e["target"]), max(e["source"], e["target"])) == ends
        ).index(key)  # fmt: skip
        straight = rank == (parallel - 1) / 2
        assert bent[key] == (not straight), key


def test_fig072_over_budget_draws_the_most_quoted_and_says_so(big_model, at_scale, monkeypatch):
    figure = figure_dict(big_model, everything(big_model))
    keys = figure_module.drawn_edges(big_model, everything(big_model))
    assert len(keys) == 50 and sum(drawn_count(figure).values()) == 50
    assert drawn_count(figure) == big_model.edges.loc[keys, "relation"].value_counts().to_dict()
    quotes = big_model.edges["quotes"]
    assert quotes[keys].min() >= quotes.drop(keys).max()
    assert note_text(figure).startswith("50 of 200 relations drawn")
    # The budget applies to what passes the filter: when that fits, all is drawn, with no note.
    talks = big_model.edges.index[big_model.edges["relation"] == "talks"]
    monkeypatch.setattr(limits, "EDGE_BUDGET", len(talks))
    only_talks = state_of(frozenset({"talks"}))
    one = figure_dict(big_model, only_talks)
    assert sorted(figure_module.drawn_edges(big_model, only_talks)) == sorted(talks)
    assert drawn_count(one) == {"talks": len(talks)}
    assert note_text(one) == ""
    nothing = figure_dict(big_model, state_of(frozenset()))
    (empty,) = [s for s in nothing["layout"]["shapes"] if s["name"] == "no match"]
    assert empty["label"]["text"].startswith("No relations match the filter.")


def test_fig073_over_budget_the_selection_is_drawn_first_over_a_veil(big_model, at_scale):
    actor = big_model.actor_edges.idxmax()
    view = everything(big_model, actor=actor)
    figure = figure_dict(big_model, view)
    keys = figure_module.drawn_edges(big_model, view)
    assert set(big_model.edges_of(actor).index) <= set(keys)
    assert "selected actor" in note_text(figure)
    # The actor's relations are drawn again above the veil, with its counterparts as discs.
    mine = big_model.edges_of(actor)
    assert drawn_count(figure, "above") == mine["relation"].value_counts().to_dict()
    shapes = figure["layout"]["shapes"]
    (veil,) = [s for s in shapes if s["name"] == "veil"]
    assert veil["opacity"] > 0.5
    discs = disc_shapes(figure)
    assert {d["name"] for d in discs} == set(mine["source"]) | set(mine["target"])
    assert discs[-1]["name"] == actor and discs[-1]["line"]["width"] == 3  # on top, ringed
    assert discs[-1]["label"]["text"] == big_model.dataset.actors.loc[actor, "name"]
    assert shapes.index(veil) < min(shapes.index(d) for d in discs)
    # No selection: the veil is clear and nothing is above it.
    plain = figure_dict(big_model, everything(big_model))
    (veil,) = [s for s in plain["layout"]["shapes"] if s["name"] == "veil"]
    assert veil["opacity"] == 0 and drawn_count(plain, "above") == {}
    # A selected edge: drawn even if it is the least quoted, with a glow under it.
    quiet = big_model.edges["quotes"].idxmin()
    chosen = everything(big_model, edge=quiet)
    figure = figure_dict(big_model, chosen)
    assert quiet in figure_module.drawn_edges(big_model, chosen)
    (glow,) = [s for s in figure["layout"]["shapes"] if s["name"] == "selection"]
    assert len(segments(glow)) == 1
    assert sum(drawn_count(figure, "above").values()) == 1
    ends = set(big_model.edges.loc[quiet, ["source", "target"]])
    assert {d["name"] for d in disc_shapes(figure)} == ends


def test_fig083_a_selection_changes_shapes_in_proportion_to_itself(big_model, at_scale):
    """Plotly.react redraws the shapes that changed, by index: a selection may change its own
    (its relations, those of its neighbours it brings into the budget, the veil, its discs,
    the notes) but not the thousands of edges drawn below whatever is selected."""
    plain = everything(big_model)
    before = figure_module.figure_overlay(big_model, plain)
    base = set(figure_module.drawn_edges(big_model, plain))
    edges = big_model.edges
    for actor in [edges["quotes"].groupby(edges["source"]).sum().idxmin(),
                  big_model.actor_edges.idxmax()]:  # fmt: skip
        view = everything(big_model, actor=actor)
        after = figure_module.figure_overlay(big_model, view)
        drawn = set(figure_module.drawn_edges(big_model, view))
        mine = drawn & set(big_model.edges_of(actor).index)
        brought = drawn - base - mine
        assert brought  # the case: the selection brings relations the budget left out
        changed = [s for i, s in enumerate(after) if i >= len(before) or before[i] != s]
        segments_changed = sum(
            len(segments(s)) for s in changed if s["type"] == "path" and s["name"] != "selection"
        )
        assert segments_changed == len(mine) + len(brought), actor
        assert len([s for s in changed if s["type"] != "path"]) <= 3 + len(
            [s for s in after if s["type"] == "circle"]
        )  # the veil, the two notes, the discs
        # and the base is still drawn, at its place
        unchanged = [s for i, s in enumerate(after) if i < len(before) and before[i] == s]
        assert sum(len(segments(s)) for s in unchanged if s["type"] == "path") >= len(base)


def test_fig074_large_figures_label_the_biggest_apart(big_model, at_scale):
    actor = big_model.actor_quotes.idxmin()
    figure = figure_dict(big_model, everything(big_model, actor=actor))
    (nodes,) = figure["data"]
    at = {a: (x, y) for a, x, y in zip(nodes["customdata"], nodes["x"], nodes["y"], strict=True)}
    by_place = {(round(x, 4), round(y, 4)): a for a, (x, y) in at.items()}
    shapes = figure["layout"]["shapes"]
    names = [s for s in shapes if s["name"] == "actor names"]
    named_at = [by_place[(round(s["xanchor"], 4), round(s["yanchor"], 4))] for s in names]
    labelled = set(named_at)
    assert len(labelled) == len(names) == 5
    labels = big_model.dataset.actors["name"]
    assert [s["label"]["text"] for s in names] == [labels[a] for a in named_at]
    # clear circles the size of the actors' markers, below the veil
    marker = dict(zip(nodes["customdata"], nodes["marker"]["size"], strict=True))
    assert [s["x1"] for s in names] == pytest.approx([marker[a] / 2 for a in named_at], abs=0.01)
    assert all(s["fillcolor"] == "rgba(0,0,0,0)" and s["line"]["width"] == 0 for s in names)
    (veil,) = [s for s in shapes if s["name"] == "veil"]
    assert max(shapes.index(s) for s in names) < shapes.index(veil)
    named = {s["name"] for s in disc_shapes(figure) if s.get("label", {}).get("text")}
    assert actor in named  # the selected actor is named over the veil
    biggest = big_model.actor_quotes.sort_values(ascending=False, kind="stable").index

    def overlap(a, b):
        return abs(at[a][0] - at[b][0]) <= 0.35 and abs(at[a][1] - at[b][1]) <= 0.07

    chosen = [a for a in biggest if a in labelled]
    assert chosen[0] == biggest[0]
    assert not any(overlap(a, b) for a, b in combinations(chosen, 2))
    # Taken greedily, biggest first: an actor left out would overlap a bigger one taken.
    for a in biggest[: list(biggest).index(chosen[-1])]:
        if a not in labelled:
            assert any(
                overlap(a, b) for b in chosen if list(biggest).index(b) < list(biggest).index(a)
            ), a


def test_fig075_figure_dict_is_what_network_figure_holds(seed_model):
    view = everything(seed_model, actor="iran")
    assert network_figure(seed_model, view).to_plotly_json() == figure_dict(seed_model, view)


def test_fig076_parallel_edges_bow_as_they_always_have(seed_model):
    """The midpoints, worked out by hand: a pair's edges in id order, bowing from the line between
    its two actors in id order; the seed picture must not move."""
    figure = network_figure(seed_model, everything(seed_model))
    positions = seed_model.positions()
    edges = seed_model.edges
    ends = [tuple(sorted(pair)) for pair in zip(edges["source"], edges["target"], strict=True)]
    for key, (a, b) in zip(edges.index, ends, strict=True):
        keys = sorted(k for k, e in zip(edges.index, ends, strict=True) if e == (a, b))
        (ax, ay), (bx, by) = positions[a], positions[b]
        length = math.hypot(bx - ax, by - ay)
        bow = (keys.index(key) - (len(keys) - 1) / 2) * 0.22 * length
        normal = (-(by - ay) / length, (bx - ax) / length)
        expected = ((ax + bx) / 2 + normal[0] * bow / 2, (ay + by) / 2 + normal[1] * bow / 2)
        assert midpoint(figure, key) == pytest.approx(expected), key


def test_fig080_hiding_keys_the_traces_by_the_actors_shown(big_model, monkeypatch):
    """With hide on, the traces follow which actors are shown, and nothing else: no article
    shown is not every article shown, and a click that hides no one more keeps the traces."""
    monkeypatch.setattr(limits, "LARGE_FIGURE_FROM", 40)
    every = everything(big_model, hide_isolated=True)
    none = everything(big_model, hide_isolated=True, articles=frozenset())
    key = figure_module.nodes_key
    assert key(big_model, every) != key(big_model, none)
    assert figure_dict(big_model, none)["data"][0]["x"] == []
    hub = big_model.actor_edges.idxmax()
    assert key(big_model, every) == key(big_model, everything(big_model, hide_isolated=True,
                                                               actor=hub))  # fmt: skip
    assert (
        figure_dict(big_model, every)["data"]
        == figure_dict(big_model, everything(big_model, hide_isolated=True, actor=hub))["data"]
    )


def test_fig081_a_selection_draws_at_most_so_many_discs_the_biggest(big_model, at_scale,
                                                                     monkeypatch):  # fmt: skip
    monkeypatch.setattr(limits, "DISCS_AT_MOST", 3)
    hub = big_model.actor_edges.idxmax()
    figure = figure_dict(big_model, everything(big_model, actor=hub, focus=2))
    discs = [s["name"] for s in disc_shapes(figure)]
    assert len(discs) == 3 and discs[-1] == hub
    sizes = big_model.actor_quotes
    others = [a for a in discs if a != hub]
    near = neighbourhood(big_model.edges, hub, 2)  # what focus 2 draws
    assert min(sizes[others]) >= max(sizes[list(near - set(discs))])


def test_fig082_over_budget_a_selected_actors_neighbourhood_comes_before_the_rest(
    big_model, at_scale, monkeypatch
):
    """The actor's relations first, then every relation of its neighbours, then the most quoted."""
    edges = big_model.edges
    actor = edges["quotes"].groupby(edges["source"]).sum().idxmin()  # a quiet actor
    touching = (edges["source"] == actor) | (edges["target"] == actor)
    neighbours = set(edges.loc[touching, "source"]) | set(edges.loc[touching, "target"])
    near = touching | edges["source"].isin(neighbours) | edges["target"].isin(neighbours)
    budget = int(near.sum()) + 5
    assert budget < len(edges)  # the case: the neighbourhood fits, the whole graph does not
    monkeypatch.setattr(limits, "EDGE_BUDGET", budget)
    view = everything(big_model, actor=actor)
    keys = set(figure_module.drawn_edges(big_model, view))
    assert len(keys) == budget
    assert set(edges.index[near]) <= keys
    rest = edges.loc[sorted(keys - set(edges.index[near])), "quotes"]
    assert len(rest) == 5 and rest.min() >= edges.loc[~near, "quotes"].drop(rest.index).max()
    # without the selection, the same budget leaves some of that neighbourhood out
    assert not set(edges.index[near]) <= set(
        figure_module.drawn_edges(big_model, everything(big_model))
    )


# A selection shows in the picture (issue 12, Telling)


def _line_opacity(figure) -> dict[str, float]:
    """Each drawn edge's line opacity, relative to its certainty's (alleged lines are half)."""
    found = {}
    for line in line_shapes(figure):
        for key, *_ in line.edges:
            alleged = key.endswith("/alleged")
            found[key] = line.opacity / (0.5 if alleged else 1.0)
    return found


def test_fig090_a_selected_actor_lights_its_relations_and_counterparts(seed_model):
    figure = network_figure(seed_model, everything(seed_model, actor="pakistan"))
    edges = seed_model.edges
    touching = (edges["source"] == "pakistan") | (edges["target"] == "pakistan")
    counterparts = {"pakistan", *edges.loc[touching, "source"], *edges.loc[touching, "target"]}
    lines = _line_opacity(figure)
    assert {k for k, o in lines.items() if o == 1.0} == set(edges.index[touching])
    assert all(o < 0.5 for k, o in lines.items() if k not in set(edges.index[touching]))
    _, opacity = _drawn(figure)
    assert {a for a, o in opacity.items() if o == 1.0} == counterparts
    marks = {
        k: o
        for t in marker_traces(figure)
        for k, o in zip(t.customdata, t.marker.opacity, strict=True)
    }
    assert {k for k, o in marks.items() if o == 1.0} == set(edges.index[touching])


def test_fig091_a_selected_relation_lights_itself_and_its_two_actors(seed_model):
    key = "iran/supplies_weapons/russia/alleged"
    assert key in seed_model.edges.index
    figure = network_figure(seed_model, everything(seed_model, edge=key))
    assert {k for k, o in _line_opacity(figure).items() if o == 1.0} == {key}
    _, opacity = _drawn(figure)
    assert {a for a, o in opacity.items() if o == 1.0} == {"iran", "russia"}


def test_fig092_without_a_selection_nothing_recedes(seed_model):
    figure = network_figure(seed_model, everything(seed_model))
    assert set(_line_opacity(figure).values()) == {1.0}


def test_fig093_seed_labels_every_actor_clear_of_the_others(seed_model):
    """At the smallest desktop plot (limits.LAYOUT_ROOM_PX), by the label's own measures."""
    from dashboard.figure.shared import geometry

    shape = geometry(seed_model, "force")
    assert shape.labelled.all()
    room = seed_model.room()
    unit = limits.LAYOUT_ROOM_PX[0] / 2
    boxes = [
        (x * unit - room[a][0], x * unit + room[a][1], y * unit + room[a][2], y * unit + room[a][3])
        for a, x, y in zip(seed_model.dataset.actors.index, shape.x, shape.y, strict=True)
    ]
    for n, a in enumerate(boxes):
        for b in boxes[n + 1 :]:
            assert min(a[1], b[1]) - max(a[0], b[0]) <= 1 or min(a[3], b[3]) - max(a[2], b[2]) <= 1


# A small figure the browser draws (assets/network.js, follow_view; tests/test_network_js.py
# holds the browser's figures equal to these)


def test_fig120_the_browser_data_holds_every_edge_that_passes_the_articles(seed_model):
    """A small figure carries, in its layout's meta, every edge the article filter lets
    through, whatever its relation filter, selection and focus: the browser draws those three
    from it. Its key is one for all of them, and the figure holds the ticked types only."""
    base = state_of(None)
    key = figure_module.nodes_key(seed_model, base)
    meta = figure_dict(seed_model, base)["layout"]["meta"]["small"]
    assert meta["edges"]["id"] == list(seed_model.edges.index)
    assert [r["id"] for r in meta["relations"]] == list(seed_model.dataset.relations.index)
    for state in (
        state_of({"cooperates"}),
        state_of(set()),
        state_of(None, actor="iran", focus=1),
        state_of({"meets"}, edge="iran/cooperates/russia/stated"),
    ):
        figure = figure_dict(seed_model, state)
        assert figure_module.nodes_key(seed_model, state) == key
        assert figure["layout"]["meta"]["small"] == meta
        every = set(seed_model.dataset.relations.index)
        ticked = every if state.relations is None else set(state.relations)
        metas = [t.get("meta") for t in figure["data"] if t["name"] != "actors"]
        types = {m for meta in metas for m in (meta if isinstance(meta, list) else [meta])}
        types |= {s["name"] for s in figure["layout"]["shapes"] if s["name"] not in OTHER_SHAPES}
        assert types <= ticked
        assert all("visible" not in t for t in figure["data"])


@pytest.mark.parametrize(
    "other", [{"layout": "circular"}, {"size": "degree"}, {"isolated": "hide"}], ids=str
)
def test_fig121_the_key_follows_all_the_browser_does_not_draw(seed_model, other):
    """Another layout or size is another key (the server draws it); hiding isolated actors
    changes the actors' trace, which the browser does not draw: no key, no browser data."""
    state = ViewState(**other)
    key = figure_module.nodes_key(seed_model, state)
    figure = figure_dict(seed_model, state)
    if state.hide_isolated:
        assert key is None and "meta" not in figure["layout"]
    else:
        assert key is not None and key != figure_module.nodes_key(seed_model, ViewState())
        assert figure["layout"]["meta"]["small"]["edges"]["id"] == list(seed_model.edges.index)


def test_fig122_the_key_follows_the_model(seed_dataset, seed_model):
    """Curate mode makes a new model per edit and redraws by writing the selection: a model
    with other data (here, the same dataset laid out from another seed) has another key, and
    the same data the same key, in any process (no object ids in it)."""
    same = NetworkModel.from_dataset(seed_dataset)
    other = NetworkModel.from_dataset(seed_dataset, seed=seed_model.seed + 1)
    key = figure_module.nodes_key(seed_model, ViewState())
    assert figure_module.nodes_key(same, ViewState()) == key
    assert figure_module.nodes_key(other, ViewState()) != key


def base_of(model, state) -> list[dict]:
    """A large figure's edge shapes below the selection, in order."""
    return [s for s in figure_module.figure_overlay(model, state) if s.get("layer") == "below"]


def test_fig123_every_selection_shares_the_filters_edges(big_model, at_scale, monkeypatch):
    """A large figure's edges that the filters let through (its biggest shapes) are built once
    for all the selections under the same filters, layout and budget, and are what they would
    be built afresh; another filter, layout or budget builds its own."""
    from dashboard.figure import large

    one = everything(big_model, actor="a01")
    first, second = base_of(big_model, one), base_of(big_model, everything(big_model, actor="a02"))
    styles = len(first) // 2  # the filters' edges, then the selection's own below the veil
    assert all(a is b for a, b in zip(first[:styles], second[:styles], strict=True))
    large._base.cache_clear()
    assert base_of(big_model, one) == first  # equal, built afresh
    others = [
        state_of(("helps",), actor="a01"),
        everything(big_model, actor="a01", layout="circular"),
    ]
    for other in others:
        assert not any(a is b for a, b in zip(first, base_of(big_model, other), strict=True))
    monkeypatch.setattr(limits, "EDGE_BUDGET", 40)
    fewer = base_of(big_model, one)
    assert not any(a is b for a, b in zip(first, fewer, strict=True))
