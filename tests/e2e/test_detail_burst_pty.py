"""Scrolling keys sent in one burst, in a real terminal: the installed ``bcs-tui --demo`` in
a pseudo-terminal, ten `j` in one write to the full-screen detail scroll ten lines, and `j`
typed in the same write as the `enter` that opens it scroll it too."""

import os
import sys
from pathlib import Path

import pytest

from tests.pty_terminal import PtyTerminal

COLUMNS, LINES = 100, 24
BCS_TUI = Path(sys.executable).parent / "bcs-tui"
STARTUP_TIMEOUT_S = 30.0
KEY_TIMEOUT_S = 10.0
LONG_RECORD = "/15 "
"""The Steps cell of a record with fifteen sub-steps: its detail is the longest to scroll."""


def _rows(screen: str) -> list[str]:
    return screen.splitlines()


def _row_of(screen: str, start: str) -> int | None:
    """The first screen row that starts with ``start``."""
    return next((row for row, text in enumerate(_rows(screen)) if text.startswith(start)), None)


SCROLLBAR_THUMB = " ▁▂▃▄▅▆▇█"
"""The pane's scroll bar thumb (and blanks): it may sit on any row, the blank one too."""
HEADER_LABELS = (
    "Operation", "Status", "Type", "Source", "Blockchain", "Health", "Version", "Cluster",
    "Nodes", "Updated",
)  # fmt: skip
"""Each on its row: a frame drawn in part may lack a row (two drawn into one)."""


def _header_rows(screen: str) -> tuple[int, int] | None:
    """(first row, "Timeline" row) of the detail once it is drawn whole: the terminal may
    show a frame in part, the rest still from the frame before. The labels must all be
    there, in order (others, such as "Now at", may sit between them), and the rule above
    the detail on its own row."""
    rows = _rows(screen)
    top = _row_of(screen, " Operation")
    timeline = _row_of(screen, " Timeline")
    if top is None or timeline is None or timeline <= top + len(HEADER_LABELS):
        return None
    if not rows[top - 1].strip().startswith("─"):
        return None  # the rule above the detail not drawn yet: the rows may still move
    first_words = iter(row.split()[0] for row in rows[top:timeline] if row.strip())
    blank_above = not rows[timeline - 1].strip(SCROLLBAR_THUMB)
    if not all(label in first_words for label in HEADER_LABELS) or not blank_above:
        return None
    return top, timeline


@pytest.mark.timeout(90)
def test_ten_j_in_one_write_scroll_the_full_screen_detail_ten_lines(tmp_path: Path) -> None:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "TZ": "UTC",
    }
    argv = [str(BCS_TUI), "--demo", "--utc"]
    with PtyTerminal(argv, env, columns=COLUMNS, lines=LINES, cwd=tmp_path) as terminal:
        # Every source's records in: none arrive above the cursor while the test counts rows.
        terminal.wait_for(
            lambda text: LONG_RECORD in text and "3 sources: 3 live" in text, STARTUP_TIMEOUT_S
        )
        terminal.send(b"p")  # paused: the list keeps its order while the test moves in it
        screen = terminal.wait_for(lambda text: "paused" in text, KEY_TIMEOUT_S)
        rows = _rows(screen)
        title = next(index for index, row in enumerate(rows) if "Status" in row)
        target = next(index for index, row in enumerate(rows) if LONG_RECORD in row)
        # From the first row (`g`): with several sources the cursor stays on the record it
        # was on while other sources' records arrived above it.
        terminal.send(b"g" + b"j" * (target - title - 1) + b"\r")
        screen = terminal.wait_for(
            # The header drawn too, and the chain's health (its lines come with its own
            # answer): from then on the pane's rows stay where they are.
            lambda text: (
                "esc Back" in text
                and "records" in text
                and "Version     v" in text
                and _header_rows(text) is not None
            ),
            KEY_TIMEOUT_S,
        )
        rows = _header_rows(screen)
        assert rows is not None
        top, timeline = rows
        assert timeline - top >= 10

        terminal.send(b"jjjjjjjjjj")  # one write, as a held key or a paste delivers it

        # Ten lines up: "Timeline" moved from the pane's row 10 or 11 to its row 0 or 1.
        terminal.wait_for(lambda text: _row_of(text, " Timeline") == timeline - 10, KEY_TIMEOUT_S)

        # Back to the list, then `enter` and three `j` in one write: the keys after `enter`
        # scroll the detail it opens (before, they moved the list's cursor behind it).
        terminal.send(b"\x1b")
        # The list's footer back: a frame drawn in part may lack "esc Back" while the detail
        # is still up, and an enter sent then would follow the escape as alt+enter.
        terminal.wait_for(lambda text: "esc Back" not in text and "/ Search" in text, KEY_TIMEOUT_S)
        terminal.send(b"\rjjj")
        terminal.wait_for(
            lambda text: "esc Back" in text and _row_of(text, " Timeline") == timeline - 3,
            KEY_TIMEOUT_S,
        )
        terminal.send(b"q")
        assert terminal.wait_exit(KEY_TIMEOUT_S) == 0
