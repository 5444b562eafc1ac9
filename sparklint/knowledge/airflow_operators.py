"""The arguments of the Airflow operators (other than SparkSubmitOperator, see `airflow.py`) whose calls carry
Spark settings: each operator's own `__init__` keywords and those of its provider base classes
(`AwsBaseOperator`: aws_conn_id, region_name, verify, botocore_config; `KubernetesPodOperator` for
SparkKubernetesOperator from cncf-kubernetes 8; `SparkSubmitOperator` for SparkJDBCOperator), BaseOperator's
not included (`airflow.BASE_OPERATOR_ARGUMENTS`).

Each set is the union over the provider versions named above it, read with `ast` from the published
wheels (`__init__` parameters, plus the deprecated names an `__init__` takes out of `**kwargs` with
`kwargs.pop("...")` / `kwargs.get("...")`), so a DAG written for any of those versions is not flagged for an
argument its version has; an argument is unknown only when no sampled version has it. Files (apache/airflow,
`providers/<name>/src/` in the current tree, `airflow/providers/...` in the wheels):
- `airflow/providers/amazon/aws/operators/emr.py` (EmrServerlessStartJobOperator, EmrContainerOperator,
  EmrAddStepsOperator, EmrCreateJobFlowOperator; `emr_add_steps.py` / `emr_create_job_flow.py` in amazon 2.0,
  `emr_containers.py` in amazon 4.0) and `.../operators/glue.py` (GlueJobOperator), base class in
  `.../operators/base_aws.py`;
- `airflow/providers/google/cloud/operators/dataproc.py` (DataprocSubmitJobOperator,
  DataprocCreateBatchOperator, DataprocCreateClusterOperator, DataprocInstantiateInlineWorkflowTemplateOperator);
- `airflow/providers/databricks/operators/databricks.py` (DatabricksSubmitRunOperator, DatabricksRunNowOperator,
  DatabricksCreateJobsOperator);
- `airflow/providers/cncf/kubernetes/operators/spark_kubernetes.py` (SparkKubernetesOperator) and `.../pod.py`;
- `airflow/providers/apache/livy/operators/livy.py` (LivyOperator);
- `airflow/providers/apache/spark/operators/spark_sql.py`, `.../spark_jdbc.py` (SparkSqlOperator,
  SparkJDBCOperator);
- Airflow 1.10.15 `airflow/contrib/operators/` for the operators that existed there (emr_add_steps_operator.py,
  emr_create_job_flow_operator.py, databricks_operator.py, spark_sql_operator.py, spark_jdbc_operator.py).
"""

from __future__ import annotations

OPERATOR_ARGUMENTS: dict[str, frozenset[str]] = {
    # versions read: databricks-6.0.0, databricks-7.0.0, databricks-7.23.0
    "DatabricksCreateJobsOperator": frozenset({
        "access_control_list", "databricks_conn_id", "databricks_retry_args", "databricks_retry_delay",
        "databricks_retry_limit", "description", "email_notifications", "environments", "git_source", "job_clusters",
        "json", "max_concurrent_runs", "name", "notification_settings", "performance_target", "polling_period_seconds",
        "schedule", "tags", "tasks", "timeout_seconds", "trigger", "webhook_notifications"
    }),
    # versions read: Airflow 1.10.15, databricks-2.0.0, databricks-4.0.0, databricks-6.0.0, databricks-7.0.0,
    # databricks-7.23.0
    "DatabricksRunNowOperator": frozenset({
        "cancel_previous_runs", "databricks_conn_id", "databricks_repair_reason_new_settings", "databricks_retry_args",
        "databricks_retry_delay", "databricks_retry_limit", "dbt_commands", "deferrable", "durable",
        "forward_dag_params", "idempotency_token", "jar_params", "job_id", "job_name", "job_parameters", "json",
        "notebook_params", "openlineage_inject_parent_job_info", "performance_target", "polling_period_seconds",
        "python_named_params", "python_params", "repair_run", "spark_submit_params", "wait_for_termination"
    }),
    # versions read: Airflow 1.10.15, databricks-2.0.0, databricks-4.0.0, databricks-6.0.0, databricks-7.0.0,
    # databricks-7.23.0
    "DatabricksSubmitRunOperator": frozenset({
        "access_control_list", "databricks_conn_id", "databricks_retry_args", "databricks_retry_delay",
        "databricks_retry_limit", "dbt_task", "deferrable", "durable", "environments", "existing_cluster_id",
        "git_source", "idempotency_token", "json", "libraries", "new_cluster", "notebook_task",
        "openlineage_inject_parent_job_info", "openlineage_inject_transport_info", "performance_target",
        "pipeline_task", "polling_period_seconds", "run_name", "spark_jar_task", "spark_python_task",
        "spark_submit_task", "tasks", "timeout_seconds", "wait_for_termination"
    }),
    # versions read: google-8.0.0, google-10.0.0, google-16.0.0, google-22.8.0
    "DataprocCreateBatchOperator": frozenset({
        "asynchronous", "batch", "batch_id", "batch_id_prefix", "deferrable", "gcp_conn_id", "impersonation_chain",
        "metadata", "num_retries_if_resource_is_not_ready", "openlineage_inject_parent_job_info",
        "openlineage_inject_transport_info", "polling_interval_seconds", "project_id", "region", "request_id",
        "result_retry", "retry", "timeout"
    }),
    # versions read: google-6.0.0, google-8.0.0, google-10.0.0, google-16.0.0, google-22.8.0
    "DataprocCreateClusterOperator": frozenset({
        "cluster_config", "cluster_name", "deferrable", "delete_on_error", "gcp_conn_id", "impersonation_chain",
        "labels", "metadata", "num_retries_if_resource_is_not_ready", "polling_interval_seconds", "project_id",
        "region", "request_id", "retry", "timeout", "use_if_exists", "virtual_cluster_config"
    }),
    # versions read: google-6.0.0, google-8.0.0, google-10.0.0, google-16.0.0, google-22.8.0
    "DataprocInstantiateInlineWorkflowTemplateOperator": frozenset({
        "cancel_on_kill", "deferrable", "gcp_conn_id", "impersonation_chain", "metadata",
        "openlineage_inject_parent_job_info", "openlineage_inject_transport_info", "polling_interval_seconds",
        "project_id", "region", "request_id", "retry", "template", "timeout"
    }),
    # versions read: google-6.0.0, google-8.0.0, google-10.0.0, google-16.0.0, google-22.8.0
    "DataprocSubmitJobOperator": frozenset({
        "asynchronous", "cancel_on_kill", "deferrable", "gcp_conn_id", "impersonation_chain", "job", "location",
        "metadata", "openlineage_inject_parent_job_info", "openlineage_inject_transport_info",
        "polling_interval_seconds", "project_id", "region", "request_id", "retry", "timeout", "wait_timeout"
    }),
    # versions read: amazon-2.0.0, amazon-4.0.0, amazon-7.0.0, amazon-8.20.0, amazon-9.10.0, amazon-9.39.0, Airflow
    # 1.10.15
    "EmrAddStepsOperator": frozenset({
        "aws_conn_id", "botocore_config", "cluster_states", "deferrable", "execution_role_arn", "job_flow_id",
        "job_flow_name", "openlineage_inject_parent_job_info", "region", "region_name", "steps", "verify",
        "wait_for_completion", "waiter_delay", "waiter_max_attempts", "xcom_push"
    }),
    # versions read: amazon-4.0.0, amazon-7.0.0, amazon-8.20.0, amazon-9.10.0, amazon-9.39.0
    "EmrContainerOperator": frozenset({
        "aws_conn_id", "botocore_config", "cancel_on_kill", "client_request_token", "configuration_overrides",
        "deferrable", "execution_role_arn", "job_driver", "job_retry_max_attempts", "max_polling_attempts", "max_tries",
        "name", "openlineage_inject_parent_job_info", "openlineage_inject_transport_info", "poll_interval", "region",
        "region_name", "release_label", "tags", "verify", "virtual_cluster_id", "wait_for_completion"
    }),
    # versions read: amazon-2.0.0, amazon-4.0.0, amazon-7.0.0, amazon-8.20.0, amazon-9.10.0, amazon-9.39.0, Airflow
    # 1.10.15
    "EmrCreateJobFlowOperator": frozenset({
        "aws_conn_id", "botocore_config", "deferrable", "emr_conn_id", "job_flow_overrides", "region", "region_name",
        "terminate_job_flow_on_failure", "verify", "wait_for_completion", "wait_policy",
        "waiter_check_interval_seconds", "waiter_countdown", "waiter_delay", "waiter_max_attempts"
    }),
    # versions read: amazon-7.0.0, amazon-8.20.0, amazon-9.10.0, amazon-9.39.0
    "EmrServerlessStartJobOperator": frozenset({
        "application_id", "aws_conn_id", "botocore_config", "cancel_on_kill", "client_request_token", "config",
        "configuration_overrides", "deferrable", "enable_application_ui_links", "execution_role_arn", "job_driver",
        "name", "openlineage_inject_parent_job_info", "openlineage_inject_transport_info", "region", "region_name",
        "verify", "wait_for_completion", "waiter_check_interval_seconds", "waiter_countdown", "waiter_delay",
        "waiter_max_attempts"
    }),
    # versions read: amazon-4.0.0, amazon-7.0.0, amazon-8.20.0, amazon-9.10.0, amazon-9.39.0
    "GlueJobOperator": frozenset({
        "aws_conn_id", "botocore_config", "concurrent_run_limit", "create_job_kwargs", "deferrable", "durable",
        "iam_role_arn", "iam_role_name", "job_desc", "job_name", "job_poll_interval", "num_of_dpus",
        "openlineage_inject_parent_job_info", "openlineage_inject_transport_info", "region", "region_name",
        "replace_script_file", "resume_glue_job_on_retry", "retry_limit", "run_job_kwargs", "s3_bucket", "script_args",
        "script_location", "sleep_before_return", "stop_job_run_on_kill", "update_config", "verbose", "verify",
        "wait_for_completion", "waiter_delay", "waiter_max_attempts"
    }),
    # versions read: apache-livy-1.0.0, apache-livy-3.0.0, apache-livy-3.9.0, apache-livy-4.6.4
    "LivyOperator": frozenset({
        "archives", "args", "class_name", "conf", "deferrable", "driver_cores", "driver_memory", "durable",
        "executor_cores", "executor_memory", "extra_headers", "extra_options", "file", "files", "jars",
        "livy_conn_auth_type", "livy_conn_id", "livy_endpoint_prefix", "name", "num_executors",
        "openlineage_inject_parent_job_info", "openlineage_inject_transport_info", "polling_interval", "proxy_user",
        "py_files", "retry_args"
    }),
    # versions read: apache-spark-1.0.0, Airflow 1.10.15, apache-spark-4.0.0, apache-spark-5.0.0, apache-spark-6.3.4
    "SparkJDBCOperator": frozenset({
        "batch_size", "cmd_type", "create_table_column_types", "fetch_size", "jdbc_conn_id", "jdbc_driver",
        "jdbc_table", "jdbc_truncate", "lower_bound", "metastore_table", "num_partitions", "partition_column",
        "save_format", "save_mode", "spark_app_name", "spark_conf", "spark_conn_id", "spark_files", "spark_jars",
        "spark_py_files", "upper_bound"
    }),
    # versions read: cncf-kubernetes-2.0.0, cncf-kubernetes-7.0.0, cncf-kubernetes-8.0.0, cncf-kubernetes-9.0.0,
    # cncf-kubernetes-10.25.0
    "SparkKubernetesOperator": frozenset({
        "active_deadline_seconds", "affinity", "annotations", "api_group", "api_version", "application_file",
        "arguments", "automount_service_account_token", "base_container_name", "base_container_status_polling_interval",
        "callbacks", "cluster_context", "cmds", "code_path", "config_file", "configmaps", "container_logs",
        "container_name_log_prefix_enabled", "container_resources", "container_security_context", "deferrable",
        "delete_on_termination", "dns_config", "dnspolicy", "durable", "env_from", "env_vars", "full_pod_spec",
        "get_logs", "host_aliases", "hostname", "hostnetwork", "image", "image_pull_policy", "image_pull_secrets",
        "in_cluster", "init_container_logs", "init_containers", "is_delete_operator_pod", "kubernetes_conn_id",
        "labels", "log_events_on_failure", "log_events_on_startup", "log_formatter", "log_pod_spec_on_failure",
        "logging_interval", "name", "namespace", "node_selector", "on_finish_action", "on_kill_action",
        "pod_runtime_info_envs", "pod_template_dict", "pod_template_file", "poll_interval", "ports",
        "priority_class_name", "progress_callback", "random_name_suffix", "reattach_on_restart", "runtime_class_name",
        "schedule_timeout_seconds", "schedulername", "secrets", "security_context", "service_account_name",
        "skip_on_exit_code", "startup_check_interval_seconds", "startup_timeout_seconds", "subdomain",
        "success_run_history_limit", "template_spec", "termination_grace_period", "termination_message_policy",
        "tolerations", "trigger_kwargs", "volume_mounts", "volumes", "xcom_push",
        "xcom_sidecar_container_security_context"
    }),
    # versions read: apache-spark-1.0.0, Airflow 1.10.15, apache-spark-4.0.0, apache-spark-5.0.0, apache-spark-6.3.4
    "SparkSqlOperator": frozenset({
        "conf", "conn_id", "executor_cores", "executor_memory", "keytab", "master", "name", "num_executors",
        "principal", "sql", "total_executor_cores", "verbose", "yarn_queue"
    }),
}
