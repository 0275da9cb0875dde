"""Which toasts make room for which, and the failures held for later (bounded)."""

from textual.notifications import Notification

from bcs_tui.ui.toast_priority import MAX_HELD, Importance, RankedNotification, ToastPriority


def _failure(number: int) -> RankedNotification:
    return RankedNotification(f"failed {number}", severity="error", importance=Importance.FAILURE)


def test_a_failure_with_no_room_is_held_and_shown_when_there_is() -> None:
    priority = ToastPriority()
    shown: list[Notification] = [Notification("you asked"), Notification("you asked too")]
    room = priority.make_room(_failure(1), shown, at_most=2)
    assert not room.shown and room.withdrawn == []
    assert priority.due(shown=2, at_most=2) == []
    (due,) = priority.due(shown=1, at_most=2)
    assert due.message == "failed 1"


def test_the_held_failures_are_bounded_the_oldest_going_first() -> None:
    priority = ToastPriority()
    shown: list[Notification] = [Notification("you asked")]
    for number in range(MAX_HELD + 50):
        priority.make_room(_failure(number), shown, at_most=1)
    due = priority.due(shown=0, at_most=10 * MAX_HELD)
    assert len(due) == MAX_HELD
    assert due[0].message == "failed 50" and due[-1].message == f"failed {MAX_HELD + 49}"
