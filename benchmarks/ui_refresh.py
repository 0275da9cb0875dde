"""Rows 4 and 5: the UI work of one refresh, in process, headless (``App.run_test``).

The record source hands over already-parsed data and starts the meter at that moment, so
what is measured is the event loop's work *after the data arrives*: diffing, table and
detail updates, the repaint. The once-a-second clock tick is paused during a measurement
and timed on its own (it repaints the ticking age and duration texts).
"""

import asyncio
import json
import time
from dataclasses import dataclass, field
from typing import Any

from bcs_tui.api.body_reuse import BodyReuse
from bcs_tui.api.client import _parse_records as parse_records_body
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.options import DashboardOptions
from benchmarks.loop_meter import LoopMeter
from benchmarks.stats import Sample, ms_sample
from benchmarks.table import Row

SIZE = (120, 40)
NEVER_S = 3600.0
FROZEN_AT = 1_767_225_600 * NS_PER_S


@dataclass
class MeteredSource:
    """Serves the given bodies in turn through the client's own body handling (an identical
    body gives back the identical result, as ``BcsClient`` does); the meter starts when the
    data is handed to the app."""

    bodies: list[bytes]
    meter: LoopMeter
    served: int = 0
    reuse: BodyReuse = field(default_factory=lambda: BodyReuse(parse_records_body))

    async def list_records(self, filters: RecordFilters) -> RecordList:
        body = self.bodies[self.served % len(self.bodies)]
        self.served += 1
        result = self.reuse.records(body)
        self.meter.start()
        return result


@dataclass
class RefreshResult:
    records: int
    busy: Sample
    repainted: dict[str, int]
    refreshed_regions: dict[str, int]
    refreshed_full: dict[str, int]
    tick: Sample
    notes: list[str] = field(default_factory=list)

    def repaint_text(self) -> str:
        if not self.repainted:
            return "nothing repainted"
        return "repainted: " + ", ".join(f"{name} x{n}" for name, n in self.repainted.items())


def _options() -> DashboardOptions:
    return DashboardOptions(
        profile="bench",
        project_id="0b5c1d2e3f4a5b6c7d8e9f0a1b2c3d4e",
        interval_s=NEVER_S,
        active_interval_s=NEVER_S,
        utc=True,
        clock=lambda: FROZEN_AT,
    )


def _stop_clock_tick(app: DashboardApp) -> None:
    """The once-a-second tick would land in some measurements and not others; it is
    timed on its own instead (``app._tick``)."""
    for timer in list(app._timers):
        if timer.name == "clock tick":
            timer.stop()


async def _settle(app: DashboardApp, pilot: Any) -> None:
    await pilot.pause()
    app.screen._on_timer_update()


def changed_bodies(body: bytes, operation_id: str) -> list[bytes]:
    """Two versions of ``body`` that differ in one record's blockchain name only."""
    versions = []
    for suffix in ("-a", "-b"):
        payload = json.loads(body)
        for record in payload["operation_records"]:
            if record.get("operation_id") == operation_id:
                record["blockchain_name"] = str(record.get("blockchain_name")) + suffix
        versions.append(json.dumps(payload, separators=(",", ":")).encode())
    return versions


async def _measure(body: bytes, runs: int, *, one_changed: bool) -> RefreshResult:
    meter = LoopMeter()
    source = MeteredSource([body], meter)
    app = DashboardApp(source, _options())
    busy: list[float] = []
    ticks: list[float] = []
    with meter.installed():
        async with app.run_test(size=SIZE) as pilot:
            await asyncio.wait_for(app.wait_for_fetches(1), 120)
            await _settle(app, pilot)
            _stop_clock_tick(app)
            meter.stop()
            if one_changed:
                selected = app.selected_key
                assert selected is not None
                source.bodies = changed_bodies(body, selected)
                source.served = 0
            records = len(app.records)
            for fetch in range(2, runs + 2):
                app.request_refresh()
                await asyncio.wait_for(app.wait_for_fetches(fetch), 120)
                await _settle(app, pilot)
                meter.stop()
                busy.append(meter.busy_s)
            for _ in range(max(1, runs // 2)):
                started = time.perf_counter()
                await app._tick()
                ticks.append(time.perf_counter() - started)
                await _settle(app, pilot)
    return RefreshResult(
        records=records,
        busy=ms_sample(busy),
        repainted=dict(meter.repainted),
        refreshed_regions=dict(meter.refreshed_regions),
        refreshed_full=dict(meter.refreshed_full),
        tick=ms_sample(ticks),
    )


def measure_refresh(body: bytes, runs: int, *, one_changed: bool = False) -> RefreshResult:
    return asyncio.run(_measure(body, runs, one_changed=one_changed))


def bodies_for(sizes: list[int]) -> dict[int, bytes]:
    """The simulator's body at each size, with the same frozen clock the app uses."""
    from benchmarks.sim_process import fetch_body, sim_process

    out = {}
    for size in sizes:
        with sim_process(size, FROZEN_AT) as endpoint:
            out[size] = fetch_body(endpoint)
    return out


def refresh_rows(unchanged: list[RefreshResult], changed: RefreshResult) -> list[Row]:

    targets_ms = {1_000: 5.0, 10_000: 25.0}
    parts, met = [], True
    for result in unchanged:
        limit = targets_ms.get(result.records, 25.0)
        parts.append(f"N={result.records:,}: {result.busy.show()}, {result.repaint_text()}")
        met = met and result.busy.median < limit and not result.repainted
    ticks = "; ".join(f"N={r.records:,}: {r.tick.show()}" for r in unchanged)
    base = unchanged[-1]
    times = changed.busy.median / base.busy.median if base.busy.median else float("inf")
    expected = {"RecordList#records", "Static", "DetailPane#detail"}
    extra = set(changed.repainted) - expected
    return [
        Row(
            "4",
            "UI work of one refresh with nothing changed (loop busy after data arrives)",
            "; ".join(parts) + f" | clock tick (1/s) alone: {ticks}",
            "< 5 ms at 1k, < 25 ms at 10k; zero widgets re-rendered",
            met,
        ),
        Row(
            "5",
            f"one refresh with one (selected) record changed, N={changed.records:,}",
            f"{changed.busy.show()} = {times:.2f}x row 4; {changed.repaint_text()}",
            "only that row + detail repaint; <= 2x row 4",
            times <= 2.0 and not extra,
        ),
    ]
