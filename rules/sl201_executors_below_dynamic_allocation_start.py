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

## Fix safety
An unsafe fix, since the message offers two ways: it sets the bound Spark starts from to the executors
asked for (`initialExecutors`, or `minExecutors` when that is the larger), where it is written, else adds
`spark.dynamicAllocation.initialExecutors=N`: a `--conf` after the `spark.executor.instances` of a
spark-submit string, or an entry after it in its map (properties, JSON, YAML, HCL, a notebook's
`%%configure` body), written as that entry is (quoting, separator, indentation, line ending); where the
file gives the executors by a native field (Livy `numExecutors`), the entry goes after the setting that
turns dynamic allocation on. Turning dynamic allocation off is left to the author.

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

from typing import Iterator, Optional

from sparklint.knowledge.executors import DynamicAllocation, dynamic_allocation
from sparklint.fix.intent import Fix, insert_beside, set_value, written_as_itself
from sparklint.model import JobConfig, Setting
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
        edit=_lower_start(allocation, instances, asked),
    )


def _lower_start(allocation: DynamicAllocation, instances: Setting, asked: int) -> Optional[Fix]:
    """Unsafe (the message offers two ways): the bound Spark starts from set to the executors asked for
    where it is written, else initialExecutors added after spark.executor.instances (when minExecutors is
    not the larger: lowering a minimum that is not written would need a new key of its own)."""
    by_min = allocation.min.value >= allocation.initial.value
    setting = (allocation.min if by_min else allocation.initial).setting
    if setting is not None and setting.ref is not None:
        return set_value(setting, str(asked), safe=False)
    if by_min:
        return None
    # Beside spark.executor.instances where the file writes it as a Spark key, else in the map that holds
    # the setting turning dynamic allocation on (a Livy body's numExecutors is a native field).
    for anchor in (instances, allocation.setting):
        if anchor is not None and written_as_itself(anchor):
            return insert_beside(anchor, "spark.dynamicAllocation.initialExecutors", str(asked), safe=False)
    return None


RULE = Rule(
    id="SL201",
    name="executors-below-dynamic-allocation-start",
    severity="warning",
    summary="spark.executor.instances below the executors dynamic allocation starts with.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.dynamicAllocation.enabled',),
)
