"""A budgeted, offline "training API": buy simulated training runs with FLOPs, fit a law, predict ahead.

``api`` holds :class:`TrainingAPI` (``scaling_lab.training_api.TrainingAPI`` and ``sl.TrainingAPI`` are the
same class).  Its losses come from a hidden simulator of this course, not from real training runs.
"""

from scaling_lab._exports import reexport
from scaling_lab.training_api import api

__all__ = reexport(globals(), (api,))
