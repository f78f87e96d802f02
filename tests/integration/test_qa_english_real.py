"""English leads and English questions over the real index of the bundled reports (real
underthesea segmentation, real passages): a unit the COVID glossary never had ("trường
hợp") is said in English, and an English question about a plan is read through the
glossary of every genre.
"""

from __future__ import annotations

from typing import Any

import pytest

from hoidap.text import find_numbers
from qa.leads import scoped_figure
from qa.query import understand
from qa.sentences import split_sentences

pytestmark = pytest.mark.integration


def _sentence_with(real_index: Any, words: str) -> Any:
    for chunk in real_index.iter_chunks():
        for sentence in split_sentences(chunk):
            if words in sentence.quote:
                return sentence
    raise AssertionError(f"no sentence of the bundled reports says {words!r}")


def test_a_count_of_cases_leads_in_english(real_index: Any) -> None:
    # Sóc Trăng: "… cách ly tại nhà 55.840 trường hợp; …" — "trường hợp" is one word of
    # the passage (a case), not "trường" (a school) and "hợp".
    sentence = _sentence_with(real_index, "55.840 trường hợp")
    assert "trường_hợp" in sentence.chunk.segmented
    figure = next(m for m in find_numbers(sentence.quote) if m.text.startswith("55.840"))
    lead = scoped_figure(sentence, figure, english=True)
    assert lead.startswith("55,840 cases"), lead
    assert "trường" not in lead and "school" not in lead


def test_a_vietnamese_lead_keeps_the_whole_unit_word(real_index: Any) -> None:
    # "2.398 bệnh nhân": the figure's unit is one syllable ("bệnh"), the report's word is
    # "bệnh_nhân" (a patient, not an illness); the lead says the whole word, its scope
    # after it.
    sentence = _sentence_with(real_index, "2.398 bệnh nhân")
    assert "bệnh_nhân" in sentence.chunk.segmented
    figure = next(m for m in find_numbers(sentence.quote) if m.text.startswith("2.398"))
    lead = scoped_figure(sentence, figure)
    assert lead.startswith("2.398 bệnh nhân"), lead
    assert not lead.startswith("2.398 bệnh nhân nhân"), lead


def test_an_english_plan_question_is_read_through_the_glossary_of_every_genre() -> None:
    q = understand(
        "What share of cooperatives in Đồng Tháp must complete their digital transformation "
        "by 2030 under the provincial plan?"
    )
    assert q.language == "en" and q.kind == "number" and q.wants_percent
    assert "chuyển đổi số" in q.search_text and "hợp tác xã" in q.search_text
    assert {"chuyển_đổi_số", "hợp_tác_xã", "kế_hoạch"} <= set(q.match_terms)
    assert q.gloss_share >= 0.75
