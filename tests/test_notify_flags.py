"""Where ``--notify-command`` and ``--desktop-notify`` apply: the dashboard, ``wait`` and
``watch`` take them (each ``--help`` says what they do there); every other command refuses
them with a usage error rather than ignore them. ``wait`` and ``watch`` send the desktop
notification of each ending only to a terminal."""

import io
import types
from typing import cast

import pytest

from bcs_tui.api.models import parse_record_list
from bcs_tui.cli import Arguments, _notifier, build_parser, main
from bcs_tui.config import Settings
from bcs_tui.exit_codes import ExitCode
from tests.ui.support import record_payload


@pytest.fixture(autouse=True)
def wide_help(monkeypatch: pytest.MonkeyPatch) -> None:
    """argparse wraps help to $COLUMNS: wide enough that no phrase is split."""
    monkeypatch.setenv("COLUMNS", "400")


def _help(capsys: pytest.CaptureFixture[str], *command: str) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*command, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "flag", "command"),
    [
        (["records", "--notify-command", "x"], "--notify-command", "records"),
        (["--notify-command", "x", "records"], "--notify-command", "records"),
        (["sources", "--desktop-notify"], "--desktop-notify", "sources"),
        (["chains", "--notify-command=x"], "--notify-command", "chains"),
        (["history", "stats", "--desktop-notify"], "--desktop-notify", "history"),
        (["--desktop-notify", "sim"], "--desktop-notify", "sim"),
    ],
)
def test_a_command_that_notifies_nothing_refuses_the_flags(
    capsys: pytest.CaptureFixture[str], argv: list[str], flag: str, command: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == ExitCode.USAGE
    error = capsys.readouterr().err
    assert f"error: {flag} applies to the dashboard, wait and watch only, not to {command}" in (
        error
    )


def test_each_help_says_what_the_flags_do_there(capsys: pytest.CaptureFixture[str]) -> None:
    dashboard = _help(capsys)
    assert "--notify-command CMD" in dashboard and "--desktop-notify" in dashboard
    assert "when an operation ends or a new one appears" in dashboard
    assert "for each operation that ends (not for new ones)" in dashboard
    for command in (["wait"], ["watch"]):
        text = _help(capsys, *command)
        assert "for each ending printed (BCS_TUI_EVENT=ended; never for new operations)" in text
        assert "written to stdout only when it is a terminal" in text
        assert "a new one appears" not in text
    for command in (["records"], ["sources"], ["chains"], ["history"], ["history", "stats"]):
        assert "notify" not in _help(capsys, *command)


def test_the_flags_given_before_wait_or_watch_are_kept() -> None:
    parsed = build_parser().parse_args(["--notify-command", "c", "--desktop-notify", "wait"])
    assert (parsed.notify_command, parsed.desktop_notify) == ("c", True)
    parsed = build_parser().parse_args(["watch", "OP-1", "--desktop-notify"])
    assert parsed.desktop_notify is True


class _Stdout(io.StringIO):
    def __init__(self, terminal: bool) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


@pytest.mark.parametrize("terminal", [True, False])
def test_wait_and_watch_send_the_desktop_notification_to_a_terminal_only(
    monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    stdout = _Stdout(terminal)
    monkeypatch.setattr("sys.stdout", stdout)
    monkeypatch.delenv("TMUX", raising=False)
    args = Arguments.from_namespace(build_parser().parse_args(["wait", "--desktop-notify"]))
    settings = cast(Settings, types.SimpleNamespace(notify_command=None))
    payload = record_payload("OP-9", status="failed", blockchain_name="ledger\x1b[31m")
    (record,) = parse_record_list({"count": 1, "operation_records": [payload]}).records
    _notifier(args, settings)("north", record)
    if not terminal:
        assert stdout.getvalue() == ""
        return
    written = stdout.getvalue()
    assert written.startswith("\x1b]777;notify;bcs-tui: Operation failed;north: create on ledger")
    assert "\x1b]9;bcs-tui: Operation failed: north: create on ledger" in written
    assert written.count("\x1b") == 2  # the chain name's own escape made visible
