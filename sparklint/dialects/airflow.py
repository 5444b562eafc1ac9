"""Airflow operators that submit Spark jobs, read from the literal arguments of their calls in a DAG file
(sparklint/load/python_ast.py gives one Document per call: `{<operator>: {<argument>: <value>}}`).

SparkSubmitOperator runs spark-submit with `--conf k=v` for each `conf` entry and a dedicated option for
each typed argument (`num_executors` -> `--num-executors`, ...; sparklint/knowledge/airflow.py), so a typed
argument beats a `conf` entry of the same key, as spark-submit flags beat `--conf`. The master comes from
the Airflow connection (`conn_id`), which the DAG file does not hold, so the platform stays unknown unless
the settings say.

The other operators pass their arguments to a platform API, whose shapes sparklint already reads:
- `EmrServerlessStartJobOperator(job_driver=, configuration_overrides=, application_id=)` and
  `EmrContainerOperator(job_driver={"sparkSubmitJobDriver": ...}, configuration_overrides=)` are a StartJobRun
  (EMR Serverless / EMR on EKS precedence, sparklint/dialects/emr_serverless.py);
- `EmrAddStepsOperator(steps=[...])`: boto3 `add_job_flow_steps` steps; a `spark-submit` step's `Args` are
  spark-submit words (sparklint/dialects/emr_configurations.py);
- `EmrCreateJobFlowOperator(job_flow_overrides={...})`: a `run_job_flow` body, its `Configurations` (the
  `spark-defaults` classification) and `Steps`, read like any EMR cluster definition;
- `DataprocSubmitJobOperator(job={"pyspark_job": {"properties": {...}}})` (also `spark_job`,
  `spark_sql_job`, `spark_r_job`, and the API's camelCase) and `DataprocCreateBatchOperator(batch={
  "runtime_config": {"properties": {...}}})`: Spark properties (Dataproc `Job` / `Batch` resources);
- `DatabricksSubmitRunOperator` / `DatabricksCreateJobsOperator`: each `new_cluster` (the argument, or inside
  `json`, `tasks[]`, `job_clusters[]`) gives its `spark_conf`, on the Databricks platform;
- `GlueJobOperator(script_args={"--conf": ...})` (else `create_job_kwargs.DefaultArguments`): Glue job arguments
  (sparklint/dialects/glue.py).
SparkSqlOperator, SparkJDBCOperator, LivyOperator and DatabricksRunNowOperator are read in
sparklint/dialects/airflow_hooks.py; SparkKubernetesOperator's SparkApplication in
sparklint/dialects/spark_kubernetes_operator.py.
Source: apache/airflow `providers/amazon/src/airflow/providers/amazon/aws/operators/emr.py`, `.../glue.py`,
`providers/google/src/airflow/providers/google/cloud/operators/dataproc.py`,
`providers/databricks/src/airflow/providers/databricks/operators/databricks.py`.
"""

from __future__ import annotations

from typing import Optional

from sparklint.dialects import airflow_hooks
from sparklint.dialects.common import add_map, lookup
from sparklint.knowledge.airflow import OPERATORS, SPARK_SUBMIT_OPTIONS
from sparklint.model import RANK_CONF, RANK_TYPED, JobConfig, Layer
from sparklint.tree import Document, Pairs, Ref, Value

SUBMIT_ARGUMENT = Layer("operator-argument", RANK_TYPED, "SparkSubmitOperator argument")
SUBMIT_CONF = Layer("operator-conf", RANK_CONF, "SparkSubmitOperator conf")
DATABRICKS_SPARK_CONF = Layer("databricks-spark-conf", RANK_CONF, "Databricks new_cluster.spark_conf")


def recognise(document: Document) -> Optional[list[JobConfig]]:
    if document.syntax != "python":
        return None
    root = document.root
    if not isinstance(root, Pairs) or len(root) != 1 or root.keys[0] not in OPERATORS:
        return None
    arguments = root.values[0]
    if not isinstance(arguments, Pairs):
        return []
    return read_call(document, root, arguments)


def read_call(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    """The jobs of one operator call `{operator: arguments}` (a Python call, or a dag-factory YAML task)."""
    operator = root.keys[0]
    reader = _READERS.get(operator)
    configs = reader(document, root, arguments) if reader is not None else []
    # A call without a Spark job sparklint can read (steps from an XCom, a job from a file) is still a job
    # submission, whose arguments SL401 judges.
    return configs or [_job(document, root, arguments, "airflow-" + operator)]


def operator_call(document: Document) -> Optional[tuple[str, Pairs]]:
    """(operator name, its arguments) of an operator Document, or None (for rules)."""
    root = document.root
    if document.syntax == "python" and isinstance(root, Pairs) and len(root) == 1 and root.keys[0] in OPERATORS \
            and isinstance(root.values[0], Pairs):
        return root.keys[0], root.values[0]
    return None


def _job(document: Document, root: Pairs, arguments: Pairs, dialect: str, platform: str = "generic",
         platform_source: str = "") -> JobConfig:
    return JobConfig(document.path, "job", dialect, platform=platform, platform_source=platform_source,
                     document=document, name=_task_id(arguments), ref=Ref(document, root, 0, on_key=True))


def _spark_submit(document: Document, root: Pairs, arguments: Pairs) -> JobConfig:
    config = airflow_hooks.hook_job(document, root, arguments, "airflow-spark-submit", "conf", SUBMIT_CONF,
                                    SPARK_SUBMIT_OPTIONS, SUBMIT_ARGUMENT)
    application = arguments.get("application")
    if isinstance(application, str) and not application.startswith("${"):
        config.is_python = application.endswith(".py")
    return config


def _as_api(document: Document, arguments: Pairs, names: dict[str, str]) -> Document:
    """A Document whose root holds some operator arguments under their API names (`job_driver` ->
    `jobDriver`), the values and their positions unchanged, for the readers of those API bodies."""
    entries: list[tuple[str, Value]] = []
    spans = []
    argument_spans = document.entry_spans(arguments) or []
    for index, key, value in arguments.entries():
        if key in names and index < len(argument_spans):
            entries.append((names[key], value))
            spans.append(argument_spans[index])
    root = Pairs(entries)
    document.spans[id(root)] = spans
    return Document(document.path, "python", root, document.text, index=document.index, spans=document.spans,
                    cell=document.cell)


def _start_job_run(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    from sparklint.dialects import emr_serverless

    body = _as_api(document, arguments, {"job_driver": "jobDriver", "configuration_overrides": "configurationOverrides",
                                         "application_id": "applicationId", "name": "name"})
    configs = emr_serverless.recognise_job(body) or []
    operator = root.keys[0]
    for config in configs:
        config.platform_source = operator
        config.dialect = "airflow-" + config.dialect
        config.ref = Ref(document, root, 0, on_key=True)
        config.name = config.name or _task_id(arguments)
    return configs


def _add_steps(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    from sparklint.dialects.emr_configurations import SparkStep, cluster

    steps = arguments.get("steps")
    if not isinstance(steps, list):
        return []  # a .json file name or an XCom: read at run time
    spark_steps = []
    for position, step in enumerate(steps):
        _, jar_step = lookup(step, "HadoopJarStep")
        _, args = lookup(jar_step, "Args")
        spark_steps.append(SparkStep(str(lookup(step, "Name")[1] or f"step {position + 1}"), args,
                                     Ref(document, steps, position), f"steps[{position}].HadoopJarStep.Args"))
    jobs = cluster(document, None, "steps", spark_steps)[1:]  # the cluster's own settings are not in the DAG
    for job in jobs:
        job.dialect, job.platform_source = "airflow-emr-step", "EmrAddStepsOperator"
    return jobs


def _create_job_flow(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    from sparklint.dialects import emr_configurations

    body = _as_api(document, arguments, {"job_flow_overrides": "overrides"}).root
    overrides = body.get("overrides") if isinstance(body, Pairs) else None
    if not isinstance(overrides, Pairs):
        return []
    configs = emr_configurations.recognise(Document(document.path, "python", overrides, document.text,
                                                    index=document.index, spans=document.spans,
                                                    cell=document.cell)) or []
    for config in configs:
        config.dialect, config.platform_source = "airflow-" + config.dialect, "EmrCreateJobFlowOperator"
        if config.ref is None:
            config.ref = Ref(document, root, 0, on_key=True)
    return configs


def _dataproc_job(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    """`job=` is a Dataproc Job (Python client dict or camelCase), read by the Dataproc dialect."""
    from sparklint.dialects import dataproc

    job = arguments.get("job")
    if not isinstance(job, Pairs) or dataproc.job_type(job) is None:
        return []
    config = dataproc.job_config(document, job, "job.", _task_id(arguments), "airflow-dataproc-job")
    config.ref = Ref(document, root, 0, on_key=True)
    return [config]


def _dataproc_batch(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    """`batch=` is a Dataproc Serverless Batch, read by the Dataproc dialect."""
    from sparklint.dialects import dataproc

    batch = arguments.get("batch")
    if not isinstance(batch, Pairs):
        return []
    config = dataproc.batch_config(document, batch, "batch.", _task_id(arguments), "airflow-dataproc-batch")
    config.ref = Ref(document, root, 0, on_key=True)
    return [config]


def _dataproc_cluster(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    """`cluster_config=` is a Dataproc ClusterConfig: its `spark:` properties and image version."""
    from sparklint.dialects import dataproc

    cluster = arguments.get("cluster_config")
    if not isinstance(cluster, Pairs):
        return []
    config = dataproc.cluster_config(document, cluster, "cluster_config.", _task_id(arguments))
    config.dialect, config.ref = "airflow-dataproc-cluster", Ref(document, root, 0, on_key=True)
    return [config]


def _dataproc_template(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    """`template=` is a WorkflowTemplate: its Spark jobs on the managed cluster."""
    from sparklint.dialects import dataproc

    template = arguments.get("template")
    if not isinstance(template, Pairs):
        return []
    configs = dataproc.workflow_template(document, template, "template.", _task_id(arguments))
    for config in configs:
        config.dialect, config.ref = "airflow-dataproc-workflow-template", Ref(document, root, 0, on_key=True)
    return configs


def _databricks(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    clusters: list[tuple[str, Pairs]] = []

    def collect(body: Value, prefix: str) -> None:
        if not isinstance(body, Pairs):
            return
        new_cluster = body.get("new_cluster")
        if isinstance(new_cluster, Pairs):
            clusters.append((f"{prefix}new_cluster", new_cluster))
        for listed in ("tasks", "job_clusters"):
            items = body.get(listed)
            for position, item in enumerate(items if isinstance(items, list) else ()):
                collect(item, f"{prefix}{listed}[{position}].")

    collect(arguments, "")
    collect(arguments.get("json"), "json.")
    configs = []
    for field, new_cluster in clusters:
        config = _job(document, root, arguments, "airflow-databricks", platform="databricks",
                      platform_source="Databricks cluster spec")
        spark_conf = new_cluster.get("spark_conf")
        if isinstance(spark_conf, Pairs):
            add_map(config, document, spark_conf, DATABRICKS_SPARK_CONF, f"{field}.spark_conf")
        configs.append(config)
    return configs


def _glue(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    from sparklint.dialects import glue

    script_args, field = arguments.get("script_args"), "script_args"
    if not isinstance(script_args, Pairs):
        _, script_args = lookup(arguments.get("create_job_kwargs"), "DefaultArguments")
        field = "create_job_kwargs.DefaultArguments"
    job_name = arguments.get("job_name")
    config = glue.job_arguments(document, script_args, job_name if isinstance(job_name, str) else _task_id(arguments),
                                field, Ref(document, root, 0, on_key=True))
    if config is None:
        return []
    config.dialect = "airflow-glue-job"
    return [config]


def _spark_kubernetes(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    """The SparkApplication the call creates, read from `application_file` / `template_spec` with positions in
    the file holding them, else the call as a job without settings (SL401 judges its arguments either way)."""
    from sparklint.dialects import spark_kubernetes_operator

    return spark_kubernetes_operator.read(document, root, arguments) or \
        airflow_hooks.without_settings("kubernetes")(document, root, arguments)


def _task_id(arguments: Pairs) -> str:
    task_id = arguments.get("task_id")
    return task_id if isinstance(task_id, str) else ""


def _one(reader):
    return lambda document, root, arguments: [reader(document, root, arguments)]


_READERS = {
    "SparkSubmitOperator": _one(_spark_submit),
    "EmrServerlessStartJobOperator": _start_job_run,
    "EmrContainerOperator": _start_job_run,
    "EmrAddStepsOperator": _add_steps,
    "EmrCreateJobFlowOperator": _create_job_flow,
    "DataprocSubmitJobOperator": _dataproc_job,
    "DataprocCreateBatchOperator": _dataproc_batch,
    "DataprocCreateClusterOperator": _dataproc_cluster,
    "DataprocInstantiateInlineWorkflowTemplateOperator": _dataproc_template,
    "DatabricksSubmitRunOperator": _databricks,
    "DatabricksCreateJobsOperator": _databricks,
    "GlueJobOperator": _glue,
    "SparkSqlOperator": airflow_hooks.spark_sql,
    "SparkJDBCOperator": airflow_hooks.spark_jdbc,
    "LivyOperator": airflow_hooks.livy,
    "DatabricksRunNowOperator": airflow_hooks.without_settings("databricks"),
    "SparkKubernetesOperator": _spark_kubernetes,
}
