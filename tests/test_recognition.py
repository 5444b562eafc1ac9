"""Recognition before judgement: every file gets a verdict on what it is before any rule runs, the same
for walked files and files named on the command line. A file in a format sparklint does not read gets a
`--verbose` note, no finding and exit 0; SL001 stays for files that are clearly that format and broken."""

from __future__ import annotations

import json

import pytest

from sparklint.verdict import of_file

HELM_TEMPLATE = """{{- if .Values.spark.enabled }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "chart.fullname" . }}-spark
data:
  spark-defaults.conf: |
    {{- range $key, $value := .Values.sparkConf }}
    {{ $key }} {{ $value }}
    {{- end }}
{{- end }}
"""
DOCKERFILE = "# build the job image\nFROM apache/spark:3.5.1\nCOPY job.py /opt/spark/work-dir/\nRUN pip install pyyaml\n"
JINJA_POD = """apiVersion: v1
kind: Pod
spec:
  containers:
    - name: spark-kubernetes-driver
      image: {{ spark_image }}
      resources: {% if big %}{limits: {memory: 8Gi}}{% endif %}
"""
TEMPLATEFILE_INPUT = """[
%{ for name, value in spark_conf ~}
  {"Classification": "spark-defaults", "Properties": {"${name}": "${value}"}},
%{ endfor ~}
]
"""
INI = ("[LOCAL]\nspark.app.name = app-local\nspark.executor.memory = 1g\n"
       "[PROD]\nspark.app.name = app\nspark.executor.memory = 10GB\nspark.executor.memory = 12g\n"
       "spark.executor.instancs = 20\n")
BLACKLIST = ("# Livy: properties users may not set\nspark.master\nspark.submit.deployMode\n\nspark.yarn.jar\n"
             "spark.yarn.jars\nspark.yarn.archiv\nlivy.rsc.server.idle-timeout\n")
LAUNCHER_TEMPLATE = ("app.jar=/<path>/to/main.jar\napp.args=\nspark.master=\nspark.driver.memory=\n"
                     "spark.executor.memory=\nspark.executor.cores=\nspark.verbose=true\n")


def notes(run) -> str:
    return run.err


@pytest.mark.parametrize("name, text, reason", [
    ("dags/etl.py", "conf = {'spark.executor.memory': '4g'}\nprint(conf)\n",
     "a Python file that names no Airflow Spark operator, SparkSession or SparkConf; not parsed"),
    ("infra/glue.tfvars", 'job_args = {\n  "--conf" = "spark.sql.shuffle.partitions=10"\n}\n',
     "Terraform variable values; sparklint does not read .tfvars files"),
    # Shell scripts and Dockerfiles are read for their command lines (tests/test_command_lines.py).
    ("Dockerfile", DOCKERFILE, "not a Spark configuration we recognise"),
    ("run.py.sh", "#!/usr/bin/env python3\nprint('spark-submit')\n", "not a Spark configuration we recognise"),
    (".vscode/tasks.json", '{\n  // run spark-submit\n  "tasks": [{"label": "spark", }]\n}\n', "hidden folder .vscode/"),
    ("conf/livy-client.conf", "livy.uri=http://livy:8998\nspark.config=x\n", "Livy client configuration"),
    ("conf/livy.conf", "livy.spark.master = yarn\nlivy.server.port = 8998\n", "Livy server configuration"),
    ("conf/kyuubi-defaults.conf", "kyuubi.frontend.bind.port 10009\nspark.executor.memory 4g\nabc xyz\n",
     "Kyuubi server defaults"),
    ("src/main/resources/application.properties",
     "server.port=8080\nspark.master=local[*]\nspark.executor.memory=\n", "Spring Boot"),
    ("spark-operator/conf/spark-operator.properties",
     "spark.kubernetes.operator.reconciler.intervalSeconds=60\nspark.kubernetes.operator.foo=bar\n",
     "the Spark Kubernetes Operator's own configuration"),
    ("conf/operator.properties", "spark.kubernetes.operator.watchedNamespaces=default\n",
     "the Spark Kubernetes Operator's own configuration"),
    ("conf/log4j2.properties", "rootLogger.level = info\nlogger.spark.name = org.apache.spark\n", "log4j"),
    ("src/main/resources/application.conf", 'spark {\n  master = "local[*]"\n}\nspark.app.name = "x"\n', "HOCON"),
])
def test_files_of_other_formats_are_notes_not_findings(lint, name, text, reason):
    # Named on the command line, as pre-commit does: a verbose note, no finding, exit 0.
    run = lint({name: text}, "--verbose", paths=(name,))
    assert run.code == 0
    assert run.findings == []
    assert f"{name}: " in notes(run) and reason in notes(run)


@pytest.mark.parametrize("name, text, mark", [
    ("charts/spark/templates/configmap.yaml", HELM_TEMPLATE, "a Helm chart template ({{ at line 1)"),
    ("k8s/driver-pod.yaml.j2", JINJA_POD, "a template ({{ at line 6)"),
    ("k8s/driver-pod.yaml", JINJA_POD, "a template ({{ at line 6)"),
    ("terraform/emr-configurations.json.tpl", TEMPLATEFILE_INPUT, "a template (%{ at line 2)"),
    ("k8s/app.yaml", "kind: SparkApplication\nspec:\n  image: {IMAGE_REGISTRY}/spark:3.5\n  sparkVersion: 3.5.1\n",
     "a template ({IMAGE_REGISTRY} at line 3)"),    # A project template's notebook (Go text/template), named on the command line as pre-commit does.
    ("template/src/sample_notebook.ipynb.tmpl", '{"cells": [{"cell_type": "code", "metadata": {}, "source": [\n'
     '{{- if .include_python }}\n"spark.conf.get(\\"spark.sql.shuffle.partitions\\")"\n{{- end }}\n]}]}\n',
     "a template ({{ at line 2)"),
    # A Dataproc workflow template whose %%WORDS%% a script's sed fills in: `%` cannot start a YAML scalar.
    ("dataproc/cluster-wft.yml", "jobs:\n- pysparkJob:\n    mainPythonFileUri: gs://%%BUCKET%%/job.py\n"
     "  stepId: spark_job\nplacement:\n  managedCluster:\n    config:\n      gceClusterConfig:\n"
     "        zoneUri: %%REGION%%-a\n", "a template (%%BUCKET%% at line 3)"),
])
def test_templates_that_do_not_parse_are_never_sl001(lint, name, text, mark):
    run = lint({name: text}, "--verbose", paths=(name,))
    assert (run.code, run.findings) == (0, [])
    assert f"{name}: {mark}" in notes(run)
    walked = lint({}, "--verbose")  # a walk meets the same verdict (or, for *.tpl / *.j2, skips the name)
    assert (walked.code, walked.findings) == (0, [])


def test_a_placeholder_that_parses_is_not_judged_and_literal_settings_are(lint):
    run = lint({"k8s/app.yaml": "apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n"
                                "  serviceAccount: {{MY_SA}}\n  sparkConf:\n    spark.executor.memory: \"{{ mem }}\"\n"
                                "    spark.executor.cores: \"${CORES}\"\n    spark.sql.shuffle.partitions: \"20\"\n"
                                "    spark.sql.shuffle.partitions: \"40\"\n"})
    assert [(f["rule"], f["line"]) for f in run.findings] == [("SL002", 8)]


def test_a_dockerfile_named_yaml_is_a_note(lint):
    run = lint({"deploy/spark-job.yaml": DOCKERFILE + "ENV SPARK_CONF: x\nCMD [\"spark-submit\", \"a: b\"]\n"},
               "--verbose")
    assert (run.code, run.findings) == (0, [])
    assert "deploy/spark-job.yaml: named like YAML but holds a Dockerfile" in notes(run)


def test_broken_json_that_is_clearly_json_is_still_sl001(lint):
    run = lint({"job.json": '{"sparkSubmitParameters": "--conf spark.executor.memory=4g",}\n'}, paths=("job.json",))
    assert run.code == 1
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL001", 1, "error")]


def test_broken_yaml_without_template_marks_is_still_sl001(lint):
    run = lint({"app.yaml": "kind: SparkApplication\nspec:\n  sparkConf:\n    spark.executor.memory: 4g\n"
                            "   spark.driver.memory: 2g\n"})
    assert [(f["rule"], f["line"]) for f in run.findings] == [("SL001", 5)]


def test_broken_yaml_that_only_names_spark_is_a_note_not_sl001(lint):
    # The shape of an operator's OLM manifest (radanalyticsio/spark-operator): resources named spark-operator
    # and my-spark-cluster, broken YAML, and no Spark property, field or launcher in it.
    manifest = ("kind: ServiceAccount\nmetadata:\n  name: spark-operator\n---\nkind: ClusterServiceVersion\n"
                "spec:\n  description: |-\n    Deploys my-spark-cluster\nicon:\n    - base64data: x\n  mediatype: png\n")
    run = lint({"csv.yaml": manifest}, "--verbose")
    assert run.code == 0 and run.findings == []
    assert "csv.yaml: YAML that does not parse" in run.err and "names nothing of Spark" in run.err
    spark = manifest.replace("Deploys my-spark-cluster", "Deploys spark-submit --conf spark.executor.cores=2")
    assert [(f["rule"], f["severity"]) for f in lint({"csv.yaml": spark}).findings] == [("SL001", "error")]


def test_a_file_without_a_format_name_is_never_sl001_from_a_guess(lint):
    run = lint({"Jenkinsfile": "pipeline {\n  stage('spark') { sh 'spark-submit --conf a: b' }\n}\n"}, "--verbose",
               paths=("Jenkinsfile",))
    assert (run.code, run.findings) == (0, [])
    assert "Jenkinsfile: not YAML" in notes(run)


def test_spark_defaults_template_that_spark_ships_is_still_linted(lint):
    run = lint({"conf/spark-defaults.conf.template": "# spark.master spark://master:7077\nspark-master yarn\n"})
    assert [(f["path"], f["rule"], f["line"]) for f in run.findings] == [
        ("conf/spark-defaults.conf.template", "SL004", 2)]


def test_ini_profiles_are_one_config_per_section(lint):
    run = lint({"conf/app.conf": INI})
    # [PROD] repeats a key within itself (a real duplicate) and has a typo; keys repeated across
    # profiles are not duplicates, and the section headers are not keys.
    assert sorted((f["rule"], f["line"]) for f in run.findings) == [("SL002", 6), ("SL003", 8)]


def test_ini_without_spark_settings_is_a_note(lint):
    run = lint({"supervisord.conf": "[supervisord]\nnodaemon=true\n[program:spark-worker]\n"
                                    "command=/opt/spark/sbin/start-worker.sh spark://master:7077\n"}, "--verbose")
    assert (run.code, run.findings) == (0, [])
    assert "supervisord.conf: a properties file without spark.* keys" in notes(run)


def test_livy_blacklist_judges_only_the_names(lint):
    for name in ("conf/spark-blacklist.conf", "conf/forbidden.conf"):  # by name, and by shape
        run = lint({name: BLACKLIST}, paths=(name,))
        # No SL006 on the "empty" deployMode, no SL005 on spark.yarn.jar, no SL004 on the livy.* name:
        # only a name Spark does not know.
        assert [(f["path"], f["rule"], f["line"], f["severity"]) for f in run.findings] == [
            (name, "SL003", 7, "warning")]


def test_launcher_template_of_empty_placeholders_is_not_judged(lint):
    run = lint({"conf/app-spark.properties": LAUNCHER_TEMPLATE}, "--verbose")
    assert (run.code, run.findings) == (0, [])
    assert "conf/app-spark.properties: a template: 5 of its 7 values are empty or placeholders" in notes(run)


def test_an_empty_value_in_a_real_spark_defaults_file_is_still_judged(lint):
    run = lint({"spark-defaults.conf": "spark.master yarn\nspark.executor.memory\nspark.executor.cores 4\n"
                                       "spark.driver.memory 2g\n"})
    assert ("SL006", 2) in [(f["rule"], f["line"]) for f in run.findings]


def test_malformed_escape_in_a_conf_that_is_not_spark_is_not_sl001(lint):
    run = lint({"nginx/default.conf": "server {\n  listen 80;\n  rewrite ^/\\u00zz /ui;\n}\n"})
    assert (run.code, run.findings) == (0, [])


def test_sparkmagic_hidden_folder_is_read(lint):
    body = '{"session_configs": {"driverMemory": "1000M", "conf": {"spark.executor.memory": "1g", "spark.executor.memory": "2g"}}}'
    run = lint({".sparkmagic/config.json": body})
    assert [(f["path"], f["rule"]) for f in run.findings] == [(".sparkmagic/config.json", "SL002")]


@pytest.mark.parametrize("path, syntax", [
    ("spark-defaults.conf", "properties"), ("conf/spark-defaults.conf.template", "properties"),
    ("a/job.json", "json"), ("a/app.yaml.tpl", "yaml"), ("a/b.ipynb", "notebook"), ("main.tf", "hcl"),
    ("a/b.py", ""), ("x.tfvars", ""), (".idea/workspace.json", ""), ("a/log4j.properties", ""),
])
def test_verdict_by_name(path, syntax):
    assert of_file(path, "").syntax == syntax


def test_a_nameless_text_file_that_mentions_a_few_spark_keys_is_not_properties(lint):
    # SparkR's R/lib/SparkR/INDEX (in an unpacked Spark distribution): 26 of its 353 lines start with a
    # spark.* function name; read as properties, every other line was an SL004 (1,417 findings in one repo).
    index = ("%in%                    Match a column with given values.\n"
             "AFTSurvivalRegressionModel-class\n"
             "                        S4 class that represents a\n"
             "agg                     summarize\n"
             "spark.glm               Generalized Linear Models\n"
             "alias                   alias\n")
    run = lint({"R/lib/SparkR/INDEX": index}, "--verbose", paths=("R/lib/SparkR/INDEX",))
    assert (run.code, run.findings) == (0, [])
    # A nameless file that is mostly spark.* lines is still read as properties.
    run = lint({"conf/spark": "# defaults\nspark.master yarn\nspark.executor.memry 4g\n"}, paths=("conf/spark",))
    assert [(f["rule"], f["line"], f["severity"]) for f in run.findings] == [("SL003", 3, "warning")]


_NOTEBOOK_WITH_A_BROKEN_CELL = json.dumps({"cells": [
    {"cell_type": "code", "metadata": {}, "source": ["%%configure\n", '{"conf": {"spark.executor.memry": "4g"}}\n']},
    {"cell_type": "code", "metadata": {}, "source": ["%%configure\n", '{"conf": {\n']}],
    "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1)


@pytest.mark.parametrize("name, text, expected", [
    # broken and Spark-like, nothing read: SL001 at the error
    ("job.json", '{"spark.executor.memory": "4g",\n', [("SL001", 2)]),
    # broken and Spark-like, with a config read before the error: SL001 and the config's own findings
    ("job.ipynb", _NOTEBOOK_WITH_A_BROKEN_CELL, [("SL003", 8), ("SL001", 16)]),
    # broken and naming nothing of Spark: a note, no finding
    ("tsconfig.json", '{"compilerOptions": {\n', []),
])
def test_a_broken_file_is_scanned_for_spark_marks_once_and_keeps_its_verdict(lint, monkeypatch, name, text, expected):
    import sparklint.engine as engine

    scans: list[str] = []
    real = engine._looks_like_spark

    def counting(path: str, body: str) -> bool:
        scans.append(path)
        return real(path, body)

    monkeypatch.setattr(engine, "_looks_like_spark", counting)
    run = lint({name: text}, paths=(name,))
    monkeypatch.setattr(engine, "_looks_like_spark", real)
    assert run.rules() == lint({name: text}, paths=(name,)).rules()  # the verdict without the counter
    assert sorted((rule, line) for rule, line, _ in run.rules()) == sorted(expected)
    assert scans == [name]


ERB_DEFAULTS = """<% if @master_url -%>
spark.master <%= @master_url %>
<% else -%>
spark.master yarn
<% end -%>
spark.eventLog.enabled true
"""
JINJA_DEFAULTS = """{% if history_dir %}
spark.eventLog.dir {{ history_dir }}
{% else %}
spark.eventLog.dir hdfs:///spark-history
{% endif %}
"""


@pytest.mark.parametrize("name, text, mark", [
    ("puppet/modules/spark/templates/spark-defaults.conf", ERB_DEFAULTS, "a template (a line starting <%)"),
    ("roles/spark/files/spark-defaults.conf", JINJA_DEFAULTS, "a template (a line starting {%)"),
])
def test_spark_defaults_with_template_logic_lines_is_a_template(lint, name, text, mark):
    # Puppet's ERB or Jinja if/else lines read as keys: both branches set spark.master, so judged as
    # properties they gave an SL002 and an SL004 on every tag line. Rendered, only one branch is left.
    run = lint({name: text}, "--verbose", paths=(name,))
    assert (run.code, run.findings) == (0, [])
    assert f"{name}: {mark}" in notes(run)


def test_json_lines_of_a_delta_log_are_a_note_not_sl001(lint):
    # A Delta table's _delta_log holds one JSON action a line; a commitInfo names spark_catalog.
    name = "tests/resources/table/_delta_log/00000000000000000001.json"
    text = ('{"commitInfo":{"operation":"DELETE","operationParameters":{"predicate":"spark_catalog.t.value > 1"}}}\n'
            '{"remove":{"path":"part-00000.snappy.parquet","dataChange":true}}\n')
    run = lint({name: text}, "--verbose", paths=(name,))
    assert (run.code, run.findings) == (0, [])
    assert f"{name}: a stream of JSON values" in notes(run)
    walked = lint({}, "--verbose")
    assert (walked.code, walked.findings) == (0, [])
    broken = lint({"job.json": '{"sparkSubmitParameters": "--conf spark.executor.memory=4g"}\n{"x": \n'},
                  paths=("job.json",))
    assert [(f["rule"], f["line"], f["severity"]) for f in broken.findings] == [("SL001", 2, "error")]


def test_concatenated_json_values_are_a_note_not_sl001(lint):
    # Recorded API requests, one pretty-printed JSON value after another (databricks/cli's acceptance outputs).
    name = "acceptance/bundle/jobs/out.requests.json"
    text = ('{\n  "method": "POST",\n  "path": "/api/2.2/jobs/create",\n  "body": {\n    "new_cluster": {\n'
            '      "spark_version": "15.4.x-scala2.12",\n      "spark_conf": {"spark.executor.memory": "4g"}\n'
            '    }\n  }\n}\n{\n  "method": "GET",\n  "path": "/api/2.2/jobs/get"\n}\n')
    run = lint({name: text}, "--verbose", paths=(name,))
    assert (run.code, run.findings) == (0, [])
    assert f"{name}: a stream of JSON values" in notes(run)


def test_a_json_golden_file_with_bracketed_placeholders_is_a_template(lint):
    name = "acceptance/bundle/jobs/out.get_job.json"
    text = ('{\n  "created_time": [UNIX_TIME_MILLIS],\n  "job_id": [JOB_ID],\n  "settings": {\n'
            '    "job_clusters": [{"new_cluster": {"spark_version": "15.4.x-scala2.12"}}]\n  }\n}\n')
    run = lint({name: text}, "--verbose", paths=(name,))
    assert (run.code, run.findings) == (0, [])
    assert f"{name}: a template ([UNIX_TIME_MILLIS] at line 2)" in notes(run)
    # A JSON file broken inside its one value is still SL001.
    broken = lint({"cluster.json": '{\n  "spark_version": "15.4.x-scala2.12",\n  "spark_conf": {"a": }\n}\n'},
                  paths=("cluster.json",))
    assert [(f["rule"], f["line"], f["severity"]) for f in broken.findings] == [("SL001", 3, "error")]
