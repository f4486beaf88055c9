"""How the suite runs: the database backends it covers, and parallel workers (pytest-xdist).

`--backends` and YV_TEST_BACKENDS choose the backends (the repository's top conftest.py). Each check collects two
real test files in a separate pytest: one parametrised by the `backend` fixture and an e2e journey parametrised by
its live server, so both kinds of variant are seen. Under `-n 2` each worker keeps its own log lines; the canary
sweep must still fail the run when a marker reaches a worker's log."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FILES = ["tests/test_operations.py", "e2e/test_pwa_journey.py"]


def _pytest(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180, check=False)


def _collect(*args: str, env_backends: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "YV_TEST_BACKENDS"}
    if env_backends is not None:
        env["YV_TEST_BACKENDS"] = env_backends
    return _pytest("--collect-only", "-q", "-p", "no:xdist", *FILES, *args, env=env)


def _ids(result: subprocess.CompletedProcess[str]) -> list[str]:
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


def _variants(ids: list[str], backend: str) -> set[str]:
    """The ids among these with the backend as one of their parameters (`test_x[sqlite]`, `test_y[a-sqlite]`)."""
    return {node for node in ids if re.search(rf"[\[-]{backend}[\]-]", node)}


@pytest.fixture(scope="module")
def everything() -> list[str]:
    return _ids(_collect())


def test_both_backends_by_default(everything: list[str]) -> None:
    assert _variants(everything, "sqlite") and _variants(everything, "postgresql")
    assert any(node.startswith("e2e/") for node in _variants(everything, "postgresql"))


def test_the_environment_chooses_sqlite_only(everything: list[str]) -> None:
    chosen = _ids(_collect(env_backends="sqlite"))
    assert _variants(chosen, "postgresql") == set()
    assert set(chosen) == set(everything) - _variants(everything, "postgresql")  # SQLite and unparametrised stay


def test_the_option_wins_over_the_environment(everything: list[str]) -> None:
    chosen = _ids(_collect("--backends=postgresql", env_backends="sqlite"))
    assert _variants(chosen, "sqlite") == set()
    assert set(chosen) == set(everything) - _variants(everything, "sqlite")


def test_an_unknown_backend_is_a_usage_error() -> None:
    result = _collect("--backends=sqlite,mysql")
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert "backends must be a comma list of sqlite, postgresql" in result.stderr


@pytest.mark.skipif(not os.environ.get("YV_TEST_LOG_A_CANARY"), reason="run by the test below, in a worker")
def test_log_a_canary() -> None:
    """Logs a canary marker, as a leak would; the run that does this must fail."""
    logging.getLogger("youthvoice").warning("a leak: CANARY%s", "0123456789ab")


def test_a_canary_in_a_workers_log_fails_the_parallel_run() -> None:
    env = os.environ | {"YV_TEST_LOG_A_CANARY": "1", "YV_TEST_BACKENDS": "sqlite"}
    result = _pytest("-n", "2", f"{Path(__file__).relative_to(ROOT)}::test_log_a_canary", env=env)
    assert "1 passed" in result.stdout, result.stdout + result.stderr
    assert "A CANARY MARKER REACHED A LOG" in result.stdout and "CANARY0123456789ab" in result.stdout
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout
