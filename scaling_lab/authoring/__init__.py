"""The tools that make the course from its sources: not needed to run a chapter or a lab.

Nothing here is re-exported under ``sl.``, and ``import scaling_lab`` never imports it.  Its
dependencies (jupytext, nbformat, PyYAML) are the optional extra ``scaling_lab[authoring]``; the
wheel a student installs needs only NumPy, SciPy, Matplotlib and ipywidgets.

- ``myst``: a reader of the book's MyST markup (directives, roles, cell tags), and its rendering to
  plain Markdown;
- ``student``: the student version of a lab (``python -m scaling_lab.authoring.student``);
- ``setup_cell``: the first cell of every handed-out notebook, and where the course repository is;
"""
