"""Comparing two curations: the marks of the relations only one curation has.

Each such relation is drawn over a wide band, with its side's letter (A or B) beside its middle;
a relation both curations have carries no mark. The letter says the side without colour; the
band's colour says it again. Only the small figure is marked: two curations of one article are
an article-sized network.
"""

from __future__ import annotations

from dashboard.comparison_view import SIDE_GLYPHS, edge_sides, union_of_model
from dashboard.figure.shared import Pick, numbers
from dashboard.figure.small import _SHAPE, _path
from dashboard.graph import NetworkModel

SIDE_COLOURS = {"a": "rgba(31, 119, 180, 0.28)", "b": "rgba(230, 120, 0, 0.30)"}
GLYPH_COLOURS = {"a": "#1f5f99", "b": "#a35400"}


def with_side_marks(model: NetworkModel, pick: Pick, figure: dict) -> dict:
    """The figure with the sides of its drawn relations marked, for a union's model; any other
    figure as it is."""
    union = union_of_model(model)
    if union is None or not len(pick.drawn):
        return figure
    sides = edge_sides(model)[pick.drawn]
    bands, glyphs = [], []
    for side, glyph in SIDE_GLYPHS.items():
        members = pick.drawn[sides == side]
        if not len(members):
            continue
        bands.append(
            {
                **_SHAPE, "path": _path(pick.geometry, members.tolist()),
                "line": {"color": SIDE_COLOURS[side], "width": 10}, "name": f"only in {glyph}",
            }
        )  # fmt: skip
        geometry = pick.geometry
        glyphs.append(
            {
                "type": "scatter", "x": numbers(geometry.mx[members], False),
                "y": numbers(geometry.my[members], False), "mode": "text",
                "text": [glyph] * len(members), "textposition": "top right",
                "textfont": {"size": 13, "color": GLYPH_COLOURS[side], "weight": "bold"},
                "hoverinfo": "text",
                "hovertext": [f"Only in {union.side_name(side)}"] * len(members),
                "customdata": pick.static.edge_ids[members].tolist(),
                "showlegend": False, "name": f"only in {glyph}",
            }
        )  # fmt: skip
    # Bands under every line but the selection's glow (the lines are shapes: figure/small.py);
    # letters over the lines, under the actors.
    shapes = list(figure["layout"]["shapes"])
    under = 1 if pick.edge is not None else 0
    data = list(figure["data"])
    actors = len(data) - 1
    return {
        "data": [*data[:actors], *glyphs, *data[actors:]],
        "layout": {**figure["layout"], "shapes": [*shapes[:under], *bands, *shapes[under:]]},
    }
