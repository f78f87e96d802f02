"""``hoidap ask``: one question, or a JSON-lines batch with the models loaded once.

A batch answers every good line and writes, for each bad one (not JSON, no question,
text that is not valid Unicode, an unknown province or report), an error object in its
place: one output line per input line, same order, so a tool can zip them together.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hoidap.config import Config
from hoidap.errors import HoidapError, InputError
from hoidap.types import Answer
from qa.scorer import confidence_band

# The words the chat uses for ``qa.scorer.CONFIDENCE_BANDS`` (ui/strings.py).
BAND_WORDS = {"high": "cao", "medium": "trung bình", "low": "thấp"}


# The same bounds as the HTTP API's ``k`` (ui.api.AskRequest).
K_MIN, K_MAX = 1, 50


def passages(text: str) -> int:
    """``--k``: a whole number of passages from 1 to 50 (0 or less once returned every
    passage the answer read, a negative number more than asked)."""
    try:
        k = int(text)
    except ValueError:
        k = K_MIN - 1
    if not K_MIN <= k <= K_MAX:
        raise argparse.ArgumentTypeError(
            f"--k phải là số nguyên từ {K_MIN} đến {K_MAX} / must be a whole number "
            f"from {K_MIN} to {K_MAX}: {text!r}"
        )
    return k


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("question", nargs="?", help="câu hỏi / the question")
    parser.add_argument(
        "--k",
        type=passages,
        help=f"số đoạn trả về / passages to return ({K_MIN}–{K_MAX}, default 5)",
    )
    parser.add_argument("--province", help="chỉ tìm trong tỉnh này / only this province")
    parser.add_argument(
        "--report", help="chỉ tìm trong báo cáo này (tên tệp) / only this report file"
    )
    parser.add_argument(
        "--kind", help='chỉ loại văn bản này / only this document kind ("kế hoạch", "quyết định")'
    )
    parser.add_argument(
        "--issued-from",
        help="chỉ văn bản ban hành từ ngày / only reports issued on or after (2025-11-01)",
    )
    parser.add_argument(
        "--issued-to",
        help="chỉ văn bản ban hành đến ngày / only reports issued on or before (30/11/2025)",
    )
    parser.add_argument("--json", action="store_true", help="in JSON cho công cụ khác / print JSON")
    parser.add_argument(
        "--batch",
        type=Path,
        help='tệp JSONL, mỗi dòng {"id": ..., "question": ...} (tùy chọn "province", '
        '"report", "kind", "issued_from", "issued_to" như API), hoặc tệp .txt mỗi dòng một '
        "câu hỏi; các bộ lọc --province, --report, --kind, --issued-from/--issued-to áp dụng "
        "cho mọi dòng / JSON-lines batch, or a .txt file of one question per line; the "
        "filter options apply to every line (a line's own filters win); a bad line gets an "
        '{"error": ...} line in its place',
    )


def render(answer: Answer) -> str:
    """Plain-text answer for a terminal: the answer, how sure it is, then each citation to
    check (the chat shows the same words under its answers)."""
    lines = [answer.text]
    if not answer.abstained and answer.confidence is not None:
        band = confidence_band(answer.confidence)
        lines.append(f"Độ tin cậy / confidence: {BAND_WORDS[band]} / {band}")
    lines.append("")
    for c in answer.citations:
        lines.append(
            f"[{c.marker}] {c.report} · {c.province} · {c.section} · "
            + ("" if c.page is None else f"trang/page {c.page}, ")
            + f"dòng/line {c.lines[0]}"
        )
        lines.append(f"    “{c.quote}”")
    for c in answer.closest:
        lines.append(
            f"({c.marker}) chưa khẳng định / not asserted: {c.report} · {c.province} · "
            f"{c.section} · "
            + ("" if c.page is None else f"trang/page {c.page}, ")
            + f"dòng/line {c.lines[0]}"
        )
    if answer.abstained and answer.hits:
        lines.append("Các đoạn gần nhất / closest passages:")
        for h in answer.hits[:3]:
            lines.append(
                f"  - {h.chunk.source} · {h.chunk.breadcrumb} · dòng/lines "
                f"{h.chunk.line_start}-{h.chunk.line_end}"
            )
    return "\n".join(lines).rstrip()


def _has_lone_surrogate(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


# The filters a batch line may set for itself: the API's (POST /api/ask) own fields.
LINE_FILTERS = ("province", "report", "kind", "issued_from", "issued_to")


def _check_item(item: object, where: str) -> dict[str, Any]:
    """A parsed batch line as a question item, or an InputError saying what is wrong."""
    if not isinstance(item, dict) or not isinstance(item.get("question"), str):
        raise InputError(
            f'{where}: cần {{"id": ..., "question": "..."}} / needs a "question" string'
        )
    for key in ("question", *LINE_FILTERS):
        value = item.get(key)
        if value is not None and not isinstance(value, str):
            raise InputError(f"{where}: {key!r} phải là chuỗi / must be a string")
        if isinstance(value, str) and _has_lone_surrogate(value):
            # "\ud800" is valid JSON but not text; it would crash any UTF-8 writer.
            raise InputError(
                f"{where}: {key!r} có ký tự không hợp lệ (nửa cặp UTF-16) / "
                "contains an invalid character (lone surrogate)"
            )
    ident = item.get("id")
    if isinstance(ident, str) and _has_lone_surrogate(ident):
        raise InputError(f"{where}: 'id' có ký tự không hợp lệ / contains a lone surrogate")
    return item


def _utf8(data: bytes) -> bytes:
    """A batch file saved as UTF-16 or UTF-32 with its byte-order mark (Windows Notepad's
    "Unicode") as UTF-8; every line of it was "not UTF-8 text". Other bytes as they are.

    >>> _utf8("Cà Mau?\\r\\n".encode("utf-16")).decode("utf-8")
    'Cà Mau?\\r\\n'
    """
    import codecs

    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec).encode("utf-8")
            except UnicodeDecodeError:
                return data
    return data


def read_batch(path: Path) -> Iterator[tuple[dict[str, Any] | None, InputError | None]]:
    """Each non-empty line of a batch file: (item, None), or (what was read, the error)
    so that an error line can still carry the input's id. A ``.txt`` file is one question
    per line, its id the line number: the list an official types or pastes from a document
    needs no JSON."""
    if not path.is_file():
        raise InputError(f"không thấy tệp / file not found: {path}")
    plain = path.suffix.lower() == ".txt"
    for n, raw in enumerate(_utf8(path.read_bytes()).split(b"\n"), start=1):
        where = f"{path.name}:{n}"
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
        except UnicodeDecodeError:
            error = InputError(
                f"{where}: không phải UTF-8 / not UTF-8 text",
                "lưu tệp dạng UTF-8 / save the file as UTF-8",
            )
            yield ({"id": n} if plain else None), error
            continue
        if plain:
            yield {"id": n, "question": line.strip()}, None
            continue
        try:
            parsed = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield None, InputError(f"{where}: không phải JSON / not JSON", str(exc))
            continue
        try:
            yield _check_item(parsed, where), None
        except InputError as exc:
            yield (parsed if isinstance(parsed, dict) else None), exc


def error_json(item: dict[str, Any] | None, error: HoidapError) -> dict[str, Any]:
    """The line written in place of an answer: the input's id and question (when they
    are printable) and the reason."""
    out: dict[str, Any] = {"id": None, "question": None, "error": str(error)}
    for key in ("id", "question"):
        value = (item or {}).get(key)
        printable = isinstance(value, str) and not _has_lone_surrogate(value)
        if printable or value is None or isinstance(value, bool | int | float):
            out[key] = value
    return out


def _emit(payload: dict[str, Any] | Answer, as_json: bool) -> None:
    if isinstance(payload, Answer):
        text = json.dumps(payload.to_json(), ensure_ascii=False) if as_json else render(payload)
    else:
        text = (
            json.dumps(payload, ensure_ascii=False)
            if as_json
            else f"lỗi / error: {payload['error']}"
        )
    print(text)
    sys.stdout.flush()


def run_batch(
    pipeline: Any,
    path: Path,
    *,
    k: int | None,
    as_json: bool,
    filters: dict[str, Any] | None = None,
) -> int:
    """Answer every good line; exit 1 if any line failed (after writing all of them).

    ``filters`` are the command line's (``province``, ``report``, ``kind``,
    ``issued_from``, ``issued_to``): every line is answered within them, a line's own
    ``"province"``, ``"report"``, ``"kind"``, ``"issued_from"`` or ``"issued_to"`` taking
    the place of the option's (they were dropped: the line was answered over every report).

    Lines are answered as many at a time as there are cores (each question is embedded
    on one core, so two questions keep two cores busy where one left the second idle)
    and written in their order. The first is answered alone: it loads the models, whose
    lazy loaders are not all meant to run twice at once."""
    from concurrent.futures import Future, ThreadPoolExecutor

    from index.encoders import cpu_count

    given = {key: value for key, value in (filters or {}).items() if value is not None}

    def answer(item: dict[str, Any]) -> Answer | InputError:
        chosen = dict(given)
        for key in LINE_FILTERS:
            if item.get(key) is not None:
                chosen[key] = item[key]
        try:
            out: Answer = pipeline.ask(item["question"], k=k, id=item.get("id"), **chosen)
        except HoidapError as exc:
            return exc if isinstance(exc, InputError) else InputError(str(exc))
        return out

    failed = 0

    def write(item: dict[str, Any] | None, got: Answer | InputError) -> None:
        nonlocal failed
        if isinstance(got, Answer):
            _emit(got, as_json)
        else:
            failed += 1
            _emit(error_json(item, got), as_json)

    workers = cpu_count()
    waiting: deque[tuple[dict[str, Any] | None, Future[Answer | InputError] | InputError]]
    waiting = deque()
    warmed = False
    with ThreadPoolExecutor(workers, thread_name_prefix="hoidap-batch") as pool:
        for item, error in read_batch(path):
            if item is None or error is not None:
                waiting.append((item, error or InputError("?")))
            elif not warmed:  # nothing is waiting: every line before it was an error
                warmed = True
                write(item, answer(item))
            else:
                waiting.append((item, pool.submit(answer, item)))
            # Written as soon as they are answered, in order; a few answers ahead at most.
            while waiting and (
                len(waiting) > 2 * workers
                or not isinstance(waiting[0][1], Future)
                or waiting[0][1].done()
            ):
                first, got = waiting.popleft()
                write(first, got.result() if isinstance(got, Future) else got)
        while waiting:
            first, got = waiting.popleft()
            write(first, got.result() if isinstance(got, Future) else got)
    if failed:
        print(
            f'hoidap: {failed} dòng lỗi / lines failed (xem / see the "error" lines)',
            file=sys.stderr,
        )
    return 1 if failed else 0


def _check_batch_file(path: Path) -> None:
    """A batch that is a folder or holds no question says so before the models load (a
    folder was "file not found"; an empty file printed nothing and exited 0)."""
    if path.is_dir():
        raise InputError(
            f"--batch là một thư mục, không phải tệp / --batch is a folder, not a file: {path}",
            "cho một tệp .txt (mỗi dòng một câu hỏi) hoặc .jsonl / give a .txt file (one "
            "question a line) or a .jsonl file",
        )
    if not path.is_file():
        raise InputError(f"không thấy tệp / file not found: {path}")
    with path.open("rb") as handle:
        if not any(line.strip() for line in handle):
            raise InputError(
                f"tệp không có câu hỏi nào / the file holds no question: {path}",
                "mỗi dòng một câu hỏi / one question a line",
            )


def run(args: argparse.Namespace, config: Config) -> int:
    from qa.pipeline import Pipeline

    if args.batch is None and args.question is None:
        raise InputError(
            "thiếu câu hỏi / no question", 'hoidap ask "Cà Mau đã tiêm bao nhiêu người?"'
        )
    if args.batch is not None and args.question is not None:
        # Which one was meant? Answering the file and dropping the question (as before)
        # hides the mistake.
        raise InputError(
            f"vừa có câu hỏi vừa có --batch / both a question and --batch: {args.question!r}",
            "bỏ một trong hai / give one of them",
        )
    if args.batch is not None:
        _check_batch_file(args.batch)
    filters = {
        "province": args.province,
        "report": args.report,
        "kind": args.kind,
        "issued_from": args.issued_from,
        "issued_to": args.issued_to,
    }
    pipeline = Pipeline.from_config(config)
    if args.batch is not None:
        # A bad option is one error before any line, not the same error on every line.
        pipeline.filters(
            args.province,
            args.report,
            kind=args.kind,
            issued_from=args.issued_from,
            issued_to=args.issued_to,
        )
        return run_batch(pipeline, args.batch, k=args.k, as_json=args.json, filters=filters)
    answer = pipeline.ask(args.question, k=args.k, **filters)
    print(json.dumps(answer.to_json(), ensure_ascii=False) if args.json else render(answer))
    return 0
