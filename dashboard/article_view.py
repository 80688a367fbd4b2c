"""The article beside the graph: its full text, every cited sentence marked by the polarity of
the relations it supports, each a link that shows those relations in the panel.

A sentence is named in the page's address by its anchor, ``#sentence-K-N``: the N-th sentence
of the K-th article (both from 1; articles in the order of ``dataset.datasets``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from dash import html

from dashboard import limits
from dashboard.filters import shown_articles, shows_article, shows_relation
from dashboard.graph import NetworkModel

if TYPE_CHECKING:
    from dashboard.state import ViewState

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


def sentence_polarity(model: NetworkModel, rows: list, state: ViewState) -> str | None:
    """The polarity a sentence is marked with: that of the visible relations it supports, "mixed"
    if they differ, None if it supports no visible relation."""
    triples = model.dataset.triples
    polarity = model.dataset.relations["polarity"]
    found = {
        polarity[triples.at[row, "relation"]]
        for row in rows
        if shows_relation(state, triples.at[row, "relation"])
        and shows_article(state, triples.at[row, "article"])
    }
    if not found:
        return None
    return found.pop() if len(found) == 1 else "mixed"


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
    for name, dataset in parts:
        children.extend(_one_article(model, name, dataset, state, marked))
    return children


def _one_article(model, name, dataset, state: ViewState, marked) -> list:
    cited = sentence_rows(model)
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
        polarity = sentence_polarity(model, rows, state) if rows else None
        anchor = sentence_anchor(model, name, number)
        is_marked = marked == (name, number)
        if polarity is None and is_marked:
            current.append(html.Span(text[start:end], id=anchor, className="sentence-marked"))
        elif polarity is None:
            current.append(text[start:end])
        else:
            current.append(
                html.A(
                    text[start:end],
                    href=f"#{anchor}",
                    id=anchor,
                    className=f"sentence sentence-{polarity}{' sentence-marked' if is_marked else ''}",
                    title=f"Sentence {number}: show the relations it supports",
                )
            )
        cursor = end
    if current:
        paragraphs.append(html.P(current, className="article-paragraph"))
    # The page's own words are English (<html lang="en">); the article's are in its language.
    language = dataset.meta.get("language") or None
    return [*heading, *notes, html.Div(paragraphs, className="article-text", lang=language)]
