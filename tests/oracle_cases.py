"""Oracle cases derived from sparklint's data, not written by hand: for every ConfigEntry with a probed
`checkValue` limit in a Spark version (sparklint/data/constraints.json), the number just outside the
limit and the valid boundary, both as bare numbers in the entry's unit; plus the checks outside the
converters (sparklint.knowledge.values.OUTSIDE_CONVERTERS and the spark-submit counts), each with a
refused value and an accepted one.

Run by tools/oracle_verdicts.py (real Spark) and tests/test_oracle_verdicts.py (sparklint vs the
recorded verdicts). Imports only sparklint, never pyspark.
"""

from __future__ import annotations

import json
from typing import Dict, List, Optional

from sparklint.knowledge import constraints
from sparklint.knowledge.catalog import catalog

# Keys the harness itself sets or that change the driver JVM: not varied by the generator.
SKIPPED_KEYS = frozenset({"spark.ui.enabled", "spark.ui.showConsoleProgress", "spark.driver.host",
                          "spark.driver.bindAddress", "spark.driver.memory", "spark.master"})

# Checks outside the converters: (conf refused, conf accepted), from values.py's tables.
OUTSIDE_CASES: List[Dict[str, str]] = [
    {"spark.memory.fraction": "0"}, {"spark.memory.fraction": "0.01"},
    {"spark.memory.fraction": "1.5"}, {"spark.memory.fraction": "1"},
    {"spark.task.cpus": "0"}, {"spark.task.cpus": "1"},
    {"spark.driver.maxResultSize": "512"}, {"spark.driver.maxResultSize": "1k"},
    {"spark.driver.maxResultSize": "0"}, {"spark.driver.maxResultSize": "64k"},
    {"spark.executor.instances": "-1"}, {"spark.executor.instances": "0"}, {"spark.executor.instances": "1"},
    # spark-submit skips its executor-count check when dynamic allocation is on; shuffle tracking is set so
    # the case does not hang on the version's default for it (off before 3.4: SL203, on a cluster master).
    {"spark.executor.instances": "0", "spark.dynamicAllocation.enabled": "true",
     "spark.dynamicAllocation.shuffleTracking.enabled": "true"},
    {"spark.executor.cores": "0"}, {"spark.executor.cores": "-1"}, {"spark.executor.cores": "1"},
    {"spark.driver.cores": "0"}, {"spark.driver.cores": "1"},
    {"spark.cores.max": "0"}, {"spark.cores.max": "2"},
    {"spark.executor.memory": "-1"}, {"spark.executor.memory": "512m"},
    {"spark.submit.deployMode": "CLUSTER"}, {"spark.submit.deployMode": "client"},
    {"spark.scheduler.mode": "FIFOO"}, {"spark.scheduler.mode": "fair"},
    # Where Spark uses the value (sparklint.knowledge.refusals). lz4 takes blocks up to 32 MiB, but
    # 32 MiB blocks for each of the SQL shuffle's 200 partition writers exhaust a 1 GiB driver (the
    # JVM died, measured): the accepted twin of the upper end is a block that fits.
    {"spark.io.compression.codec": "lz5"}, {"spark.io.compression.codec": "ZSTD"},
    {"spark.io.compression.codec": "org.apache.spark.io.NoCodec"},
    {"spark.serializer": "org.apache.spark.serializer.NoSuch"},
    {"spark.serializer": "org.apache.spark.serializer.KryoSerializer"},
    {"spark.rpc.message.maxSize": "0"}, {"spark.rpc.message.maxSize": "1"},
    {"spark.rpc.message.maxSize": "2048"}, {"spark.rpc.message.maxSize": "2047"},
    {"spark.rpc.message.maxSize": "1", "spark.shuffle.mapOutput.minSizeForBroadcast": "2m"},
    {"spark.rpc.message.maxSize": "1", "spark.shuffle.mapOutput.minSizeForBroadcast": "1m"},
    {"spark.kryoserializer.buffer.max": "2048m"}, {"spark.kryoserializer.buffer.max": "2047m"},
    {"spark.kryoserializer.buffer.max": "4gib"},
    {"spark.kryoserializer.buffer": "2048m", "spark.serializer": "org.apache.spark.serializer.KryoSerializer"},
    # The accepted twin is a buffer that fits the harness's 1 GiB driver: Kryo allocates the buffer for each
    # serializer instance, and 2047m ended Spark 3.3.4's context under the first job (measured).
    {"spark.kryoserializer.buffer": "64m", "spark.serializer": "org.apache.spark.serializer.KryoSerializer"},
    {"spark.kryoserializer.buffer": "2048m"},
    {"spark.io.compression.lz4.blockSize": "63"}, {"spark.io.compression.lz4.blockSize": "64"},
    {"spark.io.compression.lz4.blockSize": "33554433"}, {"spark.io.compression.lz4.blockSize": "65536"},
    {"spark.io.compression.lz4.blockSize": "0", "spark.io.compression.codec": "zstd"},
    {"spark.executor.memoryOverhead": "-1"}, {"spark.executor.memoryOverhead": "0"},
    {"spark.sql.session.timeZone": "utc"}, {"spark.sql.session.timeZone": "UTC"},
    {"spark.sql.session.timeZone": "america/new_york"}, {"spark.sql.session.timeZone": "America/New_York"},
    {"spark.sql.session.timeZone": "est"}, {"spark.sql.session.timeZone": "GMT+8"},
    {"spark.driver.memory": "4gib"}, {"spark.driver.memory": "1g"},
    {"spark.broadcast.blockSize": "0"}, {"spark.broadcast.blockSize": "1k"},
    # Each refused UI port ends the driver JVM (WebUI.bind: System.exit): the runner starts a new one.
    {"spark.ui.enabled": "true", "spark.ui.port": "1023"}, {"spark.ui.enabled": "true", "spark.ui.port": "0"},
    {"spark.ui.enabled": "true", "spark.ui.port": "65536"}, {"spark.ui.enabled": "false", "spark.ui.port": "80"},
    # Last: a refused heartbeat leaves the local executor's heartbeater broken and the driver JVM
    # shutting down soon after (measured: later contexts in the same JVM fail), so nothing follows it.
    {"spark.executor.heartbeatInterval": "1s"}, {"spark.executor.heartbeatInterval": "0"},
]


def _text(number: float, kind: str) -> str:
    if kind == "int":
        return str(int(number))
    return repr(float(number)).replace("e+", "E")


def _outside(limit: constraints.Constraint) -> Optional[float]:
    """A number just outside the limit, preferring the low end (0 and negatives are the usual mistakes)."""
    low, high, open_bits = limit.intervals[0]
    step = 1 if limit.kind == "int" else 0.5
    candidates = []
    if low is not None and low > -(2**31):
        candidates.append(low if open_bits & 1 else low - step)
    if high is not None and high < 2**31 - 1:
        last = limit.intervals[-1][1]
        candidates.append(last if limit.intervals[-1][2] & 2 else last + step)
    for candidate in candidates:
        if not limit.accepts(candidate):
            return candidate
    return None


def _inside(limit: constraints.Constraint) -> Optional[float]:
    low, high, open_bits = limit.intervals[0]
    if low is None or low <= -(2**31):
        return None
    candidate = low if not open_bits & 1 else (low + 1 if limit.kind == "int" else low + 0.01)
    return candidate if limit.accepts(candidate) else None


def generated_cases(version: str) -> List[Dict[str, str]]:
    """Every case for `version` (a catalog minor), in a stable order."""
    cases: List[Dict[str, str]] = []
    data = json.loads(constraints._DATA.read_text(encoding="utf-8"))
    for key in sorted(data["keys"]):
        if key in SKIPPED_KEYS or catalog().entry(key, version) is None:
            continue
        limit = constraints.constraint(key, version)
        if limit is None:
            continue
        for number in (_outside(limit), _inside(limit)):
            if number is not None:
                cases.append({key: _text(number, limit.kind)})
    return cases + [dict(case) for case in OUTSIDE_CASES]


def sampled_cases(version: str, every: int = 1) -> List[Dict[str, str]]:
    """Every `every`-th generated case and all the checks outside the converters: what a table of
    `tests/verdicts/` records when its "every" is `every` (1: all of them)."""
    generated = generated_cases(version)
    outside = len(OUTSIDE_CASES)
    return generated[: len(generated) - outside][::every] + generated[len(generated) - outside:]


def case_id(conf: Dict[str, str]) -> str:
    return ",".join(f"{key}={value}" for key, value in conf.items())
