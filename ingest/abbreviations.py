"""Abbreviations a document defines for itself: "doanh nghiệp nhỏ và vừa (DNNVV)".

A plan defines a short form once ("khu công nghiệp (KCN)", "chuyển đổi số (CĐS)") and
then writes only the short form; officials ask with either. Each document coins its own
(DNNVV, NTTS, NSĐP), and no Vietnamese abbreviation list installs from PyPI, so they are
read from the document itself: a short capitalised form in brackets (optionally "sau đây
gọi tắt là …", "viết tắt là …") right after the words whose first letters spell it. The
initials test keeps out brackets that hold something else ("(Sở)", "(F1)", "(GRDP)",
an English acronym of Vietnamese words).

>>> defined_in("Hỗ trợ doanh nghiệp nhỏ và vừa (DNNVV) và hợp tác xã (HTX) chuyển đổi số.")
(('DNNVV', 'doanh nghiệp nhỏ và vừa'), ('HTX', 'hợp tác xã'))
>>> defined_in("Sở Khoa học và Công nghệ (KH&CN) chủ trì; Sở Y tế (Sở) phối hợp.")
(('KH&CN', 'Khoa học và Công nghệ'),)
"""

from __future__ import annotations

import re

from hoidap.text import fold, nfc

_DEFINED = re.compile(
    r"\(\s*(?:(?:sau đây )?(?:được )?(?:gọi|viết) tắt là:?\s*)?"
    r"[\"“]?([A-ZĐ][A-ZĐ0-9&\-]{1,11})[\"”]?\s*\)"
)
_WORD = re.compile(r"\w+")
# Words an abbreviation may leave out of its initials ("Khoa học và Công nghệ" is KHCN
# as often as KH&CN).
_SKIPPABLE = {"va", "cua", "cac"}


def defined_in(text: str) -> tuple[tuple[str, str], ...]:
    """Each ``(short form, full form)`` the text defines, in order of first definition,
    the full form as written (NFC)."""
    text = nfc(text)
    found: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        short = m.group(1)
        if short in found:
            continue
        full = _spelled_by(short, text[max(0, m.start() - 120) : m.start()])
        if full:
            found[short] = full
    return tuple(found.items())


def _spelled_by(short: str, before: str) -> str:
    """The last words of ``before`` whose first letters spell ``short`` ("&" standing
    for "và"), as written; "" when none do."""
    letters = fold(short.replace("&", "v")).replace("-", "")
    if not letters.isalpha() or len(letters) < 2:
        return ""
    words = list(_WORD.finditer(before))
    for size in range(len(letters), min(len(words), len(letters) + 2) + 1):
        chosen = words[-size:]
        folded = [fold(w.group()) for w in chosen]
        initials = "".join(w[0] for w in folded)
        spelled = initials == letters or (
            "".join(w[0] for w in folded if w not in _SKIPPABLE) == letters
            and folded[0] not in _SKIPPABLE
        )
        if spelled:
            return before[chosen[0].start() : chosen[-1].end()]
    return ""
