"""The walls of design.md: api/core/sim never load Textual, core never loads httpx.

Checked at run time in a fresh interpreter, so an indirect import (core -> something -> httpx)
fails too, not only a direct ``import`` line.
"""

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import bcs_tui

PACKAGE_DIR = Path(bcs_tui.__file__).parent

FORBIDDEN = {
    "bcs_tui.api": {"textual"},
    "bcs_tui.sim": {"textual"},
    "bcs_tui.core": {"textual", "httpx"},
}


def _modules(package: str) -> list[str]:
    path = PACKAGE_DIR / package.split(".", 1)[1]
    # __main__ modules run a program when imported; their imports are checked in source below.
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


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_does_not_load_forbidden_libraries(package: str) -> None:
    modules = _modules(package)
    assert modules, f"no modules found in {package}"
    loaded = _loaded_after_import(modules)
    assert not (loaded & FORBIDDEN[package]), f"{package} loads {loaded & FORBIDDEN[package]}"


def test_the_check_sees_a_forbidden_import() -> None:
    # Guards the guard: importing the UI must show up as loading textual.
    assert "textual" in _loaded_after_import(["bcs_tui.ui.app"])


def test_only_ui_imports_textual_in_source() -> None:
    offenders = [
        str(path.relative_to(PACKAGE_DIR))
        for path in PACKAGE_DIR.rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE_DIR).parts[:1]
        and any(
            line.lstrip().startswith(("import textual", "from textual"))
            for line in path.read_text(encoding="utf-8").splitlines()
        )
    ]
    assert offenders == []
