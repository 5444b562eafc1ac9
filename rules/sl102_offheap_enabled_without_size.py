"""SL102 offheap-enabled-without-size: off-heap memory turned on with no size.

## What it flags
`spark.memory.offHeap.enabled=true` while `spark.memory.offHeap.size` is unset, zero, or below 1 MiB
(the size is in bytes when written without a unit, so `spark.memory.offHeap.size=2048` is 2 KiB).

## Why is this bad?
Spark refuses to start: the memory manager converts the size to whole MiB and requires it to be
positive, failing with `requirement failed: spark.memory.offHeap.size must be > 0 when
spark.memory.offHeap.enabled == true` (Spark 4.x: "must be at least 1MiB").

## Example
```conf spark-defaults.conf
spark.memory.offHeap.enabled true
```

## Use instead
```conf spark-defaults.conf
spark.memory.offHeap.enabled true
spark.memory.offHeap.size 2g
```

## Options
None.

## References
- `core/src/main/scala/org/apache/spark/util/Utils.scala` (`checkOffHeapEnabled`,
  `executorOffHeapMemorySizeAsMb`).
- `core/src/main/scala/org/apache/spark/internal/config/package.scala` (`spark.memory.offHeap.size`:
  bytes, default 0). Checked with pyspark 3.5.9 (tests/test_oracle_memory.py).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge import memory
from sparklint.knowledge.units import MIB, parse_bool
from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    enabled = config.effective(memory.OFF_HEAP_ENABLED) or config.effective("spark.unsafe.offHeap")
    if enabled is None or is_templated(enabled.value):
        return
    try:
        if not parse_bool(enabled.value):
            return
    except ValueError:
        return
    size_setting = config.effective(memory.OFF_HEAP_SIZE)
    size = memory.off_heap(config)
    if size is None or size.bytes >= MIB or size.bytes < 0:  # negative: SL006 invalid-value
        return
    if size_setting is None:
        why = "spark.memory.offHeap.size is unset (Spark default 0)"
        at = enabled if enabled.ref is not None else None
    else:
        why = (f"spark.memory.offHeap.size={size_setting.value.strip()} is {size.bytes} bytes, 0 whole MiB "
               f"[{size_setting.describe()}]")
        at = size_setting if size_setting.ref is not None else enabled
    yield Hit(
        f"Spark refuses to start: off-heap memory is enabled [{enabled.describe()}] but {why} "
        "(\"spark.memory.offHeap.size must be > 0 when spark.memory.offHeap.enabled == true\")",
        "Set spark.memory.offHeap.size to the off-heap memory you want, with a unit (e.g. 2g), "
        "or remove spark.memory.offHeap.enabled.",
        at=at, related=(enabled,) if at is not enabled else ())


RULE = Rule(
    id="SL102",
    name="offheap-enabled-without-size",
    severity="error",
    summary="spark.memory.offHeap.enabled=true without a spark.memory.offHeap.size of at least 1 MiB.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.memory.offHeap.enabled',),
)
