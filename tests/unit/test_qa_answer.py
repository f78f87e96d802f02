"""The extractive answerer on real report sentences: the right figure, cited, or silence."""

from __future__ import annotations

from hoidap.types import Hit
from qa.answer import Answerer
from qa.coverage import TermWeights
from qa.messages import ABSTAIN_EN, ABSTAIN_VI
from qa.query import understand
from tests.unit.qa_fakes import SOC_TRANG, make_chunk

VACCINE = make_chunk(
    "##### **d) Về công tác tiêm chủng**\n\n"
    "Lũy kế từ đầu năm đến hết ngày 16/11/2021, tỉnh Cà Mau đã tổ chức tiêm vắc xin cho "
    "859.463 người (đạt tỷ lệ 74,8% dân số); trong đó, tiêm mũi 2 cho 512.000 người.",
    line_start=131,
)
CASES = make_chunk(
    "Tính đến hết ngày 30/9/2021, tỉnh Cà Mau chỉ ghi nhận 369 trường hợp dương tính với vi rút "
    "SARS-CoV-2 (trong đó có 40 ca cộng đồng, chiếm tỷ lệ 10,8% tổng số ca mắc).",
    path=("I. DIỄN BIẾN DỊCH BỆNH", "2. Trên địa bàn tỉnh Cà Mau"),
    line_start=20,
    ordinal=1,
)
NATIONAL = make_chunk(
    "Đến nay, dịch bệnh đã được ghi nhận tại 62/63 tỉnh, thành phố trên toàn quốc với "
    "1.045.397 ca mắc, 23.270 ca tử vong.",
    path=("I. DIỄN BIẾN DỊCH BỆNH", "1. Trong nước"),
    line_start=12,
    ordinal=2,
)
CHUNKS = [VACCINE, CASES, NATIONAL]


def _hits(*chunks):
    return [Hit(c, 1.0 / r, r) for r, c in enumerate(chunks, start=1)]


ANSWERER = Answerer(TermWeights(CHUNKS))


def test_answers_with_the_figure_and_cites_its_line() -> None:
    q = understand("Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?")
    draft = ANSWERER.answer(q, _hits(CASES, VACCINE, NATIONAL))
    assert not draft.abstained
    assert draft.text.startswith("859.463 người")
    (c,) = draft.citations
    assert c.lines == (133, 133) and "859.463 người" in c.quote
    assert c.section.endswith("d) Về công tác tiêm chủng")


def test_every_number_in_the_answer_is_in_a_cited_quote() -> None:
    from hoidap.text import number_values

    q = understand("Tỷ lệ ca cộng đồng ở Cà Mau tính đến 30/9/2021 là bao nhiêu?")
    draft = ANSWERER.answer(q, _hits(CASES, VACCINE))
    assert draft.text.startswith("10,8%")
    quoted = set().union(*(number_values(c.quote) for c in draft.citations))
    assert number_values(draft.text.replace("[1]", "")) <= quoted


def test_picks_the_dose_asked() -> None:
    q = understand("Cà Mau đã tiêm mũi 2 cho bao nhiêu người?")
    draft = ANSWERER.answer(q, _hits(VACCINE))
    assert draft.text.startswith("512.000 người")


def test_national_figures_do_not_answer_a_province_question() -> None:
    q = understand("Cà Mau có bao nhiêu ca tử vong?")
    draft = ANSWERER.answer(q, _hits(NATIONAL))
    assert draft.abstained and draft.text == ABSTAIN_VI and draft.citations == ()


def test_figures_under_a_national_heading_do_not_answer_a_province_question() -> None:
    # The sentence after the semicolon no longer says "toàn quốc"; its heading does.
    phase = make_chunk(
        "Riêng đợt dịch thứ 4 ghi nhận 1.042.545 ca mắc và 23.235 ca tử vong.",
        path=("I. DIỄN BIẾN DỊCH BỆNH", "1. Trong nước"),
        line_start=13,
        ordinal=3,
    )
    q = understand("Cà Mau có bao nhiêu ca tử vong trong đợt dịch thứ 4?")
    draft = Answerer(TermWeights([*CHUNKS, phase])).answer(q, _hits(phase))
    assert draft.abstained


def test_abstains_when_nothing_matches() -> None:
    q = understand("Cà Mau đã xây bao nhiêu cây cầu trong năm 2021?")
    assert ANSWERER.answer(q, _hits(VACCINE, CASES)).abstained
    assert ANSWERER.answer(q, []).abstained


def test_english_answer_leads_in_english_and_quotes_the_report_verbatim() -> None:
    q = understand("How many people had Cà Mau vaccinated by 16/11/2021?")
    draft = ANSWERER.answer(q, _hits(VACCINE, CASES))
    assert not draft.abstained
    lead, _, rest = draft.text.partition(" — ")
    assert lead == "859,463 people (as of 16 Nov 2021)"
    assert rest.startswith("according to the Cà Mau report: “") and "859.463 người" in rest
    en_abstain = ANSWERER.answer(understand("How many bridges did Cà Mau build in 2021?"), [])
    assert en_abstain.text == ABSTAIN_EN


SOC_TRANG_HOME = make_chunk(
    "- Tổng số trường hợp quản lý cách ly tại nhà, nơi lưu trú là 719 trường hợp, đều là "
    "người Việt Nam, trong đó có 582 trường hợp trở về từ Đà Nẵng.",
    source=SOC_TRANG,
    province="Sóc Trăng",
    path=("4.1.2. Cách ly", "b) Giai đoạn 2 từ ngày 23/7/2020 đến ngày 27/01/2021"),
    line_start=221,
    ordinal=3,
)
BORDER = make_chunk(
    "Mặc dù năng lực thông quan hàng hóa tại các cửa khẩu trên địa bàn tỉnh đã đáp ứng 1.200 "
    "phương tiện nhập - xuất/ngày, nhưng lượng hàng từ các tỉnh trên cả nước tiếp tục gia tăng.",
    source="003_ab47fa1bd8ede6ab.txt",
    province="Lạng Sơn",
    path=("II. KẾT QUẢ", "3. Xuất nhập khẩu"),
    line_start=118,
    ordinal=4,
)
DONATIONS = make_chunk(
    "- Năm 2021, tổng kinh phí của tổ chức, cá nhân ủng hộ Quỹ phòng, chống COVID các cấp "
    "trong tỉnh là 73.190.463.639 đồng.\n\n"
    "- Ủy ban Mặt trận Tổ quốc Việt Nam cấp huyện, cấp xã đã vận động ủng hộ Quỹ phòng, "
    "chống COVID-19 của cấp huyện và xã là 14.415.746.801 đồng.",
    source=SOC_TRANG,
    province="Sóc Trăng",
    path=("10.1.1. Kết quả tiếp nhận", "a) Kết quả vận động, tiếp nhận năm 2021, 2022"),
    line_start=491,
    ordinal=5,
)
PLACE_ANSWERER = Answerer(TermWeights([*CHUNKS, SOC_TRANG_HOME, BORDER, DONATIONS]))


def test_a_nationality_or_the_whole_country_after_the_figure_is_not_national_scope() -> None:
    q = understand(
        "Giai đoạn 2, Sóc Trăng quản lý cách ly tại nhà, nơi lưu trú bao nhiêu trường hợp?"
    )
    assert PLACE_ANSWERER.answer(q, _hits(SOC_TRANG_HOME)).text.startswith("719 trường hợp")
    q = understand(
        "Năng lực thông quan tại các cửa khẩu Lạng Sơn là bao nhiêu phương tiện mỗi ngày?"
    )
    assert PLACE_ANSWERER.answer(q, _hits(BORDER)).text.startswith("1.200 phương tiện")


def test_a_year_the_section_or_sentence_rules_out_is_not_answered() -> None:
    q = understand(
        "Năm 2020, Quỹ phòng, chống COVID-19 ở Sóc Trăng nhận được bao nhiêu tiền ủng hộ?"
    )
    assert PLACE_ANSWERER.answer(q, _hits(DONATIONS)).abstained
    q = understand(
        "Năm 2021, Quỹ phòng, chống COVID các cấp ở Sóc Trăng nhận bao nhiêu tiền ủng hộ?"
    )
    assert PLACE_ANSWERER.answer(q, _hits(DONATIONS)).text.startswith("73.190.463.639 đồng")


def test_a_paraphrase_still_answers() -> None:
    chunk = make_chunk(
        "Lũy kế đến hết ngày 16/11/2021, tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người, trong đó "
        "có 373.388 người hoàn thành tiêm mũi 2, chiếm tỷ lệ 32,5% dân số.",
        ordinal=6,
    )
    answerer = Answerer(TermWeights([*CHUNKS, chunk]))
    q = understand("Đến hết ngày 16/11/2021, Cà Mau có bao nhiêu người đã tiêm xong mũi 2?")
    assert answerer.answer(q, _hits(chunk)).text.startswith("373.388 người")


def test_an_event_date_answers_before_a_documents_issue_date() -> None:
    chunk = make_chunk(
        "Trong 03 giai đoạn đầu, tỉnh chỉ thực hiện giãn cách xã hội theo Chỉ thị số 15/CT-TTg "
        "ngày 27/3/2020 của Thủ tướng Chính phủ.\n\n"
        "Tỉnh đã thực hiện giãn cách xã hội toàn tỉnh theo Chỉ thị số 16/CT-TTg ngày 31/3/2020 "
        "của Thủ tướng Chính phủ kể từ ngày 19/7/2021 đến ngày 15/8/2021.",
        source=SOC_TRANG,
        province="Sóc Trăng",
        ordinal=7,
    )
    answerer = Answerer(TermWeights([*CHUNKS, chunk]))
    q = understand("Sóc Trăng giãn cách xã hội toàn tỉnh theo Chỉ thị 16 từ ngày nào?")
    assert answerer.answer(q, _hits(chunk)).text.startswith("ngày 19/7/2021")
    # Asked when the document was issued, its own date is the answer.
    q = understand("Chỉ thị 16/CT-TTg được ban hành ngày nào?")
    assert answerer.answer(q, _hits(chunk)).text.startswith("ngày 31/3/2020")


def test_a_start_question_leads_with_the_start_date() -> None:
    chunk = make_chunk(
        "Tỉnh thực hiện giãn cách xã hội toàn tỉnh kể từ ngày 19/7/2021 đến ngày 15/8/2021.",
        source=SOC_TRANG,
        province="Sóc Trăng",
        ordinal=8,
    )
    answerer = Answerer(TermWeights([*CHUNKS, chunk]))
    start = answerer.answer(
        understand("Sóc Trăng bắt đầu giãn cách xã hội toàn tỉnh từ ngày nào?"), _hits(chunk)
    )
    assert start.text.startswith("ngày 19/7/2021")
    end = answerer.answer(
        understand("Sóc Trăng kết thúc giãn cách xã hội toàn tỉnh vào ngày nào?"), _hits(chunk)
    )
    assert end.text.startswith("ngày 15/8/2021")


def test_a_name_answer_leads_with_the_name() -> None:
    # What an official reads first is the company, then the sentence that says so (#12).
    chunk = make_chunk(
        "(5) Ổ dịch thứ năm tại thành phố Bắc Giang: Xuất hiện từ ngày 07/7/2021 tại Công ty May "
        "Baian Vina, đã phát hiện 31 F0.",
        line_start=40,
    )
    answerer = Answerer(TermWeights([chunk]))
    for text, opens in (
        ("Ổ dịch xuất hiện ngày 07/7/2021 ở thành phố Bắc Giang bắt nguồn từ công ty nào?", ""),
        ("Which company did the outbreak of 07/7/2021 in Bắc Giang city start from?", ""),
    ):
        draft = answerer.answer(understand(text), _hits(chunk))
        assert not draft.abstained
        assert draft.text.startswith("Công ty May Baian Vina — " + opens)


def test_a_name_answer_leads_with_the_span_the_scorer_chose() -> None:
    # A person asked ("ai", "which Deputy Minister"): no rule cuts one, and the sentence names
    # a person and a post; the answer leads with the name span of the chosen candidate, as
    # the report writes it, in an English answer too (qa.name_spans).
    from qa.candidates import candidates
    from qa.scorer import Scorer

    chunk = make_chunk(
        "Cùng dự buổi làm việc có đồng chí Trương Hải Long, Thứ trưởng Bộ Nội vụ.",
        line_start=12,
    )
    answerer = Answerer(TermWeights([chunk]), scorer=Scorer.load())
    for text in (
        "Ai dự buổi làm việc với tư cách Thứ trưởng Bộ Nội vụ?",
        "Which Deputy Minister of Home Affairs attended the working session?",
    ):
        query = understand(text)
        ranked = answerer.rank_sentences(query, _hits(chunk))
        leads = [c.lead for c in candidates(query, ranked)]
        assert "Trương Hải Long" in leads and "Thứ trưởng Bộ Nội vụ" in leads
        chosen, _ = answerer.choose(query, ranked)
        assert chosen[0].name_lead == "Trương Hải Long"
        assert answerer.compose(query, chosen[:1]).startswith("Trương Hải Long — ")


def test_english_name_answer_keeps_the_report_name_and_adds_its_english() -> None:
    # The body as the report writes it leads (what an official cites and searches), its
    # English after it in brackets when the glossary has the whole name.
    plan = make_chunk(
        "Sở Tài chính chủ trì, phối hợp với các sở, ngành tham mưu bố trí kinh phí thực hiện "
        "Kế hoạch phát triển thương mại điện tử trên địa bàn tỉnh.",
        path=("IV. TỔ CHỨC THỰC HIỆN", "2. Sở Tài chính"),
        line_start=80,
    )
    q = understand("Which department arranges funding for Cà Mau's e-commerce plan?")
    draft = Answerer(TermWeights([*CHUNKS, plan])).answer(q, _hits(plan, VACCINE))
    said = draft.text if not draft.abstained else draft.closest_lead
    assert said.startswith("Sở Tài chính (Department of Finance)")


def test_a_list_item_is_a_target_for_its_lead_ins_year() -> None:
    # A plan sets one list of targets per horizon; the items write no year of their own,
    # and the later horizon's item here words the question more closely.
    plan = make_chunk(
        "Đến năm 2025, phấn đấu đạt được các mục tiêu sau:\n\n"
        "- 60% người dân được phổ biến kiến thức về thiên tai;\n\n"
        "- 50% xã, phường xây dựng kế hoạch phòng chống thiên tai.\n\n"
        "Đến hết năm 2030, phấn đấu đạt được các mục tiêu sau:\n\n"
        "- 100% người dân ở vùng ven biển được phổ biến kiến thức và kỹ năng phòng tránh "
        "thiên tai;\n\n"
        "- 100% xã, phường xây dựng kế hoạch phòng chống thiên tai.",
        path=("I. MỤC TIÊU", "2. Mục tiêu cụ thể"),
        line_start=30,
    )
    answerer = Answerer(TermWeights([*CHUNKS, plan]))
    for year, share in (("2025", "60%"), ("2030", "100%")):
        q = understand(
            f"Đến năm {year}, tỷ lệ người dân ven biển được phổ biến kỹ năng phòng tránh "
            "thiên tai là bao nhiêu?"
        )
        draft = answerer.answer(q, _hits(plan))
        said = draft.text if not draft.abstained else draft.closest_lead
        assert said.startswith(share), (year, said)
