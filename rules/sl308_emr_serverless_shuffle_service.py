"""SL308 emr-serverless-shuffle-service: the external shuffle service turned on for EMR Serverless.

## What it flags
`spark.shuffle.service.enabled=true` in a job, session or application that runs on EMR Serverless.

## Why is this bad?
EMR Serverless does not support the external shuffle service, so the setting asks for something the
workers do not provide. AWS's samples repository (aws-samples/emr-serverless-samples,
`Best_Practices.md`) says so "as of Nov 2024"; the official EMR Serverless user guide pages read do not
discuss it, which is why this is a warning and the message names its source. What a job does with the
setting on is not documented either.

## Example
```json job.json
{"applicationId": "00abc", "jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
 "sparkSubmitParameters": "--conf spark.shuffle.service.enabled=true"}}}
```

## Use instead
```json job.json
{"applicationId": "00abc", "jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py",
 "sparkSubmitParameters": "--conf spark.dynamicAllocation.maxExecutors=20"}}}
```

## Options
None.

## References
- aws-samples/emr-serverless-samples `Best_Practices.md` (AWS samples, not the official docs):
  https://github.com/aws-samples/emr-serverless-samples
- EMR Serverless Spark defaults (dynamic allocation on, no shuffle service key):
  https://docs.aws.amazon.com/emr/latest/EMR-Serverless-UserGuide/jobs-spark.html
- `spark.shuffle.service.enabled`: Spark `core/src/main/scala/org/apache/spark/internal/config/package.scala`.
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge import emr_serverless
from sparklint.knowledge.units import parse_bool
from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if config.platform != "emr-serverless":
        return
    setting = config.effective(emr_serverless.SHUFFLE_SERVICE_KEY)
    if setting is None or setting.ref is None or is_templated(setting.value) \
            or not emr_serverless.reported_here(config, setting):
        return
    try:
        enabled = parse_bool(setting.value)
    except ValueError:
        return
    if enabled:
        yield Hit(
            f"{emr_serverless.SHUFFLE_SERVICE_KEY}=true [{setting.describe()}], but EMR Serverless does not "
            f"run an external shuffle service (source: {emr_serverless.SHUFFLE_SERVICE_DOC})",
            f"Remove {emr_serverless.SHUFFLE_SERVICE_KEY} or set it to false.",
            at=setting,
        )


RULE = Rule(
    id="SL308",
    name="emr-serverless-shuffle-service",
    severity="warning",
    summary="spark.shuffle.service.enabled=true on EMR Serverless, which has no external shuffle service.",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "session", "defaults", "application"),
    keys=('spark.shuffle.service.enabled',),
    platforms=("emr-serverless",),
)
