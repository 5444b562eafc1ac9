"""Airflow operators that submit Spark jobs, read from the literal arguments of their calls in a DAG file
(sparklint/load/python_ast.py gives one Document per call: `{<operator>: {<argument>: <value>}}`).

SparkSubmitOperator runs spark-submit with `--conf k=v` for each `conf` entry and a dedicated option for
each typed argument (`num_executors` -> `--num-executors`, ...; sparklint/knowledge/airflow.py), so a typed
argument beats a `conf` entry of the same key, as spark-submit flags beat `--conf`. The master comes from
the Airflow connection (`conn_id`), which the DAG file does not hold, so the platform stays unknown unless
the settings say.
"""

from __future__ import annotations

from typing import Optional

from sparklint.dialects.common import add_map, spark_string
from sparklint.knowledge.airflow import OPERATORS, SPARK_SUBMIT_OPTIONS
from sparklint.model import RANK_CONF, RANK_TYPED, JobConfig, Layer, Setting
from sparklint.tree import Document, Pairs, Ref

SUBMIT_ARGUMENT = Layer("operator-argument", RANK_TYPED, "SparkSubmitOperator argument")
SUBMIT_CONF = Layer("operator-conf", RANK_CONF, "SparkSubmitOperator conf")


def recognise(document: Document) -> Optional[list[JobConfig]]:
    if document.syntax != "python":
        return None
    root = document.root
    if not isinstance(root, Pairs) or len(root) != 1 or root.keys[0] not in OPERATORS:
        return None
    operator, arguments = root.keys[0], root.values[0]
    if not isinstance(arguments, Pairs):
        return []
    reader = _READERS.get(operator)
    return [reader(document, root, arguments)] if reader is not None else []


def operator_call(document: Document) -> Optional[tuple[str, Pairs]]:
    """(operator name, its arguments) of an operator Document, or None (for rules)."""
    root = document.root
    if document.syntax == "python" and isinstance(root, Pairs) and len(root) == 1 and root.keys[0] in OPERATORS \
            and isinstance(root.values[0], Pairs):
        return root.keys[0], root.values[0]
    return None


def _job(document: Document, root: Pairs, arguments: Pairs, dialect: str, platform: str = "generic",
         platform_source: str = "") -> JobConfig:
    task_id = arguments.get("task_id")
    return JobConfig(document.path, "job", dialect, platform=platform, platform_source=platform_source,
                     document=document, name=task_id if isinstance(task_id, str) else "",
                     ref=Ref(document, root, 0, on_key=True))


def _spark_submit(document: Document, root: Pairs, arguments: Pairs) -> JobConfig:
    from sparklint.knowledge.spark_submit import FLAG_TO_KEY

    config = _job(document, root, arguments, "airflow-spark-submit")
    application = arguments.get("application")
    if isinstance(application, str) and not application.startswith("${"):
        config.is_python = application.endswith(".py")
    conf = arguments.get("conf")
    if isinstance(conf, Pairs):
        add_map(config, document, conf, SUBMIT_CONF, "conf")
    for index, name, value in arguments.entries():
        option = SPARK_SUBMIT_OPTIONS.get(name)
        key = FLAG_TO_KEY.get(option or "")
        text = spark_string(value)
        # The hook passes an option only when the argument is truthy (`if self._num_executors:`).
        if key is None or text is None or not value:
            continue
        config.add(Setting(key, text, SUBMIT_ARGUMENT, Ref(document, arguments, index), field=f"{name} ({option})",
                           raw_key=name))
    return config


_READERS = {
    "SparkSubmitOperator": _spark_submit,
}
