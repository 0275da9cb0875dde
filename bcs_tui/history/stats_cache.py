"""The expectations of each kind, cached in the history file with what they were computed
from, so loading them is a few queries when nothing of that kind finished since.

Cold (no cache, or every kind changed), loading reads every sample and sorts ~900,000
durations at 100,000 operations (~0.7 s, benchmarks/RESULTS.md row 17); warm, it reads one
index and a row of JSON per kind. Only the kinds whose samples changed are computed again.

A kind's marker is the count and the largest row ID of its samples: samples are only ever
inserted (under new, never reused IDs) or deleted, so any change to a kind's samples changes
that pair (``samples.py``). Markers and samples are read in one read transaction (one
snapshot of the file), so a cached entry never claims samples it was not computed from;
another program writing meanwhile only makes the entry stale, computed again next time."""

import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bcs_tui.core.expectations import Expectations, Kind, KindExpectation, Spread
from bcs_tui.history.samples import read_samples
from bcs_tui.history.transaction import immediate_transaction

CACHE_FORMAT = 1
"""Raised when the cached JSON's meaning or the computation changes: older entries are then
computed again, never misread."""

STATS_CACHE_SCHEMA = """
CREATE TABLE stats_cache (
    resource_type TEXT NOT NULL,
    operation_type TEXT NOT NULL,
    format INTEGER NOT NULL,
    sample_count INTEGER NOT NULL,
    last_sample_id INTEGER NOT NULL,
    expectations_json TEXT NOT NULL,
    PRIMARY KEY (resource_type, operation_type)
)
"""

Marker = tuple[int, int]
"""(count, largest sample ID) of a kind's samples."""


@dataclass(frozen=True)
class LoadedExpectations:
    expectations: Expectations
    computed: Mapping[Kind, tuple[Marker, str]]
    """The kinds computed afresh: their marker and JSON, for ``save``."""
    kinds: frozenset[Kind]
    """Every kind with samples (a cached kind without any is removed by ``save``)."""


def _spread_json(spread: Spread) -> list[int]:
    return [spread.count, spread.median_ns, spread.p90_ns]


def _expectation_json(expectation: KindExpectation) -> dict[str, Any]:
    return {
        "total": _spread_json(expectation.total),
        "steps": {name: _spread_json(spread) for name, spread in expectation.steps.items()},
    }


def _spread(values: list[Any]) -> Spread:
    # Exact integers only (JSON could hold a float or a string there).
    if len(values) != 3 or not all(type(value) is int for value in values):
        raise TypeError(f"not a spread: {values!r}")
    return Spread(*values)


def _expectation(kind: Kind, data: dict[str, Any]) -> KindExpectation:
    return KindExpectation(
        kind[0],
        kind[1],
        _spread(data["total"]),
        {name: _spread(spread) for name, spread in data["steps"].items()},
    )


def _kind_json(
    kind: Kind,
    across: KindExpectation,
    per_source: Mapping[tuple[str, Kind], KindExpectation],
) -> str:
    return json.dumps(
        {
            "across": _expectation_json(across),
            "per_source": {
                source: _expectation_json(own)
                for (source, own_kind), own in per_source.items()
                if own_kind == kind
            },
        },
        separators=(",", ":"),
    )


def _read_back(
    kind: Kind,
    text: str,
    across: dict[Kind, KindExpectation],
    per_source: dict[tuple[str, Kind], KindExpectation],
) -> None:
    """A cached kind into ``across`` and ``per_source``; an entry that does not read (the
    file edited by hand, or damaged) adds nothing, so the kind is computed again."""
    try:
        data = json.loads(text)
        own = {
            (source, kind): _expectation(kind, spread)
            for source, spread in data["per_source"].items()
        }
        every = _expectation(kind, data["across"])
    except (ValueError, TypeError, KeyError, AttributeError):
        return
    across[kind] = every
    per_source.update(own)


def load(connection: sqlite3.Connection) -> LoadedExpectations:
    """The expectations: cached kinds whose marker is current read back, the others
    computed from their samples. Raises ``sqlite3.Error`` as the store's reads do."""
    connection.execute("BEGIN")
    try:
        markers: dict[Kind, Marker] = {
            (resource_type, operation_type): (count, last)
            for resource_type, operation_type, count, last in connection.execute(
                "SELECT resource_type, operation_type, count(*), max(sample_id)"
                " FROM samples GROUP BY resource_type, operation_type"
            )
        }
        across: dict[Kind, KindExpectation] = {}
        per_source: dict[tuple[str, Kind], KindExpectation] = {}
        for resource_type, operation_type, form, count, last, text in connection.execute(
            "SELECT resource_type, operation_type, format, sample_count, last_sample_id,"
            " expectations_json FROM stats_cache"
        ):
            kind = (resource_type, operation_type)
            if form == CACHE_FORMAT and markers.get(kind) == (count, last):
                _read_back(kind, text, across, per_source)
        stale = [kind for kind in markers if kind not in across]
        samples = read_samples(connection, stale) if stale else []
    finally:
        connection.execute("COMMIT")
    fresh = Expectations.of_samples(samples)
    computed: dict[Kind, tuple[Marker, str]] = {}
    for expectation in fresh.kinds:
        kind = (expectation.resource_type, expectation.operation_type)
        across[kind] = expectation
        computed[kind] = (markers[kind], _kind_json(kind, expectation, fresh.per_source))
    per_source.update(fresh.per_source)
    return LoadedExpectations(Expectations(across, per_source), computed, frozenset(markers))


def save(connection: sqlite3.Connection, loaded: LoadedExpectations) -> None:
    """Keeps what ``load`` computed (and forgets kinds no longer stored), in one
    transaction; nothing to do when everything was cached."""
    gone = connection.execute("SELECT resource_type, operation_type FROM stats_cache")
    forgotten = [kind for kind in map(tuple, gone) if kind not in loaded.kinds]
    if not loaded.computed and not forgotten:
        return
    with immediate_transaction(connection):
        connection.executemany(
            "DELETE FROM stats_cache WHERE resource_type = ? AND operation_type = ?",
            forgotten,
        )
        connection.executemany(
            "INSERT OR REPLACE INTO stats_cache (resource_type, operation_type, format,"
            " sample_count, last_sample_id, expectations_json) VALUES (?, ?, ?, ?, ?, ?)",
            (
                (*kind, CACHE_FORMAT, *marker, text)
                for kind, (marker, text) in loaded.computed.items()
            ),
        )
