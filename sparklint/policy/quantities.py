"""The derived quantities a policy can cap, each computed by the knowledge layer (the numbers `explain`
shows), never by the policy: what a team cares about is what Spark asks the cluster for, not one key.

| name | what | unit |
| --- | --- | --- |
| `executor.container`, `driver.container` | heap + overhead (+ off-heap + PySpark memory for executors): what the cluster manager is asked for (knowledge/memory.container) | bytes |
| `executor.heap`, `driver.heap` | the JVM heap | bytes |
| `unified_memory` | an executor's unified (execution + storage) memory: (heap − 300 MiB) × spark.memory.fraction | bytes |
| `executors.at_start` | executors Spark starts (dynamic allocation: max(minExecutors, initialExecutors, instances)) | executors |
| `executors.max` | the most executors the job can have: maxExecutors with dynamic allocation (unbounded by default), else the executors it starts | executors |
| `capacity.cpu.at_start`, `capacity.memory.at_start`, `capacity.disk.at_start` | EMR Serverless: what the driver and the executors at start take of the application | vCPU / bytes |
| `capacity.cpu.at_max`, `capacity.memory.at_max`, `capacity.disk.at_max` | the same at `executors.max` (unbounded when maxExecutors is) | vCPU / bytes |
| `maximum-capacity.cpu`, `maximum-capacity.memory`, `maximum-capacity.disk` | an EMR Serverless application's maximumCapacity | vCPU / bytes |
"""

from __future__ import annotations

import functools
from typing import Callable, Optional

from sparklint.knowledge import memory
from sparklint.knowledge.executors import INITIAL, INSTANCES, INT_MAX, MAX, MIN, dynamic_allocation, executors_at_start
from sparklint.knowledge.units import format_bytes
from sparklint.model import JobConfig
from sparklint.policy.conditions import Measure

INFINITE = float("inf")


def _container(role: str) -> Callable[[JobConfig], Optional[Measure]]:
    def measure(config: JobConfig) -> Optional[Measure]:
        sized = memory.container(config, role)
        if sized is None:
            return None
        def how() -> str:
            parts = [f"heap {format_bytes(sized.heap.bytes)} ({sized.heap.source})",
                     f"overhead {format_bytes(sized.overhead.quantity.bytes)} ({sized.overhead.quantity.source})"]
            if sized.off_heap is not None:
                parts.append(f"off-heap {format_bytes(sized.off_heap.bytes)} ({sized.off_heap.source})")
            if sized.pyspark is not None:
                parts.append(f"PySpark {format_bytes(sized.pyspark.bytes)} ({sized.pyspark.source})")
            return " + ".join(parts)

        return Measure(sized.total_bytes, sized.heap.setting, how)
    return measure


def _heap(role: str) -> Callable[[JobConfig], Optional[Measure]]:
    def measure(config: JobConfig) -> Optional[Measure]:
        found = memory.heap(config, role)
        return Measure(found.bytes, found.setting, lambda: found.source) if found is not None else None
    return measure


def _unified(config: JobConfig) -> Optional[Measure]:
    region = memory.unified(config, "executor")
    if region is None:
        return None
    return Measure(region.unified, region.heap.setting, lambda: (
        f"(heap {format_bytes(region.heap.bytes)} ({region.heap.source}) − 300 MiB reserved) × "
        f"spark.memory.fraction {region.fraction.value:g} ({region.fraction.source})"))


def _at_start(config: JobConfig) -> Optional[Measure]:
    found = executors_at_start(config)
    if found is None:
        return None
    count, how = found
    return Measure(count, _deciding(config, count, (INSTANCES, INITIAL, MIN)), lambda: how)


def _most(config: JobConfig) -> Optional[Measure]:
    allocation = dynamic_allocation(config)
    start = executors_at_start(config)
    if allocation is None or start is None:
        return None
    if not allocation.enabled:
        return Measure(start[0], _deciding(config, start[0], (INSTANCES,)), lambda: start[1])
    if allocation.max.value == INT_MAX:
        return Measure(INFINITE, allocation.max.setting or allocation.setting, lambda: (
            f"dynamic allocation is {allocation.reason} and maxExecutors is unbounded ({allocation.max.source})"))
    return Measure(allocation.max.value, allocation.max.setting, lambda: f"maxExecutors ({allocation.max.source})")


def _deciding(config: JobConfig, count: float, keys: tuple[str, ...]):
    """The written setting among `keys` whose value gives `count`, to point the finding at."""
    for key in keys:
        setting = config.effective(key)
        if setting is not None and setting.ref is not None and setting.value.strip() == str(int(count)):
            return setting
    return None


def _capacity_total(resource: str, moment: str) -> Callable[[JobConfig], Optional[Measure]]:
    def measure(config: JobConfig) -> Optional[Measure]:
        if config.platform != "emr-serverless":
            return None
        from sparklint.explain.model import explain

        executors = config.memo("policy-explain", explain).executors
        totals = executors.totals
        if totals is None:
            return None
        if totals.get(moment) is None:
            if moment == "at_max":  # maxExecutors unbounded
                return Measure(INFINITE, config.effective(MAX), lambda: "dynamic allocation without a bound on maxExecutors")
            return None
        number = totals[moment].get(resource)  # type: ignore[union-attr]
        if number is None:
            return None
        count = executors.at_start if moment == "at_start" else executors.max
        return Measure(number, _deciding(config, count or 0, (INSTANCES, INITIAL, MIN, MAX)),
                       lambda: f"the driver and {count} executors")
    return measure


def _maximum_capacity(resource: str) -> Callable[[JobConfig], Optional[Measure]]:
    def measure(config: JobConfig) -> Optional[Measure]:
        capacity = config.capacity
        number = getattr(capacity, resource) if capacity is not None else None
        if number is None:
            return None
        return Measure(number, capacity.ref, capacity.describe)  # type: ignore[union-attr]
    return measure


# name -> (measure, kind of its operands: "bytes" for sizes, "number" for counts and vCPU)
QUANTITIES: dict[str, tuple[Callable[[JobConfig], Optional[Measure]], str]] = {
    "executor.container": (_container("executor"), "bytes"),
    "driver.container": (_container("driver"), "bytes"),
    "executor.heap": (_heap("executor"), "bytes"),
    "driver.heap": (_heap("driver"), "bytes"),
    "unified_memory": (_unified, "bytes"),
    "executors.at_start": (_at_start, "number"),
    "executors.max": (_most, "number"),
    **{f"capacity.{resource}.{moment}": (_capacity_total(resource, moment.replace("-", "_")),
                                         "number" if resource == "cpu" else "bytes")
       for resource in ("cpu", "memory", "disk") for moment in ("at_start", "at_max")},
    **{f"maximum-capacity.{resource}": (_maximum_capacity(resource), "number" if resource == "cpu" else "bytes")
       for resource in ("cpu", "memory", "disk")},
}

# name -> the quantity's number alone, where working it out without the Measure is cheaper: what a test
# compares on every config (the Measure, which says where the number came from, only for a finding).
NUMBERS: dict[str, Callable[[JobConfig], Optional[float]]] = {
    f"{role}.container": functools.partial(memory.container_bytes, role=role) for role in ("executor", "driver")}
