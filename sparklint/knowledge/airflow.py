"""Airflow operators that submit Spark jobs: the arguments each accepts, and what Airflow does with others.

Sources (apache/airflow):
- `providers/apache/spark/src/airflow/providers/apache/spark/operators/spark_submit.py` (`SparkSubmitOperator.__init__`,
  current provider), `airflow/providers/apache/spark/operators/spark_submit.py` (provider 4.x) and
  `airflow/contrib/operators/spark_submit_operator.py` (Airflow 1.10): the operator's own arguments. The union
  of the three is accepted, so a DAG written for any of them is not flagged for an argument its version has.
- `providers/apache/spark/src/airflow/providers/apache/spark/hooks/spark_submit.py`
  (`SparkSubmitHook._build_spark_common_args`): the spark-submit command the operator runs: `--master` from the
  Spark connection always, `--conf k=v` for each `conf` entry, then `--num-executors`, `--executor-memory`, ...
  for the typed arguments, so those beat a `conf` entry of the same key (spark-submit semantics).
- `airflow/models/baseoperator.py` (2.x) and `task-sdk/src/airflow/sdk/bases/operator.py` (3.x): arguments every
  operator takes; an unknown keyword raises `AirflowException` (2.x, unless `[operators] allow_illegal_arguments`
  is set) or `TypeError` (3.x): "Invalid arguments were passed to <Operator> (task_id: ...)", and the DAG does
  not load. Airflow 1.10 only warned (PendingDeprecationWarning) and dropped the argument.
"""

from __future__ import annotations

from typing import Optional

from sparklint.knowledge.airflow_operators import OPERATOR_ARGUMENTS as _OTHER_OPERATORS

# Airflow operators whose arguments carry Spark settings (sparklint/dialects/airflow.py reads them).
OPERATORS = frozenset({
    "SparkSubmitOperator", "EmrServerlessStartJobOperator", "EmrAddStepsOperator", "EmrContainerOperator",
    "EmrCreateJobFlowOperator",
    "DataprocSubmitJobOperator", "DataprocCreateBatchOperator", "DataprocCreateClusterOperator",
    "DataprocInstantiateInlineWorkflowTemplateOperator", "DatabricksSubmitRunOperator",
    "DatabricksCreateJobsOperator", "GlueJobOperator", "DatabricksRunNowOperator", "SparkKubernetesOperator",
    "LivyOperator", "SparkSqlOperator", "SparkJDBCOperator",
})
# A Python file is parsed only when its text holds one of these (so ordinary Python costs a substring scan).
MARKERS = tuple(sorted(OPERATORS)) + ("SparkSession", "SparkConf")


def has_markers(text: str) -> bool:
    """Whether the text names an operator or SparkSession / SparkConf (a C-speed substring scan)."""
    return any(marker in text for marker in MARKERS)

# Every BaseOperator argument of Airflow 1.10, 2.x and 3.x.
BASE_OPERATOR_ARGUMENTS = frozenset({
    "task_id", "owner", "email", "email_on_retry", "email_on_failure", "retries", "retry_delay",
    "retry_exponential_backoff", "max_retry_delay", "retry_policy", "start_date", "end_date", "schedule_interval",
    "depends_on_past", "depends_on_previous_tasks", "ignore_first_depends_on_past",
    "wait_for_past_depends_before_skipping", "wait_for_downstream", "dag", "params", "default_args", "adhoc",
    "priority_weight", "weight_rule", "queue", "pool", "pool_slots", "sla", "execution_timeout",
    "on_execute_callback", "on_failure_callback", "on_success_callback", "on_retry_callback",
    "on_skipped_callback", "pre_execute", "post_execute", "trigger_rule", "resources", "run_as_user",
    "task_concurrency", "map_index_template", "max_active_tis_per_dag", "max_active_tis_per_dagrun", "executor",
    "executor_config", "do_xcom_push", "multiple_outputs", "inlets", "outlets", "task_group", "doc", "doc_md",
    "doc_json", "doc_yaml", "doc_rst", "task_display_name", "logger_name", "allow_nested_operators",
    "render_template_as_native_obj", "start_trigger_args", "start_from_trigger",
})

# SparkSubmitOperator argument -> the spark-submit option the hook passes for it (None: no Spark setting).
SPARK_SUBMIT_OPTIONS: dict[str, Optional[str]] = {
    "application": None, "conf": None, "conn_id": None, "application_args": None, "env_vars": None,
    "verbose": None, "spark_binary": None, "status_poll_interval": None, "use_krb5ccache": None,
    "post_submit_commands": None, "track_driver_via_k8s_api": None, "yarn_track_via_rm_api": None,
    "yarn_rm_auth": None, "openlineage_inject_parent_job_info": None, "openlineage_inject_transport_info": None,
    "reconnect_on_retry": None, "durable": None,
    "java_class": "--class", "properties_file": "--properties-file", "proxy_user": "--proxy-user",
    "files": "--files", "py_files": "--py-files", "archives": "--archives", "jars": "--jars",
    "driver_class_path": "--driver-class-path", "driver_classpath": "--driver-class-path",  # 1.10 spelling
    "packages": "--packages", "exclude_packages": "--exclude-packages", "repositories": "--repositories",
    "num_executors": "--num-executors", "total_executor_cores": "--total-executor-cores",
    "executor_cores": "--executor-cores", "executor_memory": "--executor-memory", "driver_memory": "--driver-memory",
    "keytab": "--keytab", "principal": "--principal", "name": "--name", "yarn_queue": "--queue",
    "deploy_mode": "--deploy-mode",
}

SPARK_SUBMIT_SOURCE = "airflow providers/apache/spark/.../operators/spark_submit.py"

# Operator -> its own arguments (BaseOperator's come on top), every operator of OPERATORS (the others'
# verified sets and their sources are in knowledge/airflow_operators.py).
OPERATOR_ARGUMENTS: dict[str, frozenset[str]] = {
    "SparkSubmitOperator": frozenset(SPARK_SUBMIT_OPTIONS),
    **_OTHER_OPERATORS,
}
# SparkJDBCOperator is a SparkSubmitOperator: it takes its arguments too.
OPERATOR_ARGUMENTS["SparkJDBCOperator"] = OPERATOR_ARGUMENTS["SparkJDBCOperator"] | frozenset(SPARK_SUBMIT_OPTIONS)


def accepts(operator: str, argument: str) -> Optional[bool]:
    """Whether `operator` takes `argument` in some Airflow version; None when its signature is not known here."""
    own = OPERATOR_ARGUMENTS.get(operator)
    if own is None:
        return None
    return argument in own or argument in BASE_OPERATOR_ARGUMENTS


def arguments_of(operator: str) -> frozenset[str]:
    return OPERATOR_ARGUMENTS.get(operator, frozenset()) | BASE_OPERATOR_ARGUMENTS
