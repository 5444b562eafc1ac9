"""`python -m sparklint`."""

from __future__ import annotations

import sys

from sparklint.cli import main

if __name__ == "__main__":
    sys.exit(main())
