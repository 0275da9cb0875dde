"""The dashboard's link to the history holds the polls of before the first paint and hands
them over, in order, when it starts; after that each one at once."""

from bcs_tui.ui.history_feed import HistoryFeed
from tests.ui.memory_history import MemoryHistory
from tests.ui.support import FROZEN_AT


def test_polls_before_the_start_are_held_then_handed_over_in_order() -> None:
    history = MemoryHistory()
    feed = HistoryFeed(history)
    feed.submit("north", "p1", [], FROZEN_AT)
    feed.submit("sg", "p2", [], FROZEN_AT + 1)
    assert history.submitted == []
    feed.start()
    assert history.submitted == [("north", "p1", [], FROZEN_AT), ("sg", "p2", [], FROZEN_AT + 1)]
    feed.submit("north", "p1", [], FROZEN_AT + 2)
    assert history.submitted[-1] == ("north", "p1", [], FROZEN_AT + 2)
    assert len(history.submitted) == 3
