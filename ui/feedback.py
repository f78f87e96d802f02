"""Right / wrong verdicts from officials, kept as JSON lines for review.

Each line is one verdict on one answer, with everything a reviewer needs to turn it into a
gold question later (the question, the answer, its citations and quotes) without
re-running hoidap. The file is only ever appended to, one ``write`` per line under a
lock, so concurrent chats never interleave half lines.

>>> import tempfile, pathlib, json
>>> path = pathlib.Path(tempfile.mkdtemp()) / "fb" / "feedback.jsonl"
>>> _ = record_feedback(path, question="Cà Mau?", answer={"answer": "859.463 người [1]",
...     "citations": []}, verdict="đúng")
>>> json.loads(path.read_text(encoding="utf-8"))["verdict"]
'đúng'
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hoidap.errors import InputError

# The words on the buttons, as ``eval --from-feedback`` reads them ("đúng" lines become
# gold candidates, "sai" lines go to review).
VERDICTS: tuple[str, ...] = ("đúng", "sai")
MAX_COMMENT_CHARS = 2000

_LOCK = threading.Lock()


def record_feedback(
    path: Path,
    *,
    question: str,
    answer: Mapping[str, Any],
    verdict: str,
    comment: str = "",
    history: Sequence[str] = (),
    filters: Mapping[str, Any] | None = None,
    language: str = "vi",
) -> dict[str, Any]:
    """Append one verdict to ``path`` (creating its folder) and return the stored record.

    ``answer`` is the ``Answer.to_json()`` object, so the line holds the same citations
    (report, section, lines, quote) the official saw.
    """
    if verdict not in VERDICTS:
        raise InputError(f"unknown verdict {verdict!r}", f"use one of {', '.join(VERDICTS)}")
    record: dict[str, Any] = {
        "timestamp": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "verdict": verdict,
        "question": question,
        "answer": answer.get("answer", ""),
        "abstained": bool(answer.get("abstained", False)),
        "citations": list(answer.get("citations", [])),
        "comment": comment.strip()[:MAX_COMMENT_CHARS],
        "answer_id": answer.get("id"),
        "history": list(history),
        "filters": dict(filters or {}),
        "language": language,
    }
    line = json.dumps(record, ensure_ascii=False) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    with _LOCK, path.open("a", encoding="utf-8") as handle:
        handle.write(line)
    return record


def read_feedback(path: Path) -> list[dict[str, Any]]:
    """Every stored verdict, oldest first (an absent file means none yet)."""
    if not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
