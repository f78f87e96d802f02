"""hoidap.memo: caches bounded by bytes drop the least recently used entries."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from hoidap.memo import (
    ENTRY_OVERHEAD,
    BytesCached,
    approx_size,
    bytes_cache,
    entry_size,
    text_words_size,
)


def _sized(max_bytes: int) -> tuple[list[str], BytesCached[[str], str]]:
    """A cache whose entries weigh what their key says (``"a" * n`` weighs n + overhead)."""
    calls: list[str] = []

    @bytes_cache(max_bytes, size=lambda entry: len(entry[0]))
    def echo(text: str) -> str:
        calls.append(text)
        return text.upper()

    return calls, echo


def test_entries_are_dropped_by_bytes_least_recently_used_first() -> None:
    entry = 1000 + ENTRY_OVERHEAD
    calls, echo = _sized(3 * entry)
    for ch in "abc":
        echo(ch * 1000)
    assert echo.cache_info().nbytes == 3 * entry
    echo("a" * 1000)  # a is now the most recently used: b goes first
    echo("d" * 1000)
    info = echo.cache_info()
    assert (info.currsize, info.nbytes) == (3, 3 * entry)
    calls.clear()
    for ch in "acd":
        assert echo(ch * 1000) == ch.upper() * 1000
    assert calls == []  # still remembered
    echo("b" * 1000)
    assert calls == ["b" * 1000]  # dropped, computed again


def test_one_large_entry_pushes_out_several_small_ones() -> None:
    calls, echo = _sized(2000 + 2 * ENTRY_OVERHEAD)
    for ch in "abcd":
        echo(ch * 400)
    assert echo.cache_info().currsize == 4
    echo("z" * 1500)
    info = echo.cache_info()
    # The entries left fit the budget: "z" (1500) and the most recent small one (400).
    assert info.currsize == 2
    assert info.nbytes <= info.max_bytes
    calls.clear()
    echo("d" * 400)
    echo("a" * 400)
    assert calls == ["a" * 400]


def test_a_value_larger_than_the_budget_is_returned_but_not_kept() -> None:
    calls, echo = _sized(500)
    assert echo("x" * 1000) == "X" * 1000
    assert echo.cache_info().currsize == 0
    echo("x" * 1000)
    assert len(calls) == 2


def test_several_arguments_and_clear() -> None:
    @bytes_cache(1 << 20)
    def join(a: str, b: int) -> str:
        return a * b

    assert join("ab", 2) == "abab"
    assert join("ab", 3) == "ababab"
    assert join("ab", 2) == "abab"
    info = join.cache_info()
    assert (info.hits, info.misses, info.currsize) == (1, 2, 2)
    assert info.nbytes > 0
    join.cache_clear()
    assert join.cache_info() == (0, 0, 0, 0, 1 << 20)


@dataclass(frozen=True)
class _Mention:
    text: str
    start: int


def test_approx_size_counts_what_a_value_holds_once() -> None:
    word = "tiêm chủng vắc xin" * 10
    mention = _Mention(word, 3)
    alone = approx_size(word)
    assert alone == sys.getsizeof(word)
    # A dataclass holding the string weighs more than the string...
    assert approx_size(mention) > alone
    # ...and the same string held twice is counted once.
    twice = approx_size((mention, word))
    assert twice == approx_size((mention,)) + sys.getsizeof((mention, word)) - sys.getsizeof(
        (mention,)
    )
    assert approx_size(("Cà Mau", {"a": [1, 2]})) > approx_size(("Cà Mau", {}))


def test_text_words_size_counts_the_text_and_the_set() -> None:
    text = "Cà Mau đã tiêm 859.463 liều"
    words = frozenset(map(sys.intern, text.split()))
    assert text_words_size((text, words)) == sys.getsizeof(text) + sys.getsizeof(words)


def test_entry_size_is_approx_size_of_the_pair() -> None:
    quote = "Cà Mau đã tiêm 859.463 liều"
    assert entry_size((quote, 0.5)) == sys.getsizeof(quote) + sys.getsizeof(0.5)
    nested = (quote, (_Mention(quote, 0), _Mention("khác", 4)))
    assert entry_size(nested) == approx_size(nested)


def test_a_function_of_one_argument_takes_the_short_path_with_the_same_behaviour() -> None:
    """A one-argument function is called with its argument as the key and no tuple of
    arguments (``_one_argument``): hits, misses, least recently used order and the budget
    are as for several arguments."""
    from hoidap.memo import _one_argument

    def one(text: str) -> str:
        return text

    def two(text: str, n: int) -> str:
        return text * n

    def defaulted(text: str = "") -> str:
        return text

    assert _one_argument(one) and _one_argument(len)
    assert not _one_argument(two) and not _one_argument(defaulted)
    entry = 1000 + ENTRY_OVERHEAD
    calls, echo = _sized(2 * entry)
    assert echo("a" * 1000) == "A" * 1000 and echo("a" * 1000) == "A" * 1000
    echo("b" * 1000)
    echo("a" * 1000)  # a is the most recently used: b goes first
    echo("c" * 1000)
    calls.clear()
    echo("a" * 1000)
    echo("b" * 1000)
    assert calls == ["b" * 1000]
    info = echo.cache_info()
    assert (info.hits, info.misses, info.currsize) == (3, 4, 2)

    @bytes_cache(1 << 20)
    def pair(text: str, n: int) -> str:
        return text * n

    assert pair("ab", 2) == pair("ab", 2) == "abab"
    assert pair.cache_info().hits == 1
