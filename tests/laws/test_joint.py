"""Tests of scaling_lab.laws.joint: the joint laws of Hoffmann et al. (2022, eq. 10, the Chinchilla form) and
of Rosenfeld et al. (2020, the envelope).
"""

import math
from types import SimpleNamespace

import numpy as np
import pytest

from tests.laws.conftest import assert_bad_input_is_named
from hypothesis import given, settings
from hypothesis import strategies as st

from scaling_lab.laws import chinchilla_loss, rosenfeld_loss
from scaling_lab.reference import HOFFMANN_2022_TEX, ROSENFELD_2020_ILLUSTRATIVE

FAST = settings(max_examples=30, deadline=None)


big = st.floats(min_value=1e6, max_value=1e14)


# ---------------------------------------------------------------- Chinchilla
def test_chinchilla_loss_closed_form():
    expected = 1.69 + 406.4 / 70e9**0.34 + 410.7 / 1.4e12**0.28
    assert chinchilla_loss(70e9, 1.4e12) == pytest.approx(expected, rel=1e-14)
    assert chinchilla_loss(70e9, 1.4e12) == pytest.approx(1.9366, abs=1e-4)
    assert chinchilla_loss(1e40, 1e40) == pytest.approx(1.69, abs=1e-8)  # floor E


def test_chinchilla_loss_accepts_any_params_object_and_broadcasts():
    fit = SimpleNamespace(E=1.0, A=1.0, B=1.0, alpha=1.0, beta=1.0)
    assert chinchilla_loss(2.0, 4.0, fit) == 1.75
    out = chinchilla_loss(1e9, np.array([1e9, 1e10, 1e11]), HOFFMANN_2022_TEX)
    assert out.shape == (3,) and np.all(np.diff(out) < 0)


@FAST
@given(n=big, d=big, factor=st.floats(1.01, 100))
def test_chinchilla_loss_decreases_in_n_and_d(n, d, factor):
    base = chinchilla_loss(n, d)
    assert chinchilla_loss(n * factor, d) < base
    assert chinchilla_loss(n, d * factor) < base


# ---------------------------------------------------------------- Rosenfeld
def test_rosenfeld_envelope_matches_complex_form_and_limits():
    p = ROSENFELD_2020_ILLUSTRATIVE
    m, n = np.meshgrid(np.logspace(2, 9, 8), np.logspace(1, 7, 7))
    eps_t = p.a * n**-p.alpha + p.b * m**-p.beta + p.c_inf
    np.testing.assert_allclose(rosenfeld_loss(m, n), np.abs(p.eps0 * eps_t / (eps_t - 1j * p.eta)), rtol=1e-12)
    assert rosenfeld_loss(1.0, 1.0) == pytest.approx(p.eps0, rel=0.01)  # tiny model and data: random guess
    floor = p.eps0 * p.c_inf / math.hypot(p.c_inf, p.eta)
    assert rosenfeld_loss(1e30, 1e30) == pytest.approx(floor, rel=1e-9)


# ---------------------------------------------------------------- bad input
GOOD = {"n_params": 1000000000.0, "n_tokens": 10000000000.0, "n_samples": 10000.0}

CASES = [
    (chinchilla_loss, {}, ["n_params", "n_tokens"]),
    (rosenfeld_loss, {}, ["n_params", "n_samples"]),
]
@pytest.mark.parametrize("func, extra, args", CASES, ids=[c[0].__name__ for c in CASES])
def test_bad_input_names_the_argument(func, extra, args):
    assert_bad_input_is_named(func, GOOD, extra, args)


def test_bad_scalar_constants_are_named():
    with pytest.raises(ValueError, match=r"params\.alpha"):
        chinchilla_loss(1e9, 1e9, SimpleNamespace(E=1.0, A=1.0, B=1.0, alpha=-1.0, beta=0.3))
    with pytest.raises(ValueError, match="params"):
        chinchilla_loss(1e9, 1e9, object())
    with pytest.raises(ValueError, match=r"params\.E"):
        chinchilla_loss(1e9, 1e9, SimpleNamespace(E=-1.0, A=1.0, B=1.0, alpha=0.3, beta=0.3))
