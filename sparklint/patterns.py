"""Regular expressions compiled when first used, not when their module is imported.

A one-file run (what a pre-commit hook pays per commit) imports some 60 module-level patterns and
uses about 10 of them; compiling the rest cost a fifth of its import time. `lazy_pattern(...)` is a
drop-in for `re.compile(...)` at module level: the first use of any attribute compiles the pattern and
keeps the compiled pattern's methods on the object, so later calls cost what they cost on a
compiled pattern.
"""

from __future__ import annotations

import re
from typing import Any, cast

_ATTRIBUTES = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "scanner",
               "flags", "groups", "groupindex")


class _LazyPattern:
    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern  # readable without compiling (a pattern built from another's text)
        self._flags = flags

    def __getattr__(self, name: str) -> Any:  # only for attributes not set yet: the first use
        compiled = re.compile(self.pattern, self._flags)
        for attribute in _ATTRIBUTES:
            setattr(self, attribute, getattr(compiled, attribute))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy_pattern({self.pattern!r}, {self._flags!r})"


def lazy_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, compiled on first use."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
