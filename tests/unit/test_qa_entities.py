"""Entity questions expect a document, a company, a place or a person in the answer."""

from __future__ import annotations

import pytest

from hoidap.text import fold
from qa.entities import expectation


@pytest.mark.parametrize(
    ("question", "answer", "other"),
    [
        (
            "Bắc Giang chỉ đạo theo văn bản nào?",
            "theo Công điện số 03/CĐ-UBND ngày 07/6/2021",
            "tổ chức rà soát, phân loại người cách ly",
        ),
        (
            "Công ty nào có nhiều công nhân mắc nhất?",
            "Công ty Hosiden là công ty có số công nhân mắc nhiều nhất",
            "dịch lây lan vào nhóm công nhân",
        ),
        (
            "Bệnh viện Dã chiến số 2 được đặt ở đâu?",
            "đặt tại Trụ sở Tỉnh đoàn",
            "với quy mô 300 giường bệnh",
        ),
        (
            "Ai được giao chủ trì triển khai kế hoạch?",
            "Giao Giám đốc Sở Y tế chủ trì",
            "triển khai kế hoạch kịp thời",
        ),
    ],
)
def test_expected_names(question: str, answer: str, other: str) -> None:
    pattern = expectation(fold(question))
    assert pattern is not None
    assert pattern.search(answer) and not pattern.search(other)


def test_questions_without_a_cue_expect_nothing() -> None:
    assert expectation(fold("Cà Mau đã tiêm bao nhiêu người?")) is None


# Sentences of the bundled reports and the 2025 corpus (data/reports/002_…, eval/corpus/dev/d15_…).
_LEADS = (
    "d) Sở Công Thương chủ trì, phối hợp với Sở Nông nghiệp và Phát triển nông thôn và các "
    "đơn vị có liên quan chủ động đảm bảo đầu ra cho các loại nông sản đến kỳ thu hoạch."
)
_POLICE = (
    "Công an Thành phố chủ trì phối hợp với Bộ Tư lệnh Thành phố và các đơn vị có liên quan "
    "định kỳ kiểm tra, đánh giá an toàn hệ thống."
)
_ASSISTS = (
    "- Phối hợp với Sở Xây dựng, Sở Quy hoạch - Kiến trúc và Sở Nông nghiệp và Môi trường "
    "hướng dẫn các đơn vị cập nhật, tích hợp cơ sở dữ liệu lên hệ thống."
)


def test_body_roles_tell_the_lead_from_those_that_assist() -> None:
    from qa.entities import body_roles

    assert body_roles(_LEADS) == (["so cong thuong"], ["so nong nghiep"])
    assert body_roles(_POLICE) == (["cong an thanh pho"], ["bo tu lenh thanh pho"])
    lead, assist = body_roles(_ASSISTS)
    assert lead == [] and assist[0] == "so xay dung"
    # "Giao Giám đốc Sở Y tế chủ trì": the body given the task leads.
    assert body_roles("Giao Giám đốc Sở Y tế chủ trì, phối hợp với Thủ trưởng các sở.")[0] == [
        "so y te"
    ]
    # A task under its body's heading: the heading leads.
    path = ("III. TỔ CHỨC THỰC HIỆN", "4. Sở Nội vụ")
    assert body_roles("Chủ trì, phối hợp với các sở nghiên cứu.", path)[0] == ["so noi vu"]


@pytest.mark.parametrize(
    ("question", "sentence", "agree", "conflict"),
    [
        ("Sở nào chủ trì bảo đảm đầu ra cho nông sản?", _LEADS, 1.0, 0.0),
        ("Which body leads the periodic security checks of the system?", _POLICE, 1.0, 0.0),
        ("Cơ quan nào chủ trì hướng dẫn cập nhật cơ sở dữ liệu?", _ASSISTS, 0.0, 1.0),
        # Asked who assists: the coordinating body agrees, the lead does not.
        ("Công an Thành phố phối hợp với cơ quan nào kiểm tra hệ thống?", _POLICE, 1.0, 0.0),
        ("Sở Công Thương phối hợp với sở nào?", _ASSISTS, 1.0, 0.0),
        # No role asked: neither.
        ("Văn bản nào hướng dẫn cập nhật cơ sở dữ liệu?", _ASSISTS, 0.0, 0.0),
    ],
)
def test_role_agreement(question: str, sentence: str, agree: float, conflict: float) -> None:
    from qa.entities import entity_features

    cues = entity_features(fold(question), sentence)
    assert (cues["entity_role_agree"], cues["entity_role_conflict"]) == (agree, conflict)


def test_a_sentence_that_only_repeats_the_question_names_nothing_new() -> None:
    from qa.entities import entity_features

    question = fold("Quyết định 2820/QĐ-UBND của TP.HCM do Sở Tài chính đề nghị tại văn bản nào?")
    repeats = "Quyết định 2820/QĐ-UBND do Sở Tài chính tham mưu."
    answers = "Theo đề nghị của Sở Tài chính tại Văn bản số 11033/STC-CSTH ngày 14/11/2025."
    assert entity_features(question, repeats)["entity_new"] == 0.0
    assert entity_features(question, answers)["entity_new"] == 1.0
