"""Two curations drawn as one network: the union, its sides, the side filter and its address,
and what the figure, panel, table and article view show of it.

The expected sides are read off the hand-written files in tests/data/compare/ (see each
folder's triples.csv against reference/), not computed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from dashboard.compare import ArticleMismatch
from dashboard.comparison_view import edge_side, edge_sides, sentence_disagreement, union_of
from dashboard.dataset import load_dataset
from dashboard.filters import passing_edges, passing_triples
from dashboard.graph import NetworkModel
from dashboard.state import CONTROLS, ViewState, from_controls, from_query, to_controls, to_query

DATA = Path(__file__).parent / "data"
COMPARE = DATA / "compare"


def model_of(a: str, b: str) -> NetworkModel:
    return NetworkModel.from_dataset(union_of(load_dataset(COMPARE / a), load_dataset(COMPARE / b)))


def sides_by_relation(model: NetworkModel) -> dict[tuple[str, str, str, str], str]:
    """Each row's (curation, source, relation, target) -> its side."""
    t = model.dataset.triples
    return {
        (c, s, r, x): side
        for c, s, r, x, side in zip(
            t["curation"], t["source"], t["relation"], t["target"], t["side"], strict=True
        )
    }


def test_cv001_same_curation_twice_is_all_both():
    model = model_of("reference", "reference")
    assert set(model.dataset.triples["side"]) == {"both"}
    assert len(model.dataset.triples) == 12  # six rows each
    assert len(model.dataset.actors) == len(load_dataset(COMPARE / "reference").actors)


def test_cv002_directed_swaps_are_one_sided():
    # directed-swap reads "united-states accuses iran" and "iran supplies_weapons russia" the
    # wrong way round: those two of A's are only in A, B's two reversed ones only in B.
    sides = sides_by_relation(model_of("reference", "directed-swap"))
    assert sides[("a", "united-states", "accuses", "iran")] == "a"
    assert sides[("a", "iran", "supplies_weapons", "russia")] == "a"
    assert sides[("b", "iran", "accuses", "united-states")] == "b"
    assert sides[("b", "russia", "supplies_weapons", "iran")] == "b"
    assert sides[("a", "china", "meets", "russia")] == "both"
    assert sides[("b", "china", "meets", "russia")] == "both"
    assert Counter(sides.values()) == {"both": 8, "a": 2, "b": 2}


def test_cv003_undirected_swaps_are_in_both_and_one_edge():
    model = model_of("reference", "undirected-swap")
    assert set(model.dataset.triples["side"]) == {"both"}
    # "russia signs_agreement iran" in B is A's "iran signs_agreement russia": one edge, 2 quotes
    signs = model.edges[model.edges["relation"] == "signs_agreement"]
    assert len(signs) == 1 and signs["quotes"].iloc[0] == 2


def test_cv004_an_actor_matched_by_name_is_one_node():
    # names/ calls Iran "islamic-republic" (alias TEHRAN) and the US "usa" ("United   States")
    model = model_of("reference", "names")
    assert "islamic-republic" not in model.dataset.actors.index
    assert "usa" not in model.dataset.actors.index
    assert len(model.dataset.actors) == len(load_dataset(COMPARE / "reference").actors)
    assert set(model.dataset.triples["side"]) == {"both"}
    b_rows = model.dataset.triples[model.dataset.triples["curation"] == "b"]
    assert set(b_rows["source"]) | set(b_rows["target"]) <= set(model.dataset.actors.index)
    assert model.graph.number_of_nodes() == len(model.dataset.actors)


def test_cv005_unmatched_actors_join_as_their_own_nodes():
    # ambiguous/: "persia" (IRAN) and "iranian-government" (Iran) both fit iran, so neither
    # matches; "capitals" fits Tehran and Moscow. Their rows are only in B.
    model = model_of("reference", "ambiguous")
    actors = model.dataset.actors.index
    assert {"persia", "iranian-government", "capitals"} <= set(actors)
    sides = sides_by_relation(model)
    assert sides[("b", "persia", "signs_agreement", "russia")] == "b"
    assert sides[("a", "iran", "signs_agreement", "russia")] == "a"
    assert sides[("b", "united-states", "accuses", "capitals")] == "b"
    assert sides[("a", "iran", "supplies_weapons", "russia")] == "a"  # B has no such row


def test_cv006_a_type_only_b_has_joins_and_is_only_in_b():
    model = model_of("reference", "unknown-type")
    assert "threatens" in model.dataset.relations.index
    sides = sides_by_relation(model)
    assert sides[("b", "russia", "threatens", "ukraine")] == "b"
    assert sides[("a", "russia", "military_action", "ukraine")] == "a"


def test_cv007_certainty_is_not_part_of_the_side():
    model = model_of("reference", "certainty")
    assert set(model.dataset.triples["side"]) == {"both"}


def test_cv008_each_edge_has_the_side_of_its_rows():
    model = model_of("reference", "directed-swap")
    assert edge_side(model, "iran/accuses/united-states/stated") == "b"
    assert edge_side(model, "united-states/accuses/iran/stated") == "a"
    assert edge_side(model, "china/meets/russia/stated") in {"both"}
    assert Counter(edge_sides(model)) == {"both": 4, "a": 2, "b": 2}


def test_cv009_another_article_is_refused():
    with pytest.raises(ArticleMismatch):
        union_of(load_dataset(COMPARE / "reference"), load_dataset(COMPARE / "other-article"))


def test_cv010_a_model_of_one_curation_has_no_sides(seed_model):
    assert edge_side(seed_model, seed_model.edges.index[0]) is None
    assert from_controls(seed_model, {"sides": ["a"]}).sides is None
    assert from_query(seed_model, "?sides=a").sides is None


@pytest.mark.parametrize(
    ("shown", "edges"),
    [
        (("a",), {"united-states/accuses/iran/stated", "iran/supplies_weapons/russia/alleged"}),
        (("b",), {"iran/accuses/united-states/stated", "russia/supplies_weapons/iran/alleged"}),
        ((), set()),
    ],
)
def test_cv011_the_side_filter_passes_only_its_sides(shown, edges):
    model = model_of("reference", "directed-swap")
    state = ViewState(sides=shown)
    assert set(model.edges.index[passing_edges(model, state)]) == edges
    rows = model.dataset.triples[passing_triples(model, state)]
    assert set(rows["side"]) == set(shown)


def test_cv012_the_side_filter_round_trips_through_the_address():
    model = model_of("reference", "directed-swap")
    state = ViewState(sides=("a", "b"), actor="iran")
    query = to_query(model, state)
    assert query == "?sides=a,b&actor=iran"
    assert from_query(model, query) == state
    assert to_query(model, ViewState()) == ""  # every side is the default
    assert from_query(model, "?sides=b,nonsense,a").sides == ("a", "b")  # cleaned, in order
    assert from_query(model, "?sides=").sides == ()


def test_cv013_the_side_filter_round_trips_through_the_controls():
    model = model_of("reference", "directed-swap")
    state = ViewState(sides=("both",))
    controls = to_controls(model, state)
    assert controls["sides"] == ["both"]
    assert from_controls(model, controls) == state
    assert from_controls(model, {**controls, "sides": ["both", "a", "b"]}).sides is None
    assert "sides" in CONTROLS


def test_cv014_sentences_where_the_curations_disagree():
    # directed-swap: the accusation is sentence 2, the drones sentence 3 of the article (see
    # its article.txt); the treaty (sentence 1) is read alike.
    model = model_of("reference", "directed-swap")
    triples = model.dataset.triples.set_index("quote")
    accused = int(triples.loc["The United States accused Tehran", "sentence"].iloc[0])
    treaty = int(triples.loc["Iran and Russia signed a treaty", "sentence"].iloc[0])
    assert any("only in A" in s for s in sentence_disagreement(model, accused))
    assert any("only in B" in s for s in sentence_disagreement(model, accused))
    assert sentence_disagreement(model, treaty) == ()


def test_cv015_the_figure_marks_one_sided_relations_with_their_letter():
    from dashboard.figure import figure_dict

    model = model_of("reference", "directed-swap")
    figure = figure_dict(model, ViewState())
    letters = [t for t in figure["data"] if t.get("mode") == "text"]
    marked = {
        (letter, edge)
        for trace in letters
        for letter, edge in zip(trace["text"], trace["customdata"], strict=True)
    }
    assert marked == {
        ("A", "united-states/accuses/iran/stated"),
        ("A", "iran/supplies_weapons/russia/alleged"),
        ("B", "iran/accuses/united-states/stated"),
        ("B", "russia/supplies_weapons/iran/alleged"),
    }
    assert figure["data"][-1]["name"] == "actors"  # the actors stay on top


def test_cv016_the_table_says_whose_row_it_is():
    from dashboard.table import relations_table, table_rows

    model = model_of("reference", "directed-swap")
    rows = table_rows(model, ViewState(sides=("b",)))
    assert {r["curation"] for r in rows} == {"B (directed-swap)"}
    assert {r["side"] for r in rows} == {"only in B"}
    assert len(rows) == 2
    fields = [c["field"] for c in relations_table(model).columnDefs]
    assert fields[:2] == ["curation", "side"]


def test_cv017_the_panel_shows_each_sides_quotes():
    from dashboard.panel import evidence_panel, quote_entries

    model = model_of("reference", "undirected-swap")
    rows = model.edges.loc["iran/signs_agreement/russia/stated", "rows"]
    # each quote names its curation first, as a chip (not bold: bold marks a mention)
    assert [quote["meta"][0] for quote in quote_entries(model, rows)] == [
        {"chip": "A (reference)"},
        {"chip": "B (undirected-swap)"},
    ]
    model = model_of("reference", "directed-swap")
    edge = "iran/accuses/united-states/stated"
    text = str(evidence_panel(model, ViewState(edge=edge), {"kind": "edge", "id": edge}))
    assert "only in B" in text and "misread on purpose" in text  # B's note


def test_cv018_seed_and_second_reading():
    seed = load_dataset(Path(__file__).parent.parent / "seeds" / "iran-russia-treaty")
    second = load_dataset(DATA / "iran-russia-second-reading")
    model = NetworkModel.from_dataset(union_of(seed, second))
    union = model.dataset
    assert len(model.dataset.actors) == len(seed.actors) + len(union.comparison.only_b_actors)
    one_sided = Counter(edge_sides(model))
    # every relation only one side has is one edge per certainty it is coded with
    assert one_sided.get("a", 0) >= len(union.comparison.only_a)
    assert one_sided.get("b", 0) >= len(union.comparison.only_b)


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_cv019_run_compare_refuses_another_article_before_serving(capsys):
    from dashboard.cli import main

    a, b = COMPARE / "reference", COMPARE / "other-article"
    assert main(["run", str(a), "--compare", str(b), "--port", str(_free_port())]) == 1
    out, err = capsys.readouterr()
    assert "Serving" not in out
    assert "hold different texts" in err and "the dashboard was not started" in err


def test_cv020_run_compare_refuses_an_invalid_b_with_its_problems(capsys):
    from dashboard.cli import main

    a, b = COMPARE / "reference", COMPARE / "invalid"
    assert main(["run", str(a), "--compare", str(b), "--port", str(_free_port())]) == 1
    out, err = capsys.readouterr()
    assert "Serving" not in out
    assert str(b) in err and "the dashboard was not started; fix the problems above" in err


def test_cv021_curate_compare_refuses_another_article_before_serving(capsys, tmp_path):
    import shutil

    from dashboard.cli import main

    folder = tmp_path / "reference"
    shutil.copytree(COMPARE / "reference", folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    b = COMPARE / "other-article"
    assert main(["curate", str(folder), "--compare", str(b), "--port", str(_free_port())]) == 1
    out, err = capsys.readouterr()
    assert "Curating" not in out and "hold different texts" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir() if p.name in before} == before


def test_cv022_a_page_of_one_curation_hides_an_empty_side_filter(seed_model):
    from dashboard import ids
    from dashboard.page.comparison import comparison_block

    block = comparison_block(seed_model, ["both", "a", "b"])
    assert block.hidden is True
    checklist = block.children
    assert checklist.id == ids.SIDE_FILTER and checklist.options == []
    shown = comparison_block(model_of("reference", "directed-swap"), ["both", "a", "b"])
    assert not getattr(shown, "hidden", False)


@pytest.mark.parametrize("shown", [("a",), ("b",), ()])
def test_cv023_the_article_links_only_the_sentences_of_the_sides_shown(shown):
    from dashboard.article_view import article_view
    from tests.test_article_view import links

    model = model_of("reference", "directed-swap")
    expected = quoted_sentences(model.dataset, shown)
    view = article_view(model, ViewState(sides=shown))
    assert [int(a.id.rsplit("-", 1)[1]) for a in links(view)] == expected


@pytest.mark.parametrize(("shown", "noted"), [(("both", "a"), True), (("b",), False)])
def test_cv024_a_relation_of_a_side_the_filter_hides_says_so(shown, noted):
    from dashboard.panel import evidence_panel
    from tests.test_panel import text

    model = model_of("reference", "directed-swap")
    edge = "iran/accuses/united-states/stated"
    assert edge_side(model, edge) == "b"  # only B reads it this way round
    state = ViewState(edge=edge, sides=shown)
    panel = text(evidence_panel(model, state, {"kind": "edge", "id": edge}))
    assert ("hides the relations of this side" in panel) is noted


def quoted_sentences(union, sides) -> list[int]:
    """The numbers of the sentences that the union's rows of ``sides`` quote (the oracle: the
    rows' own sides and offsets against the sentences')."""
    triples, sentences = union.triples, union.sentences
    rows = triples[triples["side"].isin(sides)]
    return sorted(
        {int(n) for s, e in zip(rows["start"], rows["end"], strict=True)
         for n in sentences.index[(sentences["start"] < e) & (sentences["end"] > s)]}
    )  # fmt: skip
