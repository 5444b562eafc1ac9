"""SL324 dataproc-driver-memory-per-core: Dataproc Serverless driver memory per core outside Google's range.

## What it flags
On Dataproc Serverless (a batch's `runtimeConfig.properties`, `gcloud dataproc batches submit
--properties`, Terraform `google_dataproc_batch`, a BigQuery Spark procedure), a written
`spark.driver.memory` whose driver memory including its overhead, divided by the driver cores
(`spark.driver.cores`, default 4), is below 1024m or above 7424m per core, on the
standard compute tier (a batch asking for the premium tier, `spark.dataproc.driver.compute.tier=premium`
or `dataproc.tier=premium`, is not judged: its range was not read).

The overhead is Spark's own (`spark.driver.memoryOverhead`, else max(384 MiB, 0.1 x heap)); Dataproc
Serverless may add to it, which the page does not say, so this is a warning.

## Why is this bad?
Google's Serverless properties page: "Total driver memory per driver core, including driver memory
overhead, ... must be between 1024m and 7424m for the Standard compute tier". A driver outside it is not
a size Serverless offers; how the batch then fails (refused, or resized) is not on the page.

## Example
```json batch.json
{"pysparkBatch": {"mainPythonFileUri": "gs://bucket/job.py"},
 "runtimeConfig": {"version": "2.2", "properties": {"spark.driver.cores": "4", "spark.driver.memory": "40g"}}}
```

## Use instead
```json batch.json
{"pysparkBatch": {"mainPythonFileUri": "gs://bucket/job.py"},
 "runtimeConfig": {"version": "2.2", "properties": {"spark.driver.cores": "8", "spark.driver.memory": "40g"}}}
```

## Options
None.

## References
- https://cloud.google.com/dataproc-serverless/docs/concepts/properties (resource allocation properties,
  `spark.driver.memory`: the per-core range for the standard compute tier; read on the page's stored
  zh-CN copy, `?hl=zh-cn`; `spark.driver.cores` default 4).
- Spark's driver overhead: `ResourceProfile.calculateOverHeadMemory`
  (core/src/main/scala/org/apache/spark/resource/ResourceProfile.scala), sparklint/knowledge/memory.py.
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge import dataproc, memory
from sparklint.knowledge.units import parse_int
from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

_WRITTEN = ("spark.driver.memory", "spark.driver.memoryOverhead", dataproc.DRIVER_CORES_KEY)


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if config.platform != "dataproc-serverless" or dataproc.premium_tier(config):
        return
    written = [setting for setting in (config.effective(key) for key in _WRITTEN)
               if setting is not None and setting.ref is not None]
    # Judged only with a written heap: Serverless's own driver memory default was not read.
    if not any(setting.key == "spark.driver.memory" for setting in written) or any(
            is_templated(setting.value) for setting in written):
        return
    cores_setting = config.effective(dataproc.DRIVER_CORES_KEY)
    try:
        cores = parse_int(cores_setting.value) if cores_setting is not None else dataproc.DRIVER_CORES_DEFAULT
    except ValueError:
        return  # SL006's business
    driver = memory.container(config, "driver")
    if driver is None or cores <= 0:
        return
    low, high = dataproc.DRIVER_MEMORY_PER_CORE_MIB
    per_core = driver.total_mib / cores
    if low <= per_core <= high:
        return
    target = low * cores if per_core < low else high * cores
    direction = "below" if per_core < low else "above"
    yield Hit(
        f"the Dataproc Serverless driver has {driver.total_mib} MiB ({driver.heap.mib} MiB heap + "
        f"{driver.overhead.quantity.mib} MiB overhead) for {cores} cores, {per_core:.0f} MiB per core, {direction} "
        f"the {low}m-{high}m per core Google allows on the standard compute tier "
        f"({dataproc.SERVERLESS_PROPERTIES_DOC}: it \"must be\" within it)",
        f"Give the driver about {target} MiB in all (heap + overhead), or set spark.driver.cores so that "
        "memory per core falls in the range.",
        at=next(setting for setting in written if setting.key == "spark.driver.memory"),
    )


RULE = Rule(
    id="SL324",
    name="dataproc-driver-memory-per-core",
    severity="warning",
    summary="Dataproc Serverless driver memory per core outside 1024m-7424m (standard tier).",
    check=check,
    docs=__doc__ or "",
    keys=_WRITTEN,
    platforms=("dataproc-serverless",),
)
