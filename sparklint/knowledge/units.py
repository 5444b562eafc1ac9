"""Spark's size and time strings, parsed exactly as Spark parses them.

Source: `common/utils/src/main/java/org/apache/spark/network/util/JavaUtils.java` (`byteStringAs`,
`timeStringAs`) and `core/src/main/scala/org/apache/spark/internal/config/ConfigBuilder.scala`
(`ConfigHelpers.byteFromString`: a leading "-" is stripped and re-applied). Checked against the jars of
pyspark 3.5.9 / 4.0.1 / 4.3.0 (shared/reference/spark.md §5):
- input is trimmed and lower-cased; no space between number and unit ("2 g" fails);
- byte suffixes b k kb m mb g gb t tb p pb (powers of 1024); 4.3 adds ki kib mi mib gi gib ti tib pi pib;
- fractions are never accepted ("1.5g" fails); no suffix means the entry's declared unit;
- time suffixes us ms s m min h d; no "y" although docs/configuration.md lists it;
- the number is read by `Long.parseLong` (byteStringAs, timeStringAs) or `Integer.parseInt` /
  `Long.parseLong` (toNumber): one beyond a 64-bit long is refused (`OutOfRange`), so every number
  sparklint works with from a setting is below 2^63 before its unit (and fits a float after it).
"""

from __future__ import annotations

import functools
from typing import Optional

from sparklint.patterns import lazy_pattern

KIB = 1024
MIB = 1024**2
GIB = 1024**3
TIB = 1024**4
PIB = 1024**5

_BYTE_SUFFIXES = {
    "b": 1, "k": KIB, "kb": KIB, "m": MIB, "mb": MIB, "g": GIB, "gb": GIB,
    "t": TIB, "tb": TIB, "p": PIB, "pb": PIB,
}
# JavaUtils in Spark 4.3 accepts IEC suffixes too ("1MiB" fails on 3.5.9 and 4.0.1) [bin 4.3.0].
_IEC_SUFFIXES = {"ki": KIB, "kib": KIB, "mi": MIB, "mib": MIB, "gi": GIB, "gib": GIB,
                 "ti": TIB, "tib": TIB, "pi": PIB, "pib": PIB}
_TIME_SUFFIXES_MS = {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000, "min": 60_000, "h": 3_600_000,
                     "d": 86_400_000}

_BYTE_PATTERN = lazy_pattern(r"([0-9]+)([a-z]+)?")
_FRACTION_PATTERN = lazy_pattern(r"([0-9]+\.[0-9]+)([a-z]+)?")
_INT_PATTERN = lazy_pattern(r"[+-]?[0-9]+")
_TIME_PATTERN = lazy_pattern(r"(-?[0-9]+)([a-z]+)?")


LONG_MAX = 2**63 - 1


class OutOfRange(ValueError):
    """A number Spark's Long.parseLong (or Integer.parseInt) refuses: too many digits for 64 bits."""


def java_long(value: float) -> int:
    """Scala's `Double.toLong` (Java's `(long)` cast): toward zero, NaN to 0, saturating at the long range
    (JLS §5.1.3). Spark sizes memory regions this way (`(usable * fraction).toLong`)."""
    return _saturated(value, 63)


def java_int(value: float) -> int:
    """Scala's `Double.toInt`: as `java_long`, at the 32-bit range (`(factor * memMiB).toInt`)."""
    return _saturated(value, 31)


def _saturated(value: float, bits: int) -> int:
    if value != value:
        return 0
    if value >= 2**bits:
        return 2**bits - 1
    if value <= -(2**bits):
        return -(2**bits)
    return int(value)


def _long(digits: str, text: str) -> int:
    # Checked on the digits first: int() of a few thousand digits is slow, and refused past
    # sys.get_int_max_str_digits() (Python 3.11, 3.9.14 and 3.10.7 security releases).
    if len(digits.lstrip("0")) > 19 or int(digits) > LONG_MAX:
        raise OutOfRange(f"{quoted(text)} is out of range for a 64-bit long")
    return int(digits)


def quoted(text: str) -> str:
    """`text` quoted for a message; a very long one shortened."""
    return repr(text) if len(text) <= 40 else repr(text[:20]) + f"… ({len(text)} characters)"


def version_tuple(version: str) -> tuple[int, ...]:
    """"3.5" -> (3, 5); "4.0.1" -> (4, 0, 1)."""
    return tuple(int(part) for part in version.split(".") if part.isdigit())


@functools.lru_cache(maxsize=4096)  # pure, and the same few values recur in every file
def parse_bytes(text: str, default_unit: int = 1, spark_version: str = "3.5") -> int:
    """Bytes of a Spark size string; a bare number is in `default_unit` bytes. Raises ValueError as Spark would.

    Spark converts to the entry's unit by truncating ("512k" read as MiB is 0); callers that need the
    unit-truncated number divide with `//`.
    """
    value = text.strip().lower()
    sign = 1
    if value.startswith("-"):
        sign, value = -1, value[1:]
    match = _BYTE_PATTERN.fullmatch(value)
    if match is None:
        if _FRACTION_PATTERN.fullmatch(value):
            raise ValueError(f"{text!r}: fractional values are not supported; use a smaller unit")
        raise ValueError(f"{text!r}: size must be a whole number with an optional unit "
                         "b, k, m, g, t or p (e.g. 512m, 4g)")
    number, suffix = match.groups()
    if suffix is None:
        return sign * _long(number, text) * default_unit
    multiplier = _BYTE_SUFFIXES.get(suffix)
    if multiplier is None and version_tuple(spark_version) >= (4, 3):
        multiplier = _IEC_SUFFIXES.get(suffix)
    if multiplier is None:
        hint = " (IEC suffixes like MiB need Spark 4.3+)" if suffix in _IEC_SUFFIXES else ""
        raise ValueError(f"{text!r}: invalid size suffix {suffix!r}{hint}")
    return sign * _long(number, text) * multiplier


_LOOSE_SIZE = lazy_pattern(r"([0-9]+(?:\.[0-9]+)?)[ \t]*([a-z]+)")
_WHOLE_UNITS = (("p", PIB), ("t", TIB), ("g", GIB), ("m", MIB), ("k", KIB), ("b", 1))


def accepted_size(text: str) -> Optional[str]:
    """The same number of bytes in a form every Spark version accepts: the largest of Spark's own
    suffixes that gives a whole number ("1.5g" -> "1536m", "4gib" -> "4g", "2 g" -> "2g", as
    `byteStringAs` reads them: powers of 1024). None for a bare number (its unit is the entry's), a
    zero, an unknown suffix, or an amount that is not whole bytes ("0.3k")."""
    match = _LOOSE_SIZE.fullmatch(text.strip().lower())
    if match is None:
        return None
    number, suffix = match.groups()
    multiplier = _BYTE_SUFFIXES.get(suffix) or _IEC_SUFFIXES.get(suffix)
    if multiplier is None or len(number) > 40:  # past a long anyway, and past Python's digit limit sooner
        return None
    from fractions import Fraction

    amount = Fraction(number) * multiplier
    if amount.denominator != 1 or amount == 0 or amount > LONG_MAX:
        return None
    whole = int(amount)
    return next(f"{whole // size}{letter}" for letter, size in _WHOLE_UNITS if whole % size == 0)


@functools.lru_cache(maxsize=4096)  # pure, and the same few values recur in every file
def parse_time_ms(text: str, default_unit_ms: float = 1) -> float:
    """Milliseconds of a Spark time string; a bare number is in `default_unit_ms`. Raises ValueError."""
    value = text.strip().lower()
    match = _TIME_PATTERN.fullmatch(value)
    if match is None:
        raise ValueError(f"{text!r}: time must be a whole number with an optional unit us, ms, s, m, min, h or d")
    number, suffix = match.groups()
    sign = -1 if number.startswith("-") else 1
    if suffix is None:
        return sign * _long(number.lstrip("-"), text) * default_unit_ms
    multiplier = _TIME_SUFFIXES_MS.get(suffix)
    if multiplier is None:
        raise ValueError(f"{text!r}: invalid time suffix {suffix!r}")
    return sign * _long(number.lstrip("-"), text) * multiplier


@functools.lru_cache(maxsize=4096)  # pure, and the same few values recur in every file
def parse_int(text: str) -> int:
    """An int as Spark's `ConfigHelpers.toNumber` reads it: trimmed, decimal only ("4.0", "0x4" fail)."""
    value = text.strip()
    if not _INT_PATTERN.fullmatch(value):
        raise ValueError(f"{quoted(text)} is not an integer")
    sign = -1 if value.startswith("-") else 1
    return sign * _long(value.lstrip("+-"), text)


def parse_bool(text: str) -> bool:
    """"true"/"false" in any case, trimmed; Spark rejects "yes", "1", "on" (ConfigHelpers.toBoolean)."""
    value = text.strip().lower()
    if value == "true":
        return True
    if value == "false":
        return False
    raise ValueError(f"{text!r} is not a boolean (Spark accepts only true or false)")


def format_bytes(count: int) -> str:
    """Human form with binary units: 4294967296 -> "4 GiB", 1476395008 -> "1408 MiB"."""
    for unit, size in (("PiB", PIB), ("TiB", TIB), ("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if count and count % size == 0:
            return f"{count // size} {unit}"
    if count >= GIB:
        return f"{count / GIB:.1f} GiB"
    if count >= MIB:
        return f"{count / MIB:.1f} MiB"
    return f"{count} B"


def literal_count(value: object) -> Optional[int]:
    """A literal, non-negative count as a JSON, YAML or HCL file writes it (2, "2"); None otherwise
    (`${var.n}`, null, a boolean, a negative number): a worker or node count the file states."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
