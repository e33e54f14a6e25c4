"""Benchmark: Chinchilla Approach 3, ``mode="fast"`` against Hoffmann's 4,500-start ``mode="reference"``.

Run with ``make bench`` or ``python tests/benchmarks/bench_chinchilla.py [--fast-repeats 7]
[--reference-repeats 3] [--seed 2022] [--n-points 240]``.

The data: :func:`scaling_lab.data.synthetic.chinchilla_synthetic_runs` (the Chinchilla law with
Hoffmann et al. 2022 eq. 10 constants, about 1% log-loss noise, 7e7 to 1.6e10 parameters).
Both modes are timed side by side in this one process; medians are reported.

Target (exit status 1 if missed):
  * same optimum: objective within 1e-6 relative, each of E, A, B, alpha, beta within 0.5%;
  * speed: the fast median at least 40 times shorter than the reference median;
  * the same optimum again on few, noisy runs (80 and 40 runs at 2% noise; one fit per mode, not
    timed). The unit tests compare the fast mode with 180 starts spread over Hoffmann's grid; the
    full 4,500-start reference runs here, where its one to two minutes per fit are expected.

Not collected by pytest (no ``test_`` prefix, no test functions).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

# One BLAS thread, set before numpy loads: both modes are timed on one core, so the ratio does not
# depend on how busy the other core is. (Each local fit is dominated by Python/scipy overhead.)
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

from scaling_lab import fit_chinchilla  # noqa: E402  (after the thread settings)
from scaling_lab.data.synthetic import chinchilla_synthetic_runs  # noqa: E402

OBJECTIVE_RTOL = 1e-6
PARAM_RTOL = 5e-3
MIN_SPEEDUP = 40.0
PARAM_NAMES = ("E", "A", "B", "alpha", "beta")
SPARSE_CASES = ((80, 0.02), (40, 0.02))  # (runs, log-loss noise)


def _time(n_repeats, runs, mode):
    times, fit = [], None
    for _ in range(n_repeats):
        start = time.perf_counter()
        fit = fit_chinchilla(runs.n_params, runs.n_tokens, runs.loss, mode=mode)
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, fit


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-points", type=int, default=240)
    parser.add_argument("--seed", type=int, default=2022)
    parser.add_argument("--fast-repeats", type=int, default=7)
    parser.add_argument("--reference-repeats", type=int, default=3)
    args = parser.parse_args(argv)

    runs = chinchilla_synthetic_runs(args.n_points, noise=0.01, seed=args.seed)
    print(f"data: {runs!r}")
    # Warm-up (imports, caches) so the first fast timing is not penalised.
    fit_chinchilla(runs.n_params, runs.n_tokens, runs.loss)

    t_ref, ref_times, ref = _time(args.reference_repeats, runs, "reference")
    t_fast, fast_times, fast = _time(args.fast_repeats, runs, "fast")

    obj_rel = abs(fast.objective - ref.objective) / ref.objective
    param_rel = {k: abs(getattr(fast, k) / getattr(ref, k) - 1.0) for k in PARAM_NAMES}
    max_param = max(param_rel.values())
    speedup = t_ref / t_fast

    rows = [
        ("median time [s]", f"{t_ref:.3f}", f"{t_fast:.4f}"),
        ("all times [s]", " ".join(f"{t:.2f}" for t in ref_times), " ".join(f"{t:.3f}" for t in fast_times)),
        ("local fits run", str(ref.n_starts), str(fast.n_starts)),
        ("objective (sum Huber)", f"{ref.objective:.12g}", f"{fast.objective:.12g}"),
    ] + [(k, f"{getattr(ref, k):.6g}", f"{getattr(fast, k):.6g}") for k in PARAM_NAMES]
    width = max(len(r[0]) for r in rows)
    print(f"\n{'':<{width}}  {'reference':>24}  {'fast':>24}")
    for name, a, b in rows:
        print(f"{name:<{width}}  {a:>24}  {b:>24}")

    checks = [
        (f"speed-up {speedup:.1f}x >= {MIN_SPEEDUP:g}x", speedup >= MIN_SPEEDUP),
        (f"objective rel. difference {obj_rel:.2e} <= {OBJECTIVE_RTOL:g}", obj_rel <= OBJECTIVE_RTOL),
        (f"max parameter rel. difference {max_param:.2e} ({max(param_rel, key=param_rel.get)}) "
         f"<= {PARAM_RTOL:g}", max_param <= PARAM_RTOL),
    ]
    for n_points, noise in SPARSE_CASES:
        sparse = chinchilla_synthetic_runs(n_points, noise=noise, seed=args.seed + n_points)
        ref_s, fast_s = (fit_chinchilla(sparse.n_params, sparse.n_tokens, sparse.loss, mode=m)
                         for m in ("reference", "fast"))
        rel = abs(fast_s.objective - ref_s.objective) / ref_s.objective
        worst = max(abs(getattr(fast_s, k) / getattr(ref_s, k) - 1.0) for k in PARAM_NAMES)
        checks.append((f"{n_points} runs at {noise:.0%} noise: objective rel. difference {rel:.2e}, "
                       f"max parameter rel. difference {worst:.2e}",
                       rel <= OBJECTIVE_RTOL and worst <= PARAM_RTOL))
    print()
    for text, ok in checks:
        print(f"[{'PASS' if ok else 'FAIL'}] {text}")
    passed = all(ok for _, ok in checks)
    print("\nbench_chinchilla:", "target met" if passed else "TARGET MISSED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
