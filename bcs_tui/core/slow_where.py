"""The list's "Where" of a running operation whose sub-step (or step) runs longer than its
kind's p90: ``Deploy Nodes > Pull image  slow: 3m12s, usually 1m05s``, the detail's text.

The sub-step is marked when it is slow; else its step, when that is (each against its own
p90, as the detail marks them). The mark depends on the clock, so a row keeps a
``SlowWatch`` (built once with the row) and the row cache (core/row_cache.py) rebuilds the
"Where" text only when it can read otherwise: at the moment a watched part turns slow, then
as its duration's text changes, like the Duration column. A record without a watch costs
the tick nothing.
"""

from dataclasses import dataclass

from bcs_tui.api.models import OperationRecord
from bcs_tui.core.expectations import KindExpectation, Spread
from bcs_tui.core.expected_view import slow_text
from bcs_tui.core.status_view import GlyphSet
from bcs_tui.core.timeline import step_span
from bcs_tui.core.where import where_texts, whereabouts

Watched = tuple[int, Spread]
"""(when a running part started, what its kind usually takes)."""


@dataclass(frozen=True, slots=True)
class SlowWatch:
    """A running operation's current sub-step and step, with what their kind usually takes."""

    watched: tuple[Watched, ...]
    """The sub-step first, then its step: the first slow one is marked."""
    where: str
    """The "Where" text without the mark."""
    short: str | None
    """Its shorter form (``where_texts``), without the mark."""

    def texts(self, now: int) -> tuple[str, str | None]:
        """The "Where" text and its shorter form at ``now``, marked once slow."""
        mark = self.mark(now)
        if mark is None:
            return self.where, self.short
        return f"{self.where}  {mark}", None if self.short is None else f"{self.short}  {mark}"

    def mark(self, now: int) -> str | None:
        for start, usual in self.watched:
            found = slow_text(now - start, usual)
            if found is not None:
                return found
        return None


def slow_watch(
    record: OperationRecord, expected: KindExpectation | None, glyphs: GlyphSet
) -> SlowWatch | None:
    """The watch of a running operation's current sub-step and step, when its kind has a
    spread for either; ``None`` otherwise (nothing about the row depends on it)."""
    if expected is None or not record.operation_status.is_running:
        return None
    found = whereabouts(record)
    if found is None or found.failed:
        return None
    place = found.place
    watched: list[Watched] = []
    if place.sub_step is not None and place.at is not None:
        usual = expected.sub_step(place.step, place.sub_step)
        if usual is not None:
            watched.append((place.at, usual))
    step_usual = expected.step(place.step)
    if step_usual is not None:
        step = next(
            (
                step
                for key, step in record.operation_process.items()
                if (step.step_name or key) == place.step
            ),
            None,
        )
        span = None if step is None else step_span(step)
        if span is not None and span.start is not None and span.end is None:
            watched.append((span.start, step_usual))
    if not watched:
        return None
    where, short = where_texts(record, glyphs)
    return SlowWatch(tuple(watched), where, short)
