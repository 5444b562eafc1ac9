"""docker-compose services that run Spark, and Kubernetes containers whose `command:` / `args:` launch it.

docker-compose (compose-spec `services.<name>`: `image`, `environment` as a list of `KEY=VALUE` or a
map, `command` / `entrypoint` as a string (shell words) or a list; https://docs.docker.com/reference/compose-file/services/):
a service is a Spark service when its image names Spark (`bitnami/spark`, `apache/spark`, `spark:3.5`),
its environment sets `SPARK_MODE` / `SPARK_MASTER_URL` / `SPARK_WORKER_*` / `SPARK_*_OPTS`, or its
command runs `spark-submit`, `spark-class` or a Spark shell. For each:
- `SPARK_MASTER_OPTS`, `SPARK_WORKER_OPTS`, `SPARK_HISTORY_OPTS`, `SPARK_DAEMON_JAVA_OPTS`,
  `SPARK_SHUFFLE_OPTS`, `SPARK_SUBMIT_OPTS`: their `-Dspark.k=v` are Spark properties of that process
  (conf/spark-env.sh.template; `SparkConf` loads `spark.*` JVM system properties);
- the environment is kept as `JobConfig.environment` (a literal credential there is SL601; the
  standalone sizes `SPARK_WORKER_MEMORY` / `SPARK_WORKER_CORES` / `SPARK_DAEMON_MEMORY` are shown
  by `explain`);
- a `command:` running spark-submit is read as a command line (command_line.py), positions inside the
  YAML value.
Kubernetes (`spec.containers[]`, `spec.template.spec.containers[]`, `initContainers`): `command` + `args`
as one command line, read the same way; `["sh", "-c", "..."]` is tokenized.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, List, Optional

from sparklint.dialects.common import mentions_any
from sparklint.model import RANK_DEFAULTS, JobConfig, Layer, Setting
from sparklint.tree import Document, Pairs, Ref

DAEMON_OPTIONS = Layer("daemon-java-options", RANK_DEFAULTS, "-D option in SPARK_*_OPTS")
ENVIRONMENT = Layer("environment", RANK_DEFAULTS, "environment variable")
_OPTS_VARIABLES = frozenset({"SPARK_MASTER_OPTS", "SPARK_WORKER_OPTS", "SPARK_HISTORY_OPTS", "SPARK_DAEMON_JAVA_OPTS",
                             "SPARK_SHUFFLE_OPTS", "SPARK_SUBMIT_OPTS"})
_SPARK_VARIABLES = re.compile(r"SPARK_(MODE|MASTER_URL|MASTER_HOST|WORKER_\w+|DAEMON_MEMORY|\w+_OPTS)$")
_SPARK_IMAGE = re.compile(r"(^|[/:])(bitnami/spark|apache/spark|spark(-py)?)([:@]|$)|spark", re.IGNORECASE)
_SPARK_COMMAND = re.compile(r"spark-submit|spark-class|pyspark|spark-shell|spark-sql|start-(master|worker)\.sh")
_WORKER_COMMAND = re.compile(r"deploy\.worker\.Worker|start-(worker|slave)\.sh")
_MASTER_URL = re.compile(r"spark://[^\s\"',]+")
_WORKER_FLAG = re.compile(r"(^|\s)(--memory|-m|--cores|-c)(\s|=|$)")
_D_OPTION = re.compile(r"-D(spark\.[^\s=]+)=(\"[^\"]*\"|'[^']*'|\S*)")
_MAX_DEPTH = 10
# The launcher names (sparklint.load.shell.LAUNCH_WORDS), here too so that reading a YAML file that runs no
# Spark command imports none of the command-line modules (start-up time of a one-file run).
_LAUNCH_WORDS = ("spark-submit", "pyspark", "spark-shell", "spark-sql", "dataproc", "emr", "spark-defaults")
_CONTAINERS_WORD = ("ontainers",)

if TYPE_CHECKING:
    from sparklint.dialects.command_line import Positions
    from sparklint.knowledge.standalone import StandaloneWorker
    from sparklint.load.shell import Command, Token


def recognise(document: Document) -> Optional[List[JobConfig]]:
    root = document.root
    if document.syntax != "yaml" or not isinstance(root, Pairs):
        return None
    services = root.get("services")
    if isinstance(services, Pairs) and any(isinstance(service, Pairs) and ("image" in service or "build" in service)
                                           for service in services.values):
        from sparklint.dialects.command_line import Positions

        positions = Positions(document)
        configs: List[JobConfig] = []
        workers: List[StandaloneWorker] = []
        for name, service in services.items():
            if isinstance(service, Pairs):
                configs.extend(_service(document, positions, name, service))
                worker = _worker(document, name, service)
                if worker is not None:
                    workers.append(worker)
        if workers and all(worker.master_url for worker in workers):
            # Every worker of the file names its Master: the jobs submitted from the file can be sized
            # against them (SL412). One worker whose Master is not known could be the big one.
            for config in configs:
                if config.kind in ("job", "session"):
                    config.standalone_workers = workers
        return configs
    text = document.text
    if not mentions_any(text, _CONTAINERS_WORD) or not mentions_any(text, _LAUNCH_WORDS):
        return None  # a byte test first: most YAML files are neither compose files nor pods running Spark
    containers: List[Pairs] = []
    _find_containers(root, 0, containers)
    if not containers:
        return None
    from sparklint.dialects.command_line import Positions, configs_from_commands

    positions = Positions(document)
    found: List[JobConfig] = []
    for container in containers:
        found.extend(configs_from_commands(document, _container_commands(document, container), "container command",
                                           positions))
    return found or None


def _service(document: Document, positions: Positions, name: str, service: Pairs) -> List[JobConfig]:
    environment = _environment(document, service.get("environment"), f"environment of service {name}")
    image = service.get("image")
    command_index = service.index("command")
    command = service.values[command_index] if command_index >= 0 else None
    command_text = command if isinstance(command, str) else " ".join(str(item) for item in command) \
        if isinstance(command, list) else ""
    spark = (isinstance(image, str) and bool(_SPARK_IMAGE.search(image))) or any(
        _SPARK_VARIABLES.match(setting.key) for setting in environment) or bool(_SPARK_COMMAND.search(command_text))
    if not spark:
        return []
    configs: List[JobConfig] = []
    if command_index >= 0:
        from sparklint.dialects.command_line import configs_from_commands

        commands = _yaml_commands(document, service, command_index)
        for config in configs_from_commands(document, commands, f"command of service {name}", positions):
            config.environment = environment
            config.name = f"{name}: {config.name}"
            configs.append(config)
    mode = next((setting.value for setting in environment if setting.key == "SPARK_MODE"), "")
    config = JobConfig(document.path, "defaults", "docker-compose", platform="standalone",
                       platform_source="docker-compose Spark service", document=document, name=name,
                       ref=Ref(document, service, 0, on_key=True))
    config.environment = environment
    for setting in environment:
        if setting.key in _OPTS_VARIABLES and setting.ref is not None:
            offset = getattr(setting, "offset", 0)
            for match in _D_OPTION.finditer(setting.value):
                config.add(Setting(match.group(1), match.group(2).strip("\"'"), DAEMON_OPTIONS,
                                   setting.ref.inside(offset + match.start(1), offset + match.end()),
                                   field=f"-D in {setting.key} of service {name}"))
    if mode or config.settings or any(setting.key.startswith("SPARK_") for setting in environment) or not configs:
        configs.insert(0, config)
    return configs


def _worker(document: Document, name: str, service: Pairs) -> Optional[StandaloneWorker]:
    """A standalone worker service (bitnami `SPARK_MODE=worker`, or a command starting
    deploy.worker.Worker / start-worker.sh): the Master it registers with and what it offers. A size set on
    the command line (`--memory`, `--cores`), which beats the environment, or a templated value is unknown."""
    from sparklint.knowledge.standalone import StandaloneWorker

    environment = {setting.key: setting for setting in _environment(document, service.get("environment"), "")}
    command = service.get("command")
    text = command if isinstance(command, str) else " ".join(str(item) for item in command) \
        if isinstance(command, list) else ""
    mode = environment.get("SPARK_MODE") or environment.get("SPARK_WORKLOAD")  # bitnami; cluster-apache-spark images
    if not ((mode is not None and mode.value.strip() == "worker") or _WORKER_COMMAND.search(text)
            or "worker" in name.lower() or any(key.startswith("SPARK_WORKER_") for key in environment)):
        return None  # a service that may be a worker counts, so that an unknown one keeps SL412 quiet
    url = environment.get("SPARK_MASTER_URL") or environment.get("SPARK_MASTER")
    found = _MASTER_URL.search(text)
    master = url.value.strip() if url is not None and "spark://" in url.value else found.group() if found else ""
    memory, cores = _at_value(environment.get("SPARK_WORKER_MEMORY")), _at_value(environment.get("SPARK_WORKER_CORES"))
    if _WORKER_FLAG.search(text):
        memory = cores = None
    return StandaloneWorker(name, "" if "$" in master else master, memory, cores)


def _at_value(setting: Optional[Setting]) -> Optional[Setting]:
    """The environment entry pointing at its value (in a `KEY=VALUE` list item, after the `=`)."""
    if setting is None or setting.ref is None:
        return setting
    offset = getattr(setting, "offset", 0)
    return Setting(setting.key, setting.value, setting.layer, setting.ref.inside(offset, offset + len(setting.value)),
                   setting.field, setting.raw_key, setting.path)


class _EnvironmentSetting(Setting):
    """An environment entry; `offset` is where its value starts inside a `KEY=VALUE` list item."""

    __slots__ = ("offset",)


def _environment(document: Document, environment: object, field: str) -> List[Setting]:
    found: List[Setting] = []
    if isinstance(environment, list):
        for index, item in enumerate(environment):
            if not isinstance(item, str) or "=" not in item:
                continue
            key, _, value = item.partition("=")
            setting = _EnvironmentSetting(key.strip(), value, ENVIRONMENT, Ref(document, environment, index),
                                          field=field, path=document.path)
            setting.offset = len(key) + 1
            found.append(setting)
    elif isinstance(environment, Pairs):
        for index, key, value in environment.entries():
            if isinstance(value, (str, int, float, bool)):
                text = value if isinstance(value, str) else str(value).lower() if isinstance(value, bool) else str(value)
                setting = _EnvironmentSetting(str(key), text, ENVIRONMENT, Ref(document, environment, index),
                                              field=field, path=document.path)
                setting.offset = 0
                found.append(setting)
    return found


def _offsets_of(document: Document, container: object, index: int, value: str) -> List[int]:
    """Text offsets of the characters of a YAML string value (located inside its span)."""
    from sparklint.load.shell import locate

    span = document.span_of(container, index)  # type: ignore[arg-type]
    if span is None:
        return []
    positions = _line_starts(document)
    start = positions[span.line - 1] + span.column - 1
    end = positions[span.end_line - 1] + span.end_column if span.end_line - 1 < len(positions) else len(document.text)
    return locate(value, document.text, start, end)


def _line_starts(document: Document) -> List[int]:
    starts = [0]
    text = document.text
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _words(document: Document, items: list) -> List[Token]:
    from sparklint.load.shell import Token

    words = []
    for index, item in enumerate(items):
        if isinstance(item, (str, int, float)) and not isinstance(item, bool):
            value = str(item)
            offsets = _offsets_of(document, items, index, value)
            if len(offsets) != len(value) or not offsets:
                span = document.span_of(items, index)
                base = _line_starts(document)[span.line - 1] + span.column - 1 if span else 0
                offsets = [base] * len(value)
            words.append(Token(value, offsets[0] if offsets else 0, (offsets[-1] + 1) if offsets else 0, offsets,
                               "$" in value))
    return words


def _yaml_commands(document: Document, container: Pairs, index: int) -> List[Command]:
    """The commands of a `command:` value: a string is shell words, a list is the exec form."""
    from sparklint.load.shell import remap, shell_c, tokenize

    value = container.values[index]
    if isinstance(value, str):
        offsets = _offsets_of(document, container, index, value)
        if len(offsets) != len(value):
            return []
        return remap(tokenize(value), offsets, offsets[-1] + 1 if offsets else 0).commands
    if isinstance(value, list):
        return shell_c(_words(document, value))
    return []


def _container_commands(document: Document, container: Pairs) -> List[Command]:
    """A Kubernetes container's `command` followed by its `args`, as one exec-form command line."""
    from sparklint.load.shell import remap, shell_c, tokenize

    words: List[Token] = []
    for key in ("command", "args"):
        value = container.get(key)
        if isinstance(value, list):
            words.extend(_words(document, value))
        elif isinstance(value, str) and key == "args":
            index = container.index(key)
            offsets = _offsets_of(document, container, index, value)
            if len(offsets) == len(value) and offsets:
                words.extend(word for command in remap(tokenize(value), offsets, offsets[-1] + 1).commands
                             for word in command.words)
    return shell_c(words) if words else []


def _find_containers(value: object, depth: int, found: List[Pairs]) -> None:
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, Pairs):
        for key, child in value.items():
            if key in ("containers", "initContainers") and isinstance(child, list):
                found.extend(item for item in child if isinstance(item, Pairs)
                             and ("command" in item or "args" in item))
            else:
                _find_containers(child, depth + 1, found)
    elif isinstance(value, list):
        for child in value:
            _find_containers(child, depth + 1, found)
