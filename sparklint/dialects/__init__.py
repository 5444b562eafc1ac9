"""Dialects: one per shape of Spark configuration. The first that claims a document wins."""

from __future__ import annotations

from typing import Callable, Optional

from sparklint.dialects import (airflow, emr_configurations, emr_serverless, glue, kubernetes, livy, property_map,
                                session_builder, spark_defaults, terraform)
from sparklint.model import JobConfig
from sparklint.tree import Document

Recogniser = Callable[[Document], Optional[list[JobConfig]]]

# Most specific shapes first; plain property maps last.
DIALECTS: tuple[Recogniser, ...] = (
    airflow.recognise,  # Python documents only (DAG operator calls, SparkSession / SparkConf chains)
    session_builder.recognise,
    spark_defaults.recognise,
    terraform.recognise,
    glue.recognise,
    kubernetes.recognise,
    emr_serverless.recognise_job,
    emr_serverless.recognise_application,
    emr_configurations.recognise,
    livy.recognise,
    property_map.recognise,
)


def recognise(document: Document) -> list[JobConfig]:
    """The JobConfigs in a document; empty when no dialect claims it (the file is not a Spark config)."""
    for dialect in DIALECTS:
        configs = dialect(document)
        if configs is not None:
            return configs
    return []
