"""Operations that end or appear are announced with a one-line toast (and the bell when
asked)."""

from pathlib import Path

from bcs_tui.api.client import BcsClient
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.sim.server import SimServer
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.textual_compat import notifications
from tests.clock import ManualClock
from tests.ui.support import ScriptedSource, fetched, make_app, record_payload


class BellCountingApp(DashboardApp):
    """The real app; only counts the bells instead of writing BEL to the test terminal."""

    bells = 0

    def bell(self) -> None:
        self.bells += 1


def _toasts(app: DashboardApp) -> list[str]:
    """Each toast's one line: its title leads its message."""
    return [n.message for n in notifications(app)]


async def test_ending_and_new_operations_from_the_simulator_notify(
    sim: SimServer, client: BcsClient, clock: ManualClock, tmp_path: Path
) -> None:
    app = make_app(client, clock, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await fetched(app, 1)
        assert _toasts(app) == []  # the first load announces nothing
        running = {key for key, r in app.records if r.operation_status.is_running}
        assert running
        clock.advance(120 * NS_PER_S)  # long enough for the running operations to end
        await pilot.press("r")
        await fetched(app, 2)
        assert any(message.startswith("Operation ") for message in _toasts(app))
        messages = " ".join(_toasts(app))
        assert any(key in messages for key in running) or "more changes" in messages


async def test_transition_toast_names_the_operation_and_rings_the_bell(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("OP-1", status="processing", blockchain_name="ledger"))
    options_app = make_app(source, clock, tmp_path, bell=True)
    app = BellCountingApp(source, options_app.options)
    async with app.run_test(size=(120, 40)) as pilot:
        await fetched(app, 1)
        source.set_records(
            record_payload("OP-1", status="failed", blockchain_name="ledger"),
            record_payload("OP-2", status="waiting", blockchain_name="[b]markup[/b]"),
        )
        await pilot.press("r")
        await fetched(app, 2)
        assert "Operation failed: create on ledger (OP-1)" in _toasts(app)
        assert "New operation: create on [b]markup[/b] (OP-2)" in _toasts(app)
        assert app.bells == 1


async def test_no_bell_unless_asked(clock: ManualClock, tmp_path: Path) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("OP-1", status="processing"))
    app = BellCountingApp(source, make_app(source, clock, tmp_path).options)
    async with app.run_test(size=(120, 40)) as pilot:
        await fetched(app, 1)
        source.set_records(record_payload("OP-1", status="finished"))
        await pilot.press("r")
        await fetched(app, 2)
        assert _toasts(app) and app.bells == 0


async def test_changing_server_filters_is_not_a_transition(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("OP-1"))
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await fetched(app, 1)
        from bcs_tui.api.filters import RecordFilters

        app.state.set_server_filters(RecordFilters(operation_status="failed"))
        source.set_records(record_payload("OP-9", status="failed"))
        await pilot.press("r")
        await fetched(app, 2)
        assert _toasts(app) == []
        assert source.calls[-1] == RecordFilters(operation_status="failed")


async def test_oddly_spelled_statuses_poll_fast_and_announce_once(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("OP-1", status=" Processing"))
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await fetched(app, 1)
        assert app.policy.active  # something runs: the faster interval applies
        source.set_records(record_payload("OP-1", status="FAILED "))
        await pilot.press("r")
        await fetched(app, 2)
        assert not app.policy.active
        (toast,) = notifications(app)
        assert toast.message.startswith("Operation failed: ") and toast.severity == "error"
        # Still failed, spelled another way, with another field changed: nothing new.
        source.set_records(record_payload("OP-1", status="failed", blockchain_name="renamed"))
        await pilot.press("r")
        await fetched(app, 3)
        assert len(notifications(app)) == 1
