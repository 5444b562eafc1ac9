"""Airflow operators that build the Spark job themselves from typed arguments (their hooks run spark-sql,
spark-submit or POST a Livy batch), and those whose settings live outside the DAG (a Databricks job run by
id, a SparkApplication file): each call is a job, so `SL401` judges its arguments.

- `SparkSqlOperator(conf=, master=, executor_memory=, ...)`: `SparkSqlHook._prepare_command` runs
  `spark-sql` with `--conf k=v` for each `conf` entry first, then `--total-executor-cores`,
  `--executor-cores`, `--executor-memory`, `--keytab`, `--principal`, `--num-executors`, `--name`,
  `--master`, `--queue` for the arguments that are set; a flag beats `--conf` of the same key.
- `SparkJDBCOperator(spark_conf=, num_executors=, ...)`: `SparkJDBCHook` (a SparkSubmitHook) passes
  `spark_conf` as `--conf` and `spark_app_name`, `num_executors`, `executor_cores`, `executor_memory`,
  `driver_memory` as their spark-submit options.
- `LivyOperator(file=, conf=, driver_memory=, ...)`: `LivyHook.build_post_batch_body` makes a Livy batch
  body (`driverMemory`, `numExecutors`, `conf`, ...), read by the Livy dialect.
- `DatabricksRunNowOperator` (the job's clusters are in Databricks, not in the DAG) and
  `SparkKubernetesOperator` (its SparkApplication, `application_file` or `template_spec`, is read by
  sparklint/dialects/spark_kubernetes_operator.py): the call is a job without settings.
Source: apache/airflow `providers/apache/spark/src/airflow/providers/apache/spark/hooks/spark_sql.py`,
`.../hooks/spark_jdbc.py`, `.../hooks/spark_submit.py`, `providers/apache/livy/src/airflow/providers/apache/
livy/hooks/livy.py`, `providers/databricks/.../operators/databricks.py`,
`providers/cncf/kubernetes/.../operators/spark_kubernetes.py`.
"""

from __future__ import annotations

from sparklint.dialects.common import add_map, add_typed, spark_string
from sparklint.model import RANK_CONF, RANK_TYPED, JobConfig, Layer, Setting
from sparklint.tree import Document, Pairs, Ref, Value

SQL_ARGUMENT = Layer("operator-argument", RANK_TYPED, "SparkSqlOperator argument")
SQL_CONF = Layer("operator-conf", RANK_CONF, "SparkSqlOperator conf")
JDBC_ARGUMENT = Layer("operator-argument", RANK_TYPED, "SparkJDBCOperator argument")
JDBC_CONF = Layer("operator-conf", RANK_CONF, "SparkJDBCOperator spark_conf")

# Operator argument -> the spark-sql / spark-submit option its hook passes.
SQL_OPTIONS = {
    "total_executor_cores": "--total-executor-cores", "executor_cores": "--executor-cores",
    "executor_memory": "--executor-memory", "keytab": "--keytab", "principal": "--principal",
    "num_executors": "--num-executors", "name": "--name", "master": "--master", "yarn_queue": "--queue",
}
JDBC_OPTIONS = {
    "spark_app_name": "--name", "num_executors": "--num-executors", "executor_cores": "--executor-cores",
    "executor_memory": "--executor-memory", "driver_memory": "--driver-memory", "keytab": "--keytab",
    "principal": "--principal",
}
# LivyOperator argument -> the Livy batch field `LivyHook.build_post_batch_body` writes for it.
LIVY_FIELDS = {
    "driver_memory": "driverMemory", "driver_cores": "driverCores", "executor_memory": "executorMemory",
    "executor_cores": "executorCores", "num_executors": "numExecutors", "queue": "queue", "name": "name",
}
LIVY_ARGUMENT = Layer("livy-field", RANK_TYPED, "LivyOperator argument")
LIVY_CONF = Layer("livy-conf", RANK_CONF, "LivyOperator conf")


def spark_sql(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    return [hook_job(document, root, arguments, "airflow-spark-sql", "conf", SQL_CONF, SQL_OPTIONS, SQL_ARGUMENT)]


def spark_jdbc(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    return [hook_job(document, root, arguments, "airflow-spark-jdbc", "spark_conf", JDBC_CONF, JDBC_OPTIONS,
                      JDBC_ARGUMENT)]


def livy(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
    """Livy applies the typed fields after `conf` (sparklint/dialects/livy.py), so they win."""
    from sparklint.dialects.livy import FIELDS

    config = _job(document, root, arguments, "airflow-livy")
    conf = arguments.get("conf")
    if isinstance(conf, Pairs):
        add_map(config, document, conf, LIVY_CONF, "conf")
    add_typed(config, document, arguments, {name: FIELDS[field] for name, field in LIVY_FIELDS.items()},
              LIVY_ARGUMENT, "")
    application = arguments.get("file")
    if isinstance(application, str) and not application.startswith("${"):
        config.is_python = application.endswith(".py") or bool(arguments.get("py_files"))
    return [config]


def without_settings(platform: str):
    def read(document: Document, root: Pairs, arguments: Pairs) -> list[JobConfig]:
        operator = root.keys[0]
        return [_job(document, root, arguments, "airflow-" + operator, platform, operator if platform else "")]
    return read


def hook_job(document: Document, root: Pairs, arguments: Pairs, dialect: str, conf_argument: str,
             conf_layer: Layer, options: dict[str, str], layer: Layer) -> JobConfig:
    """A job of an operator whose hook runs spark-submit: its `conf_argument` map as `--conf`, and each
    argument `options` maps to a spark-submit option as that option's key (SparkSubmitOperator too)."""
    from sparklint.knowledge.spark_submit import FLAG_TO_KEY

    config = _job(document, root, arguments, dialect)
    conf = arguments.get(conf_argument)
    if isinstance(conf, Pairs):
        add_map(config, document, conf, conf_layer, conf_argument)
    for index, name, value in arguments.entries():
        option = options.get(name)
        key = FLAG_TO_KEY.get(option or "")
        text = spark_string(value)
        # The hooks pass an option only when the argument is truthy (`if self._num_executors:`).
        if key is None or text is None or not value:
            continue
        config.add(Setting(key, text, layer, Ref(document, arguments, index), field=f"{name} ({option})",
                           raw_key=name))
    return config


def _job(document: Document, root: Pairs, arguments: Pairs, dialect: str, platform: str = "",
         platform_source: str = "") -> JobConfig:
    task_id: Value = arguments.get("task_id")
    return JobConfig(document.path, "job", dialect, platform=platform or "generic", platform_source=platform_source,
                     document=document, name=task_id if isinstance(task_id, str) else "",
                     ref=Ref(document, root, 0, on_key=True))
