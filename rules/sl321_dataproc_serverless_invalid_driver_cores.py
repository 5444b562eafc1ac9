"""SL321 dataproc-serverless-invalid-driver-cores: a Dataproc Serverless driver core count Google does not offer.

## What it flags
On Dataproc Serverless (a batch's `runtimeConfig.properties`, `gcloud dataproc batches submit
--properties`, Terraform `google_dataproc_batch`, a BigQuery Spark procedure's `spark_options`),
`spark.driver.cores` set to a number other than 4, 8 or 16.

`spark.executor.cores` is not checked: its allowed values were not found on a Google page read for
sparklint (knowledge/dataproc.py lists what is unverified).

## Why is this bad?
Google's Serverless properties page gives `spark.driver.cores` the "Valid values: 4, 8, 16" (default 4):
Dataproc Serverless sizes the driver's node from it, and other counts are not a driver size it has.

## Example
```json batch.json
{"pysparkBatch": {"mainPythonFileUri": "gs://bucket/job.py"},
 "runtimeConfig": {"version": "2.2", "properties": {"spark.driver.cores": "2"}}}
```

## Use instead
```json batch.json
{"pysparkBatch": {"mainPythonFileUri": "gs://bucket/job.py"},
 "runtimeConfig": {"version": "2.2", "properties": {"spark.driver.cores": "4"}}}
```

## Options
None.

## References
- https://cloud.google.com/dataproc-serverless/docs/concepts/properties (resource allocation properties:
  `spark.driver.cores`, "Valid values: 4, 8, 16", default 4).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge import dataproc
from sparklint.knowledge.units import parse_int
from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if config.platform != "dataproc-serverless":
        return
    setting = config.effective(dataproc.DRIVER_CORES_KEY)
    if setting is None or setting.ref is None or is_templated(setting.value):
        return
    try:
        cores = parse_int(setting.value)
    except ValueError:
        return  # not a number: SL006's business
    allowed = dataproc.DRIVER_CORES_ALLOWED
    if cores in allowed:
        return
    nearest = min(allowed, key=lambda valid: (abs(valid - cores), -valid))
    shown = ", ".join(str(valid) for valid in allowed)
    yield Hit(
        f"spark.driver.cores={cores} is not a Dataproc Serverless driver size: the valid values are {shown} "
        f"(default 4, {dataproc.SERVERLESS_PROPERTIES_DOC})",
        f"Set spark.driver.cores to {nearest} (or another of {shown}).",
        at=setting,
    )


RULE = Rule(
    id="SL321",
    name="dataproc-serverless-invalid-driver-cores",
    severity="error",
    summary="spark.driver.cores not in 4, 8, 16 on Dataproc Serverless.",
    check=check,
    docs=__doc__ or "",
    keys=(dataproc.DRIVER_CORES_KEY,),
    platforms=("dataproc-serverless",),
)
