"""The article beside the graph: its full text, every cited sentence marked by the polarity of
the relations it supports, each a link that shows those relations in the panel.

A sentence is named in the page's address by its anchor, ``#sentence-K-N``: the N-th sentence
of the K-th article (both from 1; articles in the order of ``dataset.datasets``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
from dash import html

from dashboard import limits
from dashboard.comparison_view import sentence_disagreement
from dashboard.filters import passing_triples, shown_articles
from dashboard.graph import NetworkModel

if TYPE_CHECKING:
    from dashboard.state import ViewState

# A sentence supporting more types than this shows this many marks (its title names them all).
SENTENCE_MARKS = 4
# The article's key lists the marked types' colours open when there are at most this many.
KEY_OPEN_UP_TO = 6
_ANCHOR = re.compile(r"#?sentence-([0-9]{1,6})-([0-9]{1,9})")


def sentence_anchor(model: NetworkModel, article: str, number: int) -> str:
    """Return the anchor (without "#") of a sentence, as the address and the page name it."""
    k = list(model.dataset.datasets).index(article) + 1
    return f"sentence-{k}-{number}"


def parse_anchor(model: NetworkModel, anchor) -> tuple[str, int] | None:
    """Return (article, sentence number) for an anchor such as "#sentence-1-12", or None if it
    names no sentence of the model's articles."""
    if not isinstance(anchor, str):
        return None
    match = _ANCHOR.fullmatch(anchor)
    if not match:
        return None
    articles = list(model.dataset.datasets)
    k, number = int(match[1]), int(match[2])
    if not 1 <= k <= len(articles):
        return None
    article = articles[k - 1]
    if number not in model.dataset.datasets[article].sentences.index:
        return None
    return article, number


def sentence_rows(model: NetworkModel) -> dict[tuple[str, int], list]:
    """Map each cited (article, sentence) to the triples (index labels) whose quote touches it."""
    return model.sentence_rows


def sentence_relations(model: NetworkModel, rows: list, passing: np.ndarray) -> list[str]:
    """The relation types of a sentence's quotes (``rows``, index labels) that pass the filters
    (``passing``: per triple, ``filters.passing_triples``), in the taxonomy's order (empty if
    none passes)."""
    triples = model.dataset.triples
    at = triples.index.get_indexer(rows)
    found = set(triples["relation"].to_numpy()[at[passing[at]]])
    return [r for r in model.dataset.relations.index if r in found]


def selected_rows(model: NetworkModel, state: ViewState) -> set:
    """The triples (index labels) about the view's selected actor or relation (empty if none)."""
    if state.edge is not None and state.edge in model.edges.index:
        return set(model.edges.at[state.edge, "rows"])
    if state.actor is not None and state.actor in model.dataset.actors.index:
        edges = model.edges_of(state.actor)
        return {row for rows in edges["rows"] for row in rows}
    return set()


def mark_style(colours: list[str]) -> dict:
    """A sentence's marks: one thin line per relation type it supports, stacked under the text
    in the types' colours (at most limits.SENTENCE_MARKS; the title names them all).

    >>> mark_style(["#111", "#222"])
    {'boxShadow': 'inset 0 -3px 0 #111, inset 0 -6px 0 #222'}
    """
    shown = colours[:SENTENCE_MARKS]
    return {
        "boxShadow": ", ".join(
            f"inset 0 -{3 * (i + 1)}px 0 {colour}" for i, colour in enumerate(shown)
        )
    }


def article_key(model: NetworkModel, types: list[str], about: str | None, count: int) -> html.Div:
    """What the article's marks mean: the relation types the shown sentences support, each in
    its colour, and, with an actor or a relation selected, which sentences are about it."""
    relations = model.dataset.relations
    colours = _colours(model)
    children = [
        html.P(
            "Each marked sentence is underlined once for every relation type it supports, in "
            "the type's colour (as in the relation types' list); point at a sentence to read "
            "their names, select it to read its relations.",
            className="article-key-text",
        ),
        html.Details(
            [
                html.Summary(f"The colours of the {counted(len(types), 'relation type')} marked"),
                html.Ul(
                    [
                        html.Li(
                            [
                                html.Span(
                                    className="mark-swatch", style={"background": colours[r]}
                                ),
                                relations.at[r, "label"],
                            ]
                        )
                        for r in types
                    ],
                    className="article-key-types",
                ),
            ],
            # A few types fit in a line; many would push the article down: one click away.
            open=len(types) <= KEY_OPEN_UP_TO,
            className="article-key-colours",
        ),
    ]
    if about is not None:
        children.append(
            html.P(
                [
                    html.Span(className="about-swatch"),
                    f"Highlighted: the {counted(count, 'sentence')} about {about}.",
                ],
                className="article-key-about",
            )
        )
    return html.Div(children, className="article-key", role="note", **{"aria-label": "Key"})


def _colours(model: NetworkModel) -> dict[str, str]:
    """Each relation type's colour, as the graph draws it."""
    # Imported here: the figure's package imports this module (for sentence anchors).
    from dashboard.figure.palette import relation_colours

    return relation_colours(model.dataset.relations)


def counted(n: int, noun: str) -> str:
    """``n`` and its noun, plural but for one: "1 quote", "3 quotes" (the panel's and the
    comparison's counts too)."""
    return f"{n} {noun}{'s' if n != 1 else ''}"


def article_view(
    model: NetworkModel, state: ViewState, marked: tuple[str, int] | None = None
) -> list:
    """The text of the articles the view shows, paragraph by paragraph, cited sentences as links
    marked by the polarity of the visible relations they support."""
    articles = shown_articles(model, state)
    parts = [(name, model.dataset.datasets[name]) for name in articles]
    if not parts:
        return [html.P("No article passes the filter.", className="panel-hint")]
    total = sum(len(d.sentences) for _, d in parts)
    children = []
    if total > limits.MAX_SENTENCES and len(parts) > 1:
        # Too long to show all at once: the article of the marked sentence, else the first.
        wanted = marked[0] if marked and marked[0] in articles else parts[0][0]
        left_out = [d.meta.get("title", name) for name, d in parts if name != wanted]
        parts = [(name, d) for name, d in parts if name == wanted]
        children.append(
            html.P(
                f"The ticked articles have {total:,} sentences together, too many to show at "
                f"once; not shown: {'; '.join(f'“{t}”' for t in left_out)}. Follow a quote's "
                "“show in article” link, or tick fewer articles, to read another.",
                className="panel-hint",
            )
        )
    about = selected_rows(model, state)
    marks = {"types": set(), "about": 0}
    # The article view follows the relation, article and side filters, not the focus.
    passing = passing_triples(model, state, focus=False)
    for name, dataset in parts:
        children.extend(_one_article(model, name, dataset, marked, about, passing, marks))
    types = [r for r in model.dataset.relations.index if r in marks["types"]]
    return [article_key(model, types, _selected_name(model, state), marks["about"]), *children]


def disagreement_mark(number: int, differs: tuple[str, ...]) -> html.Span:
    """The mark before a sentence where two compared curations disagree, saying on what."""
    return html.Span(
        "≠",
        className="disagree-mark",
        title=f"Sentence {number}: the curations disagree here: {'; '.join(differs)}",
        role="img",
        **{"aria-label": "the curations disagree here"},
    )


def _selected_name(model: NetworkModel, state: ViewState) -> str | None:
    """How the key names the selected actor or relation (None: nothing selected)."""
    if state.edge is not None and state.edge in model.edges.index:
        edge = model.edges.loc[state.edge]
        names = model.dataset.actors["name"]
        label = model.dataset.relations.at[edge["relation"], "label"]
        return f"{names[edge['source']]} {label} {names[edge['target']]}"
    if state.actor is not None and state.actor in model.dataset.actors.index:
        return model.dataset.actors.at[state.actor, "name"]
    return None


def _one_article(model, name, dataset, marked, about: set, passing, marks: dict) -> list:
    """One article's text, each sentence marked by the relation types of its quotes that pass
    the filters (``passing``, per triple); ``marks`` gathers the relation types marked and the
    sentences about the selection, for the key."""
    cited = sentence_rows(model)
    relations = model.dataset.relations
    colours = _colours(model)
    sentences = dataset.sentences
    first, last = 1, len(sentences)
    if len(sentences) > limits.MAX_SENTENCES:
        centre = marked[1] if marked and marked[0] == name else 1
        first = max(
            1, min(centre - limits.MAX_SENTENCES // 2, len(sentences) - limits.MAX_SENTENCES + 1)
        )
        last = first + limits.MAX_SENTENCES - 1
    heading = []
    if len(model.dataset.datasets) > 1:
        meta = dataset.meta
        byline = " · ".join(str(p) for p in (meta.get("publisher"), meta.get("published")) if p)
        heading = [
            html.H3(meta.get("title", name), className="article-title"),
            html.P(byline, className="byline"),
        ]
    notes = []
    if (first, last) != (1, len(sentences)):
        notes.append(
            html.P(
                f"Sentences {first:,}–{last:,} of {len(sentences):,}: select a sentence from the "
                "panel's quotes to show the part around it.",
                className="panel-hint",
            )
        )
    paragraphs: list = []
    current: list = []
    text = dataset.article
    cursor = sentences.at[first, "start"]
    for number in range(first, last + 1):
        start, end = sentences.at[number, "start"], sentences.at[number, "end"]
        between = text[cursor:start]
        if "\n" in between:  # a paragraph ends here
            if current:
                paragraphs.append(html.P(current, className="article-paragraph"))
            current = []
        elif between:
            current.append(between)
        rows = cited.get((name, number))
        types = sentence_relations(model, rows, passing) if rows else []
        anchor = sentence_anchor(model, name, number)
        is_marked = marked == (name, number)
        differs = sentence_disagreement(model, number)
        if differs:  # comparing two curations: they disagree here
            current.append(disagreement_mark(number, differs))
        if not types and is_marked:
            current.append(html.Span(text[start:end], id=anchor, className="sentence-marked"))
        elif not types:
            current.append(text[start:end])
        else:
            marks["types"].update(types)
            is_about = bool(about) and not about.isdisjoint(rows)
            marks["about"] += is_about
            names = ", ".join(relations.at[r, "label"] for r in types)
            current.append(
                html.A(
                    text[start:end],
                    href=f"#{anchor}",
                    id=anchor,
                    className="sentence"
                    + (" sentence-about" if is_about else "")
                    + (" sentence-marked" if is_marked else "")
                    + (" sentence-disagree" if differs else ""),
                    style=mark_style([colours[r] for r in types]),
                    title=f"Sentence {number} supports: {names}. Select it to show them."
                    + (f" The curations disagree here: {'; '.join(differs)}" if differs else ""),
                )
            )
        cursor = end
    if current:
        paragraphs.append(html.P(current, className="article-paragraph"))
    # The page's own words are English (<html lang="en">); the article's are in its language.
    language = dataset.meta.get("language") or None
    return [*heading, *notes, html.Div(paragraphs, className="article-text", lang=language)]
