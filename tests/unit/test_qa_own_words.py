"""A candidate's own words: the question's terms in its figure's (or date's) own clause and
the sentence's lead, read with the real question reader (underthesea), on made-up sentences."""

from __future__ import annotations

from hoidap.text import cached_dates, cached_numbers
from qa.own_words import own_share, own_text
from qa.query import understand
from qa.scope import counting


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
