"""Column widths follow the data and cost only the rows that changed."""

import random

import pytest

from bcs_tui.core import record_view
from bcs_tui.core.record_view import RowView
from bcs_tui.ui.widgets import column_widths
from bcs_tui.ui.widgets.column_widths import ColumnWidths
from tests.ui.test_record_list import row


@pytest.fixture
def measured(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every text measured, in order."""
    texts: list[str] = []
    measure = record_view.cell_width

    def counting(text: str) -> int:
        texts.append(text)
        return measure(text)

    # A row's cells are measured by its view (``RowView.cell_widths``), once per view.
    monkeypatch.setattr(record_view, "cell_width", counting)
    return texts


def fit(widths: ColumnWidths, *views: RowView) -> bool:
    return widths.update([view.key for view in views], views)


def test_a_column_widens_with_its_widest_text_and_narrows_when_that_text_goes() -> None:
    widths = ColumnWidths()
    short, wide = row("A", blockchain="b"), row("B", blockchain="a" * 30)
    assert fit(widths, short)
    assert widths.widths[2] == len("Blockchain")
    assert fit(widths, short, wide)
    assert widths.widths[2] == 30
    assert not fit(widths, short, row("B", blockchain="c" * 30))  # as wide: no change
    assert fit(widths, short, row("B", blockchain="c"))  # the widest went narrower
    assert widths.widths[2] == len("Blockchain")
    assert fit(widths, short, wide)
    assert fit(widths, short)  # the widest row went away
    assert widths.widths[2] == len("Blockchain")
    assert fit(widths)
    assert widths.widths == widths.titles


def test_two_cells_of_the_widest_width_both_have_to_go() -> None:
    widths = ColumnWidths()
    views = [row("A", blockchain="x" * 20), row("B", blockchain="y" * 20), row("C")]
    fit(widths, *views)
    assert not fit(widths, row("A", blockchain="x"), *views[1:])
    assert widths.widths[2] == 20
    assert fit(widths, row("A", blockchain="x"), row("B", blockchain="y"), views[2])
    assert widths.widths[2] == len("blockchain-C")


def test_only_rows_whose_view_changed_are_measured(measured: list[str]) -> None:
    widths = ColumnWidths()
    views = [row(f"OP-{index}") for index in range(100)]
    fit(widths, *views)
    measured.clear()
    fit(widths, *views)  # a tick that changed nothing
    assert measured == []
    fit(widths, *reversed(views))  # re-sorted: the same views
    assert measured == []
    changed = [*views]
    changed[7] = row("OP-7", duration="1m02s")
    fit(widths, *changed)
    assert "1m02s" in measured and len(measured) == len(column_widths.COLUMNS)


def test_a_row_that_moves_and_changes_width_fits_the_columns_as_a_fresh_measure(
    measured: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A polled record that moves: the places between its old and new row differ, but only
    they are looked at (no pass over every row) and only its own new view is measured, and
    each column is as wide as a fresh measure says."""
    rng = random.Random(5)
    widths = ColumnWidths()
    views = [row(f"OP-{index:03d}", blockchain="b" * rng.randrange(1, 12)) for index in range(300)]
    fit(widths, *views)
    whole = ColumnWidths._measure_all
    monkeypatch.setattr(
        ColumnWidths,
        "_measure_all",
        lambda self, views: pytest.fail("every row") if self is widths else whole(self, views),
    )
    for step in range(60):
        measured.clear()
        source = rng.randrange(len(views))
        target = min(max(source + rng.randrange(-30, 31), 0), len(views) - 1)
        moved = views.pop(source)
        # It grows wider than any, or goes back to narrow (the widest gone).
        width = 40 if step % 2 else 1
        views.insert(target, row(moved.key, blockchain="w" * width))
        fit(widths, *views)
        assert len(measured) == len(column_widths.COLUMNS)  # the new view alone
        fresh = ColumnWidths()
        fresh.update([view.key for view in views], views)
        assert widths.widths == fresh.widths
