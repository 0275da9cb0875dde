"""Lets go of removed widgets that Textual (8.x) would otherwise keep alive.

A dashboard left open for a day toasts every operation that ends, and each toast is two
widgets mounted and later removed. Two things in Textual keep such widgets, or what they
rendered, alive after removal (both found by the soak, benchmarks/soak.py):

- Each toast sits in a holder in the screen's toast rack. When the rack refreshes after the
  toast's notification has left the app's list (its time ran out a moment before the toast's
  own timer fired, common when toasts come in bursts, or the notifications were cleared), it
  removes the toast but not the holder. The empty holder stays in the rack for good.
- ``StylesCache.get_inner_outer`` is a class-wide ``lru_cache(1024)`` whose key includes the
  widget's style cache, so the style caches of up to 1,024 removed widgets, with every line
  they last rendered, stay reachable until pushed out.

``release_removed_widgets`` undoes both; the app calls it before each new toast. Both reach
into Textual's private parts, through ``textual_compat``.
"""

from collections.abc import Iterable

from textual.screen import Screen

from bcs_tui.ui.textual_compat import clear_shared_style_cache, toast_holders


def remove_empty_toast_holders(screens: Iterable[Screen[object]]) -> int:
    """Remove every toast holder whose toast is gone; how many were removed."""
    removed = 0
    for screen in screens:
        for holder in toast_holders(screen):
            # A holder is mounted only after the toast it was made with has mounted inside it,
            # so a mounted holder without children lost its toast for good.
            if holder.is_mounted and not holder.children:
                holder.remove()
                removed += 1
    return removed


def release_removed_widgets(screens: Iterable[Screen[object]]) -> None:
    remove_empty_toast_holders(screens)
    clear_shared_style_cache()
