"""The CI and the publishing workflow: ``.ci/run`` runs ``make test`` and ``make instructor``, pytest's "no tests
collected" fails loudly, and ``.github/workflows/pages.yml`` publishes the built site (JupyterLite included)
and the launch notebooks for whichever fork runs it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ci_runs_make_test_and_rejects_empty_runs():
    script = (ROOT / ".ci" / "run").read_text()
    assert "make test" in script
    makefile = (ROOT / "Makefile").read_text()
    assert "rc -eq 5" in makefile, "pytest's exit 5 (no tests collected) must fail loudly"


def test_no_tests_collected_fails_loudly(tmp_path):
    """Run the Makefile's guard around a pytest that collects nothing: exit 5 and a message."""
    makefile = (ROOT / "Makefile").read_text()
    guard = re.search(r"^NO_TESTS_IS_FAILURE := (.*)$", makefile, re.M).group(1).replace("$$", "$")
    empty = tmp_path / "empty"
    empty.mkdir()
    command = f"{sys.executable} -m pytest -q -p no:cacheprovider {empty} {guard}"
    result = subprocess.run(["bash", "-c", command], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 5
    assert "ERROR: pytest collected no tests" in result.stderr


# --------------------------------------------------------------------------- publishing
def test_pages_workflow_runs_ci_and_publishes_the_built_site_for_any_fork():
    import yaml

    from scaling_lab.authoring.setup_cell import course_repository

    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    workflow = yaml.safe_load(text)
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    runs = " ".join(step.get("run", "") for step in steps)
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}
    assert "bash .ci/run" in runs and "make instructor" in runs, "the workflow must run the CI's make targets"
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "_build/html"
    assert "actions/deploy-pages" in uses
    assert "push --force" in runs and " notebooks" in runs, "the launch notebooks go to the notebooks branch"
    owner_and_name = course_repository(ROOT, environ={}).owner_and_name
    assert owner_and_name not in text, "the workflow must not name the repository: forks publish their own site"
    assert "${GITHUB_REPOSITORY}" in runs


def test_ci_builds_jupyterlite_and_the_instructor_pack():
    script = (ROOT / ".ci" / "run").read_text()
    assert "make test" in script and "make instructor" in script
    config = (ROOT / "_config.yml").read_text()
    assert "jupyterlite_sphinx" in config, "make test builds JupyterLite with the book"
