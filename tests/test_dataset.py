"""Tests for dashboard.dataset: the seed loads, and every kind of mistake is named precisely.

The seed is still being curated, so the bad-input cases find the rows they break by content
(an id, or a phrase of a quote) rather than by a fixed line number.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from dashboard.dataset import DatasetError, Problem, load_dataset
from dashboard.settings import SEEDS_DIR

SEED = SEEDS_DIR / "iran-russia-treaty"
CSV_FILES = ("actors.csv", "relations.csv", "triples.csv")

Mutation = Callable[[Path], None]


@pytest.fixture(scope="module")
def seed():
    return load_dataset(SEED)


# Finding rows, and making one mistake in a copy of the seed


def line_with(path: Path, text: str) -> int:
    """Return the line whose row has the id ``text``, else the first line that holds ``text``."""
    lines = path.read_text(encoding="utf-8").split("\n")
    for matches in (lambda line: line.startswith(f"{text},"), lambda line: text in line):
        for number, line in enumerate(lines, start=1):
            if matches(line):
                return number
    raise AssertionError(f"{text!r} is not in {path}")


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    # line numbers below count rows; a quoted line break in the seed would break that
    assert len(rows) == path.read_bytes().count(b"\n")
    return rows


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)


def edit_cell(name: str, at: str, column: str, change: Callable[[str], str]) -> Mutation:
    def mutate(folder: Path) -> None:
        path = folder / name
        rows = read_rows(path)
        row, index = rows[line_with(path, at) - 1], rows[0].index(column)
        row[index] = change(row[index])
        write_rows(path, rows)

    return mutate


def set_cell(name: str, at: str, column: str, value: str) -> Mutation:
    return edit_cell(name, at, column, lambda _: value)


def copy_row(name: str, at: str, **changes: str) -> Mutation:
    """Append a copy of a row with some cells changed."""

    def mutate(folder: Path) -> None:
        path = folder / name
        rows = read_rows(path)
        row = dict(zip(rows[0], rows[line_with(path, at) - 1], strict=True)) | changes
        write_rows(path, [*rows, list(row.values())])

    return mutate


def drop_column(name: str, column: str) -> Mutation:
    def mutate(folder: Path) -> None:
        rows = read_rows(folder / name)
        index = rows[0].index(column)
        write_rows(folder / name, [row[:index] + row[index + 1 :] for row in rows])

    return mutate


def append(name: str, text: str) -> Mutation:
    def mutate(folder: Path) -> None:
        with (folder / name).open("a", encoding="utf-8", newline="") as file:
            file.write(text)

    return mutate


def replace(name: str, old: str, new: str) -> Mutation:
    def mutate(folder: Path) -> None:
        text = (folder / name).read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}"
        (folder / name).write_text(text.replace(old, new, 1), encoding="utf-8", newline="")

    return mutate


def replace_bytes(name: str, at: str, old: bytes, new: bytes) -> Mutation:
    """Replace bytes on one line only, so the line of a decoding error is known."""

    def mutate(folder: Path) -> None:
        path = folder / name
        lines = path.read_bytes().split(b"\n")
        number = line_with(path, at)
        assert old in lines[number - 1]
        lines[number - 1] = lines[number - 1].replace(old, new, 1)
        path.write_bytes(b"\n".join(lines))

    return mutate


def write(name: str, data: bytes) -> Mutation:
    return lambda folder: (folder / name).write_bytes(data)


def unlink(name: str) -> Mutation:
    return lambda folder: (folder / name).unlink()


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(DatasetError) as raised:
        load_dataset(folder)
    assert raised.value.problems, "DatasetError carries no problems"
    return raised.value.problems


def places(problems: list[Problem]) -> list[tuple[str, int | None, str | None]]:
    return [(p.file.name, p.line, p.column) for p in problems]


def data_rows(path: Path) -> int:
    return sum(1 for row in read_rows(path)[1:] if any(cell.strip() for cell in row))


def snapshot(folder: Path) -> dict[Path, tuple[int, bytes] | None]:
    return {
        path: (path.stat().st_mtime_ns, path.read_bytes()) if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


# The seed


def test_ds001_seed_counts(seed):
    assert len(seed.actors) == data_rows(SEED / "actors.csv") >= 20
    assert len(seed.relations) == data_rows(SEED / "relations.csv") >= 20
    assert len(seed.triples) == data_rows(SEED / "triples.csv") >= 100
    assert len(seed.sentences) == 51
    assert seed.name == "iran-russia-treaty"
    assert seed.meta["title"] == "Iran and Russia sign a 20-year cooperation treaty"


def test_ds002_every_quote_is_exact(seed):
    for row in seed.triples.itertuples():
        assert seed.article[row.start : row.end] == row.quote, f"triples.csv:{row.line}"


def test_ds003_sentence_numbers_derived(seed):
    sentences = seed.sentences
    for row in seed.triples.itertuples():
        assert sentences.at[row.sentence, "start"] <= row.start, f"triples.csv:{row.line}"
        assert row.end <= sentences.at[row.sentence_end, "end"], f"triples.csv:{row.line}"
        assert row.sentence <= row.sentence_end
    first = seed.triples.iloc[0]
    assert (first.line, first.sentence, first.sentence_end) == (2, 1, 1)


def test_ds004_sentences_table(seed):
    assert list(seed.sentences.index) == list(range(1, 52))
    for number, row in seed.sentences.iterrows():
        assert seed.article[row.start : row.end] == row.text, number


def test_ds005_tables_typed_and_indexed(seed):
    assert seed.actors.at["iran", "aliases"] == ("Tehran", "Iranian")
    assert seed.actors.at["ukraine", "aliases"] == ()
    assert seed.actors.at["iran", "line"] == line_with(SEED / "actors.csv", "iran")
    assert seed.relations.at["visits", "directed"]
    assert not seed.relations.at["meets", "directed"]
    assert seed.relations.at["accuses", "quad_class"] == 3
    assert seed.relations.at["tension", "quad_class"] is pd.NA
    assert seed.surface_forms["the Kremlin"] == "russia"


def test_ds006_loading_writes_nothing():
    before = snapshot(SEEDS_DIR)
    load_dataset(SEED)
    load_dataset(str(SEED))
    assert snapshot(SEEDS_DIR) == before


# Bad inputs. Each case breaks one thing in a copy of the seed, then names the Problem it expects:
# ``file`` relative to the dataset folder ("." is the folder itself), the ``line`` (a number,
# None, At(text) for the seed's line that holds ``text``, or NEW for a row appended to ``file``),
# the ``column``, and fragments that must all appear in the message.


@dataclass(frozen=True)
class At:
    text: str


NEW = At("")

FIRST = "Iran and Russia signed a significant cooperation treaty"  # the row citing sentence 1
CURLY = "Russia\u2019s military intervention in Ukraine nearly three years ago"  # cites sentence 3
TWICE = "their deepening alliance is not directed against any"  # sentences 12 and 14


def case(id, mutate, file, line, column, *fragments, marks=()):
    return pytest.param(mutate, file, line, column, fragments, id=id, marks=marks)


# fmt: off
BAD_CASES = [
    case("bad001-missing-folder", shutil.rmtree, ".", None, None, "does not exist"),
    case(
        "bad002-missing-article", unlink("article.txt"), "article.txt", None, None,
        "file not found", "the article's text",
    ),
    case(
        "bad003-missing-toml", unlink("dataset.toml"), "dataset.toml", None, None,
        "file not found", "title, publisher, published and language",
    ),
    case(
        "bad004-missing-actors", unlink("actors.csv"), "actors.csv", None, None,
        "file not found", "id,name,kind,aliases,description",
    ),
    case(
        "bad005-missing-relations", unlink("relations.csv"), "relations.csv", None, None,
        "file not found", "id,label,polarity,quad_class,directed,description",
    ),
    case(
        "bad006-missing-triples", unlink("triples.csv"), "triples.csv", None, None,
        "file not found", "source,relation,target,quote,certainty,note",
    ),
    case(
        "bad007-missing-column", drop_column("relations.csv", "label"), "relations.csv", 1,
        "label", "missing column", "expected id,label,polarity",
    ),
    case(
        "bad008-misspelt-column", replace("triples.csv", "quote", "qoute"), "triples.csv", 1,
        "quote", "missing column", "(is 'qoute' a misspelling?)",
    ),
    case(
        "bad009-misspelt-column-unexpected", replace("triples.csv", "quote", "qoute"),
        "triples.csv", 1, "qoute", "unexpected column", "(did you mean 'quote'?)",
    ),
    case(
        "bad010-duplicate-column", replace("actors.csv", "kind", "kind,kind"), "actors.csv", 1,
        "kind", "column appears more than once",
    ),
    case(
        "bad011-empty-required-cell", set_cell("triples.csv", FIRST, "certainty", ""),
        "triples.csv", At(FIRST), "certainty", "empty; a value is required",
    ),
    case(
        "bad012-blank-actor-name", set_cell("actors.csv", "ukraine", "name", "  "), "actors.csv",
        At("ukraine"), "name", "empty; a value is required",
    ),
    case(
        "bad013-unknown-actor", set_cell("triples.csv", FIRST, "source", "irna"), "triples.csv",
        At(FIRST), "source", "unknown actor 'irna'", "(did you mean 'iran'?)", "actors.csv",
    ),
    case(
        "bad014-unknown-target", set_cell("triples.csv", FIRST, "target", "rusia"),
        "triples.csv", At(FIRST), "target", "unknown actor 'rusia'", "(did you mean 'russia'?)",
    ),
    case(
        "bad015-unknown-relation", set_cell("triples.csv", FIRST, "relation", "sign_agreement"),
        "triples.csv", At(FIRST), "relation", "unknown relation 'sign_agreement'",
        "(did you mean 'signs_agreement'?)", "relations.csv",
    ),
    case(
        "bad016-quote-not-in-article",
        set_cell("triples.csv", FIRST, "quote", "Iran and Russia signed a minor treaty"),
        "triples.csv", At(FIRST), "quote", "the quote is not in article.txt",
        "closest passage, sentence 1: «Iran and Russia signed",
    ),
    case(
        "bad017-straight-apostrophe",
        edit_cell("triples.csv", CURLY, "quote", lambda quote: quote.replace("\u2019", "'")),
        "triples.csv", At(CURLY), "quote",
        "differs from article.txt only in quotation marks, dashes or spaces", "sentence 3:",
    ),
    case(
        "bad018-doubled-space",
        edit_cell("triples.csv", FIRST, "quote", lambda quote: quote.replace(" ", "  ", 1)),
        "triples.csv", At(FIRST), "quote", "differs from article.txt only", "sentence 1:",
    ),
    case(
        "bad019-ambiguous-quote", set_cell("triples.csv", FIRST, "quote", TWICE), "triples.csv",
        At(FIRST), "quote", "occurs 2 times", "(sentences 12, 14)", "quote more of the sentence",
    ),
    case(
        "bad020-duplicate-triple", copy_row("triples.csv", FIRST), "triples.csv", NEW, None,
        f"duplicates the row on line {line_with(SEED / 'triples.csv', FIRST)}",
    ),
    case(
        "bad021-duplicate-triple-other-note",
        copy_row("triples.csv", FIRST, certainty="alleged", note="another note"),
        "triples.csv", NEW, None, "duplicates the row on line",
    ),
    case(
        "bad022-duplicate-undirected-swapped",
        copy_row("triples.csv", FIRST, source="russia", target="iran"), "triples.csv", NEW,
        None, "duplicates the row on line",
    ),
    case(
        "bad023-duplicate-actor-id", append("actors.csv", "iran,Iran,state,,Again.\n"),
        "actors.csv", NEW, "id",
        f"actor 'iran' is already defined on line {line_with(SEED / 'actors.csv', 'iran')}",
    ),
    case(
        "bad024-duplicate-relation-id",
        append("relations.csv", "meets,meets again,cooperative,1,false,\n"), "relations.csv",
        NEW, "id", "relation 'meets' is already defined on line",
    ),
    case(
        "bad025-alias-claimed-twice", append("actors.csv", "persia,Persia,state,Tehran,\n"),
        "actors.csv", NEW, "aliases", "'Tehran' already names actor 'iran'",
        "must stand for one actor",
    ),
    case(
        "bad026-name-is-another-actors-alias",
        append("actors.csv", "kremlin,the Kremlin,government,,\n"), "actors.csv", NEW,
        "aliases", "'the Kremlin' already names actor 'russia'",
    ),
    case(
        "bad027-invalid-kind", set_cell("actors.csv", "ukraine", "kind", "country"),
        "actors.csv", At("ukraine"), "kind", "'country' is not allowed",
        "use state, government, person, organisation, bloc, region, media, group",
    ),
    case(
        "bad028-id-not-a-slug", set_cell("actors.csv", "ukraine", "id", "Ukraine State"),
        "actors.csv", At("ukraine"), "id", "'Ukraine State' is not a slug",
    ),
    case(
        "bad029-invalid-polarity", set_cell("relations.csv", "meets", "polarity", "positive"),
        "relations.csv", At("meets"), "polarity", "'positive' is not allowed",
        "use cooperative, conflictual, neutral",
    ),
    case(
        "bad030-invalid-quad-class", set_cell("relations.csv", "meets", "quad_class", "5"),
        "relations.csv", At("meets"), "quad_class", "'5' is not allowed", "use 1, 2, 3, 4",
    ),
    case(
        "bad031-invalid-directed", set_cell("relations.csv", "meets", "directed", "yes"),
        "relations.csv", At("meets"), "directed", "'yes' is not allowed", "use true, false",
    ),
    case(
        "bad032-invalid-certainty", set_cell("triples.csv", FIRST, "certainty", "claimed"),
        "triples.csv", At(FIRST), "certainty", "'claimed' is not allowed", "use stated, alleged",
    ),
    case(
        "bad033-certainty-suggestion", set_cell("triples.csv", FIRST, "certainty", "Stated"),
        "triples.csv", At(FIRST), "certainty", "(did you mean 'stated'?)",
    ),
    case(
        "bad034-self-loop", set_cell("triples.csv", FIRST, "target", "iran"), "triples.csv",
        At(FIRST), "target", "source and target are both 'iran'",
    ),
    case(
        "bad035-latin1-actors",
        replace_bytes("actors.csv", "ukraine", b"Ukraine, where", b"Ukra\xefne, o\xf9"),
        "actors.csv", At("ukraine"), None, "not UTF-8", "byte 0xef", "save the file as UTF-8",
    ),
    case(
        "bad036-latin1-triples", replace_bytes("triples.csv", CURLY, b"Ukraine", b"Ukra\xefne"),
        "triples.csv", At(CURLY), None, "not UTF-8", "byte 0xef",
    ),
    case(
        "bad037-latin1-article", replace_bytes("article.txt", "Iranian-made", b"Iran", b"Ir\xe2n"),
        "article.txt", At("Iranian-made"), None, "not UTF-8", "byte 0xe2",
    ),
    case(
        "bad038-empty-csv", write("actors.csv", b""), "actors.csv", None, None,
        "file is empty", "expected a header row: id,name,kind",
    ),
    case(
        "bad039-blank-toml", write("dataset.toml", b"\n  \n"), "dataset.toml", None, None,
        "file is empty",
    ),
    case(
        "bad040-empty-article", write("article.txt", b"\n"), "article.txt", None, None,
        "file is empty",
    ),
    case(
        "bad041-invalid-toml", replace("dataset.toml", 'language = "en"', "language = en"),
        "dataset.toml", At("language ="), None, "not valid TOML", "(at line",
    ),
    case(
        "bad042-missing-toml-key", replace("dataset.toml", 'publisher = "Stratheia"\n', ""),
        "dataset.toml", None, "publisher", "missing; expected text: add a line publisher = \"...\"",
    ),
    case(
        "bad043-wrong-toml-type",
        replace("dataset.toml", "published = 2025-01-17", "published = 2025"), "dataset.toml",
        None, "published", "expected a date (YYYY-MM-DD) or text",
    ),
    case(
        "bad044-misspelt-toml-key", replace("dataset.toml", "language =", "langauge ="),
        "dataset.toml", None, "langauge", "unexpected key", "(did you mean 'language'?)",
    ),
    case(
        "bad045-wrong-field-count", append("triples.csv", "iran,cooperates,russia\n"),
        "triples.csv", NEW, None, "expected 6 fields", "found 3",
        "quote any field that holds a comma",
    ),
    case(
        "bad046-malformed-csv-quote",
        append("triples.csv", 'iran,cooperates,russia,"Iran "and,stated,\n'), "triples.csv",
        NEW, None, "not valid CSV",
    ),
    case(
        "bad047-uncited-quote-not-in-article",
        replace("dataset.toml", "such as the Association", "like the Association"),
        "dataset.toml", None, "uncited[1].quote", "the quote is not in article.txt",
        "closest passage, sentence 35:",
    ),
    case(
        "bad048-uncited-quote-ambiguous",
        append("dataset.toml", f'\n[[uncited]]\nquote = "{TWICE}"\nreason = "twice"\n'),
        "dataset.toml", None, "uncited[2].quote", "occurs 2 times",
    ),
    case(
        "bad049-uncited-without-reason",
        append("dataset.toml", '\n[[uncited]]\nquote = "Disclaimer"\n'),
        "dataset.toml", None, "uncited[2].reason", "expected text",
    ),
]
# fmt: on


@pytest.mark.parametrize(("mutate", "file", "line", "column", "fragments"), BAD_CASES)
def test_bad_input(seed_copy, mutate, file, line, column, fragments):
    path = seed_copy / file if file != "." else seed_copy
    if line is NEW:
        line = path.read_bytes().count(b"\n") + 1
    elif isinstance(line, At):
        line = line_with(path, line.text)
    mutate(seed_copy)
    problems = problems_of(seed_copy)
    placed = [p for p in problems if (p.file, p.line, p.column) == (path, line, column)]
    listing = "\n".join(str(p) for p in problems)
    assert placed, f"no problem at {path}:{line} column {column!r}; got:\n{listing}"
    assert any(all(f in p.message for f in fragments) for p in placed), listing


# Accepted variations: these load, with the same offsets as the seed


def add_bom(folder: Path) -> None:
    for path in folder.iterdir():
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


def use_crlf(folder: Path) -> None:
    for path in folder.iterdir():
        data = path.read_bytes()
        assert b"\r" not in data
        path.write_bytes(data.replace(b"\n", b"\r\n"))


def add_blank_lines(folder: Path) -> None:
    for name in CSV_FILES:
        data = (folder / name).read_bytes()
        (folder / name).write_bytes(data.replace(b"\n", b"\n\n", 1) + b"\n   \n")


# the reverse of a directed relation is another relation, not a duplicate
swap_directed = copy_row(
    "triples.csv", "masoud-pezeshkian,visits,russia", source="russia", target="masoud-pezeshkian"
)


@pytest.mark.parametrize(
    ("mutate", "extra_triples"),
    [
        pytest.param(add_bom, 0, id="ok001-byte-order-mark"),
        pytest.param(use_crlf, 0, id="ok002-crlf"),
        pytest.param(add_blank_lines, 0, id="ok003-blank-csv-lines"),
        pytest.param(swap_directed, 1, id="ok004-directed-swap-is-not-duplicate"),
    ],
)
def test_accepted_variation(seed, seed_copy, mutate, extra_triples):
    mutate(seed_copy)
    dataset = load_dataset(seed_copy)
    assert dataset.article == seed.article
    assert list(dataset.actors.index) == list(seed.actors.index)
    assert len(dataset.triples) == len(seed.triples) + extra_triples
    columns = ["source", "relation", "target", "quote", "start", "end", "sentence"]
    head = dataset.triples[columns].head(len(seed.triples))
    assert head.equals(seed.triples[columns])
    for row in dataset.triples.itertuples():
        assert dataset.article[row.start : row.end] == row.quote


def test_ok005_optional_columns_may_be_left_out(seed, seed_copy):
    drop_column("triples.csv", "note")(seed_copy)
    drop_column("actors.csv", "aliases")(seed_copy)
    dataset = load_dataset(seed_copy)
    assert (dataset.triples["note"] == "").all()
    assert len(dataset.triples) == len(seed.triples)
    assert dataset.actors.at["iran", "aliases"] == ()


# Reporting


def test_rep001_all_problems_at_once(seed_copy):
    replace("dataset.toml", 'publisher = "Stratheia"\n', "")(seed_copy)
    set_cell("triples.csv", CURLY, "certainty", "claimed")(seed_copy)
    line = line_with(seed_copy / "triples.csv", CURLY)
    assert places(problems_of(seed_copy)) == [
        ("dataset.toml", None, "publisher"),
        ("triples.csv", line, "certainty"),
    ]


def test_rep002_error_text_counts_and_lists_problems(seed_copy):
    set_cell("triples.csv", FIRST, "source", "irna")(seed_copy)
    set_cell("triples.csv", CURLY, "certainty", "")(seed_copy)
    triples = seed_copy / "triples.csv"
    with pytest.raises(DatasetError) as raised:
        load_dataset(seed_copy)
    text = str(raised.value)
    assert text.startswith("2 problems:\n")
    assert f"{triples}:{line_with(triples, FIRST)}: column 'source': unknown actor 'irna'" in text
    assert f"{triples}:{line_with(triples, CURLY)}: column 'certainty': empty" in text


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (
            Problem(Path("d/triples.csv"), 5, "quote", "bad quote"),
            "d/triples.csv:5: column 'quote': bad quote",
        ),
        (Problem(Path("d/triples.csv"), 5, None, "too few"), "d/triples.csv:5: too few"),
        (
            Problem(Path("d/dataset.toml"), None, "title", "missing key"),
            "d/dataset.toml: key 'title': missing key",
        ),
        (Problem(Path("d"), None, None, "does not exist"), "d: does not exist"),
    ],
)
def test_rep003_problem_str(problem, text):
    assert str(problem) == text


def test_rep004_bad_actor_row_does_not_cascade(seed_copy):
    set_cell("actors.csv", "ukraine", "kind", "country")(seed_copy)
    line = line_with(seed_copy / "actors.csv", "ukraine")
    assert places(problems_of(seed_copy)) == [("actors.csv", line, "kind")]


def test_load050_tables_carry_no_attrs(seed_dataset):
    """pandas 3 deep-copies DataFrame.attrs on every row access: a set of ids kept there made
    building the graph quadratic in the number of actors (87 s at 10,000)."""
    for table in (seed_dataset.actors, seed_dataset.relations, seed_dataset.triples):
        assert table.attrs == {}


# Messages a curator can act on: each says what is wrong in the words a curator uses, and one
# broken file does not make false problems in the files that refer to it.


def only_problem(folder: Path) -> str:
    (problem,) = problems_of(folder)
    return str(problem)


def test_msg001_undecodable_actors_file_gives_one_problem_not_unknown_actors(seed_copy):
    actors = seed_copy / "actors.csv"
    data = actors.read_bytes()
    at = data.index(b"Iran") + 2  # the "a": Latin-1 á, which UTF-8 cannot decode
    actors.write_bytes(data[:at] + b"\xe1" + data[at + 1 :])
    line = data.count(b"\n", 0, at) + 1
    assert only_problem(seed_copy) == (
        f"{actors}:{line}: not UTF-8: byte 0xe1 at byte {at} cannot be decoded; save the file "
        "as UTF-8"
    )


def test_msg002_missing_relations_file_gives_one_problem_not_unknown_relations(seed_copy):
    (seed_copy / "relations.csv").unlink()
    assert places(problems_of(seed_copy)) == [("relations.csv", None, None)]


def test_msg003_actors_file_without_its_header_does_not_cascade(seed_copy):
    replace("actors.csv", "id,name,kind", "ident,name,kind")(seed_copy)
    assert {p.file.name for p in problems_of(seed_copy)} == {"actors.csv"}


def test_msg004_actor_row_with_an_unquoted_comma_does_not_cascade(seed_copy):
    # "Iran, the Islamic Republic" unquoted: one field too many, so the row is left out
    set_cell("actors.csv", "iran", "name", "Iran")(seed_copy)
    actors = seed_copy / "actors.csv"
    line = line_with(actors, "iran")
    lines = actors.read_text(encoding="utf-8").split("\n")
    lines[line - 1] = lines[line - 1].replace("iran,Iran,", "iran,Iran, the Islamic Republic,", 1)
    actors.write_text("\n".join(lines), encoding="utf-8")
    assert places(problems_of(seed_copy)) == [("actors.csv", line, None)]


def test_msg010_one_letter_typo_marks_the_letter(seed_copy):
    set_cell("triples.csv", FIRST, "quote", "Iran and Russia signed a significant cooperetion")(
        seed_copy
    )
    line = line_with(seed_copy / "triples.csv", "cooperetion")
    before = "Iran and Russia signed a significant cooper"
    after = "tion treaty on Friday at the Kremlin, cementing closer ties "  # 60 characters
    assert only_problem(seed_copy) == (
        f"{seed_copy / 'triples.csv'}:{line}: column 'quote': the quote is not in article.txt; "
        f"it first differs at its character {len(before) + 1}, a letter: the quote has «e» where "
        f"article.txt has «a»; closest passage, sentence 1: «{before}⟦a⟧{after}…»"
    )
    assert len(after) == 60


def test_msg011_straight_apostrophe_is_named_a_quotation_mark(seed_copy):
    edit_cell("triples.csv", CURLY, "quote", lambda quote: quote.replace("\u2019", "'"))(seed_copy)
    message = only_problem(seed_copy)
    assert (
        "differs from article.txt only in quotation marks, dashes or spaces; it first differs at "
        "its character 7, a quotation mark: the quote has «'» where article.txt has «’»; closest "
        "passage, sentence 3: «"
    ) in message
    assert "Russia⟦’⟧s military intervention" in message


def test_msg012_hyphen_for_a_dash_is_named_a_dash(seed_copy):
    quote = "in the conflict-allegations that Iran has categorically denied"
    set_cell("triples.csv", FIRST, "quote", quote)(seed_copy)
    message = only_problem(seed_copy)
    assert (
        f"it first differs at its character {len('in the conflict') + 1}, a dash: the quote has "
        "«-» where article.txt has «—»"
    ) in message
    assert "conflict⟦—⟧allegations" in message


def test_msg013_doubled_space_is_named_a_space(seed_copy):
    edit_cell("triples.csv", FIRST, "quote", lambda quote: quote.replace(" ", "  ", 1))(seed_copy)
    message = only_problem(seed_copy)
    assert (
        "it first differs at its character 5, a space: the quote has « » where article.txt has "
        "nothing; closest passage, sentence 1: «Iran⟦⟧ and Russia"
    ) in message


def test_msg014_difference_in_the_second_sentence_of_a_quote_is_found_there(seed, seed_copy):
    first, second = seed.sentences.at[1, "text"], seed.sentences.at[2, "text"]
    right = first[-30:] + " " + second[:40]
    assert right in seed.article
    typo = right.index("reflects") + 2  # the "f" of "reflects"
    wrong = right[:typo] + "v" + right[typo + 1 :]
    set_cell("triples.csv", FIRST, "quote", wrong)(seed_copy)
    message = only_problem(seed_copy)
    assert (
        f"it first differs at its character {typo + 1}, a letter: the quote has «v» where "
        "article.txt has «f»"
    ) in message
    assert "re⟦f⟧lects" in message


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        pytest.param('"last week"', "last week", id="msg020-words"),
        pytest.param('"01/03/2025"', "01/03/2025", id="msg021-day-month-year"),
        pytest.param('"2025-02-30"', "2025-02-30", id="msg022-no-such-day"),
        pytest.param('"2025-1-17"', "2025-1-17", id="msg023-unpadded"),
    ],
)
def test_published_must_be_a_real_day(seed_copy, value, shown):
    replace("dataset.toml", "published = 2025-01-17", f"published = {value}")(seed_copy)
    assert only_problem(seed_copy) == (
        f"{seed_copy / 'dataset.toml'}: key 'published': '{shown}' is not a date; write the day "
        "it was published as YYYY-MM-DD, e.g. published = 2025-01-17"
    )


def test_msg024_published_as_iso_text_is_accepted(seed_copy):
    replace("dataset.toml", "published = 2025-01-17", 'published = "2025-01-17"')(seed_copy)
    assert load_dataset(seed_copy).meta["published"] == "2025-01-17"


def test_msg025_missing_key_is_called_a_key(seed_copy):
    replace("dataset.toml", 'publisher = "Stratheia"\n', "")(seed_copy)
    assert only_problem(seed_copy) == (
        f"{seed_copy / 'dataset.toml'}: key 'publisher': missing; expected text: add a line "
        'publisher = "..."'
    )


def test_msg026_unquoted_text_gets_a_hint_to_quote_it(seed_copy):
    title = 'title = "Iran and Russia sign a 20-year cooperation treaty"'
    replace("dataset.toml", title, 'title = Iran and "Russia" sign')(seed_copy)
    assert only_problem(seed_copy) == (
        f"{seed_copy / 'dataset.toml'}:1: not valid TOML: Invalid value (at line 1, column 9); "
        'text needs quotes: title = "Iran and \\"Russia\\" sign"'
    )


def test_msg027_unquoted_slashed_date_gets_a_hint_to_write_it_as_a_date(seed_copy):
    replace("dataset.toml", "published = 2025-01-17", "published = 17/01/2025")(seed_copy)
    line = line_with(seed_copy / "dataset.toml", "published =")
    message = only_problem(seed_copy)
    assert message.startswith(f"{seed_copy / 'dataset.toml'}:{line}: not valid TOML: ")
    assert message.endswith("; write the date as YYYY-MM-DD, e.g. published = 2025-01-17")


def test_msg028_valid_toml_value_that_fails_elsewhere_gets_no_quote_hint(seed_copy):
    replace("dataset.toml", 'language = "en"', 'language = "en"\nlanguage = "fr"')(seed_copy)
    message = only_problem(seed_copy)
    assert "not valid TOML" in message
    assert "needs quotes" not in message


def test_msg030_reversed_row_of_an_undirected_type_says_why_it_is_a_duplicate(seed, seed_copy):
    assert not seed.relations.at["signs_agreement", "directed"]
    copy_row("triples.csv", FIRST, source="russia", target="iran")(seed_copy)
    first = line_with(seed_copy / "triples.csv", FIRST)
    last = len(read_rows(seed_copy / "triples.csv"))
    assert only_problem(seed_copy) == (
        f"{seed_copy / 'triples.csv'}:{last}: duplicates the row on line {first} with source and "
        "target swapped: 'signs_agreement' is undirected, so 'russia' to 'iran' is the same "
        "relation as 'iran' to 'russia'; keep one of the two rows"
    )


def test_msg031_same_direction_duplicate_keeps_the_short_message(seed_copy):
    copy_row("triples.csv", FIRST)(seed_copy)
    first = line_with(seed_copy / "triples.csv", FIRST)
    last = len(read_rows(seed_copy / "triples.csv"))
    assert only_problem(seed_copy) == (
        f"{seed_copy / 'triples.csv'}:{last}: duplicates the row on line {first}"
    )
