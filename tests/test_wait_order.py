"""``wait`` prints the endings a poll brings in the order they ended, whichever query or
source saw them (the real Waiter over scripted sources)."""

import asyncio
import io

from bcs_tui.api.filters import RecordFilters
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.wait import Waiter, WaitQuery, WaitSource
from bcs_tui.watch import WatchPlace
from tests.core.timed_records import RUNNING, timed_payload
from tests.ui.support import FROZEN_AT, ScriptedSource

S = NS_PER_S
ONE_STEP_RUNNING = (("Deploy", (("Start", RUNNING),)),)


class Source(ScriptedSource):
    """Hashable as the clients of ``wait`` are (by identity): a source is a key of its
    pending operations."""

    __hash__ = object.__hash__


def test_endings_of_one_poll_are_printed_in_the_order_they_ended() -> None:
    north, south = Source(), Source()
    north.set_records(
        timed_payload("late", start_ns=FROZEN_AT, status="processing", steps=ONE_STEP_RUNNING)
    )
    south.set_records(
        timed_payload("early", start_ns=FROZEN_AT, status="processing", steps=ONE_STEP_RUNNING),
        timed_payload("middle", start_ns=FROZEN_AT, status="processing", steps=ONE_STEP_RUNNING),
    )
    queries = [
        WaitQuery(WaitSource(WatchPlace("p1", "north"), north), RecordFilters()),
        WaitQuery(WaitSource(WatchPlace("p2", "south"), south), RecordFilters()),
    ]

    async def next_poll(_seconds: float) -> None:
        # Between the first poll and the second, all three end: late 30 s, early 10 s and
        # middle 20 s after they started; north (with the latest) is asked first.
        north.set_records(
            timed_payload("late", start_ns=FROZEN_AT, steps=(("Deploy", (("Start", 30),)),))
        )
        south.set_records(
            timed_payload("middle", start_ns=FROZEN_AT, steps=(("Deploy", (("Start", 20),)),)),
            timed_payload("early", start_ns=FROZEN_AT, steps=(("Deploy", (("Start", 10),)),)),
        )

    out = io.StringIO()
    waiter = Waiter(queries, frozenset(), out, interval_s=1.0, utc=True, sleep=next_poll)
    assert asyncio.run(waiter.run()) == 0
    ended = [line.split()[2] for line in out.getvalue().splitlines() if "finished" in line]
    assert ended == ["early", "middle", "late"], out.getvalue()
