"""Benchmark: the computations behind book/forecasting.md, book/emergence.md and labs/lab07_emergence.md, timed
one after another on one core.

Run with ``make bench`` or ``python tests/benchmarks/bench_part4.py [--n-boot 1000]``.

What it times, and prints beside the times (so the numbers in the chapters can be checked):

* the Pythia forecasts of book/forecasting.md (:func:`scaling_lab.experiments.pythia_forecast`, ``n_boot``
  parametric bootstrap refits each) and the WinoGrande human-level crossing;
* the BNSL fits of book/emergence.md (:func:`scaling_lab.fitting.bnsl.fit_bnsl`): the Figure 1 law with three
  breaks, Caballero et al.'s noiseless 4-digit-addition simulation, and Pythia 12B's LAMBADA error;
* the emergence metrics for the widget grid (:func:`scaling_lab.experiments.emergence_metrics`).

Target (exit status 1 if missed): each step under its budget in seconds (chapter cells must stay well
under the book's 300 s timeout; the lab must run in under 60 s), with 25% headroom already taken off.
Wall times depend on the load of the machine; the counts of fits are printed beside them.

Not collected by pytest (no ``test_`` prefix, no test functions).
"""

from __future__ import annotations

import argparse
import os
import sys
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from scaling_lab.experiments import (  # noqa: E402
    emergence_metrics, pythia_emergence_curves, pythia_forecast, pythia_scale_to_reach,
)
from scaling_lab.fitting.bnsl import fit_bnsl  # noqa: E402
from scaling_lab.laws import bnsl  # noqa: E402
from scaling_lab.reference import CABALLERO_2023_FIGURE_1, BNSLBreak, BNSLParams  # noqa: E402

ADDITION_4_DIGIT = BNSLParams(0.41388453071629455, 2.2772722897737556, 0.055077348404973955,
                              (BNSLBreak(5.662903816010331, 612.5836172918001, 0.059193036393742314),))


def _timed(label, budget, func, rows):
    start = time.perf_counter()
    result = func()
    seconds = time.perf_counter() - start
    rows.append((label, seconds, budget))
    print(f"{label}: {seconds:.2f} s (budget {budget:g} s)\n    {result!r}")
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-boot", type=int, default=1000)
    args = parser.parse_args(argv)
    rows: list[tuple[str, float, float]] = []
    n = args.n_boot

    for metric, law in [("lambada_perplexity", None), ("lambada_perplexity", "power_law"),
                        ("winogrande", None), ("mmlu", None)]:
        _timed(f"pythia_forecast({metric!r}, law={law!r}), {n} refits", 45, lambda: pythia_forecast(
            metric, law=law, n_boot=n), rows)
    _timed(f"pythia_scale_to_reach('winogrande'), {n} refits", 15, lambda: pythia_scale_to_reach(n_boot=n), rows)
    _timed("pythia_scale_to_reach('winogrande', all sizes)", 15,
           lambda: pythia_scale_to_reach(max_fit_params=np.inf, n_boot=n), rows)

    x1 = np.geomspace(1e-1, 1e26, 81)
    _timed("fit_bnsl: Figure 1 law, 81 points, 3 breaks", 30,
           lambda: fit_bnsl(x1, bnsl(x1, CABALLERO_2023_FIGURE_1), n_breaks=3), rows)
    x2 = np.unique(np.round(np.geomspace(1, 405, 60)))
    _timed("fit_bnsl: 4-digit addition simulation, x <= 405", 30,
           lambda: fit_bnsl(x2, bnsl(x2, ADDITION_4_DIGIT)), rows)
    curves = pythia_emergence_curves("lambada_openai")
    _timed("fit_bnsl: Pythia 12B LAMBADA error vs tokens", 10,
           lambda: fit_bnsl(curves.n_tokens[1:], 1 - curves.values[-1, 1:]), rows)
    _timed("emergence_metrics: 41 sizes x 30 lengths x 500 questions", 5, emergence_metrics, rows)

    print()
    missed = [(label, s, b) for label, s, b in rows if s > b]
    for label, seconds, budget in rows:
        print(f"[{'PASS' if seconds <= budget else 'FAIL'}] {seconds:7.2f} s <= {budget:g} s  {label}")
    print("\nbench_part4:", "target met" if not missed else "TARGET MISSED")
    return 0 if not missed else 1


if __name__ == "__main__":
    sys.exit(main())
