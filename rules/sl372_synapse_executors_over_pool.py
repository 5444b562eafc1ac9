"""SL372 synapse-executors-over-pool: more executors than the worker nodes of a Synapse Spark pool can hold.

## What it flags
A Synapse Spark pool whose node size and node count (`node_count`, or `auto_scale.max_node_count`) are
written, and whose settings ask for more executors than its worker nodes hold: the pool's
`max_executors` (dynamic executor allocation), or `spark.dynamicAllocation.maxExecutors` /
`spark.executor.instances` in its Spark configuration.

## Why is this bad?
"The head node runs ... the Spark driver"; "all worker nodes run the Spark Executor service" (Microsoft,
Spark pool configurations). A pool of N nodes has N - 1 worker nodes, and each holds as many executors
as fit its vCores and memory: one executor of 4 vCores on a Small node (4 vCores, 32 GB). Executors
beyond that are requested and never start: dynamic allocation keeps asking YARN for them, and a fixed
`spark.executor.instances` leaves the job running with fewer executors than it was sized for. The
executor's cores are `spark.executor.cores` when written, else the largest executor size the node holds
(the size Synapse gives a session on that node). The pool may be shared, so this is a warning.

## Example
```hcl main.tf
resource "azurerm_synapse_spark_pool" "etl" {
  name                                = "etl"
  node_size_family                    = "MemoryOptimized"
  node_size                           = "Small"
  auto_scale {
    min_node_count = 3
    max_node_count = 10
  }
  dynamic_executor_allocation_enabled = true
  min_executors                       = 1
  max_executors                       = 20
}
```

## Use instead
```hcl main.tf
resource "azurerm_synapse_spark_pool" "etl" {
  name                                = "etl"
  node_size_family                    = "MemoryOptimized"
  node_size                           = "Small"
  auto_scale {
    min_node_count = 3
    max_node_count = 10
  }
  dynamic_executor_allocation_enabled = true
  min_executors                       = 1
  max_executors                       = 9
}
```

## Options
None.

## References
- Microsoft, Apache Spark pool configurations in Azure Synapse Analytics, "Nodes" and "Node sizes"
  (https://learn.microsoft.com/azure/synapse-analytics/spark/apache-spark-pool-configurations).
- sparklint/knowledge/synapse.py (node sizes, executor sizes), sparklint/knowledge/memory.py (the container).
"""

from __future__ import annotations

from typing import Iterator, Optional

from sparklint.knowledge import memory
from sparklint.knowledge.executors import dynamic_allocation
from sparklint.knowledge.synapse import HEAD_NODE_FACT, executors_per_node, largest_size, worker_nodes
from sparklint.knowledge.units import parse_int
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    pool = config.synapse
    if config.platform != "synapse" or pool is None or pool.cores is None:
        return
    workers = worker_nodes(pool)
    wanted = _wanted(config)
    container = memory.container(config, "executor")
    if workers is None or wanted is None or container is None:
        return
    count, setting = wanted
    cores_setting = config.effective("spark.executor.cores")
    if cores_setting is not None and cores_setting.ref is not None:
        try:
            cores = parse_int(cores_setting.value)
        except ValueError:
            return
        cores_from = f"spark.executor.cores={cores} [{cores_setting.describe()}]"
    else:
        largest = largest_size(pool.cores)
        if largest is None:
            return
        cores = largest[0]
        cores_from = f"{cores} vCores, the largest executor size a {pool.node_size} node holds"
    per_node = executors_per_node(pool, cores, container.total_bytes)
    if not per_node:
        return  # nothing fits on a node: SL371's finding
    capacity = workers * per_node
    if count <= capacity:
        return
    yield Hit(f"asks for up to {count} executors [{setting.describe()}], but the pool holds at most {capacity}: "
              f"{pool.label()} [{pool.describe()}], {HEAD_NODE_FACT}, so {workers} worker nodes × {per_node} "
              f"executor{'s' if per_node != 1 else ''} of {cores_from}; the other {count - capacity} never start",
              f"Ask for at most {capacity} executors, or raise the pool's node count.", at=setting)


def _wanted(config: JobConfig) -> Optional[tuple[int, Setting]]:
    """The most executors the settings ask for, and the setting that asks; None when none is written."""
    allocation = dynamic_allocation(config)
    if allocation is None:
        return None
    written = allocation.max.setting if allocation.enabled else config.effective("spark.executor.instances")
    if written is None or written.ref is None:
        return None
    try:
        return parse_int(written.value), written
    except ValueError:
        return None


RULE = Rule(
    id="SL372",
    name="synapse-executors-over-pool",
    severity="warning",
    summary="More executors than the worker nodes of a Synapse Spark pool can hold.",
    check=check,
    docs=__doc__ or "",
    kinds=("defaults", "job", "session"),
    platforms=("synapse",),
)
