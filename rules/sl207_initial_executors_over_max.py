"""SL207 initial-executors-over-max: dynamic allocation would start above its own maxExecutors.

## What it flags
Dynamic allocation is on and the executors it starts with,
max(`spark.dynamicAllocation.minExecutors`, `spark.dynamicAllocation.initialExecutors`,
`spark.executor.instances`), are more than `spark.dynamicAllocation.maxExecutors`. Platform defaults
count: on EMR Serverless `initialExecutors` and `spark.executor.instances` default to 3, so
`maxExecutors=2` alone is flagged. minExecutors above maxExecutors is SL202's (Spark always refuses it).

## Why is this bad?
On YARN and Kubernetes, `SchedulerBackendUtils.getInitialTargetExecutorNumber` requires
min <= initial <= max and the application fails at start: "requirement failed: initial executor number
5 must between min executor number 0 and max executor number 2". Other cluster managers do not check:
a standalone (`local-cluster`) master starts and requests the initial number anyway, above the
ceiling you set. The YARN/Kubernetes refusal is read from Spark's code, not reproduced here (no such
cluster in the test harness), hence a warning rather than an error.

## Example
```conf spark-defaults.conf
spark.master                              yarn
spark.dynamicAllocation.enabled           true
spark.dynamicAllocation.initialExecutors  5
spark.dynamicAllocation.maxExecutors      2
```

## Use instead
```conf spark-defaults.conf
spark.master                              yarn
spark.dynamicAllocation.enabled           true
spark.dynamicAllocation.initialExecutors  2
spark.dynamicAllocation.maxExecutors      5
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/scheduler/cluster/SchedulerBackendUtils.scala`,
  `getInitialTargetExecutorNumber` (used by `YarnAllocator` / `YarnClientSchedulerBackend` and the
  Kubernetes `ExecutorPodsAllocator`).
- Spark `core/src/main/scala/org/apache/spark/util/Utils.scala`, `getDynamicAllocationInitialExecutors`
  (the max of the three, not capped by maxExecutors).
- A `local-cluster[1,2,1024]` master starts with initialExecutors=5 and maxExecutors=2 (pyspark 3.5.9,
  tests/test_oracle_dynamic_allocation.py).
- EMR Serverless defaults: https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.executors import dynamic_allocation
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

_CHECKING = {"yarn": "YARN", "emr": "YARN (EMR on EC2)", "kubernetes": "Kubernetes"}


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    allocation = dynamic_allocation(config)
    if allocation is None or not allocation.enabled:
        return
    minimum, initial, maximum = allocation.min, allocation.initial, allocation.max
    if minimum.value < 0 or maximum.value <= 0 or minimum.value > maximum.value:
        return  # SL202: Spark refuses these on every cluster manager
    start = allocation.at_start
    if start <= maximum.value:
        return
    # The written setting that asks for too many, else the ceiling the user wrote.
    over = [initial.setting] if initial.value > maximum.value else []
    if allocation.instances_value > maximum.value:
        over.append(allocation.instances)
    candidates = [*over, maximum.setting]
    at = next((setting for setting in candidates if setting is not None and setting.ref is not None), None)
    if at is None:
        return
    instances = allocation.instances
    numbers = (f"max(minExecutors={minimum.value}, initialExecutors={initial.value} [{initial.source}], "
               f"spark.executor.instances={allocation.instances_value}"
               f"{f' [{instances.describe()}]' if instances is not None else ''}) = {start}")
    requirement = (f"\"initial executor number {start} must between min executor number {minimum.value} "
                   f"and max executor number {maximum.value}\"")
    manager = _CHECKING.get(config.platform)
    if manager is not None:
        what = f"{manager} refuses to start the application ({requirement})"
    else:
        what = (f"Spark requests {start} executors at start, above the ceiling; on YARN and Kubernetes it "
                f"refuses to start instead ({requirement})")
    yield Hit(
        f"{what}: dynamic allocation starts {numbers}, above maxExecutors={maximum.value} [{maximum.source}]",
        f"Lower the initial executors to at most {maximum.value}, or raise spark.dynamicAllocation.maxExecutors "
        f"to {start}.",
        at=at,
        related=tuple(s for s in candidates if s is not None and s is not at),
    )


RULE = Rule(
    id="SL207",
    name="initial-executors-over-max",
    severity="warning",
    summary="Dynamic allocation starts more executors than maxExecutors (YARN and Kubernetes refuse it).",
    check=check,
    docs=__doc__ or "",
    keys=('spark.dynamicAllocation.enabled',),
)
