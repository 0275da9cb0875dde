"""Which columns the record list shows, and how wide, so the list fits its width.

Every column wants its widest text (or its title). When that does not fit, the list gives
way in a fixed order until the "Where" column has room: the operation ID is shortened in
the middle below ``ID_WHOLE_FROM`` cells (its end tells IDs apart), the low-value columns
(resource type, then "Updated") go, then the operation ID (the detail pane always shows
it). Only then are names shortened: the source's (shown only with several sources) down to
its title, the operation's, the ID of a list sorted by it, the blockchain's in the middle
(``bcs-le…kcv``: chains of one project differ by their suffix); and last the source's
name goes, but only when "Where" would not fit at all. So a blockchain name stays whole
down to 100 columns, and the source stays in sight at 80, whatever the list is sorted by.
The column the list is sorted by is never dropped. "Where" then takes every cell left, cut
at its end. Only when even that cannot fit (a list far narrower than 80 cells) is the line
wider than the list (it scrolls sideways).

Computed from the column widths alone, never per record: a layout is a few dozen
operations, and the list keeps it until its width, the widths or the sort change.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from enum import Enum

from bcs_tui.base.text_width import cell_width
from bcs_tui.core.listing import SortColumn
from bcs_tui.core.record_view import COLUMNS
from bcs_tui.core.status_view import GlyphSet

ID_WHOLE_FROM = 118
"""From this many cells on, the operation ID is shown whole: the list of a terminal 120
cells wide, less the list's scroll bar (2)."""
ID_SHORT_WIDTH = 18
"""``BCSSVC01-99-…93855``: the resource and operation type, and the ID's last digits."""
WHERE_MIN_WIDTH = 20
"""The room the "Where" column is given before more columns give way."""
SHRUNK_MIN_WIDTH = 10
"""The narrowest a shortened name column gets."""
WHERE = "where"
OPERATION_ID = "operation_id"
SOURCE = "source"
BLOCKCHAIN = "blockchain"
MIDDLE_CUT = frozenset({OPERATION_ID, BLOCKCHAIN})
"""Columns cut in the middle: their ends tell IDs and chain names apart."""


class Give(Enum):
    DROP = "drop"
    SHRINK = "shrink"


GIVING_WAY: tuple[tuple[Give, str], ...] = (
    (Give.DROP, "resource"),
    (Give.DROP, "updated"),
    (Give.DROP, OPERATION_ID),
    (Give.SHRINK, SOURCE),
    (Give.SHRINK, "operation"),
    (Give.SHRINK, OPERATION_ID),
    (Give.SHRINK, BLOCKCHAIN),
    (Give.DROP, SOURCE),
)
"""What gives way, in order, while "Where" has less than its room."""
LAST_RESORT = (Give.DROP, SOURCE)
"""Taken only when not even the title of "Where" fits."""

SORTED_COLUMN: Mapping[SortColumn, str] = {
    SortColumn.STATUS: "status",
    SortColumn.OPERATION: "operation",
    SortColumn.BLOCKCHAIN: BLOCKCHAIN,
    SortColumn.PROGRESS: "progress",
    SortColumn.DURATION: "duration",
    SortColumn.UPDATED: "updated",
    SortColumn.OPERATION_ID: OPERATION_ID,
}
"""The column each sort order is marked on (the default order, running first, on none)."""


@dataclass(frozen=True)
class ShownColumn:
    key: str
    title: str
    """The title as shown (with the sort arrow on the sorted column)."""
    width: int
    """Cells for the text (the gap before it not counted)."""
    middle: bool = False
    """Longer text is cut in the middle (the operation ID, the blockchain), else at its end."""


@dataclass(frozen=True)
class Sorting:
    """The column the list is sorted by (``None``: the default order) and its direction."""

    key: str | None = None
    descending: bool = False


def sorting_of(column: SortColumn, reverse: bool) -> Sorting:
    return Sorting(SORTED_COLUMN.get(column), reverse)


def lay_out_columns(
    natural: Mapping[str, int], width: int, gap: int, sorting: Sorting, glyphs: GlyphSet
) -> tuple[ShownColumn, ...]:
    """The columns shown at ``width`` cells (``gap`` blank cells before each), from each
    column's ``natural`` text width (its widest cell or its title)."""
    # The source's name is shown with several sources only: with one, its cells are empty.
    columns = [column for column in COLUMNS if column.key != SOURCE]
    if natural.get(SOURCE, 0):
        columns.insert(0, next(column for column in COLUMNS if column.key == SOURCE))
    titles = {column.key: column.title for column in columns}
    if sorting.key is not None:
        arrow = glyphs.sort_descending if sorting.descending else glyphs.sort_ascending
        titles[sorting.key] += f" {arrow}"
    wanted = {key: max(natural[key], cell_width(title)) for key, title in titles.items()}
    widths = dict(wanted)
    shown = [column.key for column in columns]
    if width < ID_WHOLE_FROM:
        short_id = max(ID_SHORT_WIDTH, _title(titles, OPERATION_ID))
        widths[OPERATION_ID] = min(wanted[OPERATION_ID], short_id)

    def room() -> int:
        """Cells left for the text of "Where"."""
        return width - sum(widths[key] + gap for key in shown if key != WHERE) - gap

    needed = min(WHERE_MIN_WIDTH, wanted[WHERE])
    shrunk: list[str] = []
    for action, key in GIVING_WAY:
        short = needed - room()
        if (action, key) == LAST_RESORT:
            # Whose record it is counts more than the room of "Where" (the detail pane
            # shows where it is too): the source goes only when nothing else fits.
            short = _title(titles, WHERE) - room()
        if short <= 0:
            break
        if action is Give.DROP:
            if (
                key in shown and key != sorting.key
            ):  # the column the rows are sorted by stays in sight
                shown.remove(key)
        elif key in shown:  # narrower by what is missing, down to its floor
            floor = (
                _title(titles, key) if key == SOURCE else max(SHRUNK_MIN_WIDTH, _title(titles, key))
            )
            widths[key] = max(min(floor, widths[key]), widths[key] - short)
            shrunk.append(key)
    for key in reversed(shrunk):  # a column dropped later may have left room to give back
        widths[key] += max(0, min(wanted[key] - widths[key], room() - needed))
    widths[WHERE] = max(room(), _title(titles, WHERE))
    return tuple(
        ShownColumn(key, titles[key], widths[key], middle=key in MIDDLE_CUT) for key in shown
    )


def _title(titles: Mapping[str, str], key: str) -> int:
    return cell_width(titles[key])


def line_width(columns: tuple[ShownColumn, ...], gap: int) -> int:
    return sum(column.width + gap for column in columns)
