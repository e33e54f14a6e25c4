"""Figures with sliders: live in a kernel, kernel-free on the published site.

``spec`` declares what an explorer is made of (:class:`Slider`, the registry
:data:`EXPLORERS`); ``core`` holds the mechanism (:func:`explore`); each
chapter's explorers live in a module named after the chapter (``power_laws``,
``compute``, ``training_curves``, ...) and register themselves with :func:`register_explorer`.
"""

from scaling_lab._exports import reexport
from scaling_lab.widgets import (
    compute, core, data_composition, emergence, forecasting, joint_laws, mean_estimation, model_scaling,
    nonparametric, observational, overtraining, power_laws, spec, training_curves, transfer_limits,
    why_scaling_laws, schedules,
)

__all__ = reexport(globals(), (spec, core, power_laws, why_scaling_laws, mean_estimation, nonparametric,
                               data_composition, model_scaling, joint_laws, compute, training_curves, forecasting,
                               emergence, transfer_limits, overtraining, schedules, observational))
