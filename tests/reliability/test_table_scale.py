"""A refresh that makes many cells shorter must not freeze the dashboard (found by the soak:
with 10,000 records, a response that emptied one column froze the screen for minutes, as
each shortened cell made the table measure every cell of its column again)."""

from pathlib import Path

import pytest

from bcs_tui.core.record_view import COLUMNS
from bcs_tui.ui.widgets import column_widths
from tests.clock import ManualClock
from tests.ui.support import FROZEN_AT, ScriptedSource, fetched, make_app, record_payload

ROWS = 1000


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(FROZEN_AT)


async def test_many_cells_getting_shorter_is_quick(
    clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = ScriptedSource()
    source.set_records(
        *(
            record_payload(f"OP-{index:05d}", blockchain_name=f"a-long-blockchain-name-{index:05d}")
            for index in range(ROWS)
        )
    )
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(160, 48)) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        source.set_records(
            *(record_payload(f"OP-{index:05d}", blockchain_name="b") for index in range(ROWS))
        )
        table = app.main_screen.table
        measurements = 0
        measure = column_widths.cell_width

        def counting_measure(text: str) -> int:
            nonlocal measurements
            measurements += 1
            return measure(text)

        monkeypatch.setattr(column_widths, "cell_width", counting_measure)
        await pilot.press("r")
        await fetched(app, 2)
        await pilot.pause()
        assert table.get_cell("OP-00001", "blockchain").plain == "b"
        # The column shrank to fit its new, shorter text (its title is now the widest).
        assert table.column_widths["blockchain"] == len("Blockchain")
    # Each changed row's cells measured once, not a column's cells per shortened cell (that
    # was 1,000 full scans of 1,000 cells here; the cost is measured in benchmarks/).
    assert measurements <= ROWS * len(COLUMNS), f"{measurements} cell measurements for one refresh"
