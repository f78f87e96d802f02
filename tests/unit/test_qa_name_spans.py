"""The generic name-span finder on sentences of the bundled and 2025 reports (qa.name_spans)."""

from __future__ import annotations

import pytest

from hoidap.types import Hit
from qa.answer import Answerer
from qa.candidates import candidates
from qa.coverage import TermWeights
from qa.name_spans import SpanReader, asked_kind, compounds_of, name_spans, span_leads
from qa.query import understand
from tests.unit.qa_fakes import make_chunk

# (sentence as the report writes it, the segmenter's words of the passage that matter, the
# names expected in order with their kinds).
CASES = [
    (
        "Đặc biệt, đồng chí Bí thư Tỉnh ủy đã trực tiếp làm Trưởng Ban Chỉ đạo phòng, chống "
        "dịch COVID-19 tỉnh",
        "bí_thư tỉnh_ủy trưởng ban chỉ_đạo",
        # "COVID-19 tỉnh": "tỉnh" ends a body's name, not an acronym's.
        [("Bí thư Tỉnh ủy", "title"), ("Trưởng Ban Chỉ đạo", "title"), ("COVID-19", "acronym")],
    ),
    (
        "đồng chí Trương Hải Long, Thứ trưởng Bộ Nội vụ",
        "đồng_chí trương_hải_long thứ_trưởng bộ nội_vụ",
        [("Trương Hải Long", "person"), ("Thứ trưởng Bộ Nội vụ", "title")],
    ),
    (
        "ghi nhận 04 trường hợp mắc bệnh tại thị trấn Đình Lập, huyện Đình Lập, liên quan đến "
        "ổ dịch tại Đà Nẵng",
        "thị_trấn đình_lập đà_nẵng",
        [("thị trấn Đình Lập", "place"), ("huyện Đình Lập", "place"), ("Đà Nẵng", "name")],
    ),
    (
        "Giao Giám đốc Sở Y tế chủ trì, phối hợp với Thủ trưởng các sở, ban, ngành tỉnh có "
        "liên quan",
        "giao giám_đốc sở y_tế chủ_trì thủ_trưởng",
        [("Giám đốc Sở Y tế", "title"), ("Thủ trưởng", "title")],
    ),
    (
        "Phó Thủ tướng Phạm Thị Thanh Trà đã kiểm tra thực tế tại Trung tâm phục vụ hành chính "
        "công, Ủy ban nhân dân phường Hải Châu",
        "phó thủ_tướng trung_tâm phục_vụ hành_chính ủy_ban nhân_dân hải_châu",
        [
            ("Phó Thủ tướng Phạm Thị Thanh Trà", "title"),
            ("Trung tâm phục vụ hành chính công", "body"),
            ("Ủy ban nhân dân phường Hải Châu", "body"),
        ],
    ),
    (
        "Chủ tịch Ủy ban nhân dân tỉnh đã ban hành Quyết định số 2222/QĐ-UBND ngày 16/10/2021 "
        "quy định tạm thời",
        "chủ_tịch ủy_ban nhân_dân quyết_định",
        [("Chủ tịch Ủy ban nhân dân tỉnh", "title"), ("Quyết định số 2222/QĐ-UBND", "document")],
    ),
    (
        "Ổ dịch đầu tiên được phát hiện vào ngày 07/5/2021 tại thôn Phương Lạn 3, Phương Sơn, "
        "Lục Nam",
        "ổ_dịch phương_lạn phương_sơn lục_nam",
        [("thôn Phương Lạn 3", "place"), ("Phương Sơn", "name"), ("Lục Nam", "name")],
    ),
    (
        "- Thông số môi trường được xử lý, đánh giá chất lượng môi trường theo chỉ số VN-WQI",
        "thông_số môi_trường",
        [("VN-WQI", "acronym")],
    ),
    (
        "Chương trình hành động số 10-CTr/TU ngày 13/8/2025 của Ban Thường vụ Tỉnh uỷ",
        "chương_trình hành_động thường_vụ tỉnh_uỷ",
        [
            ("Chương trình hành động số 10-CTr/TU", "document"),
            ("Ban Thường vụ Tỉnh uỷ", "body"),
        ],
    ),
    (
        "Về phương tiện, tỉnh Bắc Giang chọn phương án đón công dân về trong đợt 1 bằng máy bay",
        "phương_tiện bắc_giang phương_án công_dân máy_bay",
        [("tỉnh Bắc Giang", "place")],
    ),
    (
        "+ Sở Xây dựng đăng tải thông điệp truyền thông Tháng hành động trên bảng quang báo",
        "sở xây_dựng đăng_tải thông_điệp",
        [("Sở Xây dựng", "body"), ("Tháng", "name")],
    ),
    (
        # A name ends at its level of government ("tỉnh"), not across the verb after it;
        # a kind word alone ("Hội đồng") names nothing.
        "tham mưu Chủ tịch UBND tỉnh kiện toàn Ban Chỉ đạo; Sở Khoa học và Công nghệ thành "
        "lập Hội đồng thẩm định",
        "tham_mưu chủ_tịch kiện_toàn ban chỉ_đạo sở khoa_học công_nghệ thành_lập hội_đồng",
        [
            ("Chủ tịch UBND tỉnh", "title"),
            ("Ban Chỉ đạo", "body"),
            ("Sở Khoa học và Công nghệ", "body"),
        ],
    ),
    (
        # A governing noun's body goes on past "các" with what it manages, "và" between two
        # of them, up to the verb after it; "và các đơn vị" lists another body.
        "báo cáo kết quả về UBND Thành phố (qua Ban Quản lý các khu công nghệ cao và khu công "
        "nghiệp). Ban Quản lý các khu công nghiệp tỉnh chủ trì, phối hợp với các đơn vị",
        "ban quản_lý khu công_nghệ cao công_nghiệp ủy_ban nhân_dân chủ_trì phối_hợp",
        [
            ("UBND Thành phố", "body"),
            ("Ban Quản lý các khu công nghệ cao và khu công nghiệp", "body"),
            ("Ban Quản lý các khu công nghiệp tỉnh", "body"),
        ],
    ),
    (
        "Sở Y tế quản lý các cơ sở cách ly và Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh",
        "sở y_tế quản_lý cơ_sở cách_ly liên_hiệp hội khoa_học kỹ_thuật",
        [("Sở Y tế", "body"), ("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh", "body")],
    ),
    (
        # A place that opens the sentence is named from its first word when the segmenter
        # joins its two syllables; a word it joins is taken even when it is grammar elsewhere
        # ("bằng": by), so the region is one name.
        "Đồng Tháp trở thành trung tâm đổi mới công nghệ trong vùng Đồng bằng sông Cửu Long.",
        "đồng_tháp trở_thành trung_tâm đổi_mới công_nghệ trong vùng đồng_bằng sông cửu_long .",
        [("Đồng Tháp", "name"), ("Đồng bằng sông Cửu Long", "name")],
    ),
    (
        # A preposition that opens the sentence is no part of the place after it.
        "Tại Hà Nội, Sở Y tế đã tiêm 500 liều.",
        "tại hà_nội , sở y_tế đã tiêm 500 liều .",
        [("Hà Nội", "name"), ("Sở Y tế", "body")],
    ),
    (
        # A syllable that opens a verb after a name ("triển khai") is the second of a word
        # the name's lowercase words took ("phát triển"): the name goes on.
        "thủ trưởng đơn vị sử dụng Quỹ phát triển hoạt động sự nghiệp xem xét, quyết định.",
        "thủ_trưởng đơn_vị sử_dụng quỹ phát_triển hoạt_động sự_nghiệp xem_xét , quyết_định .",
        [("Quỹ phát triển hoạt động sự nghiệp", "body")],
    ),
    (
        # A name never ends inside a word: "Cựu chiến" is two syllables of "cựu chiến binh".
        "Phối hợp với Hội Cựu chiến binh tỉnh.",
        "phối_hợp với hội cựu_chiến_binh tỉnh .",
        [("Hội Cựu chiến binh", "body")],
    ),
    (
        # The segmenter writes the new tone marks ("văn_hóa"), the document the old ("hoá").
        "Sở Tài chính; Sở Văn hoá, Thể thao và Du lịch mỗi đơn vị đề nghị không quá 02 cá nhân.",
        "sở tài_chính ; sở văn_hóa , thể_thao và du_lịch mỗi đơn_vị đề_nghị không quá 02 cá_nhân .",
        [("Sở Tài chính", "body"), ("Sở Văn hoá, Thể thao và Du lịch", "body")],
    ),
    (
        # A designation after a name's word ends the name ("30/4"); a figure with its unit
        # ("500 giường") does not belong to it.
        "Bệnh viện 30/4, với công suất 120 giường; Bệnh viện Đa khoa tỉnh 500 giường; vận hành "
        "hệ thống của Thành phố 24/7.",
        "bệnh_viện 30/4 , với công_suất 120 giường ; bệnh_viện đa_khoa tỉnh 500 giường ; vận_hành "
        "hệ_thống của thành_phố 24/7 .",
        [("Bệnh viện 30/4", "body"), ("Bệnh viện Đa khoa tỉnh", "body")],
    ),
    (
        # A capitalised body's name may end in a few lowercase words, up to a bracket or a
        # grammar word; a longer run is a clause after it.
        "gửi qua Phòng An ninh chính trị nội bộ). Công ty Hosiden sản xuất linh kiện điện.",
        "gửi qua phòng an_ninh chính_trị nội_bộ ) . công_ty hosiden sản_xuất linh_kiện điện .",
        [("Phòng An ninh chính trị nội bộ", "body"), ("Công ty Hosiden", "body")],
    ),
]


@pytest.mark.parametrize(("quote", "segmented", "expected"), CASES)
def test_name_spans_of_report_sentences(
    quote: str, segmented: str, expected: list[tuple[str, str]]
) -> None:
    spans = name_spans(quote, compounds_of(segmented))
    assert [(s.text, s.kind) for s in spans] == expected
    for s in spans:
        assert quote[s.start : s.end] == s.text


def test_a_second_syllable_is_taken_only_where_the_segmenter_joins_it() -> None:
    quote = "Về phương tiện, tỉnh Bắc Giang chọn phương án đón công dân"
    # Without the passage's words, "chọn" may be a second syllable, as "dựng" in "Xây dựng".
    assert name_spans(quote)[0].text == "tỉnh Bắc Giang chọn"
    assert name_spans(quote, compounds_of("bắc_giang"))[0].text == "tỉnh Bắc Giang"


def test_asked_kind() -> None:
    assert asked_kind("ai lam truong ban chi dao phong, chong dich?") == "person"
    assert asked_kind("nam 2020, 4 ca mac duoc ghi nhan o dau?") == "place"
    assert asked_kind("which company in bac giang had the most infected workers?") == "company"
    assert asked_kind("bang quyet dinh so may?") == "document"
    assert asked_kind("so nao chu tri trien khai?") == "body"
    assert asked_kind("ty le tiem chung la bao nhieu?") == ""
    # Two kinds asked one after the other: the first asked leads; one ask holding another
    # kind's words ("văn bản" in "cơ quan ban hành văn bản nào") keeps the order of kinds.
    assert asked_kind("so nao trinh du thao quyet dinh, theo to trinh nao?") == "body"
    assert asked_kind("which agency appraised the draft and in which document?") == "body"
    assert asked_kind("quyet dinh so may, do co quan nao ban hanh?") == "document"
    assert asked_kind("ke hoach nao do so y te chu tri?") == "document"


def test_span_leads_keep_the_rule_pick_first_and_mark_it() -> None:
    quote = "Giao Giám đốc Sở Y tế chủ trì, phối hợp với Sở Tài chính và Bộ Nội vụ."
    question = "Ai được giao chủ trì tổ chức triển khai Quyết định 855/QĐ-UBND?"
    from hoidap.text import fold

    reader = SpanReader(question, fold(question))
    leads = span_leads(reader, quote, compounds_of("sở y_tế tài_chính nội_vụ"), "Sở Y tế")
    assert [lead for lead, _, _ in leads] == ["Sở Y tế", "Sở Tài chính", "Bộ Nội vụ"]
    assert [f["span_rule"] for _, _, f in leads] == [1.0, 0.0, 0.0]
    # The one given the task ("giao … chủ trì") against the ones that assist.
    assert leads[0][2]["span_agent"] == 1.0
    # A task's heading body the sentence does not write is offered too.
    leads = span_leads(reader, "Chủ trì, phối hợp Bộ Chỉ huy Quân sự tỉnh.", None, "Công an tỉnh")
    assert leads[0][0] == "Công an tỉnh" and leads[0][2]["span_outside"] == 1.0


def test_a_task_lists_label_is_its_agent_and_a_tasks_owner_is_not() -> None:
    question = "Sở nào chủ trì tích hợp IoT vào hạ tầng?"
    from hoidap.text import fold

    reader = SpanReader(question, fold(question))
    quote = (
        "Sở Xây dựng: Chủ trì, phối hợp với các sở triển khai tích hợp IoT theo nhiệm vụ "
        "được giao của Kế hoạch."
    )
    compounds = compounds_of("xây_dựng kế_hoạch")
    feats = {lead: f for lead, _, f in span_leads(reader, quote, compounds, "")}
    assert feats["Sở Xây dựng"]["span_agent"] == 1.0
    assert feats["Kế hoạch"]["span_agent"] == 0.0


def test_span_features_read_the_question() -> None:
    question = "Thứ trưởng Bộ Nội vụ nào dự buổi làm việc?"
    from hoidap.text import fold

    reader = SpanReader(question, fold(question))
    quote = "đồng chí Trương Hải Long, Thứ trưởng Bộ Nội vụ"
    feats = {lead: f for lead, _, f in span_leads(reader, quote, compounds_of("nội_vụ"), "")}
    assert feats["Trương Hải Long"]["span_in_question"] == 0.0
    assert feats["Thứ trưởng Bộ Nội vụ"]["span_in_question"] == 1.0
    assert feats["Trương Hải Long"]["span_person"] == 1.0


def test_a_name_an_english_question_states_is_said_by_it() -> None:
    """ "Which ministry does Hanoi's Department of Science and Technology propose …?": the
    department is the question's own subject, named in the reports' words by its gloss; it
    is no answer to it. The ministry the sentence proposes is not said by the question."""
    from qa.name_spans import query_span_reader
    from qa.query import understand

    query = understand(
        "Which ministry does Hanoi's Department of Science and Technology propose should "
        "issue a legal framework for IoT networks?"
    )
    reader = query_span_reader(query)
    assert reader.in_question("Sở Khoa học và Công nghệ") == 1.0
    assert reader.in_question("Bộ Khoa học và Công nghệ") < 1.0
    # A Vietnamese question is read as before: its own words only.
    vi = understand("Sở Khoa học và Công nghệ đề xuất bộ nào ban hành khung pháp lý?")
    assert query_span_reader(vi).glossed == ""


def test_at_most_max_spans_per_sentence() -> None:
    from qa.name_spans import MAX_SPANS

    quote = (
        "Sở Y tế, Sở Tài chính, Sở Nội vụ, Sở Tư pháp, Bộ Công an và Công an tỉnh phối hợp "
        "thực hiện."
    )
    reader = SpanReader("Cơ quan nào phối hợp?", "co quan nao phoi hop?")
    assert len(span_leads(reader, quote, None, "")) == MAX_SPANS


def test_a_document_cited_as_a_basis_is_told_apart_from_the_one_issued() -> None:
    """ "Thực hiện Nghị quyết số 128/NQ-CP …, … ban hành Quyết định số 2222/QĐ-UBND": the
    resolution is the basis; a question asking which document rules is not answered by it,
    one asking what it was done under may be."""
    from hoidap.text import fold

    quote = (
        "Thực hiện Nghị quyết số 128/NQ-CP ngày 11/10/2021 của Chính phủ, Chủ tịch UBND tỉnh "
        "đã ban hành Quyết định số 2222/QĐ-UBND ngày 16/10/2021 quy định tạm thời."
    )

    def features(question: str) -> dict[str, dict[str, float]]:
        reader = SpanReader(question, fold(question))
        return {s.text: reader.features(quote, s, s.text, 1, False) for s in name_spans(quote)}

    rules = features("Văn bản nào của Chủ tịch UBND tỉnh Cà Mau quy định tạm thời?")
    basis, issued = rules["Nghị quyết số 128/NQ-CP"], rules["Quyết định số 2222/QĐ-UBND"]
    assert (basis["span_basis"], basis["span_basis_unasked"]) == (1.0, 1.0)
    assert (issued["span_basis"], issued["span_basis_unasked"]) == (0.0, 0.0)
    under = features("Quyết định 2222 của Cà Mau được ban hành để thực hiện văn bản nào?")
    assert under["Nghị quyết số 128/NQ-CP"]["span_basis_unasked"] == 0.0
    # Only a document: "theo" before a body's name is no basis.
    assert rules["Chủ tịch UBND tỉnh"]["span_basis"] == 0.0


def test_a_document_listed_after_a_basis_is_a_basis_too() -> None:
    """ "Thực hiện Nghị quyết … và Quyết định số 4800/QĐ-BYT …, Chủ tịch … đã ban hành Quyết
    định số 2222/QĐ-UBND": both documents before the comma are what the act carries out; the
    comma that opens the main clause ends the basis, and a title in quotes keeps its commas."""
    from hoidap.text import fold

    quote = (
        "Thực hiện Nghị quyết số 128/NQ-CP ngày 11/10/2021 của Chính phủ ban hành Quy định "
        "“Thích ứng an toàn, linh hoạt”, và Quyết định số 4800/QĐ-BYT ngày 12/10/2021 của Bộ "
        "Y tế, Chủ tịch UBND tỉnh đã ban hành Quyết định số 2222/QĐ-UBND ngày 16/10/2021."
    )
    question = "Cà Mau ban hành quy định tạm thời bằng quyết định số mấy?"
    reader = SpanReader(question, fold(question))
    basis = {
        s.text: reader.features(quote, s, s.text, 1, False)["span_basis"]
        for s in name_spans(quote)
        if s.kind == "document"
    }
    assert basis == {
        "Nghị quyết số 128/NQ-CP": 1.0,
        "Quyết định số 4800/QĐ-BYT": 1.0,
        "Quyết định số 2222/QĐ-UBND": 0.0,
    }


def test_a_name_the_question_says_does_not_end_the_asked_names_clause() -> None:
    """ "đồng chí Bí thư Tỉnh ủy đã trực tiếp làm Trưởng Ban Chỉ đạo …": the role the question
    names describes the name before it, so that name's own clause holds the question's words;
    the next name, with its own role, does not."""
    text = (
        "Đồng chí Bí thư Tỉnh ủy đã trực tiếp làm Trưởng Ban Chỉ đạo phòng, chống dịch tỉnh, "
        "đồng chí Chủ tịch UBND tỉnh làm Chỉ huy trưởng Trung tâm chỉ huy."
    )
    chunk = make_chunk(text)
    query = understand("Ai làm Trưởng Ban Chỉ đạo phòng, chống dịch của tỉnh?")
    ranked = Answerer(TermWeights([chunk])).rank_sentences(query, [Hit(chunk, 1.0, 1)])
    shares = {c.lead: c.features.get("span_own_share", 0.0) for c in candidates(query, ranked)}
    assert shares["Bí thư Tỉnh ủy"] > shares["Chủ tịch UBND tỉnh"]


def test_a_cited_provision_is_a_documents_name() -> None:
    quote = (
        "Quyết định này quy định chi tiết việc sử dụng nguồn kinh phí chi thường xuyên được "
        "quy định tại khoản 3 Điều 35 của Luật Thủ đô, cụ thể như sau."
    )
    assert ("khoản 3 Điều 35 của Luật Thủ đô", "document") in [
        (s.text, s.kind) for s in name_spans(quote)
    ]
    basis = "Căn cứ khoản 4 và 5 Điều 35 Luật Thủ đô ngày 28 tháng 6 năm 2024;"
    assert name_spans(basis)[0].text == "khoản 4 và 5 Điều 35 Luật Thủ đô"
    # An article's heading cites nothing.
    assert "Điều 3" not in [s.text for s in name_spans("Điều 3. Tổ chức thực hiện")]
    assert asked_kind("quyet dinh quy dinh chi tiet khoan nao cua luat thu do") == "document"
    assert asked_kind("which provision of the capital law does the decision detail") == "document"
