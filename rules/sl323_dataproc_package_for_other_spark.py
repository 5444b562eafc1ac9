"""SL323 dataproc-package-for-other-spark: an Iceberg Spark runtime built for another Spark than the Dataproc one.

## What it flags
On Dataproc (a cluster's image version) or Dataproc Serverless (a batch's runtime version, a BigQuery
Spark procedure's `runtime_version`), a `spark.jars.packages` coordinate of Apache Iceberg's Spark
runtime (`org.apache.iceberg:iceberg-spark-runtime-X.Y_S:V`, also `iceberg-spark-X.Y` and
`iceberg-spark-extensions-X.Y`) whose Spark minor X.Y is not the one the file's image or runtime ships.
It stays quiet when the file names no image or runtime, when sparklint's table does not know it, and
on templated values.

## Why is this bad?
Iceberg builds one Spark runtime per Spark minor version and tells users to "download the runtime JAR
for your engine version": a runtime built against Spark 3.3 calls Spark internals that change between
minors, so on Spark 3.4 it is not the jar Iceberg supports, and it can fail at run time (for example
with `NoSuchMethodError` when a table is read or written).

## Example
```json batch.json
{"pysparkBatch": {"mainPythonFileUri": "gs://bucket/job.py"},
 "runtimeConfig": {"version": "2.1", "properties": {
   "spark.jars.packages": "org.apache.iceberg:iceberg-spark-runtime-3.3_2.13:1.2.1"}}}
```

## Use instead
```json batch.json
{"pysparkBatch": {"mainPythonFileUri": "gs://bucket/job.py"},
 "runtimeConfig": {"version": "2.1", "properties": {
   "spark.jars.packages": "org.apache.iceberg:iceberg-spark-runtime-3.4_2.13:1.2.1"}}}
```

## Options
None.

## References
- https://iceberg.apache.org/releases/ (a runtime jar per Spark minor; "download the runtime JAR for your
  engine version").
- Dataproc image and Serverless runtime Spark versions: sparklint/knowledge/versions.py (with sources).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.packages import ICEBERG_RELEASES, built_for_spark
from sparklint.knowledge.values import is_templated
from sparklint.knowledge.versions import spark_minor
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

PACKAGES = "spark.jars.packages"
_PLATFORMS = ("dataproc", "dataproc-serverless")


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    declared = config.declared_version
    if config.platform not in _PLATFORMS or declared is None or not declared.spark:
        return
    running = spark_minor(declared.spark)
    setting = config.effective(PACKAGES)
    if running is None or setting is None or setting.ref is None or is_templated(setting.value):
        return
    for package in built_for_spark(setting.value):
        if package.spark_minor == running:
            continue
        yield Hit(
            f"{package.coordinate} is Iceberg's runtime for Spark {package.spark_minor}, but the job runs Spark "
            f"{declared.spark} ({declared.describe()}): Iceberg builds one runtime per Spark minor ({ICEBERG_RELEASES}), "
            f"so this jar is not the one for Spark {running} and can fail when Iceberg tables are used",
            f"Use the runtime for Spark {running} (iceberg-spark-runtime-{running}_<scala>), or a runtime version "
            f"that ships Spark {package.spark_minor}.",
            at=setting,
        )


RULE = Rule(
    id="SL323",
    name="dataproc-package-for-other-spark",
    severity="warning",
    summary="An Iceberg Spark runtime in spark.jars.packages built for another Spark minor than the Dataproc one.",
    check=check,
    docs=__doc__ or "",
    keys=(PACKAGES,),
    platforms=("dataproc", "dataproc-serverless"),
)
