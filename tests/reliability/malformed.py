"""A corpus of malformed report files, generated on the fly (no binaries in git).

Each file is one way a report can be broken: empty, binary, wrong encoding, truncated or
garbage PDF, AES-encrypted PDF, PDF stream bomb, too many pages, corrupt DOCX zip,
malformed DOCX XML, zip bomb, one endless line, no sections, ... ``make_corpus`` writes
them and returns ``{file name: a word the error must contain}``. Two good files are
made alongside (``GOOD``), one of them an owner-password-only AES PDF, which opens
without a password and must be indexed.
"""

from __future__ import annotations

import io
import random
import zipfile
import zlib
from pathlib import Path

from tests.unit.ingest_fixtures import SAMPLE, assemble_pdf, make_blank_pdf, make_pdf

GOOD_LINES = [line for line in SAMPLE.splitlines() if line.strip()]


def _encrypted(data: bytes, user: str, owner: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user, owner_password=owner, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _many_pages(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=72, height=72)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stream_bomb() -> bytes:
    """A page whose content stream inflates from ~100 KB to 120 MB of spaces."""
    packer = zlib.compressobj(1)
    block = b" " * (8 * 1024 * 1024)
    payload = b"".join(packer.compress(block) for _ in range(15)) + packer.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(payload)
        + payload
        + b"\nendstream",
    ]
    return assemble_pdf(objects)


def _docx(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rezip(
    data: bytes, change: dict[str, bytes | None], add: dict[str, bytes] | None = None
) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename in change:
                new = change[item.filename]
                if new is not None:
                    dst.writestr(item.filename, new)
            else:
                dst.writestr(item, src.read(item.filename))
        for name, body in (add or {}).items():
            dst.writestr(name, body)
    return out.getvalue()


def _zip_bomb(good_docx: bytes) -> bytes:
    """A DOCX with one extra member that inflates to 210 MB (written in blocks)."""
    out = io.BytesIO(good_docx)
    block = b"\0" * (8 * 1024 * 1024)
    with (
        zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as archive,
        archive.open("word/media/bomb.bin", "w", force_zip64=True) as member,
    ):
        for _ in range(27):
            member.write(block)
    return out.getvalue()


def make_corpus(folder: Path, seed: int = 15) -> dict[str, str]:
    """Write the malformed files (and two good ones) into ``folder``."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pdf = make_pdf(GOOD_LINES)
    docx_ok = _docx(GOOD_LINES)
    files: dict[str, tuple[bytes, str]] = {
        # text
        "empty.txt": (b"", "empty"),
        "empty.md": (b"", "empty"),
        "spaces.txt": (b"   \n\n\t  \n", "no text"),
        "nul.txt": (b"\x00" * 400, "binary"),
        "random.txt": (bytes(rng.getrandbits(8) for _ in range(3000)), ""),
        "elf.txt": (b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 8, ""),
        "one_line.txt": (("Cà Mau đã tiêm vắc xin " * 2000).encode(), "too long"),
        "one_line.md": (("x" * 30_000).encode(), "too long"),
        "many_lines.txt": (("a\n" * 70_000).encode(), "too many lines"),
        "punctuation.md": (b"... --- ***\n!!!\n", "no text"),
        "bad_bom_utf16.txt": (b"\xff\xfe" + b"\x00\xd8" * 50, "byte-order mark"),
        "bad_bom_utf8.txt": (b"\xef\xbb\xbf" + b"\xff\xfe\xfd" * 50, ""),
        "controls.txt": (bytes(rng.choice([1, 2, 3, 4, 5, 6, 14, 15]) for _ in range(800)), ""),
        "no_sections.md": ("chỉ một dòng không có mục nào".encode(), ""),
        "headings_only.md": (b"# A\n\n## B\n\n### C\n", ""),
        "latin1_garbage.txt": (bytes(rng.randrange(128, 256) for _ in range(2000)), ""),
        # pdf
        "garbage.pdf": (b"%PDF-1.4\n" + bytes(rng.getrandbits(8) for _ in range(2000)), "PDF"),
        "not_pdf.pdf": (b"hello, I am not a PDF", "PDF"),
        "truncated.pdf": (pdf[: len(pdf) // 2], "PDF"),
        "header_only.pdf": (b"%PDF-1.7\n%%EOF\n", "PDF"),
        "no_xref.pdf": (pdf.replace(b"xref", b"xxxx").replace(b"startxref", b"start"), ""),
        "encrypted_user.pdf": (_encrypted(pdf, "mat-khau", "chu"), "password"),
        "blank.pdf": (make_blank_pdf(), "no text"),
        "many_pages.pdf": (_many_pages(2100), "pages"),
        "stream_bomb.pdf": (_stream_bomb(), ""),
        "loop.pdf": (
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 1 0 R >>\nendobj\n"
            b"trailer\n<< /Root 1 0 R >>\n%%EOF\n",
            "",
        ),
        "docx_named.pdf": (docx_ok, "PDF"),
        # docx
        "not_zip.docx": (b"PK but not a zip at all", "DOCX"),
        "random.docx": (bytes(rng.getrandbits(8) for _ in range(5000)), "DOCX"),
        "truncated.docx": (docx_ok[: len(docx_ok) // 2], "DOCX"),
        "empty_zip.docx": (_rezip(docx_ok, {n: None for n in _names(docx_ok)}), "DOCX"),
        "no_document.docx": (_rezip(docx_ok, {"word/document.xml": None}), "DOCX"),
        "bad_xml.docx": (_rezip(docx_ok, {"word/document.xml": b"<w:document><oops"}), "DOCX"),
        "bad_content_types.docx": (_rezip(docx_ok, {"[Content_Types].xml": b"<Types>"}), "DOCX"),
        "bad_rels.docx": (_rezip(docx_ok, {"_rels/.rels": b"not xml"}), "DOCX"),
        "xml_entity_bomb.docx": (
            _rezip(
                docx_ok,
                {
                    "word/document.xml": b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a '
                    b'"aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
                    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><d>&c;</d>'
                },
            ),
            "DOCX",
        ),
        "zip_bomb.docx": (_zip_bomb(docx_ok), "zip bomb"),
        "many_members.docx": (
            _rezip(docx_ok, {}, {f"word/x{i}.xml": b"<x/>" for i in range(5200)}),
            "parts",
        ),
        "empty_doc.docx": (_docx([]), "no text"),
        "pdf_named.docx": (pdf, "DOCX"),
        "one_line.docx": (_docx(["Cà Mau tiêm vắc xin " * 2000]), "too long"),
    }
    # Random byte flips in otherwise good files: each either reads or fails cleanly.
    for i in range(6):
        data = bytearray(pdf)
        for _ in range(20):
            data[rng.randrange(200, len(data))] = rng.getrandbits(8)
        files[f"flipped_{i}.pdf"] = (bytes(data), "")
    for i in range(4):
        data = bytearray(docx_ok)
        for _ in range(30):
            data[rng.randrange(100, len(data))] = rng.getrandbits(8)
        files[f"flipped_{i}.docx"] = (bytes(data), "")
    expected = {}
    for name, (data, word) in files.items():
        (folder / name).write_bytes(data)
        expected[name] = word
    return expected


GOOD = {
    "good.md": SAMPLE.encode("utf-8"),
}


def make_good(folder: Path) -> list[str]:
    """Two readable reports: plain Markdown and an owner-password-only AES PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "good.md").write_bytes(SAMPLE.encode("utf-8"))
    (folder / "owner_only.pdf").write_bytes(_encrypted(make_pdf(GOOD_LINES), "", "chu-so-huu"))
    return ["good.md", "owner_only.pdf"]


def _names(data: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(data)).namelist()
