"""The ``sim`` command's flags, apart from the server: every ``bcs-tui`` command builds the
whole parser, and importing the server for it cost every start-up (benchmarks/RESULTS.md,
rows 3 and 11)."""

import argparse

from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.sim.defaults import (
    DEFAULT_AK,
    DEFAULT_HISTORY,
    DEFAULT_HOST,
    DEFAULT_PROJECT_ID,
    DEFAULT_SEED,
    DEFAULT_SK,
    DEFAULT_TOKEN,
)
from bcs_tui.sim.faults import FAULT_MODES
from bcs_tui.sim.fleet import DEFAULT_PROJECT_NAME, DEFAULT_SOURCE_NAME, DEMO_FLEET, DEMO_UNSERVED
from bcs_tui.sim.project_faults import DEFAULT_DOWN_PERIOD_NS, DEFAULT_SLOW_DELAY_S


def add_sim_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``sim`` subcommand's flags."""
    parser.add_argument("--host", default=DEFAULT_HOST, help="address to listen on (loopback)")
    parser.add_argument("--port", type=int, default=0, help="port; 0 picks a free one")
    parser.add_argument("--project-id", default=DEFAULT_PROJECT_ID, help="project ID served")
    parser.add_argument("--ak", default=DEFAULT_AK, help="access key accepted for signing")
    parser.add_argument("--sk", default=DEFAULT_SK, help="secret key accepted for signing")
    parser.add_argument("--token", default=DEFAULT_TOKEN, help="static X-Auth-Token accepted")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--speed", type=float, default=1.0, help="how many times faster than real time"
    )
    parser.add_argument(
        "--records",
        type=int,
        default=DEFAULT_HISTORY,
        metavar="N",
        help="ended operations preloaded as history",
    )
    parser.add_argument(
        "--fault",
        action="append",
        choices=FAULT_MODES,
        default=[],
        metavar="MODE",
        help=f"misbehave on list requests (repeatable): {', '.join(FAULT_MODES)}",
    )
    parser.add_argument(
        "--fault-rate",
        type=float,
        default=1.0,
        help="share of list requests that get a fault, 0..1",
    )
    fleet = parser.add_argument_group(
        "fleet",
        f"Besides the default project ({DEFAULT_SOURCE_NAME}: {DEFAULT_PROJECT_NAME}) the "
        "simulator serves "
        + ", ".join(f"{p.source_name} ({p.name}, {p.project_id})" for p in DEMO_FLEET)
        + "; IAM also lists "
        + ", ".join(f"{p.name}{'' if p.enabled else ' (disabled)'}" for p in DEMO_UNSERVED)
        + ", which are not served. A PROJECT below is a project ID, IAM name or source name.",
    )
    fleet.add_argument("--no-fleet", action="store_true", help="serve the default project only")
    fleet.add_argument(
        "--project-down",
        metavar="PROJECT",
        help="this project answers 503 every other period while the others answer",
    )
    fleet.add_argument(
        "--down-period",
        type=float,
        default=DEFAULT_DOWN_PERIOD_NS / NS_PER_S,
        metavar="SECONDS",
        help="how long --project-down stays up, then down, then up... (default %(default)g)",
    )
    fleet.add_argument(
        "--project-slow",
        metavar="PROJECT",
        help="this project answers every request late",
    )
    fleet.add_argument(
        "--slow-delay",
        type=float,
        default=DEFAULT_SLOW_DELAY_S,
        metavar="SECONDS",
        help="how late --project-slow answers (default %(default)g)",
    )
