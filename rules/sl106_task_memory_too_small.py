"""SL106 task-memory-too-small: too little unified memory for each task an executor runs at once.

## What it flags
The executor's unified memory (execution + storage: (heap − 300 MiB) × `spark.memory.fraction`) divided
by the tasks it runs at once (`spark.executor.cores` / `spark.task.cpus`) is below `min_task_memory`
(256 MiB by default). Checked when the executor's memory or cores are written in the file, the
executor memory is known (written, or a platform default), and an executor runs two tasks or more at once.

## Why is this bad?
Tasks running in one executor share its unified memory: each one is guaranteed only 1/(2N) of the
execution pool and can take at most 1/N. With many cores on a small heap every sort, join or
aggregation spills to disk at once, and wide rows or large buffers end in `OutOfMemoryError` or long GC
pauses: the job runs, slowly, or fails at random. Livy's example `executorCores: 10` with
`executorMemory: 1G` leaves 43 MiB per task.

## Example
```json session.json
{"kind": "pyspark", "executorMemory": "1G", "executorCores": 10, "numExecutors": 2}
```

## Use instead
```json session.json
{"kind": "pyspark", "executorMemory": "8G", "executorCores": 4, "numExecutors": 2}
```

## Options
- `min_task_memory` (size string, default `"256m"`): the least unified memory per concurrent task.
  In `.sparklint.toml`: `[rules.SL106]` then `min_task_memory = "512m"`.

## References
- `core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala` (`getMaxMemory`: reserved
  300 MiB, unified = usable × spark.memory.fraction).
- `core/src/main/scala/org/apache/spark/memory/ExecutionMemoryPool.scala` (each of N active tasks gets
  between 1/(2N) and 1/N of the execution pool).
- `core/src/main/scala/org/apache/spark/scheduler/TaskSchedulerImpl.scala` (tasks per executor =
  executor cores / spark.task.cpus).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from sparklint.knowledge import memory
from sparklint.knowledge.units import MIB, parse_bytes
from sparklint.model import JobConfig
from sparklint.rule import Hit, Rule


@dataclass(frozen=True)
class Options:
    min_task_memory: str = "256m"

    def __post_init__(self) -> None:
        if not isinstance(self.min_task_memory, str):
            raise ValueError("min_task_memory must be a size string such as \"256m\"")
        parse_bytes(self.min_task_memory, MIB)  # raises ValueError: a config error

    @property
    def min_bytes(self) -> int:
        return parse_bytes(self.min_task_memory, MIB)


def _mib(count: int) -> str:
    return f"{count // MIB} MiB"


def check(config: JobConfig, options: Options) -> Iterator[Hit]:
    found = memory.task_memory(config)
    # One task at a time: nothing is shared, and the heap alone is a judgement about the workload.
    # No spark.executor.memory anywhere: the heap is the cluster's (EMR, HDInsight, Livy set it), unknown here.
    if (found is None or found.per_task >= options.min_bytes or found.tasks < 2
            or config.effective("spark.executor.memory") is None):
        return
    written = [quantity.setting for quantity in (found.cores, found.unified.heap, found.task_cpus)
               if quantity.setting is not None and quantity.setting.ref is not None]
    if not written:
        return
    region = found.unified
    if region.unified <= 0:
        return  # a heap at or below the reserved 300 MiB: SL101 heap-below-minimum
    # The heap that gives every task the minimum: tasks × minimum / fraction + reserved, rounded up to 1 GiB.
    needed = -(-int(found.tasks * options.min_bytes / region.fraction.value + region.reserved)
               // (1024 * MIB)) if region.fraction.value > 0 else 0
    yield Hit(
        f"each of the {found.tasks} tasks an executor runs at once gets about {_mib(found.per_task)} of unified "
        f"memory, below min_task_memory={options.min_task_memory}: ({_mib(region.heap.bytes)} heap "
        f"[{region.heap.source}] − {_mib(region.reserved)} reserved) × {region.fraction.value:g} spark.memory.fraction "
        f"[{region.fraction.source}] = {_mib(region.unified)}, shared by {found.cores.value} cores "
        f"[{found.cores.source}] / {found.task_cpus.value} spark.task.cpus",
        f"Give executors more memory (spark.executor.memory={needed}g for {found.cores.value} cores) or "
        "fewer cores each.",
        at=written[0], related=tuple(written[1:]))


RULE = Rule(
    id="SL106",
    name="task-memory-too-small",
    severity="warning",
    summary="Executor unified memory per concurrent task below min_task_memory (256m).",
    check=check,
    docs=__doc__ or "",
    options=Options,
    keys=('spark.executor.memory',),
)
