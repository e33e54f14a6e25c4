"""Tests of scaling_lab._validate: the input checks every public function uses.

Each helper names the argument it was given in its message (``n_params must be > 0; got -3.0``), accepts
what it promises (finite floats, integral floats as integers, broadcastable shapes) and returns the value
converted; a Chinchilla-form parameter object is read and checked by one rule everywhere.
"""

import math
from types import SimpleNamespace

import numpy as np
import pytest

from scaling_lab._validate import (
    as_confidence, as_float_array, as_int, as_positive_array, as_positive_scalar, as_scalar, as_unit_interval_array,
    at_least, broadcast, chinchilla_constants, format_ci, param_value, same_shape, to_output,
)


# --------------------------------------------------------------------------- arrays
def test_float_array_converts_and_keeps_the_shape():
    out = as_float_array([[1, 2], [3, 4]], "x")
    assert out.dtype == float and out.shape == (2, 2) and out[1, 1] == 4.0
    assert as_float_array(3, "x").shape == ()


@pytest.mark.parametrize("value, match", [
    ([1.0, np.nan], r"n_params must be finite; got NaN in \[ ?1\., nan\]"),
    ([1.0, np.inf], r"n_params must be finite; got inf"),
    ([], "n_params must not be empty"),
    (["a", "b"], "n_params must be numeric"),
    ([[1.0, 2.0], [3.0]], "n_params must be numeric"),  # ragged
])
def test_float_array_rejects_nan_inf_empty_and_text(value, match):
    with pytest.raises(ValueError, match=match):
        as_float_array(value, "n_params")


def test_a_long_bad_array_is_described_by_its_shape():
    with pytest.raises(ValueError, match=r"got NaN in array of shape \(3, 4\)"):
        as_float_array(np.full((3, 4), np.nan), "loss")


@pytest.mark.parametrize("value, allow_zero, match", [
    ([1.0, -3.0], False, r"n_params must be > 0; got -3\.0"),
    ([1.0, 0.0], False, r"n_params must be > 0; got 0\.0"),
    ([1.0, -1e-9], True, r"n_params must be >= 0"),
])
def test_positive_array_names_the_argument_and_the_offending_value(value, allow_zero, match):
    with pytest.raises(ValueError, match=match):
        as_positive_array(value, "n_params", allow_zero=allow_zero)


def test_positive_array_accepts_zero_only_when_asked():
    np.testing.assert_array_equal(as_positive_array([0.0, 2.0], "counts", allow_zero=True), [0.0, 2.0])
    np.testing.assert_array_equal(as_positive_array([0.5, 2.0], "counts"), [0.5, 2.0])


def test_unit_interval_ends_open_or_closed():
    np.testing.assert_array_equal(as_unit_interval_array([0.0, 0.5, 1.0], "p"), [0.0, 0.5, 1.0])
    with pytest.raises(ValueError, match=r"p must lie in \(0, 1\]"):
        as_unit_interval_array([0.0, 0.5], "p", open_low=True)
    with pytest.raises(ValueError, match=r"p must lie in \[0, 1\)"):
        as_unit_interval_array([0.5, 1.0], "p", open_high=True)
    with pytest.raises(ValueError, match=r"p must lie in \[0, 1\]; got 1\.5"):
        as_unit_interval_array([1.5], "p")


# --------------------------------------------------------------------------- scalars
def test_scalar_accepts_numbers_and_0d_arrays_only():
    assert as_scalar(2, "x") == 2.0 and isinstance(as_scalar(np.float32(2.5), "x"), float)
    assert as_scalar(np.array(3.0), "x") == 3.0
    for bad in ([1.0, 2.0], "abc", True, None):
        with pytest.raises(ValueError, match="x must be a single number"):
            as_scalar(bad, "x")
    for bad in (math.nan, math.inf, -math.inf):
        with pytest.raises(ValueError, match="x must be finite"):
            as_scalar(bad, "x")


def test_positive_scalar():
    assert as_positive_scalar(0.0, "noise", allow_zero=True) == 0.0
    with pytest.raises(ValueError, match=r"noise must be > 0; got 0\.0"):
        as_positive_scalar(0.0, "noise")
    with pytest.raises(ValueError, match=r"noise must be >= 0; got -1\.0"):
        as_positive_scalar(-1.0, "noise", allow_zero=True)


def test_int_accepts_integral_floats_and_checks_the_minimum():
    assert as_int(4.0, "n") == 4 and isinstance(as_int(np.int64(3), "n"), int)
    for bad in (2.5, True, "3", None, math.nan):
        with pytest.raises(ValueError, match="n must be an integer"):
            as_int(bad, "n")
    with pytest.raises(ValueError, match="n_boot must be >= 10; got 9"):
        as_int(9, "n_boot", minimum=10)


@pytest.mark.parametrize("value", [0.0, 1.0, -0.1, 1.5, math.nan, "high"])
def test_confidence_must_lie_strictly_between_0_and_1(value):
    with pytest.raises(ValueError, match="confidence"):
        as_confidence(value)


def test_confidence_names_another_argument():
    assert as_confidence(0.9) == 0.9
    with pytest.raises(ValueError, match="level must lie in"):
        as_confidence(1.0, "level")


# --------------------------------------------------------------------------- shapes and counts
def test_same_shape_names_both_arguments():
    same_shape(x=np.ones(3), y=np.zeros(3))
    with pytest.raises(ValueError, match=r"y must have the same shape as x; got \(2,\) and \(3,\)"):
        same_shape(x=np.ones(3), y=np.ones(2))


def test_at_least_counts_values():
    at_least(np.ones(3), "x", 3)
    with pytest.raises(ValueError, match="x needs at least 4 points; got 3"):
        at_least(np.ones(3), "x", 4)


def test_broadcast_names_every_argument_when_shapes_clash():
    n, d = broadcast(n_params=np.ones(3), n_tokens=np.array(2.0))
    assert n.shape == d.shape == (3,) and np.all(d == 2.0)
    with pytest.raises(ValueError, match=r"n_params, n_tokens must have broadcastable shapes; "
                                         r"got n_params \(4,\), n_tokens \(3,\)"):
        broadcast(n_params=np.ones(4), n_tokens=np.ones(3))


def test_to_output_gives_a_float_for_a_scalar():
    assert isinstance(to_output(np.array(2.0)), float)
    assert to_output([1, 2]).dtype == float


# --------------------------------------------------------------------------- parameter objects
def test_param_value_reads_and_checks_one_attribute():
    p = SimpleNamespace(alpha=0.34, shift=-1.0)
    assert param_value(p, "alpha") == 0.34
    assert param_value(p, "shift", positive=False) == -1.0
    with pytest.raises(ValueError, match=r"params\.shift must be > 0"):
        param_value(p, "shift")
    with pytest.raises(ValueError, match="fit must have an attribute 'beta'"):
        param_value(p, "beta", "fit")


def test_chinchilla_constants_one_rule_everywhere():
    law = SimpleNamespace(E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28)
    assert chinchilla_constants(law) == (1.69, 406.4, 410.7, 0.34, 0.28)
    assert chinchilla_constants(SimpleNamespace(E=0.0, A=1.0, B=1.0, alpha=0.3, beta=0.3))[0] == 0.0
    # The frontier does not depend on E: it need not be there.
    assert chinchilla_constants(SimpleNamespace(A=1.0, B=2.0, alpha=0.3, beta=0.4), floor=False)[0] is None
    with pytest.raises(ValueError, match=r"params\.E must be >= 0 \(a loss floor\)"):
        chinchilla_constants(SimpleNamespace(E=-0.1, A=1.0, B=1.0, alpha=0.3, beta=0.3))
    with pytest.raises(ValueError, match=r"law\.beta must be > 0"):
        chinchilla_constants(SimpleNamespace(E=1.0, A=1.0, B=1.0, alpha=0.3, beta=0.0), "law")
    with pytest.raises(ValueError, match=r"params\.A must be finite"):
        chinchilla_constants(SimpleNamespace(E=1.0, A=math.inf, B=1.0, alpha=0.3, beta=0.3))


def test_format_ci_uses_four_significant_digits():
    assert format_ci((0.123456, 12345.6)) == "(0.1235, 1.235e+04)"
