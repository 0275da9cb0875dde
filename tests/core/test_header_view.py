from bcs_tui.api.errors import ApiError, NetworkError
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.header_view import (
    Connection,
    HeaderView,
    connection_state,
    describe_error,
    error_line,
    identity_line,
    view_line,
)
from bcs_tui.core.liveness import Liveness
from bcs_tui.core.status_view import UNICODE_GLYPHS
from tests.core.view_records import plain_text


def _view(**changes: object) -> HeaderView:
    values: dict[str, object] = {
        "profile": "prod",
        "region": "cn-north-4",
        "project_id": "abc",
        "connection": Connection.LIVE,
        "updated_ns": 10 * NS_PER_S,
        "now": 13 * NS_PER_S,
        "interval_s": 5.0,
        "next_delay_s": 5.0,
        "error": None,
        "shown": 3,
        "total": 3,
        "sort": "running first",
        "reverse": False,
        "server_filters": "",
        "search": "",
        "utc": False,
    }
    values.update(changes)
    return HeaderView(**values)  # type: ignore[arg-type]


def test_connection_state_priorities() -> None:
    assert connection_state(paused=True, fetching=True, failing=True, has_data=True) is (
        Connection.PAUSED
    )
    assert connection_state(paused=False, fetching=True, failing=True, has_data=True) is (
        Connection.REFRESHING
    )
    assert connection_state(paused=False, fetching=False, failing=True, has_data=True) is (
        Connection.STALE
    )
    assert connection_state(paused=False, fetching=False, failing=False, has_data=False) is (
        Connection.CONNECTING
    )


def test_before_the_first_answer_it_is_connecting_even_while_fetching() -> None:
    # A retry of a failing first fetch once flipped the word to "refreshing" and back.
    for failing in (False, True):
        state = connection_state(paused=False, fetching=True, failing=failing, has_data=False)
        assert state is Connection.CONNECTING


def test_identity_line_shows_where_state_age_and_interval() -> None:
    text = plain_text([identity_line(_view(), UNICODE_GLYPHS)])
    assert "prod · cn-north-4 · project abc" in text
    assert "● live" in text
    assert "updated 3s ago · every 5s" in text


def test_view_line_counts_and_settings() -> None:
    view = _view(search="x", shown=1, server_filters="status: failed")
    text = plain_text([view_line(view, UNICODE_GLYPHS)])
    assert "1/3 records" in text and "search: x" in text and "status: failed" in text


def test_view_line_names_what_narrows_the_list_before_the_settings() -> None:
    view = _view(quick_filter="failed/stopped", shown=1, server_filters="type: create")
    text = plain_text([view_line(view, UNICODE_GLYPHS)])
    assert text.startswith("1/3 records · show: failed/stopped · type: create · sort:")
    unfiltered = plain_text([view_line(_view(), UNICODE_GLYPHS)])
    assert unfiltered.startswith("3 records · sort:") and "show:" not in unfiltered


def test_api_error_shows_status_code_message_and_request_id() -> None:
    error = ApiError(500, "BCS.5000500", "Internal Server Error", "req-1")
    text = describe_error(error)
    assert text == "HTTP 500 BCS.5000500: Internal Server Error (request ID req-1)"
    line = plain_text([error_line(_view(error=text, next_delay_s=10.0)) or ()])
    assert line.startswith("stale: HTTP 500") and "retry in 10s" in line


def test_hostile_error_text_is_neutralised() -> None:
    text = describe_error(ApiError(400, "\x1b]0;x\x07", "[b]hi[/b]"))
    assert "\x1b" not in text and "[b]hi[/b]" in text
    assert describe_error(NetworkError("connection refused")) == "connection refused"
    assert describe_error(RuntimeError()) == "RuntimeError"


def test_no_error_line_when_healthy() -> None:
    assert error_line(_view()) is None


def _live(**changes: object) -> HeaderView:
    liveness = Liveness(running_s=2.0, idle_s=10.0, backoff_s=None, due_ns=20 * NS_PER_S)
    return _view(liveness=liveness, **changes)


def test_identity_line_shows_both_intervals_and_counts_down() -> None:
    text = plain_text([identity_line(_live(), UNICODE_GLYPHS)])
    assert "updated 3s ago · 2s while running · 10s idle · next in 7s" in text
    later = plain_text([identity_line(_live(now=19 * NS_PER_S + 1), UNICODE_GLYPHS)])
    assert later.endswith("next in 1s")
    due = plain_text([identity_line(_live(now=20 * NS_PER_S), UNICODE_GLYPHS)])
    assert due.endswith("next now")


def test_a_narrow_header_keeps_the_countdown_and_drops_the_rest_first() -> None:
    full = plain_text([identity_line(_live(), UNICODE_GLYPHS)])
    for width in range(len(full), 40, -1):
        text = plain_text([identity_line(_live(), UNICODE_GLYPHS, width)])
        assert "next in 7s" in text
        assert len(text) <= width or text.endswith("3s ago · next in 7s")
    assert plain_text([identity_line(_live(), UNICODE_GLYPHS, 70)]).endswith(
        "● live  updated 3s ago · next in 7s"
    )


def test_while_failing_the_back_off_shows_and_the_retry_counts_down() -> None:
    failing = Liveness(running_s=2.0, idle_s=10.0, backoff_s=40.0, due_ns=45 * NS_PER_S)
    view = _view(liveness=failing, error="boom", connection=Connection.STALE)
    assert "updated 3s ago · backing off 40s" in plain_text([identity_line(view, UNICODE_GLYPHS)])
    assert "next in" not in plain_text([identity_line(view, UNICODE_GLYPHS)])
    line = plain_text([error_line(view) or ()])
    assert line.startswith("stale: boom") and "(retry in 32s, r to retry now)" in line


def test_before_any_data_a_failure_is_no_data_yet_not_stale() -> None:
    assert connection_state(paused=False, fetching=False, failing=True, has_data=False) is (
        Connection.CONNECTING
    )
    line = plain_text([error_line(_view(updated_ns=None, error="refused")) or ()])
    assert line.startswith("no data yet: refused")
