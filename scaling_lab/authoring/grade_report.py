"""What ``make grade`` writes: grades.csv and its one summary figure.

Both take the grader's rows (:class:`scaling_lab.authoring.grade.Grade`: anything with ``file``,
``exercise``, ``verdict``, ``hint`` and ``mistake``, the checker's own hint for a wrong answer).
"""

from __future__ import annotations

import csv
import textwrap
from collections import Counter
from pathlib import Path

__all__ = ["VERDICT_GROUPS", "write_csv", "scores", "most_common_mistakes", "plot_grades"]

#: How the figure groups the verdicts: (group, its verdicts, colour, hatch).
VERDICT_GROUPS = (
    ("correct", ("correct",), "bluish_green", ""),
    ("wrong", ("wrong",), "vermillion", "//"),
    ("not answered", ("unanswered",), "blue", ".."),
    ("failed to run", ("missing", "error", "timeout", "unreadable", "unknown lab"), "orange", "xx"),
)


def write_csv(grades, path) -> Path:
    """Write ``file, exercise, verdict, hint``, one row per grade, to ``path``; return the path."""
    path = Path(path)
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "exercise", "verdict", "hint"])
        writer.writerows([g.file, g.exercise, g.verdict, g.hint] for g in grades)
    return path


def scores(grades) -> dict[str, tuple[int, int]]:
    """For each file: (exercises correct, exercises graded)."""
    out: dict[str, list[int]] = {}
    for g in grades:
        tally = out.setdefault(g.file, [0, 0])
        tally[0] += g.verdict == "correct"
        tally[1] += 1
    return {file: (right, total) for file, (right, total) in out.items()}


def most_common_mistakes(grades) -> dict[str, tuple[str, int]]:
    """For each exercise with a wrong answer: the checker's hint given most often, and how often."""
    hints: dict[str, Counter] = {}
    for g in grades:
        if g.verdict == "wrong" and g.exercise:
            hints.setdefault(g.exercise, Counter())[g.mistake or g.hint] += 1
    return {exercise: counter.most_common(1)[0] for exercise, counter in hints.items()}


def plot_grades(grades, path):
    """Draw the summary figure to ``path`` (PNG): the score distribution, and the verdicts per exercise.

    Left, how many submissions got each number of exercises right. Middle, per exercise, how many
    submissions were correct, wrong, not answered or failed to run (colour and hatch). Right, the
    most common wrong answer's hint per exercise and how many submissions got it.
    """
    from scaling_lab.plotting.style import OKABE_ITO, new_figure

    grades = list(grades)
    exercises = list(dict.fromkeys(g.exercise for g in grades if g.exercise))
    fig = new_figure(1, 3, width=15.0, height=max(3.5, 0.55 * len(exercises) + 1.8),
                     gridspec_kw={"width_ratios": [1.0, 1.2, 1.6]})
    ax_scores, ax_verdicts, ax_mistakes = fig.axes
    per_file = scores(grades)
    # An unreadable notebook, or one of no known lab, has one row and no exercise: it scores 0 of nothing.
    totals = sorted({total for file, (_, total) in per_file.items()
                     if any(g.exercise for g in grades if g.file == file)})
    right = Counter(r for r, _ in per_file.values())
    top = max(totals, default=0)
    ax_scores.bar(range(top + 1), [right[k] for k in range(top + 1)], color=OKABE_ITO["blue"],
                  edgecolor="black", hatch="//")
    ax_scores.set_xticks(range(top + 1))
    of = "/".join(str(t) for t in totals) or "0"
    ax_scores.set_xlabel(f"exercises correct (of {of})")
    ax_scores.set_ylabel("submissions")
    ax_scores.set_title(f"Scores of {len(per_file)} submissions")
    ax_scores.yaxis.get_major_locator().set_params(integer=True)

    positions = range(len(exercises))
    left = [0] * len(exercises)
    for group, verdicts, colour, hatch in VERDICT_GROUPS:
        counts = [sum(g.exercise == e and g.verdict in verdicts for g in grades) for e in exercises]
        ax_verdicts.barh(positions, counts, left=left, color=OKABE_ITO[colour], hatch=hatch,
                         edgecolor="black", label=group)
        left = [a + b for a, b in zip(left, counts)]
    ax_verdicts.set_yticks(list(positions), exercises)
    ax_verdicts.invert_yaxis()
    ax_verdicts.set_xlabel("submissions")
    ax_verdicts.set_title("Verdicts per exercise")
    ax_verdicts.xaxis.get_major_locator().set_params(integer=True)
    ax_verdicts.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=len(VERDICT_GROUPS), fontsize=8)

    mistakes = most_common_mistakes(grades)
    ax_mistakes.set_ylim(ax_verdicts.get_ylim())
    ax_mistakes.set_xlim(0, 1)
    ax_mistakes.axis("off")
    ax_mistakes.set_title("Most common mistake (the checker's hint)")
    for y, exercise in zip(positions, exercises):
        hint, count = mistakes.get(exercise, ("no wrong answers", 0))
        text = textwrap.shorten(hint, 150, placeholder="…")
        text = "\n".join(textwrap.wrap(text, 75)) + (f"  ({count}×)" if count else "")
        ax_mistakes.text(0, y, text, va="center", ha="left", fontsize=8)
    path = Path(path)
    fig.savefig(path, dpi=100)
    return path
