"""A unified diff that `git apply` and `patch -p1` accept.

Lines are split at "\\n" only, as git splits them (`str.splitlines` would also split at "\\r", "\\x0c" and
U+2028, which a properties file may hold inside a line), and a last line without a newline gets git's
"\\ No newline at end of file" marker.
"""

from __future__ import annotations

import difflib

NO_NEWLINE = "\\ No newline at end of file\n"


def lines_of(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def unified_diff(path: str, before: str, after: str) -> str:
    name = path.replace("\\", "/").lstrip("/")
    out = []
    for line in difflib.unified_diff(lines_of(before), lines_of(after), f"a/{name}", f"b/{name}"):
        out.append(line if line.endswith("\n") else line + "\n" + NO_NEWLINE)
    return "".join(out)
