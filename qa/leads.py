"""What an answer leads with before its quote: the figure with its scope, the date, the name,
or an English frame for a Vietnamese quote.

The answerer (``qa.answer``) composes answers and comparisons from these; the learned
scorer's candidates (``qa.candidates``) and a refusal rule (``qa.refusals``) read the same
leads, so what is scored, refused and shown is one reading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from hoidap.text import NumberMention, cached_dates
from qa.bounds import bounded
from qa.date_leads import covered_years, date_phrase
from qa.entities import answering_body, asked_name, asks_body, sentence_owner
from qa.figures import figure_phrase, range_phrase
from qa.items import asks_reason, without_connective
from qa.name_spans import named_text
from qa.prepared import qualifiers
from qa.query import Query
from qa.roles import plans, target_label
from qa.scored import Scored
from qa.sentences import Sentence, split_sentences


def leads_with_name(query: Query) -> bool:
    """Whether an answer to ``query`` leads with a name when its sentence writes the one asked:
    a name question, and a question read as asking for an explanation that asks no reason
    ("được đặt tại đâu", "qua hệ thống phần mềm nào", "what means of transport" ask for a
    thing, whose name is what the official reads first; "vì sao …" is answered by its
    reason clause)."""
    return query.kind == "entity" or (query.kind == "explanation" and not asks_reason(query.folded))


def name_lead(query: Query, sentence: Sentence, owner: str | None = None) -> str:
    """What a name answer from ``sentence`` leads with: the body its task's heading names
    (a plan's "1. Công an tỉnh"), else the one name of the asked kind it writes ("Công ty May
    Baian Vina", "Nghị quyết số 214/NQ-CP ngày 23/7/2025": ``qa.entities.asked_name``), as
    the report writes it in an English answer too; "" for none (the quote then answers).
    ``owner`` is ``sentence_owner(sentence)`` when the caller has it."""
    if owner is None:
        owner = sentence_owner(sentence)
    path = sentence.chunk.section_path
    # A body the question names in English ("Hanoi's Department of Science and Technology")
    # is named by it in the reports' words too: it asks for another one.
    said = named_text(query)
    name = answering_body(said, sentence.quote, path, owner) if asks_body(query.text) else ""
    return name or asked_name(query.folded, query.text, sentence.quote, path, owner)


def best_name_lead(query: Query, best: Scored) -> str:
    """The name an answer from ``best`` leads with: the one the scorer chose among the
    sentence's names, else the one :func:`name_lead` reads."""
    if best.name_lead is not None:
        return best.name_lead
    return name_lead(query, best.sentence)


def best_date_lead(query: Query, best: Scored) -> str:
    """The date an answer from ``best`` leads with: the one the scorer chose among the
    sentence's dates, else the one :func:`date_phrase` reads for the question."""
    if best.date_lead:
        return best.date_lead
    issued = best.sentence.chunk.report_issued
    return date_phrase(query, best.sentence.quote, issued.year if issued else None)


# How a qualifier's kind is named when two sides differ in it ("mũi 1 / mũi 2").
_QUALIFIER_WORDS = {
    "dose": ("mũi", "dose"),
    "age": ("tuổi", "age"),
    "phase": ("giai đoạn", "phase"),
}


def side_differences(sides: Sequence[Scored], english: bool = False) -> tuple[str, str]:
    """Whether the sentences of the sides of one question (a comparison of places) give
    another measure or another period: a qualifier of the same kind with no value in
    common ("mũi 1" / "mũi 2"), or years that do not overlap; ("", "") when they agree."""
    said = [qualifiers(s.sentence) for s in sides]
    kinds = set.intersection(*({k for k, _v in q} for q in said)) if said else set()
    for kind in sorted(kinds):
        values = [{v for k, v in q if k == kind} for q in said]
        if not set.intersection(*values):
            vi, en = _QUALIFIER_WORDS.get(kind, (kind, kind))
            word = en if english else vi
            return "measure", " / ".join(f"{word} {', '.join(sorted(v))}" for v in values)
    years = []
    for s in sides:
        quote = s.sentence.quote
        issued = s.sentence.chunk.report_issued
        years.append(covered_years(quote, cached_dates(quote, issued.year if issued else None)))
    if all(years) and not set.intersection(*years):
        shown = [", ".join(str(y) for y in sorted(ys)) for ys in years]
        return "period", " / ".join(shown)
    return "", ""


def scoped_figure(sentence: Sentence, figure: NumberMention | None, english: bool = False) -> str:
    """The figure as written with the scope its sentence (or the list lead-in it follows)
    gives it: "153.810 người (từ 5 đến dưới 12 tuổi, mũi 1)"."""
    from qa.breakdown import PART_OF_TOTAL_BEFORE, part_of_total_before
    from qa.english import whole_unit
    from qa.scope import figure_scope

    quote = sentence.quote
    # The unit as the whole word the report writes ("10 sản phẩm", not "10 sản"): the
    # figure's unit is one syllable, read in the passage's word segmentation.
    # A range is led whole ("50 - 100 hộ gia đình"), never by one of its ends.
    whole_range = range_phrase(quote, figure)
    phrase = whole_unit(whole_range or figure_phrase(quote, figure), sentence.chunk.segmented)
    if not phrase or figure is None:
        return phrase
    if not whole_range:
        # A floor, a ceiling or an estimate is led as one: "ít nhất 10%", not "10%".
        phrase = bounded(quote, figure, phrase)
    siblings = split_sentences(sentence.chunk)
    previous = siblings[sentence.index - 1].quote if 0 < sentence.index <= len(siblings) else ""
    lead_in = previous if previous.rstrip().endswith(":") else ""
    scope = figure_scope(quote, figure, False, lead_in)
    if part_of_total_before(sentence, figure):
        # An item under "Nguồn xã hội hóa: 5.661.358.000 đồng, trong đó:" says it is a part,
        # before the period it shares with its total.
        dated = [
            i for i, p in enumerate(scope) if p.startswith(("từ ", "đến ")) and p[-1:].isdigit()
        ]
        scope.insert(dated[0] if dated else len(scope), PART_OF_TOTAL_BEFORE)
    # An aim is said to be one ("mục tiêu"), never led as if achieved.
    label = target_label(quote, figure.start, figure.end, plans(sentence.chunk.report_title))
    scope = [label, *scope] if label else scope
    out = f"{phrase} ({', '.join(scope)})" if scope else phrase
    if english:  # the scope read in Vietnamese, then the whole phrase put in English
        from qa.english import english_lead

        return english_lead(out, sentence.chunk.segmented)
    return out


# Letters only Vietnamese writes: a text still holding one was not wholly translated.
_VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]")


def _glossed(text: str, segmented: str) -> str:
    """``text`` in English through the glossary when the glossary reads all of it; "" when
    any Vietnamese word is left (a half-translated phrase misleads more than the quote)."""
    from qa.english import english_lead

    english = english_lead(text, segmented)
    return "" if _VIETNAMESE.search(english.lower()) or english == text else english


def english_frame(query: Query, chosen: Sequence[Scored], reason: str) -> str:
    """The English lead of a list or explanation answer, whose content is Vietnamese text:
    the items or the reason in English where the glossary reads them whole; a reason the
    glossary cannot read is quoted in an English frame ("reason given: “do …”"); items it
    cannot read give no lead (the quote follows), since a lead that names no item would be
    read as the answer."""
    segmented = chosen[0].sentence.chunk.segmented
    if reason:
        english = _glossed(without_connective(reason), segmented)
        return f"because of {english}" if english else f"reason given: “{reason}”"
    if query.kind != "list" or len(chosen) < 2:
        return ""
    items = [_glossed(c.sentence.quote.rstrip(" ;.:"), segmented) for c in chosen]
    return "; ".join(items) if all(items) else ""
