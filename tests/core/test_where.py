"""The "Where" column and the ``Failed at`` / ``Now at`` line: the step > sub-step where an
operation is or failed, with the failure's message, made safe and on one line."""

from typing import Any

from bcs_tui.api.models import OperationRecord, parse_record
from bcs_tui.base.text_width import cell_width
from bcs_tui.core.detail_view import TimeContext, detail_lines, place_lines
from bcs_tui.core.listing import searchable_text
from bcs_tui.core.record_view import row_view
from bcs_tui.core.status_view import ASCII_GLYPHS, UNICODE_GLYPHS
from bcs_tui.core.where import MAX_WHERE_WIDTH, where_cell, where_texts
from tests.core.view_records import plain_text

SEP = UNICODE_GLYPHS.step_separator  # a single right-pointing angle quotation mark
NOW = 1_767_225_600_000_000_000  # 2026-01-01T00:00:00Z
FAILED_AT = NOW - 90 * 1_000_000_000


def record(status: str, deploy: dict[str, Any], **fields: Any) -> OperationRecord:
    """A finished "Preparation" step, then "Deploy Nodes" with the sub-steps ``deploy``."""
    return parse_record(
        {
            "operation_id": "BCSSVC01-99-1767229198721993855",
            "operation_status": status,
            "operation_process": {
                "Deploy Nodes": {"status": status, "serial_num": 2, "sub_steps": deploy},
                "Preparation": {
                    "status": "finished",
                    "serial_num": 1,
                    "sub_steps": {"Check quota": {"status": "finished"}},
                },
            },
            **fields,
        }
    )


PULL_FAILED = {
    "Create pods": {"status": "finished", "serial_num": 1},
    "Pull image": {
        "status": "failed",
        "serial_num": 2,
        "start_time": FAILED_AT - 5_000_000_000,
        "end_time": FAILED_AT,
        "message": ["ImagePullBackOff: image bcs-peer:2.1 not found", "Request ID: 7d1c"],
    },
    "Start peers": {"status": "", "serial_num": 3},
}


def test_a_failed_operation_says_where_and_why() -> None:
    failed = record("failed", PULL_FAILED)
    assert where_cell(failed, UNICODE_GLYPHS) == (
        f"✗ Deploy Nodes {SEP} Pull image: ImagePullBackOff: image bcs-peer:2.1 not found"
        " Request ID: 7d1c"
    )
    assert where_cell(failed, ASCII_GLYPHS).startswith("x Deploy Nodes > Pull image: Image")
    assert where_cell(failed, ASCII_GLYPHS).isascii()
    row = row_view("K", failed, NOW, UNICODE_GLYPHS)
    assert row.cell("where") == where_cell(failed, UNICODE_GLYPHS)
    assert "imagepullbackoff" in searchable_text(failed)  # the "/" search finds it


def test_a_stopped_operation_is_marked_stopped_not_failed() -> None:
    stopped = record("stop", {"Pull image": {"status": "stop", "message": "Stopped by user"}})
    assert (
        where_cell(stopped, UNICODE_GLYPHS) == f"⊘ Deploy Nodes {SEP} Pull image: Stopped by user"
    )
    text = plain_text(place_lines(stopped, TimeContext(NOW, utc=True), UNICODE_GLYPHS))
    assert text.startswith(f"Stopped at  Deploy Nodes {SEP} Pull image")


def test_a_running_operation_says_its_step_and_sub_step() -> None:
    running = record(
        "processing",
        {
            "Create pods": {"status": "finished", "serial_num": 1},
            "Pull image": {"status": "processing", "serial_num": 2, "start_time": FAILED_AT},
        },
    )
    assert where_cell(running, UNICODE_GLYPHS) == f"Deploy Nodes {SEP} Pull image"
    lines = plain_text(place_lines(running, TimeContext(NOW, utc=True), UNICODE_GLYPHS))
    assert lines == f"Now at      Deploy Nodes {SEP} Pull image  since 23:58:30Z (1m ago)"


def test_a_finished_operation_has_no_where() -> None:
    done = record("finished", {"Pull image": {"status": "finished"}})
    assert where_cell(done, UNICODE_GLYPHS) == ""
    assert place_lines(done, TimeContext(NOW, utc=True), UNICODE_GLYPHS) == []


def test_a_failure_without_its_own_message_shows_the_operation_message() -> None:
    # The step failed, none of its sub-steps did, and nothing says why but the operation.
    failed = record("failed", {"Pull image": {"status": "finished"}}, message=["Quota exceeded"])
    assert where_cell(failed, UNICODE_GLYPHS) == "✗ Deploy Nodes: Quota exceeded"
    text = plain_text(place_lines(failed, TimeContext(NOW, utc=True), UNICODE_GLYPHS))
    assert text == "Failed at   Deploy Nodes\n            Quota exceeded"
    no_steps = parse_record({"operation_status": "failed", "message": "Quota exceeded"})
    assert where_cell(no_steps, UNICODE_GLYPHS) == "✗ Quota exceeded"


def test_hostile_text_stays_on_one_inert_line_and_the_cell_is_bounded() -> None:
    hostile = {
        "\x1b[31mPull\nimage": {
            "status": "failed",
            "message": ["line\none\x07", "[bold]two[/bold]", "x" * 500],
        }
    }
    failed = record("failed", hostile)
    cell = where_cell(failed, UNICODE_GLYPHS)
    assert "\x1b" not in cell and "\n" not in cell and "\x07" not in cell
    assert "␛[31mPull␊image" in cell and "line␊one␇ [bold]two[/bold]" in cell
    assert len(cell) <= MAX_WHERE_WIDTH and cell.endswith("…")


def test_the_failed_at_line_is_right_under_status_with_the_whole_message() -> None:
    failed = record("failed", PULL_FAILED)
    lines = plain_text(detail_lines(failed, TimeContext(NOW, utc=True), UNICODE_GLYPHS))
    assert lines.splitlines()[1:5] == [
        "Status      ✗ failed",
        f"Failed at   Deploy Nodes {SEP} Pull image  23:58:30Z (1m ago)",
        "            ImagePullBackOff: image bcs-peer:2.1 not found",
        "            Request ID: 7d1c",
    ]


RUNNING = {
    "Create pods": {"status": "finished", "serial_num": 1},
    "Pull image": {"status": "processing", "serial_num": 2, "start_time": FAILED_AT},
}


def test_the_shorter_form_keeps_the_why_and_drops_the_step() -> None:
    failed = record("failed", PULL_FAILED)
    whole, shorter = where_texts(failed, UNICODE_GLYPHS)
    assert whole == where_cell(failed, UNICODE_GLYPHS)
    assert (
        shorter == "✗ Pull image: ImagePullBackOff: image bcs-peer:2.1 not found Request ID: 7d1c"
    )
    assert where_texts(failed, ASCII_GLYPHS)[1] == "x " + shorter[2:]
    stopped = record("stop", {"Pull image": {"status": "stop", "message": "Stopped by user"}})
    assert where_texts(stopped, UNICODE_GLYPHS)[1] == "⊘ Pull image: Stopped by user"
    running = record("processing", RUNNING)
    assert where_texts(running, UNICODE_GLYPHS) == (f"Deploy Nodes {SEP} Pull image", "Pull image")


def test_no_shorter_form_without_a_sub_step_to_name() -> None:
    # The step failed and no sub-step did: the whole text is already the short one.
    failed = record("failed", {"Pull image": {"status": "finished"}}, message=["Quota exceeded"])
    assert where_texts(failed, UNICODE_GLYPHS) == ("✗ Deploy Nodes: Quota exceeded", None)
    no_steps = parse_record({"operation_status": "failed", "message": "Quota exceeded"})
    assert where_texts(no_steps, UNICODE_GLYPHS)[1] is None
    done = record("finished", {"Pull image": {"status": "finished"}})
    assert where_texts(done, UNICODE_GLYPHS) == ("", None)


def test_the_row_chooses_the_form_by_the_column_width_alone() -> None:
    failed = record("failed", PULL_FAILED)
    row = row_view("K", failed, NOW, UNICODE_GLYPHS)
    whole, shorter = where_texts(failed, UNICODE_GLYPHS)
    assert row.shorter is not None and row.shorter["where"].whole_width == cell_width(whole)
    assert row.fitting("where", cell_width(whole)) == whole
    assert row.fitting("where", cell_width(whole) - 1) == shorter
    assert row.fitting("where", 20) == shorter  # cut to the width when drawn
    assert row.fitting("status", 1) == row.cell("status")  # no shorter form: the whole
    finished = row_view("D", record("finished", {"Pull image": {}}), NOW, UNICODE_GLYPHS)
    assert finished.shorter is None and finished.fitting("where", 5) == ""


def test_the_shorter_form_of_hostile_text_is_inert_and_bounded() -> None:
    hostile = {"\x1b[31mPull\nimage": {"status": "failed", "message": ["line\none\x07", "x" * 500]}}
    shorter = where_texts(record("failed", hostile), UNICODE_GLYPHS)[1]
    assert shorter is not None and shorter.startswith("✗ ␛[31mPull␊image: line␊one␇")
    assert "\x1b" not in shorter and len(shorter) <= MAX_WHERE_WIDTH
