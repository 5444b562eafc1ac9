"""Facts of the generated property catalog, each checked against Spark's jars (shared/reference/spark.md)."""

from __future__ import annotations

import pytest

from sparklint.knowledge.catalog import OPEN_NAMESPACES, catalog, is_open_namespace
from sparklint.knowledge.units import MIB, parse_bytes, parse_time_ms

ALL = ("3.3", "3.4", "3.5", "4.0", "4.1", "4.2", "4.3")


def test_versions_cover_spark_3_3_to_4_3_with_exact_pyspark_releases() -> None:
    assert catalog().versions == ALL
    for minor, release in catalog().pyspark_versions.items():
        assert release.startswith(minor + ".")


@pytest.mark.parametrize("version", ALL)
def test_executor_memory_is_bytes_in_mib_with_default_1g(version: str) -> None:
    entry = catalog().entry("spark.executor.memory", version)
    assert entry is not None
    assert (entry.type, entry.unit, entry.default, entry.source) == ("bytes", "MiB", "1g", "registry")
    assert entry.public and entry.since == "0.7.0"
    # A bare number is MiB: "4096" is 4 GiB (units.parse_bytes takes the entry's unit factor).
    assert parse_bytes("4096", entry.unit_factor) == 4096 * MIB


def test_min_memory_overhead_is_new_in_4_0() -> None:
    assert catalog().entry("spark.executor.minMemoryOverhead", "3.5") is None
    assert not catalog().known("spark.executor.minMemoryOverhead", "3.5")
    for version in ("4.0", "4.1", "4.2", "4.3"):
        entry = catalog().entry("spark.executor.minMemoryOverhead", version)
        assert entry is not None and (entry.type, entry.unit, entry.default) == ("bytes", "MiB", "384m")


def test_off_heap_size_is_in_bytes() -> None:
    entry = catalog().entry("spark.memory.offHeap.size", "3.5")
    assert entry is not None and (entry.type, entry.unit, entry.unit_factor) == ("bytes", "B", 1)


@pytest.mark.parametrize("version", ALL)
def test_dynamic_allocation_enabled_is_boolean_false(version: str) -> None:
    entry = catalog().entry("spark.dynamicAllocation.enabled", version)
    assert entry is not None and (entry.type, entry.default) == ("boolean", "false")


def test_ansi_mode_default_flipped_in_4_0() -> None:
    assert catalog().entry("spark.sql.ansi.enabled", "3.5").default == "false"
    assert catalog().entry("spark.sql.ansi.enabled", "4.0").default == "true"


def test_time_entries_carry_their_unit() -> None:
    idle = catalog().entry("spark.dynamicAllocation.executorIdleTimeout", "3.5")
    assert idle is not None and (idle.type, idle.unit) == ("time", "s")
    assert idle.default == "60000ms"  # Spark prints a time default in ms whatever the entry's unit
    assert parse_time_ms("60", idle.unit_factor) == parse_time_ms(idle.default) == 60_000
    heartbeat = catalog().entry("spark.executor.heartbeatInterval", "4.3")
    assert heartbeat is not None and heartbeat.unit == "ms"


def test_fallback_default_names_the_other_key() -> None:
    entry = catalog().entry("spark.dynamicAllocation.initialExecutors", "3.5")
    assert entry is not None
    assert (entry.type, entry.default, entry.fallback) == ("int", None, "spark.dynamicAllocation.minExecutors")


def test_enum_values_come_from_the_checked_set() -> None:
    entry = catalog().entry("spark.sql.parquet.compression.codec", "3.5")
    assert entry is not None and entry.type == "enum" and entry.default == "snappy"
    assert {"snappy", "zstd", "gzip", "none"} <= set(entry.values or ())
    assert entry.values_ignore_case


def test_yarn_memory_overhead_is_renamed_to_executor_memory_overhead() -> None:
    for version in ALL:
        deprecation = catalog().deprecation("spark.yarn.executor.memoryOverhead", version)
        assert deprecation is not None
        assert deprecation.replacement == "spark.executor.memoryOverhead"
        assert deprecation.since == "2.3" and deprecation.honoured and not deprecation.removed


def test_blacklist_keys_still_read_in_3_5_but_not_used_in_4_3() -> None:
    old = catalog().deprecation("spark.blacklist.enabled", "3.5")
    assert old is not None and old.replacement == "spark.excludeOnFailure.enabled"
    assert old.honoured and not old.not_used and old.since == "3.1.0"
    assert "spark.blacklist.enabled" in catalog().entry("spark.excludeOnFailure.enabled", "3.5").alternatives

    new = catalog().deprecation("spark.blacklist.enabled", "4.3")
    assert new is not None and new.not_used and not new.honoured
    assert "not used any more" in new.note
    assert catalog().entry("spark.excludeOnFailure.enabled", "4.3").alternatives == ()


def test_removed_sql_conf_accepts_only_its_old_value() -> None:
    removed = catalog().deprecation("spark.sql.parquet.int64AsTimestampMillis", "3.5")
    assert removed is not None and removed.removed and removed.removed_value == "false"
    assert removed.since == "3.0.0"


@pytest.mark.parametrize("version", ALL)
def test_keys_read_by_string_are_known(version: str) -> None:
    entry = catalog().entry("spark.app.name", version)
    assert entry is not None and entry.source == "string" and entry.read_by_string
    assert catalog().known("spark.master", version)
    assert catalog().known("spark.shuffle.io.maxRetries", version)


def test_default_parallelism_is_read_by_string_before_it_became_an_entry() -> None:
    assert catalog().entry("spark.default.parallelism", "3.5").read_by_string
    assert catalog().entry("spark.default.parallelism", "4.0").source == "registry"


def test_unknown_key_is_not_known() -> None:
    assert not catalog().known("spark.executor.memroy", "3.5")
    assert catalog().entry("spark.executor.memroy", "3.5") is None
    assert catalog().deprecation("spark.executor.memory", "3.5") is None


def test_patch_versions_map_to_their_minor() -> None:
    assert catalog().version("3.5.2") == "3.5"
    assert catalog().version("3.5.2-amzn-1") == "3.5"
    assert catalog().entry("spark.sql.ansi.enabled", "4.0.1") == catalog().entry("spark.sql.ansi.enabled", "4.0")


@pytest.mark.parametrize("version", ["2.4", "3", "5.0", "latest"])
def test_unsupported_version_lists_the_supported_ones(version: str) -> None:
    with pytest.raises(ValueError, match=r"supported: 3\.3, 3\.4, .*4\.3"):
        catalog().known("spark.app.name", version)


def test_keys_per_version_grow_and_are_cached() -> None:
    keys = catalog().keys("4.3")
    assert keys is catalog().keys("4.3.0")
    assert "spark.executor.minMemoryOverhead" in keys and "spark.app.name" in keys
    assert len(catalog().keys("3.3")) > 1000 and len(keys) > len(catalog().keys("3.5"))


def test_catalog_is_loaded_once() -> None:
    assert catalog() is catalog()


def test_every_variant_applies_to_some_version_and_variants_never_overlap() -> None:
    data = catalog()
    for table in (data._keys, data._deprecated):
        for key, variants in table.items():
            seen = 0
            for variant in variants:
                assert variant[0] and not variant[0] & seen, key
                seen |= variant[0]


@pytest.mark.parametrize("key", [
    "spark.hadoop.fs.s3a.impl", "spark.executorEnv.JAVA_HOME", "spark.kubernetes.driver.label.team",
    "spark.kubernetes.executor.volumes.persistentVolumeClaim.data.mount.path", "spark.yarn.appMasterEnv.X",
    "spark.sql.catalog.glue", "spark.sql.catalog.glue.warehouse", "spark.executor.resource.gpu.amount",
    "spark.emr-serverless.driver.disk", "spark.databricks.delta.optimizeWrite.enabled",
])
def test_open_namespaces_accept_any_suffix(key: str) -> None:
    assert is_open_namespace(key)


@pytest.mark.parametrize("key", ["spark.hadoop.", "spark.executor.memroy", "spark.sql.catalogImplementationX",
                                 "spark.kubernetes.driver.labels"])
def test_other_keys_are_not_open(key: str) -> None:
    assert not is_open_namespace(key)


def test_every_open_namespace_says_where_it_is_documented() -> None:
    for prefix, source in OPEN_NAMESPACES:
        assert prefix.startswith("spark.") and prefix.endswith(".") and source


def test_keys_spark_reads_by_string_outside_the_docs_are_known(lint) -> None:
    # spark.ui.proxyBase: UIUtils.uiRoot reads it from the system properties, where spark-submit puts every
    # spark.* setting (tools/gen_catalog.py UNDOCUMENTED_READ_BY_STRING); a misspelling is still reported.
    import sys

    from conftest import REPO

    sys.path.insert(0, str(REPO / "tools"))
    from gen_catalog import UNDOCUMENTED_READ_BY_STRING

    for row in UNDOCUMENTED_READ_BY_STRING:
        assert all(catalog().known(row["key"], version) for version in catalog().versions)
    run = lint({"spark-defaults.conf": "spark.ui.proxyBase /proxy/app-1\nspark.ui.proxybase /proxy/app-1\n"})
    assert run.rules() == [("SL003", 2, 1)]
    assert "did you mean spark.ui.proxyBase?" in run.findings[0]["message"]


def test_keys_spark_and_delta_read_outside_the_docs_are_not_reported(lint) -> None:
    # Found on real repositories: Zeppelin's interpreter.json sets spark.home (SparkContext.getSparkHome reads
    # it), a Helm chart tunes spark.shuffle.io.serverThreads (TransportConf reads spark.<module>.io.*), Delta's
    # S3 multi-cluster docs set spark.io.delta.storage.S3DynamoDBLogStore.*. A near-miss is still SL003.
    run = lint({"spark-defaults.conf": "spark.home /usr/lib/spark\n"
                                       "spark.shuffle.io.serverThreads 64\n"
                                       "spark.rpc.io.clientThreads 8\n"
                                       "spark.files.io.maxRetries 5\n"
                                       "spark.io.delta.storage.S3DynamoDBLogStore.ddb.tableName delta_log\n"
                                       "spark.shuffle.io.serverThread 64\n"})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL003", 6, "warning")]
    assert "did you mean spark.shuffle.io.serverThreads?" in run.findings[0]["message"]
    assert run.code == 1  # a finding of any severity fails the run by default
