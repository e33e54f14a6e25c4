"""Exercise checkers: is a student's answer right, wrong (with a hint), or not there yet?

Every checker takes the student's answer and returns a :class:`CheckResult`.
Evaluating it as the last line of a notebook cell shows one of::

    ✓ Correct — ...
    ✗ Not yet — hint: ...
    ○ Not answered yet — replace the ... with your code.

Only the placeholder ``...`` (for a function exercise, a function that
returns ``...``) is "not answered yet", never an error, so a student notebook
runs from top to bottom before any exercise is done.  ``None`` is an answer,
and a wrong one: it usually means a function forgot ``return``, and the hint
says so.  A checker never raises on anything a student can type: a wrong type,
NaN, a ragged list, or a function that crashes is "wrong", with a hint.

The expected values are not here: each lab's module (``scaling_lab/checks/labNN_<topic>.py``)
computes them from the package's data and fits, never typed in, so they follow the data.

The generic helpers :func:`check_number`, :func:`check_array` and
:func:`check_function` take ``mistakes``: pairs ``(wrong_value, hint)``. If
the answer matches a known wrong value (a typical slip, such as the wrong
sign), the student gets that hint instead of the generic one.
"""

from __future__ import annotations

import copy
import warnings
from dataclasses import dataclass

import numpy as np


__all__ = [
    "CheckResult",
    "NONE_HINT",
    "is_unanswered",
    "check_number",
    "check_array",
    "check_function",
    "check_choice",
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
        import html  # here, not at the top: html.entities is slow to import

        lines = html.escape(str(self)).replace("\n", "<br>")
        colour = _COLOURS[self.status]
        return (
            f'<div class="scaling-lab-check scaling-lab-check-{self.status}" role="status" '
            f'style="border-left: 4px solid {colour}; padding: 0.3em 0.8em; margin: 0.3em 0;">'
            f"{lines}</div>"
        )


#: The hint for an answer of None (a function without ``return``, or an unassigned result).
NONE_HINT = "got None: did you forget `return` (or to assign the result to the variable)?"


def is_unanswered(answer) -> bool:
    """True only for the placeholder ``...`` (Ellipsis)."""
    return answer is Ellipsis


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
    if answer is None:
        return NONE_HINT
    if isinstance(answer, (str, bytes, dict, set, bool, np.bool_)) or callable(answer):
        return f"expected numbers; got a {type(answer).__name__}"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. ragged sequences
            if np.iscomplexobj(answer):  # a cast to float would drop the imaginary part without a word
                return f"expected real numbers; got complex values ({_describe_type(answer)})"
            arr = np.asarray(answer, dtype=float)
    except Exception:  # a student's object may raise anything from __array__, __float__ or __len__
        return f"expected numbers; got {_describe_type(answer)}"
    if np.isnan(arr).any():
        return "the answer contains NaN: look for log(0), 0/0 or an empty slice"
    if np.isinf(arr).any():
        return "the answer contains inf: look for log(0) (ranks start at 1, not 0) or a division by zero"
    return arr


def _describe_type(answer) -> str:
    try:
        shown = repr(answer)
    except Exception:  # a repr that raises
        return f"a {type(answer).__name__}"
    return f"{type(answer).__name__} {shown[:60]}"


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
        The student's answer. ``...`` means not answered yet; ``None`` is wrong.
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


def _same_choice(answer, option) -> bool:
    if isinstance(option, (bool, np.bool_)):
        return isinstance(answer, (bool, np.bool_)) and bool(answer) == bool(option)
    if isinstance(option, str):
        return isinstance(answer, str) and answer.strip().lower() == option.strip().lower()
    return False


def _describe_choice(answer) -> str:
    """What a non-option answer is, in words that do not depend on its exact type (a list or an array of numbers)."""
    if isinstance(answer, str):
        return repr(answer[:40])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            size = np.asarray(answer, dtype=float).size
    except Exception:  # a student's object may raise anything
        return f"a {type(answer).__name__}"
    return "a number" if size == 1 else "numbers"


def check_choice(answer, expected, options, *, mistakes=(), hint="", name="answer"):
    """Is ``answer`` the right one of a few ``options`` (booleans, or strings compared without case)?

    A decision, not a measurement: there is no tolerance. An answer that is none of the options is
    wrong with a hint that lists them; a wrong option gets its own hint from ``mistakes`` (pairs of
    option and hint) when there is one.

    Parameters
    ----------
    answer : object
        The student's answer. ``...`` means not answered yet; ``None`` is wrong.
    expected : bool or str
        The right option.
    options : sequence of bool or str
        Every acceptable answer, ``expected`` among them.
    mistakes : sequence of (option, str)
        Wrong options and the hint for each.
    hint, name : str
        Hint for any other wrong answer; what the answer is called in messages.

    Returns
    -------
    CheckResult
    """
    if is_unanswered(answer):
        return CheckResult("unanswered")
    if answer is None:
        return _wrong(NONE_HINT)
    chosen = next((option for option in options if _same_choice(answer, option)), None)
    if chosen is None:
        shown = " or ".join(repr(option) for option in options)
        return _wrong(f"{name} should be {shown}; got {_describe_choice(answer)}")
    if _same_choice(chosen, expected):
        return _correct(f"{name} = {chosen!r}")
    found = next((h for option, h in mistakes if _same_choice(chosen, option)), None)
    return _wrong(found or hint or f"{name} is not the right choice", f"{name} = {chosen!r}")


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
        The student's function. ``...``, or a function that returns ``...``
        (the placeholder body ``return ...``), means not answered yet; a
        function that returns ``None`` forgot ``return``.
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
    if func is None:
        return _wrong(NONE_HINT)
    if not callable(func):
        return _wrong(f"{name} should be a function (def ...); got a {type(func).__name__}")
    # The reference runs case by case, after the student's function has answered that case: a function that
    # raises, returns nothing or has the wrong shape is told so without the reference's work on every case
    # (some references fit a law).
    expected, outputs = [], []
    for args in test_inputs:
        shown = _describe_args(args)
        try:  # copies, so a function that edits its arguments in place cannot spoil later cases
            out = func(*copy.deepcopy(args))
        except Exception as exc:  # a student's code may raise anything
            return _wrong(f"calling it with {shown} raised {type(exc).__name__}: {exc}")
        if is_unanswered(out):
            return CheckResult("unanswered")
        if out is None:
            return _wrong(f"{name} returned None: did you forget `return`?")
        arr = _to_array(out)
        if isinstance(arr, str):
            return _wrong(f"with {shown}: {arr}")
        expected.append(np.asarray(reference(*args), dtype=float))
        if arr.shape != expected[-1].shape:
            return _wrong(f"with {shown} it should return shape {expected[-1].shape}; got {arr.shape}")
        outputs.append(arr)
    agrees = [_close(arr, exp, rel_tol, abs_tol) for arr, exp in zip(outputs, expected)]
    if all(agrees):
        return _correct(f"{name} agrees with the reference on {len(outputs)} test cases")
    for wrong_func, wrong_hint in mistakes:
        if all(_close(arr, np.asarray(wrong_func(*copy.deepcopy(args)), dtype=float), rel_tol, abs_tol)
               for args, arr in zip(test_inputs, outputs)):
            return _wrong(wrong_hint)
    bad = test_inputs[agrees.index(False)]
    return _wrong(hint or f"{name} gives the wrong values", f"first disagreement with {_describe_args(bad)}")


def _describe_args(args) -> str:
    shown = (np.array2string(a, threshold=6) if isinstance(a, np.ndarray) else repr(a) for a in args)
    return "(" + ", ".join(shown) + ")"
