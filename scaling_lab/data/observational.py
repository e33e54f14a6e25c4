r"""Benchmark scores of about 150 public base language models (Ruan, Maddison and Hashimoto 2024).

Ruan, Maddison and Hashimoto (2024), "Observational Scaling Laws and the Predictability of Language
Model Performance" (NeurIPS 2024; arXiv:2405.10938), collected for public pretrained models their family,
size, training tokens, training compute and eight benchmark scores.  Their table ships with this package
as ``scaling_lab/datasets/obsscaling_base_llm_benchmarks.csv`` (repository ryoungj/ObsScaling,
Apache-2.0; the note beside the file gives the commit and what was changed), so nothing needs the network.

:func:`load_observational_benchmarks` returns an :class:`ObservationalBenchmarks` with named read-only
arrays.  By default it keeps the rows their own loader keeps (``utils/helper.py``,
``load_base_llm_benchmark_eval``): the 28 families they evaluated, without the 20 models they
pre-registered after the paper, which leaves 77 models.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

__all__ = ["OBSERVATIONAL_BENCHMARKS", "ObservationalBenchmarks", "load_observational_benchmarks"]

#: The eight benchmarks of the table, in its column order (``ALL_BENCHMARK_METRIC_LIST`` in the
#: repository's ``utils/constants.py``); scores are accuracies in [0, 1] (pass@1 for HumanEval).
OBSERVATIONAL_BENCHMARKS = ("MMLU", "ARC-C", "HellaSwag", "Winograd", "TruthfulQA", "GSM8K", "XWinograd",
                            "HumanEval")

_FILE = "obsscaling_base_llm_benchmarks.csv"


@dataclass(frozen=True)
class ObservationalBenchmarks:
    r"""One row per base model, as read-only arrays.

    Attributes
    ----------
    model : tuple of str
        Hugging Face model names, e.g. ``"meta-llama/Llama-2-7b-hf"``.
    family : tuple of str
        The family the authors assign, e.g. ``"Llama-2"``.
    n_params : numpy.ndarray
        Parameters (the table gives billions; here in units of one parameter).
    n_tokens : numpy.ndarray
        Pretraining tokens (the table gives trillions); NaN where the table has none.
    compute_flops : numpy.ndarray
        Training compute in FLOPs, the table's ``6 N D`` (it gives units of 1e21); NaN where unknown.
    scores : numpy.ndarray, shape (n_models, 8)
        Benchmark scores in [0, 1], columns in the order of ``benchmarks``; NaN where not evaluated.
    benchmarks : tuple of str
        :data:`OBSERVATIONAL_BENCHMARKS`.
    preregistered : numpy.ndarray of bool
        Models released after the paper, whose scores the authors forecast in advance.
    """

    model: tuple[str, ...] = field(repr=False)
    family: tuple[str, ...] = field(repr=False)
    n_params: np.ndarray = field(repr=False)
    n_tokens: np.ndarray = field(repr=False)
    compute_flops: np.ndarray = field(repr=False)
    scores: np.ndarray = field(repr=False)
    benchmarks: tuple[str, ...] = field(repr=False)
    preregistered: np.ndarray = field(repr=False)

    def __len__(self) -> int:
        return len(self.model)

    def score(self, benchmark: str) -> np.ndarray:
        """The column of ``scores`` for one benchmark (a name of ``benchmarks``)."""
        if benchmark not in self.benchmarks:
            raise ValueError(f"benchmark must be one of {self.benchmarks}; got {benchmark!r}")
        return self.scores[:, self.benchmarks.index(benchmark)]

    @property
    def families(self) -> tuple[str, ...]:
        """The distinct families, in order of first appearance."""
        return tuple(dict.fromkeys(self.family))

    def __repr__(self) -> str:
        return (f"ObservationalBenchmarks(n_models={len(self)}, n_families={len(self.families)}, "
                f"benchmarks={list(self.benchmarks)}, with_compute={int(np.isfinite(self.compute_flops).sum())}, "
                f"missing_scores={int(np.isnan(self.scores).sum())})")


def load_observational_benchmarks(*, evaluated_families_only: bool = True,
                                  include_preregistered: bool = False) -> ObservationalBenchmarks:
    r"""Load Ruan, Maddison and Hashimoto's (2024) table of base-model benchmark scores.

    Parameters
    ----------
    evaluated_families_only : bool, default True
        Keep only the 28 families the authors evaluated themselves (``EVAL_BASE_MODEL_FAMILIES`` in
        their ``utils/constants.py``), as their loader does; False gives all 148 rows, including
        families whose scores they collected but did not use in the paper's analyses.
    include_preregistered : bool, default False
        Keep the 20 models released after the paper (``PREREGISTERED_BASE_MODELS``).

    Returns
    -------
    ObservationalBenchmarks
        77 models with the defaults; 148 with ``evaluated_families_only=False,
        include_preregistered=True``.
    """
    for name, value in (("evaluated_families_only", evaluated_families_only),
                        ("include_preregistered", include_preregistered)):
        if not isinstance(value, bool):
            raise ValueError(f"{name} must be True or False; got {value!r}")
    return _load(evaluated_families_only, include_preregistered)


@lru_cache(maxsize=4)
def _load(evaluated_only: bool, with_prereg: bool) -> ObservationalBenchmarks:
    text = _dataset_files().joinpath(_FILE).read_text(encoding="utf-8")
    rows = [row for row in csv.DictReader(io.StringIO(text))
            if (row["evaluated_family"] == "1" or not evaluated_only) and (row["preregistered"] == "0" or with_prereg)]

    def number(value: str, scale: float = 1.0) -> float:
        return float(value) * scale if value else float("nan")

    def frozen(values) -> np.ndarray:
        return _read_only(np.array(values, dtype=float))

    scores = frozen([[number(row[b]) for b in OBSERVATIONAL_BENCHMARKS] for row in rows])
    finite = scores[np.isfinite(scores)]
    if finite.size and (finite.min() < 0 or finite.max() > 1):
        raise ValueError(f"{_FILE}: scores must lie in [0, 1]")
    return ObservationalBenchmarks(
        model=tuple(row["model"] for row in rows),
        family=tuple(row["family"] for row in rows),
        n_params=frozen([number(row["params_b"], 1e9) for row in rows]),
        n_tokens=frozen([number(row["tokens_t"], 1e12) for row in rows]),
        compute_flops=frozen([number(row["flops_1e21"], 1e21) for row in rows]),
        scores=scores,
        benchmarks=OBSERVATIONAL_BENCHMARKS,
        preregistered=_read_only(np.array([row["preregistered"] == "1" for row in rows])),
    )


def _read_only(arr: np.ndarray) -> np.ndarray:
    arr.setflags(write=False)
    return arr


def _dataset_files():
    """The shipped data folder (importlib.resources, imported here: it is slow to import and rarely needed)."""
    from importlib import resources

    return resources.files("scaling_lab.datasets")
