"""sparklint: a linter for Apache Spark job configurations.

`sparklint.lint_paths(...)` and `sparklint.lint_text(...)` (sparklint/api.py) return findings; they are
imported on first use, so `import sparklint` stays cheap for the command line.
"""

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "lint_paths", "lint_text"]


def __getattr__(name: str) -> Any:
    if name in ("lint_paths", "lint_text"):
        from sparklint import api

        return getattr(api, name)
    raise AttributeError(f"module 'sparklint' has no attribute {name!r}")
