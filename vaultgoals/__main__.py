from vaultgoals.cli import main

raise SystemExit(main())
