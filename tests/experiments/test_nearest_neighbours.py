"""Tests of scaling_lab.experiments.nearest_neighbours: the one-nearest-neighbour regressor against brute force,
and its learning curve against the rate n^(-2/k) for noise-free labels (book/nonparametric.md)."""

import numpy as np
import pytest

import scaling_lab as sl


def test_predict_matches_brute_force():
    rng = np.random.default_rng(61)
    x, y, q = rng.random((300, 4)), rng.standard_normal(300), rng.random((40, 4))
    squared = np.sum((q[:, None, :] - x[None, :, :]) ** 2, axis=2)
    np.testing.assert_array_equal(sl.nearest_neighbour_predict(x, y, q), y[np.argmin(squared, axis=1)])
    # One dimension may come as a vector; a training point is its own nearest neighbour.
    np.testing.assert_array_equal(sl.nearest_neighbour_predict(x[:, 0], y, x[:, 0]), y)


@pytest.mark.slow
@pytest.mark.parametrize("dimension", [1, 2, 3])
def test_the_learning_curve_falls_as_n_to_the_minus_two_over_k(dimension):
    # Noise-free labels, one neighbour: E r^2 ~ n^(-2/k).  Measured slopes -2.03, -0.99, -0.67 (k = 1, 2, 3);
    # 0.06 allows for the scatter of three trials on 300 test points.
    errors = sl.nearest_neighbour_curve(sl.WarpedTorus(dimension), 2 ** np.arange(7, 13), n_trials=3, n_test=300,
                                        train_seeds=[62, 63, 64], test_seed=65)
    assert errors.shape == (3, 6)
    slope = sl.fit_power_law(2 ** np.arange(7, 13), errors.mean(axis=0)).exponent
    assert abs(slope + 2 / dimension) < 0.06 * 2 / dimension + 0.02


def test_bad_input():
    x, y = np.ones((5, 2)), np.ones(5)
    with pytest.raises(ValueError, match="train_targets"):
        sl.nearest_neighbour_predict(x, np.ones(4), x)
    with pytest.raises(ValueError, match="test_points"):
        sl.nearest_neighbour_predict(x, y, np.ones((3, 3)))
    with pytest.raises(ValueError, match="train_points"):
        sl.nearest_neighbour_predict(np.full((5, 2), np.nan), y, x)
    with pytest.raises(ValueError, match="test_points"):
        sl.nearest_neighbour_predict(x, y, [[np.inf, 0.0]])
    with pytest.raises(ValueError, match="sample_sizes"):
        sl.nearest_neighbour_curve(sl.WarpedTorus(1), [10, 5], n_trials=1, n_test=5, train_seeds=[3], test_seed=4)
    with pytest.raises(ValueError, match="train_seeds"):
        sl.nearest_neighbour_curve(sl.WarpedTorus(1), [5, 10], n_trials=2, n_test=5, train_seeds=[3], test_seed=4)
