"""`sparklint explain PATH...`: what Spark will do with each config found — memory split, overhead, worker
size, executor count and the capacity that binds — with the knowledge layer's numbers.

Files are read exactly as `sparklint lint` reads them (`Linter.read`, then `attach_applications`), so
platform defaults, layers and an application's maximumCapacity are the same ones the rules see.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

from sparklint.model import PLATFORMS, JobConfig, Layer, Setting

# `--set k=v` beats every layer a file can hold (typed fields rank 60): a what-if, as if written last.
WHAT_IF = Layer("--set", 100, "--set on the command line")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sparklint explain",
        description="Show what Spark will do with each configuration: memory split, overhead, worker size, "
                    "executors at start and the capacity that binds.")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or directories (default: .)")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    parser.add_argument("--set", dest="what_if", action="append", default=[], metavar="KEY=VALUE",
                        help="evaluate as if this Spark setting were written last (repeatable)")
    parser.add_argument("--config", metavar="PATH", help="use this .sparklint.toml / pyproject.toml for every file")
    parser.add_argument("--platform", choices=PLATFORMS, help="platform for files whose shape does not say")
    parser.add_argument("--spark-version", metavar="X.Y", help="Spark version (default 3.5)")
    return parser


def explain_command(arguments: Sequence[str]) -> int:
    """`arguments` starts with "explain". Prints the explanation; 0, or 2 on a usage or config error."""
    options = _parser().parse_args(list(arguments[1:]))
    what_if: list[tuple[str, str]] = []
    for item in options.what_if:
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            print(f"sparklint explain: error: --set {item!r}: expected KEY=VALUE", file=sys.stderr)
            return 2
        what_if.append((key.strip(), value.strip()))
    from sparklint.settings import ConfigError

    try:
        configs, notes = read_configs(options.paths or ["."], options.config, options.platform,
                                      options.spark_version)
    except ConfigError as error:
        print(f"sparklint: error: {error}", file=sys.stderr)
        return 2
    from sparklint.explain.model import explain, map_text
    from sparklint.explain.render import RENDERERS
    from sparklint.masking import Masker, printable

    explained = []
    for config in configs:
        for key, value in what_if:
            config.add(Setting(key, value, WHAT_IF, citation=f"--set {key}={value}"))
        # Every text of the explanation quotes the file: the file's secrets masked, control characters escaped.
        explained.append(map_text(explain(config), Masker.of_config(config).show))
    sys.stdout.write(RENDERERS[options.format](explained))
    for note in notes:
        print(f"sparklint: {printable(note)}", file=sys.stderr)
    return 0


def read_configs(paths: Sequence[str], config_path: Optional[str] = None, platform: Optional[str] = None,
                 spark_version: Optional[str] = None) -> tuple[list[JobConfig], list[str]]:
    """The jobs and sessions in `paths`, read as lint reads them (applications give their capacity to
    their jobs, and are left out themselves). Raises ConfigError."""
    from sparklint.discover import Note, Unreadable, discover, read_text
    from sparklint.engine import Linter
    from sparklint.settings import clear_caches, settings_for

    clear_caches()
    overrides = {key: value for key, value in (("platform", platform), ("spark_version", spark_version))
                 if value is not None}
    forced = Path(config_path) if config_path else None
    linter = Linter({}, overrides)
    base = settings_for(Path.cwd(), forced)
    results, notes = [], []
    for item in discover(paths, base.include, base.exclude):
        if isinstance(item, Note):
            notes.append(str(item))
            continue
        try:
            text = read_text(item.path)
        except Unreadable as error:
            notes.append(f"{item.path}: {error}")
            continue
        if not text.strip():
            continue
        settings = settings_for(Path(item.path).absolute(), forced)
        results.append(linter.read(item.path, text, settings.merged(**overrides) if overrides else settings))
    linter.attach_applications(results)
    configs = [config for result in results for config in result.configs if config.kind != "application"]
    if not configs:
        # Only applications (an EMR Serverless application explained alone): what a job that sets nothing
        # itself gets on each, its runtimeConfiguration over the platform's defaults, within its capacity.
        for result in results:
            for application in result.configs:
                configs.append(_job_on(linter, application, result.settings))
    return configs, notes


def _job_on(linter: "Linter", application: JobConfig, settings: "Settings") -> JobConfig:
    view = JobConfig(application.path, "job", application.dialect, platform=application.platform,
                     platform_source=application.platform_source, declared_version=application.declared_version,
                     name=f"a job with no settings of its own on application {application.name or '(unnamed)'}",
                     document=application.document, ref=application.ref, capacity=application.capacity)
    view.settings.extend(application.settings)
    linter.resolve(view, settings)
    return view
