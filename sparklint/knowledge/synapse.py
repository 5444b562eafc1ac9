"""What Azure Synapse and Microsoft Fabric decide about a Spark pool, with the page each fact was read from.

A Synapse Spark pool (Terraform `azurerm_synapse_spark_pool`, a notebook's `a365ComputeOptions`) and a
Fabric environment (`Setting/Sparkcompute.yml`) say how large the machines are; the Spark settings of a
session on them live in the pool's Spark configuration, the notebook's session, or `spark_conf`.

Facts used by the dialect and the rules (read in December 2026):
- NODE_SIZES: "Apache Spark pool instance consists of one head node and two or more worker nodes with a
  minimum of three nodes in a Spark instance. The head node runs extra management services such as Livy,
  Yarn Resource Manager, Zookeeper, and the Spark driver. All nodes run services such as Node Agent and Yarn
  Node Manager. All worker nodes run the Spark Executor service." Node sizes: Small 4 vCores / 32 GB,
  Medium 8 / 64, Large 16 / 128, XLarge 32 / 256, XXLarge 64 / 432 (POOL_PAGE; read on its docs.azure.cn
  mirror). So executors run on `nodes - 1` workers of that size; the driver on the head node.
- EXECUTOR_SIZES: the executor and driver sizes a session may ask for, cores and memory in pairs: 4 cores
  28g, 8 / 56g, 16 / 112g, 32 / 224g, 64 / 400g (Fabric REST API, environment definition: `driverCores`
  / `executorCores` enum 4, 8, 16, 32, 64 and `driverMemory` / `executorMemory` enum 28g, 56g, 112g, 224g,
  400g, microsoft/fabric-rest-api-specs `environment/definitions.json`; the Synapse notebook's "Configure
  session" panel offers the same pairs, e.g. `"executorMemory": "28g", "executorCores": 4` for Small, as
  every notebook the Synapse UI saves shows). A size leaves the rest of the node's memory to the OS, YARN
  and the memory overhead: an executor asking more than its node's size cannot be placed on a node.
- The Synapse notebook UI writes its session into the notebook JSON (`properties.sessionProperties`):
  `driverMemory`, `driverCores`, `executorMemory`, `executorCores`, `numExecutors` and a `conf` with
  `spark.dynamicAllocation.enabled`, `.minExecutors`, `.maxExecutors` (min = max = numExecutors when the
  "Dynamically allocate executors" box is off) and `spark.autotune.trackingId` (Azure Synapse Artifacts
  `NotebookSessionProperties`; Planning-Inspectorate/ODW-Service: 478 of 480 notebooks carry that block).
  It is the UI's record of the session size, not a user's setting.
- A Synapse pipeline's SynapseNotebook / SparkJob activity writes `conf`, `numExecutors`, `executorSize`,
  `driverSize` "which will override" the notebook's (Azure Data Factory / Synapse `SynapseNotebookActivity`
  reference); the UI writes `null` for each value the activity does not override.
- Fabric runtime versions -> Spark: knowledge/versions.py FABRIC_RUNTIMES.
- `spark_version` of a Synapse pool is the Spark version itself ("3.4": Azure Synapse Runtime for Apache
  Spark 3.4, learn.microsoft.com/azure/synapse-analytics/spark/apache-spark-version-support).
"""

from __future__ import annotations

from typing import Optional

from sparklint.knowledge.units import literal_count as count, parse_bytes  # count: the dialects use it
from sparklint.records import Record
from sparklint.tree import Ref

GIB = 1024 ** 3
POOL_PAGE = "learn.microsoft.com/azure/synapse-analytics/spark/apache-spark-pool-configurations"
SIZES_SOURCE = "Fabric REST API environment definition (microsoft/fabric-rest-api-specs environment/definitions.json)"
# node size -> (vCores, memory GB) of a Memory Optimized node (POOL_PAGE, "Node sizes").
NODE_SIZES = {"small": (4, 32), "medium": (8, 64), "large": (16, 128), "xlarge": (32, 256), "xxlarge": (64, 432)}
# executor / driver size a session can ask for: cores -> memory GiB (SIZES_SOURCE).
EXECUTOR_SIZES = {4: 28, 8: 56, 16: 112, 32: 224, 64: 400}
SIZE_NAMES = {"small": 4, "medium": 8, "large": 16, "xlarge": 32, "xxlarge": 64}  # pipeline executorSize
MIN_NODES = 3  # "a minimum of three nodes in a Spark instance" (POOL_PAGE)
HEAD_NODES = 1  # the head node runs the driver, not executors (POOL_PAGE)
HEAD_NODE_FACT = (f"the head node runs the Spark driver and the worker nodes run the executors ({POOL_PAGE})")


class SparkPool(Record):
    """A Synapse Spark pool's machines as written (JobConfig.synapse): node size and count."""

    node_size: str  # "Small" as written; "" when absent or templated
    cores: Optional[int]  # vCores of one node (NODE_SIZES or a365ComputeOptions.cores)
    memory: Optional[int]  # bytes of one node
    node_count: Optional[int]  # a fixed pool
    min_nodes: Optional[int]  # auto_scale
    max_nodes: Optional[int]
    field: str  # "azurerm_synapse_spark_pool.main.node_size", "a365ComputeOptions"
    ref: Optional[Ref]
    path: str = ""

    def describe(self) -> str:
        span = self.ref.span if self.ref is not None else None
        where = f"{self.path}:{span.line}" if span is not None else self.path
        return f"{where} ({self.field})" if where else self.field

    def nodes(self) -> Optional[int]:
        """The most nodes the pool can have: its autoscale maximum, else its fixed count."""
        return self.max_nodes if self.max_nodes is not None else self.node_count

    def label(self) -> str:
        """`Small nodes (4 vCores, 32 GB), autoscale 3-50 nodes`, for messages."""
        size = f"{self.node_size} nodes" if self.node_size else "nodes"
        if self.cores is not None and self.memory is not None:
            size += f" ({self.cores} vCores, {self.memory // GIB} GB)"
        if self.max_nodes is not None:
            low = "?" if self.min_nodes is None else self.min_nodes
            return f"{size}, autoscale {low}-{self.max_nodes} nodes"
        if self.node_count is not None:
            return f"{size}, {self.node_count} nodes"
        return size


def node_size(name: object) -> Optional[tuple[int, int]]:
    """(vCores, memory bytes) of a node size name ("Small", "XLarge"); None for others (`var.size`)."""
    if not isinstance(name, str):
        return None
    found = NODE_SIZES.get(name.strip().lower())
    return (found[0], found[1] * GIB) if found else None


def largest_size(node_cores: int) -> Optional[tuple[int, int]]:
    """(cores, memory bytes) of the largest executor size a node of `node_cores` vCores holds."""
    fitting = [cores for cores in EXECUTOR_SIZES if cores <= node_cores]
    if not fitting:
        return None
    cores = max(fitting)
    return cores, EXECUTOR_SIZES[cores] * GIB


def size_bytes(text: Optional[str]) -> Optional[int]:
    """Bytes of a memory value as Spark reads it ("28g"); None when it does not parse."""
    if text is None:
        return None
    try:
        return parse_bytes(text, 1024 * 1024)  # memory settings without a unit are MiB
    except (ValueError, TypeError):
        return None



def executors_per_node(pool: SparkPool, cores: int, container_bytes: int) -> Optional[int]:
    """How many executors of `cores` vCores and a container of `container_bytes` one worker node holds;
    None when the pool's node size is not known."""
    if pool.cores is None or pool.memory is None or cores <= 0 or container_bytes <= 0:
        return None
    return min(pool.cores // cores, pool.memory // container_bytes)


def worker_nodes(pool: SparkPool) -> Optional[int]:
    """The most worker nodes the pool has: all its nodes but the head node, which runs the driver."""
    nodes = pool.nodes()
    return None if nodes is None else max(0, nodes - HEAD_NODES)
