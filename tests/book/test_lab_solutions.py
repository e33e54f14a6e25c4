"""``make book SOLUTIONS=hide``: the same site with the lab pages' solution dropdowns removed.

``book/_ext/lab_downloads.py`` drops every sphinx-exercise solution from the doctrees of ``labs/`` pages when
the environment variable ``SCALING_LAB_SOLUTIONS`` is ``hide``, and the lab box then says the solutions are not
on the site. A small Sphinx project (a lab page and a chapter, each with an exercise and its solution) is built
both ways here.
"""

from __future__ import annotations

import pytest

from scaling_lab.authoring.lab_pages import NO_SOLUTIONS_NOTE, SOLUTIONS_ENV, SOLUTIONS_NOTE, solutions_shown
from tests.book_files import ROOT

PAGE = """# {title}

```{{exercise}} Count the tokens
:label: ex-{name}

How many?
```

```{{solution-start}} ex-{name}
:class: dropdown
```

The answer is forty-two.

```{{solution-end}}
```

After the solution.
"""


def build(tmp_path, monkeypatch, solutions: str) -> dict[str, str]:
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    (src / "labs").mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\n"
        "extensions = ['myst_parser', 'sphinx_exercise', 'lab_downloads']\n"
        "exclude_patterns = ['_build']\n", encoding="utf-8")
    (src / "index.md").write_text(PAGE.format(title="Chapter", name="chapter") +
                                  "\n```{toctree}\nlabs/lab01\n```\n", encoding="utf-8")
    (src / "labs" / "lab01.md").write_text(PAGE.format(title="Lab", name="lab"), encoding="utf-8")
    monkeypatch.setenv(SOLUTIONS_ENV, solutions)
    out = tmp_path / f"html-{solutions}"
    app = Sphinx(str(src), str(src), str(out), str(tmp_path / f"doctrees-{solutions}"), "html",
                 status=None, warning=None, freshenv=True)
    app.build()
    return {name: (out / name).read_text(encoding="utf-8") for name in ("index.html", "labs/lab01.html")}


def test_hide_removes_the_lab_solutions_and_only_those(tmp_path, monkeypatch):
    shown = build(tmp_path, monkeypatch, "show")
    hidden = build(tmp_path, monkeypatch, "hide")
    assert "forty-two" in shown["labs/lab01.html"] and "forty-two" in shown["index.html"]
    assert "forty-two" not in hidden["labs/lab01.html"] and 'class="solution' not in hidden["labs/lab01.html"]
    assert "How many?" in hidden["labs/lab01.html"] and "After the solution." in hidden["labs/lab01.html"]
    assert "forty-two" in hidden["index.html"], "a chapter keeps its solutions"


def test_the_box_says_whether_the_solutions_are_on_the_site():
    from scaling_lab.authoring.lab_pages import add_box

    assert SOLUTIONS_NOTE in add_box("labs/lab01", "# Lab\n")
    assert NO_SOLUTIONS_NOTE in add_box("labs/lab01", "# Lab\n", solutions=False)
    assert SOLUTIONS_NOTE not in add_box("labs/lab01", "# Lab\n", solutions=False)


def test_the_setting_is_show_or_hide():
    assert solutions_shown({}) and solutions_shown({SOLUTIONS_ENV: "show"})
    assert not solutions_shown({SOLUTIONS_ENV: "HIDE"})
    with pytest.raises(ValueError, match=SOLUTIONS_ENV):
        solutions_shown({SOLUTIONS_ENV: "no"})


@pytest.mark.parametrize("value", ["show", "hide"])
def test_one_make_variable_reaches_the_build(value):
    """``make book SOLUTIONS=...`` passes the setting to the build (a dry run: nothing is built)."""
    import subprocess

    dry = subprocess.run(["make", "-n", "book", f"SOLUTIONS={value}"], cwd=ROOT, capture_output=True, text=True,
                         timeout=120, check=True).stdout
    builds = [line for line in dry.splitlines() if "jupyter-book build" in line]
    assert builds and all(f"{SOLUTIONS_ENV}={value}" in line for line in builds), builds
