"""Tests of scaling_lab.data.mystery: the tori of known dimension and the mystery source that hides its own.

The dimension must not be readable from the object (no attribute, repr or docstring) nor from the points'
global principal components; the budget is enforced; draws are seeded and nested.
"""

import inspect

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.data.mystery import (
    MYSTERY_AMBIENT_DIMENSION, MYSTERY_BUDGET_POINTS, MYSTERY_DIMENSIONS, draw_torus_points, secret_dimension,
)


def test_draws_are_seeded_nested_and_sixteen_dimensional():
    torus = sl.WarpedTorus(3, geometry_seed=5)
    points, targets = torus.sample(200, seed=41)
    more, more_targets = torus.sample(500, seed=41)
    assert points.shape == (200, MYSTERY_AMBIENT_DIMENSION) and targets.shape == (200,)
    np.testing.assert_array_equal(points, more[:200])
    np.testing.assert_array_equal(targets, more_targets[:200])
    assert not np.array_equal(points, torus.sample(200, seed=42)[0])
    assert abs(np.var(more_targets) - 1.0) < 0.2  # the target has variance 1 on the torus


@pytest.mark.parametrize("dimension", MYSTERY_DIMENSIONS)
def test_the_embedding_is_a_flat_torus_with_a_flat_global_spectrum(dimension):
    # Eight (cos, sin) pairs with distinct integer frequencies: every coordinate direction carries about the same
    # variance, so a global principal-component analysis shows no gap at 2k (measured: smallest singular value
    # ratio above 0.85 for k = 1 ... 6).
    points, _ = draw_torus_points(dimension, 11, 4000, 43, stream=1)
    singular = np.linalg.svd(points - points.mean(axis=0), compute_uv=False)
    assert singular[-1] / singular[0] > 0.7


def test_the_mystery_hides_its_dimension():
    mystery = sl.MysteryData(seed=3014)
    secret = secret_dimension(3014)
    public = {name for name in dir(mystery) if not name.startswith("_")}
    assert public == {"seed", "budget_points", "spent_points", "remaining_points", "sample"}
    assert not hasattr(mystery, "__dict__")  # nothing else can be stored on it
    assert sl.MysteryData.__slots__ == ("seed", "budget_points", "_spent")
    assert "dimension=" not in repr(mystery).replace("ambient_dimension=", "")
    assert "3014" not in inspect.getdoc(sl.MysteryData)
    # The mystery's points differ from the known torus of the same dimension and seed.
    assert not np.allclose(mystery.sample(20, seed=44)[0], sl.WarpedTorus(secret, geometry_seed=3014)
                           .sample(20, seed=44)[0])


def test_secret_dimensions_cover_one_to_six():
    drawn = {secret_dimension(seed) for seed in range(3000, 3060)}  # 60 seeds: every dimension appears
    assert drawn == set(MYSTERY_DIMENSIONS)


def test_the_budget_is_counted_and_enforced():
    mystery = sl.MysteryData(seed=3014, budget_points=1000)
    mystery.sample(600, seed=45)
    assert mystery.spent_points == 600 and mystery.remaining_points == 400
    with pytest.raises(ValueError, match="400 points left"):
        mystery.sample(401, seed=46)
    assert mystery.spent_points == 600
    assert sl.MysteryData(seed=1).budget_points == MYSTERY_BUDGET_POINTS


@pytest.mark.parametrize("bad", [-1, 1.5, np.nan, "a"])
def test_bad_input(bad):
    with pytest.raises(ValueError):
        sl.MysteryData(seed=bad)
    with pytest.raises(ValueError):
        sl.WarpedTorus(bad)
    with pytest.raises(ValueError):
        sl.WarpedTorus(2).sample(bad, seed=3)
    with pytest.raises(ValueError):
        sl.MysteryData(seed=3).sample(10, seed=bad)
    with pytest.raises(ValueError):
        sl.WarpedTorus(9)  # at most 8 (16 coordinates hold 8 circles)
