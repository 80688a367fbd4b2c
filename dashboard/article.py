"""The article's text: sentences, actor mentions and the passage closest to a quote."""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable, Sequence

Span = tuple[int, int]

# A sentence ends at . ! or ?, perhaps followed by closing quotes or brackets, then white space
# and a capital, a digit or an opening quote. Runs of capitals with dots ("U.S.") and a few
# titles are abbreviations, not sentence ends, and so is a lone initial ("Vladimir V. Putin"). Every line break also ends a sentence.
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Z]\.){2,}|(?<![\w.])[A-Z]\.|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Gen|Col|Lt|No|vs|etc)\.)$"
)
# _ABBREVIATION needs to see only this far back: "Prof." is its longest ending, and a longer run
# like "U.S.A." also ends in two letters with dots. (The search still sees the characters just
# before its window, for \b and the look-behind.) Searching from the line's start instead made
# splitting a long paragraph quadratic.
_ABBREVIATION_REACH = 8

_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_PASSAGE_CANDIDATES = 200  # sentences compared character by character when finding a misquote

# What the article may spell differently from a hand-typed quote.
_LOOKALIKES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def split_sentences(text: str) -> list[Span]:
    """Return the (start, end) character span of every sentence, in order.

    >>> text = "Iran met Russia. The U.S. objected.\\nChina watched."
    >>> [text[a:b] for a, b in split_sentences(text)]
    ['Iran met Russia.', 'The U.S. objected.', 'China watched.']
    """
    spans: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        for match in _END.finditer(line):
            end = match.start() + 1
            if _ABBREVIATION.search(line, max(end - _ABBREVIATION_REACH, 0), end):
                continue
            _append_stripped(spans, line, start, match.end(), offset)
            start = match.end()
        _append_stripped(spans, line, start, len(line), offset)
        offset += len(line) + 1
    return spans


def _append_stripped(spans: list[Span], line: str, start: int, end: int, offset: int) -> None:
    piece = line[start:end]
    if piece.strip():
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        spans.append((offset + start + lead, offset + end - trail))


def sentence_at(starts: Sequence[int], position: int) -> int:
    """Return the 1-based number of the sentence that holds a character position.

    ``starts`` are the sentences' start offsets, ascending.

    >>> sentence_at([0, 17, 36], 20)
    2
    """
    return max(bisect.bisect_right(starts, position), 1)


def mention_pattern(surface_forms: Iterable[str]) -> re.Pattern[str]:
    """Compile one pattern matching any surface form as a whole word, longest first.

    >>> mention_pattern(["U.S.", "the U.S."]).findall("Both the U.S. and Iran. The U.S. left.")
    ['the U.S.', 'The U.S.']
    """
    forms = sorted({form for form in surface_forms if form}, key=len, reverse=True)
    if not forms:
        return re.compile(r"(?!)")
    # "the Kremlin" also matches "The Kremlin" at the start of a sentence.
    escaped = [re.sub(r"^the\\ ", "[Tt]he\\ ", re.escape(form)) for form in forms]
    return re.compile(r"(?<!\w)(?:" + "|".join(escaped) + r")(?!\w)")


def find_mentions(
    text: str, surface_forms: dict[str, str], pattern: re.Pattern[str] | None = None
) -> list[tuple[int, int, str]]:
    """Return (start, end, actor id) for every mention of a surface form in ``text``.

    ``surface_forms`` maps each name or alias to the actor it stands for; ``pattern``, if given,
    is ``mention_pattern(surface_forms)`` compiled once by the caller.

    >>> find_mentions("Tehran and Moscow", {"Tehran": "iran", "Moscow": "russia"})
    [(0, 6, 'iran'), (11, 17, 'russia')]
    """
    pattern = pattern or mention_pattern(surface_forms)
    found = []
    for match in pattern.finditer(text):
        form = match.group()
        actor = surface_forms.get(form) or surface_forms["t" + form[1:]]
        found.append((match.start(), match.end(), actor))
    return found


class MentionFinder:
    """Finds what ``find_mentions`` finds, the same mentions in the same order, by looking up
    each word's surface forms instead of trying every form at every character: a regex of
    20,000 names took 2 ms per sentence.

    >>> MentionFinder({"the U.S.": "usa", "Iran": "iran"}).find("The U.S. and Iran's navy")
    [(0, 8, 'usa'), (13, 17, 'iran')]
    """

    def __init__(self, surface_forms: dict[str, str]):
        self.surface_forms = surface_forms
        forms = sorted({form for form in surface_forms if form}, key=len, reverse=True)
        self.by_word: dict[str, list[str]] = {}
        self.pattern: re.Pattern[str] | None = None  # when a form does not start a word
        for form in forms:
            first = _WORD.match(form)
            if first is None:
                self.pattern = mention_pattern(forms)
                return
            variants = [form, "T" + form[1:]] if form.startswith("the ") else [form]
            for variant in variants:
                self.by_word.setdefault(variant[: first.end()], []).append(variant)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        if self.pattern is not None:
            return find_mentions(text, self.surface_forms, self.pattern)
        found = []
        cursor = 0
        for word in _WORD.finditer(text):
            start = word.start()
            if start < cursor:
                continue
            for form in self.by_word.get(word.group(), ()):
                end = start + len(form)
                if text.startswith(form, start) and not _WORD_CHAR.match(text, end):
                    form_actor = self.surface_forms.get(form) or self.surface_forms["t" + form[1:]]
                    found.append((start, end, form_actor))
                    cursor = end
                    break
        return found


def normalise_lookalikes(text: str) -> str:
    """Fold curly quotes and dashes to plain ones and runs of white space to one space."""
    return " ".join(text.translate(_LOOKALIKES).split())


def closest_passage(quote: str, article: str, sentences: Sequence[Span]) -> tuple[int, str]:
    """Return the 1-based number and text of the sentence that shares the longest run with ``quote``.

    In a long article only the sentences that share the most words with the quote are compared.

    >>> closest_passage("Iran signed a treaty", "Russia left. Iran signed the treaty.", [(0, 12), (13, 36)])
    (2, 'Iran signed the treaty.')
    """
    candidates = range(len(sentences))
    if len(sentences) > _PASSAGE_CANDIDATES:
        words = set(_WORD.findall(quote.lower()))
        overlap = [
            len(words.intersection(_WORD.findall(article[a:b].lower()))) for a, b in sentences
        ]
        candidates = sorted(candidates, key=overlap.__getitem__, reverse=True)[:_PASSAGE_CANDIDATES]
    best, best_size = 0, -1
    for number in sorted(candidates):
        start, end = sentences[number]
        sentence = article[start:end]
        matcher = difflib.SequenceMatcher(None, quote, sentence, autojunk=False)
        size = matcher.find_longest_match(0, len(quote), 0, len(sentence)).size
        if size > best_size:
            best, best_size = number, size
    start, end = sentences[best]
    return best + 1, article[start:end]


_QUOTE_MARKS = frozenset("\"'`´‘’‚‛“”„‟«»‹›")
_DASHES = frozenset("-‐‑‒–—―−")
ALIGN_MARGIN = 100  # characters of the article kept before and after a misquote's best match


def first_difference(quote: str, text: str) -> tuple[int, int, int, int] | None:
    """Where ``quote`` first departs from ``text`` once aligned with it, or None if it does not.

    Returns ``(quote_start, quote_end, text_start, text_end)``: ``quote[quote_start:quote_end]``
    stands where ``text[text_start:text_end]`` is (either may be empty). Text before and after
    the quote's place is not a difference.

    >>> first_difference("Iran and Rusia met", "Then Iran and Russia met.")
    (12, 12, 17, 18)
    >>> first_difference("Russia's", "Russia’s ally")
    (6, 7, 6, 7)
    """
    ops = difflib.SequenceMatcher(None, quote, text, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" or (tag == "insert" and i1 in (0, len(quote))):
            continue  # the text around the quote's place
        if tag == "replace" and i1 == 0:
            j1 = max(j1, j2 - (i2 - i1))  # only the text just before the quote's first match
        elif tag == "replace" and i2 == len(quote):
            j2 = min(j2, j1 + (i2 - i1))  # only the text just after its last match
        return i1, i2, j1, j2
    return None


def difference_kind(ours: str, theirs: str) -> str:
    """Name what differs between two short stretches of text, as a curator would say it.

    >>> difference_kind("'", "’"), difference_kind("-", "—"), difference_kind("  ", " ")
    ('a quotation mark', 'a dash', 'a space')
    >>> difference_kind("e", "a"), difference_kind("i", "I"), difference_kind("minor ", "")
    ('a letter', 'a capital letter', 'words')
    >>> difference_kind(" ", "c")
    'a space instead of a letter'
    """
    changed = ours + theirs
    single = len(ours) <= 1 and len(theirs) <= 1
    if ours and theirs and ours.lower() == theirs.lower():
        return "a capital letter" if single else "capital letters"
    if ours and theirs and _category(ours, True) != _category(theirs, True):
        return f"{_category(ours, len(ours) == 1)} instead of {_category(theirs, len(theirs) == 1)}"
    if changed.isspace() and " " in changed and "\n" not in changed:
        return "a space" if single or ours.strip(" ") == theirs.strip(" ") else "spaces"
    return _category(changed, single)


def _category(text: str, single: bool) -> str:
    """What kind of characters ``text`` holds: "a letter", "dashes", "words", ..."""
    chars = set(text)
    if not chars:
        return "nothing"
    if chars <= _QUOTE_MARKS:
        return "a quotation mark" if single else "quotation marks"
    if chars <= _DASHES:
        return "a dash" if single else "dashes"
    if text.isspace():
        if "\n" in chars:
            return "a line break" if single else "line breaks"
        return "a space" if single else "spaces"
    if text.isalpha():
        return "a letter" if single else "letters"
    if text.isdigit():
        return "a digit" if single else "digits"
    if all(char.isalnum() or char.isspace() for char in text):
        return "words"
    return "a punctuation mark" if single else "several characters"


def aligned_window(quote: str, article: str, sentence: Span) -> int:
    """Where to start comparing a misquote with the article near its closest sentence.

    Starts a little before the place of the longest run the quote shares with the sentence, so a
    quote that starts mid-sentence or runs on into the next sentence is compared with its place.
    """
    start, end = sentence
    matcher = difflib.SequenceMatcher(None, quote, article[start:end], autojunk=False)
    match = matcher.find_longest_match(0, len(quote), 0, end - start)
    return max(start, start + match.b - match.a - ALIGN_MARGIN)
