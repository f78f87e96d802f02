"""How a question's terms are found in a text: as whole words, or a compound as a phrase.

The sentence scorer (``qa.ranking``, ``qa.coverage``) and the refusal rules
(``qa.refusals``) match the same terms in the same texts question after question, so the
forms a text is matched in (folded, or lowercase with tone marks in one placement) and its
words are remembered by the text itself (``hoidap.memo.bytes_cache``), in caches shared by
all of them.
"""

from __future__ import annotations

import functools
import re
import sys

from hoidap.memo import bytes_cache, text_words_size
from hoidap.text import fold, normalize_tones
from index.chunkstore import TERM_WORD


def has_term(term: str, words: frozenset[str], text: str) -> bool:
    """A word, or a segmented compound ("tử_vong") as a phrase of whole syllables."""
    if "_" not in term:
        return term in words
    parts = term.split("_")
    if not all(p in words for p in parts):
        return False  # cheap test first: every syllable must be there
    return _phrase(term).search(text) is not None


@functools.lru_cache(maxsize=4096)
def _phrase(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(term.replace('_', ' '))}(?!\w)")


def holds_phrase(text: str, phrase: str) -> bool:
    """``_phrase(term).search(text)`` without a pattern (compiling one for each new term
    of each question cost more than the search): ``phrase`` not touching a word character
    (a letter, a digit or "_", as the pattern's ``\\w``) on either side."""
    size, at = len(phrase), text.find(phrase)
    while at >= 0:
        end = at + size
        if (at == 0 or not _word_char(text[at - 1])) and (
            end == len(text) or not _word_char(text[end])
        ):
            return True
        at = text.find(phrase, at + 1)
    return False


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


# ~12.5 MB for the bundled corpus's sentences, paths and chunks (252 gold questions).
@bytes_cache(20 << 20, size=text_words_size)
def text_words(text: str) -> frozenset[str]:
    # Interned: the same words recur in thousands of sentences, one copy of each is kept.
    return frozenset(map(sys.intern, TERM_WORD.findall(text)))


# A text folded, or with its tone marks in one placement, remembered by the text itself.
cached_fold = bytes_cache(3 << 20)(fold)  # ~1.8 MB for the bundled corpus
cached_tones = bytes_cache(2 << 20)(normalize_tones)  # ~0.9 MB


@bytes_cache(2 << 20)
def lower_tones(text: str) -> str:
    """``normalize_tones(text.lower())``, remembered by the text itself: a sentence's
    lead-in is the same string object question after question, so its hash is kept and no
    lowercase copy is made just to look it up."""
    return normalize_tones(text.lower())


@bytes_cache(2 << 20)  # ~0.9 MB
def chunk_lower(clean: str) -> str:
    """A chunk's text lowercase with tone marks in one placement: where a term the
    sentence lacks may still be said (once per chunk, not once per question)."""
    return normalize_tones(clean.lower())
