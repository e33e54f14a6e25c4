"""Benchmark and measurement table for the data-scaling experiments (book/mean_estimation.md,
book/nonparametric.md, book/data_composition.md, labs/lab02_measure.md, labs/lab03_data_budget.md).

Run with ``make bench`` or ``python tests/benchmarks/bench_data_scaling.py``.  Prints, with wall times
(the machine is shared: read the times as upper bounds, with the counts beside them):

* mean estimation: the measured slope of every estimator with its bootstrap interval, beside theory;
* box averaging on the cube, d = 1..5, and on k-manifolds in D = 8: slope, interval, theory;
* the hidden data set of labs/lab02_measure.md: the inferred k for several seeds;
* data mixtures: slopes and offsets for 11 mixing weights;
* labs/lab03_data_budget.md: the regret of the intended solution, of a pure power law and of proportional
  sampling over 20 seeds;
* the worked forecast of book/why_scaling_laws.md.

Not collected by pytest (no ``test_`` prefix, no test functions).
"""

from __future__ import annotations

import os
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402

import scaling_lab as sl  # noqa: E402


def _timed(label, func, *args, **kwargs):
    start = time.perf_counter()
    out = func(*args, **kwargs)
    print(f"  [{label}: {time.perf_counter() - start:.2f} s]")
    return out


def mean_estimation():
    print("Mean estimation (2000 trials x 8 sizes, 8..1024; 400 bootstrap resamples of trials)")
    for name, parameter in [("mean", 1.0), ("mean", 3.0), ("proportion", 0.3), ("variance", 1.0),
                            ("exponential_rate", 2.0), ("uniform_endpoint", 1.0)]:
        sizes = (8, 16, 32, 64, 128, 256, 512, 1024)
        run = _timed(name, sl.simulate_estimator_risk, sizes, estimator=name, parameter=parameter, seed=1)
        lo, hi = run.exponent_ci
        print(f"  {name:17s} p={parameter:<4g} slope {run.exponent:+.4f} [{lo:+.4f}, {hi:+.4f}]  theory "
              f"{run.theory_exponent:+.4f} (asymptotic {run.asymptotic_exponent:+g})  log c {run.log_intercept:.3f} "
              f"[{run.log_intercept_ci[0]:.3f}, {run.log_intercept_ci[1]:.3f}] vs {run.theory_log_intercept:.3f}")


def box_regression():
    print("Box averaging, unit cube (periodic boxes), n = 2^10..2^16, 3 trials, oracle width")
    sweep = _timed("cube d=1..5, 2 workers", sl.cube_dimension_sweep)
    for k, e, (lo, hi), t, f in sweep.rows():
        print(f"  d={k}: slope {e:+.4f} [{lo:+.4f}, {hi:+.4f}]  theory {t:+.4f}  finite-n theory {f:+.4f}")
    print("Box averaging, k-manifolds (flat tori) in D = 8")
    sweep = _timed("manifolds k=1..3, 2 workers", sl.manifold_dimension_sweep)
    for k, e, (lo, hi), t, _ in sweep.rows():
        print(f"  k={k}: slope {e:+.4f} [{lo:+.4f}, {hi:+.4f}]  theory {t:+.4f}  (ambient theory {-2 / 10:+.4f})")
    print("Lecture's rule h = (10/n)^(1/d), noise-free labels: slope of the squared error vs -2/d")
    for d in (1, 2, 3):
        run = sl.box_regression_curves(sl.ManifoldData(d, noise=0.0), 2.0 ** np.arange(10, 17), points_per_box=30,
                                       n_trials=2, seed=0)
        print(f"  d={d}: {run.exponent:+.4f} vs {-2 / d:+.4f}")


def hidden_data():
    print("Hidden data set of labs/lab02_measure.md (D = 10): inferred k = -2/slope - 2, n = 2^9..2^15, 3 trials")
    for seed in (2, 1, 11, 6, 0):
        data = sl.hidden_manifold_data(seed)
        start = time.perf_counter()
        run = sl.box_regression_curves(data, 2.0 ** np.arange(9, 16), n_trials=3, seed=0)
        print(f"  seed {seed}: true k={data.dimension}, slope {run.exponent:+.4f}, inferred "
              f"{-2 / run.exponent - 2:.2f}  ({time.perf_counter() - start:.2f} s)")


def mixtures():
    print("Data mixtures (8 features, target = domain B, 200 trials x 7 sizes 64..4096 x 11 weights)")
    run = _timed("11 mixes", sl.mixture_shift_curves, seed=1)
    for w, e, ci, lo, t in zip(run.mixing_weights[:, 0], run.exponents, run.exponents_ci, run.log_offsets,
                               run.theory_log_offsets):
        print(f"  w_A={w:.1f}: slope {e:+.3f} [{ci[0]:+.3f}, {ci[1]:+.3f}]  log offset {lo:.3f} (theory {t:.3f})")
    shifted = sl.mixture_shift_curves(label_shift=0.3, seed=1)
    print("  with label_shift 0.3, slopes:", np.round(shifted.exponents, 3))


def lab3():
    print("labs/lab03_data_budget.md over 20 seeds: regret of the worst-group error (pilot 100..3200, noise 2%)")
    regrets = {"saturating fit": [], "pure power law": [], "proportional": [], "equal": []}
    for seed in range(20):
        truth = sl.hidden_subgroup_truth(seed)
        pilot = sl.pilot_group_errors(truth, seed=seed)
        sat, pure = [], []
        for row in pilot:
            f = sl.fit_saturating_power_law(sl.LAB3_PILOT_SIZES, row)
            sat.append(sl.SubgroupLaw(f.coefficient, f.exponent, floor=f.irreducible_loss))
            p = sl.fit_power_law(sl.LAB3_PILOT_SIZES, row)
            pure.append(sl.SubgroupLaw(p.coefficient, -p.exponent))
        regrets["saturating fit"].append(sl.score_against_truth(truth, sl.allocate_worst_group(sat, truth.budget).counts).regret)
        regrets["pure power law"].append(sl.score_against_truth(truth, sl.allocate_worst_group(pure, truth.budget).counts).regret)
        regrets["proportional"].append(sl.score_against_truth(truth, truth.population_shares).regret)
        regrets["equal"].append(sl.score_against_truth(truth, [1, 1, 1]).regret)
    for name, values in regrets.items():
        v = np.array(values)
        print(f"  {name:15s} median {100 * np.median(v):6.1f}%  90th pct {100 * np.percentile(v, 90):6.1f}%  "
              f"max {100 * v.max():6.1f}%  share < 20%: {np.mean(v < 0.2):.2f}")


def forecast():
    print("Forecast of book/why_scaling_laws.md: Chinchilla law at 20 tokens/param, 10 runs 1e7..1e9, 1% noise, "
          "target 1e11")
    for seed in range(3):
        print("  ", _timed(f"seed {seed}", sl.small_runs_forecast_example, seed=seed))


if __name__ == "__main__":
    start = time.perf_counter()
    mean_estimation()
    box_regression()
    hidden_data()
    mixtures()
    lab3()
    forecast()
    print(f"total {time.perf_counter() - start:.1f} s (shared 2-core machine; see os.getloadavg: {os.getloadavg()})")
