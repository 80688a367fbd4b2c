"""The network: actors as nodes, one edge per (source, relation, target, certainty), and layouts.

``NetworkModel`` is everything the page reads, derived once from a dataset when the model is
made, as typed fields; only the layouts other than the default and the betweenness measure are
computed on first use (at 10,000 actors a layout takes seconds and betweenness ~30 s).

``ModelSource`` is where the callbacks get the model: each reads ``models.current`` once at its
start. The read-only app's source is fixed; curate mode replaces the model after each edit, so
the next request (and a reload of the page) sees the new data.
"""

from __future__ import annotations

import math
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import igraph
import networkx as nx
import numpy as np
import pandas as pd

from dashboard import limits
from dashboard.dataset import ACTOR_KINDS, Dataset

Positions = dict[str, tuple[float, float]]
# Lays out a model's layout by other means than compute_layout, or returns None (see from_dataset).
Placer = Callable[["NetworkModel", str], "Positions | None"]
# Per actor, the px its marker and label take to the left, right, below and above its centre.
Room = dict[str, tuple[float, float, float, float]]

# Above limits.LAYOUT_IGRAPH_ABOVE actors "force" and "kamada-kawai" both give igraph's Fruchterman-Reingold layout
# (see compute_layout): Kamada-Kawai is quadratic in actors, in networkx and in igraph alike.
LAYOUTS: dict[str, str] = {
    "force": "Force-directed",
    "kamada-kawai": "Kamada-Kawai",
    "shell": "Shells by actor kind",
    "circular": "Circle by actor kind",
}
DEFAULT_LAYOUT = "force"
DEFAULT_SEED = 7
_EDGE_SEPARATOR = "/"
# igraph draws its random numbers from one generator per process; a layout sets a seeded one
# for its run, so two threads must not lay out at once.
_IGRAPH_RANDOM = threading.Lock()


def edge_id(source: str, relation: str, target: str, certainty: str) -> str:
    """Return the stable id of an edge.

    >>> edge_id("iran", "supplies_weapons", "russia", "alleged")
    'iran/supplies_weapons/russia/alleged'
    """
    return _EDGE_SEPARATOR.join((source, relation, target, certainty))


def edge_table(dataset: Dataset) -> pd.DataFrame:
    """Group the triples into edges: one row per (source, relation, target, certainty).

    An undirected relation's ends are put in a fixed order, so "A with B" and "B with A" are one
    edge. ``rows`` lists the triples' index labels (one per quote), in file order.
    """
    triples = dataset.triples
    directed = triples["relation"].map(dataset.relations["directed"]).astype(bool)
    swap = ~directed & (triples["source"] > triples["target"])
    ends = pd.DataFrame(
        {
            "source": triples["source"].where(~swap, triples["target"]),
            "target": triples["target"].where(~swap, triples["source"]),
            "relation": triples["relation"],
            "certainty": triples["certainty"],
        }
    )
    keys = ["source", "relation", "target", "certainty"]
    if ends.empty:  # a dataset may hold no triples yet
        columns = [*keys, "rows", "quotes", "directed", "polarity"]
        return pd.DataFrame(columns=columns, index=pd.Index([], name="edge"))
    grouped = ends.groupby(keys, sort=False).apply(lambda g: list(g.index), include_groups=False)
    edges = grouped.rename("rows").reset_index()
    edges["quotes"] = edges["rows"].map(len)
    edges["directed"] = edges["relation"].map(dataset.relations["directed"]).astype(bool)
    edges["polarity"] = edges["relation"].map(dataset.relations["polarity"])
    edges.index = pd.Index(
        [edge_id(*values) for values in edges[keys].itertuples(index=False)], name="edge"
    )
    return edges


def build_graph(dataset: Dataset, edges: pd.DataFrame | None = None) -> nx.MultiDiGraph:
    """Build the directed multigraph: every actor a node, every edge keyed by its id.

    >>> from dashboard.settings import SEEDS_DIR
    >>> from dashboard.dataset import load_dataset
    >>> graph = build_graph(load_dataset(SEEDS_DIR / "iran-russia-treaty"))
    >>> graph.nodes["iran"]["kind"], graph.has_edge("iran", "russia")
    ('state', True)
    """
    edges = edge_table(dataset) if edges is None else edges
    graph = nx.MultiDiGraph(name=dataset.meta.get("title", dataset.name))
    # Whole columns as Python lists, not iterrows: a Series per row cost 1.4 s at 10,000 actors.
    actors = dataset.actors
    graph.add_nodes_from(
        (actor_id, {"name": name, "kind": kind})
        for actor_id, name, kind in zip(
            actors.index, actors["name"].tolist(), actors["kind"].tolist(), strict=True
        )
    )
    columns = ("source", "target", "relation", "certainty", "directed", "quotes")
    graph.add_edges_from(
        (
            source,
            target,
            key,
            {"relation": relation, "certainty": certainty, "directed": directed, "weight": quotes},
        )
        for key, source, target, relation, certainty, directed, quotes in zip(
            edges.index, *(edges[column].tolist() for column in columns), strict=True
        )
    )
    return graph


def compute_layout(
    graph: nx.MultiDiGraph,
    name: str = DEFAULT_LAYOUT,
    seed: int = DEFAULT_SEED,
    room: Callable[[float, bool], Room] | None = None,
) -> Positions:
    """Return node positions in [-1, 1] for a named layout; the same input always gives the same output.

    Up to 200 actors, "force" is a stress layout (Kamada-Kawai, whose pairs of actors with many
    relations between them want more room); given ``room``, it and "kamada-kawai" then have
    their overlaps removed: each actor's ``room(share, phone)`` (its marker and its label, in px) is kept clear
    of every other's in a box of ``limits.LAYOUT_ROOM_PX`` px, the smallest desktop plot, and
    in a phone's plot ``limits.LAYOUT_PHONE_PX`` px wide. Above that,
    "force" is igraph's Fruchterman-Reingold, laid out one connected component at a time (the
    largest in the middle, the rest on rings around it), and "kamada-kawai" gives that same
    layout: networkx's springs would take minutes, and Kamada-Kawai is quadratic in actors.
    """
    if name not in LAYOUTS:
        raise ValueError(f"unknown layout {name!r}; expected one of {', '.join(LAYOUTS)}")
    if graph.number_of_nodes() == 0:
        return {}
    simple = _weighted_simple_graph(graph)
    order = sorted(graph.nodes, key=lambda n: (_kind_rank(graph, n), graph.nodes[n]["name"]))
    large = simple.number_of_nodes() > limits.LAYOUT_IGRAPH_ABOVE
    if name in ("force", "kamada-kawai") and large:
        positions = _components_force(simple, order, seed)
    elif name == "force":
        positions = _stress(graph, simple, order, seed)
    elif name == "kamada-kawai":
        positions = _kamada_kawai(simple, order)
    elif name == "shell":
        shells = [[n for n in order if graph.nodes[n]["kind"] == kind] for kind in ACTOR_KINDS]
        shells = [shell for shell in shells if shell]
        # States, the most numerous kind, go outside; the rest are rings inside them.
        shells.sort(key=len)
        positions = nx.shell_layout(simple, nlist=shells)
    else:
        positions = nx.circular_layout(order)
    if room is not None and not large and name in ("force", "kamada-kawai"):
        # As many labels as can be cleared, the biggest actors' first (see label_room): on
        # the desktop and, on the phone's narrower plot, for fewer of them. Not the shells
        # and the circle, whose shape is what they tell.
        return _clear_labels(positions, order, room)
    return _normalise({n: (float(x), float(y)) for n, (x, y) in positions.items()})


def neighbourhood(edges: pd.DataFrame, actor: str, steps: int) -> set[str]:
    """Return the actors at most ``steps`` relations away from ``actor`` (itself included).

    Direction does not matter: a relation links its two actors either way.

    >>> edges = pd.DataFrame({"source": ["a", "b", "c"], "target": ["b", "c", "d"]})
    >>> sorted(neighbourhood(edges, "a", 2))
    ['a', 'b', 'c']
    """
    links: dict[str, set[str]] = {}
    for source, target in zip(edges["source"], edges["target"], strict=True):
        links.setdefault(source, set()).add(target)
        links.setdefault(target, set()).add(source)
    reached, frontier = {actor}, {actor}
    for _ in range(steps):
        frontier = {n for a in frontier for n in links.get(a, ())} - reached
        reached |= frontier
    return reached


def _stress(graph: nx.MultiDiGraph, simple: nx.Graph, order: list[str], seed: int) -> dict:
    """Kamada-Kawai (a stress layout) in which a pair of actors wants to be as far apart as their
    relations need to fan out: 1 for one relation, 2 for seven. Weighted by quotes, hubs
    (Iran-Russia) would be pulled into one knot; unweighted, the seven Iran-Russia curves have no
    room to be told apart. The seed jitters the start."""
    lengths = nx.Graph()
    lengths.add_nodes_from(simple)
    for u, v in simple.edges():
        parallel = graph.number_of_edges(u, v) + (graph.number_of_edges(v, u) if u != v else 0)
        lengths.add_edge(u, v, length=1.0 + 0.5 * math.log2(max(parallel, 1)))
    jitter = random.Random(seed)
    start = {
        node: (x + jitter.uniform(-0.05, 0.05), y + jitter.uniform(-0.05, 0.05))
        for node, (x, y) in nx.circular_layout(order).items()
    }
    return nx.kamada_kawai_layout(lengths, pos=start, weight="length")


def _clear_labels(
    positions: dict, order: list[str], room: Callable[[float, bool], Room]
) -> Positions:
    """Overlap removal for as many labels as can be cleared, the biggest actors' first (see
    label_room): first on the desktop, with every marker apart on the phone too; then, keeping
    those, on the phone, for as many of them as still clear."""
    phone = limits.LAYOUT_ROOM_PX[0] / limits.LAYOUT_PHONE_PX
    markers = (room(0.0, True), phone)
    # markers alone first: where they do not clear, no label will (and each try that fails
    # takes every round: seconds at 200 actors)
    cleared, clear = _clear(positions, order, [(room(0.0, False), 1.0), markers])
    if not clear:
        return cleared
    kept = 0.0
    for share in LABEL_SHARES:
        cleared, clear = _clear(positions, order, [(room(share, False), 1.0), markers])
        if clear:
            kept = share
            break
    if not clear or not kept:
        return cleared
    desktop = (room(kept, False), 1.0)
    for share in LABEL_SHARES:
        if not share:
            break
        more, clear = _clear(positions, order, [desktop, (room(share, True), phone)])
        if clear:
            return more
    return cleared


def _clear(
    positions: dict, order: list[str], rooms: list[tuple[Room, float]]
) -> tuple[Positions, bool]:
    """Overlap removal (after Gephi's Noverlap) with each actor's room, its marker and label.

    The picture is made for a box of ``limits.LAYOUT_ROOM_PX`` px (the smallest desktop plot):
    the layout is stretched to fill it (Graphviz's ``ratio=fill``), then the rooms that overlap
    are pushed apart along the axis where they overlap least, and kept inside the box, until none
    overlaps or the rounds run out. ``rooms`` are the rooms of each plot the picture must hold,
    with the box's px to one of that plot's: 1 for the desktop, more for the phone's narrower
    plot, where the same label takes more of the picture. Returns positions in units of half
    the box's width, its centre at (0, 0), and whether every room is clear.
    """
    half_box = np.array(limits.LAYOUT_ROOM_PX, dtype=float) / 2
    unit = half_box[0]
    n = len(order)
    # per plot: left-below and right-above of each actor's room about its centre, in box px,
    # with half the gap on each side
    sets = []
    for room, scale in rooms:
        boxes = np.array([room[node] for node in order], dtype=float) * scale
        half_gap = limits.LAYOUT_GAP_PX * scale / 2
        low = np.column_stack([-boxes[:, 0], -boxes[:, 2]]) - half_gap
        high = np.column_stack([boxes[:, 1], boxes[:, 3]]) + half_gap
        sets.append((low, high, 0.5 * scale))  # half a px of the plot: its rounding
    lowest = np.minimum.reduce([low for low, _, _ in sets])
    highest = np.maximum.reduce([high for _, high, _ in sets])
    floor, ceiling = -half_box - lowest, half_box - highest  # where each centre may go
    upper = np.triu(np.ones((n, n), dtype=bool), 1)
    side_sign = np.where(np.arange(n)[:, None] < np.arange(n)[None, :], 1.0, -1.0)

    points = np.array([positions[node] for node in order], dtype=float)
    points -= (points.max(axis=0) + points.min(axis=0)) / 2
    span = points.max(axis=0) - points.min(axis=0)
    room_span = np.maximum(ceiling - floor, 0)
    points = points * np.where(span > 0, room_span / np.where(span > 0, span, 1), 0)
    points = np.clip(points, floor, ceiling)
    clear = False
    for _ in range(limits.LAYOUT_CLEAR_ROUNDS):
        move = np.zeros_like(points)
        hits = False
        for low, high, slack in sets:
            left, right = points + low, points + high
            ox = np.minimum(right[:, None, 0], right[None, :, 0]) - np.maximum(
                left[:, None, 0], left[None, :, 0]
            )
            oy = np.minimum(right[:, None, 1], right[None, :, 1]) - np.maximum(
                left[:, None, 1], left[None, :, 1]
            )
            hit = (ox > slack) & (oy > slack) & upper
            if not hit.any():
                continue
            hits = True
            i, j = np.nonzero(hit)
            dx = points[j, 0] - points[i, 0]
            dy = points[j, 1] - points[i, 1]
            along_x = ox[i, j] <= oy[i, j]
            amount = np.where(along_x, ox[i, j], oy[i, j]) / 2 + 0.25
            sign = np.where(along_x, np.sign(dx), np.sign(dy))
            sign = np.where(sign == 0, side_sign[i, j], sign)
            step = np.column_stack(
                [np.where(along_x, amount * sign, 0), np.where(along_x, 0, amount * sign)]
            )
            np.add.at(move, j, step)
            np.add.at(move, i, -step)
        if not hits:
            clear = True
            break
        points = np.clip(points + move, floor, ceiling)
    cleared = {
        node: (float(x) / unit, float(y) / unit) for node, (x, y) in zip(order, points, strict=True)
    }
    return cleared, clear


def _kamada_kawai(simple: nx.Graph, order: list[str]) -> dict:
    return nx.kamada_kawai_layout(simple, pos=nx.circular_layout(order))


def _components_force(simple: nx.Graph, order: list[str], seed: int) -> dict:
    """igraph's Fruchterman-Reingold, one connected component at a time, packed around the largest.

    Laid out together, components drift apart: isolated actors keep their random start far from
    the rest and the picture shrinks to a dot. So the largest component goes in the middle and
    the others on rings around it, largest first, as networkx's springs leave them, drawn to the
    scale of the room each actor has in the largest.
    """
    index = {node: number for number, node in enumerate(order)}
    ends = sorted({tuple(sorted((index[u], index[v]))) for u, v in simple.edges()})
    whole = igraph.Graph(n=len(order), edges=ends)
    components = sorted(whole.connected_components(), key=lambda members: (-len(members), members))
    with _IGRAPH_RANDOM:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            pieces = [_fruchterman_reingold(whole, members) for members in components]
        finally:
            igraph.set_random_number_generator(random)  # igraph's default: the random module
    # The room an actor of the largest component has is the unit of the others and of the gaps:
    # an edge of igraph's layout is about 1 long, but a large component packs its actors closer.
    largest = pieces[0]
    unit = math.sqrt(math.pi * _radius(largest) ** 2 / len(largest)) if len(largest) > 2 else 1.0
    unit = unit or 1.0
    pieces = [largest, *(piece * unit for piece in pieces[1:])]
    radii = [_radius(piece) + unit / 2 for piece in pieces]
    # Around the largest, the widest first: each ring's first disc is its widest.
    around = sorted(range(1, len(pieces)), key=lambda number: (-radii[number], number))
    placed = [0, *around]
    centres = _rings([radii[number] for number in placed], unit)
    positions = {}
    for number, centre in zip(placed, centres, strict=True):
        for member, point in zip(components[number], pieces[number] + centre, strict=True):
            positions[order[member]] = (float(point[0]), float(point[1]))
    return positions


def _fruchterman_reingold(whole: igraph.Graph, members: list[int]) -> np.ndarray:
    """Lay out one component, centred on (0, 0); an edge is about 1 long."""
    if len(members) == 1:
        return np.zeros((1, 2))
    if len(members) == 2:
        return np.array([[-0.5, 0.0], [0.5, 0.0]])
    part = whole.induced_subgraph(members)  # keeps the members' order
    coords = np.array(
        part.layout_fruchterman_reingold(grid=len(members) >= limits.LAYOUT_GRID_FROM).coords
    )
    return coords - (coords.max(axis=0) + coords.min(axis=0)) / 2


def _radius(piece: np.ndarray) -> float:
    return float(np.hypot(piece[:, 0], piece[:, 1]).max())


def _rings(radii: list[float], gap: float) -> np.ndarray:
    """Centres for discs, ``gap`` apart: the first at (0, 0), the rest on rings around it.

    The discs after the first come widest first. Each takes the angle within which its
    neighbours stay clear of it; a ring holds as many as fit, spread evenly around it.
    """
    centres = np.zeros((len(radii), 2))
    inner, start = radii[0], 1
    while start < len(radii):
        width = radii[start]  # the ring's widest disc
        ring = inner + gap + width
        angles = [2 * math.asin(min((radius + gap / 2) / ring, 1.0)) for radius in radii[start:]]
        end = start + max(1, int(np.searchsorted(np.cumsum(angles), 2 * math.pi, "right")))
        spans = np.array(angles[: end - start])
        middles = 2 * math.pi * (np.cumsum(spans) - spans / 2) / spans.sum()
        centres[start:end] = ring * np.column_stack([np.cos(middles), np.sin(middles)])
        inner, start = ring + width, end
    return centres


def _weighted_simple_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Collapse the multigraph to an undirected graph whose weights count quotes; isolates kept."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes)
    for u, v, weight in graph.edges(data="weight"):
        previous = simple.get_edge_data(u, v, {"weight": 0})["weight"]
        simple.add_edge(u, v, weight=previous + weight)
    return simple


def _kind_rank(graph: nx.MultiDiGraph, node: str) -> int:
    return list(ACTOR_KINDS).index(graph.nodes[node]["kind"])


def _normalise(positions: Positions) -> Positions:
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    half = max(max(xs) - min(xs), max(ys) - min(ys)) / 2 or 1.0
    return {n: ((x - cx) / half, (y - cy) / half) for n, (x, y) in positions.items()}


@dataclass(eq=False)  # one model is one thing: compared and hashed by identity
class NetworkModel:
    """Everything the page needs, derived once from a dataset (see ``from_dataset``)."""

    dataset: Dataset
    edges: pd.DataFrame
    graph: nx.MultiDiGraph
    actor_quotes: pd.Series  # distinct quotes that involve each actor
    actor_edges: pd.Series  # edges that touch each actor
    degree: pd.Series  # distinct counterparts of each actor
    actor_position: dict[str, int]  # each actor's place in ``dataset.actors``
    edge_position: dict[str, int]  # each edge's place in ``edges``
    edge_source: np.ndarray  # int: the actor position of each edge's source, in edge order
    edge_target: np.ndarray  # int: the same for its target
    edge_articles: np.ndarray  # bool, edges x articles: a quote of the article supports the edge
    row_edge: dict  # each triple's index label -> the id of its edge
    triple_edge: np.ndarray  # int: each triple's edge, as a position in edges, in triple order
    actor_edge_rows: dict[str, list[int]]  # each actor's edges, as ascending positions in edges
    sentence_rows: dict[tuple[str, int], list]  # each cited (article, sentence) -> its triples
    actors_by_name: pd.DataFrame  # dataset.actors sorted by name, for the search box
    seed: int = DEFAULT_SEED
    _layouts: dict[str, Positions] = field(default_factory=dict, repr=False)
    _betweenness: pd.Series | None = field(default=None, repr=False)
    _place: Placer | None = field(default=None, repr=False)

    @classmethod
    def from_dataset(
        cls, dataset: Dataset, seed: int = DEFAULT_SEED, place: Placer | None = None
    ) -> NetworkModel:
        """``place(model, layout)``, if given, lays a layout out instead of ``compute_layout``
        where it returns positions (of every actor): curate mode keeps the actors where the
        model before the change had them (``dashboard.curate.placement``)."""
        edges = edge_table(dataset)
        graph = build_graph(dataset, edges)
        triples, actors = dataset.triples, dataset.actors
        involved = pd.concat(
            [
                triples[["source", "quote"]].set_axis(["actor", "quote"], axis=1),
                triples[["target", "quote"]].set_axis(["actor", "quote"], axis=1),
            ]
        )
        actor_quotes = (
            involved.drop_duplicates().groupby("actor").size().reindex(actors.index, fill_value=0)
        )
        touching = pd.concat([edges["source"], edges["target"]])
        actor_edges = touching.value_counts().reindex(actors.index, fill_value=0)
        actor_position = {a: i for i, a in enumerate(actors.index)}
        sources, targets = edges["source"].tolist(), edges["target"].tolist()
        model = cls(
            dataset=dataset,
            edges=edges,
            graph=graph,
            actor_quotes=actor_quotes,
            actor_edges=actor_edges,
            degree=_degree(graph, actors.index),
            actor_position=actor_position,
            edge_position={key: i for i, key in enumerate(edges.index)},
            edge_source=np.array([actor_position[a] for a in sources], dtype=np.int64),
            edge_target=np.array([actor_position[a] for a in targets], dtype=np.int64),
            edge_articles=_edge_articles(dataset, edges),
            row_edge={row: key for key, rows in edges["rows"].items() for row in rows},
            triple_edge=_triple_edges(triples, edges),
            actor_edge_rows=_edge_rows(sources, targets),
            sentence_rows=_sentence_rows(triples),
            actors_by_name=actors.sort_values("name"),
            seed=seed,
            _place=place,
        )
        model.positions(DEFAULT_LAYOUT)
        return model

    def positions(self, layout: str = DEFAULT_LAYOUT) -> Positions:
        """Return (and keep) the positions of a layout; unknown names raise ValueError.

        The default layout is computed when the model is made; the others, seconds each at
        10,000 actors, when first asked for.
        """
        if layout not in self._layouts:
            placed = None if self._place is None else self._place(self, layout)
            if placed is None:
                room = self.room if layout in ("force", "kamada-kawai") else None
                placed = compute_layout(self.graph, layout, self.seed, room)
            self._layouts[layout] = placed
        return self._layouts[layout]

    def laid_out(self) -> dict[str, Positions]:
        """The layouts laid out so far, by name (curate places a changed model's actors by them)."""
        return dict(self._layouts)

    def room(self, share: float = math.inf, phone: bool = False) -> Room:
        """Each actor's room in the picture, in px: its label above its marker (see
        ``label_room``), in the desktop's plot or the phone's."""
        return label_room(self.dataset, [self.actor_quotes, self.degree], share, plot_box(phone))

    def measure(self, name: str) -> pd.Series:
        """Return a per-actor measure: ``quotes``, ``degree`` (distinct counterparts) or
        ``betweenness`` (of the undirected graph; sampled above limits.BETWEENNESS_SAMPLE
        actors, seeded; computed when first asked for: ~30 s at 10,000 actors)."""
        if name == "quotes":
            return self.actor_quotes
        if name == "degree":
            return self.degree
        if name == "betweenness":
            if self._betweenness is None:
                self._betweenness = _betweenness(self.graph, self.dataset.actors.index, self.seed)
            return self._betweenness
        raise ValueError(f"unknown measure {name!r}; expected quotes, degree or betweenness")

    def edge_of(self, row) -> str:
        """Return the id of the edge a triple (by its index label) belongs to."""
        return self.row_edge[row]

    def edges_of(self, actor_id: str) -> pd.DataFrame:
        """Return the edges that touch an actor, in the order of ``edges``."""
        return self.edges.iloc[self.actor_edge_rows.get(actor_id, [])]


class ModelSource:
    """Where the callbacks and the page get the model: ``models.current``.

    ``create_app`` builds a fixed source; curate mode calls ``replace`` after each edit. A
    callback reads ``current`` once at its start, so one answer never mixes two models. The app
    reads nothing else of it: any object with a ``current`` property serves (curate mode may
    keep its own, that builds the model from its store on demand).
    """

    def __init__(self, model: NetworkModel) -> None:
        self._model = model

    @property
    def current(self) -> NetworkModel:
        return self._model

    def replace(self, model: NetworkModel) -> None:
        """Serve ``model`` from the next request on (an attribute write: atomic in CPython)."""
        self._model = model


def plot_box(phone: bool = False) -> tuple[float, float]:
    """The plot the force layout makes room in, width and height in px: the smallest desktop
    plot, or a phone's, as wide as ``limits.LAYOUT_PHONE_PX`` with the same shape."""
    width, height = limits.LAYOUT_ROOM_PX
    if not phone:
        return float(width), float(height)
    return float(limits.LAYOUT_PHONE_PX), limits.LAYOUT_PHONE_PX * height / width


def label_room(
    dataset: Dataset,
    measures: list[pd.Series],
    share: float = math.inf,
    box: tuple[float, float] | None = None,
) -> Room:
    """Each actor's room, in px: left, right, below and above its centre, for its marker (the
    largest any of ``measures`` draws) and its label above it, 12 px text with a 3 px halo.

    A character is taken as 7 px wide, a little more than the average of a sans-serif font at
    12 px, so that the label fits wherever it is drawn. Labels take room biggest actor first
    (by the first measure: the figure's default size),
    up to ``share`` of the plot ``box`` (px; the desktop's, by default) and all of it by default;
    the smaller actors beyond it get room for their marker only (the figure names them on
    hover), so that a dense network still has its markers apart.
    """
    from dashboard.figure.palette import node_label, node_sizes  # the figure imports graph

    width, height = plot_box() if box is None else box
    radius = np.max([node_sizes(m).to_numpy(float) for m in measures], axis=0) / 2
    actors = dataset.actors
    gap = limits.LAYOUT_GAP_PX
    # every marker takes its room; labels take what is left of the share, biggest actor first
    budget = share * width * height - float(((2 * radius + gap) ** 2).sum())
    room = {}
    # biggest first by the first measure (the figure's default size), then by the largest
    first = measures[0].to_numpy(float)
    for number in np.lexsort((-radius, -first)).tolist():
        actor, r = actors.index[number], float(radius[number])
        label = node_label(actors["name"].iat[number], actors["aliases"].iat[number])
        half = max(r, (LABEL_CHAR_PX * len(label) + 2 * LABEL_HALO_PX) / 2)
        above = r + LABEL_GAP_PX + LABEL_HEIGHT_PX
        area = (2 * half + gap) * (r + above + gap) - (2 * r + gap) ** 2
        if area <= budget:
            budget -= area
            room[actor] = (half, half, r, above)
        else:
            budget = 0.0  # the rest by size, none labelled: a smaller one must not jump in
            room[actor] = (r, r, r, r)
    return {actor: room[actor] for actor in actors.index}


# The shares of the plot that labels may take, tried in turn until overlap removal clears them
# all (on the desktop, then on the phone); a denser network clears at less, so fewer of its
# actors are labelled, the biggest.
LABEL_SHARES = (0.6, 0.55, 0.5, 0.45, 0.4, 0.35, 0.3, 0.25, 0.2, 0.1, 0.0)

# What a label takes, in px: see label_room; the figure draws labels to these measures.
LABEL_CHAR_PX = 7.0
LABEL_HALO_PX = 3.0
LABEL_HEIGHT_PX = 16.0  # 12 px text, its line height and the halo
LABEL_GAP_PX = 2.0  # between the marker and its label


def _edge_articles(dataset: Dataset, edges: pd.DataFrame) -> np.ndarray:
    """Edges x articles (in the order of ``dataset.datasets``): whether a quote of the article
    supports the edge."""
    articles = list(dataset.datasets)
    support = np.zeros((len(edges), len(articles)), dtype=bool)
    if len(edges):
        rows = edges["rows"].explode()
        position = np.repeat(np.arange(len(edges)), edges["rows"].map(len).to_numpy())
        code = pd.Categorical(dataset.triples["article"].loc[rows.to_numpy()], categories=articles)
        support[position, code.codes] = True
    return support


def _triple_edges(triples: pd.DataFrame, edges: pd.DataFrame) -> np.ndarray:
    """Each triple's edge, as a position in ``edges``, in the order of ``triples``."""
    found = np.zeros(len(triples), dtype=np.int64)
    if len(edges):
        place = pd.Series(np.arange(len(triples)), index=triples.index)
        rows = edges["rows"].explode().to_numpy()
        found[place[rows].to_numpy()] = np.repeat(
            np.arange(len(edges)), edges["rows"].map(len).to_numpy()
        )
    return found


def _edge_rows(sources: list[str], targets: list[str]) -> dict[str, list[int]]:
    """Each actor's edges as positions in ``edges``, ascending: edges_of without a scan."""
    rows: dict[str, list[int]] = {}
    for number, (source, target) in enumerate(zip(sources, targets, strict=True)):
        rows.setdefault(source, []).append(number)
        if target != source:
            rows.setdefault(target, []).append(number)
    return rows


def _sentence_rows(triples: pd.DataFrame) -> dict[tuple[str, int], list]:
    """Map each cited (article, sentence) to the triples (index labels) whose quote touches it."""
    cited: dict[tuple[str, int], list] = {}
    for row, article, first, last in zip(
        triples.index, triples["article"], triples["sentence"], triples["sentence_end"],
        strict=True,
    ):  # fmt: skip
        for number in range(first, last + 1):
            cited.setdefault((article, number), []).append(row)
    return cited


def _degree(graph: nx.MultiDiGraph, actors: pd.Index) -> pd.Series:
    simple = _weighted_simple_graph(graph)
    return pd.Series(dict(simple.degree()), dtype="float64").reindex(actors, fill_value=0)


def _betweenness(graph: nx.MultiDiGraph, actors: pd.Index, seed: int) -> pd.Series:
    simple = _weighted_simple_graph(graph)
    nodes = simple.number_of_nodes()
    sample = limits.BETWEENNESS_SAMPLE if nodes > limits.BETWEENNESS_SAMPLE else None
    values = nx.betweenness_centrality(simple, k=sample, seed=seed)
    return pd.Series(values, dtype="float64").reindex(actors, fill_value=0)
