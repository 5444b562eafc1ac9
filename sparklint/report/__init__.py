"""Reporters: pure functions `findings -> str`, by name (check-jsonschema's REPORTER_BY_NAME)."""

from __future__ import annotations

from typing import Callable

from sparklint.report import github, json_report, sarif, text
from sparklint.rule import Finding

REPORTERS: dict[str, Callable[[list[Finding], bool], str]] = {
    "text": text.render,
    "json": json_report.render,
    "github": github.render,
    "sarif": sarif.render,
}
