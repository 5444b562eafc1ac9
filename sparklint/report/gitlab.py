"""GitLab Code Quality JSON (`artifacts: reports: codequality:`), an array of issues with the fields
GitLab's "Code Quality report format" requires: description, check_name, fingerprint, severity,
location.path and location.lines.begin (https://docs.gitlab.com/ci/testing/code_quality/).

Severity on GitLab's scale (info, minor, major, critical, blocker): error -> critical (Spark or the
platform refuses the job, or it is certainly wrong), warning -> major (it runs, not as meant), info ->
info. The fingerprint is sparklint's own (report/fingerprint.py), so an issue keeps its identity when
lines move and the merge-request widget shows only new and fixed ones.
"""

from __future__ import annotations

import json

from sparklint.masking import printable
from sparklint.report import Run
from sparklint.report.fingerprint import fingerprints

_SEVERITY = {"error": "critical", "warning": "major", "info": "info"}


def render(run: Run) -> str:
    issues = []
    for finding, fingerprint in zip(run.findings, fingerprints(run.findings)):
        issues.append({
            "description": f"{finding.rule} {printable(finding.message)}",
            "check_name": f"{finding.rule} {finding.name}",
            "fingerprint": fingerprint,
            "severity": _SEVERITY.get(finding.severity, "major"),
            "location": {"path": printable(finding.path.replace("\\", "/")),
                         "lines": {"begin": finding.line, "end": max(finding.end_line, finding.line)}},
        })
    return json.dumps(issues, indent=1) + "\n"
