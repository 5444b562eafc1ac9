"""Spark standalone clusters: the workers a docker-compose file starts, and whether the Master can ever
place an executor on one of them.

Sources (apache/spark, core/src/main/scala/org/apache/spark/deploy/):
- worker/WorkerArguments.scala: a Worker offers `SPARK_WORKER_MEMORY` (read with
  `Utils.memoryStringToMb`: a size with a unit, a bare number is bytes) and `SPARK_WORKER_CORES`
  (an int); without them, the host's memory minus 1 GiB and all its cores.
- master/Master.scala, `startExecutorsOnWorkers`: only workers with `memoryFree >= memoryPerExecutorMB`
  and `coresFree >= coresPerExecutor` (`spark.executor.cores`, else 1) are usable for an application
  (`canLaunchExecutor` / `canLaunch`); with none, the Master logs "App ... requires more resource than
  any of Workers could have." and the application waits, without executors, for ever.
- memoryPerExecutorMB is the executor heap, `spark.executor.memory` (SparkContext.executorMemory; the
  memory overhead is not counted in standalone mode).
"""

from __future__ import annotations

from typing import Optional

from sparklint.knowledge.units import parse_bytes, parse_int
from sparklint.model import Setting
from sparklint.records import Record

MIB = 1024 * 1024
WORKER_SOURCE = "deploy/worker/WorkerArguments.scala"
MASTER_SOURCE = "deploy/master/Master.scala, startExecutorsOnWorkers"


class StandaloneWorker(Record):
    """A worker service of a compose file: the master it registers with and what it offers."""

    service: str
    master_url: str  # "spark://spark-master:7077"; "" when the file does not say
    memory: Optional[Setting]  # SPARK_WORKER_MEMORY as written
    cores: Optional[Setting]  # SPARK_WORKER_CORES as written

    @property
    def memory_mib(self) -> Optional[int]:
        """What the worker offers, in MiB; None when unset, unparsable, or a bare number (bytes to
        Utils.memoryStringToMb, which is rarely what was meant: not judged)."""
        if self.memory is None:
            return None
        text = self.memory.value.strip()
        if not text or text.isdigit():
            return None
        try:
            return parse_bytes(text, 1) // MIB
        except ValueError:
            return None

    @property
    def core_count(self) -> Optional[int]:
        if self.cores is None:
            return None
        try:
            return parse_int(self.cores.value.strip())
        except ValueError:
            return None


def same_master(first: str, second: str) -> bool:
    """Two `spark://host:port` URLs naming the same Master (case-insensitive host, default port 7077)."""
    def key(url: str) -> tuple[str, ...]:
        hosts = url.strip().lower().removeprefix("spark://").rstrip("/")
        return tuple(sorted(host if ":" in host else f"{host}:7077" for host in hosts.split(",")))

    return first.strip().lower().startswith("spark://") and key(first) == key(second)
