"""Dialects: one per shape of Spark configuration. The first that claims a document wins, except in
Terraform, where each resource kind is read by its own dialect."""

from __future__ import annotations

from typing import Callable, Optional

from sparklint.dialects import (airflow, compose, emr_configurations, emr_serverless, glue, kubernetes, livy, property_map,
                                session_builder, shell_script, spark_defaults, terraform)
from sparklint.model import JobConfig
from sparklint.tree import Document

Recogniser = Callable[[Document], Optional[list[JobConfig]]]

# Most specific shapes first; plain property maps last.
DIALECTS: tuple[Recogniser, ...] = (
    airflow.recognise,  # Python documents only (DAG operator calls, SparkSession / SparkConf chains)
    session_builder.recognise,
    shell_script.recognise,  # shell scripts and Dockerfiles only
    spark_defaults.recognise,
    terraform.recognise,
    glue.recognise,
    kubernetes.recognise,
    emr_serverless.recognise_job,
    emr_serverless.recognise_application,
    emr_configurations.recognise,
    livy.recognise,
    compose.recognise,  # docker-compose Spark services, Kubernetes containers running spark-submit
    property_map.recognise,
)


# A Terraform file holds resources of several kinds: each of these reads its own (an aws_glue_job beside
# an aws_emrserverless_application is checked too).
TERRAFORM: tuple[Recogniser, ...] = (terraform.recognise, glue.recognise)


def recognise(document: Document) -> list[JobConfig]:
    """The JobConfigs in a document; empty when no dialect claims it (the file is not a Spark config)."""
    if document.syntax == "hcl":
        return [config for dialect in TERRAFORM for config in dialect(document) or ()]
    for dialect in DIALECTS:
        configs = dialect(document)
        if configs is not None:
            return configs
    return []
