r"""Zero-shot benchmark results of the Pythia suite through training (Biderman et al. 2023).

Pythia is a family of language models from 70M to 12B parameters, all trained on
the same data in the same order, with checkpoints through training (Biderman et
al. 2023, "Pythia: A Suite for Analyzing Large Language Models Across Training and
Scaling", ICML 2023).  The evaluations ship with this package as
``scaling_lab/datasets/pythia_zero_shot_evals.csv`` (EleutherAI/pythia, Apache-2.0;
the note beside the file gives the commit and paths), so nothing needs the network.

:func:`load_pythia_evals` returns a :class:`PythiaEvals`: one entry per model and
checkpoint, with named arrays, and selectors for the final checkpoint, one model,
one step and one benchmark.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, fields
from functools import lru_cache
from types import MappingProxyType
from typing import Mapping

import numpy as np

from scaling_lab._validate import as_float_array, as_int
from scaling_lab.reference.benchmarks import PYTHIA_BENCHMARKS

__all__ = ["PYTHIA_BATCH_TOKENS", "PYTHIA_FINAL_STEP", "PythiaEvals", "BenchmarkScores", "load_pythia_evals"]

#: Tokens per optimizer step: 1024 sequences of 2048 tokens (Biderman et al. 2023; the repository's README).
PYTHIA_BATCH_TOKENS = 2_097_152
#: The last checkpoint, step 143,000: 299,892,736,000 tokens, about 300B (the repository's README).
PYTHIA_FINAL_STEP = 143_000

_FILE = "pythia_zero_shot_evals.csv"
_WITH_STDERR = tuple(k for k in PYTHIA_BENCHMARKS if k != "mmlu")


def _sizes(values: np.ndarray) -> str:
    return ", ".join(f"{v / 1e9:.3g}B" if v >= 1e9 else f"{v / 1e6:.3g}M" for v in values)


@dataclass(frozen=True)
class BenchmarkScores:
    r"""Accuracy on one benchmark for a selection of Pythia models and checkpoints.

    One entry per (model, checkpoint), in the order of the :class:`PythiaEvals`
    it came from.  ``accuracy_stderr`` is the evaluation harness's standard error
    (about :math:`\sqrt{a(1-a)/n}` for :math:`n` questions), None for MMLU, whose
    file gives only the mean over subjects.  ``chance_accuracy`` is the accuracy
    of guessing (:data:`~scaling_lab.reference.PYTHIA_BENCHMARKS`).
    """

    benchmark: str
    model: tuple[str, ...] = field(repr=False)
    n_params: np.ndarray = field(repr=False)
    n_params_nonembedding: np.ndarray = field(repr=False)
    step: np.ndarray = field(repr=False)
    n_tokens: np.ndarray = field(repr=False)
    accuracy: np.ndarray = field(repr=False)
    accuracy_stderr: np.ndarray | None = field(repr=False)
    chance_accuracy: float
    deduplicated: bool

    def __len__(self) -> int:
        return int(self.accuracy.size)

    def grid(self):
        r"""The scores as a table: ``(sizes, steps, accuracy)`` with ``accuracy[i, j]`` for size i at step j.

        ``sizes`` are the distinct ``n_params`` (ascending), ``steps`` the distinct
        checkpoints; a missing (size, step) pair is NaN.  Handy for accuracy
        against training tokens (``steps * PYTHIA_BATCH_TOKENS``) for each size.
        """
        return _grid(self.n_params, self.step, self.accuracy)

    def __repr__(self) -> str:
        return (f"BenchmarkScores({self.benchmark!r}, n_entries={len(self)}, "
                f"sizes [{_sizes(np.unique(self.n_params))}], accuracy {self.accuracy.min():.3f}-{self.accuracy.max():.3f}, chance {self.chance_accuracy:g}, "
                f"deduplicated={self.deduplicated})")


@dataclass(frozen=True)
class PythiaEvals:
    r"""Pythia's zero-shot results: one entry per (model, checkpoint), as named read-only arrays.

    Attributes
    ----------
    model : tuple of str
        Model names, e.g. ``"pythia-1.4b"`` (``"pythia-1.4b-deduped"`` in the deduplicated suite).
    deduplicated : bool
        True for the models trained on the deduplicated Pile.
    n_layers, d_model : numpy.ndarray of int
        Depth and width.
    n_params : numpy.ndarray
        Total parameters, embeddings included (the count in the model names: 70M ... 12B).
    n_params_nonembedding : numpy.ndarray
        Parameters without the input and output embeddings, the count Kaplan et al. (2020) use.
    step : numpy.ndarray of int
        Checkpoint (optimizer step), 0 ... 143,000.
    n_tokens : numpy.ndarray
        Training tokens seen, ``step * 2,097,152``.
    accuracy : mapping of str to numpy.ndarray
        Accuracy per benchmark: ``lambada_openai, piqa, winogrande, wsc, arc_easy,
        arc_challenge, sciq, logiqa`` and ``mmlu`` (the mean over 57 subjects).
    accuracy_stderr : mapping of str to numpy.ndarray
        The harness's standard error of each accuracy, for every benchmark but ``mmlu``.
    lambada_perplexity, lambada_perplexity_stderr : numpy.ndarray
        Perplexity of LAMBADA's final word, :math:`\exp(-\frac{1}{n}\sum_i \log p(w_i \mid c_i))`, and its
        standard error.
    """

    model: tuple[str, ...] = field(repr=False)
    deduplicated: bool
    n_layers: np.ndarray = field(repr=False)
    d_model: np.ndarray = field(repr=False)
    n_params: np.ndarray = field(repr=False)
    n_params_nonembedding: np.ndarray = field(repr=False)
    step: np.ndarray = field(repr=False)
    n_tokens: np.ndarray = field(repr=False)
    accuracy: Mapping[str, np.ndarray] = field(repr=False)
    accuracy_stderr: Mapping[str, np.ndarray] = field(repr=False)
    lambada_perplexity: np.ndarray = field(repr=False)
    lambada_perplexity_stderr: np.ndarray = field(repr=False)

    def __len__(self) -> int:
        return int(self.step.size)

    @property
    def sizes(self) -> np.ndarray:
        """The distinct total parameter counts, ascending."""
        return np.unique(self.n_params)

    @property
    def steps(self) -> np.ndarray:
        """The distinct checkpoints, ascending."""
        return np.unique(self.step)

    @property
    def mmlu_accuracy(self) -> np.ndarray:
        """Mean accuracy over MMLU's 57 subjects (``accuracy["mmlu"]``); guessing scores 0.25."""
        return self.accuracy["mmlu"]

    @property
    def benchmarks(self) -> tuple[str, ...]:
        """The benchmark keys of ``accuracy``."""
        return tuple(self.accuracy)

    def grid(self, values):
        r"""Arrange ``values`` (one per entry, e.g. ``lambada_perplexity``) as a size-by-step table.

        Returns ``(sizes, steps, table)`` with ``table[i, j]`` for size ``sizes[i]`` at
        checkpoint ``steps[j]`` (NaN where that pair is missing).
        """
        values = as_float_array(values, "values")
        if values.shape != self.step.shape:
            raise ValueError(f"values must have one entry per row, shape {self.step.shape}; got {values.shape}")
        return _grid(self.n_params, self.step, values)

    def _subset(self, mask: np.ndarray) -> PythiaEvals:
        def take(value):
            if isinstance(value, Mapping):
                return MappingProxyType({k: _frozen(v[mask]) for k, v in value.items()})
            if isinstance(value, tuple):
                return tuple(np.asarray(value, dtype=object)[mask])
            if isinstance(value, np.ndarray):
                return _frozen(value[mask])
            return value
        return PythiaEvals(**{f.name: take(getattr(self, f.name)) for f in fields(self)})

    def final(self) -> PythiaEvals:
        """The fully trained models: the entries at the final checkpoint (step 143,000)."""
        return self.at_step(int(self.step.max()))

    def at_step(self, step) -> PythiaEvals:
        """The entries at one checkpoint ``step`` (one of :attr:`steps`)."""
        step = as_int(step, "step", minimum=0)
        if step not in set(self.steps.tolist()):
            raise ValueError(f"step must be one of the checkpoints {self.steps.tolist()}; got {step}")
        return self._subset(self.step == step)

    def for_model(self, model) -> PythiaEvals:
        """All checkpoints of one model, named as in :attr:`model` (``"pythia-1.4b"``) or by size (``"1.4b"``)."""
        names = sorted(set(self.model), key=lambda name: self.n_params[self.model.index(name)])
        suffix = "-deduped" if self.deduplicated else ""
        wanted = model if isinstance(model, str) and model.startswith("pythia-") else f"pythia-{model}{suffix}"
        if not isinstance(model, str) or wanted not in names:
            raise ValueError(f"model must be one of {names} (or the size alone, e.g. '1.4b'); got {model!r}")
        return self._subset(np.array([name == wanted for name in self.model]))

    def benchmark(self, name) -> BenchmarkScores:
        """The scores on one benchmark (a key of :attr:`accuracy`, e.g. ``"winogrande"``)."""
        if not isinstance(name, str) or name not in self.accuracy:
            raise ValueError(f"name must be one of {list(self.accuracy)}; got {name!r}")
        return BenchmarkScores(
            benchmark=name, model=self.model, n_params=self.n_params,
            n_params_nonembedding=self.n_params_nonembedding, step=self.step, n_tokens=self.n_tokens,
            accuracy=self.accuracy[name], accuracy_stderr=self.accuracy_stderr.get(name),
            chance_accuracy=PYTHIA_BENCHMARKS[name].chance_accuracy, deduplicated=self.deduplicated,
        )

    def __repr__(self) -> str:
        return (f"PythiaEvals(deduplicated={self.deduplicated}, n_entries={len(self)}, "
                f"sizes [{_sizes(self.sizes)}], {self.steps.size} checkpoint(s) from step {int(self.steps.min())} "
                f"to {int(self.steps.max())}, benchmarks {list(self.accuracy)})")


def _grid(n_params, step, values):
    sizes, size_index = np.unique(n_params, return_inverse=True)
    steps, step_index = np.unique(step, return_inverse=True)
    table = np.full((sizes.size, steps.size), np.nan)
    table[size_index, step_index] = values
    return sizes, steps, table


def _frozen(arr: np.ndarray) -> np.ndarray:
    arr = np.array(arr)
    arr.setflags(write=False)
    return arr


@lru_cache(maxsize=2)
def _load(deduplicated: bool) -> PythiaEvals:
    text = _dataset_files().joinpath(_FILE).read_text(encoding="utf-8")
    rows = [row for row in csv.DictReader(io.StringIO(text)) if row["deduped"] == str(int(deduplicated))]
    rows.sort(key=lambda row: (int(row["params_total"]), int(row["step"])))

    def column(name, dtype=float):
        return _frozen(np.array([dtype(row[name]) for row in rows]))

    return PythiaEvals(
        model=tuple(row["model"] for row in rows), deduplicated=deduplicated,
        n_layers=column("n_layers", int), d_model=column("d_model", int),
        n_params=column("params_total"), n_params_nonembedding=column("params_nonembedding"),
        step=column("step", int), n_tokens=column("tokens"),
        accuracy=MappingProxyType({**{k: column(f"{k}_acc") for k in _WITH_STDERR}, "mmlu": column("mmlu_acc_mean")}),
        accuracy_stderr=MappingProxyType({k: column(f"{k}_acc_stderr") for k in _WITH_STDERR}),
        lambada_perplexity=column("lambada_openai_ppl"),
        lambada_perplexity_stderr=column("lambada_openai_ppl_stderr"),
    )


def load_pythia_evals(*, deduplicated: bool = False) -> PythiaEvals:
    r"""Pythia's zero-shot benchmark results, all sizes and checkpoints (Biderman et al. 2023).

    The standard suite (trained on the Pile) has 7 sizes, 70M, 160M, 410M, 1.4B,
    2.8B, 6.9B and 12B parameters (the repository has no zero-shot results for
    the standard 1B model); the deduplicated suite (``deduplicated=True``,
    trained on the deduplicated Pile for about 1.5 epochs) has 8, with 1B.  Each
    model has 27 checkpoints, from step 0 to step 143,000 (about 300B tokens).

    Parameters
    ----------
    deduplicated : bool, default False
        Which suite to load.

    Returns
    -------
    PythiaEvals
        Named read-only arrays, sorted by size and then step; ``.final()``,
        ``.at_step(step)``, ``.for_model("1.4b")`` and ``.benchmark("winogrande")``
        select from them.

    Notes
    -----
    At the final checkpoint of the standard suite, LAMBADA perplexity falls from
    142.4 (70M) to 3.92 (12B), WinoGrande accuracy rises from 0.528 to 0.639
    (guessing: 0.5; people: 0.940, Sakaguchi et al. 2020), and MMLU stays between
    0.243 and 0.282 (guessing: 0.25).  Source, licence and processing:
    ``scaling_lab/datasets/pythia_zero_shot_evals.md``.

    Examples
    --------
    >>> final = load_pythia_evals().final()
    >>> [round(p) for p in final.lambada_perplexity]
    [142, 38, 11, 6, 5, 4, 4]
    """
    if not isinstance(deduplicated, (bool, np.bool_)):
        raise ValueError(f"deduplicated must be True or False; got {deduplicated!r}")
    return _load(bool(deduplicated))


def _dataset_files():
    """The shipped data folder (importlib.resources, imported here: it is slow to import and rarely needed)."""
    from importlib import resources

    return resources.files("scaling_lab.datasets")
