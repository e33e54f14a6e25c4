"""Checkers of ``labs/lab06_budget.md``, "Scaling laws on a budget", declared as data.

The student designs every query to :class:`scaling_lab.training_api.TrainingAPI` (seed :data:`SEED`, budget
:data:`BUDGET_FLOPS`): a learning-rate scan, then IsoFLOP profiles, then a fit and a prediction at
:data:`TARGET_FLOPS`.  Two exercises are functions checked against the package on several inputs (the tokens
of a run; the compute-optimal size of a Chinchilla law, Hoffmann et al. 2022 eq. 4).  Two are decisions scored
by their consequence against the API's hidden truth, computed privately (instructor mode), never shown:

* :class:`RateRuleExercise`: the student's learning-rate rule is correct when it stays within a factor
  :data:`RATE_FACTOR` of the hidden best rate at every size of :data:`RULE_SIZES`;
* :class:`PredictionExercise`: the prediction ``[n_params, loss]`` at :data:`TARGET_FLOPS` is correct when the
  size is within a factor :data:`SIZE_FACTOR` of the true compute-optimal size and the loss within
  :data:`LOSS_MARGIN` nats of the true loss; the verdict also shows the ``submit`` score.

Hints say which way an answer is off (too large, too small, too high, too low) and where to look, never the
answer.  The thresholds are what a sound design of the lab's size achieves: the lab's own design (three
learning-rate sweeps at 0.8M, 11M and 100M parameters, then nine sizes at each of three budgets 4e15, 1.6e16
and 6.4e16 FLOPs per run) lands 0.89-1.10x from the true size and within 0.07 nats of the true loss over seeds
3-5, 7-9, 12-14 and 25 (measured with the same design, up to the rounding of each batch), and its rule within
10% of the hidden best rate; for the lab's seed, 1.08x, 0.0096 nats high and 4.4%
(tests/checks/test_lab06_budget.py).  The API's omniscient ``ideal_strategy`` misses the loss by 0.006-0.067
nats over seeds 0-7, so the loss margin cannot be much tighter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from scaling_lab.allocation.optimal_split import compute_optimal
from scaling_lab.checks.core import CheckResult, is_unanswered
from scaling_lab.checks.spec import ArrayExercise, FunctionExercise, Mistake, two_numbers
from scaling_lab.reference.containers import ChinchillaParams
from scaling_lab.training_api.api import TrainingAPI

__all__ = [
    "SEED", "BUDGET_FLOPS", "TARGET_FLOPS", "RULE_SIZES", "RATE_FACTOR", "SIZE_FACTOR", "LOSS_MARGIN",
    "RateRuleExercise", "PredictionExercise", "hidden_truth", "score_prediction", "EXERCISES",
]

#: The lab's API: TrainingAPI(BUDGET_FLOPS, seed=SEED); predictions are for TARGET_FLOPS, 1000x the budget.
SEED = 14
BUDGET_FLOPS = 1e18
TARGET_FLOPS = 1e21
#: The sizes at which a learning-rate rule is judged: 1e6 to 3e8 parameters, the range of the lab's runs.
RULE_SIZES = tuple(float(n) for n in np.geomspace(1e6, 3e8, 9))
#: A rule is correct within this factor of the hidden best rate at every size of RULE_SIZES.
RATE_FACTOR = 1.5
#: A prediction is correct when its size is within this factor of the true compute-optimal size ...
SIZE_FACTOR = 1.5
#: ... and its loss within this many nats of the true loss at TARGET_FLOPS.
LOSS_MARGIN = 0.08


@cache
def _instructor_api() -> TrainingAPI:
    return TrainingAPI(BUDGET_FLOPS, seed=SEED, instructor=True)


def hidden_truth():
    """The lab's hidden surface (:class:`~scaling_lab.training_api.TrainingTruth`), for checks and tests only."""
    return _instructor_api().reveal()


@cache
def _optimum() -> tuple[float, float, float]:
    n_opt, d_opt, loss = hidden_truth().optimum(TARGET_FLOPS)
    return float(n_opt), float(d_opt), float(loss)


def score_prediction(n_params: float, loss: float):
    """The API's :class:`~scaling_lab.training_api.Submission` for a prediction at :data:`TARGET_FLOPS`."""
    return _instructor_api().submit(n_params, loss, TARGET_FLOPS)


# --------------------------------------------------------------------------- exercise 1: tokens of a run
def _run_tokens(d_model, n_layers, train_flops):
    n = 12.0 * np.asarray(n_layers, dtype=float) * np.asarray(d_model, dtype=float) ** 2
    return np.asarray(train_flops, dtype=float) / (6.0 * n)


_TOKENS_INPUTS = (
    (512, 8, 1e16),
    (128, 2, 3e14),
    (2048, 24, 1e20),
    (np.array([256, 512, 1024]), np.array([4, 8, 16]), 1e17),
)


def _tokens_mistakes():
    def by_hand(per_layer, per_token):
        return lambda d, l, c: np.asarray(c, float) / (per_token * per_layer * np.asarray(l, float)
                                                        * np.asarray(d, float) ** 2)
    return (
        Mistake(by_hand(1.0, 6.0), "a transformer layer holds 12 d_model^2 parameters (Kaplan et al. eq. 2.1), "
                                   "so N = 12 n_layers d_model^2"),
        Mistake(by_hand(12.0, 2.0), "training costs 6 FLOPs per parameter per token (2 forward, 4 backward), "
                                    "not 2"),
        Mistake(by_hand(12.0, 1.0), "divide by 6N: each token costs 6 FLOPs per parameter"),
        Mistake(lambda d, l, c: 6.0 * 12.0 * np.asarray(l, float) * np.asarray(d, float) ** 2 + 0.0 * np.asarray(c),
                "that is the cost of one token; the tokens are the FLOPs divided by that cost"),
    )


# --------------------------------------------------------------------------- exercise 2: the learning-rate rule
@dataclass(frozen=True, kw_only=True)
class RateRuleExercise(FunctionExercise):
    """A learning-rate rule ``learning_rate_for(n_params)``, scored by how far it strays from the hidden best rate.

    Correct when the rule is within ``factor`` of the truth at every size of ``test_inputs``; a listed mistake
    (matched within ``rel_tol`` at every size) gets its own hint; otherwise the hint says whether the rule is too
    high or too low, or falls too fast or too slowly with size.
    """

    factor: float = RATE_FACTOR

    def check(self, answer) -> CheckResult:
        if is_unanswered(answer):
            return CheckResult("unanswered")
        if answer is None:
            return CheckResult("wrong", "", "learning_rate_for is None: did you forget to define it?")
        if not callable(answer):
            return CheckResult("wrong", "", f"{self.name} should be a function (def ...); got a "
                                            f"{type(answer).__name__}")
        sizes = np.array([args[0] for args in self.test_inputs], dtype=float)
        rates = []
        for n in sizes:
            try:
                out = answer(float(n))
            except Exception as exc:  # a student's code may raise anything
                return CheckResult("wrong", "", f"calling it with n_params={n:.3g} raised {type(exc).__name__}: "
                                                f"{exc}")
            if is_unanswered(out):
                return CheckResult("unanswered")
            try:
                value = np.asarray(out, dtype=float)
            except Exception:
                return CheckResult("wrong", "", f"{self.name} should return one number (a learning rate); got "
                                                f"a {type(out).__name__}")
            if value.size != 1 or not np.isfinite(value).all():
                return CheckResult("wrong", "", f"{self.name}({n:.3g}) should return one finite number; got "
                                                f"{value.size} value(s)")
            rates.append(float(value.ravel()[0]))
        rates = np.array(rates)
        best = np.asarray(self.reference(sizes), dtype=float)
        shown = ", ".join(f"N={n:.2g}: {r:.3g}" for n, r in zip(sizes[::4], rates[::4]))
        positive = bool(np.all(rates > 0))
        if positive and np.abs(np.log(rates / best)).max() <= math.log(self.factor):
            return CheckResult("correct", f"{shown} (within a factor {self.factor:g} of the hidden best rate "
                                          f"from {sizes[0]:.0e} to {sizes[-1]:.0e} parameters)")
        for mistake in self.mistake_list():
            wrong = np.array([float(np.asarray(mistake.value(n))) for n in sizes])
            if np.all(np.abs(rates - wrong) <= self.rel_tol * np.abs(wrong)):
                return CheckResult("wrong", shown, mistake.hint)
        if not positive:
            return CheckResult("wrong", shown, "a learning rate is positive: did you return its logarithm?")
        log_ratio = np.log(rates / best)
        tilt = float(np.polyfit(np.log(sizes), log_ratio, 1)[0]) * math.log(sizes[-1] / sizes[0])
        if abs(tilt) > math.log(self.factor):
            if tilt > 0:
                hint = ("your rule falls too slowly with the model size (or rises): it is too high for the largest "
                        "models compared with the smallest; measure the best rate at sizes further apart")
            else:
                hint = ("your rule falls too fast with the model size: it is too low for the largest models "
                        "compared with the smallest; check the best rate you found at each size")
        elif log_ratio.mean() > 0:
            hint = ("your rule is too high at every size; look again at where each sweep's minimum lies (fit "
                    "only the runs near it, and leave out the runs that diverged)")
        else:
            hint = ("your rule is too low at every size; look again at where each sweep's minimum lies (fit only "
                    "the runs near it)")
        return CheckResult("wrong", shown, hint)


def _best_rate(n_params):
    return hidden_truth().best_learning_rate(n_params)


def _rate_mistakes():
    truth = hidden_truth()
    middle = float(truth.best_learning_rate(math.sqrt(RULE_SIZES[0] * RULE_SIZES[-1])))
    return (
        Mistake(lambda n: truth.lr_ref * (np.asarray(n, float) / 1e8) ** truth.lr_exponent,
                "your rule rises with the model size; in this simulator larger models want smaller rates, so "
                "check the sign of your exponent"),
        Mistake(lambda n: middle + 0.0 * np.asarray(n, float),
                "one rate for every size: this simulator's best rate moves with the model size, so measure it "
                "at two sizes or more and let your rule follow it"),
        Mistake(lambda n: np.exp(np.log10(truth.best_learning_rate(n))),
                "your rates are near 1: a base-10 logarithm is undone by a power of 10, not by the exponential"),
    )


# --------------------------------------------------------------------------- exercise 3: the optimal size
def _optimal_size(compute_flops, A, B, alpha, beta):
    law = ChinchillaParams(E=0.0, A=A, B=B, alpha=alpha, beta=beta, source="lab 6 test input")
    return np.asarray(compute_optimal(compute_flops, law).n_opt, dtype=float)


_SIZE_INPUTS = (
    (1e21, 406.4, 410.7, 0.34, 0.28),
    (5.76e23, 482.0, 2085.0, 0.3478, 0.3658),
    (1e18, 300.0, 900.0, 0.30, 0.38),
    (np.array([1e19, 1e21, 1e23]), 520.0, 1500.0, 0.36, 0.31),
)


def _size_by_hand(c, A, B, alpha, beta, *, flops_per=6.0, swap=False, invert=False):
    g = (alpha * A / (beta * B)) ** (1.0 / (alpha + beta))
    a = (alpha if swap else beta) / (alpha + beta)
    return (1.0 / g if invert else g) * (np.asarray(c, dtype=float) / flops_per) ** a


def _size_mistakes():
    return (
        Mistake(lambda *args: _size_by_hand(*args, swap=True),
                "the size exponent is beta / (alpha + beta): the data term's exponent on top"),
        Mistake(lambda *args: _size_by_hand(*args, flops_per=1.0),
                "the budget constraint is C = 6ND: use C / 6, not C"),
        Mistake(lambda *args: _size_by_hand(*args, invert=True),
                "G = (alpha A / (beta B))^(1/(alpha+beta)) multiplies the size; you divided by it (that is the "
                "factor of D_opt)"),
    )


# --------------------------------------------------------------------------- exercise 4: the prediction
@dataclass(frozen=True, kw_only=True)
class PredictionExercise(ArrayExercise):
    """A prediction ``[n_params, loss]`` at :data:`TARGET_FLOPS`, scored against the hidden optimum.

    Correct when ``n_params`` is within ``size_factor`` of the true compute-optimal size and ``loss`` within
    ``loss_margin`` nats of the true loss; a listed mistake (matched within ``rel_tol``) gets its own hint;
    otherwise the hint says which way each part is off.  The verdict shows the API's ``submit`` score.
    """

    size_factor: float = SIZE_FACTOR
    loss_margin: float = LOSS_MARGIN

    def check(self, answer) -> CheckResult:
        pair = two_numbers(answer, self.name)
        if isinstance(pair, CheckResult):
            return pair
        n, loss = pair
        if n <= 0 or loss <= 0:
            return CheckResult("wrong", f"{self.name} = [{n:.4g}, {loss:.4g}]",
                               "both the model size and the loss must be positive")
        n_opt, d_opt, l_opt = _optimum()
        result = score_prediction(n, loss)
        shown = f"N = {n:.4g}, loss {loss:.4f} nats: submit score {result.score:.0f}/100"
        size_ok = abs(math.log(n / n_opt)) <= math.log(self.size_factor)
        loss_ok = abs(loss - l_opt) <= self.loss_margin
        if size_ok and loss_ok:
            return CheckResult("correct", f"{shown} (size within a factor {self.size_factor:g} of the true "
                                          f"optimum, loss within {self.loss_margin:g} nats)")
        for mistake in self.mistake_list():
            if np.all(np.abs(np.array([n, loss]) - mistake.value) <= self.rel_tol * np.abs(mistake.value)):
                return CheckResult("wrong", shown, mistake.hint)
        if not size_ok and abs(math.log(n / d_opt)) <= math.log(self.size_factor):
            return CheckResult("wrong", shown, "your size looks like a number of training tokens; the first "
                                               "number is the model size N")
        if not loss_ok and abs(loss * math.log(2.0) - l_opt) <= self.loss_margin:
            return CheckResult("wrong", shown, "your loss looks like bits per token; the API's losses, and the "
                                               "prediction, are in nats per token")
        parts = []
        if not size_ok:
            parts.append("your model is too large" if n > n_opt else "your model is too small")
        if not loss_ok:
            parts.append("your loss is too high" if loss > l_opt else "your loss is too low")
        where = ("look at your IsoFLOP valleys (does each have its minimum inside the sizes you bought?), at the "
                 "learning rate and batch of each run, and at the runs your fit kept")
        return CheckResult("wrong", shown, f"{' and '.join(parts)}; {where}")


def _prediction() -> np.ndarray:
    n_opt, _, l_opt = _optimum()
    return np.array([n_opt, l_opt])


def _prediction_mistakes():
    n_opt, d_opt, l_opt = _optimum()
    n_here, d_here, l_here = (float(v) for v in hidden_truth().optimum(BUDGET_FLOPS))
    mistakes = [
        Mistake(np.array([n_here, l_here]), "that is the optimum at your own budget (1e18 FLOPs); the prediction "
                                            "is for 1e21 FLOPs"),
    ]
    rule = math.sqrt(TARGET_FLOPS / 120.0)  # 20 tokens per parameter
    if abs(math.log(rule / n_opt)) > math.log(SIZE_FACTOR):
        mistakes.append(Mistake(np.array([rule, l_opt]), "that is the 20-tokens-per-parameter rule of thumb, not "
                                                         "your measurement: find the optimum of your own fit"))
    return tuple(mistakes)


EXERCISES = {
    "lab6-tokens": FunctionExercise(
        reference=_run_tokens, test_inputs=_TOKENS_INPUTS, mistakes=_tokens_mistakes, rel_tol=1e-9,
        name="run_tokens",
        hint="count the parameters of the model from its width and depth, then divide the FLOPs by 6 per "
             "parameter per token; it must work element by element for arrays"),
    "lab6-lr-rule": RateRuleExercise(
        reference=_best_rate, test_inputs=tuple((n,) for n in RULE_SIZES), mistakes=_rate_mistakes, rel_tol=0.05,
        name="learning_rate_for",
        hint="measure the best rate at two sizes or more, far apart, and let the rule pass through them as a "
             "power of the model size"),
    "lab6-optimal-size": FunctionExercise(
        reference=_optimal_size, test_inputs=_SIZE_INPUTS, mistakes=_size_mistakes, rel_tol=1e-9,
        name="optimal_size",
        hint="minimise the law along C = 6ND, as the compute chapter does (Hoffmann et al. eq. 4): check the "
             "exponent of C/6 and the factor in front of it"),
    "lab6-prediction": PredictionExercise(
        expected=_prediction, mistakes=_prediction_mistakes, rel_tol=0.02, name="[N, loss]",
        hint="fit the law to your IsoFLOP runs, find its compute-optimal size at 1e21 FLOPs, and evaluate the "
             "fitted law there; a sound design lands within a factor 1.5 in size and 0.08 nats in loss"),
}
