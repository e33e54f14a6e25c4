"""Execute the book's notebooks in parallel into Jupyter Book's execution cache.

Jupyter Book 1 executes notebooks one after another while Sphinx reads them.
This script adds every notebook of the table of contents to the same
jupyter-cache project (``execute.cache`` in ``_config.yml``) and executes the
outdated ones over a pool of processes first, so that the build then finds each
one cached ("Using cached notebook") and only renders it.  Notebooks are read
with myst-nb's own reader, so their hashes are the ones the build computes.

Usage: python -m scaling_lab.authoring.preexecute --toc _toc.yml --cache _build/.jupyter_cache [--timeout 300]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from scaling_lab.authoring.nbtest import MYST_READER
from scaling_lab.authoring.nbval_record import stage_into_cache
from scaling_lab.authoring.toc import is_notebook, resolve, toc_files

__all__: list[str] = []  # an authoring module: nothing here is re-exported under sl.



def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--toc", type=Path, default=Path("_toc.yml"))
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    parser.add_argument("--recorded", type=Path, default=None,
                        help="notebooks nbval executed and recorded (scaling_lab.authoring.nbval_record): "
                             "put them into the cache first, so they are not executed again")
    parser.add_argument("--expect-cached", action="store_true",
                        help="fail if any page still needs executing after the recorded ones are staged")
    args = parser.parse_args(argv)
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    root = args.toc.resolve().parent
    if args.recorded is not None:
        sources = {name: resolve(root, name) for name in toc_files(args.toc) if is_notebook(resolve(root, name))}
        staged, missing = stage_into_cache(args.recorded, sources, args.cache)
        print(f"preexecute: {staged} notebooks recorded by nbval put into the cache"
              + (f"; not recorded: {', '.join(missing)}" if missing else ""))
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
    if args.expect_cached and result.succeeded:
        print(f"preexecute: expected every page cached from nbval's run, but executed {len(result.succeeded)} "
              "again (did a page change since nbval ran it?)", file=sys.stderr)
        return 1
    return 1 if result.excepted or result.errored else 0


if __name__ == "__main__":
    sys.exit(main())
