"""``bcs-tui sources``: the resolved sources, as a table or JSON, never a secret.

Only names, places and the auth method are printed: an AK is an account identifier, not a
secret, but it is left out all the same (nothing here needs it)."""

import json
from typing import TextIO

from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.text_width import cell_width, pad_right
from bcs_tui.config import SourceSettings

SOURCE_COLUMNS = ("NAME", "REGION", "PROJECT ID", "ENDPOINT", "CREDENTIALS", "AUTH")


def source_json(source: SourceSettings) -> dict[str, str | None]:
    return {
        "name": source.name,
        "region": source.region,
        "project_id": source.project_id,
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
    widths = [cell_width(title) for title in SOURCE_COLUMNS]
    for row in rows:
        widths = [max(width, cell_width(cell)) for width, cell in zip(widths, row, strict=True)]
    for row in [SOURCE_COLUMNS, *rows]:
        cells = (pad_right(cell, width) for cell, width in zip(row, widths, strict=True))
        stream.write("  ".join(cells).rstrip() + "\n")
    shown = len(sources)
    stream.write(f"{shown} source{'s' if shown != 1 else ''}\n")
