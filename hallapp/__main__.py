from hallapp.cli import main

raise SystemExit(main())
