"""The private Textual names that bcs_tui/ui/textual_compat.py uses still exist in the installed
Textual and still do what it assumes, and no other module of bcs_tui uses one. After a Textual
upgrade, a failure here names the internal that moved or changed: adapt textual_compat (README,
"Upgrading Textual")."""

import ast
import gc
import importlib
import importlib.util
import inspect
import pkgutil
import re
import textwrap
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Static

import bcs_tui
from bcs_tui.ui import textual_compat
from tests.ui.settle import until

TEXTUAL = f"Textual {version('textual')}"
UPGRADE = "adapt bcs_tui/ui/textual_compat.py (README, 'Upgrading Textual')"


def _module(name: str) -> Callable[[], object]:
    return lambda: importlib.import_module(name)


@dataclass(frozen=True)
class Internal:
    owner: str  # how the failure message names what should have it
    make_owner: Callable[[], object]
    path: str  # attribute path from the owner

    def __str__(self) -> str:
        return f"{self.owner}.{self.path}"


INTERNALS = [
    Internal("App()", App, "_notifications"),
    Internal("App()", App, "_unnotify"),
    Internal("App()", App, "_driver"),
    Internal("textual.driver", _module("textual.driver"), "Driver.write"),
    Internal(
        "ToastRack",
        lambda: importlib.import_module("textual.widgets._toast").ToastRack,
        "_toast_id",
    ),
    Internal(
        "textual._styles_cache",
        _module("textual._styles_cache"),
        "StylesCache.get_inner_outer.cache_clear",
    ),
    Internal("textual.widgets._toast", _module("textual.widgets._toast"), "ToastRack"),
    Internal("textual.widgets._toast", _module("textual.widgets._toast"), "ToastHolder"),
    # Not used by textual_compat: read by tests/ui/test_removed_widgets.py to see the leak.
    Internal("Static()", Static, "_styles_cache"),
]


@pytest.mark.parametrize("internal", INTERNALS, ids=str)
def test_each_private_name_exists(internal: Internal) -> None:
    try:
        found = internal.make_owner()
    except ImportError:
        pytest.fail(f"{TEXTUAL} has no module {internal.owner}: {UPGRADE}")
    for part in internal.path.split("."):
        if not hasattr(found, part):
            pytest.fail(f"{TEXTUAL}: {internal} is gone ({part!r} is missing): {UPGRADE}")
        found = getattr(found, part)


def _compat_tree() -> ast.Module:
    return ast.parse(Path(textual_compat.__file__).read_text())


def test_every_private_name_textual_compat_uses_is_checked_above() -> None:
    checked = {internal.path.split(".")[0] for internal in INTERNALS}
    checked |= {internal.owner for internal in INTERNALS}
    used = set()
    for node in ast.walk(_compat_tree()):
        if isinstance(node, ast.Attribute) and re.fullmatch(r"_[a-z]\w*", node.attr):
            used.add(node.attr)
        elif isinstance(node, ast.Constant) and re.fullmatch(r"textual(\.\w+)+", str(node.value)):
            used.add(str(node.value))
    used |= set(re.findall(r"[A-Z]\w+", textual_compat.TOAST_HOLDERS))
    assert used - checked == set(), "add these to INTERNALS"


# -- no other module of bcs_tui uses a private Textual name ----------------------------------


def _our_modules() -> Iterator[tuple[str, ast.Module]]:
    """Every module of bcs_tui but textual_compat, by name, parsed (not run: __main__)."""
    for info in pkgutil.walk_packages(bcs_tui.__path__, "bcs_tui."):
        spec = importlib.util.find_spec(info.name)
        if info.name != textual_compat.__name__ and spec is not None and spec.origin:
            yield info.name, ast.parse(Path(spec.origin).read_text())


def _defined_names(body: list[ast.stmt]) -> Iterator[str]:
    """What a module or class body defines: functions, classes, assigned names."""
    for statement in body:
        if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef):
            yield statement.name
        elif isinstance(statement, ast.ClassDef):
            yield statement.name
            yield from _defined_names(statement.body)
        elif isinstance(statement, ast.Assign | ast.AnnAssign):
            targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
            for target in targets:
                yield from (node.id for node in ast.walk(target) if isinstance(node, ast.Name))


def _defined_private_names(tree: ast.Module) -> set[str]:
    """Module and class attributes, methods and ``obj.`` attributes set anywhere, that start
    with one underscore."""
    names = set(_defined_names(tree.body))
    names |= {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
    }
    return {name for name in names if re.fullmatch(r"_[A-Za-z]\w*", name)}


def _textual_private_names() -> set[str]:
    package = Path(inspect.getfile(App)).parent
    names: set[str] = set()
    for path in package.rglob("*.py"):
        names |= _defined_private_names(ast.parse(path.read_text()))
    return names


def _private_textual_modules(tree: ast.AST) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            modules.add(node.value)  # importlib.import_module("textual._...")
    return {name for name in modules if re.fullmatch(r"textual(\.\w+)*\._\w+(\.\w+)*", name)}


def test_no_other_module_imports_a_private_textual_module() -> None:
    found = {
        name: modules
        for name, tree in _our_modules()
        if (modules := _private_textual_modules(tree))
    }
    assert found == {}, "go through bcs_tui.ui.textual_compat"


def test_no_other_module_reads_a_private_textual_attribute() -> None:
    """``something._name`` where Textual defines ``_name`` and bcs_tui does not."""
    modules = dict(_our_modules())
    ours: set[str] = set().union(*(_defined_private_names(tree) for tree in modules.values()))
    textual_only = _textual_private_names() - ours
    found = {
        f"{name}:{node.lineno}: {ast.unparse(node)}"
        for name, tree in modules.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr in textual_only
    }
    assert found == set(), "go through bcs_tui.ui.textual_compat"


def _textual_subclasses() -> Iterator[type]:
    for name, _tree in _our_modules():
        if name.endswith(".__main__"):
            continue
        for value in vars(importlib.import_module(name)).values():
            if (
                inspect.isclass(value)
                and value.__module__ == name
                and any(base.__module__.startswith("textual.") for base in value.__mro__)
            ):
                yield value


@cache
def _class_private_names(cls: type) -> set[str]:
    return _defined_private_names(ast.parse(textwrap.dedent(inspect.getsource(cls))))


def test_no_widget_of_ours_uses_or_overrides_a_private_name_of_its_textual_bases() -> None:
    """``self._data`` in a DataTable subclass would read Textual's private state; a method or
    attribute of ours that happens to share a private name with a base class replaces
    Textual's without a word."""
    clashes = {}
    for cls in _textual_subclasses():
        bases = [base for base in cls.__mro__ if base.__module__.startswith("textual.")]
        theirs = set().union(*(_class_private_names(base) for base in bases))
        mine = ast.parse(inspect.getsource(cls))
        used = {node.attr for node in ast.walk(mine) if isinstance(node, ast.Attribute)}
        if clash := (used | _defined_private_names(mine)) & theirs:
            clashes[cls.__qualname__] = clash
    assert clashes == {}, "rename ours, or go through bcs_tui.ui.textual_compat"


# -- each compat function, on real widgets in a running app ---------------------------------


class OneWidget(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("alpha")


async def test_clearing_the_shared_style_cache_lets_a_removed_widget_style_cache_go() -> None:
    app = OneWidget()
    async with app.run_test(size=(40, 6)) as pilot:
        passing = Static("here for a moment")
        await app.screen.mount(passing)
        await pilot.pause()  # painted
        style_cache = weakref.ref(passing._styles_cache)
        await passing.remove()
        del passing
        await app.screen.mount(Static("after it"))  # the screen forgets its old child order
        await pilot.pause()
        gc.collect()
        assert style_cache() is not None, "Textual no longer keeps it: the clearing may go"

        textual_compat.clear_shared_style_cache()
        gc.collect()
        assert style_cache() is None


async def test_each_toast_sits_in_a_holder_and_notifications_are_counted() -> None:
    app = OneWidget()
    async with app.run_test(size=(60, 12), notifications=True) as pilot:
        app.notify("hello", timeout=600)
        await until(
            pilot,
            lambda: any(holder.children for holder in textual_compat.toast_holders(app.screen)),
            "the toast shown",
        )
        [holder] = textual_compat.toast_holders(app.screen)
        [toast] = holder.children
        assert str(toast.render()) == "hello"
        assert textual_compat.notification_count(app) == 1
        [notification] = textual_compat.notifications(app)
        assert notification.message == "hello"
        textual_compat.withdraw_notification(app, notification)
        assert textual_compat.notification_count(app) == 0
        await pilot.pause()
        assert textual_compat.toast_holders(app.screen) == []
        app.notify("again", timeout=600)
        await pilot.pause()
        assert textual_compat.notification_count(app) == 1

        app.clear_notifications()
        assert textual_compat.notification_count(app) == 0
