"""Which of a question's terms tell its candidate sentences apart.

Term coverage (``qa.coverage``) weighs a question's term by its rarity over the whole index:
"ước" (an estimate) is rare there, but nearly every line of an economic report writes it,
and the province's name is in every sentence of its report. Among the two dozen sentences
a question's scorer reads, a term they all hold tells none of them apart, and one that a
single sentence holds says most about which is meant. :func:`local_coverage` is a
sentence's share of the question's terms weighted that way (an inverse document frequency
over the question's own candidate sentences), a cue beside the index-wide coverage.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from qa.matching import cached_fold, holds_phrase, lower_tones, text_words
from qa.query import Query
from qa.sentences import Sentence, continues


def local_coverage(query: Query, sentences: Sequence[Sentence]) -> list[float]:
    """Each sentence's share of the question's terms (a term held as itself or as one of
    its alternatives), each term weighted by ``log(1 + n / held)`` over the ``n``
    sentences, ``held`` of which hold it; terms no sentence holds tell none apart and are
    left out. 0 for each when no term is held anywhere."""
    if not sentences:
        return []
    accented = query.accented
    terms = query.match_terms or query.terms
    texts = [_text(s, accented) for s in sentences]
    places = [(t, text_words(t)) for t in texts]
    held_by: list[list[bool]] = []
    for term in dict.fromkeys(terms):
        words_of, compounds = _ways((term, *query.alternatives(term)))
        held_by.append(
            [
                not words_of.isdisjoint(w)
                or any(parts <= w and holds_phrase(t, phrase) for parts, phrase in compounds)
                for t, w in places
            ]
        )
    n = len(sentences)
    weights = [(math.log(1 + n / sum(held)), held) for held in held_by if any(held)]
    total = sum(w for w, _ in weights)
    if not total:
        return [0.0] * n
    return [sum(w for w, held in weights if held[i]) / total for i in range(n)]


def _text(sentence: Sentence, accented: bool) -> str:
    """A sentence as its terms are looked for, and, when it breaks down a figure of the
    sentence before ("Trong đó: …", ``qa.own_words.continues``), that sentence too: what the
    part counts, and when, is said there."""
    text = (sentence.lower or sentence.quote.lower()) if accented else sentence.folded
    if not sentence.before or not continues(sentence.quote):
        return text
    before = lower_tones(sentence.before) if accented else cached_fold(sentence.before)
    return f"{before} {text}"


def _ways(ways: Sequence[str]) -> tuple[frozenset[str], list[tuple[frozenset[str], str]]]:
    """The words among ``ways`` of saying a term, and each compound's syllables and phrase
    ("sản_lượng": {"sản", "lượng"}, "sản lượng"), held as a phrase of whole syllables: the
    test ``qa.coverage.Cover.hits`` makes, which the candidates cannot ask (they are worked
    out from the question's ``SentenceParts``, which holds no ``Cover``)."""
    words = frozenset(w for w in ways if "_" not in w)
    compounds = [(frozenset(w.split("_")), w.replace("_", " ")) for w in ways if "_" in w]
    return words, compounds
