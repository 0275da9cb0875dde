"""Regenerate docs/screenshot.svg (the README's picture of the dashboard), reproducibly:
the seeded simulator and the app share one frozen clock.

    .venv/bin/python -m tests.ui.make_screenshot
"""

import asyncio
import tempfile
from pathlib import Path

from tests.clock import ManualClock
from tests.ui.support import FROZEN_AT, fetched, make_app, running_sim, sim_client

OUTPUT = Path(__file__).resolve().parents[2] / "docs" / "screenshot.svg"
SIZE = (120, 36)


async def _screenshot() -> str:
    clock = ManualClock(FROZEN_AT)
    with running_sim(clock, records=40) as sim, tempfile.TemporaryDirectory() as scratch:
        async with sim_client(sim, clock) as client:
            app = make_app(
                client,
                clock,
                Path(scratch),
                profile="demo",
                region=None,
                interval_s=5.0,
                active_interval_s=2.0,
            )
            async with app.run_test(size=SIZE) as pilot:
                await fetched(app, 1)
                await pilot.press("j")
                await pilot.pause()
                return app.export_screenshot(title="bcs-tui --demo")


def main() -> None:
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(asyncio.run(_screenshot()), encoding="utf-8")
    print(OUTPUT)


if __name__ == "__main__":
    main()
