"""The words that name a kind of document, from one table: ``qa/data/document_kinds.tsv``.

Several readers in qa ask which kind of document a question names: the document path
(``qa.document``: the kind named, the kind asked for as a basis), the named-document reader
(``qa.document_subject``: also the kinds reports only cite) and the name questions
(``qa.entities``, ``qa.query``: "chỉ thị nào", "which decree"). Each kept its own list in
its module, and the lists drifted apart; the table holds them side by side with the source
of each row, and this module derives each reader's patterns from its rows (the ``uses``
column), in the table's order. The readers' words still differ where they did (see the
table's header): moving them here changed no answer.

>>> dict(NAMED_KINDS)[r"quyet dinh|\\bqd\\b|decision"]
'quyết định'
>>> ENGLISH_KINDS["decree"]
'nghi dinh'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from hoidap.text import fold

TABLE = Path(__file__).parent / "data" / "document_kinds.tsv"
# The readers a row may name in its ``uses`` column (the table's header says what each reads).
USES = frozenset({"named", "basis", "cited", "which", "en"})
_PLURAL = "s?"


@dataclass(frozen=True)
class KindCue:
    """One row: the words (regular expressions on folded text) that name ``kind``.

    ``kind`` is "" for any kind ("văn bản số 123").
    """

    kind: str
    folded: tuple[str, ...]
    english: tuple[str, ...]
    abbreviations: tuple[str, ...]
    uses: frozenset[str]
    source: str

    def pattern(self, abbreviations: bool = False) -> str:
        """The row as one alternation: its folded words, abbreviations (as whole words,
        when asked) and English words, in that order."""
        shorts = tuple(rf"\b{a}\b" for a in self.abbreviations) if abbreviations else ()
        return "|".join((*self.folded, *shorts, *self.english))


def _cell(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(";") if v.strip() and v.strip() != "-")


def read(path: Path = TABLE) -> tuple[KindCue, ...]:
    """The rows of the table, in order; a malformed row is an error naming its line (a
    pattern that does not compile, a reader that does not exist, a row with no words)."""
    rows = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if len(cells) != 6:
            raise ValueError(
                f"{path.name}:{n}: expected 6 TAB-separated columns "
                f"(kind, folded, english, abbreviations, uses, source), got {len(cells)}"
            )
        kind, folded, english, shorts, uses, source = (c.strip() for c in cells)
        cue = KindCue(
            kind="" if kind == "-" else kind,
            folded=_cell(folded),
            english=_cell(english),
            abbreviations=_cell(shorts),
            uses=frozenset(uses.split()),
            source=source,
        )
        if not cue.uses or not cue.uses <= USES:
            raise ValueError(f"{path.name}:{n}: uses {uses!r}: each one of {sorted(USES)}")
        if not cue.folded and not cue.english:
            raise ValueError(f"{path.name}:{n}: a row needs a folded or an English word")
        if "en" in cue.uses and not (
            cue.kind and cue.english and re.fullmatch(r"[a-z]+", _noun(cue.english[0]))
        ):
            raise ValueError(f"{path.name}:{n}: an `en` row needs a kind and an English noun")
        for word in (*cue.folded, *cue.english, *cue.abbreviations):
            try:
                re.compile(word)
            except re.error as exc:
                raise ValueError(f"{path.name}:{n}: {word!r} is no pattern: {exc}") from None
        rows.append(cue)
    return tuple(rows)


def _noun(english: str) -> str:
    return english.removesuffix(_PLURAL)


def cues(use: str, rows: tuple[KindCue, ...] | None = None) -> tuple[KindCue, ...]:
    """The rows one reader takes, in the table's order."""
    if use not in USES:
        raise ValueError(f"no reader {use!r}: one of {sorted(USES)}")
    return tuple(c for c in (CUES if rows is None else rows) if use in c.uses)


CUES = read()
# (pattern, kind) of each kind a question names ("Bộ Kế hoạch và Đầu tư" is no plan).
NAMED_KINDS: tuple[tuple[str, str], ...] = tuple(
    (c.pattern(abbreviations=True), c.kind) for c in cues("named")
)
# (pattern, kind) of each kind a question asks for as a document's basis.
BASIS_KINDS: tuple[tuple[str, str], ...] = tuple((c.pattern(), c.kind) for c in cues("basis"))
# (pattern, kind) of the kinds reports only cite ("" for any kind).
CITED_KINDS: tuple[tuple[str, str], ...] = tuple((c.pattern(), c.kind) for c in cues("cited"))
# "<kind> nào", "which <kind>": the folded words and the English nouns, each one group.
WHICH_KINDS_VI = "(?:" + "|".join(w for c in cues("which") for w in c.folded) + ")"
WHICH_KINDS_EN = "(?:" + "|".join(w for c in cues("which") for w in c.english) + ")"
# A provision of a document asked for, folded ("khoản nào của Luật Thủ đô", "điều mấy"; not
# "thời điểm nào", what time, nor "địa điểm nào", what place): a document's name is asked.
PROVISION_ASKED_VI = r"\b(?<!thoi )(?<!dia )(?:dieu|khoan|diem) (?:nao|may|so may)\b"
# The English noun of a "which <kind>" question -> the folded kind, in the table's order.
ENGLISH_KINDS: dict[str, str] = {_noun(c.english[0]): fold(c.kind) for c in cues("en")}
