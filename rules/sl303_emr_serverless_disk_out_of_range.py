"""SL303 emr-serverless-disk-out-of-range: a worker disk size EMR Serverless does not offer.

## What it flags
On EMR Serverless, `spark.emr-serverless.driver.disk` or `spark.emr-serverless.executor.disk` outside
20-200 GB, or outside 20-2000 GB when the same worker's `spark.emr-serverless.driver.disk.type` /
`spark.emr-serverless.executor.disk.type` is `shuffle_optimized` (EMR 7.1.0 and later). Sizes use
Spark's size syntax (`30g`, `500G`); a bare number is read as GB, which the docs do not state.

## Why is this bad?
Each worker's ephemeral disk comes in 20-200 GB (standard) or 20-2000 GB (shuffle-optimized); a job
that asks for a size outside that range does not get a worker with that disk.

## Example
```json job.json
{"applicationId": "00abc", "jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
 "sparkSubmitParameters": "--conf spark.emr-serverless.executor.disk=500g"}}}
```

## Use instead
```json job.json
{"applicationId": "00abc", "jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
 "sparkSubmitParameters": "--conf spark.emr-serverless.executor.disk=500g --conf spark.emr-serverless.executor.disk.type=shuffle_optimized"}}}
```

## Options
None.

## References
- Disk sizes per worker (20-200 GB): https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/app-behavior.html
- Shuffle-optimized disks (20-2000 GB, EMR 7.1.0+, `disk.type`):
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-shuffle-optimized-disks.html
- `spark.emr-serverless.{driver,executor}.disk` defaults (20G):
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge import emr_serverless, emr_workers
from sparklint.knowledge.emr_serverless import gb
from sparklint.knowledge.units import GIB
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

_ROLES = ((emr_serverless.DRIVER_DISK_KEY, emr_serverless.DRIVER_DISK_TYPE_KEY, "driver"),
          (emr_serverless.EXECUTOR_DISK_KEY, emr_serverless.EXECUTOR_DISK_TYPE_KEY, "executor"))


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if config.platform != "emr-serverless":
        return
    for key, type_key, role in _ROLES:
        found = emr_serverless.read_setting(config, key, emr_serverless.worker_disk_bytes)
        if found is None or found[1].ref is None or not emr_serverless.reported_here(config, found[1]):
            continue
        disk, setting = found
        type_setting = config.effective(type_key)
        disk_type = type_setting.value.strip() if type_setting is not None else "standard"
        low, high = emr_workers.disk_range(disk_type)
        if low <= disk <= high:
            continue
        shuffle_optimized = emr_workers.disk_range(disk_type) == emr_workers.SHUFFLE_OPTIMIZED_DISK
        kind = (f"shuffle-optimized ({type_key}={disk_type} [{type_setting.describe()}])" if shuffle_optimized
                else f"standard ({type_key} is {disk_type!r})" if type_setting is not None else
                f"standard ({type_key} is not set)")
        if disk > high and not shuffle_optimized and disk <= emr_workers.SHUFFLE_OPTIMIZED_DISK[1]:
            fix = (f"Set {key} to at most {gb(high)}, or set {type_key}=shuffle_optimized (EMR 7.1.0+) "
                   f"for up to {gb(emr_workers.SHUFFLE_OPTIMIZED_DISK[1])}.")
        else:
            fix = f"Set {key} between {gb(low)} and {gb(high)}."
        yield Hit(
            f"the {role} worker asks for {gb(disk)} of disk [{setting.describe()}], but {kind} disks are "
            f"{low / GIB:g}-{gb(high)} per worker (EMR Serverless docs)",
            fix,
            at=setting,
        )


RULE = Rule(
    id="SL303",
    name="emr-serverless-disk-out-of-range",
    severity="error",
    summary="spark.emr-serverless.{driver,executor}.disk outside 20-200 GB (20-2000 GB shuffle-optimized).",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "session", "defaults", "application"),
    platforms=("emr-serverless",),
)
