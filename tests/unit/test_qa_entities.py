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
        # A body asked as the one that acts, in no role's words: the lead.
        ("Which department must check the system every quarter?", _POLICE, 1.0, 0.0),
        ("Cơ quan nào hướng dẫn cập nhật cơ sở dữ liệu?", _ASSISTS, 0.0, 1.0),
        # A person, or the body reports go through, is asked in no role.
        ("Ai làm Trưởng Ban Chỉ đạo?", _POLICE, 0.0, 0.0),
        ("Các đơn vị báo cáo UBND Thành phố qua cơ quan nào?", _ASSISTS, 0.0, 0.0),
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


# The layouts of eval/corpus/dev/d16_ho-chi-minh.txt and d01_bac-ninh.txt: a task's body named
# by the paragraph that opens its items, or by a labelled line after it.
_OPENED = [
    "1. Giao Sở Nông nghiệp và Môi trường là cơ quan đầu mối, chủ trì, hướng dẫn thực hiện Đề "
    "án trên địa bàn Thành phố; tổ chức thực hiện các nhiệm vụ sau:",
    "",
    "- Điều phối chung, đôn đốc, hướng dẫn việc triển khai Kế hoạch; tham mưu Ủy ban nhân dân "
    "Thành phố ban hành Kế hoạch hàng năm;",
    "",
    "- Tổ chức đánh giá, báo cáo kết quả thực hiện Đề án hàng năm.",
]
_LABELLED = [
    "- Nghiên cứu tham mưu UBND tỉnh ban hành cơ chế, chính sách thuộc thẩm quyền.",
    "",
    "*Đơn vị chủ trì tham mưu thực hiện: *Sở Nội vụ.",
    "",
    "*Đơn vị phối hợp thực hiện: *Sở Tư pháp; các cơ quan, đơn vị, địa phương liên quan.",
    "",
    "*Thời gian thực hiện: *Giai đoạn 2026-2030.",
    "",
    "- Các cơ quan, đơn vị ưu tiên chọn lựa cán bộ, công chức có kinh nghiệm.",
]


def test_a_task_s_body_from_the_lines_around_it() -> None:
    from qa.entities import body_roles, heading_body, owner_body

    assert owner_body(_OPENED, 2) == owner_body(_OPENED, 4) == "Sở Nông nghiệp và Môi trường"
    assert owner_body(_OPENED, 0) == ""  # the opening paragraph names its body itself
    assert owner_body(_LABELLED, 0) == "Sở Nội vụ"
    assert owner_body(_LABELLED, 8) == ""  # the next task has no label after it
    # A body heading wins over the lines; a sentence naming a body keeps its own.
    path = ("V. TỔ CHỨC THỰC HIỆN", "4. Sở Khoa học và Công nghệ")
    assert heading_body("Điều phối chung.", path, "Sở Nội vụ") == "Sở Khoa học và Công nghệ"
    assert heading_body("Điều phối chung.", ("V. TỔ CHỨC THỰC HIỆN",), "Sở Nội vụ") == "Sở Nội vụ"
    assert heading_body("Sở Y tế chủ trì.", ("V. TỔ CHỨC THỰC HIỆN",), "Sở Nội vụ") == ""
    # The labelled lines themselves: "chủ trì:" leads, "phối hợp:" assists.
    assert body_roles("Đơn vị chủ trì tham mưu thực hiện: *Sở Nội vụ.") == (["so noi vu"], [])
    assert body_roles("Đơn vị phối hợp: *Sở Tư pháp.") == ([], ["so tu phap"])


# ------------------------------------------------------------ what kind of name is expected
# Sentences of the 2025 corpus (eval/corpus/dev: d02_ca-mau, d13_nghe-an, e04_ha-noi,
# d08_dong-thap) and of the bundled Sóc Trăng report.
_DECREE = (
    "Căn cứ Nghị định số 45/2017/NĐ-CP ngày 21/4/2017 của Chính phủ quy định chi tiết lập kế "
    "hoạch tài chính 05 năm và kế hoạch tài chính - ngân sách nhà nước 03 năm;"
)
_PARTY_PLAN = (
    "Kế hoạch số 321-KH/TU ngày 11/4/2025 của Tỉnh ủy Nghệ An về triển khai thực hiện công tác "
    "bảo vệ bí mật nhà nước năm 2025;"
)
_CENTRE = (
    "Đối tượng áp dụng định mức chi phí ban hành kèm theo quyết định này gồm: Trung tâm Chuyển "
    "đổi số và Đào tạo thông tin và truyền thông thuộc Sở Thông tin và Truyền thông;"
)
_TASK = "Xây dựng kế hoạch tài chính - ngân sách nhà nước 03 năm theo hướng dẫn."


@pytest.mark.parametrize(
    ("question", "answer", "other"),
    [
        # A document asked by its kind in English, up to four words after "which".
        (
            "Which Government decree is the legal basis for Cà Mau's 3-year budget plan?",
            _DECREE,
            _TASK,
        ),
        (
            "Which 2025 plan of the Nghệ An provincial Party Committee must agencies disseminate?",
            _PARTY_PLAN,
            _TASK,
        ),
        # A kind of document qa.query reads ("nghị định nào"), two words before "nào".
        ("Kế hoạch 617 hỗ trợ doanh nghiệp theo nghị định nào của Chính phủ?", _DECREE, _TASK),
        (
            "Kế hoạch triển khai Kế hoạch hành động nào của Tỉnh ủy?",
            _PARTY_PLAN,
            _TASK,
        ),
        # One body asked by its kind and more words ("đơn vị sự nghiệp nào"), "which body".
        ("Đơn vị sự nghiệp nào của Sở là đối tượng áp dụng định mức?", _CENTRE, _TASK),
        ("In HCMC, which body is responsible for the training?", _CENTRE, _TASK),
    ],
)
def test_more_kinds_of_name_are_expected(question: str, answer: str, other: str) -> None:
    pattern = expectation(fold(question))
    assert pattern is not None
    assert pattern.search(answer) and not pattern.search(other)


def test_which_department_is_no_document_question() -> None:
    """ "which department … plan 617": the body is asked, not the plan the question names."""
    pattern = expectation(fold("Which department is the focal agency for Dong Thap's plan 617?"))
    assert pattern is not None
    assert pattern.search("Sở Khoa học và Công nghệ là cơ quan đầu mối.")
    assert not pattern.search(_PARTY_PLAN)


def test_the_kind_of_thing_asked() -> None:
    from qa.entities import asked_head

    head = asked_head(fold("Mô hình hay mà Sóc Trăng nêu trong báo cáo là mô hình nào?"))
    assert head is not None and head.heads == ("mo hinh",)
    assert head.names(
        "Mô hình Tổ COVID-19 cộng đồng được triển khai áp dụng rộng rãi trên địa bàn tỉnh."
    )
    # The kind without a name of its own after it, or a name without the kind: no match.
    assert not head.names("Nhân rộng các mô hình hay, cách làm tốt trong phòng chống dịch.")
    assert not head.names("Tổ COVID-19 cộng đồng được triển khai rộng rãi.")
    # English: the noun after "which", through the glossary, its modifiers and verb skipped.
    head = asked_head(fold("Through which platform is Dong Thap's digital map connected?"))
    assert head is not None and head.heads == ("nen tang",)
    assert head.names(
        "Kết nối, liên thông dữ liệu thông qua nền tảng tích hợp, chia sẻ dữ liệu LGSP của Tỉnh."
    )
    assert not head.names(_TASK)
    # "là gì" names no kind; a question that says no kind expects none.
    assert asked_head(fold("COVID-19 cộng đồng là gì?")) is None
    assert asked_head(fold("Cà Mau đã tiêm bao nhiêu người?")) is None


def test_a_sentence_naming_the_kind_asked_matches_and_one_that_does_not_says_nothing() -> None:
    """The prior's cue for a name question with no other expectation: ``entity_match`` for a
    sentence naming a thing of the asked kind; no ``entity_mismatch`` for the others (an
    answer seldom repeats the kind)."""
    from hoidap.types import Hit
    from qa.answer import Answerer
    from qa.coverage import TermWeights
    from qa.query import understand
    from tests.unit.qa_fakes import make_chunk

    chunk = make_chunk(
        "Mô hình Tổ COVID-19 cộng đồng được triển khai áp dụng rộng rãi trên địa bàn tỉnh và "
        "mang lại hiệu quả rất tích cực.\n\nCông tác phòng chống dịch được triển khai quyết "
        "liệt trên địa bàn tỉnh.",
        source="000_soc-trang.txt",
        province="Sóc Trăng",
        path=("IV. BÀI HỌC KINH NGHIỆM",),
        line_start=651,
    )
    answerer = Answerer(TermWeights([chunk]))
    q = understand("Mô hình hay trong phòng chống dịch mà Sóc Trăng nêu là mô hình nào?")
    assert q.kind == "entity"
    cues = {
        s.sentence.quote[:9]: dict(s.cues) for s in answerer.rank_sentences(q, [Hit(chunk, 1.0, 1)])
    }
    assert cues["Mô hình T"].get("entity_match") == 1.0
    assert "entity_match" not in cues["Công tác "] and "entity_mismatch" not in cues["Công tác "]


# What a name answer leads with (#12): the one name of the asked kind its sentence writes,
# as the report writes it; "" when it writes none or several. Real sentences of the corpus.
@pytest.mark.parametrize(
    ("question", "quote", "name"),
    [
        (
            "Ổ dịch xuất hiện ngày 07/7/2021 ở thành phố Bắc Giang bắt nguồn từ công ty nào?",
            "(5) Ổ dịch thứ năm tại thành phố Bắc Giang: Xuất hiện từ ngày 07/7/2021 tại Công ty "
            "May Baian Vina, đã phát hiện 31 F0.",
            "Công ty May Baian Vina",
        ),
        (
            "Ca bệnh đầu tiên trong khu công nghiệp Bắc Giang làm ở công ty nào?",
            "Ca bệnh đầu tiên là một công nhân làm việc tại Công ty SJ Tech - KCN Vân Trung trước "
            "đó đã tiếp xúc với 2 bệnh nhân COVID-19 điều trị tại Bệnh viện Nhiệt Đới Trung ương.",
            "Công ty SJ Tech - KCN Vân Trung",
        ),
        (
            "Sun Group đầu tư đơn vị ICU ở bệnh viện nào của Bắc Giang?",
            "Gói hỗ trợ của Tập đoàn Sun Group đầu tư thiết lập đơn vị ICU tại Bệnh viện Tâm thần "
            "trị giá 70 tỷ đồng, đưa vào vận hành để kịp thời điều trị bệnh nhân nặng.",
            "Bệnh viện Tâm thần",
        ),
        (
            "Hai chốt đường bộ cấp huyện mà Cà Mau vẫn duy trì hiện nay thuộc huyện nào?",
            "Hiện nay, tỉnh tiếp tục duy trì 21 chốt kiểm soát người và phương tiện vào tỉnh, gồm: "
            "12 chốt đường biển, 03 chốt đường thủy, 04 chốt đường bộ của tỉnh và 02 chốt đường "
            "bộ của huyện Thới Bình.",
            "huyện Thới Bình",
        ),
        (
            "Văn bản nào của Chủ tịch UBND tỉnh Bắc Giang chỉ đạo phân loại người cách ly?",
            "Đặc biệt, để thực hiện mục tiêu giảm các ca F0, Chủ tịch UBND tỉnh đã ban hành Công "
            "điện số 03/CĐ-UBND ngày 07/6/2021về việc tăng cường các biện pháp phòng, chống dịch.",
            "Công điện số 03/CĐ-UBND ngày 07/6/2021",
        ),
        (
            "Which Prime Minister's decision containing key tasks on national and shared "
            "databases did Đà Nẵng ask the Ministry of Science and Technology to carry out?",
            "Về đề nghị Bộ Khoa học và Công nghệ phối hợp với các bộ, ngành rà soát, hoàn thiện "
            "đưa vào khai thác hiệu quả cơ sở dữ liệu quốc gia, cơ sở dữ liệu dùng chung của cơ "
            "quan nhà nước và triển khai các nhiệm vụ trọng tâm tại Quyết định số 1565/QĐ-TTg ngày "
            "18/7/2025 của Thủ tướng Chính phủ:",
            "Quyết định số 1565/QĐ-TTg ngày 18/7/2025",
        ),
        (
            "Khi phát sinh vướng mắc thì báo cáo UBND tỉnh Nghệ An qua cơ quan nào?",
            "Trong quá trình thực hiện nếu phát sinh vướng mắc, báo cáo kịp thời UBND tỉnh (qua "
            "Ban Quản lý Khu kinh tế Đông Nam) để xử lý theo thẩm quyền./.",
            "Ban Quản lý Khu kinh tế Đông Nam",
        ),
        (
            "Ở Cần Thơ, danh sách chi trả trợ cấp xã hội phải được lập qua hệ thống phần mềm nào?",
            "(5) 100% số người hưởng trợ cấp xã hội được rà soát, cập nhật dữ liệu và thực hiện "
            "lập danh sách chi trả thông qua hệ thống phần mềm trực tuyến *“Hệ thống thông tin, "
            "cơ sở dữ liệu đối tượng bảo trợ xã hội” *tại địa chỉ: https://btxh.molisa.gov.vn.",
            "Hệ thống thông tin, cơ sở dữ liệu đối tượng bảo trợ xã hội",
        ),
        # Several names of the asked kind: none leads (the quote answers as before).
        (
            "Cà Mau ban hành quy định tạm thời bằng quyết định số mấy?",
            "Thực hiện Nghị quyết số 128/NQ-CP ngày 11/10/2021 của Chính phủ và Quyết định số "
            "4800/QĐ-BYT ngày 12/10/2021 của Bộ Y tế, Chủ tịch Ủy ban nhân dân tỉnh đã ban hành "
            "Quyết định số 2222/QĐ-UBND ngày 16/10/2021 quy định tạm thời.",
            "",
        ),
        (
            "Năm 2020, 4 ca mắc COVID-19 của Lạng Sơn được ghi nhận ở đâu?",
            "Năm 2020: ghi nhận 04 trường hợp mắc bệnh tại thị trấn Đình Lập, huyện Đình Lập, "
            "liên quan đến ổ dịch tại Đà Nẵng.",
            "",
        ),
        # A person is asked: the signer's answer names them; a sentence's names are not cut.
        (
            "Ai làm Trưởng Ban Chỉ đạo phòng, chống dịch COVID-19 tỉnh Sóc Trăng?",
            "Đặc biệt, đồng chí Bí thư Tỉnh ủy đã trực tiếp làm Trưởng Ban Chỉ đạo phòng, chống "
            "dịch COVID-19 tỉnh.",
            "",
        ),
    ],
)
def test_asked_name(question: str, quote: str, name: str) -> None:
    from qa.entities import asked_name

    assert asked_name(fold(question), question, quote) == name
