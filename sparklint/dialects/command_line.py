"""Command lines that launch Spark, as JobConfigs whose settings point at their words in the file.

Read from shell scripts, Dockerfiles, docker-compose and Kubernetes `command:` / `args:` (the callers
tokenize; see sparklint/load/shell.py). Recognised programs (a path such as
`$SPARK_HOME/bin/spark-submit` counts by its last part):
- `spark-submit`: options as SparkSubmitOptionParser / SparkSubmitArguments read them
  (knowledge/spark_submit.py): dedicated flags beat `--conf`, the last `--conf` wins;
- `pyspark`, `spark-shell`, `spark-sql`: the same options; they run a shell, so no application resource
  is needed and options may follow other arguments (SparkSubmitCommandBuilder: `allowsMixedArguments`);
- `gcloud dataproc jobs submit spark|pyspark|spark-sql|spark-r` and `gcloud dataproc batches submit ...`:
  `--properties=k=v,k2=v2` (gcloud's dict flags; `^D^` at the start picks another delimiter D, see
  `gcloud topic escaping`), plus `--jars`, `--py-files`, `--files`, `--archives`;
- `aws emr add-steps --steps Type=Spark,...,Args=[...]` (EMR runs spark-submit with the Args) and
  `Type=CUSTOM_JAR,Jar=command-runner.jar,Args=[spark-submit,...]`;
- any of these run in a container: `docker exec [options] CONTAINER spark-submit ...`, `docker compose exec
  SERVICE ...`, `kubectl exec POD -- ...`, also through `bash -c "..."` there (container_exec.py);
- `aws emr-serverless start-job-run --job-driver '{...}' --configuration-overrides '{...}'` and
  `aws emr-containers start-job-run ...`: the JSON is read as a StartJobRun body by the EMR Serverless
  dialect, with positions inside the script.
Words that hold an expansion (`$MEM`, `${X}`, `$(cmd)`) stay templates: a setting whose key or value is
computed at run time is left out rather than judged.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import List, Optional, Sequence

from sparklint.knowledge.spark_submit import (FLAG_TO_KEY, SWITCHES, VALUE_OPTIONS, Word, parse_submit_args)
from sparklint.knowledge.values import is_templated
from sparklint.knowledge.versions import declared
from sparklint.dialects.container_exec import exec_program
from sparklint.load.shell import Command, Token, shell_c
from sparklint.model import RANK_CONF, RANK_TYPED, JobConfig, Layer, Setting
from sparklint.records import Record
from sparklint.span import LineIndex
from sparklint.tree import Document, Ref

SUBMIT_FLAG = Layer("command-line-option", RANK_TYPED, "spark-submit option on the command line")
SUBMIT_CONF = Layer("command-line-conf", RANK_CONF, "--conf on the command line")
GCLOUD_PROPERTIES = Layer("gcloud-properties", RANK_CONF, "gcloud --properties")
GCLOUD_FLAG = Layer("gcloud-option", RANK_TYPED, "gcloud dataproc option")

SHELLS = frozenset({"pyspark", "spark-shell", "spark-sql", "sparkR"})
# Classes spark-submit runs without an application resource (SparkSubmitCommandBuilder.specialClasses:
# the REPL, the SQL CLI and Thrift server, the Connect server from 3.4; ConnectRepl from 4.0).
NO_RESOURCE_CLASSES = frozenset({
    "org.apache.spark.repl.Main", "org.apache.spark.sql.hive.thriftserver.SparkSQLCLIDriver",
    "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2",
    "org.apache.spark.sql.connect.service.SparkConnectServer",
    "org.apache.spark.sql.application.ConnectRepl"})
# Switches after which spark-submit prints and exits, needing no application (OptionParser.handle sets
# isSpecialCommand for --help, --usage-error, --version; --kill and --status are actions of their own).
_NO_RESOURCE_OPTIONS = frozenset({"--help", "-h", "--version", "--usage-error", "--kill", "--status"})
# Words that run the command after them: `sudo spark-submit`, `exec spark-submit`, `nohup ...`.
_PREFIXES = frozenset({"sudo", "exec", "nohup", "time", "command", "env", "nice", "then", "do", "else", "!",
                       "{", "if", "while", "until", "elif"})
_GCLOUD_FLAGS = {"--jars": "spark.jars", "--py-files": "spark.submit.pyFiles", "--files": "spark.files",
                 "--archives": "spark.archives"}
APPLICATION_SUFFIXES = (".py", ".jar", ".R", ".r", ".scala")
_CONTAINER_CLIS = frozenset({"docker", "docker-compose", "podman", "kubectl"})


class Broken(Record):
    """A command that ends at a line break without a backslash while the next line goes on with it."""

    line_end: Ref  # the last word before the break
    line: int  # the line of that word
    next_ref: Ref  # the first word of the next line
    next_text: str  # that line's words, shortened
    next_line: int
    blank_after_backslash: bool  # `\ ` at the end: the backslash escapes a blank, not the line break


class Launch(Record):
    """What rules about the command line's shape need (JobConfig.launch)."""

    program: str  # "spark-submit", "pyspark", "gcloud dataproc jobs submit pyspark", ...
    ref: Ref  # the program word
    broken: Optional[Broken]
    missing_resource: bool  # spark-submit, not a shell or special class, and no application resource
    resource: Optional[Ref]  # the application resource, when there is one
    late_options: List[tuple[str, Ref]]  # spark-submit options written after the application resource


class Positions:
    """Spans of text offsets in one file, the line table built once."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.index = LineIndex(document.text)

    def ref(self, start: int, end: int) -> Ref:
        return Ref.at(self.document, self.index.span(start, max(start + 1, end)))

    def token(self, token: Token, first: int = 0, last: Optional[int] = None) -> Ref:
        """The characters [first, last) of a token's value (the whole token by default)."""
        if first == 0 and last is None:
            return self.ref(token.start, token.end)
        end = token.offset(last - 1) + 1 if last is not None and last > first else token.end
        return self.ref(token.offset(first), end)

    def line(self, offset: int) -> int:
        return self.index.position(offset)[0]


def program_at(words: Sequence[Token]) -> int:
    """Index of the word naming the program (after assignments and `sudo`/`exec`/`env`...), or -1."""
    index = 0
    while index < len(words):
        value = words[index].value
        if value in _PREFIXES or (("=" in value) and _is_assignment(value)) or (
                index > 0 and words[index - 1].value == "env" and value.startswith("-")):
            index += 1
            continue
        return index
    return -1


def _is_assignment(value: str) -> bool:
    name = value.split("=", 1)[0]
    return bool(name) and (name[0].isalpha() or name[0] == "_") and name.replace("_", "a").isalnum()


def program_name(token: Token) -> str:
    name = token.value.rsplit("/", 1)[-1]
    return name[:-4] if name.endswith((".cmd", ".exe")) else name


def configs_from_commands(document: Document, commands: List[Command], field: str,
                          positions: Optional[Positions] = None) -> List[JobConfig]:
    """One JobConfig per command in `commands` that launches Spark."""
    positions = positions or Positions(document)
    configs: List[JobConfig] = []
    for number, command in enumerate(commands):
        start = program_at(command.words)
        if start < 0:
            continue
        words = command.words[start:]
        if document.text[words[0].start:words[0].start + 1] in ("'", '"'):
            continue  # a quoted program name: text (`print('spark-submit')`), not a command line
        name = program_name(words[0])
        if name in _CONTAINER_CLIS:
            # `docker exec spark-master spark-submit ...`: the command the container runs.
            inner = exec_program(words, 0)
            if inner < 0 or program_at(words[inner:]) < 0:
                continue
            words = words[inner + program_at(words[inner:]):]
            inner_commands = shell_c(words)
            if len(inner_commands) != 1 or inner_commands[0].words is not words:
                configs.extend(configs_from_commands(document, inner_commands, field, positions))
                continue
            name = program_name(words[0])
        following = commands[number + 1] if number + 1 < len(commands) else None
        if name == "spark-submit" or name in SHELLS:
            configs.append(_spark_submit(document, positions, words, name, command, following, field))
        elif name == "gcloud" and len(words) > 3 and words[1].value == "dataproc" and \
                words[2].value in ("jobs", "batches") and words[3].value == "submit":
            config = _gcloud(document, positions, words, field)
            if config is not None:
                configs.append(config)
        elif name == "aws" and len(words) > 2:
            from sparklint.dialects.aws_cli import aws_configs

            configs.extend(aws_configs(document, positions, words, field))
    return configs


def _spark_submit(document: Document, positions: Positions, words: List[Token], name: str, command: Command,
                  following: Optional[Command], field: str) -> JobConfig:
    shell = name in SHELLS
    config = JobConfig(document.path, "session" if shell else "job", "command-line", document=document,
                       ref=positions.token(words[0]), name=name)
    arguments = words[1:]
    parsed = add_submit_tokens(config, positions, arguments, f"{name} command" if not field else field,
                               shell=shell)
    resource = parsed.primary_resource
    main_class = parsed.main_class
    special = shell or (main_class is not None and main_class.value in NO_RESOURCE_CLASSES) or any(
        switch.value in _NO_RESOURCE_OPTIONS for switch in parsed.switches) or any(
        option in ("--kill", "--status") for option, _ in parsed.options)
    missing = not special and resource is None and not any(token.templated for token in arguments[-1:])
    broken = _broken(positions, words, command, following)
    late: List[tuple[str, Ref]] = []
    # An unquoted expansion taken for the application (`$OPTS`, make's `$(SPARK_OPTS)`) may be options
    # that the shell splits into words: what follows it is not known to come after the application.
    expansion = resource is not None and is_templated(resource.value) and not resource.value.endswith(APPLICATION_SUFFIXES)
    if resource is not None and not shell and not expansion:
        config.is_python = resource.value.endswith(".py")
        for word in parsed.app_args:
            option = word.value.split("=", 1)[0]
            if option in VALUE_OPTIONS or option in SWITCHES - {"-h", "-v"}:
                late.append((option, _word_ref(positions, arguments, word)))
    resource_ref = _word_ref(positions, arguments, resource) if resource is not None else None
    config.launch = Launch(name, positions.token(words[0]), broken, missing, resource_ref, late)
    if missing and broken is None:
        config.problems.append((f"{name}: Missing application resource: no JAR, Python or R file after the "
                                "options, so spark-submit exits before the job starts", positions.token(words[-1])))
    return config


def _broken(positions: Positions, words: List[Token], command: Command,
            following: Optional[Command]) -> Optional[Broken]:
    """The line break that ends `command` too early: the next line starts with a spark-submit option or an
    application file, or the last word is a backslash-escaped blank (`\\ ` before the line break)."""
    if command.terminator != "\n" or following is None or len(words) < 2:
        return None
    last = words[-1]
    text = positions.document.text
    blank = last.value.strip(" \t") == "" and text.startswith("\\", last.start)
    first = following.words[0]
    if positions.line(first.start) != positions.line(command.end) + 1:
        return None  # a blank line or a comment in between: a new command, written apart
    value = first.value
    option = value.split("=", 1)[0]
    continues = option in VALUE_OPTIONS or option in SWITCHES - {"-h", "-v"} or (
        value.endswith(APPLICATION_SUFFIXES) and len(value) > 3)
    if not (continues or blank):
        return None
    shown = " ".join(token.value for token in following.words[:4])
    if len(following.words) > 4:
        shown += " ..."
    end_word = words[-2] if blank else last
    return Broken(positions.token(end_word), positions.line(end_word.start), positions.token(first), shown,
                  positions.line(first.start), blank)


def add_submit_tokens(config: JobConfig, positions: Positions, tokens: Sequence[Token], field: str,
                      shell: bool = False, flag_layer: Layer = SUBMIT_FLAG, conf_layer: Layer = SUBMIT_CONF):
    """Settings from spark-submit argument tokens, each pointing at its characters in the file. Problems
    spark-submit rejects go to `config.problems` (for a shell, unknown options are the shell's own)."""
    words, starts = _virtual_words(tokens)
    parsed = parse_submit_args(words)

    def ref_for(start: int, end: int) -> Ref:
        position = max(0, bisect_right(starts, start) - 1)
        token = tokens[position]
        first = start - starts[position]
        return positions.token(token, first, max(first + 1, end - starts[position]))

    fields: dict[str, str] = {}  # one string per option ("--conf in sparkSubmitParameters"), not one a setting
    for item in parsed.settings:
        token = tokens[max(0, bisect_right(starts, item.start) - 1)]
        if is_templated(item.key) or (token.templated and not is_templated(item.value)):
            continue  # computed at run time (`spark.$X`, `4$UNIT`): not judged
        layer = flag_layer if item.from_flag else conf_layer
        config.add(Setting(item.key, item.value, layer, ref_for(item.start, item.end),
                           field=fields.get(item.option) or fields.setdefault(item.option, f"{item.option} in {field}"),
                           raw_key=item.option if item.from_flag else ""))
    for message, start, end in parsed.errors:
        if shell and message.startswith("Unrecognized option"):
            continue
        if message.startswith("Unrecognized option") and tokens[max(0, bisect_right(starts, start) - 1)].templated:
            continue
        config.problems.append((f"{field}: {message}", ref_for(start, end)))
    return parsed


def _virtual_words(tokens: Sequence[Token]) -> tuple[List[Word], List[int]]:
    """Words at offsets into `" ".join(values)`, and where each token starts there."""
    words, starts, offset = [], [], 0
    for token in tokens:
        words.append(Word(token.value, offset, offset + len(token.value)))
        starts.append(offset)
        offset += len(token.value) + 1
    return words, starts


def _word_ref(positions: Positions, tokens: Sequence[Token], word: Word) -> Ref:
    _, starts = _virtual_words(tokens)
    index = max(0, bisect_right(starts, word.start) - 1)
    return positions.token(tokens[index])


# gcloud dataproc ----------------------------------------------------------------------------------

def _gcloud(document: Document, positions: Positions, words: List[Token], field: str) -> Optional[JobConfig]:
    if len(words) < 5:
        return None
    group, job_type = words[2].value, words[4].value
    program = f"gcloud dataproc {group} submit {job_type}"
    # Cluster jobs run on the cluster's YARN; batches on Dataproc Serverless (knowledge/dataproc.py).
    platform = "dataproc" if group == "jobs" else "dataproc-serverless"
    config = JobConfig(document.path, "job", "gcloud-dataproc", platform=platform,
                       platform_source=f"gcloud dataproc {group} submit", document=document,
                       ref=positions.token(words[0]), name=program)
    index = 5
    while index < len(words):
        token = words[index]
        value = token.value
        index += 1
        if value == "--":
            break
        flag, equals, _ = value.partition("=")
        if flag not in ("--properties", "--version", *_GCLOUD_FLAGS) or (flag == "--version" and group == "jobs"):
            continue
        if equals:
            values_token, skip = token, len(flag) + 1
        elif index < len(words):
            values_token, skip = words[index], 0
            index += 1
        else:
            break
        if flag == "--properties":
            _gcloud_properties(config, positions, values_token, skip, f"--properties of {program}")
        elif flag == "--version":  # the Serverless runtime version (gcloud dataproc batches submit --version)
            if not values_token.templated:
                config.declared_version = declared(values_token.value[skip:], f"--version of {program}",
                                                   positions.token(values_token, skip), document.path,
                                                   "dataproc-serverless")
        elif not values_token.templated:
            config.add(Setting(_GCLOUD_FLAGS[flag], values_token.value[skip:], GCLOUD_FLAG,
                               positions.token(values_token, skip), field=f"{flag} of {program}", raw_key=flag))
    config.is_python = job_type == "pyspark"
    return config


def _gcloud_properties(config: JobConfig, positions: Positions, token: Token, skip: int, field: str) -> None:
    """`k=v,k2=v2` (or `^D^k=v1,v2Dk2=v`: gcloud's custom delimiter) as settings pointing at each pair."""
    text = token.value
    delimiter = ","
    if text.startswith("^", skip):
        close = text.find("^", skip + 1)
        if close > skip + 1:
            delimiter, skip = text[skip + 1:close], close + 1
    position = skip
    for part in text[skip:].split(delimiter):
        start, position = position, position + len(part) + len(delimiter)
        key, equals, value = part.partition("=")
        key_clean = key.strip()
        if not equals or not key_clean or is_templated(key_clean) or (token.templated and not is_templated(value)
                                                                        and "$" in value):
            continue
        config.add(Setting(key_clean, value, GCLOUD_PROPERTIES, positions.token(token, start, start + len(part)),
                           field=field))
