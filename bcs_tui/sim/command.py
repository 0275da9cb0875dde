"""``bcs-tui sim``: run the simulator in the foreground and say how to connect to it."""

import argparse
import math
import shlex
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import TextIO

from bcs_tui.base.timefmt import NS_PER_S
from bcs_tui.base.toml_snippet import sources_snippet
from bcs_tui.exit_codes import ExitCode
from bcs_tui.sim.arguments import add_sim_arguments
from bcs_tui.sim.fleet import DEMO_FLEET, DEMO_UNSERVED, find_project
from bcs_tui.sim.server import SimConfig, SimServer

__all__ = ["add_sim_arguments", "config_from_args", "main", "run_sim_command"]


def config_from_args(args: argparse.Namespace) -> SimConfig:
    """``ValueError`` with a user-facing message when a value is out of range."""
    if not args.speed > 0 or args.speed == float("inf"):
        raise ValueError("--speed must be a number greater than 0")
    if args.records < 0:
        raise ValueError("--records must be 0 or more")
    if not 0.0 <= args.fault_rate <= 1.0:
        raise ValueError("--fault-rate must be between 0 and 1")
    if not 0 <= args.port <= 65535:
        raise ValueError("--port must be between 0 and 65535")
    if not 0 < args.down_period < math.inf:
        raise ValueError("--down-period must be a number of seconds greater than 0")
    if not 0 <= args.slow_delay < math.inf:
        raise ValueError("--slow-delay must be a number of seconds, 0 or more")
    fleet = () if args.no_fleet else DEMO_FLEET
    unserved = () if args.no_fleet else DEMO_UNSERVED
    projects = SimConfig(project_id=args.project_id, fleet=fleet).projects()
    for flag, wanted in (
        ("--project-down", args.project_down),
        ("--project-slow", args.project_slow),
    ):
        if wanted is not None and find_project(projects, wanted) is None:
            served = ", ".join(f"{p.source_name} ({p.name})" for p in projects)
            raise ValueError(f"{flag}: no project {wanted!r} is served (served: {served})")
    return SimConfig(
        host=args.host,
        port=args.port,
        project_id=args.project_id,
        ak=args.ak,
        sk=args.sk,
        token=args.token,
        seed=args.seed,
        speed=args.speed,
        records=args.records,
        faults=frozenset(args.fault),
        fault_rate=args.fault_rate,
        fleet=fleet,
        unserved_projects=unserved,
        project_down=args.project_down,
        down_period_ns=round(args.down_period * NS_PER_S),
        project_slow=args.project_slow,
        slow_delay_s=args.slow_delay,
    )


def connection_help(server: SimServer) -> str:
    """What to print on start. The credentials are the simulator's demo values: showing
    them is the point."""
    config = server.config
    endpoint = server.endpoint
    lines = [
        f"BCS simulator listening on {endpoint}",
        f"  project ID    {config.project_id}",
        f"  AK            {config.ak}",
        f"  SK            {config.sk}",
        f"  token         {config.token}",
        f"  IAM user      {config.iam_user}",
        f"  IAM password  {config.iam_password}",
        f"  IAM domain    {config.iam_domain}",
        f"  IAM endpoint  {endpoint}",
        f"  seed {config.seed}, speed {config.speed:g}x, {config.records} history records",
    ]
    if config.faults:
        modes = ", ".join(sorted(config.faults))
        lines.append(f"  faults        {modes} on {config.fault_rate:.0%} of list requests")
    project_faults = config.project_faults()
    if project_faults.down is not None:
        period = project_faults.down_period_ns / NS_PER_S
        lines.append(f"  down          {project_faults.down}: 503 every other {period:g} s")
    if project_faults.slow is not None:
        lines.append(
            f"  slow          {project_faults.slow}: {project_faults.slow_delay_s:g} s late"
        )
    projects = config.projects()
    lines += ["", "Projects served (source name, IAM project name, project ID):"]
    width = max(len(project.source_name) for project in projects)
    name_width = max(len(project.name) for project in projects)
    for project in projects:
        lines.append(
            f"  {project.source_name:<{width}}  {project.name:<{name_width}}  {project.project_id}"
        )
    fleet_profile = sources_snippet(
        [
            {
                "name": project.source_name,
                "region": project.region,
                "project_id": project.project_id,
                "endpoint": endpoint,
            }
            for project in projects
        ]
    )
    records = (
        f"bcs-tui records --endpoint {shlex.quote(endpoint)} "
        f"--project-id {shlex.quote(config.project_id)}"
    )
    lines += [
        "",
        "Try:",
        f"  HUAWEICLOUD_SDK_AK={shlex.quote(config.ak)} "
        f"HUAWEICLOUD_SDK_SK={shlex.quote(config.sk)} {records}",
        "",
        "or set:",
        f"  export HUAWEICLOUD_SDK_AK={shlex.quote(config.ak)}",
        f"  export HUAWEICLOUD_SDK_SK={shlex.quote(config.sk)}",
        f"  export HUAWEICLOUD_SDK_PROJECT_ID={shlex.quote(config.project_id)}",
        f"  export BCS_TUI_ENDPOINT={shlex.quote(endpoint)}",
        "",
        "Every project at once: with AK and SK exported as above, add this profile to the",
        "bcs-tui config file and run `bcs-tui --profile sim`:",
        "",
        "[profiles.sim]",
        fleet_profile,
        "",
        "Serving until Ctrl-C.",
    ]
    return "\n".join(lines)


def run_sim_command(
    args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Serve until Ctrl-C or SIGTERM; 0 on a clean stop, 2 for bad flags or a busy port."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    try:
        config = config_from_args(args)
    except ValueError as error:
        print(f"bcs-tui sim: error: {error}", file=err)
        return ExitCode.USAGE
    server = SimServer(config)
    try:
        server.start()
    except OSError as error:
        reason = error.strerror or str(error)
        print(
            f"bcs-tui sim: error: cannot listen on {config.host}:{config.port}: {reason}", file=err
        )
        return ExitCode.USAGE
    stop = threading.Event()
    restore = _on_termination(lambda: stop.set())
    try:
        print(connection_help(server), file=out, flush=True)
        while not stop.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        restore()
        server.stop()
    print("Simulator stopped.", file=out, flush=True)
    return ExitCode.OK


def _on_termination(callback: Callable[[], None]) -> Callable[[], None]:
    """Run ``callback`` on SIGTERM and SIGINT (main thread only); returns an undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def handler(signum: int, frame: FrameType | None) -> None:
        callback()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)

    return restore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bcs_tui.sim", description="Run the embedded BCS simulator."
    )
    add_sim_arguments(parser)
    return run_sim_command(parser.parse_args(argv))
