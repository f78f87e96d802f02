"""How much of a question a sentence covers, and what scoring one question's sentences
shares.

A sentence is scored on the question's terms it holds, weighted by their rarity
(:class:`TermWeights`: "COVID-19" counts for little), where it holds them (the sentence,
its section path, the sentences before, its chunk) and what the question asks of it
(:class:`Asks`). The dozens of sentences of one question read the same terms, weights and
chunks, so :class:`Cover` works them out once per question for the sentence scorer
(``qa.ranking``).
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

from hoidap.types import Chunk
from qa.answer_heads import answer_heads, said_heads
from qa.date_leads import asked_date_role
from qa.entities import asked_head, asks_body, expectation
from qa.figures import Asked
from qa.matching import cached_fold, cached_tones, holds_phrase, text_words
from qa.query import Query
from qa.scored import Part
from qa.sentences import Sentence

if TYPE_CHECKING:
    from qa.candidates import SentenceParts

# Qualifiers a sentence must say itself or near it to answer a question that names them: an
# age group, a dose or a document is never implied (``SentenceRanker._partial``).
_SPECIFIC = {
    "age",
    "dose",
    "designation",
    "chi thi",
    "nghi quyet",
    "quyet dinh",
    "ke hoach",
    "cong van",
}


# Scopes wider than one province: a sentence about the whole country does not answer
# a question about a province.
# "người Việt Nam", "Mặt trận Tổ quốc Việt Nam" and "vùng dịch trong nước" name a nationality,
# an organisation or a source, not the scope of a figure.
NATIONAL = re.compile(
    r"\bca nuoc\b|\btoan quoc\b|\bthe gioi\b|\bbung phat trong nuoc\b"
    r"|\bviet nam (?:da|ghi nhan|co)\b|\b(?:tai|o) viet nam\b"
)


class TermWeights:
    """IDF of folded words over the indexed chunks: rare words say more."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        df: Counter[str] = Counter()
        for chunk in chunks:
            df.update(text_words(chunk.unaccented) | text_words(chunk.clean.lower()))
        self.n = max(1, len(chunks))
        self.df = df

    @classmethod
    def from_counts(cls, n: int, df: Mapping[str, int]) -> TermWeights:
        """Weights from counts the store keeps (``ChunkStore.term_stats``, the same words as
        :func:`text_words`), so a pipeline never scans every chunk to build them."""
        weights = cls([])
        weights.n = max(1, n)
        weights.df = Counter(df)
        return weights

    def idf(self, term: str) -> float:
        # A compound is as rare as its rarest syllable, and rarer for being a compound.
        df = (
            min(self.df.get(part, 0) for part in term.split("_"))
            if "_" in term
            else self.df.get(term, 0)
        )
        return math.log(1 + self.n / (1 + df)) * (1.2 if "_" in term else 1.0)


# A question term as coverage reads it: the term, its weight, its alternatives, its
# syllables (a compound) or () (a word).
_Weighted = tuple[str, float, tuple[str, ...], tuple[str, ...]]


# How much a question term counts where it is found: in the sentence, its section path,
# the sentences just before it, the rest of its chunk.
PLACE_WEIGHTS = (1.0, 0.7, 0.6, 0.3)


class Asks:
    """What ``qa.ranking.SentenceRanker._partial`` reads of the question alone, read once
    per question rather than once per sentence (each of these folds the question or runs
    its patterns: ~1% of a question's CPU when asked for each of its ~75 sentences)."""

    def __init__(self, query: Query) -> None:
        # A question about the whole country may be answered by a national figure.
        self.national = NATIONAL.search(query.folded) is not None
        # A date question's asked role: "start", "end" or "".
        self.role = asked_date_role(query.folded) if query.kind == "date" else ""
        entity = query.kind == "entity"
        self.expected = expectation(query.folded) if entity else None
        self.body = entity and self.expected is not None and asks_body(query.text)
        # Else the kind of thing asked ("mô hình nào", "which platform"): a sentence naming
        # one matches; one that does not says nothing (answers seldom repeat the kind).
        self.head = asked_head(query.folded) if entity and self.expected is None else None
        self.qualifiers = set(query.qualifiers)
        self.specific = {(k, v) for k, v in query.qualifiers if k in _SPECIFIC}


class Cover:
    """What ``qa.ranking.SentenceRanker.coverage`` reads for every sentence of one
    question, worked out once: each term's weight and alternatives, the terms for a chunk
    of a province, and which of the question's terms (and their alternatives) a text holds.
    Built per question and thrown away, so nothing is shared between questions or
    threads."""

    def __init__(
        self, weights: TermWeights, query: Query, names: Mapping[str, str] | None = None
    ) -> None:
        self.query = query
        # Each indexed document's name as a question cites it, by report id ("Kế hoạch
        # 617/KH-UBND"): words that name the document like its title (:meth:`title_terms`).
        self.names = names or {}
        self.base = query.match_terms or query.terms
        if query.language == "en":
            # An English question is covered on what the reports can say of it: a gloss
            # or a name no indexed passage writes ("HCMC", "SMEs") is found in no sentence
            # and would only shrink every sentence's share alike, more the less the
            # glossary reads of the question.
            self.base = tuple(t for t in self.base if "_" in t or weights.df.get(t, 0))
        self.accented = query.accented
        self._idf = _spelled_idf(weights, dict(query.spellings))
        self._weighted: dict[tuple[str, ...], tuple[_Weighted, ...]] = {}
        self._pairs: dict[tuple[str, ...], tuple[str, ...]] = {}
        # Per chunk (by id and section path): the path and chunk text as matched, and the
        # question's terms each holds.
        self._chunks: dict[tuple[str, str], tuple[str, str, frozenset[str], frozenset[str]]] = {}
        self._alternatives: dict[str, tuple[str, ...]] = {}
        self._terms: dict[str, tuple[str, ...]] = {}
        self._hits: dict[str, frozenset[str]] = {}
        self._titles: dict[tuple[str, str], frozenset[str]] = {}
        # Every term a text may be asked for: the question's, the places it names (a
        # term in chunks of other provinces) and all their alternatives.
        named = _place_terms(query, self.accented) if self.base else ()
        universe = dict.fromkeys((*self.base, *named))
        for term in list(universe):
            universe.update(dict.fromkeys(self.alternatives(term)))
        self._simple = frozenset(t for t in universe if "_" not in t)
        self._compounds = tuple(
            (t, frozenset(t.split("_")), t.replace("_", " ")) for t in universe if "_" in t
        )
        self._asked: Asked | None = None
        # The days the question asks about (ISO), read by the date cues.
        self.days = {d.first.isoformat() for d in query.dates if d.granularity == "day"}
        # Sentences scored ahead (``qa.ranking.SentenceRanker.prescore``), by (chunk id,
        # index), and the chunks whose every sentence is: the sentences an answer reads of
        # each.
        self.partials: dict[tuple[str, int], Part] = {}
        self.chunks: dict[str, list[tuple[Part, Sentence]]] = {}
        self.asks = Asks(query)
        self._parts: SentenceParts | None = None
        # The question's words that name the kind of answer asked ("cơ quan" of "cơ quan
        # nào"), held by every sentence that names one (qa/answer_heads.py).
        self.heads = answer_heads(query).intersection(self.base)
        self._says: dict[tuple[str, str], frozenset[str]] = {}

    @property
    def parts(self) -> SentenceParts:
        """The candidates of the question's sentences as far as they do not depend on
        their rank (``qa.candidates.SentenceParts``), some perhaps worked out ahead."""
        if self._parts is None:
            from qa.candidates import SentenceParts

            self._parts = SentenceParts(self.query)
        return self._parts

    @property
    def asked(self) -> Asked:
        """What the figure ranking reads of the question (qa/figures.py)."""
        if self._asked is None:
            self._asked = Asked.of(self.query, self._idf)
        return self._asked

    def terms_of(self, chunk: Chunk) -> tuple[str, ...]:
        """The question's terms, and the places it names besides the chunk's province."""
        terms = self._terms.get(chunk.province)
        if terms is None:
            terms = (*self.base, *_other_places(self.query, chunk, self.accented))
            self._terms[chunk.province] = terms
        return terms

    def weighted(self, terms: tuple[str, ...]) -> tuple[_Weighted, ...]:
        """Each term with its weight (IDF squared), its alternatives and, for a compound,
        its syllables."""
        out = self._weighted.get(terms)
        if out is None:
            out = self._weighted[terms] = tuple(
                (
                    t,
                    self._idf(t) ** 2,
                    self.alternatives(t),
                    tuple(t.split("_")) if "_" in t else (),
                )
                for t in terms
            )
        return out

    def pairs(self, terms: tuple[str, ...]) -> tuple[str, ...]:
        """Each two neighbouring terms as a phrase ("a b"), for the word-order bonus."""
        out = self._pairs.get(terms)
        if out is None:
            out = self._pairs[terms] = tuple(f"{a} {b}" for a, b in itertools.pairwise(terms))
        return out

    def chunk_places(
        self, chunk: Chunk, path: str, chunk_text: Callable[[Chunk], str]
    ) -> tuple[str, str, frozenset[str], frozenset[str]]:
        """The section path and the chunk's text as this question matches them (accented
        or folded), with the terms each holds: the same for every sentence of the chunk."""
        key = (chunk.chunk_id, path)
        out = self._chunks.get(key)
        if out is None:
            if self.accented:
                path_text, whole = cached_tones(path.lower()), chunk_text(chunk)
            else:
                path_text, whole = cached_fold(path), chunk.unaccented
            out = self._chunks[key] = (path_text, whole, self.hits(path_text), self.hits(whole))
        return out

    def alternatives(self, term: str) -> tuple[str, ...]:
        alts = self._alternatives.get(term)
        if alts is None:
            alts = self._alternatives[term] = self.query.alternatives(term)
        return alts

    def title_terms(self, chunk: Chunk) -> frozenset[str]:
        """The question's terms the chunk's document title or name holds ("Kế hoạch phát
        triển hạ tầng 5G … tỉnh Nghệ An", "Kế hoạch 987/KH-UBND"): words that name the
        document, which every sentence of it is about alike. A question that cites its
        document by number ("Theo Kế hoạch 987/KH-UBND, …") is answered by a line of its
        body, which never repeats the number."""
        key = (chunk.report_title, self.names.get(chunk.report_id, ""))
        found = self._titles.get(key)
        if found is None:
            title = " ".join(key)
            text = cached_tones(title.lower()) if self.accented else cached_fold(title)
            found = self._titles[key] = self.hits(text)
        return found

    def heads_held(self, quote: str, path: str) -> frozenset[str]:
        """The question's heads of the kind of answer asked (:attr:`heads`) that a sentence
        ``quote`` under heading ``path`` holds by naming an answer of their kind."""
        if not self.heads:
            return self.heads
        said = self._says.get((quote, path))
        if said is None:
            said = self._says[(quote, path)] = said_heads(self.heads, quote, path)
        return said

    def hits(self, text: str) -> frozenset[str]:
        """The terms ``text`` holds, as :func:`has_term` finds them: a word among its words, a
        compound as a phrase of whole syllables."""
        found = self._hits.get(text)
        if found is None:
            words = text_words(text)
            found = self._simple & words
            compounds = [
                term
                for term, parts, phrase in self._compounds
                if parts <= words and holds_phrase(text, phrase)
            ]
            if compounds:
                found = found.union(compounds)
            self._hits[text] = found
        return found


def _spelled_idf(weights: TermWeights, spelled: dict[str, str]) -> Callable[[str], float]:
    """A term's IDF; a diacritic-free question's compound, or a syllable its passages spell
    one way, weighs as the passages spell it (qa/folded_words.py): a folded syllable is many
    words, so it is far commoner than the word meant."""
    if not spelled:
        return weights.idf

    def idf(term: str) -> float:
        return weights.idf(spelled.get(term, term))

    return idf


def _other_places(query: Query, chunk: Chunk, accented: bool) -> tuple[str, ...]:
    """Provinces the question names besides the report's own ("người từ Hà Nội về Bắc
    Giang"): in a Bắc Giang report "Hà Nội" is what the figure is about, so it is matched
    like any other word. The report's own province is matched by the filters instead."""
    if query.kind == "comparison":
        return ()
    return tuple(
        "_".join((cached_tones(name.lower()) if accented else cached_fold(name)).split())
        for name, members in zip(query.provinces, query.province_members, strict=False)
        if chunk.province not in members and chunk.province != name
    )


def _place_terms(query: Query, accented: bool) -> tuple[str, ...]:
    """Every place term :func:`_other_places` may add for ``query``, whatever the chunk."""
    if query.kind == "comparison":
        return ()
    return tuple(
        "_".join((cached_tones(name.lower()) if accented else cached_fold(name)).split())
        for name in query.provinces
    )
