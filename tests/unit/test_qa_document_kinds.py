"""The document kinds table (qa/data/document_kinds.tsv) and what each reader derives from it:
the kind a question names, the kind asked for as a basis, the kinds reports only cite, and the
"<kind> nào" / "which <kind>" words of name questions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hoidap.text import fold
from qa import document, document_subject, entities
from qa.document import asked_basis, asked_kind, named_kinds
from qa.document_kinds import (
    BASIS_KINDS,
    CITED_KINDS,
    CUES,
    ENGLISH_KINDS,
    NAMED_KINDS,
    USES,
    WHICH_KINDS_EN,
    WHICH_KINDS_VI,
    cues,
    read,
)


def _kind_of(table: tuple[tuple[str, str], ...], text: str) -> str | None:
    return next((k for p, k in table if re.search(p, text)), None)


def test_the_readers_take_their_tables_from_the_file() -> None:
    assert document.KINDS is NAMED_KINDS
    assert document._BASIS_KINDS is BASIS_KINDS
    assert (*NAMED_KINDS, *CITED_KINDS) == document_subject._MENTION_KINDS
    assert entities._KIND_EN is ENGLISH_KINDS
    assert entities.DOCUMENT_KINDS_VI == WHICH_KINDS_VI
    assert WHICH_KINDS_EN in entities._DOCUMENT_KINDS_EN


def test_every_row_has_a_source_and_a_known_reader() -> None:
    assert CUES
    for cue in CUES:
        assert cue.source, cue
        assert cue.uses and cue.uses <= USES, cue
        assert cue.folded or cue.english, cue


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("decree", "nghị định"),
        ("nghi dinh 45", "nghị định"),
        ("qd 2853", "quyết định"),
        ("kh 141", "kế hoạch"),
        ("tb 12", "thông báo"),
        ("the plans of the province", "kế hoạch"),
        ("official letter 1234", "công văn"),
        ("dispatch 1234", "công văn"),
        ("announcement of the province", "thông báo"),
        # "Bộ Kế hoạch và Đầu tư" is a ministry, no plan; nor is "khách" an abbreviation.
        (fold("Bộ Kế hoạch và Đầu tư"), None),
        ("khach san", None),
    ],
)
def test_named_kinds(text: str, kind: str | None) -> None:
    assert _kind_of(NAMED_KINDS, text) == kind


def test_named_kinds_in_order_the_first_kind_named_is_the_kind() -> None:
    question = fold("Quyết định ban hành Kế hoạch phòng, chống dịch")
    assert _kind_of(NAMED_KINDS, question) == "quyết định"
    assert named_kinds(question) == {"quyết định", "kế hoạch"}
    assert asked_kind(fold("Bộ Kế hoạch và Đầu tư có ý kiến gì về thông báo này")) == "thông báo"


@pytest.mark.parametrize(
    ("words", "kind"),
    [
        ("decree", "nghị định"),
        ("nghi quyet", "nghị quyết"),
        ("ke hoach hanh dong", "kế hoạch hành động"),
        ("action plan", "kế hoạch hành động"),
        ("ke hoach", "kế hoạch"),
        ("plan", "kế hoạch"),
        ("huong dan", "hướng dẫn"),
        ("chuong trinh hanh dong", "chương trình hành động"),
        ("law", "luật"),
        # A basis is spelled out: no abbreviation, no plural.
        ("qd", None),
        ("plans", None),
    ],
)
def test_basis_kinds(words: str, kind: str | None) -> None:
    assert next((k for p, k in BASIS_KINDS if re.fullmatch(p, words)), None) == kind


def test_an_action_plan_asked_for_is_no_plain_plan() -> None:
    found = asked_basis(fold("Kế hoạch 1026 thực hiện Kế hoạch hành động nào của Tỉnh ủy?"))
    assert found is not None and found[0] == "kế hoạch hành động"
    found = asked_basis(fold("Which decree does Plan 7360 implement?"))
    assert found is not None and found[0] == "nghị định"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("luat dat dai", "luật"),
        ("de an 06", "đề án"),
        ("chuong trinh hanh dong so 01", "chương trình"),
        ("cong dien so 03", "công điện"),
        ("to trinh so 12", "tờ trình"),
        ("quy dinh so 5", "quy định"),
        ("van ban so 123", ""),
        ("document no. 123", ""),
        # "quy định" without its number is the verb.
        ("quy dinh cu the", None),
    ],
)
def test_cited_kinds(text: str, kind: str | None) -> None:
    assert _kind_of(CITED_KINDS, text) == kind


def test_english_kinds() -> None:
    assert ENGLISH_KINDS["decree"] == "nghi dinh"
    assert ENGLISH_KINDS["plan"] == "ke hoach"
    assert ENGLISH_KINDS["notice"] == "thong bao"
    assert ENGLISH_KINDS["law"] == "luat"
    # Kept as it was: "which letter" and "which action plan" ask for no kind by their noun.
    assert "letter" not in ENGLISH_KINDS and "action plan" not in ENGLISH_KINDS


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("can cu nghi dinh nao", "nghi dinh"),
        ("thuc hien ke hoach hanh dong nao cua tinh uy", "ke hoach"),
        ("bang quyet dinh so may", "quyet dinh"),
        ("which government decree", "nghi dinh"),
        ("which 2025 plans of the party committee", "ke hoach"),
        ("which september 2024 letter", ""),
        ("van ban nao", ""),
        # "pháp luật nào" asks which field of law, not which law.
        ("theo quy dinh cua phap luat nao", ""),
    ],
)
def test_which_kinds(question: str, kind: str) -> None:
    assert entities._asked_document_kind(question) == kind


def test_which_words() -> None:
    vi = re.compile(rf"\b{WHICH_KINDS_VI}\b")
    assert vi.search("chi thi nao") and vi.search("luat nao")
    assert not vi.search("phap luat nao")
    en = re.compile(rf"\b{WHICH_KINDS_EN}\b")
    assert en.fullmatch("strategies") and en.fullmatch("dispatch") and en.fullmatch("letters")
    assert not en.fullmatch("dispatches")


def test_cues_of_an_unknown_reader() -> None:
    with pytest.raises(ValueError, match="no reader"):
        cues("nowhere")


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("nghị định\tnghi dinh\tdecree\t-\tnamed", "6 TAB-separated"),
        ("nghị định\tnghi dinh\tdecree\t-\tsomewhere\twhy", "uses"),
        ("nghị định\t-\t-\t-\tnamed\twhy", "needs a folded or an English word"),
        ("nghị định\t(nghi dinh\tdecree\t-\tnamed\twhy", "no pattern"),
        ("-\tvan ban\tdocuments?\t-\twhich en\twhy", "an `en` row"),
    ],
)
def test_a_malformed_row_names_its_line(tmp_path: Path, line: str, error: str) -> None:
    path = tmp_path / "kinds.tsv"
    path.write_text("# comment\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=error) as caught:
        read(path)
    assert "kinds.tsv:3" in str(caught.value)


def test_a_row_reads_its_cells() -> None:
    (cue,) = (c for c in cues("named") if c.kind == "thông báo")
    assert cue.folded == ("thong bao",)
    assert cue.english == (r"\bnotice\b", "announcement")
    assert cue.abbreviations == ("tb",)
    assert cue.pattern(abbreviations=True) == r"thong bao|\btb\b|\bnotice\b|announcement"
    assert cue.pattern() == r"thong bao|\bnotice\b|announcement"
