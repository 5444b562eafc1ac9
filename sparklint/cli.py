"""Command line: `main(argv) -> int` is the only place that prints or picks an exit code.

Exit codes: 0 clean, 1 a finding at or above `fail-on`, 2 usage / configuration / internal error,
130 after Ctrl-C and 143 after SIGTERM.
"""

from __future__ import annotations

import gc
import os
import sys

# A run builds hundreds of thousands of small acyclic objects: the modules it imports (rules, dialects,
# knowledge tables) and every file's settings, kept until applications are matched with their jobs. The
# default GC thresholds rescan them over and over (a third of a 10,000-file run, and a tenth of the
# start-up of a one-file run); reference counting frees them anyway. Set before the imports below.
gc.set_threshold(50_000, 20, 100)

from typing import TYPE_CHECKING, Optional, Sequence  # noqa: E402

from sparklint import __version__
from sparklint.model import PLATFORMS
from sparklint.rule import SEVERITIES

if TYPE_CHECKING:
    import argparse

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED, EXIT_TERMINATED = 130, 143  # 128 + SIGINT, 128 + SIGTERM, as a shell reports them
_COMMANDS = ("lint", "explain", "rules", "rule", "server")


def _lint_parser() -> argparse.ArgumentParser:
    import argparse

    from sparklint.report.emit import FORMATS, output_spec

    parser = argparse.ArgumentParser(
        prog="sparklint",
        description="Lint Apache Spark job configurations: spark-defaults.conf, EMR Serverless and EMR "
                    "JSON, Livy / sparkmagic bodies, Kubernetes SparkApplications, spark-submit strings.",
        epilog="Other commands: `sparklint explain PATH` shows what Spark will do with a config (memory, "
               "executors, capacity), `sparklint rules` lists the rules, `sparklint rule ID` explains one, "
               "`sparklint server` is a language server for editors.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="files or directories to lint (default: .); '-' reads standard input")
    parser.add_argument("--format", action="append", type=output_spec, metavar="FORMAT[:PATH]",
                        help=f"output format: {', '.join(FORMATS)} (default: text; github when "
                             "GITHUB_ACTIONS=true); FORMAT:PATH writes it to PATH, and the option may be "
                             "repeated (--format text --format sarif:sparklint.sarif)")
    parser.add_argument("--output-file", "-o", metavar="PATH",
                        help="write the output that would go to standard output to PATH instead")
    parser.add_argument("--baseline", metavar="FILE",
                        help="report only findings that FILE (written by --write-baseline) does not hold")
    parser.add_argument("--write-baseline", metavar="FILE",
                        help="record today's findings in FILE (by fingerprint, not line) and exit 0")
    parser.add_argument("--statistics", action="store_true",
                        help="print how many findings each rule reported instead of the findings")
    parser.add_argument("--show-source", action="store_true",
                        help="show the line under each finding, a caret under the span (--format full)")
    parser.add_argument("--config", metavar="PATH", help="use this .sparklint.toml / pyproject.toml for every file")
    parser.add_argument("--platform", choices=PLATFORMS, help="platform for files whose shape does not say")
    parser.add_argument("--spark-version", metavar="X.Y", help="Spark version to judge against (default 3.5)")
    parser.add_argument("--select", metavar="RULES", help="comma-separated rule ids, prefixes or names to run")
    parser.add_argument("--ignore", metavar="RULES", help="comma-separated rule ids, prefixes or names to skip")
    parser.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that fails the run (default warning)")
    parser.add_argument("--force-exclude", action="store_true",
                        help="apply the config's exclude globs to files named on the command line too "
                             "(the pre-commit hook does)")
    parser.add_argument("--no-ignore", action="store_true",
                        help="walk what .gitignore and .git/info/exclude ignore too (files named on the command "
                             "line are always linted)")
    parser.add_argument("--stdin-filename", metavar="NAME", help="file name to lint standard input as (with '-')")
    parser.add_argument("--jobs", "-j", type=_positive, metavar="N",
                        help="processes to lint many files with (default: the number of CPUs, at most 8)")
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    parser.add_argument("--verbose", "-v", action="store_true", help="say which files were skipped and why")
    parser.add_argument("--quiet", "-q", action="store_true", help="print findings only, no summary")
    parser.add_argument("--no-color", action="store_true", help="no colour (also: NO_COLOR=1)")
    parser.add_argument("--version", action="version", version=f"sparklint {__version__}")
    from sparklint.fix.command import add_arguments

    add_arguments(parser)
    return parser


# The switches of a pre-commit hook's command line (`sparklint --force-exclude FILE...`), by flag: the
# attribute it sets. Everything else goes through argparse.
_SWITCHES = {"--force-exclude": "force_exclude", "--quiet": "quiet", "-q": "quiet", "--no-color": "no_color",
             "--exit-zero": "exit_zero", "--verbose": "verbose", "-v": "verbose", "--statistics": "statistics",
             "--show-source": "show_source", "--fix": "fix", "--unsafe-fixes": "unsafe_fixes",
             "--fix-only": "fix_only", "--diff": "diff", "--no-ignore": "no_ignore"}
# What argparse gives a command line of switches and paths (tests/test_cli.py compares the two).
_DEFAULTS: dict[str, object] = {
    "format": None, "output_file": None, "baseline": None, "write_baseline": None, "statistics": False,
    "show_source": False, "config": None, "platform": None, "spark_version": None, "select": None, "ignore": None,
    "fail_on": None, "force_exclude": False, "stdin_filename": None, "jobs": None, "exit_zero": False,
    "verbose": False, "quiet": False, "no_color": False, "fix": False, "unsafe_fixes": False, "fix_only": False,
    "diff": False, "no_ignore": False}


class Options:
    """The parsed command line, as argparse's Namespace has it (attributes named by `dest`)."""

    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> object:
        # An option added to the parser but not yet to _DEFAULTS (tests/test_cli.py fails until it is):
        # argparse's default for it, None or False, rather than a crash.
        if name.startswith("__"):
            raise AttributeError(name)
        return None

    def __eq__(self, other: object) -> bool:
        return vars(self) == vars(other)

    def __repr__(self) -> str:
        return f"Options({vars(self)!r})"


def _plain_arguments(arguments: Sequence[str]) -> Optional[Options]:
    """Switches then paths (a pre-commit hook's command line), parsed without building the argparse parser:
    importing argparse and building it was a tenth of a one-file run. None for anything else."""
    values = dict(_DEFAULTS)
    paths: list[str] = []
    for argument in arguments:
        if argument.startswith("-"):
            name = _SWITCHES.get(argument)
            if name is None or paths:  # an option with a value, "-" (stdin), --help, or a switch after a path
                return None
            values[name] = True
        else:
            paths.append(argument)
    return Options(paths=paths, **values)


def _positive(text: str) -> int:
    import argparse

    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def _check_paths(paths: Sequence[str], first_path: Optional[str]) -> None:
    """A path that does not exist is a mistake on the command line (exit 2), never "All clean"."""
    for path in paths:
        if path == "-" or os.path.lexists(path):
            continue
        if path == first_path and path.isidentifier() and path.islower():  # `sparklint init`: a command
            import difflib

            near = difflib.get_close_matches(path, _COMMANDS + ("--version",), n=1, cutoff=0.5)
            raise _Fatal(f"unknown command {path!r}" + (f"; did you mean {near[0]}?" if near else "")
                         + f" (commands: {', '.join(_COMMANDS)}; or give files and folders to lint)")
        raise _Fatal(f"{path}: no such file or directory")


def main(argv: Optional[Sequence[str]] = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        if arguments and arguments[0] in ("rules", "rule"):
            from sparklint.commands import rules_command

            return rules_command(arguments)
        if arguments and arguments[0] == "server":
            from sparklint.server import server_command

            return server_command(arguments[1:])
        if arguments and arguments[0] == "explain":
            from sparklint.explain import explain_command

            return explain_command(arguments)
        command_given = bool(arguments) and arguments[0] == "lint"
        if command_given:
            arguments = arguments[1:]
        options = _plain_arguments(arguments)
        if options is None:
            try:
                options = _lint_parser().parse_args(arguments)
            except SystemExit as stop:  # argparse has printed the usage error (exit 2), or --help / --version
                return stop.code if isinstance(stop.code, int) else EXIT_ERROR
        _check_paths(options.paths, None if command_given else next(iter(options.paths), None))
        return _lint(options)
    except _Fatal as error:
        from sparklint.masking import printable

        print(f"sparklint: error: {printable(str(error))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:  # Ctrl-C: one line, the shell's code for SIGINT, workers already stopped
        print("sparklint: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:
        from sparklint.runner import Terminated, WorkerLost

        if isinstance(error, WorkerLost):
            print(f"sparklint: error: {error}", file=sys.stderr)
            return EXIT_ERROR
        if not isinstance(error, Terminated):
            raise
        print("sparklint: terminated", file=sys.stderr)
        return EXIT_TERMINATED


class _Fatal(Exception):
    pass


def _split(value: Optional[str]) -> Optional[tuple[str, ...]]:
    if value is None:
        return None
    return tuple(part.strip() for part in value.split(",") if part.strip())


def _configured_baseline(config: Optional[str]) -> Optional[str]:
    """`baseline = "..."` of the configuration that applies to the working directory (the one whose
    `include` and `exclude` the walk uses), as a path to show; --baseline FILE wins over it."""
    from pathlib import Path

    from sparklint.settings import ConfigError, settings_for, shown_path

    try:
        configured = settings_for(Path.cwd(), Path(config) if config else None).baseline
    except ConfigError as error:
        raise _Fatal(str(error)) from error
    return shown_path(str(configured)) if configured is not None else None


def _lint(options: argparse.Namespace) -> int:
    from sparklint.runner import terminate_on_sigterm

    restore = terminate_on_sigterm()  # SIGTERM ends the run as Ctrl-C does: workers stopped, one line
    try:
        return _lint_run(options)
    finally:
        restore()


def _lint_run(options: argparse.Namespace) -> int:
    from sparklint.api import run as lint_run
    from sparklint.discover import Unreadable, read_stdin
    from sparklint.registry import RegistryError
    from sparklint.report import Run
    from sparklint.report.emit import OutputError, apply_baseline, emit, known_findings, plan
    from sparklint.report.text import summary
    from sparklint.settings import ConfigError, clear_caches

    # Configs are read afresh once per run (tests and programs call main() many times in one process),
    # here, before the baseline lookup: the lint itself then keeps them (reload_config=False below).
    clear_caches()
    overrides = {key: value for key, value in (
        ("select", _split(options.select)), ("ignore", _split(options.ignore)), ("fail_on", options.fail_on),
        ("platform", options.platform), ("spark_version", options.spark_version)) if value is not None}
    try:
        outputs = plan(options)
        if not options.baseline and not options.write_baseline:
            options.baseline = _configured_baseline(options.config)
        known = known_findings(options)
    except OutputError as error:
        raise _Fatal(str(error)) from error
    color = not options.no_color and "NO_COLOR" not in os.environ and sys.stdout.isatty()
    texts: dict[str, str] = {}
    paths = options.paths or ["."]
    notes: list[str] = []
    if "-" in paths:
        name = options.stdin_filename or "stdin"
        try:
            texts[name] = read_stdin()
        except Unreadable as error:
            notes.append(f"{name}: {error}")
    try:
        result = lint_run([path for path in paths if path != "-"], overrides, config=options.config, texts=texts,
                     force_exclude=options.force_exclude, jobs=options.jobs, verbose=options.verbose,
                     respect_gitignore=not options.no_ignore, reload_config=False)
    except (ConfigError, RegistryError) as error:
        raise _Fatal(str(error)) from error
    findings, outcome, linter, settings_of, rules = (result.findings, result.outcome, result.linter,
                                                     result.settings_of, result.rules)
    outcome.notes[:0] = notes
    from sparklint.fix.command import run_fixes, wanted

    if wanted(options):
        findings, outcome.failed, code = run_fixes(options, findings, linter, settings_of, outcome.failed)
        if code is not None:
            return code
    from sparklint.settings import loaded_policies

    # Reporters describe the team policies of every configuration that applied, as they do the rules.
    described = {**rules, **{policy.id: policy for policy in loaded_policies()}}
    run = Run(findings, described, tuple(outcome.checked), tuple(outcome.skips), False, texts,
              bool(options.unsafe_fixes))
    from sparklint.masking import printable

    for note in outcome.notes:
        print(f"sparklint: {printable(note)}", file=sys.stderr)
    try:
        findings, baselined, failed = apply_baseline(options, findings, known, outcome.failed, settings_of)
    except ConfigError as error:
        raise _Fatal(str(error)) from error
    run = run._replace(findings=findings)
    try:
        emit(outputs, run, options, summary(findings, outcome.files, outcome.skipped, baselined,
                                                 bool(options.unsafe_fixes)), color)
    except OutputError as error:
        raise _Fatal(str(error)) from error
    if failed and not options.exit_zero:
        return EXIT_FINDINGS
    return EXIT_CLEAN


