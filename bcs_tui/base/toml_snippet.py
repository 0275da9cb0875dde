"""A ready ``sources = [...]`` line for a config file, as ``bcs-tui sim`` and
``bcs-tui sources --discover`` print it: one inline table per source, valid TOML."""

import json
from collections.abc import Mapping, Sequence


def toml_string(value: str) -> str:
    """A TOML basic string: JSON's escaping is TOML's for every character JSON escapes, and
    with ``ensure_ascii`` nothing else needs one."""
    return json.dumps(value)


def sources_snippet(sources: Sequence[Mapping[str, str]]) -> str:
    """``sources = [`` one ``{ key = "value", ... },`` line per source ``]``; keys in the
    order given (names the config file knows: name, region, project_id, endpoint...)."""
    lines = ["sources = ["]
    for source in sources:
        pairs = ", ".join(f"{key} = {toml_string(value)}" for key, value in source.items())
        lines.append(f"  {{ {pairs} }},")
    lines.append("]")
    return "\n".join(lines)
