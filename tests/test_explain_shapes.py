"""`sparklint explain FILE` on one example of every shape sparklint reads: each example writes an executor
heap of 3g in its native way, and explain finds the config and shows that value at the file's line."""

from __future__ import annotations

import json

import pytest

NOTEBOOK_CELL = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": []}


def notebook(source: str, kernel: str = "pysparkkernel") -> str:
    return json.dumps({"cells": [{**NOTEBOOK_CELL, "source": source.splitlines(True)}],
                       "metadata": {"kernelspec": {"name": kernel, "display_name": kernel, "language": "python"}},
                       "nbformat": 4, "nbformat_minor": 5}, indent=1)


SUBMIT = "--conf spark.executor.memory=3g"
SHAPES = {
    "spark-defaults.conf": "spark.master yarn\nspark.executor.memory 3g\n",
    "spark.properties": "spark.executor.memory=3g\n",
    "spark.yaml": "spark.executor.memory: 3g\n",
    "start-job-run.json": json.dumps({"applicationId": "00abc", "executionRoleArn": "arn:aws:iam::1:role/r",
                                      "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py",
                                                                    "sparkSubmitParameters": SUBMIT}}}, indent=1),
    "application.json": json.dumps({"name": "app", "type": "SPARK", "releaseLabel": "emr-7.0.0",
                                    "maximumCapacity": {"cpu": "400 vCPU", "memory": "3000 GB", "disk": "20000 GB"},
                                    "runtimeConfiguration": [{"classification": "spark-defaults",
                                                              "properties": {"spark.executor.memory": "3g"}}]}, indent=1),
    "configurations.json": json.dumps([{"Classification": "spark-defaults",
                                        "Properties": {"spark.executor.memory": "3g"}}], indent=1),
    "emr-eks-job.json": json.dumps({"name": "j", "virtualClusterId": "v", "releaseLabel": "emr-6.10.0-latest",
                                    "executionRoleArn": "arn:aws:iam::1:role/r",
                                    "jobDriver": {"sparkSubmitJobDriver": {"entryPoint": "s3://b/m.py",
                                                                           "sparkSubmitParameters": SUBMIT}}}, indent=1),
    "livy-batch.json": json.dumps({"file": "s3://b/m.py", "executorMemory": "3g"}, indent=1),
    "session.ipynb": notebook('%%configure -f\n{"executorMemory": "3g"}'),
    "config.json": json.dumps({"session_configs": {"executorMemory": "3g"}}, indent=1),
    "sparkapp.yaml": ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: a\n"
                      "spec:\n  type: Python\n  mode: cluster\n  mainApplicationFile: local:///app/m.py\n"
                      "  sparkVersion: 3.5.0\n  driver:\n    cores: 1\n  executor:\n    instances: 2\n    memory: 3g\n"),
    "create-job.json": json.dumps({"Name": "etl", "Role": "r", "Command": {"Name": "glueetl", "ScriptLocation": "s3://b/e.py"},
                                   "GlueVersion": "4.0", "DefaultArguments": {"--conf": "spark.executor.memory=3g"}}, indent=1),
    "glue.tf": ('resource "aws_glue_job" "etl" {\n  command {\n    name = "glueetl"\n    script_location = "s3://b/e.py"\n  }\n'
                '  default_arguments = {\n    "--conf" = "spark.executor.memory=3g"\n  }\n}\n'),
    "emr.tf": ('resource "aws_emr_cluster" "c" {\n  name = "c"\n  release_label = "emr-6.15.0"\n'
               '  configurations_json = <<EOF\n[\n  {\n    "Classification": "spark-defaults",\n'
               '    "Properties": {"spark.executor.memory": "3g"}\n  }\n]\nEOF\n}\n'),
    "serverless.tf": ('resource "aws_emrserverless_application" "a" {\n  name = "a"\n  release_label = "emr-7.0.0"\n'
                      '  type = "spark"\n  runtime_configuration {\n    classification = "spark-defaults"\n'
                      '    properties = {\n      "spark.executor.memory" = "3g"\n    }\n  }\n}\n'),
    "cluster.json": json.dumps({"cluster_name": "c", "spark_version": "13.3.x-scala2.12", "node_type_id": "i3.xlarge",
                                "num_workers": 2, "spark_conf": {"spark.executor.memory": "3g"}}, indent=1),
    "databricks.tf": ('resource "databricks_cluster" "c" {\n  cluster_name = "c"\n  spark_version = "13.3.x-scala2.12"\n'
                      '  node_type_id = "i3.xlarge"\n  num_workers = 2\n  spark_conf = {\n'
                      '    "spark.executor.memory" = "3g"\n  }\n}\n'),
    "databricks.yml": ("bundle:\n  name: b\nresources:\n  jobs:\n    j:\n      name: j\n      job_clusters:\n"
                       "        - job_cluster_key: main\n          new_cluster:\n            spark_version: 13.3.x-scala2.12\n"
                       "            node_type_id: i3.xlarge\n            num_workers: 2\n            spark_conf:\n"
                       "              spark.executor.memory: 3g\n"),
    "dag.py": ("from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator\n"
               "t = SparkSubmitOperator(task_id='t', application='a.py', executor_memory='3g')\n"),
    "session.py": ("from pyspark.sql import SparkSession\n"
                   "spark = SparkSession.builder.config('spark.executor.memory', '3g').getOrCreate()\n"),
    "run.sh": "#!/bin/bash\nspark-submit --master yarn --executor-memory 3g app.py\n",
    "Dockerfile": 'FROM apache/spark:3.5.1\nCMD ["/opt/spark/bin/spark-submit", "--executor-memory", "3g", "/app/m.py"]\n',
    "docker-compose.yml": ("services:\n  job:\n    image: bitnami/spark:3.5\n"
                           "    command: spark-submit --master spark://m:7077 --executor-memory 3g /app/m.py\n"),
    "pod.yaml": ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n"
                 "      image: apache/spark:3.5.1\n      command: [\"/opt/spark/bin/spark-submit\"]\n"
                 "      args: [\"--master\", \"k8s://https://k:443\", \"--executor-memory\", \"3g\", \"local:///m.py\"]\n"),
    "configmap.yaml": "apiVersion: v1\nkind: ConfigMap\ndata:\n  spark-defaults.conf: |\n    spark.executor.memory 3g\n",
    "interpreter.json": json.dumps({"interpreterSettings": {"spark": {"group": "spark", "name": "spark", "properties": {
        "spark.executor.memory": {"name": "spark.executor.memory", "value": "3g", "type": "string"}}}}}, indent=1),
    "glue-session.ipynb": notebook('%glue_version 4.0\n%%configure\n{"--conf": "spark.executor.memory=3g"}',
                                   kernel="glue_pyspark"),
    "dataproc.sh": ("#!/bin/bash\ngcloud dataproc jobs submit pyspark m.py --cluster=c --region=r "
                    "--properties=spark.executor.memory=3g\n"),
    "Makefile": "run:\n\t@spark-submit --master yarn \\\n\t  --executor-memory 3g app.py\n",
    "emr-steps.sh": ("#!/bin/bash\naws emr add-steps --cluster-id j-1 --steps "
                     "Type=Spark,Name=s,Args=[--executor-memory,3g,s3://b/m.py]\n"),
}


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_explain_shows_each_shapes_setting_at_its_line(name, lint):
    text = SHAPES[name]
    run = lint({name: text}, "explain", "--format", "json", paths=(name,))
    assert run.code == 0, run.err
    configs = run.findings["configs"]
    assert configs, f"explain found no config in {name}"
    line = text[:text.index("3g")].count("\n") + 1
    sources = [item["source"] for config in configs for item in config["settings"]
               if item["key"] == "spark.executor.memory" and item["value"] == "3g"]
    assert any(f"{name}:{line}" in source for source in sources), (name, sources)


def test_an_application_explained_alone_shows_a_job_on_it(lint):
    run = lint({"application.json": SHAPES["application.json"]}, "explain", "--format", "json")
    (config,) = run.findings["configs"]
    assert config["name"] == "a job with no settings of its own on application app"
    assert config["platform"] == "emr-serverless" and config["kind"] == "job"
    settings = {item["key"]: item["value"] for item in config["settings"]}
    assert settings["spark.executor.memory"] == "3g"  # the application's runtimeConfiguration
    assert settings["spark.dynamicAllocation.initialExecutors"] == "3"  # over EMR Serverless' defaults
