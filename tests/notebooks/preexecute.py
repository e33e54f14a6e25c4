"""Execute the book's notebooks in parallel into Jupyter Book's execution cache.

Jupyter Book 1 executes notebooks one after another while Sphinx reads them.
This script adds every notebook of the table of contents to the same
jupyter-cache project (``execute.cache`` in ``_config.yml``) and executes the
outdated ones over a pool of processes first, so that the build then finds each
one cached ("Using cached notebook") and only renders it.  Notebooks are read
with myst-nb's own reader, so their hashes are the ones the build computes.

Usage: python tests/notebooks/preexecute.py --toc _toc.yml --cache _build/.jupyter_cache [--timeout 300]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from jupyter_cache import get_cache
from jupyter_cache.executors import load_executor

sys.path.insert(0, str(Path(__file__).resolve().parent))
from convert import is_notebook, resolve, toc_files  # noqa: E402

MYST_READER = {"type": "plugin", "name": "myst_nb_md"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toc", type=Path, default=Path("_toc.yml"))
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    args = parser.parse_args(argv)
    root = args.toc.resolve().parent
    cache = get_cache(str(args.cache))
    uris = []
    for name in toc_files(args.toc):
        source = resolve(root, name)
        if is_notebook(source):
            read_data = MYST_READER if source.suffix == ".md" else None
            record = cache.add_nb_to_project(str(source), read_data=read_data) if read_data else \
                cache.add_nb_to_project(str(source))
            uris.append(record.uri)
    started = time.perf_counter()
    result = load_executor("local-parallel", cache).run_and_cache(filter_uris=uris, timeout=args.timeout,
                                                                  allow_errors=False)
    seconds = time.perf_counter() - started
    print(f"preexecute: {len(result.succeeded)} executed, {len(uris) - len(result.all())} cached already, "
          f"{len(result.excepted) + len(result.errored)} failed, in {seconds:.0f} s")
    for uri in (*result.excepted, *result.errored):
        print(f"preexecute: FAILED {uri}", file=sys.stderr)
    return 1 if result.excepted or result.errored else 0


if __name__ == "__main__":
    sys.exit(main())
