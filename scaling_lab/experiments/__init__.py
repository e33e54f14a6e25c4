"""Simulations behind the chapters, one module per experiment, each returning named results.

Every experiment takes ``seed=`` and gives the same numbers for the same seed, however many
processes run it.

- ``mean_estimation``, ``manifold_data``, ``box_regression``, ``dimension_sweeps``, ``nearest_neighbours``: data
  scaling in parametric and nonparametric estimation;
- ``data_mixtures``, ``subgroups``, ``subgroup_lab``, ``subgroup_budget``: data composition and subgroup
  allocation (with priced examples and a minimum per group);
- ``small_to_large``: tune small, extrapolate large;
- ``lm_scaling``: the character-level language model on Shakespeare (size, data, IsoFLOP and grid sweeps);
- ``teacher_student``: tanh MLP students of a random teacher (optimiser, depth, shape, data, learning curves);
- ``hyperparameter_transfer``: learning-rate sweeps across width under SP and μP;
- ``random_features``: random-features regression against theory, and double descent;
- ``forecasting``, ``benchmark_trends``: extrapolation error, bootstrap forecast bands, level crossings;
- ``pythia_forecasts``: fit Pythia's small models, forecast its large ones, reveal;
- ``emergence``: sharp and smooth metrics of a smooth loss (Schaeffer et al. 2023), and Pythia's curves;
- ``repeated_data``: epochs against model size at a fixed budget when unique data are limited;
- ``training_curves``: Kaplan-law training curves, and predicting a final loss from a curve's start;
- ``kaplan_vs_chinchilla``: why the two allocations differ (non-embedding counting at small scale,
  Pearce and Song 2024);
- ``schedules``: warmup-stable-decay against cosine on the character-level language model.
"""

from scaling_lab._exports import reexport
from scaling_lab.experiments import (
    benchmark_trends, box_regression, data_mixtures, dimension_sweeps, emergence, forecasting,
    hyperparameter_transfer, lm_scaling, manifold_data, mean_estimation, nearest_neighbours, pythia_forecasts,
    random_features, repeated_data, small_to_large, subgroup_budget, subgroup_lab, subgroups, teacher_student,
    training_curves, kaplan_vs_chinchilla, schedules,
)

__all__ = reexport(globals(), (mean_estimation, manifold_data, box_regression, data_mixtures, subgroups,
                               subgroup_lab, subgroup_budget, small_to_large, dimension_sweeps, lm_scaling,
                               teacher_student, hyperparameter_transfer, random_features, forecasting, benchmark_trends,
                               pythia_forecasts, emergence, repeated_data, training_curves, kaplan_vs_chinchilla,
                               schedules, nearest_neighbours))
