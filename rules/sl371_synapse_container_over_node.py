"""SL371 synapse-container-over-node: a driver or executor larger than a node of its Synapse Spark pool.

## What it flags
A Synapse Spark pool whose node size is written (Terraform `azurerm_synapse_spark_pool` `node_size`, Memory
Optimized nodes) and whose Spark configuration asks for a driver or executor with more vCores
(`spark.executor.cores`, `spark.driver.cores`) or more memory (heap + overhead + off-heap + PySpark
memory, as Spark asks YARN for the container) than one node has.

## Why is this bad?
A Synapse pool runs YARN on nodes of one size: the driver on the head node, the executors on the worker
nodes, and no container spans two nodes. Small nodes have 4 vCores and 32 GB, Medium 8 / 64, Large 16 /
128, XLarge 32 / 256, XXLarge 64 / 432 (Microsoft's node-size table). A container above a node's memory
or vCores is never granted: Spark on YARN refuses an executor above the cluster's largest container at
submit (`Client.verifyClusterResources`), and YARN rejects a request for more vCores than a node has.
Synapse itself offers sessions only the executor sizes that fit (4 vCores / 28g on Small nodes). How
much of a node YARN may hand out is not documented, so this is a warning, and only sizes above the
whole node are reported.

## Example
```hcl main.tf
resource "azurerm_synapse_spark_pool" "etl" {
  name             = "etl"
  node_size_family = "MemoryOptimized"
  node_size        = "Small"
  node_count       = 3
  spark_config {
    content  = <<EOF
spark.executor.memory 40g
EOF
    filename = "config.txt"
  }
}
```

## Use instead
```hcl main.tf
resource "azurerm_synapse_spark_pool" "etl" {
  name             = "etl"
  node_size_family = "MemoryOptimized"
  node_size        = "Medium"
  node_count       = 3
  spark_config {
    content  = <<EOF
spark.executor.memory 40g
EOF
    filename = "config.txt"
  }
}
```

## Options
None.

## References
- Microsoft, Apache Spark pool configurations in Azure Synapse Analytics, "Nodes" and "Node sizes"
  (https://learn.microsoft.com/azure/synapse-analytics/spark/apache-spark-pool-configurations).
- Spark `resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/Client.scala`,
  `verifyClusterResources` ("Required executor memory ... is above the max threshold ... of this cluster!").
- sparklint/knowledge/synapse.py, sparklint/knowledge/memory.py (the container size).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.knowledge import memory
from sparklint.knowledge.synapse import GIB, POOL_PAGE
from sparklint.knowledge.units import format_bytes, parse_int
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    pool = config.synapse
    if config.platform != "synapse" or pool is None or pool.cores is None or pool.memory is None:
        return
    node = f"a {pool.node_size} node has {pool.cores} vCores and {pool.memory // GIB} GB [{pool.describe()}; {POOL_PAGE}]"
    for role in ("driver", "executor"):
        cores = config.effective(f"spark.{role}.cores")
        if cores is not None and cores.ref is not None:
            try:
                asked = parse_int(cores.value)
            except ValueError:
                asked = 0  # SL006's to report
            if asked > pool.cores:
                yield Hit(f"spark.{role}.cores={asked} [{cores.describe()}], but {node}: YARN cannot grant "
                          f"{'an' if role == 'executor' else 'a'} {role} of {asked} vCores on any node",
                          f"Ask for at most {pool.cores} cores per {role}, or use a larger node_size.", at=cores)
        container = memory.container(config, role)
        heap = container.heap.setting if container is not None else None
        if container is None or heap is None or heap.ref is None or container.total_bytes <= pool.memory:
            continue
        yield Hit(f"each {role} asks YARN for {format_bytes(container.total_bytes)} (heap "
                  f"{format_bytes(container.heap.bytes)} [{container.heap.source}] + overhead "
                  f"{format_bytes(container.overhead.quantity.bytes)} [{container.overhead.quantity.source}]), "
                  f"but {node}: no node can hold it",
                  f"Lower spark.{role}.memory to fit within {pool.memory // GIB} GB with its overhead, or use a "
                  f"larger node_size.", at=heap)


RULE = Rule(
    id="SL371",
    name="synapse-container-over-node",
    severity="warning",
    summary="A driver or executor larger than one node of its Synapse Spark pool.",
    check=check,
    docs=__doc__ or "",
    kinds=("defaults", "job", "session"),
    platforms=("synapse",),
)
