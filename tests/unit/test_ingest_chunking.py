"""Chunking: verbatim spans, paragraph repair, sentence splits, packing, headings."""

from __future__ import annotations

import re

from hoidap.types import Report
from ingest.chunking import Piece, SourceLines, blocks, make_chunks, pack, section_texts, split_long
from ingest.sections import build_sections, find_outline


def regex_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=\.)\s+", text) if s]


def fake_segment(text: str) -> str:
    return text.lower()


def chunk(text: str, min_words: int = 5, max_words: int = 40):
    lines = text.split("\n")
    outline = find_outline(lines)
    report = Report("r1", "r.md", "Báo cáo X", "báo cáo", "Cà Mau", "h")
    secs = build_sections(outline, lines, "r1", "Báo cáo X")
    return make_chunks(
        report, SourceLines(text), section_texts(outline, secs), min_words, max_words,
        regex_sentences, fake_segment,
    )  # fmt: skip


def assert_verbatim(text: str, chunks) -> None:
    lines = text.split("\n")
    for c in chunks:
        assert text[c.char_start : c.char_end] == c.text
        assert c.text in "\n".join(lines[c.line_start - 1 : c.line_end])
        assert lines[c.line_start - 1].strip() and lines[c.line_end - 1].strip()


def test_broken_paragraph_is_one_block_over_its_lines() -> None:
    text = "- 21 ca mắc được cách\n\nly điều trị tại Bệnh viện.\n\n- Dòng khác."
    src = SourceLines(text)
    b = blocks(src, 0, 4)
    assert [p.clean for p in b] == [
        "- 21 ca mắc được cách ly điều trị tại Bệnh viện.",
        "- Dòng khác.",
    ]
    assert text[b[0].start : b[0].end] == "- 21 ca mắc được cách\n\nly điều trị tại Bệnh viện."


def test_lines_ending_a_sentence_or_followed_by_items_are_not_joined() -> None:
    text = "Kết quả như sau\n- mục một\na) mục hai\nHết câu.\nchữ thường"
    assert len(blocks(SourceLines(text), 0, 4)) == 5


def test_long_paragraph_splits_between_sentences_with_exact_offsets() -> None:
    sentence = "Tỉnh đã tiêm vắc xin cho nhiều người dân. "
    text = "Mở đầu.\n" + sentence * 12 + "\nKết thúc."
    src = SourceLines(text)
    (para,) = [p for p in blocks(src, 0, 2) if p.words > 50]
    parts = split_long(para, src, 30, regex_sentences)
    assert len(parts) > 1 and all(p.words <= 30 for p in parts)
    for p in parts:
        assert text[p.start : p.end].startswith("Tỉnh") and text[p.start : p.end].endswith(".")
    assert parts[0].start == para.start and parts[-1].end == para.end


def test_pack_respects_max_and_merges_a_short_tail() -> None:
    pieces = [Piece(i, i + 1, "w " * n) for i, n in enumerate([10, 10, 10, 3])]
    groups = pack(pieces, min_words=5, max_words=25)
    assert [sum(p.words for p in g) for g in groups] == [20, 13]
    groups = pack(pieces, min_words=5, max_words=33)
    assert [sum(p.words for p in g) for g in groups] == [33]


TEXT = """BÁO CÁO

I. KẾT QUẢ

1. Công tác y tế

a) Về công tác tiêm chủng

**Lũy kế** đến hết ngày 16/11/2021, tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người.

b) Về xét nghiệm

""" + "\n\n".join(f"Đoạn {i} nói về xét nghiệm PCR cho người dân trong tỉnh." for i in range(8))


def test_chunks_are_verbatim_and_within_sections() -> None:
    chunks = chunk(TEXT)
    assert_verbatim(TEXT, chunks)
    paths = {c.section_path for c in chunks}
    # Headings without text of their own make no chunk.
    assert ("I. KẾT QUẢ",) not in paths and ("I. KẾT QUẢ", "1. Công tác y tế") not in paths
    (tiem,) = [c for c in chunks if "859.463" in c.text]
    assert tiem.section_path == ("I. KẾT QUẢ", "1. Công tác y tế", "a) Về công tác tiêm chủng")
    # The first chunk of a section starts at its heading line.
    assert tiem.text.startswith("a) Về công tác tiêm chủng\n\n**Lũy kế**")
    assert tiem.clean == (
        "a) Về công tác tiêm chủng\nLũy kế đến hết ngày 16/11/2021, tỉnh Cà Mau đã tiêm vắc xin "
        "cho 859.463 người."
    )
    assert tiem.unaccented.startswith("a) ve cong tac tiem chung luy ke")
    assert [c.ordinal for c in chunks] == list(range(len(chunks)))


def test_long_section_continuation_chunks_carry_the_heading_for_search_only() -> None:
    chunks = [c for c in chunk(TEXT, max_words=30) if c.section_path[-1] == "b) Về xét nghiệm"]
    assert len(chunks) >= 2
    assert chunks[0].text.startswith("b) Về xét nghiệm")
    for c in chunks[1:]:
        assert not c.text.startswith("b)") and not c.clean.startswith("b)")
        assert c.segmented.startswith("b) về xét nghiệm")
        assert c.unaccented.startswith("b) ve xet nghiem")
    assert all(len(c.clean.split()) <= 30 for c in chunks)
    assert_verbatim(TEXT, chunks)


def test_chunk_ids_are_stable_and_unique() -> None:
    a, b = chunk(TEXT), chunk(TEXT)
    assert [c.chunk_id for c in a] == [c.chunk_id for c in b]
    assert len({c.chunk_id for c in a}) == len(a)
