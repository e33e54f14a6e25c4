r"""The compute-optimal model of Hoffmann et al. (2022): their three approaches.

* Approach 1 (§3.1), :func:`fit_training_curve_minima`, and Approach 2 (§3.2),
  :func:`fit_isoflops`, in ``optima``: per-budget optima, then power laws
  :math:`N_{opt} \propto C^a`, :math:`D_{opt} \propto C^b`.
* Approach 3 (§3.3, Appendix D.2) fits the parametric loss :math:`L = E + A/N^\alpha + B/D^\beta`;
  being a fit of a law to points, it lives with the other fits, in :mod:`scaling_lab.fitting.chinchilla`
  (:func:`~scaling_lab.fit_chinchilla`) and :mod:`scaling_lab.fitting.huber_objective`.
* :func:`bootstrap_chinchilla`, in ``bootstrap``: the percentile bootstrap of Approach 3, all resamples
  fitted at once.

Throughout, :math:`C = 6ND` FLOPs (Kaplan et al. 2020, §2.1).
"""

from scaling_lab._exports import reexport
from scaling_lab.chinchilla import bootstrap, optima

__all__ = reexport(globals(), (optima, bootstrap))
