"""Tests for dashboard.corpus: several articles read as one network, and what disagrees.

The corpus here is the seed and the small Caspian dataset of ``tests/data``: they share the actors
iran, russia, united-states and vladimir-putin, and relation ids such as meets and leads.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import networkx as nx
import pytest

from dashboard.cli import main
from dashboard.corpus import Corpus, load_corpus, merge_datasets, restrict_articles
from dashboard.dataset import Dataset, DatasetError, load_dataset
from dashboard.export import export
from dashboard.filters import visible_edges
from dashboard.graph import NetworkModel
from tests.conftest import SEED, state_of

CASPIAN = Path(__file__).parent / "data" / "caspian-gas-talks"
ARTICLES = [CASPIAN.name, SEED.name]  # the corpus's order: by folder name
SHARED_EDGE = "iran/economic_cooperation/russia/stated"  # quoted in both articles


def two_articles(root: Path) -> Path:
    """Copy the seed and the Caspian dataset into one new folder under ``root``; return it."""
    folder = root / "two-articles"
    shutil.copytree(SEED, folder / SEED.name)
    shutil.copytree(CASPIAN, folder / CASPIAN.name)
    return folder


def edit_cell(path: Path, row_id: str, column: str, value: str) -> int:
    """Set one cell of the row with id ``row_id`` in a CSV file; return that row's line."""
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
        header = list(rows[0])
    (index,) = [n for n, row in enumerate(rows) if row["id"] == row_id]
    rows[index][column] = value
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return index + 2  # the header is line 1


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """Call the command line in-process; return (exit status, stdout, stderr)."""
    status = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return status, out, err


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    return two_articles(tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def corpus(folder) -> Corpus:
    return load_corpus(folder)


@pytest.fixture(scope="module")
def caspian() -> Dataset:
    return load_dataset(CASPIAN)


@pytest.fixture(scope="module")
def corpus_model(corpus) -> NetworkModel:
    return NetworkModel.from_dataset(corpus)


# Merging


def test_cor001_a_folder_of_two_is_a_corpus_in_name_order(corpus, folder):
    assert isinstance(corpus, Corpus)
    assert list(corpus.datasets) == ARTICLES
    assert corpus.name == folder.name
    assert all(isinstance(d, Dataset) for d in corpus.datasets.values())


def test_cor002_actors_are_the_union_by_id(corpus, seed_dataset, caspian):
    union = set(seed_dataset.actors.index) | set(caspian.actors.index)
    assert set(corpus.actors.index) == union
    assert corpus.actors.index.is_unique
    assert len(corpus.actors) == len(seed_dataset.actors) + 2  # azerbaijan and ilham-aliyev
    assert corpus.actors.index.name == "id"


@pytest.mark.parametrize("actor", ["iran", "russia", "united-states", "vladimir-putin"])
def test_cor003_a_shared_actor_is_one_row(corpus, actor):
    assert list(corpus.actors.index).count(actor) == 1


@pytest.mark.parametrize(
    ("actor", "aliases"),
    [
        # the first article (caspian) gives the name; the seed's forms follow, never the name
        ("united-states", ("The United States", "the United States", "the U.S.", "U.S.")),
        ("russia", ("Moscow", "the Kremlin", "Russian")),
        ("iran", ("Tehran", "Iranian")),
        ("vladimir-putin", ("Putin",)),
        ("azerbaijan", ("Azerbaijan's",)),  # only in caspian: as it was
        ("tass", ()),  # only in the seed: as it was
    ],
)  # fmt: skip
def test_cor004_aliases_gain_the_other_articles_forms(corpus, actor, aliases):
    merged = corpus.actors.loc[actor]
    assert merged["aliases"] == aliases
    assert merged["name"] not in merged["aliases"]


def test_cor005_first_article_gives_name_and_a_missing_description(corpus, seed_dataset, caspian):
    # caspian's russia has a description of its own; its united-states has none
    assert corpus.actors.at["russia", "description"] == caspian.actors.at["russia", "description"]
    assert (
        corpus.actors.at["united-states", "description"]
        == seed_dataset.actors.at["united-states", "description"]
    )
    assert corpus.actors.at["united-states", "name"] == "United States"


def test_cor006_relation_types_are_the_union(corpus, seed_dataset, caspian):
    union = set(seed_dataset.relations.index) | set(caspian.relations.index)
    assert set(corpus.relations.index) == union
    assert corpus.relations.index.is_unique
    assert corpus.relations["directed"].dtype == bool
    assert str(corpus.relations["quad_class"].dtype) == "Int64"
    assert corpus.relations["quad_class"].isna()["leads"]


def test_cor007_triples_are_concatenated_with_their_article(corpus, seed_dataset, caspian):
    triples = corpus.triples
    assert len(triples) == len(seed_dataset.triples) + len(caspian.triples)
    assert triples.index.is_unique
    assert list(triples.index) == list(range(len(triples)))
    expected = [CASPIAN.name] * len(caspian.triples) + [SEED.name] * len(seed_dataset.triples)
    assert list(triples["article"]) == expected
    # offsets and sentence numbers still count within each article
    columns = ["source", "relation", "target", "quote", "start", "end", "sentence", "line"]
    for name, part in ((CASPIAN.name, caspian), (SEED.name, seed_dataset)):
        mine = triples[triples["article"] == name][columns].reset_index(drop=True)
        assert mine.equals(part.triples[columns].reset_index(drop=True)), name
        for start, end, quote in zip(mine["start"], mine["end"], mine["quote"], strict=True):
            assert part.article[start:end] == quote


def test_cor008_one_dataset_is_returned_unchanged(seed_dataset, seed_copy):
    assert merge_datasets([seed_dataset], "anywhere") is seed_dataset
    loaded = load_corpus(seed_copy)
    assert isinstance(loaded, Dataset) and not isinstance(loaded, Corpus)
    assert list(loaded.datasets) == [seed_copy.name]
    assert len(loaded.triples) == len(seed_dataset.triples)


def test_cor009_merge_sorts_by_name_whatever_the_order_given(seed_dataset, caspian):
    merged = merge_datasets([seed_dataset, caspian], "x")
    assert list(merged.datasets) == ARTICLES
    assert merged.triples["article"].iloc[0] == CASPIAN.name


# Disagreement


@pytest.mark.parametrize("edited", ARTICLES)
def test_cor010_kinds_that_disagree_name_the_second_file(tmp_path, edited):
    folder = two_articles(tmp_path)
    edit_cell(folder / edited / "actors.csv", "iran", "kind", "government")
    second = folder / SEED.name / "actors.csv"  # second by name, whichever was edited
    line = load_dataset(folder / SEED.name).actors.at["iran", "line"]
    with pytest.raises(DatasetError) as raised:
        load_corpus(folder)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line, problem.column) == (second, line, "kind")
    assert "'iran'" in problem.message and CASPIAN.name in problem.message
    assert f"{second}:{line}: column 'kind':" in str(raised.value)


@pytest.mark.parametrize(
    ("relation", "column", "value"),
    [
        ("meets", "polarity", "conflictual"),
        ("leads", "directed", "false"),
        ("economic_cooperation", "quad_class", "1"),
        ("meets", "quad_class", ""),  # a class on one side, none on the other
    ],
)
def test_cor011_relations_that_disagree_name_file_line_and_column(
    tmp_path, relation, column, value
):
    folder = two_articles(tmp_path)
    edit_cell(folder / CASPIAN.name / "relations.csv", relation, column, value)
    second = folder / SEED.name / "relations.csv"
    line = load_dataset(folder / SEED.name).relations.at[relation, "line"]
    with pytest.raises(DatasetError) as raised:
        load_corpus(folder)
    (problem,) = raised.value.problems
    assert (problem.file, problem.line, problem.column) == (second, line, column)
    assert f"relation '{relation}'" in problem.message
    assert CASPIAN.name in problem.message


def test_cor012_every_disagreement_is_named_at_once(tmp_path):
    folder = two_articles(tmp_path)
    edit_cell(folder / CASPIAN.name / "actors.csv", "russia", "kind", "bloc")
    edit_cell(folder / CASPIAN.name / "relations.csv", "meets", "polarity", "neutral")
    edit_cell(folder / CASPIAN.name / "relations.csv", "meets", "directed", "true")
    with pytest.raises(DatasetError) as raised:
        load_corpus(folder)
    places = sorted((p.file.name, p.column) for p in raised.value.problems)
    assert places == [
        ("actors.csv", "kind"),
        ("relations.csv", "directed"),
        ("relations.csv", "polarity"),
    ]


# Meta and restricting to some articles


def test_cor013_meta_of_a_corpus(corpus):
    assert corpus.meta == {
        "title": "2 articles",
        "publisher": "Test Wire, Stratheia",
        "published": "2025-01-17 to 2025-03-04",
        "language": "en",
    }


def test_cor014_meta_of_articles_of_one_day_and_publisher(seed_dataset, tmp_path):
    twin = Path(shutil.copytree(SEED, tmp_path / "another-copy"))
    merged = merge_datasets([seed_dataset, load_dataset(twin)], tmp_path)
    assert merged.meta["published"] == "2025-01-17"
    assert merged.meta["publisher"] == "Stratheia"


@pytest.mark.parametrize("kept", [[CASPIAN.name], [SEED.name]])
def test_cor015_restrict_keeps_only_the_named_articles(corpus, kept):
    restricted = restrict_articles(corpus, kept)
    assert set(restricted.triples["article"]) == set(kept)
    assert len(restricted.triples) == (corpus.triples["article"] == kept[0]).sum()
    assert list(restricted.datasets) == kept
    # the network keeps its actors and relation types; only the quotes are cut
    assert restricted.actors is corpus.actors and restricted.relations is corpus.relations
    assert len(corpus.triples) == 141  # the original is left as it was


@pytest.mark.parametrize("names", [ARTICLES, ARTICLES[::-1], [*ARTICLES, "atlantis"]])
def test_cor016_restrict_to_every_article_is_the_same_object(corpus, names):
    assert restrict_articles(corpus, names) is corpus


def test_cor017_restrict_a_single_dataset(seed_dataset):
    assert restrict_articles(seed_dataset, [SEED.name]) is seed_dataset
    assert restrict_articles(seed_dataset, []).triples.empty


@pytest.mark.parametrize("fmt", ["json", "graphml"])
def test_cor018_export_of_no_article_is_empty_not_an_error(corpus, fmt):
    text = export(restrict_articles(corpus, []), fmt)
    assert "<edge " not in text and '"quote"' not in text


def test_cor019_corpus_cut_to_one_article_is_not_titled_1_articles(corpus, caspian):
    meta = restrict_articles(corpus, [CASPIAN.name]).meta
    assert meta["title"] == caspian.meta["title"]  # the one article's own title


# The network of a corpus


def test_cor020_model_has_one_node_per_actor(corpus, corpus_model):
    assert sorted(corpus_model.graph.nodes) == sorted(corpus.actors.index)
    assert corpus_model.graph.number_of_nodes() == len(corpus.actors)
    assert corpus_model.edges.index.is_unique
    assert set(corpus_model.positions()) == set(corpus.actors.index)


@pytest.mark.parametrize("key", [SHARED_EDGE, "iran/denies/united-states/stated"])
def test_cor021_an_edge_both_articles_state_has_quotes_from_both(corpus, corpus_model, key):
    rows = corpus_model.edges.at[key, "rows"]
    triples = corpus.triples.loc[rows]
    assert set(triples["article"]) == set(ARTICLES)
    assert corpus_model.edges.at[key, "quotes"] == len(rows)
    for quote, article in zip(triples["quote"], triples["article"], strict=True):
        assert quote in corpus.datasets[article].article


def test_cor022_undirected_edge_joins_both_directions_across_articles(corpus, corpus_model):
    # caspian says "russia ... iran" as well as "iran ... russia"; one edge holds both
    quotes = set(corpus.triples.loc[corpus_model.edges.at[SHARED_EDGE, "rows"], "quote"])
    assert "Iran will buy up to two billion cubic metres of Russian gas a year." in quotes
    assert (
        "Russia and Iran agreed on Tuesday to move ahead with a gas pipeline through Azerbaijan"
        in quotes
    )
    assert not any(
        key.startswith("russia/economic_cooperation/iran/") for key in corpus_model.edges.index
    )


@pytest.mark.parametrize("kept", [[CASPIAN.name], [SEED.name], ARTICLES, []])
def test_cor023_visible_edges_follow_the_articles(corpus, corpus_model, kept):
    every = list(corpus.relations.index)
    article = corpus.triples["article"]
    expected = [
        key for key, rows in corpus_model.edges["rows"].items() if set(article[rows]) & set(kept)
    ]
    assert list(visible_edges(corpus_model, state_of(every, articles=kept)).index) == expected
    assert len(visible_edges(corpus_model, state_of(every)).index) == len(corpus_model.edges)


def test_cor024_graphml_edges_carry_their_articles(corpus, corpus_model):
    graph = nx.read_graphml(io.BytesIO(export(corpus, "graphml").encode("utf-8")))
    for key, rows in corpus_model.edges["rows"].items():
        (data,) = [d for _, _, k, d in graph.edges(keys=True, data=True) if k == key]
        assert data["articles"] == ",".join(corpus.triples.loc[rows, "article"]), key
    (shared,) = [d for _, _, k, d in graph.edges(keys=True, data=True) if k == SHARED_EDGE]
    assert set(shared["articles"].split(",")) == set(ARTICLES)


# The command line


def test_cor025_validate_a_folder_of_two(capsys, folder, corpus):
    status, out, err = run(capsys, "validate", str(folder))
    assert (status, err) == (0, "")
    assert out.count("\nok ") + out.startswith("ok ") == 2
    assert (
        f"together: {len(corpus.actors)} actors, {len(corpus.relations)} relation types, "
        f"{len(corpus.triples)} triples from 2 articles"
    ) in out
    assert "2 datasets valid" in out


def test_cor026_validate_of_two_that_disagree_fails_with_the_place(capsys, tmp_path):
    folder = two_articles(tmp_path)
    edit_cell(folder / CASPIAN.name / "actors.csv", "united-states", "kind", "bloc")
    line = load_dataset(folder / SEED.name).actors.at["united-states", "line"]
    status, out, err = run(capsys, "validate", str(folder))
    assert status == 1
    assert f"{folder / SEED.name / 'actors.csv'}:{line}: column 'kind':" in err
    assert "1 problem in" in err
    assert "together:" not in out


def test_cor027_export_a_folder_of_two_as_json(capsys, folder, corpus):
    status, out, err = run(capsys, "export", str(folder), "--format", "json")
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert [a["article"] for a in document["articles"]] == ARTICLES
    assert [a["title"] for a in document["articles"]] == [
        corpus.datasets[name].meta["title"] for name in ARTICLES
    ]
    assert document["dataset"]["title"] == "2 articles"
    assert {t["article"] for t in document["triples"]} == set(ARTICLES)
    assert len(document["triples"]) == len(corpus.triples)


def test_cor028_export_of_two_that_disagree_exports_nothing(capsys, tmp_path):
    folder = two_articles(tmp_path)
    edit_cell(folder / CASPIAN.name / "relations.csv", "leads", "polarity", "cooperative")
    status, out, err = run(capsys, "export", str(folder), "--format", "csv")
    assert (status, out) == (1, "")
    assert "column 'polarity'" in err and "nothing was exported" in err
