"""What officials ask of an answer, as numbers: is the figure right, is it cited right,
does the system keep quiet when the reports are silent, and did retrieval find the text.

Every comparison goes through :mod:`hoidap.text`, so "859.463", "859,463" and the gold
alias "859463" are one figure, "74,8%" is the alias "74.8%", and "ngày 16/11/2021" is
"2021-11-16". Functions here are pure: they take gold questions, evidence spans and
hoidap values (``Answer``, ``Hit``, ``Citation``) and return verdicts, so each one can be
unit-tested on hand-built objects without a model.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher

from hoidap.text import (
    DASH,
    NumberMention,
    dates_in,
    find_numbers,
    fold,
    nfc,
    parse_number_token,
    strip_markdown,
)
from hoidap.types import Answer, Chunk, Citation, Hit

Scores = dict[str, float | int | None]
"""Metric name -> value; None where the metric does not apply to a question."""

# ------------------------------------------------------------------------- evidence


@dataclass(frozen=True)
class EvidenceSpan:
    """Where one gold evidence string sits in a report: char offsets into the NFC text
    (the same coordinates as ``Chunk.char_start``) and 1-based inclusive lines."""

    report: str
    char_start: int
    char_end: int
    line_start: int
    line_end: int
    text: str


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """Half-open ranges [a_start, a_end) and [b_start, b_end) share at least one position."""
    return a_start < b_end and b_start < a_end


# ------------------------------------------------------------------------ retrieval


def chunk_matches(chunk: Chunk, spans: Iterable[EvidenceSpan]) -> bool:
    """A retrieved chunk counts when it comes from the evidence's report and its char span
    overlaps the evidence: the right report alone is not enough (reports are long), and
    the right words in another report are a different source."""
    start, end = chunk.char_start, chunk.char_end
    return any(
        chunk.source == s.report and _overlaps(start, end, s.char_start, s.char_end) for s in spans
    )


def first_relevant_rank(hits: Sequence[Hit], spans: Sequence[EvidenceSpan]) -> int | None:
    """1-based position of the first hit that holds evidence, in the order given."""
    for position, hit in enumerate(hits, start=1):
        if chunk_matches(hit.chunk, spans):
            return position
    return None


def hit_at(rank: int | None, k: int) -> float:
    """1.0 when the first relevant hit is within the top ``k``."""
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None, k: int = 10) -> float:
    """1/rank of the first relevant hit, 0 past ``k`` (MRR@k averages this)."""
    return 1.0 / rank if rank is not None and rank <= k else 0.0


def recall_at_k(ranked: Sequence[str], relevant: set[str], k: int) -> float:
    """Share of the relevant documents found in the top ``k`` (IR benchmarks: qrels)."""
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & relevant) / len(relevant)


def mrr_at_k(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    """Reciprocal rank of the first relevant document in the top ``k``."""
    for position, doc in enumerate(ranked[:k], start=1):
        if doc in relevant:
            return 1.0 / position
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: set[str], k: int = 10) -> float:
    """Binary-gain nDCG@k: DCG of the ranking over the DCG of a perfect one."""
    dcg = sum(1.0 / math.log2(i + 2) for i, doc in enumerate(ranked[:k]) if doc in relevant)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(relevant), k)))
    return dcg / ideal if ideal else 0.0


# --------------------------------------------------------------------------- answers

_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_ISO_MONTH = re.compile(r"(\d{4})-(\d{2})")
_PLAIN_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
_WORD = re.compile(r"\w", re.UNICODE)
# Text aliases and answers are compared in one spelling of what reads the same: a day and
# month in words ("ngay 30 thang 11") as "30/11", a span of figures with any dash and
# spacing ("2025 - 2030", "2025–2030") as "2025-2030". Folded text, so no diacritics.
_DAY_MONTH_WORDS = re.compile(r"\b(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?\b")
_FIGURE_SPAN = re.compile(r"(\d)\s*" + DASH + r"\s*(?=\d)")


@dataclass(frozen=True)
class AliasForm:
    """How one gold alias is compared with an answer.

    ``kind`` is "number" (``value``, ``percent``, and ``unit`` when the alias names one,
    as in "22 trường hợp"), "date" (``first`` and ``granularity``: day, month, quarter,
    year) or "text" (``folded``, matched as whole words).
    """

    alias: str
    kind: str
    value: float = 0.0
    percent: bool = False
    unit: str = ""
    first: dt.date | None = None
    granularity: str = ""
    folded: str = ""

    @property
    def names_figure(self) -> bool:
        """A figure or date, or text that carries digits ("tử vong 01", "109/162")."""
        return self.kind != "text" or any(ch.isdigit() for ch in self.alias)

    @property
    def key(self) -> tuple[object, ...]:
        """Aliases with one key are one fact written two ways ("48.76%" and "48,76%")."""
        if self.kind == "number":
            return ("number", round(self.value, 6), self.percent)
        if self.kind == "date":
            return ("date", self.granularity, self.first)
        return ("text", self.folded)


# "14 tháng 6 năm 2025": a date in words without its "ngày".
_DATE_WORDS = re.compile(r"\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}", re.IGNORECASE)
# Words that bound a figure ("tối thiểu 70%", "dưới 30%", "at least 2 projects").
_BOUND = re.compile(
    r"(?:tối thiểu|ít nhất|trên|dưới|hơn|khoảng|gần|at least|more than|over|under|about|nearly)\s+",
    re.IGNORECASE,
)


def parse_alias(alias: str) -> AliasForm:
    """Read a gold alias in any of the forms the gold writers use.

    Normalised forms ("859463", "74.8%", "2021-11-16", "2021-11") and report forms
    ("859.463", "74,8%", "16/11/2021", "quý I/2022", "10,3 tỷ") give the same figure or
    date; a figure with words after it ("22 trường hợp") keeps its first word as the unit.

    >>> [parse_alias(a).value for a in ("859463", "859.463", "74,8%", "10,3 tỷ")]
    [859463.0, 859463.0, 74.8, 10300000000.0]
    >>> parse_alias("16/11/2021").first, parse_alias("22 trường hợp").unit
    (datetime.date(2021, 11, 16), 'truong')

    A date written out without its "ngày" is a date, not the figure of its day; a figure
    after a bound ("tối thiểu 70%", "trên 80%", "at least 2") is that figure (the bound
    is the figure's scope, as a lead states it):

    >>> parse_alias("14 tháng 6 năm 2025").first, parse_alias("tối thiểu 70%").value
    (datetime.date(2025, 6, 14), 70.0)
    >>> parse_alias("ít nhất 10 sản phẩm").kind, parse_alias("Trên 50%").percent
    ('number', True)
    """
    text = nfc_strip(alias)
    if _DATE_WORDS.fullmatch(text):
        return replace(parse_alias(f"ngày {text}"), alias=alias)
    bound = _BOUND.match(text)
    if bound:
        figure = parse_alias(text[bound.end() :])
        if figure.kind == "number":
            return replace(figure, alias=alias)
    day = _ISO_DAY.fullmatch(text)
    if day:
        first = dt.date(int(day[1]), int(day[2]), int(day[3]))
        return AliasForm(alias, "date", first=first, granularity="day")
    month = _ISO_MONTH.fullmatch(text)
    if month:
        first = dt.date(int(month[1]), int(month[2]), 1)
        return AliasForm(alias, "date", first=first, granularity="month")
    if _PLAIN_NUMBER.fullmatch(text) or _PLAIN_NUMBER.fullmatch(text.rstrip("% ")):
        # Normalised figures use a decimal point; "2.519" (three digits after the dot)
        # reads as the Vietnamese thousands it almost always is.
        number = text.rstrip("% ")
        grouped = re.fullmatch(r"\d{1,3}(\.\d{3})+", number)
        value = float(number.replace(".", "")) if grouped else float(number)
        return AliasForm(alias, "number", value=value, percent=text.endswith("%"))
    dates = dates_in(text)
    if len(dates) == 1 and dates[0].text.strip() == text:
        d = dates[0]
        return AliasForm(alias, "date", first=d.first, granularity=d.granularity)
    numbers = find_numbers(text)
    # A part of a whole ("109/162") is read as written: its part alone is no answer.
    if len(numbers) == 1 and numbers[0].start == 0 and "/" not in numbers[0].text:
        m = numbers[0]
        rest = text[m.end :].strip()
        if not rest:
            return AliasForm(alias, "number", value=m.value, percent=m.is_percent)
        if not m.is_percent and m.unit and fold(rest).startswith(fold(m.unit)):
            form = AliasForm(
                alias, "number", value=m.value, unit=fold(m.unit), folded=spelled(fold(text))
            )
            return form
    return AliasForm(alias, "text", folded=spelled(fold(strip_markdown(text))))


def nfc_strip(text: str) -> str:
    """NFC and trimmed: aliases are typed by hand."""
    return nfc(text).strip()


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def spelled(folded: str) -> str:
    """One spelling of day-month dates and figure spans in folded text (see ``_FIGURE_SPAN``).

    >>> spelled("han ngay 30 thang 11"), spelled("giai doan 2025 – 2030")
    ('han 30/11', 'giai doan 2025-2030')
    >>> spelled("ngay 2 thang 9 nam 2021")
    '2/9/2021'
    """

    def day_month(m: re.Match[str]) -> str:
        return f"{m[1]}/{m[2]}" + (f"/{m[3]}" if m[3] else "")

    spelled = _FIGURE_SPAN.sub(r"\1-", _DAY_MONTH_WORDS.sub(day_month, folded))
    return _DOCUMENT_CODE.sub(_one_code, spelled)


# A document's code: its number, then its kind and issuer's letters, which documents and
# gold writers separate by "/" or "-" and sometimes a stray space ("27/NQ- TW" is written
# for "27-NQ/TW"); read as one spelling, "27/nq/tw", so a code is compared as a value.
_DOCUMENT_CODE = re.compile(r"\b\d{1,5}[/-][a-z][a-z0-9]*(?:\s?[/-]\s?[a-z][a-z0-9]*)+")


def _one_code(m: re.Match[str]) -> str:
    """ "27-nq/tw", "27/nq- tw" -> "27/nq/tw".

    >>> spelled("nghi quyet so 27/nq- tw ngay"), spelled("27-nq/tw")
    ('nghi quyet so 27/nq/tw ngay', '27/nq/tw')
    >>> spelled("giai doan 2025-2030, 30/11")
    'giai doan 2025-2030, 30/11'
    """
    return re.sub(r"\s?[/-]\s?", "/", m[0])


def contains_words(haystack: str, needle: str) -> bool:
    """``needle`` occurs in ``haystack`` not glued to a letter or digit on either side,
    so the alias "22 ca" is not found in "122 ca" and "Cà Mau" is found in "tỉnh Cà Mau."."""
    if not needle:
        return False
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        left_ok = start == 0 or not (_WORD.match(needle[0]) and _WORD.match(haystack[start - 1]))
        right_ok = end == len(haystack) or not (
            _WORD.match(needle[-1]) and _WORD.match(haystack[end])
        )
        if left_ok and right_ok:
            return True
        start = haystack.find(needle, start + 1)
    return False


def _as_written(m: NumberMention, lang: str) -> float:
    """The figure without its scale word: "856.786 triệu" is written 856786, and a gold
    alias may give it that way (the unit, million đồng, is in the question)."""
    digits = re.match(r"\d[\d.,]*", m.text)
    if not digits:
        return m.value
    try:
        return parse_number_token(digits.group(0).rstrip(".,"), lang)
    except ValueError:
        return m.value


# A figure glued to its unit ("231,74km"), which find_numbers skips so that codes such
# as "F0" or "COVID-19" are not read as figures: here the figure must start the token.
_GLUED = re.compile(
    r"(?<![\w.,/\-])(\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?=[^\W\d_])"
)


def _glued_figures(answer: str, lang: str) -> list[float]:
    """Values of figures written straight against a unit, e.g. 231.74 in "231,74km"."""
    out = []
    for m in _GLUED.finditer(answer):
        try:
            out.append(parse_number_token(m.group(1), lang))
        except ValueError:
            continue
    return out


def _numbers_of(answer: str, lang: str) -> list[NumberMention]:
    mentions = find_numbers(answer, "vi")
    if lang == "en":
        mentions += find_numbers(answer, "en")
    return mentions


def form_found(form: AliasForm, answer: str, lang: str = "vi") -> bool:
    """One parsed alias against the answer text.

    Figures compare as values (a percent alias needs a percent: 74.8 people is not 74.8 %;
    a unit alias needs the same unit word after the figure). Dates compare as days,
    months or quarters; a day the answer writes without its year ("ngày 18/8") takes the
    alias's year, since answers quote reports that leave the year implicit. Text compares
    on fold()ed whole words.
    """
    answer = strip_markdown(nfc(answer))
    folded_answer = fold(answer)
    if form.kind == "number":
        for m in _numbers_of(answer, lang):
            if form.percent and not m.is_percent:
                continue
            if not (_close(m.value, form.value) or _close(_as_written(m, lang), form.value)):
                continue
            if not form.unit or fold(m.unit) == form.unit:
                return True
        if form.folded and contains_words(spelled(folded_answer), form.folded):
            return True
        if not form.percent and not form.unit:
            if any(_close(v, form.value) for v in _glued_figures(answer, lang)):
                return True
            year = form.value
            if year.is_integer() and 1900 <= year <= 2100:
                # find_numbers leaves dates out, so a bare year is looked up as a date.
                return any(
                    d.granularity == "year" and d.first.year == year for d in dates_in(answer)
                )
        return False
    if form.kind == "date":
        assert form.first is not None
        default_year = form.first.year if form.granularity == "day" else None
        return any(
            d.granularity == form.granularity and d.first == form.first
            for d in dates_in(answer, default_year=default_year)
        )
    return contains_words(spelled(folded_answer), form.folded)


def alias_found(alias: str, answer: str, lang: str = "vi") -> bool:
    """One alias against the answer text (see :func:`parse_alias`, :func:`form_found`).

    >>> alias_found("859463", "Đã tiêm cho 859.463 người [1].")
    True
    >>> alias_found("74.8%", "đạt 74,8% dân số"), alias_found("74.8%", "74,8 người")
    (True, False)
    >>> alias_found("Cà Mau", "tinh ca mau"), alias_found("22 ca", "có 122 ca")
    (True, False)
    """
    return form_found(parse_alias(alias), answer, lang)


def answer_correct(aliases: Sequence[str], answer: str, qtype: str, lang: str = "vi") -> bool:
    """Whether the answer text states the gold answer.

    One alias is enough (they are alternatives), except for comparisons: a comparison is
    right only when every figure it compares is stated, i.e. one alias of each distinct
    figure or date ("48.76%" and "48,76%" are one figure). Its text aliases ("nhiều hơn")
    then do not count, since the figures decide it. Without figure aliases, any alias.
    """
    if not aliases:
        return False
    forms = [parse_alias(a) for a in aliases]
    if qtype == "comparison":
        groups: dict[tuple[object, ...], list[AliasForm]] = {}
        for form in forms:
            if form.names_figure:
                groups.setdefault(form.key, []).append(form)
        if groups:
            return all(any(form_found(f, answer, lang) for f in group) for group in groups.values())
    return any(form_found(f, answer, lang) for f in forms)


LEAD_SEPARATOR = " — "


def answer_lead(answer: str) -> str:
    r"""What an official reads first: on each line, the text before the first " — ".

    The extractive answerer writes "859.463 người — <quoted sentence> [1]" (one line per
    province in a comparison). The quote may hold several figures, so an alias found only
    there is presented but not stated as the answer; a line without the separator counts
    whole.

    >>> answer_lead("700 giường — xây dựng 500 giường [1]\nCà Mau: 7.114 trường hợp — x")
    '700 giường\nCà Mau: 7.114 trường hợp'
    """
    return "\n".join(line.split(LEAD_SEPARATOR, 1)[0] for line in answer.splitlines())


# Question types whose answer is one figure, date or name: strict lead accuracy applies.
STRICT_TYPES = ("number", "date", "entity")


def _alias_values(form: AliasForm) -> list[float]:
    """The values a figure alias may mean: "859,463" is 859.463 read as Vietnamese and
    859463 read as English; an alias writer may have meant either."""
    values = [form.value]
    for m in find_numbers(nfc_strip(form.alias), "en"):
        if m.start == 0 and not _close(m.value, form.value):
            values.append(m.value)
    return values


def _first_figure(lead: str, lang: str) -> list[tuple[float, bool]]:
    """The values the first figure of ``lead`` may have (its Vietnamese and, for an
    English answer or an English-looking number, its English reading, each with and
    without its scale word), with whether it is a percentage; empty when there is none."""
    mentions = _numbers_of(lead, lang)
    glued = [(m.start(1), m.group(1)) for m in _GLUED.finditer(lead)]
    if not mentions and not glued:
        return []
    start = min([m.start for m in mentions] + [g[0] for g in glued])
    out: list[tuple[float, bool]] = []
    for m in mentions:
        if m.start == start:
            out += [(m.value, m.is_percent), (_as_written(m, lang), m.is_percent)]
    for at, token in glued:
        if at == start:
            for code in ("vi", "en") if lang == "en" else ("vi",):
                try:
                    out.append((parse_number_token(token, code), False))
                except ValueError:
                    continue
    return out


def _year_form(form: AliasForm, qtype: str) -> AliasForm:
    """A bare year alias ("2030") of a date question is a date with year granularity."""
    if (
        qtype == "date"
        and form.kind == "number"
        and not form.percent
        and form.value.is_integer()
        and 1900 <= form.value <= 2100
    ):
        return AliasForm(
            form.alias, "date", first=dt.date(int(form.value), 1, 1), granularity="year"
        )
    return form


_PARTS = {"year": 1, "quarter": 2, "month": 2, "day": 3}


def _same_date(gold: AliasForm, found: dt.date, granularity: str) -> bool:
    """The answer's date has every part the gold date names, equal: gold "2026-03" is met
    by "tháng 3/2026" and "31/03/2026", not by "năm 2026"; a quarter needs a quarter."""
    assert gold.first is not None
    if gold.granularity == "quarter" or granularity == "quarter":
        return granularity == gold.granularity and found == gold.first
    if _PARTS.get(granularity, 0) < _PARTS.get(gold.granularity, 3):
        return False
    parts = _PARTS.get(gold.granularity, 3)
    want = (gold.first.year, gold.first.month, gold.first.day)[:parts]
    return (found.year, found.month, found.day)[:parts] == want


# A figure question's asks: "bao nhiêu", "mấy" (as written: folded it is "máy" too),
# "how many" / "how much".
_ASK = re.compile(r"\bbao nhieu\b|\bhow (?:many|much)\b")
_MAY = re.compile(r"(?<!\w)mấy(?!\w)")
# Between the parts of a lead that answers several asks ("10 máy; 9.200 mẫu/ngày").
PART_SEPARATOR = ";"


def asked_figures(question: str) -> int:
    """How many figures a question asks for: its asks, at least 1. "bao nhiêu máy … và công
    suất bao nhiêu mẫu" asks two, and its answer's lead gives two, separated by ";".

    Counted here from the question's words, not by the answerer's rule (``qa.parts``), so
    that the metric does not follow the answerer if that rule is wrong.

    >>> asked_figures("Cà Mau có bao nhiêu máy xét nghiệm và công suất bao nhiêu mẫu/ngày?")
    2
    >>> asked_figures("Cà Mau có mấy máy xét nghiệm?")
    1
    """
    text = nfc(question).lower()
    return max(1, len(_ASK.findall(fold(text))) + len(_MAY.findall(text)))


def strict_lead(
    aliases: Sequence[str], answer: str, qtype: str, lang: str = "vi", asked: int = 1
) -> float | None:
    """What an official takes away: the first figure, date or name of the answer's lead
    (the text before the quote, see :func:`answer_lead`) is the gold's first alias.

    A number question that asks ``asked`` figures at once ("bao nhiêu máy … và bao nhiêu
    mẫu", see :func:`asked_figures`) is read part by part: its lead's first ``asked``
    parts (separated by ";") are what the official reads first, and it is right when the
    first figure of one of them is one of the gold's figure aliases. The gold sets give
    such a question's first alias for either part (b021 "9200", the second; ba026
    "11.580 tỷ", the first) and the other part's figure among the later aliases, so a lead
    that states one asked figure and says the other is unsure (``qa.answer``'s partial
    answer: "64 khu phong tỏa", gold b019's aliases "11993", "64 khu") leads with a right
    figure; a question asking one figure is right only on the first alias.

    Figures compare as values (859.463 = 859463 = 859,463; a percentage needs a
    percentage), dates by their day / month / year parts, names as whole folded words of
    the lead; a name answer without a lead (only the quote) states no name first. None for
    question types that are not one figure, date or name.

    >>> strict_lead(["859463"], "859.463 người — Tỉnh đã tiêm cho 859.463 người [1]", "number")
    1.0
    >>> strict_lead(["859463"], "74,8% — đã tiêm cho 859.463 người, 74,8% dân số", "number")
    0.0
    >>> strict_lead(["2025-12-31"], "ngày 31/12/2025 — trước ngày 31/12/2025 [1]", "date")
    1.0
    >>> strict_lead(["9200"], "10 máy; 9.200 mẫu — có 10 máy với 9.200 mẫu [1]", "number", asked=2)
    1.0
    >>> strict_lead(["9200"], "10 máy; 9.200 mẫu — có 10 máy với 9.200 mẫu [1]", "number")
    0.0
    >>> strict_lead(["11993", "64 khu"], "64 khu phong tỏa — còn 64 khu [1]", "number", asked=2)
    1.0
    >>> strict_lead(["11993", "64 khu"], "64 khu phong tỏa — còn 64 khu [1]", "number")
    0.0
    >>> strict_lead(["Sở Y tế"], "Sở Y tế — Giao Sở Y tế chủ trì [1]", "entity")
    1.0
    >>> strict_lead(["Sở Y tế"], "“Giao Sở Y tế chủ trì, phối hợp …” [1]", "entity")
    0.0
    """
    if qtype not in STRICT_TYPES or not aliases:
        return None
    lead = strip_markdown(nfc(answer_lead(answer)))
    form = _year_form(parse_alias(aliases[0]), qtype)
    if form.kind == "number":
        forms = [form]
        if asked > 1:
            forms += [f for f in map(parse_alias, aliases[1:]) if f.kind == "number"]
        return float(
            any(
                (pct or not f.percent) and any(_close(value, w) for w in _alias_values(f))
                for part in _parts(lead, asked)
                for value, pct in _first_figure(part, lang)
                for f in forms
            )
        )
    if form.kind == "date":
        assert form.first is not None
        default_year = form.first.year if form.granularity == "day" else None
        dates = dates_in(lead, default_year=default_year)
        if not dates:
            return 0.0
        first = min(dates, key=lambda d: d.start)
        return float(_same_date(form, first.first, first.granularity))
    if not any(LEAD_SEPARATOR in line for line in answer.splitlines()):
        # A name answer with no lead is a quote: the name is somewhere in it, not what the
        # official reads first (a figure or date is read from the quote's start, above).
        return 0.0
    if contains_words(spelled(fold(lead)), form.folded):
        return 1.0
    # An alias written with figures in it ("10 - 10,5%", "4/100.000") read in an English
    # answer, which writes them the English way ("10 - 10.5%"): compared as values.
    return float(
        lang == "en"
        and contains_words(
            _figures_as_values(spelled(fold(lead)), "en"), _figures_as_values(form.folded, "vi")
        )
    )


_FIGURE_TOKEN = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?")


def _figures_as_values(text: str, lang: str) -> str:
    """``text`` with each written figure replaced by its value ("10,5" → "10.5" in
    Vietnamese, "859,463" → "859463" in English), so two spellings compare."""

    def value(m: re.Match[str]) -> str:
        try:
            v = parse_number_token(m.group(0), lang)
        except ValueError:
            return m.group(0)
        return str(int(v)) if v.is_integer() else repr(v)

    return _FIGURE_TOKEN.sub(value, text)


def _parts(lead: str, asked: int) -> list[str]:
    """The parts of a lead an official reads first for a question asking ``asked`` figures."""
    if asked <= 1:
        return [lead]
    return lead.split(PART_SEPARATOR)[:asked]


def alias_recall(aliases: Sequence[str], answer: str, lang: str = "vi") -> float:
    """Share of the distinct facts among the aliases that the answer states: partial
    credit for list questions, where each alias is one item."""
    groups: dict[tuple[object, ...], list[AliasForm]] = {}
    for alias in aliases:
        form = parse_alias(alias)
        groups.setdefault(form.key, []).append(form)
    if not groups:
        return 0.0
    found = sum(any(form_found(f, answer, lang) for f in g) for g in groups.values())
    return found / len(groups)


# ------------------------------------------------------------------------- citations


MIN_SHARED = 12
MAX_SHARED = 60


def _shared_needed(shorter: int) -> int:
    """How long a shared run of folded text must be to call two passages the same.

    Both are verbatim report text, so when they point at the same place one mostly holds
    the other: 60 % of the shorter passage, capped at 60 characters so that two sentence
    spans that overlap in one long clause still count, and never under 12 characters
    (a figure with its unit), so that "x" or a stock phrase such as "tỉnh Cà Mau đã tổ
    chức" shared by two different sentences does not.
    """
    return max(MIN_SHARED, min(MAX_SHARED, math.ceil(0.6 * shorter)))


def longest_shared(a: str, b: str) -> int:
    """Length of the longest common substring of ``a`` and ``b``."""
    if not a or not b:
        return 0
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size


def quote_overlaps(quote: str, evidence: str) -> bool:
    """The quote and the evidence share a substantial run of folded text (markdown off)."""
    q = fold(strip_markdown(quote))
    e = fold(strip_markdown(evidence))
    if not q or not e:
        return False
    return longest_shared(q, e) >= _shared_needed(min(len(q), len(e)))


def citation_matches(citation: Citation, spans: Iterable[EvidenceSpan]) -> bool:
    """A citation supports the gold answer when it points into an evidence's report and
    either its lines overlap the evidence's lines or its quote overlaps the evidence."""
    for s in spans:
        if citation.report != s.report:
            continue
        a, b = citation.lines
        if a <= s.line_end and s.line_start <= b:
            return True
        if quote_overlaps(citation.quote, s.text):
            return True
    return False


def citation_verdicts(citations: Sequence[Citation], spans: Sequence[EvidenceSpan]) -> list[bool]:
    """One verdict per citation, in order."""
    return [citation_matches(c, spans) for c in citations]


# ---------------------------------------------------------------------- aggregation


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) with linear interpolation; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the values that are not None; None when there are none (not applicable)."""
    kept = [float(v) for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def retrieval_verdict(hits: Sequence[Hit], spans: Sequence[EvidenceSpan]) -> Scores:
    """hit@1, hit@5 and reciprocal rank@10 of one question's hits."""
    rank = first_relevant_rank(hits, spans)
    return {
        "rank": rank,
        "hit1": hit_at(rank, 1),
        "hit5": hit_at(rank, 5),
        "rr10": reciprocal_rank(rank, 10),
    }


def answer_verdict(
    answer: Answer,
    aliases: Sequence[str],
    qtype: str,
    spans: Sequence[EvidenceSpan],
    lang: str = "vi",
    trap: str | None = None,
    asked: int = 1,
) -> dict[str, float | None]:
    """The answer metrics of one question.

    Unanswerable questions are judged on abstention alone (``abstention_trap`` or
    ``abstention_plain`` as well when ``trap`` says whether the question offers a
    look-alike figure: a trap kind, or "plain").
    Answerable ones: the answer is right when the system did not abstain and an alias is
    in its text (``lead_accuracy``: in its lead, see :func:`answer_lead`;
    ``strict_lead``: the lead's first figure, date or name is the first alias;
    ``first_lead``: the same of the first candidate, asserted or offered as an
    abstention's closest, so that ranking is measured apart from the threshold);
    citations are judged only when it answered (an abstention has nothing to cite), and
    an answer without citations counts as wrongly cited.

    What an official sees: ``coverage`` (an answerable question got an answer) and
    ``precision``, over every asserted answer, answerable or not: right when the strict
    lead is right (the alias anywhere in the answer for lists, explanations and
    comparisons), always wrong on an unanswerable question.
    """
    asserted = not answer.abstained
    if qtype == "unanswerable":
        ok = 0.0 if asserted else 1.0
        out: dict[str, float | None] = {"correct": ok, "abstention_accuracy": ok}
        if trap:
            out["abstention_plain" if trap == "plain" else "abstention_trap"] = ok
        if asserted:
            out["precision"] = 0.0
        return out
    right = asserted and answer_correct(aliases, answer.text, qtype, lang)
    lead = asserted and answer_correct(aliases, answer_lead(answer.text), qtype, lang)
    strict = strict_lead(aliases, answer.text if asserted else "", qtype, lang, asked)
    # The first candidate's lead, asserted or offered as an abstention's closest ("có thể
    # là …"): how well the candidates are ranked, whatever the threshold decides. A name's
    # lead ends at LEAD_SEPARATOR, as an asserted name answer's does.
    closest = f"{answer.closest_lead}{LEAD_SEPARATOR}" if answer.closest_lead else ""
    first = strict if asserted else strict_lead(aliases, closest, qtype, lang, asked)
    out = {
        "correct": float(right),
        "answer_accuracy": float(right),
        "lead_accuracy": float(lead),
        "strict_lead": strict,
        "first_lead": first,
        "alias_recall": 0.0 if answer.abstained else alias_recall(aliases, answer.text, lang),
        "false_abstention": float(answer.abstained),
        "coverage": float(asserted),
    }
    if asserted:
        out["precision"] = strict if strict is not None else float(right)
        verdicts = citation_verdicts(answer.citations, spans)
        out["citation_correct"] = float(any(verdicts))
        out["citation_precision"] = sum(verdicts) / len(verdicts) if verdicts else 0.0
    return out


METRICS: tuple[str, ...] = (
    "hit1",
    "hit5",
    "rr10",
    "correct",
    "answer_accuracy",
    "lead_accuracy",
    "strict_lead",
    "first_lead",
    "precision",
    "coverage",
    "alias_recall",
    "citation_correct",
    "citation_precision",
    "abstention_accuracy",
    "abstention_trap",
    "abstention_plain",
    "false_abstention",
)
"""The per-question metrics that are averaged; ``rr10`` averages to MRR@10."""

HEADLINE: tuple[str, ...] = (
    "strict_lead",
    "first_lead",
    "answer_accuracy",
    "precision",
    "coverage",
    "abstention_accuracy",
    "abstention_trap",
    "false_abstention",
    "citation_correct",
    "hit5",
)
"""The figures an official reads first: each gets a 95% bootstrap interval."""

BOOTSTRAP_REPS = 2000


def bootstrap_interval(
    values: Sequence[float], reps: int = BOOTSTRAP_REPS, level: float = 0.95, seed: int = 0
) -> tuple[float, float] | None:
    """Percentile bootstrap interval of the mean, resampling questions with replacement
    (seeded, so a report's figures do not move between two writes of it); None when empty.

    >>> bootstrap_interval([1.0] * 10)
    (1.0, 1.0)
    """
    if not values:
        return None
    import numpy as np

    data = np.asarray(values, dtype=np.float64)
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, len(data), size=(reps, len(data)))].mean(axis=1)
    tail = (1.0 - level) / 2 * 100
    lo, hi = np.percentile(means, [tail, 100 - tail])
    return float(lo), float(hi)


def aggregate(
    verdicts: Sequence[Mapping[str, float | int | None]], intervals: bool = True
) -> Scores:
    """Means of every metric over the questions where it applies, with counts.

    ``n_<metric>`` says over how many questions each mean was taken, so a 100 % on two
    questions is not read as a 100 % on two hundred; with ``intervals`` the headline
    metrics also get ``<metric>_lo`` and ``<metric>_hi``, their 95% bootstrap interval.
    """
    out: dict[str, float | int | None] = {"n": len(verdicts)}
    for name in METRICS:
        values = [v.get(name) for v in verdicts]
        out[name] = mean(values)
        out[f"n_{name}"] = sum(1 for x in values if x is not None)
        if intervals and name in HEADLINE:
            interval = bootstrap_interval([float(x) for x in values if x is not None])
            out[f"{name}_lo"], out[f"{name}_hi"] = interval or (None, None)
    for name in ("latency_ms", "retrieve_ms"):
        times = [float(x) for v in verdicts if (x := v.get(name)) is not None]
        out[f"{name}_p50"] = percentile(times, 50) if times else None
        out[f"{name}_p95"] = percentile(times, 95) if times else None
    return out


def breakdown(
    rows: Sequence[Mapping[str, object]], key: str
) -> dict[str, dict[str, float | int | None]]:
    """Aggregates per value of ``key`` ("type", "language", "difficulty", "provinces").

    Each row holds the question's fields and its ``verdict``; a list-valued key (a
    question about two provinces) counts the question under each value.
    """
    groups: dict[str, list[Mapping[str, float | int | None]]] = {}
    for row in rows:
        raw = row.get(key)
        values = raw if isinstance(raw, list | tuple) else [raw]
        for value in values or ["(none)"]:
            verdict = row["verdict"]
            assert isinstance(verdict, Mapping)
            groups.setdefault(str(value), []).append(verdict)
    return {name: aggregate(group) for name, group in sorted(groups.items())}
