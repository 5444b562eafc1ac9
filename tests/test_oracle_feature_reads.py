"""SL006's severity follows where Spark reads a key (sparklint/knowledge/feature_reads.py), proven in real Spark.

A dynamic-allocation idle timeout of -1 is refused when the SparkContext starts with dynamic allocation on
a cluster master (`local-cluster`, the standalone Master and Worker in the driver JVM): SL006 reports an
error there. The same value with dynamic allocation on a local master starts (no ExecutorAllocationManager
is built), and SL006 warns. A rolling event-log size below the minimum is refused at start when event
logging with rolling files is on, and starts when rolling is off."""

from __future__ import annotations

import json

import pytest

import oracle
from oracle import SparkCase, require_spark, start_spark_many
from sparklint.cli import main

CLUSTER = "local-cluster[1,1,1024]"
DA = {"spark.dynamicAllocation.enabled": "true", "spark.dynamicAllocation.shuffleTracking.enabled": "true"}
IDLE_KEYS = ("spark.dynamicAllocation.executorIdleTimeout", "spark.dynamicAllocation.cachedExecutorIdleTimeout",
             "spark.dynamicAllocation.shuffleTracking.timeout")
ROLLING = {"spark.eventLog.enabled": "true", "spark.eventLog.rolling.enabled": "true"}


def _cases(event_dir: str) -> list[tuple[str, dict[str, str], bool, str]]:
    """(id, conf with its master, Spark refuses it, SL006's severity)."""
    cases = []
    for key in IDLE_KEYS:
        short = key.rsplit(".", 1)[-1]
        cases += [(f"{short}=-1-cluster", {"spark.master": CLUSTER, **DA, key: "-1"}, True, "error"),
                  (f"{short}=60-cluster", {"spark.master": CLUSTER, **DA, key: "60"}, False, ""),
                  (f"{short}=-1-local", {"spark.master": "local[2]", **DA, key: "-1"}, False, "warning")]
    logs = {"spark.master": "local[2]", "spark.eventLog.dir": event_dir}
    cases += [("maxFileSize=1m-rolling", {**logs, **ROLLING, "spark.eventLog.rolling.maxFileSize": "1m"}, True, "error"),
              ("maxFileSize=16m-rolling", {**logs, **ROLLING, "spark.eventLog.rolling.maxFileSize": "16m"}, False, ""),
              ("maxFileSize=1m-no-rolling", {**logs, "spark.eventLog.enabled": "true",
                                             "spark.eventLog.rolling.maxFileSize": "1m"}, False, "warning")]
    return cases


IDS = [case[0] for case in _cases("file:/unused")]


@pytest.fixture(scope="module")
def event_dir(tmp_path_factory) -> str:
    return "file:" + str(tmp_path_factory.mktemp("event-logs"))


@pytest.fixture(scope="module")
def answers(event_dir):
    require_spark()
    cases = [SparkCase({k: v for k, v in conf.items() if k != "spark.master"}, master=conf["spark.master"])
             for _, conf, _, _ in _cases(event_dir)]
    return start_spark_many(cases, timeout=240)


def _sl006(tmp_path, capsys, conf: dict[str, str]) -> list[str]:
    target = tmp_path / "spark-defaults.conf"
    target.write_text("".join(f"{key} {value}\n" for key, value in conf.items()), encoding="utf-8")
    main(["--format", "json", "--spark-version", oracle.PYSPARK_PIN, str(target)])
    return [f["severity"] for f in json.loads(capsys.readouterr().out) if f["rule"] == "SL006"]


@pytest.mark.parametrize("index", range(len(IDS)), ids=IDS)
def test_sl006_severity_follows_the_feature(index, tmp_path, capsys):
    _, conf, _, severity = _cases("file:/tmp/spark-events")[index]
    assert _sl006(tmp_path, capsys, conf) == ([severity] if severity else [])


@pytest.mark.spark
@pytest.mark.parametrize("index", range(len(IDS)), ids=IDS)
def test_spark_refuses_where_sl006_says_error(index, answers, event_dir):
    _, conf, refused, _ = _cases(event_dir)[index]
    answer = answers[index]
    assert answer.started is not refused, answer.error
    if refused:
        (key,) = [key for key in conf if key in IDLE_KEYS or key.endswith("maxFileSize")]
        assert key in (answer.error or ""), answer.error


def test_emr_turns_dynamic_allocation_on_so_an_idle_timeout_is_an_error(tmp_path, capsys):
    """EMR on EC2 turns dynamic allocation on by default (knowledge/platforms.py): Spark reads the timeout."""
    target = tmp_path / "spark-defaults.conf"
    target.write_text("spark.dynamicAllocation.executorIdleTimeout -1\n", encoding="utf-8")
    main(["--format", "json", "--platform", "emr", "--spark-version", oracle.PYSPARK_PIN, str(target)])
    assert [(f["line"], f["severity"]) for f in json.loads(capsys.readouterr().out) if f["rule"] == "SL006"] == [
        (1, "error")]
