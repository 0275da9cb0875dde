"""Test helpers for the dashboard: a scripted record source, and the real simulator +
client wired to the same (test) clock."""

import asyncio
import copy
import json
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widget import Widget

from bcs_tui.api.auth import AkSkAuth
from bcs_tui.api.client import BcsClient
from bcs_tui.api.filters import RecordFilters
from bcs_tui.api.models import RecordList, parse_record_list
from bcs_tui.api.retry import RetryPolicy
from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.core.named_source import NamedSource
from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_PROJECT_ID, DEFAULT_SK
from bcs_tui.sim.server import SimConfig, SimServer
from bcs_tui.ui.app import DashboardApp
from bcs_tui.ui.options import DashboardOptions
from tests.clock import ManualClock

REFERENCE = Path(__file__).parents[1] / "fixtures" / "list-op-record-200.json"
FROZEN_AT = 1_767_225_600 * NS_PER_S  # 2026-01-01T00:00:00Z
NEVER_S = 3600.0  # tests trigger fetches with "r"; the timer never fires on its own


def reference_payload() -> dict[str, Any]:
    return json.loads(REFERENCE.read_text())


def record_payload(
    operation_id: str,
    *,
    status: str = "finished",
    record_time: int = FROZEN_AT - 60 * NS_PER_S,
    blockchain_name: str = "chain-a",
) -> dict[str, Any]:
    """A record shaped like the published example, with the given identity and status."""
    raw = copy.deepcopy(reference_payload()["operation_records"][0])
    raw.update(
        operation_id=operation_id,
        operation_status=status,
        record_time=record_time,
        blockchain_name=blockchain_name,
    )
    return raw


@dataclass
class ScriptedSource:
    """A RecordSource that serves whatever the test sets next, and remembers the filters
    it was asked for. Used where a test needs exact control over the data."""

    payload: dict[str, Any] = field(default_factory=lambda: {"operation_records": []})
    error: Exception | None = None
    calls: list[RecordFilters] = field(default_factory=list)

    def set_records(self, *records: dict[str, Any]) -> None:
        self.payload = {"count": len(records), "operation_records": list(records)}

    async def list_records(self, filters: RecordFilters) -> RecordList:
        self.calls.append(filters)
        if self.error is not None:
            raise self.error
        return parse_record_list(copy.deepcopy(self.payload))


def dashboard_options(clock: ManualClock, tmp_path: Path, **overrides: Any) -> DashboardOptions:
    options = DashboardOptions(
        profile="test",
        region="cn-north-4",
        project_id=DEFAULT_PROJECT_ID,
        interval_s=NEVER_S,
        active_interval_s=NEVER_S,
        utc=True,
        export_dir=tmp_path,
        clock=clock,
    )
    return replace(options, **overrides)


@contextmanager
def running_sim(clock: ManualClock, **config: Any) -> Iterator[SimServer]:
    settings: dict[str, Any] = {"seed": 7, "records": 12, "clock": clock}
    settings.update(config)
    with SimServer(SimConfig(**settings)) as sim:
        yield sim


def sim_client(sim: SimServer, clock: ManualClock) -> BcsClient:
    """The real client against the simulator: one attempt, so a fault shows at once."""
    return BcsClient(
        endpoint=sim.endpoint,
        project_id=DEFAULT_PROJECT_ID,
        auth=AkSkAuth(DEFAULT_AK, DEFAULT_SK, DEFAULT_PROJECT_ID, clock=clock),
        retry=RetryPolicy(attempts=1),
        timeout_s=10.0,
    )


def named_sim_source(
    name: str, sim: SimServer, clock: ManualClock, region: str = "cn-north-4"
) -> NamedSource:
    """A source of a fleet: the real client (one attempt) against ``sim``'s project."""
    project_id = sim.config.project_id
    client = BcsClient(
        endpoint=sim.endpoint,
        project_id=project_id,
        auth=AkSkAuth(DEFAULT_AK, DEFAULT_SK, project_id, clock=clock),
        retry=RetryPolicy(attempts=1),
        timeout_s=10.0,
    )
    return NamedSource(name, region, project_id, client)


@contextmanager
def running_fleet(
    clock: ManualClock, **sources: dict[str, Any]
) -> Iterator[tuple[dict[str, SimServer], list[NamedSource]]]:
    """A simulator per source (by name, each with its own ``running_sim`` settings and, unless
    given, its own project ID), and the named sources polling them, in the order given."""
    with ExitStack() as stack:
        sims: dict[str, SimServer] = {}
        for index, (name, config) in enumerate(sources.items()):
            settings = {"project_id": f"{index:02d}" + DEFAULT_PROJECT_ID[2:], **config}
            sims[name] = stack.enter_context(running_sim(clock, **settings))
        yield sims, [named_sim_source(name, sim, clock) for name, sim in sims.items()]


async def fetched(app: DashboardApp, count: int, timeout_s: float = 10.0) -> None:
    """Wait (on the app's own signal, bounded) until ``count`` fetches have completed."""
    await asyncio.wait_for(app.wait_for_fetches(count), timeout_s)


def make_app(source: Any, clock: ManualClock, tmp_path: Path, **overrides: Any) -> DashboardApp:
    return DashboardApp(source, dashboard_options(clock, tmp_path, **overrides))


async def health_settled(app: DashboardApp, pilot: Pilot[Any]) -> None:
    """Wait until the render a key queued is done and the blockchain health it asked for
    (if any) has arrived and is drawn: a screenshot then shows the same thing every run."""
    await pilot.pause()
    await app.wait_for_views()
    await asyncio.wait_for(app.health.wait_idle(), 10)
    await pilot.pause()


async def refresh_now(app: DashboardApp, pilot: Pilot[int]) -> None:
    """Press ``r`` and wait for that fetch and the frame after it."""
    count = app.fetch_count
    await pilot.press("r")
    await fetched(app, count + 1)
    await pilot.pause()


async def wait_until(
    pilot: Pilot[int], condition: Callable[[], bool], timeout_s: float = 10
) -> None:
    """Let the app run until ``condition`` holds (a timeout fails the test)."""

    async def wait() -> None:
        while not condition():
            await pilot.pause(0.05)

    await asyncio.wait_for(wait(), timeout_s)


def toast_widgets(app: DashboardApp) -> list[Widget]:
    """The toasts on screen; by their CSS type name, as Textual does not export the class."""
    return [toast for toast in app.screen.query("Toast") if toast.is_attached]


def two_scripted_sources(
    first: dict[str, Any], second: dict[str, Any], names: tuple[str, str] = ("alpha", "beta")
) -> tuple[ScriptedSource, ScriptedSource, list[NamedSource]]:
    """Two scripted sources listing one record each (``record_payload``), named ``names``
    (projects p1 and p2): the scripts, to change later, and the sources for the app."""
    scripts = ScriptedSource(), ScriptedSource()
    scripts[0].set_records(first)
    scripts[1].set_records(second)
    sources = [
        NamedSource(name, None, f"p{number}", script)
        for number, (name, script) in enumerate(zip(names, scripts, strict=True), start=1)
    ]
    return scripts[0], scripts[1], sources
