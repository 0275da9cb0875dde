"""``bcs-tui sources``: the resolved sources, as a table or JSON, never a secret.

Only names, places and the auth method are printed: an AK is an account identifier, not a
secret, but it is left out all the same (nothing here needs it)."""

import json
from typing import Any, TextIO

from bcs_tui.base.safe_text import safe_text
from bcs_tui.config import SourceSettings
from bcs_tui.output import plural, write_table
from bcs_tui.source_json import source_place_json

SOURCE_COLUMNS = ("NAME", "REGION", "PROJECT ID", "ENDPOINT", "CREDENTIALS", "AUTH")


def source_json(source: SourceSettings) -> dict[str, Any]:
    return {
        **source_place_json(source),
        "endpoint": source.endpoint,
        "credentials_profile": source.credentials_profile,
        "auth": source.credentials.mode,
    }


def print_sources_json(sources: tuple[SourceSettings, ...], stream: TextIO) -> None:
    json.dump({"sources": [source_json(source) for source in sources]}, stream, indent=2)
    stream.write("\n")


def print_sources_table(sources: tuple[SourceSettings, ...], stream: TextIO) -> None:
    """One row per source; the values come from the user's own files, but a terminal escape
    typed into a config file must not reach the terminal either."""
    rows = [
        tuple(safe_text(value or "-") for value in source_json(source).values())
        for source in sources
    ]
    write_table(SOURCE_COLUMNS, rows, stream)
    stream.write(f"{plural(len(sources), 'source')}\n")
