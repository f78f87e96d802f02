"""English -> Vietnamese glosses for the vocabulary of provincial documents.

English questions share almost no words with Vietnamese reports, and no offline
translation model installs from PyPI; the dense encoder carries most of the
meaning, and these glosses let BM25 and sentence selection match the key terms
("vaccinated" -> "tiêm"). Two tables, read in this order and merged (a key in both
keeps the first table's alternatives first): ``data/glossary_en_vi.tsv``, written from
the COVID-19 reports' wording, and ``data/glossary_admin_en_vi.tsv``, the words of
plans, decisions, notices and reports of every sector (its Vietnamese side is what at
least four documents say, ``python -m eval.genre_terms``). Keys are matched on whole
words of the folded question, longest first, with their plural and -ed / -ing forms
("roadmaps", "coordinated", "upgrading" find "roadmap", "coordinate", "upgrade" when the
table has no entry of their own), and each key has alternatives ("lockdown" is said "giãn cách"
or "phong tỏa"), any one of which counts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

_TABLE = Path(__file__).parent / "data" / "glossary_en_vi.tsv"
_ADMIN_TABLE = Path(__file__).parent / "data" / "glossary_admin_en_vi.tsv"
TABLES = (_TABLE, _ADMIN_TABLE)


@dataclass(frozen=True)
class Gloss:
    """One English term of a question and the Vietnamese ways of saying it; ``said`` is
    the question's own form of it ("plans" for the entry "plan")."""

    english: str
    alternatives: tuple[str, ...]
    said: str = ""


def _load(path: Path) -> dict[str, tuple[str, ...]]:
    table: dict[str, tuple[str, ...]] = {}
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("\t")
        alternatives = tuple(a.strip() for a in value.split("|") if a.strip())
        if not sep or not alternatives:
            raise ValueError(f"{path.name}:{n}: expected 'english<TAB>viet | viet', got {raw!r}")
        key = key.strip()
        table[key] = tuple(dict.fromkeys((*table.get(key, ()), *alternatives)))
    return table


def _merged(paths: Iterable[Path]) -> dict[str, tuple[str, ...]]:
    """The tables in order; a key in several keeps every alternative, the first table's first."""
    table: dict[str, tuple[str, ...]] = {}
    for path in paths:
        for key, alternatives in _load(path).items():
            table[key] = tuple(dict.fromkeys((*table.get(key, ()), *alternatives)))
    return table


def inflections(key: str) -> tuple[str, ...]:
    """Regular English forms of a key's last word: plural or third person, past, -ing
    (no doubled consonants: "planned" is not found from "plan").

    >>> inflections("plan"), inflections("approve")
    (('plans', 'planed', 'planing'), ('approves', 'approved', 'approving'))
    >>> inflections("activity")
    ('activities', 'activitied', 'activitying')
    >>> inflections("business"), inflections("it")
    (('businesses', 'businessed', 'businessing'), ())
    """
    head, _, last = key.rpartition(" ")
    if len(last) < 3 or not last.isalpha():
        return ()
    if last.endswith("y") and last[-2] not in "aeiou":
        forms = [last[:-1] + "ies", last[:-1] + "ied", last + "ing"]
    elif last.endswith("e"):
        forms = [last + "s", last + "d", last[:-1] + "ing"]
    elif last.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms = [last + "es", last + "ed", last + "ing"]
    else:
        forms = [last + "s", last + "ed", last + "ing"]
    stem = head + " " if head else ""
    return tuple(stem + f for f in forms)


def _surfaces(keys: Iterable[str]) -> dict[str, str]:
    """Every way a question may say a key -> the key; a form that is a key itself is
    that key (the table's "testing" is not the inflection of "test")."""
    keys = list(keys)
    out = {k: k for k in keys}
    for key in keys:
        for form in inflections(key):
            out.setdefault(form, key)
    return out


def _pattern(keys: Iterable[str]) -> re.Pattern[str]:
    alternation = "|".join(sorted((re.escape(k) for k in keys), key=len, reverse=True))
    return re.compile(r"\b(" + alternation + r")\b" if alternation else r"(?!)")


_FULL: dict[str, tuple[str, ...]] = _merged(TABLES)
GLOSSARY: dict[str, tuple[str, ...]] = dict(_FULL)
_SURFACES = _surfaces(GLOSSARY)
_KEYS = _pattern(_SURFACES)
# Bumped by :func:`restrict`: what is derived from GLOSSARY elsewhere (qa/english.py's
# reverse table and its pattern) is rebuilt when it changes, and only then.
generation = 0


def restrict(keep: Callable[[str], bool] | None = None) -> None:
    """Use only the Vietnamese alternatives ``keep`` accepts (None: the whole table).

    The table is fitted to report wording, so report-level cross-validation
    (``eval/cv.py``) leaves out, for each fold, what only the held-out reports say.
    """
    global _KEYS, _SURFACES, generation
    GLOSSARY.clear()
    for key, alternatives in _FULL.items():
        kept = tuple(a for a in alternatives if keep is None or keep(a))
        if kept:
            GLOSSARY[key] = kept
    _SURFACES = _surfaces(GLOSSARY)
    _KEYS = _pattern(_SURFACES)
    generation += 1
    glosses.cache_clear()


@functools.lru_cache(maxsize=4096)
def glosses(folded_question: str) -> tuple[Gloss, ...]:
    """The English domain terms of a folded question, each with its Vietnamese glosses."""
    found: dict[str, str] = {}
    for m in _KEYS.finditer(folded_question):
        found.setdefault(_SURFACES[m.group(1)], m.group(1))
    return tuple(Gloss(key, GLOSSARY[key], said) for key, said in found.items())


def translate_terms(folded_question: str) -> list[str]:
    """Every Vietnamese gloss of the question's English terms, for keyword search."""
    return list(dict.fromkeys(a for g in glosses(folded_question) for a in g.alternatives))
