"""Session-wide hooks."""

import pytest

from tests.test_benchmarks_smoke import SMOKE_TEST_FILE, start_quick_run, stop_quick_run


def pytest_collection_finish(session: pytest.Session) -> None:
    """The benchmarks' quick run (half a minute, mostly a child program idling in a pty)
    starts as the session does and runs beside the other tests; its test only reads the
    result, so ``make test`` does not wait for it on its own."""
    if any(item.nodeid.startswith(SMOKE_TEST_FILE) for item in session.items):
        start_quick_run()


def pytest_sessionfinish(session: pytest.Session) -> None:
    stop_quick_run()
