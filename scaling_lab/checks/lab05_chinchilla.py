"""Checkers of ``labs/lab05_chinchilla.md``, "Replicate Chinchilla", declared as data.

The student writes two of Hoffmann et al.'s (2022) three estimators and compares each with the package: the
minimum of one IsoFLOP parabola and Approach 2 (checked as functions against :func:`scaling_lab.chinchilla.fit_isoflops`
on synthetic sweeps), the Huber objective of Approach 3 and its gradient (against
:mod:`scaling_lab.fitting.huber_objective`), the multi-start fit (against :func:`scaling_lab.chinchilla.fit_chinchilla`)
and its bootstrap (against :func:`scaling_lab.chinchilla.bootstrap_chinchilla`, same resamples), on runs that no
chapter fits: Hoffmann et al.'s runs below :data:`SUBSET_MAX_COMPUTE` FLOPs, as extracted by Besiroglu et al.
(2024). The student measures the shift of a parabola's vertex on noise-free profiles of an asymmetric law
(Czech et al. 2026 argue that it biases Approach 2), and chooses the model size for a budget of
:data:`TARGET_COMPUTE` FLOPs from a sweep drawn from a hidden law (:func:`sweep_runs`). The choice is scored by
its consequence (:class:`SizeDecision`): the share of the budget it wastes, against the hidden law's optimum.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from scaling_lab.allocation.optimal_split import compute_optimal
from scaling_lab.chinchilla import bootstrap_chinchilla, fit_isoflops
from scaling_lab.checks.core import CheckResult, check_number, is_unanswered
from scaling_lab.checks.lab05_sweep import HIDDEN_LAW, TARGET_COMPUTE, sweep_runs, waste
from scaling_lab.checks.spec import (
    ArrayExercise, FunctionExercise, LazyInputs, Mistake, NumberExercise, memo_by_value,
)
from scaling_lab.data import chinchilla_fig4_runs
from scaling_lab.data.synthetic import chinchilla_synthetic_runs, isoflop_synthetic_runs
from scaling_lab.fitting.chinchilla import fit_chinchilla
from scaling_lab.fitting.huber_objective import HUBER_DELTA, huber_objective
from scaling_lab.fitting.power_law import fit_power_law
from scaling_lab.reference import (
    BESIROGLU_2024, BESIROGLU_2024_DROPPED_RUNS, HOFFMANN_2022, HOFFMANN_2022_TABLE_3, PF_DAY_FLOPS,
)
from scaling_lab.reference.containers import ChinchillaParams

__all__ = [
    "ASYMMETRIC_LAW", "ASYMMETRIC_WINDOW", "SUBSET_MAX_COMPUTE", "N_BOOT", "BOOT_SEED", "WASTE_TOLERANCE",
    "subset_runs", "asymmetric_runs", "SizeDecision", "EXERCISES",
]

#: The asymmetric law of the vertex-shift exercise (our choice, shown in the lab): alpha twice beta.
ASYMMETRIC_LAW = ChinchillaParams(E=1.8, A=1500.0, B=100.0, alpha=0.40, beta=0.20,
                                  source="Lab 5: an asymmetric law, alpha = 2 beta (our choice)")
#: Its noise-free IsoFLOP profiles span a factor 16 either side of each optimum.
ASYMMETRIC_WINDOW = 16.0
#: The bootstrap runs: Hoffmann et al.'s runs (Besiroglu et al.'s 240) below this compute.
SUBSET_MAX_COMPUTE = 1e21
#: The bootstrap: this many resamples of those runs, drawn with this seed.
N_BOOT = 30
BOOT_SEED = 509
#: The share of the budget a plan may waste.
WASTE_TOLERANCE = 0.005
_TEST_SEEDS = (507, 508)
_PARAMS = ("E", "A", "B", "alpha", "beta")


# --------------------------------------------------------------------------- the lab's data
@cache
def subset_runs():
    """Besiroglu et al.'s 240 runs of Hoffmann et al.'s Figure 4 whose compute is below SUBSET_MAX_COMPUTE."""
    runs = chinchilla_fig4_runs(drop_highest_loss=BESIROGLU_2024_DROPPED_RUNS)
    keep = runs.compute_flops < SUBSET_MAX_COMPUTE
    return runs.n_params[keep], runs.n_tokens[keep], runs.loss[keep]


@cache
def asymmetric_runs():
    """Noise-free IsoFLOP profiles of ASYMMETRIC_LAW on Hoffmann et al.'s nine budgets, centred on each optimum."""
    return isoflop_synthetic_runs(params=ASYMMETRIC_LAW, noise=0.0, size_window=ASYMMETRIC_WINDOW)


# --------------------------------------------------------------------------- exercise 1: FLOPs
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


# --------------------------------------------------------------------------- exercise 2: one parabola
def _vertex(x, y):
    x0 = float(np.mean(x))
    c2, c1, _ = np.polyfit(x - x0, y, 2)
    return x0 - c1 / (2.0 * c2)


def _parabola_minimum(n_params, loss):
    return float(np.exp(_vertex(np.log(np.asarray(n_params, dtype=float)), np.asarray(loss, dtype=float))))


def _budget_of(compute_flops):
    """Each run's budget: 6ND recomputed from N and D = C/6N differs from C in the last digits."""
    return np.round(np.log10(np.asarray(compute_flops, dtype=float)), 6)


def _one_budget(runs, index):
    labels = _budget_of(runs.compute_flops)
    at = labels == np.unique(labels)[index]
    return runs.n_params[at], runs.loss[at]


@cache
def _vertex_inputs():
    clean = isoflop_synthetic_runs(params=HOFFMANN_2022, noise=0.0)
    noisy = isoflop_synthetic_runs(params=BESIROGLU_2024, noise=0.01, seed=_TEST_SEEDS[0])
    few = isoflop_synthetic_runs(params=ASYMMETRIC_LAW, n_per_budget=5, size_window=4.0, noise=0.003,
                                 seed=_TEST_SEEDS[1])
    return (_one_budget(clean, 2), _one_budget(noisy, 6), _one_budget(few, 4))


def _vertex_mistakes():
    def best_run(n, loss):
        return float(np.asarray(n, dtype=float)[np.argmin(loss)])

    def log10_then_exp(n, loss):
        return float(np.exp(_vertex(np.log10(np.asarray(n, dtype=float)), np.asarray(loss, dtype=float))))

    def in_n(n, loss):
        return float(_vertex(np.asarray(n, dtype=float), np.asarray(loss, dtype=float)))

    def log_of_it(n, loss):
        return math.log(_parabola_minimum(n, loss))

    return (
        Mistake(best_run, "that is the best of the runs; fit a parabola in log N through all of them and take its "
                          "minimum, which can fall between them"),
        Mistake(log10_then_exp, "you fitted in log10 N but undid it with the exponential; a base-10 log is undone by "
                                "a power of 10"),
        Mistake(in_n, "fit the parabola in log N, not in N: IsoFLOP profiles are parabolas on a log axis"),
        Mistake(log_of_it, "that is log N at the minimum; return N itself (undo the log)"),
    )


# --------------------------------------------------------------------------- exercise 3: Approach 2
def _approach2_a(n_params, compute_flops, loss):
    return float(fit_isoflops(n_params, compute_flops, loss).a)


@cache
def _approach2_inputs():
    first = isoflop_synthetic_runs(params=HOFFMANN_2022, noise=0.01, seed=_TEST_SEEDS[0])
    second = isoflop_synthetic_runs(params=BESIROGLU_2024, noise=0.005, n_per_budget=7, size_window=4.0,
                                    seed=_TEST_SEEDS[1])
    third = sweep_runs()
    return tuple((r.n_params, r.compute_flops, r.loss) for r in (first, second, third))


def _best_runs_slope(n, c, loss):
    n, c, loss = (np.asarray(v, dtype=float) for v in (n, c, loss))
    labels = _budget_of(c)
    budgets = np.unique(labels)
    best = [n[labels == b][np.argmin(loss[labels == b])] for b in budgets]
    return float(fit_power_law(10.0**budgets, best).exponent)


def _approach2_mistakes():
    return (
        Mistake(memo_by_value(lambda n, c, loss: 1.0 - _approach2_a(n, c, loss)),
                "that is b, the exponent of the tokens D_opt = C/(6 N_opt); a is the exponent of the model size"),
        Mistake(memo_by_value(lambda n, c, loss: -_approach2_a(n, c, loss)), "N_opt grows with compute: a is positive"),
        Mistake(memo_by_value(_best_runs_slope), "that uses the best run of each budget; use the minimum of the parabola "
                                         "through each budget's runs"),
    )


# --------------------------------------------------------------------------- exercise 4: the vertex shift
def _vertex_ratios() -> np.ndarray:
    runs = asymmetric_runs()
    budgets = 10.0 ** np.unique(_budget_of(runs.compute_flops))
    true = np.atleast_1d(compute_optimal(budgets, ASYMMETRIC_LAW).n_opt)
    fitted = [_parabola_minimum(*_one_budget(runs, i)) for i in range(budgets.size)]
    return np.array(fitted) / true


def _vertex_shift() -> float:
    return float(np.mean(_vertex_ratios()))


def _vertex_shift_mistakes():
    ratio = _vertex_shift()
    return (
        Mistake(1.0 / ratio, "that is the true optimum over the parabola's; divide the parabola's minimum by the "
                             "true optimum"),
        Mistake(100.0 * (ratio - 1.0), "give the ratio itself (about 1 when the parabola is right), not a "
                                       "percentage"),
        Mistake(math.log(ratio), "that is the log of the ratio; give the ratio of the two sizes"),
    )


# --------------------------------------------------------------------------- exercises 5 and 6: the objective
def _objective_value(theta, log_n, log_d, log_loss):
    return huber_objective(np.asarray(theta, dtype=float), np.asarray(log_n, dtype=float),
                           np.asarray(log_d, dtype=float), np.asarray(log_loss, dtype=float))[0]


def _objective_gradient(theta, log_n, log_d, log_loss):
    return huber_objective(np.asarray(theta, dtype=float), np.asarray(log_n, dtype=float),
                           np.asarray(log_d, dtype=float), np.asarray(log_loss, dtype=float))[1]


def _theta_of(law, shift=(0.0, 0.0, 0.0, 0.0, 0.0)):
    base = np.array([math.log(law.A), math.log(law.B), math.log(law.E), law.alpha, law.beta])
    return base + np.array(shift)


@cache
def _objective_inputs():
    real = chinchilla_fig4_runs(drop_highest_loss=BESIROGLU_2024_DROPPED_RUNS)
    real_logs = (np.log(real.n_params[:60]), np.log(real.n_tokens[:60]), np.log(real.loss[:60]))
    clean = chinchilla_synthetic_runs(40, params=HOFFMANN_2022, noise=0.0005, seed=_TEST_SEEDS[0])
    clean_logs = (np.log(clean.n_params), np.log(clean.n_tokens), np.log(clean.loss))
    return (
        (_theta_of(BESIROGLU_2024), *real_logs),
        (_theta_of(HOFFMANN_2022, (0.01, -0.01, 0.0, 0.0, 0.0)), *clean_logs),
        (np.array([5.0, 10.0, 0.5, 0.5, 0.5]), *clean_logs),
        (_theta_of(HOFFMANN_2022, (0.0, 0.0, 0.002, 0.0, 0.001)), *clean_logs),
    )


def _parts(theta, log_n, log_d, log_loss, *, with_floor=True):
    a, b, e, alpha, beta = np.asarray(theta, dtype=float)
    log_n, log_d, log_loss = (np.asarray(v, dtype=float) for v in (log_n, log_d, log_loss))
    t_n, t_d = a - alpha * log_n, b - beta * log_d
    terms = np.stack([t_n, t_d, np.full_like(t_n, e)]) if with_floor else np.stack([t_n, t_d])
    top = terms.max(axis=0)
    pred = top + np.log(np.exp(terms - top).sum(axis=0))
    return pred, log_loss, terms


def _huber(r, delta=HUBER_DELTA):
    r = np.asarray(r, dtype=float)
    return np.where(np.abs(r) <= delta, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta))


def _objective_mistakes():
    def mean(*args):
        return _objective_value(*args) / np.size(args[1])

    def squares(*args):
        pred, log_loss, _ = _parts(*args)
        return float(0.5 * np.sum((pred - log_loss) ** 2))

    def loss_space(*args):
        pred, log_loss, _ = _parts(*args)
        return float(np.sum(_huber(np.exp(pred) - np.exp(log_loss))))

    def no_floor(*args):
        pred, log_loss, _ = _parts(*args, with_floor=False)
        return float(np.sum(_huber(pred - log_loss)))

    return (
        Mistake(mean, "that is the mean of the Huber losses; Hoffmann et al. minimise their sum (the mean gives the "
                      "same optimum but a tiny objective, which stops L-BFGS early)"),
        Mistake(squares, "that is half the sum of squared residuals; the Huber loss is quadratic only within delta = "
                         "1e-3 of zero, and linear beyond"),
        Mistake(loss_space, "the residuals are of log losses: the log of the predicted loss minus the log of the "
                            "measured one"),
        Mistake(no_floor, "the predicted loss has three terms, E + A/N^alpha + B/D^beta: the log-sum-exp takes e = "
                          "log E as its third argument"),
    )


def _gradient_mistakes():
    def sign(*args):
        return _objective_gradient(*args) * np.array([1.0, 1.0, 1.0, -1.0, -1.0])

    def squares(*args):
        pred, log_loss, terms = _parts(*args)
        r = pred - log_loss
        p = np.exp(terms - pred)
        log_n, log_d = np.asarray(args[1], dtype=float), np.asarray(args[2], dtype=float)
        return np.array([np.sum(r * p[0]), np.sum(r * p[1]), np.sum(r * p[2]),
                         -np.sum(r * p[0] * log_n), -np.sum(r * p[1] * log_d)])

    def mean(*args):
        return _objective_gradient(*args) / np.size(args[1])

    return (
        Mistake(sign, "check the signs of the last two entries: alpha and beta enter the log-sum-exp as "
                      "-alpha log N and -beta log D"),
        Mistake(squares, "that is the gradient of half the squared residuals; the Huber loss's derivative is the "
                         "residual clipped to [-delta, delta]"),
        Mistake(mean, "that is the gradient of the mean; differentiate the sum of the Huber losses"),
    )


# --------------------------------------------------------------------------- exercise 7: the fit
def _as_array(fit) -> np.ndarray:
    return np.array([getattr(fit, name) for name in _PARAMS], dtype=float)


@memo_by_value
def _fit_reference(n_params, n_tokens, loss):
    return _as_array(fit_chinchilla(n_params, n_tokens, loss))


@cache
def _fit_inputs():
    first = chinchilla_synthetic_runs(60, params=BESIROGLU_2024, noise=0.01, seed=_TEST_SEEDS[0])
    second = chinchilla_synthetic_runs(45, params=ASYMMETRIC_LAW, noise=0.005, seed=_TEST_SEEDS[1])
    return tuple((r.n_params, r.n_tokens, r.loss) for r in (first, second))


def _fit_mistakes():
    def logs(*args):
        e_, a_, b_, alpha, beta = _fit_reference(*args)
        return np.array([math.log(e_), math.log(a_), math.log(b_), alpha, beta])

    def swapped(*args):
        e_, a_, b_, alpha, beta = _fit_reference(*args)
        return np.array([e_, a_, b_, beta, alpha])

    def theta_order(*args):
        e_, a_, b_, alpha, beta = _fit_reference(*args)
        return np.array([a_, b_, e_, alpha, beta])

    return (
        Mistake(logs, "E, A and B are fitted as logarithms (e, a, b); return E, A and B themselves"),
        Mistake(swapped, "alpha goes with N (A/N^alpha) and beta with D (B/D^beta): check their order"),
        Mistake(theta_order, "return [E, A, B, alpha, beta] in that order, not the order of the fitted vector "
                             "(a, b, e, ...)"),
    )


# --------------------------------------------------------------------------- exercise 8: the bootstrap
@cache
def _bootstrap():
    return bootstrap_chinchilla(*subset_runs(), n_boot=N_BOOT, seed=BOOT_SEED)


def _interval() -> np.ndarray:
    return np.array(_bootstrap().intervals["a"])


def _interval_mistakes():
    boot = _bootstrap()
    a = boot.samples["a"]
    spread = 1.96 * boot.stderr("a")
    return (
        Mistake(np.percentile(a, [10, 90]), "that is an 80% interval (10th to 90th percentiles); the 95% interval "
                                            "runs from the 2.5th to the 97.5th percentile"),
        Mistake(np.array(boot.intervals["b"]), "that is the interval of b; the exercise asks for a = beta/(alpha + "
                                               "beta)"),
        Mistake(np.array(boot.intervals["beta"]), "that is the interval of beta; compute a = beta/(alpha + beta) "
                                                  "for each resample"),
        Mistake(np.array([boot.estimates["a"] - spread, boot.estimates["a"] + spread]),
                "that is a normal interval (estimate +- 1.96 s.e.); use the percentiles of the resampled values"),
    )


# --------------------------------------------------------------------------- exercise 9: the decision
def _true_size() -> float:
    return float(compute_optimal(TARGET_COMPUTE, HIDDEN_LAW).n_opt)


def _approach2_size() -> float:
    runs = sweep_runs()
    return float(fit_isoflops(runs.n_params, runs.compute_flops, runs.loss).n_opt(TARGET_COMPUTE))


def _best_runs_size() -> float:
    runs = sweep_runs()
    labels = _budget_of(runs.compute_flops)
    best = [runs.n_params[labels == b][np.argmin(runs.loss[labels == b])] for b in np.unique(labels)]
    return float(fit_power_law(10.0 ** np.unique(labels), best).predict(TARGET_COMPUTE))


def _decision_mistakes():
    return (
        Mistake(_approach2_size(), "that is Approach 2's extrapolation: its parabolas' minima are off on these "
                                   "lopsided, off-centre profiles, and the error grows over four decades of compute"),
        Mistake(_best_runs_size(), "that extrapolates the best run of each budget; the best run is not the best "
                                   "size, and the sizes tried were not centred on it"),
        Mistake(float(compute_optimal(TARGET_COMPUTE, HOFFMANN_2022).n_opt),
                "that is the optimum of Hoffmann et al.'s eq. 10, not of the law behind these runs: fit the sweep"),
        Mistake(math.sqrt(TARGET_COMPUTE / 120.0), "20 tokens per parameter is Hoffmann et al.'s rule from their "
                                                   "Approaches 1 and 2; this sweep follows another law: fit it"),
    )


@dataclass(frozen=True, kw_only=True)
class SizeDecision(NumberExercise):
    """A model size for :data:`TARGET_COMPUTE` FLOPs, scored by the share of the budget it wastes under the
    hidden law (:func:`waste`): correct at most ``tolerance``; a known wrong choice (``mistakes``, matched within
    ``rel_tol``) gets its own hint."""

    tolerance: float = WASTE_TOLERANCE

    def check(self, answer) -> CheckResult:
        if is_unanswered(answer):
            return CheckResult("unanswered")
        form = check_number(answer, 1.0, abs_tol=np.inf, name=self.name)  # one finite number?
        if not form.correct:
            return form
        if np.iscomplexobj(np.asarray(answer)):
            return CheckResult("wrong", f"{self.name} = {answer!r}", "a model size is a real number of parameters")
        n = float(np.asarray(answer, dtype=float).ravel()[0])
        if not n > 0:
            return CheckResult("wrong", f"{self.name} = {n:.4g}", "a model size is a positive number of parameters")
        share = waste(n)
        shown = f"N = {n:.4g}: wastes {share:.2%} of the budget (a model of the best size reaches the same loss " \
                f"with {1 - share:.2%} of it)"
        if share <= self.tolerance:
            return CheckResult("correct", shown)
        for mistake in self.mistake_list():
            if abs(n - mistake.value) <= self.rel_tol * abs(mistake.value):
                return CheckResult("wrong", shown, mistake.hint)
        side = "too small" if n < self.answer() else "too large"
        return CheckResult("wrong", shown, f"this model is {side}: it wastes more than {self.tolerance:.1%} of the "
                                           "budget; which of your estimates of N_opt can you trust this far out?")


EXERCISES = {
    "lab5-flops": NumberExercise(
        expected=_flops, mistakes=_flops_mistakes, rel_tol=1e-3, name="training FLOPs",
        hint="training costs about 6 FLOPs per parameter per token: C = 6 N D"),
    "lab5-vertex": FunctionExercise(
        reference=_parabola_minimum, test_inputs=LazyInputs(_vertex_inputs), mistakes=_vertex_mistakes,
        rel_tol=1e-6, name="parabola_minimum",
        hint="fit loss = c0 + c1 x + c2 x^2 with x = log N by least squares; the vertex is at x = -c1/(2 c2); return "
             "N there"),
    "lab5-approach2": FunctionExercise(
        reference=memo_by_value(_approach2_a), test_inputs=LazyInputs(_approach2_inputs), mistakes=_approach2_mistakes,
        rel_tol=0.0, abs_tol=1e-6, name="approach2_exponent",
        hint="group the runs by budget, take each budget's parabola minimum N*(C), then fit a straight line to log N* "
             "against log C: its slope is a"),
    "lab5-vertex-shift": NumberExercise(
        expected=_vertex_shift, mistakes=_vertex_shift_mistakes, rel_tol=1e-4, name="N* / N_opt",
        hint="for each budget, divide your parabola's minimum by the true optimum of that budget; the ratio is the "
             "same at every budget"),
    "lab5-huber": FunctionExercise(
        reference=_objective_value, test_inputs=LazyInputs(_objective_inputs), mistakes=_objective_mistakes,
        rel_tol=1e-7, abs_tol=1e-15, name="huber_objective",
        hint="each run's residual is the log-sum-exp of (a - alpha log N_i, b - beta log D_i, e) minus log L_i; its Huber "
             "loss is r^2/2 where |r| <= delta and delta (|r| - delta/2) beyond, with delta = 1e-3; return the sum "
             "over runs"),
    "lab5-gradient": FunctionExercise(
        reference=_objective_gradient, test_inputs=LazyInputs(_objective_inputs), mistakes=_gradient_mistakes,
        rel_tol=1e-6, abs_tol=1e-12, name="huber_gradient",
        hint="each run contributes clip(r_i, -delta, delta) times the gradient of r_i; the gradient of a log-sum-exp "
             "is the softmax weights of its three arguments, times each argument's derivative"),
    "lab5-approach3": FunctionExercise(
        reference=_fit_reference, test_inputs=LazyInputs(_fit_inputs), mistakes=_fit_mistakes, rel_tol=5e-3,
        name="fit_approach3",
        hint="minimise your objective with L-BFGS from several starting points (with your gradient, and tolerances "
             "far below the default: the objective is about 1e-3), keep the lowest, and return [E, A, B, alpha, "
             "beta]"),
    "lab5-bootstrap": ArrayExercise(
        expected=_interval, mistakes=_interval_mistakes, rel_tol=0.0, abs_tol=2e-3, name="95% interval of a",
        hint="draw each resample's 217 run indices from the seeded generator, one resample after the other, refit "
             "it starting from the fit to all the runs, compute a = beta/(alpha + beta), and take the 2.5th and 97.5th "
             "percentiles of the 30 values"),
    "lab5-decision": SizeDecision(
        expected=_true_size, mistakes=_decision_mistakes, rel_tol=0.02, name="model size",
        hint="choose the model size for 1e24 FLOPs from a law fitted to the sweep; the check scores the share of "
             "the budget your choice wastes"),
}
