"""How to spend a budget: model size against data.

- ``optimal_split``: the compute-optimal split under the Chinchilla law (Hoffmann et al. 2022, eq. 4),
  its IsoFLOP curve, and Kaplan et al.'s (2020) allocation;
- ``data_cost``: the best split when training tokens have a price of their own;
- ``inference``: the cheapest model to train and serve at a target loss (Sardana et al. 2024).

Why Kaplan's and Chinchilla's allocations differ is an experiment on these rules
(:mod:`scaling_lab.experiments.kaplan_vs_chinchilla`).
"""

from scaling_lab._exports import reexport
from scaling_lab.allocation import data_cost, inference, optimal_split

__all__ = reexport(globals(), (optimal_split, data_cost, inference))
