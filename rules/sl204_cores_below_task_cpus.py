"""SL204 cores-below-task-cpus: executors with fewer cores than one task needs.

## What it flags
`spark.task.cpus` above the cores of an executor: `spark.executor.cores` (spark-submit
`--executor-cores`, Livy `executorCores`, SparkApplication `spec.executor.cores`), or, with a `local` /
`local[N]` master, the N threads. When `spark.executor.cores` is not set its default is used only where
it is known: 1 on YARN and Kubernetes (standalone gives an executor all the worker's cores).

## Why is this bad?
No task could ever be scheduled, so Spark refuses to start the SparkContext: "The number of cores per
executor (=1) has to be >= the number of cpus per task = 2." In local mode both counts are checked:
`local[2]` with `spark.executor.cores=1` and `spark.task.cpus=2` fails too.

## Example
```conf spark-defaults.conf
spark.master          yarn
spark.executor.cores  1
spark.task.cpus       2
```

## Use instead
```conf spark-defaults.conf
spark.master          yarn
spark.executor.cores  4
spark.task.cpus       2
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/SparkContext.scala` (resource checks when the context
  starts; checked with pyspark 3.5.9: tests/test_oracle_dynamic_allocation.py).
- Defaults: docs/configuration.md, `spark.executor.cores` ("1 in YARN mode, all the available cores on
  the worker in standalone mode") and `spark.task.cpus` (1; a decimal from Spark 4.3).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.executors import cores_per_executor, task_cpus
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    cpus = task_cpus(config)
    if cpus is None:
        return
    needed, cpus_setting = cpus
    for cores in cores_per_executor(config):
        if cores.value >= needed or cores.value < 1:
            continue
        # Point at what the user wrote: the task's CPUs first, else the cores.
        at = cpus_setting if cpus_setting is not None and cpus_setting.ref is not None else cores.setting
        if at is None or at.ref is None:
            continue
        where = f" [{cpus_setting.describe()}]" if cpus_setting is not None else ""
        yield Hit(
            f"Spark refuses to start (\"The number of cores per executor (={cores.value}) has to be >= the number "
            f"of cpus per task = {needed}\"): executors have {cores.value} core{'s' if cores.value != 1 else ''} "
            f"[{cores.source}] but each task needs spark.task.cpus={needed}{where}",
            f"Set spark.executor.cores to at least {needed}, or lower spark.task.cpus to {cores.value}.",
            at=at,
            related=(cores.setting,) if cores.setting is not None and cores.setting is not at else (),
        )
        return


RULE = Rule(
    id="SL204",
    name="cores-below-task-cpus",
    severity="error",
    summary="spark.executor.cores (or local[N] threads) below spark.task.cpus.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.task.cpus',),
)
