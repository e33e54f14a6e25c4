"""Constants for the scaling laws of mixtures of experts (routed language models).

- Clark et al. (2022), "Unified Scaling Laws for Routed Language Models", ICML 2022 (PMLR 162:4057-4086),
  arXiv:2202.01169; official data and notebook at github.com/google-deepmind/scaling_laws_for_routing
  (commit 42da0c39).  The form of the law (log base 10, eq. 1 as the notebook writes it) and of the
  effective parameter count are checked against that notebook.
- Krajewski et al. (2024), "Scaling Laws for Fine-Grained Mixture of Experts", arXiv:2402.07871 (the
  ICML 2024 version, PMLR 235:33270-33288, lists Ludziejewski first).  Law of eq. 9, constants of Table 1.

What is here, and whose numbers they are:

- :data:`CLARK_2022_PUBLISHED`: the paper's own fit of eq. 1, one set per routing method, as printed
  (three decimals).  We could not open the table in a full-text copy of the paper; the values were read
  from two independent secondary sources that agree (a survey of scaling laws in Chinese and an annotated
  bibliography of scaling laws, both in public repositories), and they fit the released runs (RMSE in
  log10 loss 0.0037, 0.0077, 0.0052 for S-BASE, RL-R, Hash).  The table number (3) comes from the annotated
  bibliography only ("Table 3 (Eq. 1 solutions)"); neither the paper's text nor the authors' repository
  (whose README and notebook name no table) could confirm it.
- :data:`CLARK_2022_DATA_POINTS`: final validation losses read from the authors' released data
  (``data/curves.csv.gz``; routing frequency 1/2, k = 1, seed 42, step 249,000 or 248,000).  These are the
  paper's measurements.
- :data:`CLARK_2022_REFIT`: OUR least-squares refit of Clark et al.'s law to that released data, one set
  per routing method.  These are not the paper's values and must not be quoted as the paper's.
- :data:`KRAJEWSKI_2024`: Krajewski et al.'s fit of their eq. 9 (Table 1, row "MoE"), read from a full-text
  copy of the paper; :data:`KRAJEWSKI_2024_DENSE_CONSTANTS` is the row "Dense" of the same table (the
  Chinchilla form, eq. 1 of the paper).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = [
    "RoutedScalingParams", "FineGrainedMoEParams", "RoutedLossPoint",
    "CLARK_2022_PUBLISHED", "CLARK_2022_REFIT", "CLARK_2022_DATA_POINTS",
    "KRAJEWSKI_2024", "KRAJEWSKI_2024_DENSE_CONSTANTS", "KRAJEWSKI_2024_CONSTANTS_STATUS",
]

_CLARK = "Clark et al. 2022, ICML (PMLR 162), arXiv:2202.01169"
_KRAJEWSKI = "Krajewski et al. 2024, arXiv:2402.07871"
_DATA = "google-deepmind/scaling_laws_for_routing data/curves.csv.gz @ 42da0c39"


@dataclass(frozen=True)
class RoutedScalingParams:
    r"""Constants of Clark et al.'s (2022) law, logs in base 10 (as in the authors' notebook).

    .. math::
       \log_{10} L = a \log_{10} N + b \log_{10}\hat E + c \log_{10} N \log_{10}\hat E + d,
       \qquad
       \frac{1}{\hat E} = \frac{1}{E - 1 + \left(\frac{1}{E_{\rm start}} - \frac{1}{E_{\max}}\right)^{-1}}
       + \frac{1}{E_{\max}}

    ``e_start`` and ``e_max`` are expert counts (the notebook fits their base-2 logarithms; the paper's
    table prints the counts).
    """

    a: float
    b: float
    c: float
    d: float
    e_start: float
    e_max: float
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class FineGrainedMoEParams:
    r"""Constants of Krajewski et al.'s (2024) law
    :math:`L = c + \left(\frac{g}{G^{\gamma}} + a\right) N^{-\alpha} + b\,D^{-\beta}`.

    :math:`N` is the total number of non-embedding parameters (all experts), :math:`D` the training tokens,
    :math:`G` the granularity; the loss is in nats per token.
    """

    a: float
    alpha: float
    b: float
    beta: float
    g: float
    gamma: float
    c: float
    source: str = field(default="", compare=False)


@dataclass(frozen=True)
class RoutedLossPoint:
    """One released measurement: router, dense (active) and total parameter counts, experts, loss."""

    router: str
    n_dense: float
    n_total: float
    n_experts: int
    loss: float


#: The paper's fit of eq. 1 (Clark et al. 2022; its Table 3 according to one secondary source), as printed:
#: a, b, c, d and E_start, E_max (expert counts) to three decimals.  Verified by two independent secondary
#: sources that agree (see the module docstring); the full-text copies we could open did not show the table.
CLARK_2022_PUBLISHED = MappingProxyType({
    "S-BASE": RoutedScalingParams(-0.082, -0.108, 0.009, 1.104, 1.847, 314.478,
                                  source=f"{_CLARK}, fit of eq. 1 (published)"),
    "RL-R": RoutedScalingParams(-0.083, -0.126, 0.012, 1.111, 1.880, 469.982,
                                source=f"{_CLARK}, fit of eq. 1 (published)"),
    "Hash": RoutedScalingParams(-0.087, -0.136, 0.012, 1.157, 4.175, 477.741,
                                source=f"{_CLARK}, fit of eq. 1 (published)"),
})

#: OUR refit (not the paper's table, which is :data:`CLARK_2022_PUBLISHED`): scipy least squares on log10
#: loss, 200 random starts, dense models shared by the three fits, released data filtered as in the
#: authors' notebook.  RMSE in log10 loss:
#: 0.0032 (S-BASE), 0.0032 (RL-R), 0.0030 (Hash).
CLARK_2022_REFIT = MappingProxyType({
    "S-BASE": RoutedScalingParams(-0.0830, -0.1180, 0.0099, 1.1136, 2.0746, 238.67,
                                  source=f"our refit to {_DATA} (form of {_CLARK})"),
    "RL-R": RoutedScalingParams(-0.0827, -0.1234, 0.0112, 1.1070, 1.7219, 470.05,
                                source=f"our refit to {_DATA} (form of {_CLARK})"),
    "Hash": RoutedScalingParams(-0.0874, -0.1384, 0.0126, 1.1595, 4.2688, 427.32,
                                source=f"our refit to {_DATA} (form of {_CLARK})"),
})

#: Released final validation losses (Clark et al.'s measurements), a subset spanning 15M-1.3B and 1-512
#: experts.  ``n_total`` counts every expert; ``n_dense`` the parameters one token sees.
CLARK_2022_DATA_POINTS = (
    RoutedLossPoint("Dense", 16527360.0, 16527360.0, 1, 3.1620165),
    RoutedLossPoint("Dense", 1308819456.0, 1308819456.0, 1, 2.2420147),
    RoutedLossPoint("S-BASE", 16527360.0, 412987392.0, 64, 2.7557249),
    RoutedLossPoint("S-BASE", 132163584.0, 2560223232.0, 64, 2.3448646),
    RoutedLossPoint("S-BASE", 1308819456.0, 26677542912.0, 64, 2.0543869),
    RoutedLossPoint("S-BASE", 1308819456.0, 207077179392.0, 512, 1.9990804),
    RoutedLossPoint("RL-R", 132163584.0, 19826989728.0, 512, 2.2559257),
    RoutedLossPoint("RL-R", 1308819456.0, 4133882880.0, 8, 2.1591147),
    RoutedLossPoint("Hash", 16527360.0, 3232247808.0, 512, 2.6412953),
    RoutedLossPoint("Hash", 1308819456.0, 26677542912.0, 64, 2.1122800),
)

#: Krajewski et al.'s (2024) fit of eq. 9, Table 1 ("Values of the fitted coefficients"), row "MoE", read
#: from a full-text copy of arXiv:2402.07871 (E = 64 experts' worth of parameters, G from 1 to 16, 129M to
#: 3.7B parameters, 16B to 130B tokens; fit RMSE 0.015, held-out 0.019, as the paper states).
KRAJEWSKI_2024 = FineGrainedMoEParams(a=18.1, alpha=0.115, b=30.8, beta=0.147, g=2.1, gamma=0.58, c=0.47,
                                      source=f"{_KRAJEWSKI}, Table 1 (published, MoE)")

#: Row "Dense" of the same Table 1: the Chinchilla form c + a / N^alpha + b / D^beta fitted to their dense
#: Transformers (a mapping, since the fine-grained law's g and gamma do not apply).
KRAJEWSKI_2024_DENSE_CONSTANTS = MappingProxyType({"a": 16.3, "alpha": 0.126, "b": 26.7, "beta": 0.127, "c": 0.47})

#: Where Krajewski et al.'s constants come from and how far they were checked.
KRAJEWSKI_2024_CONSTANTS_STATUS = (
    "verified: a, alpha, b, beta, g, gamma, c read from Table 1 of the paper (full text of arXiv:2402.07871, "
    "section 5.4) and matching its section 5.5 (30.8 D^-0.147 for MoE, 26.7 D^-0.127 dense); they reproduce "
    "the losses of its Table 2 within 3% with N = 64 x the active count (all a little low)"
)
