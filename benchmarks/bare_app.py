"""The peer of rows 3 and 8: a bare Textual app that paints one line.

python -m benchmarks.bare_app
"""

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "bare textual app ready"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    BareApp().run()
