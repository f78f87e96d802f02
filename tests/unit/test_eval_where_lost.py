"""The groups of eval/where_lost.py: each held-out question is put where its answer was lost."""

from __future__ import annotations

import pytest

from eval.where_lost import GROUPS, group_of, table


def _row(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "language": "en",
        "strict": 0.0,
        "first_right": False,
        "asserted": False,
        "reachable": False,
        "rank": None,
    }
    row.update(kw)
    return row


@pytest.mark.parametrize(
    ("row", "group"),
    [
        (_row(strict=1.0, first_right=True, asserted=True, reachable=True, rank=1), "right"),
        # Right candidate asserted, yet the lead was not read as the gold: the lead's form.
        (_row(first_right=True, asserted=True, reachable=True, rank=1), "lead form"),
        (_row(first_right=True, reachable=True, rank=2), "abstention"),
        (_row(reachable=True, rank=1), "ranking"),
        (_row(rank=5), "no candidate"),
        (_row(rank=6), "retrieval"),
        (_row(rank=None), "retrieval"),
    ],
)
def test_each_question_lands_in_the_first_group_that_explains_it(
    row: dict[str, object], group: str
) -> None:
    assert group_of(row) == group


def test_the_table_counts_each_language_apart() -> None:
    rows = [_row(strict=1.0), _row(rank=1), _row(language="vi", strict=1.0)]
    text = table(rows)
    lines = {line.split()[0]: line for line in text.splitlines()}
    assert text.splitlines()[0].split() == ["group", "en", "vi"]
    assert "1 ( 50.0%)" in lines["right"] and "1 (100.0%)" in lines["right"]
    assert len(text.splitlines()) == len(GROUPS) + 2
