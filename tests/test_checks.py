"""Tests of scaling_lab.checks: the verdicts, the generic helpers, and every Lab 1 checker.

Each Lab 1 checker must accept the answer computed the way the lab's solution computes it, reject the
typical mistakes with the matching hint, and say "not answered yet" for the placeholders ... and None.
"""

import math

import numpy as np
import pytest

from scaling_lab import checks
from scaling_lab.checks import (
    CheckResult,
    check_array,
    check_function,
    check_lab1_forecast,
    check_lab1_loglog_slope,
    check_lab1_mle_exponent,
    check_lab1_top_share,
    check_lab1_zipf_pmf,
    check_number,
    is_unanswered,
    lab1_sample_counts,
)
from scaling_lab.data import english_word_frequencies
from scaling_lab.fitting import fit_power_law, fit_zipf_mle
from scaling_lab.laws import zipf_pmf


@pytest.fixture(scope="module")
def data():
    return english_word_frequencies(10_000)


# --------------------------------------------------------------------------- CheckResult
def test_result_texts():
    assert str(CheckResult("correct", "x = 1")) == "✓ Correct — x = 1"
    assert str(CheckResult("wrong", hint="look at the sign")).startswith("✗ Not yet — hint: look at the sign")
    assert str(CheckResult("unanswered")).startswith("○ Not answered yet")
    assert repr(CheckResult("correct")) == str(CheckResult("correct"))


def test_result_flags():
    assert CheckResult("correct").correct and CheckResult("correct").answered
    assert not CheckResult("wrong").correct and CheckResult("wrong").answered
    assert not CheckResult("unanswered").correct and not CheckResult("unanswered").answered


def test_result_html_is_escaped():
    html = CheckResult("wrong", message="a < b", hint="use <b>")._repr_html_()
    assert "&lt;b&gt;" in html and "a &lt; b" in html and "<b>" not in html
    assert 'role="status"' in html


def test_result_rejects_unknown_status():
    with pytest.raises(ValueError, match="status"):
        CheckResult("maybe")


def test_result_is_frozen():
    with pytest.raises(AttributeError):
        CheckResult("correct").status = "wrong"


def test_is_unanswered():
    assert is_unanswered(...) and is_unanswered(None)
    assert not is_unanswered(0) and not is_unanswered(np.nan) and not is_unanswered("...")


# --------------------------------------------------------------------------- check_number
def test_number_tolerances():
    assert check_number(1.0005, 1.0, rel_tol=1e-3).correct
    assert not check_number(1.002, 1.0, rel_tol=1e-3).correct
    assert check_number(0.01, 0.0, rel_tol=0.0, abs_tol=0.02).correct  # expected 0 needs abs_tol
    assert not check_number(0.01, 0.0).correct


def test_number_accepts_numpy_scalars_and_0d_arrays():
    assert check_number(np.float32(2.0), 2.0).correct
    assert check_number(np.array(2.0), 2.0).correct
    assert check_number(np.array([2.0]), 2.0).correct  # one-element array
    assert check_number(2, 2.0).correct


@pytest.mark.parametrize("answer", [..., None])
def test_number_unanswered(answer):
    assert check_number(answer, 1.0).status == "unanswered"


@pytest.mark.parametrize(
    "answer, fragment",
    [
        ("0.5", "got a str"),
        ([1.0, 2.0], "single number"),
        (float("nan"), "NaN"),
        (-math.inf, "inf"),
        ({"a": 1}, "got a dict"),
        (print, "got a builtin_function_or_method"),
        (object(), "expected numbers"),
        (True, "got a bool"),
    ],
)
def test_number_bad_types_are_wrong_not_errors(answer, fragment):
    result = check_number(answer, 1.0)
    assert result.status == "wrong" and fragment in result.hint


def test_number_mistake_hints_and_order():
    mistakes = [(-1.0, "sign"), (100.0, "percent")]
    assert check_number(-1.0, 1.0, mistakes=mistakes).hint == "sign"
    assert check_number(100.0, 1.0, mistakes=mistakes).hint == "percent"
    assert check_number(7.0, 1.0, mistakes=mistakes, hint="generic").hint == "generic"
    # the right answer wins even if a mistake value coincides with it
    assert check_number(1.0, 1.0, mistakes=[(1.0, "never shown")]).correct


# --------------------------------------------------------------------------- check_array
def test_array_close_and_shape():
    assert check_array([1.0, 2.0], np.array([1.0, 2.0])).correct
    result = check_array([1.0, 2.0, 3.0], np.array([1.0, 2.0]))
    assert result.status == "wrong" and "shape (2,)" in result.hint
    assert check_array([1.0, 2.1], [1.0, 2.0]).message == "1 of 2 entries are off"
    assert check_array([-1.0, -2.0], [1.0, 2.0], mistakes=[([-1.0, -2.0], "sign")]).hint == "sign"
    assert check_array(..., [1.0]).status == "unanswered"
    assert check_array([1.0, np.nan], [1.0, 2.0]).status == "wrong"


# --------------------------------------------------------------------------- check_function
def _square(x):
    return np.asarray(x, dtype=float) ** 2


def test_function_right_wrong_and_mistake():
    inputs = [(np.arange(3),), (np.array([2.5]),)]
    assert check_function(_square, _square, inputs).correct
    wrong = check_function(lambda x: np.asarray(x, float) ** 3, _square, inputs,
                           mistakes=[(lambda x: np.asarray(x, float) ** 3, "cube, not square")])
    assert wrong.hint == "cube, not square"
    assert check_function(lambda x: x + 1.0, _square, inputs, hint="square it").hint == "square it"


def test_function_unanswered_forms():
    def unfinished(x):
        ...

    assert check_function(..., _square, [(1.0,)]).status == "unanswered"
    assert check_function(None, _square, [(1.0,)]).status == "unanswered"
    assert check_function(unfinished, _square, [(1.0,)]).status == "unanswered"


def test_function_cannot_spoil_inputs_in_place():
    def scribbler(x):
        x *= 0  # edits its argument in place, then returns garbage
        return x

    inputs = [(np.arange(1.0, 4.0),)]
    result = check_function(scribbler, _square, inputs)
    assert result.status == "wrong"
    np.testing.assert_array_equal(inputs[0][0], [1.0, 2.0, 3.0])


def test_function_errors_and_types_are_wrong():
    def broken(x):
        raise KeyError("oops")

    result = check_function(broken, _square, [(1.0,)])
    assert result.status == "wrong" and "KeyError" in result.hint
    assert "should be a function" in check_function(3.0, _square, [(1.0,)]).hint
    assert "shape" in check_function(lambda x: [1.0, 2.0], _square, [(np.array([1.0]),)]).hint
    assert "got a str" in check_function(lambda x: "one", _square, [(1.0,)]).hint


# --------------------------------------------------------------------------- Lab 1 checkers
LAB1_CHECKERS = [check_lab1_top_share, check_lab1_loglog_slope, check_lab1_forecast,
                 check_lab1_zipf_pmf, check_lab1_mle_exponent]


@pytest.mark.parametrize("checker", LAB1_CHECKERS)
@pytest.mark.parametrize("placeholder", [..., None])
def test_lab1_unanswered(checker, placeholder):
    result = checker(placeholder)
    assert result.status == "unanswered" and str(result).startswith("○")


@pytest.mark.parametrize("checker", LAB1_CHECKERS)
@pytest.mark.parametrize("junk", ["0.2", [1, 2, 3], {"a": 1}])
def test_lab1_junk_is_wrong_not_an_error(checker, junk):
    assert checker(junk).status == "wrong"


def test_top_share(data):
    solution = data.frequencies[:10].sum()  # as in the lab's solution
    assert check_lab1_top_share(solution).correct
    assert check_lab1_top_share(float(solution)).correct
    assert "percentage" in check_lab1_top_share(100 * solution).hint
    assert "already shares" in check_lab1_top_share(solution / data.frequencies.sum()).hint
    assert "9 words" in check_lab1_top_share(data.frequencies[:9].sum()).hint
    assert "alone" in check_lab1_top_share(data.frequencies[0]).hint
    assert not check_lab1_top_share(0.5).correct


def test_loglog_slope(data):
    solution = fit_power_law(data.ranks[:1000], data.frequencies[:1000]).exponent
    assert check_lab1_loglog_slope(solution).correct
    # the base of the logarithm does not change the slope
    base10 = np.polyfit(np.log10(data.ranks[:1000]), np.log10(data.frequencies[:1000]), 1)[0]
    assert check_lab1_loglog_slope(base10).correct
    assert "sign" in check_lab1_loglog_slope(-solution).hint
    full = fit_power_law(data.ranks, data.frequencies).exponent
    assert "1 to 1000" in check_lab1_loglog_slope(full).hint
    linear = np.polyfit(data.ranks[:1000], data.frequencies[:1000], 1)[0]
    assert "take logs" in check_lab1_loglog_slope(linear).hint
    inverted = np.polyfit(np.log(data.frequencies[:1000]), np.log(data.ranks[:1000]), 1)[0]
    assert "log rank on log frequency" in check_lab1_loglog_slope(inverted).hint
    with np.errstate(divide="ignore"):
        zero_based = np.log(np.arange(1000))  # ranks from 0: log(0) = -inf
    assert "inf" in check_lab1_loglog_slope(zero_based[0]).hint


def test_forecast(data):
    head = fit_power_law(data.ranks[:100], data.frequencies[:100])
    solution = head.predict(1000)  # a 0-d array, as in the lab
    assert check_lab1_forecast(solution).correct
    slope, intercept = np.polyfit(np.log(data.ranks[:100]), np.log(data.frequencies[:100]), 1)
    assert check_lab1_forecast(np.exp(intercept) * 1000**slope).correct
    assert "np.exp" in check_lab1_forecast(10**intercept * 1000**slope).hint
    s10, i10 = np.polyfit(np.log10(data.ranks[:100]), np.log10(data.frequencies[:100]), 1)
    assert check_lab1_forecast(10**i10 * 1000**s10).correct
    assert "10**" in check_lab1_forecast(np.exp(i10) * 1000**s10).hint
    assert "log of the forecast" in check_lab1_forecast(np.log(solution)).hint
    assert "measured frequency" in check_lab1_forecast(data.frequencies[999]).hint
    assert "sign of the exponent" in check_lab1_forecast(head.coefficient * 1000 ** (-head.exponent)).hint


def test_forecast_is_far_from_measurement(data):
    # The lab's "reveal" relies on the forecast missing the data by more than the checker's 1% tolerance.
    head = fit_power_law(data.ranks[:100], data.frequencies[:100])
    assert float(head.predict(1000)) / data.frequencies[999] > 1.2


def _pmf_solution(ranks, exponent, n_types):
    ranks = np.asarray(ranks, dtype=float)
    normaliser = np.sum(np.arange(1, n_types + 1, dtype=float) ** (-exponent))
    return ranks ** (-exponent) / normaliser


def test_zipf_pmf():
    assert check_lab1_zipf_pmf(_pmf_solution).correct
    assert "normalised" in check_lab1_zipf_pmf(lambda r, s, k: np.asarray(r, float) ** (-s)).hint
    assert "sign" in check_lab1_zipf_pmf(lambda r, s, k: _pmf_solution(r, -s, k)).hint

    def over_given(r, s, k):
        w = np.asarray(r, float) ** (-s)
        return w / w.sum()

    assert "all ranks" in check_lab1_zipf_pmf(over_given).hint

    def off_by_one(r, s, k):
        return np.asarray(r, float) ** (-s) / np.sum(np.arange(1, k, dtype=float) ** (-s))

    assert "n_types + 1" in check_lab1_zipf_pmf(off_by_one).hint

    def integer_power(r, s, k):  # NumPy refuses negative integer powers of integers
        return np.asarray(r) ** -int(s) / np.sum(np.arange(1, k + 1) ** -int(s))

    assert check_lab1_zipf_pmf(integer_power).status == "wrong"


def test_pmf_sums_to_one():
    # A closed form the reference must satisfy: probabilities over all K ranks sum to 1.
    assert _pmf_solution(np.arange(1, 51), 1.3, 50).sum() == pytest.approx(1.0, rel=1e-12)
    # ... and the checker's reference (the package's law) agrees with the lab's solution.
    assert np.allclose(zipf_pmf(np.arange(1, 51), 1.3, 50), _pmf_solution(np.arange(1, 51), 1.3, 50), rtol=1e-12)


def test_mle_exponent():
    counts = lab1_sample_counts()
    solution = fit_zipf_mle(counts).exponent
    assert check_lab1_mle_exponent(solution).correct
    assert "positive" in check_lab1_mle_exponent(-solution).hint
    ranks = np.arange(1, counts.size + 1)
    seen = counts > 0
    ols = fit_power_law(ranks[seen], counts[seen]).exponent
    assert "least-squares" in check_lab1_mle_exponent(-ols).hint
    observed = np.sort(counts[seen])[::-1]
    assert "re-sort" in check_lab1_mle_exponent(fit_zipf_mle(observed).exponent).hint
    population = fit_zipf_mle(english_word_frequencies(10_000).frequencies).exponent
    assert "sampled counts" in check_lab1_mle_exponent(population).hint


def test_sample_counts_are_fixed_and_copied():
    a = lab1_sample_counts()
    a[0] = -1  # a student scribbling on their copy must not change the checker's data
    b = lab1_sample_counts()
    assert b[0] > 0 and b.sum() == checks.LAB1_SAMPLE_TOKENS and b.size == checks.LAB1_N_WORDS
