"""scaling_lab: the laws, fits, experiments, widgets and checkers of the scaling-laws course.

The public API is re-exported here; each name lives in exactly one module.
"""

__version__ = "0.1.0"
