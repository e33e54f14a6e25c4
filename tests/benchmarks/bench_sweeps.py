"""Benchmark: wall time, runs and FLOPs of every training sweep of ``scaling_lab.experiments``, and its fit.

Run with ``make bench`` or ``python tests/benchmarks/bench_sweeps.py [--full] [--only NAME ...] [--seed 0]``.

Each preset is run once, from scratch (the disk cache is switched off), on both cores
(``n_jobs`` default 2, one BLAS thread per worker).  For each it prints the wall time, the number of
training runs, the training FLOPs (6 N D summed over runs; an estimate for random features), the
machine's load average (the course machine is shared: wall times vary by 30% or more with the
neighbours' load; FLOPs do not) and the fitted numbers a chapter would quote.

Budgets (exit status 1 if missed): every default (lab) preset within 60 s, each chapter's set of
figures (listed in CHAPTERS) within 180 s and the sweeps of labs/lab04_tune_small.md together within 60 s;
the report also flags anything above 75% of a budget, the 25% headroom the course keeps.  Not collected by
pytest.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.pop("SCALING_LAB_CACHE", None)  # time the training, not the cache

import numpy as np  # noqa: E402

import scaling_lab as sl  # noqa: E402

LAB_BUDGET = 60.0
CHAPTER_BUDGET = 180.0
HEADROOM = 0.75
RANDOM_GUESS_BITS = float(np.log2(39))

#: The presets each chapter (and a lab) draws its figures from: book/model_scaling.md, book/joint_laws.md,
#: labs/lab04_tune_small.md.
CHAPTERS = {
    "book/model_scaling.md": [("lm_size_sweep", False), ("lm_context_sweep", False), ("mlp_optimizer_sweep", False),
                              ("mlp_shape_sweep", False), ("hyperparameter_transfer_sweep", False)],
    "book/joint_laws.md": [("lm_data_sweep", False), ("lm_grid_sweep", False), ("lm_isoflop_sweep", False),
                           ("rf_size_sweep", False), ("rf_data_sweep", False)],
    "labs/lab04_tune_small.md": [("lm_grid_sweep", False), ("lm_extrapolation_run", False),
                                 ("hyperparameter_transfer_sweep", False)],
}


def _ci(fit, name="exponent"):
    low, high = getattr(fit, f"{name}_ci")
    return f"[{low:.3f}, {high:.3f}]"


def _summarise_lm(name, r):
    if name == "lm_isoflop_sweep":
        fit = sl.fit_isoflops(r.n_params, r.compute_flops, r.loss)
        m = fit.minima
        optima = ", ".join(f"C={c:.3g}: N*={n:,.0f}, D*/N*={d / n:.1f}, L*={loss:.3f}"
                           for c, n, d, loss in zip(m.compute_flops, m.n_params, m.n_tokens, m.loss))
        return f"a = {fit.a:.3f} {_ci(fit.n_opt_fit)}; {optima}"
    if name == "lm_grid_sweep":
        cmp = sl.compare_joint_fits(r.n_params, r.n_tokens, r.loss, random_guess_loss=RANDOM_GUESS_BITS)
        c = cmp.chinchilla
        return (f"{cmp!r}; Chinchilla E={c.E:.3f} alpha={c.alpha:.3f} beta={c.beta:.3f} a={c.a:.3f}; "
                f"Kaplan alpha_N={cmp.kaplan.alpha_n:.3f} {_ci(cmp.kaplan, 'alpha_n')} "
                f"alpha_D={cmp.kaplan.alpha_d:.3f} {_ci(cmp.kaplan, 'alpha_d')}")
    if name == "lm_extrapolation_run":
        return f"N = {r.n_params[0]:,}, D = {r.n_tokens[0]:,}: loss {r.loss[0]:.3f}"
    x = r.n_params if name in ("lm_size_sweep", "lm_context_sweep") else r.n_tokens
    fit = sl.fit_saturating_power_law(x, r.loss)
    return (f"E = {fit.irreducible_loss:.3f} {_ci(fit, 'irreducible_loss')}, exponent = {fit.exponent:.3f} "
            f"{_ci(fit)}, rms log residual {fit.rms_log_residual:.4f}; loss {np.round(r.loss, 3).tolist()}")


def _summarise_mlp(name, r):
    if name == "mlp_optimizer_sweep":
        parts = []
        for opt in ("adam", "sgd"):
            s = r.select(optimizer=opt)
            fit = sl.fit_power_law(s.n_params, s.loss)
            parts.append(f"{opt}: exponent {fit.exponent:.3f} {_ci(fit)}")
        return "; ".join(parts)
    if name == "mlp_depth_sweep":
        return "; ".join(f"depth {d}: exponent {sl.fit_power_law(r.select(depth=d).n_params, r.select(depth=d).loss).exponent:.3f}"
                         for d in sorted(set(r.depth.tolist())))
    if name == "mlp_shape_sweep":
        return "; ".join(f"depth {d} width {w} N {n}: {loss:.3g}" for d, w, n, loss in
                         zip(r.depth, r.width, r.n_params, r.loss))
    if name == "mlp_data_sweep":
        fit = sl.fit_saturating_power_law(r.n_samples, r.loss)
        return f"E = {fit.irreducible_loss:.3g}, exponent = {fit.exponent:.3f} {_ci(fit)}"
    return "final loss " + ", ".join(f"width {w}: {loss:.3g}" for w, loss in zip(r.width, r.loss))


def _flops_mlp(r):
    return float(np.sum(6.0 * r.n_params * r.n_steps * 128))


def _flops_rf(r):
    n, d = r.n_features.astype(float), r.n_samples.astype(float)
    m = 4096.0
    per = 2 * n * m * (n + d) if r.feature_map == "linear" else 2 * n * m * (d + 2048)
    return float(per.sum() * len(r.seeds))


def run_one(name, full, seed):
    start = time.perf_counter()
    result = getattr(sl, name)(seed=seed, full=full)
    wall = time.perf_counter() - start
    if name.startswith("lm_"):
        return wall, len(result), float(result.compute_flops.sum()), _summarise_lm(name, result)
    if name.startswith("mlp_"):
        return wall, len(result), _flops_mlp(result), _summarise_mlp(name, result)
    if name == "rf_double_descent":
        at = int(np.argmin(np.abs(result.n_features - result.n_samples)))
        rows = "; ".join(f"ridge {r:g}: loss at N=D {curve[at]:.3g}, at N=D/8 {curve[0]:.3g}, at N=8D {curve[-1]:.3g}"
                         for r, curve in zip(result.ridge, result.mean_loss))
        return wall, result.loss.size, _flops_rf(result), rows
    if name.startswith("rf_"):
        loss = result.mean_loss[0] - result.noise_variance
        x = result.n_features if name == "rf_size_sweep" else result.n_samples
        fit = sl.fit_power_law(x, loss)
        return (wall, result.loss.size, _flops_rf(result),
                f"{result.feature_map}: exponent {fit.exponent:.3f} {_ci(fit)} (theory -{result.theory_exponent:g})")
    best = "; ".join(f"{p}: best log2 lr {np.log2(result.best_learning_rate(p)).tolist()}, best loss "
                     f"{np.round(result.best_loss(p), 5).tolist()}" for p in result.parametrizations)
    steps = 300 * 128
    widths = result.widths.astype(float)
    per_width = 6.0 * (16 * widths + widths * widths + 4 * widths) * steps
    flops = float(per_width.sum() * result.learning_rates.size * len(result.parametrizations) * len(result.seeds))
    return wall, result.loss.size * len(result.seeds), flops, best


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="also time every full=True preset")
    parser.add_argument("--only", nargs="*", help="names of sweeps to time (default presets)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    names = args.only or sorted({n for group in CHAPTERS.values() for n, _ in group}
                                | {"rf_double_descent", "mlp_depth_sweep", "mlp_data_sweep", "mlp_learning_curves"})
    presets = [(n, False) for n in names]
    if args.full or not args.only:
        presets += [(n, True) for n, full in sorted({p for g in CHAPTERS.values() for p in g}) if full]
    if args.full:
        presets += [(n, True) for n in names if (n, True) not in presets]
    times, failures = {}, []
    print(f"load average at start: {os.getloadavg()[0]:.2f} (2 cores; other developers share them)")
    for name, full in presets:
        wall, n_runs, flops, summary = run_one(name, full, args.seed)
        times[(name, full)] = wall
        tag = "full" if full else "default"
        flag = ""
        if not full:
            flag = " OVER 60 s" if wall > LAB_BUDGET else (" (above 75% of 60 s)" if wall > HEADROOM * LAB_BUDGET else "")
            if wall > LAB_BUDGET:
                failures.append(f"{name} default {wall:.1f} s")
        print(f"{name:32s} {tag:7s} {wall:7.1f} s  {n_runs:4d} runs  {flops:9.3g} FLOPs  "
              f"load {os.getloadavg()[0]:.2f}{flag}\n    {summary}", flush=True)
    for chapter, group in CHAPTERS.items():
        if all(p in times for p in group):
            total = sum(times[p] for p in group)
            budget = LAB_BUDGET if chapter.startswith("lab") else CHAPTER_BUDGET
            verdict = "OVER" if total > budget else ("above 75%" if total > HEADROOM * budget else "ok")
            print(f"{chapter}: {total:.1f} s for its {len(group)} sweeps (budget {budget:g} s): {verdict}")
            if total > budget:
                failures.append(f"{chapter} {total:.1f} s")
    print("\nbench_sweeps:", "all budgets met" if not failures else "BUDGET MISSED: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
