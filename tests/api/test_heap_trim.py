"""After a large body, the memory its pieces took goes back to the system (glibc keeps
freed memory that lies below memory still in use unless asked)."""

import platform
import sys

import pytest

from bcs_tui.api.heap_trim import give_back_free_memory

MB = 1 << 20


def _rss() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(
    sys.platform != "linux" or platform.libc_ver()[0] != "glibc", reason="glibc's heap only"
)
def test_the_freed_pieces_of_a_body_are_given_back() -> None:
    kept: list[bytes] = []
    pieces: list[bytes] = []
    for _ in range(800):  # 50 MB in 64 KB pieces, as a body arrives
        pieces.append(bytes(64 * 1024))
        kept.append(bytes(1500))  # what the parse keeps, between the pieces
    pieces.clear()
    freed = _rss()
    give_back_free_memory()
    assert _rss() < freed - 30 * MB
    assert len(kept) == 800
