"""One public vocabulary: the package's names are checked by walking its public signatures.

- Every public name is defined in the submodule whose ``__all__`` lists it, and the top-level
  namespace is exactly the union of those lists.
- No public signature or result field uses a retired name: FLOPs are ``compute_flops``, Zipf's K is
  ``n_types``, constants are overridden with ``params=``, seeds are ``seed=``, and fit results name
  their uncertainties ``<name>_stderr``, ``<name>_ci`` and ``confidence``.
- The names and signatures that outside checks call stay exactly as fixed.

(That every third-party module the package imports is declared is checked in test_packaging.py.)
"""

from __future__ import annotations

import dataclasses
import inspect
import warnings

import numpy as np
import pytest

import scaling_lab as sl


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
    assert list(inspect.signature(sl.fit_isoflops).parameters) == ["n_params", "compute_flops", "loss"]
    assert list(inspect.signature(sl.compute_optimal).parameters) == ["compute_flops", "params"]
    assert list(inspect.signature(sl.data_constrained_loss).parameters) == [
        "n_params", "n_tokens", "unique_tokens", "params"]
    bootstrap = inspect.signature(sl.bootstrap_chinchilla).parameters
    assert list(bootstrap) == ["n_params", "n_tokens", "loss", "n_boot", "seed", "confidence"]
    assert [bootstrap[k].default for k in ("n_boot", "seed", "confidence")] == [4000, 0, 0.95]
    assert list(inspect.signature(sl.lm_size_sweep).parameters) == ["seed", "full"]
    from scaling_lab.training_api import TrainingAPI

    assert TrainingAPI is sl.TrainingAPI
    assert list(inspect.signature(TrainingAPI.query).parameters) == [
        "self", "d_model", "n_layers", "learning_rate", "batch_size", "train_flops"]
    assert list(inspect.signature(TrainingAPI.submit).parameters) == ["self", "n_params", "loss", "compute"]
    # Positional and keyword calls agree; the retired keyword `compute=` is refused.
    n_opt, d_opt = sl.compute_optimal(1e21, sl.HOFFMANN_2022)
    assert sl.compute_optimal(compute_flops=1e21) == (n_opt, d_opt)
    with pytest.raises(TypeError, match="compute"):
        sl.compute_optimal(compute=1e21)
    runs = sl.isoflop_synthetic_runs(noise=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        positional = sl.fit_isoflops(runs.n_params, runs.compute_flops, runs.loss)
    keyword = sl.fit_isoflops(n_params=runs.n_params, compute_flops=runs.compute_flops, loss=runs.loss)
    assert keyword.a == positional.a and 0.4 < positional.a < 0.5
    assert np.isfinite(positional.n_opt(1e22)) and np.isfinite(positional.d_opt(1e22))
