"""scaling_lab: the laws, fits, experiments, widgets and checkers of the scaling-laws course.

Chapters and labs import the package under one visible prefix::

    import scaling_lab as sl
    sl.fit_power_law(ranks, frequencies)

Every public name is defined in exactly one submodule and listed in that
submodule's ``__all__``; this namespace is the union of those lists (built by
:func:`scaling_lab._exports.reexport`, never kept by hand), so
``sl.fit_chinchilla`` and ``scaling_lab.chinchilla.fit_chinchilla`` are the
same object.  Submodules, one concept each:

- ``laws``: functional forms (power laws and Zipf, Kaplan, Chinchilla, Rosenfeld,
  data-constrained, BNSL and emergence metrics, FLOP counting)
- ``allocation``: compute-optimal model size and data for a budget; ``data_cost``: the best split when
  training tokens have a price of their own; ``kaplan_vs_chinchilla``: why the
  two allocations differ (non-embedding counting at small scale, Pearce and Song 2024)
- ``fitting``: power-law, saturating and Zipf fits; ``fitting_bnsl``: broken neural scaling laws;
  ``fitting_joint``: Kaplan's and Rosenfeld's joint laws L(N, D) fitted, compared with Chinchilla's;
  ``joint_forecast``: a joint law's forecast for a larger run, with a delta-method interval;
  ``resampling``: the bootstrap
- ``chinchilla``: Hoffmann et al. (2022) Approaches 1, 2 and 3
- ``synthetic``: seeded synthetic data sets with planted parameters
- ``reference``: published constants and tables, each with its citation
- ``data``: loaders of real data (``datasets/`` holds the shipped files with their sources)
- ``experiments``: simulations, one module each; ``nets``: small NumPy networks
- ``training_api``: the offline budgeted training API of Lab 6 (``TrainingAPI``)
- ``training_curves``: Kaplan-law training curves and predicting a final loss from their start
- ``plotting``, ``plotting_sweeps``, ``widgets``: figures (of training sweeps too) and kernel-free explorers
- ``checks``: exercise checkers; its generic core and the two calls a lab
  makes, ``check(label, answer)`` and ``require_correct(lab)``, are re-exported
  here, while each lab's exercises stay in ``scaling_lab.checks.<lab>``;
  ``student`` (not re-exported, run as ``python -m scaling_lab.student``) makes
  the student version of a lab, with ``myst`` reading the book's markup
"""

__version__ = "0.1.0"

from scaling_lab import (
    allocation, chinchilla, data, data_cost, experiments, fitting, fitting_bnsl, fitting_joint, joint_forecast,
    kaplan_vs_chinchilla, laws, nets, plotting, reference, resampling, synthetic, training_api,
    training_curves, widgets,
)
from scaling_lab._exports import reexport
from scaling_lab.checks import core as _checks_core
from scaling_lab.checks import registry as _checks_registry

#: The submodules whose ``__all__`` make up the top-level namespace, in order.
PUBLIC_MODULES = (laws, allocation, data_cost, kaplan_vs_chinchilla, fitting, fitting_bnsl, fitting_joint, joint_forecast,
                  resampling, chinchilla, synthetic, reference, data, experiments, nets, training_api, training_curves,
                  plotting, widgets, _checks_core, _checks_registry)

__all__ = reexport(globals(), PUBLIC_MODULES)
