"""SL401 on every Airflow operator sparklint reads, and the Spark settings of the operators whose hooks build
the job from typed arguments (SparkSqlOperator, SparkJDBCOperator, LivyOperator).

The argument sets are read from the published provider wheels (sparklint/knowledge/airflow_operators.py):
an argument that some read version has is accepted, so a DAG for an old provider is not flagged."""

from __future__ import annotations

import pytest

EMR = "from airflow.providers.amazon.aws.operators.emr import *\n"

# (operator, its import, arguments of some provider version, a misspelt argument)
CALLS = [
    ("EmrServerlessStartJobOperator", "airflow.providers.amazon.aws.operators.emr",
     "application_id='a', execution_role_arn='r', job_driver={}, config={}, aws_conn_id='aws', waiter_countdown=60",
     "configuration_override={}"),
    ("EmrContainerOperator", "airflow.providers.amazon.aws.operators.emr",
     "virtual_cluster_id='v', execution_role_arn='r', release_label='emr-6.15.0-latest', job_driver={}, "
     "max_tries=3, poll_interval=30", "virtual_cluster='v'"),
    ("EmrAddStepsOperator", "airflow.providers.amazon.aws.operators.emr",
     "job_flow_name='c', cluster_states=['WAITING'], steps=[], region_name='eu-west-1'", "step=[]"),
    ("EmrCreateJobFlowOperator", "airflow.providers.amazon.aws.operators.emr",
     "job_flow_overrides={}, emr_conn_id='emr', waiter_check_interval_seconds=60", "job_flow_override={}"),
    ("GlueJobOperator", "airflow.providers.amazon.aws.operators.glue",
     "job_name='j', script_location='s3://b/a.py', num_of_dpus=2, iam_role_name='r'", "worker_type='G.1X'"),
    ("DataprocSubmitJobOperator", "airflow.providers.google.cloud.operators.dataproc",
     "job={}, location='us-central1', project_id='p', gcp_conn_id='g'", "cluster_name='c'"),
    ("DataprocCreateBatchOperator", "airflow.providers.google.cloud.operators.dataproc",
     "batch={}, batch_id='b', region='r', result_retry=None", "runtime_config={}"),
    ("DatabricksSubmitRunOperator", "airflow.providers.databricks.operators.databricks",
     "new_cluster={}, notebook_task={}, databricks_retry_limit=3, run_name='r'", "spark_conf={}"),
    ("DatabricksRunNowOperator", "airflow.providers.databricks.operators.databricks",
     "job_id=42, notebook_params={'a': 'b'}, spark_submit_params=['--conf', 'x=y']", "new_cluster={}"),
    ("DatabricksCreateJobsOperator", "airflow.providers.databricks.operators.databricks",
     "json={}, name='j', tasks=[], job_clusters=[]", "new_cluster={}"),
    ("SparkKubernetesOperator", "airflow.providers.cncf.kubernetes.operators.spark_kubernetes",
     "application_file='app.yaml', namespace='spark', kubernetes_conn_id='k8s', get_logs=True",
     "spark_conf={}"),
    ("LivyOperator", "airflow.providers.apache.livy.operators.livy",
     "file='s3://b/a.py', class_name='Main', polling_interval=30, livy_conn_id='livy'", "executor_instances=2"),
    ("SparkSqlOperator", "airflow.providers.apache.spark.operators.spark_sql",
     "sql='SELECT 1', master='yarn', yarn_queue='q', conn_id='spark_sql_default'", "driver_memory='2g'"),
    ("SparkJDBCOperator", "airflow.providers.apache.spark.operators.spark_jdbc",
     "cmd_type='spark_to_jdbc', jdbc_table='t', spark_conf={}, application='a.py', deploy_mode='cluster'",
     "jdbc_tabel='t'"),
]


@pytest.mark.parametrize("operator, module, known, unknown", CALLS, ids=[call[0] for call in CALLS])
def test_an_argument_no_provider_version_has_is_reported_at_its_line(lint, operator, module, known, unknown):
    text = (f"from {module} import {operator}\n"
            f"task = {operator}(task_id='t', retries=2, {known},\n"
            f"    {unknown})\n")
    run = lint({"dag.py": text})
    assert [(finding["rule"], finding["line"], finding["column"]) for finding in run.findings
            if finding["rule"] == "SL401"] == [("SL401", 3, 5)]
    assert f"{operator} has no argument {unknown.split('=')[0]!r}" in run.findings[0]["message"]
    assert run.code == 1


@pytest.mark.parametrize("operator, module, known, unknown", CALLS, ids=[call[0] for call in CALLS])
def test_arguments_of_every_read_provider_version_are_accepted(lint, operator, module, known, unknown):
    text = f"from {module} import {operator}\ntask = {operator}(task_id='t', dag=None, {known})\n"
    assert [finding for finding in lint({"dag.py": text}).findings if finding["rule"] == "SL401"] == []


def test_a_spark_submit_option_hint_names_only_an_argument_the_operator_has(lint):
    text = ("from airflow.providers.apache.spark.operators.spark_sql import SparkSqlOperator\n"
            "q = SparkSqlOperator(task_id='q', sql='SELECT 1', driver_memory='2g', executor_memroy='2g')\n")
    driver, executor = lint({"dag.py": text}).findings
    assert "driver_memory" not in driver["fix"]  # SparkSubmitOperator's argument, not SparkSqlOperator's
    assert "'executor_memory'" in executor["fix"]


def test_spark_sql_operator_conf_and_typed_arguments_are_spark_settings(lint):
    text = ("from airflow.providers.apache.spark.operators.spark_sql import SparkSqlOperator\n"
            "q = SparkSqlOperator(task_id='q', sql='SELECT 1', master='yarn',\n"
            "    conf={'spark.executor.memory': '2g', 'spark.sql.shuffle.partition': '8'},\n"
            "    executor_memory='4g', num_executors='two')\n")
    run = lint({"dag.py": text})
    assert run.rules() == [("SL007", 3, 36), ("SL003", 3, 42), ("SL006", 4, 41)]
    assert "spark.executor.memory=4g at dag.py:4" in run.findings[0]["message"]


def test_spark_jdbc_operator_spark_conf_and_typed_arguments(lint):
    text = ("from airflow.providers.apache.spark.operators.spark_jdbc import SparkJDBCOperator\n"
            "j = SparkJDBCOperator(task_id='j', cmd_type='jdbc_to_spark', jdbc_table='t',\n"
            "    spark_conf={'spark.executor.memroy': '2g'}, executor_memory='1x', driver_memory='512m')\n")
    run = lint({"dag.py": text})
    assert run.rules() == [("SL003", 3, 17), ("SL006", 3, 65)]


def test_livy_operator_arguments_are_a_livy_batch(lint):
    text = ("from airflow.providers.apache.livy.operators.livy import LivyOperator\n"
            "l = LivyOperator(task_id='l', file='s3://b/job.py', executor_memory='4x',\n"
            "    conf={'spark.executor.memory': '2g', 'spark.dynamicAllocation.enabld': 'true'})\n")
    run = lint({"dag.py": text})
    assert run.rules() == [("SL006", 2, 69), ("SL007", 3, 36), ("SL003", 3, 42)]


def test_operators_without_settings_in_the_dag_stay_quiet(lint):
    text = ("from airflow.providers.databricks.operators.databricks import DatabricksRunNowOperator\n"
            "from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator\n"
            "r = DatabricksRunNowOperator(task_id='r', job_id=1)\n"
            "k = SparkKubernetesOperator(task_id='k', application_file='app.yaml', namespace='spark')\n")
    run = lint({"dag.py": text})
    assert run.code == 0 and run.findings == []
