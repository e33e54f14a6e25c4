"""Published constants of the scaling-law literature, each with its citation.

Every number here is copied from a paper or from the authors' official code,
and the comment next to it names the equation or table.  The values are plain
Python data: nothing is read from disk or the network at run time.

Sources
-------
- Kaplan et al. (2020), "Scaling Laws for Neural Language Models", arXiv:2001.08361.
- Brown et al. (2020), "Language Models are Few-Shot Learners" (GPT-3), arXiv:2005.14165.
- Rae et al. (2021), "Scaling Language Models: Methods, Analysis & Insights from Training Gopher".
- Hoffmann et al. (2022), "Training Compute-Optimal Large Language Models", arXiv:2203.15556.
- Besiroglu, Erdil, Barnett and You (2024), "Chinchilla Scaling: A replication attempt",
  arXiv:2404.10102, code at github.com/epoch-research/analyzing-chinchilla.
- Muennighoff et al. (2023), "Scaling Data-Constrained Language Models", arXiv:2305.16264,
  code at github.com/huggingface/datablations.
- Caballero et al. (2022), "Broken Neural Scaling Laws", arXiv:2210.14891.
- Rosenfeld et al. (2020), "A Constructive Prediction of the Generalization Error Across
  Scales", ICLR 2020 (only the functional form is used; no constants are carried).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import NamedTuple

__all__ = [
    # containers
    "ChinchillaParams", "KaplanPowerLaw", "KaplanLossND", "KaplanLossNS", "KaplanCriticalBatch",
    "KaplanAllocationLaw", "KaplanComputeEfficient", "ChinchillaTableRow", "AllocationExponents",
    "TrainedModel", "DataConstrainedParams", "DataConstrainedTestValue", "BNSLBreak", "BNSLParams",
    "RosenfeldParams",
    # units
    "PF_DAY_FLOPS",
    # Kaplan et al. 2020
    "KAPLAN_2020_LOSS_N", "KAPLAN_2020_LOSS_D", "KAPLAN_2020_LOSS_CMIN", "KAPLAN_2020_LOSS_C_NAIVE",
    "KAPLAN_2020_B_STAR_EQ_1_4", "KAPLAN_2020_B_STAR_TABLE_5", "KAPLAN_2020_CRITICAL_BATCH",
    "KAPLAN_2020_LOSS_ND", "KAPLAN_2020_LOSS_NS", "KAPLAN_2020_COMPUTE_EFFICIENT",
    "KAPLAN_2020_ALPHA_CMIN_PREDICTED", "KAPLAN_2020_N_OF_CMIN_EXPONENT_PREDICTED",
    # Hoffmann et al. 2022
    "HOFFMANN_2022", "HOFFMANN_2022_TEX", "HOFFMANN_2022_TABLE_2", "HOFFMANN_2022_TABLE_3",
    "HOFFMANN_2022_TABLE_A3", "GOPHER", "CHINCHILLA", "GPT3", "GOPHER_COMPUTE_FLOPS",
    # Besiroglu et al. 2024
    "BESIROGLU_2024", "BESIROGLU_2024_BOOTSTRAP_SE", "BESIROGLU_2024_BOOTSTRAP_CI95",
    "BESIROGLU_2024_GRID_SUM_HUBER", "BESIROGLU_2024_GRID_SUM_HUBER_OBJECTIVE",
    # others
    "MUENNIGHOFF_2023", "MUENNIGHOFF_2023_TEST_VALUES", "CABALLERO_2022_FIGURE_1",
    "ROSENFELD_2020_ILLUSTRATIVE",
]

#: One petaflop/s-day in FLOP: 1e15 FLOP/s x 86 400 s (Kaplan et al. 2020, sec. 1.3).
PF_DAY_FLOPS = 8.64e19


# ---------------------------------------------------------------------------
# Containers
# ---------------------------------------------------------------------------
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
    """One break of a broken neural scaling law: slope change ``c``, location ``d``, sharpness ``f``."""

    c: float
    d: float
    f: float


@dataclass(frozen=True)
class BNSLParams:
    """Constants of a broken neural scaling law (Caballero et al. 2022, eq. 1)."""

    a: float
    b: float
    c0: float
    breaks: tuple[BNSLBreak, ...]
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


# ---------------------------------------------------------------------------
# Kaplan et al. (2020)
# ---------------------------------------------------------------------------
_KAPLAN = "Kaplan et al. 2020, arXiv:2001.08361"

#: L(N) = (N_c/N)^alpha_N, N = non-embedding parameters. Eq. 1.1 and Appendix A Table 5.
KAPLAN_2020_LOSS_N = KaplanPowerLaw(8.8e13, 0.076, "non-embedding parameters", f"{_KAPLAN}, eq. 1.1, Table 5")
#: L(D) = (D_c/D)^alpha_D, D = tokens, early-stopped large models. Eq. 1.2 and Table 5.
KAPLAN_2020_LOSS_D = KaplanPowerLaw(5.4e13, 0.095, "tokens", f"{_KAPLAN}, eq. 1.2, Table 5")
#: L(C_min) = (C_c^min/C_min)^alpha_C^min, C_min in PF-days. Eq. 1.3 and Table 5.
KAPLAN_2020_LOSS_CMIN = KaplanPowerLaw(3.1e8, 0.050, "PF-days (minimum compute)", f"{_KAPLAN}, eq. 1.3, Table 5")
#: 'Naive' L(C) at a fixed batch size, C in PF-days. Table 5.
KAPLAN_2020_LOSS_C_NAIVE = KaplanPowerLaw(1.6e7, 0.057, "PF-days (fixed batch size)", f"{_KAPLAN}, Table 5")

#: B* as quoted in eq. 1.4 of the main text ("B* ~ 2e8 tokens").
KAPLAN_2020_B_STAR_EQ_1_4 = 2.0e8
#: B* as listed in Appendix A Table 5 (2.1e8 tokens).
KAPLAN_2020_B_STAR_TABLE_5 = 2.1e8
#: B_crit(L) = B*/L^(1/alpha_B), eq. 1.4 / Table 5 (alpha_B = 0.21).  The package
#: defaults to the Table 5 value of B* because that table is the paper's summary
#: of fitted constants and prints one more significant digit than eq. 1.4's "~2e8".
KAPLAN_2020_CRITICAL_BATCH = KaplanCriticalBatch(
    b_star=KAPLAN_2020_B_STAR_TABLE_5, alpha_b=0.21, source=f"{_KAPLAN}, eq. 1.4, Table 5"
)

#: L(N, D) joint fit, eq. 1.5 with the constants of Table 2 ("Fits to L(N, D)").
#: These differ from the separate L(N), L(D) fits of Table 5.
KAPLAN_2020_LOSS_ND = KaplanLossND(
    n_c=6.4e13, d_c=1.8e13, alpha_n=0.076, alpha_d=0.103, source=f"{_KAPLAN}, eq. 1.5, Table 2"
)

#: L(N, S_min) fit, eq. 1.6 with the constants of Table 3 ("Fits to L(N, S)").
KAPLAN_2020_LOSS_NS = KaplanLossNS(
    n_c=6.5e13, s_c=2.1e3, alpha_n=0.077, alpha_s=0.76, source=f"{_KAPLAN}, eq. 1.6, Table 3"
)

#: Appendix A Table 6, compute-efficient training: scale * C_min^p with C_min in PF-days.
KAPLAN_2020_COMPUTE_EFFICIENT = KaplanComputeEfficient(
    n_opt=KaplanAllocationLaw(1.3e9, 0.73, "non-embedding parameters"),
    batch_size=KaplanAllocationLaw(2.0e6, 0.24, "tokens"),
    s_min=KaplanAllocationLaw(5.4e3, 0.03, "steps"),
    d_opt=KaplanAllocationLaw(2.0e10, 0.27, "tokens (one epoch)"),
    source=f"{_KAPLAN}, Appendix A Table 6 (also sec. 1.2)",
)

#: Predicted alpha_C^min = 1/(1/alpha_S + 1/alpha_B + 1/alpha_N), eq. 6.4.
KAPLAN_2020_ALPHA_CMIN_PREDICTED = 0.054
#: Predicted exponent of N(C_min), eq. 6.5.
KAPLAN_2020_N_OF_CMIN_EXPONENT_PREDICTED = 0.71


# ---------------------------------------------------------------------------
# Hoffmann et al. (2022)
# ---------------------------------------------------------------------------
_HOFFMANN = "Hoffmann et al. 2022, arXiv:2203.15556"

#: Eq. 10 (Appendix D.2) as printed, rounded.
HOFFMANN_2022 = ChinchillaParams(
    E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28,
    source=f"{_HOFFMANN}, eq. 10 (rounded, as printed)",
)

#: Unrounded eq. 10 values from the arXiv TeX source, as used by Besiroglu et al.
#: (2024) ('true_params' in data_analysis.ipynb): log A, log B, log E and the exponents.
HOFFMANN_2022_TEX = ChinchillaParams(
    E=math.exp(0.5267228), A=math.exp(6.0073404), B=math.exp(6.0179186),
    alpha=0.33917084, beta=0.2849083,
    source=f"{_HOFFMANN}, eq. 10, unrounded TeX-source values (via Besiroglu et al. 2024)",
)

#: Table 2: fitted allocation exponents N_opt ∝ C^a, D_opt ∝ C^b with 10th/90th bootstrap
#: percentiles (80% of the data resampled 100 times); the last row is Kaplan's for comparison.
HOFFMANN_2022_TABLE_2 = (
    AllocationExponents("1. Minimum over training curves", 0.50, (0.488, 0.502), 0.50, (0.501, 0.512)),
    AllocationExponents("2. IsoFLOP profiles", 0.49, (0.462, 0.534), 0.51, (0.483, 0.529)),
    AllocationExponents("3. Parametric modelling of the loss", 0.46, (0.454, 0.455), 0.54, (0.542, 0.543)),
    AllocationExponents("Kaplan et al. (2020)", 0.73, None, 0.27, None),
)

_T3 = "Table 3"
_TA3 = "Table A3"
_NOTE_67B = "5.76e23/(6*67e9) = 1.43e12 tokens, printed as 1.5 trillion"
_NOTE_175B = "printed 1.26e24 FLOPs is inconsistent with 6*N*D = 1.26e25 (likely a typo)"

#: Table 3 (Approach 1): compute-optimal FLOPs and tokens for each model size, as printed.
#: The 67B row's tokens disagree with its FLOPs (see the note); do not use it as an exact target.
HOFFMANN_2022_TABLE_3 = (
    ChinchillaTableRow(1, _T3, 4e8, 1.92e19, 8.0e9),
    ChinchillaTableRow(1, _T3, 1e9, 1.21e20, 20.2e9),
    ChinchillaTableRow(1, _T3, 1e10, 1.23e22, 205.1e9),
    ChinchillaTableRow(1, _T3, 6.7e10, 5.76e23, 1.5e12, _NOTE_67B),
    ChinchillaTableRow(1, _T3, 1.75e11, 3.85e24, 3.7e12),
    ChinchillaTableRow(1, _T3, 2.8e11, 9.90e24, 5.9e12),
    ChinchillaTableRow(1, _T3, 5.2e11, 3.43e25, 11.0e12),
    ChinchillaTableRow(1, _T3, 1e12, 1.27e26, 21.2e12),
    ChinchillaTableRow(1, _T3, 1e13, 1.30e28, 216.2e12),
)

#: Table A3 (Approaches 2 and 3), as printed.  The Approach 3, 175B row prints
#: 1.26e24 FLOPs where 6ND gives 1.26e25; do not use it as an exact target.
HOFFMANN_2022_TABLE_A3 = (
    ChinchillaTableRow(2, _TA3, 4e8, 1.84e19, 7.7e9),
    ChinchillaTableRow(2, _TA3, 1e9, 1.20e20, 20.0e9),
    ChinchillaTableRow(2, _TA3, 1e10, 1.32e22, 219.5e9),
    ChinchillaTableRow(2, _TA3, 6.7e10, 6.88e23, 1.7e12),
    ChinchillaTableRow(2, _TA3, 1.75e11, 4.54e24, 4.3e12),
    ChinchillaTableRow(2, _TA3, 2.8e11, 1.18e25, 7.1e12),
    ChinchillaTableRow(2, _TA3, 5.2e11, 4.19e25, 13.4e12),
    ChinchillaTableRow(2, _TA3, 1e12, 1.59e26, 26.5e12),
    ChinchillaTableRow(2, _TA3, 1e13, 1.75e28, 292.0e12),
    ChinchillaTableRow(3, _TA3, 4e8, 2.21e19, 9.2e9),
    ChinchillaTableRow(3, _TA3, 1e9, 1.62e20, 27.1e9),
    ChinchillaTableRow(3, _TA3, 1e10, 2.46e22, 410.1e9),
    ChinchillaTableRow(3, _TA3, 6.7e10, 1.71e24, 4.1e12),
    ChinchillaTableRow(3, _TA3, 1.75e11, 1.26e24, 12.0e12, _NOTE_175B),
    ChinchillaTableRow(3, _TA3, 2.8e11, 3.52e25, 20.1e12),
    ChinchillaTableRow(3, _TA3, 5.2e11, 1.36e26, 43.5e12),
    ChinchillaTableRow(3, _TA3, 1e12, 5.65e26, 94.1e12),
    ChinchillaTableRow(3, _TA3, 1e13, 8.55e28, 1426.0e12),
)

#: Gopher: 280B parameters on 300B tokens (Rae et al. 2021; Hoffmann et al. 2022 sec. 4).
GOPHER = TrainedModel("Gopher", 2.8e11, 3.0e11, "Rae et al. 2021; Hoffmann et al. 2022, sec. 4")
#: Chinchilla: 70B parameters on 1.4T tokens (Hoffmann et al. 2022, sec. 4).
CHINCHILLA = TrainedModel("Chinchilla", 7.0e10, 1.4e12, f"{_HOFFMANN}, sec. 4")
#: GPT-3: 175B parameters on 300B tokens (Brown et al. 2020, Table 2.1 and sec. 2.2).
GPT3 = TrainedModel("GPT-3", 1.75e11, 3.0e11, "Brown et al. 2020, arXiv:2005.14165, sec. 2.2")
#: Gopher's training compute as used by Hoffmann et al. (2022), Table 3 ('1 Gopher' of FLOPs).
#: Note 6*N*D for 280B x 300B gives 5.04e23; the paper counts FLOPs in more detail (Appendix F).
GOPHER_COMPUTE_FLOPS = 5.76e23


# ---------------------------------------------------------------------------
# Besiroglu et al. (2024), Epoch AI's replication of Approach 3
# ---------------------------------------------------------------------------
_EPOCH = ("Besiroglu et al. 2024, arXiv:2404.10102; epoch-research/analyzing-chinchilla "
          "data_analysis.ipynb @ 92258837")

#: Final estimate: Huber-likelihood maximum (delta = 1e-3, fitted log-scale) on 240 of the
#: 245 points digitised from Hoffmann's Figure 4 (notebook cells 24-25).  The paper's table,
#: as quoted elsewhere, rounds these to E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658.
BESIROGLU_2024 = ChinchillaParams(
    E=1.81686, A=482.00572, B=2085.4342, alpha=0.34781, beta=0.36585,
    source=f"{_EPOCH}, final estimate (Huber-likelihood MLE)",
)

#: Bootstrap standard errors of the final estimate (4000 resamples, seed 42; notebook cell 25).
BESIROGLU_2024_BOOTSTRAP_SE = MappingProxyType(
    {"E": 0.02566, "A": 124.52232, "B": 1293.2841, "alpha": 0.0154, "beta": 0.0206}
)

#: Bootstrap 95% intervals (2.5th/97.5th percentiles; notebook cell 26).
BESIROGLU_2024_BOOTSTRAP_CI95 = MappingProxyType({
    "E": (1.769, 1.871), "A": (285.214, 743.626), "B": (1042.357, 5810.344),
    "alpha": (0.317, 0.373), "beta": (0.331, 0.415),
})

#: Hoffmann-style fit: L-BFGS-B from the 4500-point grid, *sum* (not mean) of
#: Huber(delta = 1e-3) on log-loss residuals, logsumexp form (notebook cell 18).
BESIROGLU_2024_GRID_SUM_HUBER = ChinchillaParams(
    E=1.817235504463726, A=477.84171252965143, B=2143.8637880335505,
    alpha=0.34731265761033453, beta=0.3671826173946711,
    source=f"{_EPOCH}, grid + L-BFGS-B on the sum of Huber losses",
)
#: Objective value (sum of Huber losses) at BESIROGLU_2024_GRID_SUM_HUBER.
BESIROGLU_2024_GRID_SUM_HUBER_OBJECTIVE = 0.001018274034615


# ---------------------------------------------------------------------------
# Muennighoff et al. (2023): data-constrained scaling
# ---------------------------------------------------------------------------
_DATABLATIONS = ("Muennighoff et al. 2023, arXiv:2305.16264; huggingface/datablations "
                 "README 'Parametric Fit'")

#: Fitted constants (README: log A, log B, log E, alpha, beta, R_D*, R_N*).
MUENNIGHOFF_2023 = DataConstrainedParams(
    E=math.exp(0.6254804), A=math.exp(6.255414), B=math.exp(7.3049974),
    alpha=0.3526596, beta=0.3526596, r_d_star=15.387756, r_n_star=5.309743,
    source=_DATABLATIONS,
)

#: The two losses printed in the datablations README for the Figure 1 (right) models.
MUENNIGHOFF_2023_TEST_VALUES = (
    DataConstrainedTestValue(6.34e9, 242e9, 25e9, 2.2256440889984477),
    DataConstrainedTestValue(8.67e9, 178e9, 25e9, 2.2269634075087867),
)


# ---------------------------------------------------------------------------
# Caballero et al. (2022): broken neural scaling law
# ---------------------------------------------------------------------------
#: The three-break BNSL drawn in Figure 1, from the official script
#: make_figure_1__decomposition_of_bnsl_into_power_law_segments.py (ethancaballero/
#: broken_neural_scaling_laws @ 0b911755).  The script sets f3 = 0.3 and then overrides it
#: with f3 = 0.05; the value used for the figure is 0.05.
CABALLERO_2022_FIGURE_1 = BNSLParams(
    a=0.001, b=4660.0, c0=0.05,
    breaks=(BNSLBreak(c=0.49, d=3e6, f=1.1), BNSLBreak(c=-0.811, d=1e14, f=1.425),
            BNSLBreak(c=2.1, d=2e20, f=0.05)),
    source="Caballero et al. 2022, arXiv:2210.14891, eq. 1 and Figure 1 (official script)",
)


# ---------------------------------------------------------------------------
# Rosenfeld et al. (2020)
# ---------------------------------------------------------------------------
#: ILLUSTRATIVE values, NOT from the paper: Rosenfeld et al. fit a, alpha, b, beta, c_inf,
#: eps0 and eta per task and publish no universal constants.  These give a 10-class-like
#: problem (random-guess error eps0 = 0.9) whose power-law region sits at n ~ 1e3-1e6
#: samples and m ~ 1e4-1e8 parameters, for figures and exercises.
ROSENFELD_2020_ILLUSTRATIVE = RosenfeldParams(
    a=10.0, alpha=0.5, b=100.0, beta=0.5, c_inf=0.02, eps0=0.9, eta=0.9,
    source="illustrative values (not published); form of Rosenfeld et al. 2020",
)
