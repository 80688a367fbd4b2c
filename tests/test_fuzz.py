"""Fuzzing the loader with Hypothesis: random and mutated bytes give a dataset or a clean error."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.dataset import FILES, Dataset, DatasetError, load_dataset
from tests.conftest import SEED

ORIGINALS = {name: (SEED / name).read_bytes() for name in FILES}
FUZZ = settings(
    max_examples=120,
    deadline=2000,  # milliseconds per example: a hang or a quadratic blow-up fails the test
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # the same cases every run, so CI is repeatable
)


def load_with(name: str, data: bytes):
    """Load a copy of the seed whose file ``name`` holds ``data``; return the dataset or the error."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(shutil.copytree(SEED, Path(tmp) / "fuzzed"))
        (folder / name).write_bytes(data)
        try:
            return load_dataset(folder)
        except DatasetError as error:
            assert error.problems
            for problem in error.problems:
                text = str(problem)  # every problem can be printed and names its place
                assert text.startswith(str(folder))
            return error


@st.composite
def mutated(draw, name: str) -> bytes:
    """The real file with a few random edits: deleted, inserted, replaced or repeated bytes."""
    data = bytearray(ORIGINALS[name])
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["delete", "insert", "replace", "repeat", "truncate"]))
        size = draw(st.integers(1, 40))
        if action == "delete":
            del data[at : at + size]
        elif action == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=size))
        elif action == "replace":
            data[at : at + size] = draw(
                st.sampled_from(
                    [b",", b'"', b"\n", b"\r\n", b"|", b"\xff", b"\x00", b"=", b"[", b""]
                )
            )
        elif action == "repeat":
            data[at:at] = data[at : at + size]
        else:
            del data[at:]
    return bytes(data)


@pytest.mark.parametrize("name", FILES)
@FUZZ
@given(data=st.data())
def test_fuzz001_random_bytes(name, data):
    result = load_with(name, data.draw(st.binary(max_size=3000)))
    assert isinstance(result, (Dataset, DatasetError))


@pytest.mark.parametrize("name", FILES)
@FUZZ
@given(data=st.data())
def test_fuzz002_mutated_files(name, data):
    result = load_with(name, data.draw(mutated(name)))
    assert isinstance(result, (Dataset, DatasetError))
    if isinstance(result, Dataset):
        for quote, start, end in zip(
            result.triples["quote"], result.triples["start"], result.triples["end"], strict=True
        ):
            assert result.article[start:end] == quote


@FUZZ
@given(text=st.text(max_size=400))
def test_fuzz003_random_unicode_quotes(text):
    line = '"' + text.replace('"', '""') + '"'
    data = ORIGINALS["triples.csv"] + f"iran,meets,russia,{line},stated,\n".encode()
    result = load_with("triples.csv", data)
    assert isinstance(result, (Dataset, DatasetError))
