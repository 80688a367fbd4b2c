"""The evidence panel: who an actor is and what the article says of it, quote by quote.

No string from the data is ever read as HTML: names and notes are text components, and quotes
are Markdown in which every punctuation mark from the data is escaped.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from dash import dcc, html

from dashboard import ids, limits
from dashboard.article_view import parse_anchor, sentence_anchor, sentence_rows
from dashboard.comparison_view import SIDE_GLYPHS, edge_side, union_of_model
from dashboard.figure import relation_colours
from dashboard.filters import article_rows, passing_edges, passing_triples, shows_relation
from dashboard.graph import NetworkModel
from dashboard.state import Selection, ViewState

# The characters dcc.Markdown's parser lets a backslash escape: all that can start Markdown syntax
# (emphasis, links, images, code, headings, lists, tables, block quotes). It shows the backslash
# before any other character, so those are left alone.
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_{}\[\]()#+\-.!|~>]")


def empty_panel(model: NetworkModel, state: ViewState | None = None) -> list:
    """What the panel says before anything is selected: how to start, and how much of the data
    passes the view's filters (all of it for the default view)."""
    dataset = model.dataset
    articles = dataset.datasets
    sentences = sum(len(d.sentences) for d in articles.values())
    whose = "the article's" if len(articles) == 1 else f"the {len(articles)} articles'"
    if dataset.triples.empty:
        return [
            html.H2("Evidence", className="panel-title", **{"data-selection": "none"}),
            html.P(
                f"No relations yet: {whose} {sentences} sentences are not coded. "
                "To code them, open the dataset in curate mode: python -m dashboard curate "
                "FOLDER, then select a passage of the article and say who does what to whom.",
                className="panel-hint",
            ),
        ]
    return [
        html.H2("Evidence", className="panel-title", **{"data-selection": "none"}),
        html.P(
            "Click an actor or a relation in the graph, a row of the table or a marked sentence "
            "of the article to read the sentences that support it, word for word.",
            className="panel-hint",
        ),
        html.P(shown_summary(model, state or ViewState()), className="panel-meta"),
    ]


def shown_summary(model: NetworkModel, state: ViewState) -> str:
    """Count what passes the view's filters: actors with a shown relation, relations, quotes and
    the sentences they cite; with filters, each against its total.

    >>> from dashboard.dataset import load_dataset
    >>> from dashboard.settings import SEEDS_DIR
    >>> model = NetworkModel.from_dataset(load_dataset(SEEDS_DIR / "iran-russia-treaty"))
    >>> print(shown_summary(model, ViewState(relations=("opposes",))))
    The filters show 10 of 22 actors, 15 of 60 relations and 28 of 132 supporting quotes, from 10 of the article's 51 sentences.
    """
    dataset = model.dataset
    articles = dataset.datasets
    sentences = sum(len(d.sentences) for d in articles.values())
    whose = "the article's" if len(articles) == 1 else f"the {len(articles)} articles'"
    edges = passing_edges(model, state, focus=False)
    triples = passing_triples(model, state)
    actors = np.zeros(len(dataset.actors), dtype=bool)
    actors[model.edge_source[edges]] = True
    actors[model.edge_target[edges]] = True
    everything = int(edges.sum()) == len(model.edges) and int(triples.sum()) == len(dataset.triples)
    if everything:
        return (
            f"{_count(len(dataset.actors), 'actor')}, {_count(len(model.edges), 'relation')}, "
            f"{len(dataset.triples)} supporting quotes from {len(sentence_rows(model))} of "
            f"{whose} {sentences} sentences."
        )
    shown = set(dataset.triples.index[triples])
    cited = sum(1 for rows in sentence_rows(model).values() if not shown.isdisjoint(rows))
    return (
        f"The filters show {int(actors.sum())} of {len(dataset.actors)} actors, "
        f"{int(edges.sum())} of {_count(len(model.edges), 'relation')} and "
        f"{int(triples.sum())} of {len(dataset.triples)} supporting quotes, from "
        f"{cited} of {whose} {sentences} sentences."
    )


def evidence_panel(model: NetworkModel, state: ViewState, selection: Selection) -> list:
    """The panel for a checked selection: an actor's, a relation's, a sentence's, or the empty
    panel; ``state`` gives the filters (its actor and edge are the selection's)."""
    if selection is None:
        return empty_panel(model, state)
    if selection["kind"] == "actor":
        return actor_panel(model, state)
    if selection["kind"] == "sentence":
        article, number = parse_anchor(model, selection["id"])
        return sentence_panel(model, article, number, state)
    return edge_panel(model, state)


def actor_panel(model: NetworkModel, state: ViewState) -> list:
    """Describe the view's actor and list its relations that pass the filters (not the focus),
    grouped by type, each with its quotes from the articles the view shows."""
    actor_id = state.actor
    actor = model.dataset.actors.loc[actor_id]
    edges = model.edges_of(actor_id)
    passing = passing_edges(model, state, focus=False)
    shown = edges[passing[model.actor_edge_rows.get(actor_id, [])]]
    hidden = len(edges) - len(shown)
    facts = [
        actor["kind"],
        _count(model.actor_quotes[actor_id], "quote"),
        _count(len(edges), "relation"),
    ]
    children = [
        html.H2(actor["name"], className="panel-title", **_selection_key("actor", actor_id)),
        html.P(" · ".join(facts), className="panel-meta"),
    ]
    if actor["description"]:
        children.append(html.P(actor["description"], className="panel-description"))
    if actor["aliases"]:
        children.append(
            html.P(["Also called: ", html.Span(", ".join(actor["aliases"]), className="aliases")],
                   className="panel-aliases")
        )  # fmt: skip
    if shown.empty:
        children.append(
            html.P("No relation of this actor passes the filter.", className="panel-hint")
        )
    listed = shown
    if len(shown) > limits.PANEL_RELATIONS:  # the most quoted (in the articles shown), in order
        quotes = shown["quotes"]
        if state.articles is not None:
            quotes = shown["rows"].map(lambda rows: len(article_rows(model, state, rows)))
        most = quotes.sort_values(ascending=False, kind="stable").index[: limits.PANEL_RELATIONS]
        listed = shown[shown.index.isin(most)]
    relations = model.dataset.relations
    colours = relation_colours(relations)
    for relation_id in [r for r in relations.index if r in set(listed["relation"])]:
        group = listed[listed["relation"] == relation_id]
        total = int((shown["relation"] == relation_id).sum())
        # Few components per relation: Dash draws each one separately, and a busy actor has
        # dozens of relations.
        label = relations.at[relation_id, "label"]
        count = f"{len(group)} of {total}" if len(group) < total else f"{total}"
        children.append(
            html.H3(
                f"{label} ({count})",
                className="relation-heading",
                style={"borderLeftColor": colours[relation_id]},
            )
        )
        children.extend(_edge_block(model, key, focus=actor_id, state=state) for key in group.index)
    if len(listed) < len(shown):
        children.append(
            html.P(
                f"These are the {len(listed)} relations with the most quotes, of {len(shown)}. "
                f"The Table lists every quote: search it for {actor['name']}.",
                className="panel-hidden panel-more",
            )
        )
    if hidden:
        children.append(
            html.P(
                f"{hidden} more hidden by the filter.", className="panel-hidden", id=ids.HIDDEN_NOTE
            )
        )
    return children


def edge_panel(model: NetworkModel, state: ViewState) -> list:
    """Show the view's relation and all of its quotes (even those the filters hide, since the
    reader asked for this relation; then a note says so)."""
    edge_key = state.edge
    edge = model.edges.loc[edge_key]
    relation = model.dataset.relations.loc[edge["relation"]]
    children = [
        html.H2("Relation", className="panel-title", **_selection_key("edge", edge_key)),
        _edge_block(model, edge_key, focus=None, heading_level=3),
        html.P(relation["description"], className="panel-description"),
    ]
    hidden = None
    if not shows_relation(state, edge["relation"]):
        hidden = "This relation type is hidden by the filter."
    elif not article_rows(model, state, edge["rows"]):
        hidden = "The articles that state this relation are hidden by the filter."
    if hidden:
        children.insert(1, html.P(hidden, className="panel-hidden"))
    return children


def sentence_panel(model: NetworkModel, article: str, number: int, state: ViewState) -> list:
    """Show one sentence of an article and the relations it supports, with their quotes from it."""
    dataset = model.dataset.datasets[article]
    start, end = dataset.sentences.loc[number, ["start", "end"]]
    rows = sentence_rows(model).get((article, number), [])
    where = f"Sentence {number}"
    if len(model.dataset.datasets) > 1:
        where += f" of “{dataset.meta.get('title', article)}”"
    children = [
        html.H2(
            where, className="panel-title", **_selection_key("sentence", f"{article}:{number}")
        ),
        dcc.Markdown(
            f"> {emphasise_mentions(model, article, start, end)}",
            className="sentence-quote",
            dangerously_allow_html=False,
        ),
    ]
    if not rows:
        reason = _uncited_reason(dataset, start, end)
        message = "No relation cites this sentence."
        children.append(
            html.P(message + (f" Why: {reason}" if reason else ""), className="panel-hint")
        )
        return children
    triples = model.dataset.triples.loc[rows]
    by_edge: dict[str, list] = {}
    for row in rows:  # in file order, as each edge lists its quotes
        by_edge.setdefault(model.edge_of(row), []).append(row)
    hidden = sum(1 for r in triples["relation"] if not shows_relation(state, r))
    children.append(
        html.P(
            f"It supports {_count(len(by_edge), 'relation')}"
            + (f", {hidden} of its quotes hidden by the relation filter." if hidden else "."),
            className="panel-meta",
        )
    )
    for key in sorted(by_edge, key=model.edges.index.get_loc):  # the edges' own order
        children.append(_edge_block(model, key, focus=None, rows=by_edge[key]))
    return children


def _uncited_reason(dataset, start: int, end: int) -> str | None:
    """The reason dataset.toml gives for leaving a sentence uncited, if it gives one."""
    for entry in dataset.meta.get("uncited", []):
        position = dataset.article.find(entry["quote"])
        if start <= position < end:
            return entry["reason"].strip()
    return None


def _edge_block(
    model: NetworkModel,
    key: str,
    focus: str | None,
    heading_level: int = 4,
    state: ViewState | None = None,
    rows: list | None = None,
) -> html.Div:
    """One relation written as a sentence, followed by its quotes (``rows`` if given, else those
    of the articles ``state`` shows, or without a state all of the edge's)."""
    edge = model.edges.loc[key]
    dataset = model.dataset
    names = dataset.actors["name"]
    relation = dataset.relations.loc[edge["relation"]]
    arrow = " → " if edge["directed"] else " — "
    ends = [_actor_ref(edge["source"], names, focus, key), arrow, relation["label"], arrow,
            _actor_ref(edge["target"], names, focus, key)]  # fmt: skip
    if edge["certainty"] == "alleged":
        ends += [" ", html.Span("alleged", className="badge badge-alleged")]
    side = edge_side(model, key)  # comparing two curations: a relation only one has says so
    if side in SIDE_GLYPHS:
        ends += [
            " ",
            html.Span(f"only in {SIDE_GLYPHS[side]}", className=f"badge badge-side-{side}"),
        ]
    heading = (html.H3 if heading_level == 3 else html.H4)(ends, className="edge-sentence")
    if rows is None:
        rows = edge["rows"] if state is None else article_rows(model, state, edge["rows"])
    # No link_target: the only links are "show in article", which stay on the page.
    quotes = dcc.Markdown(
        quotes_markdown(model, rows), className="quotes", dangerously_allow_html=False
    )
    return html.Div([heading, quotes], className="edge-block")


def _actor_ref(actor_id: str, names: pd.Series, focus: str | None, edge_key: str):
    """The focused actor's name as plain text; any other actor as a link that selects it.

    The link's id names its edge too: an actor may appear in many sentences of one panel, and
    Dash loses track of clicks on components that share an id.
    """
    if actor_id == focus:
        return names[actor_id]
    return html.Button(
        names[actor_id],
        id={"type": ids.ACTOR_LINK, "actor": actor_id, "edge": edge_key},
        className="actor-link",
        title=f"Show {names[actor_id]}",
        n_clicks=0,
    )


def markdown_escape(text: str) -> str:
    r"""Escape what could form Markdown syntax, so data always reads as the text it is.

    >>> print(markdown_escape("[x](javascript:alert(1)) <b>*</b> & Russia’s, 1."))
    \[x\]\(javascript&#58;alert\(1\)\) &lt;b\>\*&lt;/b\> &amp; Russia’s, 1\.
    """
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\g<0>", text)
    # "&", "<" and ":" cannot be backslash-escaped here; as entities they show as themselves and
    # can start neither an entity nor a link such as <https://...> or a bare https://...
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(":", "&#58;")


def quotes_markdown(model: NetworkModel, rows) -> str:
    """A Markdown list of quotes: each verbatim, actor names in bold, then sentence, certainty, note.

    One Markdown component per relation instead of a dozen components per quote keeps the panel
    quick to draw; every character that comes from the data is escaped by ``markdown_escape``.
    """
    return "\n".join(quote_markdown(model, row) for row in rows)


def quote_markdown(model: NetworkModel, row) -> str:
    """One quote as a Markdown list item (see ``quotes_markdown``)."""
    triple = model.dataset.triples.loc[row]
    where = f"sentence {triple['sentence']}"
    if triple["sentence_end"] != triple["sentence"]:
        where = f"sentences {triple['sentence']}–{triple['sentence_end']}"
    meta = [where]
    if triple["certainty"] == "alleged":
        meta.append("`alleged`")
    if triple["note"]:
        meta.append(markdown_escape(triple["note"]))
    article = triple["article"]
    if len(model.dataset.datasets) > 1:
        title = model.dataset.datasets[article].meta.get("title", article)
        meta.insert(0, markdown_escape(title))
    union = union_of_model(model)
    if union is not None:  # comparing two curations: whose row this is, first, as a code chip
        # (bold is a mention); a code span shows its text as it is, so only "`" must go
        meta.insert(0, f"`{union.side_name(triple['curation']).replace('`', '')}`")
    quote = emphasise_mentions(model, article, triple["start"], triple["end"])
    # The anchor is made of our own letters and digits; the link text is ours too.
    link = f"[show in article](#{sentence_anchor(model, article, triple['sentence'])})"
    return f"- “{quote}”\n  *{' · '.join(meta)}* · {link}"


def emphasise_mentions(model: NetworkModel, article: str, start: int, end: int) -> str:
    """Return ``text[start:end]`` of an article as escaped Markdown, actor mentions in bold."""
    dataset = model.dataset.datasets[article]
    text = dataset.article[start:end]
    pieces = []
    cursor = 0
    for m_start, m_end, _actor in dataset.mentions(start, end):
        pieces.append(markdown_escape(text[cursor:m_start]))
        pieces.append(f"**{markdown_escape(text[m_start:m_end])}**")
        cursor = m_end
    pieces.append(markdown_escape(text[cursor:]))
    # A line break inside a quote would end the list item; it reads as a space anyway.
    return "".join(pieces).replace("\n", " ")


def _selection_key(kind: str, key: str) -> dict:
    """The panel title's data-selection attribute: assets/panel.js opens the panel at its top
    when it changes (a new selection), and leaves the scroll alone when only the filters do."""
    return {"data-selection": f"{kind}:{key}"}


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"
