"""The walls of design.md, so they cannot silently rot.

- The packages form a clean stack: ``base`` <- ``api`` <- ``core`` <- ``ui``, with ``sim`` on
  ``base`` alone (it checks the client with its own code), and no cycle between any two
  parts of the program, top-level modules included.
- Textual only in ``ui/``; httpx only in ``api/`` (and the simulator's server).
- Screens post messages up; they never import the app module.

Imports are read from the source (every ``import`` statement, also inside functions and
``TYPE_CHECKING`` blocks) and, for the libraries, checked again at run time in a fresh
interpreter, so an indirect import (core -> something -> httpx) fails too.
"""

import ast
import json
import pkgutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

import bcs_tui

PACKAGE_DIR = Path(bcs_tui.__file__).parent
ROOT = "(bcs_tui)"
"""The part of ``bcs_tui/__init__.py`` and what ``from bcs_tui import X`` names when X is
not a module of its own (``__version__``)."""

ALLOWED_IMPORTS: Mapping[str, frozenset[str]] = {
    "base": frozenset(),
    "api": frozenset({"base"}),
    "core": frozenset({"base", "api"}),
    "sim": frozenset({"base", "exit_codes"}),
    # The dashboard ends with an exit code of its own (its terminal gone), as the
    # simulator's command does: the one table of codes, which imports nothing.
    "ui": frozenset({"base", "api", "core", "history", "exit_codes", "notify_command"}),
    # The local history file (SQLite): below the dashboard, above the pure logic.
    "history": frozenset({"base", "api", "core"}),
    "exit_codes": frozenset(),
    # Run by the dashboard, `wait` and `watch` alike: Textual-free, below the ui.
    "notify_command": frozenset({"base", "api", "core"}),
}
"""What each package (and the one shared top-level module) may import of the program."""

LIBRARY_HOMES: Mapping[str, tuple[str, ...]] = {
    "textual": ("ui/",),
    "httpx": ("api/", "sim/server.py"),
}
"""Where each library may be imported (paths under bcs_tui/, a folder ends with /)."""

FORBIDDEN_AT_RUN_TIME = {
    "bcs_tui.base": {"textual", "httpx"},
    "bcs_tui.api": {"textual"},
    "bcs_tui.sim": {"textual"},
    "bcs_tui.core": {"textual", "httpx"},
    "bcs_tui.history": {"textual", "httpx"},
}


def _part(name: str) -> str:
    """The part of the program a module belongs to: its package, or the top-level module."""
    return name.split(".")[1] if "." in name else ROOT


def _is_part(name: str) -> bool:
    return (PACKAGE_DIR / name).is_dir() or (PACKAGE_DIR / f"{name}.py").is_file()


def imported_modules(source: str) -> Iterator[str]:
    """Every absolute module name ``source`` imports; for ``from bcs_tui import X`` where X
    is a module, ``bcs_tui.X``."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
            if node.module == "bcs_tui":
                yield from (f"bcs_tui.{a.name}" for a in node.names if _is_part(a.name))


def _source_files() -> list[Path]:
    return sorted(PACKAGE_DIR.rglob("*.py"))


def _own_part(path: Path) -> str:
    first = path.relative_to(PACKAGE_DIR).parts[0]
    return ROOT if first == "__init__.py" else first.removesuffix(".py")


def part_graph() -> dict[str, set[str]]:
    """Part -> the other parts it imports."""
    graph: dict[str, set[str]] = {}
    for path in _source_files():
        own = _own_part(path)
        edges = graph.setdefault(own, set())
        for name in imported_modules(path.read_text(encoding="utf-8")):
            if name == "bcs_tui" or name.startswith("bcs_tui."):
                other = _part(name)
                if other != own:
                    edges.add(other)
    return graph


def find_cycle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as the path around it (first node repeated), or ``None``."""
    state: dict[str, str] = {}  # "open" while on the current path, then "done"

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = "open"
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt, [*path, nxt])
                if found:
                    return found
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return None


def test_no_cycle_between_the_parts_of_the_program() -> None:
    graph = part_graph()
    assert {"base", "api", "core", "sim", "ui", "cli"} <= set(graph)
    assert find_cycle(graph) is None, f"import cycle: {' -> '.join(find_cycle(graph) or [])}"


@pytest.mark.parametrize("package", sorted(ALLOWED_IMPORTS))
def test_each_package_imports_only_the_layers_below_it(package: str) -> None:
    imported = part_graph()[package]
    assert imported <= ALLOWED_IMPORTS[package], (
        f"{package} imports {sorted(imported - ALLOWED_IMPORTS[package])}"
    )


@pytest.mark.parametrize("library", sorted(LIBRARY_HOMES))
def test_libraries_are_imported_only_in_their_homes(library: str) -> None:
    homes = LIBRARY_HOMES[library]
    offenders = []
    for path in _source_files():
        where = path.relative_to(PACKAGE_DIR).as_posix()
        if where.startswith(homes):
            continue
        names = imported_modules(path.read_text(encoding="utf-8"))
        if any(name == library or name.startswith(f"{library}.") for name in names):
            offenders.append(where)
    assert offenders == [], f"{library} imported outside {homes}"


def test_screens_never_import_the_app_module() -> None:
    offenders = [
        path.name
        for path in sorted((PACKAGE_DIR / "ui" / "screens").glob("*.py"))
        if "bcs_tui.ui.app" in set(imported_modules(path.read_text(encoding="utf-8")))
    ]
    assert offenders == [], "screens post messages; the app handles them"


# Guards of the guards: each check above must be able to fail.


def test_the_cycle_check_sees_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
    assert find_cycle({"a": {"a"}}) is not None


def test_the_source_scan_sees_every_kind_of_import() -> None:
    source = (
        "import httpx\n"
        "from textual.app import App\n"
        "from bcs_tui import __version__, watch\n"
        "def later():\n"
        "    from bcs_tui.ui.app import DashboardApp\n"
        "if TYPE_CHECKING:\n"
        "    import bcs_tui.core.timeline\n"
        "from . import relative\n"
    )
    assert set(imported_modules(source)) == {
        "httpx",
        "textual.app",
        "bcs_tui",
        "bcs_tui.watch",
        "bcs_tui.ui.app",
        "bcs_tui.core.timeline",
    }


def test_the_graph_sees_the_known_edges() -> None:
    graph = part_graph()
    assert "base" in graph["api"] and "api" in graph["core"] and "core" in graph["ui"]
    assert "cli" in graph["__main__"] and ROOT in graph["cli"]  # bcs_tui.__version__


def _modules(package: str) -> list[str]:
    path = PACKAGE_DIR / package.split(".", 1)[1]
    # __main__ modules run a program when imported; their imports are checked in source above.
    found = pkgutil.iter_modules([str(path)])
    return [f"{package}.{info.name}" for info in found if info.name != "__main__"]


def _loaded_after_import(modules: list[str]) -> set[str]:
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    return set(json.loads(output))


@pytest.mark.parametrize("package", sorted(FORBIDDEN_AT_RUN_TIME))
def test_package_does_not_load_forbidden_libraries(package: str) -> None:
    modules = _modules(package)
    assert modules, f"no modules found in {package}"
    loaded = _loaded_after_import(modules)
    forbidden = FORBIDDEN_AT_RUN_TIME[package]
    assert not (loaded & forbidden), f"{package} loads {loaded & forbidden}"


def test_the_run_time_check_sees_a_forbidden_import() -> None:
    # Guards the guard: importing the UI must show up as loading textual.
    assert "textual" in _loaded_after_import(["bcs_tui.ui.app"])
