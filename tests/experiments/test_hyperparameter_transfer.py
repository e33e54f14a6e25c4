"""Tests of scaling_lab.experiments.hyperparameter_transfer: learning-rate sweeps across widths, in the
standard parametrisation and in muP.

A tiny sweep: shapes, the best rates and losses, and independence of the number of worker processes.  The
preset itself is measured by ``tests/benchmarks/bench_sweeps.py``.
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.experiments import learning_rate_sweep


def test_learning_rate_sweep_shapes_and_workers():
    one = learning_rate_sweep([8, 16], [1e-3, 1e-2, 1e2], n_jobs=1)
    two = learning_rate_sweep([8, 16], [1e-3, 1e-2, 1e2], n_jobs=2)
    np.testing.assert_array_equal(one.loss, two.loss)
    assert one.loss.shape == (2, 2, 3) and one.parametrizations == ("standard", "mup")
    assert one.best_learning_rate("mup").shape == (2,)
    assert np.all(one.best_loss("standard") <= one.loss[0].min(axis=1))
    with pytest.raises(ValueError, match="parametrization must be one of"):
        one.best_learning_rate("ntk")
    with pytest.raises(ValueError, match="parametrizations must be drawn from"):
        learning_rate_sweep([8], [1e-3], parametrizations=("sp",))
    with pytest.raises(ValueError, match="learning_rates must be > 0"):
        learning_rate_sweep([8], [0.0])


def test_presets_reject_bad_arguments_before_training():
    for sweep in (sl.hyperparameter_transfer_sweep,):
        with pytest.raises(ValueError, match="full must be True or False"):
            sweep(full=1)
        with pytest.raises(ValueError, match="seed must be >= 0"):
            sweep(seed=-1)
