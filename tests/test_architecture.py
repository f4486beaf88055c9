"""The layout holds by construction (issue 16): `lint-imports` (scripts/test.sh) checks that lower layers never
import higher ones; these tests check what a layers contract cannot see."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp
import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "youthvoice"


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("youthvoice", exclude_type_checking_imports=False)


def test_no_module_imports_itself_round_a_cycle(graph: grimp.ImportGraph) -> None:
    """A cycle is a knot in the design (it was access <-> sharing, config -> push -> i18n -> notifications -> push,
    council_follow <-> council_lists, models <-> sealing), whether it is hidden in a function or not."""
    knots = sorted({tuple(sorted((module, imported))) for module in graph.modules
                    for imported in graph.find_modules_directly_imported_by(module)
                    if imported != module and graph.chain_exists(importer=imported, imported=module)})
    assert knots == []


def test_no_import_of_the_package_is_hidden_in_a_function() -> None:
    """Every module says at its top what it depends on (the command line's entry point alone builds the app late)."""
    hidden = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "migrations" in path.parts or (path.name == "cli.py" and path.parent == PACKAGE):
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("youthvoice"):
                        hidden.append(f"{path.relative_to(PACKAGE.parent)}:{inner.lineno} {inner.module}")
    assert hidden == []


def test_every_area_joins_the_app_through_its_init_app() -> None:
    """An area package with pages, models or commands has an area.py with init_app, and create_app calls it."""
    import youthvoice

    joined = {area.__name__.rsplit(".", 2)[-2] for area in youthvoice.AREAS}
    packages = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    with_parts = {name for name in packages
                  if any((PACKAGE / name / part).exists() for part in ("views.py", "views", "commands.py"))}
    assert with_parts <= joined, with_parts - joined
