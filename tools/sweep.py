"""Sweep a folder of real files with sparklint, as a new user would, and summarise what it did.

    python tools/sweep.py PATH [PATH ...] [--named] [--findings] [--jobs N]

For each PATH, runs `sparklint --format json --verbose .` from PATH (or, with `--named`, names every
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

_NOTE = re.compile(r"^sparklint: (.+?): (.+)$")
_CONFIG_NOTE = re.compile(r": (the configuration applied \(|no \.sparklint\.toml or \[tool\.sparklint\] )")
# A note on a file that was read: which Spark version judged it (sparklint/knowledge/versions.py, `Judged`).
_VERSION_NOTE = re.compile(r"^sparklint: .+?: Spark \S+ is (older than|newer than|not in) sparklint's catalog")
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


def run_sparklint(root: str, named: bool, jobs: int) -> tuple[int, list[dict], list[str], str, int]:
    """(exit code, findings, notes, stderr, files named or 0) of one sparklint run from `root`."""
    arguments = [sys.executable, "-m", "sparklint", "--format", "json", "--verbose", "--jobs", str(jobs)]
    files = all_files(root) if named else []
    arguments += files or ["."]
    completed = subprocess.run(arguments, cwd=root, capture_output=True, text=True)
    try:
        findings = json.loads(completed.stdout or "[]")
    except ValueError:
        findings = []
    # Notes about a skipped file; not the ones saying which configuration or Spark version applied.
    notes = [line for line in completed.stderr.splitlines()
             if _NOTE.match(line) and not _CONFIG_NOTE.search(line) and not _VERSION_NOTE.match(line)]
    return completed.returncode, findings, notes, completed.stderr, len(files)


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
    code, findings, notes, stderr, named_count = run_sparklint(root, named, jobs)
    total = named_count if named else looked_at(root)
    skipped: collections.Counter = collections.Counter()
    skipped_paths = set()
    for line in notes:
        match = _NOTE.match(line)
        assert match is not None
        path, note = match.groups()
        skipped[reason_of(note)] += 1
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
