"""Tests of scaling_lab.experiments.manifold_data: data on a flat k-torus inside a higher-dimensional space,
and the hidden data set whose dimension a student infers from the measured rate.
"""

import math

import numpy as np
import pytest

from scaling_lab.experiments.box_regression import box_regression_curves
from scaling_lab.experiments.manifold_data import HIDDEN_AMBIENT_DIMENSION, ManifoldData, hidden_manifold_data

SIZES = 2.0 ** np.arange(9, 16)  # 512 ... 32768: about 0.5 s per curve on one core


def test_hidden_data_set_hides_and_reveals_its_dimension():
    data = hidden_manifold_data(2)
    assert data.ambient_dimension == HIDDEN_AMBIENT_DIMENSION and data.dimension in (1, 2, 3)
    assert "hidden" in repr(data) and f"dimension={data.dimension}" not in repr(data)
    curves = box_regression_curves(data, SIZES, n_trials=3, seed=0)
    assert "?" in repr(curves) and math.isnan(curves.theory_exponent)
    assert round(-2 / curves.exponent - 2) == data.dimension  # the student's inference
    assert hidden_manifold_data(2) == data and hidden_manifold_data(11).dimension == 1


def test_manifold_geometry():
    points, targets, labels = ManifoldData(2, ambient_dimension=5, noise=0.0).sample(300, seed=1)
    assert points.shape == (300, 5) and np.array_equal(targets, labels)
    # The flat torus: every point sits at distance sqrt(k)/(2 pi) from the origin.
    assert np.allclose(np.linalg.norm(points, axis=1), math.sqrt(2) / (2 * math.pi))
    assert np.var(targets) == pytest.approx(1.0, abs=0.15)


# --------------------------------------------------------------------------- bad input
def test_bad_input():
    with pytest.raises(ValueError, match="dimension must be >= 1"):
        ManifoldData(0)
    with pytest.raises(ValueError, match="ambient_dimension must be >= 4"):
        ManifoldData(2, ambient_dimension=3)
    with pytest.raises(ValueError, match="noise must be >= 0"):
        ManifoldData(1, noise=-1.0)
    with pytest.raises(ValueError, match="n_samples must be >= 1"):
        ManifoldData(1).sample(0)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        hidden_manifold_data(-1)
