"""Published constants of Hoffmann et al. (2022) and of Besiroglu et al.'s (2024) replication.

- Hoffmann et al. (2022), "Training Compute-Optimal Large Language Models", NeurIPS 35, arXiv:2203.15556.
- Besiroglu, Erdil, Barnett and You (2024), "Chinchilla Scaling: A replication attempt",
  arXiv:2404.10102, code at github.com/epoch-research/analyzing-chinchilla.
- Brown et al. (2020), GPT-3, arXiv:2005.14165; Rae et al. (2021), Gopher, arXiv:2112.11446.
"""

from __future__ import annotations

import math
from types import MappingProxyType

from scaling_lab.reference.containers import AllocationExponents, ChinchillaParams, ChinchillaTableRow, TrainedModel

__all__ = [
    "HOFFMANN_2022", "HOFFMANN_2022_TEX", "HOFFMANN_2022_TABLE_2", "HOFFMANN_2022_TABLE_3",
    "HOFFMANN_2022_TABLE_A3", "GOPHER", "CHINCHILLA", "GPT3", "GOPHER_COMPUTE_FLOPS",
    "BESIROGLU_2024", "BESIROGLU_2024_BOOTSTRAP_SE", "BESIROGLU_2024_BOOTSTRAP_CI95",
    "BESIROGLU_2024_GRID_SUM_HUBER", "BESIROGLU_2024_GRID_SUM_HUBER_OBJECTIVE",
]

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
#: 245 points digitised from Hoffmann's Figure 4 (notebook cells 24-25): E = 1.81686.  The value
#: E = 1.8172 printed beside A = 482.01, B = 2085.43, alpha = 0.3478, beta = 0.3658 is the E of their
#: grid fit (BESIROGLU_2024_GRID_SUM_HUBER, 1.81724), not of this final estimate.
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

