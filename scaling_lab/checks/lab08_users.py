"""Checkers of ``labs/lab08_users.md``, "Train it for its users", declared as data.

The student writes the lifetime cost :math:`6ND + 2NT`, Gadre et al.'s (2024) eq. (4) and a multi-start
least-squares fit of it (each checked as a function against the package on several inputs), fits the law on a
subset of the RefinedWeb runs that no chapter fits, forecasts two held-out runs, and chooses the model size
and training tokens that reach a target loss at the least lifetime compute for a given inference demand
(Sardana et al. 2024).  The choice is scored by its total cost against the optimum under the package's fit of
the same runs (:class:`PlanExercise`): within :data:`PLAN_COST_TOLERANCE` of the least cost, reaching the
target within :data:`PLAN_LOSS_TOLERANCE`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from scaling_lab.allocation.inference import inference_optimal_allocation
from scaling_lab.checks.core import CheckResult
from scaling_lab.checks.spec import (
    ArrayExercise, FunctionExercise, LazyInputs, Mistake, NumberExercise, memo_by_value, two_numbers,
)
from scaling_lab.data.overtraining import load_overtraining_runs
from scaling_lab.fitting.overtraining import fit_overtraining
from scaling_lab.laws.overtraining import OvertrainingLawParams, overtraining_loss
from scaling_lab.reference.containers import ChinchillaParams

__all__ = [
    "TRAINING_SET", "FIT_MAX_PARAMS", "FIT_MULTIPLIERS", "HELD_OUT", "TARGET_LOSS", "INFERENCE_TOKENS",
    "TOKENS_MODEL_SIZE", "PLAN_COST_TOLERANCE", "PLAN_LOSS_TOLERANCE", "PlanExercise", "lab_runs", "fit_mask",
    "reference_fit", "chinchilla_form", "optimal_plan", "score_plan", "EXERCISES",
]

#: The lab's runs: Gadre et al.'s RefinedWeb runs (the chapter fits the RedPajama ones).
TRAINING_SET = "rw_original"
#: The lab's fit set: runs under this many parameters ...
FIT_MAX_PARAMS = 5e8
#: ... at token multipliers M = D/N in this closed range.
FIT_MULTIPLIERS = (10.0, 160.0)
#: The two runs the student forecasts before looking: the 1.4B model at M = 320 and the 6.9B model at M = 20.
HELD_OUT = ("rw_original-open_lm_1b-16.0", "rw_original-open_lm_7b-1.0")
#: The quality asked for: C4 validation loss, nats per token.
TARGET_LOSS = 2.6
#: The expected inference demand over the model's life, tokens.
INFERENCE_TOKENS = 3e12
#: The model size of the tokens-needed exercise.
TOKENS_MODEL_SIZE = 1.2e9
#: A plan is correct when its lifetime FLOPs are at most this fraction above the least ...
PLAN_COST_TOLERANCE = 0.02
#: ... and its loss under the reference fit is at most this far above the target (nats per token).
PLAN_LOSS_TOLERANCE = 0.005


# --------------------------------------------------------------------------- the lab's data and reference fit
@cache
def lab_runs():
    """Gadre et al.'s runs on the lab's training set."""
    return load_overtraining_runs(TRAINING_SET)


def fit_mask() -> np.ndarray:
    """The lab's fit set: runs under :data:`FIT_MAX_PARAMS` with M in :data:`FIT_MULTIPLIERS`."""
    runs = lab_runs()
    low, high = FIT_MULTIPLIERS
    return (runs.n_params < FIT_MAX_PARAMS) & (runs.tokens_per_param >= low) & (runs.tokens_per_param <= high)


@cache
def reference_fit():
    """The package's fit of eq. (4) to the lab's fit set: the law the plan is scored under."""
    runs, keep = lab_runs(), fit_mask()
    return fit_overtraining(runs.n_params[keep], runs.n_tokens[keep], runs.loss[keep])


def chinchilla_form(params) -> ChinchillaParams:
    r"""Eq. (4)'s constants as the Chinchilla form: :math:`A = a 6^{-\eta}`, :math:`B = b 6^{-\eta}`,
    :math:`\alpha = \beta = 2\eta`."""
    eta = params.eta
    return ChinchillaParams(E=params.irreducible_loss, A=params.a * 6.0 ** -eta, B=params.b * 6.0 ** -eta,
                            alpha=2.0 * eta, beta=2.0 * eta, source="Gadre et al. 2024 eq. 4, refitted")


@cache
def optimal_plan(inference_tokens: float = INFERENCE_TOKENS):
    """The least-cost model reaching :data:`TARGET_LOSS` under :func:`reference_fit` (Sardana et al. 2024)."""
    return inference_optimal_allocation(TARGET_LOSS, inference_tokens, chinchilla_form(reference_fit().params))


def score_plan(n_params: float, n_tokens: float) -> tuple[float, float]:
    """The plan's loss under the reference fit and its lifetime FLOPs divided by the least."""
    loss = float(reference_fit().predict(n_params, n_tokens))
    cost = 6.0 * n_params * n_tokens + 2.0 * n_params * INFERENCE_TOKENS
    return loss, cost / float(optimal_plan().total_flops)


# --------------------------------------------------------------------------- exercise 1: the lifetime cost
def _lifetime(n_params, n_tokens, inference_tokens):
    n, d, t = (np.asarray(v, dtype=float) for v in (n_params, n_tokens, inference_tokens))
    return 6.0 * n * d + 2.0 * n * t


_LIFETIME_INPUTS = (
    (7e9, 2e12, 0.0),
    (1e9, 5e11, 3e12),
    (np.array([1e8, 1e9, 1e10]), np.array([2e9, 4e10, 1e12]), 1e13),
    (np.array([3e8, 3e9]), np.array([6e9, 1e11]), np.array([1e11, 1e12])),
)


def _lifetime_mistakes():
    return (
        Mistake(lambda n, d, t: 6.0 * np.asarray(n) * np.asarray(d),
                "that is the training cost alone; a model's life also includes every token it serves"),
        Mistake(lambda n, d, t: 6.0 * np.asarray(n) * np.asarray(d) + 6.0 * np.asarray(n) * np.asarray(t),
                "serving a token runs only the forward pass, about 2 FLOPs per parameter, not the 6 of training"),
        Mistake(lambda n, d, t: 2.0 * np.asarray(n) * np.asarray(d) + 2.0 * np.asarray(n) * np.asarray(t),
                "training runs the backward pass too: about 6 FLOPs per parameter per training token"),
        Mistake(lambda n, d, t: 6.0 * np.asarray(n) * np.asarray(d) + 2.0 * np.asarray(t),
                "the inference cost grows with the model: each served token costs about 2 FLOPs per parameter"),
    )


# --------------------------------------------------------------------------- exercise 2: the law
def _law(n_params, n_tokens, irreducible, a, b, eta):
    n = np.asarray(n_params, dtype=float)
    d = np.asarray(n_tokens, dtype=float)
    return overtraining_loss(n, d / n, params=OvertrainingLawParams(irreducible, a, b, eta))


def _law_by_hand(n, d, e, a, b, eta, *, flops_per=6.0, ratio=lambda n, d: d / n):
    n, d = np.asarray(n, dtype=float), np.asarray(d, dtype=float)
    m, c = ratio(n, d), flops_per * n * d
    return e + (a * m**eta + b * m ** (-eta)) * c ** (-eta)


_LAW_INPUTS = (
    (1e8, 2e9, 1.8, 150.0, 250.0, 0.13),
    (np.array([1e7, 1e8, 1e9]), np.array([2e8, 8e9, 6.4e11]), 1.7, 100.0, 300.0, 0.12),
    (1.4e9, 9e11, 2.0, 200.0, 350.0, 0.14),
    (np.array([5e8, 5e8]), np.array([1e10, 1e11]), 0.0, 120.0, 220.0, 0.1),
)


def _law_mistakes():
    return (
        Mistake(lambda n, d, e, a, b, eta: _law_by_hand(n, d, e, a, b, eta, ratio=lambda n, d: n / d),
                "the token multiplier is tokens per parameter, M = D/N, not N/D"),
        Mistake(lambda n, d, e, a, b, eta: _law_by_hand(n, d, e, a, b, eta, flops_per=2.0),
                "the compute in the law is the training compute, C = 6ND"),
        Mistake(lambda n, d, e, a, b, eta: _law_by_hand(n, d, 0.0, a, b, eta),
                "the law has a floor: add the irreducible loss E"),
    )


# --------------------------------------------------------------------------- exercise 3: the fit
@memo_by_value
def _fit_and_forecast(n_params, n_tokens, loss, new_params, new_tokens):
    return fit_overtraining(n_params, n_tokens, loss).predict(new_params, new_tokens)


@cache
def _fit_inputs():
    rpj = load_overtraining_runs("rpj")
    paper = rpj.paper_fit_set()
    c4 = load_overtraining_runs("c4_original")
    c4_keep = (c4.n_params < 2e8) & (c4.tokens_per_param >= 20) & (c4.tokens_per_param <= 320)
    rng = np.random.default_rng(808)
    n = np.repeat(np.geomspace(2e7, 4e8, 5), 3)
    m = np.tile([10.0, 40.0, 160.0], 5)
    planted = OvertrainingLawParams(irreducible_loss=1.9, a=180.0, b=260.0, eta=0.13)
    loss = np.asarray(overtraining_loss(n, m, params=planted)) * (1.0 + 0.003 * rng.standard_normal(n.size))
    return (
        (rpj.n_params[paper], rpj.n_tokens[paper], rpj.loss[paper], np.array([1.44e9, 6.89e9]),
         np.array([1.44e9 * 640, 6.89e9 * 20])),
        (c4.n_params[c4_keep], c4.n_tokens[c4_keep], c4.loss[c4_keep], np.array([1.44e9, 1.44e9, 6.89e9]),
         np.array([1.44e9 * 20, 1.44e9 * 80, 6.89e9 * 20])),
        (n, n * m, loss, np.array([1e9, 3e9]), np.array([1e11, 3e12])),
    )


def _fit_by_hand(n, d, loss, new_n, new_d, *, floor=True):
    """Eq. (4) fitted by least squares from 16 starts, with or without its floor (the mistake).

    (M = N/D, or C = 2ND, are no mistakes here: eq. 4 is symmetric in a and b under M -> 1/M, and a factor in
    C is absorbed by a and b, so the forecasts do not change.)
    """
    import warnings

    from scipy.optimize import OptimizeWarning, curve_fit

    n, d, loss = (np.asarray(v, dtype=float) for v in (n, d, loss))

    def model(x, e, log_a, log_b, eta):
        m, c = x[1] / x[0], 6.0 * x[0] * x[1]
        return (e if floor else 0.0) + (np.exp(log_a) * m**eta + np.exp(log_b) * m ** (-eta)) * c ** (-eta)

    target = loss
    best, best_sse = None, np.inf
    for start in [(e, la, lb, eta) for e in (0.5, 1.5) for la in (3.0, 6.0) for lb in (3.0, 6.0)
                  for eta in (0.05, 0.15)]:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", OptimizeWarning)
            try:
                theta, _ = curve_fit(model, np.vstack([n, d]), target, p0=start, maxfev=5000)
            except (RuntimeError, ValueError):
                continue
            sse = float(np.sum((target - model(np.vstack([n, d]), *theta)) ** 2))
        if np.isfinite(sse) and sse < best_sse:
            best, best_sse = theta, sse
    return model(np.vstack([np.asarray(new_n, dtype=float), np.asarray(new_d, dtype=float)]), *best)


def _fit_mistakes():
    return (
        Mistake(memo_by_value(lambda *args: _fit_by_hand(*args, floor=False)),
                "the law has a floor E, fitted with the other constants; without it the curve bends the wrong way"),
        Mistake(memo_by_value(lambda n, d, loss, new_n, new_d: np.full(np.shape(new_n), float(np.mean(loss)))),
                "that is the mean of the losses you fitted, the same for every new model; forecast each "
                "(N, D) from the fitted law"),
    )


# --------------------------------------------------------------------------- exercise 4: forecasts
def _held_out_index():
    names = list(lab_runs().name)
    return [names.index(name) for name in HELD_OUT]


def _forecasts() -> np.ndarray:
    runs, idx = lab_runs(), _held_out_index()
    return np.asarray(reference_fit().predict(runs.n_params[idx], runs.n_tokens[idx]), dtype=float)


def _forecast_mistakes():
    runs, idx = lab_runs(), _held_out_index()
    paper = runs.paper_fit_set()
    paper_fit = fit_overtraining(runs.n_params[paper], runs.n_tokens[paper], runs.loss[paper])
    every = fit_overtraining(runs.n_params, runs.n_tokens, runs.loss)
    return (
        Mistake(runs.loss[idx], "those are the measured losses: the exercise is to forecast them from the small "
                                "runs before looking"),
        Mistake(_forecasts()[::-1], "the order is the 1.4B model at M = 320 first, then the 6.9B model at M = 20"),
        Mistake(np.asarray(paper_fit.predict(runs.n_params[idx], runs.n_tokens[idx])),
                "that fit uses five runs (four sizes at M = 20 and one at M = 320); fit the lab's set: every run "
                "under 500M parameters with M from 10 to 160"),
        Mistake(np.asarray(every.predict(runs.n_params[idx], runs.n_tokens[idx])),
                "that fit has seen the runs you forecast; fit only the runs under 500M parameters with M from 10 "
                "to 160"),
    )


# --------------------------------------------------------------------------- exercise 5: tokens for the target
def _tokens_needed() -> float:
    from scipy.optimize import brentq

    law = reference_fit()
    log_d = brentq(lambda x: float(law.predict(TOKENS_MODEL_SIZE, np.exp(x))) - TARGET_LOSS,
                   np.log(1e8), np.log(1e16), xtol=1e-12)
    return float(np.exp(log_d))


def _tokens_mistakes():
    d = _tokens_needed()
    return (
        Mistake(20.0 * TOKENS_MODEL_SIZE, "20 tokens per parameter is Chinchilla's rule of thumb for a "
                                          "compute-optimal model, not what this model needs to reach the "
                                          "target loss"),
        Mistake(d / TOKENS_MODEL_SIZE, "that is tokens per parameter, D/N; give the tokens D themselves"),
        Mistake(d / 1e9, "give the number of tokens itself, not in billions"),
    )


# --------------------------------------------------------------------------- exercise 6: the plan
@dataclass(frozen=True, kw_only=True)
class PlanExercise(ArrayExercise):
    """A decision ``[n_params, n_tokens]`` scored by its lifetime cost against the least-cost plan.

    Correct when the plan's loss under the reference fit is at most ``loss_tol`` above the target and its
    lifetime FLOPs are at most ``cost_tol`` above the least; a known wrong plan (``mistakes``, matched
    within ``rel_tol``) gets its own hint.
    """

    score: object
    cost_tol: float = PLAN_COST_TOLERANCE
    loss_tol: float = PLAN_LOSS_TOLERANCE

    def check(self, answer) -> CheckResult:
        pair = two_numbers(answer, self.name)
        if isinstance(pair, CheckResult):
            return pair
        n, d = pair
        if n <= 0 or d <= 0:
            return CheckResult("wrong", f"{self.name} = [{n:.4g}, {d:.4g}]",
                               "both the parameters and the tokens must be positive")
        loss, ratio = self.score(n, d)
        shown = f"N = {n:.4g}, D = {d:.4g}: loss {loss:.4f}, lifetime FLOPs {ratio:.3f} x the least"
        if loss <= TARGET_LOSS + self.loss_tol and ratio <= 1.0 + self.cost_tol:
            return CheckResult("correct", f"{shown} (within {self.cost_tol:.0%} of the least cost)")
        for mistake in self.mistake_list():
            if np.all(np.abs(np.array([n, d]) - mistake.value) <= self.rel_tol * np.abs(mistake.value)):
                return CheckResult("wrong", shown, mistake.hint)
        if loss > TARGET_LOSS + self.loss_tol:
            return CheckResult("wrong", shown, "this model does not reach the target loss: with this N it needs "
                                               "more tokens (or a larger N)")
        return CheckResult("wrong", shown, f"this reaches the target, but costs {ratio - 1:.0%} more than the "
                                           f"cheapest plan; try other model sizes, each with just the tokens it "
                                           f"needs, and compare their lifetime cost")


def _plan() -> np.ndarray:
    best = optimal_plan()
    return np.array([float(best.n_params), float(best.n_tokens)])


def _plan_mistakes():
    params = chinchilla_form(reference_fit().params)
    no_users = inference_optimal_allocation(TARGET_LOSS, 0.0, params)
    six = inference_optimal_allocation(TARGET_LOSS, 3.0 * INFERENCE_TOKENS, params)
    from scipy.optimize import brentq

    law = reference_fit()
    n20 = brentq(lambda n: float(law.predict(n, 20.0 * n)) - TARGET_LOSS, 1e7, 1e13, xtol=1.0)
    return (
        Mistake(np.array([float(no_users.n_params), float(no_users.n_tokens)]),
                "that is the cheapest model to train, ignoring its users: add the inference cost of the "
                "expected demand and minimise the total"),
        Mistake(np.array([n20, 20.0 * n20]), "20 tokens per parameter is Chinchilla's rule of thumb for training "
                                             "compute alone; with inference counted the cheapest model is "
                                             "smaller and trained on more tokens per parameter"),
        Mistake(np.array([float(six.n_params), float(six.n_tokens)]),
                "serving a token costs about 2 FLOPs per parameter (forward pass only), not 6"),
    )


EXERCISES = {
    "lab8-lifetime": FunctionExercise(
        reference=_lifetime, test_inputs=_LIFETIME_INPUTS, mistakes=_lifetime_mistakes, rel_tol=1e-9,
        name="lifetime_cost",
        hint="training costs about 6 FLOPs per parameter per training token, serving about 2 per parameter per "
             "served token; return their sum, element by element for arrays"),
    "lab8-law": FunctionExercise(
        reference=_law, test_inputs=_LAW_INPUTS, mistakes=_law_mistakes, rel_tol=1e-9, name="overtrained_loss",
        hint="write eq. (4): E + (a M^eta + b M^-eta) C^-eta, with the compute C = 6ND and M = D/N"),
    "lab8-fit": FunctionExercise(
        reference=_fit_and_forecast, test_inputs=LazyInputs(_fit_inputs), mistakes=_fit_mistakes, rel_tol=2e-3,
        name="fit_and_forecast",
        hint="fit E, a, b and eta by least squares on the losses themselves, from several starting points, keep "
             "the start with the smallest squared error, and evaluate the fitted law at the new (N, D)"),
    "lab8-forecast": ArrayExercise(
        expected=_forecasts, mistakes=_forecast_mistakes, rel_tol=2e-3, name="forecasts",
        hint="fit your function on the lab's set of small runs only, then forecast the two held-out runs from "
             "their N and D"),
    "lab8-tokens": NumberExercise(
        expected=_tokens_needed, mistakes=_tokens_mistakes, rel_tol=1e-2, name="tokens",
        hint="under your fitted law, increase D for the 1.2B-parameter model until its forecast loss falls to the "
             "target; a root finder on log D, or a fine grid with interpolation, finds it"),
    "lab8-plan": PlanExercise(
        expected=_plan, score=score_plan, mistakes=_plan_mistakes, rel_tol=1e-2, name="[N, D]",
        hint="for each candidate model size, take the tokens it needs to reach the target, add the inference "
             "cost of the demand, and choose the size with the least total"),
}
