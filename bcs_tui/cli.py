"""The command line: the dashboard (default), ``records``, ``watch``, ``wait``, ``sources``,
``chains``, ``history`` and ``sim``.

Only light modules are imported here: the rest (pydantic, httpx, Textual, the simulator)
is imported by ``main`` once the collector is paused for start-up (``base/start_up.py``).
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bcs_tui import __version__
from bcs_tui.api.errors import (
    ApiError,
    AuthError,
    BadResponseError,
    BcsError,
    ConfigError,
    NetworkError,
)
from bcs_tui.base.safe_text import safe_text
from bcs_tui.base.start_up import pause_collector, start_up_done
from bcs_tui.exit_codes import ExitCode

if TYPE_CHECKING:
    from bcs_tui.api.filters import RecordFilters
    from bcs_tui.config import FlagValues, Settings
    from bcs_tui.core.history_access import HistoryAccess
    from bcs_tui.history_cli import SeenRecorder
    from bcs_tui.notify_command import EndingNotifier

EXIT_CODES_HELP = """\
exit codes:
  0  success (watch --exit-status: the operation finished; wait: all finished)
  1  the watched operation failed or was stopped (watch --exit-status; wait: any of them)
  2  usage or configuration error
  3  authentication or permission refused (HTTP 401/403)
  4  other API error after retries (including a non-JSON error page such as a proxy's 502)
  5  network failure after retries (refused, reset, DNS, TLS, timeout)
  6  a success response whose body is not the documented JSON
  7  watch / wait --deadline: the operations had not ended in time
  129  the dashboard's terminal went away (as a shell reports a hang-up)
with several sources, records and chains print every source that answered and exit with
the code of the first failing source, in the sources' order
"""


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None


def _positive_float(text: str) -> float:
    value = _number(text)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0: {text!r}")
    return value


def _interval(text: str) -> float:
    from bcs_tui.core.polling import INTERVAL_RULE, MIN_INTERVAL_S

    value = _number(text)
    # One rule, one message, for 0, 0.5 and -1 alike (not "greater than 0" for some).
    if not value >= MIN_INTERVAL_S:
        raise argparse.ArgumentTypeError(f"{INTERVAL_RULE}: {text!r}")
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number: {text!r}")
    return value


def _positive_finite_float(text: str) -> float:
    value = _positive_float(text)
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number: {text!r}")
    return value


def _common_flags() -> argparse.ArgumentParser:
    """Flags every command takes, accepted before or after the command name."""
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    group = common.add_argument_group("connection and display")
    group.add_argument("--profile", help="profile of the config file to use (BCS_TUI_PROFILE)")
    group.add_argument("--region", help="cloud region, e.g. cn-north-4 (BCS_TUI_REGION)")
    group.add_argument("--endpoint", help="explicit endpoint URL (BCS_TUI_ENDPOINT)")
    group.add_argument("--project-id", help="IAM project ID (HUAWEICLOUD_SDK_PROJECT_ID)")
    group.add_argument("--config", type=Path, help="config file (BCS_TUI_CONFIG)")
    group.add_argument(
        "--source",
        action="append",
        metavar="NAME",
        help="only this source of the profile's sources (repeatable)",
    )
    group.add_argument(
        "--demo", action="store_true", help="start the embedded simulator and use it"
    )
    group.add_argument(
        "--demo-speed",
        type=_positive_finite_float,
        help="how fast the --demo simulator's operations progress (default 1)",
    )
    group.add_argument("--utc", action="store_true", help="show times in UTC, not local time")
    group.add_argument(
        "--verbose", "-v", action="store_true", help="log requests (secrets redacted)"
    )
    group.add_argument("--log-file", type=Path, help="write the log to this file")
    group.add_argument(
        "--history",
        type=Path,
        metavar="FILE",
        help="the local history file (default $XDG_STATE_HOME/bcs-tui/history.sqlite3, "
        "~/.local/state/bcs-tui/ when unset; --demo: demo-history.sqlite3 beside it)",
    )
    group.add_argument(
        "--no-history", action="store_true", help="keep no local history of what is seen"
    )
    group.add_argument("--ca-bundle", help="CA certificates file for TLS verification")
    group.add_argument(
        "--insecure", action="store_true", help="do NOT verify TLS certificates (dangerous)"
    )
    group.add_argument(
        "--allow-http",
        action="store_true",
        help="allow a plain-http endpoint that is not on this machine",
    )
    group.add_argument(
        "--timeout", type=_positive_float, help="seconds per request attempt (default 15)"
    )
    return common


NOTIFYING_COMMANDS = (None, "wait", "watch")
"""The commands that tell of endings outside the terminal (``None``: the dashboard)."""
NOTIFY_FLAGS = ("--notify-command", "--desktop-notify")
NOTIFY_VARIABLES = (
    "BCS_TUI_OPERATION_ID, BCS_TUI_STATUS, BCS_TUI_OPERATION_TYPE, BCS_TUI_BLOCKCHAIN, "
    "BCS_TUI_SOURCE, BCS_TUI_MESSAGE"
)


def _add_notify_flags(parser: argparse.ArgumentParser, *, dashboard: bool) -> None:
    """``--notify-command`` and ``--desktop-notify``, with what they do for this command.
    Suppressed when absent, so that one given before ``wait`` / ``watch`` is kept."""
    notify = parser.add_argument_group("notifications outside the terminal")
    if dashboard:
        when = (
            "when an operation ends or a new one appears (BCS_TUI_EVENT=ended / new; one "
            "first seen already ended: new, then ended)"
        )
        desktop = "for each operation that ends (not for new ones)"
    else:
        when = "for each ending printed (BCS_TUI_EVENT=ended; never for new operations)"
        desktop = "for each ending printed, written to stdout only when it is a terminal"
    notify.add_argument(
        "--notify-command",
        metavar="CMD",
        default=argparse.SUPPRESS,
        help=f"run CMD with /bin/sh -c {when}; what happened is in its environment only: "
        f"{NOTIFY_VARIABLES}; at most 4 at once, 10 s each, output to the log "
        "(notify_command in the profile)",
    )
    notify.add_argument(
        "--desktop-notify",
        action="store_true",
        default=argparse.SUPPRESS,
        help=f"a desktop notification {desktop}, by terminal escape sequence (OSC 777 and "
        "OSC 9; through tmux too)",
    )


def _without_notify(common: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The common flags for a command that tells of nothing outside the terminal: the
    notify flags are taken but hidden, so that ``_refuse_notify_flags`` says why they do
    not apply (argparse would only call them unrecognized)."""
    others = argparse.ArgumentParser(add_help=False, parents=[common])
    others.add_argument("--notify-command", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    others.add_argument(
        "--desktop-notify", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS
    )
    return others


def _refuse_notify_flags(parser: argparse.ArgumentParser, namespace: argparse.Namespace) -> None:
    """A command that tells of nothing outside the terminal refuses the notify flags (given
    before its name, the dashboard's parser took them) rather than ignore them."""
    command = getattr(namespace, "command", None)
    given = [flag for flag in NOTIFY_FLAGS if hasattr(namespace, flag[2:].replace("-", "_"))]
    if command not in NOTIFYING_COMMANDS and given:
        parser.error(f"{given[0]} applies to the dashboard, wait and watch only, not to {command}")


def _add_filter_flags(parser: argparse.ArgumentParser) -> None:
    from bcs_tui.api.filters import ALLOWED_VALUES
    from bcs_tui.api.models import OPERATION_TYPE_NAMES, RESOURCE_TYPE_NAMES

    statuses = ", ".join(ALLOWED_VALUES["operation_status"])
    resources = ", ".join(f"{code} ({name})" for code, name in RESOURCE_TYPE_NAMES.items())
    operations = ", ".join(f"{code} ({name})" for code, name in OPERATION_TYPE_NAMES.items())
    parser.add_argument("--status", dest="operation_status", help=f"one of: {statuses}")
    parser.add_argument("--resource-type", help=f"one of: {resources}")
    parser.add_argument("--operation-type", help=f"one of: {operations}")
    parser.add_argument("--blockchain-id", help="only this blockchain's operations")
    parser.add_argument("--operation-id", help="only this operation")


def _add_deadline_flag(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--deadline",
        type=_positive_finite_float,
        metavar="S",
        help=f"exit 7 when {what} has not ended within S seconds (--timeout stays the "
        "limit of each request)",
    )


WAIT_DESCRIPTION = """\
Wait until every chosen operation has ended, printing one line for each ending (time,
source when there are several, operation ID, type, blockchain, status, failure message).

Which operations: the IDs given (one that has already ended is printed at once); with no
ID, every operation matching --blockchain-id / --status that is waiting or processing when
the wait starts (chosen once: one that appears later is not waited for). Nothing running
exits 0 at once. Polls every --interval seconds (the profile's interval by default).
Exit 0 when all finished, 1 when any failed or was stopped, 7 at --deadline.
"""


def _add_wait_command(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
) -> None:
    wait = commands.add_parser(
        "wait",
        parents=[common],
        help="wait until operations end (exit 0: all finished, 1: any failed, 7: deadline)",
        description=WAIT_DESCRIPTION,
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    wait.add_argument(
        "wait_operation_ids",
        nargs="*",
        metavar="[SOURCE:]OPERATION_ID",
        help="the operations (as for watch); none: every running one matching the filters",
    )
    wait.add_argument("--blockchain-id", help="only this blockchain's operations")
    wait.add_argument(
        "--status",
        dest="wait_statuses",
        action="append",
        choices=("waiting", "processing"),
        help="only operations in this status when the wait starts (repeatable; default both)",
    )
    wait.add_argument(
        "--interval", type=_interval, help="seconds between polls (at least 1; default 5)"
    )
    _add_deadline_flag(wait, "an operation")
    _add_notify_flags(wait, dashboard=False)


def build_parser() -> argparse.ArgumentParser:
    common = _common_flags()
    parser = argparse.ArgumentParser(
        prog="bcs-tui",
        description="Live terminal dashboard for Blockchain Service operation records. "
        "With no command it opens the dashboard.",
        parents=[common],
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"bcs-tui {__version__}")
    dashboard = parser.add_argument_group("dashboard")
    dashboard.add_argument(
        "--interval", type=_interval, help="seconds between refreshes (at least 1; default 5)"
    )
    dashboard.add_argument(
        "--ascii",
        action="store_true",
        help="plain ASCII only (on by itself when the locale is not UTF-8)",
    )
    dashboard.add_argument("--bell", action="store_true", help="ring the bell on transitions")
    dashboard.add_argument(
        "--no-toasts",
        action="store_true",
        help="no notification for each operation that appears or ends (L lists them)",
    )
    dashboard.add_argument("--light", action="store_true", help="light theme")
    _add_notify_flags(parser, dashboard=True)
    others = _without_notify(common)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    records = commands.add_parser(
        "records",
        parents=[others],
        help="fetch the operation records once and print them",
        description="Fetch the operation records once and print a table (or JSON).",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_filter_flags(records)
    records.add_argument(
        "--json",
        action="store_true",
        help='print {"count": N, "operation_records": [...]} with exact integer timestamps; '
        'with several sources {"sources": [{"name", "region", "project_id", "count", '
        '"operation_records"} or {"name", "region", "project_id", "error"}, ...]}',
    )

    watch = commands.add_parser(
        "watch",
        parents=[common],
        help="follow one operation's steps until it ends",
        description="Print each step / sub-step change of one operation until it ends.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    watch.add_argument(
        "watched_operation_id",
        metavar="[SOURCE:]OPERATION_ID",
        help="the operation; with several sources a bare ID is looked up in each, and "
        "SOURCE:OPERATION_ID names the source when the ID is in more than one",
    )
    watch.add_argument(
        "--interval", type=_interval, help="seconds between polls (at least 1; default 5)"
    )
    watch.add_argument(
        "--exit-status",
        action="store_true",
        help="exit 1 if the operation failed or was stopped (0 if it finished)",
    )
    _add_deadline_flag(watch, "the operation")
    _add_notify_flags(watch, dashboard=False)

    _add_wait_command(commands, common)

    sources = commands.add_parser(
        "sources",
        parents=[others],
        help="print the sources the profile resolves to",
        description="Print each source (region + project) with its endpoint, the profile whose "
        "credentials it uses and the auth method; never a secret. With --discover, list the "
        "projects the credentials can see (IAM) in the regions where BCS runs, and print a "
        "ready sources = [...] line.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sources.add_argument(
        "--json",
        action="store_true",
        help='print {"sources": [{"name", "region", "project_id", "endpoint", '
        '"credentials_profile", "auth"}, ...]} (with --discover: {"projects": [{"name", '
        '"region", "project_id", "project_name"}, ...]})',
    )
    sources.add_argument(
        "--discover",
        action="store_true",
        help="ask IAM which projects the credentials can see (a token or password login lists "
        "them all; AK/SK asks each region where BCS runs); needs no project ID (but a password "
        "login needs one project to log in to)",
    )

    chains = commands.add_parser(
        "chains",
        parents=[others],
        help="list every blockchain of every source with its status",
        description="List every blockchain of each source with its status, what is being done "
        "to it (process status) and its version.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    chains.add_argument(
        "--json",
        action="store_true",
        help='print {"blockchains": [...], "count": N} (each item with its "basic_info"); '
        'with several sources {"sources": [{"name", "region", "project_id", "count", '
        '"blockchains"} or {..., "error"}]}',
    )

    from bcs_tui.history_cli import add_history_parser

    add_history_parser(commands, others, EXIT_CODES_HELP)

    from bcs_tui.sim.arguments import add_sim_arguments

    sim = commands.add_parser(
        "sim",
        help="run the embedded simulator as a server",
        description="Serve the BCS API on loopback with live, seeded operations.",
    )
    add_sim_arguments(sim)
    return parser


@dataclass(frozen=True)
class Arguments:
    """What the command line said to the dashboard, ``records`` or ``watch``, typed.

    Built once from argparse's namespace; a flag not given keeps the default here (the common
    flags are suppressed when absent, so one given before the command name is not reset)."""

    command: str | None = None
    # Common flags.
    profile: str | None = None
    region: str | None = None
    endpoint: str | None = None
    project_id: str | None = None
    config: Path | None = None
    source: Sequence[str] = ()
    demo: bool = False
    demo_speed: float = 1.0
    utc: bool = False
    verbose: bool = False
    log_file: Path | None = None
    history: Path | None = None
    no_history: bool = False
    ca_bundle: str | None = None
    insecure: bool = False
    allow_http: bool = False
    timeout: float | None = None
    notify_command: str | None = None
    desktop_notify: bool = False
    # The dashboard (and watch: --interval).
    interval: float | None = None
    ascii: bool = False
    bell: bool = False
    no_toasts: bool = False
    light: bool = False
    # records.
    operation_status: str | None = None
    resource_type: str | None = None
    operation_type: str | None = None
    blockchain_id: str | None = None
    operation_id: str | None = None
    json: bool = False
    # sources.
    discover: bool = False
    # watch (its OPERATION_ID is required there, and kept apart from the records filter).
    watched_operation_id: str = ""
    exit_status: bool = False
    # history (its --blockchain-id and --json are records' own fields).
    history_command: str | None = None
    since: datetime.date | None = None
    history_statuses: Sequence[str] = ()
    older_than_days: int | None = None
    deadline: float | None = None
    """watch and wait: seconds to wait for the end at most (exit 7 after)."""
    # wait.
    wait_operation_ids: Sequence[str] = ()
    wait_statuses: Sequence[str] = ()

    @classmethod
    def from_namespace(cls, namespace: argparse.Namespace) -> Arguments:
        return cls(**vars(namespace))

    def flag_values(self) -> FlagValues:
        from bcs_tui.config import FlagValues

        return FlagValues(
            profile=self.profile,
            region=self.region,
            endpoint=self.endpoint,
            project_id=self.project_id,
            interval=self.interval,
            config_path=self.config,
            ca_bundle=self.ca_bundle,
            insecure=self.insecure,
            allow_http=self.allow_http,
            toasts=False if self.no_toasts else None,
            sources=tuple(self.source),
            history=self.history,
            no_history=self.no_history,
            notify_command=self.notify_command,
        )

    def filters(self) -> RecordFilters:
        from bcs_tui.api.filters import RecordFilters

        return RecordFilters(
            blockchain_id=self.blockchain_id,
            operation_id=self.operation_id,
            operation_status=self.operation_status,
            resource_type=self.resource_type,
            operation_type=self.operation_type,
        )


def _configure_logging(args: Arguments, *, to_stderr: bool) -> None:
    verbose, log_file = args.verbose, args.log_file
    if not verbose and log_file is None:
        return
    import logging

    handlers: list[logging.Handler] = []
    if log_file is not None:
        try:
            handlers.append(logging.FileHandler(log_file, encoding="utf-8"))
        except OSError as error:
            raise ConfigError(f"cannot open log file {log_file}: {error.strerror}") from None
    elif to_stderr:
        handlers.append(logging.StreamHandler(sys.stderr))
    else:
        raise ConfigError("the dashboard needs --log-file PATH with --verbose (it owns the screen)")
    formatter = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    root = logging.getLogger("bcs_tui")
    for handler in handlers:
        handler.setFormatter(formatter)
        root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)


@contextmanager
def _settings_for(
    args: Arguments, on_unusable: Callable[[ConfigError], None] | None = None
) -> Iterator[Settings]:
    """Resolved settings; with ``--demo``, the simulator for the command's lifetime.
    ``on_unusable``: as ``resolve_settings`` says."""
    from bcs_tui.config import resolve_settings

    flags = args.flag_values()
    if not args.demo:
        yield resolve_settings(flags, on_unusable=on_unusable)
        return
    from pydantic import SecretStr

    from bcs_tui.config import Credentials, Settings, history_path_for
    from bcs_tui.config_files import config_file_path, load_config_file
    from bcs_tui.demo_sources import demo_sources
    from bcs_tui.precedence import DEFAULT_INTERVAL_S
    from bcs_tui.sim.defaults import DEFAULT_AK, DEFAULT_SK

    # The simulator replaces the connection and credentials, not the user's key remapping.
    keymap = load_config_file(config_file_path(flags.config_path, os.environ)).keys
    credentials = Credentials(mode="aksk", ak=DEFAULT_AK, sk=SecretStr(DEFAULT_SK))
    with _started_simulator(args.demo_speed) as endpoint:
        sources = demo_sources(endpoint, credentials, flags.sources)
        yield Settings(
            profile="demo",
            # No region in the header: the endpoint is the simulator, wherever its projects are.
            region=None,
            endpoint=endpoint,
            project_id=sources[0].project_id,
            credentials=credentials,
            interval_s=flags.interval if flags.interval is not None else DEFAULT_INTERVAL_S,
            keymap=keymap,
            toasts=flags.toasts is not False,
            sources=sources,
            history_path=history_path_for(flags, os.environ, demo=True),
            notify_command=flags.notify_command,
        )


@contextmanager
def _started_simulator(speed: float) -> Iterator[str]:
    """The demo simulator's endpoint for the block's lifetime; a clear error if it cannot
    start."""
    from bcs_tui.sim.process import demo_simulator

    with ExitStack() as stack:
        try:
            endpoint = stack.enter_context(demo_simulator(speed))
        except OSError as error:
            reason = error.strerror or str(error)
            raise ConfigError(f"cannot start the demo simulator: {reason}") from None
        yield endpoint


def _warn_insecure(verify: bool | str, stream: TextIO) -> None:
    if verify is False:
        print(
            "bcs-tui: WARNING: TLS certificate verification is OFF (--insecure): anyone on the "
            "network path can read and change this traffic, including your credentials.",
            file=stream,
        )


def _run_records(args: Arguments, settings: Settings) -> int:
    import asyncio

    from bcs_tui.connect import build_client
    from bcs_tui.output import print_records_table

    filters = args.filters()
    start_up_done()
    if len(settings.all_sources()) > 1:
        return _run_fleet_records(args, settings, filters)

    async def fetch() -> int:
        async with build_client(settings, timeout_s=args.timeout) as client:
            result = await client.list_records(filters)
        if args.json:
            json.dump(result.to_api_json(), sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            print_records_table(result, utc=args.utc, stream=sys.stdout)
        sys.stdout.flush()
        (source,) = settings.all_sources()
        with _seen_recorder(settings) as recorder:
            recorder.seen(source.name, source.project_id, result.records)
        return ExitCode.OK

    return asyncio.run(fetch())


@contextmanager
def _seen_recorder(settings: Settings) -> Iterator[SeenRecorder]:
    """The history of what ``records`` and ``watch`` see; its warnings on stderr."""
    from bcs_tui.history_cli import SeenRecorder, stderr_warning

    recorder = SeenRecorder(settings.history_path, settings.history_days, stderr_warning())
    try:
        yield recorder
    finally:
        recorder.close()


def _run_fleet_records(args: Arguments, settings: Settings, filters: RecordFilters) -> int:
    import asyncio

    from bcs_tui.fleet_records import (
        fetch_each_source,
        first_error,
        print_answers_json,
        print_answers_table,
        report_failures,
    )

    answers = asyncio.run(
        fetch_each_source(settings.all_sources(), settings, filters, timeout_s=args.timeout)
    )
    if args.json:
        print_answers_json(answers, sys.stdout)
    else:
        print_answers_table(answers, utc=args.utc, stream=sys.stdout)
    sys.stdout.flush()
    report_failures(answers, sys.stderr)
    with _seen_recorder(settings) as recorder:
        for one in answers:
            if not isinstance(one.answer, BcsError):
                recorder.seen(one.source.name, one.source.project_id, one.answer.records)
    failed = first_error(answers)
    return ExitCode.OK if failed is None else exit_code_for(failed)


def _run_watch(args: Arguments, settings: Settings) -> int:
    import asyncio

    from bcs_tui.connect import build_source_client
    from bcs_tui.deadline import within_deadline
    from bcs_tui.watch import WatchPlace, watch_operation
    from bcs_tui.watch_target import find_watch_target

    start_up_done()
    several = len(settings.all_sources()) > 1
    watched = args.watched_operation_id
    notifier = _notifier(args, settings)

    async def watch() -> int:
        target = await find_watch_target(settings, watched, timeout_s=args.timeout, warn=sys.stderr)
        source = target.source
        place = WatchPlace(source.project_id, source.name if several else None)
        async with build_source_client(source, settings, timeout_s=args.timeout) as client:
            with _seen_recorder(settings) as recorder:
                return await watch_operation(
                    client,
                    place=place,
                    operation_id=target.operation_id,
                    interval_s=args.interval or settings.interval_s,
                    exit_status=args.exit_status,
                    utc=args.utc,
                    stream=sys.stdout,
                    on_seen=lambda record: recorder.seen(source.name, source.project_id, [record]),
                    on_ending=lambda record: notifier(source.name if several else None, record),
                )

    def expired() -> None:
        print(
            f"bcs-tui: operation {safe_text(watched)!r} has not ended within "
            f"--deadline {args.deadline:g}s",
            file=sys.stderr,
        )

    async def watched_and_told() -> int:
        code = await within_deadline(watch(), args.deadline, expired)
        await notifier.drain()
        return code

    return asyncio.run(watched_and_told())


def _notifier(args: Arguments, settings: Settings) -> EndingNotifier:
    """What ``wait`` and ``watch`` tell of each ending they print: the notify command, and
    the desktop notification when stdout is a terminal (the operator's, maybe over SSH)."""
    from bcs_tui.notify_command import EndingNotifier, NotifyCommandRunner

    runner = NotifyCommandRunner(settings.notify_command) if settings.notify_command else None
    write_terminal = None
    if args.desktop_notify and sys.stdout.isatty():
        write_terminal = _write_and_flush
    return EndingNotifier(runner, write_terminal, in_tmux=bool(os.environ.get("TMUX")))


def _write_and_flush(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _run_wait(args: Arguments, settings: Settings) -> int:
    import asyncio
    from contextlib import AsyncExitStack

    from bcs_tui.api.filters import RecordFilters
    from bcs_tui.base.status import Status
    from bcs_tui.config import SourceSettings
    from bcs_tui.connect import build_source_client
    from bcs_tui.deadline import within_deadline
    from bcs_tui.wait import Waiter, WaitQuery, WaitSource
    from bcs_tui.watch import WatchPlace
    from bcs_tui.watch_target import find_watch_target

    if args.wait_operation_ids and (args.blockchain_id or args.wait_statuses):
        raise ConfigError(
            "wait takes operation IDs or --blockchain-id / --status, not both: "
            "the IDs already say which operations"
        )
    start_up_done()
    all_sources = settings.all_sources()
    several = len(all_sources) > 1
    notifier = _notifier(args, settings)

    async def wait(stack: AsyncExitStack) -> Waiter:
        opened: dict[str, WaitSource] = {}

        async def source_of(source: SourceSettings) -> WaitSource:
            if source.name not in opened:
                client = build_source_client(source, settings, timeout_s=args.timeout)
                opened[source.name] = WaitSource(
                    WatchPlace(source.project_id, source.name if several else None),
                    await stack.enter_async_context(client),
                )
            return opened[source.name]

        queries: list[WaitQuery] = []
        for text in dict.fromkeys(args.wait_operation_ids):
            target = await find_watch_target(
                settings, text, timeout_s=args.timeout, warn=sys.stderr, command="wait"
            )
            queries.append(
                WaitQuery(
                    await source_of(target.source),
                    RecordFilters(operation_id=target.operation_id),
                    frozenset({target.operation_id}),
                )
            )
        if not args.wait_operation_ids:
            chosen = RecordFilters(blockchain_id=args.blockchain_id)
            queries = [WaitQuery(await source_of(one), chosen) for one in all_sources]
        return Waiter(
            queries,
            frozenset(Status(word) for word in args.wait_statuses or ()),
            sys.stdout,
            interval_s=args.interval or settings.interval_s,
            utc=args.utc,
            on_ending=notifier,
        )

    async def run() -> int:
        async with AsyncExitStack() as stack:
            waiter: Waiter | None = None

            async def chosen_and_waited() -> int:
                nonlocal waiter
                waiter = await wait(stack)
                return await waiter.run()

            def expired() -> None:
                what = "the operations" if waiter is None else waiter.describe_pending()
                print(
                    f"bcs-tui: --deadline {args.deadline:g}s passed: {what}",
                    file=sys.stderr,
                )

            code = await within_deadline(chosen_and_waited(), args.deadline, expired)
        await notifier.drain()
        return code

    return asyncio.run(run())


def _run_sources(args: Arguments, settings: Settings, unusable: Sequence[ConfigError]) -> int:
    """The sources as resolved, even when they could not be used (``unusable``: a bare
    token shared by several): seeing them is this command's point. Such an error still
    goes to stderr and exits 2, as it would for any other command."""
    from bcs_tui.sources_output import print_sources_json, print_sources_table

    start_up_done()
    if args.json:
        print_sources_json(settings.all_sources(), sys.stdout)
    else:
        print_sources_table(settings.all_sources(), sys.stdout)
    if not unusable:
        return ExitCode.OK
    sys.stdout.flush()
    for error in unusable:
        print(f"bcs-tui: error: {safe_text(str(error))}", file=sys.stderr)
    return ExitCode.USAGE


def _run_discover(args: Arguments) -> int:
    """``sources --discover``: needs credentials and IAM only (with ``--demo``, the demo
    simulator's, whose IAM is at its endpoint)."""
    import asyncio

    from bcs_tui.config import DiscoverySettings, resolve_discovery
    from bcs_tui.discover import discover_projects, print_discovered, print_discovered_json

    def find(discovery: DiscoverySettings) -> int:
        _warn_insecure(discovery.verify, sys.stderr)
        start_up_done()
        projects = asyncio.run(discover_projects(discovery, timeout_s=args.timeout))
        if args.json:
            print_discovered_json(projects, discovery.endpoint, sys.stdout)
        else:
            print_discovered(projects, discovery.endpoint, sys.stdout)
        return ExitCode.OK

    if not args.demo:
        return find(resolve_discovery(args.flag_values()))
    with _settings_for(args) as settings:
        # The demo simulator stops with this command: a snippet naming its endpoint would
        # point at nothing, so it names none and says why.
        demo = DiscoverySettings(
            credentials=settings.credentials,
            iam_endpoint=settings.endpoint,
            project_id=settings.project_id,
            endpoint=None,
        )
        code = find(demo)
    print(
        "bcs-tui: note: these are the demo simulator's projects; it stopped with this command,"
        " so no endpoint is suggested (bcs-tui --demo starts its own)",
        file=sys.stderr,
    )
    return code


def _run_chains(args: Arguments, settings: Settings) -> int:
    """Every source's chains; a failing source's error on stderr (the others are still
    printed) and its exit code. One source failing alone is reported as ``records`` does."""
    import asyncio

    from bcs_tui.chains_output import gather_chains, print_chains_json, print_chains_table

    start_up_done()
    sources = settings.all_sources()
    found = asyncio.run(gather_chains(sources, settings, timeout_s=args.timeout))
    failures = [(one.source.name, one.error) for one in found if one.error is not None]
    if len(found) == 1 and failures and isinstance(failures[0][1], BcsError):
        raise failures[0][1]  # reported (and its exit code chosen) as `records` does
    if args.json:
        print_chains_json(found, sys.stdout)
    else:
        print_chains_table(found, sys.stdout)
    for name, error in failures:
        where = f"source {name}: " if len(found) > 1 else ""
        print(f"bcs-tui: error: {safe_text(where + str(error))}", file=sys.stderr)
    if not failures:
        return ExitCode.OK
    first = failures[0][1]
    return exit_code_for(first) if isinstance(first, BcsError) else ExitCode.API


def _run_history(args: Arguments) -> int:
    """Reads the local file only: no settings of the connection, no credentials."""
    from bcs_tui.base.terminal_locale import locale_is_utf8
    from bcs_tui.history_cli import run_history

    start_up_done()
    return run_history(
        args.flag_values(),
        action=args.history_command,
        as_json=args.json,
        since=args.since,
        statuses=args.history_statuses,
        blockchain_id=args.blockchain_id,
        sources=args.source,
        older_than_days=args.older_than_days,
        utc=args.utc,
        demo=args.demo,
        ascii=args.ascii or not locale_is_utf8(),
    )


def _run_dashboard(args: Arguments, settings: Settings) -> int:
    from bcs_tui.base.terminal_locale import locale_is_utf8
    from bcs_tui.connect import build_source_client
    from bcs_tui.core.named_source import NamedSource
    from bcs_tui.ui.app import run_dashboard
    from bcs_tui.ui.keys import check_keymap
    from bcs_tui.ui.options import DashboardOptions

    check_keymap(settings.keymap)

    options = DashboardOptions(
        profile=settings.profile,
        region=settings.region,
        project_id=settings.project_id,
        endpoint=settings.endpoint,
        interval_s=settings.interval_s,
        utc=args.utc,
        ascii=args.ascii or not locale_is_utf8(),
        bell=args.bell,
        toasts=settings.toasts,
        theme="textual-light" if args.light else None,
        keymap=settings.keymap,
        notify_command=settings.notify_command,
        desktop_notify=args.desktop_notify,
        history=None if settings.history_path is None else _dashboard_history(settings),
    )
    sources = [
        NamedSource(
            source.name,
            source.region,
            source.project_id,
            build_source_client(source, settings, timeout_s=args.timeout),
        )
        for source in settings.all_sources()
    ]
    return run_dashboard(sources, options)


def _dashboard_history(settings: Settings) -> HistoryAccess:
    from bcs_tui.history.dashboard_history import DashboardHistory

    assert settings.history_path is not None
    return DashboardHistory(settings.history_path, keep_days=settings.history_days)


_EXIT_CODES: dict[type[BcsError], ExitCode] = {
    ConfigError: ExitCode.USAGE,
    ApiError: ExitCode.API,
    AuthError: ExitCode.AUTH,
    NetworkError: ExitCode.NETWORK,
    BadResponseError: ExitCode.BAD_RESPONSE,
}


def exit_code_for(error: BcsError) -> ExitCode:
    """The code of the most specific class of ``error`` listed above (an ``AuthError`` is an
    ``ApiError`` too, and exits with ``AUTH``); any other error is an API error."""
    for kind in type(error).__mro__:
        if kind in _EXIT_CODES:
            return _EXIT_CODES[kind]
    return ExitCode.API


def main(argv: Sequence[str] | None = None) -> int:
    pause_collector()
    # No pydantic plugin is ours to load, and looking for them reads the metadata of every
    # installed package (~10 ms of each start: benchmarks/RESULTS.md, rows 3 and 11).
    # pydantic's documented switch; a value the user set is left as it is.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        return _main(argv)
    finally:
        start_up_done()


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    namespace = parser.parse_args(argv)
    _refuse_notify_flags(parser, namespace)
    try:
        if namespace.command == "sim":
            from bcs_tui.sim.command import run_sim_command

            start_up_done()
            return run_sim_command(namespace)
        args = Arguments.from_namespace(namespace)
        command = args.command
        _configure_logging(args, to_stderr=command is not None)
        if command == "sources" and args.discover:
            return _run_discover(args)
        if command == "history":
            return _run_history(args)
        unusable: list[ConfigError] = []
        # Only `sources` shows sources it cannot use; every other command refuses them.
        keep_unusable = unusable.append if command == "sources" else None
        with _settings_for(args, keep_unusable) as settings:
            _warn_insecure(settings.verify, sys.stderr)
            if command == "records":
                return _run_records(args, settings)
            if command == "watch":
                return _run_watch(args, settings)
            if command == "wait":
                return _run_wait(args, settings)
            if command == "sources":
                return _run_sources(args, settings, unusable)
            if command == "chains":
                return _run_chains(args, settings)
            # The dashboard ends start-up once its first records are painted.
            return _run_dashboard(args, settings)
    except BcsError as error:
        print(f"bcs-tui: error: {safe_text(str(error))}", file=sys.stderr)
        return exit_code_for(error)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`bcs-tui records | head`): not an error, and nothing to print.
        # Point stdout at /dev/null so the interpreter's final flush cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return ExitCode.OK
