"""Exercises declared as data: what a lab's checkers are made of.

A lab's checker module (``scaling_lab/checks/<lab file stem>.py``) exports
``EXERCISES``, a mapping from each exercise's ``:label:`` in the lab to one
small frozen spec:

* :class:`NumberExercise` and :class:`ArrayExercise`: the expected value (a
  function of no arguments that *computes* it from the package's data and fits,
  never a typed-in number), the tolerance, the hint, and the typical mistakes;
* :class:`FunctionExercise`: a reference implementation, the inputs to try,
  the tolerance, the hint, and wrong implementations as mistakes;
* :class:`ChoiceExercise`: a decision among a few options (``True``/``False``, or
  words), the right one computed from the data, and a hint for each wrong one.

Each mistake is a :class:`Mistake`: a wrong value (or wrong function) and the
hint a student who made it should read.  The generic checkers of
:mod:`scaling_lab.checks.core` do the judging, and one parametrised test
(``tests/checks/test_registry.py``) proves every spec of every lab: its labels match
the lab's, the placeholder is unanswered, junk is wrong, the answer is right,
each mistake gets its own hint, and mistakes sit outside the tolerance of the
answer and of each other.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from scaling_lab._cache import disk_cached
from scaling_lab.checks.core import (
    CheckResult, check_array, check_choice, check_function, check_number, is_unanswered,
)

__all__ = ["Mistake", "NumberExercise", "ArrayExercise", "FunctionExercise", "ChoiceExercise", "LazyInputs"]


def _no_mistakes() -> tuple:
    return ()


@dataclass(frozen=True)
class Mistake:
    """A typical wrong answer and its own hint.

    ``value`` is a number or array for :class:`NumberExercise` and
    :class:`ArrayExercise`, and a function with the exercise's signature for
    :class:`FunctionExercise`.
    """

    value: object
    hint: str


@dataclass(frozen=True, kw_only=True)
class _Exercise:
    hint: str
    mistakes: Callable[[], Sequence[Mistake]] = _no_mistakes
    rel_tol: float = 1e-3
    abs_tol: float = 0.0
    name: str = "answer"

    def mistake_list(self) -> tuple[Mistake, ...]:
        """The typical mistakes, computed from the lab's data on first use and kept.

        A mistake may be a whole wrong fit (Lab 5's Approach 3 without the Huber loss, Lab 8's forecast from a
        law without its floor), and every check of the exercise compares the answer with each one: computed on
        every check, they made each check cost up to half a second.  They depend only on the lab's fixed data and
        seeds, so once is enough (the expected answer, by contrast, is computed each time it is asked).
        """
        cached = self.__dict__.get("_mistake_cache")
        if cached is None:
            cached = _shared(self, "mistakes", lambda: tuple(self.mistakes()))
            object.__setattr__(self, "_mistake_cache", cached)
        return cached

    def check(self, answer) -> CheckResult:  # pragma: no cover - overridden
        raise NotImplementedError


@dataclass(frozen=True, kw_only=True)
class NumberExercise(_Exercise):
    """An exercise whose answer is one number."""

    expected: Callable[[], float]

    def answer(self) -> float:
        """The right value, computed."""
        return float(_shared(self, "answer", self.expected))

    def check(self, answer) -> CheckResult:
        mistakes = [(m.value, m.hint) for m in self.mistake_list()]
        return check_number(answer, self.answer(), rel_tol=self.rel_tol, abs_tol=self.abs_tol,
                            mistakes=mistakes, hint=self.hint, name=self.name)


@dataclass(frozen=True, kw_only=True)
class ArrayExercise(_Exercise):
    """An exercise whose answer is an array of a known shape."""

    expected: Callable[[], np.ndarray]

    def answer(self) -> np.ndarray:
        """The right values, computed."""
        return np.asarray(_shared(self, "answer", self.expected), dtype=float)

    def check(self, answer) -> CheckResult:
        mistakes = [(m.value, m.hint) for m in self.mistake_list()]
        return check_array(answer, self.answer(), rel_tol=self.rel_tol, abs_tol=self.abs_tol,
                           mistakes=mistakes, hint=self.hint, name=self.name)


@dataclass(frozen=True, kw_only=True)
class FunctionExercise(_Exercise):
    """An exercise whose answer is a function, compared with ``reference`` on ``test_inputs``."""

    reference: Callable
    test_inputs: tuple = ()
    rel_tol: float = 1e-6

    def answer(self) -> Callable:
        """The reference implementation."""
        return self.reference

    def check(self, answer) -> CheckResult:
        mistakes = [(m.value, m.hint) for m in self.mistake_list()]
        return check_function(answer, self.reference, self.test_inputs, rel_tol=self.rel_tol,
                              abs_tol=self.abs_tol, mistakes=mistakes, hint=self.hint, name=self.name)


@dataclass(frozen=True, kw_only=True)
class ChoiceExercise(_Exercise):
    """An exercise whose answer is a decision: one of ``options``, the right one computed by ``expected``.

    Each :class:`Mistake` is a wrong option and the hint for it; tolerances do not apply.
    """

    expected: Callable[[], object]
    options: tuple = (True, False)

    def answer(self):
        """The right option, computed."""
        return _shared(self, "answer", self.expected)

    def check(self, answer) -> CheckResult:
        mistakes = [(m.value, m.hint) for m in self.mistake_list()]
        return check_choice(answer, self.answer(), self.options, mistakes=mistakes, hint=self.hint, name=self.name)


def _shared(spec: _Exercise, what: str, compute: Callable):
    """``compute()``, the expected answer or the typical mistakes of a lab's exercise, shared between processes.

    An expected answer is a function of the package's data, seeds and code only, and a test run computes the
    same answers in many processes: the lab's own notebook, the checker tests, the site tests.  For an exercise
    of the registry (which gives each its label), the value goes through the experiments' disk cache
    (:func:`scaling_lab._cache.disk_cached`, keyed by the label and the package's source): computed once where
    ``SCALING_LAB_CACHE`` is set, and simply computed elsewhere.  A value that cannot be pickled (a mistake
    that is a function) is computed in each process.  Every call gets its own copy.
    """
    label = spec.__dict__.get("_registry_label")
    if label is None or isinstance(spec, FunctionExercise):
        return compute()
    stored = _stored_pickle(label, what)
    return compute() if stored is None else pickle.loads(stored)


#: The exercises of the registry, by label (:func:`label_exercise`).
_LABELLED: dict[str, _Exercise] = {}


def label_exercise(label: str, exercise: _Exercise) -> None:
    """Give a lab's exercise its label: its answer and mistakes are then shared between processes (:func:`_shared`)."""
    if not isinstance(label, str) or not label:
        raise ValueError(f"label must be a non-empty str; got {label!r}")
    if not isinstance(exercise, _Exercise):
        raise ValueError(f"exercise must be an exercise declaration; got {type(exercise).__name__}")
    if _LABELLED.get(label, exercise) is not exercise:
        raise ValueError(f"label {label!r} is given to two exercises")
    _LABELLED[label] = exercise
    object.__setattr__(exercise, "_registry_label", label)


@disk_cached
def _stored_pickle(label: str, what: str) -> bytes | None:
    spec = _LABELLED[label]
    value = spec.expected() if what == "answer" else tuple(spec.mistakes())
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, AttributeError, TypeError):
        return None


def two_numbers(answer, name: str):
    """The two finite numbers of a decision answered as ``[a, b]``, or the verdict to return at once.

    Labs 2, 6 and 8 ask for a pair (an interval, a size and a loss, a size and a token count): a placeholder is
    "not answered yet", and anything but two finite numbers gets :func:`check_array`'s hint.
    """
    if is_unanswered(answer):
        return CheckResult("unanswered")
    form = check_array(answer, np.ones(2), abs_tol=np.inf, name=name)
    if not form.correct:
        return form
    first, second = np.asarray(answer, dtype=float).ravel()
    return float(first), float(second)


def memo_by_value(function):
    """``function`` of arrays, remembered by the bytes and shapes of its arguments.

    A checker calls its reference and its typical mistakes on the same inputs at every check; a fit among them
    (Lab 5's Approach 3, Lab 8's over-training law) is then computed once per input.
    """
    seen = {}

    def remembered(*args):
        key = tuple(np.asarray(a, dtype=float).tobytes() + bytes(str(np.shape(a)), "ascii") for a in args)
        if key not in seen:
            seen[key] = np.asarray(function(*args), dtype=float)
        return seen[key]

    return remembered


class LazyInputs(tuple):
    """Test inputs of a :class:`FunctionExercise` computed by ``factory`` on first use, not when the lab's
    checker module is imported (inputs built from shipped data sets are slow to load)."""

    def __new__(cls, factory):
        instance = super().__new__(cls)
        instance._factory = factory
        return instance

    def __iter__(self):
        return iter(self._factory())

    def __len__(self):
        return len(self._factory())

    def __getitem__(self, index):
        return self._factory()[index]
