"""Refusals Spark makes outside the ConfigEntry converters, found by starting a real Spark and each proven
by the oracle (`tests/oracle_cases.py` OUTSIDE_CASES, recorded per version in `tests/verdicts/`).

`values.problem` judges a value by its type, its `checkValue` limit and the checks in
`values.OUTSIDE_CONVERTERS`; this module adds the checks made where Spark *uses* a value (a class it
instantiates, a library it hands the number to, a second key it is compared with). Measured with
pyspark 3.5.9 (local[2], a shuffle job and a SQL query); sources:
- `spark.io.compression.codec`: `core/src/main/scala/org/apache/spark/io/CompressionCodec.scala`
  (`createCodec`: the short names lz4, lzf, snappy, zstd in any case, else a class name; anything else
  is `[CODEC_NOT_AVAILABLE]`, raised when the first job's task is serialized);
- `spark.serializer`: `core/src/main/scala/org/apache/spark/SparkEnv.scala` (`instantiateClassFromConf`:
  ClassNotFoundException at context start);
- `spark.sql.session.timeZone`: `sql/catalyst/.../internal/SQLConf.scala` (`checkValue(isValidTimezone)`,
  `ZoneId.of` with `ZoneId.SHORT_IDS`: region ids are case-sensitive, so `utc` and `america/new_york` are
  refused when the session is built); the ids are Java 17's (`sparklint/data/zone_ids.json`);
- `spark.executor.memoryOverhead`: read at start with `JavaUtils.byteStringAsMb`, which has no sign
  (`ResourceProfile`), so `-1` is a NumberFormatException although the converter allows it;
- `spark.io.compression.lz4.blockSize`: lz4-java's `LZ4BlockOutputStream` (64 B to 32 MiB), at the
  first job while lz4 is the codec; `spark.broadcast.blockSize` 0: `TorrentBroadcast.blockifyObject`
  allocates 0-byte chunks until the heap runs out (the first job hangs, then OutOfMemoryError);
- `spark.kryoserializer.buffer(.max)`: `core/.../serializer/KryoSerializer.scala` ("must be less than
  2048 MiB"); `spark.rpc.message.maxSize`: `core/.../util/RpcUtils.scala` ("should not be greater than
  2047 MB") and `MapOutputTrackerMaster` (minSizeForBroadcast must be <= it);
- `spark.driver.memory` with an IEC suffix (`4gib`, which Spark 4.3's JavaUtils parses): the launcher
  (`launcher/.../SparkSubmitCommandBuilder.java`) puts the text itself into `-Xmx`, which Java refuses
  (client mode; the launcher never sees a cluster-mode driver);
- `spark.ui.port`: `core/.../util/Utils.scala` (`startServiceOnPort`: 0 or 1024-65535), and
  `core/.../ui/WebUI.scala` (`bind`: System.exit(1) when it fails), only while the UI is enabled.
"""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Callable, Iterator, Optional, Tuple

from sparklint.knowledge.units import parse_bool, parse_bytes, quoted
from sparklint.patterns import lazy_pattern

_ZONES = Path(__file__).resolve().parent.parent / "data" / "zone_ids.json"
_MIB = 1024 * 1024
_IEC_SIZE = lazy_pattern(r"\d+\s*[kmgtp]ib", re.IGNORECASE)  # sizes Spark 4.3 parses but Java's -Xmx does not
CODEC_SHORT_NAMES = ("lz4", "lzf", "snappy", "zstd")
CODEC_CLASSES = ("org.apache.spark.io.LZ4CompressionCodec", "org.apache.spark.io.LZFCompressionCodec",
                 "org.apache.spark.io.SnappyCompressionCodec", "org.apache.spark.io.ZStdCompressionCodec")
SERIALIZER_CLASSES = ("org.apache.spark.serializer.JavaSerializer", "org.apache.spark.serializer.KryoSerializer")
LZ4_BLOCK = (64, 32 * _MIB)  # lz4-java LZ4BlockOutputStream MIN_BLOCK_SIZE, MAX_BLOCK_SIZE

Lookup = Callable[[str], Optional[str]]  # the value Spark will use for a key, written or default


@functools.lru_cache(maxsize=1)
def _zone_ids() -> dict:
    ids = json.loads(_ZONES.read_text(encoding="utf-8"))["ids"] if _ZONES.is_file() else []
    return {zone.lower(): zone for zone in ids}


def _class_refusal(value: str, known: Tuple[str, ...], package: str, short: Tuple[str, ...] = ()) -> bool:
    name = value.strip()
    if name.lower() in short:
        return False
    if "." not in name:
        return True
    return name.startswith(package) and name not in known


@functools.lru_cache(maxsize=1024)  # the same few values (mostly defaults) in every config of a run
def _bytes(value: Optional[str], unit: int, version: str) -> Optional[int]:
    if value is None:
        return None
    try:
        return parse_bytes(value, unit, version)
    except ValueError:
        return None


# The keys value_refusal judges: any other key is None at once (it is asked of every written setting).
_VALUE_REFUSAL_KEYS = frozenset({
    "spark.io.compression.codec", "spark.serializer", "spark.sql.session.timeZone", "spark.executor.memoryOverhead",
    "spark.io.compression.lz4.blockSize", "spark.broadcast.blockSize", "spark.kryoserializer.buffer.max",
    "spark.kryoserializer.buffer", "spark.driver.memory", "spark.rpc.message.maxSize"})


def value_refusal(key: str, value: str, version: str, get: Lookup) -> Optional[str]:
    """Why Spark refuses `value` for `key` where it uses it, or None. `get` gives the other keys' values."""
    if key not in _VALUE_REFUSAL_KEYS:
        return None
    if key == "spark.io.compression.codec" and _class_refusal(value, CODEC_CLASSES, "org.apache.spark.io.",
                                                              CODEC_SHORT_NAMES):
        return (f"the first job fails with [CODEC_NOT_AVAILABLE]: CompressionCodec knows "
                f"{', '.join(CODEC_SHORT_NAMES)} (any case) or a codec class, and {quoted(value.strip())} is neither")
    if key == "spark.serializer" and _class_refusal(value, SERIALIZER_CLASSES, "org.apache.spark.serializer."):
        return (f"the SparkContext does not start: SparkEnv instantiates {quoted(value.strip())} and there is no such "
                f"class (ClassNotFoundException); Spark's serializers are {', '.join(SERIALIZER_CLASSES)}")
    if key == "spark.sql.session.timeZone":
        zone = _zone_ids().get(value.strip().lower())
        if zone is not None and zone != value.strip():
            return (f"the SparkSession does not build: time-zone ids are case-sensitive (java.time.ZoneId.of), "
                    f"{quoted(value.strip())} is not one, {quoted(zone)} is")
    if key == "spark.executor.memoryOverhead" and value.strip().startswith("-"):
        return ("the SparkContext does not start: Spark reads it with JavaUtils.byteStringAsMb, which takes no sign "
                "(NumberFormatException)")
    if key == "spark.io.compression.lz4.blockSize":
        size = _bytes(value, 1, version)
        codec = (get("spark.io.compression.codec") or "lz4").strip()
        if size is not None and codec.lower() in ("lz4", CODEC_CLASSES[0].lower()) and not (
                LZ4_BLOCK[0] <= size <= LZ4_BLOCK[1]):
            return (f"the first job fails: lz4 (the codec) takes blocks of {LZ4_BLOCK[0]} B to 32 MiB "
                    f"(LZ4BlockOutputStream), and this is {size} B")
    if key == "spark.broadcast.blockSize" and _bytes(value, 1024, version) == 0:
        return ("the first job fails: TorrentBroadcast cuts the task's broadcast into 0-byte blocks without end, "
                "until the heap runs out (OutOfMemoryError; it hangs for minutes first)")
    if key in ("spark.kryoserializer.buffer.max", "spark.kryoserializer.buffer"):
        unit = _MIB if key.endswith(".max") else 1024
        size = _bytes(value, unit, version)
        # Refused whatever spark.serializer says (measured: Spark builds a KryoSerializer at start anyway).
        if size is not None and size >= 2048 * _MIB:
            return f"the SparkContext does not start: KryoSerializer says \"{key} must be less than 2048 MiB\""
    if key == "spark.driver.memory" and _IEC_SIZE.fullmatch(value.strip()) and \
            (get("spark.submit.deployMode") or "client").strip() != "cluster":
        return (f"the driver JVM does not start: the launcher hands it to Java as -Xmx{value.strip()}, and Java's "
                "-Xmx takes only k, m, g or t (\"Invalid maximum heap size\"); write it without the \"ib\"")
    if key == "spark.rpc.message.maxSize":
        size = _bytes(value, _MIB, version)
        if size is not None and size > 2047 * _MIB:
            return "the SparkContext does not start: RpcUtils says \"spark.rpc.message.maxSize should not be greater than 2047 MB\""
    return None


def combination_refusals(get: Lookup, written: Callable[[str], bool], version: str) -> Iterator[Tuple[str, str]]:
    """(key to point at, why) for each pair of keys Spark refuses together."""
    max_size = _bytes(get("spark.rpc.message.maxSize") or "128", _MIB, version)
    min_broadcast = _bytes(get("spark.shuffle.mapOutput.minSizeForBroadcast") or "512k", 1, version)
    if max_size is not None and min_broadcast is not None and min_broadcast > max_size and max_size <= 2047 * _MIB:
        key = "spark.rpc.message.maxSize" if written("spark.rpc.message.maxSize") else \
            "spark.shuffle.mapOutput.minSizeForBroadcast"
        yield key, (f"the SparkContext does not start: MapOutputTrackerMaster requires "
                    f"spark.shuffle.mapOutput.minSizeForBroadcast ({min_broadcast} bytes) <= spark.rpc.message.maxSize "
                    f"({max_size} bytes)")
    port = get("spark.ui.port")
    if port is not None and written("spark.ui.port") and _ui_enabled(get("spark.ui.enabled")):
        try:
            number = int(port.strip())
        except ValueError:
            number = None
        if number is not None and number != 0 and not 1024 <= number <= 65535:
            yield "spark.ui.port", ("Spark ends the driver at start: the UI binds with Utils.startServiceOnPort, which "
                                    "takes 0 (any free port) or 1024 to 65535, and WebUI.bind calls System.exit(1) "
                                    "when it fails (spark.ui.enabled is true)")


def _ui_enabled(value: Optional[str]) -> bool:
    if value is None:
        return True  # spark.ui.enabled defaults to true (core/.../internal/config/UI.scala)
    try:
        return parse_bool(value)
    except ValueError:
        return False
