"""Cell updates: a text that got wider widens its column (nothing is cut off); one that got
narrower changes its row only, without DataTable measuring the whole column again."""

from pathlib import Path

import pytest
from textual.widgets.data_table import ColumnKey

from tests.clock import ManualClock
from tests.ui.support import FROZEN_AT, ScriptedSource, fetched, make_app, record_payload


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(FROZEN_AT)


async def test_wider_text_widens_the_column_narrower_text_just_changes(
    clock: ManualClock, tmp_path: Path
) -> None:
    source = ScriptedSource()
    source.set_records(record_payload("OP-1", blockchain_name="short"))
    app = make_app(source, clock, tmp_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await fetched(app, 1)
        await pilot.pause()
        table = app.main_screen.table
        column = table.columns[ColumnKey("blockchain")]
        long_name = "a-considerably-longer-chain"
        source.set_records(record_payload("OP-1", blockchain_name=long_name))
        await pilot.press("r")
        await fetched(app, 2)
        await pilot.pause()
        assert table.get_cell("OP-1", "blockchain").plain == long_name
        assert column.content_width >= len(long_name)
        source.set_records(record_payload("OP-1", blockchain_name="tiny"))
        await pilot.press("r")
        await fetched(app, 3)
        await pilot.pause()
        assert table.get_cell("OP-1", "blockchain").plain == "tiny"
        rendered = "".join(segment.text for segment in table.render_line(1))
        assert "tiny" in rendered and long_name not in rendered
