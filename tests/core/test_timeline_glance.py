"""The timeline read at a glance: pending items in one line, a message said once, the
slowest step and sub-step marked, a wide pane's bars using its width."""

from typing import Any

import pytest

from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.detail_view import (
    MAX_BAR_WIDTH,
    SLOWEST_STYLE,
    DetailLine,
    TimeContext,
    timeline_lines,
)
from bcs_tui.core.status_view import ASCII_GLYPHS, UNICODE_GLYPHS
from bcs_tui.core.timeline import Span, slowest
from tests.core.view_records import EXAMPLE_NOW, example_record, plain_text

TIMES = TimeContext(now=EXAMPLE_NOW, utc=True)
START = EXAMPLE_NOW - 100 * NS_PER_S


def _sub(serial: int, start_s: int | None, end_s: int | None, **fields: Any) -> dict[str, Any]:
    status = "" if start_s is None else ("processing" if end_s is None else "finished")
    return {
        "substep_name": f"sub {serial}",
        "serial_num": serial,
        "status": status,
        "start_time": None if start_s is None else START + start_s * NS_PER_S,
        "end_time": None if end_s is None else START + end_s * NS_PER_S,
        **fields,
    }


def _record(*steps: list[dict[str, Any]]) -> Any:
    process = {
        f"step {index}": {
            "step_name": f"step {index}",
            "serial_num": index,
            "status": "processing",
            "sub_steps": {sub["substep_name"]: sub for sub in subs},
        }
        for index, subs in enumerate(steps, start=1)
    }
    return example_record(operation_status="processing", operation_process=process)


def _line_of(lines: list[DetailLine], name: str) -> DetailLine:
    return next(line for line in lines if any(piece.text.strip() == name for piece in line))


def _marked(line: DetailLine) -> bool:
    return any(piece.style == SLOWEST_STYLE for piece in line)


def test_a_pending_sub_step_takes_one_line_with_its_detail() -> None:
    record = _record([_sub(1, 0, 10), _sub(2, None, None, detail="waiting")])
    text = plain_text(timeline_lines(record, TIMES, UNICODE_GLYPHS, width=120))
    lines = text.splitlines()
    pending = next(index for index, line in enumerate(lines) if "sub 2" in line)
    assert lines[pending].rstrip().endswith("waiting")
    assert pending == len(lines) - 1  # no line of its own for "waiting"
    assert text.count("waiting") == 1


def test_a_pending_sub_step_with_a_long_name_in_a_narrow_pane_still_takes_one_line() -> None:
    long_name = _sub(2, None, None, detail="waiting")
    long_name["substep_name"] = "Generate the add-on configurations"
    record = _record([_sub(1, 0, 10), long_name])
    lines = plain_text(timeline_lines(record, TIMES, UNICODE_GLYPHS, width=60)).splitlines()
    assert lines[-1].split() == ["·", "pending", *long_name["substep_name"].split(), "waiting"]
    assert len(lines[-1]) <= 60


def test_pending_details_stay_in_one_column_when_a_name_only_reaches_into_the_progress() -> None:
    subs = [_sub(1, 0, 10)]
    for serial, name in ((2, "Pull add-on image"), (3, "Create the add-on workload")):
        sub = _sub(serial, None, None, detail="waiting")
        sub["substep_name"] = name
        subs.append(sub)
    lines = plain_text(timeline_lines(_record(subs), TIMES, UNICODE_GLYPHS, width=76))
    short, longer = lines.splitlines()[-2:]
    assert "Create the add-on workload" in longer
    assert short.index("waiting") == longer.index("waiting")


def test_a_sub_step_in_progress_has_its_detail_where_its_times_end() -> None:
    record = _record([_sub(1, 0, 10), _sub(2, 10, None, detail="pulling the image")])
    lines = plain_text(timeline_lines(record, TIMES, UNICODE_GLYPHS, width=120)).splitlines()
    running = lines[-1]  # no line of its own for the detail
    assert "sub 2" in running and "→ now" in running
    assert running.rstrip().endswith("█  pulling the image")  # after its bar
    assert len(running) <= 120


def test_a_wide_pane_leaves_room_for_the_detail_after_the_grown_bars() -> None:
    record = _record([_sub(1, 0, 10), _sub(2, 10, None, detail="pulling the image")])
    lines = plain_text(timeline_lines(record, TIMES, UNICODE_GLYPHS, width=190)).splitlines()
    running = lines[-1]
    assert "sub 2" in running and running.rstrip().endswith("█  pulling the image")
    assert len(running) <= 190
    assert len(lines[-2].rstrip().split()[-1]) > 2 * 20  # the bars still grew


def test_a_narrow_pane_gives_the_detail_in_progress_the_place_of_the_bar() -> None:
    record = _record([_sub(1, 0, 10), _sub(2, 10, None, detail="pulling")])
    lines = plain_text(timeline_lines(record, TIMES, UNICODE_GLYPHS, width=76)).splitlines()
    running = lines[-1]
    assert "sub 2" in running and running.rstrip().endswith("1m30s ◆  pulling")
    assert "█" not in running and len(running) <= 76
    assert "█" in lines[-2]  # the other lines keep their bars


def test_a_detail_in_progress_too_long_for_the_line_keeps_a_line_of_its_own() -> None:
    long_detail = "pulling the image from the registry of the region, slowly"
    record = _record([_sub(1, 0, None, detail=long_detail)])
    lines = plain_text(timeline_lines(record, TIMES, UNICODE_GLYPHS, width=76)).splitlines()
    assert "sub 1" in lines[-2]
    assert lines[-1].strip() == long_detail


def test_a_step_in_progress_has_its_detail_on_its_line_too() -> None:
    process = {
        "step 1": {
            "step_name": "step 1",
            "serial_num": 1,
            "status": "processing",
            "detail": "deploying",
            "sub_steps": {"sub 1": _sub(1, 0, None)},
        }
    }
    record = example_record(operation_status="processing", operation_process=process)
    lines = plain_text(timeline_lines(record, TIMES, UNICODE_GLYPHS, width=120)).splitlines()
    step_line = next(line for line in lines if "step 1" in line)
    assert step_line.rstrip().endswith("deploying")
    assert sum("deploying" in line for line in lines) == 1


def test_a_failed_sub_step_that_never_started_keeps_its_detail_on_its_own_line() -> None:
    failed = _sub(2, None, None, detail="quota exceeded")
    failed["status"] = "failed"
    record = _record([_sub(1, 0, 10), failed])
    lines = plain_text(timeline_lines(record, TIMES, UNICODE_GLYPHS, width=120)).splitlines()
    assert "✗ failed" in lines[-2] and "quota" not in lines[-2]
    assert lines[-1].strip() == "quota exceeded"


def test_a_message_identical_to_its_detail_is_shown_once() -> None:
    same = _sub(
        1,
        0,
        10,
        detail="ImagePullBackOff: no such image",
        message=["ImagePullBackOff: no such image "],
    )
    other = _sub(2, 10, 20, detail="retrying", message=["ImagePullBackOff: quota"])
    more = _sub(3, 20, 30, detail="Pod peer-0 CrashLoopBackOff")
    more["message"] = ["Pod peer-0 CrashLoopBackOff", "Back-off restarting failed container"]
    record = _record([same, other, more])
    text = plain_text(timeline_lines(record, TIMES, UNICODE_GLYPHS, width=120))
    assert text.count("ImagePullBackOff: no such image") == 1
    assert "retrying" in text and "ImagePullBackOff: quota" in text
    assert text.count("Pod peer-0 CrashLoopBackOff") == 1
    lines = text.splitlines()
    assert lines[-2].strip() == "Pod peer-0 CrashLoopBackOff"  # the detail, then the rest
    assert lines[-1].strip() == "Back-off restarting failed container"


def test_the_slowest_step_and_sub_step_are_marked() -> None:
    record = _record(
        [_sub(1, 0, 5), _sub(2, 5, 30)],  # step 1: 30 s; its sub 2 (25 s) is the slowest
        [_sub(3, 30, 50), _sub(4, 50, None)],  # step 2: running for 70 s up to now
    )
    lines = timeline_lines(record, TIMES, UNICODE_GLYPHS, width=120)
    assert [_marked(_line_of(lines, name)) for name in ("step 1", "step 2")] == [False, True]
    subs = [_marked(_line_of(lines, f"sub {index}")) for index in (1, 2, 3, 4)]
    assert subs == [False, False, False, True]  # sub 4 runs for 50 s up to now
    running = plain_text([_line_of(lines, "sub 4")])
    assert "50.0s ◆" in running
    ascii_line = plain_text([_line_of(timeline_lines(record, TIMES, ASCII_GLYPHS), "sub 4")])
    assert "50.0s <" in ascii_line


def test_nothing_is_marked_with_fewer_than_two_to_compare() -> None:
    record = _record([_sub(1, 0, 5), _sub(2, None, None)])
    lines = timeline_lines(record, TIMES, UNICODE_GLYPHS, width=120)
    assert not any(_marked(line) for line in lines)


@pytest.mark.parametrize(
    ("durations", "expected"),
    [((5, 9, 2), 1), ((5, None, 2), 0), ((5, None, None), None), ((4, 4, 1), None)],
)
def test_slowest_of_spans(durations: tuple[int | None, ...], expected: int | None) -> None:
    spans = [Span(None, None) if d is None else Span(START, START + d) for d in durations]
    assert slowest(spans, now=EXAMPLE_NOW) == expected


def test_a_wide_pane_gives_the_bars_the_room() -> None:
    record = _record([_sub(1, 0, 50), _sub(2, 50, 100)])
    narrow = plain_text(timeline_lines(record, TIMES, UNICODE_GLYPHS, width=100)).splitlines()
    wide = plain_text(timeline_lines(record, TIMES, UNICODE_GLYPHS, width=156)).splitlines()
    assert all(len(line) <= 100 for line in narrow)
    assert max(len(line) for line in wide) == 156
    bar = next(line for line in wide if "sub 1" in line).split()[-1]
    half = bar.count("█")  # the first half of the run, finer than a 20-cell bar shows it
    assert len(bar) > 60 and bar == "█" * half + "░" * (len(bar) - half)
    assert abs(2 * half - len(bar)) <= 1
    huge = plain_text(timeline_lines(record, TIMES, UNICODE_GLYPHS, width=1000)).splitlines()
    assert len(next(line for line in huge if "sub 1" in line).split()[-1]) == MAX_BAR_WIDTH
