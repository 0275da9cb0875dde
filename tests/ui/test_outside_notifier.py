"""The dashboard tells the world outside the terminal: each operation that ends or appears
runs the notify command (hostile record text arriving literally in its environment), and
with ``--desktop-notify`` each ending writes the desktop notification's sequences."""

import json
import sys
from pathlib import Path

import pytest

from bcs_tui.base.safe_text import safe_text
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.outside_notifier import OutsideNotifier
from bcs_tui.ui.textual_compat import notifications
from tests.clock import ManualClock
from tests.test_notify_command import hostile
from tests.ui.support import ScriptedSource, fetched, make_app, record_payload, wait_until

APPEND_ENV = (
    f"{sys.executable} -c 'import json, os; print(json.dumps("
    '{k: v for k, v in os.environ.items() if k.startswith("BCS_TUI_")}))\' >> "$DUMP"'
)


async def test_endings_and_arrivals_run_the_command_and_endings_reach_the_desktop(
    clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = tmp_path / "events.jsonl"
    monkeypatch.setenv("DUMP", str(dump))
    marker = tmp_path / "ran"
    source = ScriptedSource()
    source.set_records(record_payload("OP-1", status="processing", blockchain_name="ledger"))
    app = make_app(source, clock, tmp_path, notify_command=APPEND_ENV, desktop_notify=True)
    written: list[str] = []
    app.outside = OutsideNotifier(app.options, written.append, environ={})

    def events() -> list[dict[str, str]]:
        if not dump.exists():
            return []
        return [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]

    async with app.run_test(size=(120, 40)) as pilot:
        await fetched(app, 1)
        failed = record_payload("OP-1", status="failed", blockchain_name="ledger")
        failed["message"] = [hostile(marker, "message")]
        arrived = record_payload(
            hostile(marker, "id"), status="waiting", blockchain_name=hostile(marker, "chain")
        )
        source.set_records(failed, arrived)
        await pilot.press("r")
        await fetched(app, 2)
        await wait_until(pilot, lambda: len(events()) == 2)
    by_event = {event["BCS_TUI_EVENT"]: event for event in events()}
    assert by_event["ended"]["BCS_TUI_OPERATION_ID"] == "OP-1"
    assert by_event["ended"]["BCS_TUI_STATUS"] == "failed"
    assert by_event["ended"]["BCS_TUI_MESSAGE"] == safe_text(hostile(marker, "message"))
    assert by_event["new"]["BCS_TUI_OPERATION_ID"] == safe_text(hostile(marker, "id"))
    assert by_event["new"]["BCS_TUI_BLOCKCHAIN"] == safe_text(hostile(marker, "chain"))
    assert list(tmp_path.glob("ran-*")) == []
    (sequence,) = written  # the ending only: a new operation is not desktop news
    assert sequence.startswith("\x1b]777;notify;bcs-tui: Operation failed;")
    assert "\x1b]9;bcs-tui: Operation failed: " in sequence


async def test_one_that_started_and_ended_between_two_polls_is_new_then_ended(
    clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dump = tmp_path / "events.jsonl"
    monkeypatch.setenv("DUMP", str(dump))
    source = ScriptedSource()
    source.set_records(record_payload("OP-1", status="processing", blockchain_name="ledger"))
    app = make_app(source, clock, tmp_path, notify_command=APPEND_ENV, desktop_notify=True)
    written: list[str] = []
    app.outside = OutsideNotifier(app.options, written.append, environ={})

    def events() -> list[dict[str, str]]:
        if not dump.exists():
            return []
        return [json.loads(line) for line in dump.read_text(encoding="utf-8").splitlines()]

    async with app.run_test(size=(120, 40)) as pilot:
        await fetched(app, 1)
        source.set_records(
            record_payload("OP-1", status="processing", blockchain_name="ledger"),
            record_payload("OP-2", status="finished", blockchain_name="quick"),
        )
        await pilot.press("r")
        await fetched(app, 2)
        await wait_until(pilot, lambda: len(events()) == 2)
        toasts = [n.message for n in notifications(app)]
    # In this order: the "new" command has ended before the "ended" one starts.
    assert [
        (e["BCS_TUI_EVENT"], e["BCS_TUI_OPERATION_ID"], e["BCS_TUI_STATUS"]) for e in events()
    ] == [
        ("new", "OP-2", "finished"),
        ("ended", "OP-2", "finished"),
    ]
    (sequence,) = written
    assert sequence.startswith("\x1b]777;notify;bcs-tui: Operation finished;create on quick")
    assert toasts == ["Operation finished: create on quick (OP-2)"]


async def test_without_the_options_nothing_runs_and_nothing_is_written(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("OP-1", status="processing"))
    app: DashboardApp = make_app(source, clock, tmp_path)
    written: list[str] = []
    app.outside = OutsideNotifier(app.options, written.append, environ={})
    assert app.outside.runner is None
    async with app.run_test(size=(120, 40)) as pilot:
        await fetched(app, 1)
        source.set_records(record_payload("OP-1", status="finished"))
        await pilot.press("r")
        await fetched(app, 2)
    assert written == []
