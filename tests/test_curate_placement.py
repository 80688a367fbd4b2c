"""A change keeps every actor where it was, as the figure draws it; a new actor goes near its
counterparts without overlapping; "Lay out again" gives the picture ``run`` draws.

The oracle is the figure: the actors trace's x and y, read by actor id, before and after.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from dashboard import limits
from dashboard.curate.callbacks import CuratedModels
from dashboard.curate.edits import Actor, AddActor, AddTriple, Group, Triple
from dashboard.curate.placement import place_actors
from dashboard.curate.store import Store
from dashboard.dataset import FILES, load_dataset
from dashboard.figure import figure_dict
from dashboard.graph import LAYOUTS, NetworkModel
from dashboard.state import ViewState

QUOTE = "Iran and Russia signed a significant cooperation treaty on Friday at the Kremlin"


def actors_trace(model: NetworkModel, layout: str = "force") -> dict:
    (nodes,) = [t for t in figure_dict(model, ViewState(layout=layout))["data"]
                if t.get("name") == "actors"]  # fmt: skip
    return nodes


def labelled(model: NetworkModel) -> set[str]:
    """The actors the figure names on the picture (it draws a label only where it is clear of
    every other label and marker)."""
    nodes = actors_trace(model)
    return {a for a, text in zip(nodes["customdata"], nodes["text"], strict=True) if text}


def drawn(model: NetworkModel, layout: str = "force") -> dict[str, tuple[float, float, float]]:
    """Each actor's (x, y, marker size in px) as the figure draws it."""
    nodes = actors_trace(model, layout)
    sizes = nodes["marker"]["size"]
    sizes = sizes if isinstance(sizes, list) else [sizes] * len(nodes["x"])
    return {a: (x, y, s) for a, x, y, s in
            zip(nodes["customdata"], nodes["x"], nodes["y"], sizes, strict=True)}  # fmt: skip


def add_persia(store: Store, partner: str = "russia") -> None:
    """A new actor and a relation of it, as accepting one in adjudication makes them."""
    persia = Actor("persia", "Persia", "state")
    row = Triple("persia", "meets", partner, QUOTE)
    store.apply(Group((AddActor(persia), AddTriple(row))), store.version)


def where(points: dict) -> dict[str, tuple[float, float]]:
    return {a: (x, y) for a, (x, y, _) in points.items()}


def test_pl001_a_change_keeps_every_actor_where_the_figure_drew_it(seed_copy):
    store = Store.open(seed_copy)
    models = CuratedModels(store)
    before = where(drawn(models.current))
    store.apply(AddTriple(Triple("iran", "meets", "russia", QUOTE, "alleged")), store.version)
    assert where(drawn(models.current)) == before  # a new relation: nobody moves
    add_persia(store)
    after = where(drawn(models.current))
    assert set(after) == set(before) | {"persia"}
    assert {a: after[a] for a in before} == before  # exactly, not approximately
    # Laid out from scratch, the same data would move actors: what the placer prevents.
    fresh = where(drawn(NetworkModel.from_dataset(load_dataset(seed_copy))))
    assert any(fresh[a] != before[a] for a in before)


@pytest.mark.parametrize(("partner", "nearest"), [("asean", 2), ("tass", 2), ("china", None)])
def test_pl002_a_new_actor_is_near_its_counterpart_and_clear_of_every_marker(
    seed_copy, partner, nearest
):
    store = Store.open(seed_copy)
    models = CuratedModels(store)
    named = labelled(models.current)
    assert named == set(load_dataset(seed_copy).actors.index)  # the seed names every actor
    add_persia(store, partner)
    assert labelled(models.current) == named | {"persia"}  # no label lost to the newcomer
    points = drawn(models.current)
    unit = limits.LAYOUT_ROOM_PX[0] / 2  # px to a unit, at the size the layout makes room for
    px, py, ps = points.pop("persia")
    for actor, (x, y, size) in points.items():
        gap = np.hypot(x - px, y - py) * unit - (size + ps) / 2
        assert gap >= 0, f"persia's marker overlaps {actor}'s by {-gap:.1f} px"
    if nearest is not None:
        # asean and tass are at the picture's edge, with room beside them; china is in the
        # middle of the seed's tightly packed picture, where the nearest room is further off.
        order = sorted(points, key=lambda a: np.hypot(points[a][0] - px, points[a][1] - py))
        assert partner in order[:nearest]


def test_pl003_the_same_change_puts_the_new_actor_in_the_same_place(seed_copy, tmp_path):
    other = Path(shutil.copytree(seed_copy, tmp_path / "other"))
    spots = []
    for folder in (seed_copy, other):
        store = Store.open(folder)
        models = CuratedModels(store)
        drawn(models.current)  # the page was drawn before the change
        add_persia(store)
        spots.append(where(drawn(models.current))["persia"])
    assert spots[0] == spots[1]


def test_pl004_undo_and_redo_move_no_one(seed_copy):
    store = Store.open(seed_copy)
    models = CuratedModels(store)
    before = where(drawn(models.current))
    add_persia(store)
    added = where(drawn(models.current))
    store.undo(store.version)
    assert where(drawn(models.current)) == before
    store.redo(store.version)
    assert where(drawn(models.current)) == added  # the same place again: it is seeded


def test_pl005_every_layout_the_curator_looked_at_keeps_its_places(seed_copy):
    store = Store.open(seed_copy)
    models = CuratedModels(store)
    before = {layout: where(drawn(models.current, layout)) for layout in LAYOUTS}
    add_persia(store)
    for layout in LAYOUTS:
        after = where(drawn(models.current, layout))
        assert {a: after[a] for a in before[layout]} == before[layout], layout


def test_pl006_lay_out_again_draws_what_run_draws_and_writes_nothing(seed_copy):
    store = Store.open(seed_copy)
    models = CuratedModels(store)
    add_persia(store)
    files = {name: (seed_copy / name).read_bytes() for name in FILES}
    version, history = store.version, len(store.history)
    models.lay_out_again()
    fresh = NetworkModel.from_dataset(load_dataset(seed_copy))  # what `run` would serve
    assert where(drawn(models.current)) == where(drawn(fresh))
    assert {name: (seed_copy / name).read_bytes() for name in FILES} == files
    assert store.version == version and len(store.history) == history


def test_pl007_an_empty_dataset_grows_from_the_middle_without_overlaps(seed_copy):
    for name in ("triples.csv", "actors.csv"):
        path = seed_copy / name
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    meta = seed_copy / "dataset.toml"
    text = meta.read_text(encoding="utf-8")
    if "[[uncited]]" in text:
        meta.write_text(text[: text.index("[[uncited]]")], encoding="utf-8")
    store = Store.open(seed_copy)
    assert not store.problems
    models = CuratedModels(store)
    assert drawn(models.current) == {}
    store.apply(AddActor(Actor("iran", "Iran", "state")), store.version)
    assert where(drawn(models.current)) == {"iran": (0.0, 0.0)}
    for name in ("Russia", "China", "Ukraine"):
        store.apply(AddActor(Actor(name.lower(), name, "state")), store.version)
        store.apply(AddTriple(Triple("iran", "meets", name.lower(), QUOTE)), store.version)
    points = drawn(models.current)
    assert points["iran"][:2] == (0.0, 0.0)
    for name in ("russia", "china", "ukraine"):  # each beside iran: within 150 px
        assert np.hypot(*points[name][:2]) * limits.LAYOUT_ROOM_PX[0] / 2 < 150
    unit = limits.LAYOUT_ROOM_PX[0] / 2
    names = sorted(points)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            (ax, ay, asize), (bx, by, bsize) = points[a], points[b]
            assert np.hypot(ax - bx, ay - by) * unit >= (asize + bsize) / 2, (a, b)


def test_pl008_a_placer_given_to_the_model_lays_out_its_layouts(seed_copy):
    dataset = load_dataset(seed_copy)
    spots = {a: (float(n), 0.0) for n, a in enumerate(dataset.actors.index)}
    asked = []

    def place(model, layout):
        asked.append(layout)
        return spots if layout == "shell" else None

    model = NetworkModel.from_dataset(dataset, place=place)
    assert model.positions("shell") == spots
    assert model.positions("force") == NetworkModel.from_dataset(dataset).positions("force")
    assert asked == ["force", "shell"] and set(model.laid_out()) == {"force", "shell"}


def test_pl009_where_no_spot_is_clear_the_newcomer_stays_near_its_counterpart(seed_copy):
    # Every actor's room 2,000 px wide: the whole picture is one overlap, no spot is clear.
    store = Store.open(seed_copy)
    models = CuratedModels(store)
    before = models.current.positions()
    add_persia(store, "asean")
    model = NetworkModel.from_dataset(load_dataset(seed_copy))
    room = {a: (2000.0, 2000.0, 2000.0, 2000.0) for a in model.dataset.actors.index}
    room["persia"] = (10.0, 10.0, 10.0, 10.0)
    placed = place_actors(before, model, room)
    assert {a: placed[a] for a in before} == before
    ax, ay = before["asean"]
    far = np.hypot(placed["persia"][0] - ax, placed["persia"][1] - ay)
    # The first clear spot is 2,000 px (about 9 units) out; the picture is 2 units wide.
    assert far < 0.5
