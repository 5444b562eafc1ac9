"""AWS CLI command lines that run Spark: `aws emr add-steps`, `aws emr-serverless start-job-run`,
`aws emr-containers start-job-run` (called from command_line.py).

- `add-steps --steps Type=Spark,Name=...,Args=[a,b,c]`: AWS CLI shorthand; for `Type=Spark` EMR runs
  `spark-submit` with the Args, for `Type=CUSTOM_JAR,Jar=command-runner.jar` the Args start with the
  program (`spark-submit`) (awscli `emr add-steps` help, "Spark step"; EMR Release Guide
  "Add a Spark step", emr-spark-submit-step.html).
- `emr-serverless start-job-run --job-driver '{"sparkSubmit": {...}}' --configuration-overrides '{...}'`
  and `emr-containers start-job-run --job-driver '{"sparkSubmitJobDriver": {...}}'`: the JSON values
  are StartJobRun fields, read by the EMR Serverless dialect with positions inside the script. A value
  that is not JSON (a `file://` reference, shorthand, or text a variable completes) is skipped.
"""

from __future__ import annotations

from typing import List, Optional

from sparklint.dialects import emr_serverless
from sparklint.dialects.emr_configurations import STEP_CONF, STEP_FLAG
from sparklint.load.shell import Token
from sparklint.model import JobConfig
from sparklint.tree import Document, LoadError, Pairs, Value


def aws_configs(document: Document, positions, words: List[Token], field: str) -> List[JobConfig]:
    service, operation = words[1].value, words[2].value
    if service == "emr" and operation == "add-steps":
        return _add_steps(document, positions, words)
    if service in ("emr-serverless", "emr-containers") and operation == "start-job-run":
        config = _start_job_run(document, positions, words, service)
        return [config] if config is not None else []
    return []


def _option_values(words: List[Token], name: str) -> List[tuple[Token, int]]:
    """(token, offset of the value in it) of each `--name value` / `--name=value`."""
    found = []
    for index, token in enumerate(words):
        if token.value == name and index + 1 < len(words):
            found.append((words[index + 1], 0))
        elif token.value.startswith(name + "="):
            found.append((token, len(name) + 1))
    return found


def _add_steps(document: Document, positions, words: List[Token]) -> List[JobConfig]:
    from sparklint.dialects.command_line import Launch, add_submit_tokens

    configs = []
    steps: List[tuple[Token, int]] = []
    for index, token in enumerate(words):
        if token.value == "--steps":
            # Shorthand steps are the words up to the next option.
            for step in words[index + 1:]:
                if step.value.startswith("--"):
                    break
                steps.append((step, 0))
        elif token.value.startswith("--steps="):
            steps.append((token, len("--steps=")))
    for token, skip in steps:
        fields = _shorthand(token.value, skip)
        step_type = fields.get("Type", ("", 0))[0].upper()
        args = fields.get("Args")
        if args is None or step_type not in ("SPARK", "CUSTOM_JAR"):
            continue
        items = _list_items(token, args[1])
        if step_type == "CUSTOM_JAR":
            if not items or items[0].value.rsplit("/", 1)[-1] != "spark-submit":
                continue
            items = items[1:]
        name = fields.get("Name", ("", 0))[0] or "step"
        config = JobConfig(document.path, "job", "emr-step", platform="emr", platform_source="aws emr add-steps",
                           document=document, name=name, ref=positions.token(token))
        parsed = add_submit_tokens(config, positions, items, "Args of aws emr add-steps", flag_layer=STEP_FLAG,
                                   conf_layer=STEP_CONF)
        resource = parsed.primary_resource
        if resource is not None:
            config.is_python = resource.value.endswith(".py")
        config.launch = Launch("aws emr add-steps", positions.token(token), None, False, None, [])
        configs.append(config)
    return configs


def _shorthand(text: str, start: int) -> dict[str, tuple[str, int]]:
    """`Key=value,Key2=[a,b]` -> {key: (value, offset of the value in text)}; brackets keep their commas."""
    fields: dict[str, tuple[str, int]] = {}
    position = start
    n = len(text)
    while position < n:
        equals = text.find("=", position)
        if equals < 0:
            break
        key = text[position:equals].strip()
        value_start = equals + 1
        if text.startswith("[", value_start):
            close = text.find("]", value_start)
            value_end = n if close < 0 else close + 1
        else:
            comma = text.find(",", value_start)
            value_end = n if comma < 0 else comma
        fields[key] = (text[value_start:value_end], value_start)
        position = value_end + 1
    return fields


def _list_items(token: Token, start: int) -> List[Token]:
    """The items of `[a,b,c]` at `start` of a token's value, as tokens pointing into the file."""
    text = token.value
    close = text.find("]", start)
    end = len(text) if close < 0 else close
    items = []
    position = start + 1
    while position <= end:
        comma = text.find(",", position, end)
        stop = end if comma < 0 else comma
        value = text[position:stop]
        if value:
            offsets = [token.offset(index) for index in range(position, stop)]
            items.append(Token(value, offsets[0], offsets[-1] + 1, offsets, token.templated))
        position = stop + 1
    return items


def _start_job_run(document: Document, positions, words: List[Token], service: str) -> Optional[JobConfig]:
    from sparklint.dialects.command_line import Launch

    drivers = _option_values(words, "--job-driver")
    if not drivers:
        return None
    spans: dict = {}
    driver = _json_value(drivers[-1], positions, spans)
    if not isinstance(driver, Pairs):
        return None
    entries: List[tuple[str, Value]] = [("jobDriver", driver)]
    where = [_span(positions, drivers[-1])]  # each entry's span: the option's value in the script
    overrides = _option_values(words, "--configuration-overrides")
    if overrides:
        value = _json_value(overrides[-1], positions, spans)
        if isinstance(value, Pairs):
            entries.append(("configurationOverrides", value))
            where.append(_span(positions, overrides[-1]))
    # --release-label (EMR on EKS) says the EMR release, hence the Spark version.
    for option, key in (("--application-id", "applicationId"), ("--name", "name"), ("--release-label", "releaseLabel")):
        found = _option_values(words, option)
        if found and not found[-1][0].templated:
            token, skip = found[-1]
            entries.append((key, token.value[skip:]))
            where.append(_span(positions, found[-1]))
    root = Pairs(entries)
    spans[id(root)] = [(span, span) for span in where]
    body = Document(document.path, "json", root, document.text, spans=spans)
    configs = emr_serverless.recognise_job(body)
    if not configs:
        return None
    config = configs[0]
    config.launch = Launch(f"aws {service} start-job-run", positions.token(words[0]), None, False, None, [])
    return config


def _span(positions, found: tuple[Token, int]):
    """The span of an option's value (from offset `skip` of its token) in the script."""
    token, skip = found
    return positions.index.span(token.offset(skip), token.offset(max(skip, len(token.value) - 1)) + 1)


def _json_value(found: tuple[Token, int], positions, spans: dict) -> Value:
    """The JSON in a token's value (from offset `skip`), its entry spans added to `spans`; None if not JSON."""
    from sparklint.load.json_load import parse_json, scan_spans

    token, skip = found
    text = token.value[skip:]
    if not text.lstrip().startswith("{"):
        return None
    try:
        root = parse_json(text)
    except (LoadError, RecursionError):
        return None

    def make_span(start: int, end: int):
        return positions.index.span(token.offset(skip + start), token.offset(skip + max(start, end - 1)) + 1)

    spans.update(scan_spans(root, text, make_span))
    return root
