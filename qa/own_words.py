"""How much of the question a candidate's own words say: the words of its figure's (or
date's) own clause together with the sentence's lead, not the whole sentence nor its
context.

A sentence's cues (term coverage, qualifier agreement) are shared by every figure it holds,
and term coverage also counts the section heading and the sentences before: an item of a
list inherits its sibling's words, a figure inherits its neighbour's. What tells "100 doanh
nghiệp khởi nghiệp sáng tạo, 50 doanh nghiệp khoa học công nghệ" apart for a question about
"doanh nghiệp khởi nghiệp sáng tạo", or "Ban bầu cử đại biểu Quốc hội: 01 cá nhân" from the
next item "Ban bầu cử đại biểu Hội đồng nhân dân: 01 cá nhân", is which of the question's
words stand in the candidate's own clause. The lead of the sentence (the text before its
first counted figure or date: "Đợt dịch thứ 4: … 5.779 F0; 43.469 F1; 117.679 F2") is every
candidate's, as in :func:`qa.scope.own_clause`.

>>> from qa.query import understand
>>> from hoidap.text import cached_numbers
>>> q = understand("Có bao nhiêu doanh nghiệp khởi nghiệp sáng tạo?")
>>> quote = "Hình thành ít nhất 100 doanh nghiệp khởi nghiệp sáng tạo, 50 doanh nghiệp khoa học."
>>> hundred, fifty = cached_numbers(quote)
>>> own_share(q, quote, hundred, [hundred, fifty]) > own_share(q, quote, fifty, [hundred, fifty])
True
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Sequence
from typing import Protocol

from hoidap.memo import bytes_cache
from hoidap.text import fold, normalize_tones
from qa.figures import _asked_flat, _flat
from qa.query import Query
from qa.scope import clause_bounds
from qa.sentences import continues

_WORD = re.compile(r"\w+")
# A question's describing terms as :func:`own_share` weighs them: (the syllable sets of each
# way of saying the term, its weight).
Terms = tuple[tuple[tuple[frozenset[str], ...], float], ...]


class Span(Protocol):
    """A figure or a date written in a sentence (``NumberMention``, ``DateMention``)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


def own_text(quote: str, span: Span, others: Sequence[Span]) -> str:
    """The sentence's lead and ``span``'s own clause (from the last clause mark after the
    figure before it to the first clause mark before the figure after it), ``span`` left out.
    ``others``: the sentence's other figures (or dates) that bound the clause."""
    return _own_text(quote, span.start, span.end, tuple((o.start, o.end) for o in others))


def _own_text(quote: str, start: int, end: int, bounds: tuple[tuple[int, int], ...]) -> str:
    """:func:`own_text` of the span ``start``-``end`` with the others' (start, end)."""
    # Clause marks are found in the folded text ("và"), which keeps the quote's positions.
    # The clause's bounds are a scope's (``qa.scope``), the sentence's lead added before them.
    head, tail = clause_bounds(_flat(quote) or quote.lower(), start, end, bounds)
    first = min([b[0] for b in bounds if b[0] != start] + [start])
    lead = quote[:first] if first < head else ""
    return f"{lead} {quote[head:start]} {quote[end:tail]}"


def _own_words_size(
    entry: tuple[tuple[str, int, int, tuple[tuple[int, int], ...], bool], frozenset[str]],
) -> int:
    """The bytes of one :func:`_own_words` entry: the sentence's text, the figures' places
    and the set of words, the words themselves not counted (interned: one copy of each word
    for every set that holds it, as ``hoidap.memo.text_words_size``)."""
    (quote, _start, _end, bounds, _accented), words = entry
    return sys.getsizeof(quote) + sys.getsizeof(bounds) + 64 * len(bounds) + sys.getsizeof(words)


# ~2 KB an entry: the 1,280 figures and dates of the bundled reports that 200 gold and
# blind questions read take 2.6 MB.
@bytes_cache(4 << 20, size=_own_words_size)
def _own_words(
    quote: str, start: int, end: int, bounds: tuple[tuple[int, int], ...], accented: bool
) -> frozenset[str]:
    """The words of :func:`own_text` (tone marks in one placement, or folded), remembered by
    the sentence's text and the spans' places: the same sentences are read question after
    question, each figure of a sentence by every figure question that reads it."""
    text = _own_text(quote, start, end, bounds)
    words = _WORD.findall(normalize_tones(text.lower()) if accented else fold(text))
    return frozenset(map(sys.intern, words))


# The last question :func:`own_terms` read and its reading: the ~35 candidates of one
# question ask in a row, and a lookup by the very object needs no hash of the question's
# 19 fields. Replaced whole (a tuple), so a thread never sees one question's reading with
# another question.
_last_terms: tuple[object, tuple[bool, Terms, float]] = (None, (False, (), 0.0))


def own_terms(query: Query) -> tuple[bool, Terms, float]:
    """What :func:`own_share` reads of the question alone, read once per question: whether
    it matches accented words, its describing terms (the asked unit left out; folded for a
    question written without diacritics) with their weights, and the weights' total."""
    global _last_terms
    last, reading = _last_terms
    if last is not query:
        reading = _own_terms(query)
        _last_terms = (query, reading)
    return reading


@functools.lru_cache(maxsize=256)
def _own_terms(query: Query) -> tuple[bool, Terms, float]:
    """:func:`own_terms`, remembered by the question."""
    asked = _asked_flat(query)
    unit = fold(query.unit) if query.unit else ""
    terms = [(ways, weight) for ways, folded, weight in asked.describing if folded != unit]
    total = sum(weight for _, weight in terms)
    # A question written without diacritics is matched on folded words (as term coverage).
    accented = query.accented
    if not accented:
        terms = [(tuple(tuple(fold(p) for p in parts) for parts in ways), w) for ways, w in terms]
    sets = tuple((tuple(frozenset(parts) for parts in ways), w) for ways, w in terms)
    return accented, sets, total


def own_share(
    query: Query, quote: str, span: Span, others: Sequence[Span], before: str = ""
) -> float:
    """The share of the question's describing terms (``qa.figures.Asked``, an English
    term by any of its glosses; the asked unit left out, which ``unit_ok`` reads) whose
    syllables all stand in :func:`own_text`; 0 when the question has none. ``before``: the
    text before the sentence (``Sentence.before``), whose words are the candidate's own too
    when the sentence breaks down a figure said before it (:func:`continues`)."""
    accented, terms, total = own_terms(query)
    if not total:
        return 0.0
    words = _own_words(
        quote, span.start, span.end, tuple((o.start, o.end) for o in others), accented
    )
    if before and continues(quote):
        words = words | _context_words(before, accented)
    got = 0.0
    for ways, weight in terms:
        for parts in ways:
            if parts <= words:
                got += weight
                break
    return got / total


@functools.lru_cache(maxsize=1024)
def _context_words(before: str, accented: bool) -> frozenset[str]:
    """The words of the text before a sentence, spelt as :func:`_own_words` spells them."""
    return frozenset(_WORD.findall(normalize_tones(before.lower()) if accented else fold(before)))


@functools.lru_cache(maxsize=256)
def _question_words(query: Query, accented: bool) -> frozenset[str]:
    """The words a question says, as :func:`_own_words` spells them: its own text's and every
    way of saying its describing terms (an English question's Vietnamese glosses)."""
    text = query.text
    words = set(_WORD.findall(normalize_tones(text.lower()) if accented else fold(text)))
    _accented, terms, _total = own_terms(query)
    for ways, _weight in terms:
        for parts in ways:
            words.update(parts)
    return frozenset(words)


def own_extra(query: Query, quote: str, span: Span, others: Sequence[Span]) -> float:
    """The share of the words of :func:`own_text` (digits left out) that the question does not
    say, for an item of a list (:func:`laid_out_as_item`; 0 for running prose): what the candidate's
    own clause names beyond the question. An item of a list whose
    label names another thing ("Ban bầu cử đại biểu Hội đồng nhân dân cấp tỉnh: 01 cá nhân"
    for a question about "Ban bầu cử đại biểu Quốc hội"), another target of a plan, says more
    words the question lacks than the item asked; 0 when the clause has no words."""
    if not laid_out_as_item(quote, span.start):
        return 0.0
    accented, _terms, _total = own_terms(query)
    words = _own_words(
        quote, span.start, span.end, tuple((o.start, o.end) for o in others), accented
    )
    content = [w for w in words if not w.isdigit()]
    if not content:
        return 0.0
    said = _question_words(query, accented)
    return sum(w not in said for w in content) / len(content)


# An item of a list or a plan's goals: "(2) …", "2. …", "b) …", "- …", "+ …", "Chỉ tiêu 3: …".
# Read on the sentence's own text, wider than ``qa.items.ITEM`` (a marked line of the
# source, for quoting a list's items): "(2)", "2." without a space, a numbered target.
_ITEM_MARK = re.compile(r"^\W{0,3}(?:\(?\d{1,2}[\).]|[a-zđ][\).]|[-+•–]|chỉ tiêu \d+\s*:)", re.I)


def laid_out_as_item(quote: str, start: int) -> bool:
    """Whether the sentence is laid out as one item of a list: it opens with an item's mark,
    or a label ending with a colon stands before the figure ("Ban bầu cử đại biểu Quốc hội:
    01 cá nhân", "Số điểm quan trắc: 08 điểm").

    >>> laid_out_as_item("(2) Ít nhất 85% người hưởng trợ cấp.", 10)
    True
    >>> laid_out_as_item("Số điểm: 08 điểm", 9)
    True
    >>> laid_out_as_item("Toàn tỉnh đã tiêm 859.463 người.", 18)
    False
    """
    return bool(_ITEM_MARK.match(quote)) or ":" in quote[:start]
