"""The memory rules that say "Spark refuses this" (SL101, SL102), proven against a real Spark: the
failing case is reported by sparklint and refused by Spark; its twin is quiet and starts.

All contexts run in one `start_spark_many` call (one driver JVM per distinct driver heap). A unit-less
`spark.driver.memory` stops the JVM before Spark runs, so that case goes through `spark_submit`."""

from __future__ import annotations


import pytest

from twins import check_accepted, check_refused, lint_conf, twin_cases
from oracle import OracleError, SparkCase, require_spark, spark_submit, start_spark_many

# rule, refused conf, Spark's words (a fragment), accepted twin
CASES = [
    ("SL101", {"spark.executor.memory": "400m"},
     "[INVALID_EXECUTOR_MEMORY] Executor memory 419430400 must be at least 471859200",
     {"spark.executor.memory": "512m"}),
    ("SL101", {"spark.executor.memory": "4096"}, "Executor memory 4096 must be at least 471859200",
     {"spark.executor.memory": "4096m"}),
    ("SL101", {"spark.driver.memory": "400m"},
     "[INVALID_DRIVER_MEMORY] System memory 419430400 must be at least 471859200",
     {"spark.driver.memory": "460m"}),
    ("SL102", {"spark.memory.offHeap.enabled": "true"},
     "spark.memory.offHeap.size must be > 0 when spark.memory.offHeap.enabled == true",
     {"spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "1g"}),
    ("SL102", {"spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "1000k"},
     "spark.memory.offHeap.size must be > 0", {"spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "1m"}),
]
IDS = [f"{rule}-{','.join(f'{k}={v}' for k, v in bad.items())}" for rule, bad, _, _ in CASES]
UNITLESS_DRIVER, UNITLESS_DRIVER_TWIN = {"spark.driver.memory": "2048"}, {"spark.driver.memory": "2048m"}


@pytest.fixture(scope="module")
def answers():
    require_spark()
    cases = twin_cases(CASES)
    cases.append(SparkCase(dict(UNITLESS_DRIVER_TWIN)))
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
def test_unitless_driver_memory_is_reported_and_the_jvm_does_not_start(answers, tmp_path, capsys):
    assert "SL101" in lint_conf(tmp_path, capsys, UNITLESS_DRIVER)
    # The launcher passes -Xmx2048 (bytes): the JVM exits before Spark, and before the harness has a
    # result, which the harness reports as its own error carrying the JVM's words.
    with pytest.raises(OracleError, match="Too small maximum heap"):
        spark_submit({}, ["--driver-memory", UNITLESS_DRIVER["spark.driver.memory"]])
    assert "SL101" not in lint_conf(tmp_path, capsys, UNITLESS_DRIVER_TWIN)
    assert answers[-1].started, answers[-1].error
