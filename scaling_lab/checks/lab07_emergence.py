"""Checkers of ``labs/lab07_emergence.md``, "Is it emergence?", declared as data.

Part 1 is our simulation: a model family whose mean per-token loss falls smoothly
(:data:`~scaling_lab.experiments.ILLUSTRATIVE_PER_TOKEN_LOSS`, the form of Schaeffer et al. 2023, sec. 2), on
questions whose tokens differ in difficulty.  The student writes exact match, the token edit distance, the
Brier score of multiple-choice questions and BIG-Bench's measure of abruptness (Schaeffer et al.'s emergence
score) as functions (each checked on several inputs against a reference: the package's
:func:`~scaling_lab.experiments.emergence_score`, and for the metrics the formulas of
:func:`~scaling_lab.experiments.emergence_metrics`, which reduce to the package's
:func:`~scaling_lab.laws.exact_match_accuracy` and :func:`~scaling_lab.laws.token_edit_distance` when every
token is alike), applies them to the lab's family (seed :data:`FAMILY_SEED`, sizes, answer length and question
count that no chapter uses), and decides which of two mystery families has a jump in the model rather than in
the metric (the planted truth: family B's per-token loss drops by :data:`MYSTERY_DROP` between two sizes).

Part 2 uses Pythia's deduplicated suite (Biderman et al. 2023), eight sizes with 1B, whose benchmark
accuracies no chapter forecasts: the student writes two forecasting fits (a weighted straight line in
:math:`\\log_{10} N`, and a power law in the error rate), commits both forecasts of ARC-Easy for the 12B model
from the five models up to 1.4B, and chooses one before the reveal; the choice is scored by its consequence,
the distance of the chosen forecast from the revealed accuracy.  Every expected value is computed, never typed
in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from scaling_lab.checks.core import CheckResult
from scaling_lab.checks.spec import ArrayExercise, ChoiceExercise, FunctionExercise, LazyInputs, Mistake
from scaling_lab.data.pythia import load_pythia_evals
from scaling_lab.experiments.benchmark_trends import fit_log_linear
from scaling_lab.experiments.emergence import ILLUSTRATIVE_PER_TOKEN_LOSS, emergence_score
from scaling_lab.fitting.power_law import fit_power_law
from scaling_lab.laws import kaplan_loss_n

__all__ = [
    "FAMILY_SEED", "FAMILY_SIZES", "ANSWER_LENGTH", "N_QUESTIONS", "N_OPTIONS", "DISTRACTOR_LOSS",
    "DIFFICULTY_SHAPE", "EMERGENT_SCORE", "MYSTERY_SEED", "MYSTERY_LENGTHS", "MYSTERY_DROP", "MYSTERY_BREAK",
    "FORECAST_BENCHMARK", "FIT_MAX_PARAMS", "simulate", "lab_family", "mystery_families", "mystery_losses",
    "family_metrics", "forecast_scores", "ForecastChoice", "EXERCISES",
]

#: The lab's simulated family: 9 sizes from 3e7 to 3e11 parameters (half a decade apart) ...
FAMILY_SIZES = tuple(np.geomspace(3e7, 3e11, 9).tolist())
#: ... answers of 25 tokens, 300 questions, 4 options (3 wrong ones whose tokens cost 0.5 nats on average).
ANSWER_LENGTH = 25
N_QUESTIONS = 300
N_OPTIONS = 4
DISTRACTOR_LOSS = 0.5
#: Token difficulties are gamma draws with this shape and mean 1 (coefficient of variation 0.5).
DIFFICULTY_SHAPE = 4.0
#: Seeds of the lab's draws (no chapter uses them).
FAMILY_SEED = 707
MYSTERY_SEED = 708
#: The lab calls a curve emergent when the absolute value of its emergence score exceeds this.
EMERGENT_SCORE = 20.0
#: The mystery families: answer lengths; B's slowly falling per-token loss, 0.5 (N / 3e7)^-0.03 nats, drops to
#: this fraction of itself between the sizes on either side of MYSTERY_BREAK (our planted truth).
MYSTERY_LENGTHS = {"A": 40, "B": 10}
MYSTERY_DROP = 0.2
MYSTERY_BREAK = 2e9
#: Part 2: the benchmark forecast, and the deduplicated models fitted (70M to 1.4B, five sizes with 1B).
FORECAST_BENCHMARK = "arc_easy"
FIT_MAX_PARAMS = 1.5e9


# --------------------------------------------------------------------------- the simulation (our own)
def simulate(loss, answer_length, rng, n_questions=N_QUESTIONS):
    """Per-token probabilities ``[size, question, token]``: token t of question q costs ``loss * difficulty``."""
    difficulty = rng.gamma(DIFFICULTY_SHAPE, 1.0 / DIFFICULTY_SHAPE, size=(n_questions, answer_length))
    return np.exp(-np.asarray(loss, dtype=float)[:, None, None] * difficulty)


@cache
def lab_family():
    """The lab's family: ``(n_params, token_probs, option_log_probs)``, option 0 the right one.

    The same draws, in the same order, as the lab's cell: the right answers' difficulties, then the wrong
    options' (whose total log-probabilities are the same for every size: the model never improves on them).
    """
    rng = np.random.default_rng(FAMILY_SEED)
    n_params = np.array(FAMILY_SIZES)
    loss = kaplan_loss_n(n_params, params=ILLUSTRATIVE_PER_TOKEN_LOSS)
    token_probs = simulate(loss, ANSWER_LENGTH, rng)
    right = np.log(token_probs).sum(axis=-1)
    wrong = -DISTRACTOR_LOSS * rng.gamma(DIFFICULTY_SHAPE, 1.0 / DIFFICULTY_SHAPE,
                                         size=(N_QUESTIONS, N_OPTIONS - 1, ANSWER_LENGTH)).sum(axis=-1)
    options = np.concatenate([right[..., None], np.broadcast_to(wrong, right.shape + (N_OPTIONS - 1,))], axis=-1)
    return n_params, token_probs, options


def mystery_losses():
    """The mean per-token losses of families A (smooth) and B (a planted drop by :data:`MYSTERY_DROP`)."""
    n_params = np.array(FAMILY_SIZES)
    smooth = np.asarray(kaplan_loss_n(n_params, params=ILLUSTRATIVE_PER_TOKEN_LOSS))
    slow = 0.5 * (n_params / 3e7) ** -0.03
    drop = MYSTERY_DROP + (1.0 - MYSTERY_DROP) / (1.0 + (n_params / MYSTERY_BREAK) ** 8)
    return {"A": smooth, "B": slow * drop}


@cache
def mystery_families():
    """Per-token probabilities ``[size, question, token]`` of the mystery families A and B (our simulation)."""
    rng = np.random.default_rng(MYSTERY_SEED)
    losses = mystery_losses()
    return {name: simulate(losses[name], MYSTERY_LENGTHS[name], rng) for name in ("A", "B")}


# --------------------------------------------------------------------------- references
def _exact_match(token_probs):
    return np.prod(np.asarray(token_probs, dtype=float), axis=-1).mean(axis=-1)


def _edit_distance(token_probs):
    return (1.0 - np.asarray(token_probs, dtype=float)).sum(axis=-1).mean(axis=-1)


def _softmax(option_log_probs):
    z = np.asarray(option_log_probs, dtype=float)
    z = np.exp(z - z.max(axis=-1, keepdims=True))
    return z / z.sum(axis=-1, keepdims=True)


def _brier(option_log_probs):
    probs = _softmax(option_log_probs)
    target = np.zeros(probs.shape[-1])
    target[0] = 1.0
    return ((probs - target) ** 2).sum(axis=-1).mean(axis=-1)


def _grade(option_log_probs):
    return (np.argmax(np.asarray(option_log_probs, dtype=float), axis=-1) == 0).mean(axis=-1)


def family_metrics():
    """The four metrics of the lab's family against size: exact match, edit distance, grade, Brier score."""
    _, token_probs, options = lab_family()
    return {"exact match": _exact_match(token_probs), "token edit distance": _edit_distance(token_probs),
            "multiple-choice grade": _grade(options), "Brier score": _brier(options)}


def _family_scores():
    n_params = np.array(FAMILY_SIZES)
    return np.array([emergence_score(n_params, values) for values in family_metrics().values()])


# --------------------------------------------------------------------------- test inputs of the functions
@cache
def _probability_inputs():
    rng = np.random.default_rng(717)
    return (
        (rng.uniform(0.5, 1.0, size=(6, 4)),),
        (rng.uniform(0.8, 1.0, size=(3, 50, 10)),),
        (np.full((2, 5, 3), 0.9),),
        (rng.uniform(0.0, 1.0, size=(1, 7)),),
    )


@cache
def _option_inputs():
    rng = np.random.default_rng(727)
    return (
        (rng.normal(-3.0, 2.0, size=(8, 4)),),
        (rng.normal(-10.0, 4.0, size=(3, 20, 5)),),
        (np.array([[0.0, -1.0, -2.0], [-40.0, -1.0, -1.0]]),),
        (np.array([[-800.0, -750.0, -900.0, -820.0]]),),  # very negative: a softmax must shift before exp
    )


def _score_inputs():
    rng = np.random.default_rng(737)
    return (
        (np.geomspace(1e7, 1e11, 9), np.linspace(0.1, 0.9, 9) + 0.01 * rng.standard_normal(9)),
        (np.geomspace(1e6, 1e9, 7), np.array([0.0, 0.01, 0.015, 0.02, 0.6, 0.61, 0.63])),
        (np.geomspace(1e8, 1e12, 6), np.array([5.0, 4.1, 3.0, 2.2, 1.0, 0.3])),
        (np.array([1e9, 1e7, 1e10, 1e8, 1e11]), np.array([0.4, 0.1, 0.8, 0.2, 0.81])),
    )


# --------------------------------------------------------------------------- part 1 mistakes
def _exact_match_mistakes():
    return (
        Mistake(lambda p: np.asarray(p, float).mean(axis=-1).mean(axis=-1),
                "that averages the token probabilities; an answer counts only if every one of its tokens is right"),
        Mistake(lambda p: (np.asarray(p, float).mean(axis=-1, keepdims=True) ** np.shape(p)[-1])[..., 0].mean(axis=-1),
                "close, but the tokens differ in difficulty: the chance that all are right is the product of "
                "their own probabilities, not the mean probability raised to the length"),
        Mistake(lambda p: np.prod(np.asarray(p, float), axis=-1).sum(axis=-1),
                "that adds over the questions; the accuracy is the average over the questions"),
        Mistake(lambda p: (1.0 - np.prod(1.0 - np.asarray(p, float), axis=-1)).mean(axis=-1),
                "that is the chance that at least one token is right; exact match needs all of them"),
        Mistake(lambda p: np.prod(np.asarray(p, float), axis=-2).mean(axis=-1),
                "the last axis is the tokens of an answer and the axis before it the questions: multiply along "
                "the tokens, then average over the questions"),
    )


def _edit_distance_mistakes():
    return (
        Mistake(lambda p: np.asarray(p, float).sum(axis=-1).mean(axis=-1),
                "that counts the right tokens; the edit distance counts the wrong ones"),
        Mistake(lambda p: (1.0 - np.asarray(p, float)).mean(axis=-1).mean(axis=-1),
                "that is the share of wrong tokens; the distance is their number, summed over the answer"),
        Mistake(lambda p: (1.0 - np.prod(np.asarray(p, float), axis=-1)).mean(axis=-1),
                "that is the chance that an answer has at least one wrong token; the distance is the expected "
                "number of wrong tokens"),
    )


def _brier_mistakes():
    def raw(z):
        probs = np.exp(np.asarray(z, float))
        target = np.zeros(probs.shape[-1])
        target[0] = 1.0
        return ((probs - target) ** 2).sum(axis=-1).mean(axis=-1)

    def only_right(z):
        return ((1.0 - _softmax(z)[..., 0]) ** 2).mean(axis=-1)

    def linear(z):
        z = np.asarray(z, float)
        probs = z / z.sum(axis=-1, keepdims=True)
        target = np.zeros(probs.shape[-1])
        target[0] = 1.0
        return ((probs - target) ** 2).sum(axis=-1).mean(axis=-1)

    return (
        Mistake(raw, "normalise the options first: each option's probability is its share of the total over the "
                     "options of a question (a softmax of the log-probabilities)"),
        Mistake(only_right, "add the squared probabilities of the wrong options too: their target is 0"),
        Mistake(linear, "the inputs are log-probabilities: exponentiate before you normalise"),
        Mistake(lambda z: np.sqrt(_brier(z)), "the Brier score is the squared error itself, without a square root"),
    )


def _score_by_hand(scale, values, *, sort=True, sign=True, typical="median"):
    x, y = np.asarray(scale, float), np.asarray(values, float)
    if sort:
        y = y[np.argsort(x, kind="stable")]
    steps = np.diff(y)
    step = {"median": np.sqrt(np.median(steps**2)), "mean": np.sqrt(np.mean(steps**2)),
            "abs": np.median(steps)}[typical]
    out = (y.max() - y.min()) / step
    return out * (np.sign(np.argmax(y) - np.argmin(y)) if sign else 1.0)


def _score_mistakes():
    return (
        Mistake(lambda s, v: _score_by_hand(s, v, sort=False),
                "order the points by scale before taking the steps between neighbours"),
        Mistake(lambda s, v: _score_by_hand(s, v, sign=False),
                "the score is negative when the curve falls (the maximum comes before the minimum)"),
        Mistake(lambda s, v: _score_by_hand(s, v, typical="mean"),
                "the typical step is the root of the median squared step, not of the mean: one big step must "
                "not set the scale"),
        Mistake(lambda s, v: _score_by_hand(s, v, typical="abs"),
                "take the median of the squared steps, then its square root, so that falling steps count too"),
    )


def _emergent():
    return (np.abs(_family_scores()) > EMERGENT_SCORE).astype(float)


def _emergent_mistakes():
    scores = _family_scores()
    return (
        Mistake((scores > EMERGENT_SCORE).astype(float),
                "a metric where lower is better scores negative when it improves: compare the size of the score "
                "with 20. Look again at the Brier score: continuous in the option probabilities, yet here it makes "
                "most of its change within two steps of size"),
        Mistake(np.ones(4), "not every metric jumps: one of the four improves by similar steps at every size"),
    )


def _mystery_scores():
    n_params = np.array(FAMILY_SIZES)
    families = mystery_families()
    return {name: (emergence_score(n_params, _exact_match(p)), emergence_score(n_params, _edit_distance(p)))
            for name, p in families.items()}


def _mystery():
    in_model = [name for name, (_, edit) in _mystery_scores().items() if abs(edit) > EMERGENT_SCORE]
    return {0: "neither", 1: in_model[0] if in_model else "neither", 2: "both"}[len(in_model)]


def _mystery_mistakes():
    answer = _mystery()
    hints = {
        "A": "family A's exact match jumps, but a linear metric of the same answers improves by similar steps at "
             "every size: its jump is made by the metric",
        "B": "family B's linear metric changes by one big step between two sizes: look at the other family",
        "both": "both exact-match curves jump, but do both linear metrics? Score the expected number of wrong "
                "tokens of each family",
        "neither": "one family's linear metric makes most of its change in one step: the per-token "
                   "probabilities themselves jump there",
    }
    return tuple(Mistake(option, hint) for option, hint in hints.items() if option != answer)


# --------------------------------------------------------------------------- part 2: Pythia, deduplicated
@cache
def forecast_scores():
    """ARC-Easy at the final checkpoint of the deduplicated suite, and the mask of the fitted models."""
    scores = load_pythia_evals(deduplicated=True).final().benchmark(FORECAST_BENCHMARK)
    return scores, scores.n_params <= FIT_MAX_PARAMS


def _line(n_params, accuracy, stderr, new_params):
    fit = fit_log_linear(n_params, accuracy, y_stderr=stderr)
    return np.asarray(fit.predict(new_params), dtype=float)


def _power(n_params, accuracy, new_params):
    fit = fit_power_law(n_params, 1.0 - np.asarray(accuracy, dtype=float))
    return 1.0 - np.asarray(fit.predict(new_params), dtype=float)


@cache
def _forecast_inputs():
    dedup = load_pythia_evals(deduplicated=True).final()
    standard = load_pythia_evals().final()
    rng = np.random.default_rng(747)
    n = np.geomspace(1e8, 1e10, 6)
    planted = 0.3 + 0.08 * np.log10(n / 1e8) + 0.01 * rng.standard_normal(6)
    cases = []
    for evals, name, upto in ((dedup, "piqa", 1.5e9), (standard, "sciq", 1.5e9), (dedup, "winogrande", 3e9)):
        s = evals.benchmark(name)
        keep = s.n_params <= upto
        cases.append((s.n_params[keep], s.accuracy[keep], s.accuracy_stderr[keep], s.n_params[~keep]))
    cases.append((n, planted, np.linspace(0.005, 0.03, 6), np.array([3e10, 1e11])))
    return tuple(cases)


def _power_inputs():
    return tuple((n, acc, new) for n, acc, _, new in _forecast_inputs())


def _line_mistakes():
    def wls(n, acc, se, new, *, weights, log=True):
        x = np.log10(np.asarray(n, float)) if log else np.asarray(n, float)
        w = weights(np.asarray(se, float))
        design = np.column_stack([np.ones_like(x), x])
        coef = np.linalg.solve(design.T @ (w[:, None] * design), design.T @ (w * np.asarray(acc, float)))
        new_x = np.log10(np.asarray(new, float)) if log else np.asarray(new, float)
        return coef[0] + coef[1] * new_x

    return (
        Mistake(lambda n, a, se, new: wls(n, a, se, new, weights=np.ones_like),
                "weight each model by its reported standard error: a precise score should pull the line harder"),
        Mistake(lambda n, a, se, new: wls(n, a, se, new, weights=lambda s: 1.0 / s),
                "the weight of a point in least squares is one over its variance, the standard error squared"),
        Mistake(lambda n, a, se, new: wls(n, a, se, new, weights=lambda s: 1.0 / s**2, log=False),
                "the line is straight in the logarithm of the parameter count, not in the count itself"),
    )


def _power_mistakes():
    def loglog(n, y, new):
        k, c = np.polyfit(np.log(np.asarray(n, float)), np.log(np.asarray(y, float)), 1)
        return np.exp(c) * np.asarray(new, float) ** k

    return (
        Mistake(lambda n, a, new: loglog(n, a, new),
                "fit the power law to the error rate, one minus the accuracy: it is the error that can keep falling "
                "by a constant factor"),
        Mistake(lambda n, a, new: loglog(n, 1.0 - np.asarray(a, float), new),
                "that is the forecast error rate; return the accuracy, one minus it"),
        Mistake(lambda n, a, new: 1.0 - np.exp(np.polyval(np.polyfit(np.asarray(n, float),
                                                                     np.log(1.0 - np.asarray(a, float)), 1),
                                                          np.asarray(new, float))),
                "a power law is a straight line between the logarithms of both: take the log of the parameter "
                "count too"),
    )


def _committed():
    scores, fitted = forecast_scores()
    big = scores.n_params[-1:]
    return np.array([_line(scores.n_params[fitted], scores.accuracy[fitted], scores.accuracy_stderr[fitted], big)[0],
                     _power(scores.n_params[fitted], scores.accuracy[fitted], big)[0]])


def _committed_mistakes():
    scores, fitted = forecast_scores()
    every = scores.n_params < 1.2e10
    big = scores.n_params[-1:]
    line, power = _committed()
    standard = load_pythia_evals().final().benchmark(FORECAST_BENCHMARK)
    keep = standard.n_params <= FIT_MAX_PARAMS
    return (
        Mistake(np.array([power, line]), "the order is the straight line first, then the power law of the error"),
        Mistake(np.array([_line(scores.n_params[every], scores.accuracy[every], scores.accuracy_stderr[every],
                                big)[0], _power(scores.n_params[every], scores.accuracy[every], big)[0]]),
                "fit only the five models up to 1.4B; the 2.8B and 6.9B models are part of the reveal"),
        Mistake(np.array([_line(standard.n_params[keep], standard.accuracy[keep], standard.accuracy_stderr[keep],
                                big)[0], _power(standard.n_params[keep], standard.accuracy[keep], big)[0]]),
                "those are the models trained on the standard Pile; this part uses the deduplicated suite"),
        Mistake(np.array([scores.accuracy[-1], scores.accuracy[-1]]),
                "that is the revealed accuracy: commit forecasts from the small models before looking"),
    )


def _choice_errors():
    scores, _ = forecast_scores()
    line, power = _committed()
    return {"line": float(line - scores.accuracy[-1]), "power law": float(power - scores.accuracy[-1])}


def _better_choice():
    errors = _choice_errors()
    return min(errors, key=lambda option: abs(errors[option]))


@dataclass(frozen=True, kw_only=True)
class ForecastChoice(ChoiceExercise):
    """The choice of the forecast to submit, scored by its consequence: the error of the chosen forecast at the
    revealed 12B accuracy.  Correct when it is the smaller of the two; the verdict reports both errors."""

    errors: object

    def check(self, answer) -> CheckResult:
        result = super().check(answer)
        if result.status == "unanswered" or not any(result.message.endswith(repr(o)) for o in self.options):
            return result
        errors = self.errors()
        chosen = next(option for option in self.options if result.message.endswith(repr(option)))
        other = next(option for option in self.options if option != chosen)
        told = (f"{result.message}: your forecast misses the revealed 12B accuracy by {errors[chosen]:+.3f}; "
                f"the other by {errors[other]:+.3f}")
        return CheckResult(result.status, told, result.hint)


EXERCISES = {
    "lab7-exact-match": FunctionExercise(
        reference=_exact_match, test_inputs=LazyInputs(_probability_inputs), mistakes=_exact_match_mistakes,
        rel_tol=1e-9, name="exact_match",
        hint="for each question, the chance that the whole answer is right is the chance that every one of its "
             "tokens is; then average over the questions"),
    "lab7-edit-distance": FunctionExercise(
        reference=_edit_distance, test_inputs=LazyInputs(_probability_inputs), mistakes=_edit_distance_mistakes,
        rel_tol=1e-9, name="edit_distance",
        hint="a token is wrong with probability one minus its probability of being right; by linearity of "
             "expectation, add these over the answer's tokens, then average over the questions"),
    "lab7-brier": FunctionExercise(
        reference=_brier, test_inputs=LazyInputs(_option_inputs), mistakes=_brier_mistakes, rel_tol=1e-9,
        abs_tol=1e-12, name="brier_score",
        hint="turn each question's option log-probabilities into probabilities that sum to 1, compare them with "
             "the target (1 for option 0, 0 for the others), add the squared differences, average over questions"),
    "lab7-emergence-score": FunctionExercise(
        reference=emergence_score, test_inputs=LazyInputs(_score_inputs), mistakes=_score_mistakes,
        rel_tol=1e-9, name="abruptness",
        hint="sort by scale, take the steps between neighbours, and divide the total range by the root of the "
             "median squared step; the sign says whether the maximum comes after the minimum"),
    "lab7-which-emergent": ArrayExercise(
        expected=_emergent, mistakes=_emergent_mistakes, rel_tol=0.0, abs_tol=0.1, name="emergent",
        hint="compute the four curves of the family with your functions (for the grade: is option 0 the most "
             "probable?), score each with your emergence score, and compare the size of each score with 20"),
    "lab7-mystery": ChoiceExercise(
        expected=_mystery, options=("A", "B", "both", "neither"), mistakes=_mystery_mistakes, name="in_the_model",
        hint="a jump made by the metric vanishes under a metric that is linear in the per-token probability; "
             "score that metric for each family"),
    "lab7-line": FunctionExercise(
        reference=_line, test_inputs=LazyInputs(_forecast_inputs), mistakes=_line_mistakes, rel_tol=1e-6,
        name="line_forecast",
        hint="weighted least squares of the accuracy on the base-10 logarithm of the parameter count, each point "
             "weighted by one over its variance; evaluate the line at the new sizes"),
    "lab7-power": FunctionExercise(
        reference=_power, test_inputs=LazyInputs(_power_inputs), mistakes=_power_mistakes, rel_tol=1e-6,
        name="error_power_law_forecast",
        hint="ordinary least squares between the logarithm of the error rate and the logarithm of the parameter "
             "count; evaluate the power law at the new sizes and turn the error back into an accuracy"),
    "lab7-commit": ArrayExercise(
        expected=_committed, mistakes=_committed_mistakes, rel_tol=0.0, abs_tol=1e-3, name="committed",
        hint="fit both of your functions to the deduplicated models up to 1.4B and forecast the 12B model: the "
             "straight line first, the power law of the error second"),
    "lab7-choice": ForecastChoice(
        expected=_better_choice, options=("line", "power law"), errors=_choice_errors, name="submitted",
        mistakes=lambda: tuple(Mistake(option, hint) for option, hint in (
            ("line", "a straight line in log N never bends, but an accuracy far above chance is bounded by 1: "
                     "the gains per decade shrink as the errors run out"),
            ("power law", "an error rate near chance has little room to fall by a constant factor: the line's "
                          "steady gain per decade is the safer description there"),
        ) if option != _better_choice()),
        hint="which form can keep its trend all the way to 12B without running into the ceiling of 1?"),
}
