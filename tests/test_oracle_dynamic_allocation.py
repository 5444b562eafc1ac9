"""SL202, SL203 and SL204 say Spark refuses a conf: each failing case is reported by sparklint and
refused by a real Spark, and its twin is quiet and starts. SL207 is a warning because the refusal
happens only on YARN and Kubernetes: here a standalone (`local-cluster`) master is shown to start.

Dynamic allocation is validated only with a cluster manager (it is off for `local` masters), so
those cases run on `local-cluster[1,2,1024]`; all cases run in one batch (one driver JVM)."""

from __future__ import annotations


import pytest

from twins import assert_quiet_and_started, assert_reported_and_refused, lint_conf
from oracle import SparkCase, require_spark, start_spark_many

CLUSTER = "local-cluster[1,2,1024]"
DA = {"spark.dynamicAllocation.enabled": "true"}

# rule, (master of the refused conf, master of its twin), refused conf, Spark's words (a fragment), accepted twin
CASES = [
    ("SL202", (CLUSTER, CLUSTER), {**DA, "spark.dynamicAllocation.minExecutors": "5", "spark.dynamicAllocation.maxExecutors": "2"},
     "spark.dynamicAllocation.minExecutors (5) must be less than or equal to spark.dynamicAllocation.maxExecutors (2)!",
     {**DA, "spark.dynamicAllocation.minExecutors": "1", "spark.dynamicAllocation.maxExecutors": "2"}),
    ("SL202", (CLUSTER, CLUSTER), {**DA, "spark.dynamicAllocation.maxExecutors": "0"},
     "spark.dynamicAllocation.maxExecutors cannot be 0!",
     {**DA, "spark.dynamicAllocation.maxExecutors": "1"}),
    ("SL202", (CLUSTER, CLUSTER), {**DA, "spark.dynamicAllocation.minExecutors": "-1", "spark.dynamicAllocation.maxExecutors": "2"},
     "spark.dynamicAllocation.maxExecutors must be positive!",
     {**DA, "spark.dynamicAllocation.minExecutors": "0", "spark.dynamicAllocation.maxExecutors": "2"}),
    ("SL203", (CLUSTER, CLUSTER), {**DA, "spark.dynamicAllocation.shuffleTracking.enabled": "false",
                        "spark.dynamicAllocation.maxExecutors": "2"},
     "Dynamic allocation of executors requires one of the following conditions",
     {**DA, "spark.dynamicAllocation.shuffleTracking.enabled": "false", "spark.decommission.enabled": "true",
      "spark.dynamicAllocation.maxExecutors": "2"}),
    ("SL204", ("local[1]", "local[2]"), {"spark.task.cpus": "2"},
     "The number of cores per executor (=1) has to be >= the number of cpus per task = 2",
     {"spark.task.cpus": "2"}),
    ("SL204", ("local[2]", "local[2]"), {"spark.executor.cores": "1", "spark.task.cpus": "2"},
     "The number of cores per executor (=1) has to be >= the number of cpus per task = 2",
     {"spark.executor.cores": "2", "spark.task.cpus": "2"}),
]


def _case_id(rule: str, conf: dict[str, str]) -> str:
    def short(key: str) -> str:
        return key.replace("spark.dynamicAllocation.", "").replace("spark.", "")

    return "-".join([rule, *(f"{short(key)}={value}" for key, value in conf.items() if key not in DA)])


IDS = [_case_id(rule, bad) for rule, _, bad, _, _ in CASES]
# SL207: initialExecutors above maxExecutors starts on a standalone master (YARN/K8s refuse it).
OVER_MAX = {**DA, "spark.dynamicAllocation.initialExecutors": "5", "spark.dynamicAllocation.maxExecutors": "2"}


def master_of(conf: dict[str, str], master: str) -> dict[str, str]:
    """The conf as linted: the master is part of what sparklint judges."""
    return {"spark.master": master, **conf}


@pytest.fixture(scope="module")
def answers():
    require_spark()
    cases = []
    for _, (bad_master, good_master), bad, _, good in CASES:
        cases += [SparkCase(dict(bad), master=bad_master), SparkCase(dict(good), master=good_master)]
    cases.append(SparkCase(dict(OVER_MAX), master=CLUSTER))
    return start_spark_many(cases, timeout=240)



@pytest.mark.spark
@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_refused_case_is_reported_and_refused(index, answers, tmp_path, capsys):
    rule, (master, _), bad, words, _ = CASES[index]
    assert_reported_and_refused(rule, lint_conf(tmp_path, capsys, master_of(bad, master)), answers[2 * index], words, bad)


@pytest.mark.spark
@pytest.mark.parametrize("index", range(len(CASES)), ids=IDS)
def test_twin_is_quiet_and_starts(index, answers, tmp_path, capsys):
    rule, (_, master), _, _, good = CASES[index]
    assert_quiet_and_started(rule, lint_conf(tmp_path, capsys, master_of(good, master)), answers[2 * index + 1])


@pytest.mark.spark
def test_initial_over_max_starts_on_standalone(answers, tmp_path, capsys):
    """Why SL207 is a warning: only YARN/K8s (SchedulerBackendUtils) refuse it; standalone starts."""
    assert "SL207" in lint_conf(tmp_path, capsys, master_of(OVER_MAX, CLUSTER))
    result = answers[-1]
    assert result.started, result.error
    assert result.facts["dynamicAllocationInitialExecutors"] == 5
