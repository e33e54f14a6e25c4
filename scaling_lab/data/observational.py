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

:func:`load_leaderboard_v2` returns the same authors' scores of 72 base models on three harder tasks of the
Open LLM Leaderboard v2 (BBH, GPQA, MATH level 5; file ``obsscaling_leaderboard_v2.csv``), the targets of
their held-out forecast in the repository's notebook ``base_llm_leaderboard_v2.ipynb`` (the paper's
Appendix C.3), with the chance level of each task as that notebook sets it.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import numpy as np

__all__ = ["OBSERVATIONAL_BENCHMARKS", "ObservationalBenchmarks", "load_observational_benchmarks",
           "LEADERBOARD_V2_TASKS", "LeaderboardV2Scores", "load_leaderboard_v2"]

#: The eight benchmarks of the table, in its column order (``ALL_BENCHMARK_METRIC_LIST`` in the
#: repository's ``utils/constants.py``); scores are accuracies in [0, 1] (pass@1 for HumanEval).
OBSERVATIONAL_BENCHMARKS = ("MMLU", "ARC-C", "HellaSwag", "Winograd", "TruthfulQA", "GSM8K", "XWinograd",
                            "HumanEval")

_FILE = "obsscaling_base_llm_benchmarks.csv"
_FILE_V2 = "obsscaling_leaderboard_v2.csv"

#: The three Leaderboard v2 tasks the authors forecast, with their chance level (``RANDOM_VAL_MAP`` in
#: ``base_llm_leaderboard_v2.ipynb``: GPQA has four options; BBH's is the mean over its 27 subtasks of
#: ``BBH_SUBTASKS2RANDOM_VAL`` in ``utils/constants.py``) and the compute cutoff of their held-out split
#: in units of 1e21 FLOPs (``CUTOFF_THRESHOLD_MAP``: the training compute of Qwen1.5-7B, Gemma-7B and
#: Llama-2-7B).  Their columns ``leaderboard_mmlu_pro``, ``leaderboard_ifeval`` and ``leaderboard_musr``
#: are shipped too but were not forecast in the notebook.
LEADERBOARD_V2_TASKS = MappingProxyType({
    "BBH": MappingProxyType({"column": "leaderboard_bbh", "chance": sum((
        1 / 2, 1 / 2, 1 / 6, 1 / 3, 0.0, 1 / 2, 1 / 9, 1 / 2, 1 / 5, 1 / 7, 1 / 3, 1 / 5, 0.0, 1 / 2, 0.0, 1 / 5,
        1 / 18, 1 / 4, 1 / 6, 1 / 2, 1 / 2, 1 / 4, 1 / 5, 1 / 7, 1 / 3, 1 / 2, 0.0)) / 27, "cutoff_1e21": 84.0}),
    "GPQA": MappingProxyType({"column": "leaderboard_gpqa", "chance": 0.25, "cutoff_1e21": 168.0}),
    "MATH Lvl 5": MappingProxyType({"column": "leaderboard_math_hard", "chance": 0.0, "cutoff_1e21": 252.0}),
})

#: The families whose compute is public, the set the notebook fits (``EVAL_BASE_MODEL_WITH_FLOPS_FAMILIES``
#: in ``utils/constants.py``: the 28 evaluated families without Mistral, Mixtral and Qwen2).
_V2_FAMILIES = ("Llama-2", "Llama", "Llama-3", "Llama-3.1", "Qwen1.5", "Qwen", "Yi", "Yi-1.5", "Gemma", "Gemma-2",
                "Falcon", "Phi", "Pythia", "BLOOM", "GPT-Neo/J", "OPT", "MPT", "XGLM", "CodeLlama", "StarCoder",
                "StarCoder2", "DeepSeek-Coder", "DeepSeek-V2", "DeepSeek-Coder-V2", "Jamba")


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


@dataclass(frozen=True)
class LeaderboardV2Scores:
    r"""Base models with both the eight standard benchmarks and the Leaderboard v2 tasks, as read-only arrays.

    Attributes
    ----------
    base : ObservationalBenchmarks
        The models' rows of :func:`load_observational_benchmarks` (family, compute, the eight scores).
    targets : numpy.ndarray, shape (n_models, 3)
        Raw accuracies on the tasks of ``tasks`` (BBH, GPQA, MATH level 5), in [0, 1].
    tasks : tuple of str
        The keys of :data:`LEADERBOARD_V2_TASKS`.
    chance : numpy.ndarray, shape (3,)
        Each task's chance accuracy.
    cutoff_flops : numpy.ndarray, shape (3,)
        Each task's compute cutoff of the authors' held-out split, in FLOPs.
    """

    base: ObservationalBenchmarks = field(repr=False)
    targets: np.ndarray = field(repr=False)
    tasks: tuple[str, ...]
    chance: np.ndarray = field(repr=False)
    cutoff_flops: np.ndarray = field(repr=False)

    def __len__(self) -> int:
        return len(self.base)

    @property
    def predictor_benchmarks(self) -> tuple[str, ...]:
        """The seven benchmarks the notebook's capabilities are built from: all but GSM8K
        (``NONGSM_METRIC_LIST``, because MATH is arithmetic too)."""
        return tuple(b for b in self.base.benchmarks if b != "GSM8K")

    @property
    def predictor_scores(self) -> np.ndarray:
        """The columns of ``base.scores`` named by ``predictor_benchmarks``, shape (n_models, 7)."""
        return self.base.scores[:, [self.base.benchmarks.index(b) for b in self.predictor_benchmarks]]

    def target(self, task: str) -> np.ndarray:
        """Raw accuracies on one task (a name of ``tasks``)."""
        if task not in self.tasks:
            raise ValueError(f"task must be one of {self.tasks}; got {task!r}")
        return self.targets[:, self.tasks.index(task)]


def load_leaderboard_v2(*, flops_families_only: bool = True) -> LeaderboardV2Scores:
    r"""Ruan, Maddison and Hashimoto's Leaderboard v2 scores, joined to the standard benchmarks.

    The table ``eval_results/base_llm_leaderboard_v2_eval.csv`` of their repository (72 models) is joined on
    the model name to all 148 rows of :func:`load_observational_benchmarks` (pre-registered models included),
    as their notebook ``base_llm_leaderboard_v2.ipynb`` does.

    Parameters
    ----------
    flops_families_only : bool, default True
        Keep only families with public compute, as the notebook's fits do (47 models); False keeps
        all 72.

    Returns
    -------
    LeaderboardV2Scores
    """
    if not isinstance(flops_families_only, bool):
        raise ValueError(f"flops_families_only must be True or False; got {flops_families_only!r}")
    return _load_v2(flops_families_only)


@lru_cache(maxsize=2)
def _load_v2(flops_only: bool) -> LeaderboardV2Scores:
    text = _dataset_files().joinpath(_FILE_V2).read_text(encoding="utf-8")
    rows = {row["Model"]: row for row in csv.DictReader(io.StringIO(text))}
    base = _load(False, True)
    keep = [i for i, m in enumerate(base.model)
            if m in rows and (base.family[i] in _V2_FAMILIES or not flops_only)]
    tasks = tuple(LEADERBOARD_V2_TASKS)
    targets = np.array([[float(rows[base.model[i]][LEADERBOARD_V2_TASKS[t]["column"]]) for t in tasks] for i in keep])
    if not np.isfinite(targets).all() or targets.min() < 0 or targets.max() > 1:
        raise ValueError(f"{_FILE_V2}: task scores must lie in [0, 1]")
    idx = np.array(keep, dtype=int)
    sub = ObservationalBenchmarks(
        model=tuple(base.model[i] for i in keep), family=tuple(base.family[i] for i in keep),
        n_params=_read_only(base.n_params[idx]), n_tokens=_read_only(base.n_tokens[idx]),
        compute_flops=_read_only(base.compute_flops[idx]), scores=_read_only(base.scores[idx]),
        benchmarks=base.benchmarks, preregistered=_read_only(base.preregistered[idx]))
    return LeaderboardV2Scores(
        base=sub, targets=_read_only(targets), tasks=tasks,
        chance=_read_only(np.array([LEADERBOARD_V2_TASKS[t]["chance"] for t in tasks])),
        cutoff_flops=_read_only(np.array([LEADERBOARD_V2_TASKS[t]["cutoff_1e21"] * 1e21 for t in tasks])))


def _read_only(arr: np.ndarray) -> np.ndarray:
    arr.setflags(write=False)
    return arr


def _dataset_files():
    """The shipped data folder (importlib.resources, imported here: it is slow to import and rarely needed)."""
    from importlib import resources

    return resources.files("scaling_lab.datasets")
