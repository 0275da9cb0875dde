"""Cell updates: a text that got wider widens its column (nothing is cut off); one that got
narrower narrows it again once no other cell needs the room."""

from pathlib import Path

import pytest

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
        long_name = "a-considerably-longer-chain"
        source.set_records(record_payload("OP-1", blockchain_name=long_name))
        await pilot.press("r")
        await fetched(app, 2)
        await pilot.pause()
        assert table.get_cell("OP-1", "blockchain").plain == long_name
        assert table.column_widths["blockchain"] >= len(long_name)
        source.set_records(record_payload("OP-1", blockchain_name="tiny"))
        await pilot.press("r")
        await fetched(app, 3)
        await pilot.pause()
        assert table.get_cell("OP-1", "blockchain").plain == "tiny"
        assert table.column_widths["blockchain"] == len("Blockchain")
        rendered = table.render_line(1).text
        assert "tiny" in rendered and long_name not in rendered
