"""The gold set: loading, validation and the merged eval/gold.jsonl itself."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.build_gold import main as build_gold_main
from eval.build_gold import merge
from eval.gold import (
    GoldQuestion,
    evidence_spans,
    load_gold,
    problems,
    read_reports,
    with_genres,
    write_gold,
)
from hoidap.errors import InputError
from hoidap.text import nfc
from tests.unit.eval_fakes import EVIDENCE, REPORT, TEXT, gold_line

REPO = Path(__file__).resolve().parents[2]
REPORTS = REPO / "data" / "reports"
GOLD = REPO / "eval" / "gold.jsonl"


def _write(path: Path, lines: list[dict[str, object]]) -> Path:
    path.write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8"
    )
    return path


@pytest.fixture()
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / REPORT).write_text(TEXT, encoding="utf-8")
    return folder


def test_round_trip_keeps_extra_fields() -> None:
    q = GoldQuestion.from_dict(gold_line())
    assert q.to_dict() == gold_line()
    assert list(q.to_dict())[:3] == ["id", "question", "language"]


def test_evidence_spans_are_nfc_char_offsets_and_lines(reports: Path) -> None:
    texts = read_reports(reports)
    [span] = evidence_spans(GoldQuestion.from_dict(gold_line()), texts)
    assert texts[REPORT][span.char_start : span.char_end] == EVIDENCE
    assert (span.line_start, span.line_end) == (3, 3)


def test_evidence_found_after_nfc(tmp_path: Path) -> None:
    # One bundled report is partly NFD: the evidence (NFC) must still be found.
    folder = tmp_path / "r"
    folder.mkdir()
    import unicodedata

    (folder / REPORT).write_text(unicodedata.normalize("NFD", TEXT), encoding="utf-8")
    texts = read_reports(folder)
    assert evidence_spans(GoldQuestion.from_dict(gold_line()), texts)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"language": "fr"}, "language"),
        ({"type": "yes/no"}, "type"),
        ({"difficulty": "trivial"}, "difficulty"),
        ({"reports": ["missing.txt"]}, "not in the reports folder"),
        ({"evidence": ["không có trong báo cáo"]}, "not found verbatim"),
        ({"aliases": []}, "at least one alias"),
        ({"type": "unanswerable"}, "no aliases or evidence"),
    ],
)
def test_problems_name_the_bad_field(
    reports: Path, changes: dict[str, object], message: str
) -> None:
    found = problems(GoldQuestion.from_dict(gold_line(**changes)), read_reports(reports))
    assert any(message in p for p in found), found


def test_load_gold_reports_every_bad_line_at_once(tmp_path: Path, reports: Path) -> None:
    path = _write(
        tmp_path / "g.jsonl",
        [gold_line(), gold_line(id="t002", language="fr"), gold_line(id="t001"), {"id": "x"}],
    )
    with pytest.raises(InputError) as err:
        load_gold(path, reports)
    text = str(err.value)
    assert "t002: language" in text and "t001: duplicate id" in text and "line 4: missing" in text


def test_load_gold_names_the_bad_json_line(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps(gold_line()) + "\n{oops\n", encoding="utf-8")
    with pytest.raises(InputError, match=":2: JSON không hợp lệ / not valid JSON"):
        load_gold(path)
    with pytest.raises(InputError, match="no gold file"):
        load_gold(tmp_path / "absent.jsonl")
    # review6: a line that is JSON but not an object, and a file that is not UTF-8, were
    # tracebacks of `hoidap eval --gold`.
    path.write_text(json.dumps(gold_line()) + "\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError, match=":2: cần một đối tượng JSON / not a JSON object"):
        load_gold(path)
    path.write_bytes(json.dumps(gold_line(), ensure_ascii=False).encode("utf-16"))
    with pytest.raises(InputError, match="không phải văn bản UTF-8 / not UTF-8 text"):
        load_gold(path)


def test_merge_sorts_and_refuses_duplicate_ids(tmp_path: Path, reports: Path) -> None:
    a = _write(tmp_path / "gold_a.jsonl", [gold_line(id="a002"), gold_line(id="a001")])
    b = _write(tmp_path / "gold_b.jsonl", [gold_line(id="b001")])
    assert [q.id for q in merge([b, a], reports)] == ["a001", "a002", "b001"]
    dup = _write(tmp_path / "gold_c.jsonl", [gold_line(id="a001")])
    with pytest.raises(InputError, match=r"a001 in gold_a\.jsonl and gold_c\.jsonl"):
        merge([a, dup], reports)


def test_build_gold_writes_then_checks(tmp_path: Path, reports: Path) -> None:
    a = _write(tmp_path / "gold_a.jsonl", [gold_line(id="a002"), gold_line(id="a001")])
    out = tmp_path / "gold.jsonl"
    args = [str(a), "--out", str(out), "--reports", str(reports)]
    assert build_gold_main(args) == 0
    assert [json.loads(x)["id"] for x in out.read_text(encoding="utf-8").splitlines()] == [
        "a001",
        "a002",
    ]
    assert build_gold_main([*args, "--check"]) == 0
    write_gold([GoldQuestion.from_dict(gold_line(id="a001"))], out)
    assert build_gold_main([*args, "--check"]) == 1


# ------------------------------------------------------------- the real gold set


def test_gold_jsonl_is_valid_and_every_evidence_is_in_its_report() -> None:
    questions = load_gold(GOLD, REPORTS)  # raises with every bad line named
    texts = read_reports(REPORTS)
    for q in questions:
        for ev in q.evidence:
            assert ev == nfc(ev)
            assert any(ev in texts[r] for r in q.reports), (q.id, ev)
        if q.answerable:
            assert evidence_spans(q, texts), q.id


def test_gold_jsonl_is_the_merge_of_its_parts() -> None:
    parts = sorted((REPO / "eval").glob("gold_*.jsonl"))
    assert parts, "gold parts missing"
    assert build_gold_main([*map(str, parts), "--out", str(GOLD), "--check"]) == 0


def test_gold_jsonl_covers_what_the_report_breaks_down() -> None:
    questions = load_gold(GOLD)
    assert [q.id for q in questions] == sorted(q.id for q in questions)
    assert len(questions) >= 150
    assert {q.type for q in questions} == {
        "number",
        "date",
        "entity",
        "list",
        "explanation",
        "comparison",
        "unanswerable",
    }
    assert {q.language for q in questions} == {"vi", "vi-noaccent", "en"}
    assert sum(not q.answerable for q in questions) >= 20


def test_every_gold_answer_states_its_own_aliases() -> None:
    # An alias that the reference answer itself does not satisfy can never be matched:
    # it is a typo in the gold line or a form the metric does not read.
    from eval.metrics import answer_correct

    bad = [
        q.id
        for q in load_gold(GOLD)
        if q.answerable and not answer_correct(q.aliases, q.answer, q.type, q.language)
    ]
    assert bad == []


# --------------------------------------------------- several folders, genre, trap


def test_optional_fields_are_validated_and_round_trip() -> None:
    line = gold_line(genre="plan", answer_kind="target")
    q = GoldQuestion.from_dict(line)
    assert (q.genre, q.answer_kind, q.trap, q.trap_label) == ("plan", "target", None, None)
    assert q.to_dict() == line
    bad = GoldQuestion.from_dict(gold_line(genre="memo", answer_kind="guess", trap="other-period"))
    found = " ".join(problems(bad, {REPORT: TEXT}))
    assert "genre 'memo'" in found and "answer_kind 'guess'" in found
    assert "only an unanswerable question can be a trap" in found


def test_trap_labels() -> None:
    unanswerable = {"type": "unanswerable", "aliases": [], "evidence": [], "answer": ""}
    trap = GoldQuestion.from_dict(gold_line(**unanswerable, trap="target-vs-result"))
    plain = GoldQuestion.from_dict(gold_line(**unanswerable, trap=None))
    unlabelled = GoldQuestion.from_dict(gold_line(**unanswerable))
    assert (trap.trap_label, plain.trap_label, unlabelled.trap_label) == (
        "target-vs-result",
        "plain",
        None,
    )
    assert problems(trap, {REPORT: TEXT}) == []
    assert plain.to_dict()["trap"] is None  # an explicit null survives a rewrite
    assert "trap" not in unlabelled.to_dict()


def test_evidence_found_in_either_folder_and_genre_from_the_report(tmp_path: Path) -> None:
    from eval.corpus_index import report_genres, report_texts
    from hoidap.config import Config

    config = Config(home=tmp_path, reports_dir=REPORTS)
    texts = report_texts(config)
    genres = report_genres(config)
    assert len(texts) == 26 and genres["001_fa29380e2daf4212.txt"] == "covid-report"
    assert genres["d17_da-nang.txt"] == "conclusion-notice"
    assert genres["d15_ho-chi-minh.txt"] == "decision-plan"
    assert genres["d01_bac-ninh.txt"] == "plan"
    assert genres["e03_ha-noi.txt"] == "decision"
    dev = "d17_da-nang.txt"
    evidence = next(line for line in texts[dev].splitlines() if len(line) > 60)[:60]
    lines = [
        gold_line(id="g1"),
        gold_line(id="g2", reports=[dev], evidence=[evidence], provinces=["Đà Nẵng"]),
        gold_line(id="g3", reports=[dev], evidence=["không có câu này"]),
    ]
    path = _write(tmp_path / "set.jsonl", lines)
    with pytest.raises(InputError, match="g3: evidence not found verbatim"):
        load_gold(path, texts, genres)
    questions = load_gold(_write(tmp_path / "ok.jsonl", lines[:2]), texts, genres)
    assert [q.genre for q in questions] == ["covid-report", "conclusion-notice"]


def test_a_question_without_report_takes_the_sets_genre() -> None:
    silent = GoldQuestion.from_dict(
        gold_line(id="x", type="unanswerable", aliases=[], evidence=[], answer="", reports=[])
    )
    given = GoldQuestion.from_dict(gold_line(id="y", genre="plan"))
    [a, b] = with_genres([GoldQuestion.from_dict(gold_line()), silent], {REPORT: "covid-report"})
    assert (a.genre, b.genre) == ("covid-report", "covid-report")
    assert with_genres([given], {REPORT: "covid-report"})[0].genre == "plan"
