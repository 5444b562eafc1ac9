"""SL306 emr-serverless-memory-over-capacity: the job's workers need more memory than the application allows.

## What it flags
On EMR Serverless, the memory of the driver's worker plus the memory of every executor's worker the job
starts is above the application's `maximumCapacity.memory`. A worker's memory is its heap plus memory
overhead (`spark.emr-serverless.memoryOverheadFactor`, 10% by default, at least 384 MiB), raised to
the smallest worker size for its vCPU (14g heap + 10% on 4 vCPU: a 16 GB worker). The executors
counted are those Spark starts: max(minExecutors, initialExecutors, spark.executor.instances) under
dynamic allocation (on by default on EMR Serverless). The application's capacity comes from a
`CreateApplication` body or CloudFormation template linted in the same run, or from
`[emr-serverless.maximum-capacity]` in the sparklint configuration.

## Why is this bad?
`maximumCapacity` caps the total of all workers of the application, drivers included. Once the memory
cap is reached no worker is added: the driver logs `ApplicationMaxCapacityExceededException ...
[memory: 48 GB]`, keeps retrying, and the job runs with fewer executors than asked for. The rounding
of heap + overhead up to whole GB is third-party knowledge, and between the 4 and 8 GB steps of 8 and
16 vCPU workers it is not documented, hence a warning.

## Example
```json app.json
{"name": "analytics", "releaseLabel": "emr-7.1.0", "type": "SPARK",
 "maximumCapacity": {"cpu": "400vCPU", "memory": "48GB", "disk": "1000GB"}}
```
```json session.json
{"driverMemory": "14G", "driverCores": 4, "executorMemory": "14G", "executorCores": 4, "numExecutors": 3}
```
```toml .sparklint.toml
platform = "emr-serverless"
```

## Use instead
```json app.json
{"name": "analytics", "releaseLabel": "emr-7.1.0", "type": "SPARK",
 "maximumCapacity": {"cpu": "400vCPU", "memory": "64GB", "disk": "1000GB"}}
```
```json session.json
{"driverMemory": "14G", "driverCores": 4, "executorMemory": "14G", "executorCores": 4, "numExecutors": 3}
```
```toml .sparklint.toml
platform = "emr-serverless"
```

## Options
None.

## References
- Worker sizes and overhead: https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/app-behavior.html
- Defaults (14G heaps, 4 vCPU, `spark.emr-serverless.memoryOverheadFactor` 0.1, dynamic allocation on):
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
- `maximumCapacity` caps all workers of the application: botocore
  `botocore/data/emr-serverless/2021-07-13/service-2.json`.
- Executors at start: Spark `core/src/main/scala/org/apache/spark/util/Utils.scala`,
  `getDynamicAllocationInitialExecutors`.
"""

from __future__ import annotations

from typing import Iterator, Optional

from sparklint.knowledge import emr_serverless, memory
from sparklint.knowledge.executors import executors_at_start
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule


def _label(worker: memory.Worker) -> str:
    heap = worker.container.heap
    written = heap.setting.value.strip() if heap.setting is not None else f"{heap.mib}m"
    return (f"{emr_serverless.gb(memory.worker_memory_bytes(worker))} ({written} heap [{heap.source}] + "
            f"{worker.container.overhead.quantity.mib} MiB overhead on {worker.cpu.value} vCPU)")


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    capacity = config.capacity
    if config.platform != "emr-serverless" or capacity is None or capacity.memory is None:
        return
    driver, executor = memory.emr_serverless_worker(config, "driver"), memory.emr_serverless_worker(config, "executor")
    start = executors_at_start(config)
    if driver is None or executor is None or start is None:
        return
    executors, why = start
    over = emr_serverless.over_capacity(capacity.memory, memory.worker_memory_bytes(driver),
                                        memory.worker_memory_bytes(executor), executors)
    if over is None:
        return
    needed, fit = over
    yield Hit(
        emr_serverless.capacity_message(
            f"{emr_serverless.gb(needed)} of worker memory", emr_serverless.gb(capacity.memory), capacity,
            _label(driver), executors, _label(executor), why, fit),
        emr_serverless.capacity_fix(fit, "spark.executor.memory", "memory", emr_serverless.gb(needed)),
        at=emr_serverless.count_setting(config) or _written(executor.container.heap.setting),
    )


def _written(setting: Optional[Setting]) -> Optional[Setting]:
    return setting if setting is not None and setting.ref is not None else None


RULE = Rule(
    id="SL306",
    name="emr-serverless-memory-over-capacity",
    severity="warning",
    summary="Driver + executors' worker memory above the EMR Serverless application's maximumCapacity memory.",
    check=check,
    docs=__doc__ or "",
    platforms=("emr-serverless",),
)
