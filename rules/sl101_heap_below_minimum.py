"""SL101 heap-below-minimum: a driver or executor heap Spark refuses to start with.

## What it flags
`spark.driver.memory` or `spark.executor.memory` below 450 MiB (1.5 × the 300 MiB Spark reserves; when
the file sets `spark.testing.reservedMemory`, 1.5 × that many bytes, and with only `spark.testing` set,
no minimum),
and a memory value written without a unit where Spark reads it as bytes:
- `spark.executor.memory=4096`: the ConfigEntry reads 4096 MiB, but the memory manager's check reads
  the same string with `getSizeAsBytes`, as 4096 bytes;
- `spark.driver.memory=2048` in client mode (the default, and always with a `local` master): the
  launcher passes the string to the driver JVM as `-Xmx2048`, 2048 bytes.

## Why is this bad?
Spark does not start. A heap below 450 MiB fails when the SparkContext starts with
`[INVALID_DRIVER_MEMORY] System memory 419430400 must be at least 471859200` or
`[INVALID_EXECUTOR_MEMORY] Executor memory 419430400 must be at least 471859200`. A unit-less
executor memory fails the same way (`Executor memory 4096 must be at least 471859200`), and a
unit-less driver memory stops the JVM before Spark runs (`Error occurred during initialization of VM:
Too small maximum heap`).

## Example
```conf spark-defaults.conf
spark.executor.memory 4096
spark.driver.memory 400m
```

## Use instead
```conf spark-defaults.conf
spark.executor.memory 4096m
spark.driver.memory 1g
```

## Fix safety
A heap written without a unit gets the unit `m` (what the ConfigEntry sizes it in: `4096` -> `4096m`),
an unsafe fix: it is the likely meaning, but only the author knows it. A heap below the minimum gets no
fix.

## Options
None.

## References
- `core/src/main/scala/org/apache/spark/memory/UnifiedMemoryManager.scala` (`getMaxMemory`: reserved
  300 MiB, or `conf.getLong(spark.testing.reservedMemory)`, or 0 when `spark.testing` is set; minimum
  `(reservedMemory * 1.5).ceil`; `conf.getSizeAsBytes(spark.executor.memory)` when it is set).
- `launcher/src/main/java/org/apache/spark/launcher/SparkSubmitCommandBuilder.java`
  (`buildSparkSubmitCommand`: `-Xmx` + the spark.driver.memory string in client mode).
- Error texts: `common/utils/src/main/resources/error/error-classes.json` (INVALID_DRIVER_MEMORY,
  INVALID_EXECUTOR_MEMORY). Checked with pyspark 3.5.9 (tests/test_oracle_memory.py).
"""

from __future__ import annotations

from typing import Iterator

from sparklint.fix.intent import set_value
from sparklint.knowledge import memory
from sparklint.knowledge.units import MIB, format_bytes
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule



def _client_mode(config: JobConfig) -> bool:
    """The launcher sets the driver's -Xmx from the string in client mode; cluster-mode platforms
    (EMR Serverless, Kubernetes) and YARN cluster mode size the driver from the MiB value instead."""
    mode = (config.value("spark.submit.deployMode") or "client").strip()
    return mode == "client" and config.platform not in ("emr-serverless", "kubernetes")


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    for role in memory.ROLES:
        key = f"spark.{role}.memory"
        setting = config.effective(key)
        if setting is None or setting.ref is None:
            continue
        heap = memory.heap(config, role)
        if heap is None:
            continue
        flag = "--executor-memory" if role == "executor" else "--driver-memory"
        minimum = memory.minimum_system_memory(config)
        # A bare number of at least 450 MiB as bytes passes both byte readings (only SL104-type sizing suffers).
        if (memory.is_unitless(setting.value) and int(setting.value) < minimum
                and (role == "executor" or _client_mode(config))):
            written = setting.value.strip()
            if role == "executor":
                yield Hit(
                    f"Spark refuses to start: {key}={written} has no unit, and while the executor is sized "
                    f"as {written} MiB, UnifiedMemoryManager checks it with getSizeAsBytes as {written} bytes "
                    f"[{setting.describe()}] (INVALID_EXECUTOR_MEMORY: must be at least {format_bytes(minimum)})",
                    f"Write the unit: {key}={written}m.", at=setting, edit=set_value(setting, f"{written}m", safe=False))
            else:
                yield Hit(
                    f"the driver JVM does not start: {key}={written} has no unit, and the launcher passes it "
                    f"as -Xmx{written}, {written} bytes [{setting.describe()}] (\"Too small maximum heap\")",
                    f"Write the unit: {key}={written}m.", at=setting, edit=set_value(setting, f"{written}m", safe=False))
            continue
        if heap.bytes < minimum:
            error = "INVALID_EXECUTOR_MEMORY" if role == "executor" else "INVALID_DRIVER_MEMORY"
            kept = memory.reserved(config)
            yield Hit(
                f"Spark refuses to start: {role} heap {setting.value.strip()} = {heap.bytes} bytes "
                f"[{setting.describe()}] is below {minimum} bytes ({format_bytes(minimum)}, 1.5 × the "
                f"{format_bytes(kept.bytes)} Spark reserves [{kept.source}]) ({error})",
                f"Give {key} (or {flag}) at least {_at_least(minimum)}.", at=setting)


def _at_least(minimum: int) -> str:
    """A round heap at or above `minimum`: 512m for Spark's 450 MiB, else the next whole MiB."""
    if minimum <= 512 * MIB:
        return "512m"
    return f"{-(-minimum // MIB)}m"


RULE = Rule(
    id="SL101",
    name="heap-below-minimum",
    severity="error",
    summary="Driver or executor heap below Spark's 450 MiB minimum, or a unit-less heap Spark reads as bytes.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.driver.memory', 'spark.executor.memory'),
)
