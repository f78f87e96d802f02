"""Comparisons and answers computed from cited figures on the bundled reports (real index,
the shipped model asserting whatever it finds, so a refit's threshold does not decide)."""

from __future__ import annotations

from typing import Any

import pytest

from hoidap.config import Config
from hoidap.text import find_numbers
from qa.pipeline import Pipeline
from qa.scorer import Scorer, shipped

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def pipeline(real_config: Config, real_index: Any) -> Pipeline:
    model = shipped()
    assert model is not None
    return Pipeline(real_index, real_config).with_scorer(Scorer({**model.model, "threshold": 0.0}))


def test_a_comparison_of_provinces_leads_with_both_cited_figures_and_the_gap(
    pipeline: Pipeline,
) -> None:
    answer = pipeline.ask("So sánh số trạm y tế lưu động của Cà Mau và Lạng Sơn.")
    assert not answer.abstained
    lead, *sides = answer.text.split("\n")
    assert len(sides) == 2 and lead.startswith("Cà Mau ") and ", Lạng Sơn " in lead
    # Each side's figure is the one its own line cites, read from the report's text.
    figures = []
    for marker, side in enumerate(sides, start=1):
        citation = answer.citations[marker - 1]
        figure = find_numbers(side.split(" — ")[0])[0]
        assert figure.value in {m.value for m in find_numbers(citation.quote)}
        # The unit as the reports write it, the glossary's "trạm y tế".
        assert f"{figure.text} trạm y tế [{marker}]" in lead
        figures.append(figure.value)
    gap = abs(figures[0] - figures[1])
    more = "Cà Mau" if figures[0] > figures[1] else "Lạng Sơn"
    assert lead.endswith(f": {more} nhiều hơn {gap:.0f} trạm y tế")


def test_an_english_comparison_leads_in_english(pipeline: Pipeline) -> None:
    answer = pipeline.ask("Compare the number of mobile medical stations in Cà Mau and Lạng Sơn.")
    assert not answer.abstained
    lead = answer.text.split("\n")[0]
    assert " more" in lead and "nhiều hơn" not in lead and "stations" in lead
