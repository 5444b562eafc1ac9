"""Google Dataproc: clusters, jobs, workflow templates, Serverless batches, BigQuery Spark procedures.

Real files (tests/fixtures/dataproc/, unchanged copies of examples in hashicorp/terraform-provider-google
`website/docs/r/dataproc_batch.html.markdown` @ 17eabc1 ("Dataproc Batch Spark Full": a batch and a
cluster) and `website/docs/r/dataproc_workflow_template.html.markdown` @ 022e24a (its example)), and
../shared/corpus2/049-bigquery-spark-procedure.tf, 050-dataproc-gcloud-submit.sh. The JSON and YAML bodies
below are written from the REST reference (Cluster, WorkflowTemplate, Batch), camelCase as the API and
`gcloud ... export` write them.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from conftest import SHARED
from sparklint.dialects import recognise
from sparklint.load import load

FIXTURES = Path(__file__).parent / "fixtures" / "dataproc"
CORPUS2 = SHARED / "corpus2"


def read(name: str, text: str, syntax: str):
    documents, errors = load(name, text, syntax)
    assert errors == []
    return [config for document in documents for config in recognise(document)]


def settings_of(config) -> list[tuple[str, str, int, str]]:
    return [(setting.key, setting.value, setting.span.line, setting.field) for setting in config.written()]


def explain(tmp_path, capsys, monkeypatch, name: str, text: str) -> list[dict]:
    from sparklint.cli import main

    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["explain", "--format", "json", name]) == 0
    return json.loads(capsys.readouterr().out)["configs"]


CLUSTER_JSON = """{
  "projectId": "my-project",
  "clusterName": "etl",
  "config": {
    "softwareConfig": {
      "imageVersion": "2.2-debian12",
      "properties": {
        "spark:spark.executor.memory": "6g",
        "spark-env:SPARK_DAEMON_MEMORY": "2g",
        "yarn:yarn.nodemanager.resource.memory-mb": "12288",
        "dataproc:dataproc.logging.stackdriver.enable": "true",
        "spark:spark.sql.shuffle.partitions": "400"
      }
    },
    "workerConfig": {"numInstances": 2, "machineType": "n2-standard-4"}
  }
}
"""

WORKFLOW_YAML = """jobs:
- pysparkJob:
    mainPythonFileUri: gs://bucket/etl.py
    properties:
      spark.executor.memory: 8g
      spark.dynamicAllocation.maxExecutors: '20'
  stepId: transform
- hiveJob:
    queryFileUri: gs://bucket/q.sql
  stepId: report
placement:
  managedCluster:
    clusterName: nightly
    config:
      softwareConfig:
        imageVersion: 2.1-debian11
        properties:
          spark:spark.executor.memory: 6g
          spark:spark.executor.cores: '2'
"""

BATCH_JSON = """{
  "pysparkBatch": {"mainPythonFileUri": "gs://bucket/job.py"},
  "runtimeConfig": {
    "version": "2.2",
    "properties": {"spark.executor.instances": "4", "spark.driver.cores": "8"}
  },
  "environmentConfig": {"executionConfig": {"subnetworkUri": "default"}}
}
"""


def test_cluster_json_keeps_only_spark_prefixed_properties_with_their_positions(lint):
    (config,) = read("cluster.json", CLUSTER_JSON, "json")
    assert (config.dialect, config.kind, config.platform, config.name) == ("dataproc-cluster", "defaults", "dataproc",
                                                                          "etl")
    assert settings_of(config) == [
        ("spark.executor.memory", "6g", 8, "config.softwareConfig.properties"),
        ("spark.sql.shuffle.partitions", "400", 12, "config.softwareConfig.properties")]
    assert config.written()[0].raw_key == "spark:spark.executor.memory" and config.dropped == []
    assert (config.declared_version.text, config.declared_version.spark, config.declared_version.ref.span.line) == (
        "2.2-debian12", "3.5", 6)
    run = lint({"cluster.json": CLUSTER_JSON})
    assert (run.code, run.findings) == (0, [])


def test_workflow_template_job_properties_beat_the_managed_cluster_properties():
    (config,) = read("template.yaml", WORKFLOW_YAML, "yaml")  # the hive job is not a Spark job
    assert (config.dialect, config.name, config.platform, config.is_python) == (
        "dataproc-workflow-template", "transform", "dataproc", True)
    memory = config.effective("spark.executor.memory")
    assert (memory.value, memory.span.line, memory.field) == ("8g", 5, "jobs[0].pysparkJob.properties")
    assert [(setting.value, setting.span.line) for setting in config.all("spark.executor.memory")] == [
        ("6g", 18), ("8g", 5)]
    cores = config.effective("spark.executor.cores")
    assert (cores.value, cores.field) == ("2", "placement.managedCluster.config.softwareConfig.properties")
    assert config.declared_version.spark == "3.3"


def test_serverless_batch_json_has_its_runtime_and_platform_defaults(tmp_path, capsys, monkeypatch, lint):
    (config,) = read("batch.json", BATCH_JSON, "json")
    assert (config.dialect, config.platform, config.is_python) == ("dataproc-batch", "dataproc-serverless", True)
    assert settings_of(config) == [("spark.executor.instances", "4", 5, "runtimeConfig.properties"),
                                   ("spark.driver.cores", "8", 5, "runtimeConfig.properties")]
    assert (config.declared_version.text, config.declared_version.spark) == ("2.2", "3.5.1")
    run = lint({"batch.json": BATCH_JSON})
    assert (run.code, run.findings) == (0, [])
    (explained,) = explain(tmp_path, capsys, monkeypatch, "batch.json", BATCH_JSON)
    assert (explained["platform"], explained["spark_version"]) == ("dataproc-serverless", "3.5")


def test_terraform_batch_and_cluster_from_the_provider_docs(lint):
    text = (FIXTURES / "batch_spark_full.tf").read_text(encoding="utf-8")
    configs = read("main.tf", text, "hcl")
    assert [(config.dialect, config.name, config.platform) for config in configs] == [
        ("terraform-dataproc-cluster", "dataproc-batch", "dataproc"),
        ("terraform-dataproc-batch", "dataproc-batch", "dataproc-serverless")]
    cluster, batch = configs
    assert settings_of(cluster) == [("spark.history.fs.logDirectory",
                                     "gs://${google_storage_bucket.bucket.name}/*/spark-job-history", 70,
                                     "google_dataproc_cluster.basic.cluster_config.software_config."
                                     "override_properties")]
    assert settings_of(batch) == [
        ("spark.dynamicAllocation.enabled", "false", 13,
         "google_dataproc_batch.example_batch_spark.runtime_config.properties"),
        ("spark.executor.instances", "2", 13, "google_dataproc_batch.example_batch_spark.runtime_config.properties")]
    assert (batch.declared_version.text, batch.declared_version.spark, batch.declared_version.ref.span.line) == (
        "2.2", "3.5.1", 14)
    run = lint({"main.tf": text})
    assert (run.code, run.findings) == (0, [])


def test_terraform_workflow_template_from_the_provider_docs(lint):
    text = (FIXTURES / "workflow_template.tf").read_text(encoding="utf-8")
    (config,) = read("main.tf", text, "hcl")  # the presto job is not a Spark job
    assert (config.dialect, config.name, config.platform, config.written()) == (
        "terraform-dataproc-workflow-template", "template-example [someJob]", "dataproc", [])
    assert (config.declared_version.text, config.declared_version.spark) == ("2.0.35-debian10", "3.1")
    run = lint({"main.tf": text})
    assert (run.code, run.findings) == (0, [])


@pytest.mark.skipif(not CORPUS2.is_dir(), reason="the shared corpus is not here")
def test_corpus2_bigquery_spark_procedure_is_a_serverless_job_on_runtime_2_1(tmp_path, capsys, monkeypatch):
    text = (CORPUS2 / "049-bigquery-spark-procedure.tf").read_text(encoding="utf-8")
    (config,) = read("main.tf", text, "hcl")
    assert (config.dialect, config.name, config.platform, config.is_python) == (
        "bigquery-spark-procedure", "create_iceberg_tables", "dataproc-serverless", True)
    assert [(key, line) for key, _, line, _ in settings_of(config)] == [
        ("spark.sql.catalog.lakehouse_catalog", 85), ("spark.sql.catalog.lakehouse_catalog.blms_catalog", 86),
        ("spark.sql.catalog.lakehouse_catalog.catalog-impl", 87),
        ("spark.sql.catalog.lakehouse_catalog.gcp_location", 88),
        ("spark.sql.catalog.lakehouse_catalog.gcp_project", 89),
        ("spark.sql.catalog.lakehouse_catalog.warehouse", 90), ("spark.jars.packages", 91)]
    assert (config.declared_version.text, config.declared_version.spark, config.declared_version.ref.span.line) == (
        "2.1", "3.4.0", 81)
    (explained,) = explain(tmp_path, capsys, monkeypatch, "main.tf", text)
    assert (explained["platform"], explained["spark_version"]) == ("dataproc-serverless", "3.4")


@pytest.mark.skipif(not CORPUS2.is_dir(), reason="the shared corpus is not here")
def test_corpus2_iceberg_runtime_for_spark_3_3_on_runtime_2_1_is_reported(lint):
    text = (CORPUS2 / "049-bigquery-spark-procedure.tf").read_text(encoding="utf-8")
    run = lint({"main.tf": text})
    assert [(f["rule"], f["line"], f["column"], f["severity"]) for f in run.findings] == [("SL323", 91, 31, "warning")]
    assert run.code == 1
    message = run.findings[0]["message"]
    assert message.startswith("org.apache.iceberg:iceberg-spark-runtime-3.3_2.13:1.2.1 is Iceberg's runtime for "
                              "Spark 3.3, but the job runs Spark 3.4.0")
    assert "runtime_version 2.1 at main.tf:81" in message and "iceberg.apache.org/releases" in message


def test_iceberg_runtime_of_the_running_spark_or_without_a_declared_version_is_quiet(lint):
    def batch(version, package):
        runtime = {"properties": {"spark.jars.packages": f"io.delta:delta-core_2.12:2.4.0,{package}"}}
        if version:
            runtime["version"] = version
        return json.dumps({"pysparkBatch": {"mainPythonFileUri": "gs://b/j.py"}, "runtimeConfig": runtime})

    files = {"same.json": batch("2.2", "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.5.0"),
             "unversioned.json": batch("", "org.apache.iceberg:iceberg-spark-runtime-3.3_2.12:1.5.0"),
             "unknown-runtime.json": batch("9.9", "org.apache.iceberg:iceberg-spark-runtime-3.3_2.12:1.5.0")}
    run = lint(files)
    assert (run.code, run.findings) == (0, [])
    older = lint({"old.json": batch("1.1", "org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.5.0")})
    assert [(f["rule"], f["severity"]) for f in older.findings] == [("SL323", "warning")]


def test_gcloud_and_airflow_give_the_model_the_dialect_gives(lint):
    script = ("gcloud dataproc batches submit pyspark job.py --region=us-central1 --version=2.2 \\\n"
              "    --properties=spark.executor.instances=4,spark.driver.cores=8\n")
    (from_gcloud,) = read("submit.sh", script, "shell")
    dag = ('from airflow.providers.google.cloud.operators.dataproc import DataprocCreateBatchOperator\n'
           'batch = DataprocCreateBatchOperator(task_id="b", batch={\n'
           '    "pyspark_batch": {"main_python_file_uri": "gs://b/job.py"},\n'
           '    "runtime_config": {"version": "2.2",\n'
           '                       "properties": {"spark.executor.instances": "4", "spark.driver.cores": "8"}}})\n')
    (from_airflow,) = read("dag.py", dag, "python")
    (from_json,) = read("batch.json", BATCH_JSON, "json")
    for config in (from_gcloud, from_airflow):
        assert (config.platform, config.is_python, config.declared_version.spark) == ("dataproc-serverless", True,
                                                                                      "3.5.1")
        assert [(s.key, s.value, s.layer.rank) for s in config.written()] == [
            (s.key, s.value, s.layer.rank) for s in from_json.written()]
    assert settings_of(from_airflow)[0] == ("spark.executor.instances", "4", 5, "batch.runtime_config.properties")
    job_dag = ('from airflow.providers.google.cloud.operators.dataproc import DataprocSubmitJobOperator\n'
               'job = DataprocSubmitJobOperator(task_id="j", job={"placement": {"cluster_name": "c"},\n'
               '    "pyspark_job": {"main_python_file_uri": "gs://b/j.py", "properties": {"spark.executor.cores": "2"}}})\n')
    (job,) = read("dag.py", job_dag, "python")
    assert (job.dialect, job.platform, job.is_python, settings_of(job)) == (
        "airflow-dataproc-job", "dataproc", True, [("spark.executor.cores", "2", 3, "job.pyspark_job.properties")])


@pytest.mark.parametrize("name, text", [
    ("package.json", '{"name": "x", "config": {"port": 8080}, "scripts": {"start": "node ."}}'),
    ("values.yaml", "runtimeConfig:\n  properties:\n    a: b\n"),
    ("cluster.json", '{"config": {"softwareConfig": []}}'),
    ("k8s.yaml", "placement:\n  zone: a\njobs: []\n"),
])
def test_other_json_and_yaml_stay_quiet(name, text, lint):
    run = lint({name: text})
    assert (run.code, run.findings) == (0, [])


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8))
_NAMES = st.sampled_from(["config", "softwareConfig", "software_config", "properties", "imageVersion", "jobs",
                          "placement", "managedCluster", "pysparkJob", "spark_job", "stepId", "runtimeConfig",
                          "runtime_config", "version", "pysparkBatch", "environmentConfig", "job",
                          "spark:spark.executor.memory", "spark.driver.cores"])
_TREES = st.recursive(_SCALARS, lambda children: st.one_of(
    st.lists(children, max_size=3), st.dictionaries(_NAMES, children, max_size=4)), max_leaves=20)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=st.dictionaries(_NAMES, _TREES, max_size=5))
def test_fuzzed_dataproc_shapes_never_raise(tree):
    text = json.dumps(tree)
    documents, _ = load("fuzz.json", text, "json")
    for document in documents:
        recognise(document)


def test_serverless_driver_cores_off_the_grid_and_unsupported_properties_are_errors(lint):
    script = ("gcloud dataproc batches submit spark --region=us-central1 --class=org.example.Main \\\n"
              "    --jars=gs://b/app.jar \\\n"
              "    --properties=spark.driver.cores=2,spark.shuffle.service.enabled=true,spark.master=yarn\n")
    run = lint({"submit.sh": script})
    assert [(f["rule"], f["line"], f["column"], f["severity"]) for f in run.findings] == [
        ("SL321", 3, 18, "error"), ("SL322", 3, 39, "error"), ("SL322", 3, 74, "error")]
    assert run.code == 1
    cores, shuffle, master = (f["message"] for f in run.findings)
    assert cores.startswith("spark.driver.cores=2 is not a Dataproc Serverless driver size: the valid values are "
                            "4, 8, 16")
    assert "dataproc-serverless/docs/concepts/properties" in shuffle and "the application will fail" in master


def test_the_same_properties_on_a_cluster_job_or_written_false_are_quiet(lint):
    on_cluster = ("gcloud dataproc jobs submit spark --cluster=c --region=us-central1 --class=org.example.Main \\\n"
                  "    --properties=spark.driver.cores=2,spark.shuffle.service.enabled=true\n")
    batch = json.dumps({"pysparkBatch": {"mainPythonFileUri": "gs://b/j.py"},
                        "runtimeConfig": {"properties": {"spark.driver.cores": "16",
                                                         "spark.shuffle.service.enabled": "false",
                                                         "spark.master": "${MASTER}"}}}, indent=2)
    run = lint({"cluster-job.sh": on_cluster, "batch.json": batch})
    assert (run.code, run.findings) == (0, [])


def test_serverless_driver_memory_per_core_outside_the_standard_tier_range_is_a_warning(lint):
    # 40g heap + 4096 MiB overhead over 4 cores = 11264 MiB a core (> 7424m); 8g + 819 MiB over 16 = 563 (< 1024m).
    script = ("gcloud dataproc batches submit pyspark job.py --region=us-central1 \\\n"
              "    --properties=spark.driver.cores=4,spark.driver.memory=40g\n"
              "gcloud dataproc batches submit pyspark job.py --region=us-central1 \\\n"
              "    --properties=spark.driver.cores=16,spark.driver.memory=8g\n"
              "gcloud dataproc batches submit pyspark job.py --region=us-central1 \\\n"
              "    --properties=spark.driver.cores=8,spark.driver.memory=40g\n"
              "gcloud dataproc batches submit pyspark job.py --region=us-central1 \\\n"
              "    --properties=spark.driver.cores=16,spark.driver.memory=4g,dataproc.tier=premium\n"
              "gcloud dataproc batches submit pyspark job.py --region=us-central1 --properties=spark.driver.cores=16\n"
              "gcloud dataproc jobs submit pyspark job.py --cluster=c --region=us-central1 \\\n"
              "    --properties=spark.driver.memory=40g\n")
    run = lint({"submit.sh": script})
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [
        ("SL324", 2, "warning"), ("SL324", 4, "warning")]
    assert "11264 MiB per core, above the 1024m-7424m per core" in run.findings[0]["message"]
    assert "563 MiB per core, below" in run.findings[1]["message"]


def test_airflow_cluster_and_inline_workflow_template_operators():
    dag = ('from airflow.providers.google.cloud.operators.dataproc import (DataprocCreateClusterOperator,\n'
           '    DataprocInstantiateInlineWorkflowTemplateOperator)\n'
           'create = DataprocCreateClusterOperator(task_id="create", cluster_name="c", cluster_config={\n'
           '    "software_config": {"image_version": "2.1-debian11",\n'
           '                        "properties": {"spark:spark.executor.memory": "5g", "yarn:x": "1"}}})\n'
           'run = DataprocInstantiateInlineWorkflowTemplateOperator(task_id="run", template={\n'
           '    "placement": {"managed_cluster": {"cluster_name": "m", "config": {"software_config": {\n'
           '        "properties": {"spark:spark.executor.cores": "2"}}}}},\n'
           '    "jobs": [{"step_id": "etl", "pyspark_job": {"main_python_file_uri": "gs://b/e.py",\n'
           '                                               "properties": {"spark.executor.cores": "4"}}}]})\n')
    configs = read("dag.py", dag, "python")
    assert [(config.dialect, config.name, config.platform) for config in configs] == [
        ("airflow-dataproc-cluster", "create", "dataproc"), ("airflow-dataproc-workflow-template", "run [etl]",
                                                             "dataproc")]
    cluster, template = configs
    assert settings_of(cluster) == [("spark.executor.memory", "5g", 5, "cluster_config.software_config.properties")]
    assert cluster.declared_version.spark == "3.3"
    cores = template.effective("spark.executor.cores")
    assert (cores.value, cores.span.line, cores.field) == ("4", 10, "template.jobs[0].pyspark_job.properties")


def test_explain_works_on_each_dataproc_shape(tmp_path, capsys, monkeypatch):
    shapes = {"cluster.json": CLUSTER_JSON, "template.yaml": WORKFLOW_YAML, "batch.json": BATCH_JSON,
              "main.tf": (FIXTURES / "batch_spark_full.tf").read_text(encoding="utf-8"),
              "submit.sh": "gcloud dataproc jobs submit pyspark j.py --cluster=c --properties=spark.executor.cores=2\n"}
    found = {}
    for name, text in shapes.items():
        for config in explain(tmp_path, capsys, monkeypatch, name, text):
            found.setdefault(name, []).append((config["platform"], config["spark_version"]))
    assert found == {"cluster.json": [("dataproc", "3.5")], "template.yaml": [("dataproc", "3.3")],
                     "batch.json": [("dataproc-serverless", "3.5")],
                     "main.tf": [("dataproc", "3.5"), ("dataproc-serverless", "3.5")],
                     "submit.sh": [("dataproc", "3.5")]}
    from sparklint.cli import main

    capsys.readouterr()
    assert main(["explain", "template.yaml"]) == 0
    text = capsys.readouterr().out
    # each number with its source: the job's value over the managed cluster's, the image's Spark version
    assert "template.yaml:5 (jobs[0].pysparkJob.properties); overrides 6g [template.yaml:18 " in text
    assert "imageVersion 2.1-debian11 at template.yaml:16" in text
    assert "the Dataproc cluster decides" in text  # Dataproc's own spark-defaults.conf sizes the executors
