"""The evidence panel: who an actor is and what the article says of it, quote by quote.

No string from the data is ever read as HTML or Markdown: names, descriptions and notes are the
text of html components, and the relations with their quotes are data (``EvidenceList``) that
assets/panel.js draws; React writes every string of either into the page as text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from dash import html
from dash.development.base_component import Component

from dashboard import ids, limits
from dashboard.article_view import counted, parse_anchor, sentence_anchor, sentence_rows
from dashboard.comparison_view import SIDE_GLYPHS, edge_side, union_of_model
from dashboard.figure import relation_colours
from dashboard.filters import article_rows, passing_edges, passing_triples, shows_relation
from dashboard.graph import NetworkModel
from dashboard.state import Selection, ViewState

# What a quote shows of its triple (see quote_entries).
_QUOTE_FIELDS = ("article", "start", "end", "sentence", "sentence_end", "certainty", "note")


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
            f"{counted(len(dataset.actors), 'actor')}, {counted(len(model.edges), 'relation')}, "
            f"{len(dataset.triples)} supporting quotes from {len(sentence_rows(model))} of "
            f"{whose} {sentences} sentences."
        )
    shown = set(dataset.triples.index[triples])
    cited = sum(1 for rows in sentence_rows(model).values() if not shown.isdisjoint(rows))
    return (
        f"The filters show {int(actors.sum())} of {len(dataset.actors)} actors, "
        f"{int(edges.sum())} of {counted(len(model.edges), 'relation')} and "
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
        counted(model.actor_quotes[actor_id], "quote"),
        counted(len(edges), "relation"),
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
    quoted = {key: article_rows(model, state, rows) for key, rows in listed["rows"].items()}
    records = quote_records(model, [row for rows in quoted.values() for row in rows])
    entries = edge_entries(model, listed.index, actor_id, quoted, records)
    totals = shown["relation"].value_counts().to_dict()
    by_relation: dict[str, list] = {}
    for relation_id, entry in zip(listed["relation"].tolist(), entries, strict=True):
        by_relation.setdefault(relation_id, []).append(entry)
    groups = []
    for relation_id in [r for r in relations.index if r in by_relation]:  # taxonomy order
        group, total = by_relation[relation_id], totals[relation_id]
        count = f"{len(group)} of {total}" if len(group) < total else f"{total}"
        label = relations.at[relation_id, "label"]
        groups.append(
            {"heading": f"{label} ({count})", "colour": colours[relation_id], "edges": group}
        )
    if groups:
        children.append(EvidenceList(groups))
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
        EvidenceList([{"edges": edge_entries(model, [edge_key], focus=None)}], level=3),
        html.P(relation["description"], className="panel-description"),
    ]
    hidden = None
    if not shows_relation(state, edge["relation"]):
        hidden = "This relation type is hidden by the filter."
    elif not article_rows(model, state, edge["rows"]):
        hidden = "The articles that state this relation are hidden by the filter."
    elif state.sides is not None and edge_side(model, edge_key) not in state.sides:
        hidden = "The comparison's filter hides the relations of this side."
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
        html.Blockquote(
            [
                html.Strong(part) if i % 2 else part
                for i, part in enumerate(emphasise_mentions(model, article, start, end))
            ],
            className="sentence-quote",
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
            f"It supports {counted(len(by_edge), 'relation')}"
            + (f", {hidden} of its quotes hidden by the relation filter." if hidden else "."),
            className="panel-meta",
        )
    )
    keys = sorted(by_edge, key=model.edges.index.get_loc)  # the edges' own order
    children.append(EvidenceList([{"edges": edge_entries(model, keys, None, by_edge)}]))
    return children


def _uncited_reason(dataset, start: int, end: int) -> str | None:
    """The reason dataset.toml gives for leaving a sentence uncited, if it gives one."""
    for entry in dataset.meta.get("uncited", []):
        position = dataset.article.find(entry["quote"])
        if start <= position < end:
            return entry["reason"].strip()
    return None


class EvidenceList(Component):
    """Relations and their quotes, as data that assets/panel.js draws in one component.

    ``groups`` is a list of ``{"heading", "colour", "edges"}`` (a group without a heading draws
    its edges only), each edge one of ``edge_entries``; ``level`` is the edges' heading level
    (3 or 4). Dash draws each of its own components through a wrapper, about a millisecond apiece in the
    browser: a busy actor's quotes as html components took half a second to draw.
    """

    _namespace = "dashboard"  # assets/panel.js: window.dashboard.EvidenceList
    _type = "EvidenceList"
    _prop_names = ("id", "className", "groups", "level")
    _valid_wildcard_attributes = ()
    available_properties = _prop_names
    available_wildcard_properties = ()

    def __init__(self, groups: list, level: int = 4, className: str = "evidence-list", **rest):
        super().__init__(groups=groups, level=level, className=className, **rest)


def edge_entries(model: NetworkModel, keys, focus: str | None, rows=None, records=None) -> list:
    """Relations for ``EvidenceList``, in the order of ``keys``: each written as a sentence (any
    actor but ``focus`` a link that selects it), its badges, then its quotes: ``rows[key]`` if
    given, else all of the edge's (``records``: their ``quote_records``, if known). The edges
    are read in one look-up: one per edge cost more than the rest of the panel."""
    keys = list(keys)
    fields = ["source", "target", "relation", "directed", "certainty", "rows"]
    edges = model.edges.loc[keys, fields].to_dict("index")
    rows = {key: list(edges[key]["rows"]) for key in keys} if rows is None else rows
    if records is None:
        records = quote_records(model, [row for key in keys for row in rows[key]])
    names = model.dataset.actors["name"]
    labels = model.dataset.relations["label"].to_dict()
    entries = []
    for key in keys:
        edge = edges[key]
        arrow = " → " if edge["directed"] else " — "
        sentence = [_actor_ref(edge["source"], names, focus, key), arrow,
                    labels[edge["relation"]], arrow,
                    _actor_ref(edge["target"], names, focus, key)]  # fmt: skip
        badges = []
        if edge["certainty"] == "alleged":
            badges.append({"text": "alleged", "className": "badge badge-alleged"})
        side = edge_side(model, key)  # comparing two curations: a relation only one has says so
        if side in SIDE_GLYPHS:
            badges.append(
                {"text": f"only in {SIDE_GLYPHS[side]}", "className": f"badge badge-side-{side}"}
            )
        entries.append(
            {
                "key": key,
                "sentence": sentence,
                "badges": badges,
                "quotes": quote_entries(model, rows[key], records),
            }
        )
    return entries


def _actor_ref(actor_id: str, names: pd.Series, focus: str | None, edge_key: str):
    """The focused actor's name as text; any other actor as a link that selects it.

    assets/panel.js draws the link as a button that assets/dashboard.js handles in the browser:
    as callback inputs, a newly drawn panel's links would fire all at once, a request for
    nothing. The id names the edge too (an actor may appear in many sentences of one panel).
    """
    if actor_id == focus:
        return names[actor_id]
    return {
        "id": {"type": ids.ACTOR_LINK, "actor": actor_id, "edge": edge_key},
        "name": names[actor_id],
    }


def quote_records(model: NetworkModel, rows) -> dict:
    """Each row's quote fields (``_QUOTE_FIELDS``, then its curation when comparing two), read
    from the triples in one look-up: one per quote or per relation cost more than the rest of
    the panel."""
    columns = list(_QUOTE_FIELDS)
    if union_of_model(model) is not None:
        columns.append("curation")
    rows = list(rows)
    picked = model.dataset.triples.loc[rows, columns]
    fields = zip(*(picked[c].tolist() for c in columns), strict=True)
    return dict(zip(rows, fields, strict=True))


def quote_entries(model: NetworkModel, rows, records: dict | None = None) -> list[dict]:
    """The quotes of ``rows`` for ``EvidenceList``: each verbatim, in pieces that alternate text
    and an actor's mention (drawn in bold); its meta line (the article's title when there are
    several, the sentence, certainty and note; a chip is ``{"chip": text}``); and the anchor of
    its sentence in the article. ``records`` holds the rows' ``quote_records``, if known."""
    records = quote_records(model, rows) if records is None else records
    union = union_of_model(model)
    several = len(model.dataset.datasets) > 1
    entries = []
    for row in rows:
        article, start, end, sentence, sentence_end, certainty, note, *curation = records[row]
        where = f"sentence {sentence}"
        if sentence_end != sentence:
            where = f"sentences {sentence}–{sentence_end}"
        meta: list = [where]
        if certainty == "alleged":
            meta.append({"chip": "alleged"})
        if note:
            meta.append(note)
        if several:
            meta.insert(0, model.dataset.datasets[article].meta.get("title", article))
        if union is not None:  # comparing two curations: whose row this is, first, as a chip
            meta.insert(0, {"chip": union.side_name(curation[0])})
        entries.append(
            {
                "parts": emphasise_mentions(model, article, start, end),
                "meta": meta,
                "anchor": sentence_anchor(model, article, sentence),
            }
        )
    return entries


def emphasise_mentions(model: NetworkModel, article: str, start: int, end: int) -> list[str]:
    """``text[start:end]`` of an article in pieces that alternate plain text and an actor's
    mention, plain first and last (either may be empty): joined, they are the text."""
    dataset = model.dataset.datasets[article]
    text = dataset.article[start:end]
    pieces = []
    cursor = 0
    for m_start, m_end, _actor in dataset.mentions(start, end):
        pieces += [text[cursor:m_start], text[m_start:m_end]]
        cursor = m_end
    pieces.append(text[cursor:])
    return pieces


def _selection_key(kind: str, key: str) -> dict:
    """The panel title's data-selection attribute: assets/a11y.js opens the panel at its top
    when it changes (a new selection), and leaves the scroll alone when only the filters do."""
    return {"data-selection": f"{kind}:{key}"}
