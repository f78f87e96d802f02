"""A question written without diacritics is matched on the words its passages write
(qa/folded_words.py): real underthesea segmentation of the passage, the real question reader
and sentence ranking."""

from __future__ import annotations

from dataclasses import replace

from hoidap.text import fold
from hoidap.types import Chunk
from index.sparse import segment
from qa.answer import Answerer
from qa.coverage import TermWeights
from qa.folded_words import worded
from qa.query import understand
from tests.unit.qa_fakes import make_chunk

LOCKDOWNS = (
    "Hiện còn 64 khu phong tỏa, với 11.993 hộ/46.822 khẩu. Trong đó: huyện Đầm Dơi 13 khu, "
    "với 5.608 hộ/23.056 khẩu; huyện Thới Bình 06 khu, với 472 hộ/1.963 khẩu."
)
QUESTION = "o ca mau, huyen dam doi hien con bao nhieu khu phong toa?"
# Other passages of the reports: "phòng, chống dịch", "đối tượng", "đội" are everywhere.
OTHERS = [
    make_chunk(text, ordinal=i)
    for i, text in enumerate(
        [
            "Công tác phòng, chống dịch được triển khai quyết liệt; các đội phản ứng nhanh.",
            "Hỗ trợ cho 204.296 đối tượng; đổi mới phương thức phòng, chống dịch.",
            "Thành lập 450 tổ COVID cộng đồng; hiện có 12 đội tiêm lưu động.",
        ]
    )
]


def _segmented(text: str) -> Chunk:
    chunk = make_chunk(text, path=("II. TÌNH HÌNH DỊCH",))
    return replace(chunk, segmented=segment(chunk.clean))


def test_adjacent_syllables_the_passage_writes_as_one_word_are_one_term() -> None:
    chunk = _segmented(LOCKDOWNS)
    query = worded(understand(QUESTION), [chunk])
    assert {"dam_doi", "phong_toa"} <= set(query.match_terms)
    assert not {"dam", "doi", "phong", "toa"} & set(query.match_terms)
    # Weighed as the passage spells it, as an accented question's compound is.
    assert dict(query.spellings)["dam_doi"] == "đầm_dơi"


def test_a_syllable_of_another_word_no_longer_holds_a_term() -> None:
    """ "phòng, chống dịch … các đội" folds to "phong", "doi": read syllable by syllable, the
    question's "phong toa" and "dam doi" were half held by any such sentence."""
    chunk = _segmented(LOCKDOWNS)
    answerer = Answerer(TermWeights([*OTHERS, chunk]))
    elsewhere = fold(OTHERS[0].clean)
    syllables = answerer.cover(understand(QUESTION)).hits(elsewhere)
    assert {"phong", "doi"} <= syllables
    words = answerer.cover(worded(understand(QUESTION), [chunk])).hits(elsewhere)
    assert not words & {"phong", "doi", "dam_doi", "phong_toa"}
    assert {"dam_doi", "phong_toa"} <= answerer.cover(worded(understand(QUESTION), [chunk])).hits(
        fold(LOCKDOWNS)
    )


def test_an_accented_question_and_a_passage_without_compounds_are_left_as_they_are() -> None:
    chunk = _segmented(LOCKDOWNS)
    accented = understand("Ở Cà Mau, huyện Đầm Dơi hiện còn bao nhiêu khu phong tỏa?")
    assert worded(accented, [chunk]) is accented
    plain = make_chunk("Không có khu nào.")
    folded = understand(QUESTION)
    assert worded(folded, [plain]).match_terms == folded.match_terms


def test_a_syllable_its_passages_spell_one_way_weighs_as_that_word() -> None:
    """ "huyen" is written only "huyện" here: as rare as that word, not as every word that folds
    to "huyen"; "hien" is written "hiện" and "hiến" alike, so it stays a folded syllable."""
    chunk = _segmented(LOCKDOWNS + " Hiến máu nhân đạo được duy trì.")
    spelled = dict(worded(understand(QUESTION), [chunk]).spellings)
    assert spelled["huyen"] == "huyện"
    assert "hien" not in spelled


def test_characters_folding_leaves_outside_a_to_z_break_a_run_and_never_make_a_term() -> None:
    """A generated question ("… þæ_\U0006e271 …") once gave a "syllable" holding "_", read as a
    compound the passages never wrote (a KeyError in `hoidap ask --batch`)."""
    chunk = _segmented(LOCKDOWNS)
    query = worded(understand("o ca mau, huyen þæ_\U0006e271 dam doi khu phong toa?"), [chunk])
    assert all(set(t) <= set("abcdefghijklmnopqrstuvwxyz0123456789_") for t in query.match_terms)
    assert "dam_doi" in query.match_terms
