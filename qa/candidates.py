"""Candidate answers and their features: what the learned scorer chooses among.

A candidate is one sentence of a retrieved passage with, for a figure question, one of
its figures (a sentence "đã tiêm 199.127 mũi 1 và 35.833 mũi 2" gives two candidates).
Each candidate is described by the cues the answerer reads (term coverage, unit and
qualifier agreement or conflict, date fit and role, national scope, heading, retrieval
rank and scores), by the hand-set score those cues used to be summed into (``prior``),
and by its standing among the question's other candidates. The features are the same
at fitting time (eval/fit.py) and at answer time, so the model sees what it was fit on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from hoidap.text import NumberMention, cached_dates
from qa.date_leads import date_phrases, document_date, unstated
from qa.dates import asked_grain, grain_fit
from qa.entities import (
    ENTITY_FEATURES,
    entity_features,
    sentence_owner,
)
from qa.figures import figure_phrase, stated_figures
from qa.items import asks_reason, head_share, list_items, reason_clause
from qa.leads import leads_with_name, name_lead
from qa.local_terms import local_coverage
from qa.name_spans import (
    NAMED,
    SPAN_FEATURES,
    SPAN_QUESTION_FEATURES,
    compounds_of,
    query_span_reader,
    scoring_kind,
    span_leads,
)
from qa.name_spans import (
    Span as NameSpan,
)
from qa.own_words import own_extra, own_share
from qa.query import Query
from qa.quoted import introduced
from qa.rates import asked_period, rate_features
from qa.refusals import refused_as_best
from qa.roles import ROLE_FEATURES, plans, role_features
from qa.scope import counting
from qa.scored import Scored
from qa.sentences import Sentence

# Sentences kept per question (best hand-set score first); figures per sentence are
# qa.ranking.MAX_FIGURES, dates qa.date_leads.MAX_DATES. A plan's list of targets ("Chỉ tiêu
# 1: …", "Chỉ tiêu 2: …") gives many sentences alike: the right one was 13th-38th by the
# hand-set score for one lost question in eight on the 2025 documents (eval/README.md).
MAX_SENTENCES = 24

KINDS = ("number", "date", "entity", "list", "explanation", "comparison")

# The feature order of the model file (the scorer maps by name, so adding one is safe).
FEATURES: tuple[str, ...] = (
    "prior",
    "prior_gap",
    "prior_rank_inv",
    "coverage",
    "unit_missing",
    "event_date",
    "doc_date_only",
    "role_match",
    "role_conflict",
    "qualifier_agree",
    "qualifier_conflict",
    "qualifier_near",
    "specific_missing",
    "date_fit",
    "national",
    "entity_match",
    "entity_mismatch",
    "entity_heading",
    "heading",
    "has_date",
    "hit_rank_inv",
    "hit_score_rel",
    "dense",
    "bm25_rel",
    "sentence_first",
    "lead_in",
    "log_length",
    "has_figure",
    "unit_ok",
    "described",
    "figure_score",
    "figure_gap",
    "figure_rank_inv",
    "percent_mismatch",
    "has_lead",
    *(f"kind_{k}" for k in KINDS),
    "english",
    "unglossed",
    "introduces",
    *ROLE_FEATURES,
    "date_rank_inv",
    "date_document",
    "date_grain_match",
    "date_grain_conflict",
    "rate_match",
    "rate_conflict",
    # An assertion guard of qa.refusals would refuse the candidate were it the best one
    # (``qa.refusals.refused_as_best``; number and date candidates).
    "refused",
    # The share of the question's terms in the candidate's own clause and the sentence's
    # lead (``qa.own_words``): which figure or date of a sentence, which item of a list.
    "own_share",
    # The share of the candidate's own clause's words the question does not say
    # (``qa.own_words.own_extra``): a sibling item, another target named beyond the question.
    "own_extra",
    "list_items",
    "reason",
    "list_head",
    *ENTITY_FEATURES,
    # A name answer's candidates, one per name its sentence writes (``qa.name_spans``): the
    # kind asked, where the name stands, whether the rules pick it.
    *SPAN_FEATURES,
    # The term coverage without the words of the document's title (``qa.ranking.SentenceRanker.
    # coverages``): what the sentence says beyond naming its document.
    "topic_coverage",
    "local_coverage",
)
# The cues only list and explanation questions have (0 for every other kind): the sentence
# is one item of an enumeration (``qa.items.list_items``), it gives the reason or purpose
# asked (``qa.items.reason_clause``). Only the list family's candidate model reads them;
# ``reason`` is there for explanations, which are not scored apart yet. ``list_head``: the
# share of the kind of thing a list question asks for ("những hình thức đào tạo nào") that
# the sentence's enumeration names in itself, its lead-in or its heading
# (``qa.items.head_share``): the list of that kind, not its neighbour.
TEXT_FEATURES = ("list_items", "reason", "list_head")


class Family(NamedTuple):
    """Questions scored apart: a candidate model, question model and calibration of their
    own (``eval.fit.fit_scorer``), reading the model's own features and the family's cues."""

    name: str
    # The kinds of question in it (``qa.name_spans.scoring_kind``: qa.query's kinds, and
    # ``named`` for an explanation that asks a named thing).
    kinds: tuple[str, ...]
    cues: tuple[str, ...]  # the features only this family's candidate model reads
    # What its question model reads of the best candidate beyond ``qa.scorer.QUESTION_
    # FEATURES`` (its own cues).
    question_cues: tuple[str, ...] = ()


# Lists, and names (the entity cues, ``qa.entities.entity_features``: the sentence names a
# body or document the question does not, and the body in the asked role is such a one; the
# span cues of each name a sentence writes, ``qa.name_spans``). Explanations that ask a named
# thing are scored as names: their candidates are the names their sentences write.
FAMILIES = (
    Family("list", ("list",), TEXT_FEATURES),
    Family(
        "entity",
        ("entity", NAMED),
        (*ENTITY_FEATURES, *SPAN_FEATURES),
        SPAN_QUESTION_FEATURES,
    ),
)
# Every cue that only a family reads: the model's own candidate model never does.
FAMILY_FEATURES = tuple(dict.fromkeys(cue for family in FAMILIES for cue in family.cues))


@dataclass(frozen=True)
class Candidate:
    """One possible answer: a sentence, the figure it would lead with, and its features."""

    scored: Scored
    figure: NumberMention | None
    # What the answer would say first ("859.463 người", "ngày 19/7/2021"); "" for none.
    lead: str
    features: dict[str, float]


# One candidate of a sentence before the sentence's rank is known: the figure it would lead
# with, its lead and the features of its own (its figure's, date's or role's).
Own = tuple[NumberMention | None, str, dict[str, float]]
# What a sentence gives whatever its rank: the features of the sentence alone (first in its
# passage, a lead-in, its length, ...) and its candidates.
Parts = tuple[dict[str, float], tuple[Own, ...]]


class SentenceParts:
    """The candidates of one question's sentences as far as they do not depend on where the
    sentence ranks (its hit's rank and scores, its hand-set score among the others'), each
    worked out once: :func:`candidates` adds the rest. The pipeline fills it for the
    sentences it expects to rank first while the question is still being embedded
    (``Answerer.prescore``), so that little is left once the dense list is in; a sentence
    asked for again with other figures (another reading of the question) is worked out
    anew, so what it holds never changes a candidate."""

    def __init__(self, query: Query) -> None:
        self.query = query
        # Whether an answer leads with the name its sentence writes (qa.leads.leads_with_name).
        self.names = leads_with_name(query)
        # The grain a date question asks for ("" for other kinds): read once, not per sentence.
        self.grain = asked_grain(query.folded) if query.kind == "date" else ""
        # The period a figure question asks per ("mỗi năm"), for qa.rates.
        self.period = asked_period(query.folded) if query.kind in {"number", "comparison"} else ""
        # An explanation that asks why or what for: whether each sentence gives that clause.
        self.why = query.kind == "explanation" and asks_reason(query.folded)
        # What a name question asks of a name span, and each passage's two-syllable words.
        # A question read as asking an explanation gets name spans only when it says the
        # kind of thing asked ("tích hợp vào đâu", "trung tâm gì"; not "như thế nào"): it is
        # then scored in the name family (``qa.name_spans.scoring_kind``).
        asks = query.kind == "entity" or scoring_kind(query) == NAMED
        self.spans = query_span_reader(query) if asks else None
        self._compounds: dict[str, frozenset[str]] = {}
        self._known: dict[tuple[str, int], tuple[object, Parts]] = {}
        # The heads of the scorer's rows, by the scorer's names (qa/candidate_rows.py).
        self.rows: dict[tuple[str, ...], object] = {}

    def __contains__(self, key: tuple[str, int]) -> bool:
        return key in self._known

    def of(
        self, sentence: Sentence, figures: tuple[tuple[float, NumberMention, bool, float], ...]
    ) -> Parts:
        """The parts of ``sentence`` with its ranked ``figures`` (``Scored.figures``)."""
        key = (sentence.chunk.chunk_id, sentence.index)
        known = self._known.get(key)
        if known is not None and known[0] is figures:
            return known[1]
        parts = self._work_out(sentence, figures)
        self._known[key] = (figures, parts)
        return parts

    def _work_out(
        self, sentence: Sentence, figures: tuple[tuple[float, NumberMention, bool, float], ...]
    ) -> Parts:
        query = self.query
        quote = sentence.quote
        common: dict[str, float] = {
            "sentence_first": float(sentence.index == 0),
            "lead_in": float(quote.rstrip().endswith(":")),
            "log_length": math.log(1 + len(quote)) / 6.0,
            "english": float(query.language == "en"),
            # The share of an English question's topic words the glossary cannot read: an
            # answer is found through the other words and the dense vectors alone.
            "unglossed": 1.0 - query.gloss_share if query.language == "en" else 0.0,
            "introduces": float(bool(introduced(query, sentence))),
        }
        path = " > ".join(sentence.chunk.section_path)
        # A report's "kinh phí thực hiện" was spent; a plan's is set aside (qa.roles).
        planned = plans(sentence.chunk.report_title)
        if query.kind in {"number", "comparison"} and figures:
            best_figure = figures[0][0]
            # A figure the question states ("… có khả năng tiếp nhận 3.446 F0") describes the
            # one asked beside it: it does not end that figure's own clause, as another does.
            stated = stated_figures(query)
            counted = tuple(n for n in counting(quote) if n.value not in stated)
            out: list[Own] = []
            for f_rank, (f_score, m, agrees, described) in enumerate(figures, start=1):
                lead = figure_phrase(quote, m)
                own = {
                    **role_features(query.text, quote, path, m.start, m.end, planned),
                    "has_figure": 1.0,
                    "unit_ok": float(agrees),
                    "described": described,
                    "figure_score": f_score,
                    "figure_gap": f_score - best_figure,
                    "figure_rank_inv": 1.0 / f_rank,
                    "percent_mismatch": float(m.is_percent != query.wants_percent),
                    "has_lead": float(bool(lead)),
                    **rate_features(self.period, quote, m.start, m.end),
                    "refused": float(refused_as_best(query, sentence, m)),
                    "own_share": own_share(query, quote, m, counted, sentence.before),
                    "own_extra": own_extra(query, quote, m, counted),
                }
                out.append((m, lead, own))
            return common, tuple(out)
        if query.kind == "date":
            issued = sentence.chunk.report_issued
            dates = date_phrases(query, quote, issued.year if issued else None)
            # One candidate per date the sentence gives (as for figures), best first.
            if dates:
                written = unstated(query, cached_dates(quote))
                return common, tuple(
                    (
                        None,
                        lead,
                        {
                            **role_features(query.text, quote, path, d.start, None, planned),
                            "has_lead": 1.0,
                            "date_rank_inv": 1.0 / d_rank,
                            "date_document": float(document_date(quote, d)),
                            # A year does not say by which day; a day is not a period
                            # (qa.dates).
                            "date_grain_match": max(0.0, grain_fit(self.grain, d)),
                            "date_grain_conflict": max(0.0, -grain_fit(self.grain, d)),
                            "refused": float(refused_as_best(query, sentence, None, lead)),
                            "own_share": own_share(query, quote, d, written, sentence.before),
                            "own_extra": own_extra(query, quote, d, written),
                        },
                    )
                    for d_rank, (lead, d) in enumerate(dates, start=1)
                )
        # The body the lines around a task name (its items' opening paragraph, a labelled
        # "Đơn vị chủ trì:" line), read only when the answer may lead with a name.
        owner = sentence_owner(sentence) if self.names else ""
        # A name answer leads with the name it would state: the rules' pick
        # (qa.leads.name_lead: the heading's body, else the one name of the asked kind the
        # sentence writes) and each other name the sentence writes (qa.name_spans), one
        # candidate each; without any the answer is a quote, which states no name first, and
        # the scorer is told so.
        rule = name_lead(query, sentence, owner) if self.names else ""
        own = role_features(query.text, quote, path, None, None, planned)
        if query.kind == "list":
            own["list_items"] = float(bool(list_items(sentence)))
            own["list_head"] = head_share(query.folded, sentence)
        elif self.why:
            own["reason"] = float(bool(reason_clause(quote, query.folded)))
        elif query.kind == "entity":
            own.update(entity_features(query.folded, quote, sentence.chunk.section_path, owner))
        first = (None, rule, {**own, "has_lead": float(bool(rule))})
        if self.spans is None:
            return common, (first,)
        chunk = sentence.chunk
        compounds: frozenset[str] | None = self._compounds.get(chunk.chunk_id)
        if compounds is None:
            compounds = self._compounds[chunk.chunk_id] = compounds_of(chunk.segmented)
        # A passage without its segmenter's words (a test's or an old index's) is read by
        # grammar alone (``qa.name_spans.name_spans``).
        compounds = compounds or None
        # The names the sentence writes, the rules' pick first (qa.name_spans).
        leads = span_leads(self.spans, quote, compounds, rule)
        if not leads:
            return common, (first,)
        # A name the question itself says ("… làm Trưởng Ban Chỉ đạo") describes the one
        # asked beside it: it does not end that name's own clause, as another name does.
        reader = self.spans
        placed = [
            span for _, span, _ in leads if span is not None and reader.in_question(span.text) < 1.0
        ]

        def cues(span: NameSpan | None, feats: dict[str, float]) -> dict[str, float]:
            share = own_share(query, quote, span, placed) if span is not None else 0.0
            return {**feats, "span_own_share": share}

        # The sentence's own candidate as before name spans (the rules' pick with its span
        # cues, else the bare quote), then one candidate per other name it writes, which only
        # the name family reads (``span_extra``): the model's own candidate model is fitted
        # on the sentence's own candidates alone, so figures and dates keep it.
        if rule:
            _, span, feats = leads[0]
            first = (None, rule, {**first[2], **cues(span, feats)})
            leads = leads[1:]
        else:
            # A name question's bare quote states no name first: never right by its lead.
            first[2]["span_bare"] = float(query.kind == "entity")
        return common, (
            first,
            *(
                (None, lead, {**own, "has_lead": 1.0, **cues(span, feats), "span_extra": 1.0})
                for lead, span, feats in leads
            ),
        )


# The features that depend on where the sentence ranks, in the order the candidate's merged
# dictionary takes them (``qa.candidate_rows`` writes them into rows in the same order).
RANK_FEATURES = (
    "prior",
    "prior_gap",
    "prior_rank_inv",
    "hit_rank_inv",
    "hit_score_rel",
    "dense",
    "bm25_rel",
    # The sentence's share of the question's terms, each weighed by how few of the kept
    # sentences hold it (qa/local_terms.py): what tells it apart from its neighbours.
    "local_coverage",
)


def rank_values(kept: Sequence[Scored], query: Query) -> list[tuple[float, ...]]:
    """Each kept sentence's :data:`RANK_FEATURES` (``kept`` best first): its prior score and
    gap to the first, its rank, its passage's retrieval rank and scores relative to the best
    kept passage's, and its share of ``query``'s terms weighed against the other kept
    sentences (``qa.local_terms``). One place, as both the candidates and the scorer's rows
    read them."""
    if not kept:
        return []
    top = kept[0].score
    hits = [s.hit for s in kept if s.hit is not None]
    best_hit = max((h.score for h in hits), default=0.0) or 1.0
    best_bm25 = max((h.scores.get("bm25", 0.0) for h in hits), default=0.0) or 1.0
    local = local_coverage(query, [s.sentence for s in kept])
    out: list[tuple[float, ...]] = []
    for rank, (s, own_local) in enumerate(zip(kept, local, strict=True), start=1):
        hit = s.hit
        out.append(
            (
                s.score,
                s.score - top,
                1.0 / rank,
                1.0 / hit.rank if hit is not None else 0.0,
                hit.score / best_hit if hit is not None else 0.0,
                hit.scores.get("dense", 0.0) if hit is not None else 0.0,
                hit.scores.get("bm25", 0.0) / best_bm25 if hit is not None else 0.0,
                own_local,
            )
        )
    return out


def candidates(
    query: Query,
    ranked: Sequence[Scored],
    limit: int = MAX_SENTENCES,
    parts: SentenceParts | None = None,
) -> list[Candidate]:
    """Candidates from the best ``limit`` sentences (``ranked`` is best first). ``parts``
    holds what the question's sentences give whatever their rank, some perhaps worked out
    ahead (:class:`SentenceParts`); one of another question is not read."""
    if not ranked:
        return []
    if parts is None or parts.query is not query:
        parts = SentenceParts(query)
    kept = list(ranked[:limit])
    base_kind = {f"kind_{query.kind}": 1.0} if query.kind in KINDS else {}
    out: list[Candidate] = []
    for s, values in zip(kept, rank_values(kept, query), strict=True):
        alone, own = parts.of(s.sentence, s.figures)
        common: dict[str, float] = {
            **dict(s.cues),
            **base_kind,
            **dict(zip(RANK_FEATURES, values, strict=True)),
            **alone,
        }
        out.extend(Candidate(s, figure, lead, {**common, **feats}) for figure, lead, feats in own)
    return out


def matrix(cands: Sequence[Candidate], names: Sequence[str] = FEATURES) -> list[list[float]]:
    """The candidates' features as rows in ``names`` order (absent cues are 0)."""
    return [[c.features.get(n, 0.0) for n in names] for c in cands]
