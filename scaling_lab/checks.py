"""Exercise checkers: is a student's answer right, wrong (with a hint), or not there yet?

Every checker takes the student's answer and returns a :class:`CheckResult`.
Evaluating it as the last line of a notebook cell shows one of::

    ✓ Correct — ...
    ✗ Not yet — hint: ...
    ○ Not answered yet — replace the ... with your code.

A placeholder answer (``...`` or ``None``) is "not answered yet", never an
error, so a student notebook runs from top to bottom before any exercise is
done. A checker never raises on a bad answer: a wrong type, NaN, or a
function that crashes is "wrong", with a hint.

Expected values are computed here from :mod:`scaling_lab.data` and
:mod:`scaling_lab.fitting`, never typed in, so they follow the data.

The generic helpers :func:`check_number`, :func:`check_array` and
:func:`check_function` take ``mistakes``: pairs ``(wrong_value, hint)``. If
the answer matches a known wrong value (a typical slip, such as the wrong
sign), the student gets that hint instead of the generic one.
"""

from __future__ import annotations

import copy
import html
import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from scaling_lab.data import english_word_frequencies, sample_corpus_counts
from scaling_lab.fitting import fit_power_law, fit_zipf_mle

__all__ = [
    "CheckResult",
    "is_unanswered",
    "check_number",
    "check_array",
    "check_function",
    "LAB1_N_WORDS",
    "LAB1_SAMPLE_TOKENS",
    "LAB1_SAMPLE_SEED",
    "lab1_sample_counts",
    "check_lab1_top_share",
    "check_lab1_loglog_slope",
    "check_lab1_forecast",
    "check_lab1_zipf_pmf",
    "check_lab1_mle_exponent",
]

_STATUSES = ("correct", "wrong", "unanswered")
_ICONS = {"correct": "✓", "wrong": "✗", "unanswered": "○"}
_COLOURS = {"correct": "#009E73", "wrong": "#D55E00", "unanswered": "#0072B2"}  # Okabe-Ito


@dataclass(frozen=True)
class CheckResult:
    """The verdict on one answer.

    Attributes
    ----------
    status : {"correct", "wrong", "unanswered"}
    message : str
        What was found (shown after the verdict).
    hint : str
        For a wrong answer: what to look at next.
    """

    status: str
    message: str = ""
    hint: str = ""

    def __post_init__(self):
        if self.status not in _STATUSES:
            raise ValueError(f"status must be one of {_STATUSES}; got {self.status!r}")

    @property
    def correct(self) -> bool:
        """True only for a correct answer."""
        return self.status == "correct"

    @property
    def answered(self) -> bool:
        """False while the answer is still a placeholder."""
        return self.status != "unanswered"

    def __str__(self) -> str:
        if self.status == "correct":
            return f"✓ Correct — {self.message}" if self.message else "✓ Correct"
        if self.status == "unanswered":
            return "○ Not answered yet — replace the ... with your code, run the cell, then run this check again."
        text = f"✗ Not yet — hint: {self.hint}" if self.hint else "✗ Not yet"
        return f"{text}\n   ({self.message})" if self.message else text

    __repr__ = __str__

    def _repr_html_(self) -> str:
        lines = html.escape(str(self)).replace("\n", "<br>")
        colour = _COLOURS[self.status]
        return (
            f'<div class="scaling-lab-check scaling-lab-check-{self.status}" role="status" '
            f'style="border-left: 4px solid {colour}; padding: 0.3em 0.8em; margin: 0.3em 0;">'
            f"{lines}</div>"
        )


def is_unanswered(answer) -> bool:
    """True for the placeholders ``...`` (Ellipsis) and ``None``."""
    return answer is Ellipsis or answer is None


def _correct(message: str = "") -> CheckResult:
    return CheckResult("correct", message)


def _wrong(hint: str, message: str = "") -> CheckResult:
    return CheckResult("wrong", message, hint)


def _fmt(value) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    return np.array2string(arr, precision=4, threshold=6)


def _to_array(answer):
    """Float array from an answer, or a hint string explaining why not."""
    if isinstance(answer, (str, bytes, dict, set, bool, np.bool_)) or callable(answer):
        return f"expected numbers; got a {type(answer).__name__}"
    try:
        arr = np.asarray(answer, dtype=float)
    except (TypeError, ValueError):
        return f"expected numbers; got {type(answer).__name__} {answer!r:.60}"
    if np.isnan(arr).any():
        return "the answer contains NaN: look for log(0), 0/0 or an empty slice"
    if np.isinf(arr).any():
        return "the answer contains inf: look for log(0) (ranks start at 1, not 0) or a division by zero"
    return arr


def _close(arr, target, rel_tol, abs_tol) -> bool:
    target = np.asarray(target, dtype=float)
    if arr.shape != target.shape:
        return False
    return bool(np.all(np.abs(arr - target) <= abs_tol + rel_tol * np.abs(target)))


def _match_mistake(arr, mistakes, rel_tol, abs_tol):
    return next((hint for wrong_value, hint in mistakes if _close(arr, wrong_value, rel_tol, abs_tol)), None)


def check_number(answer, expected, *, rel_tol=1e-3, abs_tol=0.0, mistakes=(), hint="", name="answer"):
    r"""Is ``answer`` a single number within tolerance of ``expected``?

    Accepted when :math:`|a - e| \le \mathrm{abs\_tol} + \mathrm{rel\_tol}\,|e|`
    (the rule of :func:`math.isclose`, with the tolerance relative to the
    expected value only).

    Parameters
    ----------
    answer : object
        The student's answer. ``...`` or ``None`` means not answered yet.
    expected : float
        The right value.
    rel_tol, abs_tol : float
        Tolerances, >= 0.
    mistakes : sequence of (float, str)
        Known wrong values and the hint for each, tried in order with the
        same tolerances.
    hint : str
        Hint for any other wrong answer.
    name : str
        What the answer is called in messages.

    Returns
    -------
    CheckResult
    """
    if is_unanswered(answer):
        return CheckResult("unanswered")
    arr = _to_array(answer)
    if isinstance(arr, str):
        return _wrong(arr)
    if arr.size != 1:
        return _wrong(f"{name} should be a single number; got an array of shape {arr.shape}")
    arr = arr.reshape(())
    if _close(arr, expected, rel_tol, abs_tol):
        return _correct(f"{name} = {_fmt(arr)}")
    found = _match_mistake(arr, mistakes, rel_tol, abs_tol)
    return _wrong(found or hint or f"{name} is not the expected value", f"{name} = {_fmt(arr)}")


def check_array(answer, expected, *, rel_tol=1e-3, abs_tol=0.0, mistakes=(), hint="", name="answer"):
    """Is ``answer`` an array of the expected shape, elementwise close to ``expected``?

    Same rules and arguments as :func:`check_number`; a list or tuple of
    numbers is accepted as an array. A wrong shape gets its own hint.
    """
    if is_unanswered(answer):
        return CheckResult("unanswered")
    arr = _to_array(answer)
    if isinstance(arr, str):
        return _wrong(arr)
    expected = np.asarray(expected, dtype=float)
    if arr.shape != expected.shape:
        return _wrong(f"{name} should have shape {expected.shape}; got shape {arr.shape}")
    if _close(arr, expected, rel_tol, abs_tol):
        return _correct(f"{name} = {_fmt(arr)}")
    found = _match_mistake(arr, mistakes, rel_tol, abs_tol)
    n_bad = int(np.sum(np.abs(arr - expected) > abs_tol + rel_tol * np.abs(expected)))
    return _wrong(found or hint or f"{name} differs from the expected values",
                  f"{n_bad} of {arr.size} entries are off")


def check_function(func, reference, test_inputs, *, rel_tol=1e-6, abs_tol=0.0, mistakes=(), hint="",
                   name="your function"):
    """Does ``func`` agree with ``reference`` on every argument tuple in ``test_inputs``?

    Parameters
    ----------
    func : callable
        The student's function. ``...``/``None``, or a function that returns
        ``...``/``None`` (an unfinished body), means not answered yet.
    reference : callable
        The right implementation.
    test_inputs : sequence of tuple
        Positional arguments to try, e.g. ``[(np.arange(1, 11), 1.0, 10)]``.
    rel_tol, abs_tol : float
        Tolerances for comparing outputs.
    mistakes : sequence of (callable, str)
        Known wrong implementations (same signature) and the hint for each:
        if ``func`` agrees with one on every input, its hint is given.
    hint, name : str
        Generic hint; what the function is called in messages.

    Returns
    -------
    CheckResult
    """
    if is_unanswered(func):
        return CheckResult("unanswered")
    if not callable(func):
        return _wrong(f"{name} should be a function (def ...); got a {type(func).__name__}")
    expected = [np.asarray(reference(*args), dtype=float) for args in test_inputs]
    outputs = []
    for args in test_inputs:
        shown = _describe_args(args)
        try:  # copies, so a function that edits its arguments in place cannot spoil later cases
            out = func(*copy.deepcopy(args))
        except Exception as exc:  # a student's code may raise anything
            return _wrong(f"calling it with {shown} raised {type(exc).__name__}: {exc}")
        if is_unanswered(out):
            return CheckResult("unanswered")
        arr = _to_array(out)
        if isinstance(arr, str):
            return _wrong(f"with {shown}: {arr}")
        if arr.shape != expected[len(outputs)].shape:
            return _wrong(f"with {shown} it should return shape {expected[len(outputs)].shape}; got {arr.shape}")
        outputs.append(arr)
    agrees = [_close(arr, exp, rel_tol, abs_tol) for arr, exp in zip(outputs, expected)]
    if all(agrees):
        return _correct(f"{name} agrees with the reference on {len(outputs)} test cases")
    for wrong_func, wrong_hint in mistakes:
        if all(_close(arr, wrong_func(*args), rel_tol, abs_tol) for args, arr in zip(test_inputs, outputs)):
            return _wrong(wrong_hint)
    bad = test_inputs[agrees.index(False)]
    return _wrong(hint or f"{name} gives the wrong values", f"first disagreement with {_describe_args(bad)}")


def _describe_args(args) -> str:
    shown = (np.array2string(a, threshold=6) if isinstance(a, np.ndarray) else repr(a) for a in args)
    return "(" + ", ".join(shown) + ")"


# --------------------------------------------------------------------------- Lab 1: Zipf's law in real text
#: Lab 1 works with wordfreq's 10,000 most common English words.
LAB1_N_WORDS = 10_000
#: Size and seed of the random corpus sampled in Lab 1, exercise 5.
LAB1_SAMPLE_TOKENS = 100_000
LAB1_SAMPLE_SEED = 2024


def _lab1_data():
    return english_word_frequencies(LAB1_N_WORDS)


def lab1_sample_counts() -> np.ndarray:
    """The counts given to students in Lab 1, exercise 5.

    A random corpus of ``LAB1_SAMPLE_TOKENS`` tokens drawn from wordfreq's
    10,000 most common words (:func:`scaling_lab.data.sample_corpus_counts`,
    seed ``LAB1_SAMPLE_SEED``); ``counts[r - 1]`` is the count of the word of
    wordfreq rank r.
    """
    return _lab1_sample_counts().copy()


@lru_cache(maxsize=1)
def _lab1_sample_counts() -> np.ndarray:
    return sample_corpus_counts(_lab1_data().frequencies, LAB1_SAMPLE_TOKENS, seed=LAB1_SAMPLE_SEED)


def check_lab1_top_share(answer) -> CheckResult:
    """Exercise 1: the share of all word tokens taken by the 10 most common words (a fraction)."""
    freqs = _lab1_data().frequencies
    expected = float(freqs[:10].sum())
    mistakes = [
        (100 * expected, "give a fraction between 0 and 1, not a percentage"),
        (expected / freqs.sum(), "wordfreq's frequencies are already shares of *all* tokens; "
                                 "don't divide by the sum of the 10,000 you loaded"),
        (float(freqs[:9].sum()), "that is 9 words; frequencies[:10] holds the first 10"),
        (float(freqs[:11].sum()), "that is 11 words; frequencies[:10] holds the first 10"),
        (float(freqs[0]), "that is the share of 'the' alone; add up the 10 most common words"),
        (float(freqs[9]), "that is the frequency of the 10th word; add up all 10"),
    ]
    return check_number(answer, expected, rel_tol=1e-3, mistakes=mistakes, name="top-10 share",
                        hint="add up the first 10 entries of data.frequencies (they are sorted, most common first)")


def check_lab1_loglog_slope(answer) -> CheckResult:
    """Exercise 2: least-squares slope of log frequency against log rank, ranks 1..1000 (signed)."""
    data = _lab1_data()
    ranks, freqs = data.ranks[:1000], data.frequencies[:1000]
    expected = fit_power_law(ranks, freqs).exponent
    lr, lf = np.log(ranks), np.log(freqs)
    inverted = np.polyfit(lf, lr, 1)[0]  # log rank regressed on log frequency
    linear = np.polyfit(ranks, freqs, 1)[0]  # no logs at all
    mistakes = [
        (-expected, "check the sign: frequency falls as rank grows, so the slope is negative"),
        (fit_power_law(data.ranks, data.frequencies).exponent,
         "that is the slope over all 10,000 ranks; use only ranks 1 to 1000"),
        (inverted, "you regressed log rank on log frequency; put log rank on the x-axis"),
        (1 / inverted, "you regressed log rank on log frequency and inverted the slope; "
                       "regress log frequency (y) on log rank (x)"),
        (linear, "take logs of both rank and frequency before fitting the straight line"),
    ]
    return check_number(answer, expected, rel_tol=0.0, abs_tol=2e-3, mistakes=mistakes, name="slope",
                        hint="fit log(frequency) against log(rank) for ranks 1..1000 "
                             "(e.g. fit_power_law(ranks, frequencies).exponent); ranks start at 1")


def check_lab1_forecast(answer) -> CheckResult:
    """Exercise 3: frequency of the rank-1000 word forecast by a power law fitted to ranks 1..100."""
    data = _lab1_data()
    fit = fit_power_law(data.ranks[:100], data.frequencies[:100])
    expected = float(fit.predict(1000.0))
    log_c = math.log(fit.coefficient)
    power = 1000.0**fit.exponent
    mistakes = [
        (10**log_c * power, "you fitted natural logs but undid the intercept with 10**; use np.exp "
                            "(or fit with log10 and use 10**)"),
        (math.exp(log_c / math.log(10)) * power, "you fitted log10 but undid the intercept with np.exp; "
                                                 "use 10** (or fit with natural logs)"),
        (math.log(expected), "that is the log of the forecast; return the frequency itself"),
        (math.log10(expected), "that is the log10 of the forecast; return the frequency itself"),
        (float(data.frequencies[999]), "that is the measured frequency at rank 1000, not the forecast; "
                                       "fit ranks 1..100 only, then extrapolate"),
        (float(fit_power_law(data.ranks[:1000], data.frequencies[:1000]).predict(1000.0)),
         "fit only ranks 1..100: the point is to forecast beyond the data you fitted"),
        (fit.coefficient * 1000.0 ** (-fit.exponent), "check the sign of the exponent in the forecast"),
    ]
    return check_number(answer, expected, rel_tol=1e-2, mistakes=mistakes, name="forecast",
                        hint="fit log frequency vs log rank on ranks 1..100, then evaluate "
                             "C * 1000**exponent (or fit.predict(1000))")


def _zipf_pmf_reference(ranks, exponent, n_types):
    ranks = np.asarray(ranks, dtype=float)
    norm = np.sum(np.arange(1, n_types + 1, dtype=float) ** (-exponent))
    return ranks ** (-exponent) / norm


_PMF_INPUTS = (
    (np.arange(1, 11), 1.0, 10),
    (np.array([1, 2, 5, 100]), 1.2, 1000),
    (np.array([3, 7]), 0.5, 20),
    (np.arange(1, 6), 0.0, 5),
)


def check_lab1_zipf_pmf(func) -> CheckResult:
    r"""Exercise 4: a function ``zipf_pmf(ranks, exponent, n_types)`` giving :math:`r^{-s}/H(K, s)`."""
    def unnormalised(ranks, exponent, n_types):
        return np.asarray(ranks, dtype=float) ** (-exponent)

    def wrong_sign(ranks, exponent, n_types):
        return _zipf_pmf_reference(ranks, -exponent, n_types)

    def over_given_ranks(ranks, exponent, n_types):
        w = np.asarray(ranks, dtype=float) ** (-exponent)
        return w / w.sum()

    def off_by_one(ranks, exponent, n_types):
        norm = np.sum(np.arange(1, n_types, dtype=float) ** (-exponent))
        return np.asarray(ranks, dtype=float) ** (-exponent) / norm

    mistakes = [
        (unnormalised, "the probabilities must be normalised: divide by H(K, s) = sum of j**-s for j = 1..n_types"),
        (wrong_sign, "check the sign of the exponent: p(r) is proportional to r**(-s), so it falls with r"),
        (over_given_ranks, "normalise over all ranks 1..n_types, not only over the ranks you were given"),
        (off_by_one, "np.arange(1, n_types) stops at n_types - 1; use np.arange(1, n_types + 1)"),
    ]
    return check_function(func, _zipf_pmf_reference, _PMF_INPUTS, rel_tol=1e-6, mistakes=mistakes,
                          name="zipf_pmf", hint="p(r) = r**(-s) / sum(j**(-s) for j in 1..n_types), for an array of ranks")


def check_lab1_mle_exponent(answer) -> CheckResult:
    """Exercise 5: maximum-likelihood Zipf exponent (positive) of the sampled counts, ranks 1..10,000."""
    counts = _lab1_sample_counts()
    expected = fit_zipf_mle(counts).exponent
    ranks = np.arange(1, counts.size + 1)
    seen = counts > 0
    ols_true_rank = fit_power_law(ranks[seen], counts[seen]).exponent
    observed = np.sort(counts[seen])[::-1]
    ols_sorted = fit_power_law(np.arange(1, observed.size + 1), observed).exponent
    mistakes = [
        (-expected, "the Zipf exponent s is reported positive: p(r) is proportional to r**(-s)"),
        (-ols_true_rank, "that is the least-squares slope; use maximum likelihood (fit_zipf_mle)"),
        (ols_true_rank, "that is the least-squares slope; use maximum likelihood (fit_zipf_mle)"),
        (-ols_sorted, "that is a least-squares slope; use maximum likelihood (fit_zipf_mle)"),
        (ols_sorted, "that is a least-squares slope; use maximum likelihood (fit_zipf_mle)"),
        (fit_zipf_mle(observed).exponent, "don't re-sort the counts: keep wordfreq's rank order "
                                          "(counts[r - 1] belongs to rank r) and all 10,000 ranks"),
        (fit_zipf_mle(_lab1_data().frequencies).exponent,
         "that is the fit to wordfreq's own frequencies; fit the sampled counts"),
    ]
    return check_number(answer, expected, rel_tol=0.0, abs_tol=2e-4, mistakes=mistakes, name="exponent",
                        hint="fit_zipf_mle(counts).exponent gives the maximum-likelihood s for counts per rank")

