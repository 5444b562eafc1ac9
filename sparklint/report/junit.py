"""JUnit XML for CI test dashboards (GitLab `artifacts: reports: junit:`, Jenkins, Azure Pipelines).

One `testsuite` per checked file; a file without findings is one passing `testcase`, and each finding
is a failing `testcase` named `SL201 line:column` with the message and fix as its `failure`. Files
looked at but skipped are not listed (they were not tests). Text is escaped for XML (attributes
quoted) after `printable`, which leaves no character XML 1.0 forbids.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from sparklint.masking import printable
from sparklint.report import Run
from sparklint.rule import Finding


def render(run: Run) -> str:
    by_path: dict[str, list[Finding]] = {path: [] for path in run.checked}
    for finding in run.findings:
        by_path.setdefault(finding.path, []).append(finding)
    suites = []
    for path in sorted(by_path):
        findings = by_path[path]
        name = quoteattr(printable(path))
        cases = [f'    <testcase name={name} classname={name}/>'] if not findings else [
            f'    <testcase name={quoteattr(f"{finding.rule} {finding.line}:{finding.column}")} classname={name} '
            f'file={name} line="{finding.line}">\n'
            f'      <failure type={quoteattr(finding.rule)} message={quoteattr(printable(finding.message))}>'
            f'{escape(_body(finding))}</failure>\n'
            f'    </testcase>' for finding in findings]
        suites.append(f'  <testsuite name={name} tests="{len(cases)}" failures="{len(findings)}" errors="0" '
                      f'skipped="0">\n' + "\n".join(cases) + "\n  </testsuite>")
    total = sum(max(1, len(findings)) for findings in by_path.values())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="sparklint" tests="{total}" failures="{len(run.findings)}" errors="0">\n'
            + "".join(suite + "\n" for suite in suites) + "</testsuites>\n")


def _body(finding: Finding) -> str:
    text = f"{printable(finding.path)}:{finding.line}:{finding.column}: {finding.severity} {finding.rule} " \
           f"[{finding.name}] {printable(finding.message)}"
    return text + (f"\nfix: {printable(finding.fix)}" if finding.fix else "")
