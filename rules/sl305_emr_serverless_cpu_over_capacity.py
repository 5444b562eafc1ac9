"""SL305 emr-serverless-cpu-over-capacity: the job's workers need more vCPU than the application allows.

## What it flags
On EMR Serverless, the vCPU of the driver plus the vCPU of every executor the job starts is above the
application's `maximumCapacity.cpu`. Each worker takes `spark.driver.cores` / `spark.executor.cores`
vCPU (4 each by default), and the executors counted are those Spark starts: max(minExecutors,
initialExecutors, spark.executor.instances) under dynamic allocation (on by default on EMR Serverless).
The application's capacity comes from a `CreateApplication` body or CloudFormation template linted in
the same run, or from `[emr-serverless.maximum-capacity]` in the sparklint configuration.

## Why is this bad?
`maximumCapacity` caps the total of all workers of the application, drivers included. Once the vCPU
cap is reached no worker is added: the driver logs `ApplicationMaxCapacityExceededException ...
[cpu: 16 vCPU]`, keeps retrying, and the job runs with fewer executors than asked for (a 4 vCPU driver
+ 5 executors of 4 vCPU on a 16 vCPU cap get at most 3 executors).

## Example
```json app.json
{"name": "analytics", "releaseLabel": "emr-7.1.0", "type": "SPARK",
 "maximumCapacity": {"cpu": "16vCPU", "memory": "128GB", "disk": "400GB"}}
```
```json session.json
{"driverMemory": "8G", "driverCores": 4, "executorMemory": "8G", "executorCores": 4, "numExecutors": 5}
```
```toml .sparklint.toml
platform = "emr-serverless"
```

## Use instead
```json app.json
{"name": "analytics", "releaseLabel": "emr-7.1.0", "type": "SPARK",
 "maximumCapacity": {"cpu": "24vCPU", "memory": "128GB", "disk": "400GB"}}
```
```json session.json
{"driverMemory": "8G", "driverCores": 4, "executorMemory": "8G", "executorCores": 4, "numExecutors": 5}
```
```toml .sparklint.toml
platform = "emr-serverless"
```

## Options
None.

## References
- EMR Serverless defaults (`spark.driver.cores` / `spark.executor.cores` 4, dynamic allocation on):
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
- `maximumCapacity` caps all workers of the application: botocore
  `botocore/data/emr-serverless/2021-07-13/service-2.json`; app-behavior.html.
- Executors at start: Spark `core/src/main/scala/org/apache/spark/util/Utils.scala`,
  `getDynamicAllocationInitialExecutors`.
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge import emr_serverless
from sparklint.knowledge.executors import executors_at_start
from sparklint.knowledge.units import parse_int
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    capacity = config.capacity
    if config.platform != "emr-serverless" or capacity is None or capacity.cpu is None:
        return
    driver = emr_serverless.read_setting(config, emr_serverless.DRIVER_CORES_KEY, parse_int)
    executor = emr_serverless.read_setting(config, emr_serverless.EXECUTOR_CORES_KEY, parse_int)
    start = executors_at_start(config)
    if driver is None or executor is None or start is None:
        return
    (driver_cpu, driver_setting), (executor_cpu, executor_setting), (executors, why) = driver, executor, start
    over = emr_serverless.over_capacity(capacity.cpu, driver_cpu, executor_cpu, executors)
    if over is None:
        return
    needed, fit = over
    yield Hit(
        emr_serverless.capacity_message(
            f"{needed} vCPU", f"{capacity.cpu} vCPU", capacity, f"{driver_cpu} vCPU [{driver_setting.describe()}]",
            executors, f"{executor_cpu} vCPU [{executor_setting.describe()}]", why, fit),
        emr_serverless.capacity_fix(fit, "spark.executor.cores", "cpu", f"{needed} vCPU"),
        at=emr_serverless.count_setting(config),
    )


RULE = Rule(
    id="SL305",
    name="emr-serverless-cpu-over-capacity",
    severity="warning",
    summary="Driver + executors' vCPU above the EMR Serverless application's maximumCapacity cpu.",
    check=check,
    docs=__doc__ or "",
    platforms=("emr-serverless",),
)
