"""SL202 dynamic-allocation-bounds: executor bounds that Spark refuses with dynamic allocation on.

## What it flags
Dynamic allocation is on (written, or by the platform's default) and
`spark.dynamicAllocation.minExecutors` or `spark.dynamicAllocation.maxExecutors` is negative,
`maxExecutors` is 0, or `minExecutors` is above `maxExecutors`.

## Why is this bad?
`ExecutorAllocationManager.validateSettings` runs when the SparkContext starts and throws a
`SparkException`, so the application fails before any task runs:
"spark.dynamicAllocation.minExecutors (5) must be less than or equal to
spark.dynamicAllocation.maxExecutors (2)!", "spark.dynamicAllocation.maxExecutors cannot be 0!" or
"... must be positive!". With a `local` master dynamic allocation is off and nothing is checked.

An `initialExecutors` (or `spark.executor.instances`) above `maxExecutors` is not refused by this
check: it is SL207's business, since only YARN and Kubernetes refuse it.

## Example
```conf spark-defaults.conf
spark.master                          yarn
spark.dynamicAllocation.enabled       true
spark.dynamicAllocation.minExecutors  5
spark.dynamicAllocation.maxExecutors  2
```

## Use instead
```conf spark-defaults.conf
spark.master                          yarn
spark.dynamicAllocation.enabled       true
spark.dynamicAllocation.minExecutors  2
spark.dynamicAllocation.maxExecutors  5
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/ExecutorAllocationManager.scala`, `validateSettings`
  (checked with pyspark 3.5.9 on a `local-cluster` master: tests/test_oracle_dynamic_allocation.py).
- Spark `core/src/main/scala/org/apache/spark/util/Utils.scala`, `isDynamicAllocationEnabled`
  (off for a `local` master).
- Spark `core/src/main/scala/org/apache/spark/internal/config/package.scala`: minExecutors 0,
  maxExecutors Int.MaxValue.
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.executors import dynamic_allocation
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    allocation = dynamic_allocation(config)
    if allocation is None or not allocation.enabled:
        return
    minimum, maximum = allocation.min, allocation.max
    why = f"dynamic allocation is {allocation.reason}"
    negative = [count for count in (minimum, maximum) if count.value < 0 and count.setting is not None]
    if negative:
        for count, name in ((minimum, "minExecutors"), (maximum, "maxExecutors")):
            if count in negative and count.setting is not None and count.setting.ref is not None:
                yield Hit(
                    f"Spark refuses to start: {name}={count.value} [{count.source}] is negative and {why} "
                    "(\"spark.dynamicAllocation.minExecutors and spark.dynamicAllocation.maxExecutors must be "
                    "positive!\")",
                    f"Set spark.dynamicAllocation.{name} to 0 or more.",
                    at=count.setting,
                )
        return
    if maximum.value == 0:
        if maximum.setting is not None and maximum.setting.ref is not None:
            yield Hit(
                f"Spark refuses to start: maxExecutors=0 [{maximum.source}] and {why} "
                "(\"spark.dynamicAllocation.maxExecutors cannot be 0!\")",
                "Set spark.dynamicAllocation.maxExecutors to 1 or more, or turn dynamic allocation off.",
                at=maximum.setting,
            )
        return
    if minimum.value > maximum.value:
        # Point at the bound the user wrote; the minimum when both are written.
        at = minimum.setting if minimum.setting is not None and minimum.setting.ref is not None else maximum.setting
        if at is None or at.ref is None:
            return
        yield Hit(
            f"Spark refuses to start: minExecutors={minimum.value} [{minimum.source}] is above "
            f"maxExecutors={maximum.value} [{maximum.source}] and {why} "
            f"(\"spark.dynamicAllocation.minExecutors ({minimum.value}) must be less than or equal to "
            f"spark.dynamicAllocation.maxExecutors ({maximum.value})!\")",
            f"Set spark.dynamicAllocation.minExecutors to at most {maximum.value}, or raise maxExecutors.",
            at=at,
            related=tuple(count.setting for count in (minimum, maximum) if count.setting is not None and count.setting is not at),
        )


RULE = Rule(
    id="SL202",
    name="dynamic-allocation-bounds",
    severity="error",
    summary="Negative, zero or crossed min/max executors that Spark refuses with dynamic allocation on.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.dynamicAllocation.enabled',),
)
