"""What a terminal would show of a program's output (pyte): the benchmarks identify screen
states by the text on screen, never by the program's widgets, so they keep working when the
widgets change."""

import codecs

import pyte

from benchmarks.pty_session import Chunk

_FRAME_CHARACTERS = "".join(chr(code) for code in range(0x2500, 0x25A0))
"""Box drawing and block elements: borders, rules, scrollbars."""


class ScreenMirror:
    """A pyte screen fed with every chunk a ``PtySession`` reads (add ``feed`` to its
    listeners)."""

    def __init__(self, columns: int, lines: int) -> None:
        self._screen = pyte.Screen(columns, lines)
        self._stream = pyte.Stream(self._screen)
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def feed(self, chunk: Chunk) -> None:
        self._stream.feed(self._decoder.decode(chunk.data))

    def lines(self) -> list[str]:
        return [line.rstrip() for line in self._screen.display]

    def text(self) -> str:
        return "\n".join(self.lines())

    def bare_lines(self) -> list[str]:
        """Each line without borders, rules and the spaces around its text."""
        return [line.strip(_FRAME_CHARACTERS + " ") for line in self.lines()]
