"""Fingerprints: which finding of this run is the same problem as one of an earlier run.

`fingerprints(findings)` is sparklint's own: a hash of the rule, the path and what the finding is about
(the Spark key, or the native key; the message with its numbers blanked when neither is known), plus
the occurrence of that hash in the file. It does not change when lines move or the value changes, so a
baseline and SARIF's `sparklint/v1` keep recognising a finding until it is fixed.

`line_hashes(text)` is GitHub code scanning's `primaryLocationLineHash`, the only partial fingerprint
GitHub reads ("SARIF support for code scanning": `partialFingerprints`). The upload-sarif action fills it
from the checked-out file when it is missing, and warns when a value it finds differs from its own, so
sparklint computes it the same way: github/codeql-action `src/fingerprints.ts` (`hash`), a rolling hash
(multiplier 37, modulo 2^64) over the first 100 characters from the start of each line, spaces and
tabs left out, CR and CRLF read as LF, counted in UTF-16 code units as JavaScript strings are; identical
hashes are told apart by `:1`, `:2`, ... in file order. The test checks the action's own test vectors.
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterable

from sparklint.rule import Finding

_BLOCK = 100
_MULTIPLIER = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_MULTIPLIER, _BLOCK, 1 << 64)
_END_OF_FILE = 65535  # the action appends -1 read as a UTF-16 code unit
_TAB, _SPACE, _LF, _CR = 9, 32, 10, 13
_NUMBER = re.compile(r"\d+")


def fingerprints(findings: Iterable[Finding]) -> list[str]:
    """`<16 hex digits>:<occurrence>` for each finding, in order (give them sorted, as the CLI prints them)."""
    seen: dict[str, int] = {}
    out = []
    for finding in findings:
        subject = finding.key or _NUMBER.sub("0", finding.message)
        path = finding.path.replace("\\", "/")
        digest = hashlib.sha256("\0".join((finding.rule, path, subject)).encode("utf-8", "surrogatepass")).hexdigest()[:16]
        seen[digest] = seen.get(digest, 0) + 1
        out.append(f"{digest}:{seen[digest]}")
    return out


def line_hashes(text: str) -> list[str]:
    """GitHub's primaryLocationLineHash of every line of `text` (index 0 is line 1)."""
    window = [0] * _BLOCK
    line_at = [0] * _BLOCK  # the line starting at this window slot, 0 for none
    hashes: list[str] = []
    counts: dict[str, int] = {}
    state = {"hash": 0, "index": 0}

    def emit() -> None:
        index = state["index"]
        value = format(state["hash"], "x")
        counts[value] = counts.get(value, 0) + 1
        hashes.append(f"{value}:{counts[value]}")  # lines come out in order: slot after slot
        line_at[index] = 0

    def push(unit: int) -> None:
        index = state["index"]
        leaving = window[index]
        window[index] = unit
        state["hash"] = (_MULTIPLIER * state["hash"] + unit - _FIRST_MOD * leaving) & _MASK
        state["index"] = (index + 1) % _BLOCK

    line = 0
    line_start = True
    after_cr = False
    data = text.encode("utf-16-le", "surrogatepass")
    units = [data[i] | (data[i + 1] << 8) for i in range(0, len(data), 2)] + [_END_OF_FILE]
    for unit in units:
        if unit in (_SPACE, _TAB) or (after_cr and unit == _LF):
            after_cr = False
            continue
        if unit == _CR:
            unit, after_cr = _LF, True
        else:
            after_cr = False
        if line_at[state["index"]]:
            emit()
        if line_start:
            line_start = False
            line += 1
            line_at[state["index"]] = line
        if unit == _LF:
            line_start = True
        push(unit)
    for _ in range(_BLOCK):
        if line_at[state["index"]]:
            emit()
        push(0)
    return hashes
