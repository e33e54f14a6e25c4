r"""Functional forms of neural scaling laws, defined once for the whole course.

Every function takes array-like inputs (broadcast together), validates them,
and returns a float for scalar input or a NumPy array otherwise.  Published
constants come from :mod:`scaling_lab.reference`; every law that has them takes
``params=`` to override them.

Conventions
-----------
- A *pure* power law is written with a signed exponent, :math:`y = c\,x^{k}`
  (:func:`power_law`); decaying laws have :math:`k < 0`.
- A *saturating* law is written :math:`L = E + A\,x^{-\alpha}` with
  :math:`\alpha > 0` (:func:`saturating_power_law`).
- Kaplan et al. (2020) write :math:`L = (X_c/X)^{\alpha_X}` with
  :math:`\alpha_X > 0`; their functions keep that form.
- Training compute in FLOPs is ``compute_flops``; Kaplan's compute in PF-days is
  ``compute_pf_days``; Zipf's number of types :math:`K` is ``n_types``.

Modules, by family: ``basic`` (power laws and Zipf), ``kaplan``, ``joint``
(Chinchilla, Rosenfeld), ``data_constrained`` (Muennighoff et al.'s law, effective data and
parameters, the value of repetition), ``emergence`` (BNSL and the metrics
of Schaeffer et al.), ``flops`` (FLOP counting and units), ``kaplan_training``
(batch size, steps and the price of a wrong model size, Kaplan et al. §5 and App. B.4),
``kaplan_convergence`` (why training to convergence wastes compute, App. B.2-B.3),
``overfitting`` (Kaplan et al.'s overfitting indicator and data requirement, §4),
``moe`` (mixtures of experts: Clark et al. 2022, Krajewski et al. 2024),
``overtraining`` (Gadre et al.'s law for over-trained models, eq. 4, and loss to downstream error, eq. 5),
``hyperparameters`` (the optimal learning rate and batch size against compute, DeepSeek-AI 2024).
"""

from scaling_lab._exports import reexport
from scaling_lab.laws import (
    basic, data_constrained, emergence, flops, joint, kaplan, kaplan_convergence, kaplan_training, moe, overfitting,
    overtraining, hyperparameters,
)

__all__ = reexport(globals(), (basic, kaplan, joint, data_constrained, emergence, flops, kaplan_training,
                               kaplan_convergence, overfitting, moe, overtraining,
                               hyperparameters))
