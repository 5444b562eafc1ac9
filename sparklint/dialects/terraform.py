"""Terraform: `aws_emrserverless_application` and `aws_emr_cluster` resources.

The resource's blocks mirror CreateApplication in snake_case (hashicorp/terraform-provider-aws
`website/docs/r/emrserverless_application.html.markdown`; shared/reference/platforms.md §1.12):
`maximum_capacity { cpu, memory, disk }`, repeated `initial_capacity { initial_capacity_type,
initial_capacity_config { worker_count, worker_configuration { cpu, memory, disk } } }` and repeated
`runtime_configuration { classification, properties }`. An application found here gives its
maximumCapacity and runtimeConfiguration to the EMR Serverless jobs linted with it, as a
CreateApplication body does. Values Terraform computes (`var.x`, `"${local.y}GB"`) are unknown here: a
cap written that way is no cap.

`aws_emr_cluster` (same provider, `website/docs/r/emr_cluster.html.markdown`): `configurations_json`
holds the EMR `Configurations` list (read as by the EMR dialect, platform emr), and `step` blocks with
`hadoop_jar_step { args = ["spark-submit", ...] }` are spark-submit jobs run with those settings.

`aws_sfn_state_machine`: a Step Functions `definition` running EMR tasks (dialects/step_functions.py).
"""

from __future__ import annotations

from typing import Iterator, Optional

from sparklint.dialects.classifications import add_spark_defaults, is_classification_list
from sparklint.dialects.common import mentions_any
from sparklint.dialects.emr_configurations import SparkStep, cluster
from sparklint.dialects.emr_serverless import RUNTIME_CONFIGURATION, worker_config
from sparklint.dialects import step_functions
from sparklint.knowledge import emr_serverless
from sparklint.knowledge.values import is_templated
from sparklint.knowledge.versions import declared
from sparklint.model import DeclaredVersion, JobConfig, WorkerConfig
from sparklint.span import LineIndex, Span
from sparklint.tree import Document, LoadError, Pairs, Ref

RESOURCE = "aws_emrserverless_application"


def recognise(document: Document) -> Optional[list[JobConfig]]:
    if document.syntax != "hcl" or not isinstance(document.root, Pairs):
        return None
    found = [_application(document, name, body) for name, body in resources(document, RESOURCE)]
    for name, body in resources(document, "aws_emr_cluster"):
        found.extend(_emr_cluster(document, name, body))
    if mentions_any(document.text, ("aws_sfn_state_machine",)):
        for name, body in resources(document, "aws_sfn_state_machine"):
            found.extend(_state_machine(document, name, body))
    return found or None


def _state_machine(document: Document, name: str, body: Pairs) -> list[JobConfig]:
    """`aws_sfn_state_machine` (hashicorp/terraform-provider-aws `website/docs/r/sfn_state_machine.html.markdown`):
    `definition` is the Amazon States Language JSON, a heredoc, a string or `jsonencode({...})`; its EMR
    tasks are read by the Step Functions dialect. A definition naming no EMR integration is not parsed."""
    index = body.positions.get("definition", -1)
    if index < 0:
        return []
    definition: object = body.values[index]
    source = document
    if isinstance(definition, str):
        if not any(word in definition for word in step_functions.EMR_INTEGRATIONS):
            return []
        source, definition = embedded_json(document, body, index, definition)
    return step_functions.definition(source, definition, f"aws_sfn_state_machine.{name}.definition.")


def _emr_cluster(document: Document, name: str, body: Pairs) -> list[JobConfig]:
    """An EMR on EC2 cluster: `configurations_json` (a JSON string, a heredoc, or `jsonencode([...])`) and
    its `step` blocks running spark-submit through command-runner.jar."""
    prefix = f"aws_emr_cluster.{name}."
    index = body.positions.get("configurations_json", -1)
    entries: object = body.values[index] if index >= 0 else None
    source = document
    if isinstance(entries, str):
        # Interpolations inside JSON strings ("s3://${var.bucket}/logs") leave valid JSON: only a text
        # that is not JSON until Terraform renders it is skipped (embedded_json).
        source, entries = embedded_json(document, body, index, entries)
    steps = []
    for position, (key, step) in enumerate(zip(body.keys, body.values)):
        if key != "step" or not isinstance(step, Pairs):
            continue
        jar_step = step.get("hadoop_jar_step")
        args = jar_step.get("args") if isinstance(jar_step, Pairs) else None
        step_name = step.get("name")
        steps.append(SparkStep(step_name if isinstance(step_name, str) else f"step {len(steps) + 1}", args,
                               Ref(document, body, position, on_key=True), f"{prefix}step.hadoop_jar_step.args"))
    if not is_classification_list(entries) and not steps:
        return []
    configs = cluster(source, entries, f"{prefix}configurations_json", steps)
    if not is_classification_list(entries):
        configs = configs[1:]  # only steps: no cluster settings to report on
    release = _release_label(document, body, prefix)
    for config in configs:
        config.declared_version = release
    return configs


def _release_label(document: Document, body: Pairs, prefix: str) -> Optional[DeclaredVersion]:
    index = body.positions.get("release_label", -1)
    if index < 0:
        return None
    return declared(body.values[index], f"{prefix}release_label", Ref(document, body, index), document.path, "emr")


def embedded_json(document: Document, body: Pairs, index: int, text: str) -> tuple[Document, object]:
    """A JSON string inside the .tf file, as a document whose positions are those of the .tf file: line
    for line in a heredoc (`<<-` heredocs lose their indentation: it is added back), else the whole
    attribute value for every entry."""
    from sparklint.load.json_load import parse_json, scan_spans  # only for clusters with a JSON string

    try:
        root = parse_json(text)
    except LoadError:
        return document, None  # Terraform renders templates first; a string that is not JSON yet is skipped
    whole = document.span_of(body, index) or Span(1, 1, 1, 1)
    lines = document.text.split("\n")
    opening = lines[whole.line - 1][whole.column - 1:] if whole.line <= len(lines) else ""
    if opening.startswith("<<"):
        first_line = whole.line + 1
        cut = 0
        if opening.startswith("<<-"):  # the indentation the heredoc stripped: its first line, before and after
            written = next((line for line in text.split("\n") if line.strip()), "")
            raw = next((line for line in lines[first_line - 1:whole.end_line] if line.strip()), written)
            cut = max(0, len(raw) - len(written))
        index_of = LineIndex(text)

        def make_span(start: int, end: int) -> Span:
            span = index_of.span(start, end)
            return Span(span.line + first_line - 1, span.column + cut, span.end_line + first_line - 1,
                        span.end_column + cut)
    else:
        def make_span(start: int, end: int) -> Span:
            return whole

    embedded = Document(document.path, document.syntax, root, document.text,
                        spans=scan_spans(root, text, make_span))
    return embedded, root


def modules(document: Document) -> Iterator[tuple[str, Pairs]]:
    """(module name, body) of each `module "name" {}` block (its arguments are the module's inputs)."""
    root = document.root
    assert isinstance(root, Pairs)
    for key, by_name in zip(root.keys, root.values):
        if key == "module" and isinstance(by_name, Pairs):
            for name, body in zip(by_name.keys, by_name.values):
                if isinstance(body, Pairs):
                    yield name, body


def resources(document: Document, kind: str) -> Iterator[tuple[str, Pairs]]:
    """(resource name, body) of each `resource "kind" "name" {}` block."""
    root = document.root
    assert isinstance(root, Pairs)
    for key, by_type in zip(root.keys, root.values):
        if key != "resource" or not isinstance(by_type, Pairs):
            continue
        for resource_type, by_name in zip(by_type.keys, by_type.values):
            if resource_type != kind or not isinstance(by_name, Pairs):
                continue
            for name, body in zip(by_name.keys, by_name.values):
                if isinstance(body, Pairs):
                    yield name, body


def _application(document: Document, resource_name: str, body: Pairs) -> JobConfig:
    name = body.get("name")
    prefix = f"{RESOURCE}.{resource_name}."
    config = JobConfig(document.path, "application", "terraform-emr-serverless-application",
                       platform="emr-serverless", platform_source=RESOURCE, document=document,
                       name=name if isinstance(name, str) and not is_templated(name) else resource_name,
                       # Application findings point at the body's first attribute (its `type` is read
                       # from there too: emr_serverless.application_type).
                       ref=Ref(document, body, 0, on_key=True))
    for index, (key, value) in enumerate(zip(body.keys, body.values)):
        if key == "maximum_capacity" and isinstance(value, Pairs):
            config.capacity = emr_serverless.capacity(value.get, document.path, f"{prefix}maximum_capacity",
                                                      Ref(document, body, index, on_key=True))
        elif key == "initial_capacity" and isinstance(value, Pairs):
            worker = _initial_capacity(value, Ref(document, body, index, on_key=True))
            if worker is not None:
                config.initial_capacity.append(worker)
    config.declared_version = _release_label(document, body, prefix)
    runtime = [value for key, value in zip(body.keys, body.values)
               if key == "runtime_configuration" and isinstance(value, Pairs)]
    add_spark_defaults(config, document, runtime, RUNTIME_CONFIGURATION, f"{prefix}runtime_configuration")
    return config


def _initial_capacity(block: Pairs, ref: Ref) -> Optional[WorkerConfig]:
    worker_type = block.get("initial_capacity_type")
    settings = block.get("initial_capacity_config")
    if not isinstance(worker_type, str) or not isinstance(settings, Pairs):
        return None
    return worker_config(worker_type, settings.get("worker_count"), settings.get("worker_configuration"), ref)
