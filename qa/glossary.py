"""English -> Vietnamese glosses for the vocabulary of epidemic-response reports.

English questions share almost no words with Vietnamese reports, and no offline
translation model installs from PyPI; the dense encoder carries most of the
meaning, and these glosses let BM25 and sentence selection match the key terms
("vaccinated" -> "tiêm"). The table lives in ``data/glossary_en_vi.tsv`` so that it
can grow without touching code; keys are matched on whole words of the folded
question, longest first, and each key has alternatives ("lockdown" is said "giãn
cách" or "phong tỏa"), any one of which counts.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

_TABLE = Path(__file__).parent / "data" / "glossary_en_vi.tsv"


@dataclass(frozen=True)
class Gloss:
    """One English term of a question and the Vietnamese ways of saying it."""

    english: str
    alternatives: tuple[str, ...]


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
        table[key.strip()] = alternatives
    return table


def _pattern(keys: Iterable[str]) -> re.Pattern[str]:
    alternation = "|".join(sorted((re.escape(k) for k in keys), key=len, reverse=True))
    return re.compile(r"\b(" + alternation + r")\b" if alternation else r"(?!)")


_FULL: dict[str, tuple[str, ...]] = _load(_TABLE)
GLOSSARY: dict[str, tuple[str, ...]] = dict(_FULL)
_KEYS = _pattern(GLOSSARY)


def restrict(keep: Callable[[str], bool] | None = None) -> None:
    """Use only the Vietnamese alternatives ``keep`` accepts (None: the whole table).

    The table is fitted to report wording, so report-level cross-validation
    (``eval/cv.py``) leaves out, for each fold, what only the held-out reports say.
    """
    global _KEYS
    GLOSSARY.clear()
    for key, alternatives in _FULL.items():
        kept = tuple(a for a in alternatives if keep is None or keep(a))
        if kept:
            GLOSSARY[key] = kept
    _KEYS = _pattern(GLOSSARY)
    glosses.cache_clear()


@functools.lru_cache(maxsize=4096)
def glosses(folded_question: str) -> tuple[Gloss, ...]:
    """The English domain terms of a folded question, each with its Vietnamese glosses."""
    found = dict.fromkeys(m.group(1) for m in _KEYS.finditer(folded_question))
    return tuple(Gloss(key, GLOSSARY[key]) for key in found)


def translate_terms(folded_question: str) -> list[str]:
    """Every Vietnamese gloss of the question's English terms, for keyword search."""
    return list(dict.fromkeys(a for g in glosses(folded_question) for a in g.alternatives))
