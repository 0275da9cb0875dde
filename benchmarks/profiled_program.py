"""``bcs-tui`` with a profiler that records only a window the benchmark chooses: SIGUSR1
starts pyinstrument on the main thread (where the event loop runs), SIGUSR2 stops it and
writes its text report to ``$BCS_PROFILE_OUTPUT``. Start-up stays out of the profile.

python -m benchmarks.profiled_program [bcs-tui arguments]
"""

import os
import signal
import sys
from types import FrameType

from pyinstrument import Profiler

from bcs_tui.cli import main

_profiler = Profiler(interval=0.001)


def _start(_signal: int, _frame: FrameType | None) -> None:
    _profiler.start()


def _stop(_signal: int, _frame: FrameType | None) -> None:
    _profiler.stop()
    with open(os.environ["BCS_PROFILE_OUTPUT"], "w") as output:
        output.write(_profiler.output_text(color=False, unicode=True, show_all=True))


if __name__ == "__main__":
    signal.signal(signal.SIGUSR1, _start)
    signal.signal(signal.SIGUSR2, _stop)
    sys.exit(main(sys.argv[1:]))
