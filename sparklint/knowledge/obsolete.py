"""Keys that Spark no longer reads and that its deprecation tables do not list (removed long ago).

Each entry cites where the removal is recorded.
"""

from __future__ import annotations

from typing import Optional

from sparklint.records import Record


class Obsolete(Record):
    since: str
    replacement: Optional[str]
    why: str


_LEGACY_MEMORY = ("SPARK-26539 (Spark 3.0) removed spark.memory.useLegacyMode and the StaticMemoryManager "
                  "that read it; apache/spark pull 23457")
OBSOLETE: dict[str, Obsolete] = {
    "spark.memory.useLegacyMode": Obsolete("3.0", "spark.memory.fraction", _LEGACY_MEMORY),
    "spark.storage.memoryFraction": Obsolete("3.0", "spark.memory.storageFraction", _LEGACY_MEMORY),
    "spark.shuffle.memoryFraction": Obsolete("3.0", "spark.memory.fraction", _LEGACY_MEMORY),
    "spark.storage.unrollFraction": Obsolete("3.0", None, _LEGACY_MEMORY),
    # SortShuffleManager warns "spark.shuffle.spill was set to false, but this configuration is ignored as of
    # Spark 1.6+. Shuffle will continue to spill to disk when necessary." (core/src/main/scala/org/apache/
    # spark/shuffle/sort/SortShuffleManager.scala); the key is read only for that warning.
    "spark.shuffle.spill": Obsolete("1.6", None, "SortShuffleManager ignores it since Spark 1.6: shuffles spill to "
                                                 "disk when necessary"),
    "spark.localExecution.enabled": Obsolete("1.5", None, "SPARK-9144 removed local execution of take()/first(); "
                                                        "apache/spark pull 7585"),
}
# SparkConf.logDeprecationWarning: keys starting with spark.akka are "not supported anymore because
# Spark doesn't use Akka since 2.0" (core/src/main/scala/org/apache/spark/SparkConf.scala).
OBSOLETE_PREFIXES: dict[str, Obsolete] = {
    "spark.akka.": Obsolete("2.0", None, "SparkConf.logDeprecationWarning: Spark doesn't use Akka since 2.0"),
}


def obsolete(key: str) -> Optional[Obsolete]:
    found = OBSOLETE.get(key)
    if found is not None:
        return found
    for prefix, entry in OBSOLETE_PREFIXES.items():
        if key.startswith(prefix):
            return entry
    return None
