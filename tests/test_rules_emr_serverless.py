"""SL301 emr-serverless-invalid-cpu, SL303 emr-serverless-disk-out-of-range, SL305 emr-serverless-cpu-over-
capacity, SL307 emr-serverless-capacity-unusable, SL308 emr-serverless-shuffle-service: rule, line and
column per syntax and dialect, quiet cases, and messages.

These are platform rules: the oracle cannot run EMR Serverless, so they are checked against the AWS docs
and botocore (shared/reference/platforms.md §1), not against a real Spark.
"""

from __future__ import annotations

import json

import pytest

EMR = ("--platform", "emr-serverless")


def job(parameters: str, defaults: dict[str, str] | None = None) -> str:
    body: dict = {"applicationId": "00abc",
                  "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py", "sparkSubmitParameters": parameters}}}
    if defaults is not None:
        body["configurationOverrides"] = {"applicationConfiguration": [
            {"classification": "spark-defaults", "properties": defaults}]}
    return json.dumps(body, indent=2)


def sparkapp(conf: str) -> str:
    return ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  sparkConf:\n" + conf)


def application(maximum: dict | None = None, initial: dict | None = None, **extra) -> str:
    body: dict = {"name": "etl", "releaseLabel": "emr-7.1.0", "type": "SPARK", **extra}
    if initial is not None:
        body["initialCapacity"] = initial
    if maximum is not None:
        body["maximumCapacity"] = maximum
    return json.dumps(body, indent=2)


def workers(count: int, cpu: str, memory: str, disk: str | None = None) -> dict:
    config = {"cpu": cpu, "memory": memory, **({"disk": disk} if disk else {})}
    return {"workerCount": count, "workerConfiguration": config}


CLOUDFORMATION = """Resources:
  SparkApp:
    Type: AWS::EMRServerless::Application
    Properties:
      ReleaseLabel: emr-7.1.0
      Type: SPARK
      MaximumCapacity:
        Cpu: 16vCPU
        Memory: 64GB
      InitialCapacity:
        - Key: Executor
          Value:
            WorkerCount: 2
            WorkerConfiguration: {Cpu: 3vCPU, Memory: 16GB}
"""

HIVE_APP = application({"cpu": "2vCPU", "memory": "4GB"}).replace('"SPARK"', '"HIVE"')


@pytest.mark.parametrize("name, text, rule, flags, expected", [
    # SL301: every syntax; 32 vCPU (third-party tier) and non-EMR platforms stay quiet.
    ("spark-defaults.conf", "spark.driver.cores 3\nspark.executor.cores 4\n", "SL301", EMR, [(1, 20)]),
    ("spark-defaults.conf", "spark.driver.cores 3\n", "SL301", (), []),
    ("job.json", job("--conf spark.executor.cores=6 --driver-cores 2"), "SL301", (), [(6, 40)]),
    ("job.json", job("--executor-cores 12", {"spark.driver.cores": "5"}), "SL301", (), [(6, 50), (14, 33)]),
    ("job.json", job("--conf spark.executor.cores=32 --conf spark.driver.cores=16"), "SL301", (), []),
    ("session.json", '{"driverCores": 1, "executorCores": 5}', "SL301", EMR, [(1, 37)]),
    ("app.yaml", sparkapp("    spark.executor.cores: '3'\n"), "SL301", (), []),
    ("app.json", application({"cpu": "40vCPU", "memory": "160GB"}, runtimeConfiguration=[
        {"classification": "spark-defaults", "properties": {"spark.executor.cores": "6"}}]), "SL301", (), [(9, 33)]),
    # SL303: standard range 20-200 GB, shuffle-optimized 20-2000 GB.
    ("spark-defaults.conf", "spark.emr-serverless.driver.disk 10g\nspark.emr-serverless.executor.disk 200g\n",
     "SL303", EMR, [(1, 34)]),
    ("job.json", job("--conf spark.emr-serverless.executor.disk=500g"), "SL303", (), [(6, 40)]),
    ("job.json", job("--conf spark.emr-serverless.executor.disk=500g",
                     {"spark.emr-serverless.executor.disk.type": "shuffle_optimized"}), "SL303", (), []),
    ("job.json", job("--conf spark.emr-serverless.executor.disk=3000g "
                     "--conf spark.emr-serverless.executor.disk.type=shuffle_optimized"), "SL303", (), [(6, 40)]),
    ("session.json", '{"conf": {"spark.emr-serverless.driver.disk": "250G"}}', "SL303", EMR, [(1, 47)]),
    ("job.json", job("--conf spark.emr-serverless.executor.disk=${DISK}"), "SL303", (), []),
    # SL305: capacity from [emr-serverless.maximum-capacity] or an application linted alongside.
    ("job.json", job("--conf spark.executor.instances=5"), "SL305", ("--config", "cap.toml"), [(6, 40)]),
    ("job.json", job("--conf spark.executor.instances=3"), "SL305", ("--config", "cap.toml"), []),
    ("session.json", '{"executorCores": 4, "numExecutors": 5}', "SL305", (*EMR, "--config", "cap.toml"), [(1, 38)]),
    ("spark-defaults.conf", "spark.executor.instances 4\nspark.executor.cores 2\n", "SL305",
     (*EMR, "--config", "cap.toml"), []),
    ("spark-defaults.conf", "spark.executor.instances 5\nspark.executor.cores 4\n", "SL305",
     (*EMR, "--config", "cap.toml"), [(1, 26)]),
    # SL307: CreateApplication JSON and CloudFormation.
    ("app.json", application({"cpu": "2vCPU", "memory": "4GB"}), "SL307", (), [(5, 3)]),
    ("app.json", application({"cpu": "8vCPU", "memory": "32GB", "disk": "40GB"}), "SL307", (), []),
    ("app.json", application({"cpu": "10vCPU", "memory": "64GB"}, {
        "DRIVER": workers(1, "2vCPU", "4GB"), "EXECUTOR": workers(2, "8vCPU", "18GB")}), "SL307", (),
     [(13, 5), (21, 3)]),
    ("app.json", application({"cpu": "4vCPU", "memory": "16GB"}, {
        "DRIVER": workers(1, "2vCPU", "4GB"), "EXECUTOR": workers(1, "2vCPU", "8GB")}), "SL307", (), []),
    ("app.json", application({"cpu": "200vCPU", "memory": "200GB", "disk": "1000GB"}, {
        "DRIVER": workers(2, "4vCPU", "16GB"), "EXECUTOR": workers(10, "4vCPU", "16GB")}), "SL307", (), []),
    ("app.json", application({"cpu": "64vCPU", "memory": "256GB", "disk": "100GB"}, {
        "EXECUTOR": workers(4, "4vCPU", "16GB", "30GB")}), "SL307", (), [(15, 3)]),
    ("app.json", application({"cpu": "64vCPU", "memory": "512GB"}, {"EXECUTOR": workers(2, "32vCPU", "120GB")}),
     "SL307", (), []),
    ("app.json", HIVE_APP, "SL307", (), []),
    ("template.yaml", CLOUDFORMATION, "SL307", (), [(11, 11)]),
    # SL308: only on EMR Serverless.
    ("spark-defaults.conf", "spark.shuffle.service.enabled true\n", "SL308", EMR, [(1, 31)]),
    ("spark-defaults.conf", "spark.shuffle.service.enabled true\n", "SL308", (), []),
    ("job.json", job("--conf spark.shuffle.service.enabled=TRUE"), "SL308", (), [(6, 40)]),
    ("job.json", job("--conf spark.shuffle.service.enabled=false"), "SL308", (), []),
    ("session.json", '{"conf": {"spark.shuffle.service.enabled": "true"}}', "SL308", EMR, [(1, 44)]),
    ("app.yaml", sparkapp("    spark.shuffle.service.enabled: 'true'\n"), "SL308", (), []),
])
def test_positions(lint, name, text, rule, flags, expected):
    files = {name: text, "cap.toml": '[emr-serverless.maximum-capacity]\ncpu = "20vCPU"\nmemory = "400GB"\n'}
    run = lint(files, "--select", rule, *flags, paths=(name,))
    assert [(line, column) for found, line, column in run.rules() if found == rule] == expected


def test_invalid_cpu_message_names_the_grid_and_the_unverified_tier(lint):
    (finding,) = lint({"job.json": job("--conf spark.executor.cores=6")}, "--select", "SL301").findings
    assert finding["severity"] == "error"
    assert finding["message"].startswith("spark.executor.cores=6 [job.json:6 (--conf in jobDriver.sparkSubmit.sparkSubmitParameters)] is "
                                         "not an EMR Serverless worker size")
    assert "1, 2, 4, 8 or 16 vCPU" in finding["message"] and "32 vCPU tier" in finding["message"]
    assert finding["fix"] == "Set spark.executor.cores to 8 (or another of 1, 2, 4, 8 or 16)."


def test_disk_message_offers_shuffle_optimized(lint):
    (finding,) = lint({"job.json": job("--conf spark.emr-serverless.executor.disk=500g")}, "--select",
                      "SL303").findings
    assert finding["message"] == ("the executor worker asks for 500 GB of disk [job.json:6 (--conf in jobDriver.sparkSubmit."
                                  "sparkSubmitParameters)], but standard (spark.emr-serverless.executor.disk.type "
                                  "is not set) disks are 20-200 GB per worker (EMR Serverless docs)")
    assert "shuffle_optimized (EMR 7.1.0+)" in finding["fix"]


def test_cpu_over_capacity_counts_the_driver_and_says_how_many_fit(lint):
    files = {"app.json": application({"cpu": "16vCPU", "memory": "256GB"}),
             "job.json": job("--conf spark.executor.instances=5")}
    (finding,) = [found for found in lint(files, "--select", "SL305").findings if found["path"] == "job.json"]
    assert finding["message"].startswith("needs 24 vCPU to start but the application allows 16 vCPU "
                                         "[app.json:5 (maximumCapacity)]: driver 4 vCPU [EMR Serverless default")
    assert "only 3 executors fit" in finding["message"]
    assert finding["fix"].startswith("Ask for at most 3 executors")


def test_capacity_unusable_says_where_the_default_worker_comes_from(lint):
    (finding,) = lint({"app.json": application({"cpu": "2vCPU", "memory": "4GB"})}, "--select", "SL307").findings
    assert finding["severity"] == "error"
    assert "8 vCPU > 2 vCPU; 32 GB > 4 GB memory" in finding["message"]
    assert "14G default heap + 10% overhead" in finding["message"]
    assert finding["fix"] == "Raise maximumCapacity to at least 8 vCPU / 32 GB."


def test_capacity_unusable_skips_the_default_when_runtime_configuration_sizes_workers(lint):
    text = application({"cpu": "2vCPU", "memory": "8GB"}, runtimeConfiguration=[{
        "classification": "spark-defaults", "properties": {"spark.driver.cores": "1", "spark.executor.cores": "1",
                                                           "spark.driver.memory": "1g", "spark.executor.memory": "1g"}}])
    assert lint({"app.json": text}, "--select", "SL307").findings == []


def test_shuffle_service_message_names_its_source(lint):
    (finding,) = lint({"job.json": job("--conf spark.shuffle.service.enabled=true")}, "--select", "SL308").findings
    assert finding["severity"] == "warning"
    assert "aws-samples/emr-serverless-samples Best_Practices.md, \"as of Nov 2024\"" in finding["message"]
    assert "not the official EMR Serverless docs" in finding["message"]


def test_application_settings_are_reported_once_when_a_job_is_linted_with_its_application(lint):
    files = {"app.json": application({"cpu": "40vCPU", "memory": "160GB"}, runtimeConfiguration=[
        {"classification": "spark-defaults", "properties": {"spark.executor.cores": "6",
                                                            "spark.shuffle.service.enabled": "true"}}]),
             "job.json": json.dumps({"applicationId": "etl", "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py"}}})}
    run = lint(files, "--select", "SL301,SL308")
    assert sorted((finding["path"], finding["rule"]) for finding in run.findings) == [
        ("app.json", "SL301"), ("app.json", "SL308")]
