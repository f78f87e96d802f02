"""underthesea, loaded fast: sentence splitting and word segmentation.

``import underthesea`` also imports its optional pipelines: translation pulls in torch
and transformers (3-7 s), classification and the others a few tenths of a second more.
Word and sentence segmentation need none of them, so they are hidden while underthesea
loads (its ``translate``, ``classify`` ... are then None) and restored afterwards, so an
explicit ``import underthesea.pipeline.translate`` still works. qa uses the same
functions for questions, so queries and chunks are segmented alike.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Any

from hoidap.imports import import_without

# underthesea's optional pipelines, each imported by ``import underthesea`` when it can be
# (a None there when not): translation pulls in torch and transformers, the others load
# sklearn / joblib-sized modules (~0.1-0.2 s of a server's start-up) that segmentation
# never uses. An explicit ``import underthesea.pipeline.classification`` still works.
_HEAVY = (
    "underthesea.pipeline.translate",
    "underthesea.pipeline.classification",
    "underthesea.pipeline.sentiment",
    "underthesea.pipeline.lang_detect",
    "underthesea.pipeline.dependency_parse",
    "underthesea.agent",
    "underthesea.address",
)
# Pipelines ``import underthesea`` imports unconditionally, each building its dictionary
# tables at import (~0.08 s apiece, a quarter of a second of every process's start) though
# segmentation never calls them: stood in for while underthesea loads, their functions
# (``underthesea.pos_tag`` …) import the real pipeline when first called.
_DEFERRED = {
    "underthesea.pipeline.pos_tag": ("pos_tag",),
    "underthesea.pipeline.ner": ("ner",),
    "underthesea.pipeline.chunking": ("chunk",),
}
_LOAD_LOCK = threading.Lock()
_loaded = False


@functools.lru_cache(maxsize=1)
def _underthesea() -> Any:
    return import_without("underthesea", _HEAVY, _DEFERRED)


# underthesea's segmentation model folder, as its word_tokenize names it.
_WORD_MODEL = "ws_crf_vlsp2013_20230727"


def _load_word_model() -> None:
    """underthesea's word segmentation model, loaded as underthesea loads it but with the C
    unpickler: underthesea reads the model's word list (72,547 words) with ``joblib.load``,
    whose unpickler is pickle's pure-Python one, 0.25 s of every process's start (a
    server's answer workers, a one-shot ``hoidap ask``) where ``pickle.load`` takes 0.05 s.
    Both files are plain pickles in the installed package (what joblib would unpickle
    anyway); any difference (another underthesea layout, a file joblib wrote arrays into)
    leaves the loading to underthesea's own first call."""
    import pickle
    import sys
    from pathlib import Path

    package = sys.modules.get("underthesea.pipeline.word_tokenize")
    if package is None or getattr(package, "word_tokenize_model", True) is not None:
        return
    try:
        from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger
        from underthesea_core import CRFFeaturizer, CRFTagger

        folder = Path(str(package.__file__)).parent / "models" / _WORD_MODEL
        model = FastCRFSequenceTagger()
        with (folder / model.path_features).open("rb") as f:
            features = pickle.load(f)
        with (folder / model.path_dictionary).open("rb") as f:
            dictionary = pickle.load(f)
        if not isinstance(features, list) or not isinstance(dictionary, set):
            return
        estimator = CRFTagger()
        estimator.load(str(folder / model.path_model))
        model.featurizer = CRFFeaturizer(features, dictionary)
        model.estimator = estimator
    except Exception:  # underthesea's own loader takes over, as before
        return
    package.word_tokenize_model = model  # type: ignore[attr-defined]  # its word_tokenize reads it


def _ready() -> Any:
    """underthesea with its models loaded. Its loaders are lazy and not thread-safe (two
    first calls at once crash with "'NoneType' object has no attribute ..."), so the first
    call of each function happens once, under a lock; later calls skip the lock."""
    global _loaded
    if not _loaded:
        with _LOAD_LOCK:
            if not _loaded:
                module = _underthesea()
                _load_word_model()
                module.sent_tokenize("Khởi động. Xong.")
                module.word_tokenize("khởi động", format="text")
                _loaded = True
    return _underthesea()


def sentences(text: str) -> list[str]:
    """Split Vietnamese text into sentences (underthesea ``sent_tokenize``)."""
    fn: Callable[[str], list[str]] = _ready().sent_tokenize
    return fn(text)


def segment(text: str) -> str:
    """Word-segmented, lowercased text for BM25: "Cà Mau tiêm" -> "cà_mau tiêm".

    >>> segment("Tỉnh Cà Mau đã tổ chức tiêm vắc xin")
    'tỉnh cà_mau đã tổ_chức tiêm vắc_xin'
    """
    if not text.strip():
        return ""
    out: str = _ready().word_tokenize(text, format="text")
    return out.lower()


# underthesea's word classes (the VLSP tag set) that name nothing a passage could lack:
# conjunctions, pronouns (its question words too: "bao lâu", "gì", "tất cả") and interjections.
# Not prepositions, adverbs or particles: "trước", "sau", "ngoài", "mới", "riêng" scope a
# figure, and a sentence lacking them is less often right (eval/README.md, nineteenth session).
FUNCTION_TAGS = frozenset({"C", "CC", "P", "I"})
_POS_LOCK = threading.Lock()
_pos_loaded = False


@functools.lru_cache(maxsize=256)
def function_words(text: str) -> frozenset[str]:
    """The words of a Vietnamese question that underthesea's part-of-speech tagger reads as
    function words (:data:`FUNCTION_TAGS`), lowercased and joined as :func:`segment` joins
    them ("bao_lâu", "có_thể"): what an unsure answer need not say its closest passage lacks.
    The tagger segments on its own, so a word it splits otherwise is simply not listed.

    >>> sorted(function_words("Sóc Trăng mất bao lâu để tiêm xong cho tất cả, nhưng riêng trẻ em?"))
    ['bao_lâu', 'nhưng', 'tất_cả']
    """
    global _pos_loaded
    module = _ready()
    if not _pos_loaded:
        # Its model loads on the first call, which is not thread-safe (as segmentation's).
        with _POS_LOCK:
            if not _pos_loaded:
                module.pos_tag("khởi động")
                _pos_loaded = True
    tagged: list[tuple[str, str]] = module.pos_tag(text)
    return frozenset("_".join(word.lower().split()) for word, tag in tagged if tag in FUNCTION_TAGS)


@functools.lru_cache(maxsize=1024)
def segment_question(text: str) -> str:
    """:func:`segment` of a question's text, remembered: a follow-up reads the question
    before it again, a chat or a server is asked the same question more than once, and
    underthesea takes ~0.25 ms a call (two calls a question: BM25's text and the match
    terms'). Only short texts come here (never a whole report), so 1,024 are a few KB.

    >>> segment_question("Cà Mau tiêm vắc xin") == segment("Cà Mau tiêm vắc xin")
    True
    """
    return segment(text)
