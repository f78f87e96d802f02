"""One list of basis words read by every reader of a document's basis."""

from __future__ import annotations

import re

import pytest

from hoidap.text import fold
from qa.basis import BASIS_WORDS, FOLDED_BASIS_WORDS, alternation
from qa.document_subject import _COMPLEMENT
from qa.name_spans import _ASKS_BASIS, _BASIS_BEFORE
from qa.refusals import _BASIS_CLAUSE


def test_the_list_is_read_longest_first_and_folded_alike() -> None:
    assert BASIS_WORDS.index("căn cứ vào") < BASIS_WORDS.index("căn cứ")
    assert tuple(dict.fromkeys(fold(w) for w in BASIS_WORDS)) == FOLDED_BASIS_WORDS
    assert re.fullmatch(alternation(), "tren   co so")


@pytest.mark.parametrize("word", BASIS_WORDS)
def test_every_reader_reads_every_word(word: str) -> None:
    folded = fold(word)
    # A document named right after it is a basis; a clause opening with it cites one.
    assert _BASIS_BEFORE.search(f"{word.capitalize()} ")
    assert _BASIS_CLAUSE.search(f"{folded} quyet dinh so 12/qd-ubnd ngay ")
    assert _ASKS_BASIS.search(f"ke hoach nay {folded} van ban nao")
    assert _COMPLEMENT.search(f"ke hoach {folded} ")


def test_other_verbs_are_not_basis_words() -> None:
    assert not _BASIS_BEFORE.search("đã ban hành ")
    assert not _BASIS_CLAUSE.search("ubnd tinh da ban hanh quyet dinh so 12/qd-ubnd ngay ")
