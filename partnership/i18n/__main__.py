"""`python -m partnership.i18n` (make messages): see partnership/i18n/messages.py."""

import sys

from partnership.i18n.messages import main

sys.exit(main())
