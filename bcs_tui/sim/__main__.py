"""``python -m bcs_tui.sim``: the simulator on its own, same flags as ``bcs-tui sim``."""

from bcs_tui.sim.command import main

raise SystemExit(main())
