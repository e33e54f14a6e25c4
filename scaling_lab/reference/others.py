"""Published constants of the data-constrained law, the broken neural scaling law, and Rosenfeld's form.

- Muennighoff et al. (2023), "Scaling Data-Constrained Language Models", NeurIPS 36, arXiv:2305.16264,
  code at github.com/huggingface/datablations.
- Caballero, Gupta, Rish and Krueger (2023), "Broken Neural Scaling Laws", ICLR 2023, arXiv:2210.14891.
- Rosenfeld, Rosenfeld, Belinkov and Shavit (2020), "A Constructive Prediction of the Generalization Error
  Across Scales", ICLR 2020 (the paper fits its constants per task; the values here are illustrative).
"""

from __future__ import annotations

import math

from scaling_lab.reference.containers import (
    BNSLBreak, BNSLParams, DataConstrainedParams, DataConstrainedTestValue, RosenfeldParams,
)

__all__ = [
    "MUENNIGHOFF_2023", "MUENNIGHOFF_2023_TEST_VALUES", "CABALLERO_2023_FIGURE_1", "ROSENFELD_2020_ILLUSTRATIVE",
]

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
# Caballero et al. (2023): broken neural scaling law
# ---------------------------------------------------------------------------
#: The three-break BNSL drawn in Figure 1, from the official script
#: make_figure_1__decomposition_of_bnsl_into_power_law_segments.py (ethancaballero/
#: broken_neural_scaling_laws @ 0b911755).  The script sets f3 = 0.3 and then overrides it
#: with f3 = 0.05; the value used for the figure is 0.05.
CABALLERO_2023_FIGURE_1 = BNSLParams(
    floor=0.001, coefficient=4660.0, exponent=0.05,
    breaks=(BNSLBreak(slope_change=0.49, location=3e6, sharpness=1.1),
            BNSLBreak(slope_change=-0.811, location=1e14, sharpness=1.425),
            BNSLBreak(slope_change=2.1, location=2e20, sharpness=0.05)),
    source="Caballero et al. 2023 (ICLR), arXiv:2210.14891, eq. 1 and Figure 1 (official script)",
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
