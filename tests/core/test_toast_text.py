"""A toast's one line keeps what matters when cut: a written file's name, an ID's end, the
start of why an operation failed; in ASCII with ``...``."""

from bcs_tui.base.text_width import cell_width
from bcs_tui.core.toast_text import (
    Cut,
    fitting_title,
    fleet_operation_line,
    toast_line,
    toast_room,
    toasts_at_most,
)

PATH = "/tmp/tryout/bcs-operation-BCSSVC01-99-1767225597123556123-2.json"


def test_the_room_is_half_the_screen_less_the_border_and_padding() -> None:
    assert toast_room(80) == 37 and toast_room(200) == 97
    assert toasts_at_most(24) == 2 and toasts_at_most(30) == 3


def test_a_path_keeps_its_file_name_then_the_start_of_its_folder() -> None:
    line = toast_line("Exported", PATH, 70, "...", cut=Cut.PATH)
    assert line == "Exported: /tmp.../bcs-operation-BCSSVC01-99-1767225597123556123-2.json"
    assert cell_width(line) <= 70
    narrow = toast_line("Exported", PATH, 37, "...", cut=Cut.PATH)
    assert narrow.startswith("Exported: bcs-oper") and narrow.endswith("-2.json")
    assert cell_width(narrow) <= 37 and narrow.isascii()


def test_an_id_is_cut_in_the_middle_and_other_text_at_its_end() -> None:
    copied = toast_line("Copied", "PLUGIN03-99-1767225597123556123", 30, "…", cut=Cut.MIDDLE)
    assert copied.startswith("Copied: PLUGIN03") and copied.endswith("123") and "…" in copied
    said = toast_line("", "No failed or stopped operation in the list.", 20, "...")
    assert said == "No failed or stop..."


def test_why_it_failed_is_added_when_it_fits() -> None:
    why = "ImagePullBackOff: image bcs-peer:2.3 not found"
    wide = toast_line("Operation failed", "create on alpha (A)", 57, "...", reason=why)
    assert wide.startswith("Operation failed: create on alpha (A): ImagePullBack")
    assert wide.endswith("...") and cell_width(wide) == 57
    narrow = toast_line("Operation failed", "create on alpha (A)", 37, "...", reason=why)
    assert narrow == "Operation failed: create on alpha (A)"


def test_the_long_title_only_when_the_line_fits() -> None:
    assert fitting_title("Copied the operation ID", "Copied", "A", 37) == "Copied the operation ID"
    assert fitting_title("Copied the operation ID", "Copied", "A" * 20, 37) == "Copied"


def test_with_several_sources_the_source_what_and_chain_stay_and_the_id_goes_first() -> None:
    def line(room: int, reason: str = "Failed to create the peer's volume") -> str:
        text = fleet_operation_line(
            "sg", "upgrade failed", "bcs-trace-fhja", "BCSSVC01-99-1767225597123300436",
            reason, room, "…",
        )  # fmt: skip
        assert cell_width(text) <= room
        return text

    assert line(toast_room(120)) == "sg: upgrade failed on bcs-trace-fhja: Failed to create t…"
    assert line(toast_room(80)) == "sg: upgrade failed on bcs-trace-fhja"
    assert line(200) == (
        "sg: upgrade failed on bcs-trace-fhja (BCSSVC01-99-1767225597123300436): "
        "Failed to create the peer's volume"
    )
    assert line(57, reason="") == "sg: upgrade failed on bcs-trace-fhja (BCSSVC01-99-…00436)"
    assert line(30) == "sg: upgrade failed on bc…-fhja"  # the chain's end tells it apart
    long_source = fleet_operation_line(
        "consortium-member-north", "create finished", "c1", "OP-1", "", 41, "…"
    )
    assert long_source == "consortiu…: create finished on c1 (OP-1)"
