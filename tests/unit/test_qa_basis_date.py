"""A date question is never answered, whatever the confidence (``Answerer.asserts``), with the
issue date of a document its sentence cites as a basis ("Thực hiện Quyết định số 2138/QĐ-TTg
ngày 27 tháng 9 năm 2025 …" does not say from when a plan's inspections run); the same kind of
date is asserted when the question asks when that document was issued or names it, or when
the cited decision is the act the question asks about. Real report sentences, read by the
real sentence splitter and question reader."""

from __future__ import annotations

import pytest

from qa.answer import Answerer
from qa.coverage import TermWeights
from qa.messages import BASIS_DATE_VI
from qa.query import understand
from qa.refusals import refusal
from qa.scored import Scored
from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk

BASIS = make_chunk(
    "Thực hiện Quyết định số 2138/QĐ-TTg ngày 27 tháng 9 năm 2025 của Thủ tướng Chính phủ ban "
    "hành Kế hoạch triển khai thi hành Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và "
    "quy chuẩn kỹ thuật.",
    path=(
        "Kế hoạch triển khai thi hành Luật sửa đổi, bổ sung một số điều của Luật Tiêu chuẩn và "
        "quy chuẩn kỹ thuật trên địa bàn tỉnh Lai Châu",
    ),
)
LETTER = make_chunk(
    "Công văn số 674/UBND-NC ngày 04/11/2024 của UBND tỉnh Nghệ An về tăng cường công tác bảo "
    "vệ bí mật nhà nước trên không gian mạng;",
    path=("III. PHÂN CÔNG NHIỆM VỤ",),
)
ACT = make_chunk(
    "Thực hiện chỉ đạo của Lãnh đạo chủ chốt, Tỉnh ủy đã kiện toàn Ban Chỉ đạo phòng, chống "
    "dịch COVID-19 lần thứ 2 do đồng chí Bí thư Tỉnh ủy làm Trưởng ban (Quyết định số "
    "215-QĐ/TU ngày 15/8/2021) với thành phần được mở rộng.",
    path=("II. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO",),
)
DIRECTIVE = make_chunk(
    "Thực hiện Chỉ thị số 46-CT/TW ngày 16/5/2025 của Bộ Chính trị về lãnh đạo cuộc bầu cử đại "
    "biểu Quốc hội khoá XVI và đại biểu Hội đồng nhân dân các cấp nhiệm kỳ 2026 - 2031;",
    path=("Kế hoạch tổ chức phong trào thi đua",),
)
ANSWERER = Answerer(TermWeights([BASIS, LETTER, ACT, DIRECTIVE]))


def _best(chunk, date: str) -> Scored:
    """The chunk's first sentence, as sure as the hand-set floors allow, leading with
    ``date`` as the learned scorer would have chosen it."""
    sentence = split_sentences(chunk)[0]
    assert date in sentence.quote
    return Scored(sentence, score=2.0, coverage=1.0, figure=None, has_date=True, date_lead=date)


def test_a_basis_documents_date_is_not_the_time_asked() -> None:
    query = understand(
        "Việc kiểm tra thi hành Luật sửa đổi Luật Tiêu chuẩn và quy chuẩn kỹ thuật ở Lai Châu "
        "được thực hiện từ khi nào?"
    )
    best = _best(BASIS, "ngày 27 tháng 9 năm 2025")
    assert not ANSWERER.asserts(query, best, None)
    found = refusal(query, best)
    assert found is not None and found.vi == BASIS_DATE_VI


def test_a_basis_date_written_with_a_capital_ngay_is_read_the_same() -> None:
    """ "… số 2138/QĐ-TTg Ngày 27/9/2025": a capitalised "Ngày" cites the same date."""
    chunk = make_chunk(
        "Thực hiện Quyết định số 2138/QĐ-TTg Ngày 27/9/2025 của Thủ tướng Chính phủ ban hành "
        "Kế hoạch triển khai thi hành Luật Tiêu chuẩn và quy chuẩn kỹ thuật.",
        path=BASIS.section_path,
    )
    query = understand(
        "Việc kiểm tra thi hành Luật Tiêu chuẩn và quy chuẩn kỹ thuật được thực hiện từ khi nào?"
    )
    best = _best(chunk, "27/9/2025")
    assert refusal(query, best) is not None
    assert not Answerer(TermWeights([chunk])).asserts(query, best, None)


@pytest.mark.parametrize(
    ("question", "chunk", "date"),
    [
        # Asked when the cited document was issued: its date is the answer.
        (
            "Quyết định 2138/QĐ-TTg của Thủ tướng về Luật Tiêu chuẩn được ban hành ngày nào?",
            BASIS,
            "ngày 27 tháng 9 năm 2025",
        ),
        # The question names the cited document's number and asks its date.
        (
            "cong van 674/UBND-NC cua nghe an ve bao ve bi mat nha nuoc tren khong gian mang "
            "ngay nao",
            LETTER,
            "ngày 04/11/2024",
        ),
        # The question names the cited document's kind and asks its date.
        (
            "Chỉ thị của Bộ Chính trị về lãnh đạo cuộc bầu cử đại biểu Quốc hội khóa XVI là chỉ "
            "thị số mấy, ngày nào?",
            DIRECTIVE,
            "ngày 16/5/2025",
        ),
        # The decision in brackets is the act asked about, not a basis.
        (
            "Tỉnh ủy Cà Mau kiện toàn Ban Chỉ đạo phòng, chống dịch lần thứ 2 vào ngày nào?",
            ACT,
            "ngày 15/8/2021",
        ),
    ],
)
def test_a_documents_date_that_answers_is_asserted(question: str, chunk, date: str) -> None:
    query = understand(question)
    assert refusal(query, _best(chunk, date)) is None
    assert ANSWERER.asserts(query, _best(chunk, date), None)
