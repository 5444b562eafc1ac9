"""One line per finding, `path:line:col: SL201 message`, as ruff's `concise` format (no fix hint, no summary
line of its own: the CLI adds the summary on a terminal)."""

from __future__ import annotations

from sparklint.masking import line_start, printable
from sparklint.report import Run


def render(run: Run) -> str:
    return "".join(f"{line_start(finding.path)}:{finding.line}:{finding.column}: {finding.rule} "
                   f"{printable(finding.message)}\n" for finding in run.findings)
