"""Keys Spark reads only when a feature runs, and whether a file shows that feature in use.

`reads.py` lists the keys whose refused value let a real Spark start and run on `local[2]` (SL006 then
warns: "Spark refuses this value when it reads the key"). For some of them the reader is known and a file
can show it runs: then Spark refuses the config at start, and SL006 reports an error. Each entry names
the code that reads the key and the settings that turn it on; each is proven in real Spark with a refused
value and an accepted twin (tests/test_oracle_feature_reads.py).

- Dynamic allocation: `ExecutorMonitor` reads `spark.dynamicAllocation.executorIdleTimeout`,
  `.cachedExecutorIdleTimeout` and `.shuffleTracking.timeout` in its constructor
  (core/src/main/scala/org/apache/spark/scheduler/dynalloc/ExecutorMonitor.scala), and
  `ExecutorAllocationManager` builds one when SparkContext starts with dynamic allocation on
  (`Utils.isDynamicAllocationEnabled`: spark.dynamicAllocation.enabled and a master that is not local).
  The effective value counts, platform defaults included (EMR on EC2 turns it on).
- Rolling event logs: `RollingEventLogFilesWriter` reads `spark.eventLog.rolling.maxFileSize` in its
  constructor, and `EventLogFileWriter.apply` builds one at SparkContext start when spark.eventLog.enabled
  and spark.eventLog.rolling.enabled are both true
  (core/src/main/scala/org/apache/spark/deploy/history/EventLogFileWriters.scala).

Keys read only on YARN or Kubernetes (`spark.kubernetes.allocation.*`, `spark.yarn.report.*`, ...) stay
warnings everywhere: no cluster of either kind runs in the oracle, so where they are read is not proven.
"""

from __future__ import annotations

from typing import Callable, Dict, Optional

from sparklint.knowledge.executors import dynamic_allocation
from sparklint.knowledge.units import parse_bool
from sparklint.model import JobConfig
from sparklint.records import Record


class FeatureRead(Record):
    feature: str  # "dynamic allocation is on"
    reader: str  # the code that reads the key when the feature starts
    in_use: Callable[[JobConfig], bool]


def _dynamic_allocation_on(config: JobConfig) -> bool:
    # None when a count it depends on does not parse: not judged. A local master turns it off (there);
    # `local-cluster[...]` is a standalone Master and Workers in the driver JVM, not a local master.
    state = dynamic_allocation(config)
    told_local = config.platform == "local" and config.effective("spark.master") is None  # --platform local
    return state is not None and state.enabled and not told_local


def _true(config: JobConfig, key: str) -> bool:
    setting = config.effective(key)
    try:
        return setting is not None and parse_bool(setting.value)
    except ValueError:
        return False


def _rolling_event_log(config: JobConfig) -> bool:
    return _true(config, "spark.eventLog.enabled") and _true(config, "spark.eventLog.rolling.enabled")


_DYNAMIC_ALLOCATION = FeatureRead("dynamic allocation is on", "ExecutorMonitor, built by "
                                  "ExecutorAllocationManager when the SparkContext starts", _dynamic_allocation_on)
_ROLLING_EVENT_LOG = FeatureRead("event logging with rolling files is on (spark.eventLog.enabled and "
                                 "spark.eventLog.rolling.enabled)", "RollingEventLogFilesWriter, built when the "
                                 "SparkContext starts", _rolling_event_log)

FEATURE_READS: Dict[str, FeatureRead] = {
    "spark.dynamicAllocation.executorIdleTimeout": _DYNAMIC_ALLOCATION,
    "spark.dynamicAllocation.cachedExecutorIdleTimeout": _DYNAMIC_ALLOCATION,
    "spark.dynamicAllocation.shuffleTracking.timeout": _DYNAMIC_ALLOCATION,
    "spark.eventLog.rolling.maxFileSize": _ROLLING_EVENT_LOG,
}


def read_at_start(key: str, config: JobConfig) -> Optional[FeatureRead]:
    """The feature that reads `key` at start, when `config` shows it on; None otherwise."""
    read = FEATURE_READS.get(key)
    return read if read is not None and read.in_use(config) else None
