"""What Spark will do with one JobConfig, as data: every number comes from the knowledge layer.

`explain(config)` returns an `Explanation`; `Explanation.as_json()` is the JSON shape of issue 5
(bytes as integers, null where a value does not parse or does not apply). The renderers in
`text.py` / `markdown.py` / `json_format.py` only format these numbers.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, is_dataclass, replace
from typing import Callable, Optional, TypeVar, Union

from sparklint.knowledge import emr_serverless, memory
from sparklint.knowledge.executors import (INT_MAX, Count, DynamicAllocation, dynamic_allocation, executors_at_start,
                                           local_master, platform_decides)
from sparklint.knowledge.units import parse_int
from sparklint.model import JobConfig, Setting

# The settings that decide sizing, in the order people read them (issue 5, "Where the settings come from").
SIZING_KEYS = (
    "spark.master",
    "spark.driver.memory", "spark.driver.cores", "spark.driver.memoryOverhead", "spark.driver.memoryOverheadFactor",
    "spark.executor.memory", "spark.executor.cores", "spark.executor.memoryOverhead",
    "spark.executor.memoryOverheadFactor", "spark.executor.pyspark.memory", "spark.executor.instances",
    "spark.task.cpus", "spark.memory.fraction", "spark.memory.storageFraction",
    "spark.memory.offHeap.enabled", "spark.memory.offHeap.size",
    "spark.dynamicAllocation.enabled", "spark.dynamicAllocation.minExecutors",
    "spark.dynamicAllocation.initialExecutors", "spark.dynamicAllocation.maxExecutors",
    "spark.kubernetes.memoryOverheadFactor", memory.EMR_SERVERLESS_FACTOR_KEY,
    emr_serverless.DRIVER_DISK_KEY, emr_serverless.EXECUTOR_DISK_KEY,
)
LIMITS = ("cpu", "memory", "disk")  # the order a tie between limits is named in

Number = Optional[int]
T = TypeVar("T")


@dataclass(frozen=True)
class Memory:
    """One JVM (driver or executor): UnifiedMemoryManager's regions and the container around it, bytes."""

    heap: Number
    reserved: Number
    usable: Number
    unified: Number
    storage: Number
    execution: Number
    user: Number
    offheap: Number
    overhead: Number
    pyspark: Number
    container: Number
    cores: Number
    fraction: Optional[float]
    storage_fraction: Optional[float]
    overhead_source: str


@dataclass(frozen=True)
class ExecutorMemory(Memory):
    tasks: Number = None
    unified_per_task: Number = None


@dataclass(frozen=True)
class Executors:
    dynamic_allocation: Optional[bool]
    dynamic_allocation_reason: str
    requested: Number  # spark.executor.instances when set (a platform default counts), else null
    min: Number
    initial: Number
    max: Number  # null when unbounded (Int.MaxValue)
    at_start: Number
    at_start_reason: str
    capacity_limit: Number  # executors that fit beside the driver under maximumCapacity; null without a cap
    binding_limit: Optional[str]  # the resource that gives capacity_limit: "cpu", "memory", "disk"
    fits: dict[str, int]  # executors that fit under each known limit
    capacity: Optional[dict[str, Optional[int]]]  # maximumCapacity (vCPU, bytes, bytes)
    capacity_source: str
    # EMR Serverless: vCPU / bytes / bytes the driver plus the executors need, at start and at the most
    # dynamic allocation may ask for ("at_max" null when maxExecutors is unbounded); null off EMR Serverless.
    totals: Optional[dict[str, Optional[dict[str, Optional[int]]]]] = None
    # A local master: the tasks run in the driver JVM and no executor starts (the executor column is moot).
    in_driver: bool = False


@dataclass(frozen=True)
class WorkerSize:
    cpu: Number
    memory: Number  # the grid size the worker takes (bytes)
    disk: Number
    needed: Number  # heap + overhead (bytes)


@dataclass(frozen=True)
class Workers:
    driver: WorkerSize
    executor: WorkerSize


@dataclass(frozen=True)
class Overridden:
    value: str
    source: str


@dataclass(frozen=True)
class SettingSource:
    key: str
    value: str
    source: str
    # The values this one beat (another layer, a platform default), highest precedence first.
    overrides: tuple[Overridden, ...] = ()


@dataclass(frozen=True)
class Explanation:
    path: str
    name: str
    kind: str
    platform: str
    spark_version: str
    spark_version_source: str  # `spec.sparkVersion 4.2.0 at app.yaml:7`, `--spark-version`, `default ...`
    spark_version_note: str  # why the version judged by differs from the one declared or asked for
    driver: Memory
    executor: ExecutorMemory
    executors: Executors
    worker: Optional[Workers]
    settings: list[SettingSource]
    # Environment variables the file hands Spark's processes (docker-compose `environment:`, Databricks
    # `spark_env_vars`, Zeppelin's all-capitals properties): SPARK_WORKER_MEMORY, SPARK_DAEMON_MEMORY, ...
    environment: list[SettingSource] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return asdict(self)


def map_text(value: T, show: Callable[[str], str]) -> T:
    """`value` (an Explanation or a part of one) with `show` applied to every string in it."""
    if isinstance(value, str):
        return show(value)  # type: ignore[return-value]
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{item.name: map_text(getattr(value, item.name), show)  # type: ignore[return-value]
                                 for item in fields(value)})
    if isinstance(value, (list, tuple)):
        return type(value)(map_text(item, show) for item in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {key: map_text(item, show) for key, item in value.items()}  # type: ignore[return-value]
    return value


def explain(config: JobConfig) -> Explanation:
    workers = _workers(config)
    choice = config.spark_version_choice
    return Explanation(config.path, config.name, config.kind, config.platform, config.spark_version,
                       choice.describe() if choice is not None else "default",
                       choice.note if choice is not None else "",
                       _memory(config, "driver"), _executor_memory(config), _executors(config, workers), workers,
                       _settings(config), _environment(config))


def _bytes(quantity: Optional[memory.Quantity]) -> Number:
    return quantity.bytes if quantity is not None else None


def _cores(config: JobConfig, role: str) -> Number:
    found = Count.of(config, f"spark.{role}.cores", 1)
    return found.value if found is not None else None


def _regions(config: JobConfig, role: str) -> dict[str, Union[Number, Optional[float], str]]:
    region = memory.unified(config, role)
    extra = memory.overhead(config, role)
    sized = memory.container(config, role)
    offheap = memory.off_heap(config)
    return {
        "heap": _bytes(memory.heap(config, role)),
        "reserved": region.reserved if region else None, "usable": region.usable if region else None,
        "unified": region.unified if region else None, "storage": region.storage if region else None,
        "execution": region.execution if region else None, "user": region.user if region else None,
        # Off-heap memory is one setting for every JVM of the application (MemoryManager.maxOffHeapMemory).
        "offheap": offheap.bytes if offheap is not None else None,
        "overhead": extra.quantity.bytes if extra is not None else None,
        "pyspark": 0 if role == "driver" else _bytes(memory.pyspark_memory(config)),
        "container": sized.total_bytes if sized is not None else None,
        "cores": _cores(config, role),
        "fraction": region.fraction.value if region else None,
        "storage_fraction": region.storage_fraction.value if region else None,
        "overhead_source": extra.quantity.source if extra is not None else "",
    }


def _memory(config: JobConfig, role: str) -> Memory:
    return Memory(**_regions(config, role))  # type: ignore[arg-type]


def _executor_memory(config: JobConfig) -> ExecutorMemory:
    tasks = memory.task_memory(config)
    return ExecutorMemory(**_regions(config, "executor"), tasks=tasks.tasks if tasks else None,  # type: ignore[arg-type]
                          unified_per_task=tasks.per_task if tasks else None)


def _executors(config: JobConfig, workers: Optional[Workers]) -> Executors:
    allocation = dynamic_allocation(config)
    start = executors_at_start(config)
    at_start = start[0] if start else None
    decided = platform_decides(config)
    fits = _fits(config, workers, at_start)
    limit = min(fits.values()) if fits else None
    binding = next((name for name in LIMITS if name in fits and fits[name] == limit), None)
    capacity = config.capacity
    return Executors(
        dynamic_allocation=allocation.enabled if allocation else None,
        dynamic_allocation_reason=allocation.reason if allocation else "a dynamic allocation setting does not parse",
        requested=allocation.instances_value if allocation and allocation.instances is not None else None,
        min=allocation.min.value if allocation else None,
        initial=allocation.initial.value if allocation else None,
        max=(allocation.max.value if allocation.max.value != INT_MAX else None) if allocation else None,
        at_start=at_start,
        at_start_reason=start[1] if start else decided or "a setting it depends on does not parse",
        capacity_limit=limit, binding_limit=binding, fits=fits,
        capacity=({"cpu": capacity.cpu, "memory": capacity.memory, "disk": capacity.disk}
                  if capacity is not None else None),
        capacity_source=capacity.describe() if capacity is not None else "",
        totals=_totals(workers, at_start, _most(allocation, at_start)),
        in_driver=local_master(config) is not None,
    )


def _most(allocation: Optional[DynamicAllocation], at_start: Optional[int]) -> Optional[int]:
    """The most executors the job can ask for: maxExecutors with dynamic allocation (None when unbounded),
    else the executors it starts with."""
    if allocation is None or not allocation.enabled:
        return at_start
    return allocation.max.value if allocation.max.value != INT_MAX else None


def _totals(workers: Optional[Workers], at_start: Optional[int],
            most: Optional[int]) -> Optional[dict[str, Optional[dict[str, Optional[int]]]]]:
    """What the driver and `at_start` (and `most`) executors take of each resource, on EMR Serverless."""
    if workers is None or at_start is None:
        return None

    def total(count: int) -> dict[str, Optional[int]]:
        result: dict[str, Optional[int]] = {}
        for name in LIMITS:
            driver, each = getattr(workers.driver, name), getattr(workers.executor, name)
            result[name] = driver + count * each if driver is not None and each is not None else None
        return result

    return {"at_start": total(at_start), "at_max": total(most) if most is not None else None}


def _fits(config: JobConfig, workers: Optional[Workers], wanted: Optional[int]) -> dict[str, int]:
    """Executors that fit beside the driver under each limit of the application's maximumCapacity."""
    capacity = config.capacity
    if workers is None or capacity is None or wanted is None:  # workers: on EMR Serverless only
        return {}
    fits: dict[str, int] = {}
    for name, cap in (("cpu", capacity.cpu), ("memory", capacity.memory), ("disk", capacity.disk)):
        driver, executor = getattr(workers.driver, name), getattr(workers.executor, name)
        if cap is not None and driver is not None and executor is not None:
            fits[name] = emr_serverless.executors_that_fit(cap, driver, executor, wanted)
    return fits


def _workers(config: JobConfig) -> Optional[Workers]:
    if config.platform != "emr-serverless":
        return None
    return Workers(_worker(config, "driver"), _worker(config, "executor"))


def _worker(config: JobConfig, role: str) -> WorkerSize:
    sized = memory.emr_serverless_worker(config, role)
    disk_key = emr_serverless.DRIVER_DISK_KEY if role == "driver" else emr_serverless.EXECUTOR_DISK_KEY
    disk = emr_serverless.read_setting(config, disk_key, emr_serverless.worker_disk_bytes)
    cpu = emr_serverless.read_setting(config, f"spark.{role}.cores", parse_int)
    return WorkerSize(cpu=cpu[0] if cpu else (sized.cpu.value if sized else None),
                      memory=memory.worker_memory_bytes(sized) if sized else None,
                      disk=disk[0] if disk else None, needed=sized.needed if sized else None)


def _settings(config: JobConfig) -> list[SettingSource]:
    """The sizing keys first (written, a platform default or Spark's default), then every other key the
    file writes, in the order it first writes them: "Where the settings come from" is the whole file."""
    from sparklint.knowledge.catalog import catalog

    found = []
    for key in SIZING_KEYS:
        if key == memory.KUBERNETES_FACTOR_KEY and config.platform != "kubernetes":
            continue  # read on Kubernetes only (memory.overhead_factor)
        setting = config.effective(key)
        if setting is not None:
            found.append(_source(key, setting, config.all(key)))
            continue
        entry = catalog().entry(key, config.spark_version)
        if entry is not None and entry.default is not None:
            found.append(SettingSource(key, entry.default, f"Spark {config.spark_version} default"))
    sizing = set(SIZING_KEYS)
    others: dict[str, list[Setting]] = {}  # grouped in one pass: a file may write many thousand keys
    for setting in config.settings:
        if setting.key not in sizing:
            others.setdefault(setting.key, []).append(setting)
    for key, group in others.items():
        if all(setting.ref is None for setting in group):
            continue  # only a default layer's: the file does not write it
        group.sort(key=lambda setting: setting.layer.rank)  # as config.all: lowest precedence first
        setting = config.effective(key)
        if setting is not None:
            found.append(_source(key, setting, group))
    return found


def _environment(config: JobConfig) -> list[SettingSource]:
    """The environment variables the file sets, the last of each name winning, in the order first written."""
    by_name: dict[str, list[Setting]] = {}
    for setting in config.environment:
        by_name.setdefault(setting.key, []).append(setting)
    return [_source(name, group[-1], group) for name, group in by_name.items()]


def _source(key: str, setting: Setting, every: list[Setting]) -> SettingSource:
    """`setting` (the one Spark uses) with the values it beat, highest precedence first."""
    beaten = [Overridden(other.value, other.describe()) for other in reversed(every)
              if other is not setting and other.value != setting.value]
    return SettingSource(key, setting.value, setting.describe(), tuple(beaten))
