"""Terraform: `aws_emrserverless_application` resources.

The resource's blocks mirror CreateApplication in snake_case (hashicorp/terraform-provider-aws
`website/docs/r/emrserverless_application.html.markdown`; shared/reference/platforms.md §1.12):
`maximum_capacity { cpu, memory, disk }`, repeated `initial_capacity { initial_capacity_type,
initial_capacity_config { worker_count, worker_configuration { cpu, memory, disk } } }` and repeated
`runtime_configuration { classification, properties }`. An application found here gives its
maximumCapacity and runtimeConfiguration to the EMR Serverless jobs linted with it, as a
CreateApplication body does. Values Terraform computes (`var.x`, `"${local.y}GB"`) are unknown here: a
cap written that way is no cap.
"""

from __future__ import annotations

from typing import Iterator, Optional

from sparklint.dialects.classifications import add_spark_defaults
from sparklint.dialects.emr_serverless import RUNTIME_CONFIGURATION, capacity_field
from sparklint.knowledge import emr_serverless
from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig, WorkerConfig
from sparklint.tree import Document, Pairs, Ref

RESOURCE = "aws_emrserverless_application"


def recognise(document: Document) -> Optional[list[JobConfig]]:
    if document.syntax != "hcl" or not isinstance(document.root, Pairs):
        return None
    found = [_application(document, name, body) for name, body in resources(document, RESOURCE)]
    return found or None


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
    runtime = [value for key, value in zip(body.keys, body.values)
               if key == "runtime_configuration" and isinstance(value, Pairs)]
    add_spark_defaults(config, document, runtime, RUNTIME_CONFIGURATION, f"{prefix}runtime_configuration")
    return config


def _initial_capacity(block: Pairs, ref: Ref) -> Optional[WorkerConfig]:
    worker_type = block.get("initial_capacity_type")
    settings = block.get("initial_capacity_config")
    if not isinstance(worker_type, str) or not isinstance(settings, Pairs):
        return None
    count = settings.get("worker_count")
    worker = settings.get("worker_configuration")
    return WorkerConfig(worker_type.upper(), count if isinstance(count, int) and not isinstance(count, bool) else 0,
                        capacity_field(worker, "cpu", emr_serverless.parse_cpu),
                        capacity_field(worker, "memory", emr_serverless.parse_memory),
                        capacity_field(worker, "disk", emr_serverless.parse_disk), ref)
