"""Figures with sliders: live in a kernel, kernel-free on the published site.

``spec`` declares what an explorer is made of (:class:`Slider`, the registry
:data:`EXPLORERS`); ``core`` holds the mechanism (:func:`explore`); each
chapter's explorers live in a module named after the chapter (``power_laws``,
...) and register themselves with :func:`register_explorer`.
"""

from scaling_lab._exports import reexport
from scaling_lab.widgets import core, joint_laws, model_scaling, power_laws, spec

__all__ = reexport(globals(), (spec, core, power_laws, model_scaling, joint_laws))
