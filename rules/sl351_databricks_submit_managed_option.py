"""SL351 databricks-submit-managed-option: a Spark Submit task sets the master, deploy mode or executor cores.

## What it flags
`--master`, `--deploy-mode` or `--executor-cores` (or `--conf` of `spark.master`, `spark.submit.deployMode`,
`spark.executor.cores`) in the `spark_submit_task.parameters` of a Databricks job (Jobs API JSON, an Asset
Bundle, a dbx deployment file, Terraform `databricks_job`).

## Why is this bad?
Databricks configures these three itself for a Spark Submit task: its documentation says a task cannot
override the master, deploy-mode and executor-cores settings configured by Databricks. The value written
is not the one the job runs with, so whoever reads the parameters is misled (an executor size planned
around `--executor-cores 8` does not happen). What Databricks does with the option, ignore it or refuse
the run, is not documented, so this is a warning.

## Example
```json job.json
{"name": "etl", "tasks": [{"task_key": "main", "new_cluster": {"spark_version": "13.3.x-scala2.12",
 "node_type_id": "i3.xlarge", "num_workers": 2},
 "spark_submit_task": {"parameters": ["--executor-cores", "8", "--class", "Main", "dbfs:/etl.jar"]}}]}
```

## Use instead
```json job.json
{"name": "etl", "tasks": [{"task_key": "main", "new_cluster": {"spark_version": "13.3.x-scala2.12",
 "node_type_id": "i3.xlarge", "num_workers": 2},
 "spark_submit_task": {"parameters": ["--class", "Main", "dbfs:/etl.jar"]}}]}
```

## Options
None.

## References
- Databricks, Spark Submit task (legacy): https://docs.databricks.com/en/jobs/spark-submit.html ("You
  cannot override the master, deploy-mode, and executor-cores settings configured by Databricks"; read
  on the Japanese page docs.databricks.com/ja/jobs/spark-submit.html and
  docs.azure.cn/zh-cn/databricks/jobs/tasks/spark-submit-legacy).
- sparklint/knowledge/databricks.py.
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.databricks import SUBMIT_MANAGED, SUBMIT_MANAGED_FACT, submit_settings
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

_MANAGED_KEYS = {key: option for option, key in SUBMIT_MANAGED.items()}


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    if config.platform != "databricks" or config.databricks is None or not config.databricks.submit:
        return
    for setting in submit_settings(config):
        option = _MANAGED_KEYS.get(setting.key)
        if option is None:
            continue
        written = setting.raw_key or f"--conf {setting.key}"
        shown = f"{setting.raw_key} {setting.value}" if setting.raw_key else f"--conf {setting.key}={setting.value}"
        yield Hit(f"{shown} [{setting.describe()}]: {SUBMIT_MANAGED_FACT}, so the job does not "
                  f"run with this value",
                  f"Remove {written} from the task's parameters.", at=setting)


RULE = Rule(
    id="SL351",
    name="databricks-submit-managed-option",
    severity="warning",
    summary="A Databricks Spark Submit task sets --master, --deploy-mode or --executor-cores, which Databricks sets itself.",
    check=check,
    docs=__doc__ or "",
    kinds=("job",),
    keys=tuple(SUBMIT_MANAGED.values()),
    platforms=("databricks",),
)
