"""The record list: a DataTable keyed by operation ID that is updated in place.

A refresh adds, removes and re-orders rows and rewrites only the cells whose text changed;
it never clears the table, so the cursor stays on the same record and the view does not
jump or flicker.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import CellKey, ColumnKey, RowDoesNotExist, RowKey

from bcs_tui.core.diffing import diff_rows
from bcs_tui.core.record_view import COLUMNS, RowView
from bcs_tui.ui.keys import bindings
from bcs_tui.ui.textual_compat import drop_rendered_rows, put_cell_quietly, relayout_all_rows
from bcs_tui.ui.widgets.styled_text import PIECE_COMPONENT_CLASSES


class RecordTable(DataTable[Text]):
    BINDINGS = bindings("table")
    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | PIECE_COMPONENT_CLASSES

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._rows: Mapping[str, RowView] = {}
        for column in COLUMNS:
            self.add_column(column.title, key=column.key)

    @property
    def selected_key(self) -> str | None:
        """Row key (operation ID) under the cursor, or ``None`` when the list is empty."""
        if self.row_count == 0:
            return None
        row = min(max(self.cursor_row, 0), self.row_count - 1)
        key = self.ordered_rows[row].key.value
        return key

    def row_keys(self) -> list[str]:
        return [str(row.key.value) for row in self.ordered_rows]

    def _cell(self, row: RowView, column: str) -> Text:
        if column == "status":
            style = self.get_component_rich_style(f"piece--{row.style}", partial=True)
            return Text(row.cell(column), style=style, no_wrap=True)
        return Text(row.cell(column), no_wrap=True)

    def sync(self, rows: Sequence[RowView], *, keep: str | None = None) -> None:
        """Make the table show ``rows`` in this order, changing only what differs.

        The cursor stays on ``keep`` (default: the record under the cursor now) if it is
        still listed; otherwise on the row now at the cursor's old position."""
        selected = keep if keep is not None else self.selected_key
        old_index = self.cursor_row
        new = {row.key: row for row in rows}
        changes = diff_rows(self._rows, new)
        for key in changes.removed:
            self.remove_row(key)
        self._update_cells(
            {
                key: {column: self._cell(new[key], column) for column in columns}
                for key, columns in changes.changed_cells.items()
            }
        )
        for key in changes.added:
            row = new[key]
            self.add_row(*(self._cell(row, column.key) for column in COLUMNS), key=key)
        self._rows = new
        wanted = [row.key for row in rows]
        if self.row_keys() != wanted:
            self._reorder(wanted)
        self._restore_cursor(selected, old_index)

    def _update_cells(self, changed: Mapping[str, Mapping[str, Text]]) -> None:
        """Put new texts in cells; repaint only their rows unless a column changed width.

        Widths follow the text ("1.0s" -> "10m05s"), so nothing is cut off, but a column
        is fitted again (``_fit_column_widths``, one scan per column) only when its
        width can change: a text got wider than it, or the widest cell got narrower. And
        ``update_cell`` would repaint the whole table for any change: a full-screen write
        on every clock tick (benchmarks/RESULTS.md, rows 6, 7 and 9)."""
        repaint: set[RowKey] = set()
        refit: set[CellKey] = set()
        for key, cells in changed.items():
            row_key = RowKey(key)
            for column, value in cells.items():
                column_key = ColumnKey(column)
                width = self.columns[column_key].content_width
                old_width = self.get_cell(row_key, column_key).cell_len
                put_cell_quietly(self, row_key, column_key, value)
                repaint.add(row_key)
                if value.cell_len > width or value.cell_len < width <= old_width:
                    refit.add(CellKey(row_key, column_key))
        before = {column.key: column.content_width for column in self.columns.values()}
        if refit:
            self._fit_column_widths(refit)
        if any(column.content_width != before[column.key] for column in self.columns.values()):
            relayout_all_rows(self)  # every row's rendering depends on the widths
            self.refresh()
            return
        if repaint:
            # Not ``relayout_all_rows``: text changes leave the row order and offsets as
            # they are, and those cost O(rows) to rebuild.
            drop_rendered_rows(self)
            for row_key in repaint:
                self.refresh_row(self.get_row_index(row_key))

    def _reorder(self, wanted: list[str]) -> None:
        # DataTable.sort passes cell values, not row keys, to the key function; the
        # operation-ID cell objects are unique per row, so rank them by identity.
        rank = {id(self.get_cell(key, "operation_id")): index for index, key in enumerate(wanted)}
        self.sort("operation_id", key=lambda cell: rank[id(cell)])

    def _restore_cursor(self, selected: str | None, old_index: int) -> None:
        if self.row_count == 0:
            return
        try:
            index = self.get_row_index(selected) if selected is not None else old_index
        except RowDoesNotExist:
            index = old_index
        index = min(max(index, 0), self.row_count - 1)
        if index != self.cursor_row:
            visible = self.scroll_y <= index < self.scroll_y + max(1, self.size.height - 2)
            self.move_cursor(row=index, scroll=not visible)

    def _fit_column_widths(self, updated_cells: set[CellKey]) -> None:
        """Fit the columns of the updated cells, measuring each column at most once.

        DataTable's own fitting (``update_cell(..., update_width=True)``) measures a whole
        column again for every cell that got shorter, so a refresh that shortens a column
        of N rows costs N x N measurements: with 10,000 records, minutes of frozen screen.
        Every cell here is a one-line ``Text``, so its width is its ``cell_len``."""
        updated_by_column: defaultdict[ColumnKey, list[int]] = defaultdict(list)
        for row_key, column_key in updated_cells:
            if column_key in self.columns and row_key in self.rows:
                updated_by_column[column_key].append(self.get_cell(row_key, column_key).cell_len)
        for column_key, widths in updated_by_column.items():
            column = self.columns[column_key]
            label_width = column.label.cell_len
            if min(widths) < column.content_width:
                column.content_width = max(
                    [label_width, *(cell.cell_len for cell in self.get_column(column_key))]
                )
            else:
                column.content_width = max(label_width, *widths)

    def restyle(self) -> None:
        """Re-apply the status styles, e.g. after the theme changed."""
        for key, row in self._rows.items():
            self.update_cell(key, "status", self._cell(row, "status"))
