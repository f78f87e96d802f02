"""English -> Vietnamese glosses for the vocabulary of provincial documents.

English questions share almost no words with Vietnamese reports, and no offline
translation model installs from PyPI; the dense encoder carries most of the
meaning, and these glosses let BM25 and sentence selection match the key terms
("vaccinated" -> "tiêm"). Four tables, read in this order and merged (a key in several
keeps the earlier table's alternatives first): ``data/glossary_en_vi.tsv``, written from
the COVID-19 reports' wording; ``data/glossary_admin_en_vi.tsv``, the words of plans,
decisions, notices and reports of every sector (its Vietnamese side is what at least four
documents say, ``python -m eval.genre_terms``); and ``data/glossary_sectors_en_vi.tsv``,
each sector's own vocabulary (revenue, export turnover, aquaculture, elections,
commendation …), written from the list of a province's departments without reading any
question or document, because a document of a sector nobody has indexed yet uses words
the first two tables, written from the documents at hand, cannot have; and
``data/glossary_general_en_vi.tsv``, the everyday English words any sector's question may
use ("deputy", "withdraw", "consultation"), glossed from wordfreq's list of the most frequent
English words the other three do not read, again without reading any question or document.
Keys are matched on whole words of the folded question, longest first, and each key has
alternatives ("lockdown" is said "giãn cách" or "phong tỏa"), any one of which counts.

Inflected forms are ``lemminflect``'s (written once to ``data/english_forms.json`` by
``python -m qa.english_forms``, so its ~51 MB of tables stay out of the serving process), never
from suffix rules, which made "meeting" a form of "meet" and missed "planned". A
word is its own key first ("testing", "meeting"); otherwise a plural finds its
singular key ("roadmaps" -> "roadmap"); the verb forms (-s, -ed, -ing, irregular
pasts) find only a key the table marks ``verb`` in its third column, because most
English words of the genre are both a noun and a verb and the gloss is usually the
noun's: "state" is "nhà nước", so "stated" must not read "nhà nước", nor "forced"
"lực lượng" or "marketing" "thị trường". A key marked ``as-is`` is not inflected at
all (a mass sense: "power" -> "điện", whose plural "powers" is "quyền hạn"). In a key
of several words the last word takes the plural ("health facilities"), the first the
verb forms (a phrasal verb: "carried out").

A key that is a verb's past or participle ("recorded", "infected", "closed") is also said by
that verb's base form where English grammar puts a bare verb: after "did / does / do", a
modal or "to", and not right after a determiner ("How many cases did Cà Mau record?", but
not "the record"). The base is lemminflect's, in the same file.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from qa.english_forms import GLOSSARY_TABLES, forms

# The tables are named in qa.english_forms, whose forms file is written from them before
# this module can be imported (it reads that file at import).
TABLES = GLOSSARY_TABLES
_TABLE, _ADMIN_TABLE, _SECTOR_TABLE, _GENERAL_TABLE = TABLES
# The tables written from the wording of the documents at hand (cross-validation leaves out,
# per fold, what only held-out reports say); the sector and general tables were written
# without them.
FROM_REPORTS = (_TABLE, _ADMIN_TABLE)
# The third column's marks: the key is (also) a verb sense; the key is never inflected.
VERB, AS_IS = "verb", "as-is"


@dataclass(frozen=True)
class Gloss:
    """One English term of a question and the Vietnamese ways of saying it; ``said`` is
    the question's own form of it ("plans" for the entry "plan")."""

    english: str
    alternatives: tuple[str, ...]
    said: str = ""


def _read(path: Path) -> dict[str, tuple[tuple[str, ...], str]]:
    """Key -> (alternatives, mark) of one table; a malformed line or a key written twice
    is an error naming the line (a second line of a key would silently reorder or hide
    the first's wording)."""
    table: dict[str, tuple[tuple[str, ...], str]] = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, rest = line.partition("\t")
        value, _, mark = rest.partition("\t")
        alternatives = tuple(a.strip() for a in value.split("|") if a.strip())
        mark = mark.strip()
        if not sep or not alternatives or mark not in ("", VERB, AS_IS):
            raise ValueError(
                f"{path.name}:{n}: expected 'english<TAB>viet | viet[<TAB>verb|as-is]', got {raw!r}"
            )
        key = key.strip()
        if key in table:
            raise ValueError(f"{path.name}:{n}: {key!r} is already a key: merge the two lines")
        table[key] = (alternatives, mark)
    return table


def _load(path: Path) -> dict[str, tuple[str, ...]]:
    """Key -> alternatives of one table."""
    return {key: alternatives for key, (alternatives, _) in _read(path).items()}


def table_pairs(paths: Iterable[Path]) -> frozenset[tuple[str, str]]:
    """Every (English key, Vietnamese alternative) of the tables ``paths``."""
    return frozenset(
        (key, vi) for path in paths for key, alts in _load(path).items() for vi in alts
    )


def _merged(paths: Iterable[Path]) -> dict[str, tuple[str, ...]]:
    """The tables in order; a key in several keeps every alternative, the first table's first."""
    table: dict[str, tuple[str, ...]] = {}
    for path in paths:
        for key, alternatives in _load(path).items():
            table[key] = tuple(dict.fromkeys((*table.get(key, ()), *alternatives)))
    return table


def _marks(paths: Iterable[Path]) -> dict[str, str]:
    """Key -> its mark; a key marked in any table keeps that mark."""
    marks: dict[str, str] = {}
    for path in paths:
        for key, (_, mark) in _read(path).items():
            if mark:
                marks.setdefault(key, mark)
    return marks


def _forms(word: str, upos: str) -> tuple[str, ...]:
    """lemminflect's inflections of ``word`` as a NOUN (plural) or a VERB (every form),
    as written to ``data/english_forms.json`` (see :mod:`qa.english_forms`: memory)."""
    from qa.english_forms import word_forms

    return word_forms(word, upos)


def inflections(key: str, mark: str = "") -> tuple[str, ...]:
    """The other forms a question may say ``key`` in: the plural of its last word, and
    for a verb key the verb forms of its first word; none for an ``as-is`` key.

    >>> inflections("plan", VERB)
    ('plans', 'planned', 'planning')
    >>> inflections("state"), inflections("carry out", VERB)
    (('states',), ('carried out', 'carrying out', 'carries out'))
    >>> inflections("activity"), inflections("it"), inflections("power", AS_IS)
    (('activities',), (), ())
    """
    if mark == AS_IS:
        return ()
    words = key.split(" ")
    out: list[str] = []
    # A verb key of several words is a phrasal verb: its last word is a particle.
    phrasal = mark == VERB and len(words) > 1
    if not phrasal and len(words[-1]) >= 3 and words[-1].isalpha():
        out += [" ".join((*words[:-1], f)) for f in _forms(words[-1], "NOUN")]
    if mark == VERB and len(words[0]) >= 3 and words[0].isalpha():
        out += [" ".join((f, *words[1:])) for f in _forms(words[0], "VERB")]
    return tuple(f for f in dict.fromkeys(out) if f != key)


def _surfaces(keys: Iterable[str], marks: dict[str, str] | None = None) -> dict[str, str]:
    """Every way a question may say a key -> the key; a form that is a key itself is
    that key (the table's "testing" is not the inflection of "test", "meeting" not of
    "meet"), and a plural is its noun's before it is a verb's."""
    keys = list(keys)
    marks = _MARKS if marks is None else marks
    out = {k: k for k in keys}
    for key in keys:
        for form in inflections(key, AS_IS if marks.get(key) == AS_IS else ""):
            out.setdefault(form, key)
    for key in keys:
        for form in inflections(key, marks.get(key, "")):
            out.setdefault(form, key)
    return out


def _bases(keys: Iterable[str], surfaces: dict[str, str], marks: dict[str, str]) -> dict[str, str]:
    """A participle key's verb base -> the key, for a base no key already is or says
    (:data:`_SURFACES` wins: "issue" is a key of its own, read as that key, not as "issued")."""
    participles = forms().participle_bases
    out: dict[str, str] = {}
    for key in keys:
        base = participles.get(key)
        if base and not marks.get(key) and base not in surfaces:
            out.setdefault(base, key)
    return out


# What puts a bare verb after it: do-support, a modal, "to" (folded question text).
_BARE_VERB_BEFORE = re.compile(
    r"\b(?:did|does|do|will|would|can|could|must|should|shall|may|might|to)\b"
)
# A word right before that makes the base a noun ("the record", "its plant").
_DETERMINER = re.compile(
    r"\b(?:the|a|an|its|their|his|her|our|this|that|these|those|each|every|no|any|which"
    r"|what|whose|of|in|for)\s+$"
)


def _verb_at(folded: str, start: int) -> bool:
    """The word at ``start`` stands where English puts a bare verb."""
    before = folded[:start]
    return bool(_BARE_VERB_BEFORE.search(before)) and not _DETERMINER.search(before)


# Two heads sharing one modifier: "industrial parks and clusters" are industrial parks and
# industrial clusters (khu công nghiệp, cụm công nghiệp), not parks and epidemic clusters.
_COORDINATED = re.compile(r"\b([a-z-]+) ([a-z-]+) (and|or) ([a-z-]+)\b")


def _distributed(folded: str, surfaces: Mapping[str, str]) -> str:
    """``folded`` with a modifier written once before two coordinated heads written again
    before the second, when the table has both phrases: the glossary then reads the second
    as the phrase it is, not as the bare head.

    >>> keys = {"industrial parks": "", "industrial clusters": ""}
    >>> _distributed("industrial parks and clusters", keys)
    'industrial parks and industrial clusters'
    >>> _distributed("cases and deaths", {"cases": ""})
    'cases and deaths'
    """

    def spread(m: re.Match[str]) -> str:
        modifier, head, conjunction, other = m.groups()
        if f"{modifier} {head}" in surfaces and f"{modifier} {other}" in surfaces:
            return f"{modifier} {head} {conjunction} {modifier} {other}"
        return m.group(0)

    return _COORDINATED.sub(spread, folded)


def _pattern(keys: Iterable[str]) -> re.Pattern[str]:
    alternation = "|".join(sorted((re.escape(k) for k in keys), key=len, reverse=True))
    return re.compile(r"\b(" + alternation + r")\b" if alternation else r"(?!)")


_FULL: dict[str, tuple[str, ...]] = _merged(TABLES)
_MARKS: dict[str, str] = _marks(TABLES)
GLOSSARY: dict[str, tuple[str, ...]] = dict(_FULL)
_SURFACES = _surfaces(GLOSSARY)
_KEYS = _pattern(_SURFACES)
_BASES = _bases(GLOSSARY, _SURFACES, _MARKS)
_BASE_WORDS = _pattern(_BASES)
# Bumped by :func:`restrict`: what is derived from GLOSSARY elsewhere (qa/english.py's
# reverse table and its pattern) is rebuilt when it changes, and only then.
generation = 0


def restrict(keep: Callable[[str], bool] | None = None) -> None:
    """Use only the Vietnamese alternatives ``keep`` accepts (None: the whole table).

    The table is fitted to report wording, so report-level cross-validation
    (``eval/cv.py``) leaves out, for each fold, what only the held-out reports say.
    """
    global _KEYS, _SURFACES, _BASES, _BASE_WORDS, generation
    GLOSSARY.clear()
    for key, alternatives in _FULL.items():
        kept = tuple(a for a in alternatives if keep is None or keep(a))
        if kept:
            GLOSSARY[key] = kept
    _SURFACES = _surfaces(GLOSSARY)
    _KEYS = _pattern(_SURFACES)
    _BASES = _bases(GLOSSARY, _SURFACES, _MARKS)
    _BASE_WORDS = _pattern(_BASES)
    generation += 1
    glosses.cache_clear()


@functools.lru_cache(maxsize=4096)
def glosses(folded_question: str) -> tuple[Gloss, ...]:
    """The English domain terms of a folded question, each with its Vietnamese glosses."""
    found: dict[str, str] = {}
    folded_question = _distributed(folded_question, _SURFACES)
    for m in _KEYS.finditer(folded_question):
        found.setdefault(_SURFACES[m.group(1)], m.group(1))
    for m in _BASE_WORDS.finditer(folded_question):
        if _verb_at(folded_question, m.start()):
            found.setdefault(_BASES[m.group(1)], m.group(1))
    return tuple(Gloss(key, GLOSSARY[key], said) for key, said in found.items())


def translate_terms(folded_question: str) -> list[str]:
    """Every Vietnamese gloss of the question's English terms, for keyword search."""
    return list(dict.fromkeys(a for g in glosses(folded_question) for a in g.alternatives))
