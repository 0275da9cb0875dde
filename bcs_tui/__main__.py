from bcs_tui.cli import main

raise SystemExit(main())
