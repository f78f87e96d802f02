"""The scorer's rows written straight from the candidates' parts (qa/candidate_rows.py) are
the rows of the candidates' dictionaries (qa/candidates.py), value for value: the answer
reads the one, the fitting the other."""

from __future__ import annotations

from dataclasses import replace

import pytest

from hoidap.types import Hit
from qa.answer import Answerer
from qa.candidate_rows import scorer_rows
from qa.candidates import FEATURES, candidates, matrix
from qa.coverage import TermWeights
from qa.query import understand
from qa.scorer import shipped
from tests.unit.test_qa_coverage import CHUNKS, QUESTIONS

ASKED = [
    *QUESTIONS,
    "Quyết định phê duyệt kế hoạch được ban hành ngày nào?",
    "Cơ quan nào chủ trì công tác cách ly?",
    "Sóc Trăng thực hiện những biện pháp nào để phòng chống dịch?",
    "Vì sao Bắc Giang tổ chức xét nghiệm RT-PCR?",
    "Cà Mau chi bao nhiêu tiền mỗi năm?",
]


def _hits() -> list[Hit]:
    """Every chunk as a hit, retrieval scores falling with the rank."""
    return [
        Hit(c, 1.0 / i, i, {"bm25": 2.0 / i, "dense": 0.5 + 0.1 * i})
        for i, c in enumerate(CHUNKS, start=1)
    ]


def _ranked(question: str) -> tuple[object, list[object]]:
    answerer = Answerer(TermWeights(CHUNKS))
    query = understand(question)
    return query, answerer.rank_sentences(query, _hits())


@pytest.mark.parametrize("question", ASKED)
def test_rows_are_the_candidates_features(question: str) -> None:
    query, ranked = _ranked(question)
    cands = candidates(query, ranked)  # type: ignore[arg-type]
    assert cands
    model = shipped()
    name_sets = [FEATURES, ("nothing_such", *FEATURES[::-1])]
    if model is not None:
        name_sets.append(model.for_kind(query.kind).names)  # type: ignore[attr-defined]
    for names in name_sets:
        rows = scorer_rows(query, ranked, names)  # type: ignore[arg-type]
        assert [list(r) for r in rows.rows] == matrix(cands, names)
    assert rows.scored == [c.scored for c in cands]
    assert rows.figures == [c.figure for c in cands]
    assert rows.leads == [c.lead for c in cands]
    for i, c in enumerate(cands):
        assert list(rows.features(i).items()) == list(c.features.items())
        for name in (*FEATURES, "target_for_result", "nothing_such"):
            assert rows.value(i, name) == c.features.get(name, 0.0)


def test_a_later_part_overrides_an_earlier_one_as_in_the_dictionary() -> None:
    """A cue named like a rank feature or a sentence's own feature gives way to it, as a
    key of the merged dictionary does; the kind's feature overrides a cue."""
    query, ranked = _ranked(QUESTIONS[0])
    odd = [
        replace(
            s,  # type: ignore[type-var]
            cues=(
                *s.cues,  # type: ignore[attr-defined]
                ("prior", 7.0),
                ("sentence_first", 5.0),
                ("kind_number", 3.0),
                ("coverage", 0.25),
                ("coverage", 0.5),
            ),
        )
        for s in ranked
    ]
    cands = candidates(query, odd)  # type: ignore[arg-type]
    rows = scorer_rows(query, odd, FEATURES)  # type: ignore[arg-type]
    assert [list(r) for r in rows.rows] == matrix(cands, FEATURES)
    assert {rows.value(0, "coverage"), rows.features(0)["coverage"]} == {0.5}
    assert rows.value(0, "prior") == odd[0].score  # type: ignore[attr-defined]


def test_no_sentences_no_rows() -> None:
    rows = scorer_rows(understand(QUESTIONS[0]), [], FEATURES)
    assert (rows.rows, len(rows)) == ([], 0)


@pytest.mark.parametrize("question", ASKED)
def test_rows_worked_out_ahead_are_the_rows_worked_out_after(question: str) -> None:
    """Heads written while the question is embedded (``Answerer.prescore``, the chunks in
    another order than the hits') give the rows of the candidates made from nothing."""
    from qa.candidates import MAX_SENTENCES

    model = shipped()
    if model is None:
        pytest.skip("no shipped scorer")
    answerer = Answerer(TermWeights(CHUNKS), scorer=model)
    query = understand(question)
    hits = _hits()
    cover = answerer.cover(query)
    answerer.prescore(query, CHUNKS[::-1], cover, lambda: False)
    names = model.for_kind(query.kind).names
    assert cover.parts.rows[names]._known  # type: ignore[attr-defined]
    ahead = answerer.rank_sentences(query, hits, cover=cover, limit=MAX_SENTENCES)
    rows = scorer_rows(query, ahead, names, parts=cover.parts)
    after = candidates(query, answerer.rank_sentences(query, hits))
    assert [list(r) for r in rows.rows] == matrix(after, names)
    assert [rows.features(i) for i in range(len(rows))] == [c.features for c in after]


def test_a_sentence_with_other_cues_gets_a_head_of_its_own() -> None:
    from qa.candidate_rows import row_heads
    from qa.candidates import SentenceParts

    query, ranked = _ranked(QUESTIONS[0])
    parts = SentenceParts(query)
    heads = row_heads(parts, FEATURES)
    best = ranked[0]
    first = heads.of(parts, best.sentence, best.figures, best.cues)  # type: ignore[attr-defined]
    again = heads.of(parts, best.sentence, best.figures, best.cues)  # type: ignore[attr-defined]
    assert again[2] is first[2]  # worked out once
    other = heads.of(
        parts,
        best.sentence,  # type: ignore[attr-defined]
        best.figures,  # type: ignore[attr-defined]
        (*best.cues, ("coverage", 9.0)),  # type: ignore[attr-defined]
    )
    column = FEATURES.index("coverage")
    assert first[2][0][column] != 9.0 and other[2][0][column] == 9.0


def test_a_sentence_rescored_is_the_dataclass_replaced() -> None:
    from qa.scored import Scored, rescored

    assert not hasattr(Scored, "__post_init__")
    _, ranked = _ranked(QUESTIONS[0])
    for s in ranked:
        changes = {"score": 1.5, "figure": None, "date_lead": "x", "target_for_result": True}
        new = rescored(s, **changes)  # type: ignore[arg-type]
        assert new == replace(s, **changes) and new is not s  # type: ignore[type-var]
        assert type(new) is Scored and vars(new) == vars(replace(s, **changes))  # type: ignore[type-var]
