"""Every use of a private Textual name, in one place.

Textual has no public way to do the few things below, which the dashboard needs to run for
days (removed toasts and widgets must not stay in memory). Private names can change in any
release, so the versions are pinned (pyproject.toml, constraints.txt) and
tests/ui/test_textual_compat.py checks, against the installed Textual, that each name used
here still exists and still does what we rely on.
How to upgrade Textual: README, "Upgrading Textual".
"""

import importlib
from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.notifications import Notification
from textual.screen import Screen
from textual.widget import Widget

# Textual's toast widgets (module textual.widgets._toast), matched by their type names, so a
# Textual that renames them makes ``toast_holders`` find none rather than fail.
TOAST_HOLDERS = "ToastRack > ToastHolder"


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


def _toast_id_maker() -> Callable[[Notification], str] | None:
    """``ToastRack._toast_id`` (the ID of the holder of a notification's toast), if this
    Textual has it; looked up by name so a Textual without it still imports this module."""
    try:
        module = importlib.import_module("textual.widgets._toast")
    except ImportError:
        return None
    maker = getattr(getattr(module, "ToastRack", None), "_toast_id", None)
    return maker if callable(maker) else None


_toast_id = _toast_id_maker()


def toast_holders(screen: Screen[Any]) -> list[Widget]:
    """The holders in the screen's toast rack: each is mounted around one toast."""
    return list(screen.query(TOAST_HOLDERS))


def write_to_terminal(app: App[Any], sequence: str) -> bool:
    """Write ``sequence`` to the app's terminal as it is, queued in order with the frames
    (as ``App.bell`` and ``App.copy_to_clipboard`` write theirs through ``App._driver``);
    ``False`` when there is no terminal (headless, or not running)."""
    driver = app._driver
    if driver is None or app.is_headless:
        return False
    driver.write(sequence)
    return True


def notification_count(app: App[Any]) -> int:
    """How many notifications the app keeps (shown, or not yet timed out)."""
    return len(app._notifications)


def notifications(app: App[Any]) -> list[Notification]:
    """The notifications the app keeps, oldest first."""
    return list(app._notifications)


def withdraw_notification(app: App[Any], notification: Notification) -> None:
    """Take one notification off the screen now, as a click on its toast does: forgotten,
    and its toast removed with its holder (the rack would leave the holder behind)."""
    if _toast_id is None:
        # Without the holder's ID: forget it and let the rack redraw (its holder may stay).
        if notification in app._notifications:
            app._unnotify(notification)
        return
    if notification in app._notifications:
        app._unnotify(notification, refresh=False)
    holder_id = _toast_id(notification)
    for screen in app.screen_stack:
        for holder in toast_holders(screen):
            if holder.id == holder_id:
                holder.remove()
