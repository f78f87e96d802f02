"""Ingest quality and speed. Figures, not assertions.

1. Metadata accuracy per genre against the corpus manifests (ground truth written by the
   people who collected the documents): kind, number, issuer, issue date, on the dev
   corpus (``eval/corpus/dev``, 17 documents) and on the extra documents
   (``eval/corpus/extra``, 4 decisions, read only after the rules were written; they
   showed one gap, numbers with a year such as "03/2025/QĐ-UBND", fixed by a general
   rule). Title (subject line) and signer have no manifest column: they are measured
   against the hand-checked expectations of the golden tests
   (``tests/integration/test_ingest_dev_corpus.py``), and section trees against
   ``tests/data/golden/dev_sections.json`` (share of golden sections found with the same
   line, level and heading, and share of found sections that are in the golden).
2. OCR character error rate: pages of a bundled report printed to images (DejaVu Sans,
   11 pt, 300 dpi), saved as an image-only PDF and read back through the reader.
3. Ingest time per page (read + metadata + sections, chunking excluded) for text PDFs
   (bundled reports printed with a text layer) and for scanned PDFs (OCR included), as
   wall time and as CPU time (this process and its Tesseract children): on a shared
   machine the CPU time is the steadier figure.

    .venv/bin/python bench/bench_ingest.py [--ocr-pages 2]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from ingest.pipeline import report_of  # noqa: E402
from ingest.readers import read_source  # noqa: E402
from tests.unit.ingest_fixtures import (  # noqa: E402
    page_lines,
    scanned_pdf,
    table_pdf,
    text_pdf,
)

CORPORA = (REPO / "eval" / "corpus" / "dev", REPO / "eval" / "corpus" / "extra")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFC", text).casefold()
    for short, long in (("ubnd", "ủy ban nhân dân"), ("uỷ", "ủy"), ("tp.", "thành phố")):
        text = text.replace(short, long)
    return " ".join(text.split())


def _genre(kind: str) -> str:
    return kind.split(" (")[0].split(" +")[0]


def metadata_accuracy() -> None:
    print("== metadata accuracy against the manifests (kind / number / issuer / issued)")
    for corpus in CORPORA:
        manifest = corpus / "MANIFEST.tsv"
        if not manifest.is_file():
            print(f"{corpus.relative_to(REPO)}: not in this checkout")
            continue
        rows = list(csv.DictReader(manifest.open(encoding="utf-8"), delimiter="\t"))
        per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
        misses: list[str] = []
        for row in rows:
            report = report_of(read_source(corpus / row["file"]))
            day, month, year = (int(x) for x in row["issued"].split("/"))
            checks = {
                "kind": _genre(row["kind"]).startswith(report.kind)
                or report.kind.startswith(_genre(row["kind"]).split()[0]),
                "number": report.number == row["number"],
                "issuer": _norm(report.issuer) == _norm(row["issuer"]),
                "issued": report.issued is not None
                and (report.issued.year, report.issued.month, report.issued.day)
                == (year, month, day),
            }
            counts = per[_genre(row["kind"])]
            counts[0] += 1
            for k, ok in enumerate(checks.values(), 1):
                counts[k] += int(ok)
            misses += [f"{row['file']}:{f}" for f, ok in checks.items() if not ok]
        print(f"{corpus.relative_to(REPO)} ({len(rows)} documents)")
        for genre, (n, *hits) in sorted(per.items()):
            cells = " ".join(
                f"{f} {h}/{n}"
                for f, h in zip(("kind", "number", "issuer", "issued"), hits, strict=True)
            )
            print(f"  {genre:<20} {cells}")
        print(f"  misses: {', '.join(misses) or 'none'}")


def golden_accuracy() -> None:
    """Title, signer and section trees against the hand-checked goldens, per genre."""
    import json

    from tests.integration import test_ingest_dev_corpus as golden

    if not golden.DEV.is_dir():
        print("== goldens: eval/corpus/dev not in this checkout")
        return
    print("== title / signer / sections against the hand-checked goldens")
    trees = json.loads(golden.GOLDEN_SECTIONS.read_text(encoding="utf-8"))
    sets = [(golden.DEV, golden.EXPECTED)]
    if golden.EXTRA.is_dir():
        sets.append((golden.EXTRA, golden.EXTRA_EXPECTED))
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0, 0])
    misses: list[str] = []
    for folder, expected in sets:
        for name, want in sorted(expected.items()):
            report = golden._read(name, folder)
            got = golden._meta(report)
            row = per[f"{folder.name}/{want.kind}"]
            row[0] += 1
            row[1] += int(got.title == want.title)
            row[2] += int((got.signer, got.signer_title) == (want.signer, want.signer_title))
            misses += [f"{name}:title"] * (got.title != want.title)
            if name in trees:
                found = [f"{s.line_start} {s.level} {s.heading}" for s in report.sections]
                gold = trees[name]
                row[3] += sum(x in set(found) for x in gold)
                row[4] += len(gold)
                row[5] += sum(x in set(gold) for x in found) - len(found)
                misses += [f"{name}:sections"] * (found != gold)
    for genre, (n, title, signer, hit, total, extra) in sorted(per.items()):
        sections = f" sections recall {hit}/{total}, {-extra} extra" if total else ""
        print(f"  {genre:<26} title {title}/{n} signer {signer}/{n}{sections}")
    print(f"  misses: {', '.join(misses) or 'none'}")


def _cer(reference: str, hypothesis: str) -> float:
    from rapidfuzz.distance import Levenshtein

    ref, hyp = " ".join(reference.split()), " ".join(hypothesis.split())
    return Levenshtein.distance(ref, hyp) / max(1, len(ref))


def _clock() -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its finished children)."""
    t = os.times()
    return time.perf_counter(), t.user + t.system + t.children_user + t.children_system


def _since(start: tuple[float, float]) -> tuple[float, float]:
    now = _clock()
    return now[0] - start[0], now[1] - start[1]


def pages_of(text: str, per_page: int = 40) -> list[list[str]]:
    lines = page_lines(text, limit=100000)
    return [lines[i : i + per_page] for i in range(0, len(lines), per_page)]


def speed_and_cer(ocr_pages: int) -> None:
    reports = sorted((REPO / "data" / "reports").glob("*.txt"))
    from ingest.syllables import _dictionary

    _dictionary()  # loaded once per process, not per page
    with tempfile.TemporaryDirectory() as tmp:
        total_pages, wall, cpu = 0, 0.0, 0.0
        for path in reports:
            pages = pages_of(path.read_text(encoding="utf-8"))
            pdf = Path(tmp) / f"{path.stem}.pdf"
            pdf.write_bytes(text_pdf(pages, header=f"{path.stem}", footer=True))
            begin = _clock()
            report_of(read_source(pdf))
            w, c = _since(begin)
            wall, cpu = wall + w, cpu + c
            total_pages += len(pages)
        print("== text PDFs (bundled reports printed with a text layer)")
        print(
            f"  {total_pages} pages: {1000 * wall / total_pages:.0f} ms/page wall, "
            f"{1000 * cpu / total_pages:.0f} ms/page CPU"
        )

        # The same pages with a ruled 12-row table each: those pages go through pdfplumber.
        pages = pages_of(reports[0].read_text(encoding="utf-8"))
        header = ["STT", "Đơn vị", "Số ca mắc", "Số ca tử vong"]
        table = [header, *([str(i), f"Huyện {i}", f"{i * 37}", f"{i}"] for i in range(1, 12))]
        tabled: list[list[str | list[list[str]]]] = [[*p[:24], table] for p in pages]
        pdf = Path(tmp) / "tables.pdf"
        pdf.write_bytes(table_pdf(tabled))
        begin = _clock()
        report_of(read_source(pdf))
        w, c = _since(begin)
        print(f"== text PDF with a ruled table on each page ({len(tabled)} pages)")
        print(
            f"  {1000 * w / len(tabled):.0f} ms/page wall, {1000 * c / len(tabled):.0f} ms/page CPU"
        )

        from ingest import ocr

        if ocr.missing():
            print(f"== OCR: skipped ({ocr.missing()})")
            return
        text = reports[1].read_text(encoding="utf-8")
        pages = pages_of(text)[:ocr_pages]
        scan = Path(tmp) / "scan.pdf"
        scan.write_bytes(scanned_pdf(pages))
        begin = _clock()
        src = read_source(scan)
        report_of(src)
        wall, cpu = _since(begin)
        reference = "\n".join("\n".join(p) for p in pages)
        print(f"== scanned PDF ({reports[1].name}, {len(pages)} pages, 300 dpi, Tesseract vie)")
        rate = _cer(reference, src.text)
        print(
            f"  {wall / len(pages):.1f} s/page wall, {cpu / len(pages):.1f} s/page CPU "
            f"(Tesseract included); character error rate {rate:.2%}"
        )


def bundled_accuracy() -> None:
    """The bundled reports (4 COVID-19 báo cáo, 1 quyết định + kế hoạch) against their
    golden tests (``tests/integration/test_ingest_reports.py``): province, kind, number and
    issue date; and the golden section paths (a phrase's chunk under the expected path,
    spanning the expected line). The real table decision (QĐ 3218/QĐ-UBND) too."""
    from hoidap.config import Config
    from ingest.pipeline import ingest_source
    from tests.integration import test_ingest_reports as golden
    from tests.unit.test_ingest_real_table import REAL

    print("== bundled reports against their goldens (metadata; section paths of cited phrases)")
    folder = REPO / "data" / "reports"
    per: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    misses: list[str] = []
    chunks_of = {}
    for name, want in sorted(golden.EXPECTED.items()):
        report, chunks = ingest_source(read_source(folder / name), Config())
        chunks_of[name] = chunks
        got = (report.province, report.province_2025, report.kind, report.number, report.issued)
        row = per[want[2]]
        row[0] += 1
        row[1] += int(got == want)
        misses += [f"{name}:metadata"] * (got != want)
    for name, phrase, path, line in golden.GOLDEN:
        kind = golden.EXPECTED[name][2]
        phrase = unicodedata.normalize("NFC", phrase)
        ok = any(
            c.section_path == path and c.line_start <= line <= c.line_end
            for c in chunks_of[name]
            if phrase in c.text
        )
        per[kind][2] += int(ok)
        per[kind][3] += 1
        misses += [f"{name}:{phrase[:30]}"] * (not ok)
    for kind, (n, meta, hit, total) in sorted(per.items()):
        print(f"  {kind:<20} metadata {meta}/{n}   section paths {hit}/{total}")
    real = report_of(read_source(REAL))
    checks = (
        real.kind == "quyết định",
        real.number == "3218/QĐ-UBND",
        real.province == "Quảng Bình",
        real.issued is not None and real.issued.isoformat() == "2024-11-18",
        real.title.startswith("Quyết định về việc công bố danh mục thủ tục hành chính"),
        real.signer == "Đoàn Ngọc Lâm",
    )
    print(f"  real table decision  kind/number/province/issued/title/signer {sum(checks)}/6")
    print(f"  misses: {', '.join(misses) or 'none'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ocr-pages", type=int, default=2)
    args = parser.parse_args()
    metadata_accuracy()
    golden_accuracy()
    bundled_accuracy()
    print(f"load average before timing: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    speed_and_cer(args.ocr_pages)
    print(f"load average after timing: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
