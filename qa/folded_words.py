"""A question written without diacritics, read in the words of the passages retrieved for it.

Written with accents, a question is segmented by underthesea ("huyện Đầm Dơi hiện còn bao
nhiêu khu phong tỏa" gives "huyện", "đầm_dơi", "hiện", "khu", "phong_tỏa") and a compound is
matched whole. Without accents underthesea cannot segment it (its model reads the tone marks:
"huyen dam doi_hien con bao nhieu khu phong toa"), so the question's terms were its single
folded syllables, and a folded syllable stands for many words: "doi" is "đối", "đội", "đổi",
"đời" and the "Dơi" of "Đầm Dơi"; "phong" is the "phòng" of "phòng, chống" as well as the
"phong" of "phong tỏa". Read so, "hiện còn 64 khu phong tỏa" held more of "huyen dam doi hien
con bao nhieu khu phong toa" than "huyện Đầm Dơi 13 khu", its answer, did.

Which adjacent syllables of the question make one word is read from the passages retrieved
for it: the compounds underthesea wrote when it segmented them at index time
(``Chunk.segmented``), folded. A compound of the question is then matched as a phrase of
whole folded syllables, as an accented question's compound is (``qa.coverage.Cover.hits``),
and weighs as the passages spell it. A syllable left single that the passages write (nearly)
always one way ("huyen": only "huyện") weighs as that word too; one written several ways ("hien":
"hiện", "hiến") stays as rare as all of them together.
A dictionary was tried first (underthesea's own Viet74K word list with the names of every
administrative unit, by maximum matching either way): it joined "chuyen doi so" as "chuyen
doi_so" and "dung tien mat" as "dung_tien mat", because a word list says which syllables can
make a word, not which do here; the passages about the question say how its words are
written there, and they are what its terms are matched against.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from hoidap.types import Chunk
from qa.matching import cached_fold
from qa.query import Query, question_stopwords

# Underthesea writes few compounds of more than four syllables, and a question's longer ones
# are names already blanked out (provinces) or split by the documents the same way.
MAX_SYLLABLES = 4
# A compound as the segmented text writes it, folded: syllables of letters and digits.
_COMPOUND = re.compile(rf"^[a-z0-9]+(?:_[a-z0-9]+){{1,{MAX_SYLLABLES - 1}}}$")


def document_words(chunks: Iterable[Chunk]) -> dict[str, Counter[str]]:
    """The words the chunks' segmented text writes, folded ("đầm_dơi" as "dam_doi"): the
    compounds and the single words of letters, each with its spellings there and how often
    each is written (one pass serves both readings of :func:`worded`).

    >>> c = Chunk("c", "r", "r.txt", "Cà Mau", "s", (), 0, "", "",
    ...           "huyện đầm_dơi 13 khu phong_tỏa ; covid-19 phong_toả", "", 1, 1, 0, 1)
    >>> words = document_words([c])
    >>> sorted((w, dict(n)) for w, n in words.items() if "_" in w)
    [('dam_doi', {'đầm_dơi': 1}), ('phong_toa', {'phong_tỏa': 1, 'phong_toả': 1})]
    >>> sorted(w for w in words if "_" not in w)
    ['huyen', 'khu']
    """
    words: dict[str, Counter[str]] = {}
    for chunk in chunks:
        written = chunk.segmented.split()
        folded = cached_fold(chunk.segmented).split()
        if len(written) != len(folded):  # folding never joins or splits words; if it did
            continue
        for said, word in zip(written, folded, strict=True):
            if word.isalpha() or _COMPOUND.match(word):
                words.setdefault(word, Counter())[said] += 1
    return words


def segment(run: Sequence[str], words: Counter[str]) -> list[str]:
    """One run of the question's syllables cut into the fewest pieces, each a syllable or a
    compound of ``words``; of cuts into as many pieces, the one whose compounds the passages
    write most often (then the first found).

    >>> segment(["chuyen", "doi", "so"], Counter({"chuyen_doi": 5, "doi_so": 1}))
    ['chuyen_doi', 'so']
    >>> segment(["khu", "phong", "toa"], Counter({"phong_toa": 2}))
    ['khu', 'phong_toa']
    """
    # best[i]: (pieces, -count) of the best cut of run[:i], and where its last piece starts.
    best: list[tuple[int, int, int]] = [(0, 0, 0)]
    for end in range(1, len(run) + 1):
        options = []
        for size in range(1, min(MAX_SYLLABLES, end) + 1):
            start = end - size
            seen = 0
            if size > 1:
                seen = words.get("_".join(run[start:end]), 0)
                if not seen:
                    continue
            pieces, neg, _ = best[start]
            options.append((pieces + 1, neg - seen, start))
        best.append(min(options))
    out: list[str] = []
    end = len(run)
    while end:
        start = best[end][2]
        out.append("_".join(run[start:end]))
        end = start
    return out[::-1]


def worded(query: Query, chunks: Sequence[Chunk]) -> Query:
    """A diacritic-free question whose match terms are the words the retrieved ``chunks``
    write, joined where they write its adjacent syllables as one word; any other question
    as it is. A compound is formed only of syllables the question matches on or its stop
    words ("cơ quan": "co" is a stop word, "quan" a term), with at least one term among them,
    so a word taken out of the terms on purpose (a percentage's "phần trăm", a linking "đạt")
    stays out."""
    if query.language != "vi-noaccent" or not query.syllables or not chunks:
        return query
    words = document_words(chunks)
    own = set(query.match_terms)
    stop = question_stopwords()
    usable = Counter(
        {
            w: sum(said.values())
            for w, said in words.items()
            if "_" in w
            and all(p in own or p in stop for p in w.split("_"))
            and any(p in own for p in w.split("_"))
        }
    )
    terms: list[str] = []
    run: list[str] = []
    for syllable in (*query.syllables, ""):
        if syllable:
            run.append(syllable)
            continue
        terms += [p for p in segment(run, usable) if "_" in p or p in own]
        run = []
    joined = {p for t in terms if "_" in t for p in t.split("_")}
    # Terms the syllables do not hold (an acronym, a follow-up's inherited ones) are kept.
    rest = [t for t in query.match_terms if t not in joined]
    # How rare a compound is: its spelling's, as for an accented question (a folded syllable
    # is many words, so the rarest of a folded compound's syllables is far commoner).
    spellings = tuple((t, words[t].most_common(1)[0][0]) for t in dict.fromkeys(terms) if "_" in t)
    # A single syllable the passages spell one way ("huyen": only "huyện") weighs as that word.
    spellings += tuple(
        (t, said) for t in dict.fromkeys(terms) if "_" not in t and (said := _one_way(words.get(t)))
    )
    return replace(query, match_terms=tuple(dict.fromkeys((*terms, *rest))), spellings=spellings)


# The share of a folded syllable's occurrences one spelling must have to stand for it.
ONE_SPELLING = 0.9


def _one_way(ways: Counter[str] | None) -> str:
    """The spelling that (nearly) always writes a folded word ("" when none does)."""
    if not ways:
        return ""
    spelled, n = ways.most_common(1)[0]
    return spelled if n >= ONE_SPELLING * sum(ways.values()) else ""
