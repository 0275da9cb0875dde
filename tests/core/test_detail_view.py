from bcs_tui.api.models import parse_record
from bcs_tui.core.detail_view import TimeContext, detail_lines, time_bar
from bcs_tui.core.status_view import ASCII_GLYPHS, UNICODE_GLYPHS
from bcs_tui.core.timeline import Span
from tests.core.view_records import EXAMPLE_NOW, example_raw, example_record, plain_text

TIMES = TimeContext(now=EXAMPLE_NOW, utc=True)


def test_steps_follow_serial_num_not_map_order() -> None:
    text = plain_text(detail_lines(example_record(), TIMES, ASCII_GLYPHS))
    text = text[text.index("Timeline") :]  # the "Now at" line above names a step too
    # The JSON lists "Create Other Dependent Resource" first, but its serial_num is 2.
    assert text.index("Preparation") < text.index("Create Other Dependent Resource")
    assert text.index("Create EIP") < text.index("Create network storage")


def test_running_step_is_marked_and_pending_items_shown() -> None:
    lines = plain_text(detail_lines(example_record(), TIMES, ASCII_GLYPHS)).splitlines()
    lines = lines[lines.index("Timeline") :]  # the "Now at" line above names a step too
    running = next(line for line in lines if "Create Other Dependent Resource" in line)
    assert running.startswith("> * processing")
    pending = next(line for line in lines if "Create network storage" in line)
    assert ". pending" in pending
    assert pending.rstrip().endswith("waiting")  # its detail where its times would be


def test_times_and_durations_use_utc_when_asked() -> None:
    text = plain_text(detail_lines(example_record(), TIMES, UNICODE_GLYPHS))
    assert "2021-04-12 09:09:51Z" in text  # record_time
    assert "09:09:51 → 09:09:51" in text  # Preparation's one sub-step


def test_header_fields() -> None:
    record = example_record(desc="two\nlines", message=["first", "second\x1b[31m"])
    text = plain_text(detail_lines(record, TIMES, UNICODE_GLYPHS))
    assert "Operation    BCS SVC01-99-1618218591906093855" in text
    assert "Cluster     cce asdfasf (4df5652f-96dc-11eb-b49c-0255ac100b08)" in text
    assert "Description two" in text and "            lines" in text
    assert "second␛[31m" in text
    assert "\x1b" not in text


def test_record_without_steps_says_so() -> None:
    text = plain_text(detail_lines(parse_record({}), TIMES, UNICODE_GLYPHS))
    assert "no steps reported" in text


def test_time_bar_places_span_proportionally() -> None:
    whole = Span(0, 100)
    assert time_bar(Span(0, 50), whole, 0, ASCII_GLYPHS, width=10) == "#####....."
    assert time_bar(Span(50, 100), whole, 0, ASCII_GLYPHS, width=10) == ".....#####"
    # A zero-length step still shows one cell, so it is visible.
    assert time_bar(Span(100, 100), whole, 0, ASCII_GLYPHS, width=10) == ".........#"
    assert time_bar(Span(None, None), whole, 0, ASCII_GLYPHS, width=4) == "...."


def test_time_bar_of_a_running_span_reaches_now() -> None:
    assert time_bar(Span(50, None), Span(0, None), 100, ASCII_GLYPHS, width=10) == ".....#####"


def test_time_bar_with_huge_timestamps_stays_exact() -> None:
    start = 1618219038464462600
    bar = time_bar(Span(start, start + 1), Span(start, start + 2), 0, ASCII_GLYPHS, width=2)
    assert bar == "#."


def test_wide_pane_shows_start_end_and_bar() -> None:
    lines = plain_text(detail_lines(example_record(), TIMES, ASCII_GLYPHS, width=120)).splitlines()
    eip = next(line for line in lines if "Create EIP" in line)
    assert "09:17:18 -> 09:17:18" in eip and eip.rstrip().endswith("#")


def test_narrow_pane_keeps_start_duration_and_a_bar_within_its_width() -> None:
    text = plain_text(detail_lines(example_record(), TIMES, ASCII_GLYPHS, width=76))
    timeline = text[text.index("Timeline") :].splitlines()
    assert all(len(line) <= 76 for line in timeline)
    eip = next(line for line in timeline if "Create EIP" in line)
    assert "09:17:18" in eip and "->" not in eip and "#" in eip


def test_a_name_longer_than_its_column_gets_its_own_line() -> None:
    raw_name = "A very long step name that will not fit in a narrow pane at all"
    record = example_record(
        operation_process={raw_name: {"step_name": raw_name, "status": "finished", "serial_num": 1}}
    )
    lines = plain_text(detail_lines(record, TIMES, ASCII_GLYPHS, width=60)).splitlines()
    index = next(i for i, line in enumerate(lines) if raw_name in line)
    assert "[0/0]" in lines[index + 1]  # the timing continues below, aligned


def _failed_raw(message: list[str]) -> dict[str, object]:
    """The example, failed at its running sub-step ("Create EIP") with ``message``."""
    raw = example_raw()
    raw.update(operation_status="failed", message=message)
    step = raw["operation_process"]["Create Other Dependent Resource"]
    step["status"] = "failed"
    step["sub_steps"]["Create EIP"].update(status="failed", message=["Quota exceeded: EIP"])
    return raw


def test_the_failure_message_is_said_once_when_the_record_repeats_it() -> None:
    record = parse_record(_failed_raw(["Quota exceeded: EIP"]))
    same = plain_text(detail_lines(record, TIMES, ASCII_GLYPHS))
    above_the_timeline = same[: same.index("Timeline")]
    assert above_the_timeline.count("Quota exceeded: EIP") == 1
    assert "Messages" not in above_the_timeline
    other = plain_text(
        detail_lines(parse_record(_failed_raw(["Rolled back"])), TIMES, ASCII_GLYPHS)
    )
    assert "Messages" in other and "Rolled back" in other


def test_an_old_failure_has_its_date_and_a_recent_one_its_time_of_day() -> None:
    record = parse_record(_failed_raw([]))
    recent = plain_text(detail_lines(record, TIMES, ASCII_GLYPHS)).splitlines()
    line = next(text for text in recent if text.startswith("Failed at"))
    assert "2021-04-12" not in line and "09:17:18Z (1s ago)" in line  # its time of day (UTC)
    days_later = TimeContext(now=EXAMPLE_NOW + 5 * 24 * 3600 * 10**9, utc=True)
    old = plain_text(detail_lines(record, days_later, ASCII_GLYPHS)).splitlines()
    line = next(text for text in old if text.startswith("Failed at"))
    assert "2021-04-12" in line and "Z (5d ago)" in line


def test_with_several_sources_the_detail_names_the_records_source() -> None:
    from bcs_tui.core.named_source import NamedSource

    sg = NamedSource("sg\x1b[31m", "ap-southeast-1", "9f8e7d6c", client=None)  # type: ignore[arg-type]
    lines = plain_text(detail_lines(example_record(), TIMES, UNICODE_GLYPHS, source=sg))
    shown = lines.splitlines()
    at = next(index for index, line in enumerate(shown) if line.startswith("Source"))
    assert shown[at].startswith("Source      sg")
    assert shown[at].endswith(" · ap-southeast-1 · 9f8e7d6c")
    assert "\x1b" not in shown[at]
    assert shown[at + 1].startswith("Blockchain")
    assert "Source" not in plain_text(detail_lines(example_record(), TIMES, UNICODE_GLYPHS))
