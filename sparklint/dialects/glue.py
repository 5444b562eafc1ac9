"""AWS Glue Spark jobs: Terraform `aws_glue_job` and CreateJob request bodies (`Command`, `DefaultArguments`).

Glue hands its job arguments to the script; only the `--conf` argument reaches the SparkConf, and since a
job may carry one `--conf` key, several settings are chained in its value: `"k=v --conf k2=v2"` (the
workaround AWS re:Post answers give; shared/reference/platforms.md §5.2, corpus 068). Such a value is
read as the words after a first `--conf`. An argument named like a Spark property (`"--spark.sql.x"`) is
a plain script argument that never reaches Spark: it is kept as a dropped key for SL004 to report.

A Terraform `module` block wrapping `aws_glue_job` (a data platform's own Glue module) is read when one of
its inputs is a map of Glue job arguments: every key starts with `--` and its `--conf` holds `spark.*`
settings; the module's `glue_version` input, when it has one, is the Glue version. What the module adds
itself (`merge(var.job_parameters, {...})` inside it) is read where the module's own `aws_glue_job` is.

Glue sizes its executors itself (`WorkerType`, `NumberOfWorkers`), so the platform is `glue`, for which
sparklint knows no defaults.
"""

from __future__ import annotations

from typing import Optional

from sparklint.dialects.common import lookup
from sparklint.dialects.terraform import modules, resources
from sparklint.knowledge.versions import declared
from sparklint.model import RANK_CONF, DeclaredVersion, JobConfig, Layer, Setting
from sparklint.tree import Document, Pairs, Ref

CONF_ARGUMENT = Layer("glue-conf", RANK_CONF, "--conf job argument")
_GLUE_COMMANDS = ("glueetl", "gluestreaming")


def recognise(document: Document) -> Optional[list[JobConfig]]:
    root = document.root
    if not isinstance(root, Pairs):
        return None
    if document.syntax == "hcl":
        found = []
        for name, body in resources(document, "aws_glue_job"):
            if not _is_spark(body.get("command"), "name"):
                continue
            config = _job(document, body.get("default_arguments"), name, f"aws_glue_job.{name}.default_arguments",
                          Ref(document, body, 0, on_key=True))
            if config is not None:
                config.declared_version = _glue_version(document, body, f"aws_glue_job.{name}.", "glue_version")
                found.append(config)
        for name, body in modules(document):
            for index, (key, value) in enumerate(zip(body.keys, body.values)):
                if isinstance(value, Pairs) and _is_job_arguments(value):
                    config = _job(document, value, name, f"module.{name}.{key}", Ref(document, body, index, on_key=True))
                    assert config is not None
                    config.declared_version = _glue_version(document, body, f"module.{name}.", "glue_version")
                    found.append(config)
        return found or None
    command_index, command = lookup(root, "Command")
    arguments_index, arguments = lookup(root, "DefaultArguments")
    if not _is_spark(command, "Name") or arguments_index < 0:
        return None
    _, name = lookup(root, "Name")
    config = _job(document, arguments, name if isinstance(name, str) else "", "DefaultArguments",
                  Ref(document, root, command_index, on_key=True))
    if config is None:
        return None
    config.declared_version = _glue_version(document, root, "", "GlueVersion")
    return [config]


def _glue_version(document: Document, body: Pairs, prefix: str, field: str) -> Optional[DeclaredVersion]:
    """`GlueVersion` (CreateJob, CloudFormation) / `glue_version` (Terraform): the Spark it runs. Glue's
    default when it is absent is not read here (AWS has changed it over time)."""
    index, value = lookup(body, field)
    if index < 0:
        return None
    return declared(value, f"{prefix}{body.keys[index]}", Ref(document, body, index), document.path, "glue")


def _is_job_arguments(arguments: Pairs) -> bool:
    """A map of Glue job arguments: every key a `--name`, and a `--conf` that holds spark.* settings."""
    conf = arguments.get("--conf")
    return (isinstance(conf, str) and conf.lstrip().startswith("spark.")
            and all(isinstance(key, str) and key.startswith("--") for key in arguments.keys))


def _is_spark(command: object, field: str) -> bool:
    """A Spark ETL or streaming job (not a Python shell or Ray job); a command without a name is glueetl."""
    if not isinstance(command, Pairs):
        return False
    _, name = lookup(command, field)
    return name is None or name in _GLUE_COMMANDS


def job_arguments(document: Document, arguments: object, name: str, field: str, ref: Ref) -> Optional[JobConfig]:
    """A Glue job from its arguments map (`--conf` and `--spark.*` arguments), or None when it is not a map."""
    return _job(document, arguments, name, field, ref)


def _job(document: Document, arguments: object, name: str, field: str, ref: Ref) -> Optional[JobConfig]:
    if not isinstance(arguments, Pairs):
        return None
    config = JobConfig(document.path, "job", "glue-job", platform="glue", platform_source="Glue job",
                       document=document, name=name, ref=ref)
    for index, (key, value) in enumerate(zip(arguments.keys, arguments.values)):
        if not isinstance(value, str):
            continue
        if key == "--conf":
            _add_conf(config, document, arguments, index, value, field)
        elif key.startswith("--spark."):
            config.dropped.append(Setting(key, value, CONF_ARGUMENT, Ref(document, arguments, index),
                                          field=f"{field} argument", path=document.path))
    return config


def _add_conf(config: JobConfig, document: Document, arguments: Pairs, index: int, value: str, field: str) -> None:
    """`k=v --conf k2=v2`: the value read as the words after a first `--conf`."""
    from sparklint.knowledge.spark_submit import Word, WordList, parse_submit_args, split_words  # Glue files only

    words = split_words(value)
    parsed = parse_submit_args(WordList([Word("--conf", 0, 0), *words], text=value))
    base = Ref(document, arguments, index)
    for item in parsed.settings:
        config.add(Setting(item.key, item.value, CONF_ARGUMENT, base.inside(item.start, item.end),
                           field=f"--conf in {field}"))
