"""SL322 dataproc-serverless-unsupported-property: a YARN or shuffle-service property on Dataproc Serverless.

## What it flags
On Dataproc Serverless (batches, `gcloud dataproc batches submit`, Terraform `google_dataproc_batch`,
BigQuery Spark procedures), `spark.master=yarn` or `spark.shuffle.service.enabled=true`: the two
properties Google's page names as unsupported. Other YARN-related properties (`spark.yarn.*`) fall under
the same sentence but are not flagged: the page names no list of them.

## Why is this bad?
Google's Serverless properties page: Dataproc Serverless "does not support YARN-related and
shuffle-related Spark properties, such as spark.master=yarn and spark.shuffle.service.enabled. If Spark
application code sets a YARN or shuffle property, the application will fail." Serverless runs Spark on
its own resource manager and shuffle storage, not on a YARN cluster with an external shuffle service.

## Example
```json batch.json
{"sparkBatch": {"mainClass": "org.example.Main", "jarFileUris": ["gs://bucket/app.jar"]},
 "runtimeConfig": {"properties": {"spark.shuffle.service.enabled": "true"}}}
```

## Use instead
```json batch.json
{"sparkBatch": {"mainClass": "org.example.Main", "jarFileUris": ["gs://bucket/app.jar"]},
 "runtimeConfig": {"properties": {"spark.executor.instances": "4"}}}
```

## Options
None.

## References
- https://cloud.google.com/dataproc-serverless/docs/concepts/properties ("Supported Spark properties").
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge import dataproc
from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if config.platform != "dataproc-serverless":
        return
    for key, unsupported in dataproc.UNSUPPORTED.items():
        setting = config.effective(key)
        if setting is None or setting.ref is None or is_templated(setting.value):
            continue
        value = setting.value.strip().lower()
        if value != (unsupported.refused or "true"):
            continue
        yield Hit(
            f"{key}={setting.value.strip()} is {unsupported.what} Dataproc Serverless does not support: \"If Spark "
            f"application code sets a YARN or shuffle property, the application will fail\" "
            f"({dataproc.SERVERLESS_PROPERTIES_DOC})",
            f"Remove {key}: Dataproc Serverless sets the master and handles shuffle data itself.",
            at=setting,
        )


RULE = Rule(
    id="SL322",
    name="dataproc-serverless-unsupported-property",
    severity="error",
    summary="spark.master=yarn or spark.shuffle.service.enabled=true on Dataproc Serverless, which fails.",
    check=check,
    docs=__doc__ or "",
    keys=tuple(dataproc.UNSUPPORTED),
    platforms=("dataproc-serverless",),
)
