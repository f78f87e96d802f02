"""``hoidap index``: prints per-file errors and carries on, summarises the build, and says
so when nothing needed embedding. Ingest is stubbed (its own tests read real files)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import ingest.pipeline
from hoidap.cli import main
from hoidap.errors import IngestError
from hoidap.text import fold
from hoidap.types import Chunk, Report

TEXTS = [
    "Tỉnh Cà Mau đã tiêm vắc xin cho 859.463 người.",
    "Sóc Trăng bố trí 3 bệnh viện dã chiến.",
]


def _result(texts: list[str], errors: list[IngestError]) -> ingest.pipeline.IngestResult:
    report = Report(
        report_id="r1",
        source="r1.md",
        title="Báo cáo",
        kind="báo cáo",
        province="Cà Mau",
        content_hash="h-" + "|".join(texts),
    )
    chunks = [
        Chunk(
            chunk_id=f"c{i}-{hash(t)}",
            report_id="r1",
            source="r1.md",
            province="Cà Mau",
            section_id="s1",
            section_path=("I",),
            ordinal=i,
            text=t,
            clean=t,
            segmented=t.lower(),
            unaccented=fold(t),
            line_start=i + 1,
            line_end=i + 1,
            char_start=0,
            char_end=len(t),
        )
        for i, t in enumerate(texts)
    ]
    return ingest.pipeline.IngestResult([report] if chunks else [], chunks, errors)


@pytest.fixture
def ingested(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What the stubbed ingest returns next, and the paths it was asked to read."""
    state: dict[str, Any] = {"texts": list(TEXTS), "errors": [], "paths": None}

    def fake_ingest(
        paths: list[Path], config: Any, progress: bool = False, on_report: Any = None, **_: Any
    ) -> Any:
        state["paths"] = list(paths)
        result = _result(state["texts"], state["errors"])
        for report in result.reports if on_report is not None else []:
            on_report(report, [c for c in result.chunks if c.report_id == report.report_id])
        state["handed_over"] = on_report is not None
        return result

    monkeypatch.setattr(ingest.pipeline, "ingest_paths", fake_ingest)
    return state


def _index(tmp_path: Path, *args: str) -> list[str]:
    return ["--index-dir", str(tmp_path / "idx"), "index", "--encoder", "fake", *args]


def test_build_then_nothing_to_re_embed(
    tmp_path: Path, ingested: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(_index(tmp_path, "--reports", str(tmp_path))) == 0
    out = capsys.readouterr().out
    assert "indexed 1 báo cáo / reports, 2 đoạn / chunks" in out
    assert "embedded 2" in out and "chunks/s" in out
    assert ingested["paths"] == [tmp_path]
    assert ingested["handed_over"]  # a first build embeds while it reads

    # Nothing changed: the index is left as it is (not rebuilt, not rewritten).
    manifest = tmp_path / "idx" / "manifest.json"
    before = manifest.read_bytes()
    assert main(_index(tmp_path)) == 0
    assert "index up to date" in capsys.readouterr().out
    assert manifest.read_bytes() == before
    assert not ingested["handed_over"]  # an index is there: its vectors are reused

    # An index changed since (a server added an upload) is rebuilt: the stamp names the
    # build it was made for.
    (tmp_path / "idx" / "manifest.json").write_text(
        manifest.read_text(encoding="utf-8").replace('"built_at"', '"built_at_"'),
        encoding="utf-8",
    )
    assert main(_index(tmp_path)) == 0  # the index changed since the stamp: rebuilt
    assert "no new or changed reports: dùng lại / reused 2" in capsys.readouterr().out

    ingested["texts"] = [TEXTS[0]]
    assert main(_index(tmp_path)) == 0
    assert "bỏ / removed 1" in capsys.readouterr().out

    assert main(_index(tmp_path, "--rebuild")) == 0
    assert "embedded 1 " in capsys.readouterr().out
    assert ingested["handed_over"]


def test_bad_files_are_reported_and_the_rest_indexed(
    tmp_path: Path, ingested: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    ingested["errors"] = [IngestError("bad.pdf", "no text layer")]
    assert main(_index(tmp_path)) == 0
    captured = capsys.readouterr()
    assert "skipped: bad.pdf: no text layer" in captured.err
    assert "1 tệp bị bỏ qua / files skipped" in captured.out


def test_no_readable_report_is_a_one_line_error(
    tmp_path: Path, ingested: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    ingested["texts"] = []
    assert main(_index(tmp_path, "--reports", str(tmp_path / "empty"))) == 2
    err = capsys.readouterr().err
    assert "no readable reports in" in err and err.count("\n") == 1
    assert not (tmp_path / "idx").exists()


def test_first_index_says_the_bundled_vectors_are_shipped() -> None:
    from index.command import vectors_note
    from index.store import BuildStats

    def stats(embedded: int, reused: int) -> BuildStats:
        return BuildStats(
            chunks=embedded + reused, embedded=embedded, reused=reused, removed=0,
            seconds=1.0, chunks_per_s=10.0, dense_type="flat", reports=5, embed_seconds=0.5,
        )  # fmt: skip

    note = vectors_note(stats(0, 307), first=True, rebuild=False)
    assert "307 chunks use the vectors shipped with the bundled reports" in note
    assert "re-embed" not in note and "reused" not in note
    both = vectors_note(stats(4, 307), first=True, rebuild=False)
    assert "shipped" in both and "embedded 4" in both
    assert "no new or changed reports" in vectors_note(stats(0, 307), first=False, rebuild=False)
    assert "--rebuild" in vectors_note(stats(311, 0), first=False, rebuild=True)


def test_an_index_dir_that_cannot_be_made_is_one_line(
    tmp_path: Path, ingested: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    """review6: `--index-dir` under a file was a FileExistsError traceback (and a folder
    this user cannot write a PermissionError)."""
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x", encoding="utf-8")
    argv = ["--index-dir", str(a_file / "idx"), "index", "--encoder", "fake"]
    assert main([*argv, "--reports", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "không tạo được chỉ mục tại / cannot make an index at" in err


def test_a_full_disk_keeps_the_previous_index(
    tmp_path: Path,
    ingested: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """review6: a build that ran out of disk space was an OSError traceback."""
    import errno

    import index.store

    assert main(_index(tmp_path, "--reports", str(tmp_path))) == 0
    manifest = tmp_path / "idx" / "manifest.json"
    before = manifest.read_bytes()

    def full(*_: Any, **__: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(index.store, "_write", full)
    ingested["texts"] = [*TEXTS, "Bạc Liêu có 12 ca mắc mới."]
    capsys.readouterr()
    assert main(_index(tmp_path, "--reports", str(tmp_path))) == 1
    err = capsys.readouterr().err
    (line,) = [x for x in err.splitlines() if x.startswith("hoidap: lỗi / error:")]
    assert "cannot write the index" in line and "No space left" in line
    assert manifest.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.is_dir() and p.name.startswith(".idx")]


@pytest.mark.parametrize("given_by", ["flag", "environment"])
def test_the_no_index_hint_builds_the_index_that_was_asked_for(
    tmp_path: Path,
    ingested: dict[str, Any],
    given_by: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """qa-pass: `hoidap ask --index-dir X` (or HOIDAP_INDEX_DIR=X) with no index there said
    to run `hoidap index`, which builds data/index, and the same error followed. The hint
    repeats the folder, and the command it names builds the index there."""
    import re
    import shlex

    folder = tmp_path / "chỉ mục"
    monkeypatch.setenv("HOIDAP_ENCODER", "fake")
    if given_by == "flag":
        asked = main(["--index-dir", str(folder), "ask", "Cà Mau?"])
    else:
        monkeypatch.setenv("HOIDAP_INDEX_DIR", str(folder))
        asked = main(["ask", "Cà Mau?"])
    assert asked == 1
    err = capsys.readouterr().err
    found = re.search(r"`(hoidap index[^`]*)`", err)
    assert found, err
    assert found.group(1) == f"hoidap index --index-dir {shlex.quote(str(folder))}"
    assert main(shlex.split(found.group(1))[1:]) == 0
    assert (folder / "manifest.json").is_file()
    capsys.readouterr()
    assert main(["--index-dir", str(folder), "ask", "Cà Mau?"]) == 0


def test_a_damaged_index_names_the_rebuild_of_that_index(
    tmp_path: Path,
    ingested: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A damaged index at `--index-dir X` said to run `hoidap index --rebuild`, which
    rebuilds data/index: the hint names X, and the command it names repairs X."""
    import re
    import shlex

    folder = tmp_path / "chỉ mục"
    monkeypatch.setenv("HOIDAP_ENCODER", "fake")
    assert main(["--index-dir", str(folder), "index"]) == 0
    (folder / "manifest.json").write_text("{not json", encoding="utf-8")
    capsys.readouterr()
    assert main(["--index-dir", str(folder), "ask", "Cà Mau?"]) != 0
    err = capsys.readouterr().err
    found = re.search(r"`(hoidap index[^`]*)`", err)
    assert found, err
    assert found.group(1) == f"hoidap index --index-dir {shlex.quote(str(folder))} --rebuild"
    assert main(shlex.split(found.group(1))[1:]) == 0
    capsys.readouterr()
    assert main(["--index-dir", str(folder), "ask", "Cà Mau?"]) == 0


def test_an_index_damaged_after_it_was_opened_names_the_rebuild_of_that_index(
    tmp_path: Path, ingested: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """qa-pass3: `chunks.jsonl` cut short while a server (or `ask --batch`) had the index at
    `--index-dir X` open, read at question time, said to run `hoidap index --rebuild`,
    which rebuilds data/index: the hint names X, and the command it names repairs X."""
    import re
    import shlex

    from hoidap.config import load_config
    from hoidap.errors import IndexMismatchError
    from index.store import load_index

    folder = tmp_path / "chỉ mục"
    monkeypatch.setenv("HOIDAP_ENCODER", "fake")
    assert main(["--index-dir", str(folder), "index"]) == 0
    store = load_index(load_config(index_dir=folder))  # as `hoidap ask` / `serve` open it
    chunks = folder / "chunks.jsonl"
    chunks.write_bytes(chunks.read_bytes()[:-40])
    with pytest.raises(IndexMismatchError, match="shorter than its chunk offsets") as exc:
        store.chunk_by_id(store.chunk_ids[-1])
    found = re.search(r"`(hoidap index[^`]*)`", str(exc.value))
    assert found, exc.value
    assert found.group(1) == f"hoidap index --index-dir {shlex.quote(str(folder))} --rebuild"
    assert main(shlex.split(found.group(1))[1:]) == 0
    again = load_index(load_config(index_dir=folder))
    assert [c.text for c in again.iter_chunks()] == TEXTS


def test_hints_repeat_the_config_file_they_were_given(
    tmp_path: Path,
    ingested: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """qa-pass3: after `hoidap --config FILE …` the hints named `hoidap index …` without
    it: the command read ./hoidap.toml instead, whose folder, store or encoder may not be
    FILE's, and built another index. Both the build and the rebuild hint repeat it, and
    the commands they name work as printed."""
    import re
    import shlex

    folder = tmp_path / "chỉ mục"
    settings = tmp_path / "cấu hình.toml"
    settings.write_text(f"index_dir = {str(folder)!r}\nencoder = 'fake'\n", encoding="utf-8")
    monkeypatch.delenv("HOIDAP_ENCODER", raising=False)
    monkeypatch.delenv("HOIDAP_INDEX_DIR", raising=False)
    expected = (
        f"hoidap index --config {shlex.quote(str(settings))} --index-dir {shlex.quote(str(folder))}"
    )
    ask = ["--config", str(settings), "ask", "Cà Mau?"]
    for damage, suffix in ((None, ""), ("manifest.json", " --rebuild")):
        if damage:
            (folder / damage).write_text("{not json", encoding="utf-8")
        capsys.readouterr()
        assert main(ask) != 0
        err = capsys.readouterr().err
        found = re.search(r"`(hoidap index[^`]*)`", err)
        assert found, err
        assert found.group(1) == expected + suffix
        assert main(shlex.split(found.group(1))[1:]) == 0
        assert (folder / "manifest.json").is_file()
        capsys.readouterr()
        assert main(ask) == 0
