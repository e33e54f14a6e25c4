"""Claims that the audit of the later chapters (issue 17) corrected, held in place.

- No author's note leaks into reader text: phrases that speak of this course's own sources or of what its
  writers could or could not read belong in commit messages and reports, not in a chapter.
- The repetition value the transfer chapter states, "the e-th epoch is worth about e^{-(e-1)/R_D*}", is the
  slope of the package's effective data at R_D = e - 1, and is what ``value_of_repetition`` reports (the old
  text was off by one against it).
- The AlphaGo Zero comparison of the compute chapter: GPT-3's 3,640 PF-days (Brown et al. 2020, Table D.1)
  are about twice the 1,860 PF-days that Gwern's essay reads off the chart of "AI and Compute" (Amodei and
  Hernandez 2018) for AlphaGo Zero ("only 2x their estimate"); the post's text gives no number for it.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

import scaling_lab as sl

ROOT = Path(__file__).resolve().parents[2]

# The pages this audit covered. The mixture-of-experts section of observational.md was out of its scope.
AUDITED = ("compute", "three_approaches", "forecasting", "emergence", "transfer_limits", "summary",
           "overtraining", "schedules")

# Notes to the writers, not to the reader (each was found in a chapter at least once).
AUTHOR_NOTES = (
    r"could not read",
    r"source notes?",
    r"study notes",
    r"secondary sources",
    r"\bTODO\b",
    r"\bFIXME\b",
    r"\bXXX\b",
)


def _prose(path: Path) -> str:
    """The markdown of a page without its code cells (comments in code may name sources)."""
    return re.sub(r"```\{code-cell\}.*?```", "", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("page", AUDITED)
def test_no_author_note_in_reader_text(page):
    prose = _prose(ROOT / "book" / f"{page}.md")
    for pattern in AUTHOR_NOTES:
        found = re.search(pattern, prose, flags=re.I)
        assert found is None, f"{page}.md: author's note in reader text: {found.group(0)!r}"


@pytest.mark.parametrize("epochs", [2, 4, 16, 40])
def test_the_eth_epoch_is_worth_the_slope_at_e_minus_one_repetitions(epochs):
    r_star = sl.MUENNIGHOFF_2023.r_d_star
    unique = 1e9
    step = 1e-4  # in epochs; a central difference, exact to O(step^2)
    up = sl.effective_data((epochs + step) * unique, unique)
    down = sl.effective_data((epochs - step) * unique, unique)
    slope = (up - down) / (2 * step * unique)
    assert slope == pytest.approx(np.exp(-(epochs - 1) / r_star), rel=1e-6)
    assert float(sl.value_of_repetition(epochs).last_epoch_value) == pytest.approx(slope, rel=1e-6)


def test_gpt3_used_about_twice_alphago_zeros_compute():
    alphago_zero_pf_days = 1860  # Amodei and Hernandez (2018)'s chart, as Gwern reads it (compute chapter)
    ratio = sl.GPT3_TRAINING_COMPUTE_PF_DAYS / alphago_zero_pf_days
    assert sl.GPT3_TRAINING_COMPUTE_PF_DAYS == 3640  # Brown et al. 2020, Table D.1
    assert 1.9 < ratio < 2.0
    text = (ROOT / "book" / "compute.md").read_text(encoding="utf-8")
    assert "ALPHAGO_ZERO_PF_DAYS = 1860" in text and "{cite:p}`amodei2018ai`" in text
