"""EMR Serverless: StartJobRun bodies (and `--cli-input-json` / `--job-driver` files), EMR on EKS
job runs, and applications (CreateApplication bodies, CloudFormation `AWS::EMRServerless::Application`).

Precedence for a job (jobs-spark.html, shared/reference/platforms.md §1.6): `sparkSubmitParameters`
beats `configurationOverrides.applicationConfiguration` spark-defaults, which beats the application's
`runtimeConfiguration`, which beats the EMR Serverless defaults.
"""

from __future__ import annotations

from typing import Optional

from sparklint.dialects.classifications import add_spark_defaults
from sparklint.dialects.common import add_submit_string, lookup
from sparklint.knowledge import emr_serverless
from sparklint.knowledge.versions import declared
from sparklint.model import (RANK_APPLICATION, RANK_CONF, RANK_DEFAULTS, RANK_TYPED, DeclaredVersion, JobConfig,
                             Layer, WorkerConfig)
from sparklint.tree import Document, Pairs, Ref

SUBMIT_FLAG = Layer("sparkSubmitParameters-option", RANK_TYPED, "option in sparkSubmitParameters")
SUBMIT_CONF = Layer("sparkSubmitParameters", RANK_CONF, "--conf in sparkSubmitParameters")
APPLICATION_CONFIGURATION = Layer("applicationConfiguration", RANK_DEFAULTS,
                                  "configurationOverrides.applicationConfiguration")
RUNTIME_CONFIGURATION = Layer("runtimeConfiguration", RANK_APPLICATION, "application runtimeConfiguration")


def recognise_job(document: Document) -> Optional[list[JobConfig]]:
    root = document.root
    if not isinstance(root, Pairs):
        return None
    _, driver = lookup(root, "jobDriver")
    submit_index, submit = lookup(driver, "sparkSubmit")
    platform, dialect, prefix = "emr-serverless", "emr-serverless-job", "jobDriver.sparkSubmit"
    if submit_index < 0:
        submit_index, submit = lookup(driver, "sparkSubmitJobDriver")
        platform, dialect, prefix = "kubernetes", "emr-on-eks-job", "jobDriver.sparkSubmitJobDriver"
    if submit_index < 0:
        # A bare `--job-driver` body: {"sparkSubmit": {"entryPoint": ...}}.
        submit_index, submit = lookup(root, "sparkSubmit")
        platform, dialect, prefix = "emr-serverless", "emr-serverless-job", "sparkSubmit"
    if not isinstance(submit, Pairs) or lookup(submit, "entryPoint")[0] < 0:
        return None
    _, name = lookup(root, "name")
    _, application_id = lookup(root, "applicationId")
    config = JobConfig(document.path, "job", dialect, platform=platform, platform_source="StartJobRun",
                       document=document, name=name if isinstance(name, str) else "",
                       application_id=application_id if isinstance(application_id, str) else "",
                       ref=Ref(document, submit, lookup(submit, "entryPoint")[0], on_key=True))
    config.declared_version = _release_label(document, root)
    _, entry_point = lookup(submit, "entryPoint")
    config.is_python = isinstance(entry_point, str) and entry_point.endswith(".py")
    parameters_index, parameters = lookup(submit, "sparkSubmitParameters")
    if isinstance(parameters, str):
        add_submit_string(config, document, submit, parameters_index, parameters, SUBMIT_FLAG, SUBMIT_CONF,
                          f"{prefix}.sparkSubmitParameters")
    _, overrides = lookup(root, "configurationOverrides")
    _, application_configuration = lookup(overrides, "applicationConfiguration")
    add_spark_defaults(config, document, application_configuration, APPLICATION_CONFIGURATION,
                       "configurationOverrides.applicationConfiguration")
    return [config]


def recognise_application(document: Document) -> Optional[list[JobConfig]]:
    root = document.root
    if not isinstance(root, Pairs):
        return None
    _, resources = lookup(root, "Resources")
    if isinstance(resources, Pairs):
        found = [_application(document, properties, str(logical_id), f"Resources.{logical_id}.Properties.")
                 for logical_id, resource in resources.items()
                 if isinstance(resource, Pairs) and resource.get("Type") == "AWS::EMRServerless::Application"
                 and isinstance(properties := resource.get("Properties"), Pairs)]
        return found or None
    has_release = lookup(root, "releaseLabel")[0] >= 0
    has_capacity = lookup(root, "maximumCapacity")[0] >= 0 or lookup(root, "initialCapacity")[0] >= 0
    has_type = lookup(root, "type")[0] >= 0
    # maximumCapacity is optional in CreateApplication: a release, a type or a runtimeConfiguration and no
    # jobDriver (an EMR on EKS StartJobRun has a releaseLabel too) also make an application.
    bare = (has_release and (has_type or lookup(root, "runtimeConfiguration")[0] >= 0)
            and lookup(root, "jobDriver")[0] < 0)
    if (has_capacity and (has_release or has_type or len(root) <= 2)) or bare:
        _, name = lookup(root, "name")
        return [_application(document, root, name if isinstance(name, str) else "", "")]
    return None


def _application(document: Document, properties: Pairs, name: str, prefix: str) -> JobConfig:
    config = JobConfig(document.path, "application", "emr-serverless-application", platform="emr-serverless",
                       platform_source="CreateApplication", document=document, name=name,
                       ref=Ref(document, properties, 0, on_key=True))
    index, maximum = lookup(properties, "maximumCapacity")
    if isinstance(maximum, Pairs):
        config.capacity = emr_serverless.capacity(lambda name: lookup(maximum, name)[1], document.path,
                                                  f"{prefix}maximumCapacity",
                                                  Ref(document, properties, index, on_key=True))
    config.declared_version = _release_label(document, properties, prefix)
    _, initial = lookup(properties, "initialCapacity")
    config.initial_capacity = list(_initial_capacity(document, initial))
    _, runtime = lookup(properties, "runtimeConfiguration")
    add_spark_defaults(config, document, runtime, RUNTIME_CONFIGURATION, f"{prefix}runtimeConfiguration")
    return config


def _release_label(document: Document, body: Pairs, prefix: str = "") -> Optional[DeclaredVersion]:
    """`releaseLabel` (API, EMR on EKS) / `ReleaseLabel` (CloudFormation): the EMR release it runs."""
    index, label = lookup(body, "releaseLabel")
    if index < 0:
        return None
    return declared(label, f"{prefix}{body.keys[index]}", Ref(document, body, index), document.path, "emr")


def _initial_capacity(document: Document, initial: object):
    """initialCapacity as a map (API: {"DRIVER": {...}}) or a list (CloudFormation: [{Key, Value}])."""
    if isinstance(initial, Pairs):
        items = [(key, value, Ref(document, initial, index, on_key=True)) for index, key, value in initial.entries()]
    elif isinstance(initial, list):
        items = [(item.get("Key"), item.get("Value"), Ref(document, initial, index))
                 for index, item in enumerate(initial) if isinstance(item, Pairs)]
    else:
        return
    for worker_type, value, ref in items:
        if not isinstance(value, Pairs):
            continue
        yield worker_config(str(worker_type), lookup(value, "workerCount")[1],
                            lookup(value, "workerConfiguration")[1], ref)


def worker_config(worker_type: str, count: object, sizes: object, ref: Ref) -> WorkerConfig:
    """One initialCapacity entry from its type, `workerCount` and `workerConfiguration` {cpu, memory,
    disk} in the API's string formats (a size that is absent or invalid is None)."""
    size = emr_serverless.capacity(lambda name: lookup(sizes, name)[1], "", "")  # same fields, same formats
    return WorkerConfig(worker_type.upper(), count if isinstance(count, int) and not isinstance(count, bool) else 0,
                        size.cpu, size.memory, size.disk, ref)
