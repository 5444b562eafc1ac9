"""dag-factory YAML: Airflow DAGs written as YAML, each task naming its operator by import path.

dag-factory (astronomer/dag-factory `dagfactory/dagbuilder.py`) builds every task as `operator(**params)`,
the task's keys minus its own `SYSTEM_PARAMS` (`operator`, `dependencies`, `task_group_name`,
`parent_group_name`); `tasks` is a mapping of task name to keys, or a list of keys with `task_id`. A task
whose `operator` is one of the Spark operators sparklint reads in Python DAGs
(`airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator`, ...) is read by the same
reader (sparklint/dialects/airflow.py), with positions in the YAML file. The file is claimed only when its
bytes name such an operator. Not judged here: the task's other keys (SL401), since dag-factory converts some
of its own (`execution_timeout_secs`, `python_callable_file`, ...) before the operator sees them.
"""

from __future__ import annotations

from typing import Optional

from sparklint.dialects.common import mentions_any
from sparklint.knowledge.airflow import OPERATORS
from sparklint.model import JobConfig
from sparklint.tree import Document, Pairs, Value

SYSTEM_PARAMS = frozenset({"operator", "dependencies", "task_group_name", "parent_group_name"})
_MAX_TASKS = 10_000
_OPERATOR_WORD = ("operator",)


def recognise(document: Document) -> Optional[list[JobConfig]]:
    text = document.text
    root = document.root
    if document.syntax != "yaml" or not isinstance(root, Pairs) or not mentions_any(text, _OPERATOR_WORD):
        return None
    if not mentions_any(text, OPERATORS):  # the byte pre-filter
        return None
    configs: list[JobConfig] = []
    claimed = False
    for _, dag_name, dag in root.entries():
        for task_name, task in _tasks(dag):
            operator = task.get("operator")
            name = operator.rsplit(".", 1)[-1].strip() if isinstance(operator, str) else ""
            if name not in OPERATORS:
                continue
            claimed = True
            configs.extend(_task(document, task, name, task_name, dag_name))
    return configs if claimed else None


def _tasks(dag: Value) -> list[tuple[str, Pairs]]:
    tasks = dag.get("tasks") if isinstance(dag, Pairs) else None
    if isinstance(tasks, Pairs):
        return [(name, task) for _, name, task in tasks.entries() if isinstance(task, Pairs)][:_MAX_TASKS]
    if isinstance(tasks, list):
        found = []
        for task in tasks[:_MAX_TASKS]:
            if isinstance(task, Pairs):
                task_id = task.get("task_id")
                found.append((task_id if isinstance(task_id, str) else "", task))
        return found
    return []


def _task(document: Document, task: Pairs, operator: str, task_name: str, dag_name: str) -> list[JobConfig]:
    """The operator's arguments as the Python reader sees a call: `{operator: {argument: value}}`, with the
    YAML positions; the task's name is its task_id when it writes none."""
    from sparklint.dialects import airflow

    spans = document.entry_spans(task) or []
    entries = [(key, value) for _, key, value in task.entries() if key not in SYSTEM_PARAMS]
    argument_spans = [spans[index] for index, key, _ in task.entries() if key not in SYSTEM_PARAMS
                      and index < len(spans)]
    operator_index = task.index("operator")
    operator_spans = [spans[operator_index]] if 0 <= operator_index < len(spans) else []
    if "task_id" not in task and task_name and len(argument_spans) == len(entries):
        entries.append(("task_id", task_name))  # dag-factory passes the task's name as its task_id
        argument_spans.extend(operator_spans)
    arguments = Pairs(entries)
    document.spans[id(arguments)] = argument_spans
    call = Pairs([(operator, arguments)])
    document.spans[id(call)] = operator_spans
    configs = airflow.read_call(document, call, arguments)
    for config in configs:
        config.name = f"{dag_name}.{config.name}" if config.name else dag_name
    return configs
