"""dag-factory YAML DAGs: a task whose `operator` is a Spark operator is read like the Python operator
call, with positions in the YAML file."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings, strategies as st

from sparklint.dialects import recognise
from sparklint.load.yaml_load import load_yaml

DAGS = """spark_etl:
  default_args:
    owner: data
    start_date: 2024-01-01
  schedule_interval: "0 3 * * *"
  tasks:
    extract:
      operator: airflow.operators.bash.BashOperator
      bash_command: echo extract
    transform:
      operator: airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator
      application: /opt/jobs/transform.py
      conn_id: spark_default
      executor_memory: 4g
      conf:
        spark.sql.shuffle.partitionz: "200"
        master: yarn
      dependencies: [extract]
"""


def test_a_spark_submit_task_is_read_like_the_python_call(lint, tmp_path, capsys):
    from sparklint.cli import main

    run = lint({"dags/etl.yml": DAGS})
    assert run.rules() == [("SL003", 16, 9), ("SL004", 17, 9)]  # `master` in conf is not a Spark property
    assert main(["explain", "dags/etl.yml"]) == 0
    out = capsys.readouterr().out
    assert "job 'spark_etl.transform'" in out
    assert "dags/etl.yml:14 (executor_memory (--executor-memory))" in out


def test_the_list_form_of_tasks_and_a_dataproc_batch(lint):
    text = ("ingest:\n  tasks:\n"
            "    - task_id: batch\n"
            "      operator: airflow.providers.google.cloud.operators.dataproc.DataprocCreateBatchOperator\n"
            "      batch:\n        runtime_config:\n          properties:\n"
            "            spark.executor.instancess: '2'\n")
    run = lint({"ingest.yaml": text})
    assert run.rules() == [("SL003", 8, 13)]


def test_dags_without_spark_operators_are_not_claimed(lint):
    text = ("report:\n  tasks:\n    send:\n      operator: airflow.operators.bash.BashOperator\n"
            "      bash_command: 'echo spark.executor.memry'\n")
    run = lint({"report.yml": text}, "--verbose", "--format", "text")
    assert run.code == 0 and "Found" not in run.out


_PIECES = ["dag:\n", "  tasks:\n", "    t:\n", "    - ", "      operator: ", "SparkSubmitOperator",
           "airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator", "\n", "      conf:\n",
           "        spark.executor.memory: 4g\n", "task_id: x\n", "[", "]", "{", "}", ": ", "- ", "&a ", "*a",
           "dependencies: [t]\n", "executor_memory: 2g\n", "null", "'", "\""]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=40))
def test_fuzzed_yaml_never_raises(pieces):
    text = "".join(pieces)
    started = time.perf_counter()
    try:
        documents = load_yaml("fuzz.yml", text)
    except Exception as error:  # the loader's own LoadError for broken YAML
        assert type(error).__name__ == "LoadError"
        return
    for document in documents:
        for config in recognise(document):
            assert config.path == "fuzz.yml"
    assert time.perf_counter() - started < 2.0
