"""The quote index of dashboard.dataset and the sentence splitter: exactly what plain scanning finds.

Each case is checked against a verbatim copy of the code these replaced: the quote locator that
scanned the article with str.find for every quote, and the abbreviation test that searched each
line from its start.
"""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import article as article_module
from dashboard import dataset as dataset_module
from dashboard.article import closest_passage, normalise_lookalikes, sentence_at, split_sentences
from dashboard.dataset import (
    _MAX_PASSAGE_SEARCHES,
    _PASSAGE_PROBE,
    DatasetError,
    Problem,
    _locate_quote,
    _misquote,
    _positions,
    _QuoteIndex,
    load_dataset,
)
from tests.conftest import load_bench

EXAMPLES = settings(
    max_examples=300,
    deadline=None,  # the machine is shared; exactness, not speed, is tested here
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)
PATH = Path("triples.csv")


def plain_locate_quote(path, line, quote, article, spans, problems, searches, column="quote"):
    """_locate_quote as it was before the index (commit dac4317), verbatim but for its name and
    the misquote message, which is made by the code under test's _misquote."""
    start = article.find(quote)
    if start >= 0:
        again = article.find(quote, start + 1)
        if again < 0:
            return start, start + len(quote)
        count = article.count(quote)
        starts = [a for a, _ in spans]
        where = ", ".join(str(sentence_at(starts, p)) for p in _positions(article, quote))
        message = (
            f"the quote occurs {count} times in article.txt (sentences {where}); "
            "quote more of the sentence so that it points to one place"
        )
        problems.append(Problem(path, line, column, message))
        return None
    if len(quote) > len(article):
        message = f"the quote ({len(quote)} characters) is longer than article.txt ({len(article)})"
        problems.append(Problem(path, line, column, message))
        return None
    if normalise_lookalikes(quote) in normalise_lookalikes(article):
        reason = "differs from article.txt only in quotation marks, dashes or spaces"
    else:
        reason = "is not in article.txt"
    if searches[0] >= _MAX_PASSAGE_SEARCHES or not spans:
        problems.append(Problem(path, line, column, f"the quote {reason}"))
        return None
    searches[0] += 1
    number, _ = closest_passage(quote[:_PASSAGE_PROBE], article, spans)
    # The message's wording (where the misquote differs) is shared, not what is being compared.
    message = _misquote(reason, quote[:_PASSAGE_PROBE], article, spans, number)
    problems.append(Problem(path, line, column, message))
    return None


def every_start(text: str, part: str) -> list[int]:
    """Every start of ``part`` in ``text`` by brute force, overlapping ones too."""
    return [i for i in range(len(text) - len(part) + 1) if text.startswith(part, i)]


def compare(article: str, quotes: list[str], expected: list[str], index_from: int = 0) -> None:
    """The index gives the same places, spans and problems as plain scanning, for every quote."""
    spans = split_sentences(article)
    index = _QuoteIndex(article, expected, index_from=index_from)
    new_problems: list[Problem] = []
    old_problems: list[Problem] = []
    new_searches, old_searches = [0], [0]
    for line, quote in enumerate(quotes, start=2):
        assert index.places(quote) == _positions(article, quote), quote
        new = _locate_quote(PATH, line, quote, index, spans, new_problems, new_searches)
        old = plain_locate_quote(PATH, line, quote, article, spans, old_problems, old_searches)
        assert new == old, quote
    assert new_problems == old_problems


# Words that make word starts in many scripts, repeats, and mid-word matches.
WORDS = (
    "Iran", "Russia", "Irania", "signed", "sign", "treaty", "treaties", "Zürich", "naïve",
    "Москва", "Москвой", "北京", "東京都", "2025", "20", "U.S.", "Mr.", "co-operation", "_x_",
    "l'État", "Putin’s", "«Moscow»", "—", "–", "“quoted”", '"quoted"', "a", "I", "ǅemal", "Ⅻ",
    "١٢٣", "e\u0301", "\t", "\n", "\n\n",
)  # fmt: skip
SEPARATORS = (" ", " ", " ", ", ", ". ", "; ", "\n", "", "  ", "-", "(", ")")


@st.composite
def texts(draw, min_words: int = 1, max_words: int = 60) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=min_words, max_size=max_words))
    seps = draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(words), max_size=len(words)))
    return "".join(w + s for w, s in zip(words, seps, strict=True))


@st.composite
def article_and_quotes(draw):
    article = draw(texts(min_words=1, max_words=120))
    quotes = []
    if draw(st.booleans()):  # a passage repeated, and a quote from it: it occurs twice or more
        piece = article[: draw(st.integers(0, len(article)))]
        at = draw(st.integers(0, len(article)))
        article = article[:at] + piece + article[at:]
        start = draw(st.integers(0, len(piece)))
        quotes.append(piece[start : start + draw(st.integers(0, 60))])
    for _ in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["slice", "slice", "slice", "edited", "words", "unicode"]))
        if kind in ("slice", "edited"):  # at word starts, mid-word, across lines
            start = draw(st.integers(0, len(article)))
            quote = article[start : start + draw(st.integers(0, 80))]
            if kind == "edited" and quote:
                at = draw(st.integers(0, len(quote) - 1))
                quote = (
                    quote[:at] + draw(st.sampled_from(["x", "’", " ", "é", ""])) + quote[at + 1 :]
                )
        elif kind == "words":
            quote = draw(texts(max_words=8))
        else:
            quote = draw(st.text(min_size=0, max_size=30))
        quotes.append(quote)
    return article, quotes


@EXAMPLES
@given(article_and_quotes(), st.booleans())
def test_scale001_index_finds_what_scanning_finds(case, announced):
    article, quotes = case
    # Announced quotes are planned all at once; the others one at a time, as uncited ones are.
    compare(article, quotes, quotes if announced else [])


@EXAMPLES
@given(article_and_quotes())
def test_scale002_places_are_every_overlapping_start(case):
    article, quotes = case
    index = _QuoteIndex(article, quotes[::2], index_from=0)
    for quote in quotes:
        if quote:
            assert index.places(quote) == every_start(article, quote)


@pytest.mark.parametrize(
    ("article", "quote", "places"),
    [
        pytest.param("the Kremlin said. the Kremlin said.", "Kremlin said.", [4, 22], id="twice"),
        pytest.param("xxIran signed it", "Iran signed it", [2], id="mid-word"),
        pytest.param("aaaaaaaa aaaaaaaa aaaaaaaa aaaaaaaa", "aaaaaaaa aaaaaaaa", [0, 9, 18], id="overlapping"),
        pytest.param("Москва и Пекин подписали договор", "и Пекин подписали", [7], id="cyrillic"),
        pytest.param("北京 signed, 北京 agreed", " signed, 北京 agreed", [2], id="cjk"),
        pytest.param("Iran signed the treaty", "Iran signed the treaty!", [], id="absent"),
        pytest.param("Iran signed the treaty", "signed", [5], id="no-full-gram"),
        pytest.param("Iran signed", "", list(range(12)), id="empty"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("index_from", [0, 10**9], ids=["indexed", "scanned"])
def test_scale003_places_in_cases(article, quote, places, index_from):
    assert _QuoteIndex(article, [quote], index_from=index_from).places(quote) == places
    assert _positions(article, quote) == places


def test_scale004_common_grams_fall_back_to_scanning(monkeypatch):
    """A quote whose every gram is too common is scanned for, with the same answer."""
    article = "the treaty was signed. " * 50 + "the treaty was signed by Iran."
    quotes = ["the treaty was signed by Iran.", "treaty was signed. the treaty", "was signed"]
    monkeypatch.setattr(dataset_module, "_MAX_CANDIDATES", 10)
    index = _QuoteIndex(article, quotes, index_from=0)
    for quote in quotes:
        assert index.places(quote) == _positions(article, quote)
    assert index._plans["treaty was signed. the treaty"] is None  # every gram occurs 51 times
    assert index._plans["the treaty was signed by Iran."] is not None  # "Iran." is rare
    compare(article, [*quotes, "the treaty was signed by Russia."], quotes)


def test_scale005_short_articles_are_scanned_and_long_ones_indexed():
    assert not _QuoteIndex("Iran met Russia.")._indexed
    assert _QuoteIndex("Iran met Russia. " * 5000)._indexed


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """A generated dataset whose article is long enough to be indexed (n = 300: 130,000 chars)."""
    generate = load_bench("generate")
    folder = tmp_path_factory.mktemp("generated") / "n300"
    generate.generate(folder, 300, seed=5)
    assert len((folder / "article.txt").read_text(encoding="utf-8")) >= dataset_module._INDEX_FROM
    return folder


def test_scale006_generated_dataset_loads_the_same_with_and_without_index(generated, monkeypatch):
    indexed = load_dataset(generated)
    monkeypatch.setattr(dataset_module, "_INDEX_FROM", 10**12)
    scanned = load_dataset(generated)
    assert indexed.triples.equals(scanned.triples)


def break_quotes(folder: Path) -> None:
    """Make mistakes of every kind in a generated triples.csv: each quote problem the loader names."""
    path = folder / "triples.csv"
    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    sentence = rows[5][3]
    clause = "in talks that lasted late into the night"
    replacements = {
        6: clause,  # occurs many times
        7: sentence[3:60],  # starts mid-word: found once
        8: sentence[:40] + "zz" + sentence[42:],  # a typo: not in the article
        9: sentence.replace(" ", "  ", 1),  # differs only in spaces
        10: sentence + " " + sentence,  # absent: a sentence twice over
        11: "Ё" + sentence[1:],  # absent: a first letter changed
    }
    for number, quote in replacements.items():
        rows[number][3] = quote
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file, lineterminator="\n").writerows(rows)


def test_scale007_broken_generated_dataset_names_the_same_problems(
    generated, tmp_path, monkeypatch
):
    folder = Path(shutil.copytree(generated, tmp_path / "broken"))
    break_quotes(folder)
    with pytest.raises(DatasetError) as indexed:
        load_dataset(folder)
    monkeypatch.setattr(dataset_module, "_INDEX_FROM", 10**12)
    with pytest.raises(DatasetError) as scanned:
        load_dataset(folder)
    assert indexed.value.problems == scanned.value.problems
    messages = "\n".join(str(problem) for problem in indexed.value.problems)
    assert re.search(r"occurs \d+ times in article.txt \(sentences \d+, \d+", messages)
    assert "is not in article.txt; it first differs at its character" in messages
    assert "differs from article.txt only in quotation marks, dashes or spaces" in messages


# The sentence splitter's abbreviation test, searched from the line's start as before


def plain_split_sentences(text: str):
    """split_sentences as it was before (commit dac4317): the abbreviation search from 0."""
    spans = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in article_module._END.finditer(line):
            if article_module._ABBREVIATION.search(line, 0, match.start() + 1):
                continue
            article_module._append_stripped(spans, line, start, match.end(), offset)
            start = match.end()
        article_module._append_stripped(spans, line, start, len(line), offset)
        offset += len(line) + 1
    return spans


SENTENCE_WORDS = (
    "Iran", "met", "U.S.", "U.S.A.", "A.", "B.", "Mr.", "Mrs.", "Prof.", "vs.", "etc.", "No.",
    "e.g.", "x.", "X.", "Putin.", "Lt.", "Gen.", "“Yes.”", "(No.)", "‘A.’", "2025.", "ok!",
    "why?", "St.", "Ave.", "I.", "J.R.R.", "..", "'", '"',
)  # fmt: skip


@EXAMPLES
@given(st.lists(st.sampled_from((*SENTENCE_WORDS, " ", "  ", "\n", " A", " The")), max_size=60))
def test_scale008_split_sentences_as_before(words):
    text = " ".join(words)
    assert split_sentences(text) == plain_split_sentences(text)
