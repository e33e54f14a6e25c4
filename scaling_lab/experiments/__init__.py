"""Simulations behind the chapters, one module per experiment, each returning named results.

Every experiment takes ``seed=`` and gives the same numbers for the same seed.
"""

from scaling_lab._exports import reexport
from scaling_lab.experiments import (
    box_regression, data_mixtures, dimension_sweeps, manifold_data, mean_estimation, small_to_large, subgroup_lab,
    subgroups,
)

__all__ = reexport(globals(), (mean_estimation, manifold_data, box_regression, data_mixtures, subgroups,
                               subgroup_lab, small_to_large, dimension_sweeps))
