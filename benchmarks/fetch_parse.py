"""Rows 1 and 2: one fetch + parse of N records from the simulator, this project's client
against the official SDK and against the floor (httpx GET + ``json.loads``), round-robin in
the same run, same server."""

import asyncio
import json
from dataclasses import dataclass

import httpx

from bcs_tui.api.auth import AkSkAuth
from bcs_tui.api.body_reuse import BodyReuseByQuery
from bcs_tui.api.client import RECORDS_PATH, BcsClient
from bcs_tui.api.client import _parse_records as parse_records_body
from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_PROJECT_ID, DEFAULT_SK, DEFAULT_TOKEN
from benchmarks.sdk_peer import SDK_MISSING, sdk_fetcher
from benchmarks.sim_process import sim_process
from benchmarks.stats import Sample, interleaved, ratio
from benchmarks.table import Row


@dataclass(frozen=True)
class FetchResult:
    records: int
    body_bytes: int
    ours: Sample
    floor: Sample
    sdk: Sample | None
    unchanged: Sample
    """A repeated poll whose body did not change (hashed, not parsed)."""


def measure_fetch(records: int, runs: int) -> FetchResult:
    with sim_process(records) as endpoint:
        loop = asyncio.new_event_loop()
        ours = BcsClient(
            endpoint=endpoint,
            project_id=DEFAULT_PROJECT_ID,
            auth=AkSkAuth(DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID),
        )
        floor_http = httpx.AsyncClient(headers={"X-Auth-Token": DEFAULT_TOKEN})
        url = endpoint + RECORDS_PATH.format(project_id=DEFAULT_PROJECT_ID)
        body_size = 0

        def fetch_ours() -> int:
            # A fresh parse each time (as when the data changed): forget the last body.
            ours._bodies = BodyReuseByQuery(parse_records_body)
            return len(loop.run_until_complete(ours.list_records()).records)

        def fetch_ours_unchanged() -> int:
            return len(loop.run_until_complete(ours.list_records()).records)

        async def floor_once() -> int:
            nonlocal body_size
            response = await floor_http.get(url)
            response.raise_for_status()
            body_size = len(response.content)
            return len(json.loads(response.content)["operation_records"])

        def fetch_floor() -> int:
            return loop.run_until_complete(floor_once())

        actions = {"ours": fetch_ours, "floor": fetch_floor}
        sdk = sdk_fetcher(endpoint)
        if sdk is not None:
            actions["sdk"] = sdk
        counts = {name: action() for name, action in actions.items()}
        if len(set(counts.values())) != 1:
            raise RuntimeError(f"the peers saw different record counts: {counts}")
        samples = interleaved(actions, runs)
        samples["unchanged"] = interleaved({"unchanged": fetch_ours_unchanged}, runs)["unchanged"]
        loop.run_until_complete(ours.aclose())
        loop.run_until_complete(floor_http.aclose())
        loop.close()
    return FetchResult(
        records,
        body_size,
        samples["ours"],
        samples["floor"],
        samples.get("sdk"),
        samples["unchanged"],
    )


def fetch_rows(results: list[FetchResult]) -> list[Row]:
    sizes = ", ".join(f"N={r.records:,}" for r in results)
    sdk_parts, floor_parts = [], []
    sdk_met: bool | None = True
    floor_met = True
    for r in results:
        label = f"N={r.records:,} ({r.body_bytes / 1e6:.2f} MB)"
        if r.sdk is None:
            sdk_parts.append(f"{label}: ours {r.ours.show()}; {SDK_MISSING}")
            sdk_met = None
        else:
            speedup = ratio(r.sdk, r.ours)
            sdk_parts.append(f"{label}: ours {r.ours.show()}, SDK {r.sdk.show()} -> {speedup:.1f}x")
            if sdk_met is not None:
                sdk_met = sdk_met and speedup >= 3.0
        over = ratio(r.ours, r.floor)
        floor_parts.append(
            f"{label}: ours {r.ours.show()}, floor {r.floor.show()} -> {over:.2f}x"
            f" (unchanged body again: {r.unchanged.show()})"
        )
        floor_met = floor_met and over <= 2.0
    return [
        Row(
            "1",
            f"fetch+parse vs SDK list_op_record ({sizes})",
            "; ".join(sdk_parts),
            ">= 3x faster than the SDK",
            sdk_met,
        ),
        Row(
            "2",
            f"fetch+parse vs floor httpx+json.loads ({sizes})",
            "; ".join(floor_parts),
            "<= 2x the floor",
            floor_met,
        ),
    ]
