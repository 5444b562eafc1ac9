"""SL105 container-over-node-limit: an executor or driver container larger than a node can give.

## What it flags
The memory Spark asks the cluster manager for per container is above `max_container_memory`, the
largest container your cluster grants (YARN `yarn.scheduler.maximum-allocation-mb`, a Kubernetes
node's allocatable memory, a standalone worker's memory). Executors: heap + overhead + off-heap (when
enabled) + PySpark memory (Python apps); the driver in cluster mode or on Kubernetes: heap + overhead.
Checked only when `max_container_memory` is set: sparklint cannot know your nodes. On EMR Serverless
the worker limits are known; SL302 emr-serverless-memory-out-of-range checks them.

## Why is this bad?
The container can never be placed. YARN refuses the application at submit: "Required executor memory
(4096 MB), offHeap memory (0) MB, overhead (409 MB), and PySpark memory (0 MB) is above the max
threshold (3278 MB) of this cluster!" (or "Required AM memory ..." for the driver). Kubernetes leaves
the pod Pending, and a standalone master never launches the executor, so the job waits forever.

## Example
```conf spark-defaults.conf
spark.executor.memory 4g
```
```toml .sparklint.toml
[rules.SL105]
max_container_memory = "4g"
```

## Use instead
```conf spark-defaults.conf
spark.executor.memory 3g
```
```toml .sparklint.toml
[rules.SL105]
max_container_memory = "4g"
```

## Options
- `max_container_memory` (size string, default `""` = not checked): the largest container memory a node
  grants, e.g. the value of `yarn.scheduler.maximum-allocation-mb` written as `"12288m"`.

## References
- Container size: `core/src/main/scala/org/apache/spark/resource/ResourceProfile.scala`
  (`getResourcesForClusterManager`, `calculateOverHeadMemory`).
- YARN's refusal: `resource-managers/yarn/src/main/scala/org/apache/spark/deploy/yarn/Client.scala`
  (`verifyClusterResources`).
- Kubernetes pod requests: `resource-managers/kubernetes/core/src/main/scala/org/apache/spark/deploy/k8s/features/BasicExecutorFeatureStep.scala`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from sparklint.knowledge import memory
from sparklint.knowledge.units import MIB, parse_bytes
from sparklint.model import JobConfig
from sparklint.rule import Hit, Rule


@dataclass(frozen=True)
class Options:
    max_container_memory: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.max_container_memory, str):
            raise ValueError("max_container_memory must be a size string such as \"12288m\"")
        if self.max_container_memory:
            parse_bytes(self.max_container_memory, MIB)  # raises ValueError: a config error


def _parts(found: memory.Container) -> str:
    parts = [f"{found.heap.mib} MiB heap [{found.heap.source}]",
             f"{found.overhead.quantity.mib} MiB overhead ({found.overhead.quantity.source})"]
    if found.off_heap is not None:
        parts.append(f"{found.off_heap.mib} MiB off-heap [{found.off_heap.source}]")
    if found.pyspark is not None:
        parts.append(f"{found.pyspark.mib} MiB PySpark memory [{found.pyspark.source}]")
    return " + ".join(parts)


def check(config: JobConfig, options: Options) -> Iterator[Hit]:
    if not options.max_container_memory or config.platform == "emr-serverless":
        return
    limit = parse_bytes(options.max_container_memory, MIB) // MIB
    cluster_driver = (config.platform == "kubernetes"
                      or (config.value("spark.submit.deployMode") or "").strip() == "cluster")
    for role in memory.ROLES:
        if role == "driver" and not cluster_driver:
            continue  # a client-mode driver runs outside the cluster's containers
        found = memory.container(config, role)
        if found is None or found.total_mib <= limit:
            continue
        settings = [part.setting for part in (found.heap, found.overhead.quantity, found.off_heap, found.pyspark)
                    if part is not None and part.setting is not None and part.setting.ref is not None]
        if not settings:
            continue
        yield Hit(
            f"each {role} container asks for {found.total_mib} MiB = {_parts(found)}, above "
            f"max_container_memory={options.max_container_memory} ({limit} MiB): the cluster cannot place it "
            "(YARN refuses the application: \"... is above the max threshold ... of this cluster!\"; "
            "Kubernetes leaves the pod Pending)",
            f"Lower spark.{role}.memory (or the overhead, off-heap or PySpark memory) so the total stays within "
            f"{limit} MiB.",
            at=settings[0], related=tuple(settings[1:]))


RULE = Rule(
    id="SL105",
    name="container-over-node-limit",
    severity="error",
    summary="Heap + overhead + off-heap + PySpark memory above max_container_memory (when set).",
    check=check,
    docs=__doc__ or "",
    options=Options,
    needs_option="max_container_memory",
)
