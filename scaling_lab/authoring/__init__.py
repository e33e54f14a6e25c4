"""The tools that make the course from its sources: not needed to run a chapter or a lab.

Nothing here is re-exported under ``sl.``, and ``import scaling_lab`` never imports it.  Its
dependencies are optional extras: ``scaling_lab[authoring]`` (jupytext, nbformat, PyYAML) for the student
build and the instructor pack, ``scaling_lab[book]`` (adds jupyter-book, nbval, pytest) for the rest.
The wheel a student installs needs only NumPy, SciPy, Matplotlib and ipywidgets.

- ``myst``: a reader of the book's MyST markup (directives, roles, cell tags), and its rendering to
  plain Markdown;
- ``student``: the student version of a lab (``python -m scaling_lab.authoring.student``);
- ``setup_cell``: the first cell of every handed-out notebook, and where the course repository is;
- ``instructor_pack``: the instructor's zip (``make instructor``);
- ``toc``: the pages of the book, from ``_toc.yml``;
- ``lab_pages``: the student box on every lab page, and the JupyterLite copies of the student notebooks;
- ``launch``: the notebooks behind the Colab and Binder buttons (chapters rendered to plain Markdown);
- ``nbtest``: pages converted for nbval, read as the book build reads them;
- ``nbval_record``: a pytest plugin that records what nbval executed, for the book's execution cache;
- ``preexecute``: the book's pages executed in parallel into that cache (or staged from nbval's run).
- ``grade``, ``grade_runner``, ``grade_report``: the grading kit (``make grade``): every submitted notebook
  run in its own process, its answers checked again outside it, grades.csv and a summary figure.
- ``otter_export``: each lab's checks as an Otter-Grader autograder for Gradescope (``make otter``).

The Sphinx extensions in ``book/_ext`` connect these to the build.
"""
