"""GitHub Actions workflow commands: `::warning file=...,line=...,col=...,title=...::message`.

Escaping follows the Actions toolkit (`@actions/core` `command.ts`): data escapes % CR LF; property
values also escape `:` and `,`. Before that, `masking.printable` escapes control characters (a log
viewer renders ANSI sequences) and lone surrogates (which cannot be written as UTF-8).
"""

from __future__ import annotations

from sparklint.masking import printable
from sparklint.report import Run

_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
# GitHub shows at most 10 error, 10 warning and 10 notice annotations per step, and 50 per job
# (actions/toolkit docs/problem-matchers.md, "Limitations"); the rest are in the log only.
ANNOTATIONS_SHOWN_PER_LEVEL = 10
# A step's job summary may be at most 1 MiB (GitHub docs, "Adding a job summary").
SUMMARY_LIMIT_BYTES = 1024 * 1024


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


def hidden_annotations(run: Run) -> dict[str, int]:
    """Annotations of each level beyond what GitHub shows for one step: {"warning": 4}."""
    counts: dict[str, int] = {}
    for finding in run.findings:
        level = _LEVEL.get(finding.severity, "warning")
        counts[level] = counts.get(level, 0) + 1
    return {level: count - ANNOTATIONS_SHOWN_PER_LEVEL for level, count in counts.items()
            if count > ANNOTATIONS_SHOWN_PER_LEVEL}


def job_summary(run: Run, closing: str) -> str:
    """Markdown for `$GITHUB_STEP_SUMMARY`: the closing line and a table of every finding (within 1 MiB)."""
    head = f"## sparklint\n\n{closing.strip()}\n"
    if not run.findings:
        return head
    rows = []
    size = len(head.encode("utf-8")) + 200
    for number, finding in enumerate(run.findings):
        row = (f"| `{_cell(finding.path)}:{finding.line}:{finding.column}` | {finding.severity} | "
               f"{finding.rule} {finding.name} | {_cell(finding.message)} |")
        size += len(row.encode("utf-8", "replace")) + 1
        if size > SUMMARY_LIMIT_BYTES - 200:
            rows.append(f"\n{len(run.findings) - number} more findings do not fit in GitHub's 1 MiB summary: "
                        "see the step's log.")
            break
        rows.append(row)
    return head + "\n| where | severity | rule | message |\n| --- | --- | --- | --- |\n" + "\n".join(rows) + "\n"


def _cell(text: str) -> str:
    return printable(text).replace("|", "\\|").replace("`", "'").replace("<", "&lt;")
