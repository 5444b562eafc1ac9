"""Where a lint run's report goes: which formats, to standard output or files (`--format FORMAT[:PATH]`,
`--output-file`), the baseline (`--baseline`, `--write-baseline`), and GitHub Actions' extras (the job
summary, the annotation cap). The CLI calls these; an `OutputError` is a usage error (exit 2).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Callable, Optional

from sparklint.masking import printable
from sparklint import report
from sparklint.report import _MODULES, Run, TERMINAL_FORMATS
from sparklint.rule import Finding

if TYPE_CHECKING:
    import argparse

    from sparklint.settings import Settings

FORMATS = tuple(_MODULES)


class OutputError(Exception):
    """An output that cannot be written, or options that contradict each other."""


def output_spec(text: str) -> tuple[str, Optional[str]]:
    """`sarif` -> ("sarif", None), standard output; `sarif:out/sparklint.sarif` -> a file."""
    import argparse  # an argument type: only argparse calls it

    name, colon, path = text.partition(":")
    if name not in FORMATS:
        import difflib

        near = difflib.get_close_matches(name, FORMATS, n=1)
        raise argparse.ArgumentTypeError(f"unknown format {name!r}" + (f"; did you mean {near[0]}?" if near else "")
                                         + f" (formats: {', '.join(FORMATS)})")
    if colon and not path:
        raise argparse.ArgumentTypeError(f"{text!r}: no file name after the colon")
    return name, path or None


def plan(options: argparse.Namespace) -> list[tuple[str, Optional[str]]]:
    """Where each output goes (None: standard output), checked before any file is read."""
    outputs = list(options.format or [])
    to_stdout = [name for name, path in outputs if path is None]
    if len(to_stdout) > 1:
        raise OutputError(f"--format: only one output can go to standard output, not {' and '.join(to_stdout)}; "
                     f"send the others to files (--format {to_stdout[1]}:PATH)")
    if not to_stdout:  # only files named: the terminal still gets the findings
        outputs.insert(0, ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text", None))
    if options.show_source:
        outputs = [("full" if name == "text" else name, path) for name, path in outputs]
    if options.output_file:
        outputs = [(name, options.output_file if path is None else path) for name, path in outputs]
    files = [path for _, path in outputs if path is not None]
    if len(set(files)) < len(files):
        raise OutputError("--format: two outputs are written to the same file")
    return outputs


def apply_baseline(options: argparse.Namespace, findings: list[Finding], known: Optional[set[str]], failed: bool,
                   settings_of: Callable[[str], "Settings"]) -> tuple[list[Finding], int, bool]:
    """--write-baseline records the findings (the run then passes); --baseline keeps only new ones.
    Returns the findings to report, how many the baseline held back, and whether the run fails."""
    baselined = 0
    if options.write_baseline:
        from sparklint.report import baseline

        _write(options.write_baseline, baseline.render(findings, options.write_baseline))
        print(f"sparklint: wrote {len(findings)} finding{'s' if len(findings) != 1 else ''} to "
              f"{printable(options.write_baseline)}; with --baseline {printable(options.write_baseline)} only new "
              f"ones are reported", file=sys.stderr)
        failed = False
    elif known is not None:
        from sparklint.engine import fails
        from sparklint.report import baseline

        parts = baseline.split(findings, known, options.baseline)
        findings, baselined = parts.new, parts.known
        failed = any(fails(finding, settings_of(finding.path)) for finding in findings)
        if parts.fixed and options.verbose:
            print(f"sparklint: {parts.fixed} finding{'s' if parts.fixed != 1 else ''} of the baseline "
                  f"{'are' if parts.fixed != 1 else 'is'} fixed; --write-baseline {printable(options.baseline)} "
                  f"drops {'them' if parts.fixed != 1 else 'it'}", file=sys.stderr)
    return findings, baselined, failed


def emit(outputs: list[tuple[str, Optional[str]]], run: Run, options: argparse.Namespace, closing: str,
         color: bool) -> None:
    """Write each output where it goes; in GitHub Actions also the job summary and the annotation cap."""
    for name, path in outputs:
        _write(path, _render(name, run._replace(color=color and path is None and name in ("text", "full")),
                             options, closing))
    if any(name == "github" for name, _ in outputs):
        _github_extras(run, closing)


def _render(name: str, run, options: argparse.Namespace, closing: str) -> str:
    if name not in TERMINAL_FORMATS:
        return report.REPORTERS[name](run)
    if options.statistics:
        from sparklint.report import statistics

        body = statistics.render(run)
    else:
        body = report.REPORTERS[name](run)
    return body if options.quiet else body + closing


def _write(path: Optional[str], body: str) -> None:
    if path is None:
        sys.stdout.write(body)
        return
    try:
        folder = os.path.dirname(path)
        if folder:
            os.makedirs(folder, exist_ok=True)  # as ruff's --output-file does
        with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="\n") as handle:
            handle.write(body)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from error


def _github_extras(run, closing: str) -> None:
    """In GitHub Actions: every finding in the job summary, and a line saying how many annotations
    GitHub will not show (10 of each level per step)."""
    from sparklint.report.github import ANNOTATIONS_SHOWN_PER_LEVEL, hidden_annotations, job_summary

    hidden = hidden_annotations(run)
    if hidden:
        counts = ", ".join(f"{count} {level}{'s' if count != 1 else ''}" for level, count in sorted(hidden.items()))
        where = "the job summary and the log list" if os.environ.get("GITHUB_STEP_SUMMARY") else "the log lists"
        print(f"sparklint: GitHub shows {ANNOTATIONS_SHOWN_PER_LEVEL} annotations of each level per step: "
              f"{counts} will not appear as annotations; {where} all {len(run.findings)} findings",
              file=sys.stderr)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        try:
            with open(summary_file, "a", encoding="utf-8", errors="replace") as handle:
                handle.write(job_summary(run, closing))
        except OSError as error:
            print(f"sparklint: cannot write the job summary to {summary_file}: {error.strerror or error}",
                  file=sys.stderr)


def known_findings(options: argparse.Namespace) -> Optional[set[str]]:
    """The fingerprints of --baseline FILE, read before any file is linted (a bad baseline is exit 2)."""
    if options.baseline and options.write_baseline:
        raise OutputError("--baseline and --write-baseline: give one (--write-baseline records, --baseline filters)")
    if not options.baseline:
        return None
    from sparklint.report.baseline import BaselineError, load

    try:
        return load(options.baseline)
    except BaselineError as error:
        raise OutputError(str(error)) from error
