"""Values Spark converts when it reads a deprecated key for its replacement.

`SparkConf.configsWithAlternatives` (core/src/main/scala/org/apache/spark/SparkConf.scala, the same in
3.3 to 4.3, shared/reference/spark-deprecations.tsv "value translated") lists two alternatives with a
`translation`, applied by `SparkConf.getDeprecatedConfig` when only the old key is set; the replacement's
ConfigEntry then parses the translated string:

- `spark.kryoserializer.buffer.mb` -> `spark.kryoserializer.buffer`:
  `s => s"${(s.toDouble * 1000).toInt}k"` (times 1000, not 1024: 2 becomes 2000k, not 2m = 2048k);
- `spark.yarn.applicationMaster.waitTries` -> `spark.yarn.am.waitTime`: `s => s"${s.toLong * 10}s"`.

Every other alternative is read as written, in the replacement's unit. `translated_value` answers only
when its answer is exactly what Spark computes: plain decimal digits (Java's parseDouble and Python's
float read them to the same double, and the IEEE product is the same), no truncation by `.toInt`, no
overflow; anything else (an exponent, a sign, "0x", "2m") is None, and the fix is not offered.
"""

from __future__ import annotations

from typing import Callable, Optional

from sparklint.patterns import lazy_pattern

_DECIMAL = lazy_pattern(r"[0-9]{1,9}(?:\.[0-9]{1,9})?")
_DIGITS = lazy_pattern(r"[0-9]{1,15}")
INT_MAX = 2**31 - 1


def _kryo_buffer(value: str) -> Optional[str]:
    if not _DECIMAL.fullmatch(value):
        return None
    from decimal import Decimal  # only for this old key: the import is a few % of a one-file run

    exact = Decimal(value) * 1000
    computed = int(float(value) * 1000)  # Scala's (s.toDouble * 1000).toInt, below the Int range here
    if exact != exact.to_integral_value() or exact != computed or computed > INT_MAX:
        return None  # .toInt would truncate, or the double is not the decimal the author wrote
    return f"{computed}k"


def _am_wait_time(value: str) -> Optional[str]:
    return f"{int(value) * 10}s" if _DIGITS.fullmatch(value) else None


_TRANSLATIONS: dict[str, Callable[[str], Optional[str]]] = {
    "spark.kryoserializer.buffer.mb": _kryo_buffer,
    "spark.yarn.applicationMaster.waitTries": _am_wait_time,
}


def has_translation(key: str) -> bool:
    return key in _TRANSLATIONS


def translated_value(key: str, value: str) -> Optional[str]:
    """The string Spark reads for the replacement of `key` when only `key` is set to `value`; None when
    Spark does not translate `key` or when the answer would not be exact."""
    translate = _TRANSLATIONS.get(key)
    return translate(value) if translate is not None else None
