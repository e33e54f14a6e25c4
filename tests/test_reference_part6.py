"""Tests of scaling_lab.reference.strubell and learning_curves: the printed numbers and their status marks."""

import pytest

from scaling_lab.reference import KAPLAN_2020_LOSS_D, KAPLAN_2020_LOSS_N
from scaling_lab.reference.learning_curves import (
    HESTNESS_2017_EXPONENT_RANGE, PUBLISHED_LEARNING_CURVE_EXPONENTS, verified_exponents,
)
from scaling_lab.reference.strubell import POUNDS_TO_KG, STRUBELL_2019_TABLE_1


def test_strubell_table_1_as_printed():
    # Strubell, Ganesh & McCallum 2019 (ACL), Table 1, lbs CO2e, in the printed order.
    assert [row.co2e_lbs for row in STRUBELL_2019_TABLE_1] == [1984, 11023, 36156, 126000, 39, 78468, 192, 626155]
    assert [row.category for row in STRUBELL_2019_TABLE_1].count("training one model (GPU)") == 4


def test_strubell_ratios_the_chapter_quotes():
    rows = {row.label: row.co2e_lbs for row in STRUBELL_2019_TABLE_1}
    # Tuning multiplies the single model's cost about 2000x; architecture search about 3300x.
    assert rows["NLP pipeline w/ tuning & experimentation"] / rows["NLP pipeline (parsing, SRL)"] == pytest.approx(2012, abs=1)
    assert rows["Transformer (big) w/ neural architecture search"] / rows["Transformer (big)"] == pytest.approx(3261, abs=1)
    # The search emits about five car lifetimes.
    assert rows["Transformer (big) w/ neural architecture search"] / rows["Car, avg incl. fuel, 1 lifetime"] == pytest.approx(4.97, abs=0.01)
    assert POUNDS_TO_KG == 0.45359237


def test_learning_curve_exponents_and_their_marks():
    by_status = {e.status for e in PUBLISHED_LEARNING_CURVE_EXPONENTS}
    assert by_status == {"primary", "authors' summary", "secondary"}
    assert all(e.exponent < 0 for e in PUBLISHED_LEARNING_CURVE_EXPONENTS)   # signed convention
    kept = verified_exponents()
    assert all(e.status != "secondary" for e in kept)
    assert [e.exponent for e in verified_exponents(include_authors_summary=False)] == [
        -KAPLAN_2020_LOSS_D.exponent, -KAPLAN_2020_LOSS_N.exponent]
    lo, hi = HESTNESS_2017_EXPONENT_RANGE
    # Every per-domain value quoted for Hestness et al. lies inside the authors' stated range.
    for e in PUBLISHED_LEARNING_CURVE_EXPONENTS:
        if e.status == "secondary":
            assert lo <= e.exponent <= hi or e.quantity.startswith("top-5")
