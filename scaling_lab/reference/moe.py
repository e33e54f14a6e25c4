"""Constants for the scaling laws of mixtures of experts (routed language models).

- Clark et al. (2022), "Unified Scaling Laws for Routed Language Models", ICML 2022 (PMLR 162),
  arXiv:2202.01169; official data and notebook at github.com/google-deepmind/scaling_laws_for_routing
  (commit 42da0c39).  The form of the law (log base 10, eq. 1 as the notebook writes it) and of the
  effective parameter count are checked against that notebook.
- Krajewski et al. (2024), "Scaling Laws for Fine-Grained Mixture of Experts", arXiv:2402.07871 (the
  ICML 2024 version lists Ludziejewski first).  The form of the law is used by
  :func:`scaling_lab.laws.fine_grained_moe_loss`; its fitted constants are NOT stored here, because we
  could not check them against the paper (see :data:`KRAJEWSKI_2024_CONSTANTS_STATUS`).

What is here, and whose numbers they are:

- :data:`CLARK_2022_DATA_POINTS`: final validation losses read from the authors' released data
  (``data/curves.csv.gz``; routing frequency 1/2, k = 1, seed 42, step 249,000 or 248,000).  These are the
  paper's measurements.
- :data:`CLARK_2022_REFIT`: OUR least-squares refit of Clark et al.'s law to that released data, one set
  per routing method.  The paper prints its own fitted values in a table that we could not read; these are
  not those values and must not be quoted as the paper's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType

__all__ = [
    "RoutedScalingParams", "FineGrainedMoEParams", "RoutedLossPoint",
    "CLARK_2022_REFIT", "CLARK_2022_DATA_POINTS", "KRAJEWSKI_2024_CONSTANTS_STATUS",
]

_CLARK = "Clark et al. 2022, ICML (PMLR 162), arXiv:2202.01169"
_DATA = "google-deepmind/scaling_laws_for_routing data/curves.csv.gz @ 42da0c39"


@dataclass(frozen=True)
class RoutedScalingParams:
    r"""Constants of Clark et al.'s (2022) law, logs in base 10 (as in the authors' notebook).

    .. math::
       \log_{10} L = a \log_{10} N + b \log_{10}\hat E + c \log_{10} N \log_{10}\hat E + d,
       \qquad
       \frac{1}{\hat E} = \frac{1}{E - 1 + \left(\frac{1}{E_{\rm start}} - \frac{1}{E_{\max}}\right)^{-1}}
       + \frac{1}{E_{\max}}

    ``e_start`` and ``e_max`` are expert counts (the notebook fits their base-2 logarithms).
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
    :math:`L = c + \left(\frac{g}{G^{\gamma}} + a\right) N^{-\alpha} + b\,D^{-\beta}`."""

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


#: OUR refit (not the paper's table): scipy least squares on log10 loss, 200 random starts, dense models
#: shared by the three fits, released data filtered as in the authors' notebook.  RMSE in log10 loss:
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

#: Why no fitted constants of Krajewski et al. (2024) are shipped.
KRAJEWSKI_2024_CONSTANTS_STATUS = (
    "not verified: the fitted a, alpha, b, beta, g, gamma, c of Krajewski et al. (2024) could not be read "
    "from the paper or its code here, so none are stored; pass your own FineGrainedMoEParams"
)
