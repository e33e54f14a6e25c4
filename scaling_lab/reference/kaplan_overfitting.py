"""Kaplan et al. (2020) on overfitting and data requirements (§4.2), arXiv:2001.08361.

Each value names its section or equation.  The joint law these rest on is
:data:`scaling_lab.reference.KAPLAN_2020_LOSS_ND` (eq. 1.5, Table 2).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KaplanDataRule", "KAPLAN_2020_SEED_VARIATION", "KAPLAN_2020_DATA_RULE", "KAPLAN_2020_WEBTEXT2_TOKENS"]

_KAPLAN = "Kaplan et al. 2020, arXiv:2001.08361"


@dataclass(frozen=True)
class KaplanDataRule:
    r"""Kaplan et al.'s rule for the data a model needs: :math:`D \gtrsim \text{scale}\cdot N^{\text{exponent}}`.

    ``overfitting`` is the tolerated :math:`\delta L = L(N, D)/L(N, \infty) - 1` the rule was
    derived for; ``n_params`` counts non-embedding parameters and :math:`D` is in tokens.
    """

    scale: float
    exponent: float
    overfitting: float
    source: str = ""


#: "the variation in the loss with different random seeds is roughly 0.02" (sec. 4.2), used as the
#: tolerated overfitting delta L when deriving eq. 4.4.
KAPLAN_2020_SEED_VARIATION = 0.02
#: D >~ (5 x 10^3) N^0.74 (eq. 4.4, sec. 4.2), derived from eq. 4.3 with delta L = 0.02.
KAPLAN_2020_DATA_RULE = KaplanDataRule(scale=5.0e3, exponent=0.74, overfitting=KAPLAN_2020_SEED_VARIATION,
                                       source=f"{_KAPLAN}, eq. 4.4")
#: WebText2 holds 2.29e10 tokens (sec. 2.3), the "22B token WebText2 dataset" of sec. 4.2, on which
#: "models smaller than 10^9 parameters can be trained with minimal overfitting".
KAPLAN_2020_WEBTEXT2_TOKENS = 2.29e10
