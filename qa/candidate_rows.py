"""The scorer's rows of a question's candidates, mostly written before the question's vector.

:func:`qa.candidates.candidates` describes each candidate by one dictionary of all its
features (the fitting reads those, eval/fit.py), and the scorer then reads a row from each,
name by name. At answer time that was ~0.5 ms of the asking thread's CPU after the
question's vector (~40 candidates: a merged dictionary of ~30 cues each, a dataclass, then
a lookup of each of the model's ~75 names): part of what a question costs beyond the bare
floor (bench/bench_perf.py).

Here a candidate's row is written in two steps. Its *head*, everything but the seven
features that depend on where its sentence ranks, is worked out once per sentence
(:class:`RowHeads`), while the question is being embedded for the sentences likely to be
read (``Answerer.prescore``); after the vector only the rank features are written in
(:func:`scorer_rows`). The values are the merged dictionary's, to the bit: a head is read
from the same parts merged in the same order (a later part overrides an earlier one), and a
rank feature is written only where no later part names it. What else the answer reads of a
candidate (its ``target_for_result``, its passage, the best one's whole description) is
looked up on demand (:meth:`Rows.value`, :meth:`Rows.features`).

>>> from qa.query import understand
>>> from qa.candidates import SentenceParts
>>> scorer_rows(understand("Cà Mau tiêm bao nhiêu người?"), [], ("prior",)).rows
[]
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Sequence

from hoidap.text import NumberMention
from qa.candidates import KINDS, MAX_SENTENCES, RANK_FEATURES, Own, SentenceParts, rank_values
from qa.query import Query
from qa.scored import Scored
from qa.sentences import Sentence

_RANK_NAMES = frozenset(RANK_FEATURES)

Figures = tuple[tuple[float, NumberMention, bool, float], ...]
Cues = tuple[tuple[str, float], ...]
# Which rank features a candidate's row takes: (column, position in RANK_FEATURES) of those
# the scorer reads and no part of the candidate names.
Columns = tuple[tuple[int, int], ...]
# A sentence's heads: what they were worked out from (figures, cues), its own features and
# candidates (``qa.candidates.Parts``, shared with the question's SentenceParts), and per
# candidate its row without the rank features and the rank features it takes. Few objects
# the garbage collector tracks (the rows are flat arrays): ~30 of these live through each
# question's answer stage, and each tracked object that outlives a young collection makes
# the next full one (~0.1 s over a loaded index) come sooner.
Known = tuple[
    Figures,
    Cues,
    dict[str, float],
    tuple[Own, ...],
    tuple["array[float]", ...],
    tuple[Columns, ...],
]


class RowHeads:
    """The heads of one question's candidate rows for one scorer's ``names``, by sentence
    (worked out once; a sentence asked for again with other figures or cues, another
    reading of the question, is worked out anew)."""

    def __init__(self, query: Query, names: Sequence[str]) -> None:
        # Not the question's SentenceParts, which holds this: a cycle would keep both (and
        # every part they hold) until the next full garbage collection, and make those
        # collections more frequent (a question's CPU rose by ~0.5 ms with it).
        self.names = tuple(names)
        self.base_kind = {f"kind_{query.kind}": 1.0} if query.kind in KINDS else {}
        column = {name: i for i, name in enumerate(self.names)}
        self._rank_columns = tuple(
            (column[n], k) for k, n in enumerate(RANK_FEATURES) if n in column
        )
        # Every column of each name (a name the scorer reads twice is written twice).
        self._columns: dict[str, tuple[int, ...]] = {}
        for i, name in enumerate(self.names):
            self._columns[name] = (*self._columns.get(name, ()), i)
        self._known: dict[tuple[str, int], Known] = {}

    def of(
        self, parts: SentenceParts, sentence: Sentence, figures: Figures, cues: Cues
    ) -> tuple[dict[str, float], tuple[Own, ...], tuple[array[float], ...], tuple[Columns, ...]]:
        """The sentence's own features and candidates (``qa.candidates.Parts``), and each
        candidate's head (its row without the rank features) and the rank features it takes,
        for a sentence scored with ``figures`` and ``cues`` (``Scored``'s); ``parts``: the
        question's."""
        key = (sentence.chunk.chunk_id, sentence.index)
        known = self._known.get(key)
        if known is not None and known[0] is figures and known[1] == cues:
            return known[2], known[3], known[4], known[5]
        alone, own = parts.of(sentence, figures)
        before = {**dict(cues), **self.base_kind, **alone}
        # The sentence's row, then each candidate's own features written over it: the
        # values of ``{**before, **feats}`` read name by name, without that dictionary.
        base = array("d", map(before.get, self.names, itertools.repeat(0.0)))
        where = self._columns
        rows = []
        columns = []
        for _, _, feats in own:
            row = base[:]
            for name, value in feats.items():
                for at in where.get(name, ()):
                    row[at] = value
            rows.append(row)
            ranks = self._rank_columns
            if not _RANK_NAMES.isdisjoint(alone) or not _RANK_NAMES.isdisjoint(feats):
                # A part that names a rank feature overrides it, as in the merged dictionary.
                ranks = tuple(
                    (at, k)
                    for at, k in ranks
                    if RANK_FEATURES[k] not in alone and RANK_FEATURES[k] not in feats
                )
            columns.append(ranks)
        out = (figures, cues, alone, own, tuple(rows), tuple(columns))
        self._known[key] = out
        return out[2], out[3], out[4], out[5]


def row_heads(parts: SentenceParts, names: tuple[str, ...]) -> RowHeads:
    """The question's :class:`RowHeads` for ``names``, kept with its ``parts``."""
    heads = parts.rows.get(names)
    if not isinstance(heads, RowHeads):
        heads = parts.rows[names] = RowHeads(parts.query, names)
    return heads


class Rows:
    """The candidates of one question as the scorer reads them: ``rows`` (one array of
    doubles per candidate, in the scorer's ``names`` order), and per candidate its sentence
    (``scored``), figure and lead. :meth:`features` gives a candidate's whole description,
    the dictionary :func:`qa.candidates.candidates` makes; :meth:`value` one of them."""

    def __init__(self, base_kind: dict[str, float]) -> None:
        self.base_kind = base_kind
        self.rows: list[array[float]] = []
        self.scored: list[Scored] = []
        self.figures: list[NumberMention | None] = []
        self.leads: list[str] = []
        # Per candidate: its sentence's rank features and the parts of its own, in the
        # order the merged dictionary takes them after the sentence's cues and the kind.
        self._parts: list[tuple[dict[str, float], dict[str, float], dict[str, float]]] = []

    def __len__(self) -> int:
        return len(self.rows)

    def features(self, i: int) -> dict[str, float]:
        """Candidate ``i``'s features, as ``qa.candidates.candidates`` gives them."""
        ranked, alone, own = self._parts[i]
        return {**dict(self.scored[i].cues), **self.base_kind, **ranked, **alone, **own}

    def value(self, i: int, name: str, default: float = 0.0) -> float:
        """``self.features(i).get(name, default)`` without building the dictionary."""
        for part in reversed(self._parts[i]):
            if name in part:
                return part[name]
        if name in self.base_kind:
            return self.base_kind[name]
        cues = self.scored[i].cues
        return next((v for n, v in reversed(cues) if n == name), default)


def scorer_rows(
    query: Query,
    ranked: Sequence[Scored],
    names: Sequence[str],
    limit: int = MAX_SENTENCES,
    parts: SentenceParts | None = None,
) -> Rows:
    """The rows of ``qa.candidates.matrix(candidates(query, ranked, limit, parts), names)``
    and what the answer reads of each candidate, without their dictionaries. ``parts``: the
    question's, with the heads worked out so far (others are not read)."""
    if parts is None or parts.query is not query:
        parts = SentenceParts(query)
    heads = row_heads(parts, tuple(names))
    out = Rows(heads.base_kind)
    if not ranked:
        return out
    kept = list(ranked[:limit])
    for s, values in zip(kept, rank_values(kept, query), strict=True):
        ranks = dict(zip(RANK_FEATURES, values, strict=True))
        alone, own, heads_of, columns_of = heads.of(parts, s.sentence, s.figures, s.cues)
        for (figure, lead, feats), head, columns in zip(own, heads_of, columns_of, strict=True):
            row = head[:]
            for at, k in columns:
                row[at] = values[k]
            out.rows.append(row)
            out.scored.append(s)
            out.figures.append(figure)
            out.leads.append(lead)
            out._parts.append((ranks, alone, feats))
    return out
