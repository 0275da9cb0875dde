"""A source of the dashboard by its name: a region + project and the client that lists its
records (a ``BcsClient``, or a test double of the same shape).

With several sources a record's row key is its source's name and its key within that source
(``listing.keyed_records``), joined by ``KEY_SEPARATOR``: the same operation ID in two
projects is two rows. One source keeps the keys of before (no prefix). Source names may hold
the separator themselves, so the source of a key is looked up (``Fleet.source_of``), never
parsed out of the key."""

from dataclasses import dataclass

from bcs_tui.core.record_source import RecordSource

KEY_SEPARATOR = ":"
"""As ``watch SOURCE:OPERATION_ID`` writes an operation of one source."""


@dataclass(frozen=True)
class NamedSource:
    name: str
    """The display name (``SourceSettings.name``)."""
    region: str | None
    project_id: str
    client: RecordSource
    """Lists the records; a ``BcsClient`` has the blockchain calls too."""


def source_key(source: str, key: str) -> str:
    """The row key of the record keyed ``key`` within the source named ``source``."""
    return f"{source}{KEY_SEPARATOR}{key}"
