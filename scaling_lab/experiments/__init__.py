"""Simulations behind the chapters, one module per experiment, each returning named results.

Every experiment takes ``seed=`` and gives the same numbers for the same seed.

- ``forecasting``: extrapolation error against distance, bootstrap forecast bands, level crossings;
- ``pythia_forecasts``: fit Pythia's small models, forecast its large ones, reveal;
- ``emergence``: sharp and smooth metrics of a smooth loss (Schaeffer et al. 2023), and Pythia's curves.
"""

from scaling_lab._exports import reexport
from scaling_lab.experiments import (
    benchmark_trends, box_regression, data_mixtures, dimension_sweeps, emergence, forecasting, manifold_data,
    mean_estimation, pythia_forecasts, small_to_large, subgroup_lab, subgroups,
)

__all__ = reexport(globals(), (mean_estimation, manifold_data, box_regression, data_mixtures, subgroups,
                               subgroup_lab, small_to_large, dimension_sweeps, forecasting, benchmark_trends,
                               pythia_forecasts, emergence))
