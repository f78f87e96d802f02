"""`hoidap ask` as a black box: 100 generated questions in one batch, and the two CLI
defects of the campaign (non-UTF-8 argv, a lone surrogate in --batch). Both are
handled by the click CLI and the batch reader (qa/command.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.reliability.conftest import QUESTION, env_for


def hoidap(
    home: Path, *args: str | bytes, timeout: float = 300
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [
            sys.executable.encode(),
            b"-m",
            b"hoidap.cli",
            *(a if isinstance(a, bytes) else a.encode() for a in args),
        ],
        cwd=home,
        env=env_for(home),
        capture_output=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def cli_home(template_home: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    home = tmp_path_factory.mktemp("cli") / "home"
    shutil.copytree(template_home, home)
    return home


def test_a_hundred_generated_questions_in_one_batch(cli_home: Path) -> None:
    found: list[str] = []

    @settings(
        max_examples=100, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(st.one_of(st.text(max_size=120), st.sampled_from([QUESTION, "", "   ", "?" * 1200])))
    def collect(question: str) -> None:
        found.append(question)

    collect()
    assert len(found) >= 100
    batch = cli_home / "generated.jsonl"
    batch.write_text(
        "".join(json.dumps({"id": i, "question": q}) + "\n" for i, q in enumerate(found)),
        encoding="utf-8",
    )
    done = hoidap(cli_home, "ask", "--json", "--batch", str(batch))
    # Exit 1 says some lines were refused (empty, too long); each has its error object.
    assert done.returncode in (0, 1), done.stderr[-2000:]
    assert b"Traceback" not in done.stderr
    lines = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [item["id"] for item in lines] == list(range(len(found)))
    assert all(("answer" in item) != ("error" in item) for item in lines)
    assert any("error" in item for item in lines) == (done.returncode == 1)


def test_non_utf8_argv_is_one_clear_error(cli_home: Path) -> None:
    done = hoidap(cli_home, "ask", b"C\xe0 Mau \xff\xfe ti\xeam bao nhi\xeau?")
    assert b"Traceback" not in done.stderr
    assert done.returncode in (0, 2), done.stderr[-1000:]


def test_a_lone_surrogate_in_a_batch_loses_only_that_question(cli_home: Path) -> None:
    batch = cli_home / "surrogate.jsonl"
    batch.write_text(
        json.dumps({"id": 1, "question": QUESTION})
        + "\n"
        + '{"id": 2, "question": "C\\u00e0 Mau \\ud800?"}\n'
        + json.dumps({"id": 3, "question": QUESTION})
        + "\n",
        encoding="utf-8",
    )
    done = hoidap(cli_home, "ask", "--json", "--batch", str(batch))
    assert b"Traceback" not in done.stderr
    lines = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [item["id"] for item in lines] == [1, 2, 3]
    assert "859.463" in lines[0]["answer"] and "859.463" in lines[2]["answer"]


def test_a_line_separator_inside_a_batch_question(cli_home: Path) -> None:
    """Found by the generated batch: JSON lines may hold U+2028 raw, and str.splitlines()
    cuts the line there ("not JSON")."""
    batch = cli_home / "separator.jsonl"
    batch.write_text(
        json.dumps({"id": 1, "question": "Cà Mau\u2028tiêm?"}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    done = hoidap(cli_home, "ask", "--json", "--batch", str(batch))
    assert done.returncode == 0, done.stderr[-1000:]


def test_a_batch_line_takes_the_apis_document_filters(cli_home: Path) -> None:
    """qa-pass: a line's "kind", "issued_from" and "issued_to" (the API's own fields) were
    dropped without a word and the line answered over every report."""
    question = "Có bao nhiêu người đã được tiêm vắc xin?"  # names no province
    lines = [
        {"id": 1, "question": question, "kind": "quyết định"},
        {"id": 2, "question": question, "kind": "công văn"},
        {"id": 3, "question": question, "issued_from": "2022-06-01"},
        {"id": 4, "question": question, "issued_to": 2022},
        {"id": 5, "question": question},
    ]
    batch = cli_home / "kinds.jsonl"
    batch.write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    done = hoidap(cli_home, "ask", "--json", "--batch", str(batch))
    assert b"Traceback" not in done.stderr and done.returncode == 1, done.stderr[-1000:]
    out = {item["id"]: item for item in map(json.loads, done.stdout.decode().splitlines())}
    assert {h["report"] for h in out[1]["hits"]} == {"002_b58efc9185625b5d.txt"}
    assert "unknown document kind 'công văn'" in out[2]["error"]
    assert "no report matches the filter" in out[3]["error"]
    assert "'issued_to' phải là chuỗi / must be a string" in out[4]["error"]
    assert len({h["report"] for h in out[5]["hits"]}) == 2
