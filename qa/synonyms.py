"""Vietnamese paraphrases of the reports' vocabulary: "tiêm xong" is "hoàn thành tiêm".

Officials ask in their own words; the reports use administrative ones. A question
term missing from a sentence still counts (a little less) when the sentence says it
with one of these. No Vietnamese synonym resource installs offline from PyPI (underthesea
ships none, and there is no Vietnamese WordNet package), so the groups are written here,
limited to the words of epidemic-response reporting. Each group is a set of interchangeable
phrases, written with diacritics; matching folds them for questions typed without.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from hoidap.text import fold, normalize_tones
from qa.bound_words import bound_groups

_ALL_GROUPS: tuple[tuple[str, ...], ...] = (
    ("xong", "hoàn thành", "đủ", "đầy đủ", "hoàn tất"),
    ("tử vong", "chết"),
    ("mắc", "nhiễm", "dương tính", "f0"),
    ("khỏi bệnh", "xuất viện", "điều trị khỏi", "khỏi"),
    ("xét nghiệm", "test", "lấy mẫu"),
    ("kinh phí", "ngân sách", "số tiền", "tiền"),
    ("doanh nghiệp", "công ty"),
    ("công nhân", "người lao động"),
    ("vắc xin", "vaccine", "vacxin"),
    ("năng lực", "công suất", "khả năng"),
    ("hiện còn", "hiện đang", "hiện có"),
    ("hỗ trợ", "trợ cấp", "chi trả"),
    ("bệnh viện", "bv"),
    ("giãn cách", "cách ly xã hội"),
    ("cao điểm", "đỉnh điểm"),
    ("ủng hộ", "quyên góp", "đóng góp", "tài trợ"),
    ("tăng cường", "chi viện", "điều động"),
    ("đi lại", "di chuyển"),
    ("bệnh nhân", "ca bệnh", "người bệnh"),
    ("nghi nhiễm", "nghi ngờ"),
    ("khu công nghiệp", "kcn"),
    ("thực chi", "đã chi", "giải ngân"),
    ("xử phạt", "phạt"),
    ("lái xe", "tài xế"),
    ("mỗi ngày", "một ngày", "hằng ngày", "hàng ngày"),
    ("đầu tiên", "thứ nhất"),
    ("lần đầu", "đầu tiên"),
    ("cán bộ", "đồng chí"),
    ("người dân", "nhân dân", "dân"),
    ("tổng cộng", "tổng số", "tổng", "lũy kế", "cộng dồn"),
    ("phương tiện", "xe"),
    ("vé số", "xổ số"),
    ("dành", "bố trí"),
    ("bắt nguồn", "xuất phát", "khởi phát"),
    # A floor or a ceiling in any of the reports' words ("tối đa" asked, "không quá" written).
    *bound_groups(),
)
_GROUPS = _ALL_GROUPS


def restrict(keep: Callable[[str], bool] | None = None) -> None:
    """Use only the phrases ``keep`` accepts (None: all), as ``qa.glossary.restrict``
    does for the glossary: cross-validation leaves out what only held-out reports say."""
    global _GROUPS
    kept = (tuple(p for p in g if keep is None or keep(p)) for g in _ALL_GROUPS)
    _GROUPS = tuple(g for g in kept if len(g) > 1)
    _forms.cache_clear()
    alternatives.cache_clear()


# In folded text a short syllable stands for many words ("du" is "đủ", "dự", "dư"):
# for questions typed without diacritics only longer paraphrases are trusted.
_MIN_FOLDED = 4


@functools.lru_cache(maxsize=4096)
def alternatives(term: str, accented: bool) -> tuple[str, ...]:
    """Other ways the reports say ``term`` (a word or an underthesea compound with "_"),
    as space-separated phrases in the same form as the text they are matched against:
    lowercase with tone marks in one placement, or folded."""
    phrase = term.replace("_", " ")
    key = normalize_tones(phrase) if accented else fold(phrase)
    out: list[str] = []
    forms_of, groups_of = _forms(accented)
    for at in groups_of.get(key, ()):
        out += [
            f for f in forms_of[at] if f != key and (accented or len(f) >= _MIN_FOLDED or " " in f)
        ]
    return tuple(dict.fromkeys(out))


@functools.lru_cache(maxsize=2)
def _forms(accented: bool) -> tuple[list[list[str]], dict[str, list[int]]]:
    """Every group's phrases in the matched form, and for each form the groups holding it
    (in order): made once per :func:`restrict`, not again for every term asked about."""
    forms_of = [[normalize_tones(g) if accented else fold(g) for g in group] for group in _GROUPS]
    groups_of: dict[str, list[int]] = {}
    for at, forms in enumerate(forms_of):
        for form in dict.fromkeys(forms):
            groups_of.setdefault(form, []).append(at)
    return forms_of, groups_of
