"""Start the LIMS desktop application (same as the `lims` command)."""
from lims.app import main

if __name__ == "__main__":
    raise SystemExit(main())
