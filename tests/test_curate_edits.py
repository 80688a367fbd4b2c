"""Edits: pure apply and inverse, their JSON forms, and writing rows back with small diffs."""

from __future__ import annotations

import csv
import io
import re
import tomllib
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from dashboard.curate.edits import (
    EDITS,
    Actor,
    AddActor,
    AddAlias,
    AddRelationType,
    AddTriple,
    DeleteActor,
    DeleteRelationType,
    DeleteTriple,
    EditActor,
    EditError,
    EditTriple,
    Group,
    MarkUncited,
    RelationType,
    RemoveAlias,
    Triple,
    Uncited,
    UnmarkUncited,
    apply,
    draft_texts,
    edit_from_json,
    inverse,
    read_draft,
    rebase,
    slug,
    toml_string,
)
from dashboard.dataset import FILES, load_dataset
from tests.conftest import SEED, load_bench

HOSTILE = (
    "<script>alert(1)</script>",
    "**bold** [link](http://x) # heading `code`",
    "=1+2",
    "+cmd|' /C calc'!A0",
    '"quoted, with commas", and\nnewlines',
    "pipe | and \\ backslash and ''' and \"\"\"",
    "tab\there and a trailing space ",
)


def texts_of(folder: Path) -> dict[str, str]:
    return {name: (folder / name).read_text(encoding="utf-8") for name in FILES}


@pytest.fixture(scope="module")
def seed_draft():
    return read_draft(texts_of(SEED))


def empty_texts(folder: Path) -> dict[str, str]:
    """The folder's article and metadata (without [[uncited]]), and tables with headers only."""
    texts = texts_of(folder)
    meta = texts["dataset.toml"]
    cut = meta.find("[[uncited]]")
    return {
        "article.txt": texts["article.txt"],
        "dataset.toml": meta if cut < 0 else meta[:cut].rstrip("\n") + "\n",
        "actors.csv": "id,name,kind,aliases,description\n",
        "relations.csv": "id,label,polarity,quad_class,directed,description\n",
        "triples.csv": "source,relation,target,quote,certainty,note\n",
    }


def rebuild(folder: Path, target: Path) -> None:
    """Write ``folder``'s dataset into ``target`` row by row, through edits only."""
    draft = read_draft(empty_texts(folder))
    full = read_draft(texts_of(folder))
    edits = [
        *(AddRelationType(r) for r in full.relations),
        *(AddActor(a) for a in full.actors),
        *(AddTriple(t) for t in full.triples),
        *(MarkUncited(u) for u in full.uncited),
    ]
    for edit in edits:
        draft = apply(draft, edit)
    target.mkdir()
    for name, text in draft_texts(draft).items():
        (target / name).write_text(text, encoding="utf-8", newline="")


def same_tables(a, b) -> None:
    for table in ("actors", "relations", "triples", "sentences"):
        left, right = getattr(a, table), getattr(b, table)
        left = left.drop(columns=["line", "article"], errors="ignore")
        right = right.drop(columns=["line", "article"], errors="ignore")
        pd.testing.assert_frame_equal(left, right)
    assert {k: v for k, v in a.meta.items()} == {k: v for k, v in b.meta.items()}


def test_ed001_seed_written_row_by_row_loads_back_as_the_same_tables(tmp_path):
    rebuild(SEED, tmp_path / "copy")
    same_tables(load_dataset(SEED), load_dataset(tmp_path / "copy"))


def test_ed002_generated_data_written_row_by_row_loads_back_as_the_same_tables(tmp_path):
    load_bench("generate").generate(tmp_path / "gen", 300, seed=4)
    rebuild(tmp_path / "gen", tmp_path / "copy")
    same_tables(load_dataset(tmp_path / "gen"), load_dataset(tmp_path / "copy"))


def test_ed003_unchanged_draft_writes_every_file_byte_for_byte(seed_draft):
    assert draft_texts(seed_draft) == texts_of(SEED)


def test_ed004_an_added_row_changes_only_the_end_of_its_file(seed_draft):
    triple = Triple("iran", "meets", "russia", "Iran and Russia", "stated", 'a "note", with comma')
    texts = draft_texts(apply(seed_draft, AddTriple(triple)))
    before = texts_of(SEED)["triples.csv"]
    assert (
        texts["triples.csv"]
        == before + 'iran,meets,russia,Iran and Russia,stated,"a ""note"", with comma"\n'
    )
    assert {n for n in FILES if texts[n] != texts_of(SEED)[n]} == {"triples.csv"}


def test_ed005_an_edited_row_changes_only_its_own_line(seed_draft):
    old = seed_draft.triples[5]
    texts = draft_texts(apply(seed_draft, EditTriple(old, replace(old, note="Checked."))))
    before = texts_of(SEED)["triples.csv"].splitlines(keepends=True)
    after = texts["triples.csv"].splitlines(keepends=True)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(changed) == 1 and after[changed[0]].endswith(",Checked.\n")


def test_ed006_a_file_in_its_own_header_order_keeps_that_order():
    texts = {
        "actors.csv": "name,id,kind\r\nIran,iran,state\r\n",
        "relations.csv": "id,label,polarity,directed\n",
        "triples.csv": "source,relation,target,quote,certainty\n",
        "dataset.toml": "",
        "article.txt": "",
    }
    draft = apply(read_draft(texts), AddActor(Actor("russia", "Russia, the state", "state")))
    assert draft_texts(draft)["actors.csv"] == (
        'name,id,kind\r\nIran,iran,state\r\n"Russia, the state",russia,state\n'
    )


def test_ed007_a_file_without_a_last_line_end_gets_one_before_a_new_row():
    texts = {"actors.csv": "id,name,kind\niran,Iran,state", "relations.csv": "id\n",
             "triples.csv": "source\n", "dataset.toml": "", "article.txt": ""}  # fmt: skip
    draft = apply(read_draft(texts), AddActor(Actor("russia", "Russia", "state")))
    assert (
        draft_texts(draft)["actors.csv"] == "id,name,kind\niran,Iran,state\nrussia,Russia,state\n"
    )


def test_ed008_a_new_row_filling_a_column_the_file_leaves_out_adds_that_column():
    texts = {"actors.csv": "id,name,kind\niran,Iran,state\n", "relations.csv": "id\n",
             "triples.csv": "source\n", "dataset.toml": "", "article.txt": ""}  # fmt: skip
    draft = apply(read_draft(texts), AddActor(Actor("russia", "Russia", "state", ("Moscow",))))
    assert draft_texts(draft)["actors.csv"] == (
        "id,name,kind,aliases\niran,Iran,state,\nrussia,Russia,state,Moscow\n"
    )


def test_ed009_uncited_entries_are_appended_as_toml_and_the_rest_kept(seed_draft):
    entry = Uncited('A "quoted" \\ quote\nover two lines', "<b>no</b> relation = 1+2")
    toml = draft_texts(apply(seed_draft, MarkUncited(entry)))["dataset.toml"]
    before = texts_of(SEED)["dataset.toml"]
    assert toml.startswith(before)
    assert toml[len(before) :].startswith("\n[[uncited]]\nquote = ")
    assert tomllib.loads(toml)["uncited"][-1] == {"quote": entry.quote, "reason": entry.reason}


def test_ed010_unmarking_removes_only_that_entry(seed_draft):
    first = seed_draft.uncited[0]
    draft = apply(seed_draft, MarkUncited(Uncited("x", "y")))
    draft = apply(draft, UnmarkUncited(first))
    assert draft.uncited == (Uncited("x", "y"),)
    meta = tomllib.loads(draft_texts(draft)["dataset.toml"])
    assert meta["notes"] == tomllib.loads(texts_of(SEED)["dataset.toml"])["notes"]


def test_ed011_toml_string_round_trips_every_character():
    text = "".join(chr(c) for c in range(0, 0x250)) + "\U0001f600\u2028"
    assert tomllib.loads(f"a = {toml_string(text)}")["a"] == text


@pytest.mark.parametrize(
    ("name", "expected"),
    [("North Korea", "north-korea"), ("Ayatollah Ali Khamenei", "ayatollah-ali-khamenei"),
     ("São Tomé", "sao-tome"), ("the U.S.", "the-u-s"), ("BRICS+", "brics"), ("«»", "")],
)  # fmt: skip
def test_ed012_slug(name, expected):
    assert slug(name) == expected


def test_ed013_edits_that_do_not_fit_raise_edit_error(seed_draft):
    iran = next(a for a in seed_draft.actors if a.id == "iran")
    used_relation = seed_draft.relations[0]
    cases = [
        AddActor(replace(iran, name="Another")),  # id taken
        DeleteActor(iran),  # used by triples
        DeleteTriple(Triple("iran", "meets", "russia", "not there")),
        AddTriple(seed_draft.triples[0]),  # already there
        EditActor(iran, replace(iran, id="persia")),
        AddAlias("nobody", "x"),
        AddAlias("iran", "Tehran"),  # already an alias
        RemoveAlias("iran", "Persia"),
        DeleteRelationType(used_relation),
        AddRelationType(used_relation),
        UnmarkUncited(Uncited("never", "marked")),
        AddTriple(Triple("a", "b", "c", "d"), at=10_000),
        AddActor(Actor("x", "X", "state", ("a|b",))),  # would read back as two aliases
        AddActor(Actor("x", "X", "state", (" a",))),
        AddActor(Actor("x", "X", "state", ("a", "a"))),
        EditActor(iran, replace(iran, aliases=("",))),
    ]
    for edit in cases:
        with pytest.raises(EditError):
            apply(seed_draft, edit)


def test_ed014_every_kind_round_trips_through_json(seed_draft):
    iran = next(a for a in seed_draft.actors if a.id == "iran")
    relation = RelationType("praises", "praises", "cooperative", "1", False, HOSTILE[1])
    edits = [
        AddTriple(Triple("iran", "meets", "russia", HOSTILE[0], "alleged", HOSTILE[4]), at=3),
        EditTriple(seed_draft.triples[0], replace(seed_draft.triples[0], note=HOSTILE[2])),
        DeleteTriple(seed_draft.triples[1]),
        AddActor(Actor("x", HOSTILE[0], "person", (HOSTILE[2], "b"), HOSTILE[3])),
        EditActor(iran, replace(iran, description=HOSTILE[5])),
        DeleteActor(iran),
        AddAlias("iran", "Persia"),
        RemoveAlias("iran", "Tehran"),
        AddRelationType(relation, at=None),
        DeleteRelationType(relation),
        MarkUncited(Uncited(HOSTILE[4], HOSTILE[6]), at=0),
        UnmarkUncited(Uncited("q", "r")),
    ]
    edits.append(Group((edits[3], edits[0]), HOSTILE[0]))
    assert {type(e) for e in edits} == set(EDITS.values())
    for edit in edits:
        assert edit_from_json(edit.to_json()) == edit


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ([], "must be a JSON object"),
        ({"kind": "drop_table"}, "unknown edit kind 'drop_table'"),
        ({"kind": "add_alias", "actor_id": "iran"}, "missing key 'alias'"),
        ({"kind": "add_alias", "actor_id": 1, "alias": "x"}, "actor_id must be text"),
        ({"kind": "add_alias", "actor_id": "a", "alias": "x", "sql": 1}, "unexpected key 'sql'"),
        ({"kind": "delete_triple", "triple": "x"}, "triple must be an object"),
        ({"kind": "add_alias", "actor_id": "iran", "alias": "\ud800"}, "unpaired surrogate"),
        ({"kind": "delete_triple", "triple": {"source": "a"}}, "missing 'relation'"),
        ({"kind": "add_triple", "triple": {"source": "a", "relation": "b", "target": "c",
          "quote": "d"}, "at": -1}, "'at' must be"),
        ({"kind": "add_actor", "actor": {"id": "a", "name": "A", "kind": "state",
          "aliases": "A|B"}}, "aliases must be a list"),
    ],
)  # fmt: skip
def test_ed015_malformed_json_edits_raise_value_error_saying_what(data, says):
    with pytest.raises(ValueError, match=None) as error:
        edit_from_json(data)
    assert says in str(error.value)


def test_ed016_crlf_typed_in_a_field_is_read_as_lf():
    data = {"kind": "add_alias", "actor_id": "iran", "alias": "a\r\nb\rc"}
    assert edit_from_json(data).alias == "a\nb\nc"


# apply and inverse: a change and its undo leave every file as it was, byte for byte


def _alias(text: str) -> str:
    return text.replace("|", "").strip() or "x"


def seed_edits(draft):
    """A strategy of edits that fit the seed draft."""
    text = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=20))
    triple_index = st.integers(0, len(draft.triples) - 1)
    actor_index = st.integers(0, len(draft.actors) - 1)
    unused = [
        a for a in draft.actors if not any(a.id in (t.source, t.target) for t in draft.triples)
    ]
    choices = [
        triple_index.map(lambda i: DeleteTriple(draft.triples[i])),
        st.tuples(triple_index, text).map(
            lambda p: EditTriple(draft.triples[p[0]], replace(draft.triples[p[0]], note=p[1]))
        ),
        st.tuples(text, st.integers(0, len(draft.triples))).map(
            lambda p: AddTriple(Triple("iran", "meets", "russia", p[0], "stated", p[0]), at=p[1])
        ),
        st.tuples(text, st.one_of(st.none(), st.integers(0, len(draft.actors)))).map(
            lambda p: AddActor(Actor("zz-new", p[0], "person", (_alias(p[0]),), p[0]), at=p[1])
        ),
        st.tuples(actor_index, text).map(
            lambda p: EditActor(draft.actors[p[0]], replace(draft.actors[p[0]], name=p[1]))
        ),
        st.tuples(actor_index, text).map(
            lambda p: AddAlias(draft.actors[p[0]].id, p[1].replace("|", "") + " alias")
        ),
        st.tuples(text, text).map(lambda p: MarkUncited(Uncited(*p))),
        st.just(UnmarkUncited(draft.uncited[0])),
        st.integers(0, len(draft.relations) - 1).map(
            lambda i: AddRelationType(replace(draft.relations[i], id="zz_type"), at=i)
        ),
    ]
    choices += [st.just(DeleteActor(a)) for a in unused[:1]]
    return st.one_of(choices)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_ed017_apply_then_inverse_gives_back_every_file_byte_for_byte(data):
    draft = read_draft(texts_of(SEED))
    edit = data.draw(seed_edits(draft))
    undo = inverse(draft, edit)
    changed = apply(draft, edit)
    assert draft_texts(changed) != draft_texts(draft)
    assert draft_texts(apply(changed, undo)) == texts_of(SEED)
    # the store keeps the rebased draft instead of reading the files again: they must agree
    assert rebase(changed).tables == read_draft(draft_texts(changed)).tables
    # and the undo's inverse redoes it
    assert draft_texts(apply(apply(changed, undo), inverse(changed, undo))) == draft_texts(changed)


@settings(max_examples=40, deadline=None)
@given(
    cells=st.lists(
        st.text(alphabet=st.characters(blacklist_characters="\r\x00"), max_size=30),
        min_size=6,
        max_size=6,
    )
)
def test_ed018_any_text_in_a_new_row_reads_back_as_the_same_cells(cells):
    texts = {"triples.csv": "source,relation,target,quote,certainty,note\n", "actors.csv": "id\n",
             "relations.csv": "id\n", "dataset.toml": "", "article.txt": ""}  # fmt: skip
    assume(any(cell.strip() for cell in cells))  # a blank row is no row, as for the loader
    triple = Triple(*cells)
    written = draft_texts(apply(read_draft(texts), AddTriple(triple)))["triples.csv"]
    rows = list(csv.reader(io.StringIO(written, newline="")))
    assert rows[1] == cells
    assert read_draft({**texts, "triples.csv": written}).triples == (triple,)


def test_ed019_a_rebased_draft_is_the_draft_read_from_its_texts():
    texts = {"actors.csv": "\ufeffid,name,kind\r\n\r\niran,Iran,state\r\n,,\nrussia,Russia,state",
             "relations.csv": "id\n", "triples.csv": "source\n", "dataset.toml": "",
             "article.txt": ""}  # fmt: skip
    draft = read_draft(texts)
    expected = [
        # a blank row stays with the row after it; the last line keeps its missing line end
        "\ufeffid,name,kind\r\n\r\niran,Iran,state\r\na,A,state\n,,\nrussia,Russia,state",
        "\ufeffid,name,kind\r\na,A,state\n,,\nrussia,Russia,state",
        # a new column (aliases) rewrites the file whole
        "\ufeffid,name,kind,aliases\na,A,state,\nrussia,Russia,state,\nb,B,group,x\n",
    ]
    edits = (AddActor(Actor("a", "A", "state"), at=1), DeleteActor(draft.actors[0]),
             AddActor(Actor("b", "B", "group", ("x",))))  # fmt: skip
    for edit, text in zip(edits, expected, strict=True):
        draft = rebase(apply(draft, edit))
        assert draft.texts["actors.csv"] == text
        again = read_draft(draft.texts)
        assert draft.tables == again.tables and draft.actors == again.actors


def test_ed020_a_group_is_made_in_order_and_its_inverse_restores_every_file(seed_draft):
    # The oracle is the seed's files as read from disk, not the edits' own code.
    original = texts_of(SEED)
    quote = seed_draft.triples[0].quote
    relation = RelationType("praises", "praises", "cooperative", "1", True, "")
    group = Group(
        (
            AddActor(Actor("persia", "Persia", "state", ("Tehran regime",))),
            AddRelationType(relation),
            AddTriple(Triple("persia", "praises", "russia", quote)),
            DeleteTriple(seed_draft.triples[5]),
            AddAlias("iran", "the Islamic Republic"),
        ),
        "accepted a relation",
    )
    after = rebase(apply(seed_draft, group))
    changed = {name for name in FILES if after.texts[name] != original[name]}
    assert changed == {"actors.csv", "relations.csv", "triples.csv"}
    assert "," in quote  # so CSV quotes it
    assert after.texts["triples.csv"].endswith(f'persia,praises,russia,"{quote}",stated,\n')
    undo = inverse(seed_draft, group)
    assert isinstance(undo, Group) and undo.summary == "accepted a relation"
    assert [type(e) for e in undo.edits] == [
        RemoveAlias,
        AddTriple,
        DeleteTriple,
        DeleteRelationType,
        DeleteActor,
    ]
    assert dict(rebase(apply(after, undo)).texts) == original


def test_ed021_a_group_that_does_not_fit_as_a_whole_raises(seed_draft):
    iran = next(a for a in seed_draft.actors if a.id == "iran")
    group = Group((AddAlias("russia", "Moscow rulers"), DeleteActor(iran)))  # iran is used
    with pytest.raises(EditError, match="actor 'iran' is used by"):
        apply(seed_draft, group)


def test_ed023_a_group_checked_as_a_whole_has_an_inverse_too(seed_draft):
    # The actor goes before the one row that names it: only the whole group leaves it unused.
    # The oracle is the seed's files as read from disk.
    original = texts_of(SEED)
    actor = next(a for a in seed_draft.actors if a.id == "tass")
    rows = [t for t in seed_draft.triples if "tass" in (t.source, t.target)]
    assert len(rows) == 1
    group = Group((DeleteActor(actor), DeleteTriple(rows[0])), "rejected a relation")
    after = rebase(apply(seed_draft, group))
    undo = inverse(seed_draft, group)
    restored = rebase(apply(after, undo))
    assert {name: restored.texts[name] for name in FILES} == original


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ({"kind": "group", "edits": []}, "edits must be a list of 1 to"),
        ({"kind": "group", "edits": "x"}, "edits must be a list of 1 to"),
        ({"kind": "group", "edits": [{"kind": "group", "edits": []}]}, "edit 1 is a group"),
        (
            {"kind": "group", "edits": [{"kind": "add_alias", "actor_id": "a", "alias": "b"},
                                        {"kind": "add_alias", "actor_id": "a"}]},
            "group: edit 2: add_alias: missing key 'alias'",
        ),
        ({"kind": "group", "edits": [], "drop": 1}, "unexpected key 'drop'"),
        ({"kind": "group", "edits": [{"kind": "add_alias", "actor_id": "a", "alias": "b"}],
          "summary": 3}, "group: summary must be text"),
    ],
)  # fmt: skip
def test_ed022_a_malformed_group_says_what_is_wrong(data, says):
    with pytest.raises(ValueError, match=re.escape(says)):
        edit_from_json(data)
