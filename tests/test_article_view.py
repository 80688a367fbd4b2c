"""Tests for dashboard.article_view: sentence anchors, the cited sentences and the article as
components, read back as text and links."""

from __future__ import annotations

import pytest
from dash import html

from dashboard import limits
from dashboard.article_view import (
    article_view,
    parse_anchor,
    sentence_anchor,
    sentence_relations,
    sentence_rows,
)
from dashboard.corpus import load_corpus
from dashboard.figure import relation_colours
from dashboard.filters import passing_triples
from dashboard.graph import NetworkModel
from tests.conftest import SEED, state_of
from tests.test_corpus import ARTICLES, CASPIAN, two_articles
from tests.test_panel import text, walk

ARTICLE = SEED.name
UNCITED = 35  # explained under [[uncited]] in the seed's dataset.toml


@pytest.fixture(scope="module")
def corpus_model(tmp_path_factory) -> NetworkModel:
    return NetworkModel.from_dataset(load_corpus(two_articles(tmp_path_factory.mktemp("c"))))


def squeeze(value: str) -> str:
    return " ".join(value.split())


def shown_text(view) -> str:
    """The article's text as shown, paragraph after paragraph, white space squeezed."""
    paragraphs = [c for c in walk(view) if "article-paragraph" in classes(c)]
    return squeeze(" ".join(text(p) for p in paragraphs))


def classes(component) -> set[str]:
    return set((getattr(component, "className", None) or "").split())


def links(view) -> list[html.A]:
    return [c for c in walk(view) if isinstance(c, html.A)]


def every_relation(model: NetworkModel) -> list[str]:
    return list(model.dataset.relations.index)


def cited_by(model: NetworkModel, relations) -> set[tuple[str, int]]:
    """The (article, sentence) pairs that a quote of one of ``relations`` touches."""
    triples = model.dataset.triples
    triples = triples[triples["relation"].isin(list(relations))]
    return {
        (article, n)
        for article, first, last in zip(
            triples["article"], triples["sentence"], triples["sentence_end"], strict=True
        )
        for n in range(first, last + 1)
    }


# Anchors


@pytest.mark.parametrize("which", ["seed", "corpus"])
def test_av001_every_sentence_anchor_round_trips(seed_model, corpus_model, which):
    model = seed_model if which == "seed" else corpus_model
    seen = set()
    for k, (name, dataset) in enumerate(model.dataset.datasets.items(), start=1):
        for number in dataset.sentences.index:
            anchor = sentence_anchor(model, name, number)
            assert anchor == f"sentence-{k}-{number}"
            assert parse_anchor(model, anchor) == (name, number)
            assert parse_anchor(model, f"#{anchor}") == (name, number)
            seen.add(anchor)
    assert len(seen) == sum(len(d.sentences) for d in model.dataset.datasets.values())


@pytest.mark.parametrize(
    "anchor",
    [
        pytest.param("", id="empty"),
        pytest.param(None, id="none"),
        pytest.param("#", id="hash-only"),
        pytest.param("sentence-0-1", id="article-0"),
        pytest.param("sentence-1-0", id="sentence-0"),
        pytest.param("sentence-1-999", id="past-the-last-sentence"),
        pytest.param("sentence-1-52", id="one-past-the-last"),
        pytest.param("sentence-2-1", id="second-article-of-one"),
        pytest.param("sentence-3-1", id="third-article"),
        pytest.param("#sentence-1-1x", id="trailing-junk"),
        pytest.param(" sentence-1-1", id="leading-space"),
        pytest.param("##sentence-1-1", id="two-hashes"),
        pytest.param("sentence-1-" + "9" * 40, id="very-long-number"),
        pytest.param("sentence-" + "1" * 40 + "-1", id="very-long-article"),
        pytest.param("sentence--1-1", id="negative"),
        pytest.param("sentence-1-١", id="arabic-digit"),
        pytest.param("sentence-1", id="no-sentence"),
        pytest.param("Sentence-1-1", id="capital"),
        pytest.param(9, id="int"),
        pytest.param(["sentence-1-1"], id="list"),
        pytest.param({"id": "sentence-1-1"}, id="dict"),
        pytest.param(b"sentence-1-1", id="bytes"),
    ],
)
def test_av002_parse_anchor_rejects_junk(seed_model, anchor):
    assert parse_anchor(seed_model, anchor) is None


@pytest.mark.parametrize(
    ("anchor", "expected"),
    [
        ("sentence-1-6", (CASPIAN.name, 6)),
        ("sentence-1-7", None),  # the Caspian article has six sentences
        ("sentence-2-51", (ARTICLE, 51)),
        ("sentence-2-52", None),
        ("sentence-3-1", None),
    ],
)
def test_av003_parse_anchor_with_two_articles(corpus_model, anchor, expected):
    assert parse_anchor(corpus_model, anchor) == expected


# Cited sentences


def test_av004_sentence_rows_cover_exactly_the_cited_sentences(seed_model):
    rows = sentence_rows(seed_model)
    triples = seed_model.dataset.triples
    assert len(rows) == 44
    assert set(rows) == cited_by(seed_model, every_relation(seed_model))
    assert UNCITED not in {n for _, n in rows}
    for row, first, last in zip(
        triples.index, triples["sentence"], triples["sentence_end"], strict=True
    ):
        for number in range(first, last + 1):
            assert row in rows[(ARTICLE, number)]
    for (article, number), listed in rows.items():
        assert article == ARTICLE
        assert listed == sorted(set(listed))
        for row in listed:
            assert triples.at[row, "sentence"] <= number <= triples.at[row, "sentence_end"]


def test_av005_sentence_rows_of_two_articles(corpus_model):
    rows = sentence_rows(corpus_model)
    triples = corpus_model.dataset.triples
    assert {article for article, _ in rows} == set(ARTICLES)
    assert set(rows) == cited_by(corpus_model, every_relation(corpus_model))
    for (article, _), listed in rows.items():
        assert set(triples.loc[listed, "article"]) == {article}
    # China's sentence, the sixth of the Caspian article, supports nothing
    assert (CASPIAN.name, 6) not in rows


@pytest.mark.parametrize(
    ("relations", "articles", "expected"),
    [
        (["meets"], [ARTICLE], ["meets"]),
        (["leads", "accuses", "meets"], [ARTICLE], ["meets", "accuses", "leads"]),
        (["accuses"], [ARTICLE], ["accuses"]),
        ([], [ARTICLE], []),
        (["meets"], [], []),
    ],
)
def test_av006_sentence_relations_are_the_visible_types_in_taxonomy_order(
    seed_model, relations, articles, expected
):
    # a "sentence" that supports one quote each of meets, accuses and leads
    triples = seed_model.dataset.triples
    rows = [triples.index[triples["relation"] == r][0] for r in ("leads", "accuses", "meets")]
    order = list(seed_model.dataset.relations.index)
    assert order.index("meets") < order.index("accuses") < order.index("leads")
    passing = passing_triples(seed_model, state_of(relations, articles=articles))
    assert sentence_relations(seed_model, rows, passing) == expected


# The article as components


def test_av007_every_cited_sentence_is_a_link(seed_model):
    view = article_view(seed_model, state_of(every_relation(seed_model), articles=[ARTICLE]))
    found = links(view)
    assert len(found) == 44
    sentences = seed_model.dataset.sentences
    numbers = [int(a.id.rsplit("-", 1)[1]) for a in found]
    assert numbers == sorted(n for _, n in sentence_rows(seed_model))
    for link, number in zip(found, numbers, strict=True):
        assert link.id == f"sentence-1-{number}"
        assert link.href == f"#{link.id}"
        assert link.children == sentences.at[number, "text"]
        assert link.title.startswith(f"Sentence {number} supports: ")
        assert "sentence" in classes(link)


@pytest.mark.parametrize(
    "relation", ["supplies_weapons", "meets", "member_of", "accuses", "visits"]
)
def test_av008_only_sentences_of_the_ticked_types_are_links(seed_model, relation):
    view = article_view(seed_model, state_of([relation], articles=[ARTICLE]))
    expected = sorted(n for _, n in cited_by(seed_model, [relation]))
    assert expected
    assert [int(a.id.rsplit("-", 1)[1]) for a in links(view)] == expected


def test_av009_no_type_ticked_no_link_but_all_the_text(seed_model):
    view = article_view(seed_model, state_of([], articles=[ARTICLE]))
    assert links(view) == []
    assert shown_text(view) == squeeze(seed_model.dataset.article)


@pytest.mark.parametrize(
    "relations",
    [
        pytest.param(None, id="every-type"),
        pytest.param(["meets", "accuses", "represents", "leads"], id="some-types"),
    ],
)
def test_av010_each_link_is_marked_once_per_visible_type_in_its_colour(seed_model, relations):
    relations = every_relation(seed_model) if relations is None else relations
    labels = seed_model.dataset.relations["label"]
    colours = relation_colours(seed_model.dataset.relations)
    triples = seed_model.dataset.triples
    view = article_view(seed_model, state_of(relations, articles=[ARTICLE]))
    several = 0
    for link in links(view):
        number = int(link.id.rsplit("-", 1)[1])
        touching = triples[(triples["sentence"] <= number) & (triples["sentence_end"] >= number)]
        shown = [r for r in every_relation(seed_model) if r in set(touching["relation"])]
        shown = [r for r in shown if r in relations]
        assert classes(link) == {"sentence"}, number
        drawn = link.style["boxShadow"].split(", ")
        assert drawn == [
            f"inset 0 -{3 * (i + 1)}px 0 {colours[r]}" for i, r in enumerate(shown[:4])
        ], number
        assert link.title == (
            f"Sentence {number} supports: {', '.join(labels[r] for r in shown)}. "
            "Select it to show them."
        )
        several += len(shown) > 1
    assert several >= 2  # sentences that the old single "mixed" colour told nothing about


def test_av030_sentences_about_the_selected_actor_or_relation_stand_out(seed_model):
    triples = seed_model.dataset.triples
    everything = every_relation(seed_model)

    def about(state):
        view = article_view(seed_model, state)
        marked = [
            int(a.id.rsplit("-", 1)[1]) for a in links(view) if "sentence-about" in classes(a)
        ]
        return marked, text([c for c in walk(view) if "article-key" in classes(c)])

    involved = triples[(triples["source"] == "belarus") | (triples["target"] == "belarus")]
    expected = sorted({n for a, b in zip(involved["sentence"], involved["sentence_end"], strict=True)
                       for n in range(a, b + 1)})  # fmt: skip
    marked, key = about(state_of(everything, actor="belarus"))
    assert marked == expected and expected
    assert f"Highlighted: the {len(expected)} sentences about Belarus." in key

    edge = "iran/supplies_weapons/russia/stated"
    rows = seed_model.edges.at[edge, "rows"]
    expected = sorted({n for r in rows
                       for n in range(triples.at[r, "sentence"], triples.at[r, "sentence_end"] + 1)})  # fmt: skip
    marked, key = about(state_of(everything, edge=edge))
    assert marked == expected
    assert "about Iran supplies weapons to Russia." in key

    marked, key = about(state_of(everything))
    assert marked == [] and "Highlighted" not in key


def test_av031_the_key_lists_the_marked_types_in_their_colours(seed_model):
    view = article_view(seed_model, state_of(["meets", "accuses"], articles=[ARTICLE]))
    (key,) = [c for c in walk(view) if "article-key" in classes(c)]
    labels = seed_model.dataset.relations["label"]
    items = [c for c in walk(key) if isinstance(c, html.Li)]
    assert [text(i).strip() for i in items] == [labels["meets"], labels["accuses"]]
    colours = relation_colours(seed_model.dataset.relations)
    swatches = [c.style["background"] for c in walk(key) if "mark-swatch" in classes(c)]
    assert swatches == [colours["meets"], colours["accuses"]]


def test_av011_marked_sentence_is_marked_once(seed_model):
    view = article_view(
        seed_model, state_of(every_relation(seed_model), articles=[ARTICLE]), (ARTICLE, 9)
    )
    marked = [c for c in walk(view) if "sentence-marked" in classes(c)]
    assert len(marked) == 1
    (link,) = marked
    assert isinstance(link, html.A) and link.id == "sentence-1-9"
    assert {"sentence", "sentence-marked"} <= classes(link)


def test_av012_marked_uncited_sentence_becomes_a_span(seed_model):
    anchor = f"sentence-1-{UNCITED}"
    plain = article_view(seed_model, state_of(every_relation(seed_model), articles=[ARTICLE]))
    assert not [c for c in walk(plain) if getattr(c, "id", None) == anchor]
    view = article_view(
        seed_model, state_of(every_relation(seed_model), articles=[ARTICLE]), (ARTICLE, UNCITED)
    )
    (span,) = [c for c in walk(view) if getattr(c, "id", None) == anchor]
    assert isinstance(span, html.Span)
    assert classes(span) == {"sentence-marked"}
    assert span.children == seed_model.dataset.sentences.at[UNCITED, "text"]
    assert len(links(view)) == 44


def test_av013_marked_sentence_of_a_hidden_type_is_a_span(seed_model):
    view = article_view(seed_model, state_of(["visits"], articles=[ARTICLE]), (ARTICLE, 9))
    (marked,) = [c for c in walk(view) if "sentence-marked" in classes(c)]
    assert isinstance(marked, html.Span) and marked.id == "sentence-1-9"


def test_av014_text_is_all_there_paragraph_by_paragraph(seed_model):
    view = article_view(seed_model, state_of(every_relation(seed_model), articles=[ARTICLE]))
    article = [part for part in view if "article-key" not in classes(part)]
    paragraphs = [c for c in walk(article) if isinstance(c, html.P)]
    assert all(classes(p) == {"article-paragraph"} for p in paragraphs)
    expected = [squeeze(p) for p in seed_model.dataset.article.split("\n") if p.strip()]
    assert [squeeze(text(p)) for p in paragraphs] == expected
    # nothing is lost or doubled between sentences: spaces as in the article
    assert text(paragraphs[0]) == seed_model.dataset.article.split("\n")[0].strip()
    assert not [c for c in walk(view) if isinstance(c, html.H3)]  # one article: no heading


def test_av015_two_articles_each_under_its_title(corpus_model):
    datasets = corpus_model.dataset.datasets
    view = article_view(corpus_model, state_of(every_relation(corpus_model), articles=ARTICLES))
    headings = [c for c in walk(view) if isinstance(c, html.H3)]
    assert [h.children for h in headings] == [datasets[n].meta["title"] for n in ARTICLES]
    bylines = [text(c) for c in walk(view) if "byline" in classes(c)]
    assert bylines == ["Test Wire · 2025-03-04", "Stratheia · 2025-01-17"]
    flat = shown_text(view)
    for name in ARTICLES:
        assert squeeze(datasets[name].article) in flat
    assert flat.index(squeeze(datasets[CASPIAN.name].article)) < flat.index(
        squeeze(datasets[ARTICLE].article)
    )
    anchors = {a.id for a in links(view)}
    assert "sentence-1-1" in anchors and "sentence-2-9" in anchors
    assert len(anchors) == len(sentence_rows(corpus_model))


@pytest.mark.parametrize(
    ("kept", "dropped"), [([ARTICLE], CASPIAN.name), ([CASPIAN.name], ARTICLE)]
)
def test_av016_an_unticked_article_is_not_shown(corpus_model, kept, dropped):
    datasets = corpus_model.dataset.datasets
    view = article_view(corpus_model, state_of(every_relation(corpus_model), articles=kept))
    flat = shown_text(view)
    assert squeeze(datasets[kept[0]].article) in flat
    assert datasets[dropped].sentences.at[1, "text"] not in flat
    assert [c.children for c in walk(view) if isinstance(c, html.H3)] == [
        datasets[kept[0]].meta["title"]
    ]
    k = ARTICLES.index(kept[0]) + 1
    assert all(a.id.startswith(f"sentence-{k}-") for a in links(view))


def test_av017_no_article_ticked_says_so(corpus_model):
    view = article_view(corpus_model, state_of(every_relation(corpus_model), articles=[]))
    assert text(view) == "No article passes the filter."
    assert links(view) == []


# A long article: only a window of sentences


def rendered_numbers(model: NetworkModel, view, article: str = ARTICLE) -> list[int]:
    """The numbers of the sentences whose text the view shows (every one, cited or not)."""
    shown = shown_text(view)
    sentences = model.dataset.datasets[article].sentences
    return [n for n, t in sentences["text"].items() if squeeze(t) in shown]


@pytest.mark.parametrize(
    ("marked", "first", "last"),
    [
        (None, 1, 10),
        (2, 1, 10),
        (30, 25, 34),
        (UNCITED, 30, 39),
        (50, 42, 51),
        (51, 42, 51),
    ],
)
def test_av018_long_article_shows_a_window_around_the_marked_sentence(
    seed_model, monkeypatch, marked, first, last
):
    monkeypatch.setattr(limits, "MAX_SENTENCES", 10)
    view = article_view(
        seed_model,
        state_of(every_relation(seed_model), articles=[ARTICLE]),
        marked and (ARTICLE, marked),
    )
    assert rendered_numbers(seed_model, view) == list(range(first, last + 1))
    notes = [text(c) for c in walk(view) if "panel-hint" in classes(c)]
    assert notes == [
        f"Sentences {first}–{last} of 51: select a sentence from the panel's quotes to show "
        "the part around it."
    ]
    numbers = {int(c.id.rsplit("-", 1)[1]) for c in walk(view) if getattr(c, "id", None)}
    assert numbers <= set(range(first, last + 1))
    if marked:
        (mark,) = [c for c in walk(view) if "sentence-marked" in classes(c)]
        assert mark.id == f"sentence-1-{marked}"


def test_av019_article_as_long_as_the_limit_is_shown_whole(seed_model, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SENTENCES", 51)
    view = article_view(
        seed_model, state_of(every_relation(seed_model), articles=[ARTICLE]), (ARTICLE, 30)
    )
    assert rendered_numbers(seed_model, view) == list(range(1, 52))
    assert not [c for c in walk(view) if "panel-hint" in classes(c)]


@pytest.mark.parametrize(
    ("marked", "shown"),
    [
        ((ARTICLE, 30), ARTICLE),
        ((CASPIAN.name, 2), CASPIAN.name),
        (None, CASPIAN.name),  # the first article
    ],
)
def test_av020_too_long_together_shows_one_article(corpus_model, monkeypatch, marked, shown):
    monkeypatch.setattr(limits, "MAX_SENTENCES", 10)
    view = article_view(
        corpus_model, state_of(every_relation(corpus_model), articles=ARTICLES), marked
    )
    datasets = corpus_model.dataset.datasets
    headings = [c.children for c in walk(view) if isinstance(c, html.H3)]
    assert headings == [datasets[shown].meta["title"]]
    (hidden,) = [n for n in ARTICLES if n != shown]
    assert rendered_numbers(corpus_model, view, hidden) == []
    assert rendered_numbers(corpus_model, view, shown)


def test_av021_an_article_left_out_for_length_is_named(corpus_model, monkeypatch):
    monkeypatch.setattr(limits, "MAX_SENTENCES", 10)
    view = article_view(
        corpus_model, state_of(every_relation(corpus_model), articles=ARTICLES), (CASPIAN.name, 2)
    )
    datasets = corpus_model.dataset.datasets
    total = sum(len(d.sentences) for d in datasets.values())
    seed_title = datasets[ARTICLE].meta["title"]
    notes = [text(c) for c in walk(view) if "panel-hint" in classes(c)]
    assert notes[0] == (
        f"The ticked articles have {total:,} sentences together, too many to show at once; "
        f"not shown: “{seed_title}”. Follow a quote's “show in article” link, or tick fewer "
        "articles, to read another."
    )
    # and the article shown is the marked sentence's, alone
    titles = [text(c) for c in walk(view) if "article-title" in classes(c)]
    assert titles == [datasets[CASPIAN.name].meta["title"]]
