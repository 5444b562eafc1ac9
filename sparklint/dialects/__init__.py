"""Dialects: one per shape of Spark configuration. The first that claims a document wins, except in
Terraform, where each resource kind is read by its own dialect.

A dialect module is imported the first time a document of a syntax it can read is recognised: a
pre-commit run over one spark-defaults.conf imports the spark-defaults dialect, not the Airflow, shell
or compose readers (start-up is most of a one-file run)."""

from __future__ import annotations

import importlib
from typing import Callable, Optional

from sparklint.model import JobConfig
from sparklint.tree import Document

Recogniser = Callable[[Document], Optional[list[JobConfig]]]
ANY = None  # a dialect that looks at documents of every syntax

# Most specific shapes first; plain property maps last. (syntaxes it reads, "module.function").
DIALECTS: tuple[tuple[Optional[tuple[str, ...]], str], ...] = (
    (("python",), "airflow.recognise"),  # DAG operator calls
    (("python",), "session_builder.recognise"),  # SparkSession / SparkConf chains
    (("shell", "dockerfile", "makefile"), "shell_script.recognise"),
    (("properties",), "spark_defaults.recognise"),
    (("yaml",), "dag_factory.recognise"),
    (("json", "yaml"), "step_functions.recognise"),  # Step Functions state machines with EMR tasks  # dag-factory DAGs: tasks naming a Spark operator by import path
    (ANY, "terraform.recognise"),
    (ANY, "glue.recognise"),
    (ANY, "kubernetes.recognise"),
    (ANY, "emr_serverless.recognise_job"),
    (ANY, "emr_serverless.recognise_application"),
    (ANY, "emr_configurations.recognise"),
    (("json", "yaml"), "synapse.recognise"),  # Synapse notebooks, pipelines, Spark configurations; Fabric environments
    (("json",), "zeppelin.recognise"),  # Zeppelin interpreter.json / interpreter-setting.json
    (ANY, "livy.recognise"),
    (("json", "yaml"), "dataproc.recognise"),  # Dataproc clusters, jobs, workflow templates, Serverless batches
    (("json", "yaml"), "databricks.recognise"),  # Clusters / Jobs API, Asset Bundles, dbx deployment files
    (("yaml",), "embedded_defaults.recognise"),  # a spark-defaults.conf in a ConfigMap / Helm values block
    (("yaml",), "ci_steps.recognise"),  # GitHub Actions / GitLab CI / Azure Pipelines steps running Spark
    (ANY, "compose.recognise"),  # docker-compose Spark services, Kubernetes containers running spark-submit
    (ANY, "property_map.recognise"),
)

# A Terraform file holds resources of several kinds: each of these reads its own (an aws_glue_job beside
# an aws_emrserverless_application is checked too).
TERRAFORM = ("terraform.recognise", "glue.recognise", "databricks.recognise_terraform", "synapse_pool.recognise_terraform",
             "dataproc.recognise_terraform")

_LOADED: dict[str, Recogniser] = {}


def _dialect(name: str) -> Recogniser:
    found = _LOADED.get(name)
    if found is None:
        module, _, function = name.partition(".")
        found = _LOADED[name] = getattr(importlib.import_module(f"sparklint.dialects.{module}"), function)
    return found


def recognise(document: Document) -> list[JobConfig]:
    """The JobConfigs in a document; empty when no dialect claims it (the file is not a Spark config)."""
    if document.syntax == "hcl":
        return [config for name in TERRAFORM for config in _dialect(name)(document) or ()]
    for syntaxes, name in DIALECTS:
        if syntaxes is not None and document.syntax not in syntaxes:
            continue
        configs = _dialect(name)(document)
        if configs is not None:
            return configs
    return []
