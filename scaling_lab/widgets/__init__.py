"""Figures with sliders: live in a kernel, kernel-free on the published site.

``core`` holds the mechanism (:func:`explore`); each chapter's explorers live in
a module named after the chapter (``power_laws``, ...).
"""

from scaling_lab._exports import reexport
from scaling_lab.widgets import core, power_laws

__all__ = reexport(globals(), (core, power_laws))
