"""SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

What GitHub's "SARIF support for code scanning" page marks required is always written
(https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning):
- `tool.driver.rules`: every registered rule, on every run, whatever was found (the page: rules "should
  change infrequently, typically when you update the tool"), with `shortDescription` (the summary),
  `fullDescription` (the page's *What it flags*, cut to GitHub's 1024 characters), `help.text` (the page
  `sparklint rule ID` prints) and `help.markdown` (the page of docs/rules.md, which GitHub shows instead);
- on each result `message.text`, one location whose region has start and end line and column (SARIF
  §3.30.5: `endColumn` is one past the last character; sparklint's own end column is inclusive), and
  `partialFingerprints` (report/fingerprint.py: GitHub's `primaryLocationLineHash`, and sparklint's
  `sparklint/v1`, which survives line moves and value changes).
The SL6xx rules carry the `security` tag; SL601 (a usable credential in the file) also carries
`security-severity` 9.8, the score CodeQL gives hard-coded credentials (CWE-798, github/codeql
`python/ql/src/Security/CWE-798/HardcodedCredentials.ql`), so its results are security alerts. SL602
has no score: Spark refuses to start with it, nothing is exposed.

`helpUri` must be an absolute URI (§3.49.12). sparklint has no published documentation site, so it is
written only when the installed distribution declares one (`Documentation` in `[project.urls]`), as
`<url>#sl201`; the whole page is in `help` either way.

Paths relative to the working directory are given against `%SRCROOT%`, which `originalUriBaseIds`
resolves to it; `invocations[0]` says the run completed and lists each file looked at but skipped as a
`toolExecutionNotification` (level `note`, with the reason).

Spec: https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
"""

from __future__ import annotations

import json
import os
from typing import Optional
from urllib.parse import quote

from sparklint import __version__
from sparklint.masking import printable
from sparklint.report import Run
from sparklint.report.fingerprint import fingerprints, line_hashes
from sparklint.rule import Finding, Rule

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_TEXT_LIMIT = 1024  # shortDescription.text and fullDescription.text, GitHub's page above
_SECURITY_PREFIX = "SL6"  # the secrets and security rules
_SECURITY_SEVERITY = {"SL601": "9.8"}


def render(run: Run) -> str:
    docs_url = _documentation_url()
    rules = sorted(run.rules.values(), key=lambda rule: rule.id)
    index = {rule.id: position for position, rule in enumerate(rules)}
    descriptors = [_descriptor(rule, docs_url) for rule in rules]
    hashes: dict[str, Optional[list[str]]] = {}
    results = []
    for finding, fingerprint in zip(run.findings, fingerprints(run.findings)):
        if finding.path not in hashes:
            text = run.text_of(finding.path)
            hashes[finding.path] = line_hashes(text) if text is not None else None
        results.append(_result(finding, index.get(finding.rule), fingerprint, hashes[finding.path]))
    root = _directory_uri(os.getcwd())
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "sparklint", "version": __version__, "semanticVersion": __version__,
                                "rules": descriptors}},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": root}},
            "invocations": [{
                "executionSuccessful": True,
                "workingDirectory": {"uri": root},
                "toolExecutionNotifications": [_skip_note(path, why) for path, why in run.skips],
            }],
            "columnKind": "unicodeCodePoints",  # columns count characters, as Python strings do
            "results": results,
        }],
    }
    return json.dumps(log, indent=1) + "\n"


def _descriptor(rule: Rule, docs_url: str) -> dict[str, object]:
    from sparklint.commands import render_rule, rule_markdown, rule_section
    from sparklint.registry import resolved

    rule = resolved(rule)  # a built-in rule the run did not import: its docs are in its module
    flags = " ".join(rule_section(rule, "What it flags").split()) or rule.summary
    descriptor: dict[str, object] = {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": _cut(rule.summary)},
        "fullDescription": {"text": _cut(flags)},
        "defaultConfiguration": {"level": _LEVEL.get(rule.severity, "warning")},
        "help": {"text": render_rule(rule), "markdown": f"# {rule.id} {rule.name}\n\n{rule_markdown(rule)}\n"},
    }
    if docs_url:
        descriptor["helpUri"] = f"{docs_url}#{rule.id.lower()}"
    if rule.id.startswith(_SECURITY_PREFIX):
        properties: dict[str, object] = {"tags": ["security"]}
        if rule.id in _SECURITY_SEVERITY:
            properties["security-severity"] = _SECURITY_SEVERITY[rule.id]
        descriptor["properties"] = properties
    return descriptor


def _cut(text: str) -> str:
    """At most GitHub's 1024 characters, cut after a word."""
    if len(text) <= _GITHUB_TEXT_LIMIT:
        return text
    return text[:_GITHUB_TEXT_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _result(finding: Finding, rule_index: Optional[int], fingerprint: str,
            hashes: Optional[list[str]]) -> dict[str, object]:
    end_line = max(finding.end_line or finding.line, finding.line)
    end_column = (finding.end_column or finding.column) + 1
    if end_line == finding.line:
        end_column = max(end_column, finding.column + 1)
    region = {"startLine": finding.line, "startColumn": finding.column, "endLine": end_line, "endColumn": end_column}
    message = finding.message + (f"\n\nFix: {finding.fix}" if finding.fix else "")
    partial = {"sparklint/v1": fingerprint}
    if hashes is not None and 0 < finding.line <= len(hashes):
        partial["primaryLocationLineHash"] = hashes[finding.line - 1]
    result: dict[str, object] = {"ruleId": finding.rule}
    if rule_index is not None:  # a rule outside the registry (never, unless a plugin vanished mid-run)
        result["ruleIndex"] = rule_index
    result.update({
        "level": _LEVEL.get(finding.severity, "warning"),
        "message": {"text": message},
        "locations": [{"physicalLocation": {"artifactLocation": _artifact(finding.path), "region": region}}],
        "partialFingerprints": partial,
    })
    if finding.cell is not None:
        result["properties"] = {"notebookCell": finding.cell}
    if finding.edit is not None:
        result["fixes"] = [_fix(finding)]
    return result


def _skip_note(path: str, why: str) -> dict[str, object]:
    return {"level": "note", "message": {"text": f"skipped: {printable(why)}"},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(path)}}]}


def _fix(finding: Finding) -> dict[str, object]:
    """SARIF's `fix` object: one artifactChange replacing the edit's region (end column exclusive, §3.30.5)."""
    edit = finding.edit
    assert edit is not None
    region = {"startLine": edit.line, "startColumn": edit.column, "endLine": edit.end_line, "endColumn": edit.end_column}
    safety = "safe" if edit.safe else "unsafe (applied only with --unsafe-fixes)"
    return {"description": {"text": f"{edit.title} ({safety})"},
            "artifactChanges": [{"artifactLocation": _artifact(finding.path),
                                 "replacements": [{"deletedRegion": region, "insertedContent": {"text": edit.text}}]}]}


def _artifact(path: str) -> dict[str, str]:
    # A file name that is not valid UTF-8 reaches here with its bytes as lone surrogates (surrogateescape):
    # percent-encode the name's own bytes, which is what a file URI holds (RFC 8089), instead of failing.
    if os.path.isabs(path):
        return {"uri": "file://" + quote(os.fsencode(path.replace(os.sep, "/")))}
    return {"uri": quote(os.fsencode(os.path.normpath(path).replace(os.sep, "/"))), "uriBaseId": "%SRCROOT%"}


def _directory_uri(directory: str) -> str:
    """`file:///work/repo/`: a base URI ends with a slash (SARIF §3.14.14)."""
    uri = "file://" + quote(os.fsencode(directory.replace(os.sep, "/")))
    if not uri.startswith("file:///"):  # a Windows drive path: file:///C:/...
        uri = "file:///" + uri[len("file://"):]
    return uri if uri.endswith("/") else uri + "/"


def _documentation_url() -> str:
    """The `Documentation` project URL of the installed sparklint, "" when it declares none."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata
    except ImportError:  # pragma: no cover
        return ""
    try:
        declared = metadata("sparklint").get_all("Project-URL") or []
    except PackageNotFoundError:
        return ""
    for entry in declared:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("documentation", "docs") and url.strip().startswith(("https://", "http://")):
            return url.strip().split("#")[0]
    return ""
