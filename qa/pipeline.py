"""The question-answering pipeline: understand -> retrieve -> answer, timed.

One object holds the loaded index and models, so the CLI's batch mode, the HTTP
API and the chat UI load them once and answer many questions.
"""

from __future__ import annotations

import datetime as dt
import functools
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from hoidap.config import Config
from hoidap.errors import InputError
from hoidap.text import nfc
from hoidap.types import Answer, Citation, Hit, Report
from qa.abbreviations import Abbreviations
from qa.answer import Answerer, Draft
from qa.coverage import TermWeights
from qa.document_parts import DocumentParts
from qa.in_flight import IN_FLIGHT
from qa.merged import MergerTable
from qa.messages import ABSTAIN_VI, NO_REPORT_EN, NO_REPORT_VI
from qa.parts import figure_parts
from qa.query import Query, search_text_of, understand
from qa.retrieve import Filters, HybridRetriever
from qa.scored import Scored
from qa.scorer import Scorer, shipped
from qa.sides import Sides, question_sides, side_query

# Reports whose source lines stay in memory for document questions (a few MB at most).
_LINES_CACHE = 16
# Chunks past those an answer reads whose sentences are scored while the question is being
# embedded, when there is time left (``Pipeline._prescore``). Two: the main thread's CPU
# after the vector p50 4.2-4.5 -> 3.7-4.1 ms for ~1 ms more before it (200 questions, two
# rounds, load 9-13); four saved no more after the vector for twice the CPU before it.
PRESCORE_DEEPER = 2
# The share of a core the asking thread must have had since it handed the question to the
# helper for the work ahead to go past the chunks an answer reads (``Pipeline._prescore``).
CORE_SHARE = 0.8


class Pipeline:
    """Answers questions over one index.

    >>> p = Pipeline.from_config(load_config())          # doctest: +SKIP
    >>> p.ask("Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?").text
    ... # doctest: +SKIP
    '859.463 người — Lũy kế từ đầu năm đến hết ngày 16/11/2021, tỉnh Cà Mau ... [1]'
    """

    abstain_text = ABSTAIN_VI
    # Embed a question on a helper thread while the asking thread does the work that does
    # not need its vector (:meth:`HybridRetriever.prefetch`, :meth:`_prescore`), when it is
    # the only question this process is answering and the process may use two cores.
    prefetch = True

    def __init__(self, index: Any, config: Config, generator: Any = None) -> None:
        self.config = config
        self.generator = generator
        # Whether a question may take a helper thread: the process's count (an answer
        # worker of ``hoidap serve`` puts the server's decision here: ui/answer_worker.py).
        self.in_flight: Any = IN_FLIGHT
        # Questions embedded on a helper thread so far (bench/bench_perf.py prints the share).
        self.asked_ahead = 0
        self._use(index, _load_reranker(config))

    @classmethod
    def from_config(cls, config: Config) -> Pipeline:
        from index.store import load_index

        generator = None
        if config.llm_base_url:
            from qa.llm import LLMAnswerer

            generator = LLMAnswerer.from_config(config)
        return cls(load_index(config), config, generator)

    # ------------------------------------------------------------------ asking
    def filters(
        self,
        province: str | None,
        report: str | None,
        *,
        kind: str | None = None,
        issued_from: str | dt.date | None = None,
        issued_to: str | dt.date | None = None,
    ) -> Filters:
        """Caller filters; a province is accepted by any of its names (old, 2025, unaccented).
        ``kind`` ("kế hoạch", "quyết định", accents optional) and an issue-date range
        (ISO "2025-11-01" or "01/11/2025", both ends included) pick report files, which
        the store applies inside its searches like a ``report`` filter."""
        provinces: frozenset[str] = frozenset()
        if province:
            from ingest.provinces import find_provinces

            found = find_provinces(province)
            indexed = sorted({r.province for r in self.index.reports if r.province})
            choices = f"các tỉnh có báo cáo / provinces with reports: {', '.join(indexed) or '-'}"
            if not found:
                # It said only "unknown province", not which names would do.
                raise InputError(
                    f"không nhận ra tỉnh {province!r} / unknown province {province!r}", choices
                )
            provinces = frozenset(m for f in found for m in f.members)
            if not any(r.province in provinces for r in self.index.reports):
                # It answered "not found in the reports", as if the reports had been read.
                raise InputError(
                    f"không có báo cáo nào của {province} trong chỉ mục / no report of "
                    f"{province} in the index",
                    choices,
                )
        if report:
            # Matched in NFC, kept as stored: a name typed or pasted in decomposed form
            # (macOS) names the same file, and so does a file copied in under such a name.
            # A path the shell completed ("data/reports/x.txt") or a name without its suffix
            # names the report too when only one has that name.
            wanted = nfc(report)
            report = _report_named(wanted, [r.source for r in self.index.reports]) or report
        if report and report not in {r.source for r in self.index.reports}:
            # A filter on a file that is not indexed would silently answer "not found".
            known = sorted(r.source for r in self.index.reports)
            shown = ", ".join(known[:5]) + (", …" if len(known) > 5 else "")
            raise InputError(
                f"không có báo cáo {report!r} trong chỉ mục / unknown report {report!r}",
                f"tên tệp như / a file name such as: {shown}",
            )
        reports = frozenset({report}) if report else frozenset()
        if report and provinces and not self._of_province(reports, provinces):
            raise InputError(
                f"báo cáo {report!r} không thuộc {province} / report {report!r} is not of "
                f"{province}",
                "bỏ một trong hai bộ lọc / drop one of the two filters",
            )
        if kind or issued_from or issued_to:
            since, until = _day(issued_from), _day(issued_to)
            if since and until and since > until:
                # It was "no report matches the filter", which does not say the two were swapped.
                raise InputError(
                    f"ngày bắt đầu {since:%d/%m/%Y} sau ngày kết thúc {until:%d/%m/%Y} / "
                    f"issued_from {since.isoformat()} is after issued_to {until.isoformat()}",
                    "đổi chỗ hai ngày / swap the two dates",
                )
            chosen = self._documents(kind, since, until)
            reports = reports & chosen if reports else chosen
            if not reports or (provinces and not self._of_province(reports, provinces)):
                parts = [f"tỉnh / province {province!r}"] if provinces else []
                parts += [f"loại / kind {kind!r}"] if kind else []
                if since or until:
                    parts.append(
                        f"ban hành / issued {since.isoformat() if since else '…'} – "
                        f"{until.isoformat() if until else '…'}"
                    )
                if report:
                    parts.append(f"báo cáo / report {report!r}")
                raise InputError(
                    "không có văn bản nào khớp bộ lọc / no report matches the filter "
                    f"({', '.join(parts)})",
                    "nới bộ lọc / widen the filter",
                )
        return Filters(provinces, reports)

    def _of_province(self, sources: frozenset[str], provinces: frozenset[str]) -> bool:
        """Whether any of the report files ``sources`` is of one of ``provinces``."""
        return any(r.source in sources and r.province in provinces for r in self.index.reports)

    def _documents(
        self, kind: str | None, since: dt.date | None, until: dt.date | None
    ) -> frozenset[str]:
        """Files of the indexed reports of that kind issued within ``since..until``."""
        from hoidap.text import fold

        reports = list(self.index.reports)
        if kind:
            kinds = sorted({r.kind for r in reports if r.kind})
            if fold(kind.strip()) not in {fold(k) for k in kinds}:
                raise InputError(
                    f"không có loại văn bản {kind!r} / unknown document kind {kind!r}",
                    f"một trong / one of: {', '.join(kinds)}",
                )
            reports = [r for r in reports if fold(r.kind) == fold(kind.strip())]
        if since or until:
            reports = [
                r
                for r in reports
                if r.issued
                and (since is None or r.issued >= since)
                and (until is None or r.issued <= until)
            ]
        return frozenset(r.source for r in reports)

    def retrieve(
        self,
        question: str | Query,
        k: int | None = None,
        province: str | None = None,
        report: str | None = None,
    ) -> list[Hit]:
        query = question if isinstance(question, Query) else self.understand(question)
        filters = self.named(query, self.filters(province, report))
        return self.retriever.retrieve(query, k or self.config.k, filters)

    def ask(
        self,
        question: str,
        *,
        k: int | None = None,
        province: str | None = None,
        report: str | None = None,
        history: Sequence[str] = (),
        id: Any = None,
        kind: str | None = None,
        issued_from: str | dt.date | None = None,
        issued_to: str | dt.date | None = None,
    ) -> Answer:
        t0 = time.perf_counter()
        # Bad filters are refused before any work is handed to a helper.
        given = self.filters(
            province, report, kind=kind, issued_from=issued_from, issued_to=issued_to
        )
        with self.in_flight.question() as alone:
            ahead = False
            since = (0.0, 0.0)
            if self.prefetch and alone and not history:
                # The only question this process is answering: its other core is free of
                # its own work, so the question is embedded on a helper thread while this
                # one reads it and searches BM25 (a follow-up's search text is known only
                # once it is read). With others in flight every core has a question of its
                # own: a helper would only add the hand-off and the sentences scored ahead
                # that the answer never reads.
                ahead = self.retriever.prefetch(search_text_of(question))
                self.asked_ahead += ahead
                since = (time.perf_counter(), time.thread_time())
            query = self.understand(question, history)
            k = k or self.config.k
            filters = self.named(query, given)
            cover = meanwhile = None
            # A diacritic-free question's words are read from its passages once they are
            # retrieved (qa/folded_words.py): sentences scored before would be scored again.
            if (
                ahead
                and not self._no_report(query)
                and query.kind != "comparison"
                and not query.syllables
            ):
                # While the vector is computed, score the sentences of the chunks BM25
                # ranks first.
                cover = self.answerer.cover(query)
                meanwhile = functools.partial(self._prescore, query, cover, since)
            hits = self.retriever.retrieve(
                query, max(k, self.answerer.depth(query)), filters, meanwhile
            )
            query = self.worded(query, hits)
            t1 = time.perf_counter()
            draft = self._draft(query, hits, filters, k, cover)
            t2 = time.perf_counter()
        timings = {
            "retrieve": (t1 - t0) * 1000,
            "answer": (t2 - t1) * 1000,
            "total": (t2 - t0) * 1000,
        }
        return Answer(
            query.said or query.text,
            draft.text,
            self._paged(draft.citations),
            tuple(hits[:k]),
            draft.abstained,
            timings,
            id,
            query.language,
            draft.confidence,
            self._paged(draft.closest),
            draft.closest_lead,
        )

    def _prescore(
        self,
        query: Query,
        cover: Any,
        since: tuple[float, float],
        lists: dict[str, list[Any]],
    ) -> None:
        """Score ahead the sentences of the chunks the BM25 lists fuse first (the dense list
        is still being computed), as many as the answer reads (``Answerer.depth``: 10, or
        12 for a list, an explanation or a comparison). Nothing here changes an answer: a
        sentence scored ahead is finished with its hit's rank exactly as it would have
        been scored then.

        Why that many: on 400 questions of the gold and blind sets, the answer read the
        chunk BM25 fused 1st–4th 99–83% of the time, the 5th–6th 63% and 51%, the 7th–10th
        35–13%. Ten chunks (as before) scored ~70 sentences a question of which 57% were
        read; the sentences of chunks 7–10 cost ~2 ms of CPU to save ~0.3 ms after the
        vector arrives (bench/bench_perf.py, docs/scale.md).

        Then the candidates of the sentences likely to be read (``Answerer.prescore``) and,
        with time left, the sentences of the next ``PRESCORE_DEEPER`` chunks: on 193
        questions the fused hits the answer reads held BM25's 11th–14th chunk 38%, 29%, 26%
        and 17% of the time (the dense list brings them up), the 15th–20th 13–5%.

        Those two only while the asking thread has had ``CORE_SHARE`` of a core since it
        handed the question over (``since``: wall and thread clocks then): on a machine
        crowded enough that it has not, the helper's embedding waits for the same cores
        (with ``sched_autogroup`` the process's threads share one slice), so work that
        the answer may not read would delay the vector it waits for (at load 15–16 the
        wall p50 rose by ~0.1x the floor with it)."""
        _, order = self.retriever.fuse(query, lists, factors={})
        text = query.search_text
        depth = self.answerer.depth(query)
        self.answerer.prescore(
            query,
            self.index.get_chunks(order[:depth]),
            cover,
            lambda: self.retriever.vector_ready(text),
            deeper=functools.partial(self.index.get_chunks, order[depth : depth + PRESCORE_DEEPER]),
            more=functools.partial(_had_core, *since),
        )

    def named(self, query: Query, filters: Filters) -> Filters:
        """A question that names an indexed document by its number ("Kế hoạch
        552/KH-UBND", "Hanoi's Decision 03/2025") is answered from that document (or those
        documents): they become a report filter within the caller's. English questions
        share few words with the reports, so without it a passage of a neighbouring
        document of the same province often ranks first. A number of no indexed document
        (one a report cites) changes nothing."""
        reports, _why, by_number = self.documents.resolve(query, [])
        if not by_number or not reports:
            return filters
        named = frozenset(r.source for r in reports)
        if filters.reports:
            named &= filters.reports
        return Filters(filters.provinces, named) if named else filters

    def _paged(self, citations: Sequence[Citation]) -> tuple[Citation, ...]:
        """Citations with the page of their first line, for reports read from a PDF."""
        paged = {r.source: r for r in self.index.reports if r.page_lines}
        return tuple(
            replace(c, page=paged[c.report].page_of(c.lines[0])) if c.report in paged else c
            for c in citations
        )

    def ranked(self, question: str) -> tuple[Query, list[Scored]]:
        """The question read and its sentences ranked, as ``ask`` would rank them for the
        extractive answer (none when ``ask`` answers otherwise: a province without reports,
        a comparison of provinces). ``hoidap eval --fit`` learns from these."""
        query = self.understand(question)
        depth = max(self.config.k, self.answerer.depth(query))
        hits = self.retriever.retrieve(query, depth, self.named(query, Filters()))
        query = self.worded(query, hits)
        if self._no_report(query) or (query.kind == "comparison" and len(query.provinces) >= 2):
            return query, []
        covered = self.covering(query, hits)
        return query, self.answerer.rank_sentences(query, covered) if covered else []

    def worded(self, query: Query, hits: Sequence[Hit]) -> Query:
        """A diacritic-free question's terms joined into the words its passages write
        (:func:`qa.folded_words.worded`, over the hits an answer reads)."""
        from qa.folded_words import worded

        return worded(query, [h.chunk for h in hits[: self.answerer.depth(query)]])

    def _no_report(self, query: Query) -> bool:
        """No indexed report of the provinces the question names (nor, for a merged
        province, of its members since the merger: ``qa.merged.merged_before``)."""
        allowed = set(query.allowed_provinces)
        if not allowed:
            return False
        if not self._provinces & allowed:
            return True
        before = self.mergers.merged_before(query)
        return bool(before) and all(f in before for f in self.mergers.of_provinces(allowed))

    def _draft(
        self, query: Query, hits: list[Hit], filters: Filters, k: int, cover: Any = None
    ) -> Draft:
        if self._no_report(query):
            en = query.language == "en"
            text = (NO_REPORT_EN if en else NO_REPORT_VI).format(
                provinces=", ".join(query.provinces)
            )
            hints = self.mergers.merged_hints(query.provinces, en)
            hints += self.mergers.member_hints(query, en)
            return self.answerer.abstain(query, "\n".join([text, *hints]))
        if query.kind == "comparison" and len(query.provinces) >= 2:
            per = []
            for name, members in zip(query.provinces, query.province_members, strict=False):
                sub = Filters(frozenset(members), filters.reports)
                per.append((name, self.retriever.retrieve(_single(query, name, members), k, sub)))
            return self.answerer.compare(query, per)
        about_document = self._document(query, hits, filters)
        if about_document is not None:
            return about_document
        sides = (
            question_sides(query.text, query.kind == "comparison")
            if query.kind
            in {
                "number",
                "comparison",
            }
            else None
        )
        if sides is not None and query.kind == "comparison":
            # "So sánh tỷ lệ nữ thạc sĩ và nữ tiến sĩ": one cited figure per side the
            # question names, then the comparison; or no answer, as for a comparison of
            # provinces with a side missing (one sentence's figure compares nothing).
            return self._computed(query, sides, filters, k)
        parts = figure_parts(query)
        if parts:
            # "bao nhiêu máy … và công suất bao nhiêu mẫu": one figure per part (qa/parts.py).
            draft = self.answerer.two_part(query, parts, self.covering(query, hits))
        else:
            draft = self.answerer.answer(query, self.covering(query, hits), cover)
        if sides is not None and query.kind == "number" and draft.abstained:
            # A total (or a difference) no sentence states: computed from one cited figure
            # per part the question names. A stated figure, when sure, always wins.
            computed = self._computed(query, sides, filters, k)
            if not computed.abstained:
                return computed
        if self.generator is not None and hits:
            return self.generator.answer(query, hits, fallback=draft)
        return draft

    def _computed(self, query: Query, sides: Sides, filters: Filters, k: int) -> Draft:
        """The sides of a question (``qa.sides``), each read as a figure question of its own
        words (with the whole question's places and dates when it names none) over its own
        passages, answered by ``Answerer.computed``."""
        per = []
        for label, text in zip(sides.labels, sides.texts, strict=True):
            side = side_query(text, query)
            depth = max(k, self.answerer.depth(query))
            hits = self.retriever.retrieve(side, depth, filters)
            per.append((label, side, self.covering(side, hits)))
        return self.answerer.computed(query, sides.operation, per)

    def _document(self, query: Query, hits: list[Hit], filters: Filters) -> Draft | None:
        """A question about a document itself (signer, number, issue date, ...), answered
        from its metadata (qa/document.py); None when it is not one, or when the metadata
        leave it to the body's sentences (another document, or one of several alike). It
        asserts through the same calibrated threshold as every other answer."""
        from qa.document import compose

        documents = self.documents
        if filters.provinces or filters.reports:
            # The caller's limits (--province, --report, --kind, issue dates) hold here too.
            documents = documents.only(
                [
                    r
                    for r in documents.reports
                    if (not filters.provinces or r.province in filters.provinces)
                    and (not filters.reports or r.source in filters.reports)
                ]
            )
        outcome = documents.answer(query, [h for h in hits if filters.allows(h.chunk)])
        if outcome is None or outcome.left_to_body:
            return None
        conf = self.documents.confidence(outcome.fields) if outcome.facts else None
        scorer = self.answerer.scorer
        sure = conf is not None and (scorer.asserts(conf) if scorer is not None else conf >= 0.5)
        if not outcome.facts or not sure:
            return self.answerer.abstain(query, confidence=conf)
        text, citations = compose(query, outcome.facts)
        return Draft(text, citations, False, conf)

    def document_outcome(self, question: str) -> Any:
        """What the document path finds for a question, before the abstention decision
        (``python -m eval.fit_documents`` judges these against gold answers)."""
        from qa.document import compose

        query = self.understand(question)
        depth = max(self.config.k, self.answerer.depth(query))
        hits = self.retriever.retrieve(query, depth, self.named(query, Filters()))
        outcome = self.documents.answer(query, hits)
        if outcome is None:
            return None
        text = compose(query, outcome.facts)[0] if outcome.facts else ""
        return {"fields": list(outcome.fields), "text": text, "language": query.language}

    def with_document_stats(self, stats: dict[str, list[int]]) -> Pipeline:
        """The same pipeline with document answers as sure as ``stats`` say (a fold's)."""
        import copy

        other = copy.copy(self)
        other.documents = self.documents.with_stats(stats)
        return other

    def _report_lines(self, report_id: str) -> list[tuple[int, str, Any]]:
        """A report's source lines as indexed (number, text, chunk), read from the store
        per report on first need; only the last few reports asked about stay in memory."""
        with self._lines_lock:
            lines = self._lines.get(report_id)
            if lines is not None:
                self._lines.move_to_end(report_id)
                return lines
        rows: list[tuple[int, str, Any]] = []
        for chunk in self.index.report_chunks(report_id):
            if chunk.kind != "text":
                continue
            rows += [
                (chunk.line_start + i, text, chunk) for i, text in enumerate(chunk.text.split("\n"))
            ]
        lines = sorted({r[0]: r for r in reversed(rows)}.values(), key=lambda r: r[0])
        with self._lines_lock:
            self._lines[report_id] = lines
            if len(self._lines) > _LINES_CACHE:
                self._lines.popitem(last=False)
        return lines

    def covering(self, query: Query, hits: list[Hit]) -> list[Hit]:
        """The hits whose report covers the asked cut-off date: a report written as of
        16/11/2021 cannot say how things stood on 19/02/2022, however similar its words."""
        # A figure for a month or year that begins after the report was written
        # ("tháng 12/2021" from a report as of 16/11/2021) cannot be in it.
        later = (
            max((d.first for d in query.dates), default=None) if query.kind == "number" else None
        )
        if query.as_of is None and later is None:
            return hits
        slack = dt.timedelta(days=3)
        out = []
        for hit in hits:
            start, end = self._periods.get(hit.chunk.report_id, (None, None))
            after_end = end is not None and (
                (later is not None and later > end + slack)
                or (query.as_of is not None and query.as_of > end + slack)
            )
            before_start = start is not None and query.as_of is not None and query.as_of < start
            if not after_end and not before_start:
                out.append(hit)
        return out

    # ----------------------------------------------------------------- reports
    @property
    def reports(self) -> list[Report]:
        return list(self.index.reports)

    def add_report(self, path: Path) -> Report:
        """Ingest one file and index it incrementally; a bad file raises IngestError and
        leaves the index as it was."""
        from index.store import load_index, update_index
        from ingest.pipeline import ingest_paths

        result = ingest_paths([Path(path)], self.config)
        if result.errors:
            raise result.errors[0]
        if not result.reports:
            raise InputError(f"{Path(path).name}: không có nội dung mới / nothing new to add")
        new_hashes = {r.content_hash for r in result.reports}
        new_sources = {r.source for r in result.reports}
        # A new version of a known file replaces the old one.
        replaced = [
            r.report_id
            for r in self.index.reports
            if r.source in new_sources or r.content_hash in new_hashes
        ]
        update_index(self.config, list(result.reports), list(result.chunks), remove=replaced)
        # Only once indexed is the file kept beside the other reports, so citations resolve.
        target = self.config.reports_path / Path(path).name
        if Path(path).resolve() != target.resolve():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        self._use(load_index(self.config), self.retriever.reranker)
        return result.reports[0]

    def with_index(self, index: Any) -> Pipeline:
        """A pipeline over another index that shares this one's loaded models (encoder,
        reranker, generator): a server swaps it in after a rebuild, loading nothing twice."""
        import copy

        fresh = copy.copy(self)
        fresh._use(index, self.retriever.reranker)
        fresh.answerer.scorer = self.answerer.scorer
        return fresh

    def with_scorer(self, scorer: Scorer | None) -> Pipeline:
        """The same loaded index and models answering with another scorer (a fold's model
        in cross-validation); this pipeline is left as it was."""
        import copy

        other = copy.copy(self)
        other.answerer = copy.copy(self.answerer)
        other.answerer.scorer = scorer
        return other

    def with_fusion(self, weights: dict[str, dict[str, float]]) -> Pipeline:
        """The same loaded index and models fusing the ranked lists with ``weights`` for the
        languages they name (a fold's fitted weights in cross-validation); this pipeline is
        left as it was."""
        import copy

        other = copy.copy(self)
        other.retriever = self.retriever.with_weights(weights)
        return other

    def fusion_inputs(self, question: str) -> tuple[Query, dict[str, list[Any]], dict[str, float]]:
        """The question read, its ranked lists and the date nudges of their chunks, as
        ``retrieve`` fuses them: ``python -m eval.fit_fusion`` tries weights on these."""
        query = self.understand(question)
        retriever = self.retriever
        where = retriever.where(query, self.named(query, Filters()))
        ranked = retriever.ranked_lists(query, max(retriever.candidates, self.config.k), where)
        ids = list(dict.fromkeys(cid for hits in ranked.values() for cid, _ in hits))
        return query, ranked, retriever.date_factors(query, ids)

    def understand(self, question: str, history: Sequence[str] = ()) -> Query:
        """The question read (:func:`qa.query.understand`), with the other form of each
        abbreviation the indexed documents define (qa/abbreviations.py)."""
        return self.abbreviations.expand(understand(question, history))

    def _use(self, index: Any, reranker: Any) -> None:
        """Everything derived from one index, built once per load (not per question)."""
        self.index = index
        # The reports by province for the merger rules (qa.merged), read on every question
        # naming a province by the retriever's limits, the no-report answer and the
        # document answers: one table for the three.
        self.mergers = MergerTable.of(index.reports)
        # A new index keeps the fusion weights this pipeline was given (a fold's, say).
        previous = getattr(self, "retriever", None)
        self.retriever = HybridRetriever(
            index,
            fusion=self.config.fusion,
            reranker=reranker,
            weights=previous.weights if previous is not None else None,
            mergers=self.mergers,
        )
        stats = index.term_stats()
        # Source lines of the reports last asked about (document questions), per report.
        self._lines: OrderedDict[str, list[tuple[int, str, Any]]] = OrderedDict()
        self._lines_lock = threading.Lock()
        self.answerer = Answerer(
            TermWeights.from_counts(stats.n, stats.df),
            scorer=shipped(),
            parts=DocumentParts(index.reports, self._report_lines),
        )
        self.answerer.names = {
            r.report_id: f"{r.kind} {r.number}" for r in index.reports if r.number
        }
        self._provinces = set(index.provinces())
        self.abbreviations = Abbreviations.of_reports(index.reports)
        self._periods = {r.report_id: _covered(r) for r in index.reports}
        from qa.document import DocumentAnswerer

        self.documents = DocumentAnswerer(index.reports, self._report_lines, mergers=self.mergers)


def _had_core(wall: float, cpu: float) -> bool:
    """Whether this thread has run ``CORE_SHARE`` of the time since ``wall`` (perf
    counter) and ``cpu`` (its thread time) were read: it had a core to itself. The
    decision itself is :func:`_core_share_met`, a function of the two spans only."""
    return _core_share_met(time.perf_counter() - wall, time.thread_time() - cpu)


def _core_share_met(wall_took: float, cpu_took: float) -> bool:
    """Whether ``cpu_took`` seconds of this thread's CPU in ``wall_took`` seconds of wall
    time is at least ``CORE_SHARE`` of a core; no wall time yet counts as met (nothing
    says the thread was kept waiting)."""
    return wall_took <= 0 or cpu_took >= CORE_SHARE * wall_took


def _report_named(wanted: str, sources: Sequence[str]) -> str | None:
    """The indexed file ``wanted`` (NFC) names: its name, a path ending in it, or its name
    without the suffix when no other report has that stem.

    >>> _report_named("data/reports/b.txt", ["a.txt", "b.txt"])
    'b.txt'
    >>> _report_named("b", ["a.txt", "b.txt", "b.pdf"]) is None
    True
    """
    by_name = {nfc(s): s for s in sources}
    name = wanted.replace("\\", "/").rsplit("/", 1)[-1]
    if wanted in by_name or name in by_name:
        return by_name.get(wanted) or by_name[name]
    stems = [s for n, s in by_name.items() if Path(n).stem == name]
    return stems[0] if len(stems) == 1 else None


def _day(value: str | dt.date | None) -> dt.date | None:
    """A filter date: a date, ISO "2025-11-01" or Vietnamese "01/11/2025"."""
    if value is None or isinstance(value, dt.date):
        return value
    text = value.strip()
    for form in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, form).date()
        except ValueError:
            continue
    raise InputError(
        f"ngày không hợp lệ {value!r} / not a date {value!r}",
        "dùng / use 2025-11-01 hoặc / or 01/11/2025",
    )


def _covered(report: Report) -> tuple[dt.date | None, dt.date | None]:
    """The time a report can speak of, for :meth:`Pipeline.covering`: its period, which
    for a plan is its horizon ("giai đoạn 2026 - 2030"), widened back to its issue date:
    a plan issued on 24/11/2025 for 2026-2028 opens with how 2025 went.

    >>> r = Report("r", "d02.txt", "Kế hoạch", "kế hoạch", "Cà Mau", "h",
    ...            issued=dt.date(2025, 11, 24), period_start=dt.date(2026, 1, 1),
    ...            period_end=dt.date(2028, 12, 31))
    >>> _covered(r)
    (datetime.date(2025, 11, 24), datetime.date(2028, 12, 31))
    """
    start = report.period_start
    if start is not None and report.issued is not None and report.issued < start:
        start = report.issued
    return start, report.period_end


def _single(query: Query, name: str, members: tuple[str, ...]) -> Query:
    from dataclasses import replace

    return replace(query, provinces=(name,), province_members=(members,))


def _load_reranker(config: Config) -> Any:
    if not config.reranker:
        return None
    try:
        from sentence_transformers import CrossEncoder
    except ImportError:
        from hoidap.errors import ExtraMissingError

        raise ExtraMissingError("cross-encoder reranking", "st") from None
    return CrossEncoder(config.reranker, local_files_only=config.local_files_only)


def ask_all(
    pipeline: Pipeline, items: Sequence[dict[str, Any]], k: int | None = None
) -> list[Answer]:
    """Answer a batch in order; a bad question becomes an abstention that says why."""
    out: list[Answer] = []
    for item in items:
        try:
            out.append(
                pipeline.ask(
                    str(item.get("question", "")),
                    k=k,
                    id=item.get("id"),
                    province=item.get("province"),
                )
            )
        except InputError as exc:
            out.append(
                Answer(str(item.get("question", "")), str(exc), abstained=True, id=item.get("id"))
            )
    return out
