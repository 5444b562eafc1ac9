"""SL353 databricks-executor-instances: `spark.executor.instances` on a Databricks cluster, which sizes itself by workers.

## What it flags
`spark.executor.instances` (in `spark_conf`, or `--num-executors` / `--conf` in a Spark Submit task's
parameters) on a Databricks cluster whose size is written: a value other than its `num_workers`, or one
outside its `autoscale` range.

## Why is this bad?
A Databricks cluster has one Spark driver and `num_workers` executors (Clusters API); with `autoscale`
Databricks adds and removes workers between `min_workers` and `max_workers`. The executor count is the
worker count, so a different `spark.executor.instances` describes executors the cluster does not have:
capacity planned around it (shuffle partitions, memory per executor) is off by that factor. Databricks
does not document what it does with the key itself, so this is a warning; a value equal to the worker
count is not reported.

## Example
```json cluster.json
{"cluster_name": "etl", "spark_version": "13.3.x-scala2.12", "node_type_id": "i3.xlarge", "num_workers": 2,
 "spark_conf": {"spark.executor.instances": "10"}}
```

## Use instead
```json cluster.json
{"cluster_name": "etl", "spark_version": "13.3.x-scala2.12", "node_type_id": "i3.xlarge", "num_workers": 10}
```

## Options
None.

## References
- Databricks Clusters API, `num_workers`: "A cluster has one Spark Driver and num_workers Executors for a
  total of num_workers + 1 Spark nodes" (https://docs.databricks.com/api/workspace/clusters/create; the
  same text in the Databricks SDKs' reference, e.g. databricks.github.io/sdk-js ResizeClusterRequest).
- Terraform provider `docs/resources/cluster.md` (`autoscale`: `min_workers` is also the initial size).
- sparklint/knowledge/databricks.py.
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge.databricks import EXECUTORS_PER_WORKER
from sparklint.knowledge.units import parse_int
from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

KEY = "spark.executor.instances"


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    cluster = config.databricks
    if config.platform != "databricks" or cluster is None or cluster.single_node:
        return
    if (config.value("spark.master") or "").strip().startswith("local"):
        return  # no executors at all: SL354's finding
    setting = config.effective(KEY)
    if setting is None or setting.ref is None or is_templated(setting.value):
        return
    try:
        instances = parse_int(setting.value)
    except ValueError:
        return  # SL006's to report
    size = cluster.size
    if size.autoscale:
        low, high = size.min_workers, size.max_workers
        if low is None or high is None or low <= instances <= high:
            return
        has = f"between {low} and {high} executors, as Databricks scales its workers ({size.describe()})"
    else:
        if size.num_workers is None or size.num_workers == instances:
            return
        has = f"{size.num_workers} executor{'s' if size.num_workers != 1 else ''} ({size.describe()})"
    yield Hit(f"{KEY}={setting.value} [{setting.describe()}], but {EXECUTORS_PER_WORKER}: this cluster has {has}",
              "Size the cluster with num_workers (or autoscale) and remove spark.executor.instances.", at=setting)


RULE = Rule(
    id="SL353",
    name="databricks-executor-instances",
    severity="warning",
    summary="spark.executor.instances on a Databricks cluster, whose executor count is its worker count.",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "defaults"),
    keys=(KEY,),
    platforms=("databricks",),
)
