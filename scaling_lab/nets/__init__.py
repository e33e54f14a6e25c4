"""Small neural networks written in NumPy, with hand-written forward and backward passes.

One model per module, seeded and deterministic, short enough for a student to read.

- ``optim``: the flat parameter buffer, Adam, SGD with momentum, the warm-up/cosine schedule
- ``char_mlp``: the character-level MLP language model and its training loop
- ``parametrization``: standard vs maximal-update (μP) initialisation and learning rates
- ``tanh_mlp``: a tanh MLP and the teacher-student training loop
- ``random_features``: linear and ReLU random-features ridge regression on power-law data
"""

from scaling_lab._exports import reexport
from scaling_lab.nets import char_mlp, optim, parametrization, random_features, tanh_mlp

__all__ = reexport(globals(), (optim, char_mlp, parametrization, tanh_mlp, random_features))
