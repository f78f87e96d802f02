"""Roles of figures and dates (result, target, deadline) as the learned scorer reads them,
and list / explanation answers that quote what a lead-in introduces."""

from __future__ import annotations

from hoidap.types import Hit
from qa.answer import Answerer
from qa.candidates import FEATURES, candidates
from qa.coverage import TermWeights
from qa.query import understand
from qa.quoted import introduced
from qa.roles import ROLE_FEATURES, asked_role, figure_role, heading_role, is_deadline
from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk

PLAN = make_chunk(
    "Năm 2025, tỷ lệ hộ dân nông thôn sử dụng nước sạch đã đạt 82%. "
    "Phấn đấu đến năm 2030, tỷ lệ hộ dân nông thôn sử dụng nước sạch đạt trên 95%.",
    path=("II. MỤC TIÊU", "2. Mục tiêu cụ thể"),
    line_start=40,
)


def test_the_asked_role_is_read_from_the_question() -> None:
    assert asked_role("Mục tiêu đến năm 2030 tỷ lệ hộ dùng nước sạch là bao nhiêu?") == "target"
    assert asked_role("Hiện nay tỷ lệ hộ dùng nước sạch đã đạt bao nhiêu?") == "result"
    assert asked_role("Hạn gửi báo cáo về Sở Nội vụ là ngày nào?") == "deadline"
    assert asked_role("By what date must the departments report?") == "deadline"
    assert asked_role("Tỉnh có bao nhiêu trạm y tế?") == ""


def test_a_figure_takes_the_role_its_clause_gives_it() -> None:
    quote = PLAN.text
    result_at = quote.index("82%")
    target_at = quote.index("95%")
    assert figure_role(quote, result_at) == "result"
    assert figure_role(quote, target_at) == "target"
    assert figure_role("Số trạm 5G là 28 trạm", 13) == ""
    deadline = "Các sở báo cáo kết quả về Sở Nội vụ trước ngày 15/12/2025."
    assert is_deadline(deadline, deadline.index("15/12"))
    assert not is_deadline("Kế hoạch ban hành ngày 15/12/2025.", 25)
    assert heading_role("II. MỤC TIÊU > 2. Mục tiêu cụ thể") == "target"
    assert heading_role("I. KẾT QUẢ THỰC HIỆN") == "result"


def test_candidates_say_whether_their_figure_is_the_asked_role() -> None:
    answerer = Answerer(TermWeights([PLAN]))
    assert set(ROLE_FEATURES) <= set(FEATURES)
    for question, right, wrong in (
        (
            "Mục tiêu đến năm 2030 tỷ lệ hộ dân nông thôn sử dụng nước sạch là bao nhiêu?",
            "95",
            "82",
        ),
        ("Năm 2025 tỷ lệ hộ dân nông thôn sử dụng nước sạch đã đạt bao nhiêu?", "82", "95"),
    ):
        q = understand(question)
        cands = candidates(q, answerer.rank_sentences(q, [Hit(PLAN, 1.0, 1)]))
        by_lead = {c.lead.split("%")[0].split()[-1]: c.features for c in cands if c.lead}
        assert by_lead[right].get("target_agree", 0) + by_lead[right].get("result_agree", 0) == 1
        assert (
            by_lead[wrong].get("target_for_result", 0) + by_lead[wrong].get("result_for_target", 0)
            == 1
        )


LIST = make_chunk(
    "Các nhiệm vụ trọng tâm như sau:\n"
    "a) Rà soát, hoàn thiện hệ thống văn bản quy phạm pháp luật.\n"
    "b) Đào tạo, bồi dưỡng đội ngũ cán bộ, công chức.\n"
    "c) Ứng dụng công nghệ thông tin trong xây dựng pháp luật.\n"
    "Kinh phí thực hiện kế hoạch: ngân sách tỉnh.",
    path=("III. NHIỆM VỤ",),
    line_start=60,
)


def test_a_list_lead_in_is_answered_with_the_items_it_introduces() -> None:
    q = understand("Kế hoạch gồm những nhiệm vụ trọng tâm nào?")
    lead_in = split_sentences(LIST)[0]
    items = introduced(q, lead_in)
    assert [s.quote[:2] for s in items] == ["a)", "b)", "c)"]
    # A number question is answered by the sentence itself.
    assert introduced(understand("Có bao nhiêu nhiệm vụ trọng tâm?"), lead_in) == []
    answerer = Answerer(TermWeights([LIST]))
    best = answerer.rank_sentences(q, [Hit(LIST, 1.0, 1)])
    lead_first = [b for b in best if b.sentence.quote == lead_in.quote]
    draft = answerer.decide(q, lead_first)
    assert not draft.abstained
    assert [c.quote[:2] for c in draft.citations] == ["a)", "b)", "c)"]
    assert "như sau" not in draft.text and "Kinh phí" not in draft.text
