"""Google Dataproc: clusters, jobs, workflow templates and Serverless batches, wherever they are written.

Shapes (the REST resources in camelCase, the Python client and Terraform in snake_case; both are read):
- a Cluster (`clusters.create` body, `gcloud dataproc clusters export` YAML): `config.softwareConfig.properties`,
  where only `spark:`-prefixed properties become Spark settings (Dataproc writes them to spark-defaults.conf;
  `spark-env:`, `yarn:`, `dataproc:`, `core:` ... configure other files: knowledge/dataproc.py), and
  `config.softwareConfig.imageVersion` (the image -> its Spark version, knowledge/versions.py);
- a Job (`jobs.submit` body `{"job": ...}` or the Job itself): `sparkJob` / `pysparkJob` / `sparkSqlJob` /
  `sparkRJob` `.properties`, given to the job at submission, so they beat the cluster's spark-defaults.conf;
- a WorkflowTemplate (`gcloud dataproc workflow-templates export`): `placement.managedCluster.config` is the
  cluster its `jobs[]` run on: one JobConfig per Spark job, with the cluster's properties under its own;
- a Serverless Batch (`batches.create` body, Python client dict): `runtimeConfig.properties` and
  `runtimeConfig.version` (the runtime -> its Spark version);
- Terraform (`recognise_terraform`): `google_dataproc_cluster` (`cluster_config.software_config.
  override_properties`, `image_version`), `google_dataproc_workflow_template`, `google_dataproc_job`
  (`pyspark_config` / `spark_config` / `sparksql_config`), `google_dataproc_batch` (`runtime_config`), and
  `google_bigquery_routine` `spark_options` (a BigQuery stored procedure for Spark, which runs on
  Dataproc Serverless: `properties`, `runtime_version`).
References: cloud.google.com/dataproc/docs/reference/rest (Cluster, Job, WorkflowTemplate),
cloud.google.com/dataproc-serverless/docs/reference/rest (Batch); hashicorp/terraform-provider-google
`website/docs/r/dataproc_cluster.html.markdown`, `dataproc_workflow_template`, `dataproc_job`, `dataproc_batch`,
`bigquery_routine` (spark_options).
Cluster jobs run on YARN: platform "dataproc"; batches and BigQuery procedures: "dataproc-serverless".
"""

from __future__ import annotations

import re
from typing import Optional

from sparklint.dialects.common import add_map, mentions_any, spark_string
from sparklint.knowledge.dataproc import spark_key
from sparklint.knowledge.versions import declared
from sparklint.model import RANK_CONF, RANK_DEFAULTS, JobConfig, Layer, Setting
from sparklint.tree import Document, Pairs, Ref, Value

CLUSTER_PROPERTIES = Layer("dataproc-cluster-properties", RANK_DEFAULTS,
                           "Dataproc cluster property (spark: prefix, written to spark-defaults.conf)")
PROPERTIES = Layer("dataproc-properties", RANK_CONF, "Dataproc job or batch properties")

JOB_TYPES = ("sparkJob", "pysparkJob", "sparkSqlJob", "sparkRJob")
BATCH_TYPES = ("sparkBatch", "pysparkBatch", "sparkSqlBatch", "sparkRBatch")
_MARKERS = ("oftware", "untime", "park_job", "parkJob", "parkBatch", "park_batch", "sparkSql", "spark_sql")
_UPPER = re.compile(r"(?<=[a-z0-9])([A-Z])")


def snake(name: str) -> str:
    """`softwareConfig` -> `software_config`, `pysparkJob` -> `pyspark_job`, `sparkRJob` -> `spark_r_job`."""
    return _UPPER.sub(r"_\1", name).lower()


def field(pairs: Value, name: str) -> tuple[int, Value, str]:
    """(index, value, spelling) of the camelCase field `name` or its snake_case spelling; (-1, None, name)."""
    if isinstance(pairs, Pairs):
        for spelling in (name, snake(name)):
            index = pairs.positions.get(spelling, -1)
            if index >= 0:
                return index, pairs.values[index], spelling
    return -1, None, name


def _map(pairs: Value, name: str) -> tuple[Optional[Pairs], str]:
    _, value, spelling = field(pairs, name)
    return (value, spelling) if isinstance(value, Pairs) else (None, spelling)


def recognise(document: Document) -> Optional[list[JobConfig]]:
    """Cluster, Job, WorkflowTemplate and Batch bodies (JSON or YAML)."""
    root = document.root
    if not isinstance(root, Pairs) or document.syntax not in ("json", "yaml"):
        return None
    if not mentions_any(document.text, _MARKERS):
        return None
    return read(document, root, "")


def read(document: Document, root: Pairs, prefix: str, name: str = "") -> Optional[list[JobConfig]]:
    """The JobConfigs of one Dataproc resource body; None when `root` is none of the shapes."""
    job, job_field = _map(root, "job")
    if job is not None and job_type(job) is not None:
        return [job_config(document, job, f"{prefix}{job_field}.", name)]
    if job_type(root) is not None:
        return [job_config(document, root, prefix, name)]
    if _is_batch(root):
        return [batch_config(document, root, prefix, name)]
    placement, _ = _map(root, "placement")
    if placement is not None and _items(root, "jobs"):
        return workflow_template(document, root, prefix, name or _name(root, "id", "name"))
    config, config_field = _map(root, "config")
    if config is not None and _is_cluster_config(config):
        return [cluster_config(document, config, f"{prefix}{config_field}.", name or _name(root, "clusterName"))]
    if _is_cluster_config(root) and field(root, "softwareConfig")[0] >= 0:
        return [cluster_config(document, root, prefix, name)]
    return None


def _name(body: Pairs, *names: str) -> str:
    for name in names:
        value = field(body, name)[1]
        if isinstance(value, str) and value and "${" not in value and "{{" not in value:
            return value
    return ""


def job_type(body: Pairs) -> Optional[str]:
    for kind in JOB_TYPES:
        if isinstance(field(body, kind)[1], Pairs):
            return kind
    return None


def _is_batch(body: Pairs) -> bool:
    return isinstance(field(body, "runtimeConfig")[1], Pairs) and (
        any(isinstance(field(body, kind)[1], Pairs) for kind in BATCH_TYPES)
        or isinstance(field(body, "environmentConfig")[1], Pairs))


def _is_cluster_config(body: Pairs) -> bool:
    return any(field(body, name)[0] >= 0 for name in ("softwareConfig", "masterConfig", "workerConfig",
                                                       "gceClusterConfig"))


def _new(document: Document, body: Pairs, kind: str, dialect: str, platform: str, source: str,
         name: str) -> JobConfig:
    return JobConfig(document.path, kind, dialect, platform=platform, platform_source=source, document=document,
                     name=name, ref=Ref(document, body, 0, on_key=True) if len(body) else None)


def add_cluster_properties(config: JobConfig, document: Document, cluster: Pairs, prefix: str) -> None:
    """The `spark:` properties and the image version of a ClusterConfig, added to `config`."""
    software, software_field = _map(cluster, "softwareConfig")
    if software is None:
        return
    where = f"{prefix}{software_field}."
    for name in ("properties", "overrideProperties"):
        properties, properties_field = _map(software, name)
        if properties is None:
            continue
        for index, key, value in properties.entries():
            spark = spark_key(key)
            text = spark_string(value)
            if spark and text is not None:
                config.add(Setting(spark, text, CLUSTER_PROPERTIES, Ref(document, properties, index),
                                   field=f"{where}{properties_field}", raw_key=key))
    index, version, version_field = field(software, "imageVersion")
    if index >= 0 and config.declared_version is None:
        config.declared_version = declared(version, where + version_field, Ref(document, software, index),
                                           document.path, "dataproc-image")


def cluster_config(document: Document, cluster: Pairs, prefix: str, name: str) -> JobConfig:
    config = _new(document, cluster, "defaults", "dataproc-cluster", "dataproc", "Dataproc cluster", name)
    add_cluster_properties(config, document, cluster, prefix)
    return config


def job_config(document: Document, job: Pairs, prefix: str, name: str, dialect: str = "dataproc-job",
               cluster: Optional[tuple[Pairs, str]] = None) -> JobConfig:
    """A Job (or a workflow template's job, with the managed `cluster` it runs on)."""
    kind = job_type(job) or "sparkJob"
    config = _new(document, job, "job", dialect, "dataproc", "Dataproc job", name or _name(job, "stepId"))
    if cluster is not None:
        add_cluster_properties(config, document, *cluster)
    _, spec, spec_field = field(job, kind)
    properties, properties_field = _map(spec, "properties")
    if properties is not None:
        add_map(config, document, properties, PROPERTIES, f"{prefix}{spec_field}.{properties_field}")
    config.is_python = kind == "pysparkJob"
    return config


def batch_config(document: Document, batch: Pairs, prefix: str, name: str, dialect: str = "dataproc-batch",
                 runtime_name: str = "runtimeConfig", version_name: str = "version") -> JobConfig:
    """A Serverless Batch (or a BigQuery procedure's spark_options: `runtime_name` "", `version_name`
    "runtimeVersion"): its properties and runtime version."""
    config = _new(document, batch, "job", dialect, "dataproc-serverless", "Dataproc Serverless batch", name)
    runtime, runtime_field = _map(batch, runtime_name) if runtime_name else (batch, "")
    where = f"{prefix}{runtime_field}." if runtime_name else prefix
    properties, properties_field = _map(runtime, "properties")
    if properties is not None:
        add_map(config, document, properties, PROPERTIES, where + properties_field)
    index, version, version_field = field(runtime, version_name)
    if index >= 0 and isinstance(runtime, Pairs):
        config.declared_version = declared(version, where + version_field, Ref(document, runtime, index),
                                           document.path, "dataproc-serverless")
    config.is_python = isinstance(field(batch, "pysparkBatch")[1], Pairs) or None
    return config


def workflow_template(document: Document, template: Pairs, prefix: str, name: str) -> list[JobConfig]:
    """One JobConfig per Spark job of the template, on its managed cluster (when it defines one)."""
    placement, placement_field = _map(template, "placement")
    managed, managed_field = _map(placement, "managedCluster")
    cluster, cluster_field = _map(managed, "config")
    cluster_ref = (cluster, f"{prefix}{placement_field}.{managed_field}.{cluster_field}.") if cluster else None
    configs = []
    for job, job_field in _items(template, "jobs"):
        if job_type(job) is not None:
            step = _name(job, "stepId")
            label = f"{name} [{step}]" if name and step else name or step
            configs.append(job_config(document, job, f"{prefix}{job_field}.", label, "dataproc-workflow-template",
                                      cluster_ref))
    if not configs and cluster_ref is not None:
        config = cluster_config(document, cluster_ref[0], cluster_ref[1], name)
        config.dialect = "dataproc-workflow-template"
        configs.append(config)
    return configs


def _items(body: Pairs, name: str) -> list[tuple[Pairs, str]]:
    """(item, field) of the list `name` (JSON/YAML), or of the repeated `name {}` blocks (Terraform)."""
    found = []
    for key, value in zip(body.keys, body.values):
        if key != name:
            continue
        if isinstance(value, list):
            found.extend((item, f"{name}[{position}]") for position, item in enumerate(value)
                         if isinstance(item, Pairs))
        elif isinstance(value, Pairs):
            found.append((value, name))
    return found


# Terraform ---------------------------------------------------------------------------------------

_TF_JOB_TYPES = {"pyspark_config": "pysparkJob", "spark_config": "sparkJob", "sparksql_config": "sparkSqlJob"}


def recognise_terraform(document: Document) -> Optional[list[JobConfig]]:
    if document.syntax != "hcl" or not isinstance(document.root, Pairs) or (
            "google_dataproc_" not in document.text and "spark_options" not in document.text):
        return None
    from sparklint.dialects.terraform import resources

    configs: list[JobConfig] = []
    for resource, body in resources(document, "google_dataproc_cluster"):
        cluster, cluster_field = _map(body, "clusterConfig")
        if cluster is not None:
            configs.append(cluster_config(document, cluster, f"google_dataproc_cluster.{resource}.{cluster_field}.",
                                          _name(body, "name") or resource))
    for resource, body in resources(document, "google_dataproc_workflow_template"):
        configs.extend(workflow_template(document, body, f"google_dataproc_workflow_template.{resource}.",
                                         _name(body, "name") or resource))
    for resource, body in resources(document, "google_dataproc_job"):
        configs.extend(_terraform_job(document, body, f"google_dataproc_job.{resource}.", resource))
    for resource, body in resources(document, "google_dataproc_batch"):
        configs.append(batch_config(document, body, f"google_dataproc_batch.{resource}.",
                                    _name(body, "batchId") or resource, "terraform-dataproc-batch"))
    for resource, body in resources(document, "google_bigquery_routine"):
        options, options_field = _map(body, "sparkOptions")
        if options is not None:
            config = batch_config(document, options, f"google_bigquery_routine.{resource}.{options_field}.",
                                  _name(body, "routineId") or resource, "bigquery-spark-procedure", "",
                                  "runtimeVersion")
            config.platform_source = "BigQuery stored procedure for Spark (runs on Dataproc Serverless)"
            config.is_python = (_name(body, "language") or "").upper() == "PYTHON" or None
            configs.append(config)
    for config in configs:
        config.dialect = config.dialect if config.dialect.startswith(("terraform-", "bigquery")) else \
            "terraform-" + config.dialect
    return configs or None


def _terraform_job(document: Document, body: Pairs, prefix: str, resource: str) -> list[JobConfig]:
    for block, kind in _TF_JOB_TYPES.items():
        spec = body.get(block)
        if isinstance(spec, Pairs):
            config = _new(document, body, "job", "dataproc-job", "dataproc", "Dataproc job", resource)
            properties = spec.get("properties")
            if isinstance(properties, Pairs):
                add_map(config, document, properties, PROPERTIES, f"{prefix}{block}.properties")
            config.is_python = kind == "pysparkJob"
            return [config]
    return []

