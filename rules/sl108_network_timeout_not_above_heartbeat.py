"""SL108 network-timeout-not-above-heartbeat: network timeouts that Spark refuses to start with.

## What it flags
Two checks Spark makes on the same timeouts when the SparkContext starts:
- `spark.network.timeout` (whole seconds; a bare number is seconds) is not strictly greater than
  `spark.executor.heartbeatInterval` (a bare number is milliseconds);
- `spark.network.timeoutInterval` (default 60s) is greater than the executor timeout the heartbeat
  receiver uses: `spark.storage.blockManagerHeartbeatTimeoutMs` when set, else `spark.network.timeout`.
  So a `spark.network.timeout` below 60s alone is refused.

## Why is this bad?
Spark refuses to start. `SparkConf.validateSettings` throws "The value of
spark.network.timeout=10000ms must be greater than the value of spark.executor.heartbeatInterval=20000ms."
(an executor would be declared dead between two of its heartbeats), and the driver's
`HeartbeatReceiver` throws "requirement failed: spark.network.timeoutInterval should be less than or
equal to spark.storage.blockManagerHeartbeatTimeoutMs." (Spark 3.5; the 4.x text names
spark.network.timeout). Both happen in every deploy mode, local mode included.

## Example
```conf spark-defaults.conf
spark.network.timeout              30s
spark.executor.heartbeatInterval   60s
```

## Use instead
```conf spark-defaults.conf
spark.network.timeout              600s
spark.executor.heartbeatInterval   60s
```

## Options
None.

## References
- `core/src/main/scala/org/apache/spark/SparkConf.scala` (`validateSettings`: network timeout in
  seconds × 1000 must be > heartbeatInterval in ms).
- `core/src/main/scala/org/apache/spark/HeartbeatReceiver.scala` (`require(checkTimeoutIntervalMs <=
  executorTimeoutMs, ...)`; executorTimeoutMs is blockManagerHeartbeatTimeoutMs, else the network timeout).
- Units and defaults: `core/src/main/scala/org/apache/spark/internal/config/package.scala` and
  `Network.scala`. Both refusals measured with pyspark 3.5.9 (tests/test_oracle_security.py).
"""

from __future__ import annotations

from typing import Iterator, Optional

from sparklint.knowledge.catalog import catalog
from sparklint.knowledge.units import parse_time_ms
from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule

TIMEOUT = "spark.network.timeout"
HEARTBEAT = "spark.executor.heartbeatInterval"
INTERVAL = "spark.network.timeoutInterval"
BLOCK_MANAGER = "spark.storage.blockManagerHeartbeatTimeoutMs"


class _Time:
    def __init__(self, ms: float, setting: Optional[Setting], text: str) -> None:
        self.ms, self.setting, self.text = ms, setting, text

    def source(self) -> str:
        return self.setting.describe() if self.setting is not None else "Spark's default"


def _time(config: JobConfig, key: str, version: str) -> Optional[_Time]:
    """The value Spark reads for `key` in ms; None when unset without a default, templated or unparsable."""
    entry = catalog().entry(key, version)
    setting = config.effective(key)
    text = setting.value if setting is not None else (entry.default if entry is not None else None)
    if text is None or entry is None or is_templated(text):
        return None
    try:
        return _Time(parse_time_ms(text, entry.unit_factor or 1), setting, text.strip())
    except ValueError:
        return None


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    version = catalog().version(config.spark_version)
    timeout, heartbeat = _time(config, TIMEOUT, version), _time(config, HEARTBEAT, version)
    interval, block_manager = _time(config, INTERVAL, version), _time(config, BLOCK_MANAGER, version)
    if timeout is None:
        return
    timeout_ms = int(timeout.ms // 1000) * 1000  # Spark reads it as whole seconds (getTimeAsSeconds)
    if heartbeat is not None and timeout_ms <= heartbeat.ms and _written(timeout, heartbeat):
        at = _at(timeout, heartbeat)
        yield Hit(
            f"Spark refuses to start: spark.network.timeout={timeout_ms:.0f}ms [{timeout.source()}] must be "
            f"greater than spark.executor.heartbeatInterval={heartbeat.ms:.0f}ms [{heartbeat.source()}] "
            f"(SparkConf.validateSettings)",
            "Raise spark.network.timeout above spark.executor.heartbeatInterval (e.g. 10 times it).",
            at=at,
            related=tuple(time.setting for time in (timeout, heartbeat) if time.setting is not None
                          and time.setting is not at),
        )
    if interval is None:
        return
    executor = block_manager if block_manager is not None and block_manager.setting is not None else None
    executor_ms, executor_key = (executor.ms, BLOCK_MANAGER) if executor is not None else (timeout_ms, TIMEOUT)
    limit = executor if executor is not None else timeout
    if interval.ms > executor_ms and _written(interval, limit):
        at = _at(limit, interval)
        yield Hit(
            f"Spark refuses to start: spark.network.timeoutInterval={interval.ms:.0f}ms [{interval.source()}] "
            f"is above the executor timeout {executor_key}={executor_ms:.0f}ms [{limit.source()}] "
            f"(HeartbeatReceiver: \"spark.network.timeoutInterval should be less than or equal to ...\")",
            f"Raise {executor_key} to at least {interval.ms / 1000:g}s, or lower spark.network.timeoutInterval.",
            at=at,
            related=tuple(time.setting for time in (limit, interval) if time.setting is not None
                          and time.setting is not at),
        )


def _written(*times: _Time) -> bool:
    return any(time.setting is not None and time.setting.ref is not None for time in times)


def _at(first: _Time, second: _Time) -> Setting:
    """The first written setting: the one the user most likely meant to change."""
    for time in (first, second):
        if time.setting is not None and time.setting.ref is not None:
            return time.setting
    raise AssertionError("no written setting")  # _written() was checked


RULE = Rule(
    id="SL108",
    name="network-timeout-not-above-heartbeat",
    severity="error",
    summary="spark.network.timeout not above the heartbeat interval or below timeoutInterval: Spark refuses.",
    check=check,
    docs=__doc__ or "",
    keys=('spark.network.timeout', 'spark.executor.heartbeatInterval', 'spark.network.timeoutInterval', 'spark.storage.blockManagerHeartbeatTimeoutMs'),
)
