"""Every use of a private Textual name, in one place.

Textual has no public way to do the few things below, which the dashboard needs to stay
fast (a refresh must not repaint the whole table) and to run for days (removed toasts must
not stay in memory). Private names can change in any release, so the versions are pinned
(pyproject.toml, constraints.txt) and tests/ui/test_textual_compat.py checks, against the
installed Textual, that each name used here still exists and still does what we rely on.
How to upgrade Textual: README, "Upgrading Textual".
"""

import importlib
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.cache import LRUCache
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets.data_table import CellType, ColumnKey, RowKey

# Textual's toast widgets (module textual.widgets._toast), matched by their type names, so a
# Textual that renames them makes ``toast_holders`` find none rather than fail.
TOAST_HOLDERS = "ToastRack > ToastHolder"


def put_cell_quietly(
    table: DataTable[CellType], row_key: RowKey, column_key: ColumnKey, value: CellType
) -> None:
    """Store a cell's value without what ``DataTable.update_cell`` also does: throw away
    every rendered row and repaint the whole table. The caller repaints what changed."""
    table._data[row_key][column_key] = value


def relayout_all_rows(table: DataTable[Any]) -> None:
    """Have every row rendered and placed again, and the table's size measured again, as
    the table itself does when a column changes width. Its rendered rows and row offsets
    are cached per update count; the size is measured on idle when flagged."""
    table._update_count += 1
    table._require_update_dimensions = True


def _render_caches(table: DataTable[Any]) -> tuple[LRUCache[Any, Any], ...]:
    return (
        table._row_render_cache,
        table._cell_render_cache,
        table._row_renderable_cache,
        table._line_cache,
    )


def drop_rendered_rows(table: DataTable[Any]) -> None:
    """Forget the rendered cells, rows and lines, so that changed cells are drawn anew;
    keep the row order and offsets (``relayout_all_rows`` drops those too, and they cost
    O(rows) to rebuild)."""
    for cache in _render_caches(table):
        cache.clear()


def rendered_entries(table: DataTable[Any]) -> int:
    """How many rendered cells, rows and lines the table keeps (the soak's memory curve)."""
    return sum(len(cache) for cache in _render_caches(table))


def _shared_style_cache_clearer() -> Callable[[], None] | None:
    """``StylesCache.get_inner_outer.cache_clear``, if this Textual has it."""
    try:
        module = importlib.import_module("textual._styles_cache")
    except ImportError:
        return None
    method = getattr(getattr(module, "StylesCache", None), "get_inner_outer", None)
    clear = getattr(method, "cache_clear", None)
    return clear if callable(clear) else None


_clear_shared_style_cache = _shared_style_cache_clearer()


def clear_shared_style_cache() -> None:
    """Empty ``StylesCache.get_inner_outer``, a class-wide ``lru_cache(1024)`` whose keys
    hold widgets' style caches, so removed widgets' ones are let go. Repaints nothing: live
    widgets' entries are recomputed on their next render. A no-op if Textual has no such
    cache."""
    if _clear_shared_style_cache is not None:
        _clear_shared_style_cache()


def toast_holders(screen: Screen[Any]) -> list[Widget]:
    """The holders in the screen's toast rack: each is mounted around one toast."""
    return list(screen.query(TOAST_HOLDERS))


def notification_count(app: App[Any]) -> int:
    """How many notifications the app keeps (shown, or not yet timed out)."""
    return len(app._notifications)
