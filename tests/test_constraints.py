"""The probed `checkValue` limits (sparklint/data/constraints.json) as SL006 applies them, per version."""

from __future__ import annotations

import json
import time

import pytest

from sparklint.cli import main
from sparklint.knowledge import constraints
from sparklint.knowledge.catalog import catalog


def lint(tmp_path, capsys, text: str, version: str) -> list[tuple[str, str, int]]:
    target = tmp_path / "spark-defaults.conf"
    target.write_text(text, encoding="utf-8")
    main(["--format", "json", "--spark-version", version, str(target)])
    return [(f["rule"], f["severity"], f["line"]) for f in json.loads(capsys.readouterr().out) if f["rule"] == "SL006"]


def test_every_catalog_version_was_probed():
    assert constraints.probed_versions() == catalog().versions


@pytest.mark.parametrize("version", catalog().versions)
def test_shuffle_partitions_zero_is_refused_in_every_version(tmp_path, capsys, version):
    findings = lint(tmp_path, capsys, "spark.sql.shuffle.partitions 0\nspark.sql.shuffle.partitions 1\n", version)
    assert findings == [("SL006", "error", 1)]


def test_a_size_limit_is_judged_in_the_entry_unit(tmp_path, capsys):
    # spark.shuffle.file.buffer is a KiB entry checked to 1..2097151 KiB: 512 bytes truncates to 0 KiB.
    text = "spark.shuffle.file.buffer 512b\nspark.shuffle.file.buffer 1k\nspark.shuffle.file.buffer 2g\n"
    assert lint(tmp_path, capsys, text, "3.5") == [("SL006", "error", 1), ("SL006", "error", 3)]


def test_the_message_quotes_spark_for_the_users_value(tmp_path, capsys):
    target = tmp_path / "spark-defaults.conf"
    target.write_text("spark.eventLog.rolling.maxFileSize 1m\n", encoding="utf-8")
    main(["--format", "json", "--spark-version", "3.5.9", str(target)])
    (finding,) = json.loads(capsys.readouterr().out)
    assert "'1m' in spark.eventLog.rolling.maxFileSize is invalid" in finding["message"]
    assert "it accepts >= 10485760 B ('1m' is 1048576 B)" in finding["message"]


def test_open_and_closed_ends_of_a_double_limit():
    storage = constraints.constraint("spark.memory.storageFraction", "3.5")
    assert storage is not None and storage.accepts(0) and storage.accepts(0.999) and not storage.accepts(1)
    overhead = constraints.constraint("spark.executor.memoryOverheadFactor", "3.5")
    assert overhead is not None and not overhead.accepts(0) and overhead.accepts(1e-9)


def test_limits_differ_by_version_where_spark_changed_them():
    # spark.sql.shuffle.partitions has the same limit everywhere; a key new in 4.x has none in 3.3.
    assert constraints.constraint("spark.sql.shuffle.partitions", "3.3") is not None
    added = [key for key in json.loads(constraints._DATA.read_text())["keys"]
             if constraints.constraint(key, "4.3") and not catalog().known(key, "3.3")]
    assert added and all(constraints.constraint(key, "3.3") is None for key in added)


def test_the_table_loads_in_a_few_milliseconds():
    constraints._table.cache_clear()
    started = time.perf_counter()
    constraints._table()
    assert time.perf_counter() - started < 0.05
