"""Tests for dashboard.panel: the evidence panel, read as plain text and as a tree of components."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator

import pytest
from dash import dcc, html
from dash.development.base_component import Component

from dashboard import ids
from dashboard.graph import NetworkModel
from dashboard.panel import (
    actor_panel,
    edge_panel,
    emphasise_mentions,
    empty_panel,
    markdown_escape,
    quote_markdown,
)

WEAPONS_STATED = "iran/supplies_weapons/russia/stated"
WEAPONS_ALLEGED = "iran/supplies_weapons/russia/alleged"


def walk(node) -> Iterator[Component]:
    """Every component in a tree, parents before children, in reading order."""
    if isinstance(node, (list, tuple)):
        for child in node:
            yield from walk(child)
    elif isinstance(node, Component):
        yield node
        yield from walk(getattr(node, "children", None))


def text(node) -> str:
    """The text a reader sees, with no separators added."""
    if isinstance(node, str):
        return node
    if isinstance(node, (int, float)):
        return str(node)
    if isinstance(node, (list, tuple)):
        return "".join(text(child) for child in node)
    if isinstance(node, Component):
        return text(getattr(node, "children", None))
    return ""


def types(node) -> list[str]:
    return [type(c).__name__ for c in walk(node)]


def having(node, kind: type, class_name: str | None = None) -> list[Component]:
    return [
        c
        for c in walk(node)
        if isinstance(c, kind)
        and (class_name is None or class_name in (getattr(c, "className", "") or "").split())
    ]


_ENTITIES = {"&amp;": "&", "&lt;": "<", "&#58;": ":"}


def unmarkdown(source: str) -> str:
    """Read escaped Markdown back as the text a reader sees (the inverse of the panel's escaping)."""
    source = source.replace("**", "")
    source = re.sub(r"&amp;|&lt;|&#58;", lambda m: _ENTITIES[m.group()], source)
    return re.sub(r"\\(.)", r"\1", source)


def quote_items(node) -> list[tuple[str, str]]:
    """(quote, meta line) of every quote in the Markdown lists of a panel or block."""
    items = []
    for markdown in walk(node):
        if isinstance(markdown, dcc.Markdown):
            for item in ("\n" + markdown.children).split("\n- ")[1:]:
                quote, meta = item.split("\n  ", 1)
                assert quote.startswith("“") and quote.endswith("”"), quote
                # the meta line in italics, then the link to the quote's sentence in the article
                meta = SHOW_IN_ARTICLE.fullmatch(meta)
                assert meta, item
                items.append((unmarkdown(quote[1:-1]), meta[1]))
    return items


SHOW_IN_ARTICLE = re.compile(r"\*(.*)\* · \[show in article\]\(#sentence-[0-9]+-[0-9]+\)")


def quotes_of(node) -> list[str]:
    return [quote for quote, _ in quote_items(node)]


def all_relations(model: NetworkModel) -> list[str]:
    return list(model.dataset.relations.index)


def edge_blocks(panel) -> list[Component]:
    return having(panel, html.Div, "edge-block")


def block_of(panel, key: str, model: NetworkModel) -> Component:
    """The edge block of an edge: its quotes, its two ends, its label and its certainty.

    One sentence may back several edges, so the quotes alone do not tell blocks apart.
    """
    edge = model.edges.loc[key]
    names = model.dataset.actors["name"]
    words = [names[edge["source"]], model.dataset.relations.at[edge["relation"], "label"]]
    words.append(names[edge["target"]])
    quotes = [model.dataset.triples.at[r, "quote"] for r in edge["rows"]]
    found = [
        block
        for block in edge_blocks(panel)
        if quotes_of(block) == quotes
        and all(word in text(having(block, html.H4)) for word in words)
        and bool(having(having(block, html.H4), html.Span, "badge-alleged"))
        == (edge["certainty"] == "alleged")
    ]
    assert len(found) == 1, key
    return found[0]


# The actor panel


def test_pan001_actor_panel_describes_the_actor(seed_model):
    panel = actor_panel(seed_model, "iran", all_relations(seed_model))
    actor = seed_model.dataset.actors.loc["iran"]
    assert isinstance(panel[0], html.H2) and panel[0].children == "Iran"
    assert text(panel[1]) == (
        f"state · {seed_model.actor_quotes['iran']} quotes · "
        f"{len(seed_model.edges_of('iran'))} relations"
    )
    flat = text(panel)
    assert actor["description"] in flat
    assert "Also called: Tehran, Iranian" in flat


def test_pan002_actor_without_aliases_has_no_alias_line(seed_model):
    panel = actor_panel(seed_model, "ukraine", all_relations(seed_model))
    assert "Also called" not in text(panel)
    assert not having(panel, html.P, "panel-aliases")
    assert text(panel[1]) == "state · 2 quotes · 1 relation"


@pytest.mark.parametrize("actor", ["iran", "russia", "brics", "the-west", "tass"])
def test_pan003_relations_grouped_by_type_in_taxonomy_order(seed_model, actor):
    panel = actor_panel(seed_model, actor, all_relations(seed_model))
    edges = seed_model.edges_of(actor)
    relations = seed_model.dataset.relations
    expected = [r for r in relations.index if r in set(edges["relation"])]
    headings = [text(h) for h in having(panel, html.H3, "relation-heading")]
    assert headings == [
        f"{relations.at[r, 'label']} ({(edges['relation'] == r).sum()})" for r in expected
    ]
    assert len(edge_blocks(panel)) == len(edges)
    # Each group's edge blocks follow its heading, before the next heading.
    order = [
        "heading" if "relation-heading" in (c.className or "") else "edge"
        for c in panel
        if isinstance(c, (html.H3, html.Div))
    ]
    assert order.count("heading") == len(expected) and order[0] == "heading"


@pytest.mark.parametrize(
    "key, sentence",
    [
        (WEAPONS_STATED, "Iran → supplies weapons to → Russia"),
        (WEAPONS_ALLEGED, "Iran → supplies weapons to → Russia alleged"),
        ("iran/cooperates/russia/stated", "Iran — cooperates with — Russia"),
        ("united-states/accuses/iran/stated", "United States → accuses → Iran"),
        (
            "masoud-pezeshkian/meets/vladimir-putin/stated",
            "Masoud Pezeshkian — meets with — Vladimir Putin",
        ),
    ],
)
def test_pan004_each_edge_is_written_as_a_sentence(seed_model, key, sentence):
    source = seed_model.edges.at[key, "source"]
    panel = actor_panel(seed_model, source, all_relations(seed_model))
    (heading,) = having(block_of(panel, key, seed_model), html.H4, "edge-sentence")
    assert text(heading) == sentence


def test_pan005_quotes_are_verbatim_and_in_file_order(seed_model):
    triples = seed_model.dataset.triples
    panel = actor_panel(seed_model, "russia", all_relations(seed_model))
    for key in seed_model.edges_of("russia").index:
        block = block_of(panel, key, seed_model)
        rows = seed_model.edges.at[key, "rows"]
        assert quotes_of(block) == [triples.at[r, "quote"] for r in rows]
        assert list(triples.loc[rows, "line"]) == sorted(triples.loc[rows, "line"])
        refs = [meta.split(" · ")[0] for _, meta in quote_items(block)]
        assert refs == [f"sentence {triples.at[r, 'sentence']}" for r in rows]


def test_pan006_alleged_badge_marks_alleged_edges_and_quotes(seed_model):
    panel = actor_panel(seed_model, "iran", all_relations(seed_model))
    alleged = block_of(panel, WEAPONS_ALLEGED, seed_model)
    stated = block_of(panel, WEAPONS_STATED, seed_model)
    (heading,) = having(alleged, html.H4)
    assert [text(b) for b in having(heading, html.Span, "badge-alleged")] == ["alleged"]
    for _, meta in quote_items(alleged):
        assert meta.split(" · ")[1] == "`alleged`"
    assert not having(stated, html.Span, "badge-alleged")
    assert all("`alleged`" not in meta for _, meta in quote_items(stated))


def test_pan007_counterparts_are_links_and_the_actor_is_not(seed_model):
    panel = actor_panel(seed_model, "iran", all_relations(seed_model))
    buttons = having(panel, html.Button)
    assert buttons
    names = seed_model.dataset.actors["name"]
    counterparts = set(seed_model.edges_of("iran")[["source", "target"]].stack()) - {"iran"}
    assert {b.id["actor"] for b in buttons} == counterparts
    for button in buttons:
        assert button.id == {
            "type": ids.ACTOR_LINK,
            "actor": button.id["actor"],
            "edge": button.id["edge"],
        }
        assert button.id["edge"] in seed_model.edges.index
        assert button.children == names[button.id["actor"]]
    # The selected actor is plain text in each sentence: exactly one end of every edge.
    for block in edge_blocks(panel):
        (heading,) = having(block, html.H4)
        assert heading.children.count("Iran") == 1
        assert sum(isinstance(part, html.Button) for part in heading.children) == 1


@pytest.mark.parametrize(
    "hide",
    [
        pytest.param({"cooperates"}, id="one-type"),
        pytest.param({"cooperates", "opposes", "supplies_weapons"}, id="three-types"),
        pytest.param({"member_of"}, id="type-iran-lacks"),
    ],
)
def test_pan008_hidden_by_filter_count(seed_model, hide):
    visible = [r for r in all_relations(seed_model) if r not in hide]
    panel = actor_panel(seed_model, "iran", visible)
    edges = seed_model.edges_of("iran")
    hidden = int(edges["relation"].isin(hide).sum())
    notes = [c for c in walk(panel) if getattr(c, "id", None) == ids.HIDDEN_NOTE]
    if hidden:
        assert [text(n) for n in notes] == [f"{hidden} more hidden by the filter."]
    else:
        assert not notes
    assert len(edge_blocks(panel)) == len(edges) - hidden
    shown = {text(having(s, html.H3)[0]).rsplit(" (", 1)[0] for s in having(panel, html.Section)}
    labels = seed_model.dataset.relations["label"]
    assert not shown & {labels[r] for r in hide}


def test_pan009_nothing_visible_says_so(seed_model):
    panel = actor_panel(seed_model, "iran", [])
    flat = text(panel)
    assert "No relation of this actor passes the filter." in flat
    assert f"{len(seed_model.edges_of('iran'))} more hidden by the filter." in flat
    assert not edge_blocks(panel)


def test_pan010_panel_keeps_the_actors_own_text(seed_model):
    """Markup in a name or description is shown as text; Dash escapes it when it renders."""
    actors = seed_model.dataset.actors.copy()
    actors.loc["iran", "name"] = "<script>alert(1)</script>"
    actors.loc["iran", "description"] = "<b>bold</b> & co"
    dataset = dataclasses.replace(seed_model.dataset, actors=actors)
    model = NetworkModel.from_dataset(dataset)
    panel = actor_panel(model, "iran", all_relations(model))
    assert panel[0].children == "<script>alert(1)</script>"
    assert "<b>bold</b> & co" in text(panel)
    edge = edge_panel(model, WEAPONS_STATED, all_relations(model))
    assert "<script>alert(1)</script>" in [b.children for b in having(edge, html.Button)]


# The edge panel and the empty panel


def test_pan011_edge_panel_shows_the_relation_and_all_its_quotes(seed_model):
    triples = seed_model.dataset.triples
    panel = edge_panel(seed_model, WEAPONS_ALLEGED, all_relations(seed_model))
    assert text(panel[0]) == "Relation"
    (heading,) = having(panel, html.H3, "edge-sentence")
    assert text(heading) == "Iran → supplies weapons to → Russia alleged"
    rows = seed_model.edges.at[WEAPONS_ALLEGED, "rows"]
    assert quotes_of(panel) == [triples.at[r, "quote"] for r in rows]
    assert {b.id["actor"] for b in having(panel, html.Button)} == {"iran", "russia"}
    flat = text(panel)
    assert seed_model.dataset.relations.at["supplies_weapons", "description"] in flat
    metas = [unmarkdown(meta) for _, meta in quote_items(panel)]
    for row, meta in zip(rows, metas, strict=True):
        assert meta.endswith(triples.at[row, "note"])
    assert "hidden by the filter" not in flat


def test_pan012_edge_panel_says_when_its_type_is_hidden(seed_model):
    panel = edge_panel(seed_model, WEAPONS_STATED, ["meets"])
    assert [text(p) for p in having(panel, html.P, "panel-hidden")] == [
        "This relation type is hidden by the filter."
    ]
    assert len(quotes_of(panel)) == seed_model.edges.at[WEAPONS_STATED, "quotes"]


def test_pan013_empty_panel_counts(seed_model):
    dataset = seed_model.dataset
    flat = text(empty_panel(seed_model))
    assert "Click an actor or a relation" in flat
    assert (
        f"{len(dataset.actors)} actors, {len(seed_model.edges)} relations, "
        f"{len(dataset.triples)} supporting quotes from {dataset.triples['sentence'].nunique()} "
        f"of the article's {len(dataset.sentences)} sentences."
    ) in flat
    assert "22 actors" in flat and "51 sentences" in flat


# Quotes and mentions


def test_pan014_quote_markdown_parts(seed_model):
    triples = seed_model.dataset.triples
    row = seed_model.edges.at[WEAPONS_ALLEGED, "rows"][0]
    (item,) = quote_items(dcc.Markdown(quote_markdown(seed_model, row)))
    quote, meta = item
    assert quote == triples.at[row, "quote"]
    parts = meta.split(" · ")
    assert parts[:2] == ["sentence 18", "`alleged`"]
    assert unmarkdown(" · ".join(parts[2:])) == triples.at[row, "note"]


def test_pan015_quote_without_note_has_no_note(seed_model):
    triples = seed_model.dataset.triples
    bare = triples.index[triples["note"] == ""]
    if bare.empty:
        pytest.skip("every triple in the seed has a note")
    ((_, meta),) = quote_items(dcc.Markdown(quote_markdown(seed_model, bare[0])))
    assert meta.startswith("sentence ") and " · " not in meta.replace(" · `alleged`", "")


def test_pan016_mentions_are_bold_and_text_is_exact(seed_model):
    dataset = seed_model.dataset
    bold = 0
    for row, triple in dataset.triples.iterrows():
        source = emphasise_mentions(
            seed_model, "iran-russia-treaty", triple["start"], triple["end"]
        )
        assert unmarkdown(source) == triple["quote"], row
        for mention in re.findall(r"\*\*(.+?)\*\*", source):
            form = unmarkdown(mention)
            assert form in dataset.surface_forms or "t" + form[1:] in dataset.surface_forms, form
            bold += 1
    assert bold > len(dataset.triples)


def test_pan017_bold_marks_every_mention(seed_model):
    triples = seed_model.dataset.triples
    row = seed_model.edges.at[WEAPONS_ALLEGED, "rows"][0]
    source = emphasise_mentions(
        seed_model, "iran-russia-treaty", triples.at[row, "start"], triples.at[row, "end"]
    )
    # "the United States" is an alias; it matches with a capital T at the start of a sentence
    assert re.findall(r"\*\*(.+?)\*\*", source) == ["The United States", "Tehran", "Moscow", "Iran"]


def test_pan018_text_with_no_mention_has_no_bold(seed_model):
    article = seed_model.dataset.article
    start = article.index("significant cooperation treaty")
    source = emphasise_mentions(
        seed_model, "iran-russia-treaty", start, start + len("significant cooperation treaty")
    )
    assert source == "significant cooperation treaty"


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words", "plain words"),
        ("Russia’s 20-year deal.", "Russia’s 20\\-year deal\\."),
        ("[x](javascript:alert(1))", "\\[x\\]\\(javascript&#58;alert\\(1\\)\\)"),
        ("<script>*_`#|~>!+{}", "&lt;script\\>\\*\\_\\`\\#\\|\\~\\>\\!\\+\\{\\}"),
        ("AT&T &amp;", "AT&amp;T &amp;amp;"),
        ("back\\slash", "back\\\\slash"),
    ],
)
def test_pan020_markdown_escape_table(text, escaped):
    assert markdown_escape(text) == escaped
    assert unmarkdown(escaped) == text


# No HTML from the data, anywhere


def every_panel(model: NetworkModel):
    visible = all_relations(model)
    yield "empty", empty_panel(model)
    for actor in model.dataset.actors.index:
        yield actor, actor_panel(model, actor, visible)
        yield f"{actor} filtered", actor_panel(model, actor, visible[::2])
    for key in model.edges.index:
        yield key, edge_panel(model, key, visible)


def test_pan021_component_ids_are_unique_in_every_panel(seed_model):
    """Dash loses clicks on components that share an id: Iran's panel links Russia nine times."""
    for name, panel in every_panel(seed_model):
        found = [json.dumps(c.id, sort_keys=True) for c in walk(panel) if getattr(c, "id", None)]
        assert len(found) == len(set(found)), name


def test_pan019_no_raw_html_and_markdown_only_for_escaped_quotes(seed_model):
    for name, panel in every_panel(seed_model):
        for component in walk(panel):
            assert not getattr(component, "dangerously_allow_html", False), name
            if isinstance(component, dcc.Markdown):
                assert component.className == "quotes", name
                for quote, _ in quote_items(component):
                    assert quote in seed_model.dataset.article, (name, quote)
            else:
                assert type(component).__module__.startswith("dash.html"), (name, component)
