"""BM25 analysers: what becomes a term, for chunks and queries alike (no underthesea here:
segmented text is given as ingest writes it; tests/integration segments real text)."""

from __future__ import annotations

import pytest

from index.sparse import (
    analyze_unaccented,
    number_forms,
    segmented_terms,
    stopwords,
)


def test_segmented_terms_lowercase_and_drop_punctuation_and_stopwords() -> None:
    terms = segmented_terms("Tỉnh Cà_Mau đã tiêm vắc_xin cho 859.463 người , đạt 74,8 % .")
    assert terms == [
        "tỉnh",
        "cà_mau",
        "tiêm",
        "vắc_xin",
        "859.463",
        "859463",
        "người",
        "đạt",
        "74,8",
        "74.8",
    ]


def test_question_words_are_dropped_but_meaning_is_kept() -> None:
    terms = segmented_terms("tỉnh có bao_nhiêu ca không tiêm mũi 2 như_thế_nào ?")
    assert terms == ["tỉnh", "có", "ca", "không", "tiêm", "mũi", "2"]


@pytest.mark.parametrize(
    "word",
    ["không", "chưa", "tiêm", "ca", "mũi", "liều", "một", "trên", "dưới", "tăng", "giảm", "có"],
)
def test_meaningful_words_are_not_stopwords(word: str) -> None:
    assert word not in stopwords()


def test_stopword_file_has_function_and_question_words() -> None:
    assert {"của", "và", "các", "những", "là", "được", "đã", "bao_nhiêu"} <= stopwords()
    assert all(w == w.lower() and " " not in w and "#" not in w for w in stopwords())


@pytest.mark.parametrize(
    ("token", "forms"),
    [
        ("859.463", ["859463"]),
        ("1.045.397", ["1045397"]),
        ("74,8", ["74.8"]),
        ("74.8", []),
        ("2021", []),
        ("10/2021", []),
        ("covid-19", []),
    ],
)
def test_numbers_are_indexed_as_written_and_normalised(token: str, forms: list[str]) -> None:
    assert number_forms(token) == forms


def test_unaccented_folds_and_keeps_numbers_whole() -> None:
    assert analyze_unaccented("Cà Mau đã tiêm 859.463 người (74,8%), COVID-19") == [
        "ca",
        "mau",
        "da",
        "tiem",
        "859.463",
        "859463",
        "nguoi",
        "74,8",
        "74.8",
        "covid",
        "19",
    ]


def test_unaccented_matches_text_with_and_without_diacritics() -> None:
    assert analyze_unaccented("Cà Mau tiêm bao nhiêu") == analyze_unaccented(
        "ca mau tiem bao nhieu"
    )
    # A decomposed (NFD) "tiêm" from a badly encoded report folds the same way.
    assert analyze_unaccented("tie\u0302\u0300m") == analyze_unaccented("tiềm") == ["tiem"]


def test_a_query_with_a_plain_number_meets_the_written_figure() -> None:
    document = set(segmented_terms("tiêm cho 859.463 người"))
    assert {"859463"} <= document
    assert set(segmented_terms("859463")) <= document
    assert set(analyze_unaccented("859463")) <= set(analyze_unaccented("tiêm cho 859.463 người"))
