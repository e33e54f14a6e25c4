"""Simulations behind the chapters, one module per experiment, each returning named results.

Every experiment takes ``seed=`` and gives the same numbers for the same seed, however many
processes run it.

- ``lm_scaling``: the character-level language model on Shakespeare (size, data, IsoFLOP and grid sweeps)
- ``teacher_student``: tanh MLP students of a random teacher (optimiser, depth, shape, data, learning curves)
- ``hyperparameter_transfer``: learning-rate sweeps across width under SP and μP
- ``random_features``: random-features regression against theory, and double descent
"""

from scaling_lab._exports import reexport
from scaling_lab.experiments import hyperparameter_transfer, lm_scaling, random_features, teacher_student

__all__ = reexport(globals(), (lm_scaling, teacher_student, hyperparameter_transfer, random_features))
