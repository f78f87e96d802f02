"""Counting what a document enumerates: the lead-in or heading that says what, the items."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from hoidap.text import fold
from qa.enumerations import (
    after_lead_in,
    asked_thing,
    asked_words,
    enumerations,
    narrower,
    writes_figure_of,
)
from tests.unit.qa_fakes import make_chunk

PLAN = ("KẾ HOẠCH", "IV. NGUỒN VỐN THỰC HIỆN KẾ HOẠCH")
NEXT = ("KẾ HOẠCH", "V. TỔ CHỨC THỰC HIỆN")


def _lines(rows: list[tuple[int, str, tuple[str, ...]]]) -> list[tuple[int, str, Any]]:
    """Indexed lines (number, text, chunk), one chunk per section as ingest makes them."""
    chunks: dict[tuple[str, ...], Any] = {}
    for number, _text, path in rows:
        if path not in chunks:
            texts = [t for n, t, p in rows if p == path]
            chunks[path] = make_chunk("\n".join(texts), path=path, line_start=number)
    return [(n, t, chunks[p]) for n, t, p in rows]


SOURCES = _lines(
    [
        (165, "Nguồn vốn triển khai Kế hoạch trên địa bàn Thành phố, bao gồm:", PLAN),
        (167, "1. Nguồn Ngân sách Thành phố.", PLAN),
        (169, "2. Nguồn Quỹ Phòng chống thiên tai Thành phố.", PLAN),
        (170, "Quỹ được sử dụng theo quy định.", PLAN),  # the item's own line
        (171, "3. Các nguồn vốn hợp pháp khác.", PLAN),
        (179, "1. Sở Nông nghiệp và Môi trường chủ trì.", NEXT),  # another section's list
    ]
)


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("TP.HCM huy động mấy nguồn vốn để thực hiện kế hoạch?", "nguồn vốn"),
        # Folded, "đề xuất" would read as "để": the question's own words are read.
        ("Thông báo trả lời bao nhiêu đề xuất, kiến nghị của Đà Nẵng?", "đề xuất"),
        ("Quyết định bãi bỏ mấy quyết định?", "quyết định"),
        ("ha noi qd 04/2025 bai bo bao nhieu quyet dinh", "quyet dinh"),
        # No thing named: nothing to count.
        ("Có bao nhiêu?", ""),
        ("Kinh phí là bao nhiêu để thực hiện?", ""),
    ],
)
def test_the_thing_asked_to_count(question: str, words: str) -> None:
    assert asked_words(question) == words
    assert asked_thing(question) == fold(words)


def test_a_lead_in_counts_its_numbered_items_within_its_section() -> None:
    items = after_lead_in(SOURCES, 0)
    # Line 170 belongs to item 2; the "1." of the next section is another list.
    assert [x[0] for x in items] == [167, 169, 171]
    [counted] = enumerations(SOURCES, "nguon von")
    assert counted.count == 3 and counted.anchor[0] == 165 and counted.thing == "Nguồn vốn"


def test_numbering_that_skips_or_restarts_ends_the_list() -> None:
    gap = _lines(
        [
            (10, "Các nhiệm vụ sau đây:", PLAN),
            (11, "1. Một.", PLAN),
            (12, "3. Ba.", PLAN),
        ]
    )
    assert after_lead_in(gap, 0) == []  # a gap: not a count of the items read so far
    longer = _lines(
        [(10, "Các nhiệm vụ sau đây:", PLAN), *((10 + n, f"{n}. Việc.", PLAN) for n in (1, 2, 4))]
    )
    assert after_lead_in(longer, 0) == []
    late = _lines(
        [(10, "Các nhiệm vụ sau đây:", PLAN), (11, "2. Hai.", PLAN), (12, "3. Ba.", PLAN)]
    )
    assert after_lead_in(late, 0) == []  # a list that does not start at 1 is no whole list
    restart = _lines(
        [
            (10, "Các nhiệm vụ sau đây:", PLAN),
            (11, "1. Một.", PLAN),
            (12, "2. Hai.", PLAN),
            (13, "1. Một nữa.", PLAN),
        ]
    )
    assert [x[0] for x in after_lead_in(restart, 0)] == [11, 12]


def test_a_dashed_list_is_its_consecutive_dashes_and_a_heading_ends_any_list() -> None:
    dashed = _lines(
        [
            (10, "Đối tượng áp dụng gồm:", PLAN),
            (11, "- Cơ quan nhà nước;", PLAN),
            (12, "- Đơn vị sự nghiệp công lập;", PLAN),
            (13, "Các đơn vị trên thực hiện theo quy định.", PLAN),
            (14, "- Doanh nghiệp.", PLAN),
        ]
    )
    assert [x[0] for x in after_lead_in(dashed, 0)] == [11, 12]
    headed = _lines(
        [
            (10, "Các giải pháp sau:", PLAN),
            (11, "1. Một.", PLAN),
            (12, "2. Hai.", PLAN),
            (13, "**V. TỔ CHỨC THỰC HIỆN**", PLAN),
            (14, "3. Ba.", PLAN),
        ]
    )
    assert [x[0] for x in after_lead_in(headed, 0)] == [11, 12]


def test_lettered_items_follow_the_vietnamese_alphabet() -> None:
    # "đ)" comes after "d)" and "g)" after "e)" (no "f)"): Đồng Nai's agriculture tasks
    # are a) … g), seven, not the four before "đ)".
    letters = ["a", "b", "c", "d", "đ", "e", "g"]
    tasks = _lines(
        [
            (10, "Các nhiệm vụ trọng tâm bao gồm:", PLAN),
            *[(11 + i, f"{c}) Nhiệm vụ {i + 1}.", PLAN) for i, c in enumerate(letters)],
        ]
    )
    assert [x[0] for x in after_lead_in(tasks, 0)] == list(range(11, 18))
    # A document lettering the Latin way ("e)", "f)") is counted too; a skip is not.
    latin = _lines(
        [(10, "Các nhiệm vụ sau:", PLAN)]
        + [(11 + i, f"{c}) Việc {i}.", PLAN) for i, c in enumerate("abcdef")]
    )
    assert len(after_lead_in(latin, 0)) == 6
    skip = _lines(
        [(10, "Các nhiệm vụ sau:", PLAN)]
        + [(11 + i, f"{c}) Việc {i}.", PLAN) for i, c in enumerate("abd")]
    )
    # a), b), d): whether c) is missing or d) is a slip is not sure, so nothing is counted
    # (it was counted as the two before the gap: "5 nhiệm vụ" for a) … đ), k)).
    assert after_lead_in(skip, 0) == []


def test_a_breakdown_after_of_which_is_no_whole_enumeration() -> None:
    lines = _lines(
        [
            (
                193,
                "Kinh phí thực hiện gồm: Ngân sách nhà nước; nguồn đầu tư, tài trợ từ các "
                "doanh nghiệp và các nguồn kinh phí hợp pháp khác, trong đó:",
                PLAN,
            ),
            (194, "1. Ngân sách nhà nước thực hiện theo quy định phân cấp.", PLAN),
            (195, "2. Huy động các doanh nghiệp, tổ chức, cá nhân.", PLAN),
        ]
    )
    assert enumerations(lines, "nguon") == []


def test_a_headings_numbered_sub_sections_are_no_count() -> None:
    """Sub-sections are as often a topic's parts or the bodies tasks are given to as the
    things asked: only a lead-in's items are counted."""
    top = ("II. DỰ BÁO CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI",)
    lines = _lines(
        [
            (109, "- Tăng trưởng GRDP bình quân 8%;", (*top, "1. Các chỉ tiêu chủ yếu")),
            (127, "2.1. Thu NSNN …", (*top, "2. Cơ cấu thu, chi và khung cân đối")),
        ]
    )
    assert enumerations(lines, "chi tieu") == []


def test_a_heading_is_no_lead_in() -> None:
    """Marks right under a heading about the thing are not counted either: on the
    evaluation sets such counts were wrong (eval/README.md, 3 Dec)."""
    goals = ("II. MỤC TIÊU", "1. Các chỉ tiêu chủ yếu")
    lines = _lines(
        [
            (108, "**1. Các chỉ tiêu chủ yếu**", goals),
            (109, "- Tăng trưởng GRDP bình quân 8%;", goals),
            (110, "- Thu ngân sách tăng 10%;", goals),
        ]
    )
    assert enumerations(lines, "chi tieu") == []
    # The same marks after a line that leads them in are counted.
    lines.insert(1, (108, "Các chỉ tiêu chủ yếu gồm:", lines[0][2]))
    assert [c.count for c in enumerations(lines[1:], "chi tieu")] == [2]


def test_a_written_figure_of_the_thing_leaves_the_count_to_the_figure_path() -> None:
    assert writes_figure_of(["Số điểm quan trắc: 03 điểm; mỗi điểm thu mẫu"], "diem")
    # An item's number is no figure of the thing it names.
    assert not writes_figure_of(["4. Nguồn vốn huy động từ các tổ chức."], "nguon von")
    # Every passage is read, with the folded forms given too: the loop's own line once
    # took the place of the folded passages, and a later passage's figure went unseen.
    texts = ["4. Nguồn vốn huy động.", "Huy động 5 nguồn vốn."]
    assert writes_figure_of(texts, "nguon von", [fold(t) for t in texts])


def test_a_question_about_a_narrower_list_is_not_answered_with_the_whole_one() -> None:
    """A word the question says and the enumeration never does points to another list;
    frame words ("nêu") do not."""
    top = ("III. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM",)
    lines = _lines(
        [
            (60, "Các nhiệm vụ trọng tâm sau:", top),
            (61, "1. Phát triển du lịch thông minh.", top),
            (62, "2. Số hóa di sản văn hóa.", top),
        ]
    )
    [tasks] = enumerations(lines, "nhiem vu")
    title = "Kế hoạch phát triển kinh tế số 179/KH-UBND"
    assert not narrower(tasks, ["du lich", "neu"], title)  # said by an item; a frame word
    assert not narrower(tasks, ["kinh te", "179"], title)  # the document's title and number
    assert narrower(tasks, ["nong nghiep"], title)  # another sector's tasks
    assert narrower(tasks, ["so", "tai chinh"], title)  # one body's tasks


DEV = Path(__file__).resolve().parents[2] / "eval" / "corpus" / "dev"
HCM = DEV / "d16_ho-chi-minh.txt"  # a plan whose funding sources are numbered 1-5
DA_NANG = DEV / "d17_da-nang.txt"  # a conclusion notice: 8 tasks after a lead-in, 3 proposals


@pytest.mark.skipif(not HCM.is_file(), reason="eval/corpus/dev is not in this checkout")
def test_a_real_index_answers_how_many_with_the_documents_own_numbering(tmp_path: Path) -> None:
    """The count is asserted with its lead-in and first and last items cited; before, the
    figure path answered "4" from "đối tượng 4" of another section, or nothing."""
    from hoidap.config import Config
    from index.store import build_index, load_index
    from ingest.pipeline import ingest_source
    from ingest.readers import read_source
    from qa.pipeline import Pipeline
    from tests.unit.test_index_contract import config_at

    done = [ingest_source(read_source(p), Config()) for p in (HCM, DA_NANG)]
    config = config_at(tmp_path, encoder=Config().encoder)  # the shipped encoder
    build_index(config, [r for r, _ in done], [c for _, cs in done for c in cs])
    pipeline = Pipeline(load_index(config), config)

    sources = pipeline.ask(
        "TP.HCM huy động mấy nguồn vốn để thực hiện kế hoạch đề án quản lý "
        "rủi ro thiên tai dựa vào cộng đồng?"
    )
    assert sources.text.startswith("5 nguồn vốn — “Nguồn vốn triển khai Kế hoạch")
    assert not sources.abstained
    assert [c.lines for c in sources.citations] == [(165, 165), (167, 167), (175, 175)]
    assert sources.citations[-1].quote == "5. Các nguồn vốn hợp pháp khác."

    tasks = pipeline.ask(
        "Thông báo 641/TB-VPCP nêu bao nhiêu nhiệm vụ, giải pháp Đà Nẵng cần tập trung thực hiện?"
    )
    assert tasks.text.startswith("8 nhiệm vụ — ") and not tasks.abstained
    assert tasks.citations[-1].quote.startswith("8. Chú trọng công tác tuyên truyền")
    # Under a heading with no text of its own, numbered sub-sections: no count.
    proposals = pipeline.ask("Thông báo 641/TB-VPCP nêu bao nhiêu đề xuất, kiến nghị của Đà Nẵng?")
    assert not proposals.text.startswith("3 ")
