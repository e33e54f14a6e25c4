r"""Is it emergence?  A smooth per-token loss seen through sharp and smooth metrics (Schaeffer et al. 2023).

Schaeffer, Miranda and Koyejo (2023, NeurIPS) model a family of language models
whose per-token cross-entropy falls as a power law in size,
:math:`L(N) = (N/c)^{\alpha}` with :math:`\alpha < 0`, so that a token is right with
probability :math:`p = e^{-L}`.  An answer of :math:`\ell` tokens is then exactly
right with probability :math:`p^{\ell}`, which rises sharply on a log axis for
long answers, while the expected number of wrong tokens, :math:`\ell(1 - p)`,
changes smoothly.  The "emergence" is in the metric, not in the model.

:func:`emergence_metrics` draws a test set of questions whose tokens differ in
difficulty and computes, for every model size and every answer length at once,
exact match, token edit distance, multiple-choice grade and Brier score, so a
reader (or a widget) can pick the length and the metric.
:func:`pythia_emergence_curves` gives the same choice on Pythia's real checkpoints,
and :func:`emergence_score` measures how abrupt a curve is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from scaling_lab._validate import as_float_array, as_int, as_positive_array, as_positive_scalar, at_least, same_shape
from scaling_lab.data.pythia import PYTHIA_BATCH_TOKENS, load_pythia_evals
from scaling_lab.laws.kaplan import kaplan_loss_n
from scaling_lab.reference.containers import KaplanPowerLaw

__all__ = [
    "ILLUSTRATIVE_PER_TOKEN_LOSS", "EMERGENCE_METRICS", "EmergenceMetrics", "emergence_metrics",
    "emergence_score", "PythiaCurves", "pythia_emergence_curves",
]

#: ILLUSTRATIVE, not published: per-token loss :math:`(N_c/N)^{\alpha}` with :math:`N_c = 3.9\times10^7`,
#: :math:`\alpha = 0.3`, so that :math:`p = e^{-L}` runs from 0.22 at :math:`10^7` to 0.95 at :math:`10^{12}`
#: parameters.  The form is Schaeffer et al.'s :math:`(N/c)^{\alpha}`, :math:`\alpha<0` (sec. 2), which is
#: Kaplan et al.'s eq. 1.1 with :math:`\alpha_N = -\alpha`.
ILLUSTRATIVE_PER_TOKEN_LOSS = KaplanPowerLaw(3.9e7, 0.3, "parameters",
                                             "illustrative; form of Schaeffer et al. 2023, sec. 2")

#: The metrics of :class:`EmergenceMetrics`, and whether a higher value is better.
EMERGENCE_METRICS = {"exact_match": True, "token_edit_distance": False, "multiple_choice_grade": True,
                     "brier_score": False}


@dataclass(frozen=True)
class EmergenceMetrics:
    r"""Four metrics of one synthetic model family, for every model size and answer length.

    Each metric array has shape ``(len(answer_lengths), len(n_params))``:
    ``exact_match[i, j]`` is the expected exact-match accuracy of answers of
    ``answer_lengths[i]`` tokens for the model with ``n_params[j]`` parameters.
    ``per_token_loss`` is the family's mean per-token loss :math:`L(N)` and
    ``per_token_accuracy`` the mean of :math:`e^{-\ell}` over the test tokens.
    """

    n_params: np.ndarray = field(repr=False)
    answer_lengths: np.ndarray = field(repr=False)
    per_token_loss: np.ndarray = field(repr=False)
    per_token_accuracy: np.ndarray = field(repr=False)
    exact_match: np.ndarray = field(repr=False)
    token_edit_distance: np.ndarray = field(repr=False)
    multiple_choice_grade: np.ndarray = field(repr=False)
    brier_score: np.ndarray = field(repr=False)
    n_options: int
    n_questions: int
    token_spread: float
    distractor_loss: float
    seed: object

    def curve(self, metric, answer_length) -> np.ndarray:
        """One metric against model size, for answers of ``answer_length`` tokens."""
        if metric not in EMERGENCE_METRICS:
            raise ValueError(f"metric must be one of {list(EMERGENCE_METRICS)}; got {metric!r}")
        length = as_int(answer_length, "answer_length", minimum=1)
        if length > self.answer_lengths[-1]:
            raise ValueError(f"answer_length must be <= {int(self.answer_lengths[-1])}; got {length}")
        return getattr(self, metric)[length - 1]

    def __repr__(self) -> str:
        return (f"EmergenceMetrics(n_sizes={self.n_params.size}, n_params {self.n_params[0]:.3g}-"
                f"{self.n_params[-1]:.3g}, answer lengths 1-{int(self.answer_lengths[-1])}, "
                f"n_questions={self.n_questions}, n_options={self.n_options}, token_spread={self.token_spread:g}, "
                f"distractor_loss={self.distractor_loss:g}, seed={self.seed!r})")


def _token_factors(rng, shape, spread):
    """Per-token difficulty factors with mean 1 and coefficient of variation ``spread`` (gamma draws)."""
    if spread == 0:
        return np.ones(shape)
    shape_k = 1.0 / spread**2
    return rng.gamma(shape_k, 1.0 / shape_k, size=shape)


def emergence_metrics(n_params=None, *, max_answer_length=30, n_options=4, n_questions=500, token_spread=0.5,
                      distractor_loss=0.5, params=ILLUSTRATIVE_PER_TOKEN_LOSS, seed=0) -> EmergenceMetrics:
    r"""Exact match, token edit distance, multiple choice and Brier score of a model family with smooth loss.

    **The family.**  A model with :math:`N` parameters has mean per-token loss
    :math:`L(N) = (N_c/N)^{\alpha}` (:func:`scaling_lab.laws.kaplan_loss_n` with
    ``params``; Schaeffer et al. 2023, sec. 2).  Token :math:`t` of question
    :math:`q` costs :math:`\ell_{qt} = L(N)\,\varepsilon_{qt}`, where the difficulty
    :math:`\varepsilon_{qt}` (gamma, mean 1, coefficient of variation
    ``token_spread``) is drawn once: the same questions are hard for every size.
    The token is right with probability :math:`e^{-\ell_{qt}}`.

    **The metrics**, for answers of :math:`\ell = 1, \dots,` ``max_answer_length``
    tokens, averaged over the questions:

    - exact match: :math:`\prod_{t \le \ell} e^{-\ell_{qt}}`, which is
      :math:`p^{\ell}` when ``token_spread=0`` (:func:`scaling_lab.laws.exact_match_accuracy`);
    - token edit distance: :math:`\sum_{t \le \ell} (1 - e^{-\ell_{qt}})`, the expected
      number of wrong tokens, :math:`\ell(1-p)` when ``token_spread=0``
      (:func:`scaling_lab.laws.token_edit_distance`);
    - multiple-choice grade: 1 if the correct option has the highest total
      log-probability :math:`-\sum_{t\le\ell} \ell_{qt}` among ``n_options``; the
      wrong options' tokens cost ``distractor_loss`` times their own difficulty
      draws, at every size (an assumption of this simulation: the model never
      gets better at the wrong answers).  Ties count :math:`1/k` for :math:`k` tied options;
    - Brier score: :math:`\sum_k (\pi_k - y_k)^2` with :math:`\pi` the softmax of the
      options' total log-probabilities and :math:`y` the one-hot answer; 0 is perfect,
      :math:`(K-1)/K` is a uniform guess.

    Exact match and multiple-choice grade are the nonlinear or discontinuous
    metrics behind most claims of emergence on BIG-Bench; token edit distance
    and Brier score are their continuous counterparts (Schaeffer et al. 2023).
    All lengths come from one cumulative sum over tokens, so the whole grid costs
    about as much as the longest length.

    Parameters
    ----------
    n_params : array_like, optional
        Model sizes, > 0; default 41 sizes from :math:`10^7` to :math:`10^{12}`.
    max_answer_length : int, default 30
    n_options : int, default 4
        Options per multiple-choice question, >= 2.
    n_questions : int, default 500
    token_spread : float, default 0.5
        Coefficient of variation of token difficulty, >= 0 (0: every token alike).
    distractor_loss : float, default 0.5
        Mean per-token loss of the wrong options, > 0 (nats).
    params : object, default :data:`ILLUSTRATIVE_PER_TOKEN_LOSS`
        Anything with ``scale`` (:math:`N_c`) and ``exponent`` (:math:`\alpha`).
    seed : int or numpy.random.Generator, default 0

    Returns
    -------
    EmergenceMetrics
    """
    n = np.geomspace(1e7, 1e12, 41) if n_params is None else np.sort(as_positive_array(n_params, "n_params").ravel())
    max_len = as_int(max_answer_length, "max_answer_length", minimum=1)
    n_options = as_int(n_options, "n_options", minimum=2)
    n_questions = as_int(n_questions, "n_questions", minimum=1)
    spread = as_positive_scalar(token_spread, "token_spread", allow_zero=True)
    d_loss = as_positive_scalar(distractor_loss, "distractor_loss")
    loss = np.atleast_1d(kaplan_loss_n(n, params=params))
    rng = np.random.default_rng(seed)
    right = _token_factors(rng, (n_questions, max_len), spread)
    wrong = _token_factors(rng, (n_options - 1, n_questions, max_len), spread) * d_loss

    # Cumulative losses over the answer's tokens: index [size, question, length - 1].
    correct_cum = loss[:, None, None] * np.cumsum(right, axis=1)[None]
    p_token = np.exp(-loss[:, None, None] * right[None])
    exact = np.exp(-correct_cum).mean(axis=1).T
    edit = np.cumsum(1.0 - p_token, axis=2).mean(axis=1).T
    wrong_cum = np.cumsum(wrong, axis=2)  # [option, question, length - 1], the same for every size
    best_wrong = wrong_cum.min(axis=0)[None]
    ties = 1.0 + (wrong_cum[None] == correct_cum[:, None]).sum(axis=1)
    grade = np.where(correct_cum < best_wrong, 1.0, np.where(correct_cum == best_wrong, 1.0 / ties, 0.0))
    # Softmax over options of -cumulative loss; option 0 is the correct one.
    scores = np.concatenate([-correct_cum[:, None], np.broadcast_to(-wrong_cum[None], (n.size,) + wrong_cum.shape)],
                            axis=1)
    scores = scores - scores.max(axis=1, keepdims=True)
    probs = np.exp(scores)
    probs /= probs.sum(axis=1, keepdims=True)
    brier = ((1.0 - probs[:, 0]) ** 2 + (probs[:, 1:] ** 2).sum(axis=1)).mean(axis=1).T
    return EmergenceMetrics(
        n_params=n, answer_lengths=np.arange(1, max_len + 1), per_token_loss=loss,
        per_token_accuracy=np.exp(-loss[:, None] * right.ravel()[None]).mean(axis=1), exact_match=exact,
        token_edit_distance=edit, multiple_choice_grade=grade.mean(axis=1).T, brier_score=brier,
        n_options=n_options, n_questions=n_questions, token_spread=spread, distractor_loss=d_loss, seed=seed,
    )


def emergence_score(scale, performance) -> float:
    r"""How abrupt a scaling curve is: BIG-Bench's emergence score (Srivastava et al. 2022).

    .. math:: \operatorname{sign}\bigl(\arg\max_i y_i - \arg\min_i y_i\bigr)\,
              \frac{\max_i y_i - \min_i y_i}{\sqrt{\operatorname{Median}\{(y_i - y_{i-1})^2\}}}

    with the points :math:`y_i` sorted by increasing scale.  A curve that rises
    in one jump scores high (the median step is small beside the total rise); a
    steady rise scores about the number of steps.  Schaeffer et al. (2023) use
    it to show that the same models score high under exact match and low under
    continuous metrics.  The sign is negative when the curve falls (for a
    metric where lower is better, a falling curve is improvement).

    Parameters
    ----------
    scale : array_like
        Model sizes or compute, > 0; at least 3 points.
    performance : array_like
        The metric at each scale, finite, same shape.

    Returns
    -------
    float
        ``inf`` (signed) if the median squared step is 0 and the curve is not flat; 0 for a flat curve.
    """
    x = as_positive_array(scale, "scale").ravel()
    y = as_float_array(performance, "performance").ravel()
    same_shape(scale=x, performance=y)
    at_least(x, "scale", 3)
    y = y[np.argsort(x, kind="stable")]
    spread = float(y.max() - y.min())
    if spread == 0:
        return 0.0
    sign = float(np.sign(int(np.argmax(y)) - int(np.argmin(y))))
    typical_step = float(np.sqrt(np.median(np.diff(y) ** 2)))
    return sign * np.inf if typical_step == 0 else sign * spread / typical_step


@dataclass(frozen=True)
class PythiaCurves:
    r"""One metric of Pythia's models at every size and checkpoint.

    ``values[i, j]`` is the metric of the model with ``n_params[i]`` parameters
    after ``n_tokens[j]`` training tokens (checkpoint ``steps[j]``).
    """

    metric: str
    n_params: np.ndarray = field(repr=False)
    steps: np.ndarray = field(repr=False)
    n_tokens: np.ndarray = field(repr=False)
    values: np.ndarray = field(repr=False)
    higher_is_better: bool
    chance: float | None
    deduplicated: bool

    def __repr__(self) -> str:
        return (f"PythiaCurves({self.metric!r}, {self.n_params.size} sizes x {self.steps.size} checkpoints, "
                f"final values {np.array2string(self.values[:, -1], precision=3)}, deduplicated={self.deduplicated})")


#: Metrics of LAMBADA's last word besides its accuracy: perplexity, cross-entropy and the per-word probability.
_LAMBADA_DERIVED = {
    "lambada_perplexity": (lambda ppl: ppl, False),
    "lambada_cross_entropy": (np.log, False),
    "lambada_word_probability": (lambda ppl: 1.0 / ppl, True),
}


def pythia_emergence_curves(metric="lambada_openai", *, deduplicated=False) -> PythiaCurves:
    r"""A metric of Pythia's models against size and training tokens, for looking for emergence.

    ``metric`` is a benchmark's accuracy (a key of
    :data:`~scaling_lab.reference.PYTHIA_BENCHMARKS`, e.g. ``"lambada_openai"``: is
    the last word exactly right?) or one of LAMBADA's continuous metrics:
    ``"lambada_perplexity"``, ``"lambada_cross_entropy"`` (:math:`\log` perplexity, nats
    per word) and ``"lambada_word_probability"`` (:math:`1/\text{perplexity}`, the
    geometric-mean probability of the right word).  Exact-word accuracy is to the
    word probability what exact match is to per-token accuracy in
    :func:`emergence_metrics`.

    Returns
    -------
    PythiaCurves
        Rows are sizes (ascending), columns checkpoints; read a column for
        "against parameters" and a row for "against training tokens".
    """
    if not isinstance(deduplicated, (bool, np.bool_)):
        raise ValueError(f"deduplicated must be True or False; got {deduplicated!r}")
    evals = load_pythia_evals(deduplicated=bool(deduplicated))
    if metric in _LAMBADA_DERIVED:
        transform, higher = _LAMBADA_DERIVED[metric]
        sizes, steps, table = evals.grid(transform(evals.lambada_perplexity))
        chance = None
    elif isinstance(metric, str) and metric in evals.accuracy:
        scores = evals.benchmark(metric)
        sizes, steps, table = scores.grid()
        higher, chance = True, scores.chance_accuracy
    else:
        raise ValueError(f"metric must be one of {list(evals.accuracy) + list(_LAMBADA_DERIVED)}; got {metric!r}")
    table.setflags(write=False)
    return PythiaCurves(metric, sizes, steps, steps * float(PYTHIA_BATCH_TOKENS), table, higher, chance,
                        bool(deduplicated))
