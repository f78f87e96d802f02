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

from hoidap.text import NumberMention
from qa.answer import Scored, date_phrases, document_date, introduced
from qa.dates import asked_grain, grain_fit
from qa.entities import answering_body, asks_body
from qa.figures import figure_phrase
from qa.items import asks_reason, list_items, reason_clause
from qa.query import Query
from qa.rates import asked_period, rate_features
from qa.roles import ROLE_FEATURES, role_features

# Sentences kept per question (best hand-set score first); figures per sentence are
# qa.answer.MAX_FIGURES, dates qa.answer.MAX_DATES. A plan's list of targets ("Chỉ tiêu
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
    "list_items",
    "reason",
)
# The cues only list and explanation questions have (0 for every other kind): the sentence
# is one item of an enumeration (``qa.items.list_items``), it gives the reason or purpose
# asked (``qa.items.reason_clause``). Only the list family's candidate model reads them
# (eval.fit.FAMILIES); ``reason`` is there for explanations, which are not scored apart yet.
TEXT_FEATURES = ("list_items", "reason")


@dataclass(frozen=True)
class Candidate:
    """One possible answer: a sentence, the figure it would lead with, and its features."""

    scored: Scored
    figure: NumberMention | None
    # What the answer would say first ("859.463 người", "ngày 19/7/2021"); "" for none.
    lead: str
    features: dict[str, float]


def candidates(
    query: Query,
    ranked: Sequence[Scored],
    limit: int = MAX_SENTENCES,
) -> list[Candidate]:
    """Candidates from the best ``limit`` sentences (``ranked`` is best first)."""
    if not ranked:
        return []
    kept = list(ranked[:limit])
    top = kept[0].score
    hits = [s.hit for s in kept if s.hit is not None]
    best_hit = max((h.score for h in hits), default=0.0) or 1.0
    best_bm25 = max((h.scores.get("bm25", 0.0) for h in hits), default=0.0) or 1.0
    base_kind = {f"kind_{query.kind}": 1.0} if query.kind in KINDS else {}
    # "Cơ quan nào chủ trì …?": a plan's task under "5. Công an tỉnh" is answered with the
    # heading's body, as the answer states it (qa.answer.Answerer.compose).
    body = query.kind == "entity" and asks_body(query.text)
    # The grain a date question asks for ("" for other kinds): read once, not per sentence.
    grain = asked_grain(query.folded) if query.kind == "date" else ""
    # The period a figure question asks per ("mỗi năm"), for qa.rates.
    period = asked_period(query.folded) if query.kind in {"number", "comparison"} else ""
    # An explanation that asks why or what for: whether each sentence gives that clause.
    why = query.kind == "explanation" and asks_reason(query.folded)
    out: list[Candidate] = []
    for rank, s in enumerate(kept, start=1):
        hit = s.hit
        quote = s.sentence.quote
        common: dict[str, float] = {
            **dict(s.cues),
            **base_kind,
            "prior": s.score,
            "prior_gap": s.score - top,
            "prior_rank_inv": 1.0 / rank,
            "hit_rank_inv": 1.0 / hit.rank if hit is not None else 0.0,
            "hit_score_rel": hit.score / best_hit if hit is not None else 0.0,
            "dense": hit.scores.get("dense", 0.0) if hit is not None else 0.0,
            "bm25_rel": hit.scores.get("bm25", 0.0) / best_bm25 if hit is not None else 0.0,
            "sentence_first": float(s.sentence.index == 0),
            "lead_in": float(quote.rstrip().endswith(":")),
            "log_length": math.log(1 + len(quote)) / 6.0,
            "english": float(query.language == "en"),
            # The share of an English question's topic words the glossary cannot read: an
            # answer is found through the other words and the dense vectors alone.
            "unglossed": 1.0 - query.gloss_share if query.language == "en" else 0.0,
            "introduces": float(bool(introduced(query, s.sentence))),
        }
        path = " > ".join(s.sentence.chunk.section_path)
        if query.kind in {"number", "comparison"} and s.figures:
            best_figure = s.figures[0][0]
            for f_rank, (f_score, m, agrees, described) in enumerate(s.figures, start=1):
                lead = figure_phrase(quote, m)
                feats = {
                    **common,
                    **role_features(query.text, quote, path, m.start, m.end),
                    "has_figure": 1.0,
                    "unit_ok": float(agrees),
                    "described": described,
                    "figure_score": f_score,
                    "figure_gap": f_score - best_figure,
                    "figure_rank_inv": 1.0 / f_rank,
                    "percent_mismatch": float(m.is_percent != query.wants_percent),
                    "has_lead": float(bool(lead)),
                    **rate_features(period, quote, m.start, m.end),
                }
                out.append(Candidate(s, m, lead, feats))
            continue
        if query.kind == "date":
            issued = s.sentence.chunk.report_issued
            dates = date_phrases(query, quote, issued.year if issued else None)
            # One candidate per date the sentence gives (as for figures), best first.
            for d_rank, (lead, d) in enumerate(dates, start=1):
                feats = {
                    **common,
                    **role_features(query.text, quote, path, d.start),
                    "has_lead": 1.0,
                    "date_rank_inv": 1.0 / d_rank,
                    "date_document": float(document_date(quote, d)),
                    # A year does not say by which day; a day is not a period (qa.dates).
                    "date_grain_match": max(0.0, grain_fit(grain, d)),
                    "date_grain_conflict": max(0.0, -grain_fit(grain, d)),
                }
                out.append(Candidate(s, None, lead, feats))
            if dates:
                continue
        lead = answering_body(query.folded, quote, s.sentence.chunk.section_path) if body else ""
        roles = role_features(query.text, quote, path, None)
        feats = {**common, **roles, "has_lead": float(bool(lead))}
        if query.kind == "list":
            feats["list_items"] = float(bool(list_items(s.sentence)))
        elif why:
            feats["reason"] = float(bool(reason_clause(quote, query.folded)))
        out.append(Candidate(s, None, lead, feats))
    return out


def matrix(cands: Sequence[Candidate], names: Sequence[str] = FEATURES) -> list[list[float]]:
    """The candidates' features as rows in ``names`` order (absent cues are 0)."""
    return [[c.features.get(n, 0.0) for n in names] for c in cands]
