"""Tests of scaling_lab.fitting.joint_forecast: forecasts of a joint law fitted to small runs, with intervals.

Planted laws with 0.5% seeded log noise on a 6 x 6 grid: the forecast for a model 10x larger than any
fitted must sit within its 95% interval of the planted law; without noise the interval collapses onto
the planted value; an interval for a new run is wider than one for the law itself; the interval of
the Kaplan law matches the standard error of the fit's own Wald intervals for its parameters.
"""

import numpy as np
import pytest

import scaling_lab as sl
from scaling_lab.reference import KaplanLossND, RosenfeldParams

N, D = (a.ravel() for a in np.meshgrid(np.geomspace(1e3, 1e5, 6), np.geomspace(3e4, 3e6, 6)))
KAPLAN = KaplanLossND(n_c=5e8, d_c=9e8, alpha_n=0.09, alpha_d=0.12, source="planted")
EPS0 = np.log2(39)
ROSENFELD = RosenfeldParams(a=6.0, alpha=0.3, b=5.0, beta=0.4, c_inf=0.35, eps0=EPS0, eta=1.0, source="planted")


def noisy(loss, seed, scale=0.005):
    return loss * np.exp(scale * np.random.default_rng(seed).standard_normal(np.shape(loss)))


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_kaplan_forecast_covers_the_planted_law(seed):
    y = noisy(sl.kaplan_loss_nd(N, D, params=KAPLAN), seed)
    f = sl.forecast_joint_law(N, D, y, 1e6, [3e5, 3e6])
    truth = sl.kaplan_loss_nd(1e6, [3e5, 3e6], params=KAPLAN)
    assert np.all(f.prediction_ci[:, 0] < truth) and np.all(truth < f.prediction_ci[:, 1])
    assert f.law == "kaplan" and f.n_points == 36 and f.prediction.shape == (2,)
    # The parameter intervals agree with the fit's own Wald intervals (same covariance, same t quantile).
    assert f.parameter_ci["alpha_n"] == pytest.approx(f.fit.alpha_n_ci, rel=1e-3)


def test_noiseless_data_give_the_planted_value_and_a_narrow_interval():
    y = sl.kaplan_loss_nd(N, D, params=KAPLAN)
    f = sl.forecast_joint_law(N, D, y, 1e6, 1e6)
    assert f.prediction[0] == pytest.approx(float(sl.kaplan_loss_nd(1e6, 1e6, params=KAPLAN)), rel=1e-5)
    assert f.prediction_ci[0, 1] / f.prediction_ci[0, 0] - 1 < 1e-4


def test_new_run_interval_is_wider_than_the_laws():
    y = noisy(sl.kaplan_loss_nd(N, D, params=KAPLAN), 3)
    run = sl.forecast_joint_law(N, D, y, 1e6, 1e6)
    law = sl.forecast_joint_law(N, D, y, 1e6, 1e6, new_run=False)
    assert run.prediction[0] == law.prediction[0]
    assert law.prediction_ci[0, 0] > run.prediction_ci[0, 0] and law.prediction_ci[0, 1] < run.prediction_ci[0, 1]
    assert run.prediction_log_stderr[0] ** 2 == pytest.approx(law.prediction_log_stderr[0] ** 2
                                                             + run.residual_log_stderr**2)


def test_rosenfeld_and_chinchilla_forecasts():
    y = noisy(sl.rosenfeld_loss(N, D, params=ROSENFELD), 4)
    f = sl.forecast_joint_law(N, D, y, 1e6, 3e6, law="rosenfeld", random_guess_loss=EPS0)
    truth = float(sl.rosenfeld_loss(1e6, 3e6, params=ROSENFELD))
    assert f.prediction_ci[0, 0] < truth < f.prediction_ci[0, 1]
    chin = sl.HOFFMANN_2022
    n, d = N * 1e5, D * 1e4
    g = sl.forecast_joint_law(n, d, noisy(sl.chinchilla_loss(n, d, chin), 5, 0.002), 1e11, 3e11, law="chinchilla")
    assert g.prediction_ci[0, 0] < float(sl.chinchilla_loss(1e11, 3e11, chin)) < g.prediction_ci[0, 1]
    assert "chinchilla law" in repr(g)


@pytest.mark.parametrize("kwargs, match", [
    ({"law": "hoffmann"}, "law must be one of"),
    ({"law": "rosenfeld"}, "random_guess_loss is required"),
    ({"law": "rosenfeld", "random_guess_loss": -1.0}, "random_guess_loss"),
    ({"new_run": "yes"}, "new_run"),
    ({"confidence": 1.5}, "confidence"),
    ({"target_n_params": -1.0}, "target_n_params"),
    ({"target_n_tokens": [1e6, 2e6, 3e6], "target_n_params": [1e6, 2e6]}, "target_n_params, target_n_tokens"),
])
def test_bad_input_names_the_argument(kwargs, match):
    args = {"target_n_params": 1e6, "target_n_tokens": 1e6, **kwargs}
    y = sl.kaplan_loss_nd(N, D, params=KAPLAN)
    with pytest.raises(ValueError, match=match):
        sl.forecast_joint_law(N, D, y, args.pop("target_n_params"), args.pop("target_n_tokens"), **args)


def test_too_few_or_bad_runs():
    with pytest.raises(ValueError, match="loss"):
        sl.forecast_joint_law(N, D, np.full(N.shape, np.nan), 1e6, 1e6)
    with pytest.raises(ValueError):
        sl.forecast_joint_law(N[:5], D[:5], np.ones(5), 1e6, 1e6)
