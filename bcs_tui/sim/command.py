"""``bcs-tui sim``: run the simulator in the foreground and say how to connect to it."""

import argparse
import shlex
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType
from typing import TextIO

from bcs_tui.exit_codes import ExitCode
from bcs_tui.sim.arguments import add_sim_arguments
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
