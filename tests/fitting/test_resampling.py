"""Tests of scaling_lab.fitting.resampling: the case bootstrap of any fit (percentile intervals, seeded
resamples, refits that fail counted and, past a limit, reported).
"""

import numpy as np
import pytest

from scaling_lab.fitting import fit_power_law, fit_saturating_power_law
from scaling_lab.fitting.resampling import BootstrapResult, bootstrap


# --------------------------------------------------------------------------- bootstrap
def _power_data(seed=0):
    rng = np.random.default_rng(seed)
    x = np.geomspace(1, 1e3, 30)
    return x, 3.0 * x**-0.7 * np.exp(0.05 * rng.standard_normal(30))


def test_bootstrap_power_law_intervals_and_reproducibility():
    x, y = _power_data()
    result = bootstrap(fit_power_law, x, y, n_boot=300, seed=1)
    again = bootstrap(fit_power_law, x, y, n_boot=300, seed=1)
    assert isinstance(result, BootstrapResult)
    assert np.array_equal(result.samples["exponent"], again.samples["exponent"])
    assert set(result.intervals) == {"exponent", "coefficient"}
    lo, hi = result.intervals["exponent"]
    assert lo < result.estimates["exponent"] < hi
    # The case bootstrap SD of the slope approximates the OLS stderr (homoscedastic data):
    # within 30% at 300 replicates of 30 points.
    assert result.stderr("exponent") == pytest.approx(fit_power_law(x, y).exponent_stderr, rel=0.3)
    assert "BootstrapResult(exponent=" in repr(result)


def test_bootstrap_saturating_and_custom_statistic():
    rng = np.random.default_rng(2)
    x = np.geomspace(10, 1e6, 30)
    y = (1.5 + 20 * x**-0.4) * np.exp(0.005 * rng.standard_normal(30))
    result = bootstrap(fit_saturating_power_law, x, y, n_boot=40, seed=0)
    assert set(result.samples) == {"irreducible_loss", "coefficient", "decay_exponent"}
    assert result.intervals["decay_exponent"][0] < 0.4 < result.intervals["decay_exponent"][1]
    custom = bootstrap(fit_power_law, x, y, n_boot=20, statistic=lambda f: {"slope": f.exponent})
    assert list(custom.samples) == ["slope"] and custom.samples["slope"].size == 20


@pytest.mark.parametrize(
    "args, kwargs, match",
    [
        (("not callable", [1, 2, 3], [1, 2, 3]), {}, "fit_function"),
        ((fit_power_law,), {}, "at least one"),
        ((fit_power_law, [1, 2, 3], [1, 2]), {}, "first dimension"),
        ((fit_power_law, [1, 2, np.nan], [1, 2, 3]), {}, "finite"),
        ((fit_power_law, [1, 2], [1, 2]), {}, "at least 3"),
        ((fit_power_law, [1, 2, 3], [1, 2, 4]), {"n_boot": 5}, "n_boot"),
        ((fit_power_law, [1, 2, 3], [1, 2, 4]), {"confidence": 0}, "confidence"),
        ((fit_power_law, [1, 2, 3], [1, 2, 4]), {"statistic": 3}, "statistic"),
    ],
)
def test_bootstrap_bad_input(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        bootstrap(*args, **kwargs)


def test_bootstrap_reports_too_many_failures():
    def picky_mean(values):
        if np.unique(values).size < values.size:
            raise ValueError("duplicates")
        return float(values.mean())

    # A resample of 10 rows nearly always repeats a row, so almost every refit fails.
    with pytest.raises(ValueError, match="refits failed"):
        bootstrap(picky_mean, np.arange(1.0, 11.0), n_boot=50, seed=0)


def test_bootstrap_plain_number_statistic_and_skipped_failures():
    def picky_mean(values):
        if np.sum(values == 1.0) >= 2:  # about 26% of resamples repeat the row 1.0
            raise ValueError("repeated row")
        return float(values.mean())

    result = bootstrap(picky_mean, np.arange(1.0, 41.0), n_boot=100, seed=0)
    assert list(result.estimates) == ["value"]
    assert result.n_failed + result.samples["value"].size == 100 and result.n_failed > 0
