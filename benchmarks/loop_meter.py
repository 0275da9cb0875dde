"""Instruments for the in-process UI rows: event-loop busy time and what was repainted.

Both patch classes of the running process for the duration of a ``with`` block only; they
exist for measurement, never for the product.
"""

import asyncio.events
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from textual.screen import Screen
from textual.widget import Widget


def widget_name(widget: Widget) -> str:
    return type(widget).__name__ + (f"#{widget.id}" if widget.id else "")


@dataclass
class LoopMeter:
    """Sums the time the event loop spends running callbacks from ``start()`` on, and
    names the widgets the screen repaints (full repaint or regions)."""

    active: bool = False
    started_at: float = 0.0
    busy_s: float = 0.0
    repainted: Counter[str] = field(default_factory=Counter)
    refreshed_regions: Counter[str] = field(default_factory=Counter)
    refreshed_full: Counter[str] = field(default_factory=Counter)

    def start(self) -> None:
        self.active = True
        self.started_at = time.perf_counter()
        self.busy_s = 0.0
        self.repainted.clear()
        self.refreshed_regions.clear()
        self.refreshed_full.clear()

    def stop(self) -> None:
        self.active = False

    @contextmanager
    def installed(self) -> Iterator["LoopMeter"]:
        meter = self
        run_handle = asyncio.events.Handle._run
        timer_update = Screen._on_timer_update
        widget_refresh = Widget.refresh

        def timed_run(handle: asyncio.events.Handle) -> None:
            began = time.perf_counter()
            try:
                run_handle(handle)
            finally:
                if meter.active:
                    meter.busy_s += time.perf_counter() - max(began, meter.started_at)

        def counted_update(screen: Screen[Any]) -> None:
            if meter.active and screen.is_current:
                if screen._layout_required or screen._repaint_required:
                    meter.repainted[f"{widget_name(screen)} (whole screen)"] += 1
                for widget in screen._dirty_widgets:
                    meter.repainted[widget_name(widget)] += 1
            timer_update(screen)

        def counted_refresh(widget: Widget, *regions: Any, **options: Any) -> Widget:
            if meter.active:
                target = meter.refreshed_regions if regions else meter.refreshed_full
                target[widget_name(widget)] += 1
            return widget_refresh(widget, *regions, **options)

        patches: list[tuple[type, str, Callable[..., Any]]] = [
            (asyncio.events.Handle, "_run", timed_run),
            (Screen, "_on_timer_update", counted_update),
            (Widget, "refresh", counted_refresh),
        ]
        originals = [(cls, name, getattr(cls, name)) for cls, name, _ in patches]
        for cls, name, patched in patches:
            setattr(cls, name, patched)
        try:
            yield self
        finally:
            for cls, name, original in originals:
                setattr(cls, name, original)
