"""The Python API for programs and editors: `lint_paths(...)` and `lint_text(...)` return the findings
the command line would print, and `run(...)` is what the command line itself calls.

    import sparklint
    findings = sparklint.lint_paths(["conf/"], platform="emr-serverless")
    findings = sparklint.lint_text("spark.executor.memory 1.5g\\n", "spark-defaults.conf")

Nothing is printed and nothing exits: a configuration mistake (an unknown rule in `select`, a bad
`.sparklint.toml`) raises `sparklint.settings.ConfigError`, a broken rule plugin `RegistryError`.
Findings are sorted by path, line, column and rule, with secret values masked, as every output shows them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Optional, Sequence

from sparklint.records import Record
from sparklint.rule import Finding


class Result(Record):
    findings: list[Finding]
    outcome: object  # runner.Outcome: files checked and skipped, notes, whether the run fails
    linter: object  # engine.Linter
    settings_of: Callable[[str], object]  # a file's settings, with the run's overrides
    rules: dict
    texts: dict[str, str]  # what was linted from memory (standard input), by the name it was given


def run(paths: Sequence[str], overrides: dict[str, object], *, config: Optional[str] = None,
        texts: Optional[dict[str, str]] = None, force_exclude: bool = False, jobs: Optional[int] = None,
        verbose: bool = False, respect_gitignore: bool = True, reload_config: bool = True) -> Result:
    """Lint `paths` (files and folders, walked as the CLI walks them) and `texts` (name -> text, as if
    read from files of those names), with `overrides` (select, ignore, fail_on, platform, spark_version)
    over each file's configuration. A walk skips what the repository's .gitignore files ignore unless
    `respect_gitignore` is False (--no-ignore). The configuration files are read afresh unless
    `reload_config` is False: a caller that has just loaded them in this process (the command line, for
    `baseline`) keeps what it read, so a run reads and compiles each file, and its policies, once."""
    from sparklint.discover import Note, discover
    from sparklint.distribution import distribution_of, note_for
    from sparklint.engine import Linter, sort_findings
    from sparklint.registry import load_rules, unknown_selector
    from sparklint.runner import FileRunner, Outcome, default_jobs, lint_paths as run_files
    from sparklint.settings import ConfigError, clear_caches, settings_for

    if reload_config:
        clear_caches()  # a program or editor may lint many times in one process
    forced = Path(config) if config else None
    rules = load_rules(lazy=True)  # built-in rules are imported when they first run
    base_settings = settings_for(Path.cwd(), forced)
    # --select / --ignore may name the team policies of the configuration in force here.
    known = {**rules, **{policy.id: policy for policy in base_settings.policies}}
    for flag in ("select", "ignore"):
        for selector in overrides.get(flag, ()) or ():  # type: ignore[union-attr]
            problem = unknown_selector(str(selector), known)
            if problem:
                raise ConfigError(f"--{flag}: {problem}")
    linter = Linter(rules, overrides)
    merged: dict[int, object] = {}
    by_directory: dict[str, object] = {}
    outcome = Outcome()

    def settings_of(path: str):  # type: ignore[no-untyped-def]
        directory = os.path.dirname(path)
        found = by_directory.get(directory)
        if found is None:
            base = settings_for(Path(path).absolute(), forced)
            if id(base) not in merged:
                merged[id(base)] = base.merged(**overrides) if overrides else base
                if verbose:
                    outcome.notes.append(_config_note(base, directory, forced is not None))
            found = by_directory[directory] = merged[id(base)]
        return found

    runner = FileRunner(linter, settings_of, verbose)
    for name, text in (texts or {}).items():
        runner.lint_text(name, text, outcome)
    linter.check_settings(base_settings.merged(**overrides) if overrides else base_settings)
    files = []
    force_exclude = force_exclude or base_settings.force_exclude
    for item in discover(list(paths), base_settings.include, base_settings.exclude,
                         str(base_settings.root_of("exclude")), str(base_settings.root_of("include")),
                         respect_gitignore):
        if isinstance(item, Note):
            outcome.notes.append(f"{item.path}: {item.message}")
        elif item.explicit and force_exclude and settings_of(item.path).excludes(item.path):
            if verbose:
                outcome.notes.append(f"{item.path}: excluded by the configuration; skipped")
        elif item.explicit and (distribution := distribution_of(item.path)) is not None:
            why = note_for(item.path, distribution)
            outcome.skipped += 1
            outcome.skips.append((item.path, why))
            if verbose:
                outcome.notes.append(f"{item.path}: {why}")
        else:
            files.append(item.path)
    jobs = jobs or default_jobs()
    run_files(runner, files, outcome, jobs)
    runner.finish(outcome, jobs)
    # A job linted with its application sees the application's settings too: report each finding once.
    findings = sort_findings(dict.fromkeys(outcome.findings))
    return Result(findings, outcome, linter, settings_of, rules, dict(texts or {}))


def _overrides(select: Optional[Sequence[str]], ignore: Optional[Sequence[str]], fail_on: Optional[str],
               platform: Optional[str], spark_version: Optional[str]) -> dict[str, object]:
    return {key: value for key, value in (
        ("select", tuple(select) if select is not None else None), ("ignore", tuple(ignore) if ignore is not None else None),
        ("fail_on", fail_on), ("platform", platform), ("spark_version", spark_version)) if value is not None}


def lint_paths(paths: Sequence[str] = (".",), *, config: Optional[str] = None, select: Optional[Sequence[str]] = None,
               ignore: Optional[Sequence[str]] = None, platform: Optional[str] = None,
               spark_version: Optional[str] = None, jobs: Optional[int] = 1) -> list[Finding]:
    """The findings for these files and folders (a path that does not exist raises FileNotFoundError)."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]  # type: ignore[list-item]
    paths = [os.fspath(path) for path in paths]
    for path in paths:
        if not os.path.lexists(path):
            raise FileNotFoundError(f"{path}: no such file or directory")
    return run(paths, _overrides(select, ignore, None, platform, spark_version), config=config, jobs=jobs).findings


def lint_text(text: str, filename: str = "spark-defaults.conf", *, config: Optional[str] = None,
              select: Optional[Sequence[str]] = None, ignore: Optional[Sequence[str]] = None,
              platform: Optional[str] = None, spark_version: Optional[str] = None) -> list[Finding]:
    """The findings for `text` read as a file named `filename` (its name picks the format, as on disk;
    the configuration is the one that applies to that path)."""
    return run([], _overrides(select, ignore, None, platform, spark_version), config=config,
               texts={filename: text}, jobs=1).findings


def _config_note(settings: object, directory: str, forced: bool) -> str:
    """What --verbose says of the configuration a file's settings came from (once per config): the file,
    and the files it extends."""
    source: Optional[Path] = getattr(settings, "source", None)
    if source is None:
        return (f"{directory or '.'}: no .sparklint.toml or [tool.sparklint] in pyproject.toml up to the "
                f"repository root; the defaults apply")
    from sparklint.settings import shown_path

    how = "given with --config" if forced else "the nearest"
    extends = "".join(f", extending {shown_path(str(path))}" for path in getattr(settings, "extends", ()))
    return (f"{shown_path(str(source))}: the configuration applied ({how}{extends}), first to files in "
            f"{directory or '.'}")
