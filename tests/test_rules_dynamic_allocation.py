"""SL202-SL207, dynamic allocation and executor cores: rule, line and column per syntax and dialect
(spark-defaults.conf, EMR Serverless StartJobRun JSON, SparkApplication YAML, Livy body), quiet cases,
and the messages' numbers."""

from __future__ import annotations

import json

import pytest

EMR_SERVERLESS = ("--platform", "emr-serverless")
CAP = ("--config", "cap.toml")


def conf(*lines: str) -> str:
    return "".join(f"{line}\n" for line in lines)


def job(parameters: str) -> str:
    """An EMR Serverless StartJobRun body; the parameters land on line 2."""
    return ('{"applicationId": "00f1", "jobDriver": {"sparkSubmit": {\n'
            f'  "entryPoint": "s3://b/m.py", "sparkSubmitParameters": {json.dumps(parameters)}}}}}}}\n')


def sparkapp(*lines: str) -> str:
    """A SparkApplication; `lines` go under `spec:` (line 4 on)."""
    return "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n" + conf(*lines)


DA = "spark.dynamicAllocation"
YARN_DA = ("spark.master yarn", f"{DA}.enabled true")

CASES = [
    # SL202: bounds Spark refuses.
    ("spark-defaults.conf", conf(*YARN_DA, f"{DA}.minExecutors 5", f"{DA}.maxExecutors 2"), "SL202", (), [(3, 38)]),
    ("spark-defaults.conf", conf(*YARN_DA, f"{DA}.maxExecutors 0"), "SL202", (), [(3, 38)]),
    ("spark-defaults.conf", conf(*YARN_DA, f"{DA}.minExecutors -1", f"{DA}.maxExecutors 4"), "SL202", (), [(3, 38)]),
    ("job.json", job(f"--conf {DA}.minExecutors=5 --conf {DA}.maxExecutors=2"), "SL202", (), [(2, 65)]),
    ("app.yaml", sparkapp("  dynamicAllocation:", "    enabled: true", "    minExecutors: 5", "    maxExecutors: 2"),
     "SL202", (), [(6, 19)]),
    ("session.json", json.dumps({"conf": {f"{DA}.enabled": "true", f"{DA}.maxExecutors": "0"}}), "SL202", (), [(1, 94)]),
    ("spark-defaults.conf", conf("spark.master local[2]", f"{DA}.enabled true", f"{DA}.minExecutors 5",
                                 f"{DA}.maxExecutors 2"), "SL202", (), []),
    ("spark-defaults.conf", conf(f"{DA}.minExecutors 5", f"{DA}.maxExecutors 2"), "SL202", (), []),
    # SL203: nowhere to keep shuffle files.
    ("spark-defaults.conf", conf(*YARN_DA, f"{DA}.shuffleTracking.enabled false"), "SL203", (), [(3, 49)]),
    ("spark-defaults.conf", conf(*YARN_DA), "SL203", ("--spark-version", "3.3"), [(2, 33)]),
    ("spark-defaults.conf", conf(*YARN_DA), "SL203", (), []),
    ("spark-defaults.conf", conf(*YARN_DA, f"{DA}.shuffleTracking.enabled false", "spark.decommission.enabled true"),
     "SL203", (), []),
    ("spark-defaults.conf", conf(*YARN_DA, f"{DA}.shuffleTracking.enabled false", "spark.shuffle.service.enabled true"),
     "SL203", (), []),
    ("spark-defaults.conf", conf(f"{DA}.enabled true", f"{DA}.shuffleTracking.enabled false"), "SL203",
     ("--platform", "emr"), []),
    ("job.json", job(f"--conf {DA}.shuffleTracking.enabled=false"), "SL203", (), []),
    ("app.yaml", sparkapp("  dynamicAllocation:", "    enabled: true", "    shuffleTrackingEnabled: false"),
     "SL203", (), [(6, 29)]),
    ("app.yaml", sparkapp("  dynamicAllocation:", "    enabled: true"), "SL203", (), []),
    ("session.json", json.dumps({"conf": {f"{DA}.enabled": "true", f"{DA}.shuffleTracking.enabled": "false"}}),
     "SL203", (), [(1, 105)]),
    # SL204: cores below spark.task.cpus.
    ("spark-defaults.conf", conf("spark.master yarn", "spark.executor.cores 1", "spark.task.cpus 2"), "SL204", (),
     [(3, 17)]),
    ("spark-defaults.conf", conf("spark.master local[1]", "spark.task.cpus 2"), "SL204", (), [(2, 17)]),
    ("spark-defaults.conf", conf("spark.master local[2]", "spark.executor.cores 1", "spark.task.cpus 2"), "SL204", (),
     [(3, 17)]),
    ("spark-defaults.conf", conf("spark.master local[2]", "spark.task.cpus 2"), "SL204", (), []),
    ("spark-defaults.conf", conf("spark.master spark://host:7077", "spark.task.cpus 2"), "SL204", (), []),
    ("job.json", job("--conf spark.task.cpus=8"), "SL204", (), [(2, 65)]),
    ("app.yaml", sparkapp("  sparkConf:", "    spark.task.cpus: '2'", "  executor:", "    cores: 1"), "SL204", (),
     [(5, 22)]),
    ("session.json", json.dumps({"executorCores": 1, "conf": {"spark.task.cpus": "2"}}), "SL204", (), [(1, 50)]),
    # SL205: bounds that are never read.
    ("spark-defaults.conf", conf("spark.master yarn", f"{DA}.enabled false", f"{DA}.minExecutors 2",
                                 f"{DA}.maxExecutors 10"), "SL205", (), [(3, 38), (4, 38)]),
    ("spark-defaults.conf", conf("spark.master local[4]", f"{DA}.enabled true", f"{DA}.maxExecutors 10"), "SL205",
     (), [(3, 38)]),
    ("spark-defaults.conf", conf(*YARN_DA, f"{DA}.minExecutors 4", f"{DA}.initialExecutors 2",
                                 f"{DA}.maxExecutors 10"), "SL205", (), [(4, 42)]),
    ("spark-defaults.conf", conf(*YARN_DA, f"{DA}.minExecutors 2", f"{DA}.maxExecutors 10"), "SL205", (), []),
    ("job.json", job(f"--conf {DA}.enabled=false --conf {DA}.maxExecutors=10"), "SL205", (), [(2, 110)]),
    ("app.yaml", sparkapp("  sparkConf:", f"    {DA}.maxExecutors: '10'"), "SL205", (), [(5, 43)]),
    # Off only by Spark's default, outside a complete job spec: the cluster may turn it on (EMR does).
    ("session.json", json.dumps({"conf": {f"{DA}.minExecutors": "2"}}), "SL205", (), []),
    ("spark-defaults.conf", conf("spark.master yarn", f"{DA}.maxExecutors 64"), "SL205", (), []),
    # SL206: on, with no ceiling, where the platform grows to meet it.
    ("spark-defaults.conf", conf(f"{DA}.enabled true"), "SL206", EMR_SERVERLESS, [(1, 33)]),
    ("spark-defaults.conf", conf(f"{DA}.enabled true"), "SL206", (*EMR_SERVERLESS, *CAP), []),
    ("spark-defaults.conf", conf("spark.master k8s://https://k8s:443", f"{DA}.enabled true"), "SL206", (), []),
    ("spark-defaults.conf", conf(*YARN_DA), "SL206", (), []),
    ("app.yaml", sparkapp("  dynamicAllocation:", "    enabled: true"), "SL206", (), []),
    ("job.json", job(f"--conf {DA}.enabled=true"), "SL206", (), [(2, 65)]),
    ("job.json", job(f"--conf {DA}.enabled=true"), "SL206", CAP, []),
    ("job.json", job("--conf spark.executor.instances=2"), "SL206", (), []),
    ("session.json", json.dumps({"conf": {f"{DA}.enabled": "true"}}), "SL206", EMR_SERVERLESS, [(1, 46)]),
    # SL207: starts above maxExecutors.
    ("spark-defaults.conf", conf(*YARN_DA, f"{DA}.initialExecutors 5", f"{DA}.maxExecutors 2"), "SL207", (),
     [(3, 42)]),
    ("spark-defaults.conf", conf(*YARN_DA, f"{DA}.minExecutors 5", f"{DA}.maxExecutors 2"), "SL207", (), []),
    ("job.json", job(f"--conf {DA}.maxExecutors=2"), "SL207", (), [(2, 65)]),
    ("job.json", job(f"--conf {DA}.maxExecutors=2 --conf {DA}.initialExecutors=2 --conf spark.executor.instances=2"),
     "SL207", (), []),
    ("app.yaml", sparkapp("  dynamicAllocation:", "    enabled: true", "    maxExecutors: 2", "  executor:",
                          "    instances: 5"), "SL207", (), [(8, 16)]),
    ("session.json", json.dumps({"numExecutors": 5, "conf": {f"{DA}.enabled": "true", f"{DA}.maxExecutors": "2"}}),
     "SL207", (), [(1, 18)]),
]


@pytest.mark.parametrize("name, text, rule, flags, expected", CASES)
def test_positions(lint, name, text, rule, flags, expected):
    files = {name: text, "cap.toml": '[emr-serverless.maximum-capacity]\ncpu = "400vCPU"\nmemory = "3000GB"\n'}
    run = lint(files, "--select", rule, *flags, paths=(name,))
    assert [(line, column) for found, line, column in run.rules() if found == rule] == expected


def only(run, rule: str) -> dict:
    (finding,) = [finding for finding in run.findings if finding["rule"] == rule]
    return finding


def test_bounds_message_quotes_spark_and_the_sources(lint):
    run = lint({"spark-defaults.conf": conf(*YARN_DA, f"{DA}.minExecutors 5", f"{DA}.maxExecutors 2")}, "--select", "SL202")
    finding = only(run, "SL202")
    assert finding["severity"] == "error" and run.code == 1
    assert finding["message"] == (
        "Spark refuses to start: minExecutors=5 [spark-defaults.conf:3] is above maxExecutors=2 [spark-defaults.conf:4] "
        "and dynamic allocation is on (spark.dynamicAllocation.enabled=true at spark-defaults.conf:2) "
        "(\"spark.dynamicAllocation.minExecutors (5) must be less than or equal to spark.dynamicAllocation.maxExecutors (2)!\")")
    assert finding["fix"] == "Set spark.dynamicAllocation.minExecutors to at most 2, or raise maxExecutors."


def test_shuffle_data_uses_the_version_default(lint):
    run = lint({"spark-defaults.conf": conf(*YARN_DA)}, "--select", "SL203", "--spark-version", "3.3")
    message = only(run, "SL203")["message"]
    assert "spark.dynamicAllocation.shuffleTracking.enabled=false [Spark 3.3 default]" in message
    assert "spark.shuffle.service.enabled=false [Spark 3.3 default]" in message


def test_cores_message_names_local_threads(lint):
    run = lint({"spark-defaults.conf": conf("spark.master local[1]", "spark.task.cpus 2")}, "--select", "SL204")
    finding = only(run, "SL204")
    assert finding["message"] == (
        "Spark refuses to start (\"The number of cores per executor (=1) has to be >= the number of cpus per task = 2\"): "
        "executors have 1 core [spark.master=local[1] at spark-defaults.conf:1] but each task needs spark.task.cpus=2 "
        "[spark-defaults.conf:2]")


def test_ignored_with_local_master_says_why(lint):
    run = lint({"spark-defaults.conf": conf("spark.master local[4]", f"{DA}.enabled true", f"{DA}.maxExecutors 10")},
               "--select", "SL205")
    finding = only(run, "SL205")
    assert finding["message"] == ("ignored: maxExecutors=10 has no effect because dynamic allocation is off: Spark "
                                  "disables it for a local master (local[4])")
    assert finding["fix"] == "Remove it: dynamic allocation needs a cluster manager."


def test_unbounded_scale_out_is_advice(lint):
    run = lint({"job.json": job(f"--conf {DA}.enabled=true")}, "--select", "SL206")
    finding = only(run, "SL206")
    assert finding["severity"] == "info" and run.code == 0
    assert finding["message"].startswith("dynamic allocation is on (spark.dynamicAllocation.enabled=true at job.json:2 "
                                         "(--conf in jobDriver.sparkSubmit.sparkSubmitParameters)) with no "
                                         "spark.dynamicAllocation.maxExecutors and no known capacity cap")


def test_initial_over_max_message_depends_on_the_cluster_manager(lint):
    yarn = only(lint({"spark-defaults.conf": conf(*YARN_DA, f"{DA}.initialExecutors 5", f"{DA}.maxExecutors 2")},
                     "--select", "SL207"), "SL207")
    assert yarn["severity"] == "warning"
    assert yarn["message"].startswith(
        "YARN refuses to start the application (\"initial executor number 5 must between min executor number 0 and "
        "max executor number 2\"): dynamic allocation starts max(minExecutors=0, initialExecutors=5")
    serverless = only(lint({"job.json": job(f"--conf {DA}.maxExecutors=2")}, "--select", "SL207", paths=("job.json",)),
                      "SL207")
    assert serverless["message"].startswith("Spark requests 3 executors at start, above the ceiling; on YARN and "
                                            "Kubernetes it refuses to start instead")
    assert "initialExecutors=3 [EMR Serverless default, jobs-spark.html]" in serverless["message"]
    assert serverless["fix"] == ("Lower the initial executors to at most 2, or raise "
                                 "spark.dynamicAllocation.maxExecutors to 3.")
