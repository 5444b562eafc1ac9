"""SL208: a standalone application whose spark.cores.max is below spark.executor.cores never gets an
executor, proven on a real standalone Master and Worker (`local-cluster[1,2,1024]` runs both in the
driver JVM, with the Master's own scheduling), and reported by sparklint for a `spark://` master."""

from __future__ import annotations

import json

import pytest

import oracle
from oracle import SparkCase, require_spark, start_spark_many
from sparklint.cli import main

CLUSTER = "local-cluster[1,2,1024]"  # one Worker of 2 cores and 1024 MiB: room for one 2-core executor
WAIT_SECONDS = 60  # for an executor to register; the refused case waits it all (90 s: the fixture took 139 s at load 10-19)

# (spark.cores.max, spark.executor.cores, executors the Master launches, SL208 reported)
CASES = [("1", "2", 0, True), ("2", "2", 1, False), ("3", "2", 1, False)]
IDS = [f"cores.max={total}-executor.cores={per}" for total, per, _, _ in CASES]


def _conf(total: str, per_executor: str) -> dict[str, str]:
    return {"spark.cores.max": total, "spark.executor.cores": per_executor}


@pytest.fixture(scope="module")
def answers():
    require_spark()
    return start_spark_many([SparkCase(_conf(total, per), master=CLUSTER, executors=1)
                             for total, per, _, _ in CASES], timeout=WAIT_SECONDS)


def _rules(tmp_path, capsys, conf: dict[str, str]) -> list[tuple[str, int, str]]:
    target = tmp_path / "spark-defaults.conf"
    target.write_text("".join(f"{key} {value}\n" for key, value in conf.items()), encoding="utf-8")
    main(["--format", "json", "--spark-version", oracle.PYSPARK_PIN, str(target)])
    return [(f["rule"], f["line"], f["severity"]) for f in json.loads(capsys.readouterr().out)]


@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_sl208_on_a_standalone_master(index, tmp_path, capsys):
    total, per, _, reported = CASES[index]
    found = _rules(tmp_path, capsys, {"spark.master": "spark://master:7077", **_conf(total, per)})
    assert found == ([("SL208", 2, "error")] if reported else [])


def test_sl208_only_on_standalone(tmp_path, capsys):
    """spark.cores.max is read by the standalone Master only: on YARN the same pair is not SL208's."""
    found = _rules(tmp_path, capsys, {"spark.master": "yarn", **_conf("1", "2")})
    assert "SL208" not in [rule for rule, _, _ in found]


@pytest.mark.spark
@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_the_master_launches_no_executor_below_one_executors_cores(index, answers):
    _, _, executors, _ = CASES[index]
    answer = answers[index]
    assert answer.started, answer.error
    assert answer.facts["registeredExecutors"] == executors
