"""SL005 deprecated-property: a key that the selected Spark version deprecated, renamed or removed.

## What it flags
A key listed in Spark's deprecation tables for the selected version (`SparkConf.deprecatedConfigs`,
`SparkConf.configsWithAlternatives`, a ConfigEntry's alternative names, `SQLConf`'s deprecated and
removed SQL configs), or one of the keys Spark dropped long ago (`spark.storage.memoryFraction` and the
other legacy memory-manager keys, `spark.akka.*`). The message says what Spark does with it (still
reads it, ignores it, rejects it) and names the replacement.

## Why is this bad?
A deprecated key works until the release that drops it, then silently does nothing: for example
`spark.blacklist.*` is read in Spark 3.5 through the `spark.excludeOnFailure.*` entries and "not used
anymore" from 4.1; `spark.storage.memoryFraction` has had no effect since the unified memory manager
became the only one (3.0).

## Example
```conf spark-defaults.conf
spark.yarn.executor.memoryOverhead 2048
```

## Use instead
```conf spark-defaults.conf
spark.executor.memoryOverhead 2048
```

## Fix safety
Renaming to the replacement is a safe fix where Spark reads the old key as an alternative name of the
new one (`SparkConf.configsWithAlternatives`, `ConfigBuilder.withAlternative`): the new entry parses the
same value string, so unit and meaning are the same. Two old keys have a value Spark translates for
the new key (`SparkConf.configsWithAlternatives` `translation`): the safe fix renames the key and writes
the value Spark computes, when that is exact: `spark.kryoserializer.buffer.mb 0.064` becomes
`spark.kryoserializer.buffer 64k` (Spark multiplies by 1000, so `2` becomes `2000k`, which is what Spark
ran, not `2m`), `spark.yarn.applicationMaster.waitTries 10` becomes `spark.yarn.am.waitTime 100s`; a value
Spark would truncate (`0.0005`) or one not made of plain digits gets no fix. The rename is unsafe for a
deprecated SQL conf that is still its own entry (other code may read the old key). A removed or unused
key, a key set twice (SL002 deletes the earlier one first) or one whose replacement is set too (Spark
reads the replacement then) gets no fix.

## Options
None.

## References
- Spark `core/src/main/scala/org/apache/spark/SparkConf.scala` (`deprecatedConfigs`,
  `configsWithAlternatives`, `logDeprecationWarning`); `sql/catalyst/src/main/scala/org/apache/spark/sql/internal/SQLConf.scala`
  (`deprecatedSQLConfigs`, `removedSQLConfigs`), read per version by `tools/gen_catalog.py`; the two
  value translations of `configsWithAlternatives` in `sparklint/knowledge/translations.py`.
- SPARK-26539 (apache/spark pull 23457): Spark 3.0 removed `spark.memory.useLegacyMode` and the
  static memory manager that read `spark.storage.memoryFraction` / `spark.shuffle.memoryFraction`.
"""

from __future__ import annotations

import functools
from typing import Iterator, Optional

from sparklint.fix.intent import Fix, rename_key, rename_with_value
from sparklint.knowledge.catalog import catalog
from sparklint.knowledge.translations import has_translation, translated_value
from sparklint.knowledge.obsolete import obsolete
from sparklint.patterns import lazy_pattern
from sparklint.model import JobConfig, Setting
from sparklint.rule import Hit, NoOptions, Rule


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    version = catalog().version(config.spark_version)
    for setting in config.written():
        found = _finding(setting.key, version)
        if found is not None:
            message, fix = found
            rename = _rename(setting.key, version)
            if rename and (config.effective(setting.key) is not setting or config.effective(rename[0]) is not None):
                rename = None  # a duplicate (SL002 goes first), or the replacement is set: Spark reads that one
            edit = _edit(setting, rename) if rename else None
            if edit is not None and edit.action == "key_value":
                fix = f"Replace it with {edit.key}={edit.text}."  # the value in the new key's unit
            yield Hit(message, fix, at=setting.ref.key() if setting.ref else setting, edit=edit)


def _edit(setting: Setting, rename: tuple[str, bool, bool]) -> Optional[Fix]:
    replacement, safe, translated = rename
    if not translated:
        return rename_key(setting, replacement, safe=safe)
    value = translated_value(setting.key, setting.value)  # Spark's own translation, when exact
    return rename_with_value(setting, replacement, value, safe=safe) if value is not None else None


@functools.lru_cache(maxsize=4096)
def _rename(key: str, version: str) -> Optional[tuple[str, bool, bool]]:
    """(replacement, safe, translated) when renaming the key can keep its value's meaning: safe for an
    alternative name Spark reads as written (the new entry parses the same string, so the unit is the
    same) or through a translation sparklint knows (the value is converted as Spark converts it), unsafe
    for a deprecated SQL conf that is still its own entry; None for a pattern, an unknown translation or
    none."""
    deprecation = catalog().deprecation(key, version)
    if deprecation is None or not deprecation.replacement or deprecation.removed \
            or deprecation.not_used or not deprecation.honoured or not _CONCRETE.fullmatch(deprecation.replacement):
        return None
    if deprecation.translated and not (deprecation.alternative and has_translation(key)):
        return None
    return deprecation.replacement, deprecation.alternative, deprecation.translated


@functools.lru_cache(maxsize=16384)
def _finding(key: str, version: str) -> Optional[tuple[str, str]]:
    """(message, fix) for a deprecated or obsolete key, else None; cached: the same keys recur."""
    spark = catalog()
    deprecation = spark.deprecation(key, version)
    if deprecation is not None:
        use = f"; use {deprecation.replacement}" if deprecation.replacement else ""
        fix = f"Replace it with {deprecation.replacement}." if deprecation.replacement else "Delete it."
        return f"{key} is {deprecation.note} (Spark {version}){use}", fix
    gone = obsolete(key)
    if gone is not None and not spark.known(key, version):
        use = f"; use {gone.replacement}" if gone.replacement else ""
        return (f"{key} has no effect since Spark {gone.since} ({gone.why}){use}",
                f"Replace it with {gone.replacement}." if gone.replacement else "Delete it.")
    return None


_CONCRETE = lazy_pattern(r"spark\.[\w.\-]+")  # one key, not a pattern (spark.excludeOnFailure.*, {driver,executor})


RULE = Rule(
    id="SL005",
    name="deprecated-property",
    severity="warning",
    summary="A deprecated, renamed or removed key: what Spark does with it, and its replacement.",
    check=check,
    docs=__doc__ or "",
    kinds=("job", "session", "defaults", "application"),
)
