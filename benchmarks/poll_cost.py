"""In process, headless: the UI loop work of one round of polling a running operation
alone (``DashboardApp._poll_running``) whose answer moved in the sort order (the simulator
moves a running record's ``record_time`` with each sub-step, and the default order is by
time), and of one that kept its place. The answer is handed over already parsed, as
``ui_refresh.MeteredSource`` does, so what is timed is the work after the data arrives,
including the garbage collections it triggers.

python -m benchmarks.poll_cost [N]   # N records from the simulator (default 10,000)
"""

import asyncio
import sys
from dataclasses import dataclass, field

from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import OperationRecord, RecordList, record_list
from bcs_tui.base.timefmt import NS_PER_MS
from bcs_tui.ui.app import DashboardApp
from benchmarks.loop_meter import LoopMeter
from benchmarks.stats import Sample, ms_sample
from benchmarks.ui_refresh import SIZE, MeteredSource, _options, _settle, _stop_clock_tick


@dataclass
class PollingSource(MeteredSource):
    """The whole list from ``bodies``; one operation alone from ``answers``."""

    answers: dict[str, OperationRecord] = field(default_factory=dict)

    async def list_records(self, filters: RecordFilters) -> RecordList:
        if filters.operation_id is None:
            return await super().list_records(filters)
        record = self.answers[filters.operation_id]
        self.meter.start()
        return record_list(1, [record])


async def _measure(body: bytes, runs: int, *, moved: bool) -> Sample:
    meter = LoopMeter()
    source = PollingSource([body], meter)
    app = DashboardApp(source, _options())
    busy: list[float] = []
    with meter.installed():
        async with app.run_test(size=SIZE) as pilot:
            await asyncio.wait_for(app.wait_for_fetches(1), 120)
            await _settle(app, pilot)
            _stop_clock_tick(app)
            meter.stop()
            keys = app.state.operations_to_poll(20) or []
            assert keys, "no running operation to poll"
            for run in range(runs):
                # The last listed running record (not the selected one, whose detail pane
                # would repaint too): a new time moves it to the top; a new name does not.
                key = keys[-1]
                record = app.state.record_for(key)
                assert record is not None
                if moved:
                    latest = max(r.record_time or 0 for _, r in app.state.records)
                    fresh = record.model_copy(update={"record_time": latest + NS_PER_MS})
                else:
                    fresh = record.model_copy(update={"blockchain_name": f"renamed-{run}"})
                source.answers = {k: app.state.record_for(k) for k in keys}  # type: ignore[misc]
                source.answers[key] = fresh
                await app._poll_running()
                await _settle(app, pilot)
                meter.stop()
                busy.append(meter.busy_s)
    return ms_sample(busy)


def main() -> None:
    from benchmarks.ui_refresh import bodies_for

    records = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    body = bodies_for([records])[records]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    for moved in (True, False):
        sample = asyncio.run(_measure(body, runs, moved=moved))
        what = "moved" if moved else "kept its place"
        print(f"N={records:,}: one poll round, the record {what}: {sample.show()}")


if __name__ == "__main__":
    main()
