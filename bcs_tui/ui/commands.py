"""Command palette (ctrl+p): every dashboard action by name, with its key as a hint."""

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from bcs_tui.ui.keys import KeyAction, display_keys, palette_actions


class DashboardCommands(Provider):
    def _run(self, item: KeyAction) -> None:
        self.app.call_later(self.app.run_action, item.action)

    def _help(self, item: KeyAction) -> str:
        return f"key: {display_keys(item.keys)}"

    async def discover(self) -> Hits:
        for item in palette_actions():
            yield DiscoveryHit(item.description, partial(self._run, item), help=self._help(item))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for item in palette_actions():
            score = matcher.match(item.description)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(item.description),
                    partial(self._run, item),
                    help=self._help(item),
                )
