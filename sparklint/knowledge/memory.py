"""Spark's memory model for one driver or executor: heap, unified memory, overhead, container size.

The one place memory arithmetic lives; rules and `explain` call these functions, so the numbers they
print are the numbers a real Spark computes. Sources (shared/reference/spark.md §1-2, checked against
the pyspark 3.5.9 / 4.3.0 jars):
- heap, reserved, unified and storage memory:
  `core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala` (`getMaxMemory`):
  reserved 300 MiB, minimum system memory 1.5 × reserved = 450 MiB, unified = (long)(usable × fraction),
  storage = (long)(unified × storageFraction); the reserved memory is `spark.testing.reservedMemory`
  when the conf sets it (`conf.getLong`: bytes, no unit), else 0 when `spark.testing` is set, else 300 MiB;
- memory keys, types, default units and defaults:
  `core/src/main/scala/org/apache/spark/internal/config/package.scala` (heap and overhead keys are MiB
  when written without a unit; `spark.memory.offHeap.size` is bytes);
- overhead: `core/src/main/scala/org/apache/spark/resource/ResourceProfile.scala`
  (`calculateOverHeadMemory`: explicit memoryOverhead, else max((factor × heapMiB).toInt, minimum);
  minimum 384 MiB in 3.5, `spark.{role}.minMemoryOverhead` from 4.0) and, for the executor container,
  `getResourcesForClusterManager` (heap + overhead + off-heap when enabled + PySpark memory for
  Python apps);
- Kubernetes factor: `resource-managers/kubernetes/core/src/main/scala/org/apache/spark/deploy/k8s/features/
  BasicDriverFeatureStep.scala` / `BasicExecutorFeatureStep.scala`: `spark.{role}.memoryOverheadFactor`
  when set, else `spark.kubernetes.memoryOverheadFactor` when set, else 0.4 for non-JVM (Python, R) apps;
- off-heap: `core/src/main/scala/org/apache/spark/util/Utils.scala` (`executorOffHeapMemorySizeAsMb`);
- EMR Serverless: `spark.emr-serverless.memoryOverheadFactor` (default 0.1, jobs-spark.html [V]) is
  added to driver and executor worker memory; that it is applied as Spark's formula, with the 384 MiB
  floor, comes from app-behavior.html ("10% ... with a minimum of 384 MB") [V], while the billed
  worker size derived from it is third-party knowledge [T] (shared/reference/platforms.md §1.4).
"""

from __future__ import annotations

import functools
import re
from typing import Callable, Optional, TypeVar

from sparklint.knowledge.executors import Count
from sparklint.knowledge.units import MIB, java_int, java_long, parse_bool, parse_bytes, version_tuple
from sparklint.knowledge.values import is_templated
from sparklint.model import SOURCE, JobConfig, Setting
from sparklint.records import Record

ROLES = ("driver", "executor")
RESERVED_SYSTEM_MEMORY = 300 * MIB  # UnifiedMemoryManager.RESERVED_SYSTEM_MEMORY_BYTES
MIN_SYSTEM_MEMORY = RESERVED_SYSTEM_MEMORY * 3 // 2  # ceil(reserved × 1.5) = 450 MiB
RESERVED_MEMORY_KEY = "spark.testing.reservedMemory"  # UnifiedMemoryManager: TEST_RESERVED_MEMORY
TESTING_KEY = "spark.testing"  # IS_TESTING: no reserved memory unless spark.testing.reservedMemory is set
MEMORY_OVERHEAD_MIN_MIB = 384  # ResourceProfile.MEMORY_OVERHEAD_MIN_MIB
DEFAULT_FACTOR = 0.1  # spark.{role}.memoryOverheadFactor default
NON_JVM_FACTOR = 0.4  # Kubernetes Constants.NON_JVM_MEMORY_OVERHEAD_FACTOR
EMR_SERVERLESS_FACTOR_KEY = "spark.emr-serverless.memoryOverheadFactor"
KUBERNETES_FACTOR_KEY = "spark.kubernetes.memoryOverheadFactor"
OFF_HEAP_ENABLED = "spark.memory.offHeap.enabled"
OFF_HEAP_SIZE = "spark.memory.offHeap.size"
PYSPARK_MEMORY = "spark.executor.pyspark.memory"
_PACKAGE = "core/.../internal/config/package.scala"
_RESOURCE_PROFILE = "core/.../resource/ResourceProfile.scala"


class Quantity(Record):
    """A number of bytes and where it came from: a setting (written or platform default) or Spark's default."""

    bytes: int
    setting: Optional[Setting]
    note: str  # where it came from when not a setting; "{where}" stands for the setting's place

    source = SOURCE

    @property
    def mib(self) -> int:
        """In MiB, truncated, as Spark converts a size to a MiB entry."""
        return self.bytes // MIB if self.bytes >= 0 else -((-self.bytes) // MIB)


class Factor(Record):
    """A fraction or factor and where it came from."""

    value: float
    setting: Optional[Setting]
    note: str  # where it came from when not a setting; "{where}" stands for the setting's place

    source = SOURCE


class Overhead(Record):
    """Memory overhead of one role: explicit, or max((factor × heapMiB).toInt, minimum)."""

    quantity: Quantity  # the overhead itself, in whole MiB
    explicit: bool
    factor: Optional[Factor]  # None when explicit
    minimum: Optional[Quantity]  # None when explicit


class Container(Record):
    """What the cluster manager is asked for: heap + overhead (+ off-heap + PySpark memory for executors)."""

    role: str
    heap: Quantity
    overhead: Overhead
    off_heap: Optional[Quantity]  # executor only, when enabled
    pyspark: Optional[Quantity]  # executor of a Python app only, when set

    @property
    def total_mib(self) -> int:
        parts = (self.heap.mib, self.overhead.quantity.mib,
                 self.off_heap.mib if self.off_heap else 0, self.pyspark.mib if self.pyspark else 0)
        return sum(parts)

    @property
    def total_bytes(self) -> int:
        return self.total_mib * MIB


class Unified(Record):
    """UnifiedMemoryManager's regions of one JVM heap, in bytes."""

    heap: Quantity
    reserved: int
    usable: int
    fraction: Factor
    unified: int  # execution + storage (the UI's "Storage Memory" at start)
    storage_fraction: Factor
    storage: int  # the part protected from eviction
    execution: int
    user: int  # usable − unified: user data structures, Spark's internal metadata


class TaskMemory(Record):
    """Unified memory shared by the tasks that run at once in one executor."""

    cores: Count
    task_cpus: Count
    tasks: int
    unified: Unified
    per_task: int  # bytes


# Sources of Spark's defaults, for messages (built once, not per config).
_DEFAULT_HEAP_SOURCE = f"Spark default 1g, {_PACKAGE}"
_DEFAULT_FRACTION_SOURCE = f"Spark default 0.6, {_PACKAGE}"
_DEFAULT_STORAGE_FRACTION_SOURCE = f"Spark default 0.5, {_PACKAGE}"
_DEFAULT_FACTOR_SOURCE = f"Spark default 0.1, {_PACKAGE}"
_RESERVED_SOURCE = "Spark reserves 300 MiB, core/.../memory/UnifiedMemoryManager.scala"
_MINIMUM_OVERHEAD_SOURCE = f"Spark's 384 MiB minimum, {_RESOURCE_PROFILE}"
_DEFAULT_OFF_HEAP_SOURCE = f"Spark default 0, {_PACKAGE}"
_DEFAULT_EXECUTOR_CORES_SOURCE = f"Spark default 1 on YARN and Kubernetes, {_PACKAGE}"
_DEFAULT_ONE_SOURCE = f"Spark default 1, {_PACKAGE}"

R = TypeVar("R")


def _per_config(function: Callable[..., R]) -> Callable[..., R]:
    """Compute once per config (and role): several rules ask for the same heap, overhead or container."""
    @functools.wraps(function)
    def memoised(config: JobConfig, *arguments: str) -> R:
        return config.memo(function, function, *arguments)

    return memoised



def _bytes(config: JobConfig, key: str, default_unit: int) -> Optional[Quantity]:
    """The effective size of `key`; None when unset, templated or unparseable."""
    setting = config.effective(key)
    if setting is None or is_templated(setting.value):
        return None
    try:
        return Quantity(parse_bytes(setting.value, default_unit, config.spark_version), setting, "")
    except ValueError:
        return None


def _double(config: JobConfig, key: str) -> Optional[Factor]:
    setting = config.effective(key)
    if setting is None or is_templated(setting.value):
        return None
    try:
        return Factor(float(setting.value.strip()), setting, "")
    except ValueError:
        return None


def _set(config: JobConfig, key: str) -> bool:
    return config.effective(key) is not None


def is_unitless(value: str) -> bool:
    """A size written as a bare number ("4096"): the ConfigEntry reads MiB, but the launcher's -Xmx and
    UnifiedMemoryManager's `getSizeAsBytes` read bytes (spark.md §1, §6; see SL101)."""
    return value.strip().lstrip("-").isdigit()


@_per_config
def heap(config: JobConfig, role: str) -> Optional[Quantity]:
    """`spark.{role}.memory` (MiB when unitless, default 1g); None when it does not parse."""
    key = f"spark.{role}.memory"
    if not _set(config, key):
        return Quantity(1024 * MIB, None, _DEFAULT_HEAP_SOURCE)
    return _bytes(config, key, MIB)


@_per_config
def reserved(config: JobConfig) -> Quantity:
    """The memory UnifiedMemoryManager.getMaxMemory reserves: `spark.testing.reservedMemory` when set and a
    whole number (read with getLong, as bytes), else 0 when `spark.testing` is set, else 300 MiB."""
    setting = config.effective(RESERVED_MEMORY_KEY)
    if setting is not None and re.fullmatch(r"[+-]?[0-9]+", setting.value.strip()):
        return Quantity(int(setting.value.strip()), setting, "")
    testing = config.effective(TESTING_KEY)
    if setting is None and testing is not None:
        return Quantity(0, testing, "")
    return Quantity(RESERVED_SYSTEM_MEMORY, None, _RESERVED_SOURCE)


def minimum_system_memory(config: JobConfig) -> int:
    """The smallest heap Spark starts with, in bytes: ceil(1.5 × the reserved memory)."""
    return -(-reserved(config).bytes * 3 // 2)


@_per_config
def unified(config: JobConfig, role: str) -> Optional[Unified]:
    """UnifiedMemoryManager.getMaxMemory for a heap of `spark.{role}.memory` (taken as Runtime.maxMemory,
    which G1 reports equal to -Xmx; other collectors report a little less, spark.md §1)."""
    memory = heap(config, role)
    fraction = (_double(config, "spark.memory.fraction") if _set(config, "spark.memory.fraction")
                else Factor(0.6, None, _DEFAULT_FRACTION_SOURCE))
    storage_fraction = (_double(config, "spark.memory.storageFraction")
                        if _set(config, "spark.memory.storageFraction")
                        else Factor(0.5, None, _DEFAULT_STORAGE_FRACTION_SOURCE))
    if memory is None or fraction is None or storage_fraction is None:
        return None
    kept = reserved(config).bytes
    usable = memory.bytes - kept
    region = java_long(usable * fraction.value)  # (usableMemory * memoryFraction).toLong
    storage = java_long(region * storage_fraction.value)
    return Unified(memory, kept, usable, fraction, region, storage_fraction, storage,
                   region - storage, usable - region)


@_per_config
def overhead_factor(config: JobConfig, role: str) -> Optional[Factor]:
    """The factor Spark (or the platform) multiplies the heap by when no explicit overhead is set."""
    own = f"spark.{role}.memoryOverheadFactor"
    if _set(config, own):
        return _double(config, own)
    if config.platform == "kubernetes":
        if _set(config, KUBERNETES_FACTOR_KEY):
            return _double(config, KUBERNETES_FACTOR_KEY)
        if config.is_python:
            return Factor(NON_JVM_FACTOR, None,
                          "Spark on Kubernetes default 0.4 for non-JVM apps, k8s/features/BasicDriverFeatureStep.scala")
    if config.platform == "emr-serverless" and _set(config, EMR_SERVERLESS_FACTOR_KEY):
        return _double(config, EMR_SERVERLESS_FACTOR_KEY)
    return Factor(DEFAULT_FACTOR, None, _DEFAULT_FACTOR_SOURCE)


def _minimum(config: JobConfig, role: str) -> Optional[Quantity]:
    key = f"spark.{role}.minMemoryOverhead"
    if version_tuple(config.spark_version) >= (4, 0) and _set(config, key):
        return _bytes(config, key, MIB)
    return Quantity(MEMORY_OVERHEAD_MIN_MIB * MIB, None, _MINIMUM_OVERHEAD_SOURCE)


@_per_config
def overhead(config: JobConfig, role: str) -> Optional[Overhead]:
    """ResourceProfile.calculateOverHeadMemory for `role`; None when a value it needs does not parse."""
    for key in (f"spark.{role}.memoryOverhead", f"spark.yarn.{role}.memoryOverhead"):  # withAlternative
        if _set(config, key):
            explicit = _bytes(config, key, MIB)
            if explicit is None:
                return None
            return Overhead(Quantity(explicit.mib * MIB, explicit.setting, explicit.note), True, None, None)
    memory, factor, minimum = heap(config, role), overhead_factor(config, role), _minimum(config, role)
    if memory is None or factor is None or minimum is None:
        return None
    computed = java_int(factor.value * memory.mib)  # (factor × memMiB).toInt truncates (NaN is 0)
    if computed >= minimum.mib:
        source = f"{factor.value:g} × {memory.mib} MiB heap"
    else:
        source = f"the {minimum.mib} MiB minimum [{minimum.source}]; {factor.value:g} × {memory.mib} MiB heap is less"
    return Overhead(Quantity(max(computed, minimum.mib) * MIB, None, source), False, factor, minimum)


@_per_config
def off_heap(config: JobConfig) -> Optional[Quantity]:
    """Off-heap memory counted in the executor container: the size when enabled, else 0 bytes.
    None when a value does not parse."""
    enabled = config.effective(OFF_HEAP_ENABLED) or config.effective("spark.unsafe.offHeap")
    if enabled is None:
        return Quantity(0, None, "off-heap memory is off by Spark's default")
    try:
        if not parse_bool(enabled.value):
            return Quantity(0, enabled, "")
    except ValueError:
        return None
    if not _set(config, OFF_HEAP_SIZE):
        return Quantity(0, None, _DEFAULT_OFF_HEAP_SOURCE)
    return _bytes(config, OFF_HEAP_SIZE, 1)


@_per_config
def pyspark_memory(config: JobConfig) -> Optional[Quantity]:
    """`spark.executor.pyspark.memory`, counted only for Python apps (IS_PYTHON_APP); 0 when not counted.
    When the app's language is unknown, a set value is counted: nobody sets it for a JVM app."""
    if not _set(config, PYSPARK_MEMORY) or config.is_python is False:
        return Quantity(0, None, "not counted" if _set(config, PYSPARK_MEMORY) else "unset")
    return _bytes(config, PYSPARK_MEMORY, MIB)


@_per_config
def container(config: JobConfig, role: str) -> Optional[Container]:
    """The memory requested for one driver or executor container; None when a value does not parse."""
    memory, extra = heap(config, role), overhead(config, role)
    if memory is None or extra is None:
        return None
    if role == "driver":
        return Container(role, memory, extra, None, None)
    offheap, python = off_heap(config), pyspark_memory(config)
    if offheap is None or python is None:
        return None
    return Container(role, memory, extra, offheap if offheap.bytes else None, python if python.bytes else None)


def container_inputs(role: str) -> tuple[str, ...]:
    """Every key `container(config, role)` reads (through heap, overhead, overhead_factor, _minimum,
    off_heap and pyspark_memory); besides them it reads only the config's platform, Spark version and
    whether it is a Python app. tests/test_memory.py checks this list against what it reads."""
    keys = (f"spark.{role}.memory", f"spark.{role}.memoryOverhead", f"spark.yarn.{role}.memoryOverhead",
            f"spark.{role}.memoryOverheadFactor", KUBERNETES_FACTOR_KEY, EMR_SERVERLESS_FACTOR_KEY,
            f"spark.{role}.minMemoryOverhead")
    return keys + ((OFF_HEAP_ENABLED, "spark.unsafe.offHeap", OFF_HEAP_SIZE, PYSPARK_MEMORY) if role == "executor" else ())


_CONTAINER_INPUTS = {role: container_inputs(role) for role in ("driver", "executor")}
_container_sizes: dict[tuple, Optional[int]] = {}


def container_bytes(config: JobConfig, role: str) -> Optional[int]:
    """`container(config, role).total_bytes` (None where container is None), worked out once per run for
    each combination of the values it reads: a policy capping the container asks it of every config,
    and the configs of a repository repeat a few memory settings (the rules ask only of some configs, so
    a per-config memo alone would work it out for nearly every one)."""
    effective = config.effective
    inputs = tuple(setting.value if setting is not None else None
                   for setting in map(effective, _CONTAINER_INPUTS[role]))
    cache_key = (role, config.platform, config.spark_version, config.is_python, inputs)
    found = _container_sizes.get(cache_key, _NOT_SIZED)
    if found is _NOT_SIZED:
        sized = container(config, role)
        if len(_container_sizes) >= 4096:
            _container_sizes.clear()
        found = _container_sizes[cache_key] = sized.total_bytes if sized is not None else None
    return found  # type: ignore[return-value]


_NOT_SIZED = object()


@_per_config
def task_memory(config: JobConfig) -> Optional[TaskMemory]:
    """Unified memory per concurrently running task of one executor: unified // (cores // task.cpus).
    None when a value does not parse or no task fits (executor.cores < task.cpus is another failure)."""
    cores = Count.of(config, "spark.executor.cores", 1, _DEFAULT_EXECUTOR_CORES_SOURCE)
    task_cpus = Count.of(config, "spark.task.cpus", 1, _DEFAULT_ONE_SOURCE)
    region = unified(config, "executor")
    if cores is None or task_cpus is None or region is None or task_cpus.value <= 0:
        return None
    tasks = cores.value // task_cpus.value
    if tasks <= 0:
        return None
    return TaskMemory(cores, task_cpus, tasks, region, region.unified // tasks)


class Worker(Record):
    """An EMR Serverless worker for one role: its vCPU, the memory Spark asks of it, and the grid size it needs.

    `needed` is heap + overhead, the memory app-behavior.html says a worker must hold [V]. `fitted` is the
    smallest grid memory of a `cpu` worker that holds it (None above the tier's maximum); that the worker
    is billed at that size, rounded up to whole GB, is third-party knowledge [T], and the rounding between
    the 4 and 8 GB steps of 8 and 16 vCPU workers is not documented [U] (emr_workers.fitting_memory).
    """

    role: str
    cpu: Count  # vCPU
    container: Container
    needed: int  # bytes: heap + overhead
    fitted: Optional[int]  # bytes


@_per_config
def emr_serverless_worker(config: JobConfig, role: str) -> Optional[Worker]:
    """The worker an EMR Serverless job asks for; None off EMR Serverless, for a vCPU count off the grid
    (SL301's business) or when a value does not parse."""
    from sparklint.knowledge import emr_workers  # only EMR Serverless rules pay for it

    if config.platform != "emr-serverless":
        return None
    cpu = Count.of(config, f"spark.{role}.cores", 1, _DEFAULT_ONE_SOURCE)
    sized = container(config, role)
    if cpu is None or sized is None or emr_workers.tier(cpu.value) is None:
        return None
    needed = (sized.heap.mib + sized.overhead.quantity.mib) * MIB
    return Worker(role, cpu, sized, needed, emr_workers.fitting_memory(cpu.value, needed))


def largest_heap_mib(overhead_of: Overhead, limit: int) -> int:
    """The largest heap in MiB whose heap + overhead (computed as `overhead_of` was) fits in `limit` bytes."""
    limit_mib = limit // MIB
    if overhead_of.explicit or overhead_of.factor is None or overhead_of.minimum is None:
        return limit_mib - overhead_of.quantity.mib
    factor, minimum = overhead_of.factor.value, overhead_of.minimum.mib
    # The overhead is the minimum when the factor is NaN, zero or negative; the loop then starts there.
    heap_mib = java_long(limit_mib / (1 + factor)) + 1 if factor > 0 else limit_mib - minimum + 1
    while heap_mib > 0 and heap_mib + max(java_int(factor * heap_mib), minimum) > limit_mib:
        heap_mib -= 1
    return heap_mib


def worker_memory_bytes(worker: Worker) -> int:
    """The memory an EMR Serverless worker takes from maximumCapacity: its grid size, or above the tier's
    maximum (SL302's business) the memory asked for, rounded up to whole GB (third-party knowledge [T])."""
    from sparklint.knowledge.units import GIB

    return worker.fitted if worker.fitted is not None else -(-worker.needed // GIB) * GIB
