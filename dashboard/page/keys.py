"""The graph's key: what the colours of the actors and the styles of the lines mean, where the
reader looks first: at the top of the filters column on a wide screen (so the graph keeps its
height), above the graph on a narrow one, where the filters come last (the CSS shows one of the
two; the article's key is article_view's)."""

from __future__ import annotations

from dash import html

from dashboard.figure import KIND_COLOURS, POLARITY_DASH, POLARITY_LABEL
from dashboard.graph import NetworkModel
from dashboard.page.markup import Markup, markup
from dashboard.page.parts import line_swatch


def keys(model: NetworkModel, where: str) -> Markup:
    """The actor kinds and the relation styles this dataset has; ``where`` is "wide" or
    "narrow", the screens it is shown on. Drawn as one component (``markup``)."""
    dataset = model.dataset
    polarities = [p for p in POLARITY_LABEL if p in set(dataset.relations["polarity"])]
    kinds = [k for k in KIND_COLOURS if k in set(dataset.actors["kind"])]
    return markup(
        html.Div(
            [
                html.H2("Key", className="section-title", id=f"graph-key-title-{where}"),
                html.Ul(
                    [
                        html.Li(
                            [
                                html.Span(
                                    className="dot", style={"backgroundColor": KIND_COLOURS[k]}
                                ),
                                k,
                            ]
                        )
                        for k in kinds
                    ],
                    className="key",
                ),
                html.Ul(
                    [
                        *[
                            html.Li(
                                [line_swatch(POLARITY_DASH[p], "#444"), POLARITY_LABEL[p].lower()]
                            )
                            for p in polarities
                        ],
                        html.Li(
                            [
                                html.Span("▲", className="key-glyph"),
                                "direction of a directed relation",
                            ]
                        ),
                        html.Li(
                            [
                                html.Span("△", className="key-glyph"),
                                "faint line, hollow mark: alleged",
                            ]
                        ),
                        html.Li(
                            [html.Span("━", className="key-glyph"), "thicker line: more quotes"]
                        ),
                    ],
                    className="key",
                ),
            ],
            className=f"graph-key graph-key-{where}",
            role="group",
            **{"aria-labelledby": f"graph-key-title-{where}"},
        )
    )
