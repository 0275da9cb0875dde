"""The record list: a line-API scroll view that draws only the rows on screen.

Rows arrive as ``RowView`` texts (``sync``). Column widths follow the data, measured only
for rows that changed (``ColumnWidths``), and are laid out to fit the list's width
(``core/column_layout.py``: no sideways scrolling from 80 cells on); each drawn row is
kept as one rendered line until its texts, the layout, the cursor or the styles change.
A sync that changes a few rows (the clock tick changes only the rows whose time texts
moved) asks Textual to repaint those lines alone.
"""

from collections.abc import Callable, Mapping, Sequence
from itertools import compress
from operator import attrgetter, is_not

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from bcs_tui.base.text_width import cell_width, clip, clip_middle, pad_right
from bcs_tui.core.column_layout import ShownColumn, Sorting, lay_out_columns, line_width
from bcs_tui.core.record_view import COLUMNS, RowView
from bcs_tui.core.status_view import UNICODE_GLYPHS, GlyphSet
from bcs_tui.ui.keys import bindings
from bcs_tui.ui.widgets.column_widths import ColumnWidths
from bcs_tui.ui.widgets.styled_text import PIECE_COMPONENT_CLASSES

CELL_GAP = 1
"""Blank cells before each cell's text."""
HEADER_LINES = 1
ROW_LINES_KEPT = 512
"""Rendered rows kept: several screens' worth, so scrolling back is cheap, but never a line
per record of a long list."""


def _places_in_same_order(old: Sequence[RowView], new: Sequence[RowView]) -> list[int] | None:
    """The places where ``new`` holds another view than ``old`` (found by identity, at C
    speed) when each of them still holds the same row key; ``None`` when rows came, went
    or moved."""
    if len(old) != len(new):
        return None
    places = list(compress(range(len(new)), map(is_not, old, new)))
    if any(old[index].key != new[index].key for index in places):
        return None
    return places


class RecordList(ScrollView, can_focus=True, inherit_bindings=False):
    BINDINGS = bindings("table")
    COMPONENT_CLASSES = {
        "record-list--header",
        "record-list--cursor",
        "record-list--history",
    } | PIECE_COMPONENT_CLASSES
    DEFAULT_CSS = """
    RecordList {
        background: $surface;
        color: $foreground;
        /* The columns are fitted to the width left of the scroll bar: the same width
           whether or not the rows overflow, so the bar coming never moves them. */
        scrollbar-gutter: stable;
        & > .record-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .record-list--history {
            /* A stored operation the service no longer returns (H): muted, and slanted
               so it reads apart from a stale source's dimmed rows. */
            color: $foreground 55%;
            text-style: italic;
        }
        & > .record-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus {
            background-tint: $foreground 5%;
            & > .record-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .record-list--header {
                background-tint: $foreground 5%;
            }
        }
    }
    """

    class Highlighted(Message):
        """The cursor moved to another record (``None``: the list is empty)."""

        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    class Chosen(Message):
        """A click on the highlighted row (enter is bound to the app's ``open_detail``
        directly, so the keys typed after it reach the detail it opens)."""

        def __init__(self, key: str | None) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None, glyphs: GlyphSet = UNICODE_GLYPHS) -> None:
        super().__init__(id=id)
        self._glyphs = glyphs
        self._sorting = Sorting()
        self._layout: tuple[ShownColumn, ...] = ()
        self._layout_for: tuple[object, ...] | None = None
        """What ``_layout`` was computed from (widths, list width, sorting)."""
        self._order: list[str] = []
        self._views: Sequence[RowView] = []
        self._synced: Sequence[RowView] | None = None
        """The very list last given to ``sync`` (``_views`` holds its rows)."""
        self._column_widths = ColumnWidths()
        self._cursor = 0
        self._lines: LRUCache[str, tuple[RowView, bool, Strip]] = LRUCache(ROW_LINES_KEPT)
        self._header: Strip | None = None
        self._styles: dict[tuple[str, bool], Style] = {}
        """The widget's own style (key ``""``) and its components', looked up once per
        styling (``_forget_lines`` empties it): ``rich_style`` walks every ancestor."""
        self.cursor_listener: Callable[[str | None], None] | None = None
        """Told of the key under the cursor at once when a key, a click or a caller moves
        it. ``Highlighted`` comes later, after the frame; a ``sync`` in between (the
        clock's tick, a poll) keeps the row its owner has selected, so an owner told only
        by the message would put the cursor back and the key press would be lost."""
        self.lines_rendered = 0
        """How many row lines were rendered (not taken from the cache), for tests and
        benchmarks: drawing must cost O(rows on screen), not O(rows)."""

    # ----------------------------------------------------------------- what is shown

    @property
    def row_count(self) -> int:
        return len(self._order)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    @property
    def selected_key(self) -> str | None:
        """Row key (operation ID) under the cursor, or ``None`` when the list is empty."""
        return self._order[self._cursor] if self._order else None

    @property
    def column_widths(self) -> Mapping[str, int]:
        """Each column's text width (without padding): its widest cell or its title."""
        widths = self._column_widths.widths
        return {column.key: width for column, width in zip(COLUMNS, widths, strict=True)}

    @property
    def shown_columns(self) -> tuple[ShownColumn, ...]:
        """The columns drawn, in order, with their widths at the list's width now."""
        return self._layout

    @property
    def cached_lines(self) -> int:
        """Rendered rows kept (the soak's memory curve)."""
        return len(self._lines)

    def row_keys(self) -> list[str]:
        return list(self._order)

    def get_cell(self, key: str, column: str) -> Text:
        """A cell's text, styled as it is drawn."""
        row = self._views[self._order.index(key)]
        return Text(row.cell(column), style=self._cell_style(row, column), no_wrap=True)

    def _cell_style(self, row: RowView, column: str) -> Style:
        if column == "status":
            return self._style(f"piece--{row.style}", partial=True)
        return Style()

    def _style(self, component: str = "", *, partial: bool = False) -> Style:
        """``rich_style`` (no ``component``), or ``get_component_rich_style``."""
        style = self._styles.get((component, partial))
        if style is None:
            if component:
                style = self.get_component_rich_style(component, partial=partial)
            else:
                style = self.rich_style
            self._styles[component, partial] = style
        return style

    # ----------------------------------------------------------------- updates

    def sync(
        self,
        rows: Sequence[RowView],
        *,
        keep: str | None = None,
        since: tuple[Sequence[RowView], Sequence[int]] | None = None,
    ) -> None:
        """Show ``rows`` in this order, repainting only the lines that differ.

        The cursor stays on ``keep`` (default: the record under the cursor now) if it is
        still listed; otherwise on the row now at the cursor's old position. ``since``
        (``RowDiff.since``): ``(before, places)`` when ``rows`` equals ``before`` but at
        ``places``, keys included; when ``before`` is the very list last synced, the sync
        costs those places alone (no copy, no pass over every row). The lists given
        must never be changed in place afterwards (``DashboardState`` hands out new
        lists)."""
        selected = keep if keep is not None else self.selected_key
        old_order, old_views, old_top = self._order, self._views, self._first_visible()
        old_cursor = self._cursor
        views: Sequence[RowView]
        places: list[int] | None
        if since is not None and since[0] is self._synced and len(rows) == len(old_views):
            views, places = rows, list(since[1])
        else:
            views = list(rows)
            places = _places_in_same_order(old_views, views)
        self._synced = rows
        if places is None:
            self._order = list(map(attrgetter("key"), views))
            self._column_widths.update(self._order, views)
        else:
            # The same keys in the same order (a clock tick, a record replaced in place):
            # only the places whose view changed are looked at.
            self._column_widths.update_places(views, places)
        self._views = views
        self._cursor = min(max(self._row_of(selected), 0), max(self.row_count - 1, 0))
        # New widths lay the columns out anew only when they change what fits.
        layout_changed = self._lay_out()
        self.virtual_size = Size(self._line_width(), self.row_count + HEADER_LINES)
        if layout_changed:
            self._lines.clear()  # every line is laid out anew
            self._header = None
            self.refresh()
        elif places is None and old_order != self._order:
            self.refresh()  # rows moved: lines are drawn from the cache where they can be
        else:
            self._refresh_changed(old_views)
            if old_cursor != self._cursor:
                self.refresh_line(old_cursor + HEADER_LINES)
                self.refresh_line(self._cursor + HEADER_LINES)
        self._scroll_to_cursor(old_top)

    def _row_of(self, key: str | None) -> int:
        """Where ``key`` is listed now; the cursor's position if it is not."""
        cursor = self._cursor
        if key is None or (cursor < self.row_count and self._order[cursor] == key):
            return cursor
        try:
            return self._order.index(key)
        except ValueError:
            return cursor

    def _refresh_changed(self, old_views: Sequence[RowView]) -> None:
        """Same rows in the same order: repaint the visible ones whose texts changed."""
        first = self._first_visible()
        for index in range(first, min(first + self._body_height(), self.row_count)):
            before, row = old_views[index], self._views[index]
            if before is not row and before.cells != row.cells:
                self.refresh_line(index + HEADER_LINES)

    def show_sorting(self, sorting: Sorting) -> None:
        """Mark the column the list is sorted by (its title gets an arrow)."""
        if sorting != self._sorting:
            self._sorting = sorting
            if self._lay_out():
                self._forget_lines()

    def on_resize(self, _event: events.Resize) -> None:
        # A new width lays the columns out anew (the rows' texts stay as they are).
        if self._lay_out():
            self._forget_lines()

    def _lay_out(self) -> bool:
        """Fit the columns to the list's width now; whether the layout changed (then the
        virtual size is set, but the lines drawn are the caller's to forget)."""
        natural = self._column_widths.widths
        width = self.scrollable_content_region.width
        if width <= 0:  # before the first layout: as wide as the columns want
            width = sum(natural) + CELL_GAP * len(natural)
        inputs = (natural, width, self._sorting)
        if inputs == self._layout_for:
            return False
        self._layout_for = inputs
        layout = lay_out_columns(
            dict(zip((column.key for column in COLUMNS), natural, strict=True)),
            width,
            CELL_GAP,
            self._sorting,
            self._glyphs,
        )
        self.virtual_size = Size(line_width(layout, CELL_GAP), self.row_count + HEADER_LINES)
        if layout == self._layout:
            return False
        self._layout = layout
        return True

    def restyle(self) -> None:
        """Draw everything again, e.g. after the theme changed."""
        self._forget_lines()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_lines()

    def on_focus(self) -> None:
        self._forget_lines()

    def on_blur(self) -> None:
        self._forget_lines()

    def _forget_lines(self) -> None:
        self._styles.clear()
        self._lines.clear()
        self._header = None
        self.refresh()

    # ----------------------------------------------------------------- drawing

    def _line_width(self) -> int:
        return line_width(self._layout, CELL_GAP)

    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - HEADER_LINES)

    def _first_visible(self) -> int:
        return round(self.scroll_offset.y)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        # The first frame comes before the first resize: lay out for the width drawn.
        stale = self._layout_for is None or width != self._layout_for[1]
        if stale and self._lay_out():
            self._lines.clear()
            self._header = None
            if y > 0:
                self.refresh()  # lines above this one were drawn with the old layout
        fill = self._style()
        if y < HEADER_LINES:
            line = self._header_line()
            fill += self._style("record-list--header")
        else:
            index = scroll_y + y - HEADER_LINES
            if index >= self.row_count:
                return Strip.blank(width, fill)
            line = self._row_line(index)
            if index == self._cursor:
                fill += self._style("record-list--cursor")
        # The titles and the cursor's bar reach across the whole width, as a table's do.
        return line.crop_extend(scroll_x, scroll_x + width, fill)

    def _header_line(self) -> Strip:
        if self._header is None:
            cells = [(column.title, Style()) for column in self._layout]
            self._header = self._draw(cells, self._style() + self._style("record-list--header"))
        return self._header

    def _row_line(self, index: int) -> Strip:
        row = self._views[index]
        key = row.key
        is_cursor = index == self._cursor
        cached = self._lines.get(key)
        if (
            cached is not None
            and cached[1] == is_cursor
            and cached[0].cells == row.cells
            and cached[0].held == row.held
        ):
            return cached[2]
        cursor = self._style("record-list--cursor") if is_cursor else None
        cells = [
            (row.fitting(column.key, column.width), self._cell_style(row, column.key))
            for column in self._layout
        ]
        base = self._style()
        if row.held:
            # Its source is stale: dimmed as the stale data of one source is. The whole
            # component style: a partial one drops the colour's alpha, so it did not dim.
            base += self._style("piece--muted")
        elif row.history:
            base += self._style("record-list--history", partial=True)
        line = self._draw(cells, base, cursor)
        self.lines_rendered += 1
        self._lines.discard(key)  # LRUCache.set keeps an existing entry
        self._lines[key] = (row, is_cursor, line)
        return line

    def _draw(
        self, cells: Sequence[tuple[str, Style]], base: Style, over: Style | None = None
    ) -> Strip:
        """One line of the shown columns' cells, each after its gap and cut to its width
        (the operation ID in the middle, others at the end); a cell's style covers its gap,
        and ``over`` (the cursor's) goes over every cell's own, as the cursor of a table
        does."""
        gap = " " * CELL_GAP
        ellipsis = self._glyphs.ellipsis
        segments = []
        for (text, style), column in zip(cells, self._layout, strict=True):
            width = column.width
            if cell_width(text) > width:
                text = (clip_middle if column.middle else clip)(text, width, ellipsis)
            cell_style = base + style if over is None else base + style + over
            segments.append(Segment(f"{gap}{pad_right(text, width)}", cell_style))
        return Strip(segments, self._line_width()).simplify()

    # ----------------------------------------------------------------- the cursor

    def move_cursor(self, row: int) -> None:
        """Put the cursor on ``row`` (clamped), scroll it into view and say so."""
        if not self._order:
            return
        row = min(max(row, 0), self.row_count - 1)
        if row != self._cursor:
            old = self._cursor
            self._cursor = row
            self.refresh_line(old + HEADER_LINES)
            self.refresh_line(row + HEADER_LINES)
            if self.cursor_listener is not None:
                self.cursor_listener(self.selected_key)
            self.post_message(self.Highlighted(self.selected_key))
        self._scroll_to_cursor(self._first_visible())

    def _scroll_to_cursor(self, top: int) -> None:
        """Scroll the least needed to show the cursor's row (from ``top``, the first row
        shown), so the view does not jump while the cursor stays on screen."""
        height = self._body_height()
        if self._cursor < top:
            top = self._cursor
        elif self._cursor >= top + height:
            top = self._cursor - height + 1
        top = max(
            0, min(top, self.row_count + HEADER_LINES - self.scrollable_content_region.height)
        )
        if top != self._first_visible():
            self.scroll_to(y=top, animate=False, immediate=True)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_page_down(self) -> None:
        self.move_cursor(self._cursor + self._body_height())

    def action_page_up(self) -> None:
        self.move_cursor(self._cursor - self._body_height())

    def action_scroll_top(self) -> None:
        self.move_cursor(0)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(self.row_count - 1)

    def action_select_cursor(self) -> None:
        if self._order:
            self.post_message(self.Chosen(self.selected_key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER_LINES:
            return
        index = self._first_visible() + offset.y - HEADER_LINES
        if index >= self.row_count:
            return
        event.stop()
        if index == self._cursor:
            self.action_select_cursor()
        else:
            self.move_cursor(index)
