"""The evidence panel: who an actor is and what the article says of it, quote by quote.

Everything here is built from text components; no string from the data is ever read as HTML.
"""

from __future__ import annotations

from collections.abc import Collection

import pandas as pd
from dash import html

from dashboard import ids
from dashboard.figure import relation_colours
from dashboard.graph import NetworkModel


def empty_panel(model: NetworkModel) -> list:
    """What the panel says before anything is selected."""
    dataset = model.dataset
    return [
        html.H2("Evidence", className="panel-title"),
        html.P(
            "Click an actor or a relation in the graph to read the sentences of the article "
            "that support it, word for word.",
            className="panel-hint",
        ),
        html.P(
            f"{len(dataset.actors)} actors, {len(model.edges)} relations, "
            f"{len(dataset.triples)} supporting quotes from "
            f"{dataset.triples['sentence'].nunique()} of the article's "
            f"{len(dataset.sentences)} sentences.",
            className="panel-meta",
        ),
    ]


def actor_panel(model: NetworkModel, actor_id: str, visible: Collection[str]) -> list:
    """Describe an actor and list its visible relations, grouped by type, each with its quotes."""
    actor = model.dataset.actors.loc[actor_id]
    edges = model.edges_of(actor_id)
    shown = edges[edges["relation"].isin(list(visible))]
    hidden = len(edges) - len(shown)
    facts = [
        actor["kind"],
        _count(model.actor_quotes[actor_id], "quote"),
        _count(len(edges), "relation"),
    ]
    children = [
        html.H2(actor["name"], className="panel-title"),
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
    relations = model.dataset.relations
    colours = relation_colours(relations)
    for relation_id in [r for r in relations.index if r in set(shown["relation"])]:
        group = shown[shown["relation"] == relation_id]
        section = [
            html.H3(
                [html.Span(className="swatch", style={"backgroundColor": colours[relation_id]}),
                 relations.at[relation_id, "label"], html.Span(f" ({len(group)})", className="count")],
                className="relation-heading",
            )
        ]  # fmt: skip
        section.extend(_edge_block(model, key, focus=actor_id) for key in group.index)
        children.append(html.Section(section, className="relation-group"))
    if hidden:
        children.append(
            html.P(
                f"{hidden} more hidden by the filter.", className="panel-hidden", id=ids.HIDDEN_NOTE
            )
        )
    return children


def edge_panel(model: NetworkModel, edge_key: str, visible: Collection[str]) -> list:
    """Show one relation and all of its quotes."""
    edge = model.edges.loc[edge_key]
    relation = model.dataset.relations.loc[edge["relation"]]
    children = [
        html.H2("Relation", className="panel-title"),
        _edge_block(model, edge_key, focus=None, heading_level=3),
        html.P(relation["description"], className="panel-description"),
    ]
    if edge["relation"] not in visible:
        children.insert(
            1, html.P("This relation type is hidden by the filter.", className="panel-hidden")
        )
    return children


def _edge_block(
    model: NetworkModel, key: str, focus: str | None, heading_level: int = 4
) -> html.Div:
    """One relation written as a sentence, followed by its quotes."""
    edge = model.edges.loc[key]
    dataset = model.dataset
    names = dataset.actors["name"]
    relation = dataset.relations.loc[edge["relation"]]
    arrow = " → " if edge["directed"] else " — "
    ends = [_actor_ref(edge["source"], names, focus), arrow, relation["label"], arrow,
            _actor_ref(edge["target"], names, focus)]  # fmt: skip
    if edge["certainty"] == "alleged":
        ends += [" ", html.Span("alleged", className="badge badge-alleged")]
    heading = (html.H3 if heading_level == 3 else html.H4)(ends, className="edge-sentence")
    quotes = [quote_block(model, row) for row in edge["rows"]]
    return html.Div([heading, html.Ul(quotes, className="quotes")], className="edge-block")


def _actor_ref(actor_id: str, names: pd.Series, focus: str | None):
    """The focused actor's name as plain text; any other actor as a link that selects it."""
    if actor_id == focus:
        return html.Strong(names[actor_id])
    return html.Button(
        names[actor_id],
        id={"type": ids.ACTOR_LINK, "actor": actor_id},
        className="actor-link",
        title=f"Show {names[actor_id]}",
        n_clicks=0,
    )


def quote_block(model: NetworkModel, row: int) -> html.Li:
    """A quote, verbatim, with actor names emphasised, its sentence number, certainty and note."""
    triple = model.dataset.triples.loc[row]
    parts = [html.Q(emphasise_mentions(model, triple["start"], triple["end"]), className="quote")]
    where = f"sentence {triple['sentence']}"
    if triple["sentence_end"] != triple["sentence"]:
        where = f"sentences {triple['sentence']}–{triple['sentence_end']}"
    meta = [html.Span(where, className="sentence-ref")]
    if triple["certainty"] == "alleged":
        meta.append(html.Span("alleged", className="badge badge-alleged"))
    parts.append(html.Div(meta, className="quote-meta"))
    if triple["note"]:
        parts.append(html.P(triple["note"], className="quote-note"))
    return html.Li(parts, className="quote-item")


def emphasise_mentions(model: NetworkModel, start: int, end: int) -> list:
    """Split ``article[start:end]`` into text and <mark> pieces around every actor mention."""
    text = model.dataset.article[start:end]
    pieces: list = []
    cursor = 0
    for m_start, m_end, actor_id in model.dataset.mentions(start, end):
        if m_start > cursor:
            pieces.append(text[cursor:m_start])
        pieces.append(html.Mark(text[m_start:m_end], className="mention", title=actor_id))
        cursor = m_end
    if cursor < len(text):
        pieces.append(text[cursor:])
    return pieces


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"
