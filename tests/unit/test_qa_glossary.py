"""The English glossary table: its format, and how a question's terms are glossed."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoidap.text import fold, nfc
from qa.glossary import GLOSSARY, _load, glosses, translate_terms

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
