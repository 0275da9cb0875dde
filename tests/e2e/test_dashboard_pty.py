"""The installed ``bcs-tui --demo`` in a real pseudo-terminal: it draws live records,
answers keys and quits cleanly with exit status 0."""

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pty_terminal import PtyTerminal

COLUMNS, LINES = 100, 30
BCS_TUI = Path(sys.executable).parent / "bcs-tui"
STARTUP_TIMEOUT_S = 30.0
KEY_TIMEOUT_S = 10.0
DETAIL_DRAWN = "Type        "
"""A label near the top of the detail pane: it is seen whatever the record's length."""


@pytest.fixture
def terminal(tmp_path: Path) -> Iterator[PtyTerminal]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),  # no user config or credentials can leak in
        "LANG": "C.UTF-8",
        "TZ": "UTC",
    }
    argv = [str(BCS_TUI), "--demo", "--demo-speed", "4", "--utc"]
    with PtyTerminal(argv, env, columns=COLUMNS, lines=LINES, cwd=tmp_path) as running:
        yield running


@pytest.mark.timeout(90)
def test_demo_dashboard_runs_in_a_real_terminal(terminal: PtyTerminal) -> None:
    # Records listed and the first one's detail drawn: live data from the simulator.
    screen = terminal.wait_for(
        lambda text: "processing" in text and DETAIL_DRAWN in text, STARTUP_TIMEOUT_S
    )
    assert "demo" in screen and "records" in screen

    terminal.send(b"?")
    terminal.wait_for(
        lambda text: "What the screen shows" in text and "Everywhere" in text, KEY_TIMEOUT_S
    )
    terminal.send(b"\x1b")
    terminal.wait_for(lambda text: "Everywhere" not in text, KEY_TIMEOUT_S)

    terminal.send(b"p")
    terminal.wait_for(lambda text: "paused" in text, KEY_TIMEOUT_S)
    terminal.send(b"p")
    terminal.wait_for(lambda text: "paused" not in text, KEY_TIMEOUT_S)

    terminal.send(b"j")
    terminal.send(b"\r")
    terminal.wait_for(lambda text: "esc Back" in text, KEY_TIMEOUT_S)
    terminal.send(b"\x1b")
    terminal.wait_for(lambda text: "esc Back" not in text, KEY_TIMEOUT_S)

    terminal.send(b"q")
    assert terminal.wait_exit(KEY_TIMEOUT_S) == 0


@pytest.mark.timeout(90)
def test_keys_typed_in_one_burst_after_slash_all_reach_the_search_bar(
    terminal: PtyTerminal,
) -> None:
    terminal.wait_for(lambda text: DETAIL_DRAWN in text, STARTUP_TIMEOUT_S)
    # One write, as a fast typist or a paste over SSH delivers it: the focus moves with `/`,
    # and the letters behind it must not go to the list.
    terminal.send(b"/zqx/k")
    # Every letter in the bar (none went to the list) and, once the list has caught up,
    # nothing listed nor selected: the pane says so instead of showing a filtered-out record.
    terminal.wait_for(
        lambda text: 'No records match "zqx/k"' in text and "0/" in text, KEY_TIMEOUT_S
    )
    terminal.send(b"\x1b")
    terminal.wait_for(lambda text: "zqx/k" not in text, KEY_TIMEOUT_S)
    terminal.send(b"q")
    assert terminal.wait_exit(KEY_TIMEOUT_S) == 0


@pytest.mark.timeout(90)
def test_in_a_c_locale_the_dashboard_draws_plain_ascii_by_itself(tmp_path: Path) -> None:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "LANG": "C"}
    argv = [str(BCS_TUI), "--demo", "--demo-speed", "4", "--utc"]
    with PtyTerminal(argv, env, columns=COLUMNS, lines=LINES, cwd=tmp_path) as terminal:
        screen = terminal.wait_for(
            lambda text: DETAIL_DRAWN in text and "* processing" in text,
            STARTUP_TIMEOUT_S,
        )
        terminal.send(b"q")
        assert terminal.wait_exit(KEY_TIMEOUT_S) == 0
        # Not a byte outside ASCII: glyphs, borders, rules, scrollbars and the footer.
        assert bytes(terminal.raw).isascii(), screen
        assert "--------" in screen
