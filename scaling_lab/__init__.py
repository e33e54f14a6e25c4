"""scaling_lab: the laws, fits, experiments, widgets and checkers of the scaling-laws course.

Chapters and labs import the package under one visible prefix::

    import scaling_lab as sl
    sl.fit_power_law(ranks, frequencies)

Every public name is defined in exactly one module and listed in that module's ``__all__``; this
namespace is the union of those lists (built by :func:`scaling_lab._exports.reexport`, never kept by
hand), so ``sl.fit_chinchilla`` and ``scaling_lab.fitting.chinchilla.fit_chinchilla`` are the same
object.  The packages, by kind (the README's "What goes where" maps each kind of addition to one):

- ``laws``: functional forms (power laws and Zipf, Kaplan, Chinchilla, Rosenfeld, data-constrained,
  BNSL and emergence metrics, FLOP counting)
- ``reference``: published constants and tables, each with its citation
- ``data``: loaders of real data (``datasets/`` holds the shipped files with their sources) and seeded
  synthetic data
- ``fitting``: power-law, saturating, Zipf, BNSL and joint-law fits (Approach 3 of Hoffmann et al.
  among them), forecasts of joint laws, and the bootstrap
- ``chinchilla``: Hoffmann et al.'s Approaches 1 and 2, and the bootstrap of Approach 3
- ``allocation``: compute-optimal model size and data, data with a price, Kaplan vs Chinchilla
- ``experiments``: simulations, one module each (training curves among them); ``nets``: small NumPy networks
- ``training_api``: the offline budgeted training API (``TrainingAPI``)
- ``plotting``: figures in one style, and :func:`glue` for the book's text; ``widgets``: kernel-free explorers
- ``checks``: exercise checkers; its generic core and the two calls a lab makes, ``check(label, answer)``
  and ``require_correct(lab)``, are re-exported here, while each lab's exercises stay in
  ``scaling_lab.checks.<lab>``
- ``authoring`` (never imported here, not under ``sl.``): the MyST reader, the student build, the
  setup cell, launch notebooks, notebook execution for tests and the build

SciPy, Matplotlib, ipywidgets and Pillow are imported by the first function that needs them
(:mod:`scaling_lab._lazy`), so ``import scaling_lab`` costs little more than NumPy.
"""

__version__ = "0.1.0"

from scaling_lab import (
    allocation, chinchilla, data, experiments, fitting, laws, nets, plotting, reference, training_api, widgets,
)
from scaling_lab._exports import reexport
from scaling_lab.checks import core as _checks_core
from scaling_lab.checks import registry as _checks_registry

#: The packages whose ``__all__`` make up the top-level namespace, in order.
PUBLIC_MODULES = (laws, reference, data, fitting, chinchilla, allocation, experiments, nets, training_api,
                  plotting, widgets, _checks_core, _checks_registry)

__all__ = reexport(globals(), PUBLIC_MODULES)
