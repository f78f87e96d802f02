"""The words reports bound a figure with ("ít nhất 10%", "không quá 05 cá nhân"), and how
an English answer says each.

One table for three readers: ``qa.bounds`` keeps a bound in an answer's lead, ``qa.english``
translates it, and ``qa.synonyms`` reads the bounds of one direction as one another's
paraphrase ("tối đa bao nhiêu cá nhân" is answered by "không quá 05 cá nhân"). It has no
imports so that the question reader (``qa.query`` → ``qa.synonyms``) can use it without
the figure code ``qa.bounds`` needs.
"""

from __future__ import annotations

# Vietnamese bound → English, as reports write them.
BOUNDS_EN: dict[str, str] = {
    "ít nhất": "at least",
    "tối thiểu": "at least",
    "không dưới": "at least",
    "không thấp hơn": "at least",
    "không ít hơn": "at least",
    "tối đa": "at most",
    "không quá": "at most",
    "không vượt quá": "at most",
    "khoảng": "about",
    "xấp xỉ": "about",
    "trên": "over",
    "dưới": "under",
    "hơn": "more than",
    "gần": "nearly",
}
# After the figure, with "từ" before it: "từ 98% trở lên".
AFTER_EN: dict[str, str] = {"trở lên": "or more", "trở xuống": "or less"}
# The directions whose words say one bound whatever the wording: a floor, a ceiling. "Trên",
# "khoảng", "gần" are not among them: each says something else than its neighbours ("trên
# 90%" is not "ít nhất 90%"), and alone they are common words.
_SAME_BOUND = ("at least", "at most")


def bound_groups() -> tuple[tuple[str, ...], ...]:
    """The bounds of one direction, each group interchangeable in a question.

    >>> bound_groups()[1]
    ('tối đa', 'không quá', 'không vượt quá')
    """
    return tuple(
        tuple(w for w, said in BOUNDS_EN.items() if said == direction) for direction in _SAME_BOUND
    )
