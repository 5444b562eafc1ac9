"""Every error-level rule that says "Spark refuses this" is proven against a real Spark: the failing
case is reported by sparklint and refused by Spark; its twin is quiet and starts.

The confs run in one batch (one driver JVM for all, as they share the default heap)."""

from __future__ import annotations

import json

import pytest

from twins import check_accepted, check_refused, twin_cases
from oracle import require_spark, start_spark_many
from sparklint.cli import main

# rule, refused conf, Spark's words (a fragment), accepted twin
CASES = [
    ("SL006", {"spark.executor.memory": "1.5g"}, "Fractional values are not supported",
     {"spark.executor.memory": "1536m"}),
    ("SL006", {"spark.executor.memory": "4gib"}, "Size must be specified as bytes",
     {"spark.executor.memory": "4g"}),
    ("SL006", {"spark.memory.fraction": "1.5"}, "spark.memory.fraction should be between 0 and 1",
     {"spark.memory.fraction": "0.75"}),
    ("SL006", {"spark.memory.storageFraction": "1.0"}, "Storage fraction must be in [0,1)",
     {"spark.memory.storageFraction": "0.9"}),
    ("SL006", {"spark.network.timeout": "1y"}, "Invalid suffix",
     {"spark.network.timeout": "365d"}),
    ("SL006", {"spark.scheduler.mode": "FIFOO"}, "FIFOO",
     {"spark.scheduler.mode": "fair"}),
    ("SL006", {"spark.submit.deployMode": "CLUSTER"}, "spark.submit.deployMode can only be \"cluster\" or \"client\"",
     {"spark.submit.deployMode": "client"}),
    # Spark 3.5 has no check for this one: the scheduler divides by it ("/ by zero").
    ("SL006", {"spark.task.cpus": "0"}, "ArithmeticException: / by zero",
     {"spark.task.cpus": "1"}),
]
IDS = [f"{rule}-{next(iter(bad))}={next(iter(bad.values()))}" for rule, bad, _, _ in CASES]


@pytest.fixture(scope="module")
def answers():
    require_spark()
    cases = twin_cases(CASES)
    return start_spark_many(cases, timeout=240)



@pytest.mark.spark
@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_refused_case_is_reported_and_refused(index, answers, tmp_path, capsys):
    check_refused(CASES, index, answers, tmp_path, capsys)


@pytest.mark.spark
@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_twin_is_quiet_and_starts(index, answers, tmp_path, capsys):
    check_accepted(CASES, index, answers, tmp_path, capsys)


@pytest.mark.spark
def test_parse_errors_spark_submit_refuses(tmp_path, capsys):
    """SL001: what sparklint cannot parse, spark-submit refuses too, and the fixed twins run."""
    require_spark()
    from oracle import spark_submit

    bad, good = defaults_twins(tmp_path, "spark.app.name caf\\u00zz\n", "spark.app.name caf\\u00e9\n")
    assert lint_conf_file(bad, capsys) == ["SL001"]
    assert lint_conf_file(good, capsys) == []
    refused = spark_submit({}, ["--properties-file", str(bad)])
    assert not refused.started and "Malformed \\uxxxx encoding" in refused.error
    assert spark_submit({}, ["--properties-file", str(good)]).started
    refused = spark_submit({}, ["--conf", "spark.executor.memory"])
    assert not refused.started and "Invalid argument to --conf: spark.executor.memory" in refused.error


def defaults_twins(tmp_path, bad: str, good: str) -> tuple:
    """Two spark-defaults.conf files, in folders of their own: the bad one and its fixed twin."""
    paths = tmp_path / "bad" / "spark-defaults.conf", tmp_path / "good" / "spark-defaults.conf"
    for path, text in zip(paths, (bad, good)):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    return paths


def lint_conf_file(path, capsys) -> list[str]:
    main(["--format", "json", str(path)])
    return [finding["rule"] for finding in json.loads(capsys.readouterr().out)]


@pytest.mark.spark
def test_a_byte_order_mark_hides_the_first_key_from_spark(tmp_path, capsys):
    """SL004 on a BOM: spark-submit --properties-file drops the first key behind the mark (Java's UTF-8
    reader keeps U+FEFF), so the executors keep the default 1g; the twin without the mark gets 3g."""
    require_spark()
    from oracle import spark_submit

    marked, plain = defaults_twins(tmp_path, "\ufeffspark.executor.memory 3g\n", "spark.executor.memory 3g\n")
    assert lint_conf_file(marked, capsys) == ["SL004"]
    assert lint_conf_file(plain, capsys) == []
    assert spark_submit({}, ["--properties-file", str(marked)]).facts["executorMemoryMiB"] == 1024
    assert spark_submit({}, ["--properties-file", str(plain)]).facts["executorMemoryMiB"] == 3 * 1024
