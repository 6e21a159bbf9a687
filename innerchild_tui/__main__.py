from innerchild_tui.cli import main

raise SystemExit(main())
