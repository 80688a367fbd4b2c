"""The header: the title, the byline and "How to read this graph"."""

from __future__ import annotations

from dash import html

from dashboard.graph import NetworkModel
from dashboard.page.markup import Markup, markup


def page_header(model: NetworkModel) -> html.Header:
    """The dataset's title and byline, and the help."""
    meta = model.dataset.meta
    byline = " · ".join(
        str(part) for part in (meta.get("publisher"), meta.get("published")) if part
    )
    return html.Header(
        [
            html.Div(
                [
                    html.H1(meta.get("title", model.dataset.name)),
                    html.P(byline, className="byline"),
                ],
                className="title-block",
            ),
            help_details(),
        ],
        className="page-header",
    )


def help_details() -> Markup:
    """How to read the graph, folded until opened; drawn as one component (``markup``)."""
    return markup(
        html.Details(
            [
                html.Summary("How to read this graph"),
                html.Ul(
                    [
                        html.Li(
                            "Each circle is an actor named in the article, sized by "
                            "how many quotes involve it and coloured by its kind."
                        ),
                        html.Li(
                            "Each line is a relation the article states between two "
                            "actors. Colour and line style give its type: solid for "
                            "cooperation, dashed for conflict, dotted for standing "
                            "relations such as membership."
                        ),
                        html.Li(
                            "A triangle on a line points from the actor who acts to "
                            "the one acted on; a faint line with a hollow mark is "
                            "alleged, not stated as fact."
                        ),
                        html.Li(
                            "Click an actor or a line to read, on the right, the "
                            "sentences that support it, word for word, with their "
                            "sentence numbers; “show in article” opens the "
                            "article at that sentence."
                        ),
                        html.Li(
                            "Article: every sentence the graph cites is underlined "
                            "once for each relation type it supports, in the type's "
                            "colour (point at it for their names); with an actor or "
                            "a relation selected, the sentences about it are "
                            "highlighted; click one to see its relations. Table: every quote that passes "
                            "the filters; sort, search, select a row."
                        ),
                        html.Li(
                            "By keyboard: Tab moves between the controls, the "
                            "marked sentences and the table; Enter or Space "
                            "chooses. The panel on the right says in words what "
                            "the graph draws."
                        ),
                    ],
                ),
            ],
            className="how-to",
        )
    )
