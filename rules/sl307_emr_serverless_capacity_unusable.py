"""SL307 emr-serverless-capacity-unusable: an EMR Serverless application whose capacity cannot work as written.

## What it flags
A Spark application (`CreateApplication` body or CloudFormation `AWS::EMRServerless::Application`):
- an `initialCapacity` worker that is not an EMR Serverless worker size: vCPU other than 1, 2, 4, 8 or
  16, or memory outside that size's range or step (4 vCPU: 8-30 GB in 1 GB steps; 8 vCPU: 16-60 GB in
  4 GB steps; ...). 32 vCPU workers are not checked: that tier appears only in third-party notes;
- pre-initialized workers (`initialCapacity`) that add up to more vCPU, memory or disk than
  `maximumCapacity`;
- a `maximumCapacity` that cannot hold one driver and one executor. Their sizes are the
  `initialCapacity` DRIVER / EXECUTOR sizes when given, else the EMR Serverless default worker:
  4 vCPU (default cores), 20 GB disk (default disk), 16 GB memory (the default 14G heap plus the
  documented 10% overhead is 15.4 GB, and the smallest 4 vCPU worker that holds it is 16 GB). When the
  application's `runtimeConfiguration` sets driver or executor cores or memory, and `initialCapacity`
  does not give that worker, this last check is skipped. A worker without `disk` counts 20 GB, the
  smallest disk a worker can have.

## Why is this bad?
`maximumCapacity` caps the total of all workers of the application, pre-initialized ones and drivers
included, and AWS documents the worker sizes as a fixed grid. Pre-initialized workers above the cap or
off the grid cannot all be started (whether CreateApplication refuses them or EMR Serverless starts
fewer is not documented); an application that cannot hold a driver and an executor starts no executor,
and its jobs keep retrying on `ApplicationMaxCapacityExceededException`.

## Example
```json app.json
{"name": "etl", "releaseLabel": "emr-7.1.0", "type": "SPARK",
 "maximumCapacity": {"cpu": "2vCPU", "memory": "4GB"}}
```

## Use instead
```json app.json
{"name": "etl", "releaseLabel": "emr-7.1.0", "type": "SPARK",
 "maximumCapacity": {"cpu": "8vCPU", "memory": "32GB"}}
```

## Options
None.

## References
- Worker sizes: https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/app-behavior.html
  (#worker-configs); CloudFormation `WorkerConfiguration` ("Each worker can have 1, 2, 4, 8, or 16 vCPUs").
- `maximumCapacity` caps all workers, pre-initialized ones included: botocore
  `botocore/data/emr-serverless/2021-07-13/service-2.json`; https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/pre-init-capacity.html
- Default cores 4, heap 14G, disk 20G, overhead factor 0.1:
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
"""

from __future__ import annotations

from typing import Iterator, Optional

from sparklint.knowledge import emr_serverless, emr_workers
from sparklint.knowledge.emr_serverless import gb
from sparklint.model import Capacity, JobConfig, WorkerConfig
from sparklint.records import Record
from sparklint.rule import Hit, NoOptions, Rule

_SIZE_KEYS = {"DRIVER": ("spark.driver.cores", "spark.driver.memory"),
              "EXECUTOR": ("spark.executor.cores", "spark.executor.memory")}


class Size(Record):
    cpu: int
    memory: int  # bytes
    disk: int  # bytes
    source: str


def _size(worker: WorkerConfig, source: str) -> Size:
    return Size(worker.cpu or 0, worker.memory or 0, worker.disk or emr_serverless.DEFAULT_WORKER_DISK, source)


def _over(capacity: Capacity, need: Size) -> list[str]:
    """`7 vCPU > 4 vCPU` for each limit of `capacity` that `need` is above."""
    over = []
    if capacity.cpu is not None and need.cpu > capacity.cpu:
        over.append(f"{need.cpu} vCPU > {capacity.cpu} vCPU")
    if capacity.memory is not None and need.memory > capacity.memory:
        over.append(f"{gb(need.memory)} > {gb(capacity.memory)} memory")
    if capacity.disk is not None and need.disk > capacity.disk:
        over.append(f"{gb(need.disk)} > {gb(capacity.disk)} disk")
    return over


def _role(config: JobConfig, role: str) -> Optional[Size]:
    """The size of one `role` worker: its initialCapacity entry, else the default (None when unknown)."""
    for worker in config.initial_capacity:
        if worker.worker_type == role and worker.cpu is not None and worker.memory is not None:
            return _size(worker, "initialCapacity")
    if any(setting.ref is not None for key in _SIZE_KEYS[role] for setting in config.all(key)):
        return None
    return Size(emr_serverless.DEFAULT_WORKER_CPU, emr_serverless.DEFAULT_WORKER_MEMORY,
                emr_serverless.DEFAULT_WORKER_DISK, "default")


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if emr_serverless.application_type(config) not in ("", "SPARK"):
        return
    for worker in config.initial_capacity:
        if worker.cpu is None or worker.memory is None or worker.cpu in emr_workers.UNVERIFIED_CPUS:
            continue
        problem = emr_workers.grid_problem(worker.cpu, worker.memory)
        if problem is not None:
            yield Hit(f"initialCapacity {worker.worker_type} workers are not an EMR Serverless worker size: "
                      f"{problem} ({emr_workers.GRID_DOC})",
                      "Use a size from the worker grid (e.g. 4 vCPU with 8-30 GB).", at=worker.ref)
    capacity = config.capacity
    if capacity is None:
        return
    workers = [worker for worker in config.initial_capacity if worker.cpu is not None and worker.memory is not None]
    total = Size(sum(w.count * w.cpu for w in workers), sum(w.count * w.memory for w in workers),
                 sum(w.count * _size(w, "").disk for w in workers), "initialCapacity")
    over = _over(capacity, total)
    if workers and over:
        yield Hit(f"the pre-initialized workers need more than maximumCapacity [{capacity.describe()}]: "
                  f"{'; '.join(over)} (initialCapacity {_describe(workers)}; maximumCapacity caps all workers, "
                  f"pre-initialized ones included)",
                  "Raise maximumCapacity or pre-initialize fewer or smaller workers.", at=capacity.ref)
        return
    driver, executor = _role(config, "DRIVER"), _role(config, "EXECUTOR")
    if driver is None or executor is None:
        return
    pair = Size(driver.cpu + executor.cpu, driver.memory + executor.memory, driver.disk + executor.disk, "")
    over = _over(capacity, pair)
    if over:
        defaults = f"; {emr_serverless.DEFAULT_WORKER_DOC}" if "default" in (driver.source, executor.source) else ""
        yield Hit(f"maximumCapacity [{capacity.describe()}] cannot hold one driver and one executor, so a job "
                  f"with these worker sizes never gets an executor: {'; '.join(over)} (driver {_show(driver)}, "
                  f"executor {_show(executor)}{defaults})",
                  f"Raise maximumCapacity to at least {pair.cpu} vCPU / {gb(pair.memory)}"
                  f"{f' / {gb(pair.disk)} disk' if capacity.disk is not None else ''}.", at=capacity.ref)


def _describe(workers: list[WorkerConfig]) -> str:
    return ", ".join(f"{w.count} {w.worker_type} × {w.cpu} vCPU / {gb(w.memory or 0)}" for w in workers)


def _show(size: Size) -> str:
    return f"{size.cpu} vCPU / {gb(size.memory)} / {gb(size.disk)} disk [{size.source}]"


RULE = Rule(
    id="SL307",
    name="emr-serverless-capacity-unusable",
    severity="error",
    summary="EMR Serverless application: initialCapacity off the worker grid or above maximumCapacity, or "
            "maximumCapacity too small for a driver and one executor.",
    check=check,
    docs=__doc__ or "",
    kinds=("application",),
)
