"""`--fix`, `--unsafe-fixes`, `--diff`, `--fix-only`: what the command line does with the findings' edits.

As ruff does it: `--fix` writes the fixed files and reports what is left; `--fix-only` writes them and
reports nothing else (exit 0); `--diff` writes nothing and prints a unified diff of what `--fix` would
change (exit 1 when there is one: a CI check that every fix is applied). A file is written only when
its bytes on disk are still the ones linted, with the same encoding (UTF-8) and line endings.
"""

from __future__ import annotations

import sys
from typing import Callable, Optional

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the flags are added on every run; the rest is imported only when fixing
    import argparse

    from sparklint.fix.apply import FileFix
    from sparklint.rule import Finding


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--fix", action="store_true", help="apply the safe fixes to the files and report the rest")
    parser.add_argument("--unsafe-fixes", action="store_true",
                        help="with --fix, --fix-only or --diff: apply the unsafe fixes too (check them)")
    parser.add_argument("--fix-only", action="store_true", help="apply the fixes, report nothing else (exit 0)")
    parser.add_argument("--diff", action="store_true",
                        help="print the fixes as a unified diff and change nothing (exit 1 when there is one)")


def wanted(options: argparse.Namespace) -> bool:
    return bool(options.fix or options.fix_only or options.diff)


def run_fixes(options: argparse.Namespace, findings: list[Finding], linter: object,
              settings_of: Callable[[str], object], failed: bool) -> tuple[list[Finding], bool, Optional[int]]:
    """Fix the files with applicable findings; (findings now, whether they fail the run, an exit code to
    return at once or None to report the findings as usual)."""
    from sparklint.discover import Unreadable, read_text
    from sparklint.engine import fails
    from sparklint.fix.apply import applicable, fix_text
    from sparklint.verdict import of_file

    unsafe = bool(options.unsafe_fixes)
    paths = list(dict.fromkeys(finding.path for finding in findings if applicable(finding, unsafe)))
    results: list[FileFix] = []
    notes: list[str] = []
    stdin_name = (options.stdin_filename or "stdin") if "-" in (options.paths or ()) else None
    for path in paths:
        if path == stdin_name:  # --fix writes files: what came on standard input has none to write
            notes.append(f"{path}: read from standard input, not fixed (give the file's path to fix it)")
            continue
        try:
            text = read_text(path)
        except Unreadable as error:  # stdin, or the file went away during the run
            notes.append(f"{path}: not fixed ({error})")
            continue
        settings = settings_of(path)

        def lint(candidate: str, path: str = path, settings: object = settings) -> list[Finding]:
            return linter.check(linter.read(path, candidate, settings))  # type: ignore[attr-defined]

        result = fix_text(path, text, of_file(path, text).syntax, lint, unsafe)
        if result.applied:
            results.append(result)
        for finding, why in result.refused:  # told at the line it is on now (a deletion above moves it)
            now = next((left for left in result.remaining if (left.rule, left.message) == (finding.rule, finding.message)
                        and left.edit is not None and left.edit.text == finding.edit.text), None)  # type: ignore[union-attr]
            if now is not None:
                notes.append(f"{path}:{now.line}: {now.rule} not fixed: {why}")
    changed = [result for result in results if result.fixed != result.original]
    if options.diff:
        from sparklint.fix.diff import unified_diff

        from sparklint.masking import Masker

        for result in changed:
            configs = [config for text in (result.original, result.fixed)
                       for config in linter.read(result.path, text, settings_of(result.path)).configs]  # type: ignore[attr-defined]
            masker = Masker.of(result.original + "\n" + result.fixed, configs)
            patch, exact = unified_diff(result.path, result.original, result.fixed, masker.mask)
            sys.stdout.write(patch)
            if not exact:
                notes.append(f"{result.path}: its diff masks secrets or escapes control characters, so it "
                             "does not apply as a patch (--fix applies it)")
        _summary(results, findings, unsafe, "would fix", notes)
        return findings, failed, 1 if changed else 0
    for result in changed:
        problem = _write(result)
        if problem:
            notes.append(problem)
            results.remove(result)
    _summary(results, findings, unsafe, "fixed", notes)
    if options.fix_only:
        return findings, False, 0
    fixed_paths = {result.path for result in results}
    now = [finding for finding in findings if finding.path not in fixed_paths]
    for result in results:
        now.extend(result.remaining)
    from sparklint.engine import sort_findings

    now = sort_findings(dict.fromkeys(now))
    return now, any(fails(finding, settings_of(finding.path)) for finding in now), None  # type: ignore[arg-type]


def _write(result: FileFix) -> str:
    """Write the fixed text, unless the file changed since it was read; a problem to report, or ""."""
    from sparklint.discover import Unreadable, read_text

    try:
        if read_text(result.path) != result.original:
            return f"{result.path}: changed while sparklint ran; not fixed"
        with open(result.path, "w", encoding="utf-8", newline="") as stream:  # newline="": line endings kept
            stream.write(result.fixed)
    except (OSError, Unreadable) as error:
        return f"{result.path}: not fixed ({error})"
    return ""


def _summary(results: list[FileFix], findings: list[Finding], unsafe: bool, verb: str, notes: list[str]) -> None:
    from sparklint.masking import printable

    for note in notes:
        print(f"sparklint: {printable(note)}", file=sys.stderr)
    count = sum(len(result.applied) for result in results)
    files = len(results)
    line = f"sparklint: {verb} {count} finding{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"
    hidden = 0 if unsafe else sum(1 for finding in findings if finding.edit is not None and not finding.edit.safe)
    if hidden:
        line += f"; {hidden} more with --unsafe-fixes (check them: each is a judgement)"
    print(line, file=sys.stderr)
