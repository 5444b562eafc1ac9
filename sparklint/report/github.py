"""GitHub Actions workflow commands: `::warning file=...,line=...,col=...,title=...::message`.

Escaping follows the Actions toolkit (`@actions/core` `command.ts`): data escapes % CR LF; property
values also escape `:` and `,`. Before that, `masking.printable` escapes control characters (a log
viewer renders ANSI sequences) and lone surrogates (which cannot be written as UTF-8).
"""

from __future__ import annotations

from sparklint.masking import printable
from sparklint.report import Run

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(printable(text)).replace(":", "%3A").replace(",", "%2C")


def render(run: Run) -> str:
    lines = []
    for finding in run.findings:
        properties = ",".join((
            f"file={_property(finding.path)}",
            f"line={finding.line}",
            f"col={finding.column}",
            f"endLine={finding.end_line or finding.line}",
            f"endColumn={finding.end_column or finding.column}",
            f"title={_property(f'{finding.rule} {finding.name}')}",
        ))
        message = printable(finding.message) + (f"\nfix: {printable(finding.fix)}" if finding.fix else "")
        lines.append(f"::{_LEVEL.get(finding.severity, 'warning')} {properties}::{_data(message)}")
    return "\n".join(lines) + ("\n" if lines else "")
