"""The English glossary table: its format, and how a question's terms are glossed."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoidap.text import fold, nfc
from qa.glossary import (
    _ADMIN_TABLE,
    _TABLE,
    GLOSSARY,
    _load,
    glosses,
    inflections,
    translate_terms,
)

REPORTS = Path(__file__).resolve().parents[2] / "data" / "reports"


def test_longest_key_wins_and_alternatives_are_kept() -> None:
    found = glosses("how many second dose vaccinations in the lockdown zones")
    keys = [g.english for g in found]
    assert "second dose" in keys and "dose" not in keys
    assert "lockdown zones" in keys
    assert "mũi 2" in translate_terms("how many second dose")


def test_a_malformed_line_is_reported_with_its_number(tmp_path: Path) -> None:
    table = tmp_path / "g.tsv"
    table.write_text("# comment\nvaccine\tvắc xin\nbroken line without tab\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"g\.tsv:3"):
        _load(table)


def test_most_glosses_occur_in_the_reports() -> None:
    """A gloss the reports never use matches nothing: most must be report wording."""
    text = fold(" ".join(nfc(p.read_text(encoding="utf-8")) for p in REPORTS.iterdir()))
    alternatives = {a for alts in GLOSSARY.values() for a in alts}
    missing = [a for a in alternatives if fold(a) not in text]
    assert len(missing) <= 0.1 * len(alternatives), sorted(missing)[:30]


def test_inflected_forms_find_their_entry_and_a_form_with_its_own_entry_keeps_it() -> None:
    keys = {g.english: g.said for g in glosses("who upgraded and coordinated the roadmaps")}
    assert keys == {"upgrade": "upgraded", "coordinate": "coordinated", "roadmap": "roadmaps"}
    # "testing" has its own entry: it is not read as a form of "test".
    assert next(g.english for g in glosses("testing capacity")) == "testing"
    assert inflections("activity")[0] == "activities" and inflections("it") == ()


def test_the_table_of_every_genre_adds_to_the_covid_table() -> None:
    covid, admin = _load(_TABLE), _load(_ADMIN_TABLE)
    shared = sorted(set(covid) & set(admin))
    assert shared, "the two tables share keys (e.g. 'target')"
    for key in shared:
        # The COVID table's own wording stays first; the other table only adds.
        assert GLOSSARY[key][: len(covid[key])] == covid[key]
        assert set(admin[key]) <= set(GLOSSARY[key])
    # A plan's words are glossed although no COVID report needs them.
    assert "chuyển đổi số" in translate_terms("digital transformation of cooperatives")
    assert "hợp tác xã" in translate_terms("digital transformation of cooperatives")


def test_the_genre_table_is_what_the_documents_say() -> None:
    """Every Vietnamese phrase of the table of every genre occurs in at least
    MIN_DOCUMENTS of the bundled and evaluation documents (eval/genre_terms.py)."""
    from eval.corpus_index import report_texts
    from eval.genre_terms import rare_phrases
    from hoidap.config import load_config

    texts = report_texts(load_config())
    assert len(texts) >= 20
    assert rare_phrases(texts) == []
