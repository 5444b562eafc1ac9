"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run; `tool.driver.rules` lists the rules that have results (id, name, summary, default level), and
each result points at its rule by `ruleIndex`. Regions are 1-based with an exclusive `endColumn` (SARIF
§3.30.5), where sparklint's own end column is inclusive. Relative paths are given relative to
`%SRCROOT%` (the directory sparklint ran in), as GitHub's upload action expects.

Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
"""

from __future__ import annotations

import json
import os
from urllib.parse import quote

from sparklint import __version__
from sparklint.rule import Finding

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def render(findings: list[Finding], color: bool = False) -> str:
    summaries = _summaries()
    rules: dict[str, int] = {}
    descriptors = []
    results = []
    for finding in findings:
        if finding.rule not in rules:
            rules[finding.rule] = len(descriptors)
            descriptor: dict[str, object] = {"id": finding.rule, "name": finding.name}
            if finding.rule in summaries:
                summary, level = summaries[finding.rule]
                descriptor["shortDescription"] = {"text": summary}
                descriptor["defaultConfiguration"] = {"level": _LEVEL.get(level, "warning")}
            descriptors.append(descriptor)
        results.append(_result(finding, rules[finding.rule]))
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "sparklint", "version": __version__, "rules": descriptors}},
            "columnKind": "unicodeCodePoints",  # columns count characters, as Python strings do
            "results": results,
        }],
    }
    return json.dumps(log, indent=1) + "\n"


def _result(finding: Finding, rule_index: int) -> dict[str, object]:
    region: dict[str, int] = {"startLine": finding.line, "startColumn": finding.column}
    if finding.end_line:
        region["endLine"] = finding.end_line
        region["endColumn"] = (finding.end_column or finding.column) + 1
    message = finding.message + (f"\n\nFix: {finding.fix}" if finding.fix else "")
    result: dict[str, object] = {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": _LEVEL.get(finding.severity, "warning"),
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(finding.path), "region": region}}],
    }
    if finding.cell is not None:
        result["properties"] = {"notebookCell": finding.cell}
    return result


def _artifact(path: str) -> dict[str, str]:
    # A file name that is not valid UTF-8 reaches here with its bytes as lone surrogates (surrogateescape):
    # percent-encode the name's own bytes, which is what a file URI holds (RFC 8089), instead of failing.
    if os.path.isabs(path):
        return {"uri": "file://" + quote(os.fsencode(path.replace(os.sep, "/")))}
    return {"uri": quote(os.fsencode(os.path.normpath(path).replace(os.sep, "/"))), "uriBaseId": "%SRCROOT%"}


def _summaries() -> dict[str, tuple[str, str]]:
    """Rule id -> (summary, default severity) of the registered rules; empty if the registry fails."""
    from sparklint.registry import RegistryError, load_rules

    try:
        return {rule.id: (rule.summary, rule.severity) for rule in load_rules().values()}
    except RegistryError:
        return {}
