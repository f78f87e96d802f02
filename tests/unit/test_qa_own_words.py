"""A candidate's own words: the question's terms in its figure's (or date's) own clause and
the sentence's lead, read with the real question reader (underthesea), on made-up sentences."""

from __future__ import annotations

from hoidap.text import cached_dates, cached_numbers
from hoidap.types import Hit
from qa.answer import Answerer
from qa.candidates import candidates
from qa.coverage import TermWeights
from qa.own_words import laid_out_as_item, own_extra, own_share, own_text
from qa.query import understand
from qa.scope import counting
from tests.unit.qa_fakes import make_chunk


def _shares(question: str, quote: str) -> dict[str, float]:
    q = understand(question)
    counted = counting(quote)
    return {m.text: own_share(q, quote, m, counted) for m in counted}


def test_the_figure_whose_clause_names_the_asked_thing_says_more() -> None:
    shares = _shares(
        "Có bao nhiêu doanh nghiệp khởi nghiệp sáng tạo?",
        "Hình thành ít nhất 100 doanh nghiệp khởi nghiệp sáng tạo, 50 doanh nghiệp khoa học.",
    )
    assert shares["100"] > shares["50"]


def test_the_sentence_lead_is_every_figures() -> None:
    quote = "Đợt dịch thứ 4: ghi nhận tổng số trường hợp 5.779 F0; 43.469 F1; 117.679 F2."
    (f0, _f1, f2) = counting(quote)
    assert "Đợt dịch thứ 4" in own_text(quote, f2, [f0, f2])
    shares = _shares("Đợt dịch thứ 4 có bao nhiêu trường hợp F2?", quote)
    assert shares["117.679"] > shares["5.779"]


def test_a_list_item_is_read_by_its_own_label_not_its_siblings() -> None:
    q = "Mỗi Ban bầu cử đại biểu Quốc hội được đề nghị bao nhiêu cá nhân?"
    ours = _shares(q, "Ban bầu cử đại biểu Quốc hội: 01 cá nhân/01 ban;")
    theirs = _shares(q, "Ban bầu cử đại biểu Hội đồng nhân dân cấp tỉnh: 01 cá nhân/01 ban;")
    assert max(ours.values()) > max(theirs.values())


def test_a_question_without_diacritics_is_matched_folded() -> None:
    shares = _shares(
        "soc trang rieng thang 10 co bao nhieu ca mac",
        "Riêng tháng 10, toàn tỉnh ghi nhận 4.956 ca mắc, trong đó có 2.250 ca cộng đồng;",
    )
    assert shares["4.956"] > shares["2.250"] > 0


def test_a_date_is_read_in_its_own_clause() -> None:
    q = understand("Ngày nào tỉnh bắt đầu giãn cách xã hội?")
    quote = "Ngày 10/7/2021 tỉnh họp ban chỉ đạo, ngày 19/7/2021 bắt đầu giãn cách xã hội."
    first, second = cached_dates(quote)
    dates = [first, second]
    assert own_share(q, quote, second, dates) > own_share(q, quote, first, dates)


def test_no_terms_no_share() -> None:
    quote = "Tổng số 12 ca."
    (m,) = cached_numbers(quote)
    assert own_share(understand("bao nhiêu?"), quote, m, [m]) == 0.0


def _extras(question: str, quote: str) -> dict[str, float]:
    q = understand(question)
    counted = counting(quote)
    return {m.text: own_extra(q, quote, m, counted) for m in counted}


def test_a_sibling_item_says_words_the_question_does_not() -> None:
    q = "Mỗi Ban bầu cử đại biểu Quốc hội được đề nghị bao nhiêu cá nhân?"
    ours = _extras(q, "Ban bầu cử đại biểu Quốc hội: 01 cá nhân/01 ban;")
    theirs = _extras(q, "Ban bầu cử đại biểu Hội đồng nhân dân cấp tỉnh: 01 cá nhân/01 ban;")
    assert max(ours.values()) < max(theirs.values())
    assert min(ours.values()) == 0.0


def test_an_english_question_is_read_by_its_glosses() -> None:
    q = "What share of beneficiaries must be given an ATM card?"
    ours = _extras(q, "(3) Ít nhất 80% người hưởng trợ cấp được phát hành thẻ ATM;")
    theirs = _extras(
        q, "(2) Ít nhất 85% người hưởng trợ cấp mở mới tài khoản ngân hàng, ví điện tử;"
    )
    assert ours["80%"] < theirs["85%"]


def test_running_prose_is_no_item() -> None:
    quote = "Toàn tỉnh đã tiêm vắc xin cho 859.463 người, chiếm 74,8% dân số."
    assert not laid_out_as_item(quote, quote.index("859"))
    assert set(_extras("Đã tiêm cho bao nhiêu người?", quote).values()) == {0.0}
    assert laid_out_as_item("b) Đến hết năm 2030: Có ≥ 60% DNNVV.", 25)
    assert laid_out_as_item("Chỉ tiêu 3: Tỷ suất sinh giảm xuống 18 ca sinh.", 30)


def test_a_quoted_name_is_one_phrase_of_the_date_after_it() -> None:
    """ "hưởng ứng “Ngày Quốc tế xóa bỏ … đối với phụ nữ và trẻ em gái” (ngày 25/11)": the
    "và" inside the quoted name does not end the clause, so the name is the date's own words
    and the day asked is told from the month's first day before it."""
    quote = (
        "Nội dung: Triển khai Tháng hành động (từ ngày 15/11 đến ngày 15/12) và hưởng ứng "
        "“Ngày Quốc tế xóa bỏ mọi hình thức bạo lực đối với phụ nữ và trẻ em gái” (ngày 25/11)."
    )
    dates = cached_dates(quote, 2025)
    day = {d.text: d for d in dates}
    assert "Ngày Quốc tế xóa bỏ" in own_text(quote, day["ngày 25/11"], dates)
    q = understand(
        "Ngày Quốc tế xóa bỏ mọi hình thức bạo lực đối với phụ nữ và trẻ em gái được hưởng ứng "
        "vào ngày nào?"
    )
    assert own_share(q, quote, day["ngày 25/11"], dates) > own_share(
        q, quote, day["ngày 15/11"], dates
    )


def test_a_breakdown_of_the_sentence_before_reads_that_sentence() -> None:
    """ "Trong đó: Công nhân trong KCN: 195.162 liều" counts what the sentence before says
    ("đã tiêm … liều vắc xin"): its words are the part's own; a sentence that does not open
    with a breakdown reads only its own words, whatever stands before it."""
    q = understand("Số liều vắc xin đã tiêm cho công nhân trong các KCN là bao nhiêu?")
    before = "Tính đến ngày 14/9/2021, toàn tỉnh đã tiêm được 458.878 liều vắc xin."
    part = "Trong đó: Công nhân trong KCN: 195.162 liều;"
    (m,) = counting(part)
    alone = own_share(q, part, m, [m])
    assert own_share(q, part, m, [m], before) > alone
    plain = "Công nhân trong KCN: 195.162 liều;"
    (p,) = counting(plain)
    assert own_share(q, plain, p, [p], before) == own_share(q, plain, p, [p])


def test_a_figure_the_question_states_does_not_end_the_asked_figures_clause() -> None:
    """ "40 cơ sở điều trị tiếp nhận được 3.446 F0 theo khả năng tối đa": the question states
    3.446, which describes the 40 facilities; read as a bound, it cut "F0 … khả năng" off the
    asked figure's own words."""
    text = "Tuyến huyện có 40 cơ sở điều trị tiếp nhận được 3.446 F0 theo khả năng tối đa."
    chunk = make_chunk(text)
    asked = understand("Bao nhiêu cơ sở điều trị có khả năng tiếp nhận 3.446 F0?")
    other = understand("Bao nhiêu cơ sở điều trị có khả năng tiếp nhận F0?")
    shares = {}
    for query in (asked, other):
        ranked = Answerer(TermWeights([chunk])).rank_sentences(query, [Hit(chunk, 1.0, 1)])
        forty = next(c for c in candidates(query, ranked) if c.lead.startswith("40"))
        shares[query.text] = forty.features["own_share"]
    # Stated, 3.446 leaves "khả năng" in the 40's clause; not stated, it ends the clause.
    assert shares[asked.text] > shares[other.text]
