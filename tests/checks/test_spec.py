"""Tests of scaling_lab.checks.spec: exercises declared as data.

Toy declarations pin down what each kind of exercise does with its declaration: the expected value is
computed when asked (never kept in the declaration), the tolerance and the mistakes are the declared ones, the default
tolerances are 1e-3 relative for numbers and arrays and 1e-6 for functions, and a declaration is frozen.
Every real lab's declarations are proven by the harness in test_registry.py.  A lab's exercise (one of the
registry) shares its expected answer and mistakes between processes through the experiments' disk cache.
"""

import dataclasses
import pickle

import numpy as np
import pytest

from scaling_lab.checks import registry, spec
from scaling_lab.checks.spec import ArrayExercise, FunctionExercise, Mistake, NumberExercise


def test_the_expected_value_is_computed_each_time_it_is_asked():
    calls = []

    def expected():
        calls.append(1)
        return 2

    exercise = NumberExercise(expected=expected, hint="h")
    assert exercise.answer() == 2.0 and isinstance(exercise.answer(), float)
    assert len(calls) == 2


def test_the_mistakes_are_computed_once_and_kept():
    calls = []

    def mistakes():
        calls.append(1)
        return (Mistake(3.0, "subtracted instead of added"),)

    exercise = NumberExercise(expected=lambda: 5.0, hint="add them up", mistakes=mistakes)
    assert exercise.check(3.0).hint == "subtracted instead of added"
    assert exercise.check(4.0).status == "wrong" and exercise.check(5.0).status == "correct"
    assert exercise.mistake_list() == (Mistake(3.0, "subtracted instead of added"),)
    assert len(calls) == 1
    assert exercise == NumberExercise(expected=exercise.expected, hint="add them up", mistakes=mistakes)


def test_number_exercise_uses_its_tolerance_and_its_mistakes():
    exercise = NumberExercise(expected=lambda: 10.0, hint="add them up", rel_tol=0.0, abs_tol=0.5,
                              mistakes=lambda: (Mistake(100.0, "not a percentage"),), name="total")
    assert exercise.check(10.4).correct and not exercise.check(10.6).correct
    wrong = exercise.check(100.0)
    assert wrong.status == "wrong" and wrong.hint == "not a percentage"
    assert exercise.check(3.0).hint == "add them up"
    assert exercise.check(...).status == "unanswered"


def test_default_tolerances():
    number = NumberExercise(expected=lambda: 1.0, hint="h")
    array = ArrayExercise(expected=lambda: [1.0, 2.0], hint="h")
    function = FunctionExercise(reference=abs, hint="h")
    assert (number.rel_tol, number.abs_tol, array.rel_tol, function.rel_tol) == (1e-3, 0.0, 1e-3, 1e-6)
    assert number.check(1.0009).correct and not number.check(1.0011).correct
    assert number.mistake_list() == ()  # no mistakes declared


def test_array_exercise_checks_shape_and_values():
    exercise = ArrayExercise(expected=lambda: [1, 2, 3], hint="h", mistakes=lambda: [Mistake([3, 2, 1], "reversed")])
    np.testing.assert_array_equal(exercise.answer(), [1.0, 2.0, 3.0])
    assert exercise.answer().dtype == float
    assert exercise.check(np.array([1.0, 2.0, 3.001])).correct
    assert exercise.check([3, 2, 1]).hint == "reversed"
    assert exercise.check([1.0, 2.0]).status == "wrong"


def test_function_exercise_compares_on_its_inputs():
    exercise = FunctionExercise(reference=lambda x: x**2, test_inputs=((2.0,), (np.array([1.0, 3.0]),)), hint="h",
                                mistakes=lambda: (Mistake(lambda x: 2 * x, "that doubles; square instead"),))
    assert exercise.answer()(3.0) == 9.0
    assert exercise.check(lambda x: x * x).correct
    assert exercise.check(lambda x: 2 * x).hint == "that doubles; square instead"
    # Agreement on the listed inputs is all that is checked: a function right only there passes.
    wrong_at_five = lambda x: np.asarray(x, dtype=float) ** 2 + (np.asarray(x) == 5.0)  # noqa: E731
    assert wrong_at_five(5.0) == 26.0 and exercise.check(wrong_at_five).correct


def test_declarations_are_frozen_and_keyword_only():
    exercise = NumberExercise(expected=lambda: 1.0, hint="h")
    with pytest.raises(dataclasses.FrozenInstanceError):
        exercise.rel_tol = 0.5
    with pytest.raises(TypeError):
        NumberExercise(lambda: 1.0, "h")  # positional declaration: every field is named
    assert Mistake(1.0, "x") == Mistake(1.0, "x")


def test_two_numbers_reads_a_pair_or_gives_the_verdict_at_once():
    from scaling_lab.checks.spec import two_numbers

    assert two_numbers([2, 3.5], "plan") == (2.0, 3.5)
    assert two_numbers(np.array([1e9, 2e11]), "plan") == (1e9, 2e11)
    assert two_numbers(..., "plan").status == "unanswered"
    for bad in ([1.0], [1.0, float("nan")], "two", [1, 2, 3], np.array([[1e9], [2e11]])):
        verdict = two_numbers(bad, "plan")
        assert verdict.status == "wrong" and verdict.hint, bad


def _first(kind):
    return next(label for label, ex in registry.EXERCISES.items() if type(ex) is kind)


def test_a_lab_exercise_shares_its_answer_and_mistakes_through_the_disk_cache(tmp_path, monkeypatch):
    """With SCALING_LAB_CACHE set, the first process computes and stores; the next reads what was stored."""
    monkeypatch.setenv("SCALING_LAB_CACHE", str(tmp_path))
    label = _first(ArrayExercise)
    exercise = registry.EXERCISES[label]
    fresh = np.asarray(exercise.expected(), dtype=float)
    np.testing.assert_array_equal(exercise.answer(), fresh)
    stored = sorted(path.name for path in tmp_path.iterdir())
    assert len(stored) == 1 and stored[0].startswith("_stored_pickle-"), stored
    # Every call gets its own copy: changing one answer does not change the next.
    first = exercise.answer()
    first += 1.0
    np.testing.assert_array_equal(exercise.answer(), fresh)
    # What another process stored is what this one answers (a planted value shows it is read, not recomputed).
    (tmp_path / stored[0]).write_bytes(pickle.dumps(pickle.dumps(fresh + 7.0)))
    np.testing.assert_array_equal(exercise.answer(), fresh + 7.0)


def test_only_lab_exercises_go_through_the_store(tmp_path, monkeypatch):
    monkeypatch.setenv("SCALING_LAB_CACHE", str(tmp_path))
    planted = pickle.dumps(99.0)
    monkeypatch.setattr(spec, "_stored_pickle", lambda label, what: planted)
    assert registry.EXERCISES[_first(NumberExercise)].answer() == 99.0
    toy = NumberExercise(expected=lambda: 2.0, hint="h")  # no label: computed here, never stored
    assert toy.answer() == 2.0
    function = registry.EXERCISES[_first(FunctionExercise)]
    assert callable(function.answer())  # a reference implementation is never pickled


def test_without_a_cache_folder_a_lab_answer_is_computed_here(monkeypatch):
    monkeypatch.delenv("SCALING_LAB_CACHE", raising=False)
    exercise = registry.EXERCISES[_first(NumberExercise)]
    assert exercise.answer() == float(exercise.expected())


def test_a_label_names_one_exercise():
    exercise = registry.EXERCISES[_first(NumberExercise)]
    spec.label_exercise(exercise._registry_label, exercise)  # again, the same one: nothing changes
    with pytest.raises(ValueError, match="two exercises"):
        spec.label_exercise(exercise._registry_label, NumberExercise(expected=lambda: 1.0, hint="h"))
    for label, bad, match in (("", exercise, "label"), (3, exercise, "label"), ("x", 1.0, "exercise")):
        with pytest.raises(ValueError, match=match):
            spec.label_exercise(label, bad)
