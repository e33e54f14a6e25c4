"""Checkers of ``labs/lab02_measure.md``, "Measure a scaling law from scratch", declared as data.

The student writes the least-squares slope on log-log axes, a bootstrap interval for it (resampling whole
trials) and a one-nearest-neighbour regressor, each checked as a function against the package on several
inputs; measures a learning curve on a torus of known dimension; answers the intrinsic dimension of a
mystery source as an interval (:class:`IntervalExercise`: correct when it contains the hidden dimension and is
at most :data:`MAX_WIDTH` wide); and decides how many points to buy to reach a target error
(:class:`PurchaseExercise`: scored by the error those points really give, measured here).

The hidden dimension is recomputed from :data:`MYSTERY_SEED` by the data module's private rule; no object the
student holds states it.  Every expected value is computed, never typed in.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np

from scaling_lab.checks.core import CheckResult, check_number, is_unanswered
from scaling_lab.checks.spec import (
    ArrayExercise, FunctionExercise, LazyInputs, Mistake, NumberExercise, two_numbers,
)
from scaling_lab.data.mystery import WarpedTorus, draw_torus_points, secret_dimension
from scaling_lab.experiments.nearest_neighbours import nearest_neighbour_curve, nearest_neighbour_predict
from scaling_lab.fitting.power_law import fit_power_law
from scaling_lab.fitting.resampling import bootstrap

__all__ = [
    "KNOWN_DIMENSION", "CURVE_SIZES", "TRAIN_SEEDS", "TEST_SEED", "N_TEST", "MYSTERY_SEED", "MAX_WIDTH",
    "PURCHASE_BASE", "PURCHASE_RATIO", "PURCHASE_LOW", "PURCHASE_HIGH", "IntervalExercise", "PurchaseExercise",
    "true_dimension", "reference_bootstrap", "known_curve", "least_purchase", "EXERCISES",
]

#: The learning curve of the known torus (exercise 4): dimension, sizes, one training draw per trial, test draw.
KNOWN_DIMENSION = 2
CURVE_SIZES = tuple(2**k for k in range(7, 15))
TRAIN_SEEDS = (711, 712, 713, 714)
TEST_SEED = 710
N_TEST = 500
#: The mystery source of the lab: ``MysteryData(MYSTERY_SEED)``.
MYSTERY_SEED = 3014
#: An interval on the dimension is correct when it contains the truth and is at most this wide.
MAX_WIDTH = 1.5
#: The purchase: reach PURCHASE_RATIO times the mean squared error at PURCHASE_BASE points ...
PURCHASE_BASE = 2**14
PURCHASE_RATIO = 0.7
#: ... and the number of points bought is correct from PURCHASE_LOW to PURCHASE_HIGH times the least that does.
PURCHASE_LOW = 0.95
PURCHASE_HIGH = 1.3
#: The check's own measurement of the error beyond PURCHASE_BASE: trials, test points, sizes.
_TRUTH_SEEDS = (821, 822, 823)
_TRUTH_TEST_SEED = 820
_TRUTH_N_TEST = 1000
_TRUTH_SIZES = tuple(int(round(PURCHASE_BASE * 2 ** (j / 4))) for j in range(0, 9))


def true_dimension() -> int:
    """The hidden dimension of the lab's mystery source (for the checker and tests only)."""
    return secret_dimension(MYSTERY_SEED)


class _Mystery:
    """The lab's mystery source without a budget, for the checker's own measurements."""

    def sample(self, n_samples, *, seed):
        return draw_torus_points(true_dimension(), MYSTERY_SEED, int(n_samples), int(seed), stream=1)


# --------------------------------------------------------------------------- exercise 1: the slope
def _loglog_fit(sizes, errors):
    fit = fit_power_law(sizes, errors)
    return np.array([fit.exponent, math.log(fit.coefficient)])


def _fit_inputs():
    rng = np.random.default_rng(5301)
    cases = []
    for exponent, coefficient, sizes in ((-1.0, 4.0, 2.0 ** np.arange(3, 11)), (-0.4, 0.8, np.geomspace(50, 5e4, 9)),
                                         (-2.0, 30.0, np.array([10.0, 30.0, 100.0, 300.0, 1000.0])),
                                         (0.5, 0.01, np.geomspace(1, 1e3, 6))):
        noise = np.exp(0.05 * rng.standard_normal(sizes.size))
        cases.append((sizes, coefficient * sizes**exponent * noise))
    return tuple(cases)


def _fit_mistakes():
    def polyfit(x, y):
        return np.asarray(np.polyfit(x, y, 1), dtype=float)
    return (
        Mistake(lambda x, y: polyfit(np.asarray(x, float), np.asarray(y, float)),
                "a power law is a straight line only on log-log axes: take logs of both the sizes and the errors"),
        Mistake(lambda x, y: polyfit(np.asarray(x, float), np.log(y)),
                "take the log of the sizes too, not only of the errors"),
        Mistake(lambda x, y: polyfit(np.log(y), np.log(x)),
                "the errors go on the y-axis: regress log(error) on log(size), not the other way round"),
        Mistake(lambda x, y: polyfit(np.log10(x), np.log10(y)),
                "the slope is right, but the intercept is in base 10: use natural logarithms"),
        Mistake(lambda x, y: polyfit(np.log(x), np.log(y)) * np.array([-1.0, 1.0]),
                "keep the sign of the slope: a falling law has a negative slope"),
    )


# --------------------------------------------------------------------------- exercise 2: the bootstrap
def reference_bootstrap(sizes, errors, n_boot, seed):
    """95% percentile interval of the slope of log(mean over resampled trials) against log(size)."""
    sizes = np.asarray(sizes, dtype=float)
    result = bootstrap(lambda rows: fit_power_law(sizes, rows.mean(axis=0)), np.asarray(errors, dtype=float),
                       n_boot=int(n_boot), seed=int(seed))
    return np.array(result.intervals["exponent"])


def _trial_errors(rng, exponent, level, n_trials, sizes):
    """Nested learning curves: each trial has its own level and a small slope wobble, plus noise per size."""
    log_n = np.log(sizes)
    trial_level = 0.3 * rng.standard_normal((n_trials, 1))
    trial_slope = 0.04 * rng.standard_normal((n_trials, 1))
    noise = 0.05 * rng.standard_normal((n_trials, sizes.size))
    return level * np.exp((exponent + trial_slope) * (log_n - log_n.mean()) + trial_level + noise)


def _bootstrap_inputs():
    rng = np.random.default_rng(5302)
    sizes_a, sizes_b = 2.0 ** np.arange(6, 14), np.geomspace(100, 1e5, 7)
    return ((sizes_a, _trial_errors(rng, -1.0, 0.05, 6, sizes_a), 400, 5303),
            (sizes_b, _trial_errors(rng, -0.5, 2.0, 10, sizes_b), 400, 5304),
            (sizes_a, _trial_errors(rng, -0.3, 0.4, 5, sizes_a), 400, 5305))


def _slope(sizes, mean_errors):
    return float(np.polyfit(np.log(sizes), np.log(mean_errors), 1)[0])


def _percentiles(slopes, low=2.5, high=97.5):
    return np.percentile(np.asarray(slopes, dtype=float), [low, high])


def _bootstrap_mistakes():
    def pairs_apart(sizes, errors, n_boot, seed):  # sizes and errors resampled independently of each other
        rng, sizes, errors = np.random.default_rng(seed), np.asarray(sizes, float), np.asarray(errors, float)
        slopes = []
        for _ in range(n_boot):
            i, j = rng.integers(0, sizes.size, sizes.size), rng.integers(0, sizes.size, sizes.size)
            if np.ptp(sizes[i]) == 0:
                continue
            slopes.append(_slope(sizes[i], errors.mean(axis=0)[j]))
        return _percentiles(slopes)

    def columns_apart(sizes, errors, n_boot, seed):  # each size resampled with its own trials
        rng, errors = np.random.default_rng(seed), np.asarray(errors, float)
        t, j = errors.shape
        return _percentiles([_slope(sizes, errors[rng.integers(0, t, (t, j)), np.arange(j)].mean(axis=0))
                             for _ in range(n_boot)])

    def no_log(sizes, errors, n_boot, seed):
        rng, errors = np.random.default_rng(seed), np.asarray(errors, float)
        t = errors.shape[0]
        return _percentiles([np.polyfit(sizes, errors[rng.integers(0, t, t)].mean(axis=0), 1)[0]
                             for _ in range(n_boot)])

    def per_trial(sizes, errors, n_boot, seed):
        return _percentiles([_slope(sizes, row) for row in np.asarray(errors, float)])

    def ninety(sizes, errors, n_boot, seed):
        rng, errors = np.random.default_rng(seed), np.asarray(errors, float)
        t = errors.shape[0]
        return _percentiles([_slope(sizes, errors[rng.integers(0, t, t)].mean(axis=0)) for _ in range(n_boot)],
                            5.0, 95.0)

    return (
        Mistake(pairs_apart, "each replicate must keep every error with its own size: resample whole trials "
                             "(rows), never the sizes and the errors separately"),
        Mistake(columns_apart, "the errors of one trial at different sizes come from one growing data set and "
                               "move together: resample whole rows, the same trials at every size"),
        Mistake(no_log, "fit each replicate's slope on log-log axes, as in your first function"),
        Mistake(per_trial, "that is the spread of single trials' slopes; the interval is for the slope of the "
                           "average curve: resample trials with replacement, average, then fit"),
        Mistake(ninety, "that is a 90% interval; take the 2.5th and 97.5th percentiles for 95%"),
    )


# --------------------------------------------------------------------------- exercise 3: the nearest neighbour
def _nn_inputs():
    rng = np.random.default_rng(5306)
    cases = []
    for n, m, d in ((40, 7, 2), (200, 25, 3), (15, 4, 1), (300, 30, 5)):
        cases.append((rng.random((n, d)), rng.standard_normal(n), rng.random((m, d))))
    return tuple(cases)


def _nn_mistakes():
    def distances(x, q):
        return np.sum((np.asarray(q, float)[:, None, :] - np.asarray(x, float)[None, :, :]) ** 2, axis=2)
    return (
        Mistake(lambda x, y, q: np.asarray(y)[np.argmax(distances(x, q), axis=1)],
                "that is the farthest training point; take the closest"),
        Mistake(lambda x, y, q: np.asarray(y)[np.argmin(np.abs(np.asarray(q)[:, :1] - np.asarray(x)[:, 0]), axis=1)],
                "the distance must use every coordinate, not only the first"),
        Mistake(lambda x, y, q: np.asarray(y)[np.argsort(distances(x, q), axis=1)[:, :2]].mean(axis=1),
                "use one neighbour, the closest, not an average of several"),
        Mistake(lambda x, y, q: np.full(np.shape(q)[0], float(np.mean(y))),
                "predict each test point from its own nearest training point, not one value for all"),
    )


# --------------------------------------------------------------------------- exercise 4: the known torus
@cache
def known_curve() -> np.ndarray:
    """Errors (trials x sizes) of one-nearest-neighbour regression on the lab's known torus."""
    return nearest_neighbour_curve(WarpedTorus(KNOWN_DIMENSION), CURVE_SIZES, n_trials=len(TRAIN_SEEDS),
                                   n_test=N_TEST, train_seeds=TRAIN_SEEDS, test_seed=TEST_SEED)


def _known_slope() -> float:
    return float(fit_power_law(CURVE_SIZES, known_curve().mean(axis=0)).exponent)


def _known_mistakes():
    d, slope = KNOWN_DIMENSION, _known_slope()
    typed = "that is a formula's value, not your measurement: fit the curve you measured"
    return (
        Mistake(-2 / (d + 2), "that is the rate for noisy labels with a tuned neighbourhood; and measure, do not "
                              "type: fit the curve you measured"),
        Mistake(-2 / d, typed),
        Mistake(slope / 2, "that is the slope of the root-mean-square error; fit the mean squared error itself"),
        Mistake(-slope, "the error falls as n grows, so the slope is negative"),
    )


# --------------------------------------------------------------------------- exercise 5: the dimension
@dataclass(frozen=True, kw_only=True)
class IntervalExercise(ArrayExercise):
    """An interval ``[low, high]`` on a hidden quantity, scored by its consequence.

    Correct when ``low <= truth <= high`` and ``high - low <= max_width``.  A known wrong interval
    (``mistakes``, matched within the tolerances) gets its own hint; otherwise the hint says whether the
    interval is too wide or misses, and which misreading of the rate a miss points to.
    """

    truth: object
    max_width: float = MAX_WIDTH

    def check(self, answer) -> CheckResult:
        pair = two_numbers(answer, self.name)
        if isinstance(pair, CheckResult):
            return pair
        low, high = pair
        shown = f"{self.name} = [{low:.3g}, {high:.3g}]"
        if low > high:
            return CheckResult("wrong", shown, "write the interval as [low, high], the smaller end first")
        truth = float(self.truth())
        if low <= truth <= high and high - low <= self.max_width:
            return CheckResult("correct", f"{shown} contains the hidden dimension and is {high - low:.2f} wide")
        for mistake in self.mistake_list():
            if np.all(np.abs(np.array([low, high]) - mistake.value) <= self.abs_tol + self.rel_tol
                      * np.abs(mistake.value)):
                return CheckResult("wrong", shown, mistake.hint)
        if high - low > self.max_width:
            return CheckResult("wrong", shown, f"the interval is {high - low:.2f} wide, more than "
                                               f"{self.max_width:g}: narrow it with what your calibration on the "
                                               f"known torus taught you about the reading's error")
        for misread, hint in ((truth - 2, _STONE_HINT), (truth / 2, _RMSE_HINT), (2 * truth, _RMSE_HINT)):
            if low <= misread <= high:
                return CheckResult("wrong", shown, hint)
        return CheckResult("wrong", shown, "the interval misses the hidden dimension: compare your reading with the "
                                           "known torus's reading, and allow for the bias that comparison shows")


_STONE_HINT = ("the interval misses: you converted the slope with the rate for noisy labels and a tuned "
               "neighbourhood; these labels are noise-free and the learner uses one neighbour")
_RMSE_HINT = ("the interval misses by a factor of two: the mean squared error falls as n to the -2/k, its root "
              "as n to the -1/k; convert the slope of the quantity you fitted")


def _interval() -> np.ndarray:
    d = true_dimension()
    return np.array([d - 0.5, d + 0.5])


def _interval_mistakes():
    d = true_dimension()
    return (
        Mistake(np.array([d - 2.5, d - 1.5]), _STONE_HINT),
        Mistake(np.array([d / 2 - 0.5, d / 2 + 0.5]), _RMSE_HINT),
        Mistake(np.array([0.5, 6.5]), f"every dimension from 1 to 6 is inside: an interval must be at most "
                                      f"{MAX_WIDTH:g} wide to say something"),
    )


# --------------------------------------------------------------------------- exercise 6: the purchase
@cache
def _truth_curve() -> np.ndarray:
    """The check's own measurement of the mystery's mean squared error at PURCHASE_BASE and beyond."""
    errors = nearest_neighbour_curve(_Mystery(), _TRUTH_SIZES, n_trials=len(_TRUTH_SEEDS), n_test=_TRUTH_N_TEST,
                                     train_seeds=_TRUTH_SEEDS, test_seed=_TRUTH_TEST_SEED)
    return errors.mean(axis=0)


@cache
def least_purchase() -> float:
    """The least number of points whose mean squared error is PURCHASE_RATIO times that at PURCHASE_BASE
    (the check's measurement, interpolated on log-log axes)."""
    curve = _truth_curve()
    ratio = curve / curve[0]
    if ratio[-1] > PURCHASE_RATIO:
        raise RuntimeError("the check's sizes do not reach the target; extend _TRUTH_SIZES")
    log_n = np.log(np.asarray(_TRUTH_SIZES, dtype=float))
    return float(np.exp(np.interp(-math.log(PURCHASE_RATIO), -np.log(ratio), log_n)))


@dataclass(frozen=True, kw_only=True)
class PurchaseExercise(NumberExercise):
    """A decision: how many points to buy, scored by the error they really give.

    Correct from ``low`` to ``high`` times :func:`least_purchase` (below it the target is missed, beyond the
    check's own measurement noise; above it points are wasted).
    """

    low: float = PURCHASE_LOW
    high: float = PURCHASE_HIGH

    def check(self, answer) -> CheckResult:
        if is_unanswered(answer):
            return CheckResult("unanswered")
        form = check_number(answer, 1.0, abs_tol=np.inf, name=self.name)  # one finite number?
        if not form.correct:
            return form
        n = float(np.asarray(answer, dtype=float).reshape(()))
        least = least_purchase()
        shown = f"{self.name} = {n:,.0f} ({n / least:.2f} times the least that reaches the target)"
        if self.low * least <= n <= self.high * least:
            return CheckResult("correct", shown)
        for mistake in self.mistake_list():
            if abs(n - mistake.value) <= self.rel_tol * abs(mistake.value):
                return CheckResult("wrong", shown, mistake.hint)
        if n < self.low * least:
            return CheckResult("wrong", shown, "with so few points the error stays above the target: plan with "
                                               "the end of your slope's interval that needs more data")
        return CheckResult("wrong", shown, f"these points reach the target but cost more than {self.high:.0%} of "
                                           f"the least that does: plan with the slope you measured, not a rounder "
                                           f"or more pessimistic one")


def _purchase_mistakes():
    least = least_purchase()
    exponent = math.log(least / PURCHASE_BASE) / -math.log(PURCHASE_RATIO)  # N = base * ratio ** -exponent
    return (
        Mistake(PURCHASE_BASE * PURCHASE_RATIO ** (-2 * exponent),
                "you cut the root of the error to 70%, which cuts the mean squared error to 49%: the target is on "
                "the mean squared error itself"),
        Mistake(PURCHASE_BASE * PURCHASE_RATIO ** exponent,
                "fewer points than you have: a falling error needs more data; check the sign of the exponent"),
    )


EXERCISES = {
    "lab2-loglog-fit": FunctionExercise(
        reference=_loglog_fit, test_inputs=LazyInputs(_fit_inputs), mistakes=_fit_mistakes, rel_tol=1e-6,
        abs_tol=1e-9, name="loglog_fit",
        hint="fit a straight line by least squares to log(errors) against log(sizes), natural logs, and return "
             "its slope and then its intercept"),
    "lab2-bootstrap": FunctionExercise(
        reference=reference_bootstrap, test_inputs=LazyInputs(_bootstrap_inputs), mistakes=_bootstrap_mistakes,
        rel_tol=1e-6, name="bootstrap_slope",
        hint="for each replicate, draw as many trial indices as there are trials, with replacement, average those "
             "rows, and fit the slope on log-log axes; return the 2.5th and 97.5th percentiles of the slopes"),
    "lab2-nearest": FunctionExercise(
        reference=nearest_neighbour_predict, test_inputs=LazyInputs(_nn_inputs), mistakes=_nn_mistakes,
        rel_tol=1e-9, name="nearest_neighbour",
        hint="for each test point, find the training point at the smallest Euclidean distance (over every "
             "coordinate) and return its target"),
    "lab2-known-slope": NumberExercise(
        expected=_known_slope, mistakes=_known_mistakes, rel_tol=2e-3, name="slope",
        hint="for each trial, score the first n training points at every size on the one test set, average the "
             "mean squared errors over trials, and fit the slope on log-log axes"),
    "lab2-dimension": IntervalExercise(
        expected=_interval, truth=true_dimension, mistakes=_interval_mistakes, rel_tol=1e-3, abs_tol=1e-3,
        name="[low, high]",
        hint="convert the mystery's slope to a dimension with the rate for noise-free labels, correct it by what "
             "the known torus showed, and give an interval at most 1.5 wide"),
    "lab2-purchase": PurchaseExercise(
        expected=least_purchase, mistakes=_purchase_mistakes, rel_tol=0.02, name="points",
        hint="solve your fitted law for the size at which the mean squared error is 70% of its value at 16,384 "
             "points"),
}
