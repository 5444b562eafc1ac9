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

from typing import Iterator

from sparklint.knowledge import emr_serverless
from sparklint.knowledge.emr_serverless import gb
from sparklint.knowledge.executors import executors_at_start
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    capacity = config.capacity
    if config.platform != "emr-serverless" or capacity is None or capacity.disk is None:
        return
    driver = emr_serverless.read_setting(config, emr_serverless.DRIVER_DISK_KEY, emr_serverless.worker_disk_bytes)
    executor = emr_serverless.read_setting(config, emr_serverless.EXECUTOR_DISK_KEY,
                                           emr_serverless.worker_disk_bytes)
    start = executors_at_start(config)
    if driver is None or executor is None or start is None:
        return
    (driver_disk, driver_setting), (executor_disk, executor_setting), (executors, why) = driver, executor, start
    over = emr_serverless.over_capacity(capacity.disk, driver_disk, executor_disk, executors)
    if over is None:
        return
    needed, fit = over
    yield Hit(
        emr_serverless.capacity_message(
            f"{gb(needed)} of disk", gb(capacity.disk), capacity, f"{gb(driver_disk)} [{driver_setting.describe()}]",
            executors, f"{gb(executor_disk)} [{executor_setting.describe()}]", why, fit),
        emr_serverless.capacity_fix(fit, "spark.emr-serverless.executor.disk", "disk", gb(needed)),
        at=emr_serverless.count_setting(config),
    )


RULE = Rule(
    id="SL304",
    name="emr-serverless-disk-over-capacity",
    severity="warning",
    summary="Driver + executors' disk above the EMR Serverless application's maximumCapacity disk.",
    check=check,
    docs=__doc__ or "",
    platforms=("emr-serverless",),
)
