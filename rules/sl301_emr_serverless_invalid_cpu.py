"""SL301 emr-serverless-invalid-cpu: a driver or executor core count that is not an EMR Serverless worker size.

## What it flags
On EMR Serverless, `spark.driver.cores` or `spark.executor.cores` (also `--driver-cores`,
`--executor-cores`, Livy's `driverCores` / `executorCores`, an application's `runtimeConfiguration`)
set to a number other than 1, 2, 4, 8 or 16. The vCPU of each driver and executor worker is taken from
these settings, and EMR Serverless workers come only in those sizes.

32 is not flagged: a 32 vCPU tier appears in third-party notes but not in the AWS pages read, so
sparklint neither accepts nor rejects it; every message of this rule says so.

## Why is this bad?
AWS documents the worker sizes as "Each worker can have 1, 2, 4, 8, or 16 vCPUs"; a job that asks for
another size, such as 3 or 6 cores, does not get a worker of that size.

## Example
```json job.json
{"applicationId": "00abc", "jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
 "sparkSubmitParameters": "--conf spark.executor.cores=6 --conf spark.executor.memory=20g"}}}
```

## Use instead
```json job.json
{"applicationId": "00abc", "jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
 "sparkSubmitParameters": "--conf spark.executor.cores=8 --conf spark.executor.memory=20g"}}}
```

## Options
None.

## References
- Worker sizes: https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/app-behavior.html
  (#worker-configs) and the CloudFormation `WorkerConfiguration` page ("Each worker can have 1, 2, 4, 8,
  or 16 vCPUs"): https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-emrserverless-application-workerconfiguration.html
- vCPU of a worker from `spark.driver.cores` / `spark.executor.cores`, defaults 4:
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge import emr_serverless, emr_workers
from sparklint.knowledge.units import parse_int
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

_ROLES = ((emr_serverless.DRIVER_CORES_KEY, "driver"), (emr_serverless.EXECUTOR_CORES_KEY, "executor"))


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if config.platform != "emr-serverless":
        return
    for key, role in _ROLES:
        found = emr_serverless.read_setting(config, key, parse_int)
        if found is None:
            continue
        cores, setting = found
        if cores in emr_workers.VALID_CPUS or cores in emr_workers.UNVERIFIED_CPUS or setting.ref is None \
                or not emr_serverless.reported_here(config, setting):
            continue
        nearest = min(emr_workers.VALID_CPUS, key=lambda cpu: (abs(cpu - cores), -cpu))
        yield Hit(
            f"{key}={cores} [{setting.describe()}] is not an EMR Serverless worker size: the {role} worker's "
            f"vCPU comes from this setting and workers have {emr_workers.cpus_text()} vCPU "
            f"({emr_workers.GRID_DOC}; {emr_workers.UNVERIFIED_CPUS_NOTE})",
            f"Set {key} to {nearest} (or another of {emr_workers.cpus_text()}).",
            at=setting,
        )


RULE = Rule(
    id="SL301",
    name="emr-serverless-invalid-cpu",
    severity="error",
    summary="spark.driver.cores / spark.executor.cores not in 1, 2, 4, 8, 16 on EMR Serverless.",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "session", "defaults", "application"),
    platforms=("emr-serverless",),
)
