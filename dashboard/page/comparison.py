"""The comparison block of the filters column: which two curations are compared, how far they
agree, the key to the figure's marks and the filter by side.

Every page has the side filter (``state.CONTROLS`` names it, so every callback can); a page
that compares nothing keeps it hidden.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard import ids
from dashboard.article_view import counted
from dashboard.compare import Agreement
from dashboard.comparison_view import SIDE_GLYPHS, SIDES, Union, edge_sides, union_of_model
from dashboard.graph import NetworkModel
from dashboard.page.parts import group


def comparison_block(model: NetworkModel, value: list[str]) -> html.Div:
    """The block for a model of two curations, or the hidden side filter alone."""
    union = union_of_model(model)
    if union is None:
        return html.Div(
            # No options: nothing to show, nothing a reader (or a test) could meet as a choice.
            dcc.Checklist(id=ids.SIDE_FILTER, options=[], value=value),
            id=ids.COMPARISON_BLOCK,
            hidden=True,
        )
    counts = {side: 0 for side in SIDES}
    for side in edge_sides(model):
        counts[side] += 1
    options = [
        {
            "label": html.Span(
                [side_glyph(side), f"{side_label(union, side)} ({counts[side]})"],
                className="side-option",
            ),
            "value": side,
        }
        for side in SIDES
    ]
    return html.Div(
        [
            *group(
                "Comparing two curations",
                html.P(
                    [
                        html.Strong("A"),
                        f" {union.a.name} (the reference) and ",
                        html.Strong("B"),
                        f" {union.b.name}",
                    ],
                    className="comparison-names",
                ),
                agreement_summary(union),
                html.P(
                    "A relation only one curation has is drawn over a band with its letter "
                    "(A or B) beside it; one both have has no mark. Sentences where they "
                    "disagree are marked ≠ in the article.",
                    className="comparison-hint",
                ),
                dcc.Checklist(
                    id=ids.SIDE_FILTER,
                    options=options,
                    value=value,
                    className="side-filter",
                    labelClassName="side-filter-item",
                ),
                title_id="group-comparison",
            ),
        ],
        id=ids.COMPARISON_BLOCK,
        className="comparison-block",
    )


def side_label(union: Union, side: str) -> str:
    """How the filter and the legend name a side."""
    if side == "both":
        return "In both"
    return f"Only in {union.side_name(side)}"


def side_glyph(side: str) -> html.Span:
    """The mark of a side, as the figure draws it: its letter on its band; none for both."""
    if side not in SIDE_GLYPHS:
        return html.Span("=", className="side-glyph side-glyph-both", **{"aria-hidden": "true"})
    return html.Span(
        SIDE_GLYPHS[side], className=f"side-glyph side-glyph-{side}", **{"aria-hidden": "true"}
    )


def agreement_summary(union: Union) -> html.Table:
    """Relations and evidence: how many each has, both have, and B's precision, recall, F1."""
    c = union.comparison
    rows = [_agreement_row("Relations", c.relations), _agreement_row("Evidence", c.evidence)]
    details = [
        f"{len(c.matched_actors)} actors matched",
        f"{len(c.only_a_actors)} only in A",
        f"{len(c.only_b_actors)} only in B",
        counted(len(c.certainty_disagreements), "certainty disagreement"),
    ]
    r = c.relations
    figures = f"B against A: precision {_share(r.precision)}, recall {_share(r.recall)} (relations)"
    return html.Div(
        [
            html.Table(
                [
                    html.Thead(
                        html.Tr([html.Th(h, scope="col") for h in ("", "A", "B", "both", "F1")])
                    ),
                    html.Tbody(rows),
                ],
                className="agreement-table",
            ),
            html.P(figures, className="agreement-details"),
            html.P(" · ".join(details), className="agreement-details"),
        ],
        className="agreement-summary",
    )


def _agreement_row(label: str, agreement: Agreement) -> html.Tr:
    return html.Tr(
        [
            html.Th(label, scope="row"),
            html.Td(str(agreement.a)),
            html.Td(str(agreement.b)),
            html.Td(str(agreement.both)),
            html.Td(
                "–" if agreement.f1 is None else f"{agreement.f1:.2f}",
                title=(
                    f"precision {_share(agreement.precision)}, recall {_share(agreement.recall)}"
                ),
            ),
        ]
    )


def _share(value: float | None) -> str:
    return "undefined" if value is None else f"{value:.0%}"
