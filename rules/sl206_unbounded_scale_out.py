"""SL206 unbounded-scale-out: dynamic allocation turned on without a ceiling.

## What it flags
On EMR Serverless, `spark.dynamicAllocation.enabled=true` written in the job (a `--conf` in
`sparkSubmitParameters`, a `spark-defaults` classification, a Livy `conf`), with no
`spark.dynamicAllocation.maxExecutors` anywhere and no known capacity cap: an application
`maximumCapacity` linted in the same run, or `[emr-serverless.maximum-capacity]` in the sparklint
configuration. Dynamic allocation that is on only by the platform's default is left alone, and so are
YARN, EMR on EC2, standalone and Kubernetes: there the cluster's nodes cap the executors (pods beyond
them stay Pending unless a cluster autoscaler adds nodes, which a job file does not show).

## Why is this bad?
`maxExecutors` defaults to Int.MaxValue ("infinity"; EMR Serverless documents `infinity` from release
6.10.0): a stage with many pending tasks makes Spark ask for enough executors to run them all at once,
and EMR Serverless creates workers until the application's `maximumCapacity`, billing each one. This is
advice (severity info), not an error.

## Example
```json job.json
{"jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
  "sparkSubmitParameters": "--conf spark.dynamicAllocation.enabled=true"}}}
```

## Use instead
```json job.json
{"jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
  "sparkSubmitParameters": "--conf spark.dynamicAllocation.enabled=true --conf spark.dynamicAllocation.maxExecutors=20"}}}
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/internal/config/package.scala`: maxExecutors defaults
  to Int.MaxValue; docs/configuration.md, Dynamic Allocation ("infinity").
- Spark `core/src/main/scala/org/apache/spark/ExecutorAllocationManager.scala`: the target grows with
  pending tasks, capped only by maxExecutors.
- EMR Serverless `maximumCapacity` caps all workers of an application: botocore
  `botocore/data/emr-serverless/2021-07-13/service-2.json`; maxExecutors `infinity` from 6.10.0:
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.executors import MAX, dynamic_allocation
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

# Platforms that add workers whenever Spark asks (a cluster's nodes cap the others).
_ELASTIC = ("emr-serverless",)

def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if config.platform not in _ELASTIC or config.capacity is not None or config.effective(MAX) is not None:
        return
    allocation = dynamic_allocation(config)
    if allocation is None or not allocation.enabled:
        return
    enabled = allocation.setting
    if enabled is None or enabled.ref is None:
        return
    yield Hit(
        f"dynamic allocation is {allocation.reason} with no spark.dynamicAllocation.maxExecutors and no known "
        "capacity cap, so Spark may request executors without limit (maxExecutors defaults to Int.MaxValue)",
        "Set spark.dynamicAllocation.maxExecutors to the most executors this job should ever use.",
        at=enabled,
    )


RULE = Rule(
    id="SL206",
    name="unbounded-scale-out",
    severity="info",
    summary="EMR Serverless job turns dynamic allocation on with no maxExecutors and no known capacity cap.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.dynamicAllocation.enabled',),
)
