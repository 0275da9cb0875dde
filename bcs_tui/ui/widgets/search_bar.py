"""The ``/`` text filter: hidden until asked for; typing filters the list as you go."""

from textual.widgets import Input


class SearchBar(Input):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="filter: ID, blockchain, status, type (esc clears)", id=id)
        self.display = False
