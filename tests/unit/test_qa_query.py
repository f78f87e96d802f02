"""Question understanding on the kinds of questions officials ask."""

from __future__ import annotations

import datetime as dt

import pytest

from hoidap.errors import InputError
from qa.query import MAX_QUESTION_CHARS, clean_question, understand


def test_the_ca_mau_question() -> None:
    q = understand("Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?")
    assert q.language == "vi"
    assert q.provinces == ("Cà Mau",)
    assert "Cà Mau" in q.allowed_provinces
    assert q.kind == "number"
    assert q.unit == "nguoi"
    assert q.as_of == dt.date(2021, 11, 16)
    assert "tiem" in q.terms and "vac" in q.terms
    # The province and the date are matched by filters, not as words.
    assert "ca" not in q.terms and "mau" not in q.terms and "16/11/2021" not in q.terms


def test_unaccented_question() -> None:
    q = understand("ca mau tiem bao nhieu nguoi")
    assert q.language == "vi-noaccent"
    assert q.provinces == ("Cà Mau",)
    assert q.kind == "number"


def test_english_question_gets_vietnamese_glosses() -> None:
    q = understand("How many people had Cà Mau vaccinated by 16/11/2021?")
    assert q.language == "en"
    assert q.kind == "number"
    assert q.as_of == dt.date(2021, 11, 16)
    assert "tiêm" in q.search_text and "người" in q.search_text
    assert "tiem" in q.terms


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Tỷ lệ tiêm mũi 2 của Sóc Trăng là bao nhiêu?", "number"),
        ("Ca bệnh đầu tiên ở Bắc Giang được phát hiện khi nào?", "date"),
        ("Cơ quan nào chủ trì công tác tiêm chủng ở Trà Vinh?", "entity"),
        ("Vì sao số ca mắc ở Cà Mau tăng đột biến sau tháng 10/2021?", "explanation"),
        ("So sánh số ca mắc của Cà Mau và Lạng Sơn", "comparison"),
        ("Cà Mau, Lạng Sơn có bao nhiêu ca mắc?", "comparison"),
        # The comma after the province of an opening clause ends the clause: one province asked.
        (
            "Khi dịch bùng phát tại các khu công nghiệp Bắc Giang, Lạng Sơn đã đón bao nhiêu "
            "công dân từ vùng dịch về?",
            "number",
        ),
        ("Lạng Sơn đã thực hiện những biện pháp gì để kiểm soát cửa khẩu?", "list"),
        ("When was the first case detected in Bắc Giang?", "date"),
        ("Why did cases rise in Cà Mau?", "explanation"),
        ("What export turnover does Cà Mau forecast for 2026?", "number"),
        ("What is Cà Mau's 2030 target for households with internet?", "number"),
        ("How often must the city run drills?", "number"),
        ("What is the issue date of Cà Mau's plan?", "date"),
        ("In which year is the final review due?", "date"),
        ("What is the theme of this year's campaign in Cà Mau?", "entity"),
        ("Which company had the most cases when the outbreak hit Bắc Giang?", "entity"),
        ("Since when has Cà Mau tested at the border?", "date"),
        # "gửi báo cáo về đâu" asks where to (a body or a place), not why.
        ("Các sở gửi báo cáo kết quả thực hiện kế hoạch về đâu?", "entity"),
        # A document asked by its kind is a name (its number), not an explanation.
        ("Kế hoạch 552 căn cứ vào quyết định nào của Bộ Xây dựng?", "entity"),
        ("Cà Mau ban hành quy định tạm thời bằng quyết định số mấy?", "entity"),
        ("Kế hoạch triển khai Kế hoạch hành động nào của Tỉnh ủy?", "entity"),
        ("lai chau bao dam thi hanh luat tieu chuan theo nghi dinh nao", "entity"),
        # One body asked is a name, whatever quantity or "các … nào" the task's words hold.
        ("Sở nào tham mưu UBND Thành phố bố trí dự toán kinh phí thực hiện nhiệm vụ?", "entity"),
        ("Các doanh nghiệp gửi danh sách phủ sóng tại các KCN về cơ quan nào?", "entity"),
        ("bac ninh hoi nghi ve phap luat do so nao chu tri", "entity"),
        ("Những cơ quan nào thực hiện tuyên truyền, phổ biến pháp luật?", "list"),
        # Two asks of different kinds joined by "và", "," or "and": the first is answered
        # first, whatever kind the patterns try first (dates before figures before names).
        ("Chỉ thị của Thủ tướng về bầu cử là chỉ thị số mấy, ngày nào?", "entity"),
        ("Ai ký Kế hoạch 310/KH-UBND và ký ngày nào?", "entity"),
        ("Which strategy does HCMC cite for Decision 2853, and when was it approved?", "entity"),
        ("Kế hoạch ban hành ngày nào và gồm bao nhiêu nhiệm vụ?", "date"),
        ("Sóc Trăng tiêm mũi đầu tiên vào ngày nào, và tiêm được bao nhiêu mũi?", "date"),
        ("Tỉnh có bao nhiêu máy xét nghiệm, do cơ quan nào quản lý?", "number"),
        # A name asked ("ai", an opening "which"/"who") is not a figure question because
        # the question names a quantity; a relative "who" asks no name.
        (
            "Ai ký Quyết định 03/2025/QĐ-UBND quy định việc sử dụng kinh phí chi thường xuyên?",
            "entity",
        ),
        ("Which company in Bắc Giang had the largest number of infected workers?", "entity"),
        ("What percentage of residents who were vaccinated had two doses?", "number"),
        # "AI" (artificial intelligence) asks no name, even where the question asks nothing else.
        ("Tỷ lệ doanh nghiệp ứng dụng AI của Đồng Nai?", "number"),
        # Without a joining word the later ask is part of the first: one thing is asked.
        ("Which company had the most cases when the outbreak hit Bắc Giang?", "entity"),
        ("Số ca mắc tính đến ngày nào?", "date"),
        # "máy" (machine) before a listed count noun's first letters is no "mấy": "bộ máy
        # cấp xã" folds to "may cap", which began like "may ca".
        ("Đà Nẵng sắp xếp bộ máy cấp xã theo hướng nào?", "explanation"),
    ],
)
def test_kinds(question: str, kind: str) -> None:
    assert understand(question).kind == kind


def test_merged_province_name_covers_old_provinces() -> None:
    q = understand("Cần Thơ (mới) đã tiêm bao nhiêu liều vắc xin?")
    assert "Sóc Trăng" in q.allowed_provinces


def test_follow_up_inherits_province_and_question() -> None:
    first = "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?"
    q = understand("còn Sóc Trăng thì sao?", history=[first])
    assert q.provinces == ("Sóc Trăng",)
    assert q.kind == "number"
    assert q.as_of == dt.date(2021, 11, 16)
    assert "tiem" in q.terms
    assert "question" in q.inherited and "date" in q.inherited


def test_follow_up_inherits_province_when_missing() -> None:
    q = understand("Tỷ lệ tiêm mũi 2 là bao nhiêu?", history=["Sóc Trăng có bao nhiêu ca mắc?"])
    assert q.provinces == ("Sóc Trăng",)


def test_new_full_question_does_not_inherit() -> None:
    q = understand(
        "Lạng Sơn có bao nhiêu Tổ COVID cộng đồng?", history=["Cà Mau tiêm bao nhiêu người?"]
    )
    assert q.provinces == ("Lạng Sơn",) and q.inherited == ()


@pytest.mark.parametrize("bad", ["", "   ", "\x00\x01"])
def test_empty_questions_are_refused(bad: str) -> None:
    with pytest.raises(InputError, match="trống"):
        clean_question(bad)


@pytest.mark.parametrize("bad", ["?!...", "😀😀", "— … !!!", "???  ?"])
def test_questions_without_a_word_are_refused(bad: str) -> None:
    """qa-pass: a question of punctuation or emoji only was answered "Không tìm được câu
    trả lời đủ tin cậy" with a "closest sentence" that had nothing to do with it."""
    with pytest.raises(InputError, match="no words") as info:
        clean_question(bad)
    assert str(info.value).startswith("câu hỏi không có chữ")


@pytest.mark.parametrize("good", ["12345", "新冠疫苗接种了多少人？", "Cà Mau?"])
def test_a_number_or_another_script_is_a_question(good: str) -> None:
    assert clean_question(good) == good


def test_long_question_is_refused() -> None:
    with pytest.raises(InputError, match="quá dài"):
        clean_question("a" * (MAX_QUESTION_CHARS + 1))


def test_control_characters_are_removed() -> None:
    assert clean_question("Cà Mau\x07 tiêm\tbao nhiêu?") == "Cà Mau tiêm bao nhiêu?"


def test_other_script_is_understood_without_error() -> None:
    q = understand("新冠疫苗接种了多少人？")
    assert q.provinces == () and q.terms == ()


@pytest.mark.parametrize(
    "question",
    [
        "What was Cà Mau's daily testing capacity before April 2021?",
        "Bắc Giang: vaccination coverage among adults by 14/9/2021?",
        "How many doses did Sóc Trăng receive?",
    ],
)
def test_english_with_accented_province_names(question: str) -> None:
    assert understand(question).language == "en"


@pytest.mark.parametrize(
    "question",
    ["ca mau tiem bao nhieu lieu vaccine covid", "so ca f0 o soc trang theo ubnd tinh"],
)
def test_unaccented_vietnamese_with_loanwords_is_not_english(question: str) -> None:
    assert understand(question).language == "vi-noaccent"


def test_the_unit_is_the_word_after_bao_nhieu() -> None:
    # "cơ sở cách ly" holds the letters of "số" but asks nothing.
    q = understand("Sóc Trăng cách ly y tế tại cơ sở cách ly tập trung bao nhiêu người?")
    assert q.unit == "nguoi"
    assert understand("Tổng số ca tử vong ở Sóc Trăng?").unit == "ca"


def test_the_start_of_a_period_is_not_a_cut_off() -> None:
    q = understand(
        "Trong cả giai đoạn 4 (từ 27/4/2021 đến nay), Sóc Trăng cách ly bao nhiêu người?"
    )
    assert q.as_of is None
    assert [d.first for d in q.dates] == [dt.date(2021, 4, 27)]
    assert understand("Đến ngày 27/4/2021 Sóc Trăng có bao nhiêu ca?").as_of == dt.date(2021, 4, 27)


def test_english_terms_carry_their_vietnamese_alternatives() -> None:
    q = understand("How long was the lockdown in Bắc Giang?")
    assert "giãn_cách" in q.match_terms
    assert "phong_tỏa" in q.alternatives("giãn_cách")


def test_vietnamese_paraphrases() -> None:
    q = understand("Cà Mau có bao nhiêu người đã tiêm xong mũi 2?")
    assert "hoàn_thành" in q.alternatives("xong")
    # Typed without diacritics, a short syllable is too ambiguous to stand for a word.
    folded = understand("ca mau co bao nhieu nguoi tiem xong mui 2")
    assert "hoan_thanh" in folded.alternatives("xong") and "du" not in folded.alternatives("xong")


def test_percent_words_are_answered_by_the_figure() -> None:
    q = understand("Trà Vinh dành tối thiểu bao nhiêu phần trăm ngân sách cho y tế dự phòng?")
    assert q.wants_percent
    assert "phần_trăm" not in q.match_terms and "phan" not in q.terms
    # Without accents "ty le" is the unit asked too: folded, "ty" is also "tỷ" (billion).
    folded = understand("ty le nguoi dan tiem du 2 mui o ca mau la bao nhieu")
    assert folded.wants_percent and not {"ty", "le"} & set(folded.terms)
    assert "tiem" in folded.terms
    # With accents the noun stays a topic word, and in a question asking no figure too.
    accented = understand("Tỷ lệ người dân tiêm đủ 2 mũi ở Cà Mau là bao nhiêu?")
    assert "tỷ_lệ" in accented.match_terms
    assert {"ty", "le"} <= set(understand("vi sao ty le tiem o ca mau thap").terms)
    # A bound asked without accents names the kind of figure too: "toi" is also "tới", "tôi".
    bound = understand("dak lak ban chi dao duoc de nghi toi da bao nhieu ca nhan")
    assert "toi" not in bound.terms and "nhan" in bound.terms


def test_gloss_share_says_how_much_of_an_english_question_the_glossary_reads() -> None:
    glossed = understand("How many people were vaccinated in Cà Mau by 16/11/2021?")
    unglossed = understand(
        "What symmetric data speed should the next-generation fibre network deliver in Hanoi?"
    )
    assert glossed.language == unglossed.language == "en"
    # Province, date and grammar words are not topic words: all that is left is glossed.
    assert glossed.gloss_share == 1.0
    assert 0.0 <= unglossed.gloss_share < 0.5
    # A Vietnamese question is read by BM25 as it is.
    assert understand("Cà Mau đã tiêm bao nhiêu người?").gloss_share == 1.0


@pytest.mark.parametrize(
    ("question", "units"),
    [
        # English puts the head noun last: "communes in Nghệ An" counts communes, said
        # "xã" in a report (the figure's unit is read as its first syllable, folded).
        ("How many communes in Nghệ An have 5G coverage?", ("xa",)),
        # Projects are "dự án" or "đề án": a figure in either agrees, the first gloss first.
        ("How many wind power projects are operating in Cà Mau?", ("du", "de")),
        # Units the answerer knows in English stay English.
        ("How many people in Cà Mau were vaccinated?", ("people",)),
        ("How many suspected COVID-19 cases did Sóc Trăng record?", ("cases",)),
        # A head noun without a gloss stays as asked.
        ("How many monitoring points does Đắk Lắk plan?", ("points",)),
        # Leading adjectives and nouns used as adjectives are passed over: the head is
        # the first plural noun (or known unit), never a word after the verb.
        ("How many regular monitoring points are there in Cà Mau?", ("points",)),
        ("How many social housing units will Cà Mau build?", ("don",)),
        ("How many workers in Cà Mau found jobs?", ("cong", "nguoi", "lao")),
        ("How many communes meet the new rural standards in Nghệ An?", ("xa",)),
        # Students, not school: "học sinh" or "sinh viên".
        ("How many students attend school in Cà Mau?", ("hoc", "sinh")),
        ("How many people live in Cà Mau?", ("people",)),
        ("How many new digital-technology companies were set up in Đắk Lắk?", ("cong", "doanh")),
        ("How many new COVID cases did Sóc Trăng record?", ("cases",)),
        # A gloss that is an age qualifier is not a unit: the next one is; a head whose
        # glosses are all age groups counts people.
        ("How many adults aged 18+ in Cà Mau were vaccinated?", ("nguoi",)),
        ("How many adolescents in Cà Mau were vaccinated?", ("nguoi",)),
        # No plural noun within reach: the first word after "how many", as before.
        ("How many staff work in Cà Mau?", ("can", "nhan")),
    ],
)
def test_an_english_unit_is_the_head_noun_said_as_the_reports_say_it(
    question: str, units: tuple[str, ...]
) -> None:
    q = understand(question)
    assert (q.unit, *q.units) == units


def test_a_vietnamese_unit_has_no_alternatives() -> None:
    q = understand("Cà Mau có bao nhiêu dự án điện gió?")
    assert q.unit == "du" and q.units == ()


def test_english_money_words() -> None:
    assert understand("How much did Sóc Trăng spend on meal support?").wants_money
    assert understand("How much in fines did Sóc Trăng's police impose?").wants_money
    assert not understand("How many people did Sóc Trăng test?").wants_money
    # "paid" and "price" ask for money after "how much", not in a count.
    assert understand("How much was paid to workers in Cà Mau?").wants_money
    assert understand("What was the price of rice in Cà Mau?").wants_money
    assert not understand("How many workers were paid unemployment support in Cà Mau?").wants_money
    assert not understand("How many price checks did Cà Mau carry out?").wants_money
    # Income and fundraising are money too.
    assert understand("What export turnover does Cà Mau forecast for 2026?").wants_money
    assert understand("What revenue did Cà Mau collect from import-export?").wants_money
    assert understand("How much had the Fatherland Front in Bắc Giang raised?").wants_money
    assert not understand("How many households raised pigs in Cà Mau?").wants_money


def test_names_and_acronyms_are_read_as_written() -> None:
    # The reports write "thẻ ATM", "RT-PCR", "IoT" as the question does: those words are
    # matched as they are, and count as read.
    q = understand("How many ATM cards did Cần Thơ issue under its cashless campaign?")
    assert "atm" in q.match_terms and "atm" in q.terms
    bare = understand("How many cards did Cần Thơ issue under its cashless campaign?")
    assert q.gloss_share > bare.gloss_share
    # A capitalised word of English ("Decision", "How") is not a name the reports write,
    # nor is a document code's suffix, nor a Vietnamese question's words.
    coded = understand("When did Hanoi issue Decision 03/2025/QĐ-UBND?")
    assert not {"decision", "ubnd", "how"} & set(coded.match_terms)
    assert understand("Cà Mau có bao nhiêu thẻ ATM?").language != "en"
    # "5G/IoT" is two names, not a document code.
    assert "iot" in understand("Under Hanoi's 5G/IoT plan, who pays for the masts?").match_terms


def test_words_that_name_no_topic_are_not_named_as_unread() -> None:
    # "often", "actually", "three" and "largest" carry no topic a search could use: an unsure
    # answer does not name them as words hoidap cannot read; a topic word it cannot read it
    # still names. The gloss share counts them as before (measured, eval/README.md).
    light = understand("How often does Cà Mau actually vaccinate the three largest lagoons?")
    assert light.unread == ("lagoons",)
    plain = understand("How does Cà Mau vaccinate the lagoons?")
    assert light.gloss_share < plain.gloss_share


def test_what_other_readers_read_is_not_unglossed() -> None:
    # A document code's letters are no words, an ordinal is read as a qualifier and
    # "start of the year" by the date reader: none of them lowers the share.
    coded = understand("When was Đồng Tháp's plan 552/KH-UBND on the technology roadmap issued?")
    plain = understand("When was Đồng Tháp's plan on the technology roadmap issued?")
    assert coded.gloss_share == plain.gloss_share
    third = understand("How many cases did Lạng Sơn record in its third wave?")
    wave = understand("How many cases did Lạng Sơn record in its wave?")
    assert third.gloss_share >= wave.gloss_share
    assert (
        understand(
            "How many PCR samples has Cà Mau tested since the start of the year?"
        ).gloss_share
        == 1.0
    )


def test_the_verb_setting_an_asked_figure_is_no_content_term() -> None:
    # Cà Mau's 2025 report (eval/corpus/dev) writes "sản lượng điện sản xuất ước 8.223 triệu
    # kWh": "ước đạt" of the question is how the figure is asked, not what about.
    q = understand("Năm 2025 sản lượng điện sản xuất của tỉnh Cà Mau ước đạt bao nhiêu?")
    assert "đạt" not in q.match_terms and "ước_đạt" not in q.match_terms
    assert {"sản_lượng", "điện", "sản_xuất", "ước"} <= set(q.match_terms)
    q = understand("Khu vực nông, lâm nghiệp chiếm bao nhiêu phần trăm GRDP?")
    assert "chiếm" not in q.match_terms and "chiem" not in q.terms
    # Elsewhere the same verb is a content word: "đạt chuẩn" is what is counted.
    q = understand("Tỷ lệ hộ đạt chuẩn nông thôn mới là bao nhiêu?")
    assert "đạt" in q.match_terms


@pytest.mark.parametrize(
    ("question", "accented"),
    [
        ("Cà Mau đã tiêm vắc xin cho bao nhiêu người?", True),
        ("Ca Mau da tiem vac xin cho bao nhieu nguoi?", False),
        ("How many people did Cà Mau vaccinate?", True),
    ],
)
def test_a_question_is_matched_with_tone_marks_unless_written_without(
    question: str, accented: bool
) -> None:
    # One test every place that matches a question's terms reads (coverage, own words,
    # refusals, local coverage): an English question is matched through its accented glosses.
    assert understand(question).accented is accented


def test_a_contractions_stem_is_not_named_as_unread() -> None:
    # "didn't" split into words at the apostrophe leaves "didn": grammar, not a topic word the
    # glossary failed to read.
    q = understand("Why didn't Cà Mau's hospitals vaccinate children?")
    assert "didn" not in q.unread


@pytest.mark.parametrize(
    "question",
    [
        "Đồng Nai ứng dụng AI trong những lĩnh vực nào?",
        "Kế hoạch đặt mục tiêu bao nhiêu doanh nghiệp ứng dụng AI?",
        "Cơ quan nào chủ trì phát triển nền tảng AI?",
        "Trung tâm dữ liệu AI được xây dựng ở đâu?",
        "Which agency leads AI development in Dong Nai?",
    ],
)
def test_an_acronym_that_folds_to_a_question_word_is_a_topic(question: str) -> None:
    # "AI" folds to "ai" (who): read as the topic it is, the question asks what it asks
    # with the words spelt out, and "ai" is a term (BM25, coverage, the documents' own
    # definition "trí tuệ nhân tạo (AI)").
    query = understand(question)
    words = "artificial intelligence" if question.startswith("Which") else "trí tuệ nhân tạo"
    spelt = understand(question.replace("AI", words))
    assert query.kind == spelt.kind
    assert "ai" in query.terms and "ai" in query.match_terms
    assert " ai " not in f" {query.folded} "


@pytest.mark.parametrize(
    ("question", "kind", "language"),
    [
        ("Ai ký kế hoạch?", "entity", "vi"),
        ("AI KÝ KẾ HOẠCH?", "entity", "vi"),
        ("Ai ký Chỉ thị số 07-CT/TU?", "entity", "vi"),
        # A question word typed in capitals is still the question's: nothing else asks.
        ("Kế hoạch 123/KH-UBND do AI ký?", "entity", "vi"),
        ("AI là người ký Kế hoạch 123/KH-UBND?", "entity", "vi"),
        ("Kế hoạch 123/KH-UBND ban hành KHI NÀO?", "date", "vi"),
        ("Cà Mau có BAO NHIÊU ca mắc?", "number", "vi"),
        ("HOW MANY cases did Ca Mau report in 2021?", "number", "en"),
        ("WHO issued Plan 123/KH-UBND?", "entity", "en"),
    ],
)
def test_question_words_in_capitals_and_a_code_s_letters_are_no_acronym(
    question: str, kind: str, language: str
) -> None:
    query = understand(question)
    assert (query.kind, query.language) == (kind, language)
    if language == "vi":
        assert not {"ai", "tu", "khi", "bao"} & set(query.terms)


def test_an_acronym_after_a_request_is_a_topic() -> None:
    # The request asks; "AI" in its object is the topic ("Nêu các ứng dụng AI …").
    query = understand("Nêu các ứng dụng AI của Đồng Nai.")
    assert query.kind == understand("Nêu các ứng dụng trí tuệ nhân tạo của Đồng Nai.").kind
    assert "ai" in query.terms


@pytest.mark.parametrize(
    "question",
    [
        "Theo báo cáo năm 2021, Cà Mau có bao nhiêu ca tử vong do COVID-19?",
        "Trong báo cáo của Sóc Trăng, giai đoạn 4 bắt đầu từ ngày nào?",
        "Báo cáo ghi kinh phí phòng, chống dịch năm 2020 của Sóc Trăng là bao nhiêu?",
    ],
)
def test_the_report_named_as_a_source_is_no_topic(question: str) -> None:
    """ "Theo báo cáo …" names where the answer is, not what it is about: read without accents
    the stop words drop "bao cao" already, and with them "báo_cáo" is not a match term either
    (it drew the sentences about reporting duties)."""
    assert "báo_cáo" not in understand(question).match_terms
    assert "báo_cáo" in understand("Cà Mau phải báo cáo kết quả về đâu?").match_terms


def test_a_document_number_with_its_year_is_one_term_as_reports_write_it() -> None:
    """underthesea spaces out "197/2025" of "Nghị quyết 197/2025/QH15"; a report's words keep
    it whole, so its pieces matched no sentence citing the resolution (real segmenter)."""
    from qa.matching import has_term, text_words

    q = understand("Theo Nghị quyết 197/2025/QH15, người làm công tác pháp luật được hỗ trợ gì?")
    assert "197/2025" in q.match_terms
    assert "197" not in q.match_terms and "2025" not in q.match_terms
    sentence = "thực hiện chế độ hỗ trợ theo nghị quyết số 197/2025/qh15 của quốc hội"
    assert has_term("197/2025", text_words(sentence), sentence)
