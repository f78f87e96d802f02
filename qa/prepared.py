"""A chunk's sentence analysis, worked out once at index build and read at question time.

The first time a question reads a chunk, answer selection used to split its sentences and
work out, for each, what does not depend on the question: its dates (and those of its
lead-in and surroundings), its figures and what stands around them, its qualifiers
("mũi 2", "giai đoạn 4") and those of the text before it, whether it is front matter or
a heading in capitals. That is ~0.15 ms a chunk for the splitting and ~0.2 ms a sentence
for the rest, paid by every question that meets a chunk no earlier question read (most
of them on a large corpus). :func:`analyse` does it at index build; the index stores the
result with the chunk (``Chunk.analysis``, JSON, no pickle); :func:`qa.sentences.split_sentences`
rebuilds the sentences from it, and the readers below decode each part on first use.

Answers cannot change: the readers return what the computing functions return (the
same functions wrote it), and an analysis made by other code (its fingerprint,
:func:`qa.sentences.analysis_fingerprint`, hashes this code's source) or missing (an
index built before it was stored, a chunk fresh from ingest) is ignored: the readers
then compute as before.

>>> from dataclasses import replace
>>> from hoidap.types import Chunk
>>> text = "Đến ngày 16/11/2021 đã tiêm 859.463 người."
>>> c = Chunk("c1", "r1", "a.md", "Cà Mau", "s1", ("I",), 0, text, text, "", "", 1, 1, 0, 42)
>>> from qa.sentences import split_sentences
>>> s = split_sentences(replace(c, analysis=analyse(c)))[0]
>>> s.stored is not None, [d.text for d in written_dates(s)]
(True, ['16/11/2021'])
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, TypeVar

from hoidap.text import DateMention, NumberMention, cached_dates, dates_in
from hoidap.types import Chunk
from qa.figures import Facts, facts_of
from qa.qualifiers import find_qualifiers, scan_qualifiers
from qa.sentences import (
    FOLDED,
    LOWER,
    OFFSET,
    ORIGINAL,
    QUOTE,
    Sentence,
    Stored,
    analysis_fingerprint,
    in_capitals,
    is_front_matter,
    near_text,
    neighbourhood,
    split_text,
)

# The analysis fields of a stored sentence row, after QUOTE, ORIGINAL, OFFSET, FOLDED, LOWER.
DATES, BEFORE_DATES, NEAR_DATES, FACTS, QUALIFIERS, NEAR_QUALIFIERS, FRONT, CAPITALS = range(5, 13)
_FIELDS = 13
T = TypeVar("T")


def _year(sentence: Sentence) -> int | None:
    issued = sentence.chunk.report_issued
    return issued.year if issued else None


def analyse(chunk: Chunk) -> str:
    """The stored form of ``chunk``'s sentence analysis: JSON ``[fingerprint, rows]``."""
    rows = []
    for s in split_text(chunk):
        row: list[Any] = [None] * _FIELDS
        row[QUOTE] = _slice(chunk.clean, s.quote)
        row[ORIGINAL] = None if s.original == s.quote else s.original
        row[OFFSET] = s.line - chunk.line_start
        row[FOLDED] = _slice(chunk.unaccented, s.folded)
        row[LOWER] = None if s.lower == s.quote.lower() else s.lower
        row[DATES] = _dates_json(dates_in(s.quote, _year(s)))
        row[BEFORE_DATES] = _dates_json(dates_in(s.before))
        row[NEAR_DATES] = _dates_json(dates_in(near_text(s)))
        row[FACTS] = [_fact_json(f) for f in facts_of(s.quote)]
        row[QUALIFIERS] = sorted(scan_qualifiers(s.folded))
        row[NEAR_QUALIFIERS] = sorted(scan_qualifiers(neighbourhood(chunk.unaccented, s.folded)))
        row[FRONT] = int(is_front_matter(s.quote))
        row[CAPITALS] = int(in_capitals.__wrapped__(s.quote))  # type: ignore[attr-defined]
        rows.append(row)
    return json.dumps([analysis_fingerprint(), rows], ensure_ascii=False, separators=(",", ":"))


def analysed(chunk: Chunk) -> str:
    """The chunk's stored analysis when it is this code's, else :func:`analyse` (a rebuild
    around new reports keeps the analyses of the chunks it keeps)."""
    if chunk.analysis and chunk.analysis.startswith(f'["{analysis_fingerprint()}"'):
        return chunk.analysis
    return analyse(chunk)


# ----------------------------------------------------------------- the readers


def _part(stored: Stored, field: int, decode: Callable[[Any], T]) -> T:
    found = stored.decoded.get(field)
    if found is None:
        found = stored.decoded[field] = decode(stored.row[field])
    return found


def written_dates(sentence: Sentence) -> tuple[DateMention, ...]:
    """The dates the sentence writes, a year-less day taking its report's issue year."""
    stored = sentence.stored
    if stored is None:
        return cached_dates(sentence.quote, _year(sentence))
    return _part(stored, DATES, _dates)


def before_dates(sentence: Sentence) -> tuple[DateMention, ...]:
    """The dates of the text just before the sentence (``Sentence.before``)."""
    stored = sentence.stored
    if stored is None:
        return cached_dates(sentence.before)
    return _part(stored, BEFORE_DATES, _dates)


def near_dates(sentence: Sentence) -> tuple[DateMention, ...]:
    """The dates of :func:`qa.sentences.near_text`: lead-in, sentence, section path."""
    stored = sentence.stored
    if stored is None:
        return cached_dates(near_text(sentence))
    return _part(stored, NEAR_DATES, _dates)


def figure_facts(sentence: Sentence) -> tuple[Facts, ...] | None:
    """What the figure ranking reads of the sentence's numbers, when stored (None: the
    ranking works it out from the quote)."""
    stored = sentence.stored
    if stored is None:
        return None
    return _part(stored, FACTS, _facts)


def qualifiers(sentence: Sentence) -> set[tuple[str, str]]:
    """``find_qualifiers(sentence.folded)``."""
    stored = sentence.stored
    if stored is None:
        return find_qualifiers(sentence.folded)
    return set(_part(stored, QUALIFIERS, _pairs))


def near_qualifiers(sentence: Sentence) -> set[tuple[str, str]]:
    """The qualifiers of the chunk's folded text just before the sentence (a lead-in)."""
    stored = sentence.stored
    if stored is None:
        return find_qualifiers(neighbourhood(sentence.chunk.unaccented, sentence.folded))
    return set(_part(stored, NEAR_QUALIFIERS, _pairs))


def front_matter(sentence: Sentence, compute: Callable[[str], bool]) -> bool:
    """Whether the sentence is front matter (:func:`qa.sentences.is_front_matter`; the
    caller's cached ``compute`` when nothing is stored)."""
    stored = sentence.stored
    return bool(stored.row[FRONT]) if stored is not None else compute(sentence.quote)


def capitals(sentence: Sentence) -> bool:
    """:func:`qa.sentences.in_capitals` of the quote."""
    stored = sentence.stored
    return bool(stored.row[CAPITALS]) if stored is not None else in_capitals(sentence.quote)


# ------------------------------------------------------------ encoding, decoding


def _slice(text: str, part: str) -> str | list[int]:
    """``[start, end]`` of ``part`` in ``text`` when it is a slice of it (stored smaller),
    else ``part`` itself."""
    at = text.find(part)
    return [at, at + len(part)] if at >= 0 and part else part


def _dates_json(dates: list[DateMention]) -> list[list[Any]]:
    return [
        [d.text, d.first.toordinal(), d.last.toordinal(), d.granularity, d.start, d.end, d.has_year]
        for d in dates
    ]


def _dates(rows: list[list[Any]]) -> tuple[DateMention, ...]:
    day = dt.date.fromordinal
    return tuple(
        DateMention(text, day(first), day(last), gran, start, end, has_year)
        for text, first, last, gran, start, end, has_year in rows
    )


def _pairs(rows: list[list[str]]) -> frozenset[tuple[str, str]]:
    return frozenset((k, v) for k, v in rows)


def _fact_json(f: Facts) -> list[Any]:
    m = f.m
    return [
        [m.text, m.value, m.is_percent, m.unit, m.start, m.end],
        f.fixed_out,
        f.age,
        f.change_from,
        f.unit,
        f.unit_folded,
        f.lead_in,
        f.named_before,
        list(f.words_before),
        sorted(f.tail_words),
        f.after_breakdown,
    ]


def _facts(rows: list[list[Any]]) -> tuple[Facts, ...]:
    return tuple(
        Facts(
            NumberMention(*m),
            fixed_out,
            age,
            change_from,
            unit,
            unit_folded,
            lead_in,
            named_before,
            tuple(words_before),
            " ".join(reversed(words_before)),
            frozenset(tail),
            after_breakdown,
        )
        for (
            m,
            fixed_out,
            age,
            change_from,
            unit,
            unit_folded,
            lead_in,
            named_before,
            words_before,
            tail,
            after_breakdown,
        ) in rows
    )
