"""SL412 standalone-executor-larger-than-worker: executors bigger than every worker of the compose file's cluster.

## What it flags
A spark-submit run in a docker-compose service against the file's own standalone Master
(`--master spark://spark-master:7077`) that asks for more executor memory (`spark.executor.memory`,
`--executor-memory`, 1g by default) or more cores (`spark.executor.cores`, `--executor-cores`) than any
worker service registered with that Master offers (`SPARK_WORKER_MEMORY`, `SPARK_WORKER_CORES`). Only
when every worker of the file names its Master and none of them could take one executor.

## Why is this bad?
The standalone Master places an executor only on a worker whose free memory and free cores cover one
executor (`canLaunchExecutor` in `startExecutorsOnWorkers`). When no worker is that big, it logs "App
... requires more resource than any of Workers could have." and the application waits for ever with no
executors: the driver repeats "Initial job has not accepted any resources". A warning, because a worker
started outside this file could still register with the same Master.

## Example
```yaml docker-compose.yml
services:
  spark-master:
    image: bitnami/spark:3.5
    environment:
      - SPARK_MODE=master
  spark-worker:
    image: bitnami/spark:3.5
    environment:
      - SPARK_MODE=worker
      - SPARK_MASTER_URL=spark://spark-master:7077
      - SPARK_WORKER_MEMORY=1G
      - SPARK_WORKER_CORES=2
  job:
    image: bitnami/spark:3.5
    command: spark-submit --master spark://spark-master:7077 --executor-memory 2g /app/job.py
```

## Use instead
```yaml docker-compose.yml
services:
  spark-master:
    image: bitnami/spark:3.5
    environment:
      - SPARK_MODE=master
  spark-worker:
    image: bitnami/spark:3.5
    environment:
      - SPARK_MODE=worker
      - SPARK_MASTER_URL=spark://spark-master:7077
      - SPARK_WORKER_MEMORY=4G
      - SPARK_WORKER_CORES=2
  job:
    image: bitnami/spark:3.5
    command: spark-submit --master spark://spark-master:7077 --executor-memory 2g /app/job.py
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/deploy/master/Master.scala` (`startExecutorsOnWorkers`:
  usable workers need `memoryFree >= memoryPerExecutorMB` and `coresFree >= coresPerExecutor`, else
  "requires more resource than any of Workers could have").
- Spark `core/src/main/scala/org/apache/spark/deploy/worker/WorkerArguments.scala` (`SPARK_WORKER_MEMORY`
  through `Utils.memoryStringToMb`, `SPARK_WORKER_CORES`).
- Spark docs/spark-standalone.md (SPARK_WORKER_MEMORY, SPARK_WORKER_CORES).
"""

from __future__ import annotations

from typing import Iterator, Optional

from sparklint.knowledge.memory import heap, is_unitless
from sparklint.knowledge.standalone import MASTER_SOURCE, StandaloneWorker, same_master
from sparklint.knowledge.units import parse_int
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    workers: list[StandaloneWorker] = config.standalone_workers
    master = config.effective("spark.master")
    if not workers or master is None:
        return
    attached = [worker for worker in workers if same_master(worker.master_url, master.value)]
    executor_heap = heap(config, "executor")
    if not attached or executor_heap is None or (executor_heap.setting is not None and is_unitless(executor_heap.setting.value)):
        return
    cores_setting = config.effective("spark.executor.cores")
    cores = _count(cores_setting) if cores_setting is not None else 1
    if cores is None:
        return
    if any(_fits(worker, executor_heap.mib, cores) for worker in attached):
        return
    if all(worker.memory_mib is not None and worker.memory_mib < executor_heap.mib for worker in attached):
        largest = max(attached, key=lambda worker: worker.memory_mib or 0)
        assert largest.memory is not None
        wanted = f"{executor_heap.mib} MiB of heap [{executor_heap.source}]"
        offered = f"{largest.memory_mib} MiB (SPARK_WORKER_MEMORY={largest.memory.value} of service {largest.service} " \
                  f"[{largest.memory.describe()}])"
        fix = (f"Lower the executor memory to at most {largest.memory_mib} MiB, or raise SPARK_WORKER_MEMORY to at "
               f"least {executor_heap.mib} MiB.")
        at: Optional[Setting] = executor_heap.setting if executor_heap.setting is not None else largest.memory
    elif all(worker.core_count is not None and worker.core_count < cores for worker in attached):
        largest = max(attached, key=lambda worker: worker.core_count or 0)
        assert largest.cores is not None
        wanted = f"{cores} cores [{cores_setting.describe() if cores_setting is not None else 'Spark default'}]"
        offered = f"{largest.core_count} cores (SPARK_WORKER_CORES={largest.cores.value} of service {largest.service} " \
                  f"[{largest.cores.describe()}])"
        fix = f"Lower spark.executor.cores to at most {largest.core_count}, or raise SPARK_WORKER_CORES to {cores}."
        at = cores_setting if cores_setting is not None and cores_setting.ref is not None else largest.cores
    else:
        return  # each worker lacks something else: no one number to report
    if at is None or at.ref is None:
        return
    yield Hit(f"never gets an executor: each executor needs {wanted}, and the largest worker of {master.value} in this "
              f"file offers {offered}; the standalone Master places an executor only on a worker with that much free "
              f"({MASTER_SOURCE}), so the application waits with no executors (\"Initial job has not accepted any "
              f"resources\")", fix, at=at)


def _count(setting: Setting) -> Optional[int]:
    try:
        return parse_int(setting.value)
    except ValueError:
        return None


def _fits(worker: StandaloneWorker, memory_mib: int, cores: int) -> bool:
    """Could this worker, empty, take one executor? Unknown sizes count as enough."""
    memory, core_count = worker.memory_mib, worker.core_count
    return (memory is None or memory >= memory_mib) and (core_count is None or core_count >= cores)


RULE = Rule(
    id="SL412",
    name="standalone-executor-larger-than-worker",
    severity="warning",
    summary="Executors larger than every worker of the compose file's standalone cluster.",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "session"),
)
