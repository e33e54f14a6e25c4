"""Tests of scaling_lab.experiments.teacher_student: the sweeps of student MLPs fitted to a teacher.

Tiny versions of the presets (a few runs of a few steps): bookkeeping, determinism, and independence of the
number of worker processes.  The presets themselves are measured by ``tests/benchmarks/bench_sweeps.py``.
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.experiments import mlp_width_for, student_sweep


def test_student_sweep_workers_and_select():
    kwargs = dict(n_steps=30, seed=1)
    one = student_sweep([4, 8, 4], [1, 1, 2], ["adam", "sgd", "adam"], n_jobs=1, **kwargs)
    two = student_sweep([4, 8, 4], [1, 1, 2], ["adam", "sgd", "adam"], n_jobs=2, **kwargs)
    np.testing.assert_array_equal(one.loss, two.loss)
    np.testing.assert_array_equal(one.n_params, [41, 81, 4 * 4 + 4 + 41])
    adam = one.select(optimizer="adam")
    assert len(adam) == 2 and set(adam.depth.tolist()) == {1, 2}
    data = student_sweep([4, 4], 1, "adam", n_samples=[16, 64], n_steps=30, n_curve_points=5, n_jobs=1)
    np.testing.assert_array_equal(data.n_samples, [16, 64])
    assert data.curve_loss.shape[0] == 2 and np.all(np.isfinite(data.curve_loss[:, -1]))


def test_mlp_width_for():
    assert mlp_width_for(2561, 1) == 256
    w = mlp_width_for(2500, 2)
    assert abs(8 * w + w + w * w + w + w + 1 - 2500) < 2 * w + 12
    with pytest.raises(ValueError, match="depth must be >= 1"):
        mlp_width_for(100, 0)
    with pytest.raises(ValueError, match="n_params must be finite"):
        mlp_width_for(np.inf, 1)


def test_student_sweep_bad_input():
    with pytest.raises(ValueError, match="optimizers must be"):
        student_sweep([4], 1, "rmsprop")
    with pytest.raises(ValueError, match="widths must be >= 1"):
        student_sweep([0], 1, "adam")


def test_presets_reject_bad_arguments_before_training():
    for sweep in (sl.mlp_optimizer_sweep, sl.mlp_depth_sweep, sl.mlp_shape_sweep, sl.mlp_data_sweep,
                  sl.mlp_learning_curves):
        with pytest.raises(ValueError, match="full must be True or False"):
            sweep(full=1)
        with pytest.raises(ValueError, match="seed must be >= 0"):
            sweep(seed=-1)
