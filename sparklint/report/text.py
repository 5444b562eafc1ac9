"""`path:line:col: severity SL201 [name] message`, a fix hint below, and a summary.

A finding whose edit `--fix` applies (a safe one, or any with `--unsafe-fixes`) is marked `[*]` after its
name, and the summary's last line counts them, as ruff does.

Nothing from the linted files reaches a terminal or CI log raw: paths, messages and hints are escaped by
`masking.printable` (no control character, no line break), and a path never starts a line with `::`,
which GitHub Actions would read as a workflow command.
"""

from __future__ import annotations

from sparklint.masking import line_start, printable
from sparklint.report import FIX_MARK, Run, fixable
from sparklint.rule import Finding

_COLORS = {"error": "\033[31m", "warning": "\033[33m", "info": "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def render(run: Run) -> str:
    lines = []
    color = run.color
    for finding in run.findings:
        location = f"{line_start(finding.path)}:{finding.line}:{finding.column}:"
        where = f" (notebook cell {finding.cell + 1})" if finding.cell is not None else ""
        severity = finding.severity
        code = f"{finding.rule} [{finding.name}]"
        if fixable(finding, run.unsafe_fixes):
            code += f" {FIX_MARK}"
        if color:
            location = f"{_BOLD}{location}{_RESET}"
            severity = f"{_COLORS.get(severity, '')}{severity}{_RESET}"
            code = f"{_BOLD}{code}{_RESET}"
        lines.append(f"{location} {severity} {code} {printable(finding.message)}{where}")
        if finding.fix:
            hint = f"  fix: {printable(finding.fix)}"
            lines.append(f"{_DIM}{hint}{_RESET}" if color else hint)
    return "\n".join(lines) + ("\n" if lines else "")


def _files(count: int) -> str:
    return f"{count} file{'s' if count != 1 else ''}"


def summary(findings: list[Finding], files: int, skipped: int = 0, baselined: int = 0, unsafe: bool = False) -> str:
    """The closing line: what was checked, how many files were looked at but not Spark configs, and how
    many findings a baseline holds back; then, as ruff says it, how many `--fix` would fix."""
    return _counts(findings, files, skipped, baselined) + fixes_line(findings, unsafe)


def fixes_line(findings: list[Finding], unsafe: bool) -> str:
    """`[*] 2 fixable with --fix (1 more with --unsafe-fixes).`, or "" when no finding has a fix."""
    safe = sum(1 for finding in findings if finding.edit is not None and finding.edit.safe)
    judged = sum(1 for finding in findings if finding.edit is not None and not finding.edit.safe)
    if not safe and not judged:
        return ""
    if unsafe:
        return f"{FIX_MARK} {safe + judged} fixable with --fix --unsafe-fixes ({judged} of them unsafe: check them).\n"
    more = f" ({judged} more with --unsafe-fixes)" if judged else ""
    if not safe:
        return f"No safe fixes{more}.\n"
    return f"{FIX_MARK} {safe} fixable with --fix{more}.\n"


def _counts(findings: list[Finding], files: int, skipped: int, baselined: int) -> str:
    skipped_part = f"; {_files(skipped)} skipped (not Spark configurations; --verbose says why)" if skipped else ""
    if baselined:
        skipped_part += f"; {baselined} known finding{'s' if baselined != 1 else ''} in the baseline not shown"
    if not findings:
        if not files:
            return f"Nothing checked: {_files(skipped)} skipped (not Spark configurations; --verbose says why).\n" \
                if skipped else "Nothing checked: no Spark configuration files found.\n"
        return f"All clean: {_files(files)} checked{skipped_part}.\n"
    counts = {severity: 0 for severity in ("error", "warning", "info")}
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    parts = [f"{count} {severity}{'s' if count != 1 else ''}" for severity, count in counts.items() if count]
    with_findings = len({finding.path for finding in findings})
    # A file a checked one links to (a DAG's SparkApplication YAML, a job's EMR Serverless application)
    # may hold findings without being one of the files checked.
    where = f"{with_findings} of {_files(files)}" if with_findings <= files else \
        f"{_files(with_findings)} ({files} checked, and files they name)"
    return f"Found {len(findings)} problem{'s' if len(findings) != 1 else ''} ({', '.join(parts)}) in {where}{skipped_part}.\n"

