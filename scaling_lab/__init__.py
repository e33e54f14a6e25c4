"""scaling_lab: the laws, fits, experiments, widgets and checkers of the scaling-laws course.

Every name below is defined in exactly one submodule and re-exported here, so
``from scaling_lab import fit_chinchilla`` and ``from scaling_lab.chinchilla import
fit_chinchilla`` are the same object. Submodules, one concept each:

- ``laws``: functional forms (power laws, Kaplan, Chinchilla, Rosenfeld, Muennighoff, BNSL, FLOPs)
- ``allocation``: compute-optimal model size and data for a budget
- ``fitting``: power-law, saturating and Zipf fits, and the bootstrap
- ``chinchilla``: Hoffmann et al. (2022) Approaches 1, 2 and 3
- ``synthetic``: seeded synthetic data sets with planted parameters
- ``reference``: published constants and tables, each with its citation
- ``data``: real data (English word frequencies from ``wordfreq``)
- ``plotting``, ``widgets``: figures and kernel-free explorers
- ``checks``: exercise checkers; ``student`` (not re-exported, run as
  ``python -m scaling_lab.student``) makes the student version of a lab
"""

__version__ = "0.1.0"

from scaling_lab.laws import (
    power_law, saturating_power_law, zipf_pmf, kaplan_loss_n, kaplan_loss_d, kaplan_loss_c, kaplan_loss_nd,
    kaplan_loss_ns, critical_batch_size, KaplanAllocation, kaplan_compute_efficient,
    ContradictionPoint, kaplan_contradiction_point, chinchilla_loss, rosenfeld_loss,
    data_constrained_loss, bnsl, per_token_accuracy, exact_match_accuracy, token_edit_distance,
    training_flops, kaplan_forward_flops_per_token, pf_days, flops_from_pf_days,
)
from scaling_lab.allocation import (
    Allocation, compute_optimal, isoflop_curve, kaplan_allocation, tokens_per_parameter,
    optimal_tokens_per_parameter, AllocationGap, allocation_gap,
)
from scaling_lab.fitting import (
    PowerLawFit, SaturatingPowerLawFit, ZipfFit, BootstrapResult, fit_power_law,
    fit_saturating_power_law, fit_zipf_mle, bootstrap,
)
from scaling_lab.chinchilla import (
    ChinchillaFit, ComputeOptima, ComputeOptimalFit, fit_chinchilla, fit_isoflops,
    fit_training_curve_minima,
)
from scaling_lab.synthetic import (
    sample_zipf_counts, chinchilla_synthetic_runs, isoflop_synthetic_runs, training_curve_runs,
)
from scaling_lab.reference import (
    ChinchillaParams, HOFFMANN_2022, HOFFMANN_2022_TEX, BESIROGLU_2024, MUENNIGHOFF_2023,
    CABALLERO_2022_FIGURE_1, PF_DAY_FLOPS, GOPHER, CHINCHILLA, GPT3,
)
from scaling_lab.data import (
    WordFrequencies, english_word_frequencies, sample_corpus_counts,
)
from scaling_lab.plotting import (
    PALETTE, new_figure, loglog_axes, plot_points, plot_fit, plot_rank_frequency,
)
from scaling_lab.widgets import (
    Explorer, explore, power_law_explorer, resolve_mode,
)
from scaling_lab.checks import (
    CheckResult, check_number, check_array, check_function,
)

__all__ = [
    "power_law", "saturating_power_law", "zipf_pmf", "kaplan_loss_n", "kaplan_loss_d", "kaplan_loss_c",
    "kaplan_loss_nd", "kaplan_loss_ns", "critical_batch_size", "KaplanAllocation",
    "kaplan_compute_efficient", "ContradictionPoint", "kaplan_contradiction_point",
    "chinchilla_loss", "rosenfeld_loss", "data_constrained_loss", "bnsl", "per_token_accuracy",
    "exact_match_accuracy", "token_edit_distance", "training_flops",
    "kaplan_forward_flops_per_token", "pf_days", "flops_from_pf_days", "Allocation",
    "compute_optimal", "isoflop_curve", "kaplan_allocation", "tokens_per_parameter",
    "optimal_tokens_per_parameter", "AllocationGap", "allocation_gap", "PowerLawFit",
    "SaturatingPowerLawFit", "ZipfFit", "BootstrapResult", "fit_power_law",
    "fit_saturating_power_law", "fit_zipf_mle", "bootstrap", "ChinchillaFit", "ComputeOptima",
    "ComputeOptimalFit", "fit_chinchilla", "fit_isoflops", "fit_training_curve_minima",
    "sample_zipf_counts", "chinchilla_synthetic_runs", "isoflop_synthetic_runs",
    "training_curve_runs", "ChinchillaParams", "HOFFMANN_2022", "HOFFMANN_2022_TEX",
    "BESIROGLU_2024", "MUENNIGHOFF_2023", "CABALLERO_2022_FIGURE_1", "PF_DAY_FLOPS", "GOPHER",
    "CHINCHILLA", "GPT3", "WordFrequencies", "english_word_frequencies", "sample_corpus_counts",
    "PALETTE", "new_figure", "loglog_axes", "plot_points", "plot_fit", "plot_rank_frequency",
    "Explorer", "explore", "power_law_explorer", "resolve_mode", "CheckResult", "check_number",
    "check_array", "check_function",
]
