"""The package's layout: a room for everything, a table that says which, and arrows that point down.

- The top level of ``scaling_lab`` holds only ``__init__.py``, private ground-floor modules
  (``_name.py``) and packages.
- The README's "What goes where" table lists every package of ``scaling_lab`` and, in its row, every
  module of that package; every module and folder it names exists.
- No import cycle between modules (every import counts, also those inside functions), and none between
  packages; no module imports a private name (``_name``) from another module.
- ``scaling_lab.authoring`` is never imported by the rest of the package, and its dependencies
  (jupytext, nbformat, PyYAML, the book's tools) are imported nowhere else; ``import scaling_lab``
  imports neither SciPy, Matplotlib, ipywidgets, Pillow, IPython nor any authoring dependency.
- No Python file of the repository inserts into ``sys.path``.
- No module is longer than 500 lines.
- The tests mirror the package: every module has a test file of its own name (the rule is at
  ``mirror_path``), every test file in a package's folder names a module, every test folder is a
  package, and every Python file there is collected by pytest (``test_*.py``) or is ``conftest.py``.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "scaling_lab"
MAX_LINES = 500
#: What ``import scaling_lab`` must not import (heavy, or only for building the course).
NOT_ON_IMPORT = ("scipy", "matplotlib", "ipywidgets", "PIL", "IPython", "jupytext", "nbformat", "yaml",
                 "myst_nb", "jupyter_cache", "sphinx")
#: Third-party modules only the authoring tools may import.
AUTHORING_ONLY = ("jupytext", "nbformat", "yaml", "myst_nb", "jupyter_cache", "sphinx", "nbclient")


# ------------------------------------------------------------------------------------------ the tree
def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def package_modules() -> dict[str, Path]:
    """Every module of scaling_lab by dotted name (a package by its own name, for its __init__)."""
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in p.parts}


def subpackages() -> list[Path]:
    return sorted(p for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__")


def test_top_level_holds_only_init_private_helpers_and_packages():
    loose = sorted(p.name for p in PACKAGE.glob("*.py") if p.name != "__init__.py" and not p.name.startswith("_"))
    assert not loose, f"give these modules a package: {loose}"
    for folder in subpackages():
        assert (folder / "__init__.py").is_file(), f"{folder.name}/ is not a package"


def test_no_module_is_longer_than_500_lines():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"make these packages of topic modules: {long}"


# ------------------------------------------------------------------------------------ the README table
def readme_table(text: str) -> dict[str, set[str]]:
    """Folder (``laws/``, or ``top`` for the private top-level row) -> the modules its row lists."""
    section = text.split("### What goes where", 1)[1].split("\n## ", 1)[0]
    rows: dict[str, set[str]] = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or set(cells[0]) <= {"-"} or cells[0] == "You are adding":
            continue
        folder = re.match(r"`([\w]+)/`", cells[1])
        key = folder.group(1) if folder else ("top" if "top level" in cells[1] else None)
        if key is None:
            continue
        modules = {m.strip() for m in cells[2].split(",") if m.strip() and not m.strip().startswith("(")}
        rows[key] = modules
    return rows


def table_problems(rows: dict[str, set[str]]) -> list[str]:
    problems = []
    for folder in subpackages():
        modules = {p.stem for p in folder.glob("*.py") if p.name != "__init__.py"}
        if folder.name not in rows:
            problems.append(f"scaling_lab/{folder.name}/ has no row")
            continue
        problems += [f"{folder.name}/{m}.py is not in its row" for m in sorted(modules - rows[folder.name])]
        problems += [f"the {folder.name}/ row names {m}, which does not exist"
                     for m in sorted(rows[folder.name] - modules)]
    for key in rows:
        if key != "top" and not (PACKAGE / key).is_dir():
            problems.append(f"the table names {key}/, which does not exist")
    private = {p.stem for p in PACKAGE.glob("_*.py") if p.name != "__init__.py"}
    if rows.get("top") != private:
        problems.append(f"the top-level row lists {sorted(rows.get('top', ()))}, the package has {sorted(private)}")
    return problems


def test_readme_table_matches_the_tree():
    rows = readme_table((ROOT / "README.md").read_text(encoding="utf-8"))
    assert not table_problems(rows), "\n".join(table_problems(rows))


def test_table_check_can_fail():
    rows = readme_table((ROOT / "README.md").read_text(encoding="utf-8"))
    rows["fitting"] = rows["fitting"] - {"zipf"} | {"no_such_module"}
    rows.pop("nets")
    problems = table_problems(rows)
    assert "fitting/zipf.py is not in its row" in problems
    assert "the fitting/ row names no_such_module, which does not exist" in problems
    assert "scaling_lab/nets/ has no row" in problems


# ------------------------------------------------------------------------------------------ imports
def imports_of(path: Path, modules: dict[str, Path]) -> list[tuple[str, tuple[str, ...]]]:
    """(imported module of scaling_lab, names imported from it) for every import in the file."""
    me = module_name(path)
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, ()) for alias in node.names if alias.name.startswith("scaling_lab")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = me.split(".")[: len(me.split(".")) - node.level + (path.name == "__init__.py")]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("scaling_lab"):
                continue
            names = tuple(alias.name for alias in node.names)
            # "from package import submodule" depends on the submodule itself
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in modules]
            found += [(s, ()) for s in subs] or [(target, names)]
    return found


def import_graph() -> dict[str, set[str]]:
    modules = package_modules()
    return {name: {target for target, _ in imports_of(path, modules) if target in modules and target != name}
            for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Arrows between the packages of scaling_lab (the top-level ``__init__`` and private helpers left out)."""
    def package(name: str) -> str | None:
        parts = name.split(".")
        return parts[1] if len(parts) > 1 and not parts[1].startswith("_") else None

    arrows: dict[str, set[str]] = {}
    for source, targets in graph.items():
        if (a := package(source)) is None:
            continue
        arrows.setdefault(a, set()).update(b for t in targets if (b := package(t)) not in (None, a))
    return arrows


def test_no_import_cycle_between_modules():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def test_no_import_cycle_between_packages():
    cycle = find_cycle(package_graph(import_graph()))
    assert cycle is None, "packages import each other: " + " -> ".join(cycle)


def test_cycle_check_can_fail():
    graph = import_graph()
    graph["scaling_lab.laws.joint"] = graph["scaling_lab.laws.joint"] | {"scaling_lab.laws.data_constrained"}
    assert find_cycle(graph) is not None
    assert find_cycle(package_graph({"scaling_lab.a.x": {"scaling_lab.b.y"}, "scaling_lab.b.y": {"scaling_lab.a.z"}}))


def test_no_module_imports_another_modules_private_names():
    modules = package_modules()
    offenders = []
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "book").rglob("*.py")]:
        for target, names in imports_of(path, modules):
            private = [n for n in names if n.startswith("_")]
            if private and not target.rsplit(".", 1)[-1].startswith("_"):
                offenders.append(f"{path.relative_to(ROOT)} imports {private} from {target}")
    assert not offenders, "\n".join(offenders)


def third_party_imports(path: Path) -> set[str]:
    """Top-level third-party modules a file imports, eagerly or through ``lazy_module("...")``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
        elif (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "lazy_module" and node.args
              and isinstance(node.args[0], ast.Constant)):
            found.add(node.args[0].value.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"scaling_lab"}


def test_authoring_is_apart_from_the_runtime_package():
    authoring = PACKAGE / "authoring"
    modules = package_modules()
    for path in PACKAGE.rglob("*.py"):
        if authoring in path.parents:
            continue
        targets = [t for t, _ in imports_of(path, modules)]
        assert not any(t.startswith("scaling_lab.authoring") for t in targets), f"{path} imports authoring"
        assert not third_party_imports(path) & set(AUTHORING_ONLY), f"{path} imports an authoring dependency"


def test_the_student_wheel_needs_only_numpy_scipy_matplotlib_and_ipywidgets():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    core = {re.split(r"[<>=~;\[ ]", d)[0].lower() for d in project["dependencies"]}
    assert core == {"numpy", "scipy", "matplotlib", "ipywidgets"}
    authoring = {re.split(r"[<>=~;\[ ]", d)[0].lower() for d in project["optional-dependencies"]["authoring"]}
    assert {"jupytext", "nbformat", "pyyaml"} <= authoring


def test_import_scaling_lab_leaves_the_heavy_and_authoring_modules_unimported():
    code = ("import sys, scaling_lab as sl; sl.TrainingAPI; sl.fit_power_law; "
            f"print(sorted(m for m in {NOT_ON_IMPORT!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]", f"import scaling_lab imported {out.stdout.strip()}"


def test_a_lab_runs_without_the_authoring_dependencies():
    """The first exercises of labs/lab01_zipf.md (solution version) where jupytext, nbformat and yaml cannot load."""
    import jupytext

    notebook = jupytext.read(ROOT / "labs" / "lab01_zipf.md")
    code = [c.source for c in notebook.cells if c.cell_type == "code"][:8]
    blocker = "import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in ("jupytext", "nbformat", "yaml"))
    script = blocker + "\n".join(line for cell in code for line in cell.splitlines() if not line.startswith(("%", "!")))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                         env={"MPLBACKEND": "Agg", "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr[-2000:]


NOT_OURS = {".venv", "_build", "node_modules", "build", "dist", ".git"}  # environments and build products


@pytest.mark.parametrize("path", sorted(p for p in ROOT.rglob("*.py") if not NOT_OURS & set(p.relative_to(ROOT).parts)),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_no_file_inserts_into_sys_path(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "path" and getattr(node.value, "id", None) == "sys":
            parent_calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                            and n.func.value is node and n.func.attr in ("insert", "append", "extend")]
            assert not parent_calls, f"{path.relative_to(ROOT)} changes sys.path"


# ------------------------------------------------------------------------------ tests mirror the package
TESTS = ROOT / "tests"
#: The folder of the tests of the top-level private helpers (``scaling_lab/_validate.py`` ...): the
#: ground floor every package stands on.
GROUND_FLOOR = "ground_floor"
#: Modules of scaling_lab without a test file of their own, with the reason.  None: every module with
#: logic has one, and a module without logic would not be in the package.
NO_TEST_FILE: dict[str, str] = {}
#: Folders of tests/ that do not mirror a package: repository-wide checks, checks of the book's pages,
#: the built site, and the benchmarks (scripts run by ``make bench``, not tests).
NOT_MIRRORED = ("repository", "book", "site", "benchmarks")
#: Python files of tests/ that pytest does not collect on purpose: helpers the tests import.
HELPERS = ("tests/book_files.py", "tests/site/browse.py")


def mirror_path(module: str) -> str:
    """Where the tests of ``module`` (a path relative to scaling_lab/) live.

    ``<package>/<module>.py`` -> ``tests/<package>/test_<module>.py``, with a private module's leading
    underscore dropped (``experiments/_parallel.py`` -> ``tests/experiments/test_parallel.py``); a
    top-level private helper ``_<name>.py`` -> ``tests/ground_floor/test_<name>.py``.
    """
    parts = Path(module).parts
    folder = parts[:-1] if len(parts) > 1 else (GROUND_FLOOR,)
    return Path("tests", *folder, f"test_{Path(parts[-1]).stem.lstrip('_')}.py").as_posix()


def mirror_problems(modules: list[str], test_files: list[str]) -> list[str]:
    """What breaks the mirror, given the package's modules (relative to scaling_lab/, ``__init__.py`` left
    out) and the test files of the mirrored folders (relative to the repository)."""
    problems, owner = [], {}
    for module in modules:
        wanted = mirror_path(module)
        if wanted in owner:
            problems.append(f"{module} and {owner[wanted]} would share {wanted}: rename one")
        owner[wanted] = module
        if wanted not in test_files and module not in NO_TEST_FILE:
            problems.append(f"scaling_lab/{module} has no {wanted}")
    packages = {Path(m).parts[0] for m in modules if len(Path(m).parts) > 1}
    for test_file in test_files:
        path = Path(test_file)
        if path.name == "test_init.py" and path.parent.name in packages:
            continue  # the tests of a package's own __init__.py
        if test_file not in owner:
            problems.append(f"{test_file} names no module of scaling_lab (rename it after the module it tests)")
    return problems


def mirrored_test_files() -> list[str]:
    return sorted(p.relative_to(ROOT).as_posix() for p in TESTS.glob("*/test_*.py")
                  if p.parent.name not in NOT_MIRRORED)


def modules_with_logic() -> list[str]:
    return sorted(p.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("*.py")
                  if p.name != "__init__.py" and "__pycache__" not in p.parts)


def test_every_module_has_a_test_file_of_its_own_name():
    problems = mirror_problems(modules_with_logic(), mirrored_test_files())
    assert not problems, "\n".join(problems)


def test_mirror_check_can_fail():
    modules = ["fitting/power_law.py", "experiments/_parallel.py", "_validate.py", "laws/basic.py"]
    tests = ["tests/fitting/test_power_law.py", "tests/experiments/test_parallel.py", "tests/laws/test_init.py",
             "tests/laws/test_old_name.py"]
    assert mirror_problems(modules, tests) == [
        "scaling_lab/_validate.py has no tests/ground_floor/test_validate.py",
        "scaling_lab/laws/basic.py has no tests/laws/test_basic.py",
        "tests/laws/test_old_name.py names no module of scaling_lab (rename it after the module it tests)",
    ]
    clash = mirror_problems(["experiments/_sizes.py", "experiments/sizes.py"], ["tests/experiments/test_sizes.py"])
    assert clash == ["experiments/sizes.py and experiments/_sizes.py would share tests/experiments/test_sizes.py: "
                     "rename one"]
    assert mirror_problems(modules_with_logic(), mirrored_test_files()[1:]) != []  # one test file less: caught


def collection_problems(files: list[str], folders: list[str], has_init) -> list[str]:
    """Python files under tests/ that pytest would silently not collect, and test folders that are not
    packages (without ``__init__.py`` two ``test_<name>.py`` of different folders would collide)."""
    problems = []
    for name in files:
        path = Path(name)
        if path.parts[1] == "benchmarks" or name in HELPERS:
            continue
        if not (path.name.startswith("test_") or path.name in ("conftest.py", "__init__.py")):
            problems.append(f"{name} is not collected: name it test_<module>.py")
    problems += [f"{folder} has no __init__.py" for folder in folders if not has_init(folder)]
    return problems


def test_every_test_file_is_collected_and_every_test_folder_is_a_package():
    files = sorted(p.relative_to(ROOT).as_posix() for p in TESTS.rglob("*.py") if "__pycache__" not in p.parts)
    folders = sorted({Path(f).parent.as_posix() for f in files if Path(f).name.startswith("test_")})
    problems = collection_problems(files, folders, lambda folder: (ROOT / folder / "__init__.py").is_file())
    assert not problems, "\n".join(problems)


def test_collection_check_can_fail():
    files = ["tests/fitting/power_law_test.py", "tests/fitting/test_zipf.py", "tests/fitting/conftest.py",
             "tests/benchmarks/bench_x.py", "tests/book_files.py"]
    assert collection_problems(files, ["tests/fitting", "tests/laws"], lambda folder: folder == "tests/laws") == [
        "tests/fitting/power_law_test.py is not collected: name it test_<module>.py",
        "tests/fitting has no __init__.py",
    ]
