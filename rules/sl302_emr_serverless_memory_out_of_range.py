"""SL302 emr-serverless-memory-out-of-range: driver or executor memory no worker of its vCPU fits.

## What it flags
On EMR Serverless, a driver or executor whose heap (`spark.driver.memory` / `spark.executor.memory`)
plus memory overhead (`spark.emr-serverless.memoryOverheadFactor`, 10% by default, at least 384 MiB)
is outside the memory range of a worker with its vCPU (`spark.driver.cores` / `spark.executor.cores`):
1 vCPU 2-8 GB, 2 vCPU 4-16 GB, 4 vCPU 8-30 GB, 8 vCPU 16-60 GB, 16 vCPU 32-120 GB.

## Why is this bad?
Above the maximum, no worker holds the container: third-party reports say the job fails to start
(4 vCPU with `spark.driver.memory=28G` asks for 28 + 2.8 = 30.8 GB > 30 GB; 27G works). Below the
minimum (reported when `spark.{driver,executor}.cores` is written too), the worker is billed at the
tier's minimum, so the memory between is paid for and unused.
Both facts come from third-party sources, not the AWS docs, hence a warning (AWS documents the ranges
and that the overhead must fit). How heap + overhead between two 4 or 8 GB steps of 8 and 16 vCPU
workers is rounded is not documented.

## Example
```json job.json
{"jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
  "sparkSubmitParameters": "--conf spark.driver.cores=4 --conf spark.driver.memory=28g"}}}
```

## Use instead
```json job.json
{"jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
  "sparkSubmitParameters": "--conf spark.driver.cores=4 --conf spark.driver.memory=27g"}}}
```

## Options
None.

## References
- Worker sizes and leaving room for the overhead (27 GB heap on a 30 GB worker):
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/app-behavior.html
- `spark.emr-serverless.memoryOverheadFactor` (0.1): https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
- Failure above the maximum [T]: aws-samples/aws-emr-utilities PR #96 ("fix driver memory for 4vCPU
  workers"); billing at the minimum, rounded up to whole GB [T]: shared/reference/platforms.md §1.4.
- Overhead formula: Spark `core/src/main/scala/org/apache/spark/resource/ResourceProfile.scala`.
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge import emr_serverless, emr_workers, memory
from sparklint.knowledge.units import GIB
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def _sizes(worker: memory.Worker) -> str:
    heap, extra = worker.container.heap, worker.container.overhead
    written = f"{heap.setting.value.strip()} heap" if heap.setting is not None else f"{heap.mib} MiB heap"
    if extra.explicit or extra.factor is None:
        why = extra.quantity.source
    else:
        why = f"{extra.quantity.source}, factor from {extra.factor.source}"
    return f"{written} [{heap.source}] + {extra.quantity.mib} MiB overhead ({why}) = {worker.needed / GIB:.1f} GB"


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    for role in memory.ROLES:
        worker = memory.emr_serverless_worker(config, role)
        if worker is None:
            continue
        heap_setting, cpu_setting = worker.container.heap.setting, worker.cpu.setting
        written = [setting for setting in (heap_setting, worker.container.overhead.quantity.setting, cpu_setting)
                   if setting is not None and setting.ref is not None and emr_serverless.reported_here(config, setting)]
        if not written:
            continue
        tier = emr_workers.tier(worker.cpu.value)
        cpu, memory_key = worker.cpu.value, f"spark.{role}.memory"
        if worker.fitted is None:
            largest = memory.largest_heap_mib(worker.container.overhead, tier.max_memory)
            bigger = next((found.cpu for found in emr_workers.TIERS.values() if found.max_memory >= worker.needed), None)
            other = f", or use {bigger} vCPU {role}s (spark.{role}.cores={bigger})" if bigger else ""
            yield Hit(
                f"no {cpu} vCPU worker holds this {role}: {_sizes(worker)} is above the "
                f"{tier.max_memory // GIB} GB maximum for {cpu} vCPU [{worker.cpu.source}] "
                f"({emr_workers.GRID_DOC}); third-party reports say the job then fails to start",
                f"Lower {memory_key} to {_heap(largest)}{other}.",
                at=written[0], related=tuple(written[1:]))
        elif worker.needed < tier.min_memory and cpu_setting is not None and cpu_setting.ref is not None:
            # Only when the vCPU count is written too: with the platform's default of 4 the job made no
            # choice of worker to fault, and a small heap on a default worker is common and deliberate.
            largest = memory.largest_heap_mib(worker.container.overhead, tier.min_memory)
            yield Hit(
                f"worker {cpu} vCPU / {tier.min_memory // GIB} GB billed: {_sizes(worker)} is below the "
                f"{tier.min_memory // GIB} GB minimum for {cpu} vCPU [{worker.cpu.source}] ({emr_workers.GRID_DOC}), "
                "and third-party reports say the worker is billed at that minimum",
                f"Raise {memory_key} to {_heap(largest)} to use the memory you pay for, or lower spark.{role}.cores.",
                at=written[0], related=tuple(written[1:]))


def _heap(mib: int) -> str:
    return f"{mib // 1024}g" if mib >= 1024 else f"{mib}m"


RULE = Rule(
    id="SL302",
    name="emr-serverless-memory-out-of-range",
    severity="warning",
    summary="EMR Serverless driver/executor heap + overhead outside the worker memory range for its vCPU.",
    check=check,
    docs=__doc__ or "",
    platforms=("emr-serverless",),
)
