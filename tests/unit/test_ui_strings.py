"""Both interface languages say the same things."""

from __future__ import annotations

import string

from ui.strings import DEFAULT_LANGUAGE, EXAMPLES, LANGUAGES, STRINGS, language, text


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_key_in_every_language_with_the_same_placeholders() -> None:
    keys = set(STRINGS["vi"])
    for lang in LANGUAGES:
        assert set(STRINGS[lang]) == keys, lang
        for key in keys:
            assert STRINGS[lang][key].strip(), (lang, key)
            assert _fields(STRINGS[lang][key]) == _fields(STRINGS["vi"][key]), (lang, key)


def test_language_falls_back_to_vietnamese() -> None:
    assert DEFAULT_LANGUAGE == "vi"
    assert language("en-US") == "en" and language("EN") == "en"
    assert language(None) == "vi" and language("fr") == "vi"


def test_text_fills_placeholders() -> None:
    assert text("vi", "too_long", limit=1000) == "Câu hỏi quá dài (tối đa 1000 ký tự)."
    assert "HOIDAP_TOKEN" in text("vi", "upload_disabled")
    assert "HOIDAP_TOKEN" in text("en", "upload_disabled")


def test_examples_include_the_ca_mau_question() -> None:
    assert "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?" in EXAMPLES
