"""SL103, SL108 and SL602 say "Spark refuses this": each refused conf is reported by sparklint and
refused by a real Spark (in Spark's words); its twin is quiet and starts. A few confs that look close
but that Spark accepts are checked too, so the rules stay quiet where Spark is.

All cases run in one `start_spark_many` call: the executor, timeout and encryption cases share one
driver JVM; the driver-option cases need their own launches (the launcher checks them before any
JVM runs Spark, so the refused ones cost no JVM start)."""

from __future__ import annotations


import pytest

from twins import check_accepted, check_refused, lint_conf, twin_cases
from oracle import SparkCase, require_spark, start_spark_many

LAUNCHER = "Not allowed to specify max heap(Xmx) memory settings through java options (was -Xmx2g)"
DRIVER_TWIN = {"spark.driver.extraJavaOptions": "-XX:+UseG1GC -Dspark.foo=bar",
               "spark.driver.defaultJavaOptions": "-Dfoo.bar=1"}
EXECUTOR_TWIN = {"spark.executor.extraJavaOptions": "-XX:MaxHeapSize=2g -xmx2g -Dfoo.spark=1"}
HEARTBEAT = "must be greater than the value of spark.executor.heartbeatInterval"
TIMEOUT_INTERVAL = "spark.network.timeoutInterval should be less than or equal to spark."
AUTHENTICATE = "spark.authenticate must be enabled when enabling encryption."

# rule, refused conf, Spark's words (a fragment), accepted twin
CASES = [
    ("SL103", {"spark.driver.extraJavaOptions": "-Xmx2g"}, LAUNCHER, DRIVER_TWIN),
    ("SL103", {"spark.driver.defaultJavaOptions": "-Xmx2g"}, LAUNCHER, DRIVER_TWIN),
    ("SL103", {"spark.executor.extraJavaOptions": "-Xmx2g"},
     "spark.executor.extraJavaOptions is not allowed to specify max heap memory settings (was '-Xmx2g')",
     EXECUTOR_TWIN),
    ("SL103", {"spark.executor.extraJavaOptions": "-Dspark.foo=bar"},
     "spark.executor.extraJavaOptions is not allowed to set Spark options (was '-Dspark.foo=bar')", EXECUTOR_TWIN),
    ("SL108", {"spark.network.timeout": "10s", "spark.executor.heartbeatInterval": "20s"},
     "The value of spark.network.timeout=10000ms " + HEARTBEAT + "=20000ms.",
     {"spark.network.timeout": "60s", "spark.executor.heartbeatInterval": "20s"}),
    ("SL108", {"spark.network.timeout": "120", "spark.executor.heartbeatInterval": "120000"},
     "The value of spark.network.timeout=120000ms " + HEARTBEAT + "=120000ms.",
     {"spark.network.timeout": "121", "spark.executor.heartbeatInterval": "120000"}),
    ("SL108", {"spark.network.timeout": "30s"}, TIMEOUT_INTERVAL,
     {"spark.network.timeout": "30s", "spark.storage.blockManagerHeartbeatTimeoutMs": "120s"}),
    ("SL108", {"spark.network.timeoutInterval": "200s"}, TIMEOUT_INTERVAL,
     {"spark.network.timeoutInterval": "200s", "spark.network.timeout": "200s"}),
    ("SL602", {"spark.network.crypto.enabled": "true"}, AUTHENTICATE,
     {"spark.network.crypto.enabled": "true", "spark.authenticate": "true"}),
    ("SL602", {"spark.authenticate.enableSaslEncryption": "TRUE", "spark.authenticate": "false"}, AUTHENTICATE,
     {"spark.authenticate.enableSaslEncryption": "TRUE", "spark.authenticate": "true"}),
]
# Close to a refused conf, but Spark 3.5 starts: the rule must stay quiet.
ACCEPTED = [
    ("SL103", {"spark.executor.defaultJavaOptions": "-Xmx2g -Dspark.foo=bar"}),  # checked only from Spark 4.0
    ("SL108", {"spark.network.timeout": "30s", "spark.network.timeoutInterval": "30s",
               "spark.executor.heartbeatInterval": "10s"}),
    ("SL602", {"spark.io.encryption.enabled": "true"}),  # local disk encryption needs no authentication
]
IDS = [f"{rule}-{'-'.join(f'{k}={v}' for k, v in bad.items())}" for rule, bad, _, _ in CASES]


@pytest.fixture(scope="module")
def answers():
    require_spark()
    cases = twin_cases(CASES)
    cases += [SparkCase(dict(conf)) for _, conf in ACCEPTED]
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
@pytest.mark.parametrize("index", range(len(ACCEPTED)), ids=[rule for rule, _ in ACCEPTED])
def test_accepted_lookalike_is_quiet_and_starts(index, answers, tmp_path, capsys):
    rule, conf = ACCEPTED[index]
    assert rule not in lint_conf(tmp_path, capsys, conf)
    started = answers[2 * len(CASES) + index]
    assert started.started, started.error
