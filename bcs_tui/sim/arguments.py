"""The ``sim`` command's flags, apart from the server: every ``bcs-tui`` command builds the
whole parser, and importing the server for it cost every start-up (benchmarks/RESULTS.md,
rows 3 and 11)."""

import argparse

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
