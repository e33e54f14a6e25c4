"""No lab asks for a number that a chapter prints (issue 16, item 3).

A lab that re-runs a chapter's experiment with the chapter's data and seed asks nothing new: the chapter has
already printed the answer.  Here every number a built chapter shows from its own computation (the values glued
into its text, ``<span class="pasted-text">`` on the page) is compared with every expected answer of every lab
(``NumberExercise`` and ``ArrayExercise`` specs of ``scaling_lab.checks``): an answer that rounds to a glued value
at the precision the chapter shows it, with at least three significant digits, is a reused number.  Whole
numbers below 1,000 (flags, counts, options) are left out, and so is a match that was checked and found to be a
coincidence (:data:`COINCIDENCES`, each with its reason).
"""

from __future__ import annotations

import html
import math
import re

import numpy as np
import pytest

from scaling_lab.checks import ArrayExercise, NumberExercise, registry

pytestmark = pytest.mark.site

#: (label, value as the chapter shows it): matches checked by hand and found to be chance, not a reused result.
COINCIDENCES = {
    # Lab 3's fitted noise scale sigma^2 of minority A, from its own seed-11 pilots (1.2033); the forecasting
    # chapter's 1.20 is the floor E, in nats, of its fit to Pythia's LAMBADA cross-entropy.
    ("lab3-laws", 1.2),
}

_NUMBER = re.compile(r"[-+−]?\d[\d,]*(?:\.\d+)?(?:e[-+]?\d+)?", re.I)


def shown_numbers(text: str) -> list[tuple[float, float]]:
    """(value, half a unit in the last digit shown) of every number in a glued text with 3+ significant digits."""
    found = []
    for match in _NUMBER.finditer(text.replace("−", "-")):
        token = match.group(0).replace(",", "")
        mantissa = re.split(r"e", token, flags=re.I)[0].lstrip("+-")
        digits = mantissa.replace(".", "").lstrip("0")
        if len(digits) < 3:
            continue
        value = float(token)
        decimals = len(mantissa.split(".")[1]) if "." in mantissa else 0
        exponent = int(re.split(r"e", token, flags=re.I)[1]) if re.search(r"e", token, re.I) else 0
        half_unit = 0.5 * 10.0 ** (exponent - decimals)
        found.append((value, half_unit))
        if text[match.end():match.end() + 1] == "%":
            found.append((value / 100, half_unit / 100))
    return found


def glued_numbers(site_dir) -> dict[float, tuple[float, str]]:
    numbers = {}
    for page in sorted((site_dir / "book").glob("*.html")):
        for text in re.findall(r'<span class="pasted-text">([^<]+)</span>', page.read_text(encoding="utf-8")):
            for value, half_unit in shown_numbers(html.unescape(text)):
                numbers.setdefault(value, (half_unit, page.stem))
    return numbers


def lab_answers():
    for label, spec in sorted(registry.EXERCISES.items()):
        if type(spec) in (NumberExercise, ArrayExercise):
            yield label, np.atleast_1d(np.asarray(spec.answer(), dtype=float)).ravel()


def test_no_lab_answer_is_a_number_a_chapter_prints(site_dir):
    glued = glued_numbers(site_dir)
    assert len(glued) > 100, f"only {len(glued)} glued numbers found on the chapters: is the site built?"
    reused = []
    for label, values in lab_answers():
        for answer in values:
            if not math.isfinite(answer) or answer == 0 or (answer == round(answer) and abs(answer) < 1000):
                continue
            for value, (half_unit, page) in glued.items():
                if (abs(answer - value) <= half_unit and abs(value) >= 10 * half_unit
                        and (label, value) not in COINCIDENCES):
                    reused.append(f"{label}: {answer:.6g} is printed by book/{page}.md as {value:g}")
    assert not reused, "\n".join(reused)


def test_the_rule_can_fail():
    assert shown_numbers("0.476") == [(0.476, 0.0005)]
    assert shown_numbers("12%") == []  # two significant digits: too common to count
    assert shown_numbers("1,475×") == [(1475.0, 0.5)]
    assert [v for v, _ in shown_numbers("39.2%")] == [39.2, 0.392]
    assert shown_numbers("5.76e+23") == [(5.76e23, 0.005e23)]
