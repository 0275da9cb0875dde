"""A refresh that makes many cells shorter must not freeze the dashboard (found by the soak:
with 10,000 records, a response that emptied one column froze the screen for minutes, as
each shortened cell made the table measure every cell of its column again)."""

from collections.abc import Iterable
from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets.data_table import ColumnKey

from tests.clock import ManualClock
from tests.ui.support import FROZEN_AT, ScriptedSource, fetched, make_app, record_payload

ROWS = 1000


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(FROZEN_AT)


async def test_many_cells_getting_shorter_is_quick(clock: ManualClock, tmp_path: Path) -> None:
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
        column_scans = 0
        scan_column = table.get_column

        def counting_scan(column_key: ColumnKey) -> Iterable[Text]:
            nonlocal column_scans
            column_scans += 1
            return scan_column(column_key)

        table.get_column = counting_scan  # type: ignore[method-assign]
        await pilot.press("r")
        await fetched(app, 2)
        await pilot.pause()  # the table measures its columns when idle
        assert table.get_cell("OP-00001", "blockchain").plain == "b"
        # The column shrank to fit its new, shorter text (its title is now the widest).
        assert table.columns[ColumnKey("blockchain")].content_width == len("Blockchain")
    # Once per shortened column, not once per shortened cell (that was 1,000 full scans of
    # 1,000 cells here; the cost is measured in benchmarks/, the count is asserted here).
    assert column_scans <= 1, f"{column_scans} full column scans for one refresh"
