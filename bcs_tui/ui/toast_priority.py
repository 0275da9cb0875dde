"""Which toasts stay when there are more than fit (``core/toast_text.toasts_at_most``): the
answer to a key the user pressed (a file written, a value copied) before a failure, a
failure before other operation news; the oldest of the least important goes first. A failure
that has to make room, or finds none, is held and shown again when there is room: it stays
until dismissed (``ctrl+l``). Other operation news that finds no room is dropped: the events
log (``L``) keeps every transition."""

from dataclasses import dataclass, field
from enum import IntEnum

from textual.notifications import Notification


class Importance(IntEnum):
    NEWS = 0
    """An operation appeared, finished or stopped."""
    FAILURE = 1
    """An operation failed."""
    ASKED = 2
    """The answer to a key: what it did, or why it could not."""


@dataclass
class RankedNotification(Notification):
    """A notification that says how much it matters."""

    importance: Importance = Importance.ASKED


def importance(notification: Notification) -> Importance:
    # Textual's own notifications (none is operation news) answer something asked.
    if isinstance(notification, RankedNotification):
        return notification.importance
    return Importance.ASKED


@dataclass(frozen=True)
class Room:
    withdrawn: list[Notification]
    """To take off the screen for the new one."""
    shown: bool
    """Whether the new one is shown (else it was less important than every toast shown)."""


MAX_HELD = 100
"""Failures held for later at most: a dashboard left open for days while many operations
fail must not grow without end (the oldest go first; the events log keeps them all)."""


@dataclass
class ToastPriority:
    _held: list[Notification] = field(default_factory=list)

    def make_room(self, new: Notification, shown: list[Notification], at_most: int) -> Room:
        """What to withdraw so that ``new`` can be shown with at most ``at_most`` toasts;
        failures withdrawn, or not shown, are held."""
        rank = importance(new)
        excess = len(shown) + 1 - at_most
        by_importance = sorted(shown, key=lambda n: (importance(n), n.raised_at))
        withdrawn = [n for n in by_importance[: max(0, excess)] if importance(n) <= rank]
        shown_too = len(withdrawn) >= excess
        for notification in (*withdrawn, *(() if shown_too else (new,))):
            if notification.severity == "error":
                self._held.append(notification)
        del self._held[:-MAX_HELD]
        return Room(withdrawn, shown_too)

    def due(self, shown: int, at_most: int) -> list[Notification]:
        """Held failures there is room for now, oldest first (they leave the hold)."""
        room = max(0, at_most - shown)
        due, self._held = self._held[:room], self._held[room:]
        return due

    def forget_held(self) -> None:
        self._held.clear()
