"""Curate mode's page parts: the article's pieces carry their true offsets, cited passages and
mentions are marked, and whatever the data holds is shown as text."""

from __future__ import annotations

import dataclasses

from dash import html

from dashboard.curate import ids
from dashboard.curate.page import article_editor, curate_layout, selection_rows
from dashboard.graph import NetworkModel


def walk(component):
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        for child in children:
            yield from walk(child)
    elif children is not None and not isinstance(children, str):
        yield from walk(children)


def pieces(children) -> list:
    """The article's pieces of text: the spans that carry ``data-start``."""
    return [
        c
        for root in children
        for c in walk(root)
        if isinstance(c, html.Span) and "piece" in (getattr(c, "className", "") or "").split()
    ]


def piece_start(piece) -> int:
    return int(getattr(piece, "data-start"))


def test_cpg001_every_piece_is_the_article_at_its_offset(seed_dataset):
    found = pieces(article_editor(seed_dataset))
    article = seed_dataset.article
    assert found
    for piece in found:
        start = piece_start(piece)
        assert article[start : start + len(piece.children)] == piece.children
    # Together the pieces cover every sentence exactly once, in order.
    covered = "".join(p.children for p in found)
    assert all(text in covered for text in seed_dataset.sentences["text"])
    starts = [piece_start(p) for p in found]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_cpg002_cited_passages_and_mentions_are_marked(seed_dataset):
    article = seed_dataset.article
    found = pieces(article_editor(seed_dataset))
    cited = set()
    for s, e in zip(seed_dataset.triples["start"], seed_dataset.triples["end"], strict=True):
        cited.update(range(s, e))
    for piece in found:
        start = piece_start(piece)
        inside = set(range(start, start + len(piece.children))) <= cited
        assert ("cited" in piece.className.split()) == inside, (start, piece.children)
    mentions = [p for p in found if "mention" in p.className.split()]
    assert {p.children for p in mentions} >= {"Iran", "Tehran", "the Kremlin"}
    iran = next(p for p in mentions if p.children == "Tehran")
    assert iran.title == "Iran"
    assert article.count("Tehran") == sum(p.children == "Tehran" for p in mentions)


def test_cpg003_hostile_names_and_quotes_stay_text(seed_dataset):
    actors = seed_dataset.actors.copy()
    actors.loc["iran", "name"] = "<script>alert(1)</script>"
    model = NetworkModel.from_dataset(dataclasses.replace(seed_dataset, actors=actors))
    rows = selection_rows(model, {"kind": "actor", "id": "iran"})
    texts = [c.children for root in rows for c in walk(root) if isinstance(c, html.Span)]
    assert any(str(t).startswith("<script>alert(1)</script> → ") for t in texts)
    # Text components only: nothing that reads a string as markup.
    kinds = {type(c).__name__ for root in rows for c in walk(root)}
    assert not kinds & {"Markdown", "Iframe", "Script", "ObjectEl", "Embed"}


def test_cpg004_the_curate_page_has_its_parts_and_keeps_the_read_only_ones(seed_model):
    page = curate_layout(seed_model, "v1", [])
    found = {c.id for c in walk(page) if isinstance(getattr(c, "id", None), str)}
    for part in (ids.ARTICLE, ids.FORM, ids.UNDO, ids.REDO, ids.TODO_LIST, ids.ROWS, ids.VERSION):
        assert part in found
    for read_only in ("network-graph", "evidence-panel", "relations-table", "relation-filter"):
        assert read_only in found
    problems = curate_layout(seed_model, "v1", ["triples.csv:3: bad <b>"])
    banner = next(c for c in walk(problems) if getattr(c, "id", None) == ids.PROBLEMS)
    assert banner.hidden is False
    assert "triples.csv:3: bad <b>" in [c.children for c in walk(banner)]


def test_cpg005_an_empty_dataset_invites_to_curate_in_run_and_curate(tmp_path, seed_model):
    from dashboard.curate.new import Metadata, new_dataset
    from dashboard.figure import figure_dict
    from dashboard.panel import empty_panel
    from dashboard.state import ViewState
    from tests.conftest import SEED

    dataset = new_dataset(tmp_path / "new", SEED / "article.txt", Metadata(title="T"))
    model = NetworkModel.from_dataset(dataset)
    notes = [a["text"] for a in figure_dict(model, ViewState())["layout"]["annotations"]]
    assert len(notes) == 1 and notes[0].startswith("No relations yet")
    panel = [c.children for root in empty_panel(model) for c in walk(root)]
    assert any(isinstance(t, str) and "python -m dashboard curate" in t for t in panel)
    page = curate_layout(model, "v", [])
    invitation = next(c for c in walk(page) if getattr(c, "id", None) == ids.EMPTY_NOTE)
    assert invitation.hidden is False
    # A filter that hides every type is still called a filter's doing.
    seeded = figure_dict(seed_model, ViewState(relations=()))["layout"]["annotations"]
    assert [a["text"] for a in seeded] == [
        "No relations match the filter.<br>Tick a relation type on the left."
    ]
    shown = curate_layout(seed_model, "v", [])
    assert next(c for c in walk(shown) if getattr(c, "id", None) == ids.EMPTY_NOTE).hidden


def test_cpg006_a_folder_that_does_not_validate_shows_its_problems(seed_copy):
    from dashboard.curate.app import create_curate_app
    from dashboard.curate.store import Store

    triples = seed_copy / "triples.csv"
    good = triples.read_text(encoding="utf-8")
    triples.write_text(good.replace("iran,signs_agreement,russia", "iran,signs,russia", 1), "utf-8")
    app = create_curate_app(Store.open(seed_copy))
    client = app.server.test_client()
    layout = client.get("/_dash-layout")
    assert layout.status_code == 200
    text = layout.get_data(as_text=True)
    assert "does not validate" in text and "triples.csv:2" in text and "signs" in text
    assert "Content-Security-Policy" in layout.headers
    triples.write_text(good, "utf-8")  # mended by hand: the page says so
    assert "validates now" in client.get("/_dash-layout").get_data(as_text=True)


def test_cpg007_comparing_only_as_rows_get_edit_and_delete():
    from pathlib import Path

    from dashboard.comparison_view import union_of
    from dashboard.dataset import load_dataset

    compare = Path(__file__).parent / "data" / "compare"
    a, b = load_dataset(compare / "reference"), load_dataset(compare / "directed-swap")

    def edited(model, actor):
        rows = selection_rows(model, {"kind": "actor", "id": actor})
        return [c.id["row"] for c in walk(html.Div(rows)) if isinstance(c, html.Button)
                and isinstance(c.id, dict) and c.id["type"] == ids.ROW_EDIT]  # fmt: skip

    # reference's rows 0-3 name Iran, and so do directed-swap's (the union's 6-9): A's only.
    assert edited(NetworkModel.from_dataset(union_of(a, b)), "iran") == [0, 1, 2, 3]
    # Alone, a curation's every row of the actor is editable (B's rows 0-3 are its own).
    assert edited(NetworkModel.from_dataset(b), "iran") == [0, 1, 2, 3]
    assert edited(NetworkModel.from_dataset(union_of(b, a)), "united-states") == [2]


def test_cpg009_the_curate_page_names_its_language_and_fetches_plotly_early(seed_copy):
    """The curate page is the read-only page's HTML: English, plotly.js named in the page at a
    versioned address, curate mode's own script kept by version; the problems page is English
    too, with no graph to fetch."""
    import re

    from dashboard import __version__
    from dashboard.curate.app import create_curate_app
    from dashboard.curate.store import Store

    html_page = create_curate_app(Store.open(seed_copy)).server.test_client().get("/")
    text = html_page.get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', text)
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert any("/dashboard/vendor/plotly-strict.v" in src for src in scripts), scripts
    (curate_js,) = [src for src in scripts if src.startswith("/assets/curate.js?m=")]
    assert curate_js.endswith(f"&v={__version__}")
    (seed_copy / "triples.csv").write_text("not,a,table\n", encoding="utf-8")
    problems = create_curate_app(Store.open(seed_copy)).server.test_client().get("/")
    text = problems.get_data(as_text=True)
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">') and "plotly.v" not in text
