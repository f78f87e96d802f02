"""The vocabulary of the document genres, by document frequency: where the Vietnamese side
of ``qa/data/glossary_admin_en_vi.tsv`` comes from, and the check that it still does.

``python -m eval.genre_terms`` lists the word-segmented content words (compounds of two or
more syllables, no digits) of the bundled reports and the evaluation documents with the
number of documents each occurs in, most widespread first: the words of plans, decisions,
notices and reports of every sector rather than of one document or one question.
``--check`` says which Vietnamese phrases of the admin glossary occur in fewer than
``MIN_DOCUMENTS`` documents (the administrative tier words in ``TIER_WORDS`` excepted);
a test runs the same check.

Cách dùng / usage::

    python -m eval.genre_terms --top 300
    python -m eval.genre_terms --check
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path

ADMIN_TABLE = Path(__file__).resolve().parent.parent / "qa" / "data" / "glossary_admin_en_vi.tsv"
# A phrase of the admin glossary must be said in at least this many of the documents.
MIN_DOCUMENTS = 4
# Tiers and bodies of provincial administration, named by the law on local government
# whether or not a given document uses them.
TIER_WORDS = frozenset({"tỉnh", "huyện", "xã", "phường", "sở", "thôn", "ấp"})
_SYLLABLE = re.compile(r"\w+", re.UNICODE)


def _syllables(text: str) -> tuple[str, ...]:
    from hoidap.text import nfc, normalize_tones

    return tuple(_SYLLABLE.findall(normalize_tones(nfc(text)).lower()))


def document_frequency(phrases: Iterable[str], texts: Mapping[str, str]) -> dict[str, int]:
    """In how many of ``texts`` each phrase occurs, as whole syllables.

    >>> document_frequency(["kế hoạch", "hoạch"], {"a": "Kế hoạch số 5", "b": "kế hoạch"})
    {'kế hoạch': 2, 'hoạch': 2}
    """
    wanted = {p: _syllables(p) for p in phrases}
    sizes = {len(g) for g in wanted.values() if g}
    out = dict.fromkeys(wanted, 0)
    for text in texts.values():
        words = _syllables(text)
        grams = {words[i : i + n] for n in sizes for i in range(len(words) - n + 1)}
        for phrase, gram in wanted.items():
            out[phrase] += gram in grams
    return out


def compounds_by_documents(texts: Mapping[str, str]) -> list[tuple[str, int]]:
    """Segmented content words of two or more syllables (no digits) with the number of
    documents each occurs in, most widespread first (ties alphabetical)."""
    from ingest.nlp import segment

    df: Counter[str] = Counter()
    for text in texts.values():
        found = set(re.findall(r"\w+(?:_\w+)+", segment(text)))
        df.update(w.replace("_", " ") for w in found if not re.search(r"\d", w))
    return sorted(df.items(), key=lambda t: (-t[1], t[0]))


def admin_phrases(path: Path = ADMIN_TABLE) -> list[str]:
    """Every Vietnamese alternative of the admin glossary, once."""
    from qa.glossary import _load

    return list(dict.fromkeys(a for alts in _load(path).values() for a in alts))


def rare_phrases(texts: Mapping[str, str], path: Path = ADMIN_TABLE) -> list[tuple[str, int]]:
    """Phrases of the admin glossary said in fewer than ``MIN_DOCUMENTS`` documents."""
    phrases = [p for p in admin_phrases(path) if p.lower() not in TIER_WORDS]
    df = document_frequency(phrases, texts)
    return [(p, n) for p, n in df.items() if n < MIN_DOCUMENTS]


def main(argv: list[str] | None = None) -> int:
    from eval.corpus_index import report_texts
    from hoidap.config import load_config

    parser = argparse.ArgumentParser(prog="python -m eval.genre_terms", description=__doc__)
    parser.add_argument("--top", type=int, default=400, help="how many words to list")
    parser.add_argument("--check", action="store_true", help="check the admin glossary")
    args = parser.parse_args(argv)
    texts = report_texts(load_config())
    if args.check:
        rare = rare_phrases(texts)
        for phrase, n in rare:
            print(f"{n}\t{phrase}")
        print(
            f"{len(rare)} phrases in fewer than {MIN_DOCUMENTS} of {len(texts)} documents",
            file=sys.stderr,
        )
        return 1 if rare else 0
    for word, n in compounds_by_documents(texts)[: args.top]:
        print(f"{n}\t{word}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
