"""Checkers of ``labs/lab04_tune_small.md``, "Tune small, predict large", declared as data.

The student writes Kaplan et al.'s joint law (2020, eq. 1.5) and its least-squares fit (each checked as a
function against the package on several inputs), commits the forecasts of three joint laws for a large model
before it is trained, scores them against the trained model, and decides which law to trust for the next
run (scored by that run's measured loss).  In part 2 the student designs a learning-rate scan at width 32
under a budget (scored by the loss of the rates found) and chooses the parametrisation for a width-256
network (scored by the loss it reaches there).

Every expected value is computed with the calls the lab makes, on :data:`SEED`, a seed no chapter uses
(the chapters run the same sweeps with seed 0); the sweeps are kept for the session, so checking does not
train them again.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

import numpy as np

from scaling_lab.checks.core import CheckResult, check_array, is_unanswered
from scaling_lab.checks.spec import ArrayExercise, ChoiceExercise, FunctionExercise, LazyInputs, Mistake
from scaling_lab.experiments import learning_rate_sweep, lm_extrapolation_run, lm_grid_sweep
from scaling_lab.fitting.joint import fit_kaplan_joint
from scaling_lab.fitting.joint_forecast import forecast_joint_law
from scaling_lab.laws.kaplan import kaplan_loss_nd

__all__ = ["SEED", "LAWS", "RANDOM_GUESS_BITS", "SCAN_WIDTH", "WIDE_WIDTH", "SCAN_TOLERANCE", "TRUST_MARGIN",
           "committed_forecasts", "next_run_errors", "scan_reference", "EXERCISES"]

#: Seed of every run of the lab (the chapters use 0, 1, 2 and 2026).
SEED = 7
#: The three joint laws, in the order every answer lists them.
LAWS = ("kaplan", "chinchilla", "rosenfeld")
#: Rosenfeld's random-guess error: a uniform guess over the 39 symbols, in bits.
RANDOM_GUESS_BITS = math.log2(39)
#: Part 2: the width the student tunes at, and the width the tuned rate is used at.
SCAN_WIDTH, WIDE_WIDTH = 32, 256
#: A tuned rate is good when its loss at width 32 is at most this fraction above the best of a fine scan.
SCAN_TOLERANCE = 0.10
#: The rates of the fine reference scan at width 32: 2^-10 ... 2^-1 in half-octave steps.
_FINE_RATES = 2.0 ** np.arange(-10.0, -0.9, 0.5)
#: The decision of which law to trust is right when the chosen law's error on the next run is at most this
#: many percentage points worse than the best law's.
TRUST_MARGIN = 0.005


# --------------------------------------------------------------------------- the runs
def _grid():
    return lm_grid_sweep(seed=SEED)


def _big():
    return lm_extrapolation_run(seed=SEED)


def _next():
    return lm_extrapolation_run(seed=SEED, full=True)


@cache
def _forecasts(law, include_big=False):
    """A law fitted to the grid (and the large run), forecasting the large run and the next one."""
    grid, big, = _grid(), _big()
    n, d, loss = grid.n_params, grid.n_tokens, grid.loss
    if include_big:
        n, d, loss = (np.append(a, b) for a, b in ((n, big.n_params), (d, big.n_tokens), (loss, big.loss)))
    targets_n = np.array([big.n_params[0], big.n_params[0]])
    targets_d = np.array([big.n_tokens[0], 2 * big.n_tokens[0]])  # the next run: same model, twice the data
    return forecast_joint_law(n, d, loss, targets_n, targets_d, law=law, random_guess_loss=RANDOM_GUESS_BITS)


def committed_forecasts() -> dict:
    """Each law's forecast of the large run, fitted to the grid alone: what the student commits."""
    return {law: float(_forecasts(law).prediction[0]) for law in LAWS}


def next_run_errors() -> dict:
    """Each law, refitted to the grid and the large run, forecasting the next run: (forecast - measured) / measured."""
    measured = float(_next().loss[0])
    return {law: (float(_forecasts(law, include_big=True).prediction[1]) - measured) / measured for law in LAWS}


# --------------------------------------------------------------------------- exercise 1: the law
def _law(n_params, n_tokens, n_c, d_c, alpha_n, alpha_d):
    params = SimpleNamespace(n_c=n_c, d_c=d_c, alpha_n=alpha_n, alpha_d=alpha_d)
    return kaplan_loss_nd(n_params, n_tokens, params=params)


def _law_by_hand(n, d, n_c, d_c, a_n, a_d, *, ratio=True, outer=True):
    n, d = np.asarray(n, dtype=float), np.asarray(d, dtype=float)
    inner = (n_c / n) ** (a_n / a_d if ratio else a_n) + d_c / d
    return inner**a_d if outer else inner


_LAW_INPUTS = (
    (1e9, 1e10, 6.4e13, 1.8e13, 0.076, 0.103),  # Kaplan et al. 2020, Table 2
    (np.array([3e3, 4e4, 2e5]), np.array([6.25e4, 2.5e5, 5e5]), 2e9, 5e8, 0.1, 0.12),
    (np.array([1e6, 1e7]), 1e9, 8.8e13, 5.4e13, 0.07, 0.09),
    (2e4, np.array([1e4, 1e5, 1e6]), 1e9, 1e8, 0.2, 0.15),
)


def _law_mistakes():
    return (
        Mistake(lambda *a: _law_by_hand(*a, ratio=False),
                "the model term is (N_c/N) raised to alpha_N / alpha_D, not to alpha_N: the outer power alpha_D "
                "then turns it into the (N_c/N)^alpha_N of eq. 1.1 when data are plentiful"),
        Mistake(lambda *a: _law_by_hand(*a, outer=False),
                "raise the whole bracket to the power alpha_D: eq. 1.5 is [ ... ]^alpha_D"),
        Mistake(lambda n, d, n_c, d_c, a_n, a_d: (n_c / np.asarray(n, float)) ** a_n
                + (d_c / np.asarray(d, float)) ** a_d,
                "that is the sum of the two separate power laws (eqs. 1.1 and 1.2); eq. 1.5 combines them inside "
                "one bracket raised to alpha_D"),
    )


# --------------------------------------------------------------------------- exercise 2: the fit
def _forecast_reference(n_params, n_tokens, loss, new_params, new_tokens):
    return np.asarray(fit_kaplan_joint(n_params, n_tokens, loss).predict(new_params, new_tokens), dtype=float)


def _planted_runs():
    """Runs drawn from Kaplan's Table 2 law with 0.5% noise: 5 sizes times 4 data sizes."""
    rng = np.random.default_rng(404)
    n, d = (a.ravel() for a in np.meshgrid(np.geomspace(1e7, 1e9, 5), np.geomspace(1e8, 1e10, 4), indexing="ij"))
    loss = _law(n, d, 6.4e13, 1.8e13, 0.076, 0.103) * np.exp(0.005 * rng.standard_normal(n.size))
    return n, d, loss


@cache
def _fit_inputs():
    grid, big = _grid(), _big()
    n, d, loss = grid.n_params, grid.n_tokens, grid.loss
    small = n < n.max()
    planted_n, planted_d, planted_loss = _planted_runs()
    return (
        (n, d, loss, np.array([big.n_params[0], big.n_params[0]]), np.array([250_000.0, 500_000.0])),
        (n[small], d[small], loss[small], n[~small], d[~small]),
        (planted_n, planted_d, planted_loss, np.array([1e10, 1e11]), np.array([1e11, 1e12])),
    )


def _fit_mistakes():
    def mean(n, d, loss, new_n, new_d):
        return np.full(np.shape(new_n), float(np.mean(loss)))

    def separate(n, d, loss, new_n, new_d):
        from scipy.optimize import least_squares

        log_n, log_d, log_y = np.log(n), np.log(d), np.log(loss)

        def model(theta, ln, ld):
            return np.logaddexp(theta[2] * (theta[0] - ln), theta[3] * (theta[1] - ld))

        best = None
        for start in ([25.0, 25.0, 0.1, 0.1], [15.0, 15.0, 0.3, 0.3], [35.0, 35.0, 0.05, 0.05]):
            sol = least_squares(lambda t: model(t, log_n, log_d) - log_y, start, method="trf",
                                bounds=([-np.inf, -np.inf, 1e-4, 1e-4], np.inf))
            if best is None or sol.cost < best.cost:
                best = sol
        return np.exp(model(best.x, np.log(new_n), np.log(new_d)))

    return (
        Mistake(mean, "that is the mean of the losses you fitted, the same for every new model; fit the law, then "
                      "evaluate it at each new (N, D)"),
        Mistake(separate, "that fits the sum of two separate power laws; fit eq. 1.5, one bracket raised to "
                          "alpha_D"),
    )


# --------------------------------------------------------------------------- exercise 3: the commitment
@dataclass(frozen=True, kw_only=True)
class CommitExercise(ArrayExercise):
    """Forecasts written down before the large run is trained: a dict ``{law: forecast}`` for the three laws
    (or the three numbers in the order of :data:`LAWS`).

    Correct when every law's forecast is within ``rel_tol`` of that law's fit to the grid; the result's
    message repeats the commitment, so the notebook keeps a record of it.
    """

    def check(self, answer) -> CheckResult:
        if is_unanswered(answer):
            return CheckResult("unanswered")
        if isinstance(answer, dict):
            keys = {str(k).strip().lower() for k in answer}
            if keys != set(LAWS):
                missing, extra = sorted(set(LAWS) - keys), sorted(keys - set(LAWS))
                return CheckResult("wrong", f"keys {sorted(keys)}", f"the keys must be exactly {list(LAWS)}; "
                                   f"missing {missing}, not expected {extra}")
            values = {str(k).strip().lower(): v for k, v in answer.items()}
            answer = [values[law] for law in LAWS]
        result = super().check(answer)
        if result.correct:
            shown = ", ".join(f"{law} {v:.4f}" for law, v in zip(LAWS, np.asarray(answer, dtype=float).ravel()))
            return CheckResult("correct", f"committed before the large run: {shown} bits per character")
        return result


def _commit_mistakes():
    grid, big = _grid(), _big()
    wrong_d = {law: float(forecast_joint_law(grid.n_params, grid.n_tokens, grid.loss, big.n_params[0], 500_000,
                                             law=law, random_guess_loss=RANDOM_GUESS_BITS).prediction[0])
               for law in LAWS}
    width = {law: float(forecast_joint_law(grid.n_params, grid.n_tokens, grid.loss, big.hidden[0], big.n_tokens[0],
                                           law=law, random_guess_loss=RANDOM_GUESS_BITS).prediction[0])
             for law in LAWS}
    wrong_d, width = (np.array([v[law] for law in LAWS]) for v in (wrong_d, width))
    return (
        Mistake(wrong_d, "the large model trains on 250,000 characters, not 500,000"),
        Mistake(width, "N is the large model's number of non-embedding parameters, H^2 + 169 H + 39, not its "
                       "width H"),
    )


# --------------------------------------------------------------------------- exercise 4: the scores
def _errors() -> np.ndarray:
    measured = float(_big().loss[0])
    committed = committed_forecasts()
    return np.array([(committed[law] - measured) / measured for law in LAWS])


def _errors_mistakes():
    measured = float(_big().loss[0])
    errors = _errors()
    return (
        Mistake(-errors, "the error is forecast minus measured, so a forecast that was too high has a positive "
                         "error"),
        Mistake(100 * errors, "give fractions (0.01 for 1%), not percentages"),
        Mistake(errors * measured, "divide the difference by the measured loss: a relative error"),
        Mistake(errors[[1, 0, 2]], "list the errors in the order kaplan, chinchilla, rosenfeld"),
    )


# --------------------------------------------------------------------------- exercise 5: which law to trust
def _trusted() -> str:
    errors = next_run_errors()
    return min(LAWS, key=lambda law: abs(errors[law]))


def _trust_mistakes():
    errors = next_run_errors()
    best = abs(errors[_trusted()])
    return tuple(
        Mistake(law, f"on the next run, {law}'s law (refitted to all 17 runs) missed by {100 * errors[law]:+.2f}%, "
                     f"more than {100 * TRUST_MARGIN:.1f} points worse than the best law; which law did the "
                     f"large run favour?")
        for law in LAWS if abs(errors[law]) > best + TRUST_MARGIN)


# --------------------------------------------------------------------------- part 2: the scan
@cache
def scan_reference():
    """A fine learning-rate scan at width 32 under both parametrisations (2^-10 ... 2^-1, half octaves)."""
    return learning_rate_sweep([SCAN_WIDTH], _FINE_RATES, seeds=(SEED,))


@cache
def _loss_at(width, rate, parametrization):
    sweep = learning_rate_sweep([width], [rate], parametrizations=(parametrization,), seeds=(SEED,), n_jobs=1)
    return float(sweep.loss[0, 0, 0])


def _best_rates() -> np.ndarray:
    ref = scan_reference()
    return np.array([float(ref.best_learning_rate(p)[0]) for p in ("standard", "mup")])


@dataclass(frozen=True, kw_only=True)
class ScanExercise(ArrayExercise):
    """``[rate_standard, rate_mup]`` tuned at width 32, scored by the loss each reaches at width 32.

    Correct when each rate's loss is at most :data:`SCAN_TOLERANCE` above the best of :func:`scan_reference`.
    """

    def check(self, answer) -> CheckResult:
        if is_unanswered(answer):
            return CheckResult("unanswered")
        form = check_array(answer, np.ones(2), abs_tol=np.inf, name=self.name)
        if not form.correct:
            return form
        rates = np.asarray(answer, dtype=float).ravel()
        for mistake in self.mistake_list():
            if np.allclose(rates, mistake.value, rtol=1e-6, atol=0.0):
                return CheckResult("wrong", f"{self.name} = {rates.tolist()}", mistake.hint)
        if np.any(rates <= 0) or np.any(rates > 1.0):
            return CheckResult("wrong", f"{self.name} = {rates.tolist()}",
                               "each learning rate must be a positive rate of at most 1 (Adam's peak rate)")
        ref = scan_reference()
        ratios = []
        for p, rate in zip(("standard", "mup"), rates):
            best = float(ref.best_loss(p)[0])
            ratios.append(_loss_at(SCAN_WIDTH, float(rate), p) / best)
        shown = ", ".join(f"{p}: loss {r:.3f} x the best" for p, r in zip(("standard", "muP"), ratios))
        if all(r <= 1.0 + SCAN_TOLERANCE for r in ratios):
            return CheckResult("correct", f"at width {SCAN_WIDTH}, {shown}")
        bad = [p for p, r in zip(("standard", "muP"), ratios) if r > 1.0 + SCAN_TOLERANCE]
        return CheckResult("wrong", f"at width {SCAN_WIDTH}, {shown}",
                           f"the {' and '.join(bad)} rate is more than {SCAN_TOLERANCE:.0%} worse than the best "
                           f"rate at width {SCAN_WIDTH}: spend a few runs on a coarse scan over many octaves, then "
                           f"the rest on finer steps around the best of it")


def _scan_mistakes():
    best = _best_rates()
    return (Mistake(np.log2(best), "give the learning rates themselves, not their base-2 logarithms"),)


def _wide_choice() -> str:
    best = _best_rates()
    losses = {p: _loss_at(WIDE_WIDTH, float(r), p) for p, r in zip(("standard", "mup"), best)}
    return min(losses, key=losses.get)


def _wide_mistakes():
    best = _best_rates()
    losses = {p: _loss_at(WIDE_WIDTH, float(r), p) for p, r in zip(("standard", "mup"), best)}
    right = _wide_choice()
    return tuple(
        Mistake(p, f"with the rate tuned at width {SCAN_WIDTH}, {p} ends at width {WIDE_WIDTH} with "
                   f"{losses[p] / losses[right]:.1f} times the loss of {right}: its best rate moves with the width")
        for p in losses if p != right)


EXERCISES = {
    "lab4-law": FunctionExercise(
        reference=_law, test_inputs=_LAW_INPUTS, mistakes=_law_mistakes, rel_tol=1e-9, name="kaplan_law",
        hint="write eq. 1.5: a bracket holding (N_c/N) to the power alpha_N/alpha_D plus D_c/D, the whole bracket "
             "raised to alpha_D; it must work element by element for arrays"),
    "lab4-fit": FunctionExercise(
        reference=_forecast_reference, test_inputs=LazyInputs(_fit_inputs), mistakes=_fit_mistakes, rel_tol=2e-3,
        name="kaplan_forecast",
        hint="fit log N_c, log D_c, alpha_N and alpha_D by least squares on the logarithms of the losses, from "
             "several starting points, keep the start with the smallest squared error, and evaluate the fitted "
             "law at the new (N, D)"),
    "lab4-commit": CommitExercise(
        expected=lambda: np.array([committed_forecasts()[law] for law in LAWS]), mistakes=_commit_mistakes,
        rel_tol=1e-3, name="committed",
        hint="each law fitted to the 16 runs of the grid, evaluated at the large model: its non-embedding N and "
             "its 250,000 characters"),
    "lab4-errors": ArrayExercise(
        expected=_errors, mistakes=_errors_mistakes, rel_tol=0.0, abs_tol=1.5e-3, name="errors",
        hint="for each law in the order kaplan, chinchilla, rosenfeld: (committed forecast - measured loss) / "
             "measured loss"),
    "lab4-trust": ChoiceExercise(
        expected=_trusted, options=LAWS, mistakes=_trust_mistakes, name="trusted",
        hint="choose the law whose forecasts held up best on the runs it had not seen"),
    "lab4-scan": ScanExercise(
        expected=_best_rates, mistakes=_scan_mistakes, rel_tol=1e-6, name="tuned",
        hint="[rate for the standard parametrisation, rate for muP], each the best of your own scan at width 32"),
    "lab4-wide": ChoiceExercise(
        expected=_wide_choice, options=("standard", "mup"), mistakes=_wide_mistakes, name="parametrization",
        hint="compare the losses your two runs at width 256 reached with the rates you tuned at width 32"),
}
