"""The figure's colours and sizes: relation types by polarity, actors by kind, lines by quotes.

Colour-blind-safe hues (Okabe-Ito and Paul Tol's sets), grouped so that cooperation reads cool,
conflict warm and standing relations muted; the line style tells the polarity without colour.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

POLARITY_DASH = {"cooperative": "solid", "conflictual": "dash", "neutral": "dot"}
POLARITY_LABEL = {"cooperative": "Cooperation", "conflictual": "Conflict", "neutral": "Neutral"}

_FAMILY_COLOURS = {
    "cooperative": [
        "#0072B2", "#009E73", "#56B4E9", "#117733", "#44AA99",
        "#332288", "#88CCEE", "#999933", "#4477AA",
    ],
    "conflictual": [
        "#D55E00", "#CC6677", "#882255", "#E69F00", "#AA3377",
        "#EE6677", "#CC79A7", "#AA4499", "#EE7733",
    ],
    "neutral": ["#555555", "#8C6D46", "#777777", "#6F4E7C", "#A0A0A0"],
}  # fmt: skip
KIND_COLOURS = {
    "state": "#56B4E9",
    "government": "#0072B2",
    "person": "#E69F00",
    "organisation": "#009E73",
    "bloc": "#CC79A7",
    "region": "#F0E442",
    "media": "#D55E00",
    "group": "#999999",
}


def relation_colours(relations: pd.DataFrame) -> dict[str, str]:
    """Give each relation type a colour from its polarity's family, in file order."""
    used: dict[str, int] = defaultdict(int)
    colours = {}
    for relation_id, polarity in relations["polarity"].items():
        family = _FAMILY_COLOURS[polarity]
        colours[relation_id] = family[used[polarity] % len(family)]
        used[polarity] += 1
    return colours


def line_width(quotes: int) -> float:
    """Return a line width that grows with the number of quotes behind an edge.

    >>> [line_width(n) for n in (1, 2, 3, 6)]
    [1.5, 2.5, 3.5, 5.0]
    """
    if quotes >= 5:
        return 5.0
    return {1: 1.5, 2: 2.5}.get(quotes, 3.5)


def node_label(name: str, aliases: tuple[str, ...], limit: int = 20) -> str:
    """Return the label drawn beside a node: the name, or its shortest alias if the name is long.

    >>> node_label("Association of Southeast Asian Nations", ("ASEAN",))
    'ASEAN'
    """
    if len(name) <= limit or not aliases:
        return name
    return min(aliases, key=len)


def node_sizes(measure: pd.Series, smallest: float = 14, span: float = 30) -> pd.Series:
    """Return marker diameters in pixels, growing with the square root of each actor's measure.

    >>> list(node_sizes(pd.Series([0, 1, 4])))
    [14.0, 29.0, 44.0]
    """
    most = float(measure.max()) if len(measure) else 0.0
    return smallest + span * (measure.clip(lower=0) / (most or 1.0)) ** 0.5
