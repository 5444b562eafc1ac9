"""What Databricks decides about a cluster's Spark settings, with the page each fact was read from.

A Databricks cluster spec (Clusters API `clusters/create`, a Jobs API `new_cluster`, an Asset Bundle's
`job_clusters[].new_cluster`, dbx's deployment file, Terraform `databricks_cluster` / `databricks_job`)
writes Spark properties in `spark_conf`, environment variables in `spark_env_vars`, the runtime in
`spark_version` (its Spark version: sparklint/knowledge/versions.py) and the size in `num_workers` or
`autoscale { min_workers, max_workers }`.

Facts used by the rules (read in December 2026):
- EXECUTORS_PER_WORKER: "A cluster has one Spark Driver and num_workers Executors for a total of
  num_workers + 1 Spark nodes" (Clusters API reference, `num_workers`; the same sentence in the
  Databricks SDKs' generated docs, e.g. databricks.github.io/sdk-js ResizeClusterRequest). So the
  executor count is the worker count (or the autoscale range), not a Spark property.
- SUBMIT_MANAGED: a Spark Submit task "cannot override the master, deploy-mode, and executor-cores
  settings configured by Databricks" (https://docs.databricks.com/en/jobs/spark-submit.html; the sentence
  was read on the Japanese page docs.databricks.com/ja/jobs/spark-submit.html and the Azure China page
  docs.azure.cn/zh-cn/databricks/jobs/tasks/spark-submit-legacy, whose English versions in the corpus
  were cut before it). What Databricks does with such an option (ignore it or fail the run) is not
  said: the rule is a warning.
- SUBMIT_NO_AUTOSCALE: "Spark-submit does not support cluster autoscaling" (same page, Limitations).
- `spark.databricks.*` keys are the runtime's own (sparklint/knowledge/catalog.py OPEN_NAMESPACES).
- A single-node cluster is written as `num_workers: 0` with `spark.master: local[*, 4]` and
  `spark.databricks.cluster.profile: singleNode` (what the UI writes; shared/corpus2/046 and the
  Terraform provider's single-node example): Spark runs locally in the driver, no executors.
"""

from __future__ import annotations

from typing import Optional

from sparklint.knowledge.units import literal_count as worker_count  # the dialect uses it
from sparklint.records import Record
from sparklint.tree import Ref

# The dialects that read Databricks cluster specs (sparklint/dialects/databricks.py).
DIALECTS = ("databricks-cluster", "databricks-job", "databricks-bundle", "dbx-deployment",
            "terraform-databricks-cluster", "terraform-databricks-job")
# Layer names of a Spark Submit task's options and `--conf` (the dialect's SUBMIT_FLAG / SUBMIT_CONF).
SUBMIT_LAYERS = ("spark-submit-task-option", "spark-submit-task-conf")
CLUSTERS_API = "Databricks Clusters API, num_workers"
EXECUTORS_PER_WORKER = ("a Databricks cluster has one Spark driver and num_workers executors "
                        f"({CLUSTERS_API})")
SPARK_SUBMIT_PAGE = "docs.databricks.com/en/jobs/spark-submit.html"
# Options of a Spark Submit task Databricks configures itself -> the Spark key each sets.
SUBMIT_MANAGED = {"--master": "spark.master", "--deploy-mode": "spark.submit.deployMode",
                  "--executor-cores": "spark.executor.cores"}
SUBMIT_MANAGED_FACT = ("a Spark Submit task cannot override the master, deploy-mode and executor-cores "
                       f"settings configured by Databricks ({SPARK_SUBMIT_PAGE})")
SUBMIT_NO_AUTOSCALE_FACT = f"Spark-submit does not support cluster autoscaling ({SPARK_SUBMIT_PAGE}, Limitations)"


class ClusterSize(Record):
    """A Databricks cluster's size as written: a fixed `num_workers`, or an `autoscale` range."""

    num_workers: Optional[int]  # None when not written or not a literal number
    min_workers: Optional[int]
    max_workers: Optional[int]
    autoscale: bool  # an `autoscale` block is written
    field: str  # "new_cluster.num_workers", "autoscale"
    ref: Optional[Ref]
    path: str = ""

    def describe(self) -> str:
        """`job.json:12 (new_cluster.num_workers)`: where the size was written."""
        span = self.ref.span if self.ref is not None else None
        where = f"{self.path}:{span.line}" if span is not None else self.path
        return f"{where} ({self.field})" if where else self.field

    def workers(self) -> str:
        """`num_workers=2` / `autoscale 2-8 workers`, for messages."""
        if self.autoscale:
            low = "?" if self.min_workers is None else str(self.min_workers)
            high = "?" if self.max_workers is None else str(self.max_workers)
            return f"autoscale {low}-{high} workers"
        return f"num_workers={'?' if self.num_workers is None else self.num_workers}"


class DatabricksCluster(Record):
    """What a Databricks cluster spec says beyond its Spark properties (JobConfig.databricks)."""

    size: ClusterSize
    node_type: str = ""  # `node_type_id` as written ("" when absent or templated)
    submit: bool = False  # a Spark Submit task runs on it
    single_node: bool = False  # `spark.databricks.cluster.profile singleNode` or a local master


def submit_settings(config: object) -> list:
    """The settings a config's `spark_submit_task.parameters` wrote (options and `--conf`), in order."""
    return [setting for setting in getattr(config, "settings", ()) if setting.layer.name in SUBMIT_LAYERS]
