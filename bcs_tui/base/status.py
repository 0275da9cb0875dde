"""The status vocabulary: the one place that knows the words the service sends.

A status is normalised once, when a response is parsed (``parse_status``); everything after
that compares ``Status`` members, never strings. The text as received is kept beside it by the
models, for export and for showing a status this vocabulary does not know.
"""

from enum import StrEnum


class Status(StrEnum):
    """A status as the service means it; the value is the word the API sends."""

    WAITING = "waiting"
    PROCESSING = "processing"
    FINISHED = "finished"
    FAILED = "failed"
    STOP = "stop"
    PENDING = ""
    """Not started: a sub-step the service sends with ``status: ""`` (and detail
    ``waiting``), or a status that is missing altogether."""
    UNKNOWN = "unknown"
    """A word outside the vocabulary: shown as the text received, never rejected."""

    @classmethod
    def _missing_(cls, value: object) -> "Status":
        # ``Status(x)`` for anything but an exact wire word. pydantic matches the exact words
        # itself (the common case, and fast) and calls this for the rest.
        return parse_status(value)

    @property
    def word(self) -> str:
        """What the user reads: the same word in the dashboard, ``records`` and ``watch``.
        For ``UNKNOWN`` the caller shows the text as received instead."""
        return _WORDS[self]

    @property
    def is_running(self) -> bool:
        return self in RUNNING_STATUSES

    @property
    def is_ended(self) -> bool:
        return self in ENDED_STATUSES


API_STATUSES: tuple[Status, ...] = (
    Status.WAITING,
    Status.PROCESSING,
    Status.FINISHED,
    Status.FAILED,
    Status.STOP,
)
"""The values the API documents, in its order: the ``operation_status`` filter accepts these."""

RUNNING_STATUSES = frozenset({Status.WAITING, Status.PROCESSING})
ENDED_STATUSES = frozenset({Status.FINISHED, Status.FAILED, Status.STOP})
FAILED_OR_STOPPED = frozenset({Status.FAILED, Status.STOP})
"""The endings that need an operator's attention (quick filter 3, ``]`` / ``[``, "Where")."""

_WORDS = {
    Status.WAITING: "waiting",
    Status.PROCESSING: "processing",
    Status.FINISHED: "finished",
    Status.FAILED: "failed",
    Status.STOP: "stopped",
    Status.PENDING: "pending",
    Status.UNKNOWN: "unknown",
}

_BY_WIRE_WORD = {status.value: status for status in Status if status is not Status.UNKNOWN}


def parse_status(raw: object) -> Status:
    """Any case and stray whitespace are accepted (``" Finished"``, ``"FINISHED"``); a
    missing or empty status is ``PENDING``; anything else, text or not, is ``UNKNOWN``."""
    if raw is None:
        return Status.PENDING
    if not isinstance(raw, str):
        return Status.UNKNOWN
    return _BY_WIRE_WORD.get(raw.strip().lower(), Status.UNKNOWN)
