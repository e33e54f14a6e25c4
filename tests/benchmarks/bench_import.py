"""Benchmark: how long ``import scaling_lab`` takes beyond NumPy's own import.

Run with ``make bench`` or ``python tests/benchmarks/bench_import.py [--repeats 7]``.

Each repeat is a fresh interpreter run with ``python -X importtime -c "import numpy; import scaling_lab"``;
the cumulative time Python reports for ``scaling_lab`` (NumPy is already imported, so it is not in it)
is the number that matters.  SciPy, Matplotlib and ipywidgets are imported by the first function that
needs them, so they must not appear in that import (checked here too, and by
``tests/repository/test_layout.py``).  The median of the repeats is compared with the goal.

Target (exit status 1 if missed): median under 0.3 s.  Not collected by pytest.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys

GOAL_SECONDS = 0.3
HEAVY = ("scipy", "matplotlib", "ipywidgets", "PIL", "IPython")


def one_run() -> tuple[float, float, list[str]]:
    """(seconds for numpy, seconds for scaling_lab beyond numpy, heavy modules imported)."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import numpy; import scaling_lab"],
                         capture_output=True, text=True, check=True)
    cumulative = {}
    for line in out.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)$", line)
        if match and not match.group(2):  # top-level imports only
            cumulative[match.group(3)] = int(match.group(1)) / 1e6
    names = {m.group(3).split(".")[0] for m in (re.match(r"import time:\s+\d+ \|\s+(\d+) \| ( *)(\S+)$", line)
                                                for line in out.stderr.splitlines()) if m}
    return cumulative.get("numpy", float("nan")), cumulative["scaling_lab"], sorted(set(HEAVY) & names)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args(argv)
    runs = [one_run() for _ in range(args.repeats)]
    numpy_s = statistics.median(r[0] for r in runs)
    package_s = statistics.median(r[1] for r in runs)
    heavy = sorted({m for r in runs for m in r[2]})
    print(f"import numpy: {numpy_s:.3f} s; import scaling_lab beyond numpy: {package_s:.3f} s "
          f"(median of {args.repeats}; goal < {GOAL_SECONDS} s); "
          f"all runs: {', '.join(f'{r[1]:.3f}' for r in runs)}")
    print(f"heavy modules imported by import scaling_lab: {heavy or 'none'}")
    ok = package_s < GOAL_SECONDS and not heavy
    print("bench_import:", "OK" if ok else "MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
