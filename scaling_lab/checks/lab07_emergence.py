"""Checkers of ``labs/lab07_emergence.md``, "Is it emergence?", declared as data.

Part 1 works with a synthetic model family whose per-token loss falls smoothly
(:data:`~scaling_lab.experiments.ILLUSTRATIVE_PER_TOKEN_LOSS`, every token alike);
its expected values come from :func:`scaling_lab.experiments.emergence_metrics`
with ``token_spread=0``, the simulation the lab's closed forms describe.  Part 2
forecasts Pythia's 12B model from the models up to 1.4B (Biderman et al. 2023);
part 3 fits a broken neural scaling law (Caballero et al. 2023) to 12B's LAMBADA
error during training.  Every expected value is computed, never typed in.
"""

from __future__ import annotations

from functools import cache

import numpy as np

from scaling_lab.checks.spec import ArrayExercise, Mistake, NumberExercise
from scaling_lab.data.pythia import load_pythia_evals
from scaling_lab.experiments.benchmark_trends import fit_log_linear
from scaling_lab.experiments.emergence import (
    EMERGENCE_METRICS, ILLUSTRATIVE_PER_TOKEN_LOSS, emergence_metrics, emergence_score, pythia_emergence_curves,
)
from scaling_lab.experiments.pythia_forecasts import PYTHIA_FIT_MAX_PARAMS
from scaling_lab.fitting.power_law import fit_power_law, fit_saturating_power_law
from scaling_lab.fitting.bnsl import fit_bnsl
from scaling_lab.laws import kaplan_loss_n, per_token_accuracy

__all__ = ["N_SIZES", "ANSWER_LENGTH", "N_OPTIONS", "DISTRACTOR_LOSS", "EMERGENT_SCORE", "EXERCISES"]

#: The lab's model family: 8 sizes from 1e7 to 1e12 parameters.
N_SIZES = 8
#: Answers of 30 tokens.
ANSWER_LENGTH = 30
#: Multiple-choice questions with 4 options; every token of a wrong option costs 0.5 nats at every size.
N_OPTIONS = 4
DISTRACTOR_LOSS = 0.5
#: The lab calls a curve emergent when the absolute value of its emergence score exceeds this.
EMERGENT_SCORE = 20.0


def _sizes() -> np.ndarray:
    return np.geomspace(1e7, 1e12, N_SIZES)


@cache
def _family():
    """The simulation of part 1: every token alike, so its metrics are the lab's closed forms."""
    return emergence_metrics(_sizes(), max_answer_length=ANSWER_LENGTH, n_options=N_OPTIONS, token_spread=0.0,
                             distractor_loss=DISTRACTOR_LOSS, seed=0)


def _p() -> np.ndarray:
    return np.asarray(per_token_accuracy(kaplan_loss_n(_sizes(), params=ILLUSTRATIVE_PER_TOKEN_LOSS)))


# --------------------------------------------------------------------------- part 1: metrics
def _exact_match():
    return _family().curve("exact_match", ANSWER_LENGTH)


def _exact_match_mistakes():
    p, length = _p(), ANSWER_LENGTH
    loss = -np.log(p)
    return (
        Mistake(p, "that is one token (L = 1); all 30 tokens must be right: p**30"),
        Mistake(1 - (1 - p) ** length, "that is the chance that at least one token is right; exact match needs all "
                                       "30 right: p**30"),
        Mistake(p ** (1 / length), "raise p to the power 30, not 1/30"),
        Mistake(10.0 ** (-loss * length), 'the loss is in nats: the per-token probability is e^(-loss), not '
                                          '10^(-loss)'),
    )


def _edit_distance():
    return _family().curve("token_edit_distance", ANSWER_LENGTH)


def _edit_distance_mistakes():
    p, length = _p(), ANSWER_LENGTH
    return (
        Mistake(length * p, "that counts the right tokens; the edit distance counts the wrong ones, L(1 - p)"),
        Mistake(1 - p, "that is one token; multiply by the answer length L = 30"),
        Mistake(1 - p**length, "that is the chance that the answer has at least one wrong token; the expected "
                               "number of wrong tokens is L(1 - p)"),
    )


def _option_probabilities(length=ANSWER_LENGTH, n_options=N_OPTIONS):
    """Softmax over options of the answers' total log-probabilities (closed form, every token alike)."""
    p = _p()
    right = p**length
    wrong = np.exp(-DISTRACTOR_LOSS * length)
    total = right + (n_options - 1) * wrong
    return right / total, wrong / total


def _brier():
    return _family().curve("brier_score", ANSWER_LENGTH)


def _brier_mistakes():
    right, wrong = _option_probabilities()
    one_right, one_wrong = _option_probabilities(length=1)
    five_right, five_wrong = _option_probabilities(n_options=5)
    raw = _p() ** ANSWER_LENGTH
    return (
        Mistake((1 - right) ** 2, "add the squared probabilities of the 3 wrong options: "
                                  "(1 - π_right)² + 3 π_wrong²"),
        Mistake((1 - one_right) ** 2 + 3 * one_wrong**2, "score whole answers of 30 tokens, not single tokens: "
                                                         "an option's probability uses its total log-probability"),
        Mistake((1 - raw) ** 2 + 3 * np.exp(-2 * DISTRACTOR_LOSS * ANSWER_LENGTH),
                "normalise over the 4 options (a softmax): π_k = q_k / (q_right + 3 q_wrong)"),
        Mistake((1 - five_right) ** 2 + 4 * five_wrong**2, "there are 4 options: the right one and 3 wrong ones"),
    )


def _scores(length=ANSWER_LENGTH):
    family = _family()
    return np.array([emergence_score(family.n_params, family.curve(metric, length)) for metric in EMERGENCE_METRICS])


def _emergent():
    return (np.abs(_scores()) > EMERGENT_SCORE).astype(float)


def _emergent_mistakes():
    scores = _scores()
    return (
        Mistake((scores > EMERGENT_SCORE).astype(float), "a metric where lower is better (edit distance, Brier) "
                                                         "scores negative when it improves: compare |score| with "
                                                         "20. Look again at the Brier score: continuous, but at "
                                                         "L = 30 it collapses between two neighbouring sizes"),
        Mistake((np.abs(_scores(1)) > EMERGENT_SCORE).astype(float), "that is answer length 1; use L = 30"),
        Mistake(np.ones(4), "not every metric jumps: the token edit distance improves steadily (|score| about 7)"),
    )


# --------------------------------------------------------------------------- part 2: Pythia, predict then reveal
@cache
def _final():
    return load_pythia_evals().final()


def _winogrande_fit(keep=None, weighted=True):
    scores = _final().benchmark("winogrande")
    keep = scores.n_params <= PYTHIA_FIT_MAX_PARAMS if keep is None else keep
    return fit_log_linear(scores.n_params[keep], scores.accuracy[keep],
                          y_stderr=scores.accuracy_stderr[keep] if weighted else None), scores


def _winogrande():
    fit, scores = _winogrande_fit()
    return fit.predict(scores.n_params[-1])


def _winogrande_mistakes():
    fit, scores = _winogrande_fit()
    every, _ = _winogrande_fit(keep=np.ones(scores.n_params.size, bool))
    return (
        Mistake(every.predict(scores.n_params[-1]), "fit only the models up to 1.4B (the first four); the larger "
                                                    "ones are the ones to forecast"),
        Mistake(fit.predict(scores.n_params[4]), "that is the forecast for 2.8B; forecast the largest model, 12B "
                                                 "(n_params[-1])"),
        Mistake(100 * _winogrande(), "give the accuracy as a fraction between 0 and 1"),
        Mistake(scores.accuracy[-1], "that is the revealed score of 12B; give the forecast of the fitted line"),
        Mistake(fit.slope, "that is the slope per decade; evaluate the line at 12B's size"),
    )


def _lambada_fit(fitter=fit_saturating_power_law, counts="total", transform=np.log):
    final = _final()
    n = final.n_params if counts == "total" else final.n_params_nonembedding
    keep = final.n_params <= PYTHIA_FIT_MAX_PARAMS
    return fitter(n[keep], transform(final.lambada_perplexity[keep])).predict(n[-1])


def _lambada():
    return float(np.exp(_lambada_fit()))


def _lambada_mistakes():
    identity = np.asarray
    return (
        Mistake(float(np.exp(_lambada_fit(fit_power_law))), "a pure power law has no floor and forecasts too low; "
                                                            "fit the saturating law E + A N^-α"),
        Mistake(float(_lambada_fit(fit_power_law, transform=identity)),
                "fit the cross-entropy log(perplexity) with the saturating law, not perplexity with a power law"),
        Mistake(float(_lambada_fit(transform=identity)), "fit the cross-entropy, log(perplexity), then exponentiate "
                                                         "the forecast"),
        Mistake(float(np.exp(_lambada_fit(counts="nonembedding"))), "use the total parameter counts (n_params), as "
                                                                    "in the model names"),
        Mistake(float(_lambada_fit()), "that is the forecast cross-entropy in nats; exponentiate it to get perplexity"),
    )


# --------------------------------------------------------------------------- part 3: a broken law
@cache
def _bnsl(x_kind="tokens"):
    curves = pythia_emergence_curves("lambada_openai")
    x = curves.n_tokens if x_kind == "tokens" else curves.steps.astype(float)
    return fit_bnsl(x[1:], 1.0 - curves.values[-1, 1:])


def _break():
    return _bnsl().breaks[0].location


def _break_mistakes():
    location = _break()
    return (
        Mistake(_bnsl("steps").breaks[0].location, "that is in optimizer steps; use training tokens "
                                                   "(curves.n_tokens), 2,097,152 per step"),
        Mistake(np.log10(location), "give the location itself in tokens, not its log10"),
        Mistake(np.log(location), "give the location itself in tokens, not its natural log"),
        Mistake(_bnsl().breaks[0].slope_change, "that is the slope change; the location is breaks[0].location"),
    )


EXERCISES = {
    "lab7-exact-match": ArrayExercise(
        expected=_exact_match, mistakes=_exact_match_mistakes, rel_tol=1e-3, name="exact match",
        hint='every one of the 30 tokens must be right, each with probability e^(-loss)'),
    "lab7-edit-distance": ArrayExercise(
        expected=_edit_distance, mistakes=_edit_distance_mistakes, rel_tol=1e-3, name="edit distance",
        hint="each of the 30 tokens is wrong with probability 1 - p; the expected number wrong is 30 * (1 - p)"),
    "lab7-brier": ArrayExercise(
        expected=_brier, mistakes=_brier_mistakes, rel_tol=1e-3, abs_tol=1e-12, name="Brier score",
        hint="each option's probability is the product of its 30 per-token probabilities; normalise the four "
             'options over their sum, then add the squared errors against the right answer (1 for it, 0 for the '
             'three others)'),
    "lab7-which-emergent": ArrayExercise(
        expected=_emergent, mistakes=_emergent_mistakes, rel_tol=0.0, abs_tol=0.1, name="emergent",
        hint="compute the emergence score of each metric's curve (in the order exact match, edit distance, "
             'multiple-choice grade, Brier score) and compare its size with 20'),
    "lab7-winogrande-forecast": NumberExercise(
        expected=_winogrande, mistakes=_winogrande_mistakes, rel_tol=0.0, abs_tol=0.002, name="forecast",
        hint='fit a straight line in log N to the accuracy, weighted by the standard errors, on the models up to '
             "1.4B, and evaluate it at the 12B model's parameter count"),
    "lab7-lambada-forecast": NumberExercise(
        expected=_lambada, mistakes=_lambada_mistakes, rel_tol=0.0, abs_tol=0.02, name="forecast",
        hint='fit a power law with a floor to log(perplexity) against parameters for the models up to 1.4B, '
             'forecast 12B, and undo the log'),
    "lab7-bnsl-break": NumberExercise(
        expected=_break, mistakes=_break_mistakes, rel_tol=0.05, name="break location",
        hint='fit a broken neural scaling law to the error (1 - accuracy) against tokens, leaving out step 0 (0 '
             'tokens); the answer is where its first break lies'),
}
