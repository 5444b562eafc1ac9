"""SL006 invalid-value: a value Spark cannot parse or refuses.

## What it flags
A value the selected Spark version will not accept for its key: a size with a fraction (`1.5g`) or an
IEC suffix before Spark 4.3 (`4gib`), a time in years (`1y`, listed in the docs but never accepted),
a boolean written `yes`, an unknown choice (`spark.scheduler.mode=FIFOO`), or
`spark.submit.deployMode` in the wrong case. Numbers are judged by:
- the `checkValue` limit of the key's own ConfigEntry in that version, probed from Spark's jars
  (`spark.sql.shuffle.partitions` ≥ 1, `spark.eventLog.rolling.maxFileSize` ≥ 10 MiB,
  `spark.memory.storageFraction` in [0, 1), idle timeouts ≥ 0, shuffle buffers, ...), quoting
  Spark's own message;
- spark-submit's argument check, which refuses before Spark starts: `spark.executor.instances` ≤ 0
  (unless dynamic allocation is on), `spark.executor.cores`, `spark.driver.cores` or
  `spark.cores.max` ≤ 0 or not a number, `spark.executor.memory` / `spark.driver.memory` ≤ 0 bytes;
- checks outside the converters: `spark.memory.fraction` must be in (0, 1] (0 leaves no execution
  memory), `spark.task.cpus` ≥ 1 before 4.3, `spark.executor.heartbeatInterval` > 0 ms,
  `spark.driver.maxResultSize` 0 or at least 4 KiB (a bare `512` is 512 bytes, and every task
  result is bigger), `spark.dynamicAllocation.executorAllocationRatio` in (0, 1];
- where Spark uses the value: a compression codec other than lz4, lzf, snappy, zstd or a class, a
  `spark.serializer` class Spark does not have, a time zone in the wrong case (`utc`), a negative
  `spark.executor.memoryOverhead`, lz4 blocks outside 64 B-32 MiB, `spark.broadcast.blockSize` 0, kryo
  buffers of 2048 MiB or more, `spark.rpc.message.maxSize` above 2047 or below
  `spark.shuffle.mapOutput.minSizeForBroadcast`, a UI port other than 0 or 1024-65535 while the UI is on,
  and on 4.3 a driver memory with an IEC suffix (`4gib` parses, but the launcher hands `-Xmx4gib` to Java).
Values filled in later (`${VAR}`, `{{ var }}`) are not judged.

A key that Spark reads only when a feature that uses it runs (a cluster manager, YARN or Kubernetes,
the history server, push shuffle, ...) is a warning, not an error: the keys a real Spark started and
ran with a refused value of (measured by `tools/oracle_verdicts.py`, `sparklint/data/reads.json`; that
list comes from the same runs the agreement table scores, see `docs/oracle-agreement.md`). Where the
file shows that feature on, it is an error again: an idle timeout of dynamic allocation when dynamic
allocation is on (EMR's default included) and the master is not local, `spark.eventLog.rolling.maxFileSize`
when event logging with rolling files is on (`sparklint/knowledge/feature_reads.py`, each proven in
real Spark). Keys read only on YARN or Kubernetes stay warnings: no such cluster runs in the oracle.

Proven against real Spark 3.5.9 (every case `tests/oracle_cases.py` derives from the catalog),
Spark 4.3.0 (every 6th generated case), Spark 4.2.1, Spark 4.1.4, Spark 4.0.5, Spark 3.4.4 and
Spark 3.3.4 (every 12th), each with every check outside the converters, recorded in `tests/verdicts/`
and scored in `docs/oracle-agreement.md`: every minor version the catalog claims (3.3 to 4.3) has a
recorded start.

An empty value (`spark.executor.memory=`, or the key alone on its line) is an error only where Spark
refuses to start: spark-submit checks `spark.driver.memory`, `spark.executor.memory`,
`spark.executor.cores`, `spark.cores.max`, `spark.executor.instances` (without dynamic allocation) and
`spark.submit.deployMode` before anything runs. Any other typed key left empty is a warning: Spark keeps
the empty string (the defaults file's values are trimmed, not dropped), and the job fails when Spark
first reads the key, which for some keys is only when the feature is used.

## Why is this bad?
Spark refuses it: spark-submit exits before anything starts, the SparkContext or the SparkSession does
not start (every `spark.sql.*` value is converted then), or the first job fails; for a key read later,
when the feature first reads it. The job fails after it was submitted and scheduled, often minutes in.

## Example
```conf spark-defaults.conf
spark.executor.memory 1.5g
spark.memory.fraction 1.5
```

## Use instead
```conf spark-defaults.conf
spark.executor.memory 1536m
spark.memory.fraction 0.6
```

## Fix safety
A size Spark refuses for its form (`1.5g`, `4gib` before Spark 4.3, `2 g`) is rewritten as the same
number of bytes with the largest suffix that keeps it whole (`1536m`, `4g`, `2g`): a safe fix, offered
only when the amount is whole in the key's unit (Spark truncates to it). Other refused values need the
author's judgement and get no fix.

## Options
None.

## References
- `checkValue` limits: `core/src/main/scala/org/apache/spark/internal/config/ConfigBuilder.scala`
  (`TypedConfigBuilder.checkValue`), probed per version by `tools/gen_constraints.py`; types, units and
  allowed values: the catalog built from Spark's jars by `tools/gen_catalog.py`.
- spark-submit: `core/src/main/scala/org/apache/spark/deploy/SparkSubmitArguments.scala`
  (`validateSubmitArguments`, "Executor memory must be a positive number" and the like) and
  `SparkSubmit.scala` ("Deploy mode must be either client or cluster"); empty values:
  `core/src/main/scala/org/apache/spark/util/Utils.scala` (`getPropertiesFromFile` keeps them).
- Checks outside the converters, each with its source: `sparklint/knowledge/values.py`
  (`OUTSIDE_CONVERTERS`: `MemoryManager.scala`, `Heartbeater.scala`, `TaskSchedulerImpl.scala`,
  `ExecutorAllocationManager.validateSettings`) and `sparklint/knowledge/refusals.py` (codecs,
  serializers, time zones, kryo, RPC, UI port, the launcher's `-Xmx`).
- Sizes and times: `common/utils/src/main/java/org/apache/spark/network/util/JavaUtils.java`
  (`byteStringAs`, `timeStringAs`).
"""

from __future__ import annotations

from typing import Iterator, Optional

from sparklint.fix.size_form import accepted_size_fix
from sparklint.knowledge.catalog import Entry, catalog
from sparklint.knowledge.feature_reads import read_at_start
from sparklint.knowledge.reads import unread_by
from sparklint.knowledge.secrets import mask, shown
from sparklint.knowledge.setting_refusals import refused_settings, submit_skips_executor_count
from sparklint.knowledge.units import quoted
from sparklint.knowledge.values import KIND_WORDS, SUBMIT_CHECKS
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    spark = catalog()
    version = spark.version(config.spark_version)
    for setting, reason, by_submit in refused_settings(config, version):
        entry = spark.entry(setting.key, version)
        if not setting.value.strip():
            yield _empty(config, setting, entry)
            continue
        if shown(setting) != setting.value:  # a secret: Spark's reason may quote the value
            reason = reason.replace(setting.value, mask(setting.value))
        fix = (f"Give {setting.key} a value Spark accepts (its default is {entry.default!r})."
               if entry is not None and entry.default is not None else f"Give {setting.key} a value Spark accepts.")
        measured = None if by_submit else unread_by(setting.key, version)
        feature = read_at_start(setting.key, config) if measured is not None else None
        if measured is not None and feature is None:  # refused only when a feature that reads the key runs
            yield Hit(f"Spark {version} refuses {setting.key}={quoted(shown(setting))} when it reads "
                      f"{setting.key}: {reason}. It reads it only when the feature that uses it runs (a "
                      f"cluster manager, YARN or Kubernetes, or the feature itself): Spark {measured} started "
                      "a local context, a shuffle job and a SQL query with this value", fix, at=setting,
                      severity="warning")
            continue
        read = f" ({feature.reader} reads it, and {feature.feature})" if feature is not None else ""
        yield Hit(f"Spark {version} refuses {setting.key}={quoted(shown(setting))}{read}: {reason}", fix, at=setting,
                  edit=accepted_size_fix(setting, entry, version))


def _empty(config: JobConfig, setting: Setting, entry: Optional[Entry]) -> Hit:
    """An empty value: spark-submit's own checks refuse some keys at once; others fail when Spark reads them."""
    key = setting.key
    fix = (f"Give {key} a value or delete the line, so Spark uses its default {entry.default!r}."
           if entry is not None and entry.default is not None else f"Give {key} a value or delete the line.")
    check = SUBMIT_CHECKS.get(key)
    if check is not None and not (key == "spark.executor.instances" and submit_skips_executor_count(config)):
        return Hit(f"spark-submit refuses to start: {key} is empty [{setting.describe()}], and spark-submit checks "
                   f"it before anything runs (\"{check}\")", fix, at=setting)
    what = KIND_WORDS.get(entry.type, "a valid value") if entry is not None else "a valid value"
    return Hit(f"{key} is empty [{setting.describe()}]: Spark keeps the empty string, which is not {what}, so the "
               f"job fails when Spark first reads {key} (at start for most settings, only when the feature is "
               "used for some)", fix, at=setting, severity="warning")


RULE = Rule(
    id="SL006",
    name="invalid-value",
    severity="error",
    summary="A value Spark cannot parse or refuses (bad size, time, boolean, choice or range).",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "session", "defaults", "application"),
)
