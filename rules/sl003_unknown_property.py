"""SL003 unknown-property: a `spark.*` key the selected Spark version does not know.

## What it flags
A `spark.*` key that is neither registered in the selected Spark version's configuration registry
nor read by Spark by name, nor under a namespace where any suffix is legal (`spark.hadoop.*`,
`spark.executorEnv.*`, `spark.sql.catalog.<name>.*`, `spark.emr-serverless.*`, connector namespaces
such as Delta's or Iceberg's). It suggests the known key it is closest to
(`spark.dynamicAllocation.enable` → `spark.dynamicAllocation.enabled`), and says when the key exists
only in other Spark versions. Keys that were deprecated or removed are SL005's.

It also flags, in any namespace, a key that cannot be a property name because it holds whitespace,
brackets, quotes, `=`, `;` or `,`: typically code written as a key (`"spark.conf.set('k', 'v')" = "true"`
in a cluster's Spark config). Only the part before that character is shown, since the rest may hold a
value.

## Why is this bad?
Spark accepts any `spark.*` key without a word and simply never reads a misspelt one: the job runs
with the default. A typo in `spark.dynamicAllocation.enabled` leaves dynamic allocation off; a key
from a newer Spark does nothing on an older one.

## Example
```conf spark-defaults.conf
spark.dynamicAllocation.enable true
```

## Use instead
```conf spark-defaults.conf
spark.dynamicAllocation.enabled true
```

## Options
None. Set `spark-version` in the configuration (or `--spark-version`) to judge against your Spark.

## References
- The registry of every version from 3.3 to 4.3, read from Spark's jars (`ConfigEntry.knownConfigs`
  after loading `core/src/main/scala/org/apache/spark/internal/config/package.scala`, `SQLConf`, ...)
  by `tools/gen_catalog.py`; keys read by plain string from https://spark.apache.org/docs/latest/configuration.html
- Spark stores any key it is given: `core/src/main/scala/org/apache/spark/SparkConf.scala` (`set`).
"""

from __future__ import annotations

import functools
import re
from typing import Iterator, Optional

from sparklint.knowledge.catalog import catalog, is_open_namespace
from sparklint.knowledge.obsolete import obsolete
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule

# Keys people write for the environment of the driver, which exist under another name per cluster manager.
_HINTS = {
    "spark.driverEnv.": "spark.kubernetes.driverEnv.<NAME> on Kubernetes, spark.yarn.appMasterEnv.<NAME> on YARN, "
                        "spark.emr-serverless.driverEnv.<NAME> on EMR Serverless",
}


# Characters no Spark property name has: whitespace, brackets of a call, quotes, `=`, `;`, `,`.
_NOT_A_NAME = re.compile(r"[\s()'\";=,]")

# Keys Spark sets itself when the application starts (core/src/main/scala/org/apache/spark/SparkContext.scala
# writes spark.app.id and spark.app.startTime into the conf; SparkEnv sets spark.executor.id).
_SET_BY_SPARK = {"spark.app.id", "spark.app.startTime", "spark.executor.id"}
# Job-level properties that share the spark.* prefix (SparkContext.setLocalProperty). Whether a value in
# the configuration is read is unsure, so these are not reported.
_LOCAL_PROPERTIES = {"spark.scheduler.pool", "spark.job.description", "spark.jobGroup.id",
                     "spark.job.interruptOnCancel", "spark.sql.execution.id"}


@functools.lru_cache(maxsize=4096)
def _suggestion(key: str, version: str) -> Optional[str]:
    """The known key `key` is most likely a misspelling of, or None. Cached: the same typo repeats."""
    for prefix, hint in _HINTS.items():
        if key.startswith(prefix):
            return hint
    import difflib  # only when a key is unknown: keeps start-up cheap

    lowered = _lowered(version)
    if key.lower() in lowered:
        return lowered[key.lower()]
    # difflib's ratio is at most 2*min(len)/(sum of lens), so only keys of a similar length can reach the
    # cutoff;
    # under an open namespace only keys of that namespace compete (spark.hadoop.* near spark.hadoop.*).
    namespace = _namespace(key)
    shortest, longest = len(key) * _CUTOFF / (2 - _CUTOFF), len(key) * (2 - _CUTOFF) / _CUTOFF
    candidates = [known for known in _sorted_keys(version) if shortest <= len(known) <= longest
                  and (not is_open_namespace(key) or _namespace(known) == namespace)]
    close = difflib.get_close_matches(key, candidates, n=1, cutoff=_CUTOFF)
    return close[0] if close else None


_CUTOFF = 0.9


@functools.lru_cache(maxsize=None)
def _lowered(version: str) -> dict:
    return {name.lower(): name for name in catalog().keys(version)}


@functools.lru_cache(maxsize=None)
def _sorted_keys(version: str) -> tuple:
    return tuple(sorted(catalog().keys(version)))


def _other_versions(key: str, version: str) -> str:
    where = [other for other in catalog().versions if other != version and catalog().known(key, other)]
    return f" (it exists in Spark {', '.join(where)})" if where else ""


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    spark = catalog()
    version = spark.version(config.spark_version)
    namespaces = _namespaces(version)
    for setting in config.written():
        key = setting.key
        if _accounted_for(key, version):
            continue
        at = setting.ref.key() if setting.ref else setting
        odd = _NOT_A_NAME.search(key)
        if odd is not None:
            # Only the part before the odd character is shown: the rest may hold a value (a secret, even).
            yield Hit(f"the key {key[:odd.start()]!r}… is not a property name: it holds {odd.group()!r}, which no "
                      f"Spark property has, so Spark stores it and nothing reads it (code such as "
                      f"spark.conf.set('k', 'v') written as a key?)",
                      "Write the property's name as the key and its value as the value.", at=at)
            continue
        if key in _SET_BY_SPARK:
            yield Hit(f"{key} is set by Spark itself when the application starts (SparkContext), so the value "
                      f"written here is replaced", f"Delete {key}.", at=at)
            continue
        suggestion = _suggestion(key, version)
        if suggestion is None and (is_open_namespace(key) or _namespace(key) not in namespaces):
            # Under an open namespace, or a namespace Spark has no key in at all (spark.armada.* of a
            # third-party scheduler backend, a plugin's own keys): not a typo of a Spark key.
            continue
        if suggestion is not None and is_open_namespace(key) and is_open_namespace(suggestion):
            continue
        mean = f"; did you mean {suggestion}?" if suggestion else ""
        fix = (f"Use {suggestion}." if suggestion and " " not in suggestion else
               f"Use {suggestion}." if suggestion else "Check the spelling against the Spark documentation, or "
                                                       "delete the key.")
        yield Hit(f"Spark {version} has no property {key}{_other_versions(key, version)}: it is stored but never "
                  f"read, so it has no effect{mean}", fix, at=at)


@functools.lru_cache(maxsize=16384)
def _accounted_for(key: str, version: str) -> bool:
    """A key Spark knows, or SL005 reports, or a job-level property: not this rule's business."""
    spark = catalog()
    return bool(spark.known(key, version) or spark.deprecation(key, version) or obsolete(key)
                or key in _LOCAL_PROPERTIES)


def _namespace(key: str) -> str:
    """The second segment: "spark.sql.shuffle.partitions" -> "sql"."""
    parts = key.split(".", 2)
    return parts[1] if len(parts) > 2 else ""


@functools.lru_cache(maxsize=None)
def _namespaces(version: str) -> frozenset:
    return frozenset(_namespace(key) for key in catalog().keys(version))


RULE = Rule(
    id="SL003",
    name="unknown-property",
    severity="warning",
    summary="A spark.* key unknown to the selected Spark version (typo, wrong version or platform).",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "session", "defaults", "application", "key-list"),  # key-list: Livy spark-blacklist.conf names
)
