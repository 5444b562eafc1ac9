"""SL304 emr-serverless-disk-over-capacity: the job's workers need more disk than the application allows.

## What it flags
On EMR Serverless, the disk of the driver plus the disk of every executor the job starts is above the
application's `maximumCapacity.disk`. Each worker takes `spark.emr-serverless.driver.disk` /
`spark.emr-serverless.executor.disk` (20 GB each by default), and the executors counted are those
Spark starts: max(minExecutors, initialExecutors, spark.executor.instances) under dynamic allocation
(on by default on EMR Serverless). The application's capacity comes from a `CreateApplication` body
or CloudFormation template linted in the same run, or from `[emr-serverless.maximum-capacity]` in the
sparklint configuration.

## Why is this bad?
`maximumCapacity` caps the total of all workers of the application, drivers included. Once the disk
cap is reached no worker is added: the driver logs `ApplicationMaxCapacityExceededException ...
[disk: 150 GB]`, keeps retrying, and the job runs with fewer executors than asked for (1 driver + 10
executors of 20 GB on a 150 GB cap get at most 6 executors).

## Example
```json app.json
{"name": "analytics", "releaseLabel": "emr-7.1.0", "type": "SPARK",
 "maximumCapacity": {"cpu": "400vCPU", "memory": "3000GB", "disk": "150GB"}}
```
```json session.json
{"driverMemory": "4G", "driverCores": 1, "executorMemory": "4G", "executorCores": 2, "numExecutors": 10}
```
```toml .sparklint.toml
platform = "emr-serverless"
```

## Use instead
```json app.json
{"name": "analytics", "releaseLabel": "emr-7.1.0", "type": "SPARK",
 "maximumCapacity": {"cpu": "400vCPU", "memory": "3000GB", "disk": "300GB"}}
```
```json session.json
{"driverMemory": "4G", "driverCores": 1, "executorMemory": "4G", "executorCores": 2, "numExecutors": 10}
```
```toml .sparklint.toml
platform = "emr-serverless"
```

## Options
None.

## References
- EMR Serverless defaults (`spark.emr-serverless.driver.disk` / `executor.disk` 20G):
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
- `maximumCapacity` caps all workers of the application: botocore
  `botocore/data/emr-serverless/2021-07-13/service-2.json`; app-behavior.html.
- Executors at start: Spark `core/src/main/scala/org/apache/spark/util/Utils.scala`,
  `getDynamicAllocationInitialExecutors`.
"""

from __future__ import annotations

from typing import Iterator, Optional

from sparklint.knowledge import emr_serverless
from sparklint.knowledge.executors import INITIAL, INSTANCES, MIN, executors_at_start
from sparklint.knowledge.units import GIB
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule


def _gb(count: int) -> str:
    return f"{count / GIB:g} GB"


def _disk(config: JobConfig, key: str) -> Optional[tuple[int, Setting]]:
    setting = config.effective(key)
    if setting is None:
        return None
    try:
        return emr_serverless.worker_disk_bytes(setting.value), setting
    except ValueError:
        return None


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    capacity = config.capacity
    if config.platform != "emr-serverless" or capacity is None or capacity.disk is None:
        return
    driver, executor, start = (_disk(config, emr_serverless.DRIVER_DISK_KEY),
                               _disk(config, emr_serverless.EXECUTOR_DISK_KEY), executors_at_start(config))
    if driver is None or executor is None or start is None:
        return
    (driver_disk, driver_setting), (executor_disk, executor_setting), (executors, why) = driver, executor, start
    needed = driver_disk + executors * executor_disk
    if needed <= capacity.disk:
        return
    fit = max(0, (capacity.disk - driver_disk) // executor_disk) if executor_disk > 0 else executors
    yield Hit(
        f"needs {_gb(needed)} of disk to start but the application allows {_gb(capacity.disk)} "
        f"[{capacity.describe()}]: driver {_gb(driver_disk)} [{driver_setting.describe()}] + {executors} "
        f"executors × {_gb(executor_disk)} [{executor_setting.describe()}] ({why}); only {fit} executor"
        f"{'s' if fit != 1 else ''} fit, the rest wait on ApplicationMaxCapacityExceededException",
        f"Ask for at most {fit} executors, lower spark.emr-serverless.executor.disk, or raise the "
        f"application's maximumCapacity disk to at least {_gb(needed)}.",
        at=_count_setting(config),
    )


def _count_setting(config: JobConfig) -> Optional[Setting]:
    """The written setting that decides the executor count, to point the finding at."""
    for key in (INSTANCES, INITIAL, MIN):
        setting = config.effective(key)
        if setting is not None and setting.ref is not None:
            return setting
    return None


RULE = Rule(
    id="SL304",
    name="emr-serverless-disk-over-capacity",
    severity="warning",
    summary="Driver + executors' disk above the EMR Serverless application's maximumCapacity disk.",
    check=check,
    docs=__doc__ or "",
)
