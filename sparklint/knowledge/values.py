"""Does Spark accept this value for this key? Parsing by the catalog's type, the `checkValue` limits of
Spark's own ConfigEntries, and the checks Spark makes outside its converters.

Sources (shared/reference/spark.md §4, §5; checked against pyspark 3.5.9 / 4.3.0 jars):
- types: `core/src/main/scala/org/apache/spark/internal/config/ConfigBuilder.scala` (`ConfigHelpers`:
  toNumber, toBoolean, byteFromString, timeFromString; lists are comma-split and trimmed);
- every ConfigEntry's `checkValue` limit on numbers (`spark.sql.shuffle.partitions` >= 1, the rolling
  event log >= 10 MiB, `spark.memory.storageFraction` in [0, 1), idle timeouts >= 0, ...), per version:
  probed from the jars (`sparklint/knowledge/constraints.py`, `tools/gen_constraints.py`);
- what is left here, checks outside the converters (`OUTSIDE_CONVERTERS`, each with its source).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Optional

from sparklint.knowledge.catalog import Entry
from sparklint.knowledge.constraints import constraint
from sparklint.knowledge.units import OutOfRange, parse_bool, parse_bytes, parse_int, parse_time_ms, quoted
from sparklint.patterns import lazy_pattern

if TYPE_CHECKING:
    from decimal import Decimal

# ${VAR}, {{ var }}, {% if %} (Jinja, as in Airflow DAGs), $(cmd), %(name)s, <PLACEHOLDER>: a value filled in
# later, not judged.
_TEMPLATE = lazy_pattern(r"\$\{|\{\{|\{%|\$\(|%\(|^<[^>]+>$|^\$[A-Za-z_]")
_INT_RANGE = (-(2**31), 2**31 - 1)
_LONG_RANGE = (-(2**63), 2**63 - 1)


def is_templated(value: str) -> bool:
    # Every form of _TEMPLATE holds one of these characters: most values have none, and skip the search
    # (rules ask this of every setting: it was a tenth of SL006's time on the bench tree).
    if "$" not in value and "{" not in value and "%" not in value and "<" not in value:
        return False
    return bool(_TEMPLATE.search(value))


def _double(text: str) -> float:
    # java.lang.Double.parseDouble: trimmed; accepts ".6", "6e-1", "NaN", "Infinity", a trailing d/f.
    value = text.strip()
    if value.lower().endswith(("d", "f")) and not value.lower().endswith("inf"):
        value = value[:-1]
    if not re.fullmatch(r"[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)", value):
        raise ValueError(f"{text!r} is not a number")
    return float(value)


def _ranged(parse: Callable[[str], int], low: int, high: int, what: str) -> Callable[[str], int]:
    def check(text: str) -> int:
        try:
            number = parse(text)
        except OutOfRange:
            number = high + 1  # beyond 64 bits: beyond this type's range too
        if not low <= number <= high:
            raise ValueError(f"{quoted(text)} is out of range for a {what}")
        return number

    return check


def _unit(parse_with_unit: Callable[..., float], entry: Entry, version: str) -> Callable[[str], float]:
    factor = entry.unit_factor or 1
    if parse_with_unit is parse_bytes:
        return lambda text: parse_bytes(text, factor, version)
    return lambda text: parse_time_ms(text, factor)


def _decimal(text: str) -> Decimal:
    # java.math.BigDecimal(String): digits with an optional exponent; "NaN" and "Infinity", which
    # Python's Decimal reads, throw NumberFormatException.
    from decimal import Decimal, InvalidOperation  # only for a decimal-typed key: a one-file run seldom has one

    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite():
        raise ValueError(f"{quoted(text)} is not a number")
    return number


def _parser(entry: Entry, version: str) -> Optional[Callable[[str], object]]:
    kind = entry.type
    if kind == "boolean":
        return parse_bool
    if kind == "int":
        return _ranged(parse_int, *_INT_RANGE, "32-bit int")
    if kind == "long":
        return _ranged(parse_int, *_LONG_RANGE, "64-bit long")
    if kind == "double":
        return _double
    if kind == "decimal":
        return _decimal
    if kind == "bytes":
        return _unit(parse_bytes, entry, version)
    if kind == "time":
        return _unit(parse_time_ms, entry, version)
    return None  # string, list, regex: Spark accepts any text at parse time


def _between(low: float, high: float, low_open: bool = False, high_open: bool = False,
             nan_passes: bool = False) -> Callable[[object], str]:
    """A range check. A ConfigEntry `checkValue(v => v >= low && v <= high)` refuses NaN (every comparison
    with NaN is false); `nan_passes` is for a check written as a refusal, `if (v > high || v < low) throw`."""
    def check(number: object) -> str:
        value = float(number)  # type: ignore[arg-type]
        too_low = value <= low if low_open else value < low
        too_high = value >= high if high_open else value > high
        if too_low or too_high or (value != value and not nan_passes):
            left, right = "(" if low_open else "[", ")" if high_open else "]"
            return f"must be in {left}{low:g}, {high:g}{right}"
        return ""

    return check


def _at_least(low: float, strictly: bool = False) -> Callable[[object], str]:
    def check(number: object) -> str:
        value = float(number)  # type: ignore[arg-type]
        if value < low or (strictly and value == low) or value != value:  # checkValue refuses NaN
            return f"must be {'>' if strictly else '>='} {low:g}"
        return ""

    return check


def _positive(what: str) -> Callable[[object], str]:
    def check(number: object) -> str:
        return "" if float(number) > 0 else f"{what} must be > 0"  # type: ignore[arg-type]

    return check


def _zero_or_at_least(low: float, unit: str, why: str) -> Callable[[object], str]:
    def check(number: object) -> str:
        value = float(number)  # type: ignore[arg-type]
        return "" if value == 0 or value >= low else f"{why} (0 means unlimited; this is {value:g} {unit})"

    return check


# A task's result carries its accumulator updates (task metrics), a few KiB even for an empty
# task, and the driver drops any result above spark.driver.maxResultSize (TaskResultGetter /
# Executor: "TaskResultLost"). Measured with pyspark 3.5.9: 512 and 1k fail the first job, 64k runs.
MIN_RESULT_SIZE = 4 * 1024

# Checks Spark makes outside the ConfigEntry converters, on the number in the entry's unit (bytes for
# B entries, ms for ms entries); each names its source. The `checkValue` limits are not repeated here.
OUTSIDE_CONVERTERS: dict[str, tuple[Callable[[object], str], str]] = {
    # SparkConf.validateSettings: "spark.memory.fraction should be between 0 and 1"; 0 then fails in
    # core/src/main/scala/org/apache/spark/memory/MemoryManager.scala `require(onHeapExecutionMemory > 0)`
    # (UnifiedMemoryManager: execution memory = usable heap * fraction * (1 - storageFraction)).
    "spark.memory.fraction": (_between(0, 1, low_open=True),
                              "SparkConf.validateSettings; MemoryManager: onHeapExecutionMemory must be > 0"),
    # Spark 3.x-4.2: an int the task scheduler divides by (TaskSchedulerImpl / ResourceProfile: "/ by zero").
    "spark.task.cpus": (_at_least(0, strictly=True), "TaskSchedulerImpl, ResourceProfile (divides by it)"),
    # ExecutorAllocationManager.validateSettings: "must be > 0 and <= 1.0" (dynamic allocation only).
    "spark.dynamicAllocation.executorAllocationRatio": (_between(0, 1, low_open=True),
                                                        "ExecutorAllocationManager.validateSettings"),
    # core/src/main/scala/org/apache/spark/Heartbeater.scala: scheduleAtFixedRate(..., intervalMs)
    # throws IllegalArgumentException for a period <= 0 when the (local) executor starts.
    "spark.executor.heartbeatInterval": (_positive("the heartbeat period in ms (Heartbeater.scheduleAtFixedRate)"),
                                         "Heartbeater.start: ScheduledExecutorService.scheduleAtFixedRate"),
    # core/src/main/scala/org/apache/spark/api/python/PythonRunner.scala: the Python worker's streams are
    # `new BufferedOutputStream(..., bufferSize)` / `BufferedInputStream`, which throw for a size <= 0,
    # so the first Python task fails although the entry's own check allows 0 (measured with 3.5.9).
    "spark.buffer.size": (_positive("the Python worker's stream buffer (PythonRunner: new BufferedOutputStream)"),
                          "PythonRunner: BufferedOutputStream(worker stream, spark.buffer.size)"),
    "spark.driver.maxResultSize": (_zero_or_at_least(
        MIN_RESULT_SIZE, "bytes", f"every task result is bigger than this (a result carries a few KiB of task "
        f"metrics), so the first job fails with TaskResultLost; below {MIN_RESULT_SIZE} bytes is refused"),
        "TaskResultGetter / Executor: results above spark.driver.maxResultSize are dropped"),
}

EXACT_VALUES: dict[str, tuple[str, ...]] = {"spark.submit.deployMode": ("client", "cluster")}
# Values spark-submit itself checks before it starts anything, with the error it exits with; an empty
# value from the defaults file or a --conf reaches these checks as "" (Utils.getPropertiesFromFile trims
# values and keeps empty ones): `core/src/main/scala/org/apache/spark/deploy/SparkSubmitArguments.scala`
# (`loadEnvironmentArguments`, `validateSubmitArguments`; spark.executor.instances only while
# spark.dynamicAllocation.enabled is not "true") and `SparkSubmit.scala` (`prepareSubmitEnvironment`).
SUBMIT_CHECKS: dict[str, str] = {
    "spark.driver.memory": "Driver memory must be a positive number",
    "spark.executor.memory": "Executor memory must be a positive number",
    "spark.executor.cores": "Executor cores must be a positive number",
    "spark.driver.cores": "Driver cores must be a positive number",
    "spark.cores.max": "Total executor cores must be a positive number",
    "spark.executor.instances": "Number of executors must be a positive number",
    "spark.submit.deployMode": "Deploy mode must be either client or cluster",
}
# What an empty value is not, per catalog type, for messages.
KIND_WORDS: dict[str, str] = {"boolean": "a boolean", "int": "an integer", "long": "an integer",
                              "double": "a number", "decimal": "a number", "bytes": "a size", "time": "a time",
                              "enum": "one of the allowed values"}
# Keys typed as plain strings in some versions but checked against a set when Spark uses them:
# `core/src/main/scala/org/apache/spark/scheduler/TaskSchedulerImpl.scala` reads spark.scheduler.mode
# with `SchedulingMode.withName(mode.toUpperCase(Locale.ROOT))` and fails on anything else.
KNOWN_VALUES_IGNORE_CASE: dict[str, tuple[str, ...]] = {"spark.scheduler.mode": ("FAIR", "FIFO", "NONE")}


def in_unit(entry: Entry, number: float) -> float:
    """The number `checkValue` sees: sizes and times in the entry's unit, truncated as JavaUtils does."""
    factor = entry.unit_factor
    if entry.type not in ("bytes", "time") or not factor or factor == 1:
        return number
    whole = abs(number) / factor
    return (1 if number >= 0 else -1) * int(whole + 1e-9)


# The counts among SUBMIT_CHECKS: `Try(value.toInt).getOrElse(-1) <= 0` is refused.
_SUBMIT_COUNTS = ("spark.executor.cores", "spark.driver.cores", "spark.cores.max", "spark.executor.instances")
_SUBMIT_SIZES = ("spark.driver.memory", "spark.executor.memory")  # Try(byteStringAsBytes(v)).getOrElse(-1) <= 0


def submit_refusal(key: str, value: str, dynamic_allocation: bool, version: str) -> Optional[str]:
    """spark-submit's words when it refuses a non-empty `value` for `key`, or None (see SUBMIT_CHECKS).

    A size spark-submit cannot parse (`1.5g`) is left to `problem`, which says why."""
    words = SUBMIT_CHECKS.get(key)
    if (words is None or not value.strip() or is_templated(value)
            or (key == "spark.executor.instances" and dynamic_allocation)):
        return None
    if key in _SUBMIT_SIZES:
        try:
            if parse_bytes(value, 1, version) > 0:
                return None
        except ValueError:
            return None
    elif key in _SUBMIT_COUNTS:
        try:
            number = int(value)  # Scala's String.toInt: no spaces, no unit
        except ValueError:
            number = -1
        if 0 < number < 2**31:
            return None
    else:
        return None
    return f"spark-submit refuses it before Spark starts: \"{words}\" (SparkSubmitArguments)"


def problem(entry: Entry, value: str, version: str) -> Optional[str]:
    """Why Spark refuses `value` for `entry` in `version`; None when it accepts it (or it is a template)."""
    if is_templated(value):
        return None
    exact = EXACT_VALUES.get(entry.key)
    if exact is not None and value.strip() not in exact:
        return f"must be exactly one of {', '.join(exact)} (case-sensitive)"
    allowed, ignore_case = entry.values, entry.values_ignore_case
    if allowed is None and entry.key in KNOWN_VALUES_IGNORE_CASE:
        allowed, ignore_case = KNOWN_VALUES_IGNORE_CASE[entry.key], True
    if allowed is not None:
        candidate = value.strip()
        matches = (candidate.upper() in {item.upper() for item in allowed}) if ignore_case else candidate in allowed
        if not matches:
            return f"must be one of {', '.join(allowed)}" + ("" if ignore_case else " (case-sensitive)")
    parse = _parser(entry, version)
    if parse is None:
        return None
    try:
        number = parse(value)
    except ValueError as error:
        return str(error)
    if entry.type == "decimal":
        number = float(number)  # type: ignore[arg-type]
    limit = constraint(entry.key, version)
    unit_number = in_unit(entry, float(number))  # type: ignore[arg-type]
    if limit is not None and not limit.accepts(unit_number):
        unit = entry.unit if entry.type in ("bytes", "time") and entry.unit else ""
        shown_number = f"{int(unit_number):d}" if limit.kind == "int" else f"{unit_number:g}"
        converted = f" ({quoted(value.strip())} is {shown_number} {unit})" if unit and shown_number != value.strip() else ""
        return f"Spark's check says \"{limit.spark_says(quoted(value.strip()))}\"; it accepts {limit.describe(unit)}{converted}"
    outside = OUTSIDE_CONVERTERS.get(entry.key)
    if outside is not None:
        check, _ = outside
        number_for_check = float(number) if entry.type != "bytes" else float(  # type: ignore[arg-type]
            parse_bytes(value, entry.unit_factor or 1, version))
        if entry.type == "time":
            number_for_check = parse_time_ms(value, entry.unit_factor or 1)
            number_for_check = int(number_for_check)  # Spark's getTimeAsMs truncates below 1 ms
        return check(number_for_check) or None
    return None
