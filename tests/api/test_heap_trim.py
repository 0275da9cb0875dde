"""After a large body, the memory its pieces took goes back to the system (glibc keeps
freed memory that lies below memory still in use unless asked)."""

import platform
import subprocess
import sys

import pytest

MB = 1 << 20


# In a fresh interpreter: in the test process the heap is whatever the tests before left
# (free memory already resident, pieces landing in it), and the measure would depend on them.
CHILD = """
import sys
from bcs_tui.api.heap_trim import give_back_free_memory

def rss():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise SystemExit("no VmRSS")

kept, pieces = [], []
for _ in range(800):  # 50 MB in 64 KB pieces, as a body arrives
    pieces.append(bytes(64 * 1024))
    kept.append(bytes(1500))  # what the parse keeps, between the pieces
pieces.clear()
freed = rss()
give_back_free_memory()
print(freed, rss(), len(kept))
"""


@pytest.mark.skipif(
    sys.platform != "linux" or platform.libc_ver()[0] != "glibc", reason="glibc's heap only"
)
def test_the_freed_pieces_of_a_body_are_given_back() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, timeout=60, check=True
    )
    freed, after, kept = (int(word) for word in result.stdout.split())
    assert after < freed - 30 * MB, (freed, after)
    assert kept == 800
