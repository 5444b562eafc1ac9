"""Airflow operators that hand a Spark job to a platform API: their literal arguments are read with the
readers of those API bodies (EMR Serverless / EMR on EKS StartJobRun, EMR steps, Dataproc job and batch
properties, Databricks new_cluster.spark_conf, Glue job arguments).

Real example: tests/fixtures/python/example_emr_serverless.py, an excerpt of apache/airflow
`providers/amazon/tests/system/amazon/aws/example_emr_serverless.py` @ 03bb5daa: Airflow's own example asks
EMR Serverless for 1 executor, and dynamic allocation (on by default there) starts 3.
"""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "python"

EMR = 'from airflow.providers.amazon.aws.operators.emr import (EmrServerlessStartJobOperator, EmrAddStepsOperator,\n    EmrContainerOperator)\n\nstart = EmrServerlessStartJobOperator(\n    task_id="start_job",\n    application_id="{{ ti.xcom_pull(\'create_app\') }}",\n    execution_role_arn="arn:aws:iam::1:role/r",\n    job_driver={"sparkSubmit": {"entryPoint": "s3://b/job.py",\n                                "sparkSubmitParameters": "--conf spark.executor.instances=1 --conf spark.executor.memry=4g"}},\n    configuration_overrides={"applicationConfiguration": [\n        {"classification": "spark-defaults", "properties": {"spark.executor.cores": "5"}}]},\n)\nSTEPS = [{"Name": "etl", "ActionOnFailure": "CONTINUE", "HadoopJarStep": {"Jar": "command-runner.jar",\n          "Args": ["spark-submit", "--deploy-mode", "cluster", "--conf", "spark.executor.memory=4x", "s3://b/a.py"]}}]\nsteps = EmrAddStepsOperator(task_id="steps", job_flow_id="j-1", steps=STEPS)\neks = EmrContainerOperator(task_id="eks", virtual_cluster_id="v", execution_role_arn="r", release_label="emr-6.15.0-latest",\n    job_driver={"sparkSubmitJobDriver": {"entryPoint": "s3://b/a.py", "sparkSubmitParameters": "--conf spark.executor.instances=2"}},\n    configuration_overrides={"applicationConfiguration": [{"classification": "spark-defaults",\n        "properties": {"spark.dynamicAllocation.enabled": "true", "spark.dynamicAllocation.initialExecutors": "5"}}]})\n'
GCP = 'from airflow.providers.google.cloud.operators.dataproc import DataprocSubmitJobOperator, DataprocCreateBatchOperator\nPYSPARK_JOB = {"reference": {"project_id": "p"}, "placement": {"cluster_name": "c"},\n               "pyspark_job": {"main_python_file_uri": "gs://b/a.py", "properties": {"spark.executor.memory": "4gb", "spark.yarn.executor.memoryOverhead": "1g"}}}\nsubmit = DataprocSubmitJobOperator(task_id="pyspark_task", job=PYSPARK_JOB, region="us-central1", project_id="p")\nbatch = DataprocCreateBatchOperator(task_id="batch", batch={"pyspark_batch": {"main_python_file_uri": "gs://b/a.py"},\n    "runtime_config": {"version": "2.1", "properties": {"spark.executor.instancess": "2"}}}, batch_id="b")\n'
DATABRICKS = 'from airflow.providers.databricks.operators.databricks import DatabricksSubmitRunOperator, DatabricksCreateJobsOperator\nnew_cluster = {"spark_version": "13.3.x-scala2.12", "node_type_id": "i3.xlarge", "num_workers": 2,\n               "spark_conf": {"spark.speculation": "yes"}}\nrun = DatabricksSubmitRunOperator(task_id="run", new_cluster=new_cluster, notebook_task={"notebook_path": "/x"})\njobs = DatabricksCreateJobsOperator(task_id="jobs", json={"name": "j", "job_clusters": [{"job_cluster_key": "k",\n    "new_cluster": {"spark_version": "13.3.x-scala2.12", "spark_conf": {"spark.sql.shuffle.partition": "8"}}}]})\n'
GLUE = 'from airflow.providers.amazon.aws.operators.glue import GlueJobOperator\ng = GlueJobOperator(task_id="g", job_name="etl", script_location="s3://b/a.py",\n                    script_args={"--conf": "spark.sql.shuffle.partitions=10 --conf SPARK.serializer=x", "--spark.foo": "1"})\n'


def test_airflows_own_emr_serverless_example_starts_3_executors_not_1(lint):
    run = lint({"example_emr_serverless.py": (FIXTURES / "example_emr_serverless.py").read_text(encoding="utf-8")})
    (finding,) = run.findings
    assert (finding["rule"], finding["line"]) == ("SL201", 36)  # the sparkSubmitParameters string
    assert "starts 3 executors, not 1" in finding["message"]


def test_emr_operators_are_read_as_start_job_runs_and_steps(lint):
    run = lint({"emr.py": EMR})
    assert run.rules() == [("SL201", 9, 66), ("SL003", 9, 100), ("SL301", 11, 85), ("SL006", 14, 74),
                           ("SL201", 17, 104)]
    assert "emr.py:11 (configurationOverrides.applicationConfiguration[0] spark-defaults)" in run.findings[2]["message"]


def test_explain_names_the_operator_and_the_platform(tmp_path, capsys, monkeypatch):
    from sparklint.cli import main

    (tmp_path / "emr.py").write_text(EMR, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["explain", "--format", "json", "emr.py"]) == 0
    configs = json.loads(capsys.readouterr().out)["configs"]
    assert [(config["name"], config["platform"]) for config in configs] == [
        ("start_job", "emr-serverless"), ("etl", "emr"), ("eks", "kubernetes")]


def test_dataproc_job_and_batch_properties(lint):
    run = lint({"gcp.py": GCP})
    assert run.rules() == [("SL005", 3, 118), ("SL003", 6, 57)]


def test_databricks_new_clusters_in_arguments_and_json(lint):
    run = lint({"dbx.py": DATABRICKS})
    assert run.rules() == [("SL006", 3, 52), ("SL003", 6, 73)]


def test_glue_script_args(lint):
    run = lint({"glue.py": GLUE})
    assert run.rules() == [("SL004", 3, 84), ("SL004", 3, 105)]


def test_platform_keys_in_databricks_and_dataproc_specs_are_not_reported(lint):
    text = ("from airflow.providers.databricks.operators.databricks import DatabricksSubmitRunOperator\n"
            "run = DatabricksSubmitRunOperator(task_id='run', new_cluster={'spark_version': '13.3.x-scala2.12',\n"
            "    'spark_conf': {'spark.databricks.delta.preview.enabled': 'true', 'fs.azure.account.auth.type': 'OAuth'}})\n"
            "from airflow.providers.google.cloud.operators.dataproc import DataprocCreateBatchOperator\n"
            "batch = DataprocCreateBatchOperator(task_id='b', batch={'runtime_config': {'properties': {\n"
            "    'spark.dataproc.scaling.version': '2', 'spark.executor.instances': '2'}}})\n")
    assert lint({"dag.py": text}).findings == []


JOB_FLOW = 'from airflow.providers.amazon.aws.operators.emr import EmrCreateJobFlowOperator\nSPARK_STEPS = [{"Name": "calc", "ActionOnFailure": "CONTINUE", "HadoopJarStep": {"Jar": "command-runner.jar",\n    "Args": ["spark-submit", "--num-executors", "2", "s3://b/a.py"]}}]\nJOB_FLOW_OVERRIDES = {\n    "Name": "x", "ReleaseLabel": "emr-6.10.0", "Applications": [{"Name": "Spark"}],\n    "Configurations": [{"Classification": "spark-defaults", "Properties": {"spark.dynamicAllocation.initialExecutors": "4",\n                                                                          "spark.executor.memry": "2g"}}],\n    "Steps": SPARK_STEPS,\n}\ncreate = EmrCreateJobFlowOperator(task_id="create", job_flow_overrides=JOB_FLOW_OVERRIDES)\n'


def test_a_job_flow_override_is_read_as_an_emr_cluster_with_its_steps(lint):
    run = lint({"jf.py": JOB_FLOW})
    assert run.rules() == [("SL201", 3, 49), ("SL003", 7, 75)]
    assert "initialExecutors=4 [jf.py:6 (Configurations[0] spark-defaults)]" in run.findings[0]["message"]
