"""Tests of scaling_lab.reference.learning_curves: the published learning-curve exponents, signed, and the
marks that say how far each was checked.
"""

from scaling_lab.reference import KAPLAN_2020_LOSS_D, KAPLAN_2020_LOSS_N
from scaling_lab.reference.learning_curves import (
    HESTNESS_2017_EXPONENT_RANGE, PUBLISHED_LEARNING_CURVE_EXPONENTS, verified_exponents,
)


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
