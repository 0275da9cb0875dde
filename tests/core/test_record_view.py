from bcs_tui.api.models import parse_record
from bcs_tui.core.record_view import COLUMNS, row_view
from bcs_tui.core.status_view import ASCII_GLYPHS, INVALID_STYLE, UNICODE_GLYPHS
from tests.core.view_records import EXAMPLE_NOW, example_record


def test_row_of_the_published_example() -> None:
    row = row_view("k", example_record(), EXAMPLE_NOW, UNICODE_GLYPHS)
    assert tuple(row.cells) == tuple(column.key for column in COLUMNS)
    assert row.cells["status"] == "● processing"
    assert row.cells["operation"] == "create"
    assert row.cells["resource"] == "BCS change"  # stray spaces in "B CSS VC01" ignored
    assert row.cells["blockchain"] == "bcs-i3b0ms"
    assert row.cells["progress"] == "2/3"
    # Running: elapsed from the first sub-step start to now.
    assert row.cells["duration"] == "7m28s"
    assert row.cells["updated"] == "7m ago"
    assert row.cells["operation_id"] == " BCS SVC01-99-1618218591906093855"
    assert row.style == "status-processing"


def test_ended_record_shows_total_duration_not_growing() -> None:
    record = example_record(operation_status="failed")
    early = row_view("k", record, EXAMPLE_NOW, ASCII_GLYPHS)
    late = row_view("k", record, EXAMPLE_NOW + 3600 * 10**9, ASCII_GLYPHS)
    assert early.cells["duration"] == late.cells["duration"]
    assert early.cells["status"] == "x failed"


def test_hostile_strings_reach_no_cell_raw() -> None:
    record = example_record(
        blockchain_name="\x1b[2J[bold red]boom[/]", operation_id="id\x1b]8;;http://x\x07"
    )
    row = row_view("k", record, EXAMPLE_NOW, UNICODE_GLYPHS)
    assert "\x1b" not in "".join(row.cells.values())
    assert row.cells["blockchain"] == "␛[2J[bold red]boom[/]"


def test_invalid_record_is_listed_as_invalid() -> None:
    record = parse_record({"operation_id": "x", "record_time": "not a number"})
    row = row_view("x", record, EXAMPLE_NOW, UNICODE_GLYPHS)
    assert row.style == INVALID_STYLE
    assert row.cells["status"] == "! invalid"


def test_empty_record_has_placeholders() -> None:
    row = row_view("k", parse_record({}), EXAMPLE_NOW, UNICODE_GLYPHS)
    assert row.cells["duration"] == "-"
    assert row.cells["updated"] == "-"
    assert row.cells["progress"] == "0/0"


def test_long_names_are_clipped_in_the_table_only() -> None:
    record = example_record(blockchain_name="x" * 500)
    row = row_view("k", record, EXAMPLE_NOW, ASCII_GLYPHS)
    assert row.cells["blockchain"] == "x" * 29 + "..."


def test_a_long_operation_id_keeps_its_end() -> None:
    long_id = "BCSSVC01-99-" + "7" * 60 + "93855"
    row = row_view("k", example_record(operation_id=long_id), EXAMPLE_NOW, UNICODE_GLYPHS)
    cell = row.cells["operation_id"]
    assert cell.startswith("BCSSVC01-99-") and cell.endswith("93855") and "…" in cell
