"""Command line: `python -m partnership validate [DATA_DIR]`."""

from partnership.cli import main

raise SystemExit(main())
