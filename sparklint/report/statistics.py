"""`--statistics`: how many findings each rule reported, most first, and how many of them `--fix` fixes
(`[*] 2 fixable`; with `--unsafe-fixes` the unsafe ones count too), as ruff's `--statistics`."""

from __future__ import annotations

from collections import Counter

from sparklint.report import FIX_MARK, Run, fixable


def render(run: Run) -> str:
    counts = Counter((finding.rule, finding.name, finding.severity) for finding in run.findings)
    if not counts:
        return ""
    fixes = Counter((finding.rule, finding.name, finding.severity) for finding in run.findings
                    if fixable(finding, run.unsafe_fixes))
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = len(str(rows[0][1]))
    name_width = max(len(name) for (_, name, _), _ in rows)
    severity_width = max(len(severity) for (_, _, severity), _ in rows)
    lines = []
    for row, count in rows:
        rule, name, severity = row
        fixed = f"{severity:<{severity_width}}  {FIX_MARK} {fixes[row]} fixable" if fixes[row] else severity
        lines.append(f"{count:>{width}}  {rule}  {name:<{name_width}}  {fixed}\n")
    return "".join(lines)
