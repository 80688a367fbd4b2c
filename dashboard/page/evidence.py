"""The right column: the evidence panel and its clear button."""

from __future__ import annotations

from dash import html

from dashboard import ids
from dashboard.graph import NetworkModel
from dashboard.page.markup import Markup, markup
from dashboard.panel import empty_panel


def evidence_column(model: NetworkModel) -> html.Aside:
    """The panel as first served: nothing selected."""
    return html.Aside(
        [
            html.Div(
                html.Button(
                    "Clear selection", id=ids.CLEAR_SELECTION, className="chip", n_clicks=0
                ),
                className="panel-tools",
            ),
            html.Div(
                empty_panel(model), id=ids.PANEL, className="panel", **{"aria-live": "polite"}
            ),
            type_warmup(),
        ],
        className="panel-column",
        **{"aria-label": "Evidence"},
    )


def type_warmup() -> Markup:
    """A word in each face, weight and size of a panel's relations and quotes (panel.js draws
    them with these classes), out of sight and out of the accessibility tree, so that the
    browser looks their fonts up as the page loads rather than in the frame that paints the
    first panel (assets/style.css, .type-warmup: laid out, so its fonts are looked up, but
    hidden, found by no search of the page and copied by no selection). Nothing in it takes
    the focus: a counterpart's name is a span here, in its button's font, and the link to the
    article is left out (set in the quote's metadata font). One component (``markup``), as Dash's wrapper
    around each of its components costs every change of the page's state some time."""
    word = "Aa"
    sentence = [
        html.Span(word, className="actor-link"),
        word,
        html.Span(word, className="badge badge-alleged"),
    ]
    quote = [word, html.Strong(word), html.Span([word, html.Code(word)], className="quote-meta")]
    sample = [
        html.H3(word, className="relation-heading"),
        html.H4(sentence, className="edge-sentence"),
        html.Ul(html.Li(quote), className="quotes"),
    ]
    return markup(html.Div(sample, className="type-warmup", **{"aria-hidden": "true"}))
