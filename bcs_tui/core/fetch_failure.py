"""What a failed fetch does to the state that fetched: of the one source, or of one source
of several (``DashboardState.fail``, ``Fleet.fail``)."""

from typing import Protocol

from bcs_tui.core.polling import RefreshPolicy


class Fetched(Protocol):
    fetching: bool
    last_error: BaseException | None
    updated_ns: int | None
    stale_since_ns: int | None
    policy: RefreshPolicy


def note_failure(fetched: Fetched, error: BaseException, now: int, *, keep_backoff: bool) -> None:
    """A fetch failed at ``now``; the data shown stays, stale from the first failure since
    good data. ``keep_backoff``: a retry the user asked for (``r``) that failed leaves the
    back-off as it was."""
    fetched.fetching = False
    if fetched.last_error is None and fetched.updated_ns is not None:
        fetched.stale_since_ns = now
    fetched.last_error = error
    if not keep_backoff or fetched.policy.failures == 0:
        fetched.policy = fetched.policy.after_failure()
