"""What the dashboard is told at launch. No Textual import here, so the command line can
build options (and report bad configuration) before the screen opens."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bcs_tui.api.filters import RecordFilters
from bcs_tui.base.timefmt import Clock, system_clock
from bcs_tui.core.history_access import HistoryAccess


@dataclass(frozen=True)
class DashboardOptions:
    profile: str = "default"
    region: str | None = None
    project_id: str = ""
    endpoint: str = ""
    interval_s: float = 5.0
    active_interval_s: float = 2.0
    max_backoff_s: float = 60.0
    utc: bool = False
    ascii: bool = False
    bell: bool = False
    toasts: bool = True
    """A notification for each operation that appears or ends (``--no-toasts``: none)."""
    toast_timeout_s: float = 5.0
    """How long a notification stays; one of a failure stays until dismissed."""
    theme: str | None = None
    keymap: Mapping[str, str] = field(default_factory=dict)
    """Binding ID -> comma-separated keys, e.g. ``{"dashboard.refresh": "r,f5"}``."""
    export_dir: Path = field(default_factory=Path.cwd)
    filters: RecordFilters = field(default_factory=RecordFilters)
    notify_command: str | None = None
    """Run (notify_command.py) for each operation that ends or appears."""
    desktop_notify: bool = False
    """A terminal escape sequence (OSC 777 / OSC 9) for each operation that ends."""
    clock: Clock = system_clock
    history: HistoryAccess | None = None
    """The local history: each poll's records are submitted to it, and its stored
    operations are loaded after the first paint (``H`` lists them). ``None``: none."""
