"""Every widget test starts from a clean environment: no mode forced by ``SCALING_LAB_WIDGETS`` and no
Jupyter session detected, whatever the shell running the tests has set."""

import pytest

from scaling_lab.widgets import ENV_VAR


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in (ENV_VAR, "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)
