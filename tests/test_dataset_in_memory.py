"""load_dataset(path, texts=...): checking file texts held in memory, as curate does before it
writes; problems name the real files, and nothing on disk is read for the files given."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard.dataset import FILES, DatasetError, load_dataset
from tests.conftest import SEED, load_bench


def seed_texts() -> dict[str, str]:
    return {name: (SEED / name).read_text(encoding="utf-8") for name in FILES}


def test_mem001_the_seed_in_memory_loads_as_from_disk():
    from_disk, in_memory = load_dataset(SEED), load_dataset(SEED, texts=seed_texts())
    pd.testing.assert_frame_equal(from_disk.triples, in_memory.triples)
    pd.testing.assert_frame_equal(from_disk.actors, in_memory.actors)
    assert from_disk.meta == in_memory.meta and in_memory.path == SEED


def test_mem002_given_texts_win_over_the_disk_and_problems_name_the_real_file(seed_copy):
    texts = {"actors.csv": (seed_copy / "actors.csv").read_text().replace(",state,", ",nation,", 1)}
    with pytest.raises(DatasetError) as error:
        load_dataset(seed_copy, texts=texts)
    assert str(error.value.problems[0]).startswith(f"{seed_copy / 'actors.csv'}:2: column 'kind'")
    load_dataset(seed_copy)  # the file on disk was never touched


def test_mem003_the_same_checks_apply_to_texts_as_to_files(seed_copy):
    texts = seed_texts()
    texts["triples.csv"] += "iran,meets,russia,Iran\x07and,stated,\n"
    with pytest.raises(DatasetError, match="control character U\\+0007"):
        load_dataset(seed_copy, texts=texts)


def test_mem004_all_five_texts_check_a_folder_not_made_yet(tmp_path):
    dataset = load_dataset(tmp_path / "not-yet", texts=seed_texts())
    assert len(dataset.triples) == len(load_dataset(SEED).triples)
    assert not (tmp_path / "not-yet").exists()


def test_mem005_the_texts_do_not_leak_into_the_next_load(seed_copy):
    broken = {"actors.csv": "nonsense"}
    with pytest.raises(DatasetError):
        load_dataset(seed_copy, texts=broken)
    assert len(load_dataset(seed_copy).actors) > 0


def test_mem006_loads_in_memory_share_a_quote_index_and_still_find_every_problem(tmp_path):
    load_bench("generate").generate(
        tmp_path / "gen", 400, seed=2
    )  # an article long enough to index
    texts = {name: (tmp_path / "gen" / name).read_text(encoding="utf-8") for name in FILES}
    first = load_dataset(tmp_path / "gen", texts=texts)
    lines = texts["triples.csv"].splitlines(keepends=True)
    quote = first.triples["quote"].iloc[0]
    broken = {**texts, "triples.csv": "".join(lines).replace(quote, quote[:-2] + "!!", 1)}
    with pytest.raises(DatasetError, match=r"is not in article\.txt"):
        load_dataset(tmp_path / "gen", texts=broken)
    again = load_dataset(tmp_path / "gen", texts=texts)
    pd.testing.assert_frame_equal(again.triples, load_dataset(tmp_path / "gen").triples)
    pd.testing.assert_frame_equal(again.triples, first.triples)
