"""The `records` table lines up in a terminal, wide (CJK) characters included."""

import copy
import io
import json
import unicodedata
from pathlib import Path

from bcs_tui.api.models import parse_record_list
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.output import MAX_CELL, TABLE_COLUMNS, print_records_table

REFERENCE = Path(__file__).parent / "fixtures" / "list-op-record-200.json"
NOW = 1_767_225_600 * NS_PER_S  # 2026-01-01T00:00:00Z

LONG_WIDE_NAME = "区块链网络" * 12  # 60 characters, 120 cells: clipped
SHORT_WIDE_NAME = "测试链"  # 3 characters, 6 cells: padded


def cells(text: str) -> int:
    """Terminal cells, counted here on purpose rather than with the code under test."""
    return sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)


def char_starts(line: str) -> dict[int, int]:
    """Cell offset -> index of the character drawn from there."""
    starts: dict[int, int] = {}
    offset = 0
    for index, char in enumerate(line):
        starts[offset] = index
        offset += cells(char)
    starts[offset] = len(line)
    return starts


def table(*blockchain_names: str) -> list[str]:
    """The header and one row per name, printed for records parsed from the published example."""
    template = json.loads(REFERENCE.read_text())["operation_records"][0]
    records = []
    for index, name in enumerate(blockchain_names):
        record = copy.deepcopy(template)
        record.update(operation_id=f"op-{index}", blockchain_name=name)
        records.append(record)
    result = parse_record_list({"count": len(records), "operation_records": records})
    out = io.StringIO()
    print_records_table(result, utc=True, stream=out, now=NOW)
    return out.getvalue().splitlines()[: 1 + len(blockchain_names)]


def test_wide_names_are_clipped_and_padded_by_terminal_cells() -> None:
    header, *rows = table(LONG_WIDE_NAME, SHORT_WIDE_NAME, "ascii-chain")
    column_starts = [header.index(title) for title in TABLE_COLUMNS]  # the header is ASCII
    blockchain = TABLE_COLUMNS.index("BLOCKCHAIN")
    for row in rows:
        starts = char_starts(row)
        for start in column_starts[1:]:
            # Every column begins in every row at the header's cell, after the gap.
            assert start in starts, f"a character straddles cell {start}:\n{header}\n{row}"
            assert row[starts[start] - 1] == " " and row[starts[start]] != " ", (header, row)
    start, end = column_starts[blockchain], column_starts[blockchain + 1]
    names = [row[char_starts(row)[start] : char_starts(row)[end]] for row in rows]
    clipped = names[0].rstrip()
    assert clipped.startswith("区块链") and clipped.endswith("…")
    assert MAX_CELL - 1 <= cells(clipped) <= MAX_CELL  # a wide character may not fit the last
    assert names[1] == SHORT_WIDE_NAME + " " * (end - start - cells(SHORT_WIDE_NAME))
