"""SL401 unknown-operator-argument: an argument the Airflow operator does not have.

## What it flags
A keyword given to an Airflow operator that submits a Spark job that neither the operator (with its provider
base classes) nor Airflow's `BaseOperator` takes in any provider version sparklint read: spark-submit option
names (`master=`, `"deploy-mode"`), misspellings (`executor_memroy=`), and keys of a dict splatted into the
call (`SparkSubmitOperator(task_id=..., **config)`). The operators: `SparkSubmitOperator`,
`SparkSqlOperator`, `SparkJDBCOperator`, `LivyOperator`, `SparkKubernetesOperator`,
`EmrServerlessStartJobOperator`, `EmrContainerOperator`, `EmrAddStepsOperator`, `EmrCreateJobFlowOperator`,
`GlueJobOperator`, `DataprocSubmitJobOperator`, `DataprocCreateBatchOperator`,
`DataprocCreateClusterOperator`, `DataprocInstantiateInlineWorkflowTemplateOperator`,
`DatabricksSubmitRunOperator`, `DatabricksRunNowOperator`, `DatabricksCreateJobsOperator`. Arguments of
every provider version read are accepted (`driver_classpath` of Airflow 1.10, `yarn_queue` and
`deploy_mode` of later providers, `location` of old Dataproc operators); the versions are listed in
`sparklint/knowledge/airflow_operators.py`, and an argument of a version between those read could be
missed. A name imported from somewhere other than Airflow, or a class of the same name defined in the file,
is not judged.

## Why is this bad?
Airflow refuses the DAG: from Airflow 2.0 `BaseOperator` raises "Invalid arguments were passed to
SparkSubmitOperator (task_id: ...)" (`AirflowException`, or `TypeError` in Airflow 3), so none of the
DAG's tasks is scheduled. In Airflow 1.10 (or 2.x with `[operators] allow_illegal_arguments`) the argument
is dropped with a warning, and spark-submit runs without it: `master="local"` does not choose the master,
which comes from the Spark connection.

## Example
```python spark_job.py
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

job = SparkSubmitOperator(task_id="job", application="/jobs/etl.py", executor_memroy="4g")
```

## Use instead
```python spark_job.py
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

job = SparkSubmitOperator(task_id="job", application="/jobs/etl.py", executor_memory="4g")
```

## Options
None.

## References
- `SparkSubmitOperator.__init__`: apache/airflow
  `providers/apache/spark/src/airflow/providers/apache/spark/operators/spark_submit.py`,
  `airflow/providers/apache/spark/operators/spark_submit.py` (provider 4.x),
  `airflow/contrib/operators/spark_submit_operator.py` (1.10).
- The other operators' `__init__` (and their provider base classes), read from the published provider
  wheels: apache/airflow `providers/amazon/src/airflow/providers/amazon/aws/operators/emr.py`, `.../glue.py`,
  `.../base_aws.py`; `providers/google/src/airflow/providers/google/cloud/operators/dataproc.py`;
  `providers/databricks/src/airflow/providers/databricks/operators/databricks.py`;
  `providers/cncf/kubernetes/src/airflow/providers/cncf/kubernetes/operators/spark_kubernetes.py`, `.../pod.py`;
  `providers/apache/livy/src/airflow/providers/apache/livy/operators/livy.py`;
  `providers/apache/spark/src/airflow/providers/apache/spark/operators/spark_sql.py`, `.../spark_jdbc.py`;
  Airflow 1.10 `airflow/contrib/operators/` for those that existed there.
- `BaseOperator.__init__` rejects unknown keywords: apache/airflow `airflow/models/baseoperator.py` (2.x,
  `AirflowException` unless `allow_illegal_arguments`), `task-sdk/src/airflow/sdk/bases/operator.py` (3.x,
  `TypeError`).
- The master is always the connection's: `SparkSubmitHook._build_spark_common_args` in
  `providers/apache/spark/src/airflow/providers/apache/spark/hooks/spark_submit.py`.
"""

from __future__ import annotations

import difflib
from typing import Iterator

from sparklint.dialects.airflow import operator_call
from sparklint.knowledge.airflow import SPARK_SUBMIT_OPTIONS, accepts, arguments_of
from sparklint.model import JobConfig
from sparklint.rule import Hit, NoOptions, Rule
from sparklint.tree import Ref

# spark-submit option names written as arguments, and the SparkSubmitOperator argument that sets them.
_OPTION_ARGUMENTS = {option[2:]: name for name, option in SPARK_SUBMIT_OPTIONS.items() if option}


def check(config: JobConfig, options: NoOptions) -> Iterator[Hit]:
    document = config.document
    if document is None or not config.dialect.startswith("airflow-"):
        return
    call = operator_call(document)
    if call is None and config.ref is not None and config.ref.document is not None:
        # A SparkKubernetesOperator's SparkApplication (read from its file) is reported at the call.
        document = config.ref.document
        call = operator_call(document)
    if call is None:
        return
    operator, arguments = call
    known = arguments_of(operator)
    for index, name in enumerate(arguments.keys):
        if name == "**" or accepts(operator, name) is not False:
            continue
        yield Hit(f"{operator} has no argument {name!r}: Airflow 2 and 3 refuse the DAG (\"Invalid arguments were "
                  f"passed to {operator}\"), so none of its tasks runs; Airflow 1.10 drops the argument with a "
                  "warning", _fix(operator, name, known), Ref(document, arguments, index, on_key=True))


def _fix(operator: str, name: str, known: frozenset[str]) -> str:
    lowered = name.lower().replace("-", "_").lstrip("_")
    if operator == "SparkSubmitOperator" and lowered == "master":
        return ("Delete it and set the master on the Spark connection (conn_id): SparkSubmitOperator always "
                "passes the connection's --master.")
    if lowered in known:
        return f"Write it as {lowered!r}."
    option = _OPTION_ARGUMENTS.get(name.lower().replace("_", "-"))
    if option is not None and option in known:
        return f"Use the {option!r} argument, which the operator passes to spark-submit as --{name.lower()}."
    close = difflib.get_close_matches(lowered, sorted(known), n=1, cutoff=0.6)
    if close:
        return f"Use {close[0]!r} if that is what you meant, or delete it."
    return "Delete it, or pass a Spark property in conf." if "conf" in known else "Delete it."


RULE = Rule(
    id="SL401",
    name="unknown-operator-argument",
    severity="error",
    summary="An argument the Airflow operator does not have: Airflow 2+ refuses the DAG.",
    check=check,
    docs=__doc__ or "",
    kinds=("job",),
)
