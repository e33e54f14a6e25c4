"""Tests of scaling_lab.checks.core: the verdicts and the generic checkers.

Every lab's exercises are tested by one generic harness, ``tests/checks/test_registry.py``.
"""

import math

import numpy as np
import pytest

from scaling_lab.checks import (
    NONE_HINT,
    CheckResult,
    check_array,
    check_function,
    check_number,
    is_unanswered,
)


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
    assert is_unanswered(...)
    assert not is_unanswered(None) and not is_unanswered(0) and not is_unanswered(np.nan)
    assert not is_unanswered("...")


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


def test_number_unanswered():
    assert check_number(..., 1.0).status == "unanswered"


def test_none_is_wrong_and_asks_about_return():
    # Regression: None used to count as "not answered yet", so a function that forgot `return`
    # was never told so.
    for result in (check_number(None, 1.0), check_array(None, [1.0]), check_function(None, abs, [(1.0,)])):
        assert result.status == "wrong" and result.hint == NONE_HINT and "return" in result.hint


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
        ([[1.0], [1.0, 2.0]], "expected numbers"),  # ragged
        (True, "got a bool"),
        # complex values, even near the answer: a cast to float would have dropped the imaginary part
        (np.array(1.0 + 5j), "complex"), (np.complex128(1.0), "complex"), (1.0 + 0j, "complex"),
        ([1.0 + 2j], "complex"),
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
    def placeholder(x):
        return ...  # the lab's placeholder body

    assert check_function(..., _square, [(1.0,)]).status == "unanswered"
    assert check_function(placeholder, _square, [(1.0,)]).status == "unanswered"


def test_function_that_forgot_return_is_wrong():
    # Regression: a body that computes but never returns gave "not answered yet".
    def forgot(x):
        np.asarray(x, dtype=float) ** 2

    def unfinished(x):
        ...

    for func in (forgot, unfinished):
        result = check_function(func, _square, [(1.0,)])
        assert result.status == "wrong" and "forget `return`" in result.hint


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


def test_reference_runs_only_for_the_cases_the_function_answered():
    calls = []

    def reference(x):
        calls.append(x)
        return _square(x)

    def fails_on_the_second(x):
        if x == 2.0:
            raise ValueError("no")
        return _square(x)

    inputs = [(1.0,), (2.0,), (3.0,)]
    assert check_function(lambda x: 1 / 0, reference, inputs).status == "wrong"
    assert calls == []  # raised on the first case: the reference never ran
    assert "ValueError" in check_function(fails_on_the_second, reference, inputs).hint
    assert calls == [1.0]
    assert "shape" in check_function(lambda x: [x, x], reference, inputs).hint
    assert calls == [1.0, 1.0]
    assert check_function(_square, reference, inputs).correct
    assert calls == [1.0, 1.0, 1.0, 2.0, 3.0]


def test_check_choice_judges_decisions():
    from scaling_lab.checks.core import check_choice

    assert check_choice(..., True, (True, False)).status == "unanswered"
    assert check_choice(True, True, (True, False)).correct
    assert check_choice(np.bool_(True), True, (True, False)).correct
    wrong = check_choice(False, True, (True, False), mistakes=[(False, "look again at p")])
    assert wrong.status == "wrong" and wrong.hint == "look again at p"
    assert "True or False" in check_choice(1, True, (True, False)).hint       # 1 is not a decision
    from scaling_lab.checks.core import NONE_HINT

    assert check_choice(None, True, (True, False)).hint == NONE_HINT
    assert check_choice("  Chinchilla ", "chinchilla", ("kaplan", "chinchilla")).correct
    assert check_choice("neither", "chinchilla", ("kaplan", "chinchilla"), hint="pick one").status == "wrong"


def test_array_refuses_complex_values():
    result = check_array(np.array([1.0, 2.0 + 1e-3j]), [1.0, 2.0])
    assert result.status == "wrong" and "complex" in result.hint
