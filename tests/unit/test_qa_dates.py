"""Date answers (qa/dates.py): the grain a question asks, periods of years and year-less days
in words as candidates, deadlines as the end role, on real questions' wording and real
parsing (hoidap.text, qa.query)."""

from __future__ import annotations

import pytest

from hoidap.text import dates_in, fold
from hoidap.types import Hit
from qa.answer import Answerer
from qa.candidates import candidates
from qa.coverage import TermWeights
from qa.date_leads import asked_date_role, date_phrases, date_role
from qa.dates import answer_dates, asked_grain, grain_fit, sentence_dates
from qa.english import english_lead
from qa.query import understand
from tests.unit.qa_fakes import make_chunk


@pytest.mark.parametrize(
    ("question", "grain"),
    [
        ("Hằng năm các đơn vị báo cáo kết quả trước ngày nào?", "day"),
        ("By what date each year must the departments report progress?", "day"),
        ("Kế hoạch có tầm nhìn đến năm nào?", "year"),
        ("In which years are the mid-term and final review reports due?", "period"),
        ("Kế hoạch đồng hành với Chiến lược của Bộ Xây dựng giai đoạn nào?", "period"),
        ("In which period is the city to reform planning procedures?", "period"),
        ("Việc quan trắc được thực hiện vào những tháng nào trong năm?", "month"),
        ("Ổ dịch đầu tiên được phát hiện khi nào?", ""),
    ],
)
def test_asked_grain(question: str, grain: str) -> None:
    assert asked_grain(understand(question).folded) == grain


@pytest.mark.parametrize(
    "question",
    [
        "Kế hoạch 597 của Đồng Tháp đồng hành với Chiến lược của Bộ Xây dựng giai đoạn nào?",
        "In which period is Ho Chi Minh City to reform planning-related procedures?",
        "Các cơ quan phải xây dựng xong kế hoạch triển khai trong thời hạn nào?",
        "Các sở phải báo cáo kết quả về Sở Khoa học và Công nghệ vào những mốc nào trong năm?",
    ],
)
def test_periods_and_deadlines_are_date_questions(question: str) -> None:
    assert understand(question).kind == "date"


def test_a_working_schedule_is_not_a_date_question() -> None:
    assert understand("Trung tâm trực theo chế độ thời gian nào?").kind != "date"


def test_a_period_of_years_is_one_date_not_its_first_year() -> None:
    quote = "THỜI GIAN THỰC HIỆN: Năm 2022 - 2023."
    # The shared parser reads the year 2022 alone; the answer reads the period.
    assert [d.granularity for d in dates_in(quote)] == ["year"]
    (period,) = answer_dates(quote, dates_in(quote))
    assert (period.text, period.granularity) == ("2022 - 2023", "period")
    assert (period.first.isoformat(), period.last.isoformat()) == ("2022-01-01", "2023-12-31")


@pytest.mark.parametrize(
    ("quote", "lead"),
    [
        (
            "c) Đồng hành, đồng bộ với Chiến lược chuyển đổi số của Bộ Xây dựng giai đoạn "
            "2025 - 2030",
            "giai đoạn 2025 - 2030",
        ),
        ("4. Rà soát, cải cách thủ tục hành chính (2027 - 2030).", "2027 - 2030"),
        ("THỜI GIAN THỰC HIỆN: Năm 2022 - 2023.", "năm 2022 - 2023"),
    ],
)
def test_a_period_leads_as_written(quote: str, lead: str) -> None:
    query = understand("Nhiệm vụ này được thực hiện trong giai đoạn nào?")
    phrases = date_phrases(query, quote, 2025)
    assert phrases[0][0] == lead
    assert phrases[0][1].granularity == "period"


def test_not_a_period() -> None:
    # A document number, a month's range and years in the wrong order are no period.
    for quote in (
        "Quyết định số 2025/QĐ-UBND",
        "từ tháng 10/2021-2022",
        "từ năm 2030 - 2025",
    ):
        assert all(d.granularity != "period" for d in sentence_dates(quote, None)), quote


def test_a_yearly_day_in_words_is_a_candidate() -> None:
    quote = (
        "Trước ngày 30 tháng 6 hằng năm, cơ quan, đơn vị quản lý, sử dụng công trình thực "
        "hiện lập, đề xuất danh mục dự án trong năm kế hoạch tiếp theo"
    )
    # The shared parser reads no date here (no year is written).
    assert dates_in(quote, 2025) == []
    query = understand("Hằng năm cơ quan phải lập danh mục dự án trước ngày nào?")
    ((lead, mention),) = date_phrases(query, quote, 2025)
    assert lead == "ngày 30 tháng 6"
    assert not mention.has_year
    assert (mention.first.day, mention.first.month) == (30, 6)
    # English: a day of every year, as the slash form is ("20/11").
    assert english_lead(lead, "") == "30/6"


def test_a_dated_day_in_words_stays_the_shared_parsers() -> None:
    quote = "Quyết định có hiệu lực từ ngày 30 tháng 01 năm 2025."
    assert [(d.text, d.granularity) for d in sentence_dates(quote, 2025)] == [
        ("ngày 30 tháng 01 năm 2025", "day")
    ]


def test_deadlines_are_the_end_role() -> None:
    assert asked_date_role(fold("Báo cáo về Sở Tư pháp trước ngày nào?")) == "end"
    assert asked_date_role(fold("By what date must the report be sent?")) == "end"
    assert asked_date_role(fold("Giãn cách bắt đầu từ ngày nào?")) == "start"
    quote = "Định kỳ báo cáo trước ngày 15/11 hằng năm, chậm nhất ngày 20/11 gửi Sở."
    days = dates_in(quote, 2025)
    assert [date_role(quote, d) for d in days] == ["end", "end"]
    since = "Từ ngày 17/7/2021 bắt đầu cấp luồng xanh"
    assert date_role(since, dates_in(since)[0]) == "start"


def test_a_time_of_day_before_a_date_keeps_its_role() -> None:
    quote = (
        "đến ngày 15/8/2021 UBND tỉnh đã ban hành Quyết định 2093/QĐ-UBND về việc áp dụng các "
        "biện pháp, thời gian áp dụng từ 00 giờ 00 phút ngày 16/8/2021."
    )
    issued, start = dates_in(quote)
    assert (date_role(quote, issued), date_role(quote, start)) == ("end", "start")
    query = understand("Quyết định 2093/QĐ-UBND bắt đầu áp dụng từ thời điểm nào?")
    # A start asked: the date in that role first, the one in the other role last.
    assert next(lead for lead, _ in date_phrases(query, quote, 2021)) == "ngày 16/8/2021"


def test_grain_fit() -> None:
    (day,) = dates_in("ngày 31/12/2025")
    (year,) = dates_in("năm 2030")
    (period,) = answer_dates("giai đoạn 2026 - 2030", ())
    assert grain_fit("day", day) == 1.0
    assert grain_fit("day", year) == -1.0  # a year does not say by which day
    assert grain_fit("year", day) == 0.0  # a day says which year
    assert grain_fit("period", period) == 1.0
    assert grain_fit("period", year) == -1.0
    assert grain_fit("", year) == 0.0


def test_candidates_carry_the_grain() -> None:
    text = "Phấn đấu giai đoạn 2026 - 2030, tầm nhìn đến năm 2045."
    chunk = make_chunk(text, path=("II. MỤC TIÊU",))
    query = understand("Kế hoạch đặt mục tiêu trong giai đoạn nào?")
    answerer = Answerer(TermWeights([chunk]))
    ranked = answerer.rank_sentences(query, [Hit(chunk, 1.0, 1)])
    assert ranked and ranked[0].has_date
    cands = candidates(query, ranked)
    leads = {c.lead: c.features for c in cands}
    assert leads["giai đoạn 2026 - 2030"]["date_grain_match"] == 1.0
    assert leads["năm 2045"]["date_grain_conflict"] == 1.0


def test_of_a_sentences_dates_the_one_whose_clause_names_the_asked_event_leads() -> None:
    """A sentence gives a month's span and a day inside it; the question names the day's
    event, so the day leads, though the span comes first in reading order."""
    quote = (
        "Tổ chức Tuần lễ thể thao (từ ngày 03/9 đến ngày 10/9) và hưởng ứng “Ngày hội "
        "đọc sách” (ngày 06/9)."
    )
    asked = understand("Ngày hội đọc sách được hưởng ứng vào ngày nào?")
    assert date_phrases(asked, quote, 2025)[0][0] == "ngày 06/9"
    # Nothing of the question in any date's clause: reading order, as before.
    other = understand("Tuần lễ thể thao diễn ra vào ngày nào?")
    assert date_phrases(other, quote, 2025)[0][0] == "ngày 03/9"


def test_a_date_the_question_states_does_not_end_the_asked_dates_clause() -> None:
    """ "Từ ngày 02/8/2021 đến ngày 14/9/2021 tỉnh tiêm mũi 2 …": the question states the
    14th, which describes the period asked; read as a bound, it cut every word of the
    question off the 2nd's own clause."""
    text = "Từ ngày 02/8/2021 đến ngày 14/9/2021 tỉnh tiêm mũi 2 cho công nhân các khu công nghiệp."
    chunk = make_chunk(text)
    query = understand(
        "Đến ngày 14/9/2021, tỉnh tiêm mũi 2 cho công nhân các khu công nghiệp từ ngày nào?"
    )
    ranked = Answerer(TermWeights([chunk])).rank_sentences(query, [Hit(chunk, 1.0, 1)])
    (second,) = candidates(query, ranked)
    assert second.lead == "ngày 02/8/2021" and second.features["own_share"] == 1.0


def test_a_ranges_first_day_is_led_with_the_month_and_year_it_shares() -> None:
    query = understand("Đợt 02 thực hiện vét từ ngày nào?")
    quote = (
        "Đợt 02 dự kiến: Thực hiện vét trong 03 ngày (từ ngày 08 đến ngày 10 tháng 12 năm 2025)."
    )
    assert date_phrases(query, quote, 2025)[0][0] == "ngày 08/12/2025"
