"""SL201 executors-below-dynamic-allocation-start: fewer executors asked for than Spark will start.

## What it flags
Dynamic allocation is on (set explicitly, or by the platform's default: EMR Serverless turns it on
with `initialExecutors=3`) and `spark.executor.instances` (spark-submit `--num-executors`, Livy
`numExecutors`, SparkApplication `spec.executor.instances`) is below
max(`spark.dynamicAllocation.minExecutors`, `spark.dynamicAllocation.initialExecutors`).

## Why is this bad?
With dynamic allocation on, Spark starts
max(minExecutors, initialExecutors, spark.executor.instances) executors, so the smaller number you
wrote has no effect: on EMR Serverless a session asking for 1 executor starts 3 and is billed for 3.
Spark only logs the choice ("Using initial executors = 3, max of ...").

## Example
```json job.json
{"jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
  "sparkSubmitParameters": "--conf spark.executor.instances=1"}}}
```

## Use instead
```json job.json
{"jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
  "sparkSubmitParameters": "--conf spark.executor.instances=1 --conf spark.dynamicAllocation.initialExecutors=1"}}}
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/util/Utils.scala`, `getDynamicAllocationInitialExecutors`
  (max of the three) and `isDynamicAllocationEnabled` (off for a `local` master).
- Spark `core/src/main/scala/org/apache/spark/internal/config/package.scala`: minExecutors 0,
  initialExecutors falls back to minExecutors.
- EMR Serverless defaults (dynamic allocation on, initialExecutors 3, minExecutors 0):
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
- Spark operator `api/v1beta2/sparkapplication_types.go` (`dynamicAllocation` block).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.executors import dynamic_allocation
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    allocation = dynamic_allocation(config)
    instances = allocation.instances if allocation is not None else None
    if allocation is None or not allocation.enabled or instances is None or instances.ref is None:
        return
    floor = max(allocation.min.value, allocation.initial.value)
    if allocation.instances_value >= floor:
        return
    asked = allocation.instances_value
    if allocation.min.value >= allocation.initial.value:
        lower = f"spark.dynamicAllocation.minExecutors to {asked} (initialExecutors follows it)"
    else:
        lower = f"spark.dynamicAllocation.initialExecutors to {asked}"
    yield Hit(
        f"starts {allocation.at_start} executors, not {asked}: dynamic allocation is {allocation.reason}, "
        f"and Spark starts max(minExecutors={allocation.min.value} [{allocation.min.source}], "
        f"initialExecutors={allocation.initial.value} [{allocation.initial.source}], "
        f"spark.executor.instances={asked})",
        f"Set {lower}, or set spark.dynamicAllocation.enabled=false to get exactly {asked}.",
        at=instances,
        related=tuple(count.setting for count in (allocation.min, allocation.initial) if count.setting),
    )


RULE = Rule(
    id="SL201",
    name="executors-below-dynamic-allocation-start",
    severity="warning",
    summary="spark.executor.instances below the executors dynamic allocation starts with.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.dynamicAllocation.enabled',),
)
