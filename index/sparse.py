"""BM25 over two fields of each chunk: underthesea words and unaccented syllables.

Vietnamese writes words as space-separated syllables ("vắc xin", "Cà Mau"), so BM25
over raw syllables matches "Cà" in unrelated names. The ``segmented`` field uses
underthesea's words ("vắc_xin", "cà_mau") instead. People also type questions without
diacritics ("ca mau tiem bao nhieu"), which no segmenter reads well, so the
``unaccented`` field indexes folded syllables and catches those.

Figures matter most in these reports, and are written "859.463" but asked as "859463",
so every number token is indexed as written and normalised.

Both analysers are applied identically to chunks and to queries; chunks arrive
segmented from ingest (``Chunk.segmented``) and queries go through the same
``ingest.nlp.segment``.
Stored with bm25s' own npy + JSON format, never pickle.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from hoidap.text import fold, nfc, parse_number_token
from hoidap.types import Chunk
from index.vocabulary import Vocabulary

FIELDS = ("segmented", "unaccented")
STOPWORDS_FILE = Path(__file__).parent / "data" / "stopwords_vi.txt"

# A number with a thousands or decimal separator: "859.463", "74,8", "1.045.397".
_SEPARATED_NUMBER = re.compile(r"\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+[.,]\d+")
# Unaccented tokens: whole numbers (separators kept) or runs of word characters.
_UNACCENTED_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W_]+")
_EDGE_PUNCT = "\"'“”‘’()[]{}.,;:!?…-–—"


@cache
def stopwords() -> frozenset[str]:
    """The stop words of the segmented field (see the comments in the file for the choice)."""
    lines = STOPWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if (w := line.split("#", 1)[0].strip()))


def number_forms(token: str) -> list[str]:
    """The normalised spellings of a written number, besides the token itself.

    >>> number_forms("859.463"), number_forms("74,8"), number_forms("2021")
    (['859463'], ['74.8'], [])
    """
    if not _SEPARATED_NUMBER.fullmatch(token):
        return []
    try:
        value = parse_number_token(token)
    except ValueError:
        return []
    form = str(int(value)) if value.is_integer() else repr(value)
    return [form] if form != token else []


def _with_numbers(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for tok in tokens:
        out.append(tok)
        out.extend(number_forms(tok))
    return out


def segment(text: str) -> str:
    """underthesea words joined by "_", lowercased: ingest's own function, so a query is
    segmented exactly as the chunks were (and without underthesea's slow torch import)."""
    from ingest.nlp import segment_question

    return segment_question(nfc(text))


def segmented_terms(segmented: str) -> list[str]:
    """BM25 terms of already segmented text: lowercased, no punctuation, no stop words.

    >>> segmented_terms("Cà_Mau đã tiêm vắc_xin cho 859.463 người .")
    ['cà_mau', 'tiêm', 'vắc_xin', '859.463', '859463', 'người']
    """
    stop = stopwords()
    terms = []
    for raw in nfc(segmented).lower().split():
        tok = raw.strip(_EDGE_PUNCT)
        if tok and any(ch.isalnum() for ch in tok) and tok not in stop:
            terms.append(tok)
    return _with_numbers(terms)


def analyze_segmented(text: str) -> list[str]:
    """BM25 terms of raw text for the segmented field (runs underthesea).

    >>> analyze_segmented("Cà Mau đã tiêm bao nhiêu liều vắc xin?")
    ['cà_mau', 'tiêm', 'liều', 'vắc_xin']
    """
    return segmented_terms(segment(text))


def analyze_unaccented(text: str) -> list[str]:
    """BM25 terms for the unaccented field: folded syllables and numbers, no stop words.

    >>> analyze_unaccented("Cà Mau tiêm 859.463 người")
    ['ca', 'mau', 'tiem', '859.463', '859463', 'nguoi']
    """
    return _with_numbers(_UNACCENTED_TOKEN.findall(fold(text)))


ANALYZERS = {"segmented": analyze_segmented, "unaccented": analyze_unaccented}


def document_terms(chunk: Chunk) -> dict[str, list[str]]:
    """A chunk's terms per field; the segmented field reuses ingest's segmentation."""
    return {
        "segmented": segmented_terms(chunk.segmented),
        "unaccented": analyze_unaccented(chunk.unaccented),
    }


def _bm25s() -> Any:
    """bm25s, with its logger back at WARNING: it sets itself to DEBUG on import, which
    prints "Building index from tokens" on every build once any logging is configured.

    bm25s imports scipy.sparse when it can, only to build its score matrix (its "scipy"
    backend); that import is a third of a second of a server's start-up, and loading or
    searching a saved index never needs it. So scipy.sparse is hidden while bm25s loads
    (unless something imported it already), and every build uses bm25s' own "numpy"
    backend (:data:`CSC_BACKEND`), which gives the same scores, so an index has the same
    bytes whichever was imported first."""
    from hoidap.imports import import_without

    bm25s = import_without("bm25s", ["scipy.sparse"])
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


# bm25s' score-matrix construction without scipy; the same float32 scores as its scipy
# backend (index pointers stored as int64 rather than int32).
CSC_BACKEND = "numpy"


class SparseIndex:
    """One ``bm25s.BM25`` per field over the chunks, in chunk order."""

    def __init__(
        self, retrievers: dict[str, Any], vocabularies: dict[str, Any] | None = None
    ) -> None:
        self.retrievers = retrievers
        # token -> id per field: bm25s' dicts after a build, compact arrays once loaded.
        self.vocabularies = vocabularies or {f: r.vocab_dict for f, r in retrievers.items()}

    @classmethod
    def build(cls, chunks: list[Chunk]) -> SparseIndex:
        bm25s = _bm25s()
        terms = [document_terms(c) for c in chunks]
        retrievers = {}
        for field in FIELDS:
            retriever = bm25s.BM25(csc_backend=CSC_BACKEND)
            retriever.index([t[field] for t in terms], show_progress=False)
            retrievers[field] = retriever
        return cls(retrievers)

    def save(self, folder: Path) -> None:
        for field, retriever in self.retrievers.items():
            retriever.save(folder / field, show_progress=False)

    @classmethod
    def load(cls, folder: Path) -> SparseIndex:
        """The saved arrays memory-mapped, as the dense vectors are: a search reads only the
        columns of its terms, so the index neither waits to read them all nor keeps them
        all in RAM (at 30k chunks the two fields' arrays are ~45 MB). Writes never touch a
        loaded folder (a new index is renamed into place), so the mapping stays valid."""
        bm25s = _bm25s()
        retrievers = {
            field: bm25s.BM25.load(folder / field, mmap=True, show_progress=False)
            for field in FIELDS
        }
        vocabularies = {}
        for field, retriever in retrievers.items():
            # bm25s' vocabulary dict (23 MB for the two fields at 30k chunks) becomes a
            # compact Vocabulary (~9 MB), and the set of every token id, which only bm25s'
            # own ``retrieve`` reads, is dropped (8 MB): we look ids up ourselves and call
            # ``get_scores_from_ids``. A loaded index is searched, never saved again.
            vocabularies[field] = Vocabulary(retriever.vocab_dict)
            retriever.vocab_dict = None
            retriever.unique_token_ids_set = None
            # Plain arrays over the same mapped pages (no copy): bm25s slices them once per
            # query term, and each slice of an ``np.memmap`` runs its Python-level
            # ``__getitem__`` and ``__array_finalize__`` (~70 a question).
            arrays = retriever.scores
            for name, value in arrays.items():
                if isinstance(value, np.memmap):
                    arrays[name] = value.view(np.ndarray)
        return cls(retrievers, vocabularies)

    def search(self, query: str, k: int, field: str = "segmented") -> list[tuple[int, float]]:
        """Chunk positions and BM25 scores, best first; only chunks sharing a term."""
        if field not in self.retrievers:
            raise ValueError(f"unknown BM25 field {field!r}; use one of {FIELDS}")
        return self.search_terms(ANALYZERS[field](query), k, field)

    def scores(self, terms: list[str], field: str) -> np.ndarray | None:
        """BM25 score of every chunk for ``terms`` (None when no term is in the vocabulary)."""
        lookup = self.vocabularies[field].get
        ids = [i for t in terms if (i := lookup(t)) is not None]
        if not ids:
            return None
        return np.asarray(self.retrievers[field].get_scores_from_ids(ids), dtype=np.float32)

    def search_terms(self, terms: list[str], k: int, field: str) -> list[tuple[int, float]]:
        from index.chunkstore import top_k

        scores = self.scores(terms, field)
        if scores is None or k <= 0:
            return []
        # Ties broken by position, so the same query always lists the same chunks.
        return [(int(p), float(scores[p])) for p in top_k(scores, k, positive=True)]
