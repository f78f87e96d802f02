"""Pipeline and CLI: bad files are reported and skipped, duplicates dropped, writes atomic."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import pytest

from hoidap.config import Config
from hoidap.errors import IngestError
from ingest import command
from ingest.pipeline import CHUNKS_FILE, REPORTS_FILE, ingest_paths, read_corpus, write_corpus
from tests.unit.ingest_fixtures import SAMPLE, make_blank_pdf, to_cp1258, write


@pytest.fixture
def config(tmp_path: Path) -> Config:
    return Config(home=tmp_path)


def test_one_report(tmp_path: Path, config: Config) -> None:
    result = ingest_paths([write(tmp_path / "r.md", SAMPLE)], config)
    assert not result.errors
    (report,) = result.reports
    assert (report.province, report.province_2025, report.kind) == ("Cà Mau", "Cà Mau", "báo cáo")
    assert report.title.startswith("Báo cáo kết quả phòng, chống dịch")
    assert len(report.content_hash) == 64 and report.report_id
    paths = [c.section_path for c in result.chunks]
    assert ("I. KẾT QUẢ THỰC HIỆN", "1. Công tác y tế", "a) Về công tác tiêm chủng") in paths
    assert all(c.report_id == report.report_id and c.province == "Cà Mau" for c in result.chunks)
    assert all("_" in c.segmented or len(c.clean.split()) < 3 for c in result.chunks)


def test_bad_files_are_reported_and_the_rest_ingested(tmp_path: Path, config: Config) -> None:
    folder = tmp_path / "in"
    write(folder / "a_good.md", SAMPLE)
    write(folder / "b_empty.txt", b"")
    write(folder / "c_binary.txt", bytes(range(256)) * 20)
    write(folder / "d_nosections.txt", "Chỉ một đoạn văn.\n\nVà một đoạn nữa.\n")
    write(folder / "e_scan.pdf", make_blank_pdf())
    write(folder / "ignored.xlsx", b"PK")
    result = ingest_paths([folder, tmp_path / "missing.md", write(tmp_path / "x.odt", "x")], config)
    assert [r.source for r in result.reports] == ["a_good.md"]
    messages = sorted(str(e) for e in result.errors)
    assert len(messages) == 7, messages
    for needle in ("b_empty.txt", "c_binary.txt", "d_nosections.txt", "e_scan.pdf",
                   "ignored.xlsx", "missing.md", "x.odt"):  # fmt: skip
        assert any(needle in m for m in messages), needle
    assert all("\n" not in m for m in messages)


def test_a_notice_without_headings_is_indexed_whole(tmp_path: Path, config: Config) -> None:
    """A notice written as plain paragraphs (no "I.", "1.", "a)" or "#") was refused; its
    chunks now sit under the notice's title, and the letterhead still names the province."""
    notice = (
        "UBND TỈNH CÀ MAU\nTHÔNG BÁO\nVề việc nghỉ lễ Ngày Chiến thắng và Quốc tế Lao động\n\n"
        "Cán bộ, công chức, viên chức được nghỉ lễ từ ngày 30/4/2025 đến hết ngày 04/5/2025.\n"
        "Thủ trưởng các cơ quan, đơn vị bố trí lịch trực bảo đảm an toàn, an ninh trật tự.\n"
    )
    result = ingest_paths([write(tmp_path / "tb.txt", notice)], config)
    assert not result.errors, [str(e) for e in result.errors]
    (report,) = result.reports
    assert (report.province, report.kind) == ("Cà Mau", "thông báo")
    assert {c.section_path for c in result.chunks} == {(report.title,)}
    assert any("04/5/2025" in c.text for c in result.chunks)


def test_same_content_is_ingested_once(tmp_path: Path, config: Config) -> None:
    a = write(tmp_path / "a.md", SAMPLE)
    b = write(tmp_path / "b.txt", SAMPLE.replace("\n", "\r\n"))
    c = write(tmp_path / "c.txt", to_cp1258(SAMPLE))
    result = ingest_paths([a, b, c], config)
    assert [r.source for r in result.reports] == ["a.md"]
    # review6: the copies were dropped without a word ("3 files, 1 report").
    assert [(e.path, e.message) for e in result.errors] == [
        (str(p), f"{p}: cùng nội dung với / same content as a.md, bỏ qua / skipped") for p in (b, c)
    ]


def test_two_files_of_one_name_in_two_folders_are_not_both_indexed(
    tmp_path: Path, config: Config
) -> None:
    """review6: "2024/bao_cao.txt" and "2025/bao_cao.txt" were both indexed as
    "bao_cao.txt": citations could not tell them apart and the viewer mixed the two."""
    first = write(tmp_path / "reports" / "2024" / "bao_cao.txt", SAMPLE)
    second = write(tmp_path / "reports" / "2025" / "bao_cao.txt", SAMPLE.replace("859.463", "1"))
    result = ingest_paths([tmp_path / "reports"], config)
    assert [r.source for r in result.reports] == ["bao_cao.txt"]
    (error,) = result.errors
    assert error.path == str(second) and f"trùng tên với / same file name as {first}" in str(error)
    assert "rename one of the two files" in str(error)


def test_a_folder_names_every_file_it_does_not_read(tmp_path: Path, config: Config) -> None:
    """review6: an old Word report (.doc) left in the reports folder was silently not
    indexed; hidden files, Word's lock file and Thumbs.db are passed over without a word."""
    folder = tmp_path / "reports"
    write(folder / "Báo cáo Cà Mau.md", SAMPLE)
    write(folder / "Kế hoạch 2025.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    write(folder / "sub" / "Phụ lục.xlsx", b"PK\x03\x04")
    write(folder / "~$Báo cáo.docx", bytes(162))
    write(folder / "._Báo cáo Cà Mau.md", bytes(4096))
    write(folder / ".git" / "config", "[core]")
    write(folder / "Thumbs.db", bytes(64))
    result = ingest_paths([folder], config)
    assert [r.source for r in result.reports] == ["Báo cáo Cà Mau.md"]
    assert [(Path(e.path).name, e.hint[:29]) for e in result.errors] == [
        ("Kế hoạch 2025.doc", "mở bằng Word (Excel, LibreOff"),
        ("Phụ lục.xlsx", "mở bằng Word (Excel, LibreOff"),
    ]
    assert all("loại tệp không hỗ trợ / unsupported file type" in str(e) for e in result.errors)


def test_write_read_round_trip(tmp_path: Path, config: Config) -> None:
    result = ingest_paths([write(tmp_path / "r.md", SAMPLE)], config)
    out = tmp_path / "corpus"
    write_corpus(result, out)
    back = read_corpus(out)
    assert back.reports == result.reports and back.chunks == result.chunks
    assert not list(out.glob("*.tmp")) and not list(out.glob(".*"))
    assert json.loads((out / REPORTS_FILE).read_text(encoding="utf-8"))[0]["province"] == "Cà Mau"


def test_failed_write_keeps_the_old_corpus(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = ingest_paths([write(tmp_path / "r.md", SAMPLE)], config)
    out = tmp_path / "corpus"
    write_corpus(result, out)
    before = {name: (out / name).read_bytes() for name in (REPORTS_FILE, CHUNKS_FILE)}

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    result.chunks = result.chunks[:1]
    with pytest.raises(IngestError, match=r"cannot write the corpus \(disk full\)"):
        write_corpus(result, out)
    monkeypatch.undo()
    assert {name: (out / name).read_bytes() for name in before} == before
    assert sorted(p.name for p in out.iterdir()) == sorted(before)


def test_read_corpus_missing(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="hoidap ingest"):
        read_corpus(tmp_path)


def run_cli(config: Config, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    command.add_arguments(parser)
    return command.run(parser.parse_args(list(argv)), config)


def test_cli_summary_and_exit_codes(
    tmp_path: Path, config: Config, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write(tmp_path / "r.md", SAMPLE)
    empty = write(tmp_path / "e.md", "")
    assert run_cli(config, str(good), str(empty)) == 0
    out, err = capsys.readouterr()
    assert "1 báo cáo / reports" in out and "chunks" in out and "1 tệp bị bỏ qua" in out
    assert err.count("\n") == 1 and "e.md: tệp rỗng / empty file" in err
    assert (tmp_path / "data" / "corpus" / CHUNKS_FILE).is_file()
    assert run_cli(config, str(empty), "--out", str(tmp_path / "other")) == 1
    assert not (tmp_path / "other").exists()


def test_segmentation_does_not_load_torch() -> None:
    """underthesea's translation module (torch, transformers) would add seconds to ingest."""
    import subprocess
    import sys

    code = (
        "import sys; from ingest.nlp import segment; "
        "assert segment('Tỉnh Cà Mau đã tiêm vắc xin') == 'tỉnh cà_mau đã tiêm vắc_xin'; "
        "assert 'torch' not in sys.modules and 'transformers' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_cli_help_does_not_import_heavy_modules() -> None:
    import subprocess
    import sys

    code = (
        "import sys, argparse; from ingest import command; "
        "command.add_arguments(argparse.ArgumentParser()); "
        "heavy = {'underthesea', 'pypdf', 'docx', 'charset_normalizer', 'tqdm'}; "
        "heavy &= set(sys.modules); "
        "assert not heavy, heavy"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)


def test_unchanged_files_are_not_read_again(
    tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ingest.pipeline
    from ingest.reuse import IngestCache, cache_folder

    a = write(tmp_path / "in" / "a.md", SAMPLE)
    b = write(tmp_path / "in" / "b.md", SAMPLE.replace("Cà Mau", "Bạc Liêu"))
    cache = IngestCache(cache_folder(config))
    first = ingest_paths([tmp_path / "in"], config, cache=cache)
    assert [r.source for r in first.reports] == ["a.md", "b.md"]

    read: list[str] = []
    real = ingest.pipeline.read_source
    monkeypatch.setattr(ingest.pipeline, "read_source", lambda p: read.append(p.name) or real(p))
    again = ingest_paths([tmp_path / "in"], config, cache=IngestCache(cache_folder(config)))
    assert read == [] and again.reports == first.reports and again.chunks == first.chunks

    # Changed bytes, or other chunking settings, are read again.
    a.write_text(SAMPLE + "\n", encoding="utf-8")
    ingest_paths([tmp_path / "in"], config, cache=IngestCache(cache_folder(config)))
    assert read == ["a.md"]
    wider = config.replace(chunk_max_words=config.chunk_max_words + 1)
    ingest_paths([b], wider, cache=IngestCache(cache_folder(config)))
    assert read == ["a.md", "b.md"]

    # A damaged entry is a miss, not an error.
    for entry in cache_folder(config).glob("*.json"):
        entry.write_text("{", encoding="utf-8")
    assert ingest_paths([b], config, cache=IngestCache(cache_folder(config))).reports


def test_worker_processes_give_the_same_result(tmp_path: Path, config: Config) -> None:
    folder = tmp_path / "in"
    write(folder / "a.md", SAMPLE)
    write(folder / "b.md", SAMPLE.replace("Cà Mau", "Bạc Liêu"))
    write(folder / "c_empty.txt", b"")
    one = ingest_paths([folder], config)
    two = ingest_paths([folder], config, jobs=2)
    assert two.reports == one.reports and two.chunks == one.chunks
    assert [str(e) for e in two.errors] == [str(e) for e in one.errors]
    assert [e.path for e in two.errors] == [e.path for e in one.errors]


def test_each_report_is_handed_over_as_soon_as_it_is_read(tmp_path: Path, config: Config) -> None:
    from ingest.reuse import IngestCache, cache_folder

    folder = tmp_path / "in"
    write(folder / "a.md", SAMPLE)
    write(folder / "b.md", SAMPLE.replace("Cà Mau", "Bạc Liêu"))
    write(folder / "c_empty.txt", b"")
    got: list[tuple[str, int]] = []
    cache = IngestCache(cache_folder(config))
    result = ingest_paths(
        [folder], config, cache=cache, on_report=lambda r, cs: got.append((r.source, len(cs)))
    )
    per_report = [
        (r.source, sum(c.report_id == r.report_id for c in result.chunks)) for r in result.reports
    ]
    assert got == per_report and len(got) == 2  # the unreadable file is not handed over
    # from the ingest cache too
    got.clear()
    ingest_paths(
        [folder],
        config,
        cache=IngestCache(cache_folder(config)),
        on_report=lambda r, cs: got.append((r.source, len(cs))),
    )
    assert got == per_report
