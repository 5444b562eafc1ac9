"""SL006's checks outside Spark's converters and its probed `checkValue` limits, proven against a real
Spark: each refused value is reported by sparklint and refused by Spark; its twin is quiet and starts.

Every case goes through spark-submit's own argument check (`SparkSubmitArguments`, as for `--conf`
pairs and spark-defaults.conf), a SparkContext start, a first shuffle job and a SQL query, all in one
driver JVM: the stages at which Spark reads these keys."""

from __future__ import annotations

import pytest

from twins import check_accepted, check_refused, twin_cases
from oracle import require_spark, start_spark_many

# rule, refused conf, Spark's words (a fragment), accepted twin
CASES = [
    ("SL006", {"spark.memory.fraction": "0"}, "onHeapExecutionMemory must be > 0",
     {"spark.memory.fraction": "0.01"}),
    ("SL006", {"spark.executor.instances": "-1"}, "Number of executors must be a positive number",
     {"spark.executor.instances": "1"}),
    ("SL006", {"spark.executor.cores": "0"}, "Executor cores must be a positive number",
     {"spark.executor.cores": "1"}),
    ("SL006", {"spark.driver.cores": "-1"}, "Driver cores must be a positive number",
     {"spark.driver.cores": "1"}),
    ("SL006", {"spark.cores.max": "0"}, "Total executor cores must be a positive number",
     {"spark.cores.max": "2"}),
    ("SL006", {"spark.sql.shuffle.partitions": "0"}, "The value of spark.sql.shuffle.partitions must be positive",
     {"spark.sql.shuffle.partitions": "1"}),
    ("SL006", {"spark.driver.maxResultSize": "512"}, "TaskResultLost",
     {"spark.driver.maxResultSize": "512m"}),
    ("SL006", {"spark.shuffle.file.buffer": "0"}, "The file buffer size must be positive",
     {"spark.shuffle.file.buffer": "1k"}),
    # Last: a broken heartbeat can leave this driver JVM shutting down (tests/oracle_cases.py).
    ("SL006", {"spark.executor.heartbeatInterval": "0"}, "java.lang.IllegalArgumentException",
     {"spark.executor.heartbeatInterval": "1s"}),
]
IDS = [f"{rule}-{next(iter(bad))}={next(iter(bad.values()))}" for rule, bad, _, _ in CASES]


@pytest.fixture(scope="module")
def answers():
    require_spark()
    return start_spark_many(twin_cases(CASES, submit_check=True, workload=True), timeout=240)


@pytest.mark.spark
@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_refused_case_is_reported_and_refused(index, answers, tmp_path, capsys):
    check_refused(CASES, index, answers, tmp_path, capsys)


@pytest.mark.spark
@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_twin_is_quiet_and_starts(index, answers, tmp_path, capsys):
    check_accepted(CASES, index, answers, tmp_path, capsys)
