r"""The real Chinchilla runs: 245 points of Hoffmann et al. (2022), Figure 4, as extracted by Besiroglu et al. (2024).

The file ``scaling_lab/datasets/chinchilla_fig4_epoch_extracted.csv`` ships with the package (its note,
``chinchilla_fig4_epoch_extracted.md``, gives the source commit, licence and processing). Cite both
papers wherever the points are used:

- Hoffmann et al. (2022), "Training Compute-Optimal Large Language Models", NeurIPS 35, 30016-30030,
  arXiv:2203.15556 (the runs, Figure 4);
- Besiroglu, Erdil, Barnett and You (2024), "Chinchilla Scaling: A replication attempt",
  arXiv:2404.10102 (the extraction, github.com/epoch-research/analyzing-chinchilla @ 92258837).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from scaling_lab._validate import as_int

__all__ = ["ChinchillaFig4Runs", "chinchilla_fig4_runs"]

_FILE = "chinchilla_fig4_epoch_extracted.csv"
_N_ROWS = 245
_MIN_KEPT = 6  # Approach 3 has five parameters


@dataclass(frozen=True)
class ChinchillaFig4Runs:
    r"""Runs read off Hoffmann et al.'s (2022) Figure 4, one row per run (read-only arrays).

    ``n_params`` N (all parameters), ``n_tokens`` :math:`D = C/(6N)`, ``compute_flops`` C and final
    ``loss`` (nats/token); ``n_dropped`` is the number of highest-loss runs left out.
    """

    n_params: np.ndarray = field(repr=False)
    n_tokens: np.ndarray = field(repr=False)
    compute_flops: np.ndarray = field(repr=False)
    loss: np.ndarray = field(repr=False)
    n_dropped: int

    def __len__(self) -> int:
        return int(self.loss.size)

    def __repr__(self) -> str:
        return (
            f"ChinchillaFig4Runs(n_runs={len(self)}, n_dropped={self.n_dropped}, "
            f"n_params {self.n_params.min():.3g}-{self.n_params.max():.3g}, "
            f"compute {self.compute_flops.min():.3g}-{self.compute_flops.max():.3g} FLOPs, "
            f"loss {self.loss.min():.3f}-{self.loss.max():.3f}; Hoffmann et al. 2022 Fig. 4 via Besiroglu et al. 2024)"
        )


@lru_cache(maxsize=1)
def _read() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    text = _dataset_files().joinpath(_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    n = np.array([float(r["Model Size"]) for r in rows])
    c = np.array([float(r["Training FLOP"]) for r in rows])
    loss = np.array([float(r["loss"]) for r in rows])
    return n, c, loss


def chinchilla_fig4_runs(*, drop_highest_loss: int = 0) -> ChinchillaFig4Runs:
    r"""The 245 Chinchilla runs extracted by Besiroglu et al. (2024) from Hoffmann et al. (2022), Figure 4.

    Each run is a model of :math:`N` parameters trained with :math:`C` FLOPs to a final loss
    :math:`L`. The tokens follow from :math:`C = 6ND` (Kaplan et al. 2020, §2.1; the rule both
    papers use):

    .. math:: D = \frac{C}{6N}

    Parameters
    ----------
    drop_highest_loss : int, optional
        Leave out the runs whose loss is not strictly below the ``k``-th largest loss (``k =
        drop_highest_loss``; with no ties, the ``k`` highest-loss runs). Besiroglu et al. fit with
        ``k = 5`` (:data:`~scaling_lab.reference.BESIROGLU_2024_DROPPED_RUNS`), leaving 240 runs:
        the five they drop are models of 2e9-7e9 parameters on the smallest budget (about 1e19
        FLOPs), far too large for it. Default 0 (all 245 runs). At most 239.

    Returns
    -------
    ChinchillaFig4Runs
        ``n_params``, ``n_tokens``, ``compute_flops``, ``loss`` (read-only arrays in the file's
        order) and ``n_dropped``.

    Examples
    --------
    >>> runs = chinchilla_fig4_runs(drop_highest_loss=5)
    >>> len(runs)
    240
    """
    k = as_int(drop_highest_loss, "drop_highest_loss", minimum=0)
    if k > _N_ROWS - _MIN_KEPT:
        raise ValueError(f"drop_highest_loss must be <= {_N_ROWS - _MIN_KEPT} (keep >= {_MIN_KEPT} runs); got {k}")
    n, c, loss = _read()
    keep = np.ones(loss.size, dtype=bool) if k == 0 else loss < np.sort(loss)[-k]
    arrays = [n[keep], c[keep] / (6.0 * n[keep]), c[keep], loss[keep]]
    for arr in arrays:
        arr.setflags(write=False)
    return ChinchillaFig4Runs(*arrays, n_dropped=int((~keep).sum()))


def _dataset_files():
    """The shipped data folder (importlib.resources, imported here: it is slow to import and rarely needed)."""
    from importlib import resources

    return resources.files("scaling_lab.datasets")
