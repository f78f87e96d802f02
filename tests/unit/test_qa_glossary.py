"""The English glossary table: its format, and how a question's terms are glossed."""

from __future__ import annotations

from pathlib import Path

import pytest

from hoidap.text import fold, nfc
from qa.glossary import (
    _ADMIN_TABLE,
    _SECTOR_TABLE,
    _TABLE,
    GLOSSARY,
    _load,
    _merged,
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
    """A gloss the reports never use matches nothing: most of the two tables written from
    report wording must be report wording (the sector table is checked below)."""
    text = fold(" ".join(nfc(p.read_text(encoding="utf-8")) for p in REPORTS.iterdir()))
    written_from_reports = _merged((_TABLE, _ADMIN_TABLE))
    alternatives = {a for alts in written_from_reports.values() for a in alts}
    missing = [a for a in alternatives if fold(a) not in text]
    assert len(missing) <= 0.1 * len(alternatives), sorted(missing)[:30]


def test_the_sector_table_speaks_as_documents_do() -> None:
    """The sector table was written without reading the documents, for sectors nobody
    has indexed yet, so most of its wording cannot be in the 26 documents at hand; a
    good share must be, or it is not the documents' Vietnamese (49% when written)."""
    from eval.corpus_index import report_texts
    from hoidap.config import load_config

    text = fold(" ".join(nfc(t) for t in report_texts(load_config()).values()))
    alternatives = {a for alts in _load(_SECTOR_TABLE).values() for a in alts}
    assert len(alternatives) > 1000
    said = [a for a in alternatives if fold(a) in text]
    assert len(said) >= 0.4 * len(alternatives)
    # What a plan or report of a sector says, found from an English question.
    assert "kim ngạch xuất khẩu" in translate_terms("what export turnover is forecast")
    assert "tỷ trọng" in GLOSSARY["share"] and GLOSSARY["share"][0] == "tỷ lệ"


def test_a_key_written_twice_is_rejected(tmp_path: Path) -> None:
    table = tmp_path / "g.tsv"
    table.write_text("vaccine\tvắc xin\nstaff\tcán bộ\nstaff\tnhân viên\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"g\.tsv:3: 'staff' is already a key"):
        _load(table)
    table.write_text("vaccine\tvắc xin\tnoun\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"g\.tsv:1"):
        _load(table)


def test_inflected_forms_find_their_entry_and_a_form_with_its_own_entry_keeps_it() -> None:
    keys = {g.english: g.said for g in glosses("who upgraded and coordinated the roadmaps")}
    assert keys == {"upgrade": "upgraded", "coordinate": "coordinated", "roadmap": "roadmaps"}
    # "testing" has its own entry: it is not read as a form of "test".
    assert next(g.english for g in glosses("testing capacity")) == "testing"
    assert inflections("activity") == ("activities",) and inflections("it") == ()


def _key(word: str) -> str | None:
    found = glosses(word)
    return found[0].english if found else None


@pytest.mark.parametrize(
    ("said", "key"),
    [
        # Doubled consonants and -ee + ing, which suffix rules missed (verb keys).
        ("planned", "plan"),
        ("controlled", "control"),
        ("guaranteeing", "guarantee"),
        ("met", "meet"),
        # A phrasal verb inflects its verb, not its particle.
        ("carried out", "carry out"),
        ("carrying out", "carry out"),
        # A plural finds its noun; a word that is a key is that key.
        ("meetings", "meeting"),
        ("meeting", "meeting"),
        ("alerts", "alert"),
        ("maps", "map"),
        ("processing", "processing"),
    ],
)
def test_forms_that_find_their_key(said: str, key: str) -> None:
    assert _key(said) == key


@pytest.mark.parametrize(
    "said",
    [
        # Verb forms of keys whose gloss is a noun sense: "state" is "nhà nước", "force"
        # "lực lượng", "press" "báo chí", "market" "thị trường", "rule" "quy định".
        "stated",
        "states",
        "forced",
        "pressing",
        "marketing",
        "ruled",
        "formed",
        "powered",
        "mapped",
        # An as-is key is not inflected at all ("powers" are not "điện").
        "powers",
        # No form made from the particle of a phrasal verb.
        "carry outed",
    ],
)
def test_forms_that_must_not_find_a_noun_sense(said: str) -> None:
    # A form may be a key of its own ("pressing" issues: "bức xúc"), never its noun's.
    assert _key(said) in (None, said), [(g.english, g.alternatives) for g in glosses(said)]


def test_meeting_is_a_meeting_and_processing_is_also_handled() -> None:
    assert "cuộc họp" in translate_terms("meeting") and "đáp ứng" not in translate_terms("meeting")
    assert {"chế biến", "xử lý"} <= set(translate_terms("processing"))
    assert "bảo mật" not in translate_terms("secret")
    # Medicine is no narcotic: "ma túy" only for "drugs", which may be either.
    assert "ma túy" not in translate_terms("how many medicines were delivered")
    assert "ma túy" in translate_terms("drugs")


def test_every_verb_mark_is_on_a_word_that_can_be_a_verb() -> None:
    """A `verb` mark on a word lemminflect knows only as a noun would make no form."""
    from lemminflect import getAllLemmas

    from qa.glossary import _MARKS, VERB

    verbs = [key for key, mark in _MARKS.items() if mark == VERB]
    assert len(verbs) > 100
    assert [k for k in verbs if "VERB" not in getAllLemmas(k.split()[0])] == []


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


def test_a_participle_key_is_said_by_its_bare_verb_where_grammar_puts_one() -> None:
    # "recorded" is a key; "did … record" says it without the participle.
    said = {g.english: g.said for g in glosses("how many cases did ca mau record in 2021?")}
    assert said.get("recorded") == "record"
    # After a determiner, or with no auxiliary before it, the base is a noun.
    assert "recorded" not in {g.english for g in glosses("did they keep the record of cases?")}
    assert "recorded" not in {g.english for g in glosses("what record does the plan set?")}
    # A base that is a key itself is read as that key ("issue"), not as the participle.
    said = {g.english: g.said for g in glosses("when did the province issue the plan?")}
    assert said.get("issue") == "issue" and "issued" not in said


def test_a_modifier_shared_by_two_heads_is_read_with_each() -> None:
    """ "industrial parks and clusters" are industrial clusters (cụm công nghiệp), not epidemic
    clusters (ổ dịch): the modifier written once belongs to both heads when the table has
    both phrases; a bare head after a plain noun stays itself."""
    keys = [g.english for g in glosses("telecom planning for industrial parks and clusters")]
    assert "industrial clusters" in keys and "clusters" not in keys
    assert "cụm công nghiệp" in translate_terms("industrial parks and clusters")
    assert "ổ dịch" in translate_terms("how many cases and clusters were recorded")


def test_every_english_dose_word_the_qualifiers_read_is_glossed_as_a_dose() -> None:
    """``qa.qualifiers`` reads "fourth COVID-19 shot" as dose 4; the glossary must read
    "shot" as the reports' word for a dose too, or the question's topic goes unread."""
    from qa.qualifiers import DOSE_WORDS_EN

    for word in DOSE_WORDS_EN:
        said = {vi for g in glosses(f"how many people had their {word}") for vi in g.alternatives}
        assert said & {"mũi", "liều", "tiêm"}, word
