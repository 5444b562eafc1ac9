"""`--statistics`: how many findings each rule reported, most first (ruff's `--statistics`)."""

from __future__ import annotations

from collections import Counter

from sparklint.report import Run


def render(run: Run) -> str:
    counts = Counter((finding.rule, finding.name, finding.severity) for finding in run.findings)
    if not counts:
        return ""
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    width = len(str(rows[0][1]))
    name_width = max(len(name) for (_, name, _), _ in rows)
    return "".join(f"{count:>{width}}  {rule}  {name:<{name_width}}  {severity}\n"
                   for (rule, name, severity), count in rows)
