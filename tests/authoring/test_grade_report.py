"""Tests of scaling_lab.authoring.grade_report: grades.csv and the summary figure, from rows made by hand."""

from __future__ import annotations

import csv

from scaling_lab.authoring.grade import Grade as Row
from scaling_lab.authoring.grade_report import most_common_mistakes, plot_grades, scores, write_csv


ROWS = [
    Row("a.ipynb", "ex1", "correct"), Row("a.ipynb", "ex2", "correct"),
    Row("b.ipynb", "ex1", "wrong", "check the sign (x = 1)", "check the sign"),
    Row("b.ipynb", "ex2", "timeout", "cell 4: ran longer than the time limit"),
    Row("c.ipynb", "ex1", "wrong", "check the sign (x = 2)", "check the sign"),
    Row("c.ipynb", "ex2", "wrong", "use logs", "use logs"),
    Row("d.ipynb", "ex1", "wrong", "a percentage", "a percentage"), Row("d.ipynb", "ex2", "unanswered"),
]


def test_scores_count_correct_exercises_per_file():
    assert scores(ROWS) == {"a.ipynb": (2, 2), "b.ipynb": (0, 2), "c.ipynb": (0, 2), "d.ipynb": (0, 2)}


def test_the_most_common_mistake_is_the_checkers_hint_given_most_often():
    assert most_common_mistakes(ROWS) == {"ex1": ("check the sign", 2), "ex2": ("use logs", 1)}


def test_csv_columns_and_rows(tmp_path):
    path = write_csv(ROWS, tmp_path / "grades.csv")
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["file", "exercise", "verdict", "hint"]
    assert rows[4] == ["b.ipynb", "ex2", "timeout", "cell 4: ran longer than the time limit"]
    assert len(rows) == len(ROWS) + 1


def test_the_figure_is_a_png(tmp_path):
    path = plot_grades(ROWS, tmp_path / "grades.png")
    assert path.read_bytes()[:4] == b"\x89PNG"
    empty = plot_grades([Row("x.ipynb", "", "unreadable", "not JSON")], tmp_path / "empty.png")
    assert empty.stat().st_size > 0


def test_an_unreadable_notebook_does_not_change_what_a_score_is_out_of(tmp_path, monkeypatch):
    """A notebook that is not JSON has one row and no exercise; the scores are still out of the lab's two."""
    import matplotlib.figure

    drawn = []
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", lambda self, *args, **kwargs: drawn.append(self))
    plot_grades(ROWS + [Row("x.ipynb", "", "unreadable", "not JSON")], tmp_path / "grades.png")
    assert drawn[0].axes[0].get_xlabel() == "exercises correct (of 2)"
