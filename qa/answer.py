"""Extractive answers: pick the sentence that answers, quote it, cite it, or abstain.

Nothing is generated: every figure in an answer is copied from a cited quote, as
the report writes it, except what is computed from such figures and shown with its
arithmetic (a comparison's gap, a total of parts: ``qa.arithmetic``). The sentences
are scored by ``qa.ranking`` (how much of the question each covers, whether it holds
the kind of answer asked, its date and province, how well its chunk was retrieved);
here the best is chosen (with a fitted model, by the learned scorer), refused by the
rules of ``qa.refusals`` or asserted, and composed per kind of question: a figure, a
date or a name first (``qa.leads``), a list's items, a comparison of places, a total
of parts. When the best sentence is weak, hoidap abstains and shows the closest
passages instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from types import EllipsisType
from typing import TYPE_CHECKING

from hoidap.types import Citation, Hit
from qa.arithmetic import Operand
from qa.bounds import bounded
from qa.coverage import Cover, TermWeights
from qa.document import asks_document
from qa.document_parts import DocumentParts
from qa.figures import figure_phrase, rank_figures
from qa.items import asks_reason, cause_before, reason_clause
from qa.leads import (
    best_date_lead,
    best_name_lead,
    english_frame,
    leads_with_name,
    scoped_figure,
    side_differences,
)
from qa.messages import (
    ABSTAIN_EN,
    ABSTAIN_VI,
    CLOSEST_EN,
    CLOSEST_LEAD_EN,
    CLOSEST_LEAD_VI,
    CLOSEST_VI,
    CONFIDENCE_WORDS,
    PART_CLOSEST_EN,
    PART_CLOSEST_VI,
    PART_UNSURE_EN,
    PART_UNSURE_VI,
    UNHELD_EN,
    UNHELD_MANY_EN,
    UNHELD_MANY_VI,
    UNHELD_VI,
    UNREAD_EN,
    UNSURE_EN,
    UNSURE_VI,
)
from qa.query import Query, gloss_sources, written_acronyms
from qa.quoted import answer_sentences
from qa.ranking import MAX_HITS, SentenceRanker
from qa.refusals import ASKS, Refusal, refusal
from qa.scored import Scored, rescored
from qa.scorer import Scorer
from qa.sentences import Sentence

if TYPE_CHECKING:
    from qa.candidates import SentenceParts


# A comparison of quantities wants a figure from each side.
_QUANTITY = re.compile(
    r"\bbao nhieu\b|\bhow (?:many|much)\b|\b(?:nhieu|it|cao|thap) hon\b|\bmore\b|\bfewer\b"
    r"|\bhigher\b|\blower\b|\bso luong\b|\btong so\b|\bnumber of\b|\bso sanh so\b"
)


@dataclass(frozen=True)
class Draft:
    """An answer before it is wrapped in :class:`hoidap.types.Answer`."""

    text: str
    citations: tuple[Citation, ...]
    abstained: bool
    # The calibrated probability that the answer is right (None without a fitted model).
    confidence: float | None = None
    # An abstention's closest candidates (their sentences), shown and never asserted, and
    # what the best one would have led with ("35.833 mũi"; "" for none).
    closest: tuple[Citation, ...] = ()
    closest_lead: str = ""


def _cited(lead: str, sentences: Sequence[Sentence], en: bool, confidence: float | None) -> Draft:
    """An asserted answer leading with ``lead``, then every sentence quoted and cited in
    order (a two-part figure question, a comparison or a computed total)."""
    body = " ".join(f"{s.quote} [{i}]" for i, s in enumerate(sentences, start=1))
    citations = tuple(_cite(i, s) for i, s in enumerate(sentences, start=1))
    if en:
        src = sentences[0].chunk.province
        return Draft(
            f"{lead} — according to the {src} report: “{body}”", citations, False, confidence
        )
    return Draft(f"{lead} — {body}", citations, False, confidence)


class Answerer(SentenceRanker):
    """Chooses and cites sentences from retrieved hits (ranked by :class:`SentenceRanker`)."""

    def __init__(
        self,
        weights: TermWeights,
        min_coverage: float = 0.45,
        min_score: float = 0.5,
        max_hits: int = MAX_HITS,
        scorer: Scorer | None = None,
        parts: DocumentParts | None = None,
    ) -> None:
        super().__init__(weights, max_hits, scorer)
        # The part of its document each sentence is in (qa/document_parts.py): which
        # sentence a refusal shows as the closest.
        self.parts = parts
        self.min_coverage = min_coverage
        self.min_score = min_score

    def answer(self, query: Query, hits: Sequence[Hit], cover: Cover | None = None) -> Draft:
        cover = cover if cover is not None and cover.query is query else self.cover(query)
        # With a model only the sentences it reads are made candidates of (``choose``).
        from qa.candidates import MAX_SENTENCES

        limit = MAX_SENTENCES if self.scorer is not None else None
        ranked = self.rank_sentences(query, hits, cover=cover, limit=limit) if hits else []
        return self.decide(query, ranked, cover.parts)

    def choose(
        self, query: Query, ranked: Sequence[Scored], parts: SentenceParts | None = None
    ) -> tuple[list[Scored], float | None]:
        """The best candidate first (as a sentence with its figure) with the others worth
        citing beside it, and the calibrated confidence (None without a model). ``parts``:
        the question's candidates as far as worked out (``qa.candidates.SentenceParts``)."""
        if not ranked:
            return [], None
        if self.scorer is None:
            return [ranked[0], *ranked[1:]], None
        from qa.candidate_rows import scorer_rows
        from qa.name_spans import scoring_kind
        from qa.scorer import one_passage

        # The candidate model, how sure to be of the best one and its calibration are the
        # kind's family's (an explanation that asks a named thing is scored as a name).
        scorer = self.scorer.for_kind(scoring_kind(query))
        # The candidates' rows as the scorer reads them (``qa.candidates.candidates``'
        # features without a dictionary each: qa/candidate_rows.py).
        cands = scorer_rows(query, ranked, scorer.names, parts=parts)
        names = leads_with_name(query)
        raws = scorer.raw(cands.rows)
        order = sorted(range(len(cands)), key=lambda i: -raws[i])
        seen: set[int] = set()
        out: list[Scored] = []
        for i in order:
            scored = cands.scored[i]
            key = id(scored)
            if key in seen:
                continue
            seen.add(key)
            date_lead = cands.leads[i] if query.kind == "date" else ""
            role = bool(cands.value(i, "target_for_result"))
            out.append(
                rescored(
                    scored,
                    score=raws[i],
                    figure=cands.figures[i],
                    date_lead=date_lead,
                    target_for_result=role,
                    name_lead=cands.leads[i] if names else None,
                )
            )
        passages = [cands.value(i, "hit_rank_inv") for i in range(len(cands))]
        best = {**cands.features(order[0]), "top3_one_passage": one_passage(raws, passages)}
        return out, scorer.confidence_of(raws, best)

    def decide(
        self, query: Query, ranked: Sequence[Scored], parts: SentenceParts | None = None
    ) -> Draft:
        """Every abstention of the extractive answerer is decided here: with a model, one
        calibrated threshold; without one, the hand-set floors. ``parts`` as in
        :meth:`choose`."""
        chosen, confidence = self.choose(query, ranked, parts)
        if not chosen:
            return self.abstain(query)
        best = chosen[0]
        # The assertion guards run once (~0.15 ms a refused answer): ``asserts`` reads this.
        why = refusal(query, best)
        if not self.asserts(query, best, confidence, why):
            text = "" if why is None else why.en if query.language == "en" else why.vi
            figure = why is None or why.offer_figure
            if why is None:
                best = self.closest(query, chosen)
            # A list's closest answer is its enumeration: the items shown to check, as the
            # answer would quote them.
            shown = answer_sentences(query, best.sentence) if query.kind == "list" else []
            closest = [replace(best, sentence=s, figure=None) for s in shown] or [best]
            return self.abstain(
                query, text, closest=closest, confidence=confidence, offer_lead=figure
            )
        picked = [best]
        items = answer_sentences(query, best.sentence)
        if items:
            # A lead-in or a heading is answered by what it introduces, not by itself.
            picked = [replace(best, sentence=s, figure=None) for s in items]
        elif cause := _cause_of(query, best):
            # "Vì sao …?" answered by a consequence ("Theo đó, …"): its cause, the sentence
            # before it, is quoted first (what is asserted and its confidence do not change).
            picked = [replace(best, sentence=cause, figure=None), best]
        elif query.kind in {"list", "explanation"}:
            margin = 1.0 if self.scorer is not None else 0.15
            picked += [
                s
                for s in chosen[1:4]
                if s.score >= best.score - margin and s.coverage >= self.min_coverage
            ]
        citations = tuple(_cite(i, s.sentence) for i, s in enumerate(picked, start=1))
        return Draft(self.compose(query, picked), citations, False, confidence)

    def closest(self, query: Query, chosen: Sequence[Scored]) -> Scored:
        """The sentence a refusal shows as the closest: the best one, unless it is in its
        document's letterhead, title or preamble ("Thực hiện Chỉ thị số … ngày …") and the
        question asks what the document plans, decides or reports rather than about a
        document (:func:`qa.document.asks_document`): then the best sentence outside those
        parts, which is where such an answer is written. Only what is shown changes: the
        refusal and its confidence are the best candidate's (eval/README.md, "Các phần của
        văn bản": choosing among the body's sentences for an asserted answer moved the
        calibration and did not pay)."""
        best = chosen[0]
        parts = self.parts
        if parts is None or not parts.in_front(best.sentence) or asks_document(query.folded):
            return best
        return next((s for s in chosen[1:] if not parts.in_front(s.sentence)), best)

    def asserts(
        self,
        query: Query,
        best: Scored,
        confidence: float | None,
        why: Refusal | EllipsisType | None = ...,
    ) -> bool:
        """The one rule for answering or not: the calibrated threshold (or, without a model,
        the hand-set floors); a figure question never without a figure to lead with, and a
        figure question about what was achieved never with a plan's target (issue #12: "a
        question about results is not answered with a target"; on the scorer's 877
        training questions such a best candidate was right 3 times in 26). ``why``: the
        guards' :func:`refusal` of ``best`` when the caller has it already."""
        if query.kind == "number" and best.figure is None:
            return False
        if (refusal(query, best) if why is ... else why) is not None:
            return False
        if self.scorer is not None and confidence is not None:
            return self.scorer.asserts(confidence)
        return self.confident(query, best)

    def confident(self, query: Query, best: Scored) -> bool:
        """The hand-set floors, used only when no fitted model is loaded."""
        if best.coverage < self.min_coverage or best.score < self.min_score:
            return False
        if query.kind == "number" and best.figure is None:
            return False
        return not (query.kind == "date" and not best.has_date)

    def compose(self, query: Query, chosen: Sequence[Scored]) -> str:
        parts = [f"{s.sentence.quote} [{i}]" for i, s in enumerate(chosen, start=1)]
        lead = scoped_figure(chosen[0].sentence, chosen[0].figure)
        if lead and len(ASKS.findall(query.folded)) >= 2:
            lead = self.two_figures(query, chosen[0].sentence.quote) or lead
        if query.kind == "date" and not lead:
            lead = best_date_lead(query, chosen[0])
        name = best_name_lead(query, chosen[0]) if leads_with_name(query) and not lead else ""
        reason = ""
        if not lead and query.kind == "explanation" and asks_reason(query.folded):
            # "Vì sao …?" leads with the reason clause, "… để làm gì?" with the purpose.
            reason = reason_clause(chosen[0].sentence.quote, query.folded)
        body = " ".join(parts)
        if query.language == "en":
            from qa.english import english_lead, with_english_name

            # A body's name is a name: quoted as the report writes it, its English after it
            # only when the glossary has the whole name.
            lead = (
                with_english_name(name)
                if name
                else english_lead(lead, chosen[0].sentence.chunk.segmented)
            )
            if not lead:
                lead = english_frame(query, chosen, reason)
            src = chosen[0].sentence.chunk.province
            head = f"{lead} — " if lead else ""
            return f"{head}according to the {src} report: “{body}”"
        lead = lead or name or reason
        return f"{lead} — {body}" if lead else body

    def two_figures(self, query: Query, quote: str) -> str:
        """ "bao nhiêu máy và công suất bao nhiêu mẫu": both figures, in the report's order."""
        ranked = rank_figures(query, quote, self.weights.idf)[:2]
        if len(ranked) < 2:
            return ""
        ordered = sorted((m for _s, m, _a, _d in ranked), key=lambda m: m.start)
        return ", ".join(bounded(quote, m, figure_phrase(quote, m)) for m in ordered)

    def two_part(self, query: Query, parts: Sequence[Query], hits: Sequence[Hit]) -> Draft:
        """A two-part figure question (``qa.parts``): each part answered as a number
        question of its own words over the whole question's passages, the lead both figures
        in the question's order, each cited ("10 máy; 9.200 mẫu/ngày — <quote> [1]", or
        "… [1]; … [2] — <quote> [1] <quote> [2]" from two sentences). Like a comparison it
        is as sure as its least sure part and asserted only when every part is, or its first
        part alone when only that one is sure (:meth:`_first_part`); two parts that settle on
        the same figure of the same sentence answer one of them only and abstain."""
        each, overall, sides = self._choose_each([(p, self.rank_sentences(p, hits)) for p in parts])
        best = [b for b, _asserted in each if b is not None]
        sure = all(asserted for _b, asserted in each)

        def key(s: Scored) -> tuple[str, int]:
            return (s.sentence.chunk.chunk_id, s.sentence.index)

        def at(s: Scored) -> int | None:
            return s.figure.start if s.figure is not None else None

        one = len(best) == 2 and key(best[0]) == key(best[1]) and at(best[0]) == at(best[1])
        first, first_sure = each[0]
        if first is not None and first_sure and not one and not sure:
            # The first ask is sure and a later one is not: the first figure is answered,
            # the rest said unsure with its closest figure shown, not asserted.
            confidence = sides[0] if sides else None
            return self._first_part(
                query, first, list(zip(parts[1:], each[1:], strict=True)), confidence
            )
        if not sure or len(best) < len(parts) or one:
            shown = list({key(b): b for b in best}.values())
            return self.abstain(query, closest=shown, confidence=overall)
        en = query.language == "en"
        sentences = list({key(b): b.sentence for b in best}.values())
        marker = {key(b): i for i, b in enumerate({key(b): b for b in best}.values(), start=1)}
        figures = []
        for b in best:
            phrase = scoped_figure(b.sentence, b.figure)
            if en:
                from qa.english import english_lead

                phrase = english_lead(phrase, b.sentence.chunk.segmented)
            cited = f" [{marker[key(b)]}]" if len(sentences) > 1 else ""
            figures.append(f"{phrase}{cited}")
        lead = "; ".join(figures)
        return _cited(lead, sentences, en, overall)

    def _first_part(
        self,
        query: Query,
        first: Scored,
        rest: Sequence[tuple[Query, tuple[Scored | None, bool]]],
        confidence: float | None,
    ) -> Draft:
        """A two-part figure question whose first ask alone is sure: its figure, cited, as
        a one-figure question would lead it, then for each later ask not sure a line that
        says so and shows its closest figure as a lead to check, never asserted. As sure as
        the first ask (a wrong figure is worse than none; an unsure second one is not
        stated as found)."""
        en = query.language == "en"
        lead = self.candidate_lead(query, first)
        draft = _cited(lead, [first.sentence], en, confidence)
        lines = []
        for part, (best, asserted) in rest:
            if asserted:
                continue
            closest = self.candidate_lead(part, best) if best is not None else ""
            shown = (PART_CLOSEST_EN if en else PART_CLOSEST_VI).format(lead=closest)
            text = PART_UNSURE_EN if en else PART_UNSURE_VI
            lines.append(text.format(part=part.text.rstrip(" ?"), closest=shown if closest else ""))
        return replace(draft, text="\n".join([draft.text, *lines]))

    def _choose_each(
        self, sides: Sequence[tuple[Query, Sequence[Scored]]]
    ) -> tuple[list[tuple[Scored | None, bool]], float | None, tuple[float, ...]]:
        """Each side of a question of several asks (a comparison's provinces, a two-part
        question's parts): its best candidate and whether it alone would be asserted. The
        whole is as sure as its least sure side, a side without a candidate counting 0;
        last, each side's own confidence (none without a fitted model)."""
        each: list[tuple[Scored | None, bool]] = []
        confidences: list[float] = []
        for side, ranked in sides:
            chosen, confidence = self.choose(side, ranked)
            if self.scorer is not None:
                confidences.append(confidence or 0.0)
            best = chosen[0] if chosen else None
            each.append((best, best is not None and self.asserts(side, best, confidence)))
        return each, (min(confidences) if confidences else None), tuple(confidences)

    def compare(self, query: Query, per_province: Sequence[tuple[str, Sequence[Hit]]]) -> Draft:
        """One cited sentence per province; a province without evidence says so."""
        lines: list[str] = []
        citations: list[Citation] = []
        sub = Query(
            **{
                **query.__dict__,
                "kind": "number"
                if query.unit or query.wants_percent or _QUANTITY.search(query.folded) is not None
                else "explanation",
            }
        )
        members = dict(zip(query.provinces, query.province_members, strict=False))
        # Each side is answered as a question about that province alone.
        sides = [
            replace(sub, provinces=(p,), province_members=(members.get(p, (p,)),))
            for p, _hits in per_province
        ]
        each, overall, _sides = self._choose_each(
            [
                (one, self.rank_sentences(one, hits, self.depth(query)))
                for one, (_p, hits) in zip(sides, per_province, strict=True)
            ]
        )
        found: list[Scored] = []
        for (province, _hits), (best, asserted) in zip(per_province, each, strict=True):
            if best is not None and asserted:
                found.append(best)
                marker = len(citations) + 1
                citations.append(_cite(marker, best.sentence))
                phrase = scoped_figure(best.sentence, best.figure, query.language == "en")
                figure = f"{phrase} — " if phrase else ""
                lines.append(f"{province}: {figure}{best.sentence.quote} [{marker}]")
            else:
                missing = (
                    "no information found" if query.language == "en" else "không tìm thấy thông tin"
                )
                lines.append(f"{province}: {missing}")
        if not citations:
            return self.abstain(query, confidence=overall)
        if self.scorer is not None and len(found) < len(lines):
            # A comparison with a side missing compares nothing: under cross-validation
            # (2026-12-01) such answers were right once in 5. The sides found are shown
            # as the closest sentences, not asserted.
            return self.abstain(query, closest=found, confidence=overall)
        if len(found) == len(lines) and all(b.figure is not None for b in found):
            # Both figures and the verdict first: "Cà Mau 96 trạm [1], Lạng Sơn 162 trạm
            # [2]: Lạng Sơn nhiều hơn 66 trạm"; without a verdict when the sentences give
            # another measure or period.
            labels = [province for province, _hits in per_province]
            lines.insert(0, self.comparison_lead(query, labels, found, same_question=True))
        return Draft("\n".join(lines), tuple(citations), False, overall)

    def comparison_lead(
        self,
        query: Query,
        labels: Sequence[str],
        sides: Sequence[Scored],
        same_question: bool,
        markers: Sequence[int] = (),
    ) -> str:
        """The comparison of the sides' figures (``qa.arithmetic.comparison_line``), each
        cited. ``same_question``: every side answers the same question for another place,
        so a qualifier (dose, age, phase) or a year that differs between the sentences
        makes the figures different measures or periods, and no verdict is given; sides
        the question itself names (two years, two items) differ by design."""
        from qa.arithmetic import comparison_line

        en = query.language == "en"
        operands = self._operands(query, labels, sides, markers)
        reason, detail = "", ""
        if same_question:
            reason, detail = side_differences(sides, en)
        return comparison_line(
            operands, en, reason, detail, translate=self._translate(query, sides[0])
        )

    def _operands(
        self,
        query: Query,
        labels: Sequence[str],
        sides: Sequence[Scored],
        markers: Sequence[int],
        scoped: bool = True,
    ) -> list[Operand]:
        """Each side's figure as an operand; ``scoped``: with the scope its sentence gives
        it (a comparison shows each side's period), else as written (the terms of a total
        are its parts by design)."""
        from qa.arithmetic import Operand

        en = query.language == "en"
        out = []
        for i, (label, side) in enumerate(zip(labels, sides, strict=True)):
            assert side.figure is not None
            if scoped:
                written = scoped_figure(side.sentence, side.figure)
            else:
                from qa.english import whole_unit

                quote, segmented = side.sentence.quote, side.sentence.chunk.segmented
                written = whole_unit(figure_phrase(quote, side.figure), segmented)
            phrase = written
            if en:  # shown in English; the unit of a result is read from the report's words
                from qa.english import english_lead

                phrase = english_lead(written, side.sentence.chunk.segmented)
            marker = markers[i] if markers else i + 1
            out.append(Operand(label, phrase, side.figure, marker, written))
        return out

    def _translate(self, query: Query, side: Scored) -> Callable[[str], str]:
        if query.language != "en":
            return _same
        from qa.english import english_lead

        segmented = side.sentence.chunk.segmented
        return lambda text: english_lead(text, segmented)

    def computed(
        self, query: Query, operation: str, sides: Sequence[tuple[str, Query, Sequence[Hit]]]
    ) -> Draft:
        """An answer computed from one cited figure per side of the question
        (``qa.sides``): the sides' comparison ("compare") or their total ("sum"), with the
        arithmetic and each operand's citation, then the quotes. Asserted only when every
        side alone would be (a wrong operand makes a wrong figure), the sides settle on
        different figures and the units agree; as sure as the least sure side."""
        each, overall, _sides = self._choose_each(
            [(side, self.rank_sentences(side, hits)) for _label, side, hits in sides]
        )
        best = [b for b, _asserted in each if b is not None]
        sure = all(asserted for _b, asserted in each)

        def key(s: Scored) -> tuple[str, int]:
            return (s.sentence.chunk.chunk_id, s.sentence.index)

        figures = {(key(b), b.figure.start) for b in best if b.figure is not None}
        if not sure or len(best) < len(sides) or len(figures) < len(sides):
            shown = list({key(b): b for b in best}.values())
            return self.abstain(query, closest=shown, confidence=overall)
        from qa.arithmetic import differs, sum_line

        first = list({key(b): b.sentence for b in best})
        sentences = [next(b.sentence for b in best if key(b) == k) for k in first]
        marker = {k: i for i, k in enumerate(first, start=1)}
        labels = [label for label, _side, _hits in sides]
        markers = [marker[key(b)] for b in best]
        operands = self._operands(query, labels, best, markers, scoped=operation != "sum")
        if differs(operands):
            # Operands in different units are not one measure: one side found another figure.
            return self.abstain(query, closest=best, confidence=overall)
        en = query.language == "en"
        translate = self._translate(query, best[0])
        if operation == "sum":
            lead = sum_line(operands, en, translate)
        else:
            lead = self.comparison_lead(query, labels, best, same_question=False, markers=markers)
        return _cited(lead, sentences, en, overall)

    def abstain(
        self,
        query: Query,
        text: str = "",
        closest: Sequence[Scored] = (),
        confidence: float | None = None,
        offer_lead: bool = True,
    ) -> Draft:
        """No answer. With a confidence (a fitted model weighed candidates and none was sure
        enough) it says no reliable answer was found and how sure it was in plain words, and
        shows the closest sentences, the best one's figure, date or name first, as leads to
        check, not asserted (``offer_lead`` False: the sentences only, when that figure is
        known not to answer, e.g. people for an amount of money); without one, that the
        reports do not say."""
        from qa.scorer import confidence_band

        en = query.language == "en"
        # Unsure (not a refusal, whose own words say why): say why too.
        if not text and confidence is not None and self.scorer is not None:
            words = CONFIDENCE_WORDS["en" if en else "vi"][confidence_band(confidence)]
            text = (UNSURE_EN if en else UNSURE_VI).format(words=words)
            text += "".join(f"\n{line}" for line in self.unsure_because(query, closest))
        text = text or (ABSTAIN_EN if en else ABSTAIN_VI)
        if self.scorer is None:
            return Draft(text, (), True, confidence)
        hint = CLOSEST_EN if en else CLOSEST_VI
        lead = self.candidate_lead(query, closest[0]) if closest and offer_lead else ""
        for i, c in enumerate(closest):
            s = c.sentence
            shown = (CLOSEST_LEAD_EN if en else CLOSEST_LEAD_VI).format(lead=lead) if lead else ""
            text += "\n" + hint.format(
                lead=shown if i == 0 else "", quote=s.quote, report=s.chunk.source, line=s.line
            )
        cited = tuple(_cite(i, c.sentence) for i, c in enumerate(closest, start=1))
        return Draft(text, (), True, confidence, cited, lead)

    def unsure_because(self, query: Query, closest: Sequence[Scored]) -> list[str]:
        """Why no answer was sure enough, in the words an official can act on: the
        question's words the closest passages never mention (none of them: a two-part
        question shows one per part; rarest first; for an English question its English
        words with their Vietnamese glosses) and, for an English question, its words
        nothing reads (:func:`qa.query.unread_words`)."""
        en = query.language == "en"
        lines = []
        terms = self.unheld_terms(query, [c.sentence for c in closest])
        if terms:
            english = gloss_sources(query) if en else {}
            caps = written_acronyms(query.text)  # "AI", not "ai" (who)
            said = [(english.get(t.replace(" ", "_")), caps.get(t, t)) for t in terms]
            shown = ", ".join(f"“{e}” (“{v}”)" if e else f"“{v}”" for e, v in said)
            many = len({c.sentence.chunk.chunk_id for c in closest}) > 1
            said_en, said_vi = (UNHELD_MANY_EN, UNHELD_MANY_VI) if many else (UNHELD_EN, UNHELD_VI)
            lines.append((said_en if en else said_vi).format(terms=shown))
        if en and query.unread:
            lines.append(UNREAD_EN.format(words=", ".join(query.unread)))
        return lines

    def candidate_lead(self, query: Query, best: Scored) -> str:
        """What an answer from this candidate would lead with: its figure with its scope, or
        the date asked (English for an English question); "" for a sentence answer."""
        sentence = best.sentence
        if best.figure is not None:
            return scoped_figure(sentence, best.figure, query.language == "en")
        if leads_with_name(query):
            name = best_name_lead(query, best)
            if name and query.language == "en":
                from qa.english import with_english_name

                return with_english_name(name)
            return name
        if query.kind != "date":
            return ""
        lead = best_date_lead(query, best)
        if lead and query.language == "en":
            from qa.english import english_lead

            return english_lead(lead, sentence.chunk.segmented)
        return lead


def _cause_of(query: Query, best: Scored) -> Sentence | None:
    """For a why question, the sentence before a best sentence that opens with a consequence
    connective and gives no reason itself (``qa.items.cause_before``); None otherwise."""
    if query.kind != "explanation" or not asks_reason(query.folded):
        return None
    return cause_before(best.sentence)


def _same(text: str) -> str:
    return text


def _cite(marker: int, sentence: Sentence) -> Citation:
    chunk = sentence.chunk
    return Citation(
        marker,
        chunk.chunk_id,
        chunk.source,
        chunk.province,
        chunk.breadcrumb,
        (sentence.line, sentence.line),
        sentence.original or sentence.quote,  # the file's own text, emphasis and all
    )
