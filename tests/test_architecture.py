"""The house rules of docs/architecture.md, checked on the source: one-way imports, Streamlit
only in the UI, the database only in the store."""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "courseware"


def _modules() -> dict[str, Path]:
    modules = {}
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        modules[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return modules


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module `name` imports, at the top or inside a function (a late import is still
    an import; hiding a circle inside a function does not remove it)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in MODULES else base)
    return found


IMPORTS = {name: _imports(name, path) for name, path in MODULES.items()}


def test_no_import_circle_in_courseware():
    graph = {
        name: {i for i in found if i in MODULES and i != name} for name, found in IMPORTS.items()
    }
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        pytest.fail(f"import circle: {' -> '.join(error.args[1])}")


def _importers_of(library: str) -> set[str]:
    return {
        name
        for name, found in IMPORTS.items()
        if any(i == library or i.startswith(f"{library}.") for i in found)
    }


def test_streamlit_only_in_the_ui():
    assert {m for m in _importers_of("streamlit") if not m.startswith("courseware.ui")} == set()


def test_the_database_only_in_the_store():
    # The command line parses a database URL to show it without its password; nothing else.
    url_parsing = {"sqlalchemy.engine", "sqlalchemy.exc"}
    outside = {
        name
        for name in _importers_of("sqlalchemy")
        if not name.startswith("courseware.store")
        and not (name.startswith("courseware.cli") and _sqlalchemy_parts(name) <= url_parsing)
    }
    assert outside == set()


def _sqlalchemy_parts(name: str) -> set[str]:
    return {i for i in IMPORTS[name] if i.startswith("sqlalchemy")}


def test_no_module_passes_six_hundred_lines():
    # Past that a module is split before it grows (migrations are written once, never grown).
    too_long = {
        name: lines
        for name, path in MODULES.items()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert too_long == {}
