"""Airflow DAGs: SparkSubmitOperator calls read with `ast` (never imported), literal arguments only.

Real examples (tests/fixtures/python/, copied byte for byte):
- 055-airflow-dag.py: baratamavinash225/Airflow_dags `sparkSubmitOperator.py` @ 808763ee (shared corpus2 055);
  it does not parse (a `from ... import` broken over two lines).
- spark_kafka_to_minio.py: resrrdttrt/de_project `dags/spark_kafka_to_minio.py` @ 6db1089b.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from sparklint.load.python_ast import load_python

FIXTURES = Path(__file__).parent / "fixtures" / "python"
IMPORT = "from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator\n"


def _fixture(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def test_a_dag_that_does_not_parse_is_read_past_its_broken_line(lint):
    # NOTES: `master`, `deploy-mode`, `EXECUTORS_MEM` are not SparkSubmitOperator arguments; the syntax error
    # itself is a --verbose note, never SL001.
    run = lint({"dags/055-airflow-dag.py": _fixture("055-airflow-dag.py")}, "--verbose")
    assert run.code == 1
    # NOTES also: `application` is an scp-style `host:/path` spark-submit cannot read.
    assert run.rules() == [("SL402", 12, 25), ("SL401", 13, 5), ("SL401", 14, 5), ("SL401", 16, 5)]
    application, master, deploy_mode, memory = run.findings
    assert application["severity"] == "warning" and "scp-style host:path" in application["message"]
    assert [finding["severity"] for finding in (master, deploy_mode, memory)] == ["error"] * 3
    assert "SparkSubmitOperator has no argument 'master'" in master["message"]
    assert "Spark connection (conn_id)" in master["fix"]
    assert deploy_mode["fix"] == "Write it as 'deploy_mode'."
    assert memory["fix"] == "Use 'executor_memory' if that is what you meant, or delete it."
    assert "Python syntax error at line 3" in run.err and "read in part" in run.err


def test_only_the_calls_away_from_a_broken_line_are_read(lint):
    text = IMPORT + ("a = SparkSubmitOperator(task_id='a', application='a.py', executor_memroy='1g',\n"
                     "    = 2,\n"
                     "    )\n"
                     "x = = 1\n"
                     "b = SparkSubmitOperator(task_id='b', application='b.py', executor_memroy='1g')\n")
    run = lint({"dag.py": text})
    assert run.rules() == [("SL401", 6, 58)]  # the call around the dropped line 3 is not judged


def test_a_real_dag_with_credentials_in_conf(lint):
    run = lint({"dags/spark_kafka_to_minio.py": _fixture("spark_kafka_to_minio.py")})
    # The conf dict is a module-level name; its values are names bound to string literals (lines 7 and 8).
    assert run.rules() == [("SL601", 7, 20), ("SL601", 8, 20)]
    assert "kStHEgiS0L8wSMHBoOq6" not in run.out and "6uiWCp2t" not in run.out


def test_explain_shows_the_operator_arguments_as_spark_settings(tmp_path, capsys, monkeypatch):
    from sparklint.cli import main

    shutil.copy(FIXTURES / "spark_kafka_to_minio.py", tmp_path / "dag.py")
    monkeypatch.chdir(tmp_path)
    assert main(["explain", "--format", "json", "dag.py"]) == 0
    import json

    (explained,) = json.loads(capsys.readouterr().out)["configs"]
    settings = {item["key"]: item for item in explained["settings"]}
    assert settings["spark.executor.memory"]["value"] == "2g"
    assert settings["spark.executor.memory"]["source"] == "dag.py:46 (executor_memory (--executor-memory))"
    assert settings["spark.executor.instances"]["value"] == "1"
    assert explained["name"] == "spark_submit_minio"


def test_typed_arguments_beat_conf_like_spark_submit_options(lint):
    text = IMPORT + ("t = SparkSubmitOperator(task_id='t', application='job.py',\n"
                     "    conf={'spark.executor.memory': '4g', 'master': 'yarn'}, executor_memory='8g')\n")
    run = lint({"dag.py": text})
    assert run.rules() == [("SL007", 3, 36), ("SL004", 3, 42)]
    overridden, master = run.findings
    assert "spark.executor.memory=4g has no effect: spark.executor.memory=8g at dag.py:3" in overridden["message"]
    assert "'master' is the name of a spark-submit option (--master)" in master["message"]
    assert "connection's --master" in master["fix"]


def test_templates_and_computed_values_are_not_judged(lint):
    text = IMPORT + ("from airflow.models import Variable\n"
                     "MEM = Variable.get('mem')\n"
                     "t = SparkSubmitOperator(task_id='t', application='job.py', executor_memory=MEM,\n"
                     "    driver_memory='{{ var.value.driver_memory }}', executor_cores=f'{2}',\n"
                     "    conf={'spark.sql.shuffle.partitions': '{{ params.partitions }}', **BASE})\n")
    run = lint({"dag.py": text})
    assert run.code == 0 and run.findings == []


def test_a_name_bound_twice_or_changed_in_place_is_not_followed(lint):
    twice = IMPORT + ("CONF = {'spark.executor.memory': '1'}\nCONF = {'spark.executor.memory': '4g'}\n"
                      "t = SparkSubmitOperator(task_id='t', application='j.py', conf=CONF)\n")
    updated = IMPORT + ("CONF = {'spark.executor.memory': '1'}\nCONF.update(OTHER)\n"
                        "t = SparkSubmitOperator(task_id='t', application='j.py', conf=CONF)\n")
    assert lint({"twice.py": twice, "updated.py": updated}).findings == []


def test_operators_of_other_origins_are_not_judged(lint):
    local = ("class SparkSubmitOperator:\n    pass\n\n"
             "t = SparkSubmitOperator(task_id='t', master='local')\n")
    plugin = "from plugins.spark import SparkSubmitOperator\nt = SparkSubmitOperator(task_id='t', master='local')\n"
    star = "from plugins.spark import *\nt = SparkSubmitOperator(task_id='t', master='local')\n"
    aliased = ("from airflow.contrib.operators.spark_submit_operator import SparkSubmitOperator as Submit\n"
               "t = Submit(task_id='t', master='local')\n")
    run = lint({"local.py": local, "plugin.py": plugin, "star.py": star, "aliased.py": aliased})
    assert [(finding["path"], finding["rule"]) for finding in run.findings] == [("aliased.py", "SL401")]


def test_arguments_of_every_provider_version_are_accepted(lint):
    text = IMPORT + ("t = SparkSubmitOperator.partial(task_id='t', application='j.py', driver_classpath='x',\n"
                     "    yarn_queue='q', deploy_mode='cluster', properties_file='p', archives='a.zip',\n"
                     "    conn_id='spark', retries=2, pool='p', doc_md='x', **{'owner': 'me'}).expand(\n"
                     "    application_args=[['a'], ['b']])\n")
    assert lint({"dag.py": text}).findings == []


def test_python_files_without_an_operator_or_session_are_not_parsed():
    documents, errors = load_python("main.py", "import os\nprint(os.getcwd()\n")  # would not even parse
    assert documents == [] and errors == []


def test_ordinary_python_is_quiet_and_a_broken_dag_is_a_note_not_sl001(lint):
    broken = IMPORT + "t = SparkSubmitOperator(task_id='t',\n"
    run = lint({"main.py": "print('hello')\n", "dag.py": broken}, "--verbose")
    assert run.code == 0 and run.findings == []
    assert "dag.py: Python syntax error at line 2: " in run.err and "; nothing read\n" in run.err


def test_inline_suppression_in_a_dag(lint):
    text = IMPORT + ("t = SparkSubmitOperator(task_id='t', application='j.py',\n"
                     "    master='local')  # sparklint: disable=SL401\n")
    assert lint({"dag.py": text}).findings == []


def test_jinja_blocks_in_values_are_templates(lint):
    text = IMPORT + ("t = SparkSubmitOperator(task_id='t', application='j.py',\n"
                     "    conf={'spark.executor.memory': '{% if params.big %}8g{% else %}2g{% endif %}'})\n")
    assert lint({"dag.py": text}).findings == []


def test_only_scp_style_applications_are_flagged(lint):
    def dag(application: str) -> str:
        return IMPORT + f"t = SparkSubmitOperator(task_id='t', application={application!r})\n"

    quiet = ["local:/opt/spark/job.py", "hdfs://nn:8020/jobs/job.py", "s3a://b/job.py", "/home/me/job.py",
             "file:/tmp/job.py", "{{ var.value.app }}", "jobs/job.py"]
    run = lint({f"q{index}.py": dag(path) for index, path in enumerate(quiet)}
               | {"scp.py": dag("etl@edge-node:/home/etl/job.py"), "ip.py": dag("10.0.0.5:/jobs/job.py")})
    assert sorted((finding["path"], finding["rule"]) for finding in run.findings) == [
        ("ip.py", "SL402"), ("scp.py", "SL402")]
    assert "Copy '/home/etl/job.py' from etl@edge-node" in [f for f in run.findings if f["path"] == "scp.py"][0]["fix"]
