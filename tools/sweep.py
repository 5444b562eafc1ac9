"""Sweep a folder of real files with sparklint, as a new user would, and summarise what it did.

    python tools/sweep.py PATH [PATH ...] [--named] [--findings] [--jobs N]

For each PATH, runs `sparklint --format sarif --verbose .` from PATH (or, with `--named`, names every
file below PATH on the command line, hidden folders included, as `pre-commit run --all-files` does)
and prints: files looked at, read and skipped (by reason), findings per rule and severity, and the files
with findings. `--findings` lists every finding (path:line rule severity message). Exit code: 0, or 2
when sparklint itself failed (exit 2 or a traceback) on one of the paths.

Nothing here judges whether a finding is right: that is the reader's job (see ../shared/corpus*/NOTES.md
for how the corpora were judged). Run it on a checkout nobody has tuned sparklint on.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import re
import subprocess
import sys
from typing import Iterable
from urllib.parse import unquote

_SEVERITY = {"error": "error", "warning": "warning", "note": "info"}  # SARIF level -> sparklint severity
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
_SKIPPED_DIRECTORIES = {".git", ".hg", ".svn", "node_modules", "__pycache__"}


def reason_of(note: str) -> str:
    """A note's reason without its particulars: 'a Helm chart template ({{ at line 1): it becomes ...'
    -> 'a Helm chart template'."""
    reason = _PARENTHESES.sub("", note)
    return re.split(r"[:;]", reason, maxsplit=1)[0].strip()


def all_files(root: str) -> list[str]:
    names = []
    for folder, directories, files in os.walk(root):
        directories[:] = sorted(name for name in directories if name not in _SKIPPED_DIRECTORIES)
        for name in sorted(files):
            names.append(os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/"))
    return names


def run_sparklint(root: str, named: bool, jobs: int) -> tuple[int, list[dict], list[tuple[str, str]], str, int]:
    """(exit code, findings, skipped files as (path, reason), stderr, files named or 0) of one sparklint run
    from `root`.

    The run's SARIF says which files were skipped (its `toolExecutionNotifications`), so the other notes of
    --verbose (the Spark version a file was judged by, a rule's capped hits) do not count a read file as
    skipped."""
    arguments = [sys.executable, "-m", "sparklint", "--format", "sarif", "--verbose", "--jobs", str(jobs)]
    files = all_files(root) if named else []
    arguments += files or ["."]
    completed = subprocess.run(arguments, cwd=root, capture_output=True, text=True)
    try:
        sarif_run = json.loads(completed.stdout)["runs"][0]
    except (ValueError, KeyError, IndexError, TypeError):
        return completed.returncode, [], [], completed.stderr, len(files)
    findings = []
    for result in sarif_run.get("results", ()):
        location = result["locations"][0]["physicalLocation"]
        findings.append({"path": _path(location), "line": location["region"]["startLine"], "rule": result["ruleId"],
                         "severity": _SEVERITY.get(result["level"], result["level"]),
                         "message": result["message"]["text"].split("\n\nFix: ", 1)[0]})
    skips = []
    for invocation in sarif_run.get("invocations", ()):
        for notification in invocation.get("toolExecutionNotifications", ()):
            reason = notification["message"]["text"]
            skips.append((_path(notification["locations"][0]["physicalLocation"]),
                          reason[len("skipped: "):] if reason.startswith("skipped: ") else reason))
    return completed.returncode, findings, skips, completed.stderr, len(files)


def _path(location: dict) -> str:
    uri = location["artifactLocation"]["uri"]
    return unquote(uri[len("file://"):] if uri.startswith("file://") else uri)


def looked_at(root: str) -> int:
    """How many files a walk of `root` hands to sparklint (its own discovery)."""
    from sparklint.discover import Candidate, discover

    cwd = os.getcwd()
    os.chdir(root)
    try:
        return sum(1 for item in discover(["."]) if isinstance(item, Candidate))
    finally:
        os.chdir(cwd)


def summarise(root: str, named: bool, show_findings: bool, jobs: int, out=sys.stdout) -> bool:
    """Print the sweep of one folder; False when sparklint failed there."""
    if not os.path.isdir(root):
        print(f"== {root}: not a folder", file=out)
        return False
    code, findings, skips, stderr, named_count = run_sparklint(root, named, jobs)
    total = named_count if named else looked_at(root)
    skipped: collections.Counter = collections.Counter()
    skipped_paths = set()
    for path, reason in skips:
        skipped[reason_of(reason)] += 1
        skipped_paths.add(path)
    with_findings = collections.Counter(finding["path"] for finding in findings)
    print(f"== {root} ({'every file named' if named else 'sparklint .'}): exit {code}", file=out)
    print(f"files: {total} looked at, {total - len(skipped_paths)} read, {len(skipped_paths)} skipped, "
          f"{len(with_findings)} with findings", file=out)
    for reason, count in skipped.most_common():
        print(f"  skipped {count:5d}  {reason}", file=out)
    by_rule = collections.Counter((finding["rule"], finding["severity"]) for finding in findings)
    severities = collections.Counter(finding["severity"] for finding in findings)
    print(f"findings: {len(findings)} ({', '.join(f'{n} {s}' for s, n in sorted(severities.items())) or 'none'})",
          file=out)
    for (rule, severity), count in sorted(by_rule.items()):
        print(f"  {rule} {severity:8s} {count:5d}", file=out)
    for path, count in with_findings.most_common():
        print(f"  {count:4d}  {path}", file=out)
    if show_findings:
        for finding in sorted(findings, key=lambda f: (f["path"], f["line"], f["rule"])):
            print(f"    {finding['path']}:{finding['line']} {finding['rule']} {finding['severity']}: "
                  f"{finding['message'][:160]}", file=out)
    failed = code not in (0, 1) or "Traceback" in stderr
    if failed:
        print("sparklint failed here:\n" + stderr[-2000:], file=out)
    return not failed


def main(argv: Iterable[str] = ()) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="folders to sweep (each is run from its own root)")
    parser.add_argument("--named", action="store_true", help="name every file, as pre-commit --all-files does")
    parser.add_argument("--findings", action="store_true", help="list every finding")
    parser.add_argument("--jobs", type=int, default=1, help="sparklint --jobs (default 1)")
    options = parser.parse_args(list(argv) or None)
    ok = True
    for path in options.paths:
        ok = summarise(path, options.named, options.findings, options.jobs) and ok
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
