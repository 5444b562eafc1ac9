"""SL354 databricks-local-master-with-workers: a local master on a Databricks cluster that has workers.

## What it flags
`spark.master` set to `local`, `local[N]` or `local[*]` in the `spark_conf` of a Databricks cluster
whose `num_workers` is 1 or more, or that has an `autoscale` block.

## Why is this bad?
A local master runs every task inside the driver JVM on task threads and starts no executor
(Spark's `SparkContext.createTaskScheduler`: `LocalSchedulerBackend`). That is how a Databricks
single-node cluster works: `num_workers: 0` with `spark.master: local[*, 4]` and
`spark.databricks.cluster.profile: singleNode`, as the UI writes it. With workers, Databricks still starts
and bills the worker nodes, but Spark uses none of them. Whether Databricks replaces the master on a
multi-node cluster is not documented, so this is a warning.

## Example
```json cluster.json
{"cluster_name": "etl", "spark_version": "13.3.x-scala2.12", "node_type_id": "i3.xlarge", "num_workers": 4,
 "spark_conf": {"spark.master": "local[*]"}}
```

## Use instead
```json cluster.json
{"cluster_name": "etl", "spark_version": "13.3.x-scala2.12", "node_type_id": "i3.xlarge", "num_workers": 0,
 "spark_conf": {"spark.master": "local[*, 4]", "spark.databricks.cluster.profile": "singleNode"},
 "custom_tags": {"ResourceClass": "SingleNode"}}
```

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/SparkContext.scala` (`createTaskScheduler`: a `local`
  master gets a `LocalSchedulerBackend`, no executors).
- Databricks single-node compute (https://docs.databricks.com/clusters/single-node.html: Spark runs
  locally, the driver acts as master and worker) and the Terraform provider's `docs/resources/cluster.md`
  single-node example; shared/corpus2/046 is a UI-written single-node cluster.
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

KEY = "spark.master"


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    cluster = config.databricks
    if config.platform != "databricks" or cluster is None:
        return
    setting = config.effective(KEY)
    if setting is None or setting.ref is None or is_templated(setting.value):
        return
    master = setting.value.strip()
    if master != "local" and not master.startswith("local["):
        return
    size = cluster.size
    if size.autoscale:
        workers = size.workers()
    elif size.num_workers is not None and size.num_workers >= 1:
        workers = f"num_workers={size.num_workers}"
    else:
        return
    yield Hit(f"{KEY}={master} [{setting.describe()}] runs every task in the driver and starts no executor, but the "
              f"cluster asks Databricks for {workers} [{size.describe()}]: the workers start and are billed, and "
              f"Spark uses none of them",
              "Remove spark.master to use the workers, or make it a single-node cluster with num_workers 0.",
              at=setting)


RULE = Rule(
    id="SL354",
    name="databricks-local-master-with-workers",
    severity="warning",
    summary="A local spark.master on a Databricks cluster with workers: Spark uses none of them.",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "defaults"),
    keys=(KEY,),
    platforms=("databricks",),
)
