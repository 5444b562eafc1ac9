"""A JSON array of findings (for programs)."""

from __future__ import annotations

import json

from sparklint.rule import Finding


def render(findings: list[Finding], color: bool = False) -> str:
    return json.dumps([finding.to_json() for finding in findings], indent=2) + "\n"
