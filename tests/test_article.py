"""Tests for dashboard.article: sentences, actor mentions, lookalike folding, closest passage."""

# Curly quotes and dashes are what these tests are about.

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.article import (
    MentionFinder,
    closest_passage,
    find_mentions,
    mention_pattern,
    normalise_lookalikes,
    sentence_at,
    split_sentences,
)
from dashboard.dataset import load_dataset
from dashboard.settings import SEEDS_DIR

SEED = SEEDS_DIR / "iran-russia-treaty"


@pytest.fixture(scope="module")
def seed():
    return load_dataset(SEED)


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


# split_sentences


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Iran met Russia. The U.S. objected.\nChina watched.",
            ["Iran met Russia.", "The U.S. objected.", "China watched."],
            id="sen001-docstring",
        ),
        pytest.param(
            "The U.S. President spoke. Iran agreed.",
            ["The U.S. President spoke.", "Iran agreed."],
            id="sen002-abbreviation-before-capital",
        ),
        pytest.param(
            "U.S. officials met. Iran agreed.",
            ["U.S. officials met.", "Iran agreed."],
            id="sen003-abbreviation-at-start",
        ),
        pytest.param(
            "Mr. Putin spoke. Dr. Jalali listened.",
            ["Mr. Putin spoke.", "Dr. Jalali listened."],
            id="sen004-titles",
        ),
        pytest.param(
            "He called it “the most sensitive areas.” Tehran agreed.",
            ["He called it “the most sensitive areas.”", "Tehran agreed."],
            id="sen005-curly-double-quote-after-stop",
        ),
        pytest.param(
            "It was ‘historic.’ Moscow said so.",
            ["It was ‘historic.’", "Moscow said so."],
            id="sen006-curly-single-quote-after-stop",
        ),
        pytest.param(
            'He said "no." Then he left.',
            ['He said "no."', "Then he left."],
            id="sen007-straight-quote-after-stop",
        ),
        pytest.param(
            "He named “the most sensitive areas”. Moscow agreed.",
            ["He named “the most sensitive areas”.", "Moscow agreed."],
            id="sen008-stop-after-curly-quote",
        ),
        pytest.param(
            "Iran left. “Why?” she asked.",
            ["Iran left.", "“Why?” she asked."],
            id="sen009-opening-quote-starts-sentence",
        ),
        pytest.param(
            "Why now? Because! Fine.",
            ["Why now?", "Because!", "Fine."],
            id="sen010-question-and-exclamation",
        ),
        pytest.param(
            "It began in 2022. 2023 was worse.",
            ["It began in 2022.", "2023 was worse."],
            id="sen011-digit-starts-sentence",
        ),
        pytest.param(
            "Iran signed, i.e. the deal was done.",
            ["Iran signed, i.e. the deal was done."],
            id="sen012-lower-case-after-stop",
        ),
        pytest.param(
            "A headline without a stop\nThe body.",
            ["A headline without a stop", "The body."],
            id="sen013-line-break-ends-sentence",
        ),
        pytest.param(
            "First.\n\n   \nSecond.\n",
            ["First.", "Second."],
            id="sen014-blank-lines-skipped",
        ),
        pytest.param(
            "  Iran met Russia.   China watched.  ",
            ["Iran met Russia.", "China watched."],
            id="sen015-white-space-trimmed",
        ),
        pytest.param("", [], id="sen016-empty"),
    ],
)
def test_split_sentences(text, expected):
    assert sentences(text) == expected


def test_sen020_seed_has_51_sentences(seed):
    spans = split_sentences(seed.article)
    assert len(spans) == 51
    assert seed.article[slice(*spans[0])].startswith("Iran and Russia signed")
    assert seed.article[slice(*spans[-1])] == (
        "They do not represent the views, beliefs, or policies of the Stratheia."
    )


def test_sen021_seed_spans_are_ordered_stripped_and_single_line(seed):
    spans = split_sentences(seed.article)
    ends = [0] + [end for _, end in spans[:-1]]
    for (start, end), previous_end in zip(spans, ends, strict=True):
        text = seed.article[start:end]
        assert previous_end <= start < end
        assert text == text.strip()
        assert "\n" not in text


# sentence_at


@pytest.mark.parametrize(
    ("position", "expected"),
    [(0, 1), (16, 1), (17, 2), (20, 2), (35, 2), (36, 3), (1000, 3)],
)
def test_sentence_at(position, expected):
    assert sentence_at([0, 17, 36], position) == expected


def test_sentence_at_before_first_start_is_sentence_1():
    assert sentence_at([5, 10], 0) == 1


# mention_pattern and find_mentions


def test_men001_longest_form_first():
    assert mention_pattern(["U.S.", "the U.S."]).findall("Both the U.S. and Iran.") == ["the U.S."]


def test_men002_whole_words_only():
    pattern = mention_pattern(["Iran"])
    assert pattern.findall("Iranian drones, Tehran and Iran.") == ["Iran"]


def test_men003_dots_are_literal():
    assert mention_pattern(["U.S."]).findall("UXSX and U.S.") == ["U.S."]


def test_men004_no_forms_match_nothing():
    assert mention_pattern([]).findall("Iran and Russia") == []
    assert mention_pattern([""]).findall("Iran and Russia") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "Iranian-Russian collaboration",
            [(0, 7, "iran"), (8, 15, "russia")],
            id="men010-hyphenated-pair",
        ),
        pytest.param("Assad’s position", [(0, 5, "assad-regime")], id="men011-curly-possessive"),
        pytest.param("Assad's position", [(0, 5, "assad-regime")], id="men012-straight-possessive"),
        pytest.param("the Assad regime", [(0, 16, "assad-regime")], id="men013-longest-alias"),
        pytest.param("the U.S. and its allies", [(0, 8, "united-states")], id="men014-the-us"),
        pytest.param("countering U.S. influence", [(11, 15, "united-states")], id="men015-us"),
        pytest.param(
            "Tehran and the Kremlin",
            [(0, 6, "iran"), (11, 22, "russia")],
            id="men016-metonyms",
        ),
        pytest.param("Iranians and Russians", [], id="men017-no-partial-words"),
        pytest.param(
            "Western-dominated institutions", [(0, 7, "the-west")], id="men018-hyphen-ends-word"
        ),
    ],
)
def test_find_mentions_with_seed_forms(seed, text, expected):
    assert find_mentions(text, seed.surface_forms) == expected
    assert MentionFinder(seed.surface_forms).find(text) == expected


def test_men021_finder_finds_what_the_pattern_finds_in_the_seed(seed):
    finder = MentionFinder(seed.surface_forms)
    assert finder.pattern is None  # every seed form starts a word: the index is used
    for start, end in seed.sentences[["start", "end"]].itertuples(index=False):
        text = seed.article[start:end]
        assert finder.find(text) == find_mentions(text, seed.surface_forms), text


# Forms that share first words, prefixes, dots, hyphens, "the", and letters beyond ASCII.
_FORMS = {
    "U.S.": "us", "the U.S.": "us", "U": "u", "Iran": "iran", "Iranian Navy": "navy",
    "the Kremlin": "russia", "Kremlin": "russia", "Al-Qaeda": "aq", "Al": "al", "Zürich": "zh",
    "São Paulo": "sp", "a_b": "ab", "the": "the-word", "1st Army": "army",
}  # fmt: skip
_PIECES = [*_FORMS, "The", "the", " ", ", ", ".", "-", "'s", "’", "x", "é", "Iranian", "U.S",
           "Kremlins", "_", "\n", "Navy", "São", "Paulo", "Army", "1st"]  # fmt: skip


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(_PIECES), max_size=25))
def test_men022_finder_matches_the_pattern_on_any_text(pieces):
    text = "".join(pieces)
    assert MentionFinder(_FORMS).find(text) == find_mentions(text, _FORMS)


def test_men023_a_form_that_starts_with_punctuation_falls_back_to_the_pattern():
    forms = {"(IRGC)": "irgc", "Iran": "iran"}
    finder = MentionFinder(forms)
    assert finder.pattern is not None
    assert finder.find("Iran's (IRGC) units") == find_mentions("Iran's (IRGC) units", forms)


def test_men020_dataset_mentions_are_relative_to_start(seed):
    start, end = seed.sentences.loc[1, ["start", "end"]]
    found = seed.mentions(start, end)
    text = seed.article[start:end]
    assert [text[a:b] for a, b, _ in found] == ["Iran", "Russia", "the Kremlin"]
    assert [actor for *_, actor in found] == ["iran", "russia", "russia"]


# normalise_lookalikes


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia’s", "Russia's"),
        ("‘single’", "'single'"),
        ("“double”", '"double"'),
        ("„low”", '"low"'),
        ("conflict—allegations", "conflict-allegations"),
        ("2022–2025", "2022-2025"),
        ("  a \n b\t\tc  ", "a b c"),
        ("plain text", "plain text"),
    ],
)
def test_normalise_lookalikes(text, expected):
    assert normalise_lookalikes(text) == expected


# closest_passage


def test_clo001_synthetic():
    text = "Alpha beta. Gamma delta."
    assert closest_passage("gamma delt", text, split_sentences(text)) == (2, "Gamma delta.")


def test_clo002_no_common_run_gives_first_sentence():
    text = "Alpha beta. Gamma delta."
    assert closest_passage("xyz", text, split_sentences(text)) == (1, "Alpha beta.")


@pytest.mark.parametrize(
    ("quote", "number"),
    [
        ("Iran and Russia signed a minor treaty", 1),
        ("The United States accused Tehran of providing ballistic missiles", 18),
        ("Pakistan has emerged as a stabilizing force", 42),
    ],
)
def test_clo003_seed(seed, quote, number):
    found, text = closest_passage(quote, seed.article, split_sentences(seed.article))
    assert found == number
    assert text == seed.sentences.loc[number, "text"]
