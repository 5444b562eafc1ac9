"""Spark's property catalog, per Spark version: which keys exist, their types, units, defaults and deprecations.

The data, `sparklint/data/catalog.json`, is generated from Spark's own jars by `tools/gen_catalog.py`
(ConfigEntry registry, `SparkConf.deprecatedConfigs` / `configsWithAlternatives`, `SQLConf`
`deprecatedSQLConfigs` / `removedSQLConfigs`), plus the keys Spark reads by plain string, taken from
the documented-properties table. It is read once, on first use.

Layout of the file (compact; a field left off at the end of a variant means null):

    {"format": 1, "versions": ["3.3", ...], "pyspark": ["3.3.4", ...],
     "keys":       {key: [[mask, type, unit, since, flags, default, alternatives, values], ...]},
     "deprecated": {key: [[mask, replacement, since, flags, value_when_removed], ...]}}

A key has one variant per distinct record; `mask` has bit i set for each `versions[i]` the variant
applies to. `default` is Spark's default string, null (no default, or one computed from the JVM or host),
or `[key]` when the default is the value of another key (a fallback entry).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Tuple, Union

from sparklint.knowledge.units import GIB, KIB, MIB, TIB
from sparklint.patterns import lazy_pattern
from sparklint.records import Record

_DATA = Path(__file__).resolve().parent.parent / "data" / "catalog.json"

# Flag bits, as written by tools/gen_catalog.py.
_PUBLIC, _READ_BY_STRING, _DOCUMENTED_ONLY, _COMPUTED_DEFAULT, _IGNORE_CASE = 1, 2, 4, 8, 16
_CONF_ALTERNATIVE, _ENTRY_ALTERNATIVE, _CONF_DEPRECATED = 1, 2, 4
_SQL_DEPRECATED, _SQL_REMOVED, _TRANSLATED, _NOT_USED = 8, 16, 32, 64

# Bytes per unit of a size entry, milliseconds per unit of a time entry: the `default_unit` that
# sparklint.knowledge.units.parse_bytes / parse_time_ms take for a bare number.
_BYTE_UNITS = {"B": 1, "KiB": KIB, "MiB": MIB, "GiB": GIB, "TiB": TIB}
_TIME_UNITS_MS = {"ns": 1e-6, "us": 1e-3, "ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}

_VERSION = lazy_pattern(r"(\d+)\.(\d+)(?:\.\d+)?(?:[-+.].*)?")


class Entry(Record):
    """One key as a Spark version knows it."""

    key: str
    type: str  # boolean int long double decimal bytes time string list enum regex
    unit: Optional[str]  # bytes: B KiB MiB; time: ns us ms s min; what a bare number means
    since: str  # the ConfigEntry's version (or the documented since-version)
    public: bool  # False for Spark's internal entries
    default: Optional[str]  # Spark's default string; None when unset, computed, or a fallback
    fallback: Optional[str]  # the key whose value is the default, for fallback entries
    default_computed: bool  # the default comes from the JVM or host (cores, heap, time zone, cwd)
    alternatives: Tuple[str, ...]  # older keys Spark still reads for this one
    values: Optional[Tuple[str, ...]]  # allowed values, when Spark checks a known set
    values_ignore_case: bool
    source: str  # "registry"; "string": read by string key; "documented": not in this version's jars

    @property
    def read_by_string(self) -> bool:
        return self.source != "registry"

    @property
    def unit_factor(self) -> Union[int, float, None]:
        """Bytes (size entries) or milliseconds (time entries) per unit of a bare number."""
        if self.type == "bytes" and self.unit:
            return _BYTE_UNITS[self.unit]
        if self.type == "time" and self.unit:
            return _TIME_UNITS_MS[self.unit]
        return None  # not a size or time, or a key read by string whose unit Spark does not declare


class Deprecation(Record):
    """A deprecated, renamed or removed key in one Spark version."""

    key: str
    replacement: Optional[str]  # may be a pattern such as "spark.excludeOnFailure.*"
    since: Optional[str]  # the Spark version that deprecated or removed it, when Spark records one
    removed: bool  # SQLConf.removedSQLConfigs: only `removed_value` is accepted
    honoured: bool  # Spark still reads the old key's value for the replacement
    not_used: bool  # Spark says the key is not used any more
    translated: bool  # the old value is converted (e.g. spark.kryoserializer.buffer.mb in MiB)
    removed_value: Optional[str]
    # The old key is an alternative name Spark reads for the replacement, its value as written
    # (SparkConf.configsWithAlternatives without a translation, or ConfigBuilder.withAlternative).
    alternative: bool = False

    @property
    def note(self) -> str:
        """One sentence on what Spark does with the old key, made from the flags (not Spark's text)."""
        since = f" since Spark {self.since}" if self.since else ""
        if self.removed:
            accepted = f" other than {self.removed_value!r}" if self.removed_value is not None else ""
            return f"removed{since}: Spark rejects values{accepted}"
        if self.not_used:
            return f"deprecated{since} and not used any more: setting it has no effect"
        if self.honoured:
            how = " (converted)" if self.translated else ""
            return f"deprecated{since}: Spark still reads its value{how}, but may stop"
        return f"deprecated{since}: Spark only warns"


class Catalog:
    """Per-version view of the generated data; decodes only the keys that are asked for."""

    def __init__(self, data: Dict[str, object]) -> None:
        self.versions: Tuple[str, ...] = tuple(data["versions"])  # type: ignore[arg-type]
        self.pyspark_versions: Dict[str, str] = dict(zip(self.versions, data["pyspark"]))  # type: ignore[arg-type]
        self._keys: Dict[str, List[list]] = data["keys"]  # type: ignore[assignment]
        self._deprecated: Dict[str, List[list]] = data["deprecated"]  # type: ignore[assignment]
        self._bit = {version: 1 << index for index, version in enumerate(self.versions)}
        self._key_sets: Dict[str, FrozenSet[str]] = {}
        self._entries: Dict[Tuple[str, str], Optional[Entry]] = {}
        self._deprecations: Dict[Tuple[str, str], Optional[Deprecation]] = {}

    def version(self, version: str) -> str:
        """The supported minor for a Spark version string: "3.5", "3.5.2" and "3.5.2-amzn-1" give "3.5"."""
        if version in self._bit:
            return version
        match = _VERSION.fullmatch(version.strip())
        minor = f"{match.group(1)}.{match.group(2)}" if match else None
        if minor not in self._bit:
            raise ValueError(f"unsupported Spark version {version!r}; supported: {', '.join(self.versions)}")
        return minor

    def _variant(self, table: Dict[str, List[list]], key: str, version: str) -> Optional[list]:
        bit = self._bit[self.version(version)]
        for variant in table.get(key, ()):
            if variant[0] & bit:
                return variant
        return None

    def entry(self, key: str, version: str) -> Optional[Entry]:
        # Memoised: a lint run asks for the same few hundred keys thousands of times. A key the catalog
        # lacks is answered without the memo: a file of 200,000 made-up keys filled it with a tuple per
        # key and version, 150 MB (issue 18).
        if key not in self._keys and version in self._bit:
            return None
        memo_key = (key, version)
        if memo_key in self._entries:
            return self._entries[memo_key]
        found = self._entries[memo_key] = self._decode_entry(key, version)
        return found

    def _decode_entry(self, key: str, version: str) -> Optional[Entry]:
        variant = self._variant(self._keys, key, version)
        if variant is None:
            return None
        _, kind, unit, since, flags, default, alternatives, values = (*variant, None, None, None, None)[:8]
        flags = flags or 0
        source = "string" if flags & _READ_BY_STRING else "documented" if flags & _DOCUMENTED_ONLY else "registry"
        return Entry(
            key=key, type=kind, unit=unit or None, since=since, public=bool(flags & _PUBLIC),
            default=default if isinstance(default, str) else None,
            fallback=default[0] if isinstance(default, list) else None,
            default_computed=bool(flags & _COMPUTED_DEFAULT),
            alternatives=tuple(alternatives or ()), values=tuple(values) if values else None,
            values_ignore_case=bool(flags & _IGNORE_CASE), source=source,
        )

    def known(self, key: str, version: str) -> bool:
        """True when `version` registers the key or reads it by string (open namespaces: see is_open_namespace)."""
        return self.entry(key, version) is not None

    def deprecation(self, key: str, version: str) -> Optional[Deprecation]:
        if key not in self._deprecated and version in self._bit:
            return None  # not memoised, as in `entry`
        memo_key = (key, version)
        if memo_key in self._deprecations:
            return self._deprecations[memo_key]
        found = self._deprecations[memo_key] = self._decode_deprecation(key, version)
        return found

    def _decode_deprecation(self, key: str, version: str) -> Optional[Deprecation]:
        variant = self._variant(self._deprecated, key, version)
        if variant is None:
            return None
        _, replacement, since, flags, removed_value = (*variant, None, None, None, None)[:5]
        flags = flags or 0
        removed, not_used = bool(flags & _SQL_REMOVED), bool(flags & _NOT_USED)
        # Spark reads the old key when it is an alternative of the new entry, or (deprecated SQL confs)
        # when the old key is itself still an entry that some code reads.
        honoured = bool(flags & (_CONF_ALTERNATIVE | _ENTRY_ALTERNATIVE)) or (
            not removed and not not_used and self.known(key, version))
        return Deprecation(
            key=key, replacement=replacement, since=since, removed=removed, honoured=honoured,
            not_used=not_used, translated=bool(flags & _TRANSLATED), removed_value=removed_value,
            alternative=bool(flags & (_CONF_ALTERNATIVE | _ENTRY_ALTERNATIVE)),
        )

    def keys(self, version: str) -> FrozenSet[str]:
        minor = self.version(version)
        if minor not in self._key_sets:
            bit = self._bit[minor]
            keys = []
            for key, variants in self._keys.items():  # loops, not any(genexpr): no generator for each key
                for variant in variants:
                    if variant[0] & bit:
                        keys.append(key)
                        break
            self._key_sets[minor] = frozenset(keys)
        return self._key_sets[minor]


@functools.lru_cache(maxsize=None)
def catalog() -> Catalog:
    """The catalog, loaded from package data on first use."""
    if _DATA.is_file():
        raw = _DATA.read_bytes()
    else:  # installed somewhere without a plain file path (e.g. a zip)
        from importlib.resources import files

        raw = files("sparklint").joinpath("data/catalog.json").read_bytes()
    return Catalog(json.loads(raw))


# Namespaces where Spark, a platform or a connector accepts any suffix, so an unknown key under them is
# not a typo. Each prefix ends in "." (or "-" for none); the key must have something after it.
OPEN_NAMESPACES: Tuple[Tuple[str, str], ...] = (
    ("spark.hadoop.", "docs/configuration.md, Custom Hadoop/Hive Configuration; SparkHadoopUtil."
                      "appendSparkHadoopConfigs copies spark.hadoop.foo into the Hadoop conf as foo"),
    ("spark.hive.", "core/.../deploy/SparkHadoopUtil.scala appendSparkHiveConfigs: spark.hive.foo becomes hive.foo"),
    ("spark.executorEnv.", "docs/configuration.md, Runtime Environment: executor environment variables"),
    ("spark.driver.resource.", "docs/configuration.md, Custom Resource Scheduling: {resourceName}.amount etc."),
    ("spark.executor.resource.", "docs/configuration.md, Custom Resource Scheduling"),
    ("spark.task.resource.", "docs/configuration.md, Custom Resource Scheduling"),
    ("spark.metrics.conf.", "docs/monitoring.md, Metrics: sink and source settings"),
    ("spark.datasource.", "DataSource V2 SessionConfigSupport: spark.datasource.<source>.<option>"),
    ("spark.sql.catalog.", "docs/sql-data-sources / SQLConf: spark.sql.catalog.<name> and .<name>.<option>"),
    ("spark.kafka.clusters.", "docs/structured-streaming-kafka-integration.md: per-cluster token settings"),
    ("spark.yarn.appMasterEnv.", "docs/running-on-yarn.md: AM environment variables"),
    ("spark.yarn.am.resource.", "docs/running-on-yarn.md: YARN resource types"),
    ("spark.yarn.driver.resource.", "docs/running-on-yarn.md: YARN resource types"),
    ("spark.yarn.executor.resource.", "docs/running-on-yarn.md: YARN resource types"),
    ("spark.kubernetes.driverEnv.", "docs/running-on-kubernetes.md: driver environment variables"),
    ("spark.kubernetes.node.selector.", "docs/running-on-kubernetes.md"),
    *((f"spark.kubernetes.{role}.{kind}.", "docs/running-on-kubernetes.md: [Name] suffix")
      for role in ("driver", "executor")
      for kind in ("label", "annotation", "secrets", "secretKeyRef", "volumes", "node.selector")),
    ("spark.kubernetes.driver.service.label.", "docs/running-on-kubernetes.md (3.4+)"),
    ("spark.kubernetes.driver.service.annotation.", "docs/running-on-kubernetes.md"),
    ("spark.emr-serverless.", "AWS EMR Serverless docs: worker sizing, disk, driverEnv/executorEnv (platforms.md)"),
    ("spark.databricks.", "Databricks runtime settings, including Delta's spark.databricks.delta.*"),
    ("spark.dataproc.", "Google Dataproc Serverless properties (platforms.md)"),
    ("spark.delta.", "Delta Lake: spark.delta.logStore.* and related session settings"),
    ("spark.io.delta.storage.", "Delta Lake docs, delta-storage (S3 multi-cluster): spark.io.delta.storage."
                                "S3DynamoDBLogStore.ddb.tableName and the other log store settings, read by "
                                "storage-s3-dynamodb/.../S3DynamoDBLogStore.java getParam"),
    ("spark.sql.iceberg.", "Apache Iceberg Spark runtime settings"),
    ("spark.hoodie.", "Apache Hudi write/read options passed through the Spark conf"),
    ("spark.cassandra.", "DataStax Spark Cassandra Connector reference"),
    ("spark.mongodb.", "MongoDB Spark Connector configuration"),
    ("spark.es.", "elasticsearch-hadoop: es.* settings prefixed with spark. in a SparkConf"),
)
_OPEN_PREFIXES = tuple(prefix for prefix, _ in OPEN_NAMESPACES)


def is_open_namespace(key: str) -> bool:
    """True when `key` is under a namespace where any suffix is legal (see OPEN_NAMESPACES)."""
    return key.startswith(_OPEN_PREFIXES) and not key.endswith(".") and key not in _OPEN_PREFIXES
