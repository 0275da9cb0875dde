"""What the simulator tests share: a start time for the clock they control, and ways to call
the server."""

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

import httpx

from bcs_tui.api.signing import CanonicalParts, authorization_header, sdk_date
from bcs_tui.base.timefmt import NS_PER_S, ns_to_datetime
from bcs_tui.sim.server import SimServer

START_NS = 1_795_000_000 * NS_PER_S + 123_456_789
"""A fixed "now" (late 2026) with non-zero sub-second digits."""


def list_path(server: SimServer, project_id: str | None = None) -> str:
    return f"/v2/{project_id or server.config.project_id}/operation/record"


def token_headers(server: SimServer) -> dict[str, str]:
    return {"X-Auth-Token": server.config.token}


def get_records(client: httpx.Client, server: SimServer, **filters: str) -> httpx.Response:
    return client.get(list_path(server), params=filters, headers=token_headers(server))


def sdk_date_at(ns: int) -> str:
    return sdk_date(ns_to_datetime(ns))


def signed_headers(
    server: SimServer,
    *,
    method: str = "GET",
    path: str | None = None,
    query: Sequence[tuple[str, str]] = (),
    body: bytes = b"",
    date: str | None = None,
    extra: Mapping[str, str] | None = None,
    ak: str | None = None,
    sk: str | None = None,
) -> dict[str, str]:
    """Headers of a request signed like the SDKs do (Host, X-Sdk-Date and ``extra`` signed)."""
    host = f"127.0.0.1:{server.port}"
    when = date or sdk_date_at(server.config.clock())
    headers = {"Host": host, "X-Sdk-Date": when, **(extra or {})}
    parts = CanonicalParts(
        method=method,
        path=path or list_path(server),
        query=tuple(query),
        headers=headers,
        body=body,
    )
    authorization = authorization_header(ak or server.config.ak, sk or server.config.sk, parts)
    return {**headers, "Authorization": authorization}


def utc(ns: int) -> datetime:
    return ns_to_datetime(ns).astimezone(UTC)
