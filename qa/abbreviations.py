"""A question read with the abbreviations the indexed documents define, both ways.

A plan writes "khu công nghiệp (KCN)" once and "KCN" after; an official asks "bao nhiêu
khu công nghiệp" or "bao nhiêu KCN". The documents' own definitions (``Report.
abbreviations``, ingest/abbreviations.py) are pooled over the index, so a short form one
document defines also reads another that only uses it. A question naming one form is
searched (BM25) with the other too, and a sentence saying the other form covers the
question's words as a paraphrase would (``Query.paraphrases``). The dense search is left
with the question as asked: the encoder reads both forms alike, and its vector may be
computed before the question is read.

>>> from qa.query import understand
>>> table = Abbreviations([("KCN", "khu công nghiệp")])
>>> q = table.expand(understand("Đồng Nai có bao nhiêu KCN?"))
>>> q.expansions, q.alternatives("kcn")[:1]
(('khu công nghiệp',), ('khu_công_nghiệp',))
>>> q = table.expand(understand("Đồng Nai có bao nhiêu khu công nghiệp?"))
>>> q.expansions, q.alternatives("công_nghiệp")[:1]
(('KCN',), ('kcn',))
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from hoidap.text import fold, normalize_tones
from hoidap.types import Report
from qa.query import Query

# A short form of two letters ("DN" for "doanh nghiệp") is left out: lowercase it is a
# syllable of many words, and its full form, a common word of every genre, would add it to
# every question about enterprises (161 of the 982 evaluation questions were read
# differently with it, 60 without).
_MIN_LETTERS = 3


class Abbreviations:
    """The short forms the documents define and their full forms."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.full_of: dict[str, list[str]] = {}
        for short, full in pairs:
            if sum(ch.isalpha() for ch in short) < _MIN_LETTERS:
                continue
            forms = self.full_of.setdefault(short, [])
            if fold(full) not in map(fold, forms):
                forms.append(full)
        self._shorts = [
            (short, re.compile(rf"(?<!\w){re.escape(short)}(?!\w)", re.IGNORECASE))
            for short in self.full_of
        ]
        self._fulls = [
            (short, full, re.compile(rf"(?<!\w){re.escape(fold(full))}(?!\w)"))
            for short, forms in self.full_of.items()
            for full in forms
        ]

    @classmethod
    def of_reports(cls, reports: Iterable[Report]) -> Abbreviations:
        return cls(pair for r in reports for pair in r.abbreviations)

    def __bool__(self) -> bool:
        return bool(self.full_of)

    def expand(self, query: Query) -> Query:
        """``query`` with the other form of each abbreviation it names: searched with it
        (``expansions``) and matched through it (``paraphrases`` of its words)."""
        if not self.full_of:
            return query
        accented = query.language in {"vi", "en"}
        extra: list[str] = []
        alts: dict[str, list[str]] = {}
        for short, pattern in self._shorts:
            if not pattern.search(query.text):
                continue
            for full in self.full_of[short]:
                extra.append(full)
                for term in _terms_of(query, short):
                    alts.setdefault(term, []).append(_form(full, accented).replace(" ", "_"))
        # An English question names a full form through its glosses ("industrial parks":
        # "khu công nghiệp"), which the search text carries.
        said = fold(query.search_text) if query.language == "en" else query.folded
        for short, full, pattern in self._fulls:
            if not pattern.search(said) or short in extra:
                continue
            extra.append(short)
            for term in _terms_of(query, full):
                alts.setdefault(term, []).append(_form(short, accented))
        if not extra:
            return query
        merged = dict(query.paraphrases)
        # The unit asked, said in one form, counts in the other too: "bao nhiêu hợp tác xã"
        # is answered by "617 HTX", "bao nhiêu KCN" by "12 khu công nghiệp".
        units = [*query.units, *self._other_units(query.unit, extra)]
        for term, forms in alts.items():
            merged[term] = tuple(dict.fromkeys((*merged.get(term, ()), *forms)))
        return replace(
            query,
            expansions=tuple(dict.fromkeys((*query.expansions, *extra))),
            paraphrases=tuple(merged.items()),
            units=tuple(dict.fromkeys(units)),
        )

    def _other_units(self, unit: str, extra: list[str]) -> list[str]:
        """The folded unit words the other form of the asked unit is counted in: the short
        form of a full form that opens with the asked unit, the full form's first word of
        a short form that is the asked unit."""
        if not unit:
            return []
        out = []
        for short, forms in self.full_of.items():
            for full in forms:
                words = fold(full).split()
                if short in extra and words[:1] == [unit]:
                    out.append(fold(short))
                elif full in extra and fold(short) == unit and words:
                    out.append(words[0])
        return out


def _form(text: str, accented: bool) -> str:
    """``text`` as report text is matched: lowercase with tones in one placement, or
    folded for a question typed without diacritics."""
    return normalize_tones(text.lower()) if accented else fold(text)


def _terms_of(query: Query, phrase: str) -> list[str]:
    """The question's match terms that are words of ``phrase`` (folded, compounds split)."""
    words = set(fold(phrase).split())
    return [t for t in query.match_terms if set(fold(t.replace("_", " ")).split()) <= words]
