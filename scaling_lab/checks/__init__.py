"""Exercise checkers: is a student's answer right, wrong (with a hint), or not there yet?

- ``core``: :class:`CheckResult` and the generic checkers;
- ``spec``: exercises declared as data (expected value, tolerance, hint, typical mistakes);
- one module per lab, named after the lab file (``lab01_zipf``), exporting ``EXERCISES``;
- ``registry``: ``check(label, answer)`` and ``require_correct(lab)``, the two calls a lab makes.
"""

from scaling_lab._exports import reexport
from scaling_lab.checks import core, registry, spec

__all__ = reexport(globals(), (core, spec, registry))
