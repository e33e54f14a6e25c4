"""Fits of scaling laws to measured points, each returning a small named result with its uncertainties.

- ``power_law``: log-log least squares, and saturating laws with a floor;
- ``zipf``: Zipf's exponent by maximum likelihood;
- ``power_law_tail``: a power-law tail in counts, by Clauset, Shalizi and Newman's method (x_min, KS, p-value);
- ``bnsl``: broken neural scaling laws (Caballero et al. 2023);
- ``huber_objective``, ``chinchilla``: the parametric loss of Hoffmann et al. (2022), Approach 3, its
  Huber objective with exact derivatives, and the fit;
- ``joint``: Kaplan's and Rosenfeld's joint laws L(N, D), fitted and compared with Chinchilla's;
- ``joint_forecast``: a joint law's forecast for a larger run, with a delta-method interval;
- ``observational``: observational scaling laws from public models' benchmark scores (Ruan et al. 2024);
- ``overtraining``: Gadre et al.'s (2024) law for over-trained models and loss to downstream error;
- ``resampling``: the nonparametric bootstrap of any fitter.

Every result names its uncertainties ``<name>_stderr``, ``<name>_ci`` and ``confidence``.  Numerical
optimisation is SciPy's, imported when the first fit runs.
"""

from scaling_lab._exports import reexport
from scaling_lab.fitting import (
    bnsl, chinchilla, huber_objective, joint, joint_forecast, observational, overtraining, power_law,
    power_law_tail, resampling, zipf,
)

__all__ = reexport(globals(), (power_law, zipf, power_law_tail, bnsl, huber_objective, chinchilla, joint,
                               joint_forecast, observational, overtraining, resampling))
