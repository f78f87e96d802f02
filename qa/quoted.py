"""What an answer quotes when its best sentence does not answer alone: a lead-in's or a
heading's content, or the rest of the list a sentence is one item of.

Both the answerer (``qa.answer``), which quotes them, and a refusal rule (``qa.refusals``:
a heading that introduces nothing) read it, and the sentence scorer (``qa.ranking``)
weighs a heading down by :func:`is_heading`.
"""

from __future__ import annotations

import re

from hoidap.text import strip_markdown
from qa.items import ITEM, LIST_ITEMS, list_items
from qa.prepared import capitals
from qa.query import Query
from qa.sentences import Sentence, split_sentences

# How many sentences a lead-in introduces at most: a list's items, an explanation's body.
BODY_SENTENCES = 2


def answer_sentences(query: Query, sentence: Sentence) -> list[Sentence]:
    """What an answer from ``sentence`` quotes instead of it alone: a lead-in's or a
    heading's content (:func:`introduced`); for a list question, the items of the
    enumeration the sentence is one item of (``qa.items.list_items``: the other clauses of
    its ";" run, the following items under the same lead-in); [] when it answers alone."""
    items = introduced(query, sentence)
    if items or query.kind != "list":
        return items
    return list_items(sentence)


def introduced(query: Query, sentence: Sentence) -> list[Sentence]:
    """What a list or explanation answer quotes when its best sentence is a lead-in ("… như
    sau:") or a heading: the sentences after it in its passage, up to the next lead-in; []
    otherwise (the sentence answers by itself)."""
    if query.kind not in {"list", "explanation"}:
        return []
    if not (sentence.quote.rstrip().endswith(":") or is_heading(sentence) or own_heading(sentence)):
        return []
    limit = LIST_ITEMS if query.kind == "list" else BODY_SENTENCES
    lines = sentence.chunk.text.split("\n")
    marked = False
    out: list[Sentence] = []
    for s in split_sentences(sentence.chunk)[sentence.index + 1 :]:
        if len(out) >= limit or (out and s.quote.rstrip().endswith(":")):
            break
        raw = (
            lines[s.line - sentence.chunk.line_start] if s.line >= sentence.chunk.line_start else ""
        )
        item = ITEM.match(strip_markdown(raw)) is not None
        if not out:
            marked = item
        elif marked and not item and s.line != out[-1].line:
            break  # the marked items ("a)", "-") are over
        out.append(s)
    return out


_TRAILING = re.compile(r"[\s*_:;.,]+$")


def own_heading(sentence: Sentence) -> bool:
    """The sentence is its section's own heading, its numbering left aside ("Bãi bỏ toàn bộ
    các quyết định" under "Điều 1. Bãi bỏ toàn bộ các quyết định", "Đối với vùng nuôi trồng
    thủy sản nước ngọt" under "1.1.3. Đối với …"): what the section says is under it. Two
    words at least (a lone word is the end of many headings).
    """
    path = sentence.chunk.section_path
    if not path:
        return False
    quote = _TRAILING.sub("", strip_markdown(sentence.quote)).strip()
    heading = _TRAILING.sub("", strip_markdown(path[-1])).strip()
    return len(quote.split()) >= 2 and heading.endswith(quote)


def is_heading(sentence: Sentence) -> bool:
    """A heading, or a line that reads as one (in capitals, or very short): it repeats the
    question's words, and what answers is under it."""
    heading = sentence.chunk.section_path[-1] if sentence.chunk.section_path else ""
    # A long heading line ("d) Đẩy mạnh ... theo Kế hoạch số 85/KH-UBND ngày 21/9/2021 ...")
    # carries content of its own and may answer.
    short_heading = sentence.quote.strip() == heading.strip() and len(sentence.quote) < 80
    return short_heading or capitals(sentence) or len(sentence.quote) < 25
