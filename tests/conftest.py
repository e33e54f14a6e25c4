"""Shared pytest configuration.

Hypothesis runs derandomized by default, so CI sees the same examples on every
run and a red build is reproducible. Set HYPOTHESIS_PROFILE=explore to search
new random examples while developing.
"""

import os

from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
