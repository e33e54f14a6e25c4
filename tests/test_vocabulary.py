"""One public vocabulary: the package's names are checked by walking its public signatures.

- Every public name is defined in the submodule whose ``__all__`` lists it, and the top-level
  namespace is exactly the union of those lists.
- No public signature or result field uses a retired name: FLOPs are ``compute_flops``, Zipf's K is
  ``n_types``, constants are overridden with ``params=``, seeds are ``seed=``, and fit results name
  their uncertainties ``<name>_stderr``, ``<name>_ci`` and ``confidence``.
- The names and signatures that outside checks call stay exactly as fixed.
- Every module stays under 400 lines, and every third-party module the package imports is a declared
  dependency.
"""

from __future__ import annotations

import ast
import dataclasses
import importlib.metadata
import inspect
import sys
import tomllib
import warnings
from pathlib import Path

import numpy as np
import pytest

import scaling_lab as sl

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "scaling_lab"

#: Retired parameter names and what replaced them.
RETIRED_PARAMETERS = {
    "compute": "compute_flops (FLOPs) or compute_pf_days (PF-days)",
    "flops": "compute_flops",
    "max_rank": "n_types (Zipf's K) in fits and laws",
    "n_c": "params=", "alpha_n": "params=", "d_c": "params=", "alpha_d": "params=",
    "c_c": "params=", "alpha_c": "params=", "b_star": "params=", "alpha_b": "params=",
    "table": "params=", "loss_cmin": "params=", "loss_d": "params=",
    "c0": "params= (BNSLParams.exponent)", "rng": "seed=",
}
#: Where an old name is still right: a plot's or an explorer's axis extent is not Zipf's K; and
#: TrainingAPI.submit(n_params, loss, compute) is a signature fixed for outside checks (issue 8).
ALLOWED = {("plot_rank_frequency", "max_rank"), ("power_law_explorer", "max_rank"), ("submit", "compute")}
RETIRED_FIELDS = {"stderr": "<name>_stderr", "ci": "<name>_ci", "profile_ci": "<name>_profile_ci"}


def public_callables():
    """Public functions and the public methods of public classes.

    Class constructors are left out: the records of published constants keep the papers'
    symbols as field names (``KaplanLossND.n_c``), and it is the laws taking them as
    ``params=`` whose signatures speak the vocabulary.
    """
    for name in sl.__all__:
        obj = getattr(sl, name)
        if inspect.isclass(obj):
            for attr, member in vars(obj).items():
                if not attr.startswith("_") and inspect.isfunction(member):
                    yield f"{name}.{attr}", member
        elif callable(obj):
            yield name, obj


def test_top_level_is_the_union_of_the_submodules_lists():
    expected = [name for module in sl.PUBLIC_MODULES for name in module.__all__]
    assert sl.__all__ == expected
    assert len(set(expected)) == len(expected)
    for module in sl.PUBLIC_MODULES:
        for name in module.__all__:
            obj = getattr(sl, name)
            assert obj is getattr(module, name)
            home = getattr(obj, "__module__", None)
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and home and home.startswith("scaling_lab"):
                assert home.startswith(module.__name__), f"{name} is listed in {module.__name__} but lives in {home}"


def test_a_name_exported_twice_is_an_error():
    from types import SimpleNamespace

    from scaling_lab._exports import reexport

    one = SimpleNamespace(__name__="one", __all__=["x"], x=1)
    two = SimpleNamespace(__name__="two", __all__=["x"], x=2)
    with pytest.raises(ValueError, match="both"):
        reexport({}, (one, two))
    with pytest.raises(ValueError, match="does not define"):
        reexport({}, (SimpleNamespace(__name__="three", __all__=["y"]),))


@pytest.mark.parametrize("name, func", list(public_callables()), ids=lambda v: v if isinstance(v, str) else "")
def test_no_public_signature_uses_a_retired_name(name, func):
    try:
        parameters = inspect.signature(func).parameters
    except (TypeError, ValueError):
        pytest.skip("no signature")
    short = name.split(".")[-1]
    for parameter in parameters:
        if parameter in RETIRED_PARAMETERS and (short, parameter) not in ALLOWED:
            pytest.fail(f"{name}({parameter}=...): use {RETIRED_PARAMETERS[parameter]}")


@pytest.mark.parametrize("name", [n for n in sl.__all__ if dataclasses.is_dataclass(getattr(sl, n))])
def test_result_fields_name_their_uncertainties_one_way(name):
    fields = {f.name for f in dataclasses.fields(getattr(sl, name))}
    for field in fields:
        assert field not in RETIRED_FIELDS, f"{name}.{field}: use {RETIRED_FIELDS[field]}"
    if any(f.endswith("_ci") for f in fields):
        assert "confidence" in fields, f"{name} has intervals but no confidence"


def test_fixed_names_and_signatures_keep_working():
    # Called by outside checks: names and signatures are fixed.
    assert list(inspect.signature(sl.fit_chinchilla).parameters) == ["n_params", "n_tokens", "loss", "mode"]
    assert inspect.signature(sl.fit_chinchilla).parameters["mode"].default == "fast"
    assert list(inspect.signature(sl.fit_isoflops).parameters)[0] == "n_params"
    assert list(inspect.signature(sl.compute_optimal).parameters) == ["compute_flops", "params"]
    assert list(inspect.signature(sl.data_constrained_loss).parameters) == [
        "n_params", "n_tokens", "unique_tokens", "params"]
    # The positional forms, and the old keyword `compute=`, still work.
    n_opt, d_opt = sl.compute_optimal(1e21, sl.HOFFMANN_2022)
    with pytest.warns(DeprecationWarning, match="compute_flops"):
        assert sl.compute_optimal(compute=1e21) == (n_opt, d_opt)
    with pytest.raises(TypeError, match="both"):
        sl.compute_optimal(compute=1e21, compute_flops=1e21)
    runs = sl.isoflop_synthetic_runs(noise=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        positional = sl.fit_isoflops(runs.n_params, runs.compute_flops, runs.loss)
    with pytest.warns(DeprecationWarning):
        keyword = sl.fit_isoflops(n_params=runs.n_params, compute=runs.compute_flops, loss=runs.loss)
    assert keyword.a == positional.a and 0.4 < positional.a < 0.5
    assert np.isfinite(positional.n_opt(1e22)) and np.isfinite(positional.d_opt(1e22))


def test_every_module_is_under_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in PACKAGE.rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400}
    assert not long, f"split these by topic: {long}"


def _third_party_imports() -> set[str]:
    found = set()
    stdlib = set(sys.stdlib_module_names)
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top not in stdlib and top != "scaling_lab":
                    found.add(top)
    return found


def test_every_run_time_dependency_is_declared():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *(d for extra in project.get("optional-dependencies", {}).values()
                                             for d in extra)]
    declared = {d.split(";")[0].split("[")[0].split("<")[0].split(">")[0].split("=")[0].split("~")[0].strip().lower()
                for d in declared}
    distributions = importlib.metadata.packages_distributions()
    missing = {}
    for module in _third_party_imports():
        dists = {d.lower() for d in distributions.get(module, [module])}
        if not dists & declared:
            missing[module] = sorted(dists)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"
