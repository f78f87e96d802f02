"""Vietnamese text normalisation, numbers and dates.

Figures are the product: "859.463" must equal 859463 and "74,8%" must equal 74.8 %,
whichever way a question or a report writes them. No library parses Vietnamese
number conventions (dot for thousands, comma for decimals) together with
Vietnamese date phrases ("ngày 16 tháng 11 năm 2021", "tháng 10/2021"), so the
small grammar lives here, with tests over every form found in the bundled reports.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from hoidap.memo import bytes_cache

# --------------------------------------------------------------------------- text

# The dashes a range is written with ("2021 - 2025", "12–17 tuổi", "01/11 — 18/11/2021"):
# documents and questions use the hyphen, the en dash and the em dash alike, so every pattern
# that reads a range takes all three from here. ``DASH`` is a regex character class, so the
# hyphen stays first in ``DASHES`` (elsewhere it would make a range of characters).
DASHES = "-–—"
DASH = f"[{DASHES}]"


def nfc(text: str) -> str:
    """NFC form: one bundled report mixes decomposed (NFD) characters."""
    return unicodedata.normalize("NFC", text)


def strip_diacritics(text: str) -> str:
    """Remove Vietnamese tone and vowel marks; "đ" becomes "d".

    >>> strip_diacritics("Cà Mau đã tiêm")
    'Ca Mau da tiem'
    """
    if _BEYOND_TABLE.search(text) is None:
        return text.translate(_STRIP_TABLE)
    return _strip_slow(text)


def _strip_slow(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


# Folding runs on every sentence of every answer: a translation table over the Latin
# letters and combining marks does in C what the decomposition does character by
# character. Text with other marks (another script) takes the slow, general path.
_STRIP_TABLE = {
    cp: (_strip_slow(chr(cp)) or None)
    for cp in [*range(0x00C0, 0x0250), *range(0x0300, 0x0370), *range(0x1E00, 0x1F00)]
    if _strip_slow(chr(cp)) != chr(cp)
}
_BEYOND_TABLE = re.compile(r"[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u2bff]")


_SPACE_RE = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lowercase, unaccented, single-spaced: the form used for loose matching."""
    return _SPACE_RE.sub(" ", strip_diacritics(nfc(text)).lower()).strip()


# Old and new tone placement: "hoà"/"hòa", "thuý"/"thúy", "Luỹ"/"Lũy" are the same word.
_TONED = {"a": "àáảãạ", "e": "èéẻẽẹ", "y": "ỳýỷỹỵ"}
_TONE_OF = {ch: (base, i) for base, marks in _TONED.items() for i, ch in enumerate(marks)}
_PLAIN_TONED = {"o": "òóỏõọ", "u": "ùúủũụ"}
_OLD_TONE = re.compile(r"(?<![qQ])([oOuU])([àáảãạèéẻẽẹỳýỷỹỵ])(?![^\W\d_])")


def normalize_tones(text: str) -> str:
    """Put the tone mark of a final "oa", "oe", "uy" on the first vowel ("hoà" -> "hòa"),
    the placement most reports use, so that both spellings match.

    >>> normalize_tones("Luỹ kế, hoà bình, thuý")
    'Lũy kế, hòa bình, thúy'
    """

    def move(m: re.Match[str]) -> str:
        first, toned = m.group(1), m.group(2)
        base, tone = _TONE_OF[toned]
        if (first.lower(), base) not in {("o", "a"), ("o", "e"), ("u", "y")}:
            return m.group(0)
        marked = _PLAIN_TONED[first.lower()][tone]
        return (marked.upper() if first.isupper() else marked) + base

    return _OLD_TONE.sub(move, nfc(text))


_VI_MARKED = set("àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ")


def has_diacritics(text: str) -> bool:
    """True when the text carries Vietnamese-specific letters or tone marks."""
    return any(ch in _VI_MARKED for ch in nfc(text).lower())


_EMPHASIS_RE = re.compile(r"(\*\*|__|~~)")
_ITALIC_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_HEADING_RE = re.compile(r"^[ \t]*#{1,6}[ \t]+", re.MULTILINE)
_ESCAPE_RE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~])")


def strip_markdown(text: str) -> str:
    """Drop Markdown emphasis, heading marks and escapes; keep line breaks and bullets.

    Only the markup goes: the characters that remain are the report's own, so a
    quote taken from the result still reads as the report wrote it.

    >>> strip_markdown("#### **I. DIỄN BIẾN** *tình hình*")
    'I. DIỄN BIẾN tình hình'
    """
    text = _HEADING_RE.sub("", text)
    text = _EMPHASIS_RE.sub("", text)
    text = _ITALIC_RE.sub(r"\1", text)
    return _ESCAPE_RE.sub(r"\1", text)


# ------------------------------------------------------------------------ numbers

_SCALES = {
    "nghìn": 1e3,
    "ngàn": 1e3,
    "triệu": 1e6,
    "tỷ": 1e9,
    "tỉ": 1e9,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
}

_NUMBER_RE = re.compile(
    # Not inside a word, a code ("COVID-19", "SARS-CoV-2", "F0") or a document number ("855/
    # QĐ-UBND"); a part of a whole ("109/162") is one figure (``_is_part_of_whole``).
    r"(?<![\w/.,\-])(?<!COVID -)"
    r"(?P<num>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    # A part of a whole: "109/162 gói thầu", "629/731 trường", "4/100.000 trẻ".
    r"(?:/(?P<whole>\d{1,3}(?:\.\d{3})+|\d+))?"
    r"(?![\d/]|[.,]\d)"
    # A digit and one capital letter written as one word name a thing, not a quantity:
    # "5G", "3D", "thông điệp 5K", "Quốc lộ 1A" (a gram is "5g"). "220V", "1000W" are the
    # capital units a figure may carry glued.
    r"(?![A-UX-Z]\b)"
    r"(?P<pct>\s?%)?"
    r"(?:\s+(?P<scale>nghìn|ngàn|triệu|tỷ|tỉ|thousand|million|billion)\b)?"
    r"(?:\s*(?P<unit>[^\W\d_][\w]*))?",
)


@dataclass(frozen=True)
class NumberMention:
    """A figure found in text: ``value`` is normalised (percent kept as 74.8, not 0.748)."""

    text: str
    value: float
    is_percent: bool
    unit: str
    start: int
    end: int


def parse_number_token(token: str, lang: str = "vi") -> float:
    """Read one written number.

    Vietnamese writes "859.463" (dot groups thousands) and "74,8" (comma is the decimal
    mark); English writes "859,463" and "74.8". A separator followed by exactly three
    digits, repeated, is a thousands separator in either language; otherwise it is the
    decimal mark, so "1.5" and "1,5" are both 1.5.

    >>> parse_number_token("859.463"), parse_number_token("74,8")
    (859463.0, 74.8)
    >>> parse_number_token("2.413.971.000.000")
    2413971000000.0
    """
    token = token.strip()
    thousands, decimal = (".", ",") if lang == "vi" else (",", ".")
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", token):
        return float(token.replace(".", ""))
    if re.fullmatch(r"\d{1,3}(,\d{3})+", token):
        # "1,500" reads as 1500 in English; Vietnamese reports write 1.500 for that.
        return float(token.replace(",", "")) if lang != "vi" else float(token.replace(",", "."))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", token):
        return float(token.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d{1,3}(,\d{3})+\.\d+", token):
        return float(token.replace(",", ""))
    if re.fullmatch(r"\d+", token):
        return float(token)
    if re.fullmatch(r"\d+[.,]\d+", token):
        return float(token.replace(",", "."))
    raise ValueError(f"not a number: {token!r} (thousands {thousands!r}, decimal {decimal!r})")


def find_numbers(text: str, lang: str = "vi") -> list[NumberMention]:
    """Every figure in ``text`` outside dates, document numbers ("855/QĐ-UBND") and names
    written with a digit ("5G").

    >>> [(m.value, m.unit) for m in find_numbers("tiêm cho 859.463 người (74,8% dân số)")]
    [(859463.0, 'người'), (74.8, '%')]
    >>> [(m.value, m.unit) for m in find_numbers("trạm 5G: 35 trạm, điện 220V")]
    [(35.0, 'trạm'), (220.0, 'v')]
    """
    taken = [(d.start, d.end) for d in find_dates(text)]
    found: list[NumberMention] = []
    for m in _NUMBER_RE.finditer(text):
        start, end = m.span("num")
        if any(s <= start < e for s, e in taken):
            continue
        try:
            value = parse_number_token(m.group("num"), lang)
        except ValueError:
            continue
        if m.group("whole"):
            if not _is_part_of_whole(value, m.group("whole")):
                continue
            end = m.end("whole")
        if m.group("scale"):
            value *= _SCALES[m.group("scale").lower()]
        pct = bool(m.group("pct"))
        unit = "%" if pct else (m.group("unit") or "").lower()
        full_end = m.end("scale") if m.group("scale") else (m.end("pct") if pct else end)
        found.append(NumberMention(text[start:full_end], value, pct, unit, start, full_end))
    return found


def _is_part_of_whole(part: float, whole_token: str) -> bool:
    """Whether "part/whole" reads as a count out of a total ("109/162 gói thầu": 109 of
    162), its value the part. Not when it may be a day and month without the year
    ("16/11", "24/7"), a school or budget year ("2021/2022"), or when the part exceeds
    the whole (then it is a code or a reference, not a share)."""
    whole = parse_number_token(whole_token)
    if part > whole or re.fullmatch(r"(?:19|20)\d\d", whole_token):
        return False
    return not (part <= 31 and whole <= 12)


def number_values(text: str, lang: str = "vi") -> set[float]:
    """The set of normalised figures in ``text``, for matching answers to references."""
    return {round(m.value, 6) for m in find_numbers(text, lang)}


# -------------------------------------------------------------------------- dates


@dataclass(frozen=True)
class DateMention:
    """A date or period in text.

    ``first`` / ``last`` bound the period it names (a day, a month, a quarter, a year).
    ``has_year`` is False for "18/8", whose year was filled from ``default_year``.
    """

    text: str
    first: dt.date
    last: dt.date
    granularity: str
    start: int
    end: int
    has_year: bool = True


_EN_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name} | {
    name.lower(): i for i, name in enumerate(calendar.month_abbr) if name
}
_EN_MONTH_RE = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_ROMAN_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_DAY_FULL = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*((?:19|20)\d{2})(?!\d)")
# A decision's effective date is often typed into the dotted blanks of its template
# ("có hiệu lực từ ngày .27..tháng 01.năm 2025", "ngày 27 tháng 01... năm 2025"): the
# blanks' dots and ellipses count as spaces.
_DAY_WORDS = re.compile(
    r"ngày[\s.…]+(\d{1,2})[\s.…]+tháng[\s.…]+(\d{1,2})[\s.…]+năm[\s.…]+((?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_DAY_EN = re.compile(
    rf"\b(?:(\d{{1,2}})(?:st|nd|rd|th)?\s+({_EN_MONTH_RE})\.?,?\s+((?:19|20)\d{{2}})"
    rf"|({_EN_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+((?:19|20)\d{{2}}))\b",
    re.IGNORECASE,
)
_MONTH_WORDS = re.compile(
    r"tháng\s+(\d{1,2})\s*(?:/|-|năm)\s*((?:19|20)\d{2})(?!\d)", re.IGNORECASE
)
_MONTH_BARE = re.compile(r"(?<![\d/.])(\d{1,2})/((?:19|20)\d{2})(?![\d/])")
_MONTH_EN = re.compile(rf"\b({_EN_MONTH_RE})\.?,?\s+((?:19|20)\d{{2}})\b", re.IGNORECASE)
_QUARTER = re.compile(
    r"(?:quý|quarter|Q)\s*(IV|III|II|I|[1-4])\s*(?:/|năm|,)?\s*((?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
# A year said by its word before it: Vietnamese "năm", English "in", "of", and the English
# bounds of a period ("by 2025", "until 2030", "since 2021"), which Vietnamese says with
# "năm" after "đến", "từ" ("đến năm 2025").
_YEAR = re.compile(
    r"(?:năm|in|year|of|\b(?:by|until|before|after|since|through))\s+((?:19|20)\d{2})(?![\d/])",
    re.IGNORECASE,
)
_DAY_NO_YEAR = re.compile(
    r"(?:ngày|từ|đến|tới|hết|đến hết|since|by|until|on)\s+(\d{1,2})/(\d{1,2})(?![\d/])",
    re.IGNORECASE,
)
# A period's first day written without its year, its last day with one: "từ ngày 01/11 đến
# ngày 18/11/2021", "from 15/12 to 10/01/2022". The first day is in the last day's year (the
# year before when its month comes later), whatever year the document is of: the range says.
_RANGE_OPEN = re.compile(
    r"(?:từ|since|from)\s+(?:ngày\s+)?((\d{1,2})/(\d{1,2}))(?![\d/])\s*"
    rf"(?:đến|tới|to|until|{DASH})"
    r"\s*(?:hết\s+)?(?:ngày\s+)?\d{1,2}\s*/\s*(\d{1,2})\s*/\s*((?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)

# A period's first day written with neither month nor year, which it shares with its last
# day: "từ ngày 08 đến ngày 10 tháng 12 năm 2025", "ngày 28-29/7/2021", "ngày 5 và 29/6/2021".
# A "từ" or "ngày" opens it, so a count before a date ("tăng 5 - 10/12/2025") is no day.
_DAY_RANGE = re.compile(
    r"(?:\btừ|\bngày)\s+(?:ngày\s+)?(\d{1,2})\s*(?:đến|tới|và|-|–)\s*(?:ngày\s+)?"
    r"(?P<last>(\d{1,2})(?:\s*[/.-]\s*|\s+tháng\s+)(\d{1,2})(?:\s*[/.-]\s*|\s+năm\s+)"
    r"((?:19|20)\d{2}))(?!\d)",
    re.IGNORECASE,
)


def _make(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date] | None:
    if not 1 <= month <= 12:
        return None
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def find_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """Every date or period in ``text``, longest reading first, without overlaps.

    Handles "16/11/2021", "ngày 16 tháng 11 năm 2021", "November 16, 2021",
    "tháng 10/2021", "10/2021", "quý III/2021", "năm 2021", "ngày 18/8" (year from
    ``default_year``, or left out when there is none), and a range's first day that shares
    its last day's month and year ("từ ngày 08 đến ngày 10 tháng 12 năm 2025").

    >>> [(d.first.isoformat(), d.granularity) for d in find_dates("đến hết ngày 16/11/2021")]
    [('2021-11-16', 'day')]
    >>> [(d.text, d.first.isoformat()) for d in find_dates("ngày 28-29/7/2021")]
    [('28', '2021-07-28'), ('29/7/2021', '2021-07-29')]
    """
    return _find_dates(text, default_year, gate=True)


# What the date patterns below need: all but one a year 19xx/20xx, that one a day/month
# "d/d", the English ones a month name. ``find_dates`` skips the scans whose need the text
# lacks (six sentences in seven of the reports have neither a year nor a "d/d"; few name
# an English month): answer selection runs it on each sentence it has not seen before,
# so on a large corpus (many different sentences) it was a tenth of the answer stage's CPU.
# A year's digits, 19xx or 20xx (also what ``find_dates`` needs a text to hold).
YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
_SLASH_HINT = re.compile(r"\d/\d")
_EN_MONTH_HINT = re.compile(rf"\b(?:{_EN_MONTH_RE})", re.IGNORECASE)


def _find_dates(text: str, default_year: int | None, gate: bool = False) -> list[DateMention]:
    """Every pattern's matches (``gate``: only the patterns whose need the text meets)."""
    out: list[DateMention] = []
    years = slashes = months = True
    if gate:
        years = YEAR_DIGITS.search(text) is not None
        slashes = _SLASH_HINT.search(text) is not None
        if not (years or slashes):
            return out
        months = years and _EN_MONTH_HINT.search(text) is not None

    def scan(rx: re.Pattern[str], needed: bool) -> Iterator[re.Match[str]]:
        return rx.finditer(text) if needed else iter(())

    def add(
        m: re.Match[str],
        first: dt.date | None,
        last: dt.date | None,
        gran: str,
        has_year: bool = True,
        group: int | str = 0,
    ) -> None:
        if first is None or last is None:
            return
        start, end = m.span(group)
        if any(not (end <= d.start or start >= d.end) for d in out):
            return
        out.append(DateMention(text[start:end], first, last, gran, start, end, has_year))

    for m in scan(_DAY_WORDS, years):
        d = _make(int(m[3]), int(m[2]), int(m[1]))
        add(m, d, d, "day")
    for m in scan(_DAY_FULL, years):
        d = _make(int(m[3]), int(m[2]), int(m[1]))
        add(m, d, d, "day")
    for m in scan(_DAY_EN, months):
        if m[1]:
            d = _make(int(m[3]), _EN_MONTHS[m[2].lower().rstrip(".")], int(m[1]))
        else:
            d = _make(int(m[6]), _EN_MONTHS[m[4].lower().rstrip(".")], int(m[5]))
        add(m, d, d, "day")
    for m in scan(_DAY_RANGE, years):
        # Before the months: "10 tháng 12 năm 2025" is a day here, not "tháng 12 năm 2025".
        if int(m[1]) < int(m[3]):
            last = _make(int(m[5]), int(m[4]), int(m[3]))
            add(m, last, last, "day", group="last")
            first = _make(int(m[5]), int(m[4]), int(m[1]))
            add(m, first, first, "day", group=1)
    for m in scan(_QUARTER, years):
        q = _ROMAN_QUARTERS[m[1].upper()]
        year = int(m[2])
        first = dt.date(year, 3 * q - 2, 1)
        span = _month_span(year, 3 * q)
        add(m, first, span[1] if span else None, "quarter")
    for rx in (_MONTH_WORDS, _MONTH_BARE):
        for m in scan(rx, years):
            span = _month_span(int(m[2]), int(m[1]))
            if span:
                add(m, span[0], span[1], "month")
    for m in scan(_MONTH_EN, months):
        span = _month_span(int(m[2]), _EN_MONTHS[m[1].lower().rstrip(".")])
        if span:
            add(m, span[0], span[1], "month")
    for m in scan(_YEAR, years):
        year = int(m[1])
        add(m, dt.date(year, 1, 1), dt.date(year, 12, 31), "year", group=1)
    for m in scan(_RANGE_OPEN, years and slashes):
        year = int(m[5]) - (int(m[3]) > int(m[4]))
        d = _make(year, int(m[3]), int(m[2]))
        add(m, d, d, "day", group=1)
    if default_year is not None:
        for m in scan(_DAY_NO_YEAR, slashes):
            d = _make(default_year, int(m[2]), int(m[1]))
            add(m, d, d, "day", has_year=False, group=0)
    else:
        for m in scan(_DAY_NO_YEAR, slashes):
            # Without a year the day cannot become a date, but its digits are no figure either.
            start, end = m.span()
            if not any(not (end <= d.start or start >= d.end) for d in out):
                out.append(
                    DateMention(
                        text[start:end],
                        dt.date.min,
                        dt.date.max,
                        "day-no-year",
                        start,
                        end,
                        has_year=False,
                    )
                )
    out.sort(key=lambda d: d.start)
    return out


def dates_in(text: str, default_year: int | None = None) -> list[DateMention]:
    """Like :func:`find_dates`, but only the mentions that resolve to real dates."""
    return [d for d in find_dates(text, default_year) if d.granularity != "day-no-year"]


@bytes_cache(4 << 20)  # ~2.6 MB for the bundled corpus's sentences
def cached_dates(text: str, default_year: int | None = None) -> tuple[DateMention, ...]:
    """:func:`dates_in`, remembered: answer selection reads the same sentences again and
    again across questions."""
    return tuple(dates_in(text, default_year))


@bytes_cache(2 << 20)  # ~1.1 MB
def cached_numbers(text: str, lang: str = "vi") -> tuple[NumberMention, ...]:
    """:func:`find_numbers`, remembered (see :func:`cached_dates`)."""
    return tuple(find_numbers(text, lang))


# A letter or a digit of any script: a question without one (punctuation, emoji) has
# nothing to search for, and was answered with an unrelated "closest sentence".
_WORD_CHAR = re.compile(r"[^\W_]")


def has_words(text: str) -> bool:
    """Whether ``text`` holds a letter or a digit of any script.

    >>> has_words("?!…"), has_words("12345"), has_words("Cà Mau?")
    (False, True, True)
    """
    return _WORD_CHAR.search(text) is not None
