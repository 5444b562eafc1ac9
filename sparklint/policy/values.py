"""What a policy compares: the effective value of a key on a config, and how values of each kind compare.

The effective value is what Spark will use, resolved as `explain` resolves it: the winning setting over
every layer the dialect and the run put on the config (a typed field over `--conf` over spark-defaults
over an EMR Serverless application's runtimeConfiguration over platform defaults), else Spark's default
for the config's Spark version (following a fallback entry to the key it falls back to), else not set.
"""

from __future__ import annotations

from typing import Callable, NamedTuple, Optional

from sparklint.knowledge.catalog import Entry, catalog
from sparklint.knowledge.units import format_bytes, parse_bool, parse_bytes, parse_time_ms
from sparklint.knowledge.values import is_templated
from sparklint.model import JobConfig, Setting, source_of

KINDS = ("bytes", "time", "number", "boolean", "text")
_NUMBER_TYPES = ("int", "long", "double", "decimal")


class Effective(NamedTuple):
    """The value Spark will use for `key` on one config, and where it comes from."""

    key: str
    text: Optional[str]  # None: not set, and Spark has no default (or one computed from the host)
    setting: Optional[Setting]  # the deciding setting; None for Spark's default or not set
    note: str  # where the value comes from when no setting decides it

    @property
    def written(self) -> bool:
        """Set in a file (a written setting), not by a default layer."""
        return self.setting is not None and self.setting.ref is not None

    @property
    def source(self) -> str:
        return source_of(self.setting, self.note)


def effective(config: JobConfig, key: str) -> Effective:
    setting = config.effective(key)
    if setting is not None:
        return Effective(key, setting.value, setting, "")
    table = catalog()
    entry = table.entry(key, config.spark_version)
    seen = {key}
    while entry is not None and entry.default is None and entry.fallback and entry.fallback not in seen:
        fallback = entry.fallback
        seen.add(fallback)
        setting = config.effective(fallback)
        if setting is not None:  # a fallback entry's default is the other key's value (ConfigBuilder.fallbackConf)
            return Effective(key, setting.value, setting, "")
        entry = table.entry(fallback, config.spark_version)
    if entry is not None and entry.default is not None and not entry.default_computed:
        return Effective(key, entry.default, None, f"Spark {config.spark_version} default")
    return Effective(key, None, None, "not set")


def fallback_keys(key: str) -> set[str]:
    """`key` and the keys its default falls back to, in any catalog version (for the engine's skip test)."""
    table = catalog()
    found = {key}
    for version in table.versions:
        entry = table.entry(key, version)
        while entry is not None and entry.fallback and entry.fallback not in found:
            found.add(entry.fallback)
            entry = table.entry(entry.fallback, version)
    return found


def newest_entry(key: str) -> Optional[Entry]:
    """The key's entry in the newest catalog version that has it (its type decides how values compare)."""
    table = catalog()
    for version in reversed(table.versions):
        entry = table.entry(key, version)
        if entry is not None:
            return entry
    return None


def kind_of_key(key: str) -> Optional[str]:
    """bytes / time / number / boolean / text by the catalog's type; None for a key the catalog lacks."""
    entry = newest_entry(key)
    if entry is None:
        return None
    if entry.type in ("bytes", "time"):
        return entry.type
    if entry.type in _NUMBER_TYPES:
        return "number"
    if entry.type == "boolean":
        return "boolean"
    return "text"


def reader(kind: str, key: str, config: JobConfig) -> Callable[[str], object]:
    """How a value of `key` on this config is read for comparing: bytes, milliseconds, a float, a bool, or
    the text (trimmed; case-folded for an enum Spark reads ignoring case). Raises ValueError as Spark would."""
    entry = catalog().entry(key, config.spark_version)
    if kind == "bytes":
        unit = entry.unit_factor if entry is not None and entry.unit_factor else None
        version = config.spark_version
        return lambda text: parse_bytes(text, unit if unit is not None else _no_unit(text), version)
    if kind == "time":
        unit_ms = entry.unit_factor if entry is not None and entry.unit_factor else None
        return lambda text: parse_time_ms(text, unit_ms if unit_ms is not None else _no_unit(text))
    if kind == "number":
        return lambda text: float(text.strip())
    if kind == "boolean":
        return parse_bool
    if entry is not None and entry.values_ignore_case:
        return lambda text: text.strip().casefold()
    return lambda text: text.strip()


def _no_unit(text: str) -> int:
    """A bare number for a key whose unit Spark does not declare: it cannot be compared with a size."""
    raise ValueError(f"{text!r} has no unit")


def parse_operand(kind: str, operand: object) -> tuple[object, str]:
    """A policy's operand (`max = "16g"`) read as `kind`, and how messages show it. Raises ValueError with
    what is wrong, for the compiler to report at the operand's path."""
    if kind in ("bytes", "time"):
        if isinstance(operand, bool) or not isinstance(operand, (str, int, float)):
            example = '"16g"' if kind == "bytes" else '"120s"'
            raise ValueError(f"expected a {'size' if kind == 'bytes' else 'time'} string like {example}")
        text = str(operand).strip()
        if not text or not text[-1].isalpha():
            what = "a size" if kind == "bytes" else "a time"
            example = '"16g" or "512m"' if kind == "bytes" else '"120s" or "5min"'
            raise ValueError(f"{what} without a unit ({operand!r}): Spark reads a bare number in each key's "
                             f"own unit, so write the unit, like {example}")
        number = parse_bytes(text, 1, "4.3") if kind == "bytes" else parse_time_ms(text)
        return number, text
    if kind == "number":
        if isinstance(operand, bool):
            raise ValueError("expected a number, got a boolean")
        try:
            return float(str(operand).strip()), str(operand)
        except ValueError:
            raise ValueError(f"expected a number, got {operand!r}") from None
    if kind == "boolean":
        if isinstance(operand, bool):
            return operand, "true" if operand else "false"
        return parse_bool(str(operand)), str(operand).strip().lower()
    if isinstance(operand, bool):
        operand = "true" if operand else "false"
    if not isinstance(operand, (str, int, float)):
        raise ValueError(f"expected a string, got {type(operand).__name__}")
    return str(operand).strip(), str(operand)


def shown(kind: str, number: object) -> str:
    """A compared value as messages show it: bytes in binary units, times in ms or s."""
    if kind == "bytes" and isinstance(number, int):
        return format_bytes(number)
    if kind == "time" and isinstance(number, float):
        return f"{number / 1000:g} s" if number >= 1000 else f"{number:g} ms"
    if kind == "number" and isinstance(number, float):
        return str(int(number)) if number.is_integer() else repr(number)
    if kind == "boolean" and isinstance(number, bool):
        return "true" if number else "false"
    return str(number)


def judged_text(value: Optional[str]) -> bool:
    """A value that can be compared: set, and not a template filled in later (`${VAR}`, `{{ x }}`)."""
    return value is not None and not is_templated(value)
