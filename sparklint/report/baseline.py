"""Baselines: record today's findings, then report only new ones (as checkov's and detekt's baselines do).

A baseline file is JSON: `{"sparklint-baseline": 1, "findings": [{"fingerprint", "rule", "path", "key"}]}`.
Findings are matched by fingerprint (report/fingerprint.py: rule, path and the setting's key, plus the
occurrence), never by line, so moving lines or changing a value keeps a recorded finding recorded, while
a new finding (another key, another file, one more of the same) is reported. Paths are taken relative to
the baseline file's folder, so the baseline works from any working directory.
"""

from __future__ import annotations

import json
import os
from typing import Iterable

from sparklint.records import Record
from sparklint.report.fingerprint import fingerprints
from sparklint.rule import Finding

FORMAT_VERSION = 1
_MAX_BYTES = 50 * 1024 * 1024


class BaselineError(Exception):
    """A baseline file that cannot be read or is not a sparklint baseline (exit 2)."""


class Split(Record):
    new: list[Finding]  # not in the baseline: reported
    known: int  # in the baseline: not reported
    fixed: int  # baseline entries no finding matched any more


def _relative(findings: Iterable[Finding], baseline_path: str) -> list[Finding]:
    folder = os.path.dirname(os.path.abspath(baseline_path))
    return [finding._replace(path=os.path.relpath(os.path.abspath(finding.path), folder).replace(os.sep, "/"))
            for finding in findings]


def render(findings: list[Finding], baseline_path: str) -> str:
    relative = _relative(findings, baseline_path)
    entries = [{"fingerprint": fingerprint, "rule": finding.rule, "path": finding.path, "key": finding.key}
               for finding, fingerprint in zip(relative, fingerprints(relative))]
    return json.dumps({"sparklint-baseline": FORMAT_VERSION, "findings": entries}, indent=1) + "\n"


def load(path: str) -> set[str]:
    try:
        if os.path.getsize(path) > _MAX_BYTES:
            raise BaselineError(f"{path}: over {_MAX_BYTES // (1024 * 1024)} MB, not a baseline")
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error.strerror or error}") from error
    except (ValueError, RecursionError) as error:
        raise BaselineError(f"{path}: not a sparklint baseline (not JSON: {error})") from error
    if not isinstance(data, dict) or data.get("sparklint-baseline") != FORMAT_VERSION \
            or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a sparklint baseline (write one with --write-baseline {path})")
    known = set()
    for entry in data["findings"]:
        if not isinstance(entry, dict) or not isinstance(entry.get("fingerprint"), str):
            raise BaselineError(f"{path}: not a sparklint baseline (an entry without a fingerprint)")
        known.add(entry["fingerprint"])
    return known


def split(findings: list[Finding], known: set[str], baseline_path: str) -> Split:
    """The findings the baseline does not hold, in their order, and how many it held."""
    new = []
    matched = set()
    for finding, fingerprint in zip(findings, fingerprints(_relative(findings, baseline_path))):
        if fingerprint in known:
            matched.add(fingerprint)
        else:
            new.append(finding)
    return Split(new, len(findings) - len(new), len(known - matched))
