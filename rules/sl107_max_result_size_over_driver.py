"""SL107 max-result-size-over-driver: a result-size limit that cannot protect the driver.

## What it flags
`spark.driver.maxResultSize` set to 0 (unlimited), or to more than the driver heap
(`spark.driver.memory`, when it is set). The size is in bytes when written without a unit.

## Why is this bad?
The limit exists to stop an action (`collect()`, `toPandas()`, a broadcast built on the driver) that
would bring more serialized task results to the driver than it can hold: Spark aborts the job with
"Total size of serialized results of N tasks (...) is bigger than spark.driver.maxResultSize" and the
driver survives. With 0, or a limit above the heap, the results arrive until the driver dies of
`OutOfMemoryError` (or long GC pauses), which takes the whole application down instead of one job.

## Example
```conf spark-defaults.conf
spark.driver.memory 4g
spark.driver.maxResultSize 0
```

## Use instead
```conf spark-defaults.conf
spark.driver.memory 4g
spark.driver.maxResultSize 2g
```

## Options
None.

## References
- `core/src/main/scala/org/apache/spark/internal/config/package.scala` (`spark.driver.maxResultSize`:
  bytes, default 1g; the ConfigEntry accepts any value).
- `core/src/main/scala/org/apache/spark/scheduler/TaskSetManager.scala` (`canFetchMoreResults`: only a
  positive limit aborts the task set).
- https://spark.apache.org/docs/latest/configuration.html (spark.driver.maxResultSize: "0 for unlimited.
  Having a high limit may cause out-of-memory errors in driver").
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge import memory
from sparklint.knowledge.units import format_bytes, parse_bytes
from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

KEY = "spark.driver.maxResultSize"


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    setting = config.effective(KEY)
    if setting is None or setting.ref is None or is_templated(setting.value):
        return
    try:
        limit = parse_bytes(setting.value, 1, config.spark_version)
    except ValueError:
        return
    if limit == 0:
        yield Hit(
            f"{KEY}=0 [{setting.describe()}] turns the limit off: an action that brings large results to the "
            "driver runs it out of memory (OutOfMemoryError, the application dies) instead of failing the one "
            "job with \"Total size of serialized results ... is bigger than spark.driver.maxResultSize\"",
            "Set spark.driver.maxResultSize to a size below the driver heap (Spark's default is 1g).",
            at=setting)
        return
    heap_setting = config.effective("spark.driver.memory")
    heap = memory.heap(config, "driver")
    # Without spark.driver.memory the heap is not known here: EMR and Databricks size it per instance type.
    if heap_setting is None or heap is None or heap.bytes <= 0 or limit <= heap.bytes:
        return
    yield Hit(
        f"{KEY}={setting.value.strip()} = {format_bytes(limit)} [{setting.describe()}] is above the "
        f"{format_bytes(heap.bytes)} driver heap [{heap.source}]: the driver runs out of memory before the "
        "limit can stop an action that brings too much to it",
        "Set spark.driver.maxResultSize below spark.driver.memory (e.g. half of it), or raise the driver heap.",
        at=setting, related=(heap_setting,))


RULE = Rule(
    id="SL107",
    name="max-result-size-over-driver",
    severity="warning",
    summary="spark.driver.maxResultSize 0 (unlimited) or above the driver heap.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.driver.maxResultSize',),
)
