"""A BM25 vocabulary (token -> id) in a few numpy arrays instead of a dict.

bm25s loads a field's vocabulary as a Python dict: a string object and a dict slot per
token, about 65 bytes a token. Figures make the vocabulary large (every number is a token,
as written and normalised): at 30,700 chunks the two fields hold 354,000 tokens, 23 MB
as dicts. Here the tokens sit in one UTF-8 buffer in id order with their offsets, and a
token is found by its ``hash()`` in a sorted array, then compared byte for byte, so a
lookup is exact: about 25 bytes a token.

>>> vocab = Vocabulary({"cà_mau": 0, "859.463": 1, "tiêm": 2})
>>> vocab.get("tiêm"), vocab.get("859463"), len(vocab)
(2, None, 3)
"""

from __future__ import annotations

import array
import bisect
import itertools
from collections.abc import Mapping

import numpy as np

# The string hash (a module name, so that tests can make tokens collide).
_hash = hash


class Vocabulary:
    """``token -> id`` for ids ``0 .. n-1``, read-only, with ``dict.get``'s lookup."""

    def __init__(self, vocab: Mapping[str, int]) -> None:
        n = len(vocab)
        slots: list[str | None] = [None] * n
        for token, i in vocab.items():
            if not 0 <= i < n or slots[i] is not None:
                raise ValueError(f"BM25 vocabulary ids are not 0..{n - 1}: {token!r} has {i}")
            slots[i] = token
        tokens = [t for t in slots if t is not None]
        if len(tokens) != n:
            raise ValueError(f"BM25 vocabulary ids are not 0..{n - 1}")
        encoded = [t.encode("utf-8", "surrogatepass") for t in tokens]
        offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=n), out=offsets[1:])
        self._blob = b"".join(encoded)
        # Python's string hash (the same within this process, which is all that is needed:
        # the arrays are made when the index is opened), sorted, with the id of each.
        # Typed arrays of the standard library: bisect reads them at C speed.
        hashes = np.fromiter(map(_hash, tokens), dtype=np.int64, count=n)
        order = np.argsort(hashes, kind="stable")
        self._offsets = array.array("q", offsets.tobytes())
        self._hashes = array.array("q", hashes[order].tobytes())
        wide = n >= 2**31
        ids = order.astype(np.int64 if wide else np.int32)
        self._ids = array.array("q" if wide else "i", ids.tobytes())

    def __len__(self) -> int:
        return len(self._ids)

    def get(self, token: str, default: int | None = None) -> int | None:
        """The token's id, or ``default`` when the vocabulary does not hold it."""
        h = _hash(token)
        hashes = self._hashes
        at = bisect.bisect_left(hashes, h)
        want: bytes | None = None
        # Tokens with one hash are next to each other: compare each one's bytes.
        while at < len(hashes) and hashes[at] == h:
            i = self._ids[at]
            want = want or token.encode("utf-8", "surrogatepass")
            if self._blob[self._offsets[i] : self._offsets[i + 1]] == want:
                return i
            at += 1
        return default

    def tokens(self) -> list[str]:
        """Every token, in id order."""
        blob, offsets = self._blob, self._offsets.tolist()
        return [blob[a:b].decode("utf-8", "surrogatepass") for a, b in itertools.pairwise(offsets)]
