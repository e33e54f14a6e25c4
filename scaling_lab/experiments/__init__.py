"""Simulations behind the chapters, one module per experiment, each returning named results.

Every experiment takes ``seed=`` and gives the same numbers for the same seed.

- ``forecasting``: extrapolation error against distance, bootstrap forecast bands, level crossings;
- ``pythia_forecasts``: fit Pythia's small models, forecast its large ones, reveal;
- ``emergence``: sharp and smooth metrics of a smooth loss (Schaeffer et al. 2023), and Pythia's curves.
"""

from scaling_lab._exports import reexport
from scaling_lab.experiments import emergence, forecasting, pythia_forecasts

__all__ = reexport(globals(), (forecasting, pythia_forecasts, emergence))
