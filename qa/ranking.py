"""Sentence scoring: the hand-set score (the prior) of each sentence of the retrieved hits,
and the cues it is made of, which the learned scorer reads.

A sentence is scored on how much of the question it covers (``qa.coverage``), whether it
holds the kind of answer asked (a figure counted in the asked unit, a date), whether it is
about the asked date and province, and how well its chunk was retrieved. The answerer
(``qa.answer``) is a :class:`SentenceRanker` that then chooses among the ranked sentences;
the scoring is here so that choosing and composing an answer read apart from it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence

from hoidap.memo import bytes_cache
from hoidap.text import DateMention, NumberMention, cached_dates, fold, normalize_tones
from hoidap.types import Chunk, Hit
from ingest.nlp import function_words
from qa.coverage import NATIONAL, PLACE_WEIGHTS, Asks, Cover, TermWeights
from qa.date_leads import covered_years, date_role, event_dates
from qa.dates import answer_dates
from qa.document import CODE, asked_fields
from qa.entities import heading_body, sentence_owner
from qa.figures import known_unit, rank_figures
from qa.matching import cached_fold, chunk_lower, holds_phrase, lower_tones, text_words
from qa.prepared import (
    before_dates,
    figure_facts,
    front_matter,
    near_dates,
    near_qualifiers,
    qualifiers,
    written_dates,
)
from qa.qualifiers import agreement, find_qualifiers
from qa.query import Query, written_acronyms
from qa.quoted import is_heading
from qa.scored import Part, Scored
from qa.scorer import Scorer
from qa.sentences import Sentence, continues, is_front_matter, near_text, split_sentences

# Passages read for candidates: on the 2025 plans and decisions the evidence of one
# question in ten was the 7th-17th passage (eval/README.md, "Câu trả lời không
# thành ứng viên"); reading 10 instead of 6 costs ~5% of a question's CPU.
MAX_HITS = 10
# The figures of a sentence that become candidates (best first by qa.figures.rank_figures).
MAX_FIGURES = 3
# Sentences whose candidates are worked out while the question is being embedded
# (:meth:`SentenceRanker.prescore`): the 24 the scorer reads (qa.candidates.MAX_SENTENCES)
# and a few more, since the dense list moves some of them.
AHEAD_CANDIDATES = 32


# Whether a sentence is front matter does not depend on the question, and the same
# sentences come back question after question (folding each again cost ~1 ms a question).
_front_matter = bytes_cache(2 << 20)(is_front_matter)  # ~0.8 MB


def code_of(term: str, question: str) -> str:
    """The document code of ``question`` (as :data:`qa.document.CODE` reads codes) whose
    number or year is ``term`` ("197", "2025", "197/2025"), as the question writes it; else
    ``term``. An unsure answer says its passage does not mention "197/2025/QH15", not "197"
    and "2025", which an official cannot tell from a figure asked.

    >>> q = "Nghị quyết 197/2025/QH15 được Bắc Ninh thực hiện từ thời điểm nào?"
    >>> [code_of(t, q) for t in ("197/2025", "197", "thời điểm")]
    ['197/2025/QH15', '197/2025/QH15', 'thời điểm']
    >>> code_of("2025", "Năm 2025 tỉnh có bao nhiêu ca?"), code_of("2025", q + " năm 2025")
    ('2025', '2025')
    """
    if not re.fullmatch(r"\d+(?:/\d{4})?", term):
        return term
    folded = fold(question).lower()  # as long as the question: its spans cut the question
    pieces = set(term.split("/"))
    codes = [m for m in CODE.finditer(folded) if pieces <= {m[1], m[2]}]
    if not codes or re.search(rf"(?<![\w/-]){term}(?![\w/-])", CODE.sub(" ", folded)):
        return term  # no code holds it, or the question also writes it alone: "… năm 2025?"
    return question[codes[0].start() : codes[0].end()]


@functools.lru_cache(maxsize=8192)
def _joined(section_path: tuple[str, ...]) -> str:
    """A section path as one text ("II. KẾT QUẢ 1. Công tác y tế"), one string per path:
    every sentence of a chunk reads it, and the caches it is looked up in keep its hash."""
    return " ".join(section_path)


def _lead_in_years(sentence: Sentence) -> set[int]:
    """The years the lead-in of the list a sentence is an item of covers ("Đến hết năm 2030,
    phấn đấu đạt được những mục tiêu sau:" before "- 100% người dân … được phổ biến …"):
    a plan's items are its targets for the lead-in's horizon, as a section's are for its
    heading's, and a plan sets one list per horizon ("Đến năm 2025: …", "Đến năm 2030: …").
    Empty for a sentence that is no list item (``Sentence.before`` is then the sentences
    before it, which need not scope it).
    """
    if not sentence.before.rstrip().endswith(":"):
        return set()
    return set(covered_years(sentence.before, before_dates(sentence)))


class SentenceRanker:
    """Scores the sentences of retrieved hits for a question and ranks them, best first:
    the hand-set prior and its cues (:meth:`score`), some of it worked out while the
    question is being embedded (:meth:`prescore`). ``scorer`` is the learned scorer whose
    candidates :meth:`prescore` starts on (None without a fitted model); ``max_hits`` the
    passages read for candidates (:meth:`depth`)."""

    def __init__(
        self, weights: TermWeights, max_hits: int = MAX_HITS, scorer: Scorer | None = None
    ) -> None:
        self.weights = weights
        self.scorer = scorer
        self.max_hits = max_hits
        # Each indexed document's name as cited ("Kế hoạch 617/KH-UBND"), by report id
        # (``qa.coverage.Cover.title_terms``); the pipeline sets it from its index.
        self.names: Mapping[str, str] = {}

    def coverage(
        self, query: Query, sentence: Sentence, path: str, cover: Cover | None = None
    ) -> float:
        """IDF-squared share of the question's terms found in the sentence (see
        :meth:`coverages`)."""
        return self.coverages(query, sentence, path, cover)[0]

    def coverages(
        self, query: Query, sentence: Sentence, path: str, cover: Cover | None = None
    ) -> tuple[float, float]:
        """The term coverage below, and the same share over the question's terms that the
        document's title does not hold (the topic coverage, 0 when the title holds them all):
        a question names its plan by the plan's title ("kế hoạch phát triển hạ tầng 5G của
        Nghệ An"), and the basis and closing lines that repeat the title ("Thực hiện Quyết
        định … ban hành Kế hoạch …", "Trên đây là Kế hoạch …") cover those words better than
        the line that answers.

        IDF-squared share of the question's terms found in the sentence, so that a
        missing rare term ("tái dương tính") weighs more than a missing common one. The
        section path and the sentences just before count nearly as much (a heading or a
        lead-in names the phase or place once for all that follows), the rest of the
        chunk a little.

        ``cover`` holds what one question's sentences share (term weights, alternatives,
        which term each passage or path holds): :meth:`rank_sentences` passes one, so the
        dozens of sentences of one question do not test the same chunk for the same term
        again."""
        cover = cover or Cover(self.weights, query, self.names)
        if not cover.base:
            return 0.0, 0.0
        chunk = sentence.chunk
        terms = cover.terms_of(chunk)
        titled = cover.title_terms(chunk)
        topic_total = topic_got = 0.0
        places, held = self._places(cover, sentence, path)
        text = places[0]
        in_sentence, in_path, in_before, in_chunk = held
        words: tuple[frozenset[str], ...] = ()  # the places' words, read at first need
        anywhere: frozenset[str] | None = None  # the terms held in any place, at first need
        total = got = 0.0
        for term, w, alternatives, parts in cover.weighted(terms):
            total += w
            # The first place that holds the term (the weights go down in PLACE_WEIGHTS order).
            if term in in_sentence:
                found = 1.0
            elif term in in_path:
                found = 0.7
            elif term in in_before:
                found = 0.6
            elif term in in_chunk:
                found = 0.3
            else:
                # "tiêm xong" said as "hoàn thành tiêm" answers all the same: the first
                # alternative held anywhere, at the first place that holds it. The places
                # hold only the question's terms and their alternatives (a handful), so
                # most sentences hold none of a term's alternatives: one test for all.
                found = 0.0
                if alternatives:
                    if anywhere is None:
                        anywhere = in_sentence | in_path | in_before | in_chunk
                    if anywhere and not anywhere.isdisjoint(alternatives):
                        alt = next(a for a in alternatives if a in anywhere)
                        found = 0.9 * next(
                            wt for h, wt in zip(held, PLACE_WEIGHTS, strict=True) if alt in h
                        )
                if not found and parts:
                    # A compound said otherwise ("mắc COVID" vs "ca mắc") still shares its
                    # syllables.
                    words = words or tuple(text_words(place) for place in places)
                    found = 0.5 * next(
                        (
                            wt
                            for held_words, wt in zip(words, PLACE_WEIGHTS, strict=True)
                            if held_words.issuperset(parts)
                        ),
                        0.0,
                    )
            got += w * found
            if term not in titled:
                topic_total += w
                topic_got += w * found
        pairs = cover.pairs(terms)
        bonus = sum(map(text.__contains__, pairs)) / max(1, len(pairs))
        topic = topic_got / topic_total if topic_total else 0.0
        return min(1.0, got / total + 0.15 * bonus), topic

    def _places(
        self, cover: Cover, sentence: Sentence, path: str
    ) -> tuple[tuple[str, str, str, str], tuple[frozenset[str], ...]]:
        """Where a question's term may be found for a sentence, as the question matches
        them (accented or folded): the sentence, its section path, the sentences just before,
        the rest of its chunk (``PLACE_WEIGHTS`` order); and the question's terms each holds."""
        path_text, chunk_text, in_path, in_chunk = cover.chunk_places(
            sentence.chunk, path, self._chunk_text
        )
        if cover.accented:
            text, before = sentence.lower, lower_tones(sentence.before)
        else:
            text, before = sentence.folded, cached_fold(sentence.before)
        in_sentence = cover.hits(text)
        if cover.heads:
            # The body a name question asks, said by a body's name (qa/answer_heads.py): only
            # those questions pay for the union.
            in_sentence = in_sentence | cover.heads_held(sentence.quote, path)
        held = (in_sentence, in_path, cover.hits(before), in_chunk)
        return (text, path_text, before, chunk_text), held

    def unheld_terms(
        self, query: Query, sentences: Sequence[Sentence], limit: int = 3
    ) -> tuple[str, ...]:
        """The question's terms that no one of ``sentences`` (the closest shown: one per
        part of a two-part question or side of a comparison) holds, counting its section
        path, the sentences before it, the rest of its chunk and its document's title, in
        any way :meth:`coverages` counts (the term, an alternative, a compound's
        syllables): the rarest ``limit`` of them, in the question's order. What an unsure
        answer says its closest passages do not mention, so that an official sees why
        hoidap did not assert it. A function word of a Vietnamese question ("nhưng", "bao lâu",
        "tất cả": :func:`ingest.nlp.function_words`) is not said: it names no topic, and no
        passage is missing it in a way the official could act on."""
        cover = Cover(self.weights, query, self.names)
        if not cover.base or not sentences:
            return ()
        weighted = cover.weighted(cover.base)
        unheld = [True] * len(weighted)
        if query.language == "vi":
            # Tagging runs only here, for an unsure answer: ~1.5 ms, on no other question.
            grammar = {normalize_tones(w) for w in function_words(query.text)}
            grammar -= written_acronyms(query.text).keys()  # "AI" tagged as "ai" (who)
            unheld = [term not in grammar for term, _w, _a, _p in weighted]
        for sentence in sentences:
            held, words = self._held(cover, sentence)
            unheld = [
                was
                and term not in held
                and held.isdisjoint(alternatives)
                and not (parts and words.issuperset(parts))
                for was, (term, _w, alternatives, parts) in zip(unheld, weighted, strict=True)
            ]
        # Neighbouring terms the passages lack that are neighbouring words of the question
        # are one phrase of it ("tàu", "cá": "tàu cá"; not "tàu cá" and "kiểm tra" of "tàu
        # cá được kiểm tra", quoted as if the question said so; not an English question's
        # glosses, each its own English term); the rarest phrases are said, in the
        # question's order.
        asked = lower_tones(query.text) if cover.accented else query.folded
        joins = query.language != "en"
        phrases: list[tuple[float, int, str]] = []
        for i, (term, w, _alternatives, _parts) in enumerate(weighted):
            if not unheld[i]:
                continue
            pair = f"{weighted[i - 1][0]} {term}".replace("_", " ") if i else ""
            if joins and i and unheld[i - 1] and phrases and holds_phrase(asked, pair):
                rarest, at, said = phrases[-1]
                phrases[-1] = (max(rarest, w), at, f"{said} {term}")
            else:
                phrases.append((w, i, term))
        kept = sorted(phrases, key=lambda p: -p[0])[:limit]
        named = (phrase.replace("_", " ") for _w, _at, phrase in sorted(kept, key=lambda p: p[1]))
        return tuple(dict.fromkeys(code_of(term, query.text) for term in named))

    def _held(self, cover: Cover, sentence: Sentence) -> tuple[frozenset[str], frozenset[str]]:
        """The question's terms ``sentence``'s passage holds (the sentence, its section
        path, the sentences before it, its chunk, its document's title), and its words."""
        places, in_places = self._places(cover, sentence, _joined(sentence.chunk.section_path))
        held = frozenset().union(*in_places, cover.title_terms(sentence.chunk))
        words = frozenset().union(*(text_words(place) for place in places))
        return held, words

    def _date_fit(
        self,
        query: Query,
        sentence: Sentence,
        written: Sequence[DateMention],
        days: set[str],
        cov: float,
    ) -> float:
        """The same measure at another date or in another year is a different figure."""
        fit = 0.0
        if days:
            sentence_days = {d.first.isoformat() for d in written if d.granularity == "day"}
            before_days = {d.first.isoformat() for d in before_dates(sentence)}
            if sentence_days & days:
                fit += 0.3 * cov
            elif not sentence_days and before_days & days:
                fit += 0.2 * cov  # "…(từ ngày 12/10/2021 đến nay)…; đồng thời, … 625 ca"
            elif sentence_days and query.as_of is not None:
                fit -= 0.3
            elif sentence_days:
                fit -= 0.1
            stated_near = any(d.first.isoformat() in days for d in near_dates(sentence))
            if not sentence_days & days and not stated_near:
                fit -= 0.15  # the asked day is stated nowhere near the sentence
        years = {d.first.year for d in query.dates if d.granularity == "year"}
        if years:
            said = covered_years(sentence.quote, written)
            around = covered_years(near_text(sentence), near_dates(sentence)) | said
            path = _joined(sentence.chunk.section_path)
            heading = covered_years(path, cached_dates(path))
            lead_in = _lead_in_years(sentence)
            if said and not said & years and not heading & years:
                fit -= 2.0  # "Năm 2021, ..." does not answer a question about 2020
            elif not said and heading and not heading & years:
                fit -= 1.5  # the section's heading scopes it to other years
            elif not said and lead_in and not lead_in & years and not heading & years:
                fit -= 1.5  # so does its list's lead-in: "Đến hết năm 2030, phấn đấu …:"
            elif not around & years:
                fit -= 0.1
        return fit

    def _chunk_text(self, chunk: Chunk) -> str:
        return chunk_lower(chunk.clean)

    def score(
        self,
        query: Query,
        sentence: Sentence,
        hit: Hit,
        days: set[str],
        cover: Cover | None = None,
    ) -> Scored:
        """The hand-set score of a sentence (the prior) and the cues it is made of."""
        cover = cover or Cover(self.weights, query, self.names)
        key = (sentence.chunk.chunk_id, sentence.index)
        own = days == cover.days and cover.query is query
        part = cover.partials.get(key) if own else None
        if part is None:
            part = self._partial(query, sentence, days, cover)
        # The retrieval rank, the one cue that depends on the hit, comes last.
        return _finished(sentence, hit, part, part[0] + 0.15 / hit.rank)

    def prescore(
        self,
        query: Query,
        chunks: Sequence[Chunk],
        cover: Cover,
        stop: Callable[[], bool],
        deeper: Sequence[Chunk] | Callable[[], Sequence[Chunk]] = (),
        more: Callable[[], bool] | None = None,
    ) -> None:
        """Score the sentences of ``chunks`` for ``query`` as far as the hit they will come
        with (its rank) and keep the results in ``cover``, which :meth:`rank_sentences`
        then finishes: the pipeline does this for the chunks BM25 ranks first while the
        question is still being embedded. Then, for the sentences likely to be among the
        candidates (the best ``AHEAD_CANDIDATES`` by their score with ``chunks``' order
        taken for their hits' ranks), the candidates as far as they do not depend on the
        rank (``cover.parts``), which :meth:`choose` then finishes. ``stop`` is asked
        between chunks and between sentences (the vector is ready: the rest is worked out
        as usual, once the hits are known). Last, while there is time, the sentences of
        the ``deeper`` chunks (the next ones BM25 ranks, which the dense list may bring
        among those read). ``more``, asked once ``chunks`` are scored, says whether to go
        on to the candidates and the deeper chunks (``Pipeline._prescore``: only while the
        asking thread has had its core). ``deeper`` may be a callable giving them, called
        only then: the pipeline reads them from the index only when they will be scored."""
        scored = self._prescore_chunks(query, chunks, cover, stop)
        if scored is None or (more is not None and not more()):
            return
        if self.scorer is not None:  # without a model there are no candidates to work out
            from qa.candidate_rows import row_heads

            scored.sort(key=lambda t: -t[0])
            # The candidates' parts and the heads of the scorer's rows (qa/candidate_rows.py).
            parts = cover.parts
            from qa.name_spans import scoring_kind

            heads = row_heads(parts, self.scorer.for_kind(scoring_kind(query)).names)
            for _, s, part in scored[:AHEAD_CANDIDATES]:
                if stop():
                    return
                heads.of(parts, s, part[5], _cues(part))
        if stop():
            return
        self._prescore_chunks(query, deeper() if callable(deeper) else deeper, cover, stop)

    def _prescore_chunks(
        self, query: Query, chunks: Sequence[Chunk], cover: Cover, stop: Callable[[], bool]
    ) -> list[tuple[float, Sentence, Part]] | None:
        """:meth:`prescore`'s scoring of ``chunks``' sentences, each with its score as if
        its chunk's place in ``chunks`` were its hit's rank; None when stopped."""
        keep_front = bool(asked_fields(query.folded))
        scored: list[tuple[float, Sentence, Part]] = []
        for rank, chunk in enumerate(chunks, start=1):
            if stop():
                return None
            rows = cover.chunks.get(chunk.chunk_id)
            if rows is None:
                rows = self._read_chunk(query, chunk, cover, keep_front, store=True)
                cover.chunks[chunk.chunk_id] = rows
            scored += [(part[0] + 0.15 / rank, s, part) for part, s in rows]
        return scored

    def _read_chunk(
        self, query: Query, chunk: Chunk, cover: Cover, keep_front: bool, store: bool = False
    ) -> list[tuple[Part, Sentence]]:
        """The sentences of ``chunk`` an answer reads (not its front matter, unless the
        question asks about the document), each scored before its hit's rank; ``store``:
        keep each score in ``cover`` (scored ahead)."""
        partials = cover.partials
        rows = []
        for s in split_sentences(chunk):
            if keep_front or not front_matter(s, _front_matter):
                key = (chunk.chunk_id, s.index)
                part = partials.get(key)
                if part is None:
                    part = self._partial(query, s, cover.days, cover)
                    if store:
                        partials[key] = part
                rows.append((part, s))
        return rows

    def _partial(self, query: Query, sentence: Sentence, days: set[str], cover: Cover) -> Part:
        """:meth:`score` before the hit's rank is added (which is added last)."""
        chunk = sentence.chunk
        path = _joined(chunk.section_path)
        cov, topic = self.coverages(query, sentence, path, cover)
        asks = cover.asks if cover.query is query else Asks(query)
        cues: dict[str, float] = {"topic_coverage": topic}
        path = cached_fold(path)
        figures = (
            rank_figures(
                query, sentence.quote, self.weights.idf, cover.asked, figure_facts(sentence)
            )[:MAX_FIGURES]
            if query.kind in {"number", "comparison"}
            else []
        )
        figure, unit_ok, described = (
            (figures[0][1], figures[0][2], figures[0][3]) if figures else (None, False, 0.0)
        )
        written = written_dates(sentence)
        dated: Sequence[DateMention] = written
        cues["coverage"] = cov
        s = cov
        if query.kind == "number":
            if figure is None or (query.unit_required and known_unit(query.unit) and not unit_ok):
                s -= 0.5
                cues["unit_missing"] = 1.0
                figure = figure if figure is not None and not query.unit else None
            else:
                s += 0.25 + (0.15 if unit_ok else 0.0) + 0.1 * min(2.0, described)
        elif query.kind == "date":
            # A document's issue date ("Quyết định số 215-QĐ/TU ngày 15/8/2021") answers when
            # nothing else does, less surely than the date of an event.
            # Periods of years and year-less days in words count too (qa.dates).
            dated = answer_dates(sentence.quote, written)
            events = event_dates(query, sentence.quote, dated)
            s += 0.25 if events else 0.05 if dated else -0.5
            cues["event_date"] = float(bool(events))
            cues["doc_date_only"] = float(bool(dated) and not events)
            role = asks.role
            roles = {date_role(sentence.quote, d) for d in events}
            if role and role in roles:
                s += 0.15  # "bắt đầu từ ngày nào" is answered by "kể từ ngày 19/7/2021"
                cues["role_match"] = 1.0
            elif role and roles and "" not in roles:
                s -= 0.3  # ...and not by "đến ngày 15/8/2021"
                cues["role_conflict"] = 1.0
        if query.qualifiers:
            said = qualifiers(sentence)
            lead_in = near_qualifiers(sentence)
            if continues(sentence.quote):
                # "Trong đó: …" breaks down a figure of the sentence before: that sentence's
                # qualifiers (its period, phase, measure) are the part's own.
                said = said | lead_in
            near = find_qualifiers(path) | lead_in
            agreed = agreement(asks.qualifiers, said)
            near_agreed = agreement(asks.qualifiers - set(said), near - said)
            # The same measure for another phase or dose is a different figure.
            s += 0.25 * cov * agreed if agreed >= 0 else 0.5 * agreed
            s += 0.15 * cov * near_agreed
            cues["qualifier_agree"] = max(0.0, agreed)
            cues["qualifier_conflict"] = max(0.0, -agreed)
            cues["qualifier_near"] = near_agreed
            # An age group or a document number is never implied: absent means not this.
            if asks.specific - said - near:
                s -= 0.3
                cues["specific_missing"] = 1.0
        fit = self._date_fit(query, sentence, written, days, cov)
        s += fit
        cues["date_fit"] = fit
        if (
            query.provinces
            and not asks.national
            and (_national(sentence.quote, figure) or national_section(chunk.section_path))
        ):
            s -= 2.0  # a national figure never answers a question about a province
            cues["national"] = 1.0
        if query.kind == "entity":
            expected = asks.expected
            if expected is not None:
                matched = expected.search(sentence.quote) is not None
                if not matched and asks.body:
                    # A plan's task under "1. Công an tỉnh" names its body in the heading.
                    matched = bool(
                        heading_body(sentence.quote, chunk.section_path, sentence_owner(sentence))
                    )
                    cues["entity_heading"] = float(matched)
                s += 0.2 if matched else -0.3
                cues["entity_match" if matched else "entity_mismatch"] = 1.0
            elif asks.head is not None and asks.head.names(sentence.quote):
                s += 0.2
                cues["entity_match"] = 1.0
        if is_heading(sentence):
            s -= 0.3  # a heading repeats the question's words but answers nothing
            cues["heading"] = 1.0
        has_date = bool(written) or (query.kind == "date" and bool(dated))
        return (s, cov, figure, has_date, tuple(cues.items()), tuple(figures))

    def depth(self, query: Query) -> int:
        """How many hits to read: a list, an explanation or one side of a comparison is
        spread over more passages than a single figure or date."""
        spread = query.kind in {"list", "explanation", "comparison"}
        return self.max_hits + 2 if spread else self.max_hits

    def cover(self, query: Query) -> Cover:
        """What scoring one question's sentences shares (see :class:`Cover`); pass it to
        :meth:`prescore` and then to :meth:`answer`."""
        return Cover(self.weights, query, self.names)

    def rank_sentences(
        self,
        query: Query,
        hits: Sequence[Hit],
        depth: int | None = None,
        cover: Cover | None = None,
        limit: int | None = None,
    ) -> list[Scored]:
        """The sentences of the first ``depth`` hits (``self.depth``: as many as an answer
        reads), scored (:meth:`score`) and best first; only the best ``limit`` of them when
        given (what the learned scorer reads: ``qa.candidates.MAX_SENTENCES``)."""
        cover = cover if cover is not None and cover.query is query else self.cover(query)
        days = cover.days
        # The front matter ("Cần Thơ, ngày 18 tháng 11 năm 2025", "Số: 157/KH-UBND") is the
        # document's own metadata: it answers only a question about the document.
        keep_front = bool(asked_fields(query.folded))
        if limit is None:
            scored = [
                self.score(query, s, hit, days, cover)
                for hit in hits[: depth or self.depth(query)]
                for s in split_sentences(hit.chunk)
                if keep_front or not front_matter(s, _front_matter)
            ]
            return sorted(scored, key=lambda x: -x.score)
        # Only the best ``limit`` become Scored (as :meth:`score` makes them, in the same
        # order: a stable sort on the same scores); the others are only ranked.
        read: list[tuple[Part, Sentence, Hit]] = []
        totals: list[float] = []
        for hit in hits[: depth or self.depth(query)]:
            rows = cover.chunks.get(hit.chunk.chunk_id)
            if rows is None:
                rows = self._read_chunk(query, hit.chunk, cover, keep_front)
            rank = 0.15 / hit.rank
            read += [(part, s, hit) for part, s in rows]
            totals += [part[0] + rank for part, _ in rows]
        order = sorted(range(len(read)), key=lambda i: -totals[i])[:limit]
        return [_finished(read[i][1], read[i][2], read[i][0], totals[i]) for i in order]


def _finished(sentence: Sentence, hit: Hit, part: Part, score: float) -> Scored:
    """A sentence's :class:`Scored` from its score before the hit's rank (``part``, see
    :meth:`SentenceRanker.score`) and its ``score`` with it."""
    _, cov, figure, written, _, figures = part
    return Scored(sentence, score, cov, figure, written, _cues(part), hit, figures)


def _cues(part: Part) -> tuple[tuple[str, float], ...]:
    """The cues of a sentence's :class:`Scored` made from ``part``."""
    return (*part[4], ("has_date", float(part[3])))


def _national(quote: str, figure: NumberMention | None) -> bool:
    """Whether the figure (or, without one, the sentence's opening) is said of the whole
    country: "cả nước ghi nhận 1.200 ca" is, "hàng từ các tỉnh trên cả nước" after the
    figure is not."""
    return _national_before(quote, figure.start if figure is not None else 80)


# A section of the whole country or the world ("1. Trong nước", "Tình hình dịch bệnh trên thế
# giới"): every figure under it is said of the country, the sentence need not say so again
# ("riêng đợt dịch thứ 4 ghi nhận … 23.235 ca tử vong" under "1. Trong nước").
_NATIONAL_SECTION = re.compile(
    r"^\W*(?:(?:[0-9]+|[ivxlc]+|[a-z])[.)]\s*)*(?:tinh hinh (?:dich (?:benh )?(?:covid-19 )?)?)?"
    r"(?:tren )?(?:trong nuoc|the gioi|ca nuoc|toan quoc|quoc te)\W*$"
)


@functools.lru_cache(maxsize=1024)
def national_section(section_path: tuple[str, ...]) -> bool:
    """Whether one of the headings above a passage names only the country or the world.

    >>> national_section(("I. DIỄN BIẾN DỊCH BỆNH", "1. Trong nước"))
    True
    >>> national_section(("1. Tình hình dịch bệnh trong nước và trên địa bàn tỉnh",))
    False
    """
    return any(_NATIONAL_SECTION.match(fold(h).strip()) for h in section_path)


@bytes_cache(1 << 20)
def _national_before(quote: str, at: int) -> bool:
    """Whether the 80 characters before ``at`` say "the whole country": the same sentences
    and figures come back question after question (folding and searching each again was
    ~2% of a question's answer stage)."""
    return NATIONAL.search(fold(quote[max(0, at - 80) : at])) is not None
