"""Which database backends the tests run on, for the unit tests and the browser journeys alike.

`--backends=sqlite` or `YV_TEST_BACKENDS=sqlite` (a comma list; the option wins) runs only the SQLite variants;
by default both run, and the PostgreSQL ones skip where 127.0.0.1:5432 does not answer. A test is a backend's
variant when one of its parameters is that backend's name (the `backend` fixture of tests/conftest.py, the
fuzzing app of test_fuzz.py, the live server of e2e/conftest.py), so a new fixture parametrised the same way is
covered without being listed here. This file sits at the top so that `pytest tests`, `pytest e2e` and both at
once know the option.
"""

from __future__ import annotations

import argparse
import os

import pytest

BACKENDS = ("sqlite", "postgresql")


def parse_backends(value: str) -> tuple[str, ...]:
    """A comma list of backend names, checked, in the order given."""
    names = tuple(dict.fromkeys(name.strip().lower() for name in value.split(",") if name.strip()))
    unknown = [name for name in names if name not in BACKENDS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(
            f"backends must be a comma list of {', '.join(BACKENDS)} (got {value!r})")
    return names


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backends", type=parse_backends, metavar="LIST",
        default=os.environ.get("YV_TEST_BACKENDS") or ",".join(BACKENDS),
        help="database backends to run the tests on, a comma list of sqlite and postgresql "
             "(default: $YV_TEST_BACKENDS, else both; PostgreSQL skips where 127.0.0.1:5432 does not answer)")


def selected_backends(config: pytest.Config) -> tuple[str, ...]:
    """The backends this run covers."""
    backends: tuple[str, ...] = config.getoption("backends")
    return backends


def _variant_of(item: pytest.Item) -> str | None:
    """The backend a test item is a variant of, if one of its parameters names one."""
    callspec = getattr(item, "callspec", None)
    if callspec is None:
        return None
    for value in callspec.params.values():
        if isinstance(value, str) and value in BACKENDS:
            return value
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    selected = selected_backends(config)
    if set(selected) == set(BACKENDS):
        return
    kept, dropped = [], []
    for item in items:
        variant = _variant_of(item)
        (dropped if variant is not None and variant not in selected else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
