"""What passes between ``hoidap serve`` and its answer workers: frames of JSON, no pickle.

A frame is a 4-byte big-endian length, one byte saying what follows, and the payload:
``J`` a JSON object (a request, a status, an error, a whole :class:`Answer` for the chat),
``B`` the body of a ``POST /api/ask`` response exactly as the API sends it, which the
server passes on without parsing it. Reading has a deadline, so a worker that hangs is
noticed instead of holding a request for ever.

The chat needs the whole answer (its hits' chunks for the sources panel, the closest
passages of an abstention), not the API's object: :func:`answer_to_wire` and
:func:`answer_from_wire` carry every field of the frozen dataclasses.

>>> answer_from_wire(answer_to_wire(Answer("Câu hỏi?", "Trả lời"))) == Answer("Câu hỏi?", "Trả lời")
True
"""

from __future__ import annotations

import json
import os
import select
import struct
import time
from typing import Any

from hoidap.types import Answer, Chunk, Citation, Hit

JSON = b"J"
BODY = b"B"
_HEAD = struct.Struct(">IB")
MAX_FRAME = 1 << 28


class Closed(Exception):
    """The other end is gone (its process exited, or the pipe was closed)."""


class TooSlow(Exception):
    """No whole frame before the deadline."""


def api_body(data: dict[str, Any]) -> bytes:
    """``data`` as the API's ``JSONResponse`` renders it, byte for byte."""
    return json.dumps(
        data, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    ).encode("utf-8")


def write_frame(fd: int, kind: bytes, payload: bytes) -> None:
    """Write one whole frame to the file descriptor ``fd``; Closed if nobody reads it."""
    data = _HEAD.pack(len(payload), kind[0]) + payload
    view = memoryview(data)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except (BrokenPipeError, OSError) as exc:
        raise Closed(str(exc)) from None


def send_json(fd: int, data: dict[str, Any]) -> None:
    write_frame(fd, JSON, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _read_exact(fd: int, size: int, deadline: float | None) -> bytes:
    parts: list[bytes] = []
    left = size
    while left:
        if deadline is not None:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([fd], [], [], wait)[0]:
                raise TooSlow
        try:
            part = os.read(fd, min(left, 1 << 20))
        except OSError as exc:
            raise Closed(str(exc)) from None
        if not part:
            raise Closed("end of stream")
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def read_frame(fd: int, timeout: float | None = None) -> tuple[bytes, bytes]:
    """(kind, payload) of the next frame on ``fd``; Closed at end of stream, TooSlow after
    ``timeout`` seconds (None: wait as long as it takes)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    size, kind = _HEAD.unpack(_read_exact(fd, _HEAD.size, deadline))
    if size > MAX_FRAME:
        raise Closed(f"frame of {size} bytes")
    return bytes([kind]), _read_exact(fd, size, deadline)


def read_json(fd: int, timeout: float | None = None) -> dict[str, Any]:
    kind, payload = read_frame(fd, timeout)
    if kind != JSON:
        raise Closed(f"expected a JSON frame, got {kind!r}")
    data = json.loads(payload)
    if not isinstance(data, dict):
        raise Closed("expected a JSON object")
    return data


# --------------------------------------------------------------------------- answers


def _citation_to_wire(c: Citation) -> dict[str, Any]:
    return {
        "marker": c.marker,
        "chunk_id": c.chunk_id,
        "report": c.report,
        "province": c.province,
        "section": c.section,
        "lines": list(c.lines),
        "quote": c.quote,
        "page": c.page,
    }


def _citation_from_wire(d: dict[str, Any]) -> Citation:
    return Citation(
        d["marker"],
        d["chunk_id"],
        d["report"],
        d["province"],
        d["section"],
        (int(d["lines"][0]), int(d["lines"][1])),
        d["quote"],
        d.get("page"),
    )


def answer_to_wire(answer: Answer) -> dict[str, Any]:
    """Every field of ``answer`` as JSON types (the hits with their whole chunks)."""
    return {
        "question": answer.question,
        "text": answer.text,
        "citations": [_citation_to_wire(c) for c in answer.citations],
        "hits": [
            {"chunk": h.chunk.to_dict(), "score": h.score, "rank": h.rank, "scores": h.scores}
            for h in answer.hits
        ],
        "abstained": answer.abstained,
        "timings_ms": answer.timings_ms,
        "id": answer.id,
        "language": answer.language,
        "confidence": answer.confidence,
        "closest": [_citation_to_wire(c) for c in answer.closest],
        "closest_lead": answer.closest_lead,
    }


def answer_from_wire(d: dict[str, Any]) -> Answer:
    """The :class:`Answer` that :func:`answer_to_wire` was given."""
    return Answer(
        d["question"],
        d["text"],
        tuple(_citation_from_wire(c) for c in d["citations"]),
        tuple(
            Hit(Chunk.from_dict(h["chunk"]), h["score"], h["rank"], dict(h["scores"]))
            for h in d["hits"]
        ),
        bool(d["abstained"]),
        dict(d["timings_ms"]),
        d["id"],
        d["language"],
        d["confidence"],
        tuple(_citation_from_wire(c) for c in d["closest"]),
        d["closest_lead"],
    )
