"""Checkers of ``labs/lab04_tune_small.md``, "Tune small, predict large", declared as data.

Every expected value is computed with the calls the lab makes (the sweeps are kept for the session by
:func:`scaling_lab._cache.session_cached`, so checking does not train them again); each exercise lists
its typical mistakes with their own hints.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from scaling_lab.checks.spec import ArrayExercise, Mistake, NumberExercise
from scaling_lab.experiments import hyperparameter_transfer_sweep, lm_extrapolation_run, lm_grid_sweep
from scaling_lab.fitting.joint import fit_kaplan_joint
from scaling_lab.fitting.joint_forecast import forecast_joint_law

__all__ = ["SEED", "BIG_HIDDEN", "BIG_TOKENS", "EXERCISES"]

#: Seed of every sweep of the lab.
SEED = 0
#: The large model the lab forecasts, then trains: hidden width and training characters
#: (as in :func:`scaling_lab.experiments.lm_extrapolation_run`).
BIG_HIDDEN = 362
BIG_TOKENS = 250_000
_BIG_PARAMS = BIG_HIDDEN**2 + 169 * BIG_HIDDEN + 39  # non-embedding N of the character MLP
_BASE_WIDTH, _WIDE = 32, 256


@cache
def _grid():
    return lm_grid_sweep(seed=SEED)


@cache
def _fit(n_key="n_params"):
    grid = _grid()
    return fit_kaplan_joint(getattr(grid, n_key), grid.n_tokens, grid.loss)


@cache
def _forecast(n_params=_BIG_PARAMS, n_tokens=BIG_TOKENS, new_run=True, confidence=0.95):
    grid = _grid()
    return forecast_joint_law(grid.n_params, grid.n_tokens, grid.loss, n_params, n_tokens, new_run=new_run,
                              confidence=confidence)


def _measured() -> float:
    return float(lm_extrapolation_run(seed=SEED).loss[0])


# --------------------------------------------------------------------------- exercise 1
def _exponents():
    fit = _fit()
    return np.array([fit.alpha_n, fit.alpha_d])


def _exponents_mistakes():
    a_n, a_d = _exponents()
    total = _fit("n_params_total")
    return (
        Mistake(np.array([a_d, a_n]), "the order is [alpha_N, alpha_D]: the model exponent first"),
        Mistake(np.array([a_n / a_d, a_d]), "eq. 1.5 writes (N_c/N)^(alpha_N/alpha_D); give alpha_N itself, "
                                            "the fit's alpha_n"),
        Mistake(np.array([total.alpha_n, total.alpha_d]), "count non-embedding parameters (grid.n_params), "
                                                          "not n_params_total"),
    )


# --------------------------------------------------------------------------- exercise 2
def _prediction() -> float:
    return float(_fit().predict(_BIG_PARAMS, BIG_TOKENS))


def _prediction_mistakes():
    fit = _fit()
    return (
        Mistake(float(fit.predict(BIG_HIDDEN, BIG_TOKENS)), "N is the number of non-embedding parameters, "
                                                            "H^2 + 169 H + 39, not the width H"),
        Mistake(float(fit.predict(_BIG_PARAMS + 624, BIG_TOKENS)), "the fit counts non-embedding parameters: "
                                                                   "do not add the 624 embedding weights"),
        Mistake(float(fit.predict(_BIG_PARAMS, 500_000)), "the large model trains on D = 250,000 characters"),
        Mistake(float(fit.predict(_grid().n_params.max(), BIG_TOKENS)), "that is the grid's largest model; "
                                                                        "forecast the model with H = 362"),
    )


# --------------------------------------------------------------------------- exercise 3
def _interval():
    return _forecast().prediction_ci[0]


def _interval_mistakes():
    return (
        Mistake(_forecast(new_run=False).prediction_ci[0], "that interval covers the fitted law, not a new run: "
                                                           "keep new_run=True, a run has seed noise of its own"),
        Mistake(_forecast(confidence=0.68).prediction_ci[0], "use 95% coverage (confidence=0.95)"),
        Mistake(_forecast(n_params=BIG_HIDDEN).prediction_ci[0], "N is H^2 + 169 H + 39, not the width H"),
        Mistake(_forecast(n_tokens=500_000).prediction_ci[0], "the large model trains on D = 250,000 characters"),
    )


# --------------------------------------------------------------------------- exercise 4
def _error() -> float:
    return (_prediction() - _measured()) / _measured()


def _error_mistakes():
    p, m = _prediction(), _measured()
    return (
        Mistake(-_error(), "the error is forecast minus measured: positive if the forecast was too high"),
        Mistake(100 * _error(), "give a fraction (0.01 for 1%), not a percentage"),
        Mistake(p - m, "give the relative error: divide the difference by the measured loss"),
    )


# --------------------------------------------------------------------------- exercise 5
def _position() -> float:
    low, high = _interval()
    return (_measured() - low) / (high - low)


def _position_mistakes():
    low, high = _interval()
    m, p = _measured(), _prediction()
    return (
        Mistake((high - m) / (high - low), "measure from the lower end: (measured - low) / (high - low)"),
        Mistake((p - low) / (high - low), "place the measured loss in the interval, not the forecast"),
        Mistake(100 * _position(), "give a fraction of the interval's width, not a percentage"),
    )


# --------------------------------------------------------------------------- exercise 6
def _transfer_ratios(reference_width=_BASE_WIDTH, target_width=_WIDE, relative_to="best"):
    sweep = hyperparameter_transfer_sweep(seed=SEED)
    widths = list(sweep.widths)
    out = []
    for p in ("standard", "mup"):
        loss = sweep.loss[sweep.parametrizations.index(p)]
        tuned = np.argmin(loss[widths.index(reference_width)])
        at_target = loss[widths.index(target_width)]
        base = at_target.min() if relative_to == "best" else loss[widths.index(reference_width)].min()
        out.append(at_target[tuned] / base)
    return np.array(out)


def _transfer_mistakes():
    right = _transfer_ratios()
    return (
        Mistake(right[::-1], "give [standard, muP], in that order"),
        Mistake(1.0 / right, "divide the transferred loss by the best loss at width 256 (a ratio >= 1)"),
        Mistake(_transfer_ratios(relative_to="base"), "compare with the best loss at width 256, not at width 32"),
        Mistake(_transfer_ratios(reference_width=64), "tune on the narrowest model, width 32"),
    )


EXERCISES = {
    "lab4-fit": ArrayExercise(
        expected=_exponents, mistakes=_exponents_mistakes, rel_tol=0.0, abs_tol=1e-3, name="[alpha_N, alpha_D]",
        hint="fit Kaplan et al.'s joint law L(N, D) (their eq. 1.5) to the grid's non-embedding parameters, "
             'characters and losses, and report [alpha_N, alpha_D]'),
    "lab4-predict": NumberExercise(
        expected=_prediction, mistakes=_prediction_mistakes, rel_tol=1e-5, name="forecast",
        hint='evaluate your fitted law at the large model: N = H^2 + 169 H + 39 non-embedding parameters with H = '
             '362, and D = 250,000 characters'),
    "lab4-interval": ArrayExercise(
        expected=_interval, mistakes=_interval_mistakes, rel_tol=1e-5, name="[low, high]",
        hint="the 95% interval of the joint law's forecast for a new run of the large model: it must cover the "
             "fitted law's uncertainty and the run's own seed noise"),
    "lab4-error": NumberExercise(
        expected=_error, mistakes=_error_mistakes, rel_tol=0.0, abs_tol=5e-4, name="relative error",
        hint="(forecast - measured) / measured, with measured = big.loss[0]"),
    "lab4-position": NumberExercise(
        expected=_position, mistakes=_position_mistakes, rel_tol=0.0, abs_tol=5e-3, name="position",
        hint="(measured - low) / (high - low): 0 at the lower end, 1 at the upper end"),
    "lab4-transfer": ArrayExercise(
        expected=_transfer_ratios, mistakes=_transfer_mistakes, rel_tol=1e-3, name="[standard, muP] loss ratios",
        hint="for each parametrisation: the loss at width 256 with the best rate of width 32, divided by the "
             "best loss at width 256"),
}
