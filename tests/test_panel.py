"""Tests for dashboard.panel: the evidence panel, read as plain text and as a tree of components."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator

import pytest
from dash import html
from dash.development.base_component import Component

from dashboard import ids, limits
from dashboard.graph import NetworkModel
from dashboard.panel import (
    EvidenceList,
    actor_panel,
    edge_panel,
    emphasise_mentions,
    empty_panel,
    quote_entries,
)
from tests.conftest import state_of

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
    """The text a reader sees, with no separators added (an EvidenceList's as drawn)."""
    if isinstance(node, str):
        return node
    if isinstance(node, (int, float)):
        return str(node)
    if isinstance(node, (list, tuple)):
        return "".join(text(child) for child in node)
    if isinstance(node, EvidenceList):
        return evidence_text(node.groups)
    if isinstance(node, Component):
        return text(getattr(node, "children", None))
    return ""


def having(node, kind: type, class_name: str | None = None) -> list[Component]:
    return [
        c
        for c in walk(node)
        if isinstance(c, kind)
        and (class_name is None or class_name in (getattr(c, "className", "") or "").split())
    ]


# What assets/panel.js draws of an EvidenceList's data, as text (tests/browser/test_markdown.py
# checks the drawing against it).


def piece_text(piece) -> str:
    """A piece of an edge's sentence or a quote's meta line: text, an actor link or a chip."""
    if isinstance(piece, str):
        return piece
    return piece.get("name", piece.get("chip", ""))


def sentence_text(edge: dict) -> str:
    badges = "".join(" " + badge["text"] for badge in edge["badges"])
    return "".join(piece_text(p) for p in edge["sentence"]) + badges


def meta_text(quote: dict) -> str:
    """A quote's meta line, without the link to its sentence that ends it."""
    return " · ".join(piece_text(p) for p in quote["meta"])


def quote_text(quote: dict) -> str:
    return f"“{''.join(quote['parts'])}”{meta_text(quote)} · show in article"


def evidence_text(groups: list) -> str:
    return "".join(
        (group.get("heading") or "")
        + "".join(
            sentence_text(e) + "".join(quote_text(q) for q in e["quotes"]) for e in group["edges"]
        )
        for group in groups
    )


def edge_blocks(panel) -> list[dict]:
    """Every edge of the panel's EvidenceLists, in order."""
    return [edge for box in having(panel, EvidenceList) for g in box.groups for edge in g["edges"]]


def quote_items(node) -> list[tuple[str, str]]:
    """(quote, meta line) of every quote in a panel, an edge or a list of quotes."""
    if isinstance(node, dict) and "quotes" in node:
        quotes = node["quotes"]
    elif isinstance(node, list) and all(isinstance(q, dict) and "parts" in q for q in node):
        quotes = node
    else:
        quotes = [q for edge in edge_blocks(node) for q in edge["quotes"]]
    return [("".join(q["parts"]), meta_text(q)) for q in quotes]


def quotes_of(node) -> list[str]:
    return [quote for quote, _ in quote_items(node)]


def links(node) -> list[dict]:
    """The actor links of a panel's or an edge's sentences: {"actor", "edge", "name"}."""
    edges = [node] if isinstance(node, dict) else edge_blocks(node)
    return [
        {**piece["id"], "name": piece["name"]}
        for edge in edges
        for piece in edge["sentence"]
        if isinstance(piece, dict)
    ]


def all_relations(model: NetworkModel) -> list[str]:
    return list(model.dataset.relations.index)


def block_of(panel, key: str, model: NetworkModel) -> dict:
    """The edge of a panel with this key, checked against the model: its quotes, its two ends,
    its label and its certainty (one sentence may back several edges)."""
    edge = model.edges.loc[key]
    names = model.dataset.actors["name"]
    words = [names[edge["source"]], model.dataset.relations.at[edge["relation"], "label"]]
    words.append(names[edge["target"]])
    quotes = [model.dataset.triples.at[r, "quote"] for r in edge["rows"]]
    found = [
        block
        for block in edge_blocks(panel)
        if quotes_of(block) == quotes
        and all(word in sentence_text(block) for word in words)
        and ("alleged" in [b["text"] for b in block["badges"]]) == (edge["certainty"] == "alleged")
    ]
    assert len(found) == 1, key
    assert found[0]["key"] == key
    return found[0]


# The actor panel


def test_pan001_actor_panel_describes_the_actor(seed_model):
    panel = actor_panel(seed_model, state_of(all_relations(seed_model), actor="iran"))
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
    panel = actor_panel(seed_model, state_of(all_relations(seed_model), actor="ukraine"))
    assert "Also called" not in text(panel)
    assert not having(panel, html.P, "panel-aliases")
    assert text(panel[1]) == "state · 2 quotes · 1 relation"


@pytest.mark.parametrize("actor", ["iran", "russia", "brics", "the-west", "tass"])
def test_pan003_relations_grouped_by_type_in_taxonomy_order(seed_model, actor):
    panel = actor_panel(seed_model, state_of(all_relations(seed_model), actor=actor))
    edges = seed_model.edges_of(actor)
    relations = seed_model.dataset.relations
    expected = [r for r in relations.index if r in set(edges["relation"])]
    (box,) = having(panel, EvidenceList)
    headings = [group["heading"] for group in box.groups]
    assert headings == [
        f"{relations.at[r, 'label']} ({(edges['relation'] == r).sum()})" for r in expected
    ]
    assert len(edge_blocks(panel)) == len(edges)
    # Each group holds the edges of its type, in the order of the model's edges.
    for relation_id, group in zip(expected, box.groups, strict=True):
        assert [e["key"] for e in group["edges"]] == list(
            edges.index[edges["relation"] == relation_id]
        )


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
    panel = actor_panel(seed_model, state_of(all_relations(seed_model), actor=source))
    assert sentence_text(block_of(panel, key, seed_model)) == sentence
    assert all(box.level == 4 for box in having(panel, EvidenceList))  # under the type's H3


def test_pan005_quotes_are_verbatim_and_in_file_order(seed_model):
    triples = seed_model.dataset.triples
    panel = actor_panel(seed_model, state_of(all_relations(seed_model), actor="russia"))
    for key in seed_model.edges_of("russia").index:
        block = block_of(panel, key, seed_model)
        rows = seed_model.edges.at[key, "rows"]
        assert quotes_of(block) == [triples.at[r, "quote"] for r in rows]
        assert list(triples.loc[rows, "line"]) == sorted(triples.loc[rows, "line"])
        refs = [meta.split(" · ")[0] for _, meta in quote_items(block)]
        assert refs == [f"sentence {triples.at[r, 'sentence']}" for r in rows]


def test_pan006_alleged_badge_marks_alleged_edges_and_quotes(seed_model):
    panel = actor_panel(seed_model, state_of(all_relations(seed_model), actor="iran"))
    alleged = block_of(panel, WEAPONS_ALLEGED, seed_model)
    stated = block_of(panel, WEAPONS_STATED, seed_model)
    assert alleged["badges"] == [{"text": "alleged", "className": "badge badge-alleged"}]
    for quote in alleged["quotes"]:
        assert quote["meta"][1] == {"chip": "alleged"}  # drawn as a chip, after the sentence
    assert not stated["badges"]
    assert all({"chip": "alleged"} not in quote["meta"] for quote in stated["quotes"])


def test_pan007_counterparts_are_links_and_the_actor_is_not(seed_model):
    panel = actor_panel(seed_model, state_of(all_relations(seed_model), actor="iran"))
    found = links(panel)
    assert found
    names = seed_model.dataset.actors["name"]
    counterparts = set(seed_model.edges_of("iran")[["source", "target"]].stack()) - {"iran"}
    assert {link["actor"] for link in found} == counterparts
    for link in found:
        assert link["type"] == ids.ACTOR_LINK
        assert link["edge"] in seed_model.edges.index
        assert link["name"] == names[link["actor"]]
    # The selected actor is plain text in each sentence: exactly one end of every edge.
    for block in edge_blocks(panel):
        assert block["sentence"].count("Iran") == 1
        assert len(links(block)) == 1 and links(block)[0]["edge"] == block["key"]


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
    panel = actor_panel(seed_model, state_of(visible, actor="iran"))
    edges = seed_model.edges_of("iran")
    hidden = int(edges["relation"].isin(hide).sum())
    notes = [c for c in walk(panel) if getattr(c, "id", None) == ids.HIDDEN_NOTE]
    if hidden:
        assert [text(n) for n in notes] == [f"{hidden} more hidden by the filter."]
    else:
        assert not notes
    assert len(edge_blocks(panel)) == len(edges) - hidden
    # the panel heads each relation type it lists with "label (count)"; the hidden ones are gone
    headings = [g["heading"] for box in having(panel, EvidenceList) for g in box.groups]
    shown = {h.rsplit(" (", 1)[0] for h in headings}
    labels = seed_model.dataset.relations["label"]
    kept = edges["relation"][~edges["relation"].isin(hide)]
    assert shown == {labels[r] for r in kept}


def test_pan021_a_busy_actor_lists_its_most_quoted_relations(seed_model, monkeypatch):
    monkeypatch.setattr(limits, "PANEL_RELATIONS", 5)
    edges = seed_model.edges_of("iran")
    panel = actor_panel(seed_model, state_of(all_relations(seed_model), actor="iran"))
    blocks = edge_blocks(panel)
    assert len(blocks) == 5
    most = edges["quotes"].sort_values(ascending=False, kind="stable").index[:5]
    for key in most:
        block_of(panel, key, seed_model)  # each of the five most quoted, with all its quotes
    headings = [g["heading"] for box in having(panel, EvidenceList) for g in box.groups]
    labels = seed_model.dataset.relations["label"]
    listed = edges.loc[most]
    expected = []
    for relation_id in [
        r for r in seed_model.dataset.relations.index if r in set(listed["relation"])
    ]:
        shown, total = (
            (listed["relation"] == relation_id).sum(),
            (edges["relation"] == relation_id).sum(),
        )
        count = f"{shown} of {total}" if shown < total else f"{total}"
        expected.append(f"{labels[relation_id]} ({count})")
    assert headings == expected
    (more,) = having(panel, html.P, "panel-more")
    assert text(more) == (
        f"These are the 5 relations with the most quotes, of {len(edges)}. "
        "The Table lists every quote: search it for Iran."
    )
    # Within the limit, all are listed and nothing is said.
    monkeypatch.setattr(limits, "PANEL_RELATIONS", len(edges))
    panel = actor_panel(seed_model, state_of(all_relations(seed_model), actor="iran"))
    assert len(edge_blocks(panel)) == len(edges) and not having(panel, html.P, "panel-more")


def test_pan009_nothing_visible_says_so(seed_model):
    panel = actor_panel(seed_model, state_of([], actor="iran"))
    flat = text(panel)
    assert "No relation of this actor passes the filter." in flat
    assert f"{len(seed_model.edges_of('iran'))} more hidden by the filter." in flat
    assert not edge_blocks(panel)


def test_pan010_panel_keeps_the_actors_own_text(seed_model):
    """Markup in a name or description is shown as text; React writes it as text (the browser
    test test_markdown.py checks that of the EvidenceList's drawing)."""
    actors = seed_model.dataset.actors.copy()
    actors.loc["iran", "name"] = "<script>alert(1)</script>"
    actors.loc["iran", "description"] = "<b>bold</b> & co"
    dataset = dataclasses.replace(seed_model.dataset, actors=actors)
    model = NetworkModel.from_dataset(dataset)
    panel = actor_panel(model, state_of(all_relations(model), actor="iran"))
    assert panel[0].children == "<script>alert(1)</script>"
    assert "<b>bold</b> & co" in text(panel)
    edge = edge_panel(model, state_of(all_relations(model), edge=WEAPONS_STATED))
    assert "<script>alert(1)</script>" in [link["name"] for link in links(edge)]


# The edge panel and the empty panel


def test_pan011_edge_panel_shows_the_relation_and_all_its_quotes(seed_model):
    triples = seed_model.dataset.triples
    panel = edge_panel(seed_model, state_of(all_relations(seed_model), edge=WEAPONS_ALLEGED))
    assert text(panel[0]) == "Relation"
    ((box,), (edge,)) = having(panel, EvidenceList), edge_blocks(panel)
    assert box.level == 3  # right under the panel's H2
    assert sentence_text(edge) == "Iran → supplies weapons to → Russia alleged"
    rows = seed_model.edges.at[WEAPONS_ALLEGED, "rows"]
    assert quotes_of(panel) == [triples.at[r, "quote"] for r in rows]
    assert {link["actor"] for link in links(panel)} == {"iran", "russia"}
    flat = text(panel)
    assert seed_model.dataset.relations.at["supplies_weapons", "description"] in flat
    metas = [meta for _, meta in quote_items(panel)]
    for row, meta in zip(rows, metas, strict=True):
        assert meta.endswith(triples.at[row, "note"])
    assert "hidden by the filter" not in flat


def test_pan012_edge_panel_says_when_its_type_is_hidden(seed_model):
    panel = edge_panel(seed_model, state_of(["meets"], edge=WEAPONS_STATED))
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


@pytest.mark.parametrize("hidden", [("opposes",), ("opposes", "cooperates", "tension")])
def test_pan042_empty_panel_counts_what_the_filters_let_through(seed_model, hidden):
    dataset = seed_model.dataset
    shown = [r for r in dataset.relations.index if r not in hidden]
    triples = dataset.triples[dataset.triples["relation"].isin(shown)]
    edges = seed_model.edges[seed_model.edges["relation"].isin(shown)]
    actors = set(edges["source"]) | set(edges["target"])
    sentences = {
        n
        for first, last in zip(triples["sentence"], triples["sentence_end"], strict=True)
        for n in range(first, last + 1)
    }
    flat = text(empty_panel(seed_model, state_of(shown)))
    assert (
        f"The filters show {len(actors)} of {len(dataset.actors)} actors, {len(edges)} of "
        f"{len(seed_model.edges)} relations and {len(triples)} of {len(dataset.triples)} "
        f"supporting quotes, from {len(sentences)} of the article's {len(dataset.sentences)} "
        "sentences."
    ) in flat
    assert len(triples) < len(dataset.triples)


# Quotes and mentions


def test_pan014_quote_parts(seed_model):
    triples = seed_model.dataset.triples
    row = seed_model.edges.at[WEAPONS_ALLEGED, "rows"][0]
    (quote,) = quote_entries(seed_model, [row])
    assert "".join(quote["parts"]) == triples.at[row, "quote"]
    assert quote["meta"] == ["sentence 18", {"chip": "alleged"}, triples.at[row, "note"]]
    assert quote["anchor"] == "sentence-1-18"


def test_pan015_quote_without_note_has_no_note(seed_dataset):
    """Built, not found: a stated one-sentence quote that has a note, with the note taken away."""
    triples = seed_dataset.triples
    row = triples.index[
        (triples["note"] != "")
        & (triples["certainty"] == "stated")
        & (triples["sentence"] == triples["sentence_end"])
    ][0]
    bare = triples.copy()
    bare.loc[row, "note"] = ""
    model = NetworkModel.from_dataset(dataclasses.replace(seed_dataset, triples=bare))
    ((_, meta),) = quote_items(quote_entries(model, [row]))
    assert meta == f"sentence {triples.at[row, 'sentence']}"


def test_pan043_a_quote_over_two_sentences_names_both(seed_dataset):
    """Built, not found (the seed has none): a quote whose passage runs into the next sentence."""
    triples = seed_dataset.triples.copy()
    row = triples.index[0]
    first = triples.at[row, "sentence"]
    triples.loc[row, "sentence_end"] = first + 1
    model = NetworkModel.from_dataset(dataclasses.replace(seed_dataset, triples=triples))
    (quote,) = quote_entries(model, [row])
    assert quote["meta"][0] == f"sentences {first}–{first + 1}"
    assert quote["anchor"] == f"sentence-1-{first}"  # the link opens the article at its start


def test_pan016_mentions_are_bold_and_text_is_exact(seed_model):
    dataset = seed_model.dataset
    bold = 0
    for row, triple in dataset.triples.iterrows():
        parts = emphasise_mentions(seed_model, "iran-russia-treaty", triple["start"], triple["end"])
        assert len(parts) % 2 == 1  # text, mention, text, ..., text
        assert "".join(parts) == triple["quote"], row
        for form in parts[1::2]:
            assert form in dataset.surface_forms or "t" + form[1:] in dataset.surface_forms, form
            bold += 1
    assert bold > len(dataset.triples)


def test_pan017_bold_marks_every_mention(seed_model):
    triples = seed_model.dataset.triples
    row = seed_model.edges.at[WEAPONS_ALLEGED, "rows"][0]
    parts = emphasise_mentions(
        seed_model, "iran-russia-treaty", triples.at[row, "start"], triples.at[row, "end"]
    )
    # "the United States" is an alias; it matches with a capital T at the start of a sentence
    assert parts[1::2] == ["The United States", "Tehran", "Moscow", "Iran"]


def test_pan018_text_with_no_mention_has_no_bold(seed_model):
    article = seed_model.dataset.article
    start = article.index("significant cooperation treaty")
    parts = emphasise_mentions(
        seed_model, "iran-russia-treaty", start, start + len("significant cooperation treaty")
    )
    assert parts == ["significant cooperation treaty"]


# No HTML from the data, anywhere


def every_panel(model: NetworkModel):
    visible = all_relations(model)
    yield "empty", empty_panel(model)
    for actor in model.dataset.actors.index:
        yield actor, actor_panel(model, state_of(visible, actor=actor))
        yield f"{actor} filtered", actor_panel(model, state_of(visible[::2], actor=actor))
    for key in model.edges.index:
        yield key, edge_panel(model, state_of(visible, edge=key))


def test_pan040_ids_are_unique_in_every_panel(seed_model):
    """Components, and the actor links (Iran's panel links Russia nine times), each have their
    own id: bench/load.py finds a panel's relations by its links' edges."""
    for name, panel in every_panel(seed_model):
        found = [json.dumps(c.id, sort_keys=True) for c in walk(panel) if getattr(c, "id", None)]
        found += [json.dumps(link, sort_keys=True) for link in links(panel)]
        assert len(found) == len(set(found)), name


ANCHOR = re.compile(r"sentence-[0-9]+-[0-9]+")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def check_evidence(model: NetworkModel, box: EvidenceList) -> None:
    """The data of an EvidenceList has the shape assets/panel.js draws, and nothing else: it
    draws every string as text, so the data can hold no markup that it would read."""
    assert box.level in (3, 4)
    for group in box.groups:
        assert set(group) <= {"heading", "colour", "edges"} and group["edges"]
        assert isinstance(group.get("heading", ""), str)
        assert "colour" not in group or COLOUR.fullmatch(group["colour"])
        for edge in group["edges"]:
            assert set(edge) == {"key", "sentence", "badges", "quotes"}
            assert edge["key"] in model.edges.index
            for piece in edge["sentence"]:
                assert isinstance(piece, str) or (
                    set(piece) == {"id", "name"} and isinstance(piece["name"], str)
                )
            for badge in edge["badges"]:
                assert set(badge) == {"text", "className"}
                assert badge["className"].startswith("badge badge-")
            for quote in edge["quotes"]:
                assert set(quote) == {"parts", "meta", "anchor"}
                assert ANCHOR.fullmatch(quote["anchor"])
                assert all(isinstance(part, str) for part in quote["parts"])
                assert "".join(quote["parts"]) in model.dataset.article
                for item in quote["meta"]:
                    assert isinstance(item, str) or (
                        set(item) == {"chip"} and isinstance(item["chip"], str)
                    )


def test_pan019_no_raw_html_and_quotes_only_as_data(seed_model):
    for name, panel in every_panel(seed_model):
        for component in walk(panel):
            assert not getattr(component, "dangerously_allow_html", False), name
            if isinstance(component, EvidenceList):
                check_evidence(seed_model, component)
            else:
                assert type(component).__module__.startswith("dash.html"), (name, component)


# The sentence panel, and panels of several articles

SEED_ARTICLE = "iran-russia-treaty"
CASPIAN = "caspian-gas-talks"
SHARED_EDGE = "iran/economic_cooperation/russia/stated"  # quoted in both articles
UNCITED = 35  # explained under [[uncited]] in the seed's dataset.toml


@pytest.fixture(scope="module")
def corpus_model(tmp_path_factory):
    from dashboard.corpus import load_corpus
    from tests.test_corpus import two_articles

    return NetworkModel.from_dataset(load_corpus(two_articles(tmp_path_factory.mktemp("c"))))


def touching(model: NetworkModel, article: str, number: int):
    triples = model.dataset.triples
    return triples[
        (triples["article"] == article)
        & (triples["sentence"] <= number)
        & (triples["sentence_end"] >= number)
    ]


def test_pan022_sentence_panel_lists_what_the_sentence_supports(seed_model):
    from dashboard.panel import sentence_panel

    panel = sentence_panel(seed_model, SEED_ARTICLE, 9, state_of(all_relations(seed_model)))
    assert isinstance(panel[0], html.H2) and panel[0].children == "Sentence 9"
    (shown,) = having(panel, html.Blockquote, "sentence-quote")
    assert text(shown) == seed_model.dataset.sentences.at[9, "text"]
    # the seed's mentions in it: Russia's alias "Russian", TASS and Moscow's "the Kremlin"
    assert [text(bold) for bold in having(shown, html.Strong)] == ["Russian", "TASS", "the Kremlin"]
    rows = touching(seed_model, SEED_ARTICLE, 9)
    keys = {k for k, r in seed_model.edges["rows"].items() if set(r) & set(rows.index)}
    assert keys == {
        "tass/represents/russia/stated",
        "masoud-pezeshkian/meets/vladimir-putin/stated",
        "masoud-pezeshkian/signs_agreement/vladimir-putin/stated",
    }
    assert f"It supports {len(keys)} relations." in text(panel)
    assert len(edge_blocks(panel)) == len(keys)
    # quotes from this sentence only, though the meeting is quoted elsewhere too
    assert sorted(quotes_of(panel)) == sorted(rows["quote"])
    assert len(seed_model.edges.at["masoud-pezeshkian/meets/vladimir-putin/stated", "rows"]) > 1
    assert all(meta.startswith("sentence 9") for _, meta in quote_items(panel))
    assert {link["edge"] for link in links(panel)} == keys


def test_pan023_sentence_panel_counts_quotes_of_hidden_types(seed_model):
    from dashboard.panel import sentence_panel

    panel = sentence_panel(seed_model, SEED_ARTICLE, 9, state_of(["meets"]))
    assert "It supports 3 relations, 2 of its quotes hidden by the relation filter." in text(panel)
    assert len(edge_blocks(panel)) == 3  # the reader asked for this sentence: all are shown


def test_pan024_uncited_sentence_gives_the_reason(seed_model):
    from dashboard.panel import sentence_panel

    dataset = seed_model.dataset
    (entry,) = dataset.meta["uncited"]
    assert entry["quote"] in dataset.sentences.at[UNCITED, "text"]
    panel = sentence_panel(seed_model, SEED_ARTICLE, UNCITED, state_of(all_relations(seed_model)))
    assert panel[0].children == f"Sentence {UNCITED}"
    (hint,) = having(panel, html.P, "panel-hint")
    assert text(hint) == f"No relation cites this sentence. Why: {entry['reason'].strip()}"
    assert not edge_blocks(panel)


def test_pan025_uncited_sentence_without_a_reason(seed_model):
    from dashboard.panel import sentence_panel

    assert touching(seed_model, SEED_ARTICLE, 5).empty
    panel = sentence_panel(seed_model, SEED_ARTICLE, 5, state_of(all_relations(seed_model)))
    (hint,) = having(panel, html.P, "panel-hint")
    assert text(hint) == "No relation cites this sentence."


@pytest.mark.parametrize(
    ("number", "has_reason"), [(UNCITED, True), (34, False), (36, False), (1, False)]
)
def test_pan026_uncited_reason_only_for_its_sentence(seed_model, number, has_reason):
    from dashboard.panel import _uncited_reason

    dataset = seed_model.dataset
    start, end = dataset.sentences.loc[number, ["start", "end"]]
    reason = _uncited_reason(dataset, start, end)
    assert (
        (reason == dataset.meta["uncited"][0]["reason"].strip()) if has_reason else reason is None
    )


def test_pan027_quotes_link_to_their_sentence(seed_model, corpus_model):
    for model, k in ((seed_model, 1), (corpus_model, 2)):
        triples = model.dataset.triples
        row = triples.index[
            (triples["relation"] == "visits") & (triples["article"] == SEED_ARTICLE)
        ][0]
        (quote,) = quote_entries(model, [row])
        assert quote["anchor"] == f"sentence-{k}-{triples.at[row, 'sentence']}"


def test_pan028_quotes_of_several_articles_carry_their_title(corpus_model):
    triples = corpus_model.dataset.triples
    titles = {n: d.meta["title"] for n, d in corpus_model.dataset.datasets.items()}
    panel = edge_panel(corpus_model, state_of(all_relations(corpus_model), edge=SHARED_EDGE))
    rows = corpus_model.edges.at[SHARED_EDGE, "rows"]
    items = quote_items(panel)
    assert [q for q, _ in items] == [triples.at[r, "quote"] for r in rows]
    for row, (_, meta) in zip(rows, items, strict=True):
        title, where = meta.split(" · ")[:2]
        assert title == titles[triples.at[row, "article"]]
        assert where == f"sentence {triples.at[row, 'sentence']}"
    assert {m.split(" · ")[0] for _, m in items} == set(titles.values())
    for row, quote in zip(rows, quote_entries(corpus_model, rows), strict=True):
        k = 1 if triples.at[row, "article"] == CASPIAN else 2
        assert quote["anchor"] == f"sentence-{k}-{triples.at[row, 'sentence']}"


def test_pan029_sentence_panel_of_several_articles_names_the_article(corpus_model):
    from dashboard.panel import sentence_panel

    datasets = corpus_model.dataset.datasets
    panel = sentence_panel(corpus_model, SEED_ARTICLE, 9, state_of(all_relations(corpus_model)))
    assert panel[0].children == f"Sentence 9 of “{datasets[SEED_ARTICLE].meta['title']}”"
    caspian = sentence_panel(corpus_model, CASPIAN, 3, state_of(all_relations(corpus_model)))
    assert caspian[0].children == f"Sentence 3 of “{datasets[CASPIAN].meta['title']}”"
    rows = touching(corpus_model, CASPIAN, 3)
    assert sorted(quotes_of(caspian)) == sorted(rows["quote"])
    # Caspian's sentence 3 backs the shared edge; the seed's quotes of it are not shown
    assert SHARED_EDGE in {link["edge"] for link in links(caspian)}
    assert len(quotes_of(caspian)) < len(corpus_model.edges.at[SHARED_EDGE, "rows"])


def test_pan030_actor_panel_of_one_article_drops_the_others_edges(corpus_model):
    triples = corpus_model.dataset.triples
    edges = corpus_model.edges_of("iran")
    with_caspian = [
        k for k, r in edges["rows"].items() if CASPIAN in set(triples.loc[r, "article"])
    ]
    assert 0 < len(with_caspian) < len(edges)
    panel = actor_panel(
        corpus_model, state_of(all_relations(corpus_model), articles=[CASPIAN], actor="iran")
    )
    assert {link["edge"] for link in links(panel)} == set(with_caspian)
    assert len(edge_blocks(panel)) == len(with_caspian)
    hidden = len(edges) - len(with_caspian)
    notes = [text(c) for c in walk(panel) if getattr(c, "id", None) == ids.HIDDEN_NOTE]
    assert notes == [f"{hidden} more hidden by the filter."]
    # the shared edge shows only the Caspian article's quotes
    (block,) = [b for b in edge_blocks(panel) if b["key"] == SHARED_EDGE]
    rows = corpus_model.edges.at[SHARED_EDGE, "rows"]
    assert quotes_of(block) == [
        triples.at[r, "quote"] for r in rows if triples.at[r, "article"] == CASPIAN
    ]
    # every article, given or not, is the whole panel
    whole = actor_panel(corpus_model, state_of(all_relations(corpus_model), actor="iran"))
    both = actor_panel(
        corpus_model,
        state_of(all_relations(corpus_model), articles=[CASPIAN, SEED_ARTICLE], actor="iran"),
    )
    assert len(edge_blocks(whole)) == len(edge_blocks(both)) == len(edges)


@pytest.mark.parametrize(
    ("key", "visible", "articles", "note"),
    [
        (WEAPONS_STATED, "every", [CASPIAN], "The articles that state this relation are hidden by the filter."),
        (WEAPONS_STATED, ["meets"], [CASPIAN], "This relation type is hidden by the filter."),
        (SHARED_EDGE, "every", [CASPIAN], None),
        (SHARED_EDGE, "every", [SEED_ARTICLE], None),
        (WEAPONS_STATED, "every", None, None),
        (WEAPONS_STATED, "every", [], "The articles that state this relation are hidden by the filter."),
    ],
)  # fmt: skip
def test_pan031_edge_panel_says_when_its_articles_are_hidden(
    corpus_model, key, visible, articles, note
):
    visible = all_relations(corpus_model) if visible == "every" else visible
    panel = edge_panel(corpus_model, state_of(visible, articles=articles, edge=key))
    assert [text(p) for p in having(panel, html.P, "panel-hidden")] == ([note] if note else [])
    # the reader asked for this relation: all of its quotes are there anyway
    assert len(quotes_of(panel)) == corpus_model.edges.at[key, "quotes"]


def test_pan032_empty_panel_of_several_articles(corpus_model):
    from dashboard.article_view import sentence_rows

    flat = text(empty_panel(corpus_model))
    sentences = sum(len(d.sentences) for d in corpus_model.dataset.datasets.values())
    assert (
        f"{len(corpus_model.dataset.triples)} supporting quotes from "
        f"{len(sentence_rows(corpus_model))} of the 2 articles' {sentences} sentences."
    ) in flat


def test_pan033_sentence_panels_hold_no_raw_html_and_unique_ids(seed_model):
    from dashboard.panel import sentence_panel

    visible = all_relations(seed_model)
    for number in seed_model.dataset.sentences.index:
        panel = sentence_panel(seed_model, SEED_ARTICLE, number, state_of(visible))
        found = [json.dumps(c.id, sort_keys=True) for c in walk(panel) if getattr(c, "id", None)]
        assert len(found) == len(set(found)), number
        found = [json.dumps(link, sort_keys=True) for link in links(panel)]
        assert len(found) == len(set(found)), number
        for component in walk(panel):
            assert not getattr(component, "dangerously_allow_html", False), number
            if isinstance(component, EvidenceList):
                check_evidence(seed_model, component)
            else:
                assert type(component).__module__.startswith("dash.html"), number


def test_pan041_a_busy_actors_panel_within_chosen_articles_ranks_by_their_quotes(
    corpus_model, monkeypatch
):
    """Over PANEL_RELATIONS, the relations listed are those most quoted in the articles shown."""
    triples = corpus_model.dataset.triples
    edges = corpus_model.edges_of("iran")
    in_caspian = edges["rows"].map(
        lambda rows: int((triples.loc[rows, "article"] == CASPIAN).sum())
    )
    in_caspian = in_caspian[in_caspian > 0]  # the relations the article filter shows

    def top(counts, n):
        return set(counts.sort_values(ascending=False, kind="stable").index[:n])

    # the case: a limit where the ranking within the article differs from the overall one
    limit = next(
        n for n in range(1, len(in_caspian))
        if top(in_caspian, n) != top(edges.loc[in_caspian.index, "quotes"], n)
    )  # fmt: skip
    monkeypatch.setattr(limits, "PANEL_RELATIONS", limit)
    panel = actor_panel(
        corpus_model, state_of(all_relations(corpus_model), articles=[CASPIAN], actor="iran")
    )
    listed = {block["key"] for block in edge_blocks(panel)}
    assert listed == top(in_caspian, limit)
    (more,) = having(panel, html.P, "panel-more")
    assert text(more).startswith(
        f"These are the {limit} relations with the most quotes, of {len(in_caspian)}."
    )
