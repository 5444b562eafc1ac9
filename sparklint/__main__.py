"""`python -m sparklint`."""

from __future__ import annotations

import os
import sys

# `python -m` puts the working directory first on sys.path: the repository being linted. Drop it before
# anything else is imported, so that a `yaml/`, `jsonschema.py` or plugin module planted there is never
# imported. (A `sparklint/` package there is imported by Python itself before this file runs: from such a
# folder use the `sparklint` command, or `python -P -m sparklint` on Python 3.11+.)
if sys.path and sys.path[0] in ("", ".", os.getcwd()):
    del sys.path[0]

from sparklint.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
