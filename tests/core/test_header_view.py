from dataclasses import replace

from bcs_tui.api.errors import ApiError, NetworkError
from bcs_tui.base.text_width import cell_width
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
from bcs_tui.core.status_view import ASCII_GLYPHS, UNICODE_GLYPHS
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
    line = plain_text([error_line(_view(error=text, next_delay_s=10.0), UNICODE_GLYPHS) or ()])
    assert line.startswith("stale: HTTP 500") and "retry in 10s" in line


def test_hostile_error_text_is_neutralised() -> None:
    text = describe_error(ApiError(400, "\x1b]0;x\x07", "[b]hi[/b]"))
    assert "\x1b" not in text and "[b]hi[/b]" in text
    assert describe_error(NetworkError("connection refused")) == "connection refused"
    assert describe_error(RuntimeError()) == "RuntimeError"


def test_no_error_line_when_healthy() -> None:
    assert error_line(_view(), UNICODE_GLYPHS) is None


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
    assert plain_text([identity_line(_live(), UNICODE_GLYPHS, 77)]).endswith(
        "● live  updated 3s ago · next in 7s"
    )
    assert plain_text([identity_line(_live(), UNICODE_GLYPHS, 70)]).endswith(
        "● live  3s ago · next in 7s"
    )


def test_while_failing_the_back_off_shows_and_the_retry_counts_down() -> None:
    failing = Liveness(running_s=2.0, idle_s=10.0, backoff_s=40.0, due_ns=45 * NS_PER_S)
    view = _view(liveness=failing, error="boom", connection=Connection.STALE)
    header = plain_text([identity_line(view, UNICODE_GLYPHS)])
    assert "✗ stale  last good data 3s ago · backing off 40s" in header
    assert "next in" not in header
    line = plain_text([error_line(view, UNICODE_GLYPHS) or ()])
    assert line == "stale: boom  retry in 32s · r retries now"


def test_before_any_data_a_failure_is_no_data_yet_not_stale() -> None:
    assert connection_state(paused=False, fetching=False, failing=True, has_data=False) is (
        Connection.CONNECTING
    )
    line = plain_text([error_line(_view(updated_ns=None, error="refused"), UNICODE_GLYPHS) or ()])
    assert line.startswith("no data yet: refused")


def _parts(text: str) -> list[str]:
    """The kinds of parts a header line shows (not their changing numbers)."""
    kinds = ("updated", "last good data", "list", "every", "while running", "next")
    return [kind for kind in kinds if kind in text]


def test_the_parts_shown_at_a_width_do_not_change_as_the_clock_ticks() -> None:
    # "updated just now" once left room for "every 2s/5s" that "updated 1s ago" did not:
    # at 80 columns the interval came and went every second.
    liveness = Liveness(running_s=2.0, idle_s=10.0, backoff_s=None, due_ns=20 * NS_PER_S)
    for width in range(40, 130):
        seen = set()
        for tick in range(11):
            for connection in (Connection.LIVE, Connection.REFRESHING):
                view = _view(
                    liveness=liveness,
                    updated_ns=10 * NS_PER_S,
                    listed_ns=10 * NS_PER_S,
                    now=(10 + tick) * NS_PER_S,
                    connection=connection,
                )
                text = plain_text([identity_line(view, UNICODE_GLYPHS, width)])
                assert len(text) <= width or width < 70  # narrower: the widget clips
                seen.add(tuple(_parts(text)))
        assert len(seen) == 1, (width, seen)


def test_the_short_interval_says_plainly_which_is_which() -> None:
    text = plain_text([identity_line(_live(), UNICODE_GLYPHS, 95)])
    assert text.endswith("● live  3s ago · every 2s (10s idle) · next in 7s")


def test_while_stale_the_header_never_says_updated_just_now() -> None:
    # malformed-json: a poll round with some good answers, then a failing one at once.
    failing = Liveness(running_s=2.0, idle_s=5.0, backoff_s=4.0, due_ns=17 * NS_PER_S)
    view = _view(
        liveness=failing,
        error="JSON body cut short",
        connection=Connection.STALE,
        updated_ns=13 * NS_PER_S,
        listed_ns=10 * NS_PER_S,
        now=13 * NS_PER_S,
    )
    for width in (None, 200, 80, 60):
        text = plain_text([identity_line(view, UNICODE_GLYPHS, width)])
        assert "updated" not in text and "just now" not in text
    assert plain_text([identity_line(view, UNICODE_GLYPHS)]).endswith(
        "✗ stale  last good data 0s ago · list 3s ago · backing off 4s"
    )
    later = plain_text([identity_line(replace(view, now=16 * NS_PER_S), UNICODE_GLYPHS)])
    assert "last good data 3s ago" in later


THROTTLED = (
    "HTTP 429 APIGW.0308: The throttling threshold has been reached: policy user over "
    "ratelimit (request ID 6d1f5c1e-1234-4c1b-9a55-0123456789ab)"
)


def test_the_error_line_keeps_to_one_line_and_its_countdown_visible() -> None:
    failing = Liveness(running_s=2.0, idle_s=5.0, backoff_s=8.0, due_ns=21 * NS_PER_S)
    view = _view(liveness=failing, error=THROTTLED, connection=Connection.STALE)
    cuts = set()
    for tick in range(8):
        at = replace(view, now=(13 + tick) * NS_PER_S)
        text = plain_text([error_line(at, UNICODE_GLYPHS, 78) or ()])
        assert cell_width(text) <= 78
        assert text.startswith("stale: HTTP 429 APIGW.0308: The throttling")
        assert text.endswith(f"…  retry in {8 - tick}s")  # "r retries now" gave way first
        cuts.add(text.index("…"))
    assert len(cuts) == 1  # the cut does not move as the countdown shortens
    ascii_line = plain_text([error_line(view, ASCII_GLYPHS, 78) or ()])
    assert ascii_line.endswith("...  retry in 8s") and len(ascii_line) <= 78
    not_json = replace(view, error="the service answered 200 but the body is not JSON")
    assert plain_text([error_line(not_json, UNICODE_GLYPHS, 78) or ()]) == (
        "stale: the service answered 200 but the body is not JSON  retry in 8s"
    )
    short = replace(view, error="connection refused")
    assert plain_text([error_line(short, ASCII_GLYPHS, 78) or ()]) == (
        "stale: connection refused  retry in 8s | r retries now"
    )
    wide = plain_text([error_line(view, UNICODE_GLYPHS, 200) or ()])
    assert wide == f"stale: {THROTTLED}  retry in 8s · r retries now"


def test_a_retry_that_is_due_reads_retrying() -> None:
    failing = Liveness(running_s=2.0, idle_s=5.0, backoff_s=8.0, due_ns=21 * NS_PER_S)
    view = _view(liveness=failing, error="boom", connection=Connection.STALE, now=21 * NS_PER_S)
    assert plain_text([error_line(view, UNICODE_GLYPHS, 78) or ()]) == "stale: boom  retrying…"
    paused = replace(view, liveness=replace(failing, due_ns=None))
    assert plain_text([error_line(paused, UNICODE_GLYPHS) or ()]) == "stale: boom  r retries now"


def test_one_named_source_of_a_profile_is_named_with_its_own_region_and_project() -> None:
    from bcs_tui.core.header_view import Identity, identity_of
    from bcs_tui.core.named_source import NamedSource

    sg = NamedSource("sg", "ap-southeast-1", "2d7e3f4a5b", client=None)  # type: ignore[arg-type]
    assert identity_of("demo", None, "x", [sg], "·") == Identity(
        "demo · sg", "ap-southeast-1", "2d7e3f4a5b"
    )
    own = NamedSource("work", "cn-north-4", "77aa", client=None)  # type: ignore[arg-type]
    assert identity_of("work", "cn-north-4", "77aa", [own], "·").profile == "work"
    several = identity_of("fleet", None, "x", [sg, own], "·")
    assert several == Identity("fleet", None, "x")  # the header sums the sources up
