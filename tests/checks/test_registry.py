"""Tests of scaling_lab.checks.registry, and the one harness for every lab's checkers: a new lab needs no
new checker tests for this contract.

For each lab in ``labs/`` and each exercise its checker module declares
(``scaling_lab/checks/<lab>.py``, ``EXERCISES``), merged by the registry:

- the lab's exercise labels and the declared labels match both ways;
- the placeholder is "not answered yet", junk is "wrong" with a hint, and the
  computed answer is "correct";
- every listed mistake gets its own hint, and mistakes sit outside the
  tolerance of the answer and of each other;
- a hypothesis search over anything a student can type (None, strings, nested
  and ragged lists, NaN and inf, empty and huge arrays, wrong shapes, objects
  that raise, functions that raise or return the wrong type) always gets a
  ``CheckResult``, and a "wrong" one always carries a hint.

And ``sl.check`` and ``sl.require_correct`` record and judge the last verdicts.  That the lab's own
solution passes its checker is proven when the notebooks are executed: each lab ends with
``sl.require_correct("<lab>")``; that each lab's expected answers are the right ones is tested in
``test_<lab>.py`` beside this file.
"""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scaling_lab as sl
from scaling_lab.checks import ChoiceExercise, FunctionExercise, registry
from scaling_lab.checks.core import _close
from scaling_lab.authoring.myst import exercise_labels

ROOT = Path(__file__).resolve().parents[2]
LAB_FILES = sorted((ROOT / "labs").glob("*.md"))
SPECS = sorted(registry.EXERCISES.items())


def lab_labels(path: Path) -> list[str]:
    notebook = jupytext.read(path)
    labels = []
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            labels += exercise_labels(cell.source, where=f"{path.name} cell {index}")
    return labels


def test_every_lab_has_a_checker_module_and_back():
    assert LAB_FILES, "no labs found"
    assert sorted(p.stem for p in LAB_FILES) == sorted(registry.LABS)


@pytest.mark.parametrize("path", LAB_FILES, ids=lambda p: p.stem)
def test_labels_match_both_ways(path):
    labels = lab_labels(path)
    assert len(labels) == len(set(labels)), f"{path.name}: a label is used twice"
    declared = list(registry.LABS[path.stem].EXERCISES)
    assert sorted(labels) == sorted(declared), (
        f"{path.name}: in the lab only {sorted(set(labels) - set(declared))}, "
        f"declared only {sorted(set(declared) - set(labels))}")


@pytest.mark.parametrize("path", LAB_FILES, ids=lambda p: p.stem)
def test_lab_exercises_are_unnumbered(path):
    """sphinx-exercise numbers exercises across the whole book, so a lab's first box would read "Exercise 38"."""
    from scaling_lab.authoring.myst import find_directives

    notebook = jupytext.read(path)
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for directive in find_directives(cell.source):
            if directive.name in ("exercise", "exercise-start"):
                assert "nonumber" in directive.options, f"{path.name}: {directive.options.get('label')} needs :nonumber:"


@pytest.mark.parametrize("path", LAB_FILES, ids=lambda p: p.stem)
def test_lab_ends_with_one_require_correct(path):
    notebook = jupytext.read(path)
    only = [c for c in notebook.cells if "solution-only" in c.metadata.get("tags", [])]
    assert len(only) == 1, f"{path.name}: {len(only)} solution-only cells; one is the pattern"
    assert f'sl.require_correct("{path.stem}")' in only[0].source
    assert notebook.cells[-1] is only[0], f"{path.name}: the require_correct cell must be the last cell"
    assert not any(".correct" in c.source for c in notebook.cells if c.cell_type == "code"), \
        f"{path.name}: use one require_correct cell, not an assert after each exercise"


def _placeholder(spec):
    if isinstance(spec, FunctionExercise):
        def placeholder(*args):
            return ...
        return placeholder
    return ...


def _junk(spec):
    if isinstance(spec, FunctionExercise):
        return lambda *args: "junk"
    return "junk"


@pytest.mark.parametrize("label, spec", SPECS, ids=[label for label, _ in SPECS])
def test_placeholder_junk_and_answer(label, spec):
    assert spec.check(_placeholder(spec)).status == "unanswered"
    junk = spec.check(_junk(spec))
    assert junk.status == "wrong" and junk.hint
    answer = spec.check(spec.answer())
    assert answer.correct, f"{label}: the computed answer fails its own check: {answer}"
    assert spec.hint, f"{label}: no generic hint"


def _outputs(spec, value):
    """What an answer 'is' for comparing: the number/array, or a function's outputs on the test inputs."""
    if isinstance(spec, ChoiceExercise):
        return [np.asarray(str(value).strip().lower())]
    if isinstance(spec, FunctionExercise):
        return [np.asarray(value(*args), dtype=float) for args in spec.test_inputs]
    return [np.asarray(value, dtype=float)]


def _within_tolerance(spec, first, second) -> bool:
    if isinstance(spec, ChoiceExercise):
        return _outputs(spec, first)[0] == _outputs(spec, second)[0]
    return all(a.shape == b.shape and _close(a, b, spec.rel_tol, spec.abs_tol)
               for a, b in zip(_outputs(spec, first), _outputs(spec, second)))


@pytest.mark.parametrize("label, spec", SPECS, ids=[label for label, _ in SPECS])
def test_every_mistake_gets_its_own_hint(label, spec):
    mistakes = spec.mistake_list()
    for mistake in mistakes:
        result = spec.check(mistake.value)
        assert result.status == "wrong", f"{label}: a listed mistake is accepted: {mistake.hint!r}"
        assert result.hint == mistake.hint, f"{label}: {mistake.hint!r} answered with {result.hint!r}"


@pytest.mark.parametrize("label, spec", SPECS, ids=[label for label, _ in SPECS])
def test_mistakes_are_outside_the_tolerance_of_the_answer_and_of_each_other(label, spec):
    mistakes = spec.mistake_list()
    answer = spec.answer()
    for i, mistake in enumerate(mistakes):
        assert not _within_tolerance(spec, mistake.value, answer), f"{label}: {mistake.hint!r} is within tolerance"
        for other in mistakes[i + 1:]:
            if other.hint == mistake.hint:
                continue  # two forms of one slip may share a hint
            assert not _within_tolerance(spec, mistake.value, other.value), \
                f"{label}: {mistake.hint!r} and {other.hint!r} cannot be told apart"


#: Public functions whose names are also plain words a hint may use ("the bootstrap standard error").
_PLAIN_WORDS = {"bootstrap", "check"}
_SOLVERS = sorted(name for name in sl.__all__ if callable(getattr(sl, name)) and name not in _PLAIN_WORDS)
#: What gives a solution away: a call into the package or NumPy, a package function's name, or a line of code
#: (an assignment from a call).
_GIVES_IT_AWAY = re.compile(r"\bsl\.|\bnp\.|\b\w+\s*=\s*[\w.]+\(|\b(" + "|".join(map(re.escape, _SOLVERS)) + r")\b")


@pytest.mark.parametrize("label, spec", SPECS, ids=[label for label, _ in SPECS])
def test_hints_teach_without_handing_over_the_solution(label, spec):
    # A hint says what is wrong and where to look; never the solution's code, nor the package function that
    # solves the exercise (the student writes it, then compares with the package).
    for hint in [spec.hint] + [mistake.hint for mistake in spec.mistake_list()]:
        found = _GIVES_IT_AWAY.search(hint or "")
        assert not found, f"{label}: the hint {hint!r} hands over {found.group(0)!r}"


def test_the_hint_rule_can_fail():
    for giveaway in ("use sl.fit_chinchilla", "fit = curve_fit(f, x, y)", "fit_isoflops does both steps",
                     "then np.exp of it"):
        assert _GIVES_IT_AWAY.search(giveaway), giveaway
    assert not _GIVES_IT_AWAY.search("divide by the bootstrap standard error of a, not of alpha")


# --------------------------------------------------------------------------- anything a student can type
class Hostile:
    """An object whose every conversion raises."""

    def __repr__(self):
        raise RuntimeError("no repr")

    def __float__(self):
        raise RuntimeError("no float")

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array")

    def __len__(self):
        raise RuntimeError("no len")


def _raises(*args):
    raise ZeroDivisionError("student code")


numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**30, 10**30))
leaves = st.one_of(st.none(), st.text(max_size=5), numbers, st.booleans(), st.builds(Hostile))
nested = st.recursive(leaves, lambda inner: st.lists(inner, max_size=4), max_leaves=12)
arrays = st.one_of(
    st.just(np.array([])), st.just(np.zeros(1_000_000)), st.just(np.full((3, 2), np.nan)),
    st.just(np.ones((2, 3, 4))), st.just(np.array(["a", "b"])), st.just(np.array([1 + 2j])),
)
functions = st.one_of(
    st.just(_raises), st.just(lambda *a: "text"), st.just(lambda *a: None), st.just(lambda *a: [1, 2, 3]),
    st.just(lambda *a: {"a": 1}), st.just(lambda *a: np.full(7, np.inf)), st.just(lambda *a: Hostile()),
    st.just(lambda: 1.0),  # wrong signature
)
anything = st.one_of(nested, arrays, functions, st.dictionaries(st.text(max_size=3), numbers, max_size=3))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=anything)
def test_checkers_never_raise_on_anything_a_student_can_type(answer):
    for label, spec in SPECS:
        result = spec.check(answer)
        assert isinstance(result, sl.CheckResult), label
        if result.status == "wrong":
            assert result.hint, f"{label}: wrong without a hint for {type(answer).__name__}"


def test_check_and_require_correct_record_the_last_verdict():
    label, spec = SPECS[0]
    lab = next(name for name, module in registry.LABS.items() if label in module.EXERCISES)
    assert sl.check(label, ...).status == "unanswered"
    with pytest.raises(AssertionError, match=label):
        sl.require_correct(lab)
    sl.check(label, spec.answer())
    others = [other for other in registry.LABS[lab].EXERCISES if other != label]
    for other in others:
        sl.check(other, registry.EXERCISES[other].answer())
    sl.require_correct(lab)  # all correct now
    with pytest.raises(AssertionError, match="student"):
        sl.require_unanswered(lab)
    for other in registry.LABS[lab].EXERCISES:
        sl.check(other, _placeholder(registry.EXERCISES[other]))
    sl.require_unanswered(lab)
    with pytest.raises(ValueError, match="label"):
        sl.check("no-such-exercise", 1.0)
    with pytest.raises(ValueError, match="lab"):
        sl.require_correct("no_such_lab")
