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


GLOSSARY: dict[str, tuple[str, ...]] = _load(_TABLE)

_KEYS = re.compile(
    r"\b(" + "|".join(sorted((re.escape(k) for k in GLOSSARY), key=len, reverse=True)) + r")\b"
)


@functools.lru_cache(maxsize=4096)
def glosses(folded_question: str) -> tuple[Gloss, ...]:
    """The English domain terms of a folded question, each with its Vietnamese glosses."""
    found = dict.fromkeys(m.group(1) for m in _KEYS.finditer(folded_question))
    return tuple(Gloss(key, GLOSSARY[key]) for key in found)


def translate_terms(folded_question: str) -> list[str]:
    """Every Vietnamese gloss of the question's English terms, for keyword search."""
    return list(dict.fromkeys(a for g in glosses(folded_question) for a in g.alternatives))
