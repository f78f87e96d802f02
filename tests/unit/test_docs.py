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


def _langchain_example() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Dùng trong LangChain", 1)[1]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    return code.split("# --- với mô hình nội bộ", 1)[0]


def test_langchain_example_runs_a_chain_with_a_fake_chat_model() -> None:
    """The README's chain, built from its own code: hoidap's retriever feeds numbered,
    cited passages into the prompt, and the chat model's reply comes out as text."""
    from langchain_core.language_models import FakeListChatModel
    from langchain_core.prompt_values import PromptValue
    from langchain_core.runnables import RunnableLambda

    from hoidap.types import Hit
    from qa.langchain import HoidapRetriever
    from tests.ui_fakes import CA_MAU_FILE, FakePipeline

    class Retrieving(FakePipeline):
        def retrieve(self, query: str, k: int = 5, **_: object) -> list[Hit]:
            return list(self.ask(query).hits[:k])

    namespace: dict[str, object] = {}
    exec(compile(_langchain_example(), "README.md", "exec"), namespace)
    seen: list[str] = []

    def record(prompt: PromptValue) -> PromptValue:
        seen.append(prompt.to_string())
        return prompt

    reply = "Cà Mau đã tiêm cho 859.463 người [1]."
    model = RunnableLambda(record) | FakeListChatModel(responses=[reply])
    retriever = HoidapRetriever(pipeline=Retrieving.from_reports(), k=2)
    chain = namespace["build_chain"](retriever, model)  # type: ignore[operator]
    assert chain.invoke("Cà Mau đã tiêm vắc xin cho bao nhiêu người?") == reply
    prompt = seen[0]
    assert f"[1] ({CA_MAU_FILE} · " in prompt and "dòng 129-133" in prompt
    assert "859.463 người" in prompt and "[2]" in prompt
    assert prompt.rstrip().endswith("Câu hỏi: Cà Mau đã tiêm vắc xin cho bao nhiêu người?")
