"""Every key of the dashboard in one table: Textual bindings, the help screen and the
command palette are all built from it, so they cannot disagree.

Each binding has an ID; users remap keys in the config file with ``keymap`` entries
(binding ID -> comma-separated keys), applied with Textual's keymap support.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from textual.binding import Binding, BindingType

from bcs_tui.api.errors import ConfigError


@dataclass(frozen=True)
class KeyAction:
    id: str
    keys: str
    """Textual key names, comma-separated (``question_mark`` is ``?``)."""
    action: str
    description: str
    scope: str
    """Where it applies: "app" (everywhere), "list", "table", "detail", "detail-screen"."""
    show: bool = False
    key_display: str | None = None
    palette: bool = True
    """Offered in the command palette (navigation keys are not)."""
    short: str = ""
    """Footer label (the footer is one line, even at 80 columns); ``description`` if empty."""
    priority: bool = False
    """Checked by the app before the key is passed to the focused widget. A key that moves
    the focus needs it: Textual hands each key to the widget focused when the key is read,
    so keys typed in the same burst would otherwise still go to the old widget."""


KEY_ACTIONS: tuple[KeyAction, ...] = (
    # Everywhere.
    KeyAction(
        "dashboard.refresh", "r", "refresh_now", "Refresh now", "app", show=True, short="Refresh"
    ),
    KeyAction(
        "dashboard.pause",
        "p",
        "toggle_pause",
        "Pause / resume refreshing",
        "app",
        show=True,
        short="Pause",
    ),
    KeyAction(
        "dashboard.interval-longer",
        "plus",
        "interval_longer",
        "Longer refresh interval",
        "app",
        key_display="+",
    ),
    KeyAction(
        "dashboard.interval-shorter",
        "minus",
        "interval_shorter",
        "Shorter refresh interval",
        "app",
        key_display="-",
    ),
    KeyAction("dashboard.toggle-utc", "t", "toggle_utc", "Toggle local time / UTC", "app"),
    KeyAction(
        "dashboard.copy-id", "y", "copy_operation_id", "Copy the operation ID (OSC 52)", "app"
    ),
    KeyAction("dashboard.export", "e", "export_record", "Export the record as JSON", "app"),
    KeyAction(
        "dashboard.help",
        "question_mark",
        "show_help",
        "Help: what the screen shows, and every key",
        "app",
        show=True,
        short="Help",
        key_display="?",
    ),
    KeyAction("dashboard.quit", "q", "quit_dashboard", "Quit", "app", show=True),
    # Notifications and the events log.
    KeyAction(
        "dashboard.events",
        "L",
        "show_events",
        "Events log (changes of status)",
        "app",
        key_display="L",
    ),
    KeyAction(
        "dashboard.dismiss-toasts",
        "ctrl+l",
        "dismiss_notifications",
        "Dismiss the notifications",
        "app",
        priority=True,  # over a dialog too: a modal screen stops the app's other keys
    ),
    # Blockchain health: the view of the selected record's chain.
    KeyAction(
        "dashboard.blockchain",
        "b",
        "open_blockchain",
        "Blockchain health: the chain's status and resources",
        "app",
        short="Chain",
    ),
    KeyAction(
        "blockchain.close",
        "escape,q,b",
        "close",
        "Back (close the blockchain view)",
        "blockchain",
        show=True,
        short="Back",
        palette=False,
    ),
    # The sources view (several sources).
    KeyAction(
        "dashboard.sources",
        "P",
        "show_sources",
        "Sources: states; enter shows one, 1 / esc all again",
        "app",
        key_display="P",
    ),
    KeyAction(
        "sources.close", "escape,q,P", "close", "Close the sources view", "sources", palette=False
    ),
    # The main screen.
    KeyAction(
        "dashboard.open-detail",
        "enter",
        "app.open_detail",
        "Open the detail full screen",
        "list",
        show=True,
        short="Detail",
    ),
    KeyAction(
        "dashboard.search",
        "slash",
        "app.start_search",
        "Filter the list by text (the source's name too)",
        "list",
        show=True,
        short="Search",
        key_display="/",
        priority=True,
    ),
    KeyAction(
        "dashboard.clear-search",
        "escape",
        "app.clear_search",
        "Clear the text filter (and show every source)",
        "list",
    ),
    KeyAction(
        "dashboard.server-filters",
        "f",
        "app.server_filters",
        "Server-side filters",
        "list",
        show=True,
        short="Filters",
    ),
    KeyAction(
        "dashboard.sort",
        "s",
        "app.cycle_sort",
        "Cycle the sort column",
        "list",
        show=True,
        short="Sort",
    ),
    KeyAction(
        "dashboard.sort-reverse",
        "S",
        "app.reverse_sort",
        "Reverse the sort order",
        "list",
        key_display="S",
    ),
    KeyAction("dashboard.next-pane", "tab", "app.focus_next", "Next pane", "list", palette=False),
    KeyAction(
        "dashboard.previous-pane",
        "shift+tab",
        "app.focus_previous",
        "Previous pane",
        "list",
        palette=False,
    ),
    # Quick answers: local status filters, jumps between failures, the copy menu.
    KeyAction("dashboard.show-all", "1", "app.show_all", "Show all operations", "list"),
    KeyAction(
        "dashboard.show-running",
        "2",
        "app.show_running",
        "Show running operations only",
        "list",
    ),
    KeyAction(
        "dashboard.show-failed",
        "3",
        "app.show_failed",
        "Show failed or stopped only",
        "list",
    ),
    KeyAction(
        "dashboard.show-finished",
        "4",
        "app.show_finished",
        "Show finished operations only",
        "list",
    ),
    KeyAction(
        "dashboard.next-failed",
        "right_square_bracket",
        "app.next_failed",
        "Next failed/stopped (wraps)",
        "list",
        key_display="]",
    ),
    KeyAction(
        "dashboard.previous-failed",
        "left_square_bracket",
        "app.previous_failed",
        "Previous failed/stopped (wraps)",
        "list",
        key_display="[",
    ),
    KeyAction(
        "detail.next-failed",
        "right_square_bracket",
        "app.next_failed",
        "Next failed/stopped (wraps)",
        "detail-screen",
        key_display="]",
        palette=False,
    ),
    KeyAction(
        "detail.previous-failed",
        "left_square_bracket",
        "app.previous_failed",
        "Previous failed/stopped (wraps)",
        "detail-screen",
        key_display="[",
        palette=False,
    ),
    KeyAction("dashboard.copy-menu", "Y", "copy_menu", "Copy menu: ID, message, JSON", "app"),
    # The local history (issue 13).
    KeyAction(
        "dashboard.history",
        "H",
        "toggle_history",
        "Show / hide stored operations no longer listed",
        "app",
        key_display="H",
    ),
    KeyAction(
        "copy.operation-id", "1", "choose(0)", "Copy the operation ID", "copy-menu", palette=False
    ),
    KeyAction(
        "copy.blockchain-id", "2", "choose(1)", "Copy the blockchain ID", "copy-menu", palette=False
    ),
    KeyAction(
        "copy.message", "3", "choose(2)", "Copy the failure message", "copy-menu", palette=False
    ),
    KeyAction("copy.json", "4", "choose(3)", "Copy the record as JSON", "copy-menu", palette=False),
    KeyAction("copy.down", "j", "cursor_down", "Next item", "copy-menu", palette=False),
    KeyAction("copy.up", "k", "cursor_up", "Previous item", "copy-menu", palette=False),
    KeyAction("copy.close", "escape,q", "close", "Close the copy menu", "copy-menu", palette=False),
    KeyAction(
        "events.close", "escape,q,L", "close", "Close the events log", "events", palette=False
    ),
    KeyAction(
        "help.close", "escape,q,question_mark", "dismiss", "Close help", "help", palette=False
    ),
    KeyAction("help.down", "j", "scroll_help(1)", "Scroll down", "help", palette=False),
    KeyAction("help.up", "k", "scroll_help(-1)", "Scroll up", "help", palette=False),
    # j / k move in the sources view and the events log, as in every list.
    KeyAction("sources.down", "j", "cursor_down", "Next source", "sources", palette=False),
    KeyAction("sources.up", "k", "cursor_up", "Previous source", "sources", palette=False),
    KeyAction("events.down", "j", "cursor_down", "Next event", "events", palette=False),
    KeyAction("events.up", "k", "cursor_up", "Previous event", "events", palette=False),
    # The record table.
    KeyAction("list.down", "j,down", "cursor_down", "Next record", "table", palette=False),
    KeyAction("list.up", "k,up", "cursor_up", "Previous record", "table", palette=False),
    KeyAction("list.first", "g,home", "scroll_top", "First record", "table", palette=False),
    KeyAction("list.last", "G,end", "scroll_bottom", "Last record", "table", palette=False),
    KeyAction("list.page-down", "pagedown", "page_down", "Page down", "table", palette=False),
    KeyAction("list.page-up", "pageup", "page_up", "Page up", "table", palette=False),
    # Only a window narrower than 80 columns has columns that do not fit.
    KeyAction("list.left", "left", "scroll_left", "Scroll sideways", "table", palette=False),
    KeyAction("list.right", "right", "scroll_right", "Scroll sideways", "table", palette=False),
    KeyAction(
        "list.select",
        "enter",
        # At once, not by a message from the table: the keys after it go to the detail.
        "app.open_detail",
        "Open the detail full screen",
        "table",
        palette=False,
        show=True,
        short="Detail",
    ),
    # The detail pane (beside the list or full screen).
    KeyAction("detail.down", "j,down", "scroll_down", "Scroll down", "detail", palette=False),
    KeyAction("detail.up", "k,up", "scroll_up", "Scroll up", "detail", palette=False),
    KeyAction("detail.top", "g,home", "scroll_home", "Scroll to the top", "detail", palette=False),
    KeyAction("detail.bottom", "G,end", "scroll_end", "Scroll to the end", "detail", palette=False),
    KeyAction("detail.page-down", "pagedown", "page_down", "Page down", "detail", palette=False),
    KeyAction("detail.page-up", "pageup", "page_up", "Page up", "detail", palette=False),
    KeyAction(
        "detail.back",
        "escape",
        "app.close_detail",
        "Back to the list",
        "detail-screen",
        show=True,
        short="Back",
    ),
    KeyAction(
        "detail.next-record",
        "J",
        "app.next_record",
        "Next record of the list",
        "detail-screen",
        show=True,
        short="Next",
        key_display="J",
    ),
    KeyAction(
        "detail.previous-record",
        "K",
        "app.previous_record",
        "Previous record of the list",
        "detail-screen",
        show=True,
        short="Prev",
        key_display="K",
    ),
)

SCOPE_TITLES: Mapping[str, str] = {
    "app": "Everywhere",
    "list": "Record list",
    "table": "Moving in the list",
    "detail": "Moving in the detail pane",
    "detail-screen": "Full-screen detail",
    "copy-menu": "Copy menu (Y; arrows and enter work too)",
    "events": "Events log (L; arrows and enter go to the operation)",
    "sources": "Sources view (P; enter shows that source alone, 1 shows all again)",
    "help": "Help (arrows, PgUp / PgDn, home / end scroll too)",
    "blockchain": "Blockchain view (b; j / k and the detail pane's keys scroll)",
}


LIVE_TOGETHER: tuple[frozenset[str], ...] = (
    frozenset({"app", "list", "table"}),
    frozenset({"app", "list", "detail"}),
    frozenset({"app", "detail-screen", "detail"}),
    frozenset({"app", "copy-menu"}),
    frozenset({"app", "events"}),
    frozenset({"app", "sources"}),
    frozenset({"app", "help"}),
    frozenset({"app", "blockchain", "detail"}),
)
"""Scopes whose bindings answer keys at the same time: the focused widget's (the record table
or the detail pane), its screen's (the list or the full-screen detail) and the app's."""


def bindings(scope: str) -> list[BindingType]:
    """Textual bindings of one scope, each carrying its ID for remapping."""
    return [
        Binding(
            item.keys,
            item.action,
            item.short or item.description,
            show=item.show,
            key_display=item.key_display,
            priority=item.priority,
            id=item.id,
        )
        for item in KEY_ACTIONS
        if item.scope == scope
    ]


_DISPLAY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "plus": "+",
    "minus": "-",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "escape": "esc",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "shift+tab": "shift+tab",
}


def display_keys(keys: str) -> str:
    """``j,down`` -> ``j / down``, Textual key names shown as the user types them."""
    return " / ".join(_DISPLAY_NAMES.get(key.strip(), key.strip()) for key in keys.split(","))


def effective_keys(item: KeyAction, keymap: Mapping[str, str]) -> str:
    return keymap.get(item.id, item.keys)


def palette_actions() -> Iterable[KeyAction]:
    return (item for item in KEY_ACTIONS if item.palette)


def check_keymap(keymap: Mapping[str, str]) -> None:
    """Refuse a ``[keys]`` table that names a binding we do not have, or that puts two bindings
    live at the same time on one key (Textual would silently drop one of them)."""
    known = {item.id for item in KEY_ACTIONS}
    unknown = sorted(set(keymap) - known)
    if unknown:
        raise ConfigError(
            f"unknown key binding ID(s) in [keys] of the config file: {', '.join(unknown)}. "
            f"Known IDs: {', '.join(sorted(known))}"
        )
    clashes = _clashes(keymap)
    if clashes:
        raise ConfigError(
            f"two key bindings on one key in [keys] of the config file: {'; '.join(clashes)}. "
            "Give each binding its own key (a binding not in [keys] keeps its default keys)."
        )


def _clashes(keymap: Mapping[str, str]) -> list[str]:
    found = []
    for first, second in combinations(KEY_ACTIONS, 2):
        remapped = first.id in keymap or second.id in keymap
        live_together = any({first.scope, second.scope} <= scopes for scopes in LIVE_TOGETHER)
        # Bindings that share a key by default are one gesture in two places (enter).
        by_design = _key_names(first.keys) & _key_names(second.keys)
        if not remapped or not live_together or by_design:
            continue
        shared = _key_names(effective_keys(first, keymap)) & _key_names(
            effective_keys(second, keymap)
        )
        found += [f"{key!r} is bound to both {first.id} and {second.id}" for key in sorted(shared)]
    return found


def _key_names(keys: str) -> set[str]:
    """``"r, f5"`` -> ``{"r", "f5"}``."""
    return {key.strip() for key in keys.split(",") if key.strip()}
