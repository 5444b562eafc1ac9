"""Google Dataproc facts: cluster property prefixes, the Serverless defaults and allowed values.

Sources (read in December 2026 through the stored copies of Google's pages):
- Cluster properties: https://cloud.google.com/dataproc/docs/concepts/configuring-clusters/cluster-properties
  ("file_prefix:property=value"; the `spark:` prefix goes to spark-defaults.conf, e.g.
  `spark:spark.master=...`; `spark-env:`, `yarn:`, `core:`, `dataproc:` ... go to other files or to
  Dataproc itself, so they are not Spark properties).
- Serverless properties: https://cloud.google.com/dataproc-serverless/docs/concepts/properties
  (`RuntimeConfig.properties` or `gcloud dataproc batches submit --properties`; "does not support YARN-related
  and shuffle-related Spark properties, such as spark.master=yarn and spark.shuffle.service.enabled. If Spark
  application code sets a YARN or shuffle property, the application will fail"; `spark.driver.cores`: "Valid
  values: 4, 8, 16", default 4; `spark.driver.memory`: "Total driver memory per driver core, including driver
  memory overhead, ... must be between 1024m and 7424m for the Standard compute tier", read on the page's
  stored zh-CN copy `?hl=zh-cn`, whose excerpt stops before the executor rows).
- Serverless autoscaling: https://cloud.google.com/dataproc-serverless/docs/concepts/autoscaling
  ("autoscaling is the default behavior, and uses Spark dynamic resource allocation").
Not found on a stored page (searched again for issue 10: every stored copy of the properties page, in each
language, is cut before the executor rows), so not used by any rule (shared/reference/platforms.md §5.3 [U]):
the executor cores grid, the executor memory-per-core bounds, the disk sizes, the premium tier's ranges, the
driver memory default and the dynamic allocation bounds Serverless sets. They are listed in UNVERIFIED for
the next reader to check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from sparklint.records import Record

if TYPE_CHECKING:
    from sparklint.model import JobConfig

CLUSTER_PROPERTIES_DOC = "cloud.google.com/dataproc/docs/concepts/configuring-clusters/cluster-properties"
SERVERLESS_PROPERTIES_DOC = "cloud.google.com/dataproc-serverless/docs/concepts/properties"
SERVERLESS_AUTOSCALING_DOC = "cloud.google.com/dataproc-serverless/docs/concepts/autoscaling"

# The dialects that read Dataproc shapes (dialects/dataproc.py, the Airflow operators, gcloud). Their job
# and batch properties may hold Dataproc's own keys (`dataproc.tier` on Serverless, properties page), so a
# key without the `spark.` prefix there is not certainly dropped.
DIALECTS = frozenset({"dataproc-cluster", "dataproc-job", "dataproc-workflow-template", "dataproc-batch",
                      "terraform-dataproc-cluster", "terraform-dataproc-job", "terraform-dataproc-workflow-template",
                      "terraform-dataproc-batch", "bigquery-spark-procedure", "airflow-dataproc-job",
                      "airflow-dataproc-batch", "airflow-dataproc-cluster", "airflow-dataproc-workflow-template",
                      "gcloud-dataproc"})

# The cluster property prefix whose properties Dataproc writes into spark-defaults.conf.
SPARK_PREFIX = "spark:"

SERVERLESS_DEFAULTS_DOC = "Dataproc Serverless default, dataproc-serverless/docs/concepts/properties"
# Defaults a Serverless batch gets when it does not set them (the two pages above).
SERVERLESS_DEFAULTS: dict[str, str] = {
    "spark.dynamicAllocation.enabled": "true",  # autoscaling page
    "spark.driver.cores": "4",  # properties page
}

DRIVER_CORES_KEY = "spark.driver.cores"
# spark.driver.cores on Serverless: "Valid values: 4, 8, 16" (properties page).
DRIVER_CORES_ALLOWED = (4, 8, 16)
DRIVER_CORES_DEFAULT = 4
# Driver heap + overhead per driver core on the standard compute tier, in MiB (properties page).
DRIVER_MEMORY_PER_CORE_MIB = (1024, 7424)
# The tier settings: `dataproc.tier` (batch tier) and the driver's compute tier (properties page).
_TIER_KEYS = ("dataproc.tier", "spark.dataproc.driver.compute.tier")


def premium_tier(config: "JobConfig") -> bool:
    """Whether the batch asks for the premium tier (whose ranges were not read), or its tier is a template."""
    for key in _TIER_KEYS:
        setting = config.effective(key) or next((item for item in config.dropped if item.key == key), None)
        if setting is not None and setting.value.strip().lower() != "standard":
            return True
    return False


class Unsupported(Record):
    """A Spark property Dataproc Serverless does not support (the workload fails when it is set)."""

    key: str
    refused: Optional[str]  # the value that fails (None: any value)
    what: str  # what it is, for messages


# The two the properties page names: "such as spark.master=yarn and spark.shuffle.service.enabled".
UNSUPPORTED: dict[str, Unsupported] = {
    "spark.master": Unsupported("spark.master", "yarn", "a YARN property"),
    "spark.shuffle.service.enabled": Unsupported("spark.shuffle.service.enabled", None, "a shuffle property"),
}

# Figures seen only from memory or in third-party pages (platforms.md §5.3 [U]); no rule uses them.
UNVERIFIED = {
    "spark.executor.cores allowed values": "4, 8, 16 (default 4)",
    "executor memory per core, heap + overhead": "1024m to 7424m (standard compute tier), like the driver's",
    "spark.driver.memory default": "12200m",
    "spark.dynamicAllocation.initialExecutors / minExecutors default": "2",
    "spark.dynamicAllocation.maxExecutors default": "1000",
    "spark.dataproc.{driver,executor}.disk.size": "minimum 250g with the standard disk tier",
}


def spark_key(property_name: str) -> Optional[str]:
    """The Spark key of a cluster property (`spark:spark.executor.memory` -> `spark.executor.memory`), None for
    the other files' prefixes (`yarn:`, `spark-env:`, `dataproc:` ...) and for names without a prefix."""
    if property_name.startswith(SPARK_PREFIX):
        return property_name[len(SPARK_PREFIX):].strip()
    return None
