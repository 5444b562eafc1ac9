"""Airflow's SparkKubernetesOperator: the SparkApplication it names (`application_file`: a file in the
repository or YAML / JSON text; `template_spec`: a dict) is read, with positions in the file holding it.

Real example: tests/fixtures/python/spark_kubernetes/dags/, Airflow's own example DAG and the SparkApplication
beside it (apache/airflow, see the files' headers).
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings, strategies as st

from sparklint.dialects import recognise
from sparklint.load.python_ast import load_python

FIXTURES = Path(__file__).parent / "fixtures" / "python" / "spark_kubernetes"
IMPORT = "from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator\n"
APP = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata:\n  name: pi\nspec:\n"
       "  type: Python\n  sparkConf:\n    spark.executor.memry: 2g\n")


def _copy_fixture(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "dags", tmp_path / "dags")


def test_airflows_own_example_is_read_from_its_yaml_and_is_clean(lint, tmp_path, capsys):
    from sparklint.cli import main

    _copy_fixture(tmp_path)
    run = lint({}, paths=("dags/example_spark_kubernetes.py",))
    assert run.code == 0 and run.findings == []
    assert main(["explain", "dags/example_spark_kubernetes.py"]) == 0
    out = capsys.readouterr().out
    # The settings come from the SparkApplication, at their lines in the YAML file.
    assert "dags/example_spark_kubernetes_spark_pi.yaml:38 (spec.executor.memory)" in out
    assert "from spec.sparkVersion 2.4.4 at dags/example_spark_kubernetes_spark_pi.yaml:17" in out


def test_a_mistake_in_the_linked_yaml_is_reported_there_when_only_the_dag_is_linted(lint, tmp_path):
    _copy_fixture(tmp_path)
    yaml_path = tmp_path / "dags" / "example_spark_kubernetes_spark_pi.yaml"
    text = yaml_path.read_text(encoding="utf-8").replace("  restartPolicy:", "  sparkConf:\n    spark.executor.memry: 2g\n"
                                                         "  restartPolicy:")
    yaml_path.write_text(text, encoding="utf-8")
    run = lint({}, paths=("dags/example_spark_kubernetes.py",))  # pre-commit: only the DAG staged
    assert run.code == 1
    assert [(finding["path"], finding["rule"], finding["line"], finding["column"]) for finding in run.findings] == [
        ("dags/example_spark_kubernetes_spark_pi.yaml", "SL003", 19, 5)]
    both = lint({}, paths=(".",))  # the folder: the same finding once, not once per file that reads it
    assert both.rules() == [("SL003", 19, 5)]


def test_inline_yaml_text_points_into_the_string_literal(lint):
    dag = IMPORT + 'run = SparkKubernetesOperator(task_id="pi", application_file="""\n' + APP + '""")\n'
    run = lint({"dag.py": dag})
    assert run.rules() == [("SL003", 10, 5)]  # the `spark.executor.memry` line of the literal


def test_inline_json_on_one_line_and_escaped_yaml_point_at_the_literal(lint):
    json_text = ('{"apiVersion": "sparkoperator.k8s.io/v1beta2", "kind": "SparkApplication", '
                 '"spec": {"sparkConf": {"spark.executor.instancs": "2"}}}')
    dag = (IMPORT + f"a = SparkKubernetesOperator(task_id='a', application_file='{json_text}')\n"
           + "b = SparkKubernetesOperator(task_id='b', application_file='" + APP.replace("\n", "\\n") + "')\n")
    run = lint({"dag.py": dag})
    key = dag.splitlines()[1].index('"spark.executor.instancs"') + 1
    quote = dag.splitlines()[2].index("'apiVersion") + 1
    # JSON without escapes: the key itself; escaped YAML: the string literal as a whole.
    assert run.rules() == [("SL003", 2, key), ("SL003", 3, quote)]


def test_template_spec_and_the_providers_spark_wrapper(lint):
    dag = (IMPORT + "SPEC = {'spark': {'apiVersion': 'sparkoperator.k8s.io/v1beta2', 'kind': 'SparkApplication',\n"
           "         'spec': {'dynamicAllocation': {'enabled': True, 'minExecutors': 4, 'maxExecutors': 2}}},\n"
           "        'kubernetes': {'env_vars': []}}\n"
           "t = SparkKubernetesOperator(task_id='t', template_spec=SPEC, image='spark:3.5.1')\n")
    run = lint({"dag.py": dag})
    assert [rule for rule, _, _ in run.rules()] == ["SL202"]  # min above max, at the template's fields
    assert run.rules()[0][1] == 3


def test_the_provider_template_file_in_the_dags_folder(lint):
    template = "spark:\n" + "".join("  " + line + "\n" for line in APP.splitlines()) + "kubernetes:\n  env_vars: []\n"
    dag = IMPORT + "t = SparkKubernetesOperator(task_id='t', application_file='/opt/airflow/dags/spark/job.yaml')\n"
    run = lint({"dags/etl/dag.py": dag, "dags/spark/job.yaml": template}, paths=("dags/etl/dag.py",))
    assert [(f["path"], f["rule"], f["line"]) for f in run.findings] == [("dags/spark/job.yaml", "SL003", 9)]


def test_no_file_outside_the_repository_is_read(lint, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "app.yaml").write_text(APP, encoding="utf-8")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    os.symlink(outside / "app.yaml", repo / "linked.yaml")
    dag = (IMPORT + "a = SparkKubernetesOperator(task_id='a', application_file='../outside/app.yaml')\n"
           "b = SparkKubernetesOperator(task_id='b', application_file='linked.yaml')\n"
           "c = SparkKubernetesOperator(task_id='c', application_file='{{ params.file }}.yaml')\n"
           "d = SparkKubernetesOperator(task_id='d', application_file='missing.yaml')\n")
    run = lint({"repo/dag.py": dag}, paths=("repo/dag.py",))
    assert run.code == 0 and run.findings == []


def test_a_suppression_in_the_linked_file_holds_for_the_dag_too(lint):
    app = APP.replace("memry: 2g", "memry: 2g  # sparklint: disable=SL003")
    dag = IMPORT + "t = SparkKubernetesOperator(task_id='t', application_file='app.yaml', foo=1)\n"
    run = lint({"dag.py": dag, "app.yaml": app}, paths=("dag.py",))
    # The call's unknown argument is still judged; the silenced SL003 is not reported.
    assert run.rules() == [("SL401", 2, dag.splitlines()[1].index("foo=") + 1)]


_PIECES = ["application_file=", "template_spec=", "'", '"""', "\n", "  ", "apiVersion: sparkoperator.k8s.io/v1beta2",
           "kind: SparkApplication", "spec:", "sparkConf:", "spark.executor.memory: 4g", "{", "}", "[", "]", ":",
           ",", "'app.yaml'", "'../../etc/passwd.yaml'", "'/dags/x.json'", "\\n", "spark", "\\", "é", "{{ ds }}",
           "'spark': ", "- ", "&a", "*a", "!!python/object:x", "\t"]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(_PIECES), max_size=40))
def test_fuzzed_calls_never_raise(pieces):
    text = IMPORT + "t = SparkKubernetesOperator(task_id='t', " + "".join(pieces) + ")\n"
    started = time.perf_counter()
    documents, _ = load_python("fuzz/dag.py", text)
    for document in documents:
        for config in recognise(document):
            for setting in config.settings:
                assert setting.span is None or setting.span.line >= 1
    assert time.perf_counter() - started < 2.0


TEMPLATE = """spark:
  apiVersion: sparkoperator.k8s.io/v1beta2
  kind: SparkApplication
  spec:
    type: Python
    driver:
      cores: 1
      memory: 1g
      container_resources:
        cpu:
          request: 2
          limit: 2
        memory:
          limit: 4G
    executor:
      instances: 2
      container_resources:
        cpu:
          request: 1
        memory:
          limit: 512m
kubernetes:
  env_vars: []
"""


def test_container_resources_become_cores_and_a_heap_40_percent_below_the_limit(lint, tmp_path, capsys):
    from sparklint.cli import main

    dag = IMPORT + "t = SparkKubernetesOperator(task_id='t', application_file='job.yaml')\n"
    run = lint({"dag.py": dag, "job.yaml": TEMPLATE}, paths=("dag.py",))
    # driver.cores / driver.memory are overwritten by the provider (SL007); 512m / 1.4 = 365m for the
    # executor heap: below the 450m Spark requires (SL101).
    assert [(finding["path"], finding["rule"], finding["line"]) for finding in run.findings] == [
        ("job.yaml", "SL007", 7), ("job.yaml", "SL007", 8), ("job.yaml", "SL101", 21)]
    assert main(["explain", "dag.py"]) == 0
    out = capsys.readouterr().out
    assert "2925m" in out and "job.yaml:14 (spec.driver.container_resources.memory.limit)" in out
    assert "job.yaml:11 (spec.driver.container_resources.cpu.request)" in out
