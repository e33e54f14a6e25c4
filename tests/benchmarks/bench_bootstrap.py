"""Benchmark: the Approach-3 bootstrap, fast path against the generic per-resample path, on the same resamples.

Run with ``make bench`` or ``python tests/benchmarks/bench_bootstrap.py [--n-boot 4000] [--generic 40]
[--seed 0] [--repeats 3]``.

The data: the 240 runs of Hoffmann et al. (2022) Fig. 4 kept by Besiroglu et al. (2024)
(``scaling_lab.data.chinchilla_fig4_runs(drop_highest_loss=5)``).

* Fast path: ``scaling_lab.bootstrap_chinchilla`` with ``n_boot`` resamples (median of ``repeats`` runs).
* Generic path: ``scaling_lab.fitting.resampling.bootstrap(fit_chinchilla, ...)`` with the same seed, which draws
  the same resamples one after the other, on the first ``--generic`` of them; its time is scaled up to
  ``n_boot`` resamples. The values of the shared resamples are compared.
* Intervals: the fast path's 95% percentile intervals beside Besiroglu et al.'s published ones, with
  the Monte-Carlo standard error of each end; and on Besiroglu et al.'s own 4,000 resamples
  (``np.random.seed(42)``, ``np.random.choice``), where the intervals should agree to rounding.

With ``--emulate-epoch`` (about a minute more) it also refits Besiroglu et al.'s resamples their way, one
BFGS run per resample from Hoffmann et al.'s unrounded eq. 10 values, and counts the runs that stop above
the resample's optimum.

Target (exit status 1 if missed): the fast path within 7.5 s (the issue's 10 s less 25% headroom for
a shared machine), the shared resamples equal to 1e-5, and on Besiroglu et al.'s resamples every
interval end within 0.5%.

Not collected by pytest (no ``test_`` prefix, no test functions).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

# One BLAS thread, set before numpy loads, as in the other benchmarks (and as make bench runs them).
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

from scaling_lab import bootstrap_chinchilla, fit_chinchilla, fit_chinchilla_resamples  # noqa: E402
from scaling_lab.data import chinchilla_fig4_runs  # noqa: E402
from scaling_lab.reference import (  # noqa: E402
    BESIROGLU_2024_BOOTSTRAP_CI95, BESIROGLU_2024_BOOTSTRAP_RESAMPLES, BESIROGLU_2024_BOOTSTRAP_SEED,
    BESIROGLU_2024_DROPPED_RUNS,
)
from scaling_lab.fitting.resampling import bootstrap  # noqa: E402

PARAMS = ("E", "A", "B", "alpha", "beta")
TIME_LIMIT_S = 7.5
SHARED_RTOL = 1e-5
EPOCH_RTOL = 5e-3


def _mc_se(values, rng, n_reps=200):
    reps = [np.percentile(values[rng.integers(0, values.size, values.size)], [2.5, 97.5]) for _ in range(n_reps)]
    return np.std(reps, axis=0)


def _emulate_epoch(data, indices, fits):
    """One BFGS run per resample from the TeX values (Besiroglu et al. 2024, cell 21), exact gradient."""
    from scipy import optimize

    from scaling_lab.fitting.huber_objective import huber_objective
    from scaling_lab.reference import HOFFMANN_2022_TEX as tex

    logs = [np.log(v) for v in data]
    start = np.array([np.log(tex.A), np.log(tex.B), np.log(tex.E), tex.alpha, tex.beta])
    began = time.perf_counter()
    out = np.array([np.r_[res.fun, res.x] for res in (
        optimize.minimize(huber_objective, start, args=tuple(v[sel] for v in logs), jac=True, method="BFGS")
        for sel in indices)])
    excess = out[:, 0] / fits.objective - 1
    print(f"\nBesiroglu et al.'s procedure on their resamples ({time.perf_counter() - began:.0f} s): "
          f"{int(np.sum(excess > 1e-4))} of {len(indices)} runs stop more than 1e-4 above the optimum "
          f"(largest {excess.max():.1e})")
    values = {"E": np.exp(out[:, 3]), "A": np.exp(out[:, 1]), "B": np.exp(out[:, 2]),
              "alpha": out[:, 4], "beta": out[:, 5]}
    for k in PARAMS:
        low, high = np.percentile(values[k], [2.5, 97.5])
        ref = BESIROGLU_2024_BOOTSTRAP_CI95[k]
        print(f"{k:6} ({low:9.4g}, {high:9.4g})  against ({ref[0]:9.4g}, {ref[1]:9.4g})")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-boot", type=int, default=4000)
    parser.add_argument("--generic", type=int, default=40, help="resamples run through the generic path")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--emulate-epoch", action="store_true", help="also refit their resamples their way")
    args = parser.parse_args(argv)

    runs = chinchilla_fig4_runs(drop_highest_loss=BESIROGLU_2024_DROPPED_RUNS)
    data = (runs.n_params, runs.n_tokens, runs.loss)
    print(f"data: {runs!r}")
    bootstrap_chinchilla(*data, n_boot=20, seed=args.seed)  # warm-up (imports, caches)

    times, fast = [], None
    for _ in range(args.repeats):
        start = time.perf_counter()
        fast = bootstrap_chinchilla(*data, n_boot=args.n_boot, seed=args.seed)
        times.append(time.perf_counter() - start)
    t_fast = statistics.median(times)
    indices = np.random.default_rng(args.seed).integers(0, runs.loss.size, size=(args.n_boot, runs.loss.size))
    work = fit_chinchilla_resamples(*data, indices)

    start = time.perf_counter()
    generic = bootstrap(fit_chinchilla, *data, n_boot=args.generic, seed=args.seed)
    t_generic = time.perf_counter() - start
    t_generic_scaled = t_generic * args.n_boot / args.generic
    shared = max(float(np.max(np.abs(fast.samples[k][:args.generic] / generic.samples[k] - 1))) for k in PARAMS)

    print(f"\nfast path, {args.n_boot} resamples of {runs.loss.size} runs (median of {args.repeats}): "
          f"{t_fast:.2f} s  [all: {' '.join(f'{t:.2f}' for t in times)}]")
    print(f"  work: {work.n_newton_steps} vectorised Newton steps at most per block of 500 resamples, "
          f"{work.n_restarted} resamples restarted from a better candidate, {work.n_multistart} refitted by "
          f"multi-start; {args.n_boot * runs.loss.size:,} (resample, run) terms per step")
    print(f"generic path, {args.generic} of the same resamples: {t_generic:.2f} s "
          f"({1000 * t_generic / args.generic:.0f} ms per resample, 16 L-BFGS-B starts + Newton polish each)")
    print(f"  scaled to {args.n_boot}: {t_generic_scaled:.0f} s = {t_generic_scaled / 60:.1f} min")
    print(f"ratio generic/fast: {t_generic_scaled / t_fast:.0f}x")
    print(f"largest relative difference on the {args.generic} shared resamples: {shared:.1e}")
    print("(wall times on a shared 2-core machine, one BLAS thread; other users' load inflates them)")

    rng = np.random.default_rng(1)
    print(f"\n95% percentile intervals, {args.n_boot} resamples (seed {args.seed}) against Besiroglu et al. 2024:")
    print(f"{'':6} {'ours':>22} {'MC s.e. of ends':>20} {'Besiroglu et al.':>22}")
    for k in PARAMS:
        low, high = fast.intervals[k]
        se = _mc_se(fast.samples[k], rng)
        ref = BESIROGLU_2024_BOOTSTRAP_CI95[k]
        print(f"{k:6} ({low:9.4g}, {high:9.4g})  ({se[0]:7.2g}, {se[1]:7.2g})  ({ref[0]:9.4g}, {ref[1]:9.4g})")

    legacy = np.random.RandomState(BESIROGLU_2024_BOOTSTRAP_SEED)
    epoch_idx = np.array([legacy.choice(np.arange(runs.loss.size), size=runs.loss.size, replace=True)
                          for _ in range(BESIROGLU_2024_BOOTSTRAP_RESAMPLES)])
    epoch_fits = fit_chinchilla_resamples(*data, epoch_idx)
    worst = 0.0
    print("\non Besiroglu et al.'s own resamples (np.random.seed(42), np.random.choice):")
    for k in PARAMS:
        low, high = np.percentile(getattr(epoch_fits, k), [2.5, 97.5])
        ref = BESIROGLU_2024_BOOTSTRAP_CI95[k]
        rel = max(abs(low / ref[0] - 1), abs(high / ref[1] - 1))
        worst = max(worst, rel)
        print(f"{k:6} ({low:9.4g}, {high:9.4g})  against ({ref[0]:9.4g}, {ref[1]:9.4g})  largest rel. diff {rel:.1e}")

    if args.emulate_epoch:
        _emulate_epoch(data, epoch_idx, epoch_fits)

    checks = [
        (f"fast path {t_fast:.2f} s <= {TIME_LIMIT_S} s", t_fast <= TIME_LIMIT_S),
        (f"shared resamples equal to {shared:.1e} <= {SHARED_RTOL:g}", shared <= SHARED_RTOL),
        (f"Besiroglu et al.'s resamples: intervals within {worst:.1e} <= {EPOCH_RTOL:g}", worst <= EPOCH_RTOL),
    ]
    print()
    for text, ok in checks:
        print(f"[{'PASS' if ok else 'FAIL'}] {text}")
    passed = all(ok for _, ok in checks)
    print("\nbench_bootstrap:", "target met" if passed else "TARGET MISSED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
