"""Blockchain health beside the records, against the real simulator: the detail pane's
section for the selected record's chain, the blockchain view (``b``), and failures that
stay in their section."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bcs_tui.api.blockchains import BlockchainDetail, BlockchainList, BlockchainStatus
from bcs_tui.api.client import BcsClient
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.sim.blockchains import EIP_BROKEN_INDEX, EIP_DETAIL
from bcs_tui.sim.server import SimServer
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.screens.blockchain_screen import BlockchainScreen
from bcs_tui.ui.screens.main_screen import MainScreen
from bcs_tui.ui.textual_compat import notifications
from tests.clock import ManualClock
from tests.ui.screen_cells import screen_cells
from tests.ui.support import (
    FROZEN_AT,
    NEVER_S,
    ScriptedSource,
    dashboard_options,
    fetched,
    health_settled,
    record_payload,
    refresh_now,
    running_sim,
    sim_client,
    toast_widgets,
    wait_until,
)

UPGRADING_SEED = 5
"""A seed whose simulation has a chain being upgraded at ``FROZEN_AT``."""


def dashboard(source: Any, clock: ManualClock, tmp_path: Path) -> DashboardApp:
    return DashboardApp(source, dashboard_options(clock, tmp_path), close_source=True)


def told(app: DashboardApp) -> list[str]:
    """The notifications raised (shown or waiting for room)."""
    return [notification.message for notification in notifications(app)]


def pane_lines(app: DashboardApp) -> list[str]:
    return app.main_screen.detail.shown_text.splitlines()


def health_of(app: DashboardApp) -> list[str]:
    return [line for line in pane_lines(app) if line.startswith(("Health", "Version  "))]


async def select_chain(app: DashboardApp, pilot: Any, blockchain_id: str) -> None:
    """Put the list's cursor on the first record of ``blockchain_id`` and wait for its
    health (or its failure) to be shown."""
    row = next(
        index
        for index, (_key, record) in enumerate(app.state.visible)
        if record.blockchain_id == blockchain_id
    )
    app.main_screen.table.move_cursor(row)
    await wait_until(pilot, lambda: app.selected_record is app.state.visible[row][1])
    await wait_until(pilot, lambda: any(line.startswith("Health") for line in pane_lines(app)))
    await wait_until(pilot, lambda: "loading" not in " ".join(health_of(app)))
    await pilot.pause()


def health_requests(sim: SimServer, blockchain_id: str) -> list[str]:
    return [entry.path for entry in sim.request_log if blockchain_id in entry.path]


def cells_of_word(app: DashboardApp, word: str) -> list[str]:
    """The foreground colours of the cells where the Health line shows ``word``."""
    cells = screen_cells(app.export_screenshot())
    rows: dict[int, str] = {}
    for cell in cells:
        rows[cell.row] = rows.get(cell.row, "") + cell.char
    row = next(y for y, text in rows.items() if text.startswith("Health") and word in text)
    line = [cell for cell in cells if cell.row == row]
    start = "".join(cell.char for cell in line).index(word)
    return [cell.foreground for cell in line[start : start + len(word)]]


async def test_the_selected_records_chain_health_is_shown_and_fetched_once(
    tmp_path: Path,
) -> None:
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock) as sim:
        app = dashboard(sim_client(sim, clock), clock, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await fetched(app, 1)
            first = app.state.visible[0][1]
            assert first.blockchain_id
            await select_chain(app, pilot, first.blockchain_id)
            # Only the detail, only once: the clock's ticks and other renders do not ask again.
            assert health_requests(sim, first.blockchain_id) == [
                f"/v2/{sim.config.project_id}/blockchains/{first.blockchain_id}"
            ]
            await app.wait_for_tick()
            await pilot.press("t")  # a whole render
            await app.wait_for_views()
            await pilot.pause()
            assert len(health_requests(sim, first.blockchain_id)) == 1
            async with sim_client(sim, clock) as client:
                truth = (await client.show_blockchain_detail(first.blockchain_id)).basic_info
            health, version = health_of(app)
            glyph = "✓" if truth.status == "Normal" else "✗"
            assert health.startswith(f"Health      {glyph} {truth.status} · ")
            assert version.startswith(f"Version     {truth.version} · {truth.consensus} · ")
            # Other chains were not asked for, though their records are in the list.
            chains = {record.blockchain_id for _key, record in app.state.visible}
            assert len(chains) > 1
            asked = {path.split("/")[4] for path in health_requests(sim, "/blockchains/")}
            assert asked == {first.blockchain_id}


async def test_an_abnormal_chain_stands_out_in_the_failed_colour(tmp_path: Path) -> None:
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock) as sim:
        broken = sim.simulation.blockchains[EIP_BROKEN_INDEX].blockchain_id
        app = dashboard(sim_client(sim, clock), clock, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await fetched(app, 1)
            await select_chain(app, pilot, broken)
            assert health_of(app)[0].startswith("Health      ✗ Abnormal · ")
            abnormal = cells_of_word(app, "Abnormal")
            healthy = next(
                record.blockchain_id
                for _key, record in app.state.visible
                if record.blockchain_id not in (broken, None)
            )
            assert healthy is not None
            await select_chain(app, pilot, healthy)
            normal = cells_of_word(app, "Normal")
            # The failed operations' red (styles/dashboard.tcss), not the healthy green.
            assert set(abnormal) == {"#ff6b6b"}
            assert set(normal) != set(abnormal)


async def test_a_chain_being_upgraded_says_so(tmp_path: Path) -> None:
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock, seed=UPGRADING_SEED) as sim:
        activity = sim.simulation.chain_activity(clock())
        upgrading = next(
            chain for chain, now in activity.items() if now.running_operation_type in ("01", "91")
        )
        app = dashboard(sim_client(sim, clock), clock, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await fetched(app, 1)
            await select_chain(app, pilot, upgrading)
            assert "· ● IsUpgrading" in health_of(app)[0]


async def test_b_opens_the_blockchain_view_with_its_resource_parts(tmp_path: Path) -> None:
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock) as sim:
        broken = sim.simulation.blockchains[EIP_BROKEN_INDEX].blockchain_id
        app = dashboard(sim_client(sim, clock), clock, tmp_path)
        async with app.run_test(size=(100, 16)) as pilot:
            await fetched(app, 1)
            await select_chain(app, pilot, broken)
            await pilot.press("b")
            assert isinstance(app.screen, BlockchainScreen)
            view = app.screen.view
            await wait_until(pilot, lambda: EIP_DETAIL in view.shown_text)
            shown = view.shown_text.splitlines()
            assert shown[0].startswith("Blockchain  bcs-") and broken in shown[0]
            assert "Status      ✗ Abnormal" in shown
            assert f"  Elastic IP      ✗ Abnormal     {EIP_DETAIL}" in shown
            labels = [line[2:18].strip() for line in shown[shown.index("Resources") + 1 :]]
            assert labels[:4] == ["BCS", "Elastic IP", "File storage", "Object storage"]
            # Taller than the screen: j scrolls it, k back.
            await pilot.press("j", "j")
            assert view.scroll_y == 2
            await pilot.press("k")
            assert view.scroll_y == 1
            # Refreshed at the interval while open: the detail and the resource status.
            status_path = f"/blockchains/{broken}/status"
            before = sum(entry.path.endswith(status_path) for entry in sim.request_log)
            assert before == 1
            clock.advance(round(NEVER_S * NS_PER_S))
            await wait_until(
                pilot,
                lambda: sum(entry.path.endswith(status_path) for entry in sim.request_log) == 2,
            )
            # Paused: shown as it is, not asked again.
            await pilot.press("p")
            assert app.paused
            clock.advance(round(NEVER_S * NS_PER_S))
            await app.wait_for_tick()
            await pilot.pause()
            assert sum(entry.path.endswith(status_path) for entry in sim.request_log) == 2
            await pilot.press("q")  # closes the view, does not quit
            assert isinstance(app.screen, MainScreen)
            assert app.is_running
            await pilot.press("b")
            assert isinstance(app.screen, BlockchainScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, MainScreen)


@dataclass
class RecordsAndChains:
    """Records from a script (exact blockchain IDs), blockchains from the simulator."""

    records: ScriptedSource
    chains: BcsClient

    async def list_records(self, filters: RecordFilters) -> RecordList:
        return await self.records.list_records(filters)

    async def list_blockchains(self) -> BlockchainList:
        return await self.chains.list_blockchains()

    async def show_blockchain_detail(self, blockchain_id: str) -> BlockchainDetail:
        return await self.chains.show_blockchain_detail(blockchain_id)

    async def show_blockchain_status(self, blockchain_id: str) -> BlockchainStatus:
        return await self.chains.show_blockchain_status(blockchain_id)

    async def aclose(self) -> None:
        await self.chains.aclose()


def scripted_record(operation_id: str, blockchain_id: str | None) -> dict[str, Any]:
    raw = record_payload(operation_id)
    raw["blockchain_id"] = blockchain_id
    return raw


async def test_a_failing_chain_shows_one_line_and_the_records_stay_live(tmp_path: Path) -> None:
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock) as sim:
        script = ScriptedSource()
        script.set_records(
            scripted_record("OP-GONE", "no-such-chain"),
            scripted_record("OP-NONE", None),
        )
        app = dashboard(RecordsAndChains(script, sim_client(sim, clock)), clock, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await fetched(app, 1)
            await select_chain(app, pilot, "no-such-chain")
            line, version = health_of(app)
            assert version == "Version     -"
            assert line.startswith(
                "Health      unavailable: HTTP 404 BCS.4004011: The blockchain no-such-chain "
            )
            assert toast_widgets(app) == [] and told(app) == []
            assert app.last_error is None
            assert app.state.stale_since_ns is None
            # The list still refreshes, and shows what its source says now.
            script.set_records(scripted_record("OP-GONE", "no-such-chain"),
                               scripted_record("OP-NEW", None))  # fmt: skip
            await refresh_now(app, pilot)
            assert {record.operation_id for _key, record in app.state.visible} == {
                "OP-GONE",
                "OP-NEW",
            }
            assert app.last_error is None
            # A record with no blockchain ID has no health section, and `b` says why.
            app.main_screen.table.move_cursor(
                next(i for i, (_k, r) in enumerate(app.state.visible) if r.operation_id == "OP-NEW")
            )
            await wait_until(pilot, lambda: "OP-NEW" in pane_lines(app)[0])
            assert health_of(app) == []
            await pilot.press("b")
            assert isinstance(app.screen, MainScreen)
            await wait_until(pilot, lambda: "No blockchain for this record." in told(app))


async def test_a_source_without_blockchain_calls_shows_no_health(tmp_path: Path) -> None:
    clock = ManualClock(FROZEN_AT)
    script = ScriptedSource()
    script.set_records(scripted_record("OP-1", "chain-1"))
    app = dashboard(script, clock, tmp_path)
    assert app.blockchain_lookup("OP-1") is None
    async with app.run_test(size=(120, 40)) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        await app.wait_for_views()
        assert pane_lines(app)[0].startswith("Operation   OP-1")
        assert health_of(app) == []
        await pilot.press("b")
        assert isinstance(app.screen, MainScreen)
        await wait_until(pilot, lambda: told(app) == ["No blockchain for this record."])


async def test_health_older_than_the_interval_says_how_old_in_the_pane_and_the_view(
    tmp_path: Path,
) -> None:
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock) as sim:
        app = dashboard(sim_client(sim, clock), clock, tmp_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await fetched(app, 1)
            first = app.state.visible[0][1]
            assert first.blockchain_id
            await select_chain(app, pilot, first.blockchain_id)
            assert "ago" not in health_of(app)[0]  # fresh: nothing more said
            await pilot.press("p")  # paused: it is not read again, and grows old
            clock.advance(round(app.policy.interval_s * NS_PER_S) + 10 * 60 * NS_PER_S)
            await app.wait_for_tick()
            await pilot.pause()
            assert health_of(app)[0].endswith(" · 1h ago"), health_of(app)
            await pilot.press("b")  # its resources are read: the view is fresh at first
            assert isinstance(app.screen, BlockchainScreen)
            await health_settled(app, pilot)
            clock.advance(round(app.policy.interval_s * NS_PER_S) + 10 * 60 * NS_PER_S)
            await app.wait_for_tick()
            await pilot.pause()
            status = next(
                line
                for line in app.screen.view.shown_text.splitlines()
                if line.startswith("Status")
            )
            assert status.endswith(" · 1h ago"), status
