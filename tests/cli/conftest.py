"""The command-line tests run on SQLite. What a command promises (its arguments, the password
asked or read, its messages, exit codes and files) does not depend on the database, and the
services under every command are tested on both backends, so running each twice would double
the suite's longest part. A test that must meet PostgreSQL through the command line says so with
``BOTH_BACKENDS``. Commands run in the test's process (tests/cli/runner.py)."""
from __future__ import annotations

import pytest

BOTH_BACKENDS = pytest.mark.parametrize("backend", ["sqlite", "postgresql"])


@pytest.fixture(params=["sqlite"])
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)
