"""Old keyword names kept working for the few signatures that outside code relies on.

The package speaks one vocabulary (``compute_flops`` for FLOPs, ``n_types`` for
Zipf's K, ``params=`` for constants).  Four public signatures were fixed before
that vocabulary was settled (``fit_chinchilla``, ``fit_isoflops``,
``compute_optimal``, ``data_constrained_loss``); where one of them renamed an
argument, the old keyword still works through :func:`renamed_keywords`, with a
:class:`DeprecationWarning`.  Positional calls never change.
"""

from __future__ import annotations

import functools
import warnings

__all__: list[str] = []  # private module


def renamed_keywords(**old_to_new):
    """Decorator: accept ``old=value`` as ``new=value`` (with a DeprecationWarning).

    ``inspect.signature`` of the decorated function shows the new names only.
    """
    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for old, new in old_to_new.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{func.__name__}() got both {old!r} (old name) and {new!r}")
                    warnings.warn(f"{func.__name__}({old}=...) is now {func.__name__}({new}=...)",
                                  DeprecationWarning, stacklevel=2)
                    kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.renamed_keywords = dict(old_to_new)
        return wrapper

    return decorate
