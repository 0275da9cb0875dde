"""The list's "Where" of a running operation whose sub-step runs longer than its kind's p90:
``Deploy Nodes > Pull image  slow: 3m12s, usually 1m05s``.

The mark depends on the clock, so a row keeps a ``SlowWatch`` (built once with the row) and
the row cache (core/row_cache.py) rebuilds the "Where" text only when it can read otherwise:
at the moment the sub-step turns slow, then as its duration's text changes, like the
Duration column. A record without a watch costs the tick nothing.
"""

from dataclasses import dataclass

from bcs_tui.api.models import OperationRecord
from bcs_tui.core.expectations import KindExpectation, Spread
from bcs_tui.core.expected_view import slow_after, slow_text
from bcs_tui.core.status_view import GlyphSet
from bcs_tui.core.where import where_texts, whereabouts


@dataclass(frozen=True, slots=True)
class SlowWatch:
    """A running operation's current sub-step, with what its kind usually takes."""

    start_ns: int
    usual: Spread
    where: str
    """The "Where" text without the mark."""
    short: str | None
    """Its shorter form (``where_texts``), without the mark."""

    @property
    def slow_from(self) -> int:
        """The first moment the sub-step counts as slow."""
        found = slow_after(self.start_ns, self.usual)
        assert found is not None  # it has a start and a spread
        return found

    def texts(self, now: int) -> tuple[str, str | None]:
        """The "Where" text and its shorter form at ``now``, marked once slow."""
        mark = slow_text(now - self.start_ns, self.usual)
        if mark is None:
            return self.where, self.short
        return f"{self.where}  {mark}", None if self.short is None else f"{self.short}  {mark}"


def slow_watch(
    record: OperationRecord, expected: KindExpectation | None, glyphs: GlyphSet
) -> SlowWatch | None:
    """The watch of a running operation's current sub-step, when its kind has a spread for
    it; ``None`` otherwise (nothing about the row depends on it)."""
    if expected is None or not record.operation_status.is_running:
        return None
    found = whereabouts(record)
    if found is None or found.failed:
        return None
    place = found.place
    if place.sub_step is None or place.at is None:
        return None
    usual = expected.sub_step(place.step, place.sub_step)
    if usual is None:
        return None
    where, short = where_texts(record, glyphs)
    return SlowWatch(place.at, usual, where, short)
