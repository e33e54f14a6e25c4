"""Tests of scaling_lab.experiments.random_features: the sweeps of random-features models (size, data, double
descent).

A tiny sweep: shapes, the theory exponent, and independence of the number of worker processes.  The presets
themselves are measured by ``tests/benchmarks/bench_sweeps.py``.  (The model itself is tested in
tests/nets/test_random_features.py.)
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.experiments import random_features_sweep


def test_random_features_sweep_workers_and_shapes():
    one = random_features_sweep([8, 16], 64, ridges=(1e-8, 1e-2), seeds=(0, 1), n_jobs=1)
    two = random_features_sweep([8, 16], 64, ridges=(1e-8, 1e-2), seeds=(0, 1), n_jobs=2)
    np.testing.assert_array_equal(one.loss, two.loss)
    assert one.loss.shape == (2, 2, 2) and one.mean_loss.shape == (2, 2)
    assert one.theory_exponent == 1.0 and np.all(one.loss > one.noise_variance)
    with pytest.raises(ValueError, match="feature_map must be one of"):
        random_features_sweep([8], 64, feature_map="tanh")
    with pytest.raises(ValueError, match="ridges must be > 0"):
        random_features_sweep([8], 64, ridges=(0.0,))


def test_presets_reject_bad_arguments_before_training():
    for sweep in (sl.rf_size_sweep, sl.rf_data_sweep, sl.rf_double_descent):
        with pytest.raises(ValueError, match="full must be True or False"):
            sweep(full=1)
        with pytest.raises(ValueError, match="seed must be >= 0"):
            sweep(seed=-1)
