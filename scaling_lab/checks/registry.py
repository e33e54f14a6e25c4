"""One entry point for every lab's checks: ``sl.check(label, answer)`` and ``sl.require_correct(lab)``.

Each lab's checker module (named after the lab file, e.g. ``lab01_zipf`` for
``labs/lab01_zipf.md``) exports ``EXERCISES``, keyed by the lab's exercise
labels.  :data:`LABS` lists those modules; :data:`EXERCISES` merges them, so a
label names one exercise in the whole course.  A lab's check cell is::

    sl.check("lab1-top-share", top10_share)

and its single ``solution-only`` cell, at the end, is::

    sl.require_correct("lab01_zipf")

which fails unless every exercise of that lab was checked, and found correct,
in this session (so the solution version of every lab proves its solutions
pass their checkers when the notebooks are executed).
"""

from __future__ import annotations

from types import MappingProxyType

from scaling_lab.checks import (
    lab01_zipf, lab02_measure, lab03_data_budget, lab04_tune_small, lab05_chinchilla, lab06_budget, lab07_emergence,
    lab08_users,
)
from scaling_lab.checks.core import CheckResult
from scaling_lab.checks.spec import label_exercise

__all__ = ["LABS", "EXERCISES", "check", "require_correct", "require_unanswered"]

#: Checker modules by lab name (the stem of the lab's file in ``labs/``).
LABS = MappingProxyType({module.__name__.rsplit(".", 1)[-1]: module
                         for module in (lab01_zipf, lab02_measure, lab03_data_budget, lab04_tune_small,
                                        lab05_chinchilla, lab06_budget, lab07_emergence,
                                        lab08_users)})


def _merge():
    merged = {}
    for lab, module in LABS.items():
        for label, spec in module.EXERCISES.items():
            if label in merged:
                raise ValueError(f"exercise label {label!r} is used by two labs")
            merged[label] = spec
            label_exercise(label, spec)  # its expected answer and mistakes are then shared between processes
    return MappingProxyType(merged)


#: Every exercise of every lab, by label.
EXERCISES = _merge()
_LAB_OF = {label: lab for lab, module in LABS.items() for label in module.EXERCISES}
_last_results: dict[str, CheckResult] = {}


def check(label: str, answer) -> CheckResult:
    """Check a student's answer to the exercise ``label`` and remember the verdict.

    Parameters
    ----------
    label : str
        The exercise's ``:label:`` in the lab, e.g. ``"lab1-top-share"``.
    answer : object
        Anything: ``...`` is "not answered yet"; a wrong type or value is
        "wrong" with a hint; the checker never raises on it.

    Returns
    -------
    CheckResult
        Shown as ✓, ✗ (with a hint) or ○ when it ends a notebook cell.
    """
    if label not in EXERCISES:
        raise ValueError(f"label must name an exercise of a lab; got {label!r}")
    result = EXERCISES[label].check(answer)
    _last_results[label] = result
    return result


def _require(lab: str, wanted: str, heading: str) -> None:
    """Raise ``AssertionError`` unless every exercise of ``lab`` was last checked with status ``wanted``."""
    if lab not in LABS:
        raise ValueError(f"lab must be one of {sorted(LABS)}; got {lab!r}")
    problems = []
    for label in LABS[lab].EXERCISES:
        result = _last_results.get(label)
        if result is None:
            problems.append(f"{label}: never checked")
        elif result.status != wanted:
            problems.append(f"{label}: {result}")
    if problems:
        raise AssertionError(f"{heading}: " + "; ".join(problems))


def require_correct(lab: str) -> None:
    """Raise ``AssertionError`` unless every exercise of ``lab`` was last checked as correct in this session."""
    _require(lab, "correct", f"{lab}: not every solution passes its checker")


def require_unanswered(lab: str) -> None:
    """Raise ``AssertionError`` unless every exercise of ``lab`` was checked and found "not answered yet".

    The notebook tests append this call to a copy of each student notebook: a
    student who runs the untouched notebook must reach the end, and every check
    must say "not answered yet", never "wrong" or an error.
    """
    _require(lab, "unanswered", f"{lab} (student version)")
