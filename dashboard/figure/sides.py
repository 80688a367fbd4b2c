"""Comparing two curations: the marks of the relations only one curation has.

Each such relation is drawn over a wide band, with its side's letter (A or B) beside its middle;
a relation both curations have carries no mark. The letter says the side without colour; the
band's colour says it again. Only the small figure is marked: two curations of one article are
an article-sized network.
"""

from __future__ import annotations

from dashboard.comparison_view import SIDE_GLYPHS, edge_sides, union_of_model
from dashboard.figure.shared import Pick, numbers
from dashboard.figure.small import _polyline
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
        xs, ys, _ = _polyline(pick.geometry, members)
        bands.append(
            {
                "type": "scatter", "x": numbers(xs, False), "y": numbers(ys, False),
                "mode": "lines", "hoverinfo": "skip", "showlegend": False,
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
    data = list(figure["data"])
    # Bands under everything but the selection's glow; letters over the lines, under the actors.
    under = 1 if pick.edge is not None else 0
    actors = len(data) - 1
    data = [*data[:under], *bands, *data[under:actors], *glyphs, *data[actors:]]
    return {**figure, "data": data}
