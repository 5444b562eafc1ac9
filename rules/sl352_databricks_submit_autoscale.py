"""SL352 databricks-submit-autoscale: a Spark Submit task runs on an autoscaling Databricks cluster.

## What it flags
A Databricks job task with `spark_submit_task` whose cluster (its `new_cluster`, or the job cluster its
`job_cluster_key` names) has an `autoscale { min_workers, max_workers }` block instead of `num_workers`.

## Why is this bad?
Databricks documents that spark-submit does not support cluster autoscaling: the job is sized for a
range of workers it will not get. Give the cluster a fixed `num_workers`, or run the JAR as a JAR task,
which Databricks recommends over the legacy Spark Submit task. How the run behaves on an autoscaling
cluster is not documented, so this is a warning.

## Example
```json job.json
{"name": "etl", "tasks": [{"task_key": "main", "new_cluster": {"spark_version": "13.3.x-scala2.12",
 "node_type_id": "i3.xlarge", "autoscale": {"min_workers": 2, "max_workers": 8}},
 "spark_submit_task": {"parameters": ["--class", "Main", "dbfs:/etl.jar"]}}]}
```

## Use instead
```json job.json
{"name": "etl", "tasks": [{"task_key": "main", "new_cluster": {"spark_version": "13.3.x-scala2.12",
 "node_type_id": "i3.xlarge", "num_workers": 4},
 "spark_submit_task": {"parameters": ["--class", "Main", "dbfs:/etl.jar"]}}]}
```

## Options
None.

## References
- Databricks, Spark Submit task (legacy), Limitations: https://docs.databricks.com/en/jobs/spark-submit.html
  ("Spark-submit does not support cluster autoscaling").
- sparklint/knowledge/databricks.py.
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.databricks import SUBMIT_NO_AUTOSCALE_FACT
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    cluster = config.databricks
    if config.platform != "databricks" or cluster is None or not cluster.submit or not cluster.size.autoscale:
        return
    size = cluster.size
    yield Hit(f"this cluster runs a Spark Submit task and has {size.workers()} [{size.describe()}], but "
              f"{SUBMIT_NO_AUTOSCALE_FACT}",
              "Give the cluster a fixed num_workers, or run the JAR as a JAR task.", at=size.ref)


RULE = Rule(
    id="SL352",
    name="databricks-submit-autoscale",
    severity="warning",
    summary="A Databricks Spark Submit task on an autoscaling cluster, which spark-submit does not support.",
    check=check,
    docs=__doc__ or "",
    kinds=("job",),
    platforms=("databricks",),
)
