"""The short answer of an English question, in English.

The extractive answerer writes its lead as the report does: "859.463 người (mũi 1, đến
16/11/2021)". An English reader gets "859,463 people (dose 1, as of 16 Nov 2021)": the
figure in English number format (the value is unchanged), the unit and the scope words
through the glossary read backwards (``qa/data/glossary_en_vi.tsv``, so the
cross-validation's ``vocabulary`` fitter restricts it like the forward glossary), dates
with English month names (Babel's CLDR data, not a hand-made month table). What has no
English entry stays as the report writes it; the quote after the lead stays verbatim.

>>> english_lead("859.463 người (mũi 1, đến 16/11/2021)")
'859,463 people (dose 1, as of 16 Nov 2021)'
>>> english_lead("74,8%")
'74.8%'
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re

from hoidap.text import DASH, dates_in, find_numbers
from qa.bound_words import AFTER_EN, BOUNDS_EN

# A date or period a scope or date lead names in words: "từ tháng 1 đến tháng 6/2022".
_WHEN = r"(?:(?:ngày|tháng|năm|quý) )?[^\s()]+"


def _by_english(table: dict[str, str]) -> dict[str, list[str]]:
    """The Vietnamese words of ``table`` grouped by their English, longest first."""
    out: dict[str, list[str]] = {}
    for vi, en in sorted(table.items(), key=lambda kv: -len(kv[0])):
        out.setdefault(en, []).append(vi)
    return out


# Scope words the answerer writes itself (qa/scope.py) and the words around a date lead
# (qa/dates.py), not report vocabulary.
_SCOPE = (
    (re.compile(r"\bmột phần của tổng số nêu trong câu\b"), "part of the total in the sentence"),
    (
        re.compile(r"\bmột phần của tổng số nêu ở câu trước\b"),
        "part of the total in the sentence before",
    ),
    # What qa.roles.target_label says of an aim, and the bounds qa.bounds keeps in a lead.
    (re.compile(r"\(mục tiêu(?=[,)])"), "(target"),
    (re.compile(r"\(dự kiến(?=[,)])"), "(expected"),
    *(
        (re.compile(rf"(?<!\w)từ (\d\S*(?: \S+){{0,2}}?) {after}(?!\w)", re.I), rf"\1 {said}")
        for after, said in AFTER_EN.items()
    ),
    *(
        (re.compile(rf"(?<!\w)(?:{'|'.join(words)}) (?=\d)", re.I), f"{said} ")
        for said, words in _by_english(BOUNDS_EN).items()
    ),
    (
        re.compile(rf"(?<!\w)từ (?:ngày )?({_WHEN}) đến (?:hết )?(?:ngày )?({_WHEN})"),
        r"from \1 to \2",
    ),
    (re.compile(r"(?<!\w)(?:tính )?đến (?:hết )?(?:ngày )?(?=\d|(?:tháng|năm|quý) )"), "as of "),
    (re.compile(r"(?<!\w)trước (?:ngày )?(?=\d|(?:tháng|năm|quý) )"), "before "),
    (re.compile(r"(?<!\w)sau (?:ngày )?(?=\d|(?:tháng|năm|quý) )"), "after "),
    (re.compile(r"(?<!\w)(?:từ ngày|kể từ(?: ngày)?) (?=\d)"), "from "),
    # A period's start alone, as qa.scope writes it ("213 ca (từ 01/10/2021)").
    (re.compile(r"(?<!\w)từ (?=\d{1,2}/\d{1,2}/\d{4}\b)"), "since "),
    (re.compile(r"(?<!\w)(\d{1,2}) tháng đầu năm (?=\d{4})"), r"first \1 months of "),
    (re.compile(r"(?<!\w)(\d{1,2}) tháng cuối năm (?=\d{4})"), r"last \1 months of "),
    (re.compile(r"(?<!\w)đầu năm (?=\d{4})"), "start of "),
    (re.compile(r"(?<!\w)cuối năm (?=\d{4})"), "end of "),
    (re.compile(r"(?<!\w)(?:hằng|hàng) năm\b"), "every year"),
)
# Ages and ordinals as qa.scope finds them (its ``_AGE`` and ``_ORDINAL``): "từ 5 - dưới
# 12 tuổi", "12 – 17 tuổi", "trẻ em dưới 5 tuổi", "mũi hai", "đợt IV".
_AGE_RANGE = re.compile(
    r"(?:trẻ em |trẻ |người )?(?:từ )?\b(\d{1,2})\s*(?:tuổi\s+)?(?:đến|" + DASH + r")\s*(dưới )?"
    r"(\d{1,2})\s*tuổi"
)
_AGE_UP = re.compile(r"(?:trẻ em |trẻ |người )?(?:từ )?(\d{1,2})\s*tuổi trở lên")
_AGE_UNDER = re.compile(r"(?:trẻ em|trẻ|người) dưới (\d{1,2}) tuổi")
_NUMBER_WORDS = {"một": "1", "hai": "2", "ba": "3", "bốn": "4", "năm": "5"}
_ORDINAL = r"(?:thứ )?(\d{1,2}|[IVX]+|một|hai|ba|bốn|năm)\b(?![.,]\d)"
_ORDINALS = (
    (re.compile(rf"\bmũi {_ORDINAL}"), "dose"),
    (re.compile(rf"\bgiai đoạn {_ORDINAL}"), "phase"),
    (re.compile(rf"\bđợt {_ORDINAL}"), "wave"),
)
_BOOSTERS = (
    (re.compile(r"\bmũi (?:nhắc lại|tăng cường)\b"), "booster dose"),
    (re.compile(r"\bmũi bổ sung\b"), "additional dose"),
)


def _ordinals(text: str) -> str:
    """ "mũi 2" / "mũi hai" -> "dose 2", "đợt IV" -> "wave IV", "giai đoạn thứ ba" -> "phase 3"."""
    for pattern, word in _ORDINALS:

        def ordinal(m: re.Match[str], word: str = word) -> str:
            return f"{word} {_NUMBER_WORDS.get(m[1], m[1])}"

        text = pattern.sub(ordinal, text)
    for pattern, english in _BOOSTERS:
        text = pattern.sub(english, text)
    return text


# Counting units after a figure whose English the glossary cannot give: a measure of
# time or money is another word in a phrase ("ngày" glosses "daily", "per day"), and of
# the table of every genre only phrases of two or more syllables read back (a lone
# syllable there is half of many words). The most frequent units left Vietnamese after
# the figures of the bundled and evaluation reports; classifiers that a noun follows
# ("chiếc xe", "cuộc họp") are not units. Singular, plural; the longest first.
_UNITS = {
    "đồng chí": ("comrade", "comrades"),
    "đồng": ("VND", "VND"),
    "lượt người": ("person-time", "person-times"),
    "lượt": ("time", "times"),
    "lần": ("time", "times"),
    "chuyến": ("trip", "trips"),
    "giường bệnh": ("hospital bed", "hospital beds"),
    "tài khoản": ("account", "accounts"),
    "máy tính": ("computer", "computers"),
    "máy": ("machine", "machines"),
    "thùng": ("carton", "cartons"),
    "hộp": ("box", "boxes"),
    "túi": ("bag", "bags"),
    "lít": ("litre", "litres"),
    "giờ": ("hour", "hours"),
    "ngày": ("day", "days"),
    "tuần": ("week", "weeks"),
    "tháng": ("month", "months"),
    "năm": ("year", "years"),
}
# "đồng/năm" -> "VND/year": a rate's period after its unit.
_PER = re.compile(r"(?<=[^\W\d])/(ngày|tuần|tháng|năm)\b")
# The figure (with its scale word) and the unit word after it that opens a lead.
# The figure a lead starts with and the spaces after it, a range by its second end ("50 -
# 100 hộ" is counted in households).
# A range's first end before it ("50 - 100 hộ", "từ 3 đến 5 ngày", "from 3 to 5 ngày"): the
# unit follows the second. Shared by every pattern that reads a lead's figure and unit. A
# bound the lead keeps (qa.bounds, already in English here: "at most 3 ngày") comes first.
_BOUND_EN = "|".join(sorted(set(BOUNDS_EN.values()), key=len, reverse=True))
_FIRST_END = rf"(?:(?:{_BOUND_EN})\s+)?(?:from\s+)?(?:\d[\d.,]*%?\s*(?:{DASH}|to|đến|tới)\s*)?"
# The figure a lead opens with, and its scale word once in English ("8.1 million").
# A part of a whole ("109/162 gói thầu") by its whole, which the unit counts.
_FIGURE_AT_START = re.compile(
    _FIRST_END + r"(?:\d[\d.,]*/)?(\d[\d.,]*)(\s+(?:thousand|million|billion))?\s+"
)
_LEAD_UNIT = re.compile(
    _FIRST_END + r"(?:\d[\d.,]*/)?(\d[\d.,]*(?:\s+(?:tỷ|triệu|nghìn|ngàn))?)\s+(\w+(?:\s+\w+)?)"
)
# "từ 3 đến 5 ngày": a range's "từ" is "from" and its "đến" between its two ends "to" (not
# between two dates, which the date step reads: "từ 27/4/2021 đến 11/10/2021"); a range of
# percentages too ("70% đến 80%" is "70% to 80%", not "70% as of 80%").
_RANGE_TO = re.compile(
    r"(?<!\w)(từ\s+)?(?<![\d/.,])(\d[\d.,]*%?)\s+(?:đến|tới)\s+(\d[\d.,]*)(?![\d.,]*/)"
)


@functools.lru_cache(maxsize=1)
def _babel_en() -> tuple[object, object]:
    from babel.dates import format_date
    from babel.numbers import format_decimal

    return format_date, format_decimal


def _english_number(raw: str) -> str:
    """ "859.463" -> "859,463", "74,8" -> "74.8" (the value as written, English format)."""
    decimals = len(raw.rsplit(",", 1)[1]) if "," in raw else 0
    value = float(raw.replace(".", "").replace(",", "."))
    _, format_decimal = _babel_en()
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return str(format_decimal(value, format=pattern, locale="en"))  # type: ignore[operator]


def _date(d: dt.date, granularity: str) -> str:
    format_date, _ = _babel_en()
    pattern = {"day": "d MMM y", "month": "MMM y"}.get(granularity, "y")
    return str(format_date(d, format=pattern, locale="en"))  # type: ignore[operator]


_NO_YEAR = 1


# A number written with a separator: "859.463", "74,8", each side of "314.960/645.918".
_SEPARATED = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d+)(?![\d])")


def _figures_and_dates(text: str) -> str:
    """Dates ("ngày 16/11/2021" -> "16 Nov 2021") and figures written with a separator
    ("859.463" -> "859,463"); plain digits (a year, "mũi 2") are left as they are."""
    from qa.dates import answer_dates

    edits: list[tuple[int, int, str]] = []
    # A sentinel year finds days written without one ("trước ngày 20/11 hằng năm").
    written = dates_in(text, default_year=_NO_YEAR)
    for m in answer_dates(text, written):
        if m.granularity == "day-no-year":  # "ngày 30 tháng 6" (hằng năm): a day of every year
            edits.append((m.start, m.end, f"{m.first.day}/{m.first.month}"))
    for m in written:
        said = re.search(r"(?:ngày|tháng|năm)\s*$", text[: m.start], re.IGNORECASE)
        start = said.start() if said else m.start
        if m.granularity == "year" and said and said.group(0).lower().startswith("năm"):
            edits.append((start, m.end, f"in {m.text}"))  # "năm 2045": a year, not 2,045
        elif m.granularity == "day" and m.first.year == _NO_YEAR:
            digits = re.search(r"\d{1,2}\s*/\s*\d{1,2}", m.text)
            if digits:  # a day of every year, as written: "20/11"
                edits.append((start, m.end, digits.group(0).replace(" ", "")))
        elif m.granularity in {"day", "month"}:
            edits.append((start, m.end, _date(m.first, m.granularity)))
        elif m.granularity == "quarter":  # "quý I năm 2022", "quý II/2022"
            edits.append((start, m.end, f"Q{(m.first.month - 1) // 3 + 1} {m.first.year}"))
    for n in find_numbers(text):
        if any(s <= n.start < e for s, e, _ in edits):
            continue
        # A part of a whole ("314.960/645.918") is two numbers to write in English.
        for token in _SEPARATED.finditer(text, n.start, n.end):
            edits.append((token.start(), token.end(), _english_number(token.group(0))))
    out = text
    for start, end, new in sorted(edits, reverse=True):
        out = out[:start] + new + out[end:]
    return out


_MONTH = re.compile(r"(?<!\w)tháng (\d{1,2})(?![\d/.\w])")


def _months(text: str) -> str:
    """A month named without its year, left by the dates ("from tháng 1 to Jun 2022"):
    "tháng 1" -> "Jan"."""

    def month(m: re.Match[str]) -> str:
        number = int(m[1])
        return _date(dt.date(2000, number, 1), "month")[:3] if 1 <= number <= 12 else m[0]

    return _MONTH.sub(month, text)


# Scale words of Vietnamese figures; Babel (CLDR) formats numbers but has no such table.
_SCALE = (
    (re.compile(r"(?<=\d) tỷ đồng\b"), " billion VND"),
    (re.compile(r"(?<=\d) triệu đồng\b"), " million VND"),
    (re.compile(r"(?<=\d) tỷ\b"), " billion"),
    (re.compile(r"(?<=\d) triệu\b"), " million"),
    (re.compile(r"(?<=\d) (?:nghìn|ngàn)\b"), " thousand"),
)


@functools.lru_cache(maxsize=1)
def _covid_phrases() -> frozenset[str]:
    from qa.glossary import _TABLE, _load

    return frozenset(vi for alts in _load(_TABLE).values() for vi in alts)


@functools.lru_cache(maxsize=2)
def _reverse_table(generation: int) -> tuple[dict[str, tuple[str, ...]], re.Pattern[str] | None]:
    """Vietnamese wording -> the English entries that gloss it, in table order, and the
    pattern of those phrases (longest first, on whole words). The COVID-19 table's phrases
    all read back; of the table of every genre (``glossary_admin_en_vi.tsv``) only words
    of two or more syllables: a lone syllable there is half of many words ("số" is a
    number, "digital" only in "chuyển đổi số").

    Built once for each state of the glossary (``glossary.generation``, changed only by
    ``glossary.restrict``: cross-validation's folds); building them took ~4 ms, paid by
    every English answer before."""
    from qa.glossary import GLOSSARY

    covid = _covid_phrases()
    out: dict[str, list[str]] = {}
    for english, alternatives in GLOSSARY.items():
        for vi in alternatives:
            if vi in covid or len(vi.split()) > 1:
                out.setdefault(vi.lower(), []).append(english)
    table = {vi: tuple(en) for vi, en in out.items()}
    if not table:
        return table, None
    keys = sorted(table, key=len, reverse=True)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(k) for k in keys) + r")(?!\w)", re.I)
    return table, pattern


def compound_pairs(segmented: str) -> frozenset[tuple[str, str]]:
    """Syllables written together in one word of word-segmented text ("trường_hợp" gives
    ("trường", "hợp")): a gloss must not translate half a word ("trường" is a school,
    "trường hợp" a case)."""
    pairs: set[tuple[str, str]] = set()
    for token in segmented.split():
        parts = [p for p in token.split("_") if p]
        pairs.update(itertools.pairwise(parts))
    return frozenset(pairs)


_SYLLABLE = re.compile(r"\w+")


def _splits_a_word(text: str, start: int, end: int, pairs: frozenset[tuple[str, str]]) -> bool:
    """Whether ``text[start:end]`` begins or ends inside a word of several syllables."""
    if not pairs:
        return False
    before = _SYLLABLE.findall(text[:start])
    inside = _SYLLABLE.findall(text[start:end])
    after = _SYLLABLE.findall(text[end:])
    if not inside:
        return False
    first, last = inside[0].lower(), inside[-1].lower()
    return bool(
        (before and (before[-1].lower(), first) in pairs)
        or (after and (last, after[0].lower()) in pairs)
    )


def _plural(english: str) -> str:
    """The plural of a unit's last word by lemminflect's dictionary, as written to
    ``data/english_forms.json`` (a unit is a glossary key) ("phone" -> "phones",
    "person" -> "persons", "data" and "people" as they are); a word it does not know as a
    singular noun, or already plural ("cases"), stays as it is."""
    from qa.english_forms import forms

    head, _, last = english.rpartition(" ")
    plural = forms().unit_plurals.get(last)
    return f"{head} {plural}".strip() if plural else english


def _singular(english: str) -> str:
    """A unit's last word in the singular when the glossary says it in the plural
    ("households" -> "household", after "1"): the reverse of :func:`_plural`'s table, so
    only a plural that table writes ("people" stays, as lemminflect has no singular noun
    for it there)."""
    head, _, last = english.rpartition(" ")
    one = _singulars().get(last)
    return f"{head} {one}".strip() if one else english


@functools.cache
def _singulars() -> dict[str, str]:
    """Plural -> singular of :func:`_plural`'s table (built once)."""
    from qa.english_forms import forms

    return {plural: one for one, plural in forms().unit_plurals.items() if plural != one}


def _words(text: str, pairs: frozenset[tuple[str, str]] = frozenset()) -> str:
    """Vietnamese phrases with a glossary entry, longest first, on whole words (never half
    of a word of several syllables). The figure's unit, just after it, is said in the plural
    unless the figure is 1 ("mũi" -> "doses" after "35,833", "điện thoại" -> "phones")."""
    from qa import glossary

    table, pattern = _reverse_table(glossary.generation)
    if pattern is None:
        return text
    lead_unit = _FIGURE_AT_START.match(text)

    def english(m: re.Match[str]) -> str:
        if _splits_a_word(text, m.start(), m.end(), pairs):
            return m.group(1)
        options = table.get(m.group(1).lower(), ())
        if not options:
            return m.group(1)
        first = options[0]
        at_unit = lead_unit is not None and m.start() == lead_unit.end()
        if at_unit and lead_unit:
            first = _naming(options)
            # "1 million doses" count a million.
            one = re.fullmatch(r"0*1", lead_unit.group(1)) is not None and not lead_unit.group(2)
            return _singular(first) if one else _plural(first)
        return first

    return pattern.sub(english, text)


def _naming(options: tuple[str, ...]) -> str:
    """The gloss that names what a figure counts: the first, unless another gloss of the same
    phrase extends it ("industrial" and "industrial parks" of "khu công nghiệp", "urban" and
    "urban area" of "đô thị"), which makes the first a modifier of the other's noun ("12 khu
    công nghiệp" read "12 industrials")."""
    first = options[0]
    return next((e for e in options if e.startswith(first + " ")), first)


# After a figure: the spaces, then the word that follows (as far as it goes).
_WORD_AFTER = re.compile(r"\s+(\w+)")


def unit_word(segmented: str, figure: str, unit: str) -> str | None:
    """The first word of ``segmented`` that begins with ``unit`` and "_" and stands after
    ``figure`` (both whole, between spaces): the group of ``re.search(rf"(?<!\\S)
    {re.escape(figure)}\\s+({re.escape(unit)}(?:_\\w+)+)(?!\\S)", segmented)``, found
    without compiling a pattern for each figure (~0.3 ms each, every figure answer).

    >>> unit_word("bắt 382 bị_can ; 382 bị_can_tội", "382", "bị")
    'bị_can'
    >>> unit_word("1382 bị_can , 382 bị_can, 382 bị", "382", "bị") is None
    True
    """
    head = unit + "_"
    end = len(segmented)
    at = segmented.find(figure)
    while at >= 0:
        if at == 0 or segmented[at - 1].isspace():
            m = _WORD_AFTER.match(segmented, at + len(figure))
            if m is not None:
                word, after = m.group(1), m.end()
                # The word runs to a space or the end ("(?!\S)"), past "unit_" by a letter.
                if (
                    len(word) > len(head)
                    and word.startswith(head)
                    and (after == end or segmented[after].isspace())
                ):
                    return word
        at = segmented.find(figure, at + 1)
    return None


@functools.lru_cache(maxsize=2)
def _phrases_opened(generation: int) -> dict[str, tuple[str, ...]]:
    """A syllable -> the glossary phrases it opens, longest first ("thuê" -> ("thuê bao",),
    "lượt" -> ("lượt khách du lịch", "lượt khách")). Built once per state of the glossary."""
    table, _ = _reverse_table(generation)
    opened: dict[str, list[str]] = {}
    for vi in table:
        first, _, rest = vi.partition(" ")
        # "mũi 2", "mũi thứ 4": a qualifier after the unit, not the unit's own word.
        if rest and not any(c.isdigit() for c in rest):
            opened.setdefault(first, []).append(vi)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in opened.items()}


def _glossed_word(segmented: str, figure: str, unit: str) -> str | None:
    """The longest glossary phrase a unit syllable opens, as the text writes it after the
    figure, when the word segmentation left it in pieces ("1.000 thuê bao" segmented
    "1.000 thuê bao", not "thuê_bao"; "1.200 lượt khách"): the glossary's phrase is the
    domain's word, read longest first as the glossary reads a lead. Joined with "_" as
    :func:`unit_word` gives it; ``None`` when no phrase follows the figure."""
    from qa import glossary

    phrases = _phrases_opened(glossary.generation).get(unit)
    if not phrases:
        return None
    plain = segmented.replace("_", " ").lower()
    for phrase in phrases:
        said = f"{figure} {phrase}"
        at = plain.find(said)
        while at >= 0:
            end = at + len(said)
            if (at == 0 or plain[at - 1].isspace()) and (
                end == len(plain) or not plain[end].isalnum()
            ):
                return phrase.replace(" ", "_")
            at = plain.find(said, at + 1)
    return None


# A lead's figure (a range by its second end: "1.000 - 2.000 điện"; with its scale word:
# "8,1 triệu lượt") and the word after it.
# A part of a whole ("109/162 gói") is searched by its whole, which the segmenter writes
# apart from the part ("109 / 162 gói_thầu").
_UNIT_AFTER_FIGURE = re.compile(
    _FIRST_END + r"(?:\d[\d.,]*/)?(\d[\d.,]*(?:\s+(?:nghìn|ngàn|triệu|tỷ))?)\s+(\w+)"
)


def whole_unit(lead: str, segmented: str) -> str:
    """The lead's unit as the whole word the report writes: a short answer may keep one
    syllable of it ("382 bị" of "382 bị can", "228.600 điện" of "228.600 điện thoại"),
    which would be glossed as another word ("điện" is electricity). ``segmented`` is the
    word-segmented text of the sentence's passage (``Chunk.segmented``)."""
    m = _UNIT_AFTER_FIGURE.match(lead)
    if m is None or not segmented:
        return lead
    figure, unit = m.group(1), m.group(2)
    found = unit_word(segmented, figure, unit.lower()) or _glossed_word(
        segmented, figure, unit.lower()
    )
    if found is None:
        return lead
    syllables = found.split("_")
    rest = _SYLLABLE.findall(lead[m.end(2) :])
    if [w.lower() for w in rest[: len(syllables) - 1]] == syllables[1:]:
        return lead  # the lead already has the whole word
    return lead[: m.end(2)] + " " + " ".join(syllables[1:]) + lead[m.end(2) :]


@functools.lru_cache(maxsize=1)
def _sector_only_pairs() -> frozenset[tuple[str, str]]:
    """(English, Vietnamese) pairs only the sector table has. They read back as whole
    phrases, but teach :func:`_headed_units` nothing: that table glosses many compounds
    whose first syllable is no noun of its own ("hồ sơ", records; "kim ngạch", "khối
    lượng"), which made "12 hồ" (lakes) "12 records"."""
    from qa.glossary import _SECTOR_TABLE, FROM_REPORTS, table_pairs

    only = table_pairs((_SECTOR_TABLE,)) - table_pairs(FROM_REPORTS)
    return frozenset((en, vi.lower()) for en, vi in only)


@functools.lru_cache(maxsize=2)
def _headed_units(generation: int) -> dict[str, str]:
    """A syllable that opens glossary phrases -> the English noun those phrases agree on:
    "ca" opens "ca mắc", "ca bệnh", "ca dương tính", "ca mắc mới" (cases, new cases) and
    "ca nhiễm" (infections), so the report's "647 ca" counts cases. Each phrase of two or
    more syllables (as :func:`_reverse_table` reads them back) says the last noun of its
    first English gloss, singular; the syllable takes a noun that at least three phrases
    and two thirds of them say ("điểm đến" alone, a destination, does not make "5 điểm"
    five destinations). Built once per state of the glossary."""
    from collections import Counter

    from qa.english_forms import forms

    table, _ = _reverse_table(generation)
    singular = {plural: one for one, plural in forms().unit_plurals.items()}
    sector_only = _sector_only_pairs()
    nouns: dict[str, Counter[str]] = {}
    for vi, english in table.items():
        words = vi.split()
        if len(words) > 1 and english and (english[0], vi) not in sector_only:
            last = english[0].split()[-1]
            nouns.setdefault(words[0], Counter())[singular.get(last, last)] += 1
    out = {}
    for head, said in nouns.items():
        noun, count = said.most_common(1)[0]
        if count >= 3 and 3 * count >= 2 * sum(said.values()):
            out[head] = noun
    return out


def _lead_unit(text: str, pairs: frozenset[tuple[str, str]]) -> str:
    """The counting unit just after a lead's figure in English, when the glossary has no
    phrase there of as many words: from :data:`_UNITS` ("647 lượt" -> "647 times",
    "34.400.000.000 đồng" -> "… VND"), else the noun of the glossary phrases the unit
    opens (:func:`_headed_units`: "647 ca" -> "647 cases"). A date ("30 tháng 4") and a
    syllable of a longer word ("đồng bào") are left to the rest of :func:`english_lead`."""
    from qa import glossary

    m = _LEAD_UNIT.match(text)
    if m is None:
        return text
    at = m.start(2)
    said = m.group(2).lower().split()
    if any(d.start <= at < d.end for d in dates_in(text, default_year=_NO_YEAR)):
        return text
    one = re.fullmatch(r"0*1", m.group(1)) is not None
    _, pattern = _reverse_table(glossary.generation)
    glossed = pattern.match(text, at) if pattern is not None else None
    glossed_words = len(glossed.group(1).split()) if glossed else 0
    for vi, (singular, plural) in _UNITS.items():
        words = vi.split()
        end = at + len(vi)
        if said[: len(words)] != words or len(words) < glossed_words:
            continue
        if re.match(r"\s*/?\s*\d", text[end:]) or _splits_a_word(text, at, end, pairs):
            continue  # "tháng 4/2021", "đồng bào"
        return text[:at] + (singular if one else plural) + text[end:]
    noun = _headed_units(glossary.generation).get(said[0])
    end = at + len(said[0])
    if glossed or noun is None or _splits_a_word(text, at, end, pairs):
        return text
    return text[:at] + (noun if one else _plural(noun)) + text[end:]


def _range_to(m: re.Match[str]) -> str:
    """ "từ 3 đến 5" -> "from 3 to 5", "3 đến 5" -> "3 to 5"."""
    return f"{'from ' if m[1] else ''}{m[2]} to {m[3]}"


def english_lead(lead: str, segmented: str = "") -> str:
    """A Vietnamese short answer (figure or date, with its scope) in English. With the
    word-segmented text of the sentence's passage (else the lead's own segmentation), the
    unit is read as a whole word and no gloss translates half of a word."""
    if not lead:
        return lead
    if not segmented:
        # Without the passage's segmentation, the lead's own: "trường hợp" is one word
        # whatever the glossary says of "trường".
        from ingest.nlp import segment

        segmented = segment(lead)
    pairs = compound_pairs(segmented)
    text = whole_unit(lead, segmented)
    text = _AGE_RANGE.sub(lambda m: f"aged {m[1]} to {'under ' if m[2] else ''}{m[3]}", text)
    text = _AGE_UP.sub(lambda m: f"aged {m[1]} and over", text)
    text = _AGE_UNDER.sub(lambda m: f"aged under {m[1]}", text)
    text = _ordinals(_RANGE_TO.sub(_range_to, text))
    for pattern, repl in _SCOPE:  # before the unit: "6 tháng đầu năm 2022" is a period
        text = pattern.sub(repl, text)
    text = _PER.sub(lambda m: "/" + _UNITS[m[1]][0], _lead_unit(text, pairs))
    for pattern, repl in _SCALE:
        text = pattern.sub(repl, text)
    return _words(_months(_figures_and_dates(text)), pairs)


# Where a body sits, after its name: "Ủy ban nhân dân tỉnh" is the provincial one.
_LEVELS = {"tỉnh": "Provincial", "thành phố": "City"}
# Words a name's English keeps in lower case.
_NAME_LOWER = frozenset({"of", "and", "for", "the", "on", "in"})


def english_name(name: str) -> str:
    """The English of a body's name when the glossary gives the whole name as one phrase,
    with its level ("tỉnh", "thành phố") before it; "" otherwise. A name is not glossed word
    by word: Vietnamese puts the head first ("Bộ Chỉ huy Quân sự tỉnh"), and half a
    translated name reads worse than the name as the report writes it, which the answer
    keeps and this only follows in brackets.

    >>> english_name("Sở Tài chính"), english_name("Ủy ban nhân dân tỉnh")
    ('Department of Finance', "Provincial People's Committee")
    >>> english_name("UBND tỉnh"), english_name("Sở"), english_name("Triển khai")
    ("Provincial People's Committee", '', '')
    >>> english_name("Bộ Chỉ huy Quân sự tỉnh"), english_name("Bệnh viện Hùng Vương")
    ('', '')
    """
    from hoidap.text import nfc
    from qa import glossary
    from qa.name_spans import opens_with_body

    if not opens_with_body(name):
        return ""  # a person, a title, a place, or a phrase taken for a name ("Triển khai")
    table, _ = _reverse_table(glossary.generation)
    key = " ".join(nfc(name).lower().split())
    level = ""
    for vi, en in _LEVELS.items():
        if key.endswith(f" {vi}") and key[: -len(vi) - 1] in table:
            key, level = key[: -len(vi) - 1], f"{en} "
            break
    entries = table.get(key)
    # A lone syllable names no body ("sở" is any department), unless its level follows it
    # ("UBND tỉnh").
    if not entries or (len(key.split()) < 2 and not level):
        return ""
    words = entries[0].split()
    titled = [w if w in _NAME_LOWER and i else w[:1].upper() + w[1:] for i, w in enumerate(words)]
    return level + " ".join(titled)


def with_english_name(name: str) -> str:
    """ "Sở Tài chính (Department of Finance)": the name as the report writes it, which an
    official searches and cites, and its English when the glossary has the whole name."""
    english = english_name(name)
    return f"{name} ({english})" if english else name
