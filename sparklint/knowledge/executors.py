"""How many executors Spark starts, and whether dynamic allocation is on.

Sources (shared/reference/spark.md §3, checked against pyspark 3.5.9 / 4.3.0 jars):
- `core/src/main/scala/org/apache/spark/util/Utils.scala`:
  `isDynamicAllocationEnabled` = spark.dynamicAllocation.enabled && (!isLocalMaster || testing);
  `isLocalMaster` is true for master "local" and "local[...]" only;
  `getDynamicAllocationInitialExecutors` = max(minExecutors, initialExecutors, spark.executor.instances),
  with initialExecutors falling back to minExecutors and instances counting 0 when unset. Not capped by max.
- `core/src/main/scala/org/apache/spark/internal/config/package.scala`: enabled false, minExecutors 0,
  maxExecutors Int.MaxValue, initialExecutors = minExecutors.
- `core/src/main/scala/org/apache/spark/scheduler/cluster/SchedulerBackendUtils.scala`: without dynamic
  allocation, YARN and Kubernetes start spark.executor.instances, else DEFAULT_NUMBER_EXECUTORS = 2.
  With it, `getInitialTargetExecutorNumber` requires min <= initial <= max on YARN and Kubernetes.
- `core/src/main/scala/org/apache/spark/ExecutorAllocationManager.scala`, `validateSettings`: dynamic
  allocation needs somewhere to keep shuffle data: the external shuffle service, shuffle tracking,
  shuffle-block decommissioning, or a shuffle IO plugin with reliable storage.
- `core/src/main/scala/org/apache/spark/SparkContext.scala` (resource checks at start): cores per
  executor must be >= spark.task.cpus; in local mode both the thread count of `local[N]` and an explicit
  spark.executor.cores count (measured with pyspark 3.5.9: local[2] + executor.cores=1 + task.cpus=2 and
  local[1] + executor.cores=2 + task.cpus=2 both fail; local[2] + task.cpus=2 starts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Optional

from sparklint.knowledge.catalog import catalog
from sparklint.knowledge.units import parse_bool, parse_int, version_tuple
from sparklint.model import SOURCE, JobConfig, Setting

from sparklint.patterns import lazy_pattern
from sparklint.records import Record

if TYPE_CHECKING:
    from decimal import Decimal

    from sparklint.knowledge.databricks import ClusterSize

ENABLED = "spark.dynamicAllocation.enabled"
MIN = "spark.dynamicAllocation.minExecutors"
INITIAL = "spark.dynamicAllocation.initialExecutors"
MAX = "spark.dynamicAllocation.maxExecutors"
INSTANCES = "spark.executor.instances"
SHUFFLE_SERVICE = "spark.shuffle.service.enabled"
SHUFFLE_TRACKING = "spark.dynamicAllocation.shuffleTracking.enabled"
DECOMMISSION = "spark.decommission.enabled"
DECOMMISSION_SHUFFLE = "spark.storage.decommission.shuffleBlocks.enabled"
SHUFFLE_IO_PLUGIN = "spark.shuffle.sort.io.plugin.class"
DEFAULT_SHUFFLE_IO_PLUGIN = "org.apache.spark.shuffle.sort.io.LocalDiskShuffleDataIO"
TESTING = "spark.dynamicAllocation.testing"
EXECUTOR_CORES = "spark.executor.cores"
TASK_CPUS = "spark.task.cpus"
# Cluster managers whose executors get 1 core when spark.executor.cores is unset (docs/configuration.md,
# spark.executor.cores: "1 in YARN mode"; Kubernetes BasicExecutorFeatureStep); standalone takes all
# the worker's cores, so the count is unknown there.
_ONE_CORE_PLATFORMS = ("yarn", "kubernetes")
INT_MAX = 2**31 - 1
DEFAULT_NUMBER_EXECUTORS = 2
_CONFIG_PACKAGE = "Spark default, core/.../internal/config/package.scala"


class Count(Record):
    """A number and where it came from (a written setting, a platform default, or Spark's default)."""

    value: int
    setting: Optional[Setting]
    note: str  # where it came from when not a setting; "{where}" stands for the setting's place

    source = SOURCE

    @classmethod
    def of(cls, config: JobConfig, key: str, spark_default: int, default_source: str = _CONFIG_PACKAGE
           ) -> Optional[Count]:
        """The effective count for `key`; None when its value does not parse (another rule says so)."""
        setting = config.effective(key)
        if setting is None:
            return cls(spark_default, None, default_source)
        try:
            return cls(parse_int(setting.value), setting, "")
        except ValueError:
            return None

    def label(self, name: str) -> str:
        return f"{name}={self.value}"


def is_local_master(master: str | None) -> bool:
    return master is not None and (master.strip() == "local" or master.strip().startswith("local["))


class DynamicAllocation(Record):
    enabled: bool
    why: str  # why on/off, for messages; "{where}" stands for the deciding setting's place
    setting: Optional[Setting]  # the setting that decided it, when one did
    min: Count
    initial: Count
    max: Count
    instances: Optional[Setting]  # spark.executor.instances when set anywhere (platform default included)

    @property
    def reason(self) -> str:
        """Why dynamic allocation is on or off (the setting's place is looked up only when asked)."""
        if "{where}" in self.why and self.setting is not None:
            return self.why.replace("{where}", self.setting.describe())
        return self.why

    @property
    def instances_value(self) -> int:
        """spark.executor.instances as getDynamicAllocationInitialExecutors counts it (0 when unset)."""
        if self.instances is None:
            return 0
        return parse_int(self.instances.value)

    @property
    def at_start(self) -> int:
        """Executors Spark requests at start with dynamic allocation on (Utils.getDynamicAllocationInitialExecutors)."""
        return max(self.min.value, self.initial.value, self.instances_value)


def dynamic_allocation(config: JobConfig) -> Optional[DynamicAllocation]:
    """Dynamic allocation as Spark will see it; None when a value it depends on does not parse."""
    return config.memo("dynamic_allocation", _dynamic_allocation)


def _dynamic_allocation(config: JobConfig) -> Optional[DynamicAllocation]:
    """Dynamic allocation as Spark will see it; None when a value it depends on does not parse."""
    enabled_setting = config.effective(ENABLED)
    try:
        enabled = parse_bool(enabled_setting.value) if enabled_setting is not None else False
    except ValueError:
        return None
    master = config.value("spark.master")
    if enabled_setting is None:
        reason = "off by Spark's default (spark.dynamicAllocation.enabled=false)"
    elif is_local_master(master):
        enabled, reason = False, f"off: Spark disables it for a local master ({master})"
    else:
        state = "on" if enabled else "off"
        if enabled_setting.ref is None:
            reason = f"{state} ({{where}})"
        else:
            reason = f"{state} (spark.dynamicAllocation.enabled={enabled_setting.value} at {{where}})"
    minimum = Count.of(config, MIN, 0)
    if minimum is None:
        return None
    initial = Count.of(config, INITIAL, minimum.value,
                       f"falls back to minExecutors, {_CONFIG_PACKAGE}")
    maximum = Count.of(config, MAX, INT_MAX)
    instances = config.effective(INSTANCES)
    if initial is None or maximum is None:
        return None
    if instances is not None:
        try:
            parse_int(instances.value)
        except ValueError:
            return None
    return DynamicAllocation(enabled, reason, enabled_setting, minimum, initial, maximum, instances)


# SparkContext.createTaskScheduler (SparkMasterRegex): "local" is one thread, local[N] / local[*] N threads or
# all the host's cores, local[N, F] / local[*, F] the same with F task failures allowed; a LocalSchedulerBackend
# runs the tasks in the driver JVM, so no executor process is started.
_LOCAL_MASTER = lazy_pattern(r"local(?:\[([0-9]+|\*)(?:\s*,\s*([0-9]+))?\])?")


def local_master(config: JobConfig) -> Optional[str]:
    """For a local master, why there are no executors (the driver's task threads); None otherwise."""
    master = config.effective("spark.master")
    match = _LOCAL_MASTER.fullmatch(master.value.strip()) if master is not None else None
    if master is None or match is None:
        return None
    threads = match.group(1)
    count = ("1 task thread" if threads is None else "a task thread per core of the driver's host" if threads == "*"
             else f"{threads} task threads")
    failures = f", giving up on a task after {match.group(2)} failures" if match.group(2) else ""
    return (f"none: spark.master={master.value.strip()} [{master.describe()}] runs every task inside the driver "
            f"JVM on {count}{failures}, and starts no executor (SparkContext.createTaskScheduler: "
            "LocalSchedulerBackend)")


# Platforms that choose the executors themselves, whatever spark.executor.instances says.
_PLATFORM_DECIDES = {
    "glue": ("AWS Glue decides: it places the executors on the job's workers (WorkerType, NumberOfWorkers: "
             "docs.aws.amazon.com/glue/latest/dg/add-job.html), so the count does not follow from the Spark "
             "settings alone"),
    # Dataproc writes the cluster's spark-defaults.conf itself: executor sizes from the machine types and
    # dynamic allocation on (mkuthan.github.io/blog/2022/03/24/gcp-dataproc-spark-tuning; not found on a
    # Google page), so a job's settings alone do not give the executors it starts.
    "dataproc": ("the Dataproc cluster decides: Dataproc writes its own spark-defaults.conf on the cluster "
                 "(executor sizes from the machine types, dynamic allocation on, per a third-party tuning guide "
                 "for Dataproc; not found on a Google page), so the count does not follow from the settings "
                 "in this file alone"),
}


def platform_decides(config: JobConfig) -> Optional[str]:
    """Why the platform, not the Spark settings, decides the executors; None where the settings do."""
    if config.platform == "databricks":
        return _databricks_decides(config)
    return _PLATFORM_DECIDES.get(config.platform)


def _databricks_size(config: JobConfig) -> Optional["ClusterSize"]:
    return config.databricks.size if config.databricks is not None else None


def _databricks_decides(config: JobConfig) -> Optional[str]:
    """None where the file gives a fixed cluster size (its executors follow from num_workers), else why not."""
    from sparklint.knowledge.databricks import EXECUTORS_PER_WORKER

    size = _databricks_size(config)
    if size is not None and not size.autoscale and size.num_workers is not None:
        return None
    if size is not None and size.autoscale:
        return (f"Databricks decides: {EXECUTORS_PER_WORKER}, and autoscaling moves the workers within "
                f"{size.workers()} [{size.describe()}], whatever spark.executor.instances says")
    return (f"Databricks decides: {EXECUTORS_PER_WORKER}, and this file does not give the cluster's size, "
            "so the count does not follow from the settings in it")


def _databricks_at_start(config: JobConfig) -> Optional[tuple[int, str]]:
    """A fixed-size Databricks cluster's executors: one a worker (its driver is not one)."""
    from sparklint.knowledge.databricks import EXECUTORS_PER_WORKER

    size = _databricks_size(config)
    if size is None or size.num_workers is None:
        return None
    return size.num_workers, f"num_workers={size.num_workers} [{size.describe()}]: {EXECUTORS_PER_WORKER}"


def executors_at_start(config: JobConfig) -> Optional[tuple[int, str]]:
    """(executors Spark starts, explanation); None when unknown (unparseable values, or the platform decides:
    see platform_decides). A local master starts none."""
    local = local_master(config)
    if local is not None:
        return 0, local  # also a single-node Databricks cluster (num_workers 0, spark.master local[*, 4])
    if platform_decides(config) is not None:
        return None
    if config.platform == "databricks":
        return _databricks_at_start(config)
    allocation = dynamic_allocation(config)
    if allocation is None:
        return None
    if allocation.enabled:
        return allocation.at_start, (
            f"dynamic allocation starts max(minExecutors={allocation.min.value}, "
            f"initialExecutors={allocation.initial.value}, "
            f"spark.executor.instances={allocation.instances_value})")
    if allocation.instances is not None:
        return allocation.instances_value, f"spark.executor.instances={allocation.instances_value}"
    return DEFAULT_NUMBER_EXECUTORS, (
        f"Spark's default of {DEFAULT_NUMBER_EXECUTORS} executors (SchedulerBackendUtils.DEFAULT_NUMBER_EXECUTORS)")


class Flag(Record):
    """A boolean setting's effective value and where it came from."""

    key: str
    value: bool
    setting: Optional[Setting]
    note: str  # where it came from when not a setting; "{where}" stands for the setting's place

    source = SOURCE

    def label(self) -> str:
        return f"{self.key}={str(self.value).lower()} [{self.source}]"


def flag(config: JobConfig, key: str) -> Optional[Flag]:
    """A boolean as Spark reads it, defaulting to the catalog's default for config.spark_version.

    None when the value does not parse, or the key has no boolean default in that version.
    """
    setting = config.effective(key)
    try:
        if setting is not None:
            return Flag(key, parse_bool(setting.value), setting, "")
        entry = catalog().entry(key, config.spark_version)
        if entry is None or entry.default is None:
            return None
        return Flag(key, parse_bool(entry.default), None, f"Spark {config.spark_version} default")
    except ValueError:
        return None


class ShuffleData(Record):
    """What keeps shuffle files when dynamic allocation removes an executor (EAM.validateSettings)."""

    service: Flag
    tracking: Flag
    decommission: Flag
    decommission_shuffle: Flag

    @property
    def kept(self) -> bool:
        return (self.service.value or self.tracking.value
                or (self.decommission.value and self.decommission_shuffle.value))


def shuffle_data(config: JobConfig) -> Optional[ShuffleData]:
    """The four switches; None when unknown (a value does not parse, a custom shuffle IO plugin that
    may report reliable storage, or spark.dynamicAllocation.testing, which skips the check)."""
    plugin = config.value(SHUFFLE_IO_PLUGIN)
    if plugin is not None and plugin.strip() != DEFAULT_SHUFFLE_IO_PLUGIN:
        return None
    testing = flag(config, TESTING)
    if testing is None or testing.value:
        return None
    flags = [flag(config, key) for key in (SHUFFLE_SERVICE, SHUFFLE_TRACKING, DECOMMISSION, DECOMMISSION_SHUFFLE)]
    if any(found is None for found in flags):
        return None
    return ShuffleData(*flags)  # type: ignore[arg-type]


def task_cpus(config: JobConfig) -> Optional[tuple[Decimal, Optional[Setting]]]:
    """spark.task.cpus (default 1): an int up to 4.2, a decimal in 4.3 (spark.md §5); None if it does not parse."""
    from decimal import Decimal, InvalidOperation  # only SL204 asks: the import is a few % of a one-file run

    setting = config.effective(TASK_CPUS)
    if setting is None:
        return Decimal(1), None
    try:
        if version_tuple(config.spark_version) < (4, 3):
            return Decimal(parse_int(setting.value)), setting
        number = Decimal(setting.value.strip())
    except (ValueError, InvalidOperation):
        return None
    # java.math.BigDecimal has no NaN or Infinity (its constructor throws), which Decimal reads.
    return (number, setting) if number.is_finite() else None


def _local_threads(digits: str) -> Optional[int]:
    """N of `local[N]`; None past 32 bits, where SparkContext's `toInt` fails and the count is unknown."""
    try:
        threads = parse_int(digits)
    except ValueError:
        return None
    return threads if threads <= 2**31 - 1 else None


_LOCAL_THREADS = lazy_pattern(r"local\[([0-9]+)(?:,[0-9]+)?\]")


def cores_per_executor(config: JobConfig) -> list[Count]:
    """The core counts Spark holds against spark.task.cpus at start: the thread count of a `local` /
    `local[N]` master, and spark.executor.cores when set (or defaulted to 1 on YARN / Kubernetes).
    Unknown counts (local[*], standalone without executor.cores, unparsable values) are left out."""
    counts: list[Count] = []
    master = config.effective("spark.master")
    if master is not None and is_local_master(master.value):
        text = master.value.strip()
        match = _LOCAL_THREADS.fullmatch(text)
        threads = 1 if text == "local" else _local_threads(match.group(1)) if match is not None else None
        if threads is not None:
            counts.append(Count(threads, master, f"spark.master={text} at {{where}}"))
    cores = config.effective(EXECUTOR_CORES)
    if cores is not None:
        try:
            counts.append(Count(parse_int(cores.value), cores, "spark.executor.cores at {where}"))
        except ValueError:
            pass
    elif not counts and config.platform in _ONE_CORE_PLATFORMS:
        counts.append(Count(1, None, f"Spark's default on {config.platform}, docs/configuration.md"))
    return counts
