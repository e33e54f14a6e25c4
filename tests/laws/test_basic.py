"""Tests of scaling_lab.laws.basic: the pure and the saturating power law, and the truncated Zipf law.

Closed forms (scale invariance, limits, harmonic numbers), and bad input named.
"""

import numpy as np
import pytest

from tests.laws.conftest import assert_bad_input_is_named
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lab.laws import power_law, saturating_power_law, zipf_pmf

FAST = settings(max_examples=30, deadline=None)
positive = st.floats(min_value=1e-3, max_value=1e3)


# ---------------------------------------------------------------- generic forms
@FAST
@given(x=positive, scale=positive, exponent=st.floats(-3, 3))
def test_power_law_scale_invariance(x, scale, exponent):
    # y(s x) / y(x) = s^k for every x: the defining property of a power law.
    ratio = power_law(scale * x, 2.5, exponent) / power_law(x, 2.5, exponent)
    assert ratio == pytest.approx(scale**exponent, rel=1e-9)


def test_power_law_identities():
    assert power_law(1.0, 3.0, -0.7) == 3.0
    np.testing.assert_allclose(power_law([1, 10, 100], 2.0, -1.0), [2.0, 0.2, 0.02], rtol=1e-15)
    assert isinstance(power_law(2.0, 1.0, 1.0), float)


def test_saturating_power_law_limits():
    assert saturating_power_law(1.0, 1.7, 3.0, 0.5) == pytest.approx(4.7)
    assert saturating_power_law(1e30, 1.7, 3.0, 0.5) == pytest.approx(1.7, abs=1e-12)
    # minus the floor, it is a decaying pure power law
    x = np.array([1.0, 4.0, 16.0])
    np.testing.assert_allclose(saturating_power_law(x, 1.7, 3.0, 0.5) - 1.7, power_law(x, 3.0, -0.5))


# ---------------------------------------------------------------- bad input
GOOD = {"x": 2.0}

CASES = [
    (power_law, {"coefficient": 1.0, "exponent": -1.0}, ["x"]),
    (saturating_power_law, {"irreducible_loss": 1.0, "coefficient": 1.0, "decay_exponent": 0.5}, ["x"]),
]
@pytest.mark.parametrize("func, extra, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_input_names_the_argument(func, extra, args):
    assert_bad_input_is_named(func, GOOD, extra, args)


def test_bad_scalar_constants_are_named():
    with pytest.raises(ValueError, match="exponent"):
        saturating_power_law(2.0, 1.0, 1.0, -0.5)
    with pytest.raises(ValueError, match="coefficient"):
        power_law(2.0, np.nan, 1.0)


# --------------------------------------------------------------------------- truncated Zipf law
def test_zipf_pmf_closed_forms():
    ranks = np.arange(1, 11)
    p = zipf_pmf(ranks, 1.0, 10)
    # s = 1, K = 10: p(r) = (1/r) / H_10 with H_10 = 7381/2520 (the 10th harmonic number).
    assert np.allclose(p, (1.0 / ranks) / (7381 / 2520), rtol=1e-12)
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    # s = 0 is the uniform distribution; one type has probability one.
    assert zipf_pmf(3, 0.0, 5) == pytest.approx(0.2, abs=1e-15)
    assert zipf_pmf(1, 2.0, 1) == pytest.approx(1.0, abs=1e-15)


@given(s=st.floats(0.0, 4.0), k=st.integers(1, 5000))
@settings(max_examples=40, deadline=None)
def test_zipf_pmf_sums_to_one_and_ratios_are_power_laws(s, k):
    p = np.atleast_1d(zipf_pmf(np.arange(1, k + 1), s, k))
    assert p.sum() == pytest.approx(1.0, rel=1e-9)
    if k >= 4:  # scale invariance: p(2r)/p(r) = 2^-s whatever r
        assert p[3] / p[1] == pytest.approx(2.0**-s, rel=1e-9)
        assert p[1] / p[0] == pytest.approx(2.0**-s, rel=1e-9)


@pytest.mark.parametrize("kwargs, match", [
    (dict(ranks=[0, 1]), "ranks"),
    (dict(ranks=[1.5]), "ranks"),
    (dict(ranks=[11]), "ranks"),
    (dict(ranks=[np.nan]), "ranks"),
    (dict(decay_exponent=-0.5), "decay_exponent"),
    (dict(decay_exponent=np.inf), "decay_exponent"),
    (dict(n_types=0), "n_types"),
    (dict(n_types=2.5), "n_types"),
])
def test_zipf_pmf_bad_input(kwargs, match):
    args = dict(ranks=[1, 2], decay_exponent=1.0, n_types=10)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        zipf_pmf(**args)
