"""Each dialect turns its native fields into canonical settings with the native field's position and layer."""

from __future__ import annotations

import json

import pytest

from sparklint.dialects import recognise
from sparklint.load import load
from sparklint.model import JobConfig


def configs(name: str, text: str) -> list[JobConfig]:
    documents, errors = load(name, text)
    assert not errors, errors
    return [config for document in documents for config in recognise(document)]


def table(config: JobConfig) -> list[tuple[str, str, int, int, str]]:
    """(key, value, line, column, layer) of every written setting, in model order."""
    rows = []
    for setting in config.written():
        span = setting.span
        rows.append((setting.key, setting.value, span.line, span.column, setting.layer.name))
    return rows


def test_spark_defaults_file_keeps_every_key_and_drops_non_spark_ones():
    text = "# cluster\nspark.master yarn\nspark.executor.memory=4g\nfoo.bar 1\nspark.executor.memory 8g\n"
    (config,) = configs("spark-defaults.conf", text)
    assert config.dialect == "spark-defaults"
    assert table(config) == [
        ("spark.master", "yarn", 2, 14, "spark-defaults"),
        ("spark.executor.memory", "4g", 3, 23, "spark-defaults"),
        ("spark.executor.memory", "8g", 5, 23, "spark-defaults"),
    ]
    assert config.value("spark.executor.memory") == "8g"  # java.util.Properties: the last one wins
    assert [setting.key for setting in config.dropped] == ["foo.bar"]


def test_properties_file_without_spark_keys_is_not_claimed():
    assert configs("log4j.properties", "log4j.rootLogger=INFO, console\n") == []


STARTJOBRUN = """{
  "applicationId": "00abc",
  "name": "nightly",
  "jobDriver": {
    "sparkSubmit": {
      "entryPoint": "s3://bucket/main.py",
      "sparkSubmitParameters": "--conf spark.executor.instances=1 --executor-memory 8g --conf spark.executor.memory=2g"
    }
  },
  "configurationOverrides": {
    "applicationConfiguration": [
      {"classification": "spark-defaults",
       "properties": {"spark.executor.instances": "4", "spark.executor.cores": "2"}}
    ]
  }
}
"""


def test_emr_serverless_job_layers_and_positions():
    (config,) = configs("job.json", STARTJOBRUN)
    assert (config.dialect, config.platform, config.application_id, config.name) == (
        "emr-serverless-job", "emr-serverless", "00abc", "nightly")
    assert table(config) == [
        ("spark.executor.instances", "1", 7, 40, "sparkSubmitParameters"),
        ("spark.executor.memory", "8g", 7, 85, "sparkSubmitParameters-option"),
        ("spark.executor.memory", "2g", 7, 95, "sparkSubmitParameters"),
        ("spark.executor.instances", "4", 13, 51, "applicationConfiguration"),
        ("spark.executor.cores", "2", 13, 80, "applicationConfiguration"),
    ]
    # sparkSubmitParameters beats the spark-defaults classification; the flag beats --conf.
    assert config.value("spark.executor.instances") == "1"
    assert config.value("spark.executor.memory") == "8g"
    assert config.is_python is True


def test_emr_serverless_application_capacity_and_initial_capacity():
    text = json.dumps({
        "name": "app", "releaseLabel": "emr-7.1.0", "type": "SPARK",
        "initialCapacity": {"DRIVER": {"workerCount": 1, "workerConfiguration": {"cpu": "2vCPU", "memory": "4GB"}}},
        "maximumCapacity": {"cpu": "200vCPU", "memory": "200GB", "disk": "1000GB"},
        "runtimeConfiguration": [{"classification": "spark-defaults", "properties": {"spark.executor.cores": "2"}}],
    }, indent=2)
    (config,) = configs("app.json", text)
    assert config.kind == "application"
    assert (config.capacity.cpu, config.capacity.memory, config.capacity.disk) == (200, 200 * 2**30, 1000 * 2**30)
    assert config.capacity.describe() == "app.json:14 (maximumCapacity)"
    (driver,) = config.initial_capacity
    assert (driver.worker_type, driver.count, driver.cpu, driver.memory) == ("DRIVER", 1, 2, 4 * 2**30)
    assert table(config) == [("spark.executor.cores", "2", 23, 33, "runtimeConfiguration")]


CLOUDFORMATION = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  SparkApp:
    Type: AWS::EMRServerless::Application
    Properties:
      Name: !Sub "${AWS::StackName}-spark"
      ReleaseLabel: emr-7.1.0
      Type: SPARK
      MaximumCapacity:
        Cpu: 16vCPU
        Memory: 64GB
        Disk: 200GB
      InitialCapacity:
        - Key: Executor
          Value:
            WorkerCount: 2
            WorkerConfiguration: {Cpu: 4vCPU, Memory: 16GB}
"""


def test_cloudformation_application():
    (config,) = configs("template.yaml", CLOUDFORMATION)
    assert config.kind == "application" and config.name == "SparkApp"
    assert (config.capacity.cpu, config.capacity.disk) == (16, 200 * 2**30)
    (executors,) = config.initial_capacity
    assert (executors.worker_type, executors.count, executors.cpu) == ("EXECUTOR", 2, 4)


SPARKAPP = """apiVersion: "sparkoperator.k8s.io/v1beta2"
kind: SparkApplication
metadata:
  name: pi
spec:
  type: Python
  sparkConf:
    spark.executor.instances: "5"
    spark.executor.memory: "2g"
  driver:
    cores: 1
    memory: "512m"
  executor:
    instances: 1
    memory: "1g"
  dynamicAllocation:
    enabled: true
    initialExecutors: 2
"""


def test_spark_application_typed_fields_beat_spark_conf():
    (config,) = configs("app.yaml", SPARKAPP)
    assert (config.platform, config.is_python, config.name) == ("kubernetes", True, "SparkApplication pi")
    assert table(config) == [
        ("spark.executor.instances", "5", 8, 31, "sparkConf"),
        ("spark.executor.memory", "2g", 9, 28, "sparkConf"),
        ("spark.driver.cores", "1", 11, 12, "spec-field"),
        ("spark.driver.memory", "512m", 12, 13, "spec-field"),
        ("spark.executor.instances", "1", 14, 16, "spec-field"),
        ("spark.executor.memory", "1g", 15, 13, "spec-field"),
        ("spark.dynamicAllocation.enabled", "true", 17, 14, "spec-field"),
        ("spark.dynamicAllocation.initialExecutors", "2", 18, 23, "spec-field"),
    ]
    assert config.value("spark.executor.instances") == "1"
    assert config.value("spark.dynamicAllocation.shuffleTracking.enabled") == "true"  # operator default


def test_scheduled_spark_application_uses_the_template():
    text = SPARKAPP.replace("kind: SparkApplication", "kind: ScheduledSparkApplication").replace(
        "spec:\n", "spec:\n  schedule: \"@every 5m\"\n  template:\n").replace("\n  ", "\n    ").replace(
        "\n    schedule", "\n  schedule").replace("\n    template", "\n  template")
    (config,) = configs("scheduled.yaml", text)
    assert config.value("spark.executor.instances") == "1"
    assert any(setting.field == "spec.template.executor.instances" for setting in config.written())


def test_livy_typed_fields_override_conf():
    text = '{"numExecutors": 2, "executorMemory": "4g",\n "conf": {"spark.executor.instances": "8", "driverMemory": "1g"}}'
    (config,) = configs("session.json", text)
    assert config.dialect == "livy-session"
    assert config.value("spark.executor.instances") == "2"
    assert table(config) == [
        ("spark.executor.instances", "8", 2, 39, "livy-conf"),
        ("spark.executor.instances", "2", 1, 18, "livy-field"),
        ("spark.executor.memory", "4g", 1, 39, "livy-field"),
    ]
    assert [setting.key for setting in config.dropped] == ["driverMemory"]  # a Livy field inside conf


def test_sparkmagic_config_defaults_merge_under_session_configs():
    text = json.dumps({
        "kernel_python_credentials": {"username": "", "password": "", "url": "http://localhost:8998"},
        "session_configs": {"driverMemory": "1000M", "executorCores": 2, "conf": {"spark.executor.cores": "4"}},
        "session_configs_defaults": {"conf": {"spark.executor.cores": "8", "spark.executor.memory": "2g"}},
    }, indent=1)
    (config,) = configs("config.json", text)
    assert config.dialect == "sparkmagic-config"
    assert config.value("spark.executor.cores") == "2"
    assert config.value("spark.executor.memory") == "2g"
    assert config.value("spark.driver.memory") == "1000M"


def test_emr_configurations_list_and_steps():
    text = json.dumps({
        "Configurations": [
            {"Classification": "spark", "Properties": {"maximizeResourceAllocation": "true"}},
            {"Classification": "spark-defaults", "Properties": {"spark.executor.memory": "4g"}},
        ],
        "Steps": [{"Name": "etl", "HadoopJarStep": {"Jar": "command-runner.jar", "Args": [
            "spark-submit", "--conf", "spark.executor.memory=6g", "s3://bucket/etl.py"]}}],
    }, indent=2)
    cluster, step = configs("cluster.json", text)
    assert (cluster.platform, cluster.value("spark.executor.memory")) == ("emr", "4g")
    assert (step.kind, step.name, step.value("spark.executor.memory")) == ("job", "etl", "6g")


def test_databricks_bundle_job_cluster_is_read_by_the_databricks_dialect():
    text = "resources:\n  jobs:\n    nightly:\n      job_clusters:\n        - new_cluster:\n" \
           "            spark_version: 15.4.x-scala2.12\n            spark_conf:\n" \
           "              spark.sql.shuffle.partitions: 200\n"
    (config,) = configs("databricks.yml", text)
    assert (config.platform, config.dialect, config.declared_version.spark) == ("databricks", "databricks-bundle", "3.5.0")
    assert table(config) == [("spark.sql.shuffle.partitions", "200", 8, 45, "databricks-spark-conf")]


def test_unrelated_documents_are_not_claimed():
    assert configs("package.json", '{"name": "x", "dependencies": {"left-pad": "1.0"}}') == []
    assert configs("compose.yaml", "services:\n  web:\n    image: nginx\n") == []


@pytest.mark.parametrize("parameters, expected", [
    ("--conf spark.a.b='x y' --conf spark.c=d=e", {"spark.a.b": "x y", "spark.c": "d=e"}),
    ("--conf spark.x=1 --conf spark.x=2", {"spark.x": "2"}),
    ("--num-executors 4 --conf spark.executor.instances=9", {"spark.executor.instances": "4"}),
])
def test_spark_submit_strings(parameters, expected):
    text = json.dumps({"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py", "sparkSubmitParameters": parameters}}})
    (config,) = configs("job.json", text)
    assert {key: config.value(key) for key in expected} == expected


def test_hpe_ezmeral_spark_operator_applications_are_sparkapplications(lint):
    # HPE Ezmeral's fork serves the operator's v1beta2 resource under sparkoperator.hpe.com: the typed fields
    # and the operator's defaults apply as for sparkoperator.k8s.io.
    app = ("apiVersion: \"sparkoperator.hpe.com/v1beta2\"\nkind: SparkApplication\nmetadata:\n  name: pi\nspec:\n"
           "  type: Scala\n  sparkVersion: 3.5.1\n  executor:\n    instances: 1\n    cores: 1\n    memory: \"512m\"\n"
           "  dynamicAllocation:\n    enabled: true\n    initialExecutors: 2\n    maxExecutors: 5\n")
    run = lint({"pi.yaml": app})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL201", 9, "warning")]
    assert run.code == 1
    other = app.replace("sparkoperator.hpe.com", "example.com")
    assert lint({"pi.yaml": other}).findings == []


def test_a_typed_field_without_a_value_is_not_set(lint):
    # The shape of a real SparkApplication (lucasmullers/spark-on-k8s): `cores:` left empty under spec.driver
    # while sparkConf sets spark.driver.cores. YAML reads it as null, the operator's *int32 stays nil and it
    # submits sparkConf's value: no empty value (SL006) and no override of sparkConf (SL007) on cores. The typed
    # memory does override sparkConf's (SL007, true).
    app = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: etl\nspec:\n"
           "  type: Python\n  sparkVersion: \"3.5.1\"\n  sparkConf:\n    spark.driver.cores: \"1\"\n"
           "    spark.driver.memory: \"1024m\"\n  driver:\n    cores:\n    memory: \"1126m\"\n")
    run = lint({"etl.yaml": app})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL007", 10, "warning")]
    assert "spark.driver.memory=1024m has no effect" in run.findings[0]["message"]
    empty = app.replace("    cores:\n", "    cores: \"\"\n")
    assert ("SL006", 12, "error") in [(f["rule"], f["line"], f["severity"]) for f in lint({"etl.yaml": empty}).findings]
