r"""The 104 runs of Gadre et al. (2024): models of 0.011B-6.9B parameters, trained past compute-optimal.

The file ``scaling_lab/datasets/gadre2024_overtraining_runs.csv`` ships with the package (its note,
``gadre2024_overtraining_runs.md``, gives the source commit, licence and processing). Cite the paper wherever
the runs are used: Gadre et al. (2024), "Language models scale reliably with over-training and on downstream
tasks", arXiv:2403.08540 (ICLR 2025); data from github.com/mlfoundations/scaling @ a003c491 (MIT).

Each run is one model of :math:`N` parameters trained on :math:`D` tokens of one training set (C4,
RedPajama or RefinedWeb), with eight validation losses and its average top-1 error over 46 downstream
tasks and over their 17-task split.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

__all__ = ["OvertrainingRuns", "load_overtraining_runs", "OVERTRAINING_TRAINING_SETS",
           "OVERTRAINING_VALIDATION_SETS"]

_FILE = "gadre2024_overtraining_runs.csv"
_N_ROWS = 104

#: The training sets, as the repository names them, and what they are.
OVERTRAINING_TRAINING_SETS = {"c4_original": "C4", "rpj": "RedPajama", "rw_original": "RefinedWeb"}

#: The eight validation losses (the file's ``loss_<key>`` columns) and the paper's names for them.
OVERTRAINING_VALIDATION_SETS = {
    "c4_val": "C4 eval",
    "openlm": "OpenLM eval",
    "paloma_c4_en": "C4 (Paloma split)",
    "paloma_dolma_100_programing_languages": "100 programming languages (Paloma split)",
    "paloma_falcon-refinedweb": "RefinedWeb (Paloma split)",
    "paloma_ptb": "Penn Tree Bank (Paloma split)",
    "paloma_redpajama": "RedPajama (Paloma split)",
    "val_de-en_100": "C4 German eval",
}


#: The four small architectures of Gadre et al.'s (2024) Table 1 fit set, smallest first.
_TABLE_1_MODELS = ("d=96_l=8_h=4", "d=512_l=8_h=4", "d=576_l=24_h=8", "d=1024_l=24_h=8")


@dataclass(frozen=True)
class OvertrainingRuns:
    r"""Runs of Gadre et al. (2024), one row per model (read-only arrays).

    ``name`` (the repository's run name), ``training_set`` (``c4_original``, ``rpj``, ``rw_original``),
    ``model`` (architecture name, e.g. ``d=96_l=8_h=4``, ``open_lm_1b``), ``n_params`` :math:`N` (all
    parameters), ``n_tokens`` :math:`D`, ``tokens_per_param`` the paper's token multiplier
    :math:`M = D/N`, ``chinchilla_multiplier`` :math:`D/(20N)` (the repository's multiplier, 0.25-32),
    ``compute_flops`` :math:`6ND`, ``loss`` the C4 eval loss (nats/token; the paper's default),
    ``losses`` every validation loss by key (:data:`OVERTRAINING_VALIDATION_SETS`), ``error_17_tasks`` and
    ``error_46_tasks`` the average top-1 error over the paper's 17-task split and all 46 tasks.
    """

    name: np.ndarray = field(repr=False)
    training_set: np.ndarray = field(repr=False)
    model: np.ndarray = field(repr=False)
    n_params: np.ndarray = field(repr=False)
    n_tokens: np.ndarray = field(repr=False)
    tokens_per_param: np.ndarray = field(repr=False)
    chinchilla_multiplier: np.ndarray = field(repr=False)
    compute_flops: np.ndarray = field(repr=False)
    loss: np.ndarray = field(repr=False)
    losses: dict = field(repr=False)
    error_17_tasks: np.ndarray = field(repr=False)
    error_46_tasks: np.ndarray = field(repr=False)

    def __len__(self) -> int:
        return int(self.loss.size)

    def select(self, mask) -> OvertrainingRuns:
        """The runs where the boolean ``mask`` (one entry per run) is true."""
        keep = np.asarray(mask)
        if keep.dtype != bool or keep.shape != self.loss.shape:
            raise ValueError(f"mask must be a boolean array of shape {self.loss.shape}; got {keep.dtype} "
                             f"{keep.shape}")
        return _frozen({k: (v[keep] if k != "losses" else {s: a[keep] for s, a in v.items()})
                        for k, v in self.__dict__.items()})

    def paper_fit_set(self, *, with_1b: bool = False) -> np.ndarray:
        """Boolean mask of the runs Gadre et al. (2024) fit their laws on (their Table 1).

        The four small models (``d=96_l=8_h=4``, ``d=512_l=8_h=4``, ``d=576_l=24_h=8``, ``d=1024_l=24_h=8``)
        at :math:`M = 20`, and the smallest at :math:`M = 320`; ``with_1b=True`` adds the 1.4B model at
        :math:`M = 20`, which their loss-to-error fit (eq. 5) also uses.
        """
        m20 = self.tokens_per_param == 20
        keep = (np.isin(self.model, _TABLE_1_MODELS) & m20) | (
            (self.model == _TABLE_1_MODELS[0]) & (self.tokens_per_param == 320))
        if with_1b:
            keep = keep | ((self.model == "open_lm_1b") & m20)
        return keep

    def __repr__(self) -> str:
        sets = ", ".join(sorted(set(self.training_set.tolist())))
        return (f"OvertrainingRuns(n_runs={len(self)}, training sets {sets}, "
                f"N {self.n_params.min():.3g}-{self.n_params.max():.3g}, M {self.tokens_per_param.min():g}-"
                f"{self.tokens_per_param.max():g}; Gadre et al. 2024)")


def _frozen(columns: dict) -> OvertrainingRuns:
    for key, value in columns.items():
        for arr in (value.values() if key == "losses" else [value]):
            arr.setflags(write=False)
    return OvertrainingRuns(**columns)


@lru_cache(maxsize=1)
def _read() -> tuple:
    text = _dataset_files().joinpath(_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    if len(rows) != _N_ROWS:
        raise RuntimeError(f"{_FILE}: expected {_N_ROWS} rows, found {len(rows)}")
    return tuple(rows)


def load_overtraining_runs(training_set: str | None = None) -> OvertrainingRuns:
    r"""The runs of Gadre et al. (2024), all 104 or those of one training set.

    Parameters
    ----------
    training_set : str, optional
        ``"c4_original"`` (C4, 34 runs), ``"rpj"`` (RedPajama, 35) or ``"rw_original"`` (RefinedWeb, 35);
        ``None`` (default) for all 104.

    Returns
    -------
    OvertrainingRuns
        Named read-only arrays in the file's order (training set, then :math:`N`, then :math:`M`).

    Examples
    --------
    >>> runs = load_overtraining_runs("rpj")
    >>> len(runs), int(runs.tokens_per_param.max())
    (35, 640)
    """
    if training_set is not None and training_set not in OVERTRAINING_TRAINING_SETS:
        raise ValueError(f"training_set must be one of {sorted(OVERTRAINING_TRAINING_SETS)} or None; "
                         f"got {training_set!r}")
    rows = [r for r in _read() if training_set is None or r["dataset"] == training_set]
    n = np.array([float(r["n_params"]) for r in rows])
    d = np.array([float(r["n_tokens"]) for r in rows])
    losses = {key: np.array([float(r[f"loss_{key}"]) for r in rows]) for key in OVERTRAINING_VALIDATION_SETS}
    columns = {
        "name": np.array([r["name"] for r in rows]),
        "training_set": np.array([r["dataset"] for r in rows]),
        "model": np.array([r["model"] for r in rows]),
        "n_params": n,
        "n_tokens": d,
        "tokens_per_param": d / n,
        "chinchilla_multiplier": np.array([float(r["chinchilla_multiplier"]) for r in rows]),
        "compute_flops": 6.0 * n * d,
        "loss": losses["c4_val"].copy(),
        "losses": losses,
        "error_17_tasks": np.array([float(r["err_avg_17"]) for r in rows]),
        "error_46_tasks": np.array([float(r["err_avg_46"]) for r in rows]),
    }
    return _frozen(columns)


def _dataset_files():
    """The shipped data folder (importlib.resources, imported here: it is slow to import and rarely needed)."""
    from importlib import resources

    return resources.files("scaling_lab.datasets")
