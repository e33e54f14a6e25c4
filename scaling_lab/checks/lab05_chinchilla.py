"""Checkers of ``labs/lab05_chinchilla.md``, "Replicate Chinchilla", declared as data.

Every expected value is computed with the calls and seeds the lab shows: Approaches 1 and 2 on seeded
synthetic runs shaped like Hoffmann et al.'s (2022), Approach 3 and its bootstrap on the 240 real runs
extracted by Besiroglu et al. (2024). Each exercise lists its typical mistakes with their own hints.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

from scaling_lab.chinchilla import bootstrap_chinchilla, fit_isoflops, fit_training_curve_minima
from scaling_lab.fitting.chinchilla import fit_chinchilla
from scaling_lab.checks.spec import ArrayExercise, Mistake, NumberExercise
from scaling_lab.data import chinchilla_fig4_runs
from scaling_lab.fitting.power_law import fit_power_law
from scaling_lab.reference import (
    BESIROGLU_2024, BESIROGLU_2024_DROPPED_RUNS, HOFFMANN_2022, HOFFMANN_2022_TABLE_2, HOFFMANN_2022_TABLE_3,
    HOFFMANN_2022_TEX, PF_DAY_FLOPS,
)
from scaling_lab.data.synthetic import HOFFMANN_ISOFLOP_BUDGETS, isoflop_synthetic_runs, training_curve_runs

__all__ = ["SYNTHETIC_SEED", "BUDGET_INDEX", "BOOTSTRAP_RESAMPLES", "BOOTSTRAP_SEED", "EXERCISES"]

#: Seed of the synthetic IsoFLOP runs and training curves the lab draws.
SYNTHETIC_SEED = 2024
#: The IsoFLOP budget of exercise 2: HOFFMANN_ISOFLOP_BUDGETS[4], 1.34e20 FLOPs.
BUDGET_INDEX = 4
#: The bootstrap of exercise 6, as Besiroglu et al. (4,000 resamples), with seed 0.
BOOTSTRAP_RESAMPLES = 4000
BOOTSTRAP_SEED = 0
_PARAMS = ("E", "A", "B", "alpha", "beta")


@cache
def _isoflop_runs():
    return isoflop_synthetic_runs(seed=SYNTHETIC_SEED)


@cache
def _curves():
    return training_curve_runs(seed=SYNTHETIC_SEED)


@cache
def _real_runs():
    return chinchilla_fig4_runs(drop_highest_loss=BESIROGLU_2024_DROPPED_RUNS)


@cache
def _real_fit():
    runs = _real_runs()
    return fit_chinchilla(runs.n_params, runs.n_tokens, runs.loss)


@cache
def _bootstrap():
    runs = _real_runs()
    return bootstrap_chinchilla(runs.n_params, runs.n_tokens, runs.loss, n_boot=BOOTSTRAP_RESAMPLES,
                                seed=BOOTSTRAP_SEED)


# --------------------------------------------------------------------------- exercise 1
def _table3_row():
    return next(row for row in HOFFMANN_2022_TABLE_3 if row.n_params == 1e9)


def _flops() -> float:
    row = _table3_row()
    return 6.0 * row.n_params * row.n_tokens


def _flops_mistakes():
    row = _table3_row()
    return (
        Mistake(2.0 * row.n_params * row.n_tokens, "2ND counts only the forward pass; training also runs the backward "
                                                   "pass, about twice as costly: 6ND"),
        Mistake(row.n_params * row.n_tokens, "N x D counts one operation per parameter per token; training costs about "
                                             "6 (2 forward, 4 backward)"),
        Mistake(_flops() / PF_DAY_FLOPS, "that is in PF-days; give the answer in FLOPs"),
        Mistake(6.0 * row.n_params, "that is the cost of one token; multiply by the number of training tokens"),
    )


# --------------------------------------------------------------------------- exercise 2
def _budget_runs():
    runs = _isoflop_runs()
    sel = np.isclose(runs.compute_flops, HOFFMANN_ISOFLOP_BUDGETS[BUDGET_INDEX], rtol=1e-6)
    return runs.n_params[sel], runs.loss[sel]


def _vertex(x, y):
    c2, c1, _ = np.polyfit(x, y, 2)
    return -c1 / (2.0 * c2)


def _isoflop_minimum() -> float:
    n, loss = _budget_runs()
    return float(np.exp(_vertex(np.log(n), loss)))


def _isoflop_minimum_mistakes():
    n, loss = _budget_runs()
    return (
        Mistake(float(n[np.argmin(loss)]), "that is the best of the nine runs; fit a parabola in log N through all "
                                           "nine and take its minimum, which can fall between them"),
        Mistake(math.log(_isoflop_minimum()), 'that is log N at the minimum; return N itself (undo the log)'),
        Mistake(float(np.exp(_vertex(np.log10(n), loss))), 'you fitted in log10 N but undid it with the '
                                                           'exponential; a base-10 log is undone by a power of 10'),
        Mistake(float(_vertex(n, loss)), "fit the parabola in log N, not in N: IsoFLOP profiles are parabolas on a "
                                         "log axis"),
    )


# --------------------------------------------------------------------------- exercises 3 and 4
@cache
def _approach2():
    runs = _isoflop_runs()
    return fit_isoflops(runs.n_params, runs.compute_flops, runs.loss)


def _approach2_mistakes():
    runs = _isoflop_runs()
    fit = _approach2()
    best = [runs.n_params[np.isclose(runs.compute_flops, c, rtol=1e-6)][np.argmin(
        runs.loss[np.isclose(runs.compute_flops, c, rtol=1e-6)])] for c in HOFFMANN_ISOFLOP_BUDGETS]
    return (
        Mistake(fit.b, "that is b, the exponent of the tokens D_opt; a is the exponent of the model size N_opt"),
        Mistake(-fit.a, "N_opt grows with compute: a is positive"),
        Mistake(fit_power_law(HOFFMANN_ISOFLOP_BUDGETS, best).exponent,
                "that uses the best run of each budget; use the minimum of the parabola through each budget's runs"),
    )


@cache
def _approach1():
    curves = _curves()
    return fit_training_curve_minima(curves.n_params, curves.compute_flops, curves.loss)


# --------------------------------------------------------------------------- exercise 5
def _as_array(params) -> np.ndarray:
    return np.array([getattr(params, name) for name in _PARAMS], dtype=float)


def _approach3() -> np.ndarray:
    return _as_array(_real_fit())


def _approach3_mistakes():
    fit = _real_fit()
    every = chinchilla_fig4_runs(drop_highest_loss=0)
    published = 'those are published constants; fit the 240 runs yourself'
    return (
        Mistake(_as_array(fit_chinchilla(every.n_params, every.n_tokens, every.loss)),
                'that fit uses all 245 runs; Besiroglu et al. drop the 5 with the highest loss'),
        Mistake(_as_array(HOFFMANN_2022), published),
        Mistake(_as_array(HOFFMANN_2022_TEX), published),
        Mistake(_as_array(BESIROGLU_2024), published),
        Mistake(np.array([math.log(fit.E), math.log(fit.A), math.log(fit.B), fit.alpha, fit.beta]),
                'E, A and B are fitted as logarithms (e, a, b); report E, A and B themselves'),
        Mistake(np.array([fit.E, fit.A, fit.B, fit.beta, fit.alpha]), "alpha goes with N (A/N^alpha) and beta with "
                                                                      "D (B/D^beta): check their order"),
    )


# --------------------------------------------------------------------------- exercises 6 and 7
def _interval() -> np.ndarray:
    return np.array(_bootstrap().intervals["a"])


def _interval_mistakes():
    boot, fit = _bootstrap(), _real_fit()
    a = boot.samples["a"]
    spread = 1.96 * boot.stderr("a")
    return (
        Mistake(np.percentile(a, [10, 90]), "that is an 80% interval (10th to 90th percentiles, as Table 2 gives); "
                                            "the 95% interval runs from the 2.5th to the 97.5th percentile"),
        Mistake(np.array(boot.intervals["b"]), "that is the interval of b; the exercise asks for "
                                               "a = beta/(alpha + beta)"),
        Mistake(np.array(boot.intervals["beta"]), 'that is the interval of beta; compute a = beta/(alpha + beta) '
                                                  'for each resample'),
        Mistake(np.array([fit.a - spread, fit.a + spread]), "that is a normal interval (estimate +- 1.96 s.e.); use "
                                                            "the percentiles of the resampled values"),
    )


def _table2_a() -> float:
    return next(row.a for row in HOFFMANN_2022_TABLE_2 if row.approach.startswith("3."))


def _z_score() -> float:
    return (_real_fit().a - _table2_a()) / _bootstrap().stderr("a")


def _z_score_mistakes():
    boot, fit = _bootstrap(), _real_fit()
    se = boot.stderr("a")
    eq10_a = HOFFMANN_2022.beta / (HOFFMANN_2022.alpha + HOFFMANN_2022.beta)
    approach1_a = next(row.a for row in HOFFMANN_2022_TABLE_2 if row.approach.startswith("1."))
    return (
        Mistake(-_z_score(), "subtract Table 2's a from yours: the result is positive, yours is larger"),
        Mistake((fit.a - eq10_a) / se, "that compares with a computed from eq. 10's rounded exponents (0.452); use "
                                       "Table 2's printed a for Approach 3"),
        Mistake((fit.a - approach1_a) / se, "that is Table 2's Approach 1 row; compare with the Approach 3 row"),
        Mistake((fit.a - _table2_a()) / boot.stderr("alpha"), "divide by the bootstrap standard error of a, not of "
                                                              "alpha"),
        Mistake(fit.a - _table2_a(), "that is the difference itself; divide it by the standard error of a"),
    )


EXERCISES = {
    "lab5-flops": NumberExercise(
        expected=_flops, mistakes=_flops_mistakes, rel_tol=1e-3, name="training FLOPs",
        hint="training costs about 6 FLOPs per parameter per token: C = 6 N D"),
    "lab5-isoflop-minimum": NumberExercise(
        expected=_isoflop_minimum, mistakes=_isoflop_minimum_mistakes, rel_tol=1e-2, name="N at the minimum",
        hint='fit a quadratic in log N to the losses, loss = c0 + c1 log N + c2 (log N)^2; its vertex is at log N = '
             '-c1/(2 c2)'),
    "lab5-approach2": NumberExercise(
        expected=lambda: _approach2().a, mistakes=_approach2_mistakes, rel_tol=0.0, abs_tol=2e-3, name="a",
        hint='for each budget, fit a parabola to the loss against log N and take its minimum; then fit N_opt '
             'proportional to C^a to the minima and report a'),
    "lab5-approach1": NumberExercise(
        expected=lambda: _approach1().a,
        mistakes=lambda: (Mistake(_approach1().b, "that is b; a is the exponent of N_opt"),
                          Mistake(-_approach1().a, "N_opt grows with compute: a is positive")),
        rel_tol=0.0, abs_tol=2e-3, name="a",
        hint='at each compute value, find the model size whose training curve is lowest (the envelope of the '
             'curves), then fit N_opt proportional to C^a to those points and report a'),
    "lab5-approach3": ArrayExercise(
        expected=_approach3, mistakes=_approach3_mistakes, rel_tol=2e-3, name="(E, A, B, alpha, beta)",
        hint="fit L = E + A/N^alpha + B/D^beta to the 240 runs by Hoffmann et al.'s method (Huber loss on log "
             'losses, many starts), and report [E, A, B, alpha, beta]'),
    "lab5-bootstrap": ArrayExercise(
        expected=_interval, mistakes=_interval_mistakes, rel_tol=2e-3, name="95% interval of a",
        hint='resample the 240 runs with replacement (4,000 times, seed 0), refit each, compute a = beta/(alpha + '
             'beta) for each resample, and take its 2.5th and 97.5th percentiles'),
    "lab5-table2-distance": NumberExercise(
        expected=_z_score, mistakes=_z_score_mistakes, rel_tol=1e-2, name="distance in standard errors",
        hint="(your a - Table 2's a for Approach 3) / boot.stderr('a')"),
}
