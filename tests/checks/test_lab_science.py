"""In a lab the student does the science: tests of what every lab asks of its student.

- at least 60% of a lab's exercises ask for a function, several lines of the student's own code, or a decision
  that is scored (:func:`own_work`);
- no prompt names a package function that its solution calls (the student writes it, then compares);
- each lab has at least one decision scored by its consequence, and ends with a reflection for the instructor;
- each lab states its time as a range within 45-90 minutes;
- no lab uses a seed that a chapter uses, so no lab re-runs a chapter's experiment.

A lab is read as its MyST source: the *prompt* of an exercise is the markdown from the previous exercise's check
cell up to and including its ``{exercise}`` box, and its *solution* is the code between ``{solution-start}`` and
``{solution-end}``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jupytext
import pytest

import scaling_lab as sl
from scaling_lab.authoring.myst import find_directives
from scaling_lab.checks import ArrayExercise, FunctionExercise, NumberExercise, registry

ROOT = Path(__file__).resolve().parents[2]
LAB_FILES = sorted((ROOT / "labs").glob("*.md"))
CHAPTER_FILES = sorted((ROOT / "book").glob("*.md"))

#: The share of a lab's exercises that must be the student's own work.
OWN_WORK_SHARE = 0.6
#: A solution with at least this many lines of code that do not call the package is "several lines of one's own".
OWN_LINES = 3

_CHECK = re.compile(r"""sl\.check\(\s*["'](?P<label>[^"']+)["']""")
_SL_CALL = re.compile(r"\bsl\.(?P<name>[A-Za-z_]\w*)")


@dataclass
class Exercise:
    label: str
    prompt: str = ""
    solution: list[str] = field(default_factory=list)


def read_lab(path: Path) -> dict[str, Exercise]:
    """Each exercise of a lab with its prompt and its solution code."""
    notebook = jupytext.read(path)
    exercises: dict[str, Exercise] = {}
    prose: list[str] = []
    inside = None
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            prose.append(cell.source)
            for directive in find_directives(cell.source, where=path.name):
                if directive.name in ("exercise", "exercise-start"):
                    label = directive.options["label"]
                    exercises[label] = Exercise(label, prompt="\n".join(prose))
                elif directive.name == "solution-start":
                    inside = directive.argument
                elif directive.name == "solution-end":
                    inside = None
            continue
        if inside is not None:
            exercises[inside].solution.append(cell.source)
        if _CHECK.search(cell.source):
            prose = []
    return exercises


def _code_lines(sources: list[str]) -> list[str]:
    lines = []
    for source in sources:
        for line in source.splitlines():
            stripped = line.strip()
            if stripped and not stripped.startswith(("#", "%")):
                lines.append(stripped)
    return lines


def _is_plumbing(name: str) -> bool:
    """Package names a prompt may mention: the data and samplers, the plots, the checks and the training API."""
    obj = getattr(sl, name, None)
    module = getattr(obj, "__module__", "") or ""
    return (name in {"check", "require_correct", "TrainingAPI"} or name.startswith(("load_", "plot_", "sample_"))
            or module.startswith(("scaling_lab.data", "scaling_lab.datasets", "scaling_lab.plotting",
                                  "scaling_lab.checks", "scaling_lab.widgets")))


def solvers(exercise: Exercise) -> set[str]:
    """The package functions the solution calls that are not plumbing."""
    names = {m.group("name") for source in exercise.solution for m in _SL_CALL.finditer(source)}
    return {name for name in names if callable(getattr(sl, name, None)) and not _is_plumbing(name)}


def own_work(spec, exercise: Exercise) -> bool:
    """A function to write, a decision that is scored, or several lines of one's own code."""
    if type(spec) not in (NumberExercise, ArrayExercise):
        return True  # FunctionExercise, ChoiceExercise, or a lab's decision class
    own = [line for line in _code_lines(exercise.solution) if "sl." not in line]
    return len(own) >= OWN_LINES


def _specs(path: Path) -> dict:
    return dict(registry.LABS[path.stem].EXERCISES)


@pytest.mark.parametrize("path", LAB_FILES, ids=lambda p: p.stem)
def test_most_exercises_are_the_students_own_work(path):
    exercises, specs = read_lab(path), _specs(path)
    own = [label for label in specs if own_work(specs[label], exercises[label])]
    share = len(own) / len(specs)
    assert share >= OWN_WORK_SHARE, (
        f"{path.name}: {len(own)} of {len(specs)} exercises ({share:.0%}) are the student's own work; "
        f"calls into the package or one-liners: {sorted(set(specs) - set(own))}")


@pytest.mark.parametrize("path", LAB_FILES, ids=lambda p: p.stem)
def test_no_prompt_names_the_function_that_solves_it(path):
    for label, exercise in read_lab(path).items():
        named = sorted(name for name in solvers(exercise) if re.search(rf"\b{re.escape(name)}\b", exercise.prompt))
        assert not named, f"{path.name}: the prompt of {label} names {named}, which its solution calls"


@pytest.mark.parametrize("path", LAB_FILES, ids=lambda p: p.stem)
def test_each_lab_has_a_decision_scored_by_its_consequence(path):
    decisions = [label for label, spec in _specs(path).items()
                 if type(spec) not in (NumberExercise, ArrayExercise, FunctionExercise)]
    assert decisions, f"{path.name}: no exercise asks the student to decide (a ChoiceExercise or a plan)"


@pytest.mark.parametrize("path", LAB_FILES, ids=lambda p: p.stem)
def test_each_lab_ends_with_a_reflection_for_the_instructor(path):
    text = path.read_text(encoding="utf-8")
    match = re.search(r"^## [^\n]*for your instructor\n(?P<body>.*?)(?=^## )", text, re.M | re.S)
    assert match, f"{path.name}: no '## ... for your instructor' section before the last one"
    assert "*Write your" in match.group("body"), f"{path.name}: the reflection leaves no place to write"


@pytest.mark.parametrize("path", LAB_FILES, ids=lambda p: p.stem)
def test_each_lab_states_its_time_as_a_range(path):
    text = path.read_text(encoding="utf-8")
    match = re.search(r"\*\*Time\.\*\*\s*(?P<low>\d+)\s*(?:to|-|–)\s*(?P<high>\d+) minutes", text)
    assert match, f"{path.name}: state the time as '**Time.** <low> to <high> minutes'"
    low, high = int(match.group("low")), int(match.group("high"))
    assert 45 <= low < high <= 90, f"{path.name}: {low}-{high} minutes is outside 45-90"


_SEED = re.compile(r"\b(?:seed|SEED)\s*=\s*(\d+)|default_rng\(\s*(\d+)")


def _seeds(text: str) -> set[int]:
    return {int(a or b) for a, b in _SEED.findall(text)}


CHAPTER_SEEDS = set().union(*(_seeds(p.read_text(encoding="utf-8")) for p in CHAPTER_FILES))


@pytest.mark.parametrize("path", LAB_FILES, ids=lambda p: p.stem)
def test_no_lab_uses_a_chapters_seed(path):
    checker = ROOT / "scaling_lab" / "checks" / f"{path.stem}.py"
    used = _seeds(path.read_text(encoding="utf-8")) | _seeds(checker.read_text(encoding="utf-8"))
    shared = sorted(used & CHAPTER_SEEDS)
    assert not shared, f"{path.name}: seeds {shared} are also a chapter's (chapters use {sorted(CHAPTER_SEEDS)})"


def test_the_rules_can_fail():
    fake = Exercise("x", prompt="Call `fit_chinchilla` on the runs.", solution=["fit = sl.fit_chinchilla(n, d, l)"])
    assert solvers(fake) == {"fit_chinchilla"}
    assert not own_work(NumberExercise(hint="h", expected=lambda: 1.0), fake)
    assert _is_plumbing("check") and _is_plumbing("load_leaderboard_v2")
    assert _seeds("rng = np.random.default_rng(7); sl.run(seed=3)") == {7, 3}
    assert CHAPTER_SEEDS, "no seeds found in the chapters"
