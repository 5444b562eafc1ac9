"""SL203 dynamic-allocation-without-shuffle-data: dynamic allocation with nowhere to keep shuffle files.

## What it flags
Dynamic allocation is on, and none of the ways to keep shuffle data past an executor's removal is:
the external shuffle service (`spark.shuffle.service.enabled`), shuffle tracking
(`spark.dynamicAllocation.shuffleTracking.enabled`), or shuffle-block decommissioning
(`spark.decommission.enabled` and `spark.storage.decommission.shuffleBlocks.enabled`). Each switch
counts with its default for the configured Spark version: shuffle tracking is on by default from
Spark 3.4 in sparklint's catalog (3.5.9, 4.0.1 and 4.3.0 were checked), so in practice this is
`shuffleTracking.enabled=false` written without a shuffle service. Platform defaults count too (EMR on
EC2 turns the shuffle service on; the Spark operator writes `shuffleTracking.enabled=true`).
It stays quiet on EMR Serverless and Dataproc Serverless, whose shuffle handling is their own (Dataproc
Serverless refuses shuffle-service properties: cloud.google.com/dataproc-serverless/docs/concepts/properties), on
Azure Synapse and Microsoft Fabric (their pools' own "dynamic executor allocation" switch and the notebook UI
turn it on without any shuffle setting, so the platform keeps shuffle data itself; how is not documented), when a custom
`spark.shuffle.sort.io.plugin.class` is set (it may report reliable storage), and with a `local`
master (dynamic allocation is off there).

## Why is this bad?
`ExecutorAllocationManager.validateSettings` throws when the SparkContext starts: "Dynamic allocation
of executors requires one of the following conditions: 1) enabling external shuffle service through
spark.shuffle.service.enabled. 2) enabling shuffle tracking through
spark.dynamicAllocation.shuffleTracking.enabled. 3) ...".

## Example
```conf spark-defaults.conf
spark.master                                     yarn
spark.dynamicAllocation.enabled                  true
spark.dynamicAllocation.shuffleTracking.enabled  false
```

## Use instead
```conf spark-defaults.conf
spark.master                                     yarn
spark.dynamicAllocation.enabled                  true
spark.dynamicAllocation.shuffleTracking.enabled  true
spark.dynamicAllocation.maxExecutors             20
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/ExecutorAllocationManager.scala`, `validateSettings`
  (checked with pyspark 3.5.9 on a `local-cluster` master: tests/test_oracle_dynamic_allocation.py).
- Defaults per version: `core/src/main/scala/org/apache/spark/internal/config/package.scala`
  (`DYN_ALLOCATION_SHUFFLE_TRACKING_ENABLED`, `SHUFFLE_SERVICE_ENABLED`, `DECOMMISSION_ENABLED`,
  `STORAGE_DECOMMISSION_SHUFFLE_BLOCKS_ENABLED`); docs/configuration.md, Dynamic Allocation.
- EMR on EC2 configures the shuffle service: awsdocs amazon-emr-release-guide `emr-spark-configure.md`.
- Spark operator `api/v1beta2/sparkapplication_types.go` (`shuffleTrackingEnabled`, default true).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.executors import dynamic_allocation, shuffle_data
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if config.platform in ("emr-serverless", "dataproc-serverless", "synapse", "fabric"):
        return
    allocation = dynamic_allocation(config)
    if allocation is None or not allocation.enabled:
        return
    shuffle = shuffle_data(config)
    if shuffle is None or shuffle.kept:
        return
    # Point at shuffle tracking when it was switched off by hand, else at what turned allocation on.
    tracking = shuffle.tracking.setting
    at = tracking if tracking is not None and tracking.ref is not None else allocation.setting
    if at is None or at.ref is None:
        return
    decommission = shuffle.decommission if not shuffle.decommission.value else shuffle.decommission_shuffle
    yield Hit(
        f"Spark refuses to start (\"Dynamic allocation of executors requires one of the following "
        f"conditions ...\"): dynamic allocation is {allocation.reason}, but {shuffle.service.label()}, "
        f"{shuffle.tracking.label()} and {decommission.label()}, so nothing keeps shuffle files when an "
        "executor is removed",
        "Set spark.dynamicAllocation.shuffleTracking.enabled=true, or enable the external shuffle service.",
        at=at,
        related=tuple(flag.setting for flag in shuffle if flag.setting is not None and flag.setting is not at),
    )


RULE = Rule(
    id="SL203",
    name="dynamic-allocation-without-shuffle-data",
    severity="error",
    summary="Dynamic allocation without shuffle service, shuffle tracking or shuffle decommissioning.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.dynamicAllocation.enabled',),
)
