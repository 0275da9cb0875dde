"""The header's connection states each have a glyph of their own among the statuses':
paused is the dashboard's own choice, not an operation's ``stopped``."""

import pytest

from bcs_tui.base.status import Status
from bcs_tui.base.text_width import cell_width
from bcs_tui.core.header_view import Connection, HeaderView, identity_line, state_glyph
from bcs_tui.core.status_view import glyph_set
from tests.core.view_records import plain_text


@pytest.mark.parametrize("ascii_only", [False, True])
def test_paused_has_a_glyph_no_status_uses(ascii_only: bool) -> None:
    glyphs = glyph_set(ascii_only)
    paused = state_glyph(Connection.PAUSED, glyphs)
    assert paused not in {glyphs.status(status) for status in Status}
    assert paused not in {glyphs.invalid, glyphs.separator}
    for state in Connection:
        assert cell_width(state_glyph(state, glyphs)) == 1
        assert state_glyph(state, glyphs).isascii() or not ascii_only


def test_the_header_shows_the_paused_glyph() -> None:
    view = HeaderView(
        profile="prod",
        region="",
        project_id="",
        connection=Connection.PAUSED,
        updated_ns=None,
        now=0,
        interval_s=5.0,
        next_delay_s=5.0,
        error=None,
        shown=0,
        total=0,
        sort="running first",
        reverse=False,
        server_filters="",
        search="",
        utc=False,
    )
    assert "‖ paused" in plain_text([identity_line(view, glyph_set(False))])
    assert "= paused" in plain_text([identity_line(view, glyph_set(True))])
