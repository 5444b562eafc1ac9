"""The text format with a code frame under each finding: the line as written, a caret under the span
(ruff's `full` format, `--show-source`).

The frame quotes the file, where a message only quotes what a rule chose to say, so it is stricter than
message masking: a line is shown only when neither it nor the line above holds a secret word (those of
`spark.redaction.regex`, as `masking` knows them) or a URI with a password, when `Masker.of(text)` finds
no secret value in it, and when no security rule (SL6xx) reported on it; otherwise the frame says the
line is not shown. `printable` escapes control characters. A line that cannot be read again gets no frame.
"""

from __future__ import annotations

from typing import Optional

import re

from sparklint.masking import Masker, may_hold_secrets, printable
from sparklint.report import Run, text
from sparklint.rule import Finding

_URI_PASSWORD = re.compile(r"://[^/\s@]*:[^/\s@]*@")
_HIDDEN = "(not shown: the line may hold a secret)"


def render(run: Run) -> str:
    lines = text.render(run).splitlines(keepends=True)
    out: list[str] = []
    frames = _Frames(run)
    position = 0
    for finding in run.findings:
        out.append(lines[position])  # the finding's own line
        position += 1
        out.extend(frames.of(finding))
        if finding.fix:
            out.append(lines[position])
            position += 1
    return "".join(out)


class _Frames:
    def __init__(self, run: Run) -> None:
        self.run = run
        self.files: dict[str, Optional[tuple[list[str], Masker]]] = {}
        self.security_lines = {(finding.path, finding.line) for finding in run.findings if finding.rule.startswith("SL6")}

    def of(self, finding: Finding) -> list[str]:
        if finding.path not in self.files:
            source = self.run.text_of(finding.path)
            self.files[finding.path] = (source.split("\n"), Masker.of(source)) if source is not None else None
        loaded = self.files[finding.path]
        if loaded is None or not 0 < finding.line <= len(loaded[0]):
            return []
        file_lines, masker = loaded
        line = file_lines[finding.line - 1].rstrip("\r")
        above = file_lines[finding.line - 2] if finding.line > 1 else ""
        if (may_hold_secrets(line) or may_hold_secrets(above) or _URI_PASSWORD.search(line)
                or masker.mask(line) != line or (finding.path, finding.line) in self.security_lines):
            shown, start, width = _HIDDEN, 0, 0
        else:
            shown = printable(line)
            start = len(printable(line[:finding.column - 1]))
            last = finding.end_column if finding.end_line in (0, finding.line) and finding.end_column else len(line)
            width = max(1, len(printable(line[finding.column - 1:max(last, finding.column)])))
        gutter = " " * len(str(finding.line))
        frame = [f"  {gutter} |\n", f"  {finding.line} | {shown}\n"]
        if width:
            frame.append(f"  {gutter} | {' ' * start}{'^' * width}\n")
        return frame
