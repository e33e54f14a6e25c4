"""Containers for published constants: small frozen records with reader-facing field names.

Any object with the same attributes works wherever a law takes ``params=``;
these are the classes the package uses for the published values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = [
    "ChinchillaParams", "KaplanPowerLaw", "KaplanLossND", "KaplanLossNS", "KaplanCriticalBatch",
    "KaplanAllocationLaw", "KaplanComputeEfficient", "KaplanContradiction", "ChinchillaTableRow",
    "AllocationExponents", "TrainedModel", "DataConstrainedParams", "DataConstrainedTestValue",
    "BNSLBreak", "BNSLParams", "RosenfeldParams", "EmbeddingCount",
]

@dataclass(frozen=True)
class ChinchillaParams:
    r"""Constants of the parametric loss :math:`L = E + A/N^{\alpha} + B/D^{\beta}`.

    Any object with attributes ``E, A, B, alpha, beta`` works with
    :func:`scaling_lab.laws.chinchilla_loss` and :mod:`scaling_lab.allocation`;
    this class is the one the package uses for published values.
    """

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class KaplanPowerLaw:
    r"""A Kaplan-style pure power law :math:`L(X) = (X_c / X)^{\alpha_X}`."""

    scale: float
    exponent: float
    units: str
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class KaplanLossND:
    r"""Constants of :math:`L(N, D) = [(N_c/N)^{\alpha_N/\alpha_D} + D_c/D]^{\alpha_D}`."""

    n_c: float
    d_c: float
    alpha_n: float
    alpha_d: float
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class KaplanLossNS:
    r"""Constants of :math:`L(N, S) = (N_c/N)^{\alpha_N} + (S_c/S_{\min})^{\alpha_S}`."""

    n_c: float
    s_c: float
    alpha_n: float
    alpha_s: float
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class KaplanCriticalBatch:
    r"""Constants of :math:`B_{\rm crit}(L) = B_* / L^{1/\alpha_B}` (tokens)."""

    b_star: float
    alpha_b: float
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class KaplanAllocationLaw:
    r"""One row of Kaplan Table 6: :math:`Q = \text{scale} \cdot C_{\min}^{p}`, C_min in PF-days."""

    scale: float
    exponent: float
    units: str


@dataclass(frozen=True)
class KaplanContradiction:
    r"""The trends whose crossing Kaplan et al. (2020, sec. 6.3) discuss.

    ``loss_cmin`` is :math:`L(C_{\min})` (eq. 1.3), ``loss_d`` is :math:`L(D)`
    (eq. 1.2), ``data_of_compute`` the data used by compute-efficient training,
    :math:`D(C_{\min})` (eq. 6.7), and ``n_of_compute`` the compute-efficient
    model size :math:`N(C_{\min})` (Table 6, Figure 14).
    """

    loss_cmin: KaplanPowerLaw
    loss_d: KaplanPowerLaw
    data_of_compute: KaplanAllocationLaw
    n_of_compute: KaplanAllocationLaw
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class KaplanComputeEfficient:
    """Kaplan et al. (2020) Appendix A Table 6: compute-efficient training."""

    n_opt: KaplanAllocationLaw
    batch_size: KaplanAllocationLaw
    s_min: KaplanAllocationLaw
    d_opt: KaplanAllocationLaw
    source: str = field(default="", compare=False)


class ChinchillaTableRow(NamedTuple):
    """One row of Hoffmann et al. (2022) Table 3 or Table A3, as printed."""

    approach: int
    table: str
    n_params: float
    compute_flops: float
    n_tokens: float
    note: str = ""


class AllocationExponents(NamedTuple):
    r"""Hoffmann et al. (2022) Table 2: :math:`N_{opt} \propto C^a`, :math:`D_{opt} \propto C^b`.

    The intervals are the 10th and 90th bootstrap percentiles (``None`` if not given).
    """

    approach: str
    a: float
    a_p10_p90: tuple[float, float] | None
    b: float
    b_p10_p90: tuple[float, float] | None


class TrainedModel(NamedTuple):
    """A published model: parameters and training tokens."""

    name: str
    n_params: float
    n_tokens: float
    source: str


@dataclass(frozen=True)
class DataConstrainedParams:
    r"""Constants of the data-constrained law of Muennighoff et al. (2023).

    ``E, A, B, alpha, beta`` play the same role as in the Chinchilla law;
    ``r_d_star`` and ``r_n_star`` are the decay constants :math:`R_D^*` and
    :math:`R_N^*` of the value of repeated data and excess parameters.
    """

    E: float
    A: float
    B: float
    alpha: float
    beta: float
    r_d_star: float
    r_n_star: float
    source: str = field(default="", compare=False)


class DataConstrainedTestValue(NamedTuple):
    """A loss printed by Muennighoff et al. for a given (N, D, U_D)."""

    n_params: float
    n_tokens: float
    unique_tokens: float
    loss: float


class BNSLBreak(NamedTuple):
    r"""One break of a broken neural scaling law (Caballero et al. 2023, eq. 1).

    ``slope_change`` is :math:`c_i` (the log-log slope falls by it across the
    break), ``location`` is :math:`d_i` (where the break happens, in the units
    of the scaled quantity) and ``sharpness`` is :math:`f_i` (smaller is sharper).
    """

    slope_change: float
    location: float
    sharpness: float


@dataclass(frozen=True)
class BNSLParams:
    r"""Constants of a broken neural scaling law (Caballero et al. 2023, eq. 1).

    ``floor`` is :math:`a`, ``coefficient`` :math:`b`, ``exponent`` the initial
    slope :math:`c_0`, and ``breaks`` a tuple of :class:`BNSLBreak`.
    """

    floor: float
    coefficient: float
    exponent: float
    breaks: tuple[BNSLBreak, ...] = ()
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class RosenfeldParams:
    r"""Constants of the joint form of Rosenfeld et al. (2020).

    :math:`\tilde\epsilon = a\,n^{-\alpha} + b\,m^{-\beta} + c_\infty` and the envelope
    :math:`\hat\epsilon = \epsilon_0 |\tilde\epsilon / (\tilde\epsilon - i\eta)|`.
    """

    a: float
    alpha: float
    b: float
    beta: float
    c_inf: float
    eps0: float
    eta: float
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class EmbeddingCount:
    r"""How a model's total parameters relate to its non-embedding parameters.

    .. math:: N_T = N_{\setminus E} + \omega\, N_{\setminus E}^{1/3}, \qquad
              \omega = V \left(\frac{A_r}{12}\right)^{1/3}

    for a transformer with :math:`N_{\setminus E} = 12\, n_{\rm layer} d_{\rm model}^2` non-embedding
    parameters, a fixed aspect ratio :math:`A_r = d_{\rm model}/n_{\rm layer}` (so
    :math:`d_{\rm model} = (A_r N_{\setminus E}/12)^{1/3}`) and :math:`V d_{\rm model}` embedding
    parameters for a vocabulary of :math:`V` tokens. ``n_ctx`` is the context length, used only for
    the attention FLOPs.
    """

    omega: float
    vocab_size: float
    aspect_ratio: float
    n_ctx: int
    source: str = field(default="", compare=False)
