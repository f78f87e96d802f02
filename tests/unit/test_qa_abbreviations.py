"""A question read with the abbreviations the indexed documents define (qa/abbreviations.py):
the other form is searched and matched, both ways, and an answer is found where the
document writes only the short form. Real ingest and underthesea; the fake encoder, so
that only BM25 and the answerer can find the sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoidap.config import Config
from qa.abbreviations import Abbreviations
from qa.figures import figure_agreement
from qa.query import understand

TABLE = Abbreviations([("KCN", "khu công nghiệp"), ("DNNVV", "doanh nghiệp nhỏ và vừa")])


def test_a_short_form_is_searched_and_matched_with_its_full_form() -> None:
    q = TABLE.expand(understand("Đồng Nai có bao nhiêu KCN?"))
    assert q.expansions == ("khu công nghiệp",)
    assert "khu công nghiệp" in q.sparse_text and "khu công nghiệp" not in q.search_text
    assert "khu_công_nghiệp" in q.alternatives("kcn")


def test_a_full_form_is_searched_and_matched_with_its_short_form() -> None:
    q = TABLE.expand(understand("Bao nhiêu doanh nghiệp nhỏ và vừa được hỗ trợ?"))
    assert q.expansions == ("DNNVV",)
    covered = [t for t in q.match_terms if "dnnvv" in q.alternatives(t)]
    assert covered and all(t.replace("_", " ") in "doanh nghiệp nhỏ và vừa" for t in covered)


def test_without_diacritics_the_forms_are_folded() -> None:
    q = TABLE.expand(understand("Dong Nai co bao nhieu khu cong nghiep?"))
    assert q.language == "vi-noaccent" and q.expansions == ("KCN",)
    q = TABLE.expand(understand("Dong Nai co bao nhieu kcn?"))
    assert "khu_cong_nghiep" in q.alternatives("kcn")


def test_an_english_question_names_a_full_form_through_its_glosses() -> None:
    q = TABLE.expand(understand("How many industrial parks does Đồng Nai have?"))
    assert q.language == "en" and q.expansions == ("KCN",)
    assert "kcn" in q.alternatives("khu_công_nghiệp")


@pytest.mark.parametrize(
    "question",
    ["Cà Mau đã tiêm vắc xin cho bao nhiêu người?", "Dân số khu vực này là bao nhiêu?"],
)
def test_a_question_naming_no_abbreviation_is_unchanged(question: str) -> None:
    q = understand(question)
    assert TABLE.expand(q) is q
    assert Abbreviations([]).expand(q) is q


PLAN = """KẾ HOẠCH
Phát triển công nghiệp tỉnh Đồng Nai năm 2025

I. MỤC ĐÍCH, YÊU CẦU

Phát triển các khu công nghiệp (KCN) xanh, hiện đại.

II. KẾT QUẢ THỰC HIỆN

1. Thu hút đầu tư

Năm 2024, các KCN đã thu hút 37 dự án đầu tư nước ngoài.

2. Thương mại

Năm 2024, các chợ truyền thống đã thu hút 52 dự án đầu tư cải tạo.
"""


def test_an_answer_is_found_where_the_document_writes_only_the_short_form(
    tmp_path: Path,
) -> None:
    from index.store import build_index, load_index
    from ingest.pipeline import ingest_paths
    from qa.pipeline import Pipeline

    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    config = Config(home=tmp_path, reports_dir=folder, index_dir=tmp_path / "index")
    config = config.replace(encoder="fake")
    result = ingest_paths([folder], config)
    assert not result.errors
    assert result.reports[0].abbreviations == (("KCN", "khu công nghiệp"),)
    build_index(config, result.reports, result.chunks)
    pipeline = Pipeline(load_index(config), config)
    question = "Năm 2024 các khu công nghiệp đã thu hút bao nhiêu dự án đầu tư?"
    assert pipeline.understand(question).expansions == ("KCN",)
    answer = pipeline.ask(question)
    assert not answer.abstained and answer.text.startswith("37 dự án"), answer.text
    assert "các KCN đã thu hút 37 dự án" in answer.citations[0].quote
    # Read without the documents' abbreviations, the sentence covers less of the question
    # ("khu công nghiệp" is not in it) and hoidap is less sure of it.
    plain = Pipeline(load_index(config), config)
    plain.abbreviations = Abbreviations([])
    unsure = plain.ask(question)
    assert unsure.confidence is not None and answer.confidence is not None
    assert unsure.confidence < answer.confidence


def test_the_asked_unit_counts_in_its_other_form() -> None:
    """ "bao nhiêu hợp tác xã" is answered by "617 HTX" where the documents define HTX, and
    "bao nhiêu KCN" by "12 khu công nghiệp"; a unit that is no abbreviation's form gains
    nothing."""
    table = Abbreviations([("HTX", "hợp tác xã"), ("KCN", "khu công nghiệp")])
    q = table.expand(understand("Toàn tỉnh hiện có bao nhiêu hợp tác xã?"))
    quote = "Toàn tỉnh có 617 HTX, với 32.495 thành viên."
    assert dict((m.text, a) for m, a in figure_agreement(q, quote)) == {
        "617": True,
        "32.495": False,
    }
    assert table.expand(understand("Đồng Nai có bao nhiêu KCN?")).units == ("khu",)
    assert table.expand(understand("Có bao nhiêu doanh nghiệp trong KCN?")).units == ()
