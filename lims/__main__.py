from lims.app import main

raise SystemExit(main())
