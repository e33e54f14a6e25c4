"""Published numbers about training budgets that the chapters on compute quote and recompute.

Each value names its table, section or sentence; the laws that recompute them live in
:mod:`scaling_lab.laws` (the chapters put the two side by side).

- Brown et al. (2020), "Language Models are Few-Shot Learners", Advances in Neural Information
  Processing Systems 33, 1877-1901, arXiv:2005.14165: Table 2.1 (GPT-3's shape and batch) and
  Table D.1 (training compute).
- Kaplan et al. (2020), "Scaling Laws for Neural Language Models", arXiv:2001.08361: §2.2 and §3 (the
  standard training run), App. B.3 (efficient training against training near convergence) and App. B.4
  (Figure 12, a model of the wrong size).
- Besiroglu, Erdil, Barnett and You (2024), "Chinchilla Scaling: A replication attempt",
  arXiv:2404.10102, abstract.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = [
    "GPT3_TRAINING_COMPUTE_PF_DAYS", "GPT3_TRAINING_COMPUTE_FLOPS", "GPT3_N_LAYERS", "GPT3_D_MODEL",
    "GPT3_N_CTX", "GPT3_BATCH_TOKENS", "KAPLAN_2020_STANDARD_BATCH_TOKENS", "KAPLAN_2020_STANDARD_STEPS",
    "KAPLAN_2020_FIG12_SIZE_RANGE", "KAPLAN_2020_FIG12_EXTRA_COMPUTE", "KAPLAN_2020_FIG12_LARGE_SIZE",
    "KAPLAN_2020_FIG12_FEWER_STEPS", "KAPLAN_2020_NEAR_CONVERGENCE", "KAPLAN_2020_EFFICIENT_VS_CONVERGED",
    "BESIROGLU_2024_EXPERIMENTS_NEEDED", "BESIROGLU_2024_EXPERIMENTS_RUN",
]

# ---------------------------------------------------------------------------------------------- GPT-3
#: Total training compute of GPT-3 175B in petaflop/s-days (Brown et al. 2020, Table D.1: 3.64E+03).
GPT3_TRAINING_COMPUTE_PF_DAYS = 3.64e3
#: The same in FLOPs (Table D.1: 3.14E+23; the table counts 6 FLOPs per parameter per token).
GPT3_TRAINING_COMPUTE_FLOPS = 3.14e23
#: GPT-3 175B: 96 layers of width d_model = 12288 (Brown et al. 2020, Table 2.1) ...
GPT3_N_LAYERS = 96
GPT3_D_MODEL = 12288
#: ... a context of 2048 tokens for every model (§2.1) ...
GPT3_N_CTX = 2048
#: ... and batches of 3.2M tokens (Table 2.1, "Batch Size" 3.2M).
GPT3_BATCH_TOKENS = 3.2e6

# -------------------------------------------------------------------------------------- Kaplan et al.
#: Tokens per step of most of Kaplan et al.'s runs: "Batch size (2^19 for most runs ...)" (§3); §2.2
#: "a batch size of 512 sequences of 1024 tokens".
KAPLAN_2020_STANDARD_BATCH_TOKENS = 2**19
#: Steps of their standard run: "for a fixed 2.5 x 10^5 steps" (§2.2).
KAPLAN_2020_STANDARD_STEPS = 2.5e5
#: App. B.4: "Models between 0.6x and 2.2x the optimal size can be used with only a 20% increase in
#: compute budget" (Figure 12, left) ...
KAPLAN_2020_FIG12_SIZE_RANGE = (0.6, 2.2)
KAPLAN_2020_FIG12_EXTRA_COMPUTE = 0.20
#: ... and "A 2.2x larger model requires 45% fewer steps at a cost of 20% more training compute"
#: (Figure 12, right).
KAPLAN_2020_FIG12_LARGE_SIZE = 2.2
KAPLAN_2020_FIG12_FEWER_STEPS = 0.45
#: App. B.3: the convergence factor f' = 2% that Kaplan et al. take as typical of training "close to
#: convergence" (eq. B.11: L = (1 + f) L(N, infinity)) ...
KAPLAN_2020_NEAR_CONVERGENCE = 0.02
#: ... against which compute-efficient training (f = alpha_N/alpha_S, about 10%) reaches the same loss
#: with these ratios, eqs. B.12-B.14: N_f/N_f' ~ 2.7, S_f/S_f' ~ 0.13, C_f/C_f' ~ 0.35 ("7.7x fewer
#: parameter updates, 2.7x more parameters, and 65% less compute").
KAPLAN_2020_EFFICIENT_VS_CONVERGED = MappingProxyType({"n_ratio": 2.7, "steps_ratio": 0.13, "compute_ratio": 0.35})

# ------------------------------------------------------------------------------------ Besiroglu et al.
#: Abstract: Hoffmann et al.'s intervals are so narrow that they "would require over 600,000
#: experiments, while they likely only ran fewer than 500".
BESIROGLU_2024_EXPERIMENTS_NEEDED = 600_000
BESIROGLU_2024_EXPERIMENTS_RUN = 500
