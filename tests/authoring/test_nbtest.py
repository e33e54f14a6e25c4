"""Tests of scaling_lab.authoring.nbtest: the copy of a student notebook that the notebook tests run.

The student notebook's run to the end with every check "not answered yet" happens in the notebook stage of
``make test`` (nbval), on this copy; here, that the copy asks for it.  ``lab`` is every lab's student
notebook (tests/authoring/conftest.py).
"""

import nbformat

from scaling_lab.authoring.nbtest import unanswered_test_copy


def test_the_notebook_test_copy_asserts_every_check_is_unanswered(lab, tmp_path):
    # The student notebook's run to the end with every check "not answered yet" happens in the notebook
    # stage of make test (nbval), on this copy.
    path, _, student = lab
    nbformat.write(student, tmp_path / f"{path.stem}.ipynb")
    copy = unanswered_test_copy(tmp_path / f"{path.stem}.ipynb")
    assert copy.cells[-1].source.endswith(f'sl.require_unanswered("{path.stem}")')
    assert len(copy.cells) == len(student.cells) + 1

