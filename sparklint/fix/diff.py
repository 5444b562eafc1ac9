"""A unified diff that `git apply` and `patch -p1` accept, safe to print.

Lines are split at "\\n" only, as git splits them (`str.splitlines` would also split at "\\r", "\\x0c" and
U+2028, which a properties file may hold inside a line), and a last line without a newline gets git's
"\\ No newline at end of file" marker. Like every output that quotes a file, the diff masks the file's
secrets and escapes control characters (a tab and a CRLF line end are kept); a file whose diff needed
either no longer applies as a patch, and `unified_diff` says so.
"""

from __future__ import annotations

import difflib
import os
from typing import Callable

NO_NEWLINE = "\\ No newline at end of file\n"


def lines_of(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines


def unified_diff(path: str, before: str, after: str, show: Callable[[str], str] = lambda text: text) -> tuple[str, bool]:
    """The diff, and whether it is exact (nothing masked or escaped). `show` masks a line's secrets."""
    from sparklint.masking import printable

    name = path.replace(os.sep, "/").lstrip("/")  # a backslash is a name's own character on POSIX
    out = []
    exact = True
    for line in difflib.unified_diff(lines_of(before), lines_of(after), f"a/{name}", f"b/{name}"):
        body = line.rstrip("\n")
        ending = line[len(body):]
        if body.endswith("\r") and ending:
            body, ending = body[:-1], "\r" + ending
        shown = "\t".join(printable(part) for part in show(body).split("\t"))
        exact = exact and shown == body
        out.append(shown + ending if ending else shown + "\n" + NO_NEWLINE)
    return "".join(out), exact
