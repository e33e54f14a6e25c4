"""Simulations behind the chapters, one module per experiment, each returning named results.

Every experiment takes ``seed=`` and gives the same numbers for the same seed.
"""

from scaling_lab._exports import reexport

__all__ = reexport(globals(), ())
