"""Hostile text, end to end: the real program, in a pseudo-terminal, against a simulator that
puts the hostile corpus (``bcs_tui.sim.hostile``) in every string field. What a terminal
shows (pyte) must be the program's own layout with the text inert in its fields: the window
title never changes, nothing outside a field moves or disappears, the cursor stays put.
"""

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from bcs_tui.sim.server import SimConfig, SimServer
from tests.pty_terminal import PtyTerminal
from tests.reliability.conftest import BCS_TUI, aksk_environment

# What the corpus would do if any of it reached the terminal raw.
ATTACKS = (
    b"\x1b]0;pwned",  # retitle the window
    b"\x1b]8;;http://evil",  # hyperlink
    b"\x1bP+q544e",  # DCS
    b"\x1b[5A",  # cursor up
    b"\x1b[31;1m",  # colour
    b"\x1b7",  # save cursor
    "\u202e".encode(),  # bidi override
    "\u2067".encode(),  # bidi isolate
    "\u200b".encode(),  # zero-width space: two names that look alike
    "\u200d".encode(),  # zero-width joiner
    "\ufeff".encode(),  # BOM, zero width
)
C1_IN_UTF8 = re.compile(rb"\xc2[\x80-\x9f]")
TITLE_MARKERS = ("pwned", "c1-title", "title changed", "evil")
STEPS_CELL = re.compile(r"\d+/\d+")


@pytest.fixture(scope="module")
def hostile_sim() -> Iterator[SimServer]:
    with SimServer(SimConfig(records=3, seed=3, faults=frozenset({"hostile"}))) as sim:
        yield sim


def _no_raw_attack(raw: bytes) -> None:
    for attack in ATTACKS:
        assert attack not in raw, attack
    assert C1_IN_UTF8.search(raw) is None


def test_records_table_in_a_terminal_is_inert(hostile_sim: SimServer, tmp_path: Path) -> None:
    env = aksk_environment(tmp_path, hostile_sim.endpoint)
    # Wide enough that no line wraps: then every line printed is one row on the screen.
    with PtyTerminal([*BCS_TUI, "records"], env, columns=400, lines=120) as program:
        assert program.wait_exit() == 0
        raw = bytes(program.raw)
        screen = program.screen
        rows = [row.rstrip() for row in screen.display]
    _no_raw_attack(raw)
    text = raw.decode("utf-8")
    # The only control characters the program wrote are its own line ends.
    assert {ch for ch in text if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F} <= {"\r", "\n"}
    printed = text.replace("\r\n", "\n").rstrip("\n").split("\n")
    assert printed[0].startswith("STATUS") and "hostile" not in printed[0]
    assert re.fullmatch(r"\d+ records \(count reported: \d+\)", printed[-1])
    assert len(printed) > 10
    # Nothing was cleared, overwritten or moved: the screen is exactly the lines printed.
    # (pyte keeps combining marks in normalised form: compare like with like.)
    shown = [unicodedata.normalize("NFC", row) for row in rows[: len(printed)]]
    assert shown == [unicodedata.normalize("NFC", line.rstrip()) for line in printed]
    assert all(row == "" for row in rows[len(printed) :])
    assert screen.title == "" and program.titles == []
    assert (screen.cursor.x, screen.cursor.y) == (0, len(printed))
    assert not screen.cursor.hidden


def test_dashboard_in_a_terminal_is_inert(hostile_sim: SimServer, tmp_path: Path) -> None:
    env = aksk_environment(tmp_path, hostile_sim.endpoint)
    with PtyTerminal([*BCS_TUI, "--interval", "60"], env, columns=120, lines=40) as program:

        def shown(_text: str) -> bool:
            # The first whole frame with data: every row's steps cell under its title and
            # the selected record in the detail pane (rows and column widths are painted
            # in separate refreshes, so an earlier frame can be half-drawn). Columns are
            # counted in terminal cells, as the assertions below do.
            rows = program.screen.display
            text = "\n".join(rows)
            titles = [y for y, row in enumerate(rows) if "Steps" in row and "Status" in row]
            if not titles or "Description" not in text or "q Quit" not in text:
                return False
            steps_at = rows[titles[0]].index("Steps")
            listed = [y for y, row in enumerate(rows) if y > titles[0] and row.startswith(" ? ")]
            buffer = program.screen.buffer
            return len(listed) >= 10 and all(
                STEPS_CELL.fullmatch(
                    "".join(buffer[y][x].data for x in range(steps_at, steps_at + 6)).strip()
                )
                for y in listed
            )

        program.wait_for(shown)
        rows = list(program.screen.display)
        buffer = program.screen.buffer
        cells = [[buffer[y][x].data for x in range(120)] for y in range(40)]
        raw = bytes(program.raw)
        titles = list(program.titles)
        hidden = program.screen.cursor.hidden
        program.send(b"q")
        assert program.wait_exit() == 0
    _no_raw_attack(raw)
    for title in titles:
        assert not any(marker in title for marker in TITLE_MARKERS), title
    assert hidden  # the dashboard's own hidden cursor; nothing in the data showed it
    # The layout around the fields is whole, where the dashboard put it.
    assert rows[0].startswith(" default · project ")
    assert re.match(r" \d+ records · sort: ", rows[1])
    assert set(rows[2].strip()) == {"─"}
    header = rows[3]
    for title in ("Status", "Operation", "Blockchain", "Steps", "Duration"):
        assert title in header
    steps_at = header.index("Steps")
    table_rows = [y for y, row in enumerate(rows) if y > 3 and row.startswith(" ? ")]
    assert len(table_rows) >= 10
    # Every row's steps cell is in the column under its title (counted in terminal cells,
    # not characters): no field pushed the row apart.
    for y in table_rows:
        steps = "".join(cells[y][steps_at : steps_at + 6]).strip()
        assert STEPS_CELL.fullmatch(steps), rows[y]
    assert "q Quit" in rows[-1]
    detail = "\n".join(rows)
    assert "Operation   " in detail and "Description" in detail
