r"""Every law of the course in one table, generated from the package so that it cannot drift.

:func:`law_catalogue` walks the public functions of :mod:`scaling_lab.laws` (every
submodule listed in its ``__init__``, so a law added later is picked up) and reads,
for each one, the formula from its docstring's first ``.. math::`` block, the
published constants from its default ``params=`` (found by identity in
:mod:`scaling_lab.reference`), the source from those constants' ``source`` or the
first citation in the docstring, and the pages from :data:`LAW_PAGES`.
:func:`constant_catalogue` lists every published constant set in
:mod:`scaling_lab.reference` with its source and the laws that take it.
:func:`law_table_markdown` renders the first as a Markdown table; :func:`constant_table_markdown` renders the
second for ``book/summary.md``, each set with its formula (:data:`CONSTANT_FORMS`) and each value with its symbol
and unit.
It lives with what pages show, above both :mod:`scaling_lab.laws` and :mod:`scaling_lab.reference`, which it reads.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from types import MappingProxyType
from typing import NamedTuple

__all__ = ["LAW_PAGES", "LawEntry", "ConstantEntry", "law_catalogue", "constant_catalogue",
           "law_table_markdown", "Quantity", "ConstantForm", "CONSTANT_FORMS", "constant_form",
           "constant_table_markdown"]

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


class Quantity(NamedTuple):
    """How the constants table shows one number: its symbol (LaTeX) and unit.

    ``unit=None`` takes the unit from the record that holds the number (its ``units`` field, as the Kaplan
    power laws carry). ``allocation=True`` marks a record ``scale * C_min**exponent`` (Kaplan's Table 6),
    shown as ``symbol: Q_1 = scale unit, p = exponent`` after the form ``Q = Q_1 C_min^p``.
    """

    symbol: str
    unit: str | None = ""
    allocation: bool = False


class ConstantForm(NamedTuple):
    """The formula a constant set enters (LaTeX) and a :class:`Quantity` per field; ``breaks.{i}.x`` covers
    every item of a tuple of records, with ``{i}`` the item's number from 1."""

    formula: str
    quantities: MappingProxyType


def _form(*lines: str, **quantities) -> ConstantForm:
    """A form of one or more lines of formula (a narrow column stacks them) and its quantities by field name
    (``a__b`` for field ``b`` of record ``a``)."""
    formula = lines[0] if len(lines) == 1 else r"\begin{gathered}" + r" \\ ".join(lines) + r"\end{gathered}"
    return ConstantForm(formula, MappingProxyType({key.replace("__", "."): Quantity(*value) if isinstance(
        value, tuple) else Quantity(value) for key, value in quantities.items()}))


_PARAMS = "non-embedding parameters"
_CHINCHILLA_FORM = _form(r"L(N, D) = E + \frac{A}{N^{\alpha}} + \frac{B}{D^{\beta}}", E=("E", "nats/token"),
                         A="A", B="B", alpha=r"\alpha", beta=r"\beta")
_ALLOCATION = (r"Q = Q_1\, C_{\min}^{\,p}", r"C_{\min}\text{ in PF-days}")

#: How the constants table of ``book/summary.md`` shows each published constant set: keyed by the set's name
#: in :mod:`scaling_lab.reference`, else by its type (every set of that type enters the same formula). A
#: test fails when a set shown in the table, or one of its numbers, has no entry here.
CONSTANT_FORMS = MappingProxyType({
    "KAPLAN_2020_LOSS_N": _form(r"L(N) = (N_c/N)^{\alpha_N}", scale=("N_c", None), exponent=r"\alpha_N"),
    "KAPLAN_2020_LOSS_D": _form(r"L(D) = (D_c/D)^{\alpha_D}", scale=("D_c", None), exponent=r"\alpha_D"),
    "KAPLAN_2020_LOSS_CMIN": _form(r"L(C_{\min}) = (C_c^{\min}/C_{\min})^{\alpha_C^{\min}}",
                                   scale=(r"C_c^{\min}", None), exponent=r"\alpha_C^{\min}"),
    "KAPLAN_2020_LOSS_C_NAIVE": _form(r"L(C) = (C_c/C)^{\alpha_C}", scale=("C_c", None), exponent=r"\alpha_C"),
    "KAPLAN_2020_CONTRADICTION": _form(
        r"\left(\frac{C_c^{\min}}{C_{\min}}\right)^{\alpha_C^{\min}}",
        r"= \left(\frac{D_c}{D(C_{\min})}\right)^{\alpha_D}", *_ALLOCATION[:1],
        loss_cmin__scale=(r"C_c^{\min}", None), loss_cmin__exponent=r"\alpha_C^{\min}",
        loss_d__scale=("D_c", None), loss_d__exponent=r"\alpha_D",
        data_of_compute=(r"D(C_{\min})", None, True), n_of_compute=(r"N(C_{\min})", None, True)),
    "KaplanCriticalBatch": _form(r"B_{\rm crit}(L) = B_* / L^{1/\alpha_B}", b_star=("B_*", "tokens"),
                                 alpha_b=r"\alpha_B"),
    "KaplanLossND": _form(r"L(N, D) =",
                          r"\left[\left(\frac{N_c}{N}\right)^{\alpha_N/\alpha_D} + \frac{D_c}{D}\right]^{\alpha_D}",
                          n_c=("N_c", _PARAMS), d_c=("D_c", "tokens"), alpha_n=r"\alpha_N", alpha_d=r"\alpha_D"),
    "KaplanLossNS": _form(r"L(N, S_{\min}) =",
                          r"\left(\frac{N_c}{N}\right)^{\alpha_N} + \left(\frac{S_c}{S_{\min}}\right)^{\alpha_S}",
                          n_c=("N_c", _PARAMS), s_c=("S_c", "steps"), alpha_n=r"\alpha_N", alpha_s=r"\alpha_S"),
    "KaplanComputeEfficient": _form(*_ALLOCATION, n_opt=(r"N_{\rm opt}", None, True), batch_size=("B", None, True),
                                    s_min=(r"S_{\min}", None, True), d_opt=(r"D_{\rm opt}", None, True)),
    "KaplanDataRule": _form(r"D \gtrsim D_1\, N^{p}", r"\text{for overfitting } \delta L", scale="D_1", exponent="p",
                            overfitting=r"\delta L"),
    "ChinchillaParams": _CHINCHILLA_FORM,
    "HyperparameterLawParams": _form(r"\eta_{\rm opt} = a_\eta\, C^{-b_\eta}", r"B_{\rm opt} = a_B\, C^{\,b_B}",
                                     r"C \text{ in FLOPs}", lr_coefficient=r"a_\eta", lr_exponent=r"b_\eta",
                                     batch_coefficient=("a_B", "tokens"), batch_exponent="b_B"),
    "TrainedModel": _form(r"\text{size } N,\ \text{data } D", n_params=("N", "parameters"),
                          n_tokens=("D", "tokens")),
    "DataConstrainedParams": _form(r"L = E + \frac{A}{{N'}^{\alpha}} + \frac{B}{{D'}^{\beta}}",
                                   r"D' = U_D \left(1 + R_D^* \left(1 - e^{-R_D/R_D^*}\right)\right)",
                                   r"N' = U_N \left(1 + R_N^* \left(1 - e^{-R_N/R_N^*}\right)\right)",
                                   E="E", A="A", B="B", alpha=r"\alpha", beta=r"\beta", r_d_star="R_D^*",
                                   r_n_star="R_N^*"),
    "BNSLParams": _form(r"y = a + b\, x^{-c_0}", r"\times \prod_{i=1}^{n} \left(1 + (x/d_i)^{1/f_i}\right)^{-c_i f_i}",
                        floor="a", coefficient="b", exponent="c_0", breaks__i__slope_change="c_{i}",
                        breaks__i__location="d_{i}", breaks__i__sharpness="f_{i}"),
    "RosenfeldParams": _form(r"\tilde\epsilon = a\, n^{-\alpha} + b\, m^{-\beta} + c_\infty",
                             r"\hat\epsilon = \epsilon_0 \left|\frac{\tilde\epsilon}{\tilde\epsilon - i\eta}\right|",
                             a="a", alpha=r"\alpha", b="b", beta=r"\beta", c_inf=r"c_\infty", eps0=r"\epsilon_0",
                             eta=r"\eta"),
    "FineGrainedMoEParams": _form(r"L(N, D, G) = c + \frac{b}{D^{\beta}}",
                                  r"+ \left(\frac{g}{G^{\gamma}} + a\right) N^{-\alpha}",
                                  c=("c", "nats/token"), a="a", alpha=r"\alpha", b="b", beta=r"\beta", g="g",
                                  gamma=r"\gamma"),
    "EmbeddingCount": _form(r"N_T = N_{\setminus E} + \omega\, N_{\setminus E}^{1/3}",
                            r"A_r = d_{\rm model}/n_{\rm layer}", r"\omega = V (A_r/12)^{1/3}", omega=r"\omega",
                            vocab_size=("V", "tokens"), aspect_ratio="A_r", n_ctx=(r"n_{\rm ctx}", "tokens")),
})


def _fields(obj):
    if dataclasses.is_dataclass(obj):
        return [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj)]
    return list(obj._asdict().items())


def _latex_number(value) -> str:
    """Four significant digits; ``8.8\\times10^{13}`` from 10^4 up and below 10^-3."""
    value = float(value)
    if value == 0 or 1e-3 <= abs(value) < 1e4:
        return f"{value:.4g}"
    mantissa, exponent = f"{value:.3e}".split("e")
    mantissa = mantissa.rstrip("0").rstrip(".")
    power = f"10^{{{int(exponent)}}}"
    return power if mantissa == "1" else f"{mantissa}\\times{power}"


def _quantity_lines(obj, form: ConstantForm, prefix: str = "", units: str = "") -> list[str]:
    """One line per number of ``obj``: ``$symbol = value$ unit``; KeyError names a number without a Quantity."""
    lines = []
    record_units = getattr(obj, "units", "") or units
    for key, value in _fields(obj):
        if key in ("source", "units", "name") or isinstance(value, str):
            continue
        path = f"{prefix}{key}"
        if isinstance(value, tuple) and not hasattr(value, "_asdict"):
            for number, item in enumerate(value, start=1):
                template = ConstantForm(form.formula, MappingProxyType({
                    k.replace(f"{path}.i.", ""): Quantity(q.symbol.replace("{i}", str(number)), q.unit, q.allocation)
                    for k, q in form.quantities.items() if k.startswith(f"{path}.i.")}))
                lines.extend(_quantity_lines(item, template, "", record_units))
            continue
        quantity = form.quantities.get(path)
        if quantity is not None and quantity.allocation:
            unit = value.units if quantity.unit is None else quantity.unit
            lines.append(f"${quantity.symbol}$: $Q_1 = {_latex_number(value.scale)}$ {unit}, "
                         f"$p = {value.exponent:g}$")
        elif dataclasses.is_dataclass(value) or hasattr(value, "_asdict"):
            lines.extend(_quantity_lines(value, form, f"{path}.", record_units))
        else:
            if quantity is None:
                raise KeyError(path)
            unit = record_units if quantity.unit is None else quantity.unit
            lines.append(f"${quantity.symbol} = {_latex_number(value)}$ {unit}".rstrip())
    return lines


def constant_form(entry: ConstantEntry) -> ConstantForm:
    """The :data:`CONSTANT_FORMS` entry of a constant set: by its name, else by its type."""
    form = CONSTANT_FORMS.get(entry.name) or CONSTANT_FORMS.get(entry.kind)
    if form is None:
        raise KeyError(f"{entry.name} ({entry.kind}) has no entry in CONSTANT_FORMS "
                       "(scaling_lab/plotting/catalogue.py)")
    return form


def constant_table_markdown(entries=None) -> str:
    r"""The constants catalogue as a MyST ``list-table`` of three columns: the set (its name, source and the
    laws that take it), its formula, and its values, one per line as ``$symbol = value$ unit``.

    ``entries`` defaults to :func:`constant_catalogue`. Raises ``KeyError`` for a set or a number that
    :data:`CONSTANT_FORMS` does not describe, and ``ValueError`` for entries that are not ConstantEntry records.
    """
    import scaling_lab.reference as reference
    entries = constant_catalogue() if entries is None else tuple(entries)
    if not all(isinstance(e, ConstantEntry) for e in entries):
        raise ValueError("entries must be ConstantEntry records, as returned by constant_catalogue()")
    lines = ["```{list-table}", ":header-rows: 1", ":class: constants-table", ":widths: auto", "",
             "* - Constants and source", "  - Form", "  - Values"]
    for e in entries:
        form = constant_form(e)
        try:
            values = _quantity_lines(getattr(reference, e.name), form)
        except KeyError as missing:
            raise KeyError(f"{e.name}: no Quantity for {missing.args[0]!r} in CONSTANT_FORMS") from None
        used_by = ("Used by " + ", ".join(f"`{name}`" for name in e.laws) + "." if e.laws
                   else "Reference values; no law takes them.")
        lines += [f"* - `{e.name}`", "", f"    {e.source}", "", f"    {used_by}",
                  f"  - ${form.formula}$", f"  - {values[0]}"]
        lines += [line for value in values[1:] for line in ("", f"    {value}")]
    lines.append("```")
    return "\n".join(lines)
