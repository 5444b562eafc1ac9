"""Does Spark accept this value for this key? Parsing by the catalog's type, plus the range checks
Spark applies to specific keys.

Sources (shared/reference/spark.md §4, §5; checked against pyspark 3.5.9 / 4.3.0 jars):
- types: `core/src/main/scala/org/apache/spark/internal/config/ConfigBuilder.scala` (`ConfigHelpers`:
  toNumber, toBoolean, byteFromString, timeFromString; lists are comma-split and trimmed);
- `spark.memory.fraction` / `spark.memory.storageFraction` in [0, 1]: `SparkConf.validateSettings`;
  storageFraction < 1 and offHeap.size >= 0: the ConfigEntry checks in
  `core/src/main/scala/org/apache/spark/internal/config/package.scala`;
- `spark.submit.deployMode` exactly "client" or "cluster" (case-sensitive): `SparkConf.validateSettings`;
- memoryOverheadFactor > 0, executorAllocationRatio in (0, 1]: ConfigEntry checks in package.scala;
- `spark.task.cpus`: int in 3.x-4.2, a decimal >= 1E-9 from 4.3 (catalog type "decimal").
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Callable, Optional

from sparklint.knowledge.catalog import Entry
from sparklint.knowledge.units import OutOfRange, parse_bool, parse_bytes, parse_int, parse_time_ms, quoted

# ${VAR}, {{ var }}, {% if %} (Jinja, as in Airflow DAGs), $(cmd), %(name)s, <PLACEHOLDER>: a value filled in
# later, not judged.
_TEMPLATE = re.compile(r"\$\{|\{\{|\{%|\$\(|%\(|^<[^>]+>$|^\$[A-Za-z_]")
_INT_RANGE = (-(2**31), 2**31 - 1)
_LONG_RANGE = (-(2**63), 2**63 - 1)


def is_templated(value: str) -> bool:
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


# Range checks beyond the type, each a check Spark itself applies (sources in the module docstring).
RANGES: dict[str, Callable[[object], str]] = {
    # SparkConf.validateSettings: `if (value > 1 || value < 0) throw` (3.5), which NaN passes.
    "spark.memory.fraction": _between(0, 1, nan_passes=True),
    "spark.memory.storageFraction": _between(0, 1, high_open=True),
    "spark.memory.offHeap.size": _at_least(0),
    "spark.executor.memoryOverheadFactor": _at_least(0, strictly=True),
    "spark.driver.memoryOverheadFactor": _at_least(0, strictly=True),
    "spark.dynamicAllocation.executorAllocationRatio": _between(0, 1, low_open=True),
    "spark.task.cpus": _at_least(0, strictly=True),
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
            return f"must be one of {', '.join(allowed)}"
    parse = _parser(entry, version)
    if parse is None:
        return None
    try:
        number = parse(value)
    except ValueError as error:
        return str(error)
    check = RANGES.get(entry.key)
    if check is not None:
        return check(number) or None
    return None
