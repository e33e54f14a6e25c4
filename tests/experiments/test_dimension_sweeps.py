"""Tests of scaling_lab.experiments.dimension_sweeps: the cached sweeps, worker-independence, bad input."""

import numpy as np
import pytest

from scaling_lab.experiments.dimension_sweeps import DimensionSweep, cube_dimension_sweep, manifold_dimension_sweep

SMALL = tuple(float(2**k) for k in range(8, 13))


def test_results_do_not_depend_on_the_number_of_workers():
    serial = cube_dimension_sweep((1, 2), sample_sizes=SMALL, n_trials=2, n_jobs=1)
    parallel = cube_dimension_sweep((1, 2), sample_sizes=SMALL, n_trials=2, n_jobs=2)
    assert isinstance(serial, DimensionSweep)
    assert np.array_equal(serial.exponents, parallel.exponents)
    assert np.array_equal(serial.best_risk, parallel.best_risk)
    # Slopes near -2/(d+2) even at these small sizes (pre-asymptotic bend < 0.04).
    assert np.all(np.abs(serial.exponents - serial.theory_exponents) < 0.04)
    assert "k=1" in repr(serial) and len(serial.rows()) == 2


def test_manifold_sweep_follows_k():
    sweep = manifold_dimension_sweep((1,), ambient_dimension=6, sample_sizes=SMALL, n_trials=2, n_jobs=1)
    assert sweep.exponents[0] == pytest.approx(-2 / 3, abs=0.06)
    assert np.isnan(sweep.finite_sample_exponents[0])


def test_disk_cache_reuses_the_sweep(tmp_path, monkeypatch):
    monkeypatch.setenv("SCALING_LAB_CACHE", str(tmp_path))
    first = cube_dimension_sweep((1,), sample_sizes=SMALL, n_trials=2, n_jobs=1)
    assert len(list(tmp_path.glob("cube_dimension_sweep-*.pkl"))) == 1
    second = cube_dimension_sweep((1,), sample_sizes=SMALL, n_trials=2, n_jobs=1)
    assert np.array_equal(first.seconds, second.seconds)  # read back from disk, not rerun


@pytest.mark.parametrize("call,match", [
    (lambda: cube_dimension_sweep((), n_jobs=1), "dimensions must not be empty"),
    (lambda: cube_dimension_sweep((0,), n_jobs=1), "dimensions must be >= 1"),
    (lambda: cube_dimension_sweep((1,), sample_sizes=(64.0, 128.0), n_jobs=1), "at least 3"),
    (lambda: cube_dimension_sweep((1,), noise=0.0, n_jobs=1), "noise must be > 0"),
    (lambda: cube_dimension_sweep((1,), n_jobs=0), "n_jobs must be >= 1"),
    (lambda: manifold_dimension_sweep((3,), ambient_dimension=5, n_jobs=1), "ambient_dimension must be >= 6"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()
