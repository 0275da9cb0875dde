"""``bcs-tui records`` over two or more sources: every source asked at once, each answer
printed apart, so one failing source never hides the others.

One source keeps the single-source output (``cli.py``). Here the table gets a Source
column, ``--json`` prints ``{"sources": [...]}`` with each source's records or error, each
failing source gets one line on stderr, and the exit code is the first failing source's
(in the sources' order)."""

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from bcs_tui.api.errors import BcsError
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.text_width import clip
from bcs_tui.base.timefmt import system_clock
from bcs_tui.config import Settings, SourceSettings
from bcs_tui.connect import PROCESS_LOGINS, SharedLogins, build_source_client
from bcs_tui.core.each_source import ask_each_source
from bcs_tui.output import (
    MAX_CELL,
    TABLE_COLUMNS,
    from_sources,
    plural,
    record_row,
    write_table,
)
from bcs_tui.source_json import error_json, source_place_json

SOURCE_COLUMN = "SOURCE"


@dataclass(frozen=True)
class SourceAnswer:
    """What one source answered: its records, or the error that stopped it."""

    source: SourceSettings
    answer: RecordList | BcsError


async def fetch_each_source(
    sources: Sequence[SourceSettings],
    settings: Settings,
    filters: RecordFilters,
    *,
    timeout_s: float | None,
    logins: SharedLogins = PROCESS_LOGINS,
) -> list[SourceAnswer]:
    """Every source's records, asked concurrently (bounded), in the sources' order. Only the
    program's own errors are kept as a source's answer: anything else is a bug, raised."""

    async def ask(source: SourceSettings) -> RecordList:
        client = build_source_client(source, settings, timeout_s=timeout_s, logins=logins)
        async with client:
            return await client.list_records(filters)

    answers = await ask_each_source(sources, ask)
    kept: list[SourceAnswer] = []
    for source, answer in zip(sources, answers, strict=True):
        if not isinstance(answer, RecordList | BcsError):
            raise answer
        kept.append(SourceAnswer(source, answer))
    return kept


def first_error(answers: Sequence[SourceAnswer]) -> BcsError | None:
    """The error of the first failing source, which decides the exit code."""
    return next((a.answer for a in answers if isinstance(a.answer, BcsError)), None)


def answers_json(answers: Sequence[SourceAnswer]) -> dict[str, Any]:
    entries: list[dict[str, Any]] = []
    for one in answers:
        source = one.source
        entry = source_place_json(source)
        if isinstance(one.answer, BcsError):
            entry["error"] = error_json(one.answer)
        else:
            entry.update(one.answer.to_api_json())
        entries.append(entry)
    return {"sources": entries}


def print_answers_json(answers: Sequence[SourceAnswer], stream: TextIO) -> None:
    json.dump(answers_json(answers), stream, indent=2)
    stream.write("\n")


def print_answers_table(
    answers: Sequence[SourceAnswer], *, utc: bool, stream: TextIO, now: int | None = None
) -> None:
    """The records table with the source first; each source's records in its order, the
    sources in theirs. Then invalid records' reasons, then the counts per source. When
    every source failed, nothing: the errors are on stderr."""
    current = system_clock() if now is None else now
    rows: list[tuple[str, ...]] = []
    invalid: list[str] = []
    counts: list[str] = []
    failed: list[str] = []
    for one in answers:
        name = safe_text(one.source.name)
        if isinstance(one.answer, BcsError):
            failed.append(name)
            continue
        counts.append(f"{name} {one.answer.count}")
        for record in one.answer.records:
            rows.append((clip(name, MAX_CELL), *record_row(record, now=current, utc=utc)))
            if not record.is_valid:
                operation = safe_text(record.operation_id or "(no ID)")
                reason = safe_text(record.invalid_reason)
                invalid.append(f"invalid record {operation} of source {name}: {reason}\n")
    if not counts:
        return  # every source failed: no empty table, only the errors (on stderr)
    write_table((SOURCE_COLUMN, *TABLE_COLUMNS), rows, stream)
    stream.writelines(invalid)
    reported = ", ".join(counts)
    tail = f"; failed: {', '.join(failed)}" if failed else ""
    stream.write(
        f"{plural(len(rows), 'record')} {from_sources(len(counts), len(answers))}"
        f" (count reported: {reported}{tail})\n"
    )


def report_failures(answers: Sequence[SourceAnswer], stream: TextIO) -> None:
    """One line per failing source, naming it; the message is the error's own (no secret
    is ever put in one) made safe for the terminal."""
    for one in answers:
        if isinstance(one.answer, BcsError):
            name = safe_text(one.source.name)
            stream.write(f"bcs-tui: error: source {name}: {safe_text(str(one.answer))}\n")
