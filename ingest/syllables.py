"""Vietnamese syllables: putting letter-spaced text ("K ế t qu ả") back together.

A browser printing a page may place each glyph separately, and the PDF text layer then
reads one letter (or a few) per token. Vietnamese writes one syllable per word, and a
syllable has a fixed shape (onset consonant, vowel nucleus with at most one tone mark,
optional final consonant or glide), so the letters can be cut back into syllables: of all
cuts into valid syllables the one with fewest syllables wins, and among those the one
with the fewest syllables that start with a vowel ("cá nhân", not "cánh ân"), then the
one whose earlier syllables are longer ("thực hiện", not "thự chiện"). Where the
printer kept wider gaps between words, those gaps are the word breaks instead.

No maintained library does this for Vietnamese (underthesea segments words, it does not
rebuild syllables); its dictionary gives the syllables and words, and a small table of
onsets and finals the shape of a syllable it does not list.

>>> unspace("K ế t qu ả th ự c hi ệ n")
'Kết quả thực hiện'
>>> unspace("Kết quả thực hiện")
'Kết quả thực hiện'
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache, lru_cache

_ONSETS = "ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_VOWELS = "aăâeêioôơuưy"
_FINALS = "ch|ng|nh|c|m|n|p|t|i|o|u|y"
_SYLLABLE = re.compile(rf"^(?:{_ONSETS})?[{_VOWELS}]{{1,3}}(?:{_FINALS})?$")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_MAX_SYLLABLE = 7


def _base(text: str) -> tuple[str, int]:
    """Lowercase letters without tone marks (vowel shapes kept), and the number of tones."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    tones = sum(ch in _TONES for ch in decomposed)
    kept = "".join(ch for ch in decomposed if ch not in _TONES)
    return unicodedata.normalize("NFC", kept), tones


@lru_cache(maxsize=1)
def _dictionary() -> tuple[frozenset[str], frozenset[str]]:
    """(syllables, two-syllable words) of underthesea's Viet74K word list, read as a file
    so that underthesea itself (slow to import) is not loaded."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return frozenset(), frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / "corpus/data/Viet74K.txt"
    if not path.is_file():
        return frozenset(), frozenset()
    syllables: set[str] = set()
    pairs: set[str] = set()
    for word in path.read_text(encoding="utf-8").split("\n"):
        parts = unicodedata.normalize("NFC", word.strip().lower()).split()
        syllables.update(p for p in parts if p.isalpha())
        pairs.update(f"{a} {b}" for a, b in itertools.pairwise(parts))
    return frozenset(syllables), frozenset(pairs)


def is_syllable(text: str) -> bool:
    """Could ``text`` be one Vietnamese syllable ("kết", "quả", "nghiêng")?"""
    if not text.isalpha():
        return False
    known = _dictionary()[0]
    if known:
        return text.lower() in known
    base, tones = _base(text)
    return tones <= 1 and bool(_SYLLABLE.match(base))


def split_syllables(letters: str) -> list[str] | None:
    """Cut a run of letters into syllables (see the module docstring); None when no cut."""
    pairs = _dictionary()[1]

    @cache
    def best(i: int, prev: str) -> tuple[int, int, tuple[str, ...]] | None:
        if i == len(letters):
            return 0, 0, ()
        found: tuple[int, int, tuple[str, ...]] | None = None
        for j in range(i + 1, min(len(letters), i + _MAX_SYLLABLE) + 1):
            piece = letters[i:j]
            if not is_syllable(piece):
                continue
            rest = best(j, piece.lower())
            if rest is None:
                continue
            word = int(f"{prev} {piece.lower()}" in pairs)
            cand = (rest[0] + 1, rest[1] - word, (piece, *rest[2]))
            if found is None or cand[:2] < found[:2]:
                found = cand
        return found

    result = best(0, "")
    return list(result[2]) if result else None


def _spaced(tokens: list[str]) -> bool:
    short = sum(1 for t in tokens if len(t) <= 2 and t.isalpha())
    return len(tokens) >= 4 and short >= 0.7 * len(tokens)


def unspace(line: str) -> str:
    """Rebuild a letter-spaced line; any other line comes back unchanged."""
    tokens = line.split()
    if not _spaced(tokens):
        return line
    lead = line[: len(line) - len(line.lstrip())]
    if re.search(r"\S {2,}\S", line.strip()):
        # Wider gaps are the word breaks: "K ế t  qu ả" -> "Kết quả".
        words = [w.replace(" ", "") for w in re.split(r" {2,}", line.strip())]
        return lead + " ".join(words)
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        letters = "".join(run)
        cut = split_syllables(letters)
        out.extend(_recase(cut, letters) if cut else run)
        run.clear()

    for token in tokens:
        if token.isalpha():
            run.append(token)
        else:
            flush()
            out.append(token)
    flush()
    return lead + _attach(out)


def _recase(pieces: list[str], letters: str) -> list[str]:
    out, pos = [], 0
    for piece in pieces:
        out.append(letters[pos : pos + len(piece)])
        pos += len(piece)
    return out


def _attach(tokens: list[str]) -> str:
    """Join tokens with spaces, but glue punctuation to the word before it."""
    text = " ".join(tokens)
    return re.sub(r" ([,.;:!?%)])", r"\1", text)
