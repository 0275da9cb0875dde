"""Which source ``bcs-tui watch`` follows: ``SOURCE:OPERATION_ID``, or a bare ID looked up
in every source.

An operation ID is opaque and might hold a ``:`` itself, so a prefix is a source only when
it is exactly the name of a selected source; otherwise the whole text is the ID."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from bcs_tui.api.errors import BcsError, ConfigError
from bcs_tui.api.filters import RecordFilters
from bcs_tui.base.safe_text import safe_text
from bcs_tui.config import Settings, SourceSettings
from bcs_tui.connect import PROCESS_LOGINS, SharedLogins, build_source_client
from bcs_tui.core.each_source import ask_each_source
from bcs_tui.watch import OperationNotFoundError, find_record


@dataclass(frozen=True)
class WatchTarget:
    source: SourceSettings
    operation_id: str


def named_target(text: str, sources: Sequence[SourceSettings]) -> WatchTarget | None:
    """``SOURCE:ID`` where SOURCE is a selected source's name (the longest, should one name
    begin another's); ``None`` when no source is named."""
    named = [source for source in sources if text.startswith(f"{source.name}:")]
    if not named:
        return None
    source = max(named, key=lambda one: len(one.name))
    return WatchTarget(source, text[len(source.name) + 1 :])


def _names(sources: Sequence[SourceSettings]) -> str:
    return ", ".join(safe_text(source.name) for source in sources)


async def find_watch_target(
    settings: Settings,
    text: str,
    *,
    timeout_s: float | None,
    warn: TextIO,
    logins: SharedLogins = PROCESS_LOGINS,
    command: str = "watch",
) -> WatchTarget:
    """The source to watch ``text`` in. One source is simply used (the watch itself reports
    an unknown ID); with several, a bare ID is looked up in each, at once. ``command``
    names the command in the forms an ambiguous ID is refused with (``watch``, ``wait``)."""
    sources = settings.all_sources()
    named = named_target(text, sources)
    if named is not None:
        return named
    if len(sources) == 1:
        return WatchTarget(sources[0], text)
    filters = RecordFilters(operation_id=text)

    async def holds(source: SourceSettings) -> bool:
        client = build_source_client(source, settings, timeout_s=timeout_s, logins=logins)
        async with client:
            return find_record((await client.list_records(filters)).records, text) is not None

    answers = await ask_each_source(sources, holds)
    found = [source for source, answer in zip(sources, answers, strict=True) if answer is True]
    failed: list[BcsError] = []
    for source, answer in zip(sources, answers, strict=True):
        if isinstance(answer, BcsError):
            failed.append(answer)
            name, reason = safe_text(source.name), safe_text(str(answer))
            warn.write(f"bcs-tui: warning: source {name} could not be searched: {reason}\n")
        elif isinstance(answer, Exception):
            raise answer
    if len(found) == 1:
        return WatchTarget(found[0], text)
    shown = safe_text(text)
    if found:
        forms = " or ".join(f"bcs-tui {command} {safe_text(f'{s.name}:{text}')}" for s in found)
        raise ConfigError(
            f"operation {shown!r} is in several sources ({_names(found)}): name one, {forms}"
        )
    if failed:
        raise failed[0]  # not found where asked, but it may be where the search failed
    prefix, colon, _ = text.partition(":")
    hint = (
        f"; {safe_text(prefix)!r} is not a source name either (sources: {_names(sources)})"
        if colon
        else ""
    )
    raise OperationNotFoundError(
        f"operation {shown!r} is not among the records of sources {_names(sources)}{hint}"
    )
