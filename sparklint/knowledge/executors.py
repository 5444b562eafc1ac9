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
"""

from __future__ import annotations

from typing import NamedTuple, Optional

from sparklint.knowledge.units import parse_bool, parse_int
from sparklint.model import JobConfig, Setting

ENABLED = "spark.dynamicAllocation.enabled"
MIN = "spark.dynamicAllocation.minExecutors"
INITIAL = "spark.dynamicAllocation.initialExecutors"
MAX = "spark.dynamicAllocation.maxExecutors"
INSTANCES = "spark.executor.instances"
INT_MAX = 2**31 - 1
DEFAULT_NUMBER_EXECUTORS = 2
_CONFIG_PACKAGE = "Spark default, core/.../internal/config/package.scala"


class Count(NamedTuple):
    """A number and where it came from (a written setting, a platform default, or Spark's default)."""

    value: int
    setting: Optional[Setting]
    source: str

    @classmethod
    def of(cls, config: JobConfig, key: str, spark_default: int, default_source: str = _CONFIG_PACKAGE
           ) -> Optional[Count]:
        """The effective count for `key`; None when its value does not parse (another rule says so)."""
        setting = config.effective(key)
        if setting is None:
            return cls(spark_default, None, default_source)
        try:
            return cls(parse_int(setting.value), setting, setting.describe())
        except ValueError:
            return None

    def label(self, name: str) -> str:
        return f"{name}={self.value}"


def is_local_master(master: str | None) -> bool:
    return master is not None and (master.strip() == "local" or master.strip().startswith("local["))


class DynamicAllocation(NamedTuple):
    enabled: bool
    reason: str  # why on/off, for messages
    setting: Optional[Setting]  # the setting that decided it, when one did
    min: Count
    initial: Count
    max: Count
    instances: Optional[Setting]  # spark.executor.instances when set anywhere (platform default included)

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
            reason = f"{state} ({enabled_setting.describe()})"
        else:
            reason = f"{state} (spark.dynamicAllocation.enabled={enabled_setting.value} at {enabled_setting.describe()})"
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


def executors_at_start(config: JobConfig) -> Optional[tuple[int, str]]:
    """(executors Spark starts, explanation); None when unknown (unparseable values)."""
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
