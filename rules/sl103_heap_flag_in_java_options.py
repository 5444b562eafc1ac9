"""SL103 heap-flag-in-java-options: JVM options that Spark refuses to launch with.

## What it flags
- `-Xmx` in `spark.driver.extraJavaOptions` or `spark.driver.defaultJavaOptions` (spark-submit's
  `--driver-java-options`);
- `-Xmx` or `-Dspark` in `spark.executor.extraJavaOptions`, and from Spark 4.0 in
  `spark.executor.defaultJavaOptions` too.

The match is a case-sensitive substring, as in Spark: `-XX:MaxHeapSize=2g` and `-xmx2g` are not
caught (and not refused). `-Dspark.*` in the driver's options is accepted by Spark and not flagged.

## Why is this bad?
Spark refuses to start. For the driver, spark-submit's launcher exits before any JVM runs Spark:
"Error: Not allowed to specify max heap(Xmx) memory settings through java options (was -Xmx2g). Use
the corresponding --driver-memory or spark.driver.memory configuration instead." For executors,
`SparkConf.validateSettings` fails the SparkContext: "spark.executor.extraJavaOptions is not allowed
to specify max heap memory settings (was '-Xmx2g'). Use spark.executor.memory instead.", or "... is
not allowed to set Spark options (was '-Dspark.foo=bar'). Set them directly on a SparkConf or in a
properties file when using ./bin/spark-submit." Heap sizes must go through `spark.*.memory` because
Spark sizes containers and the unified memory region from them.

## Example
```conf spark-defaults.conf
spark.driver.extraJavaOptions    -Xmx4g -XX:+UseG1GC
spark.executor.extraJavaOptions  -Xmx8g -Dspark.sql.shuffle.partitions=400
```

## Use instead
```conf spark-defaults.conf
spark.driver.memory              4g
spark.driver.extraJavaOptions    -XX:+UseG1GC
spark.executor.memory            8g
spark.sql.shuffle.partitions     400
```

## Options
None.

## References
- Driver: `launcher/src/main/java/org/apache/spark/launcher/SparkSubmitCommandBuilder.java`
  (`buildSparkSubmitCommand`, `checkJavaOptions`); refusal of both driver keys measured with
  pyspark 3.5.9's `bin/spark-submit` (tests/test_oracle_security.py).
- Executor: `core/src/main/scala/org/apache/spark/SparkConf.scala` (`validateSettings`); the
  `defaultJavaOptions` check exists from Spark 4.0 (shared/reference/spark.md §4, surprise 13).
"""

from __future__ import annotations

import re
from typing import Iterator, Optional

from sparklint.knowledge.catalog import catalog
from sparklint.knowledge.secrets import shown_value
from sparklint.knowledge.units import version_tuple
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule

_NON_SPACE = re.compile(r"\S*")


class _Token:
    """The whitespace-separated token holding a flag: what `\\S*-Xmx\\S*` finds, in linear time (that
    regex retries from every start and took 36 s on one 80 KB token)."""

    def __init__(self, flag: str) -> None:
        self.flag = flag

    def search(self, value: str) -> Optional[str]:
        at = value.find(self.flag)
        if at == -1:
            return None
        start = at - _NON_SPACE.match(value[at - 1::-1] if at else "").end()
        return value[start:_NON_SPACE.match(value, at).end()]


_HEAP = _Token("-Xmx")
_SPARK_PROPERTY = _Token("-Dspark")


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    four = version_tuple(catalog().version(config.spark_version)) >= (4, 0)
    for key in ("spark.driver.extraJavaOptions", "spark.driver.defaultJavaOptions"):
        setting = _written(config, key)
        heap = _HEAP.search(setting.value) if setting is not None else None
        if setting is not None and heap is not None:
            yield Hit(
                f"spark-submit refuses to launch the driver: {key} contains {heap} "
                f"[{setting.describe()}] (\"Not allowed to specify max heap(Xmx) memory settings "
                f"through java options\")",
                f"Remove {heap} and set the heap with spark.driver.memory (--driver-memory).",
                at=setting,
            )
    keys = ["spark.executor.extraJavaOptions"] + (["spark.executor.defaultJavaOptions"] if four else [])
    for key in keys:
        setting = _written(config, key)
        if setting is None:
            continue
        heap, spark = _HEAP.search(setting.value), _SPARK_PROPERTY.search(setting.value)
        if heap is not None:
            yield Hit(
                f"Spark refuses to start: {key} contains {heap} [{setting.describe()}] "
                f"(SparkConf.validateSettings: \"not allowed to specify max heap memory settings\")",
                f"Remove {heap} and set the heap with spark.executor.memory (--executor-memory).",
                at=setting,
            )
        if spark is not None:
            token = shown_value(key, spark)
            yield Hit(
                f"Spark refuses to start: {key} contains {token} [{setting.describe()}] "
                f"(SparkConf.validateSettings: \"not allowed to set Spark options\")",
                f"Remove {token} and set the Spark property as a Spark setting (--conf) instead.",
                at=setting,
            )


def _written(config: JobConfig, key: str) -> Optional[Setting]:
    setting = config.effective(key)
    return setting if setting is not None and setting.ref is not None else None


RULE = Rule(
    id="SL103",
    name="heap-flag-in-java-options",
    severity="error",
    summary="-Xmx (or -Dspark for executors) in extraJavaOptions: Spark refuses to start.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.driver.extraJavaOptions', 'spark.driver.defaultJavaOptions', 'spark.executor.extraJavaOptions', 'spark.executor.defaultJavaOptions'),
)
