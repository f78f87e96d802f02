"""The shipped English forms are lemminflect's, for the glossary as it is now."""

from __future__ import annotations

import subprocess
import sys

import pytest

from qa import english_forms, glossary


def test_the_shipped_file_is_what_lemminflect_gives_for_the_glossary_now() -> None:
    built = english_forms.render(english_forms.build(english_forms.glossary_keys()))
    shipped = english_forms.DATA.read_text(encoding="utf-8")
    assert built == shipped, "rebuild it: python -m qa.english_forms"


def test_the_glossary_tables_are_the_ones_the_file_is_built_from() -> None:
    assert english_forms.GLOSSARY_TABLES == glossary.TABLES
    assert set(glossary._FULL) <= set(english_forms.glossary_keys())


def test_the_plural_nouns_are_lemminflects_judgement() -> None:
    plural = english_forms.forms().plural_nouns
    assert {"projects", "cases", "children", "students"} <= plural
    assert not {"data", "people", "does", "project", "staff"} & plural


def test_a_word_the_file_lacks_names_the_command_that_rebuilds_it() -> None:
    with pytest.raises(LookupError, match=r"python -m qa\.english_forms"):
        english_forms.word_forms("zzyzxq", "VERB")


def test_answering_english_loads_no_lemminflect() -> None:
    code = (
        "import sys\n"
        "from qa import glossary, query, english\n"
        "assert query._plural_noun('projects') and english._plural('phone') == 'phones'\n"
        "assert glossary.inflections('plan', glossary.VERB)\n"
        "print('lemminflect' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
