"""Reuse the results of slow, seeded experiments across processes (opt-in, on disk).

A chapter's training sweep may take minutes.  The book build and the notebook
tests execute the same cells, so the second execution should not train again.
:func:`disk_cached` stores a function's result under a key made of the function,
its arguments and a hash of the package's source code, in the folder named by the
environment variable ``SCALING_LAB_CACHE``.  The Makefile points it at
``_build/.scaling_lab_cache``; when the variable is unset (a student's own
machine, Colab, JupyterLite) nothing is read or written and the function simply
runs.  Results must be deterministic functions of the arguments (every experiment
takes ``seed=``), which is what makes reuse safe.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import os
import pickle
from pathlib import Path

__all__: list[str] = []  # private module

#: Environment variable naming the cache folder; unset means no caching.
CACHE_ENV_VAR = "SCALING_LAB_CACHE"


@functools.lru_cache(maxsize=1)
def _source_hash() -> str:
    """Hash of every .py file of the package: any code change invalidates every entry."""
    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _key(func, args, kwargs, *, ignore: tuple = (), extra: str = "") -> str:
    bound = inspect.signature(func).bind(*args, **kwargs)
    bound.apply_defaults()
    arguments = sorted((name, value) for name, value in bound.arguments.items() if name not in ignore)
    text = repr((func.__module__, func.__qualname__, arguments, _source_hash(), *((extra,) if extra else ())))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def entry_path(func, args, kwargs, *, ignore: tuple = (), extra: str = "") -> Path | None:
    """Where the result of ``func(*args, **kwargs)`` is kept, or None: no ``SCALING_LAB_CACHE``, or an argument
    that is not a stable key.  Arguments named in ``ignore`` are left out of the key; ``extra`` is added to it."""
    folder = os.environ.get(CACHE_ENV_VAR, "").strip()
    if not folder or not all(_stable(v) for v in (*args, *kwargs.values())):
        return None
    return Path(folder) / f"{func.__name__}-{_key(func, args, kwargs, ignore=ignore, extra=extra)}.pkl"


_MISSING = object()


def read_entry(path: Path, default=None):
    """The value kept at ``path``, or ``default`` when there is none (or a stale or broken one)."""
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        return default


def write_entry(path: Path, value) -> None:
    """Keep ``value`` at ``path``, atomically: two processes writing the same entry cannot leave a torn file."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False, suffix=".tmp") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(handle.name, path)


def disk_cached(func):
    """Decorator: cache ``func``'s (picklable) result on disk when ``SCALING_LAB_CACHE`` is set.

    Arguments must have a ``repr`` that identifies them (numbers, strings, tuples,
    None); a Generator or array argument is not a stable key, so such calls are not
    cached.  Writes are atomic, so two processes running the same call at once
    cannot leave a torn file.
    """
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        path = entry_path(func, args, kwargs)
        if path is None:
            return func(*args, **kwargs)
        kept = read_entry(path, _MISSING)
        if kept is not _MISSING:
            return kept
        result = func(*args, **kwargs)  # a stale or broken entry is recomputed and overwritten
        write_entry(path, result)
        return result

    return wrapper


def session_cached(func):
    """Decorator: keep the result of each distinct call for the rest of this Python process.

    For the few presets that a lab's data cell and its checker both call (``sl.lm_grid_sweep()``
    in the lab, the same call in ``scaling_lab/checks/<lab>.py`` to compute the expected answer):
    without it, a student whose machine has no ``SCALING_LAB_CACHE`` would train every sweep twice.
    Calls are matched after binding defaults (``f()`` and ``f(seed=0)`` share one entry), only for
    stable arguments (see :func:`disk_cached`).  The arrays of a kept result are made read-only, so
    that no caller can change what the next one gets.  Apply it on top of :func:`disk_cached`.
    """
    kept: dict[str, object] = {}
    signature = inspect.signature(func)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if not all(_stable(v) for v in (*args, *kwargs.values())):
            return func(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        key = repr(sorted(bound.arguments.items()))
        if key not in kept:
            kept[key] = _read_only(func(*args, **kwargs))
        return kept[key]

    return wrapper


def _read_only(result):
    """Mark the NumPy arrays among a result's attributes read-only (a frozen dataclass of arrays)."""
    import numpy as np

    for value in getattr(result, "__dict__", {}).values():
        if isinstance(value, np.ndarray):
            value.flags.writeable = False
    return result


def _stable(value) -> bool:
    if value is None or isinstance(value, (bool, int, float, str)):
        return True
    if isinstance(value, (tuple, list)):
        return all(_stable(v) for v in value)
    return False
