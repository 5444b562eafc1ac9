"""One line per finding, `path:line:col: SL201 message`, as ruff's `concise` format (no fix hint, no summary
line of its own: the CLI adds the summary on a terminal); `[*]` before the message of a finding `--fix`
fixes."""

from __future__ import annotations

from sparklint.masking import line_start, printable
from sparklint.report import FIX_MARK, Run, fixable


def render(run: Run) -> str:
    return "".join(f"{line_start(finding.path)}:{finding.line}:{finding.column}: {finding.rule} "
                   f"{FIX_MARK + ' ' if fixable(finding, run.unsafe_fixes) else ''}"
                   f"{printable(finding.message)}\n" for finding in run.findings)
