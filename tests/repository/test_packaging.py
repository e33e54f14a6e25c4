"""The package as it ships: the wheel is pure Python and carries every subpackage and data file, every
third-party module the package imports is a declared dependency (or comes with one), and nothing in the
package or the book reads the maintainers' ``../shared`` folder at run time.
"""

from __future__ import annotations

import importlib.metadata
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "scaling_lab"


def test_package_never_reads_the_shared_folder():
    for path in list((ROOT / "scaling_lab").rglob("*.py")) + list((ROOT / "book").rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        assert "../shared" not in text and "shared/reference" not in text, path


def test_wheel_is_pure_python(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path), str(ROOT)],
        check=True, capture_output=True,
    )
    wheels = list(tmp_path.glob("scaling_lab-*.whl"))
    assert len(wheels) == 1 and wheels[0].name.endswith("-py3-none-any.whl"), wheels
    names = zipfile.ZipFile(wheels[0]).namelist()
    assert "scaling_lab/__init__.py" in names
    assert "scaling_lab/checks/lab01_zipf.py" in names, "subpackages must be in the wheel"
    shipped = [p.relative_to(ROOT).as_posix() for p in (ROOT / "scaling_lab" / "datasets").iterdir()
               if p.is_file() and p.suffix != ".py"]
    assert all(name in names for name in shipped), "every data file in scaling_lab/datasets ships in the wheel"
    assert not any(name.endswith((".so", ".pyd", ".c")) for name in names)


def test_every_run_time_dependency_is_declared():
    """Every third-party module the package imports (at the top, in a function, or through ``lazy_module``)
    belongs to a declared dependency, an optional extra, or a requirement of one of those."""
    from tests.repository.test_layout import third_party_imports

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *(d for extra in project.get("optional-dependencies", {}).values()
                                             for d in extra)]

    def name(requirement: str) -> str:
        return re.split(r"[<>=~;\[ !]", requirement, maxsplit=1)[0].strip().lower().replace("_", "-")

    allowed, todo = set(), [name(d) for d in declared]
    while todo:  # the declared distributions and everything they require
        dist = todo.pop()
        if dist in allowed:
            continue
        allowed.add(dist)
        try:
            todo += [name(r) for r in importlib.metadata.requires(dist) or () if "extra ==" not in r]
        except importlib.metadata.PackageNotFoundError:
            pass
    distributions = importlib.metadata.packages_distributions()
    missing = {}
    for module in sorted({m for path in PACKAGE.rglob("*.py") for m in third_party_imports(path)}):
        dists = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
        if not dists & allowed:
            missing[module] = sorted(dists)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_importing_nbformat_builds_no_iri_grammar():
    """`make env` removes rfc3987-syntax (Makefile): jsonschema, under nbformat, would build its grammar at import,
    1.2 s in each of the many processes of `make test` that read or write notebooks."""
    code = "import sys, nbformat; print('rfc3987_syntax' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", "rfc3987-syntax is installed: run `make env` again (see the Makefile)"
