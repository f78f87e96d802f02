"""``hoidap`` end to end over a real index (real ingest, fake encoder): global options
anywhere, an unknown report refused, and ``ask --batch`` answering every good line with an
error object in place of each bad one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hoidap.cli import main

pytestmark = pytest.mark.integration

QUESTION = "Cà Mau đã tiêm vắc xin cho bao nhiêu người?"


@pytest.fixture
def index_dir(fake_index: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("HOIDAP_ENCODER", "fake")
    return str(fake_index.path)


@pytest.mark.parametrize(
    "order",
    [
        ["--index-dir", "IDX", "ask", "--json", QUESTION],
        ["ask", "--index-dir", "IDX", "--json", QUESTION],
        ["ask", "--json", QUESTION, "--index-dir", "IDX"],
        ["-v", "ask", QUESTION, "--json", "--index-dir=IDX"],
    ],
)
def test_global_options_before_or_after_the_command(
    order: list[str], index_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [index_dir if a == "IDX" else a.replace("IDX", index_dir) for a in order]
    assert main(argv) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["question"] == QUESTION and answer["citations"]


def test_unknown_report_is_an_error_not_a_silent_not_found(
    index_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--index-dir", index_dir, "ask", QUESTION, "--report", "nope.txt"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert "unknown report 'nope.txt'" in captured.err and "001_" in captured.err


def test_batch_answers_good_lines_and_reports_bad_ones_in_place(
    index_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [
        json.dumps({"id": "a", "question": QUESTION}, ensure_ascii=False).encode(),
        b"{not json",
        json.dumps({"id": "c"}).encode(),
        b'{"id": "d", "question": "C\\u00e0 Mau \\ud800 ti\\u00eam?"}',  # lone surrogate
        '{"id": "e", "question": "Cà Mau tiêm"}'.encode("cp1258", "replace") + b"\xff",
        json.dumps({"id": "f", "question": QUESTION, "report": "nope.txt"}).encode(),
        b"",
        json.dumps({"id": "g", "question": QUESTION, "province": "Cà Mau"}).encode(),
    ]
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(b"\n".join(lines) + b"\n")
    code = main(["ask", "--batch", str(batch), "--json", "--index-dir", index_dir])
    captured = capsys.readouterr()
    out = [json.loads(line) for line in captured.out.splitlines()]
    assert code == 1 and "5 dòng lỗi / lines failed" in captured.err
    assert len(out) == 7  # one per non-empty input line, in order
    assert [o.get("id") for o in out] == ["a", None, "c", "d", None, "f", "g"]
    assert out[0]["citations"] and out[6]["citations"]
    assert "error" not in out[0] and "error" not in out[6]
    assert "batch.jsonl:2" in out[1]["error"] and "not JSON" in out[1]["error"]
    assert "batch.jsonl:3" in out[2]["error"] and '"question"' in out[2]["error"]
    assert "lone surrogate" in out[3]["error"]
    assert "batch.jsonl:5" in out[4]["error"] and "not UTF-8" in out[4]["error"]
    assert "unknown report 'nope.txt'" in out[5]["error"]
    assert out[5]["question"] == QUESTION


def test_batch_in_plain_text_keeps_going(
    index_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    batch = tmp_path / "b.jsonl"
    batch.write_text(f'oops\n{{"question": "{QUESTION}"}}\n', encoding="utf-8")
    assert main(["--index-dir", index_dir, "ask", "--batch", str(batch)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("lỗi / error: b.jsonl:1") and "[1]" in out


def test_a_txt_batch_is_one_question_per_line(
    index_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A .txt batch needs no JSON: each non-empty line is a question, its id the line
    number; a line not in UTF-8 still gets its error line in place."""
    batch = tmp_path / "cau_hoi.txt"
    batch.write_bytes(f"{QUESTION}\n\n  {QUESTION}  \r\n".encode() + b"C\xe0 Mau\n")
    code = main(["--index-dir", index_dir, "ask", "--batch", str(batch), "--json"])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1 and [o.get("id") for o in out] == [1, 3, 4]
    assert out[0]["question"] == out[1]["question"] == QUESTION
    assert out[0]["citations"] and out[0]["answer"] == out[1]["answer"]
    assert "cau_hoi.txt:4" in out[2]["error"] and "not UTF-8" in out[2]["error"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32"])
@pytest.mark.parametrize("name", ["cau_hoi.txt", "cau_hoi.jsonl"])
def test_a_batch_saved_as_unicode_by_notepad_is_read(
    index_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], encoding: str, name: str
) -> None:
    """review6: a batch saved by Windows Notepad as "Unicode" (UTF-16 with its byte-order
    mark) had every line "not UTF-8 text", and a stray line of NUL besides."""
    batch = tmp_path / name
    line = QUESTION if name.endswith(".txt") else json.dumps({"id": "q1", "question": QUESTION})
    batch.write_bytes(f"{line}\r\n".encode(encoding))
    assert main(["--index-dir", index_dir, "ask", "--batch", str(batch), "--json"]) == 0
    (out,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert out["question"] == QUESTION and out["citations"]


def test_a_batch_answered_side_by_side_gives_the_answers_asked_one_at_a_time(
    index_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hoidap.config import load_config
    from qa.pipeline import Pipeline

    questions = [
        QUESTION,
        "Sóc Trăng có bao nhiêu ca mắc COVID-19?",
        "How many people were vaccinated in Ca Mau?",
        "Bạc Liêu hỗ trợ người dân gặp khó khăn do dịch bệnh bao nhiêu tiền?",
        "bệnh viện dã chiến có bao nhiêu giường",
        "Cà Mau có bao nhiêu ca tử vong?",
    ] * 2
    batch = tmp_path / "many.jsonl"
    batch.write_text(
        "".join(json.dumps({"id": i, "question": q}) + "\n" for i, q in enumerate(questions)),
        encoding="utf-8",
    )
    assert main(["ask", "--batch", str(batch), "--json", "--index-dir", index_dir]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    pipeline = Pipeline.from_config(load_config().replace(index_dir=Path(index_dir)))
    alone = [pipeline.ask(q, id=i).to_json() for i, q in enumerate(questions)]
    for got, want in zip(out, alone, strict=True):
        got.pop("timings_ms", None)
        want.pop("timings_ms", None)
        assert got == want


def test_a_batch_is_answered_within_the_filter_options(
    index_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """review5: `ask --batch … --province "Trà Vinh"` dropped the option and answered
    every line from the whole index; a line's own province still wins."""
    batch = tmp_path / "b.jsonl"
    lines = [
        {"id": "all", "question": "Có bao nhiêu ca mắc COVID-19?"},
        {"id": "own", "question": "Có bao nhiêu ca mắc COVID-19?", "province": "Sóc Trăng"},
    ]
    batch.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    argv = ["--index-dir", index_dir, "ask", "--batch", str(batch), "--json"]
    assert main([*argv, "--province", "Cà Mau"]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o["id"] for o in out] == ["all", "own"]
    assert out[0]["hits"] and {h["province"] for h in out[0]["hits"]} == {"Cà Mau"}
    assert out[1]["hits"] and {h["province"] for h in out[1]["hits"]} == {"Sóc Trăng"}
    # A bad option is one error before any line, not the same error on every line.
    assert main([*argv, "--province", "Atlantis"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "unknown province 'Atlantis'" in captured.err


def test_a_question_and_a_batch_together_is_an_error(
    index_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """review5: the question was dropped without a word and the file answered."""
    batch = tmp_path / "b.txt"
    batch.write_text(QUESTION + "\n", encoding="utf-8")
    assert main(["--index-dir", index_dir, "ask", QUESTION, "--batch", str(batch)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "both a question and --batch" in captured.err


def test_a_report_named_in_decomposed_unicode_is_found_by_either_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """review5: a file copied in from macOS keeps its decomposed (NFD) name as its source;
    `--report` typed in NFC was "unknown report 'Báo cáo Cà Mau.txt' (… such as: Báo cáo
    Cà Mau.txt)". Names are matched in NFC and shown as stored."""
    import unicodedata

    from tests.conftest import REPORTS

    monkeypatch.setenv("HOIDAP_ENCODER", "fake")
    name = "Báo cáo Cà Mau.txt"
    decomposed = unicodedata.normalize("NFD", name)
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / decomposed).write_bytes((REPORTS / "001_fa29380e2daf4212.txt").read_bytes())
    index = str(tmp_path / "index")
    assert main(["--index-dir", index, "index", "--reports", str(reports)]) == 0
    capsys.readouterr()
    for typed in (name, decomposed):
        assert main(["--index-dir", index, "ask", QUESTION, "--report", typed, "--json"]) == 0
        answer = json.loads(capsys.readouterr().out)
        assert answer["hits"] and {h["report"] for h in answer["hits"]} == {decomposed}


def test_index_never_replaces_a_folder_or_file_that_is_not_an_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """review5: `hoidap index --index-dir DIR` swapped the new index in where DIR was and
    deleted it: a folder of the user's files, or a file, was gone without a word."""
    from tests.conftest import REPORTS

    monkeypatch.setenv("HOIDAP_ENCODER", "fake")
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "r.txt").write_bytes((REPORTS / "001_fa29380e2daf4212.txt").read_bytes())
    folder = tmp_path / "my documents"
    folder.mkdir()
    (folder / "keep.docx").write_bytes(b"precious")
    a_file = tmp_path / "notes.txt"
    a_file.write_bytes(b"precious")
    for target in (folder, a_file):
        argv = ["--index-dir", str(target), "index", "--reports", str(reports)]
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "is not a hoidap index and is never replaced" in err
    assert (folder / "keep.docx").read_bytes() == b"precious" and a_file.read_bytes() == b"precious"
    # An empty folder, and an index (rebuilt over itself), are fine.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["--index-dir", str(empty), "index", "--reports", str(reports)]) == 0
    argv = ["--index-dir", str(empty), "index", "--rebuild", "--reports", str(reports)]
    assert main(argv) == 0
    assert (empty / "manifest.json").is_file()


def test_ingest_into_a_path_it_cannot_write_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """review5: `hoidap ingest … --out FILE` ended in mkdir's FileExistsError traceback."""
    from tests.conftest import REPORTS

    a_file = tmp_path / "corpus"
    a_file.write_bytes(b"precious")
    report = str(REPORTS / "001_fa29380e2daf4212.txt")
    assert main(["ingest", report, "--out", str(a_file)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot make the folder" in err and str(a_file) in err
    assert a_file.read_bytes() == b"precious"


def test_a_damaged_index_is_one_line_vietnamese_first(
    index_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """review5: "unreadable manifest …", "the index at … is damaged: …" were English only."""
    import shutil

    for damage, words in (
        ("manifest.json", "không đọc được manifest / unreadable manifest"),
        ("reports.json", "bị hỏng / the index at"),
    ):
        index = tmp_path / damage
        shutil.copytree(index_dir, index)
        (index / damage).write_text("{", encoding="utf-8")
        code = main(["--index-dir", str(index), "ask", QUESTION])
        err = capsys.readouterr().err
        assert code != 0 and err.count("\n") == 1 and words in err, err
        # The rebuild named is of the damaged index, not of data/index.
        assert f"hoidap index --index-dir {index} --rebuild" in err


def test_index_reports_file_does_not_drop_the_other_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """review6: `hoidap index --reports bao_cao_moi.txt`, run to add one report, built the
    index of that file alone ("removed 311"): a running server was left with one report."""
    from tests.conftest import REPORTS

    monkeypatch.setenv("HOIDAP_ENCODER", "fake")
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("001_fa29380e2daf4212.txt", "002_b58efc9185625b5d.txt"):
        (reports / name).write_bytes((REPORTS / name).read_bytes())
    monkeypatch.setenv("HOIDAP_REPORTS_DIR", str(reports))
    index = tmp_path / "index"
    assert main(["--index-dir", str(index), "index"]) == 0
    new = tmp_path / "moi.txt"
    new.write_bytes((REPORTS / "003_ab47fa1bd8ede6ab.txt").read_bytes())
    capsys.readouterr()
    assert main(["--index-dir", str(index), "index", "--reports", str(new)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sẽ bỏ 2 báo cáo" in err and "would drop 2 reports" in err
    indexed = json.loads((index / "reports.json").read_text(encoding="utf-8"))
    assert len(indexed) == 2
    # The whole folder, or a folder a report was deleted from, is built as before.
    assert main(["--index-dir", str(index), "index", "--reports", str(reports)]) == 0
    (reports / "002_b58efc9185625b5d.txt").unlink()
    assert main(["--index-dir", str(index), "index", "--reports", str(reports)]) == 0
    indexed = json.loads((index / "reports.json").read_text(encoding="utf-8"))
    assert [r["source"] for r in indexed] == ["001_fa29380e2daf4212.txt"]


def test_index_a_subfolder_does_not_drop_the_reports_of_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """review7: the guard above looked for each indexed report's file at the top of the
    reports folder only, so in a folder of subfolders (2024/, 2025/) `hoidap index
    --reports reports/2025` built the index of 2025/ alone and dropped 2024/'s reports."""
    from tests.conftest import REPORTS

    monkeypatch.setenv("HOIDAP_ENCODER", "fake")
    reports = tmp_path / "reports"
    for folder, name in (
        ("2024", "001_fa29380e2daf4212.txt"),
        ("2024/quy4", "002_b58efc9185625b5d.txt"),
        ("2025", "003_ab47fa1bd8ede6ab.txt"),
    ):
        (reports / folder).mkdir(parents=True, exist_ok=True)
        (reports / folder / name).write_bytes((REPORTS / name).read_bytes())
    monkeypatch.setenv("HOIDAP_REPORTS_DIR", str(reports))
    index = tmp_path / "index"
    assert main(["--index-dir", str(index), "index"]) == 0
    capsys.readouterr()
    for inside in (
        reports / "2025",
        reports / "2024" / "quy4",
        reports / "2025" / "003_ab47fa1bd8ede6ab.txt",
    ):
        assert main(["--index-dir", str(index), "index", "--reports", str(inside)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "sẽ bỏ 2 báo cáo" in err and "would drop 2 reports" in err
    indexed = json.loads((index / "reports.json").read_text(encoding="utf-8"))
    assert len(indexed) == 3
    # A report deleted from its subfolder may go, as at the top level.
    (reports / "2024" / "quy4" / "002_b58efc9185625b5d.txt").unlink()
    assert main(["--index-dir", str(index), "index", "--reports", str(reports)]) == 0
    indexed = json.loads((index / "reports.json").read_text(encoding="utf-8"))
    assert sorted(r["source"] for r in indexed) == [
        "001_fa29380e2daf4212.txt",
        "003_ab47fa1bd8ede6ab.txt",
    ]


@pytest.mark.parametrize("typed", ["data/reports/001_fa29380e2daf4212.txt", "001_fa29380e2daf4212"])
def test_a_report_path_or_name_without_suffix_names_the_report(
    typed: str, index_dir: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """review6: `--report data/reports/x.txt` (the shell's completion) and the name without
    its suffix were "unknown report"."""
    assert main(["--index-dir", index_dir, "ask", QUESTION, "--report", typed, "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["hits"] and {h["report"] for h in answer["hits"]} == {"001_fa29380e2daf4212.txt"}
