"""Keys a platform or a table format reads that Apache Spark's own registry does not hold, by family.

SL003 is quiet on a family's keys where the family applies (its platform, or a config whose platform is
not known: a plain spark-defaults.conf may sit on any cluster), reports a near-miss of a key the family
documents (`spark.pyspark.virtualenv.bin.pth`), and, on a platform the family does not apply to, says
that nothing there reads the key. A family's key list is what its documentation names, not all it has:
a key the list lacks is accepted, only a near-miss of a listed one is reported.

Sources, per family (in FAMILIES and PLATFORM_KEYS):
- EMR's Python virtualenv settings (`spark.pyspark.virtualenv.*`, EMR's Spark build; also HDP's): AWS Big
  Data Blog "Install Python libraries on a running cluster with EMR Notebooks"
  (https://aws.amazon.com/blogs/big-data/install-python-libraries-on-a-running-cluster-with-emr-notebooks/)
  and the `VirtualEnvFactory` of SPARK-13587 that EMR ships (reads enabled, type, bin.path, packages,
  requirements).
- EMR on EC2 writes `spark.emr.default.executor.{cores,memory}`, the decommissioning keys and the EMRFS
  committer keys into /etc/spark/conf/spark-defaults.conf (emr-spark-configure.html; the file as EMR 7
  writes it, quoted in third-party write-ups [T]); EMR Serverless and EMR on EKS run the same EMR build.
- Azure Synapse: `spark.synapse.*` (https://learn.microsoft.com/azure/synapse-analytics/spark/
  apache-spark-azure-log-analytics, `spark.synapse.logAnalytics.*`; `spark.synapse.ml.predict.enabled`);
  Microsoft Fabric reads the family too (its diagnostic emitter: "All destinations use the same
  spark.synapse.diagnostic.emitter configuration pattern", learn.microsoft.com/fabric/data-engineering/
  spark-diagnostic-emitter-overview). Fabric's V-Order switches `spark.sql.parquet.vorder.default` /
  `.enabled` (learn.microsoft.com/fabric/data-engineering/delta-optimization-and-v-order); whether Synapse
  reads them was not found, so they count as known there too rather than be reported.
- AWS Glue sets `spark.glue.*` for the job (`spark.glue.JOB_NAME`, `spark.glue.JOB_RUN_ID`,
  `spark.glue.accountId`, read by Glue's libraries and by OpenLineage's Glue support [T]).
- Dataproc Serverless: `spark.dataproc.*` (https://cloud.google.com/dataproc-serverless/docs/concepts/properties;
  shared/reference/platforms.md §5.3).
- Table formats, by the class names their docs give for `spark.sql.extensions` and
  `spark.sql.catalog.<name>`: Delta (https://docs.delta.io/latest/quick-start.html), Iceberg
  (https://iceberg.apache.org/docs/latest/spark-configuration/), Hudi
  (https://hudi.apache.org/docs/quick-start-guide). Spark logs "Cannot use <class> to configure session
  extensions" and goes on without an extension it cannot load (`SparkSession.applyExtensions`).
"""

from __future__ import annotations

import functools
import re
from typing import Optional, Tuple

from sparklint.model import JobConfig
from sparklint.patterns import lazy_pattern
from sparklint.records import Record
from sparklint.tree import Pairs

EMR = ("emr", "emr-serverless", "emr-on-eks")  # EMR's Spark build; Kubernetes counts when the image is EMR's


class Family(Record):
    name: str  # for messages: "EMR", "Azure Synapse"
    prefix: str  # "spark.pyspark.virtualenv."
    platforms: Tuple[str, ...]  # where it is read; () = every platform
    keys: Tuple[str, ...]  # suffixes its documentation names (a near-miss of one is reported)
    doc: str


FAMILIES: Tuple[Family, ...] = (
    Family("EMR", "spark.pyspark.virtualenv.", EMR, ("enabled", "type", "bin.path", "packages", "requirements"),
           "EMR Notebooks virtualenv, aws.amazon.com/blogs/big-data/install-python-libraries-on-a-running-cluster-"
           "with-emr-notebooks"),
    Family("EMR", "spark.emr.", EMR, ("default.executor.cores", "default.executor.memory"),
           "EMR's spark-defaults.conf, emr-spark-configure.html"),
    Family("Azure Synapse", "spark.synapse.", ("synapse", "fabric"),
           ("logAnalytics.enabled", "logAnalytics.workspaceId", "logAnalytics.secret", "logAnalytics.keyVault.name",
            "logAnalytics.keyVault.key.secret", "ml.predict.enabled", "diagnostic.emitters"),
           "learn.microsoft.com azure/synapse-analytics/spark/apache-spark-azure-log-analytics"),
    Family("Microsoft Fabric", "spark.sql.parquet.vorder.", ("fabric", "synapse"), ("default", "enabled"),
           "learn.microsoft.com fabric/data-engineering/delta-optimization-and-v-order"),
    Family("AWS Glue", "spark.glue.", ("glue",), ("JOB_NAME", "JOB_RUN_ID", "accountId"),
           "set by AWS Glue for the job run"),
    Family("Dataproc Serverless", "spark.dataproc.", ("dataproc", "dataproc-serverless"),
           ("driver.disk.size", "executor.disk.size", "driver.disk.tier", "executor.disk.tier",
            "driver.compute.tier", "executor.compute.tier", "executor.resource.accelerator.type"),
           "cloud.google.com/dataproc-serverless/docs/concepts/properties"),
)
# Single keys EMR writes into spark-defaults.conf (see the module docstring).
PLATFORM_KEYS = {key: Family("EMR", key, EMR, (), "EMR's spark-defaults.conf, emr-spark-configure.html") for key in (
    "spark.blacklist.decommissioning.enabled", "spark.blacklist.decommissioning.timeout",
    "spark.decommissioning.timeout.threshold", "spark.resourceManager.cleanupExpiredHost",
    "spark.stage.attempt.ignoreOnDecommissionFetchFailure", "spark.yarn.heterogeneousExecutors.enabled",
    "spark.sql.parquet.fs.optimized.committer.optimization-enabled", "spark.sql.emr.internal.extensions",
    "spark.driver.transparentHugePage.enabled", "spark.executor.transparentHugePage.enabled",
    "spark.emr_cluster_id", "spark.emr_cluster_name",
)}

# Classes the table formats document for spark.sql.extensions and spark.sql.catalog.<name>.
EXTENSIONS = ("io.delta.sql.DeltaSparkSessionExtension",
              "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
              "org.apache.spark.sql.hudi.HoodieSparkSessionExtension")
CATALOGS = ("org.apache.spark.sql.delta.catalog.DeltaCatalog", "org.apache.iceberg.spark.SparkCatalog",
            "org.apache.iceberg.spark.SparkSessionCatalog", "org.apache.spark.sql.hudi.catalog.HoodieCatalog")
_CUTOFF = 0.9
# An EMR on EKS image by name: AWS's (`.../spark/emr-6.10.0`, `public.ecr.aws/emr-on-eks/...`) or a custom one
# built on it whose tag or name says the release (`celeborn-rss:emr6.10_clbtest`, `spark-emr-7.1`).
_EMR_IMAGE = lazy_pattern(r"emr-on-eks|/emr-\d|:emr-\d|/spark/emr-|[/:_\-.]emr[-_]?\d", re.IGNORECASE)
# EMR's own Spark runtime named by a setting that is not itself an EMR key: its classes (the EMRFS committer
# `com.amazon.emr.committer.EmrOptimizedSparkSqlParquetOutputCommitter`, EMRFS `com.amazon.ws.emr.hadoop.fs.
# EmrFileSystem`) and its jars' paths (`/usr/share/aws/emr/emrfs/lib/*`, emr-spark-configure.html): only an
# EMR image has them, so the image is one whatever its name.
_EMR_RUNTIME = lazy_pattern(r"com\.amazon(?:aws)?\.(?:ws\.)?emr\.|/usr/share/aws/emr/")


class Verdict(Record):
    family: Family
    applies: bool  # read on this config's platform (or the platform is not known)
    meant: Optional[str]  # a documented key of the family this one is a near-miss of


def family_of(key: str) -> Optional[Family]:
    if key in PLATFORM_KEYS:
        return PLATFORM_KEYS[key]
    for family in FAMILIES:
        if key.startswith(family.prefix) and len(key) > len(family.prefix):
            return family
    return None


def judge(key: str, config: JobConfig) -> Optional[Verdict]:
    """How a platform or table-format key stands in this config; None for a key of no family."""
    family = family_of(key)
    if family is None:
        return None
    return Verdict(family, applies(family, config), _near_miss(key, family))


def applies(family: Family, config: JobConfig) -> bool:
    platform = _platform(config)
    return not family.platforms or platform == "generic" or platform in family.platforms


def _platform(config: JobConfig) -> str:
    """The config's platform; a SparkApplication on an EMR on EKS image counts as EMR's."""
    if config.platform == "kubernetes" and (_EMR_IMAGE.search(kubernetes_image(config)) or _names_emr_runtime(config)):
        return "emr-on-eks"
    return config.platform


def _names_emr_runtime(config: JobConfig) -> bool:
    """Whether a setting other than a platform key names EMR's own classes or jars (see _EMR_RUNTIME)."""
    return any(_EMR_RUNTIME.search(setting.value) and family_of(setting.key) is None for setting in config.settings)


def kubernetes_image(config: JobConfig) -> str:
    """`spec.image` (or a ScheduledSparkApplication's `spec.template.image`) of a SparkApplication; "" if none."""
    root = config.document.root if config.document is not None else None
    spec = root.get("spec") if isinstance(root, Pairs) else None
    if isinstance(spec, Pairs) and isinstance(spec.get("template"), Pairs) and "image" not in spec:
        spec = spec.get("template")
    image = spec.get("image") if isinstance(spec, Pairs) else None
    return image if isinstance(image, str) else ""


def _near_miss(key: str, family: Family) -> Optional[str]:
    if not family.keys:
        return None
    return _closest(key, tuple(family.prefix + suffix for suffix in family.keys))


@functools.lru_cache(maxsize=1024)
def _closest(text: str, known: Tuple[str, ...]) -> Optional[str]:
    """The entry of `known` that `text` is one or two letters off, or None (also when it is one of them)."""
    if text in known:
        return None
    import difflib  # only for a key of a family that is not a documented one

    close = difflib.get_close_matches(text, known, n=1, cutoff=_CUTOFF)
    return close[0] if close else None


def misspelt_classes(key: str, value: str) -> list:
    """(written, meant) for each class in a spark.sql.extensions list or a spark.sql.catalog.<name> value that
    is a near-miss of a class Delta, Iceberg or Hudi documents."""
    if key == "spark.sql.extensions":
        known = EXTENSIONS
    elif key.startswith("spark.sql.catalog.") and key.count(".") == 3:
        known = CATALOGS
    else:
        return []
    found = []
    for written in (part.strip() for part in value.split(",")):
        meant = _closest(written, known) if written else None
        if meant is not None:
            found.append((written, meant))
    return found
