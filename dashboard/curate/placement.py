"""Where a changed model's actors go: every actor where it was, a new one near its counterparts.

After each change curate builds a new model of the dataset. Laid out from scratch, every actor
could move, and the curator would lose the ones they were looking at. So the new model is given
a placer (``keep_places``): for each layout the model before the change had laid out, the actors
it had stay exactly where they were; an actor it did not have goes to the nearest spot around
its counterparts (or the middle of the picture, if it has none yet) where its marker and label
overlap no other actor's, seeded so that the same change always puts it in the same place. The
"Lay out again" button builds the model without a placer: the picture ``run`` would draw.

Positions are in the layout's units, and an actor's room (``NetworkModel.room``: its marker and
label, in px) is measured at ``limits.LAYOUT_ROOM_PX[0] / 2`` px to the unit, as the figure does.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping

import numpy as np

from dashboard import limits
from dashboard.graph import NetworkModel, Placer, Positions, Room

__all__ = ["keep_places", "place_actors"]

# The rings of spots tried around a new actor's counterparts, half its box apart, each with at
# least RING_SPOTS spots. A clear spot inside the picture is preferred to one outside it (that
# would widen the picture, and shrink everyone on the screen) if it is at most INSIDE_RINGS
# rings further out.
INSIDE_RINGS = 2
RING_SPOTS = 8
# Beyond this many rings the least crowded spot seen is taken: in a picture of thousands of
# actors there may be no clear spot near the counterparts, and one far off would say nothing
# of them (the seed's rings reach across its whole picture well before this).
MAX_RINGS = 12


def keep_places(previous: Mapping[str, Positions]) -> Placer:
    """A placer for ``NetworkModel.from_dataset``: a layout laid out before keeps its actors'
    places (``place_actors``); another is computed as usual."""
    kept = dict(previous)

    def place(model: NetworkModel, layout: str) -> Positions | None:
        if layout not in kept:
            return None
        # Up to limits.LAYOUT_IGRAPH_ABOVE actors the layout keeps labels clear, so a new actor
        # keeps its label clear too; above, it draws markers only, often overlapping, so only
        # the marker counts (a label's room would send the newcomer out of the picture).
        small = len(model.dataset.actors) <= limits.LAYOUT_IGRAPH_ABOVE
        return place_actors(kept[layout], model, model.room() if small else model.room(0.0))

    return place


def place_actors(previous: Positions, model: NetworkModel, room: Room) -> Positions:
    """Every actor of ``model`` that ``previous`` places, where it was; each other one at the
    nearest clear spot around its counterparts (inside the picture, where one is nearly as near).

    >>> from dashboard.dataset import load_dataset
    >>> from dashboard.settings import SEEDS_DIR
    >>> model = NetworkModel.from_dataset(load_dataset(SEEDS_DIR / "iran-russia-treaty"))
    >>> old = {a: xy for a, xy in model.positions().items() if a != "iran"}
    >>> placed = place_actors(old, model, model.room())
    >>> all(placed[a] == old[a] for a in old), sorted(set(placed) - set(old))
    (True, ['iran'])
    """
    actors = list(model.dataset.actors.index)
    placed: dict[str, tuple[float, float]] = {a: previous[a] for a in actors if a in previous}
    waiting = [a for a in actors if a not in placed]
    if not waiting:
        return placed
    unit = limits.LAYOUT_ROOM_PX[0] / 2
    gap = limits.LAYOUT_GAP_PX / 2 / unit
    # left, right, below, above the centre, in units, with half the gap on each side
    box = {a: np.array(room[a], dtype=float) / unit + gap for a in actors}
    neighbours = _neighbours(model)
    while waiting:
        # The actor with the most counterparts in the picture first (then by id): its place
        # says the most.
        actor = min(waiting, key=lambda a: (-sum(n in placed for n in neighbours[a]), a))
        waiting.remove(actor)
        placed[actor] = _free_spot(actor, placed, box, neighbours[actor], model.seed)
    return {a: placed[a] for a in actors}


def _neighbours(model: NetworkModel) -> dict[str, set[str]]:
    links: dict[str, set[str]] = {a: set() for a in model.dataset.actors.index}
    for source, target in zip(model.edges["source"], model.edges["target"], strict=True):
        if source != target:
            links[source].add(target)
            links[target].add(source)
    return links


def _free_spot(actor, placed, box, counterparts, seed) -> tuple[float, float]:
    """The nearest spot to the middle of ``actor``'s placed counterparts whose box overlaps no
    placed actor's box, inside the picture (the boxes' extent) where one is nearly as near;
    within MAX_RINGS rings, else the spot there that overlaps the fewest."""
    if not placed:
        return (0.0, 0.0)
    names = list(placed)
    centres = np.array([placed[a] for a in names], dtype=float)
    boxes = np.array([box[a] for a in names])
    low = centres - boxes[:, [0, 2]]  # left, bottom edges
    high = centres + boxes[:, [1, 3]]  # right, top edges
    frame_low, frame_high = low.min(axis=0), high.max(axis=0)
    near = [placed[a] for a in sorted(counterparts) if a in placed]
    centre = np.mean(near, axis=0) if near else (frame_low + frame_high) / 2
    own = box[actor]
    step = max(own[0] + own[1], own[2] + own[3]) / 2
    turn = random.Random(f"{seed}:{actor}").uniform(0, 2 * math.pi)  # reproducible, not aligned
    # Only the boxes a spot's box could touch are compared: at 10,000 actors most are far.
    distance = np.hypot(*(centres - centre).T)
    widest = float(np.abs(boxes).max()) * 2 + float(np.abs(own).max()) * 2
    outside = None  # the first clear spot outside the picture, and its ring
    least = None  # the spot with the fewest overlaps yet, should no spot be clear
    ring = 0
    while True:
        radius = ring * step
        spots = 1 if ring == 0 else max(RING_SPOTS, round(2 * math.pi * ring))
        angles = turn + 2 * math.pi * np.arange(spots) / spots
        x = centre[0] + radius * np.cos(angles)
        y = centre[1] + radius * np.sin(angles)
        left, right, bottom, top = x - own[0], x + own[1], y - own[2], y + own[3]
        close = distance <= radius + widest
        hits = (
            (np.minimum(right[:, None], high[close, 0]) > np.maximum(left[:, None], low[close, 0]))
            & (
                np.minimum(top[:, None], high[close, 1])
                > np.maximum(bottom[:, None], low[close, 1])
            )
        ).sum(axis=1)
        inside = (
            (left >= frame_low[0]) & (right <= frame_high[0])
            & (bottom >= frame_low[1]) & (top <= frame_high[1])
        )  # fmt: skip
        good = np.flatnonzero((hits == 0) & inside)
        if len(good):
            return (float(x[good[0]]), float(y[good[0]]))
        clear = np.flatnonzero(hits == 0)
        if outside is None and len(clear):
            outside = (float(x[clear[0]]), float(y[clear[0]]), ring)
        if outside is not None and ring >= outside[2] + INSIDE_RINGS:
            return outside[:2]
        fewest = int(np.argmin(hits))
        if least is None or hits[fewest] < least[0]:
            least = (int(hits[fewest]), float(x[fewest]), float(y[fewest]))
        if ring >= MAX_RINGS:
            return outside[:2] if outside is not None else least[1:]
        ring += 1
