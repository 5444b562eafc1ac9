"""SL104 overhead-larger-than-heap: an explicit memory overhead above the heap it goes with.

## What it flags
`spark.executor.memoryOverhead` or `spark.driver.memoryOverhead` (or their deprecated
`spark.yarn.*.memoryOverhead` names) set to more than the heap of the same role
(`spark.executor.memory` / `spark.driver.memory`), when that heap is set (in the file or by the
platform's defaults), and the sizes look like a unit slip: the overhead or the heap is written without
a unit, or both carry units and the overhead is at least 64 times the heap (a wrong unit letter is a
factor of 1024).

Quiet when both sizes carry explicit units and the overhead is less than 64 times the heap: an
explicit `4000m` overhead over a `1500m` heap is a deliberate layout for a job whose memory lives
outside the JVM (Python workers, GDAL or other native libraries), not a slip.

## Why is this bad?
The overhead is native memory outside the heap (thread stacks, direct buffers, Python workers). Spark's
own default is 10% of the heap, at least 384 MiB. An overhead larger than the heap is almost always a
slip: a value written without a unit is read as MiB (`memoryOverhead=4096` is 4 GiB, and
`memoryOverhead=2147483648` meant as bytes is 2 PiB), or a number meant for another key. Spark does not
check it: the cluster manager is asked for heap + overhead per container, so the job holds (and pays
for) memory the JVM never uses, or cannot get containers at all.

## Example
```conf spark-defaults.conf
spark.executor.memory 10g
spark.executor.memoryOverhead 12288
```

## Use instead
```conf spark-defaults.conf
spark.executor.memory 10g
spark.executor.memoryOverhead 1536m
```

## Options
None.

## References
- `core/src/main/scala/org/apache/spark/resource/ResourceProfile.scala` (`calculateOverHeadMemory`:
  an explicit overhead replaces max(0.1 × heap, 384 MiB)).
- `core/src/main/scala/org/apache/spark/internal/config/package.scala` (`spark.{executor,driver}.memoryOverhead`:
  MiB when written without a unit; no range check).
- https://spark.apache.org/docs/latest/configuration.html (spark.executor.memoryOverhead).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge import memory
from sparklint.knowledge.units import format_bytes
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


# With units on both sizes, only a proportion a wrong unit letter gives (×1024) is a slip; 64 leaves room
# for a mixed-up letter on a small heap (4g over 64m) and none for a real layout (4000m over 1500m).
_SLIP_RATIO = 64


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    for role in memory.ROLES:
        # Without spark.{role}.memory the heap is the cluster's (EMR, Databricks, a site spark-defaults.conf).
        if config.effective(f"spark.{role}.memory") is None:
            continue
        if config.effective(f"spark.{role}.memoryOverhead") is None and \
                config.effective(f"spark.yarn.{role}.memoryOverhead") is None:
            continue  # no explicit overhead for this role: Spark's computed one is never above the heap
        extra, heap = memory.overhead(config, role), memory.heap(config, role)
        if extra is None or heap is None or not extra.explicit or heap.bytes <= 0:
            continue
        setting = extra.quantity.setting
        if setting is None or setting.ref is None or extra.quantity.bytes <= heap.bytes:
            continue
        written = setting.value.strip()
        heap_written = heap.setting.value.strip() if heap.setting is not None else ""
        units = not memory.is_unitless(written) and not memory.is_unitless(heap_written)
        ratio = extra.quantity.bytes / heap.bytes
        if units and ratio < _SLIP_RATIO:
            continue  # both sizes written with units, in a plausible proportion: a deliberate layout
        unit_hint = " (no unit: MiB)" if memory.is_unitless(written) else ""
        why = ("an overhead above the heap is usually a unit slip" if not units else
               f"an overhead {ratio:.0f} times the heap looks like a wrong unit letter")
        default = max(int(memory.DEFAULT_FACTOR * heap.mib), memory.MEMORY_OVERHEAD_MIN_MIB)
        total = format_bytes(heap.mib * memory.MIB + extra.quantity.bytes)
        yield Hit(
            f"{role} memory overhead {setting.key}={written}{unit_hint} = {format_bytes(extra.quantity.bytes)} "
            f"[{setting.describe()}] is larger than the {format_bytes(heap.bytes)} heap [{heap.source}]: each "
            f"{role} container asks for {total}, while Spark's own default overhead for this heap is {default} MiB "
            f"({why})",
            f"Set {setting.key} to the native memory the {role} needs (Spark's default is 10% of the heap, "
            "at least 384m), with a unit.",
            at=setting, related=(heap.setting,) if heap.setting is not None else ())


RULE = Rule(
    id="SL104",
    name="overhead-larger-than-heap",
    severity="warning",
    summary="An explicit spark.{executor,driver}.memoryOverhead larger than the heap (often a unit slip).",
    check=check,
    docs=__doc__ or "",
    keys=('spark.driver.memoryOverhead', 'spark.executor.memoryOverhead', 'spark.yarn.driver.memoryOverhead',
          'spark.yarn.executor.memoryOverhead'),
)
