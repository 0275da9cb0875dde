"""The projects one simulator serves: a fleet in two regions, as an operator's account has.

The default project (``SimConfig.project_id``) is always the first; ``SimConfig.fleet`` adds
more, each with its own seed, hence its own operations and blockchains. IAM also lists a few
projects the BCS routes do not serve (one disabled, one in a region where BCS does not run),
so discovery has something to leave out.

Light on purpose: the command line's parser and ``--demo`` read the names and IDs here
without importing the server.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from bcs_tui.sim.defaults import DEFAULT_HISTORY, DEFAULT_PROJECT_ID, DEFAULT_SEED

DEFAULT_PROJECT_NAME = "cn-north-4"
"""The IAM name of the default project: a region project's name is its region ID."""
DEFAULT_SOURCE_NAME = "north"


@dataclass(frozen=True)
class SimProject:
    """One project the BCS routes serve."""

    project_id: str
    name: str
    """The IAM project name: the region ID (``cn-north-4``) or ``{region}_{sub-project}``."""
    seed: int
    records: int = DEFAULT_HISTORY
    """Ended operations preloaded as history."""
    source_name: str = ""
    """What the demo and the printed profile call it as a source."""

    @property
    def region(self) -> str:
        return region_of(self.name)


@dataclass(frozen=True)
class ListedProject:
    """A project IAM lists but the BCS routes do not serve."""

    project_id: str
    name: str
    enabled: bool = True


def find_project(projects: Iterable[SimProject], wanted: str) -> SimProject | None:
    """The project ``wanted`` names by its ID, IAM name or source name."""
    for project in projects:
        if wanted in (project.project_id, project.name, project.source_name):
            return project
    return None


def region_of(project_name: str) -> str:
    """``cn-north-4_test`` -> ``cn-north-4``: a sub-project lives in its region."""
    return project_name.partition("_")[0]


NORTH_TEST = SimProject(
    project_id="1c6d2e3f4a5b6c7d8e9f0a1b2c3d4e5f",
    name="cn-north-4_test",
    seed=DEFAULT_SEED + 4,
    records=25,
    source_name="north-test",
)
SINGAPORE = SimProject(
    project_id="2d7e3f4a5b6c7d8e9f0a1b2c3d4e5f60",
    name="ap-southeast-1",
    seed=DEFAULT_SEED + 6,
    records=30,
    source_name="sg",
)
DEMO_FLEET = (NORTH_TEST, SINGAPORE)
"""What ``bcs-tui sim`` and ``--demo`` serve beside the default project."""
DEMO_UNSERVED = (
    ListedProject("3e8f4a5b6c7d8e9f0a1b2c3d4e5f6071", "cn-south-1", enabled=False),
    ListedProject("4f905b6c7d8e9f0a1b2c3d4e5f607182", "af-south-1"),
)
"""IAM lists these too: a disabled project, and one in a region where BCS does not run."""

DEMO_SOURCES: tuple[tuple[str, str, str], ...] = (
    (DEFAULT_SOURCE_NAME, DEFAULT_PROJECT_NAME, DEFAULT_PROJECT_ID),
    *((project.source_name, project.region, project.project_id) for project in DEMO_FLEET),
)
"""(source name, region, project ID) of each project the demo shows, the default first."""


def generated_fleet(count: int, records: int, seed: int = DEFAULT_SEED) -> tuple[SimProject, ...]:
    """``count`` sub-projects, alternately in cn-north-4 and ap-southeast-1, each with
    ``records`` history records and its own seed: for benchmarks and soaks over many sources
    (source names ``fleet-1``, ``fleet-2``...)."""
    regions = (DEFAULT_PROJECT_NAME, SINGAPORE.name)
    return tuple(
        SimProject(
            project_id=hashlib.sha256(f"{seed}/fleet/{number}".encode()).hexdigest()[:32],
            name=f"{regions[number % 2]}_fleet{number}",
            seed=seed * 1_000 + number,
            records=records,
            source_name=f"fleet-{number}",
        )
        for number in range(1, count + 1)
    )
