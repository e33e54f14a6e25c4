"""Tests of scaling_lab.fitting.overtraining: Gadre et al.'s (2024) fits, planted constants and their forecasts.

Published numbers quoted below are from Gadre et al. (2024), arXiv:2403.08540, §4 and its Figure 5 and
Table 2 (the paper's fit set is its Table 1: 0.011B-0.411B at M = 20 and 0.011B at M = 320 for eq. 4, plus
1.4B at M = 20 for eq. 5; C4 eval loss; the 17-task split).  Our errors were measured on the shipped runs with
this package; the paper rounds its percentages to 0.1 (0.01 in Table 2), so each test allows the rounding
of the published number and, for our own value, 0.01 percentage points around what we measured (the fit is
deterministic; the slack covers SciPy versions).
"""

import numpy as np
import pytest

from scaling_lab import (
    GADRE_2024_REDPAJAMA_ERROR, GADRE_2024_REDPAJAMA_LOSS, DownstreamErrorFit, OvertrainingFit,
    OvertrainingLawParams, downstream_error, fit_downstream_error, fit_overtraining, load_overtraining_runs,
    overtraining_loss,
)

def rel_err(pred, true):
    return 100 * abs(pred - true) / true


def target(runs, name):
    return list(runs.name).index(name)


@pytest.fixture(scope="module")
def rpj():
    return load_overtraining_runs("rpj")


@pytest.fixture(scope="module")
def rpj_fit(rpj):
    keep = rpj.paper_fit_set()
    assert keep.sum() == 5
    return fit_overtraining(rpj.n_params[keep], rpj.n_tokens[keep], rpj.loss[keep])


# --- planted constants ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("planted", [OvertrainingLawParams(1.8, 210.0, 370.0, 0.136),
                                     OvertrainingLawParams(1.2, 90.0, 150.0, 0.10),
                                     OvertrainingLawParams(2.2, 400.0, 250.0, 0.17)])
def test_recovers_planted_constants(planted):
    n = np.repeat(np.geomspace(1e7, 4e8, 4), 3)
    m = np.tile([10.0, 40.0, 320.0], 4)
    fit = fit_overtraining(n, m * n, overtraining_loss(n, m, params=planted))
    assert isinstance(fit, OvertrainingFit)
    got = np.array([fit.irreducible_loss, fit.a, fit.b, fit.eta])
    np.testing.assert_allclose(got, planted, rtol=1e-4)
    np.testing.assert_allclose(fit.predict(7e9, 1.4e11), overtraining_loss(7e9, 20.0, params=planted), rtol=1e-6)


def test_recovers_planted_constants_with_noise():
    planted = OvertrainingLawParams(1.8, 210.0, 370.0, 0.136)
    rng = np.random.default_rng(7)
    n = np.repeat(np.geomspace(1e7, 4e8, 4), 6)
    m = np.tile([5.0, 10.0, 20.0, 40.0, 160.0, 640.0], 4)
    loss = overtraining_loss(n, m, params=planted) * (1 + 0.002 * rng.standard_normal(n.size))
    fit = fit_overtraining(n, m * n, loss)
    assert fit.eta == pytest.approx(planted.eta, rel=0.1)  # 0.2% noise: the exponent to ~10%
    assert fit.predict(1.4e9, 640 * 1.4e9) == pytest.approx(overtraining_loss(1.4e9, 640, params=planted), rel=0.01)


def test_error_law_recovers_planted_constants():
    loss = np.linspace(2.4, 5.5, 8)
    fit = fit_downstream_error(loss, downstream_error(loss, params=GADRE_2024_REDPAJAMA_ERROR))
    assert isinstance(fit, DownstreamErrorFit)
    np.testing.assert_allclose([fit.ceiling, fit.k, fit.gamma], GADRE_2024_REDPAJAMA_ERROR, rtol=1e-5)


# --- their fit set, their constants and the headline forecasts -----------------------------------------------

def test_reaches_their_constants_on_their_fit_set(rpj_fit):
    # The paper prints no constants; these are what their procedure (curve_fit_powlaw_ours, re-run by us outside
    # the package from the same JSON files) gives on these five runs: alpha_c 166.211, beta_c 366.687,
    # b_c -0.272851, E 1.836648.  The defaults of scaling_lab.laws.overtraining are this fit.
    assert rpj_fit.code_alpha == pytest.approx(166.211, rel=1e-4)
    assert rpj_fit.code_beta == pytest.approx(366.687, rel=1e-4)
    assert rpj_fit.code_exponent == pytest.approx(-0.272851, rel=1e-4)
    np.testing.assert_allclose(rpj_fit.params, GADRE_2024_REDPAJAMA_LOSS, rtol=1e-5)


@pytest.mark.parametrize("name, ours, paper", [
    ("rpj-open_lm_1b-32.0", 0.710, 0.7),  # §4: "within 0.7% relative error"; Figure 5, RedPajama, 1.4B M = 640
    ("rpj-open_lm_7b-1.0", 0.732, 0.7),   # §4: "the relative error is also 0.7%"; Figure 5, 6.9B M = 20
    ("rpj-open_lm_1b-1.0", 0.110, 0.1),   # Figure 5, RedPajama, 1.4B M = 20
])
def test_headline_loss_forecasts(rpj, rpj_fit, name, ours, paper):
    i = target(rpj, name)
    err = rel_err(rpj_fit.predict(rpj.n_params[i], rpj.n_tokens[i]), rpj.loss[i])
    assert err == pytest.approx(ours, abs=0.01)
    assert abs(err - paper) <= 0.05  # the paper's number, rounded to 0.1


@pytest.mark.parametrize("training_set, name, ours, paper", [
    ("c4_original", "c4_original-open_lm_7b-1.0", 4.295, 4.3),    # Figure 5, C4, 6.9B M = 20
    ("c4_original", "c4_original-open_lm_1b-4.0", 1.498, 1.5),    # Figure 5, C4, 1.4B M = 80
    ("rw_original", "rw_original-open_lm_7b-1.0", 1.619, 1.6),    # Figure 5, RefinedWeb, 6.9B M = 20
    ("rw_original", "rw_original-open_lm_1b-16.0", 0.005, 0.0),   # Figure 5, RefinedWeb, 1.4B M = 320
])
def test_loss_forecasts_on_the_other_training_sets(training_set, name, ours, paper):
    runs = load_overtraining_runs(training_set)
    keep = runs.paper_fit_set()
    fit = fit_overtraining(runs.n_params[keep], runs.n_tokens[keep], runs.loss[keep])
    i = target(runs, name)
    err = rel_err(fit.predict(runs.n_params[i], runs.n_tokens[i]), runs.loss[i])
    assert err == pytest.approx(ours, abs=0.01) and abs(err - paper) <= 0.05


@pytest.mark.parametrize("training_set, name, ours, paper", [
    ("rpj", "rpj-open_lm_7b-1.0", 0.05, 0.05),                  # Table 2, RedPajama, 17-task split
    ("rpj", "rpj-open_lm_1b-32.0", 3.64, 3.6),                  # §4: "to within 3.6% relative error"
    ("c4_original", "c4_original-open_lm_7b-1.0", 0.14, 0.14),  # Table 2, C4
    ("rw_original", "rw_original-open_lm_7b-1.0", 2.94, 2.94),  # Table 2, RefinedWeb
])
def test_downstream_error_forecasts(training_set, name, ours, paper):
    runs = load_overtraining_runs(training_set)
    keep = runs.paper_fit_set()
    loss_fit = fit_overtraining(runs.n_params[keep], runs.n_tokens[keep], runs.loss[keep])
    keep_err = runs.paper_fit_set(with_1b=True)
    err_fit = fit_downstream_error(runs.loss[keep_err], runs.error_17_tasks[keep_err])
    i = target(runs, name)
    pred = err_fit.predict(loss_fit.predict(runs.n_params[i], runs.n_tokens[i]))
    err = rel_err(pred, runs.error_17_tasks[i])
    assert err == pytest.approx(ours, abs=0.01)
    assert abs(err - paper) <= 0.05 if paper >= 1 else abs(err - paper) <= 0.005


def test_error_law_without_the_1b_run(rpj, rpj_fit):
    # §4: without the 1.4B run in the eq. (5) fit, the 6.9B error forecast "jumps ... from 0.05% to 10.64%".
    keep = rpj.paper_fit_set()
    err_fit = fit_downstream_error(rpj.loss[keep], rpj.error_17_tasks[keep])
    i = target(rpj, "rpj-open_lm_7b-1.0")
    err = rel_err(err_fit.predict(rpj_fit.predict(rpj.n_params[i], rpj.n_tokens[i])), rpj.error_17_tasks[i])
    assert err == pytest.approx(10.64, abs=0.005)


def test_refit_on_every_run_under_500m(rpj, rpj_fit):
    # Our computation: all 32 RedPajama runs under 500M parameters (M = 5 to 640) instead of Table 1's five.
    # The M = 5 runs lie off the trend (the paper's Appendix E), and pull the forecasts: 1.4B at M = 640
    # from 0.71% to 2.75%, 6.9B at M = 20 from 0.73% to 0.97%.  Dropping M = 5 (28 runs) brings both
    # to about 0.03-0.04%.
    small = rpj.n_params < 5e8
    i, j = target(rpj, "rpj-open_lm_1b-32.0"), target(rpj, "rpj-open_lm_7b-1.0")
    for keep, want_i, want_j in [(small, 2.749, 0.973), (small & (rpj.tokens_per_param >= 10), 0.035, 0.034)]:
        fit = fit_overtraining(rpj.n_params[keep], rpj.n_tokens[keep], rpj.loss[keep])
        assert rel_err(fit.predict(rpj.n_params[i], rpj.n_tokens[i]), rpj.loss[i]) == pytest.approx(want_i, abs=0.01)
        assert rel_err(fit.predict(rpj.n_params[j], rpj.n_tokens[j]), rpj.loss[j]) == pytest.approx(want_j, abs=0.01)


# --- bad input ---------------------------------------------------------------------------------------------

GOOD = {"n_params": np.geomspace(1e7, 4e8, 5), "n_tokens": 20 * np.geomspace(1e7, 4e8, 5),
        "loss": np.linspace(4.0, 3.0, 5)}


@pytest.mark.parametrize("name", ["n_params", "n_tokens", "loss"])
@pytest.mark.parametrize("bad", [np.nan, np.inf, 0.0, -1.0])
def test_fit_overtraining_names_bad_values(name, bad):
    args = {k: v.copy() for k, v in GOOD.items()}
    args[name][2] = bad
    with pytest.raises(ValueError, match=name):
        fit_overtraining(**args)


def test_fit_overtraining_shapes_and_too_few_points():
    with pytest.raises(ValueError, match="n_tokens"):
        fit_overtraining(GOOD["n_params"], GOOD["n_tokens"][:4], GOOD["loss"])
    with pytest.raises(ValueError, match="loss"):
        fit_overtraining(GOOD["n_params"][:4], GOOD["n_tokens"][:4], GOOD["loss"][:4])
    with pytest.raises(ValueError, match="n_params"):
        fit_overtraining(GOOD["n_params"].reshape(5, 1), GOOD["n_tokens"].reshape(5, 1), GOOD["loss"].reshape(5, 1))
    fit = fit_overtraining(GOOD["n_params"], GOOD["n_tokens"], 1.8 + 300 * GOOD["n_params"] ** -0.27)
    with pytest.raises(ValueError, match="n_tokens"):
        fit.predict(1e9, -1.0)


@pytest.mark.parametrize("name, bad", [("loss", np.nan), ("loss", 0.0), ("error", np.inf), ("error", 0.0),
                                       ("error", 1.5)])
def test_fit_downstream_error_names_bad_values(name, bad):
    args = {"loss": np.linspace(2.5, 5.0, 6), "error": np.linspace(0.5, 0.8, 6)}
    args[name][1] = bad
    with pytest.raises(ValueError, match=name):
        fit_downstream_error(**args)


def test_fit_downstream_error_shapes_and_too_few_points():
    with pytest.raises(ValueError, match="error"):
        fit_downstream_error(np.linspace(2.5, 5.0, 6), np.linspace(0.5, 0.8, 5))
    with pytest.raises(ValueError, match="error"):
        fit_downstream_error(np.linspace(2.5, 5.0, 3), np.linspace(0.5, 0.8, 3))
