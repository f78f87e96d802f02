"""Roles of a figure or a date: a result achieved, a target set, or a deadline.

A plan says "phấn đấu đến năm 2030 đạt 95%" (a target) beside "năm 2025 ước đạt 82%" (a
result) and "báo cáo trước ngày 15/12 hằng năm" (a deadline). A question asks for one of
them ("chỉ tiêu … là bao nhiêu", "hiện nay đã đạt …", "trước ngày nào"), and a target given
for a result question (or the other way round) is a wrong figure. These are the cues the
learned scorer reads: what role the question asks, what role the text around a figure or
date gives it, and what the section heading says. The cue words are the plain Vietnamese
(and English) ways of saying each role; matching is on folded text (no diacritics).

>>> asked_role("Mục tiêu đến năm 2030 tỷ lệ hộ dùng nước sạch là bao nhiêu?")
'target'
>>> figure_role("Phấn đấu đến năm 2030 đạt 95% số hộ", 25)
'target'
"""

from __future__ import annotations

import functools
import re

from hoidap.memo import bytes_cache
from hoidap.text import fold

# What a question asks for.
_ASKS_TARGET = re.compile(
    r"\bmuc tieu\b|\bchi tieu\b|\bphan dau\b|\bdat ra\b|\bdu kien\b|\bke hoach (?:de ra|dat)\b"
    r"|\bden nam 20\d\d\b|\bvao nam 20\d\d\b|\bnam 20[3-5]\d\b|\bgiai doan 20\d\d\s*-\s*20\d\d\b"
    r"|\btoi thieu\b|\bit nhat\b|\bphai dat\b|\bcan dat\b|\bdat duoc (?:bao nhieu )?vao\b"
    r"|\baims?\b|\btargets?\b|\bgoals?\b|\bplanned\b|\bexpected\b|\bby 20\d\d\b|\bminimum\b"
    r"|\bat least\b|\bplans? to\b"
)
_ASKS_RESULT = re.compile(
    r"\bda (?!duoc giao)|\bhien nay\b|\bhien co\b|\bhien tai\b|\bket qua\b|\buoc (?:dat|tinh|thuc"
    r" hien)\b|\bthuc hien duoc\b|\bso voi cung ky\b|\bluy ke\b|\bnam qua\b|\btang bao nhieu\b"
    r"|\bcurrently\b|\bachieved\b|\bso far\b|\bhave been\b|\bhas been\b|\bwere\b|\bdid\b"
    r"|\bestimated\b|\bactual\b|\bcurrent\b|\bnow\b"
)
_ASKS_DEADLINE = re.compile(
    r"\btruoc ngay\b|\bthoi han\b|\bhan (?:chot|gui|nop|hoan thanh|cuoi)\b|\bcham nhat\b"
    r"|\bhan la\b|\bkhi nao phai\b|\bphai hoan thanh\b|\bdeadline\b|\bby what date\b"
    r"|\bby when\b|\bno later than\b|\bdue\b"
)
# What the text just before a figure or a date says it is.
# The words that state a figure as an aim (what a short answer calls "mục tiêu"), and the
# other plan wording, which plans a figure without aiming at it ("nhu cầu", "được bố trí").
_AIM = (
    r"\bphan dau\b|\bmuc tieu\b|\bchi tieu\b|\bden (?:nam )?20\d\d\b|\bden het nam\b"
    r"|\bvao nam 20\d\d\b|\bgiai doan 20\d\d\b|\bit nhat\b|\btoi thieu\b|\btoi da\b"
    r"|\b(?:phai|can) dat\b"
    r"|\b(?:dat|dam bao|duy tri) (?:tren|duoi|it nhat|toi thieu|khoang|toi da)\b"
)
_PLANNED = (
    r"\bdu kien\b|\bhang nam\b|\bmoi nam\b|\bduoc bo tri\b|\bkinh phi du kien\b|\bnhu cau\b"
    r"|\b(?:giam|tang|nang) (?:tren|duoi|it nhat|toi thieu|khoang|toi da)\b"
)
_TARGET_BEFORE = re.compile(f"{_AIM}|{_PLANNED}")
_AIM_BEFORE = re.compile(_AIM)
_EXPECTED_BEFORE = re.compile(r"\bdu kien\b")
# A budget "to carry out" a task: what a plan or a decision sets aside ("Kinh phí thực hiện:
# 1.500.000.000 đồng"), but in a report what was spent ("Thực hiện chính sách hỗ trợ …, với
# kinh phí thực hiện là 85.050.580.000 đồng"). A target's wording only in a document that
# plans (``planned``).
_BUDGET_BEFORE = re.compile(r"\bkinh phi thuc hien\b")
_RESULT_BEFORE = re.compile(
    r"\bda\b|\bdat duoc\b|\buoc (?:dat|thuc hien|tinh)\b|\bthuc hien duoc\b|\bluy ke\b"
    r"|\bket qua\b|\bhien co\b|\bhien nay\b|\bhien tai\b|\bghi nhan\b|\bphat hien\b"
    r"|\bso voi cung ky\b|\bvuot\b|\bnam (?:qua|truoc)\b"
)
_TARGET_AFTER = re.compile(r"^\s*\S*\s*(?:tro len|tro xuong|tro di)\b")
_DEADLINE_BEFORE = re.compile(
    r"\btruoc\s*(?:ngay|thang)?\s*$|\bcham nhat\s*(?:(?:la|vao)\s*)?(?:ngay|thang)?\s*$"
    r"|\bthoi han\b.{0,20}$|\bhan\b.{0,12}$|\bhoan thanh\b.{0,20}$|\bden\s*(?:het\s*)?"
    r"(?:ngay|thang)\s*$"
)
# What a section heading says its content is.
_TARGET_HEADING = re.compile(
    r"\bmuc tieu\b|\bchi tieu\b|\bnhiem vu\b|\bgiai phap\b|\bkinh phi\b|\bto chuc thuc hien\b"
    r"|\bphan cong\b|\bdinh huong\b|\bke hoach\b"
)
_RESULT_HEADING = re.compile(
    r"\bket qua\b|\btinh hinh\b|\bdanh gia\b|\bthuc trang\b|\bhien trang\b|\bcong tac\b.*\bnam\b"
)

ROLE_FEATURES: tuple[str, ...] = (
    "asks_target",
    "asks_result",
    "asks_deadline",
    "figure_target",
    "figure_result",
    "heading_target",
    "heading_result",
    "target_agree",
    "result_agree",
    "target_for_result",
    "result_for_target",
    "deadline_agree",
    "deadline_missing",
)


@functools.lru_cache(maxsize=4096)
def asked_role(question: str) -> str:
    """'deadline', 'target', 'result' or '' (the question does not say). Remembered: every
    candidate of a question asks it again (~35 a question)."""
    folded = fold(question)
    if _ASKS_DEADLINE.search(folded):
        return "deadline"
    target = _ASKS_TARGET.search(folded) is not None
    result = _ASKS_RESULT.search(folded) is not None
    if target and not result:
        return "target"
    if result and not target:
        return "result"
    return ""


def _clause_before(folded: str, at: int, width: int = 70) -> str:
    """The folded text before position ``at`` back to the last clause break (";" or ".")."""
    start = max(0, at - width)
    piece = folded[start:at]
    cut = max(piece.rfind(";"), piece.rfind(". "))
    return piece[cut + 1 :] if cut >= 0 else piece


def figure_role(quote: str, at: int, end: int | None = None, planned: bool = True) -> str:
    """'target', 'result', 'both' or '' for the figure (or date) at ``at`` in ``quote``;
    ``planned``: the sentence is from a document that plans (a plan, a decision, a notice),
    not a report of what was done (see :func:`plans`). Remembered per sentence and position:
    the same candidates come back question after question.

    >>> quote = "Hỗ trợ tiền ăn cho 82.795 người, với kinh phí thực hiện là 85.050.580.000 đồng."
    >>> figure_role(quote, 59, planned=True), figure_role(quote, 59, planned=False)
    ('target', '')
    """
    return _figure_role(quote, at, end, planned)


def plans(report_title: str) -> bool:
    """Whether a document plans rather than reports, from its title as ingest reads it
    (``ingest.metadata.kind_and_title``: "Báo cáo …" for a report; "Kế hoạch …", "Quyết
    định …", "Thông báo …" otherwise). A document without a title counts as one that plans
    (the reading before 2026-12-02).

    >>> plans("Báo cáo Kết quả 02 năm triển khai công tác phòng, chống dịch COVID-19"), plans("")
    (False, True)
    """
    return not fold(report_title[:8]).startswith("bao cao")


@bytes_cache(1 << 20)
def _figure_role(quote: str, at: int, end: int | None, planned: bool) -> str:
    folded = _folded(quote)
    before = _clause_before(folded, at)
    sentence_start = folded[: min(len(folded), 60)]

    def says_target(text: str) -> bool:
        return bool(_TARGET_BEFORE.search(text)) or (
            planned and _BUDGET_BEFORE.search(text) is not None
        )

    target = says_target(before) or bool(
        end is not None and _TARGET_AFTER.search(folded[end : end + 20])
    )
    result = bool(_RESULT_BEFORE.search(before))
    if not target and not result:
        # The sentence's opening sets the role for all it lists ("Phấn đấu đến năm 2030: …").
        target = says_target(sentence_start)
        result = bool(_RESULT_BEFORE.search(sentence_start))
    if target and result:
        return "both"
    return "target" if target else "result" if result else ""


def target_label(quote: str, at: int, end: int | None = None, planned: bool = True) -> str:
    """How a short answer says that the figure at ``at`` is an aim, not a result: "mục tiêu"
    when the text before it states an aim ("phấn đấu có ít nhất 10%", "Chỉ tiêu 2: … trên
    90%", "… từ 98% trở lên"), "dự kiến" when it states an expectation; "" for a result, a
    figure that is both, or one whose plan wording states no aim ("Nhu cầu: 402.776 triệu
    đồng"). Issue #12: "targets are answered as targets, never presented as achieved".

    >>> target_label("Phấn đấu có ít nhất 10% cán bộ", 24)
    'mục tiêu'
    >>> target_label("Năm 2025 ước đạt 82% số hộ", 17), target_label("Nhu cầu: 402.776 tỷ", 9)
    ('', '')
    """
    if _figure_role(quote, at, end, planned) != "target":
        return ""
    folded = _folded(quote)
    if end is not None and _TARGET_AFTER.search(folded[end : end + 20]):
        return "mục tiêu"  # "từ 98% trở lên"
    # The clause before the figure, then the sentence's opening, as _figure_role reads them.
    for text in (_clause_before(folded, at), folded[: min(len(folded), 60)]):
        if _AIM_BEFORE.search(text):
            return "mục tiêu"
        if _EXPECTED_BEFORE.search(text):
            return "dự kiến"
    return ""


def is_deadline(quote: str, at: int) -> bool:
    """Whether the date at ``at`` is said as a time limit ("trước ngày 15/12")."""
    return _DEADLINE_BEFORE.search(_folded(quote)[max(0, at - 30) : at]) is not None


@functools.lru_cache(maxsize=8192)
def heading_role(path: str) -> str:
    """'target', 'result' or '' from a section path (innermost heading counts most)."""
    folded = fold(path)
    target = _TARGET_HEADING.search(folded) is not None
    result = _RESULT_HEADING.search(folded) is not None
    if target and result:
        # The innermost heading decides.
        last = folded.rsplit(" > ", 1)[-1]
        target = _TARGET_HEADING.search(last) is not None
        result = _RESULT_HEADING.search(last) is not None and not target
    return "target" if target else "result" if result else ""


def role_features(
    question: str,
    quote: str,
    path: str,
    at: int | None,
    end: int | None = None,
    planned: bool = True,
) -> dict[str, float]:
    """The role cues of one candidate: the asked role, the figure's (or date's) role at
    ``at`` (None: the sentence's opening), the heading's, and their (dis)agreement;
    ``planned``: the document plans (:func:`plans`)."""
    asked = asked_role(question)
    role = figure_role(quote, at if at is not None else 0, end, planned)
    heading = heading_role(path)
    deadline = asked == "deadline" and at is not None and is_deadline(quote, at)
    return dict(_role_cues(asked, role, heading, deadline))


@functools.lru_cache(maxsize=256)
def _role_cues(asked: str, role: str, heading: str, deadline: bool) -> dict[str, float]:
    """:func:`role_features` of the three roles (a few dozen combinations, so built once
    each; the caller gets a copy)."""
    target = role in {"target", "both"} or (not role and heading == "target")
    result = role in {"result", "both"} or (not role and heading == "result")
    out = {
        "asks_target": float(asked == "target"),
        "asks_result": float(asked == "result"),
        "asks_deadline": float(asked == "deadline"),
        "figure_target": float(role in {"target", "both"}),
        "figure_result": float(role in {"result", "both"}),
        "heading_target": float(heading == "target"),
        "heading_result": float(heading == "result"),
        "target_agree": float(asked == "target" and target),
        "result_agree": float(asked == "result" and result),
        "target_for_result": float(asked == "result" and target and not result),
        "result_for_target": float(asked == "target" and result and not target),
    }
    if asked == "deadline":
        out["deadline_agree"] = float(deadline)
        out["deadline_missing"] = float(not deadline)
    return out


@bytes_cache(1 << 20)  # ~0.7 MB for the bundled corpus
def _folded(quote: str) -> str:
    # fold() keeps the length of Vietnamese text (one letter for one letter), so positions
    # found in the original quote index the folded one.
    return fold(quote)
