"""Heading detection and the section tree, on lines taken from the bundled reports."""

from __future__ import annotations

import pytest

from hoidap.types import Section
from ingest.sections import NoSectionsError, build_sections, classify_line, find_outline


@pytest.mark.parametrize(
    ("line", "kind", "number", "label"),
    [
        ("#### **I. DIỄN BIẾN DỊCH BỆNH**", "roman", "I", "I. DIỄN BIẾN DỊCH BỆNH"),
        ("## **2. Trên địa bàn tỉnh Cà Mau**", "arabic", "2", "2. Trên địa bàn tỉnh Cà Mau"),
        ("### **2.3.2 Kết quả đạt được**", "arabic", "2.3.2", "2.3.2 Kết quả đạt được"),
        (
            "1.3 Về công tác cách ly, phong tỏa",
            "arabic",
            "1.3",
            "1.3 Về công tác cách ly, phong tỏa",
        ),
        ("#### d) Về công tác tiêm chủng", "letter", "d)", "d) Về công tác tiêm chủng"),
        (
            "đ) Bảo đảm thông tin, truyền thông",
            "letter",
            "đ)",
            "đ) Bảo đảm thông tin, truyền thông",
        ),
        ("Phần thứ nhất", "part", "Phần thứ nhất", "Phần thứ nhất"),
        ("Phần thứ 2", "part", "Phần thứ 2", "Phần thứ 2"),
        ("II. Khó khăn, hạn chế ", "roman", "II", "II. Khó khăn, hạn chế"),
        ("a) Công tác bố trí kinh phí:", "letter", "a)", "a) Công tác bố trí kinh phí"),
        ("Nơi nhận:", "closing", "", "Nơi nhận"),
        ("## KẾ HOẠCH", "doc", "", "KẾ HOẠCH"),
        ("### *Nguyên nhân khách quan*", "plain", "", "Nguyên nhân khách quan"),
        ("DIỄN BIẾN TÌNH HÌNH DỊCH BỆNH ", "caps", "", "DIỄN BIẾN TÌNH HÌNH DỊCH BỆNH"),
    ],
)
def test_headings(line: str, kind: str, number: str, label: str) -> None:
    h = classify_line(line)
    assert h is not None
    assert (h.kind, h.number, h.label) == (kind, number, label)
    assert not h.inline_body


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("**Điều 1.** Ban hành kèm theo Quyết định này Kế hoạch.", "Điều 1"),
        (
            "***a) Giai đoạn 1 (từ ngày 22/01/2020):*** Chưa triển khai.",
            "a) Giai đoạn 1 (từ ngày 22/01/2020)",
        ),
        (
            "**9.1.1. Về ổn định sản xuất:** (i) Hướng dẫn các doanh nghiệp",
            "9.1.1. Về ổn định sản xuất",
        ),
        (
            "d) Về công tác tiêm chủng: đã khẩn trương triển khai tiêm chủng vắc xin.",
            "d) Về công tác tiêm chủng",
        ),
    ],
)
def test_heading_with_body_on_the_same_line(line: str, label: str) -> None:
    h = classify_line(line)
    assert h is not None and h.inline_body
    assert h.label == label


@pytest.mark.parametrize(
    "line",
    [
        "- Bộ Y tế;",
        "+ Tiền mặt: 203.132.200.338 đồng.",
        "* Đợt dịch thứ 4: Từ ngày 07/5/2021 đến ngày 17/8/2021, trên địa bàn tỉnh ghi nhận",
        " (1) Ổ dịch đầu tiên được phát hiện vào ngày 07/5/2021 tại thôn Phương Lạn 3",
        "¹ - Tỉnh ủy ban hành Chỉ thị số 07-CT/TU ngày 13/8/2021",
        "2.160 trẻ em là đối tượng F0, F1 với số tiền 2.160.000.000 đồng.",
        "2 người nhập cảnh",
        "**TM. ỦY BAN NHÂN DÂN**",
        "*(Đã có báo cáo số 495/BC-CP ngày 21/12/2022 của Chính phủ)*",
        # A numbered sentence ending in a period is an enumerated body paragraph.
        "1. Đề nghị Chính phủ quan tâm, cho phép tỉnh được để lại nguồn phí sử dụng công trình "
        "kết cấu hạ tầng, công trình dịch vụ, tiện ích công cộng trong khu vực cửa khẩu để đầu "
        "tư cơ sở vật chất phục vụ phòng, chống dịch.",
        "c) Phối hợp với ngành y tế tiến hành xử phạt đối với cá nhân, tổ chức vi phạm quy định "
        "về phòng chống dịch.",
    ],
)
def test_body_lines(line: str) -> None:
    assert classify_line(line) is None


def test_long_enumerated_item_is_a_heading_when_bullets_follow() -> None:
    line = (
        "e) Bảo đảm vừa phòng, chống dịch vừa phục hồi, phát triển kinh tế - xã hội và ổn "
        "định đời sống của nhân dân."
    )
    assert classify_line(line, "- 100% người dân thực hiện") is not None
    assert classify_line(line, "Tiếp theo là đoạn văn.") is None


def test_line_broken_by_pdf_conversion_is_body() -> None:
    # "4. Tổ chức lại ... với" goes on below with "số giường tối thiểu ...".
    line = "4. Tổ chức lại hệ thống các cơ sở điều trị COVID-19 với"
    assert classify_line(line, "số giường tối thiểu 30 giường") is None
    assert classify_line("1.6. Công tác hậu cần", "a) Công tác bố trí kinh phí:") is not None


TEXT = """## **BÁO CÁO**

### **Kết quả phòng, chống dịch tỉnh Cà Mau**

#### **I. DIỄN BIẾN**

## 1. Trong nước

Việt Nam đã trải qua 4 đợt dịch.

## II. KẾT QUẢ

### 2. Công tác y tế

#### d) Về công tác tiêm chủng

Đã tiêm 859.463 người.

## 2. Nguyên nhân

### *Nguyên nhân khách quan*

- Đây là đại dịch mới.

### *Nguyên nhân chủ quan*

- Năng lực còn hạn chế.

Phần thứ hai

THUẬN LỢI, KHÓ KHĂN
I. Thuận lợi
Có sự quan tâm.

**Nơi nhận:**
- Bộ Y tế;
**TM. ỦY BAN NHÂN DÂN**
"""


def sections(text: str) -> list[Section]:
    lines = text.split("\n")
    return build_sections(find_outline(lines), lines, "r1", "Báo cáo X")


def test_tree_follows_numbering_not_markdown_levels() -> None:
    secs = sections(TEXT)
    paths = [s.path for s in secs]
    assert paths[0] == ("Báo cáo X",) and secs[0].number == "" and secs[0].level == 0
    assert secs[0].line_start == 1 and secs[0].line_end == 3
    assert ("I. DIỄN BIẾN", "1. Trong nước") in paths
    assert ("II. KẾT QUẢ", "2. Công tác y tế", "d) Về công tác tiêm chủng") in paths
    assert ("II. KẾT QUẢ", "2. Nguyên nhân", "Nguyên nhân khách quan") in paths
    assert ("II. KẾT QUẢ", "2. Nguyên nhân", "Nguyên nhân chủ quan") in paths
    assert ("Phần thứ hai THUẬN LỢI, KHÓ KHĂN", "I. Thuận lợi") in paths
    assert ("Nơi nhận",) in paths
    # Signature lines stay in the closing section.
    assert not any("ỦY BAN" in p[-1] for p in paths)


def test_levels_parents_and_line_spans() -> None:
    secs = sections(TEXT)
    by_path = {s.path: s for s in secs}
    d = by_path[("II. KẾT QUẢ", "2. Công tác y tế", "d) Về công tác tiêm chủng")]
    parent = by_path[("II. KẾT QUẢ", "2. Công tác y tế")]
    top = by_path[("II. KẾT QUẢ",)]
    assert (d.level, d.number, d.heading) == (3, "d)", "d) Về công tác tiêm chủng")
    assert d.parent_id == parent.section_id and parent.parent_id == top.section_id
    lines = TEXT.split("\n")
    assert lines[d.line_start - 1] == "#### d) Về công tác tiêm chủng"
    assert lines[d.line_end - 1] == "Đã tiêm 859.463 người."
    # A parent's span covers its children.
    assert top.line_start < d.line_start and top.line_end >= d.line_end
    assert len({s.section_id for s in secs}) == len(secs)


def test_heading_split_over_two_lines_is_joined() -> None:
    text = (
        "I. KẾT QUẢ\n\n### ***9.1. Giai đoạn căng thẳng: Đảm bảo duy trì sản xuất***\n\n"
        "## ***an toàn và đảm bảo lưu thông hàng hóa***\n\n**9.1.1. Về sản xuất:** Ổn định.\n"
    )
    paths = [s.path for s in sections(text)]
    joined = (
        "9.1. Giai đoạn căng thẳng: Đảm bảo duy trì sản xuất an toàn và đảm bảo lưu thông hàng hóa"
    )
    assert ("I. KẾT QUẢ", joined) in paths
    assert ("I. KẾT QUẢ", joined, "9.1.1. Về sản xuất") in paths


def test_markdown_levels_when_nothing_is_numbered() -> None:
    paths = [s.path for s in sections("Intro text\n# Tổng quan\nA\n## Chi tiết\nB\n# Kết luận\nC")]
    assert paths == [("Báo cáo X",), ("Tổng quan",), ("Tổng quan", "Chi tiết"), ("Kết luận",)]


def test_no_heading_and_too_little_text_is_refused() -> None:
    with pytest.raises(NoSectionsError, match="no section headings"):
        find_outline(["Một đoạn văn không có tiêu đề.", "", "Đoạn thứ hai."])


NOTICE = [
    "UBND TỈNH CÀ MAU",
    "THÔNG BÁO",
    "Về việc nghỉ lễ Ngày Chiến thắng và Quốc tế Lao động",
    "",
    "Cán bộ, công chức, viên chức được nghỉ lễ từ ngày 30/4/2025 đến hết ngày 04/5/2025.",
    "Thủ trưởng các cơ quan, đơn vị bố trí lịch trực bảo đảm an toàn, an ninh trật tự.",
]


def test_a_notice_without_any_heading_is_one_section_under_its_title() -> None:
    """review6: a short notice written as plain paragraphs was refused with "no section
    headings found"; it is now one section holding every line, headed by the title."""
    outline = find_outline(NOTICE)
    assert outline.nodes == [] and outline.preamble_end == len(NOTICE)
    (only,) = build_sections(outline, NOTICE, "r", "Thông báo về việc nghỉ lễ")
    assert only.path == ("Thông báo về việc nghỉ lễ",)
    assert (only.line_start, only.line_end) == (1, len(NOTICE))


def test_heading_less_garbage_is_still_refused() -> None:
    """Enough words, but not Vietnamese (a file decoded with the wrong code page)."""
    garbled = ["Ã¡Â»â€¹ ÃƒÂ¡ Ã‚Â» " * 20, "CÃ¡c cÆ¡ quan Ä‘Æ¡n vá»‹ " * 5]
    with pytest.raises(NoSectionsError, match="Vietnamese"):
        find_outline(garbled)


def test_notice_numbered_paragraphs_are_sections_only_when_asked() -> None:
    from ingest.sections import find_outline, node_paths

    lines = [
        "**I. ĐÁNH GIÁ CHUNG**",
        "Thành phố đã rất nỗ lực vượt qua khó khăn.",
        "1. Cấp ủy, chính quyền Thành phố phải xác định việc tổ chức bộ máy là nhiệm vụ.",
        "Ủy ban nhân dân Thành phố chỉ đạo các sở, ngành bám sát cơ sở.",
        "2. Quan tâm giải quyết các vấn đề còn tồn đọng như: tài sản công dôi dư, lưu trữ hồ sơ.",
        "3. Thúc đẩy mạnh mẽ chuyển đổi số, huy động sinh viên tham gia hỗ trợ người dân.",
    ]
    notice = find_outline(lines, numbered_paragraphs=True)
    assert [p[-1] for p in node_paths(notice)] == [
        "I. ĐÁNH GIÁ CHUNG",
        "1. Cấp ủy, chính quyền Thành phố phải xác định việc tổ chức …",
        "2. Quan tâm giải quyết các vấn đề còn tồn đọng như",
        "3. Thúc đẩy mạnh mẽ chuyển đổi số, huy động sinh viên tham …",
    ]
    assert notice.nodes[1].body_end == 3  # the paragraph after "1." stays with it
    plan = find_outline(lines)
    # A list inside its section: "2. ... như: ..." is body text like its siblings 1. and 3.
    assert len(plan.nodes) == 1


def test_a_list_of_body_points_holds_no_label_headings() -> None:
    from ingest.sections import find_outline, node_paths

    mixed = [
        "**1. Phương án triển khai**",
        "a) Ủy ban nhân dân xã, phường huy động nguồn lực, tổ chức tuyên truyền đến từng hộ.",
        "b) Mở tài khoản: Ủy ban nhân dân xã phối hợp với ngân hàng mở tài khoản cho người hưởng.",
        "c) Kiểm tra, giám sát trong quá trình triển khai trước, trong và sau đợt thi đua.",
        "**2. Khen thưởng**",
        "a) Tập thể",
        "Các xã, phường dẫn đầu phong trào.",
        "b) Kinh phí: Từ nguồn kinh phí khen thưởng của tỉnh.",
    ]
    paths = [p[-1] for p in node_paths(find_outline(mixed))]
    # b) of a list of sentences is a sentence; under "2." a) is a heading of its own,
    # so b) stays one too (as body it would be filed under "a) Tập thể").
    assert paths == ["1. Phương án triển khai", "2. Khen thưởng", "a) Tập thể", "b) Kinh phí"]


def test_markdown_noise_and_wrapped_bold_headings() -> None:
    from ingest.sections import find_outline, node_paths

    lines = [
        "**I. NHIỆM VỤ**",
        "",
        "** Thuận lợi cơ bản tác động tăng thu*",
        "Thu ngân sách tăng.",
        "**3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố, Hội Liên hiệp**",
        "",
        "**Phụ nữ Thành phố và các tổ chức thành viên của Mặt trận**",
        "",
        "- Tham gia phối hợp triển khai thực hiện Kế hoạch này.",
        "**ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH**",
    ]
    paths = node_paths(find_outline(lines))
    assert [p[-1] for p in paths] == [
        "I. NHIỆM VỤ",
        "Thuận lợi cơ bản tác động tăng thu",
        "3. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam Thành phố, Hội Liên hiệp "
        "Phụ nữ Thành phố và các tổ chức thành viên của Mặt trận",
    ]


def test_long_numbered_heading_ending_in_a_period_before_its_points() -> None:
    from ingest.sections import classify_line

    line = (
        "2. Tăng cường tuyên truyền, phổ biến, quán triệt chủ trương, chính sách của Đảng và "
        "pháp luật của Nhà nước về công tác xây dựng pháp luật trên địa bàn toàn tỉnh "
        "trong giai đoạn mới."
    )
    heading = classify_line(line, "a) Các sở, ngành tổ chức tuyên truyền.")
    assert heading is not None and heading.number == "2"
    assert classify_line(line, "Các sở, ngành tổ chức tuyên truyền.") is None
