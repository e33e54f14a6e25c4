r"""Every law of the course in one table, generated from the package so that it cannot drift.

:func:`law_catalogue` walks the public functions of :mod:`scaling_lab.laws` (every
submodule listed in its ``__init__``, so a law added later is picked up) and reads,
for each one, the formula from its docstring's first ``.. math::`` block, the
published constants from its default ``params=`` (found by identity in
:mod:`scaling_lab.reference`), the source from those constants' ``source`` or the
first citation in the docstring, and the pages from :data:`LAW_PAGES`.
:func:`constant_catalogue` lists every published constant set in
:mod:`scaling_lab.reference` with its source and the laws that take it.
:func:`law_table_markdown` renders the first as a Markdown table (``book/summary.md`` shows both).
It lives with what pages show, above both :mod:`scaling_lab.laws` and :mod:`scaling_lab.reference`, which it reads.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from types import MappingProxyType
from typing import NamedTuple

__all__ = ["LAW_PAGES", "LawEntry", "ConstantEntry", "law_catalogue", "constant_catalogue",
           "law_table_markdown"]

#: The pages (``book/<page>.md``) where each law of :mod:`scaling_lab.laws` is introduced, then the pages
#: that lean on it. A law added to the package must be added here: a test fails until it is.
LAW_PAGES = MappingProxyType({
    "power_law": ("power_laws",),
    "saturating_power_law": ("power_laws", "model_scaling"),
    "zipf_log_normaliser": ("power_laws",),
    "zipf_pmf": ("power_laws",),
    "kaplan_loss_n": ("model_scaling",),
    "kaplan_loss_d": ("joint_laws",),
    "kaplan_loss_nd": ("joint_laws",),
    "kaplan_loss_c": ("compute",),
    "kaplan_compute_efficient": ("compute",),
    "kaplan_loss_ns": ("training_curves",),
    "critical_batch_size": ("training_curves",),
    "kaplan_contradiction_point": ("compute", "forecasting"),
    "chinchilla_loss": ("joint_laws", "compute", "three_approaches"),
    "chinchilla_frontier": ("compute", "three_approaches"),
    "rosenfeld_loss": ("joint_laws",),
    "training_flops": ("compute",),
    "kaplan_forward_flops_per_token": ("compute",),
    "pf_days": ("compute",),
    "flops_from_pf_days": ("compute",),
    "per_token_accuracy": ("emergence",),
    "exact_match_accuracy": ("emergence",),
    "token_edit_distance": ("emergence",),
    "bnsl": ("emergence",),
    "data_constrained_loss": ("transfer_limits",),
    "effective_data": ("transfer_limits",),
    "effective_params": ("transfer_limits",),
    "value_of_repetition": ("transfer_limits",),
    # Mixtures of experts: a section of the observational chapter; model_scaling defines the parameter count.
    "saturated_experts": ("model_scaling", "observational"),
    "routed_loss": ("model_scaling", "observational"),
    "routed_effective_params": ("model_scaling", "observational"),
    "fine_grained_moe_loss": ("model_scaling", "observational"),
    # Over-training has no chapter yet; compute is where the compute-optimal allocation it departs from is.
    "overtraining_loss": ("overtraining",),
    "overtraining_loss_from_compute": ("overtraining",),
    "overtraining_params_from_code": ("overtraining",),
    "downstream_error": ("overtraining",),
    "optimal_learning_rate": ("schedules",),
    "optimal_batch_size": ("schedules",),
    "steps_examples_tradeoff": ("training_curves",),
    "minimum_steps": ("training_curves",),
    "minimum_compute": ("training_curves",),
    "kaplan_compute_to_loss": ("compute", "training_curves"),
    "kaplan_size_penalty": ("compute",),
    "kaplan_loss_at_batch": ("training_curves",),
    "kaplan_loss_after_steps": ("training_curves",),
    "kaplan_efficient_convergence": ("training_curves",),
    "kaplan_converged_size": ("training_curves",),
    "kaplan_convergence_ratios": ("training_curves",),
    "kaplan_overfitting": ("joint_laws",),
    "kaplan_data_requirement": ("joint_laws",),
    "kaplan_data_rule": ("joint_laws",),
})

_AUTHOR = r"[A-Z][A-Za-z'\-]+(?: et al\.| and [A-Z][A-Za-z'\-]+)?"
_YEAR = r"\(?(?:19|20)\d{2}\)?"
_WHERE = r"(?:,? (?:eqs?\.|secs?\.|Tables?|Fig\.|Figure|Appendix) [^,;()]+)*"
_CITATION = re.compile(_AUTHOR + r",? " + _YEAR + _WHERE)
_MATH_BLOCK = re.compile(r"\.\. math::(.*?)(?:\n\s*\n|\Z)", re.S)
_MATH_ROLE = re.compile(r":math:`([^`]*)`")


class LawEntry(NamedTuple):
    """One law: its name, module, one-line description, formula (LaTeX), constants, source and pages."""

    name: str
    module: str
    title: str
    formula: str
    constants: str
    source: str
    pages: tuple[str, ...]


class ConstantEntry(NamedTuple):
    """One published constant set in :mod:`scaling_lab.reference`, its source and the laws that take it."""

    name: str
    kind: str
    values: str
    source: str
    laws: tuple[str, ...]


def _law_functions():
    """(name, function) for every public function of scaling_lab.laws, in the package's order."""
    import scaling_lab.laws as laws
    return [(name, getattr(laws, name)) for name in laws.__all__ if inspect.isfunction(getattr(laws, name))]


def _reference_names() -> dict[int, str]:
    import scaling_lab.reference as reference
    return {id(getattr(reference, name)): name for name in reference.__all__}


def _formula(doc: str) -> str:
    block = _MATH_BLOCK.search(doc)
    if block:
        return " ".join(line.strip() for line in block.group(1).strip().splitlines())
    roles = _MATH_ROLE.findall(doc.splitlines()[0])
    return roles[-1] if roles else ""


def _number(value) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _values(obj) -> str:
    """The numbers of a constants object, ``name=value`` pairs; nested records in parentheses."""
    if dataclasses.is_dataclass(obj):
        items = [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj)]
    elif hasattr(obj, "_asdict"):
        items = list(obj._asdict().items())
    else:
        return _number(obj)
    parts = []
    for key, value in items:
        if key == "source" or isinstance(value, str):
            continue
        if isinstance(value, tuple):
            inner = ", ".join(f"({_values(v)})" if hasattr(v, "_asdict") else _number(v) for v in value)
            parts.append(f"{key}=({inner})")
        elif dataclasses.is_dataclass(value) or hasattr(value, "_asdict"):
            parts.append(f"{key}=({_values(value)})")
        else:
            parts.append(f"{key}={_number(value)}")
    return ", ".join(parts)


def _default_params(func):
    param = inspect.signature(func).parameters.get("params")
    if param is None or param.default is inspect.Parameter.empty:
        return None
    return param.default


def _source(func, params, laws=None) -> str:
    """The constants' ``source``, else the first citation in the docstring or the module's, else the
    source of the first law the docstring refers to (a helper such as a normaliser cites through it)."""
    if params is not None and getattr(params, "source", ""):
        return params.source
    doc = inspect.getdoc(func) or ""
    for text in (doc, inspect.getmodule(func).__doc__ or ""):
        found = _CITATION.search(text.split("Parameters\n")[0])
        if found:
            return found.group(0).rstrip(". ").replace("(", "").replace(")", "")
    for other in re.findall(r":func:`~?([\w.]+)`", doc):
        target = (laws or {}).get(other.rsplit(".", 1)[-1])
        if target is not None and target is not func:
            return _source(target, _default_params(target))
    return ""


def law_catalogue() -> tuple[LawEntry, ...]:
    """Every law of :mod:`scaling_lab.laws`: name, formula, constants, source and pages.

    Built on each call from the package itself: formulas from the docstrings,
    constants from the default ``params=`` (named as in
    :mod:`scaling_lab.reference`), sources from those constants or the
    docstrings' citations, pages from :data:`LAW_PAGES` (empty for a law not yet listed there).

    Returns
    -------
    tuple of LawEntry
    """
    names = _reference_names()
    functions = _law_functions()
    entries = []
    for name, func in functions:
        doc = inspect.getdoc(func) or ""
        params = _default_params(func)
        if params is None:
            constants = "fitted per problem" if "params" in inspect.signature(func).parameters else "none"
        else:
            constants = f"{names.get(id(params), type(params).__name__)}: {_values(params)}"
        entries.append(LawEntry(name, func.__module__, doc.splitlines()[0] if doc else "", _formula(doc), constants,
                                _source(func, params, dict(functions)), LAW_PAGES.get(name, ())))
    return tuple(entries)


def constant_catalogue() -> tuple[ConstantEntry, ...]:
    """Every published constant set in :mod:`scaling_lab.reference` (objects with a ``source``).

    ``laws`` names the laws that take it: those whose default ``params=`` it is
    or whose docstring names it; failing both, those whose default is of the
    same type (e.g. another fit of the Chinchilla law).
    """
    import scaling_lab.reference as reference
    laws = _law_functions()
    defaults = [(name, _default_params(func), inspect.getdoc(func) or "") for name, func in laws]
    out = []
    for const_name in reference.__all__:
        obj = getattr(reference, const_name)
        if inspect.isclass(obj) or not isinstance(getattr(obj, "source", None), str):
            continue
        taking = tuple(name for name, default, doc in defaults
                       if default is obj or re.search(rf"\b{const_name}\b", doc))
        if not taking:
            taking = tuple(name for name, default, _ in defaults
                           if default is not None and type(default) is type(obj))
        out.append(ConstantEntry(const_name, type(obj).__name__, _values(obj), obj.source, taking))
    return tuple(out)


def _cell(text: str) -> str:
    return text.replace("|", r"\vert ").replace("\n", " ")


def law_table_markdown(entries=None) -> str:
    r"""The law catalogue as a Markdown table (MyST ``dollarmath`` renders the formulas).

    Columns: law, form, constants, source, pages; one row per law, in the
    package's order.  ``entries`` defaults to :func:`law_catalogue`.
    """
    entries = law_catalogue() if entries is None else tuple(entries)
    if not all(isinstance(e, LawEntry) for e in entries):
        raise ValueError("entries must be LawEntry records, as returned by law_catalogue()")
    lines = ["| Law | Form | Constants | Source | Pages |", "| --- | --- | --- | --- | --- |"]
    for e in entries:
        formula = f"${_cell(e.formula)}$" if e.formula else ""
        lines.append(f"| `{e.name}` | {formula} | {_cell(e.constants)} | {_cell(e.source)} | {', '.join(e.pages)} |")
    return "\n".join(lines)
