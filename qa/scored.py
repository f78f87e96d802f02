"""A sentence scored for a question: the value that passes from scoring to choosing.

Its own module because every stage after retrieval reads it: the sentence scorer
(``qa.ranking``) makes it, the refusal rules (``qa.refusals``) and the learned scorer's
candidates (``qa.candidates``, ``qa.candidate_rows``) read it, and the answerer
(``qa.answer``) chooses among them.
"""

from __future__ import annotations

from dataclasses import dataclass

from hoidap.text import NumberMention
from hoidap.types import Hit
from qa.sentences import Sentence


@dataclass(frozen=True)
class Scored:
    """A sentence of a retrieved hit with its score for a question, the cues the score is
    made of, and what an answer from it would lead with (its figure, date or name)."""

    sentence: Sentence
    score: float
    coverage: float
    figure: NumberMention | None
    has_date: bool
    # The evidence behind ``score``, one named cue each, for the learned scorer
    # (qa/candidates.py turns them into features).
    cues: tuple[tuple[str, float], ...] = ()
    hit: Hit | None = None
    # The sentence's best figures: (score, figure, unit agrees, described), best first.
    figures: tuple[tuple[float, NumberMention, bool, float], ...] = ()
    # The date the learned scorer chose among the sentence's dates ("ngày 17 tháng 3 năm
    # 2021"); "" before choosing, or for a question that is not about a date.
    date_lead: str = ""
    # The chosen figure or date is a plan's target while the question asks what was
    # achieved (``qa.roles``: ``target_for_result``); such a candidate is never asserted.
    target_for_result: bool = False
    # The name the learned scorer chose among the sentence's names (``qa.name_spans``) for
    # an answer that leads with one ("" for none: the quote answers); None before choosing,
    # when ``qa.leads.name_lead``'s rules read the sentence.
    name_lead: str | None = None


def rescored(scored: Scored, **changes: object) -> Scored:
    """``dataclasses.replace(scored, **changes)`` without its walk over the fields and its
    call through keywords (~6 µs less, for each of the ~24 sentences a question's scorer
    ranks): a copy of the fields with ``changes`` over them. :class:`Scored` has no
    ``__post_init__`` to run (tests/unit/test_qa_candidate_rows.py holds both equal)."""
    new = object.__new__(Scored)
    fields = new.__dict__
    fields.update(scored.__dict__)
    fields.update(changes)
    return new


# A sentence's score before its hit's rank is added: score, coverage, lead figure,
# whether it states a date, cues, ranked figures (see ``qa.ranking.SentenceRanker.score``).
Part = tuple[
    float,
    float,
    NumberMention | None,
    bool,
    tuple[tuple[str, float], ...],
    tuple[tuple[float, NumberMention, bool, float], ...],
]
