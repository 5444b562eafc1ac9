"""Inline suppressions: `# sparklint: disable=SL201,other-name` and `# sparklint: disable-file`.

In YAML and Terraform (`#` or `//` comments) a directive may end the line it applies to or stand
alone on the line above. In a
properties file there are no inline comments (java.util.Properties keeps `# ...` in the value), so
there a directive must be a comment line of its own, applying to the next line. JSON has no comments:
use `per-file-ignores`.
"""

from __future__ import annotations

from typing import Optional

from sparklint.patterns import lazy_pattern
from sparklint.records import Record

_DIRECTIVE = lazy_pattern(r"(?:^|\s)([#!]|//)\s*sparklint:\s*(disable-file|disable)\s*(?:=\s*([\w\-, ]+))?")
_ALL = ("ALL",)


class Directive(Record):
    """One `sparklint: disable…` comment: where it is written, what it names, which line it covers."""

    line: int  # 1-based line of the comment
    column: int  # 1-based column of the comment marker
    end_column: int  # 1-based, inclusive: the end of the directive
    selectors: tuple[str, ...]
    target: int = 0  # the line it applies to; 0 for `disable-file`


class Suppressions:
    __slots__ = ("whole_file", "by_line", "directives")

    def __init__(self, whole_file: tuple[str, ...] = (), by_line: Optional[dict[int, tuple[str, ...]]] = None,
                 directives: Optional[list[Directive]] = None) -> None:
        self.whole_file = whole_file  # selectors disabled for the whole file ("ALL" for everything)
        self.by_line: dict[int, tuple[str, ...]] = {} if by_line is None else by_line  # 1-based line -> selectors
        self.directives: list[Directive] = [] if directives is None else directives

    def selectors_for(self, line: int) -> tuple[str, ...]:
        return self.whole_file + self.by_line.get(line, ())


def parse(text: str, syntax: str) -> Suppressions:
    """Linear in the text: the line a stand-alone directive applies to comes from one backward pass,
    and selectors are gathered in lists (20,000 directives above one line took 56 s)."""
    if "sparklint:" not in text or syntax not in ("yaml", "properties", "hcl", "python", "shell", "dockerfile", "makefile"):
        return Suppressions()
    whole_file: list[str] = []
    by_line: dict[int, list[str]] = {}
    directives: list[Directive] = []
    next_content: list[int] = []  # computed at the first stand-alone directive
    # Lines are numbered as finding positions are (`span.LineIndex`: "\n" ends a line). A lone CR ends a
    # line too for java.util.Properties (`LineReader`) and YAML, without starting a new number: a
    # directive followed by a CR and more text applies to that text, on the same number.
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if "sparklint:" not in line:
            continue
        parts = line.split("\r")
        last_content = max((index for index, part in enumerate(parts) if _is_content(part)), default=-1)
        offset = 0
        for index, part in enumerate(parts):
            start, offset = offset, offset + len(part) + 1
            match = _DIRECTIVE.search(part)
            if match is None:
                continue
            marker, kind, listed = match.groups()
            if marker == "//" and syntax != "hcl":
                continue  # a comment only in Terraform
            selectors = tuple(item.strip() for item in listed.split(",") if item.strip()) if listed else _ALL
            column, end_column = start + match.start(1) + 1, start + len(part[:match.end()].rstrip())
            if kind == "disable-file":
                whole_file.extend(selectors)
                directives.append(Directive(number, column, end_column, selectors))
                continue
            alone = part.lstrip().startswith(_COMMENT)
            if not alone and syntax == "properties":
                continue  # part of the value, not a comment
            if not alone or last_content > index:
                target = number
            else:
                if not next_content:
                    next_content = _next_content_lines(lines)
                target = next_content[number - 1]
            by_line.setdefault(target, []).extend(selectors)
            directives.append(Directive(number, column, end_column, selectors, target))
    return Suppressions(tuple(whole_file), {line: tuple(selectors) for line, selectors in by_line.items()},
                        directives)


_COMMENT = ("#", "!", "//")


def _is_content(part: str) -> bool:
    stripped = part.lstrip()
    return bool(stripped) and not stripped.startswith(_COMMENT)


def _next_content_lines(lines: list[str]) -> list[int]:
    """For each line (0-based), the 1-based line a stand-alone directive on it applies to: the next line
    that is not blank or a comment, or the line after it when none follows."""
    targets = [0] * len(lines)
    following = 0  # the next content line below the current one; 0 while there is none
    for index in range(len(lines) - 1, -1, -1):
        targets[index] = following or index + 2
        if any(_is_content(part) for part in lines[index].split("\r")):
            following = index + 1
    return targets
