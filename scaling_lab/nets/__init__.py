"""Small neural networks written in NumPy, with hand-written forward and backward passes.

One model per module, seeded and deterministic, short enough for a student to read.
"""

from scaling_lab._exports import reexport

__all__ = reexport(globals(), ())
