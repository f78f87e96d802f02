"""Golden tests on the five bundled reports (real underthesea, session ``corpus`` fixture)."""

# ruff: noqa: E501  (golden section paths are long Vietnamese headings, kept one per line)

from __future__ import annotations

import datetime as dt
import statistics
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPORTS

pytestmark = pytest.mark.integration

R000, R001, R002, R003, R004 = (
    "000_3a8c0decba8df780.txt",
    "001_fa29380e2daf4212.txt",
    "002_b58efc9185625b5d.txt",
    "003_ab47fa1bd8ede6ab.txt",
    "004_8e7d0687179e8b09.txt",
)
KH = "KẾ HOẠCH Thực hiện Chương trình phòng, chống dịch COVID-19 trên địa bàn tỉnh Trà Vinh"
P1 = "Phần thứ nhất DIỄN BIẾN TÌNH HÌNH DỊCH BỆNH VÀ CÁC BIỆN PHÁP ĐÃ TRIỂN KHAI"
II_000 = "II. CÁC GIẢI PHÁP VÀ KẾT QUẢ CÔNG TÁC PHÒNG CHỐNG DỊCH"
III_001 = "III. KẾT QUẢ THỰC HIỆN CÁC BIỆN PHÁP PHÒNG, CHỐNG DỊCH"
I_003 = "I. KẾT QUẢ CÔNG TÁC PHÒNG, CHỐNG DỊCH"
IV_004 = "IV. KẾT QUẢ THỰC HIỆN"

# (report, a phrase of the source, the chunk's section path, a line the chunk must span)
GOLDEN = [
    (R001, "tỉnh Cà Mau đã tổ chức tiêm vắc xin cho 859.463 người",
     (III_001, "2. Công tác y tế", "d) Về công tác tiêm chủng"), 133),
    (R001, "xét nghiệm PCR 346.082 mẫu",
     (III_001, "2. Công tác y tế", "b) Về công tác xét nghiệm"), 109),
    (R001, "Đây là một đại dịch mới",
     ("IV. MỘT SỐ TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "2. Nguyên nhân", "Nguyên nhân khách quan"), 229),
    (R000, "592.320 test nhanh",
     (II_000, "4. Các hoạt động chuyên môn kỹ thuật", "4.1. Các biện pháp chuyên môn",
      "4.1.3. Xét nghiệm", "d) Giai đoạn 4 từ ngày 27/4/2021 đến nay"), 251),
    (R000, "2.779,702 tấn gạo",
     (II_000, "10. Công tác vận động và huy động xã hội", "10.1. Ủy ban Mặt Trận Tổ quốc Việt Nam tỉnh",
      "10.1.2. Kết quả vận động và phân bổ sử dụng bằng hiện vật"), 507),
    (R000, "ly điều trị tại Bệnh viện 30/4",
     ("I. DIỄN BIẾN TÌNH HÌNH DỊCH COVID-19 TRÊN ĐỊA BÀN TỈNH", "4. Giai đoạn 4: Từ ngày 27/4/2021 đến nay",
      "4.1. Thời kỳ từ ngày 27/4/2021 đến ngày 03/7/2021"), 37),
    (R002, "Quyết định này có hiệu lực thi hành kể từ ngày ký", ("Điều 3",), 33),
    (R002, "trẻ em từ 5 tuổi đến dưới 12 tuổi trước tháng 9/2022",
     (KH, "I. MỤC TIÊU", "2. Mục tiêu cụ thể", "a) Bảo đảm đạt tỷ lệ bao phủ vắc xin phòng COVID-19"), 75),
    (R002, "cung cấp oxy y tế tại các Trạm Y tế cấp xã",
     (KH, "IV. TỔ CHỨC THỰC HIỆN", "21. Ủy ban nhân dân các huyện, thị xã, thành phố"), 443),
    (R003, "Đã thành lập 2.161 Tổ COVID cộng đồng",
     (I_003, "1. Công tác lãnh đạo, chỉ đạo"), 26),
    (R003, "xét nghiệm tầm soát 20%", (I_003, "2. Công tác y tế", "c) Về công tác xét nghiệm"), 50),
    (R003, "Một là, chỉ đạo quyết liệt", ("IV. BÀI HỌC KINH NGHIỆM",), 134),
    (R004, "458.090 liều",
     (P1, IV_004, "1. Công tác phòng, chống dịch COVID-19", "1.5. Về Công tác tiêm vắc xin"), 89),
    (R004, "Ổ dịch thứ năm tại thành phố Bắc Giang",
     (P1, "I. DIỄN BIẾN TÌNH HÌNH", "1. Diễn biến tình hình dịch trên địa bàn tỉnh"), 19),
    (R004, "Kinh phí đã sử dụng đến ngày 10/9/2021: 856.786 triệu đồng",
     (P1, IV_004, "1. Công tác phòng, chống dịch COVID-19", "1.6. Công tác hậu cần",
      "a) Công tác bố trí kinh phí"), 116),
    (R004, "Nguồn lực địa phương cho công tác",
     ("Phần thứ 2 THUẬN LỢI, KHÓ KHĂN, HẠN CHẾ", "II. Khó khăn, hạn chế",
      "2. Khó khăn trong công tác phục hồi kinh tế, ổn định xã hội sau dịch", "c) Khó khăn về kinh phí"), 358),
]  # fmt: skip


def nfc_source(name: str) -> str:
    return unicodedata.normalize("NFC", (REPORTS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(("source", "phrase", "path", "line"), GOLDEN)
def test_golden_section_paths(
    corpus: Any, source: str, phrase: str, path: tuple, line: int
) -> None:
    phrase = unicodedata.normalize("NFC", phrase)
    hits = [c for c in corpus.chunks if c.source == source and phrase in c.text]
    assert hits, f"{phrase!r} not found in {source}"
    assert any(c.section_path == path and c.line_start <= line <= c.line_end for c in hits), [
        (c.section_path, c.line_start, c.line_end) for c in hits
    ]


def test_every_chunk_is_verbatim_at_its_lines(corpus: Any) -> None:
    sources = {name: nfc_source(name) for name in {c.source for c in corpus.chunks}}
    for c in corpus.chunks:
        text = sources[c.source]
        assert text[c.char_start : c.char_end] == c.text, c.chunk_id
        lines = text.split("\n")
        assert c.text in "\n".join(lines[c.line_start - 1 : c.line_end]), c.chunk_id
        assert c.clean and c.segmented and c.unaccented


def test_chunks_stay_inside_their_sections(corpus: Any) -> None:
    for report in corpus.reports:
        by_id = {s.section_id: s for s in report.sections}
        for c in (c for c in corpus.chunks if c.report_id == report.report_id):
            section = by_id[c.section_id]
            assert c.section_path == section.path
            assert section.line_start <= c.line_start <= c.line_end <= section.line_end


def test_chunk_sizes(corpus: Any, base_config: Any) -> None:
    words = [len(c.clean.split()) for c in corpus.chunks]
    assert max(words) <= base_config.chunk_max_words
    assert 100 <= statistics.median(words) <= base_config.chunk_max_words
    assert len({c.chunk_id for c in corpus.chunks}) == len(corpus.chunks)


EXPECTED = {
    R000: ("Sóc Trăng", "Cần Thơ", "báo cáo", "", None),
    R001: ("Cà Mau", "Cà Mau", "báo cáo", "", None),
    R002: ("Trà Vinh", "Vĩnh Long", "quyết định", "855/QĐ-UBND", dt.date(2022, 5, 13)),
    R003: ("Lạng Sơn", "Lạng Sơn", "báo cáo", "", None),
    R004: ("Bắc Giang", "Bắc Ninh", "báo cáo", "", None),
}


def test_report_metadata(corpus: Any) -> None:
    got = {
        r.source: (r.province, r.province_2025, r.kind, r.number, r.issued) for r in corpus.reports
    }
    assert got == EXPECTED


def test_report_titles_and_periods(corpus: Any) -> None:
    reports = {r.source: r for r in corpus.reports}
    assert reports[R001].title == (
        "Báo cáo kết quả thực hiện công tác phòng, chống dịch COVID-19 trên địa bàn tỉnh Cà Mau năm 2021"
    )
    assert reports[R002].title.endswith("trên địa bàn tỉnh Trà Vinh")
    assert (reports[R001].period_start, reports[R001].period_end) == (
        dt.date(2021, 1, 1), dt.date(2021, 11, 16),
    )  # fmt: skip
    assert (reports[R002].period_start, reports[R002].period_end) == (
        dt.date(2022, 1, 1), dt.date(2023, 12, 31),
    )  # fmt: skip
    assert reports[R000].period_end == dt.date(2023, 3, 27)
    assert reports[R003].period_end == dt.date(2021, 11, 24)
    assert reports[R004].period_end == dt.date(2021, 9, 14)
    for r in reports.values():
        assert r.period_start and r.period_end and r.period_start <= r.period_end


def test_preamble_and_closing_sections(corpus: Any) -> None:
    for r in corpus.reports:
        assert r.sections[0].number == "" and r.sections[0].path == (r.title,)
        assert any(s.path == ("Nơi nhận",) for s in r.sections), r.source
    signer = [c for c in corpus.chunks if "Huỳnh Thị Diễm Ngọc" in c.text]
    assert [c.section_path for c in signer] == [("Nơi nhận",)]


def test_section_tree_shapes(corpus: Any) -> None:
    reports = {r.source: r for r in corpus.reports}
    tops = {name: [s.heading for s in r.sections if s.level == 1] for name, r in reports.items()}
    assert tops[R002][:6] == ["Điều 1", "Điều 2", "Điều 3", "Điều 4", "Nơi nhận", KH]
    assert tops[R004][:5] == [
        P1,
        "Phần thứ 2 THUẬN LỢI, KHÓ KHĂN, HẠN CHẾ",
        "Phần thứ 3 BÀI HỌC KINH NGHIỆM",
        "Phần thứ 4 GIẢI PHÁP TRONG THỜI GIAN TỚI",
        "Phần thứ 5 ĐỀ XUẤT, KIẾN NGHỊ",
    ]
    assert [h for h in tops[R003] if h.startswith(("I.", "II.", "III."))] == [
        I_003, "II. HẠN CHẾ, THÁCH THỨC", "III. CÁC MÔ HÌNH HAY, CÁCH LÀM TỐT",
    ]  # fmt: skip
    romans_000 = [s.number for s in reports[R000].sections if s.level == 1 and s.number]
    assert romans_000 == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
    # "## 2." under "#### I." in 001 is still a child of I.
    sec = next(s for s in reports[R001].sections if s.heading == "2. Trên địa bàn tỉnh Cà Mau")
    assert sec.path == ("I. DIỄN BIẾN DỊCH BỆNH", "2. Trên địa bàn tỉnh Cà Mau") and sec.level == 2


def test_headings_only_parents_make_no_chunk(corpus: Any) -> None:
    paths = {(c.source, c.section_path) for c in corpus.chunks}
    assert (R001, (III_001, "2. Công tác y tế", "d) Về công tác tiêm chủng")) in paths
    assert (R004, (P1,)) not in paths
    assert (R004, (P1, IV_004)) not in paths


def test_cli_ingest(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from hoidap.cli import main

    assert main(["ingest", str(REPORTS), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("5 báo cáo / reports, ")
    assert "002_b58efc9185625b5d.txt: Trà Vinh · quyết định 855/QĐ-UBND" in out
    assert (tmp_path / "chunks.jsonl").is_file() and (tmp_path / "reports.json").is_file()
