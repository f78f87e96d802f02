"""The README and the embed guide point only at files inside the repository.

A checkout is all a newcomer has: a link to ``../shared/...`` or a missing file is a dead
end, so every relative Markdown link must resolve and nothing may climb out of the repo.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = [REPO / "README.md", REPO / "ui" / "EMBED.md", REPO / "CHANGELOG.md"]
_LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_links_stay_inside_the_repository(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    assert "../" not in text, f"{doc.name} points outside the repository"
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", text, flags=re.S))
    for target in _LINK.findall(prose):
        if re.match(r"https?://(127\.0\.0\.1|localhost)[:/]", target) or target.startswith("#"):
            continue
        assert not re.match(r"[a-z]+:", target), f"{doc.name}: external link {target}"
        path = (doc.parent / target.split("#", 1)[0]).resolve()
        assert path.is_relative_to(REPO) and path.exists(), f"{doc.name}: broken link {target}"
