"""Why an unsure answer is unsure (``Answerer.unsure_because``): the question's words the
closest passages never mention, quoted as the question says them."""

from __future__ import annotations

from qa.answer import Answerer
from qa.coverage import TermWeights
from qa.query import understand
from qa.scored import Scored
from qa.sentences import split_sentences
from tests.unit.qa_fakes import make_chunk

BOATS = make_chunk(
    "Lực lượng biên phòng đã kiểm tra 1.250 lượt tàu cá ra vào cửa biển.",
    path=("II. KẾT QUẢ", "1. Kiểm soát"),
    line_start=40,
)
CREW = make_chunk(
    "Ngành y tế đã xét nghiệm cho 3.400 thuyền viên trở về từ vùng dịch.",
    path=("II. KẾT QUẢ", "2. Y tế"),
    line_start=60,
    ordinal=1,
)
OTHER = make_chunk(
    "Tỉnh đã bố trí 18 khu thu dung, điều trị cho bệnh nhân với 6.666 giường bệnh.",
    path=("II. KẾT QUẢ", "3. Điều trị"),
    line_start=80,
    ordinal=2,
)
ANSWERER = Answerer(TermWeights([BOATS, CREW, OTHER]))


def _closest(chunk) -> Scored:  # type: ignore[no-untyped-def]
    (sentence,) = split_sentences(chunk)
    return Scored(sentence, 0.1, 0.1, None, False)


def _said(line: str) -> list[str]:
    return [part.split("”", 1)[0] for part in line.split("“")[1:]]


def test_a_missing_phrase_is_quoted_only_as_the_question_says_it() -> None:
    # "tàu cá", "kiểm tra" and "thuyền viên" are neighbouring terms, not neighbouring words
    # of the question: quoting "tàu cá kiểm tra thuyền viên" put words in its mouth.
    q = understand("Cà Mau có bao nhiêu tàu cá được kiểm tra và bao nhiêu thuyền viên?")
    (line,) = ANSWERER.unsure_because(q, [_closest(OTHER)])
    folded = " ".join(q.text.lower().replace("?", "").split())
    for phrase in _said(line):
        assert f" {phrase} " in f" {folded} ", (phrase, line)
    assert "tàu cá" in _said(line) or "thuyền viên" in _said(line), line


def test_a_word_one_of_the_closest_passages_says_is_not_called_missing() -> None:
    # A two-part question shows one closest sentence per part: the second says
    # "thuyền viên" and "xét nghiệm", the first "tàu cá" and "kiểm tra".
    q = understand("Cà Mau kiểm tra bao nhiêu tàu cá và xét nghiệm bao nhiêu thuyền viên?")
    assert ANSWERER.unsure_because(q, [_closest(BOATS), _closest(CREW)]) == []
    (line,) = ANSWERER.unsure_because(q, [_closest(BOATS)])
    assert "thuyền viên" in line


def test_no_closest_and_no_terms_say_nothing() -> None:
    assert ANSWERER.unsure_because(understand("Cà Mau có bao nhiêu tàu cá?"), []) == []
    assert ANSWERER.unsure_because(understand("bao nhiêu?"), [_closest(OTHER)]) == []


def test_several_closest_passages_are_spoken_of_together() -> None:
    q = understand("Cà Mau có bao nhiêu khu thu dung và bao nhiêu giường bệnh dã chiến?")
    (one,) = ANSWERER.unsure_because(q, [_closest(BOATS)])
    assert one.startswith("Đoạn gần nhất không nhắc đến"), one
    (both,) = ANSWERER.unsure_because(q, [_closest(BOATS), _closest(CREW)])
    assert both.startswith("Các đoạn gần nhất đều không nhắc đến"), both


def test_a_function_word_is_not_called_missing() -> None:
    # "bao lâu", "tất cả" and "nhưng" name nothing a passage could lack (underthesea tags them
    # question words and a conjunction): the passage is not said to lack them; "thuyền viên"
    # it lacks.
    q = understand("Cà Mau mất bao lâu kiểm tra tất cả tàu cá nhưng thuyền viên thì sao?")
    (line,) = ANSWERER.unsure_because(q, [_closest(OTHER)])
    assert "thuyền viên" in line, line
    # Every term the passage lacks, not only the rarest three the line names.
    said = " | ".join(ANSWERER.unheld_terms(q, [_closest(OTHER).sentence], limit=20))
    assert "thuyền viên" in said and "tàu cá" in said, said
    assert not any(word in said for word in ("bao lâu", "tất cả", "nhưng")), said


def test_an_acronym_the_passage_lacks_is_named_as_the_question_writes_it() -> None:
    # "AI" is the term "ai", which alone would read "who" (qa/acronyms.py). An English
    # question is covered on what some passage says, so one passage says "AI".
    cameras = make_chunk(
        "Tỉnh lắp đặt 120 camera có nhận diện AI tại các chốt.", line_start=90, ordinal=3
    )
    answerer = Answerer(TermWeights([BOATS, CREW, OTHER, cameras]))
    for question in (
        "Cà Mau dùng AI để kiểm tra bao nhiêu tàu cá?",
        "How many fishing boats did Ca Mau check with AI?",
    ):
        (line,) = answerer.unsure_because(understand(question), [_closest(BOATS)])
        assert "AI" in _said(line) and "ai" not in _said(line), line


def test_a_document_code_is_named_whole_not_as_its_numbers() -> None:
    """ "Nghị quyết 197/2025/QH15" unheld is said as the code, once: "197" and "2025" alone
    read as figures asked."""
    from qa.ranking import code_of

    question = "Theo Nghị quyết 197/2025/QH15 và Kế hoạch 02-KH/TU, ai được hỗ trợ?"
    said = [code_of(t, question) for t in ("197", "2025", "02", "hỗ trợ")]
    assert said == ["197/2025/QH15", "197/2025/QH15", "02-KH/TU", "hỗ trợ"]
    # The question's term for "197/2025" (one word: qa.query) is named as its code too.
    assert code_of("197/2025", question) == "197/2025/QH15"
    # A year the question also asks alone stays the year.
    assert code_of("2025", question.replace("?", " năm 2025?")) == "2025"
    assert code_of("2025", "Năm 2025 Cà Mau có bao nhiêu ca?") == "2025"
