"""Tests of scaling_lab.experiments._parallel: the sweeps' runs spread over processes, presets checked,
curves stacked.

Results must not depend on the number of processes and come back in the order of the jobs; workers start
with one BLAS thread each, and the parent's environment is left as it was.  The functions run are picklable
ones of the standard library (``dict`` returns its keyword arguments, ``os.getenv`` reads a worker's
environment), so the workers need nothing from the tests.
"""

import os

import numpy as np
import pytest

from scaling_lab.experiments._parallel import (
    DEFAULT_JOBS, JOBS_ENV_VAR, check_jobs, check_preset, run_all, stack_curves,
)

THREADS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def test_check_jobs(monkeypatch):
    monkeypatch.delenv(JOBS_ENV_VAR, raising=False)
    assert check_jobs(None) == max(1, min(DEFAULT_JOBS, os.cpu_count() or 1))
    assert check_jobs(3) == 3 and check_jobs(1.0) == 1
    for bad in (0, -1):
        with pytest.raises(ValueError, match="n_jobs must be >= 1"):
            check_jobs(bad)
    with pytest.raises(ValueError, match="n_jobs must be an integer"):
        check_jobs(1.5)


def test_the_environment_sets_the_workers_of_a_sweep_that_names_none(monkeypatch):
    monkeypatch.setenv(JOBS_ENV_VAR, "3")
    assert check_jobs(None) == 3 and check_jobs(2) == 2  # an explicit n_jobs wins
    monkeypatch.setenv(JOBS_ENV_VAR, "1")
    assert run_all(os.getpid, [{}, {}, {}]) == [os.getpid()] * 3  # one process: this one
    assert os.getpid() not in run_all(os.getpid, [{}] * 4, n_jobs=2)  # an explicit n_jobs still spreads them
    for bad in ("0", "two", "-1", "1.5"):
        monkeypatch.setenv(JOBS_ENV_VAR, bad)
        with pytest.raises(ValueError, match=JOBS_ENV_VAR):
            check_jobs(None)
    monkeypatch.setenv(JOBS_ENV_VAR, " ")
    assert check_jobs(None) == max(1, min(DEFAULT_JOBS, os.cpu_count() or 1))  # blank means unset


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_results_come_back_in_the_order_of_the_jobs(n_jobs):
    jobs = [{"index": i, "size": 10 * i} for i in range(5)]
    assert run_all(dict, jobs, n_jobs=n_jobs) == jobs
    # Costs only change which run starts first, never the order of the results.
    assert run_all(dict, jobs, n_jobs=n_jobs, costs=[1, 5, 2, 4, 3]) == jobs
    assert run_all(dict, [], n_jobs=n_jobs) == []


def test_workers_run_with_one_blas_thread_and_the_parent_is_restored(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "7")
    monkeypatch.delenv("MKL_NUM_THREADS", raising=False)
    seen = run_all(os.getenv, [{"key": name} for name in THREADS], n_jobs=2)
    assert seen == ["1", "1", "1"]
    assert os.environ["OMP_NUM_THREADS"] == "7" and "MKL_NUM_THREADS" not in os.environ


def test_one_job_or_one_process_runs_here(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "5")
    # Serially, in this process: the environment is this one's.
    assert run_all(os.getenv, [{"key": "OMP_NUM_THREADS"}], n_jobs=2) == ["5"]
    assert run_all(os.getenv, [{"key": "OMP_NUM_THREADS"}] * 2, n_jobs=1) == ["5", "5"]


def test_check_preset():
    assert check_preset(3, True) == 3 and check_preset(0.0, False) == 0
    for bad in (1, 0, None, "yes"):
        with pytest.raises(ValueError, match="full must be True or False"):
            check_preset(0, bad)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        check_preset(-1, False)
    with pytest.raises(ValueError, match="seed must be an integer"):
        check_preset(0.5, False)


def test_stack_curves_pads_with_nan():
    out = stack_curves([np.array([1.0, 2.0, 3.0]), np.array([4.0]), np.array([])])
    assert out.shape == (3, 3)
    np.testing.assert_array_equal(out[0], [1.0, 2.0, 3.0])
    np.testing.assert_array_equal(out[1], [4.0, np.nan, np.nan])
    assert np.isnan(out[2]).all()
    assert stack_curves([]).shape == (0, 0)
