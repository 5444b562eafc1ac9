"""`sparklint .` on a repository laid out like a real data-platform repository: web servers, process
managers, Spring services, a Node front end, CI workflows, a Helm chart with templates, Kubernetes
manifests, docker-compose, Terraform for other AWS services, Airflow's Jinja pod specs, a Terraform
`templatefile` input, a Dockerfile under a misleading name and an editor folder, beside a few real Spark
configs with known problems. Only the Spark configs are reported, at the exact lines, whether the repository
is walked or every file is named on the command line (as `pre-commit run --all-files` does)."""

from __future__ import annotations

import json
import os

import pytest

from conftest import write
from sparklint.cli import main

REPOSITORY = {
    # --- not Spark configs -------------------------------------------------------------------------
    ".vscode/tasks.json": """{
  // VS Code tasks (JSON with comments)
  "version": "2.0.0",
  "tasks": [
    {"label": "spark-submit local", "type": "shell", "command": "spark-submit --master local[2] jobs/etl.py"},
  ]
}
""",
    ".vscode/settings.json": '{"python.defaultInterpreterPath": ".venv/bin/python", // spark venv\n}\n',
    ".github/workflows/ci.yml": """name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: spark-submit --conf spark.executor.memory=1g tests/smoke.py
        env: {SPARK_HOME: ${{ github.workspace }}/spark}
""",
    # A message schema in JSON with comments (Kafka's clients/src/main/resources/common/message/*.json):
    # not parseable as JSON, and nothing Spark in it: skipped, not "checked".
    "schemas/FetchRequest.json": '// Licensed to the Apache Software Foundation (ASF)\n{\n  "apiKey": 1,\n'
                                 '  "type": "request",\n  "name": "FetchRequest"\n}\n',
    "package.json": '{\n  "name": "spark-ui-proxy",\n  "scripts": {"start": "node server.js"},\n'
                    '  "dependencies": {"express": "^4.19.2"}\n}\n',
    "nginx/nginx.conf": """worker_processes auto;
events { worker_connections 1024; }
http {
  server {
    listen 80;
    location /spark/ {
      proxy_pass http://spark-master:8080/;
      proxy_set_header Host $host;
    }
  }
}
""",
    "supervisord/supervisord.conf": """[supervisord]
nodaemon=true

[program:spark-master]
command=/opt/spark/sbin/start-master.sh
autorestart=true

[program:spark-worker]
command=/opt/spark/sbin/start-worker.sh spark://localhost:7077
environment=SPARK_WORKER_MEMORY="4g"
""",
    "services/catalog-api/src/main/resources/application.properties": """server.port=8080
spring.datasource.url=jdbc:postgresql://db:5432/catalog
spark.master=local[*]
spark.app.name=catalog-api
spark.executor.memory=
spark.sql.shuffle.partitions=${SHUFFLE_PARTITIONS:8}
""",
    "services/catalog-api/src/main/resources/log4j2.properties": """rootLogger.level = info
rootLogger.appenderRef.stdout.ref = console
logger.spark.name = org.apache.spark
logger.spark.level = warn
""",
    "services/catalog-api/src/main/resources/application.conf": """spark {
  master = "local[*]"
  app.name = "catalog"
}
spark.executor.memory = "2g"
""",
    "charts/spark-jobs/Chart.yaml": "apiVersion: v2\nname: spark-jobs\nversion: 0.3.1\n",
    "charts/spark-jobs/values.yaml": "image:\n  repository: apache/spark\n  tag: 3.5.1\nschedule: \"0 2 * * *\"\n",
    "charts/spark-jobs/templates/_helpers.tpl": '{{- define "spark-jobs.name" -}}\n{{ .Chart.Name }}\n{{- end }}\n',
    "charts/spark-jobs/templates/sparkapplication.yaml": """{{- range .Values.jobs }}
---
apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: {{ .name }}
spec:
  sparkVersion: "3.5.1"
  image: "{{ $.Values.image.repository }}:{{ $.Values.image.tag }}"
  sparkConf:
    {{- toYaml .sparkConf | nindent 4 }}
  executor:
    instances: {{ .executors | default 2 }}
{{- end }}
""",
    "k8s/ingress.yaml": """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: spark-ui
spec:
  rules:
    - host: spark.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: spark-ui, port: {number: 4040}}}
""",
    "docker-compose.yml": """services:
  spark-master:
    image: bitnami/spark:3.5
    environment:
      - SPARK_MODE=master
    ports: ["8080:8080", "7077:7077"]
  spark-worker:
    image: bitnami/spark:3.5
    environment:
      - SPARK_MODE=worker
      - SPARK_MASTER_URL=spark://spark-master:7077
      - SPARK_WORKER_MEMORY=4G
""",
    "terraform/storage.tf": """resource "aws_s3_bucket" "lake" {
  bucket = "acme-spark-lake"
}

resource "aws_lambda_function" "trigger" {
  function_name = "start-spark-job"
  role          = aws_iam_role.lambda.arn
  handler       = "main.handler"
  runtime       = "python3.12"
  environment {
    variables = { SPARK_APP_ID = var.application_id }
  }
}
""",
    "terraform/templates/emr-configurations.json.tpl": """[
  {
    "Classification": "spark-defaults",
    "Properties": {
%{ for key, value in spark_defaults ~}
      "${key}": "${value}",
%{ endfor ~}
      "spark.dynamicAllocation.enabled": "true"
    }
  }
]
""",
    "terraform/templates/emr-configurations.json": """[
  {
    "Classification": "spark-defaults",
    "Properties": {
%{ for key, value in spark_defaults ~}
      "${key}": "${value}",
%{ endfor ~}
      "spark.dynamicAllocation.enabled": "true"
    }
  }
]
""",
    "airflow/pod_templates/driver.yaml.j2": """apiVersion: v1
kind: Pod
metadata:
  labels: {{ labels | tojson }}
spec:
  serviceAccountName: {{ service_account }}
  containers:
    - name: spark-kubernetes-driver
      resources: {% if big %}{limits: {memory: 16Gi}}{% endif %}
""",
    "airflow/pod_templates/executor.yaml": """apiVersion: v1
kind: Pod
spec:
  serviceAccountName: {{MY_SA}}
  containers:
    - name: spark-kubernetes-executor
      image: {IMAGE_REGISTRY}/spark-py:3.5.1
""",
    "docker/spark-job.yaml": """# syntax=docker/dockerfile:1
FROM apache/spark:3.5.1-python3
COPY jobs/ /opt/spark/work-dir/jobs/
ENV SPARK_CONF_DIR: /opt/spark/conf
CMD ["/opt/spark/bin/spark-submit", "--conf", "spark.executor.memory=2g", "jobs/etl.py"]
""",
    "jobs/etl.py": "from pyspark.sql import SparkSession\nspark = SparkSession.builder.getOrCreate()\n",
    "conf/livy-client.conf": "livy.rsc.rpc.max.size = 10m\nspark.config = x\n",
    "conf/livy.conf": "livy.spark.master = yarn\nlivy.spark.deploy-mode = cluster\n",
    "conf/kyuubi-defaults.conf": "kyuubi.frontend.bind.port 10009\nspark.executor.memory 4g\n___user___.spark.x 1\n",
    # --- Spark configs, each with one or two known problems ---------------------------------------
    "conf/spark-defaults.conf": """# cluster defaults
spark-master yarn
spark.executor.memory 4g
spark.executor.cores 4
spark.eventLog.enabled true
spark.executor.memory 8g
""",
    "conf/profiles.conf": """[LOCAL]
spark.app.name = etl-local
spark.executor.memory = 1g
[PROD]
spark.app.name = etl
spark.executor.memory = 10GB
spark.executor.instances = 20
spark.dynamicAllocation.enable = true
""",
    "conf/spark-blacklist.conf": "# Livy: names users may not set\nspark.master\nspark.submit.deployMode\nspark.yarn.jar\n"
                                 "spark.yarn.archiv\n",
    "k8s/spark-pi.yaml": """apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata:
  name: spark-pi
spec:
  type: Scala
  mode: cluster
  image: apache/spark:4.0.0
  sparkVersion: "4.0.0"
  mainClass: org.apache.spark.examples.SparkPi
  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar
  dynamicAllocation:
    enabled: true
    initialExecutors: 2
    minExecutors: 1
    maxExecutors: 5
  driver:
    cores: 1
    memory: 1g
  executor:
    instances: 1
    cores: 1
    memory: 2g
  sparkConf:  # keys Spark 4.0 added: known, since the file declares Spark 4.0.0
    spark.log.structuredLogging.enabled: "true"
    spark.driver.timeout: "30min"
""",
    "emr-serverless/job.json": json.dumps({"name": "nightly", "jobDriver": {"sparkSubmit": {
        "entryPoint": "s3://acme-jobs/etl.py", "sparkSubmitParameters": "--conf spark.executor.instances=1"}}},
        indent=2) + "\n",
}

# (path, rule, line, severity): what a Spark engineer would flag, and nothing else.
EXPECTED = [
    ("conf/profiles.conf", "SL003", 8, "warning"),       # spark.dynamicAllocation.enable: a typo of .enabled
    ("conf/spark-blacklist.conf", "SL003", 5, "warning"),  # spark.yarn.archiv: protects nothing
    ("conf/spark-defaults.conf", "SL002", 3, "warning"),  # spark.executor.memory set again at line 6
    ("conf/spark-defaults.conf", "SL004", 2, "warning"),  # spark-master: dropped, runs in local mode
    ("emr-serverless/job.json", "SL201", 6, "warning"),  # starts 3 executors, not 1 (EMR Serverless defaults)
    ("k8s/spark-pi.yaml", "SL201", 21, "warning"),        # instances 1 below initialExecutors 2
]


def _run(root, arguments: list[str], capsys) -> tuple[int, list[tuple[str, str, int, str]], str]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        capsys.readouterr()
        code = main(["--format", "json", "--verbose", *arguments])
    finally:
        os.chdir(cwd)
    captured = capsys.readouterr()
    findings = sorted((f["path"], f["rule"], f["line"], f["severity"]) for f in json.loads(captured.out))
    return code, findings, captured.err


@pytest.fixture
def repository(tmp_path):
    write(tmp_path, REPOSITORY)
    return tmp_path


def test_walk_reports_only_the_spark_configs(repository, capsys):
    code, findings, notes = _run(repository, ["."], capsys)
    assert findings == sorted(EXPECTED)
    assert code == 1
    assert "Traceback" not in notes


def test_every_file_named_reports_the_same(repository, capsys):
    """pre-commit names every file, hidden folders and odd names included; the verdicts are the same."""
    names = sorted(os.path.relpath(os.path.join(folder, name), repository).replace(os.sep, "/")
                   for folder, _, files in os.walk(repository) for name in files)
    assert ".vscode/tasks.json" in names and "jobs/etl.py" in names
    code, findings, notes = _run(repository, names, capsys)
    assert findings == sorted(EXPECTED)
    assert code == 1
    for path, reason in [
        (".vscode/tasks.json", "in the hidden folder .vscode/"),
        ("charts/spark-jobs/templates/sparkapplication.yaml", "a Helm chart template"),
        ("terraform/templates/emr-configurations.json", "a template (%{ at line 5)"),
        ("airflow/pod_templates/driver.yaml.j2", "a template"),
        ("airflow/pod_templates/executor.yaml", "a template ({{ at line 4)"),
        ("docker/spark-job.yaml", "named like YAML but holds a Dockerfile"),
        ("jobs/etl.py", "not a Spark configuration we recognise"),  # read: it names SparkSession, sets nothing
        ("conf/kyuubi-defaults.conf", "Kyuubi server defaults"),
        ("services/catalog-api/src/main/resources/application.properties", "Spring Boot"),
        ("schemas/FetchRequest.json", "JSON that does not parse (line 1, column 1) and names nothing of Spark"),
    ]:
        assert f"{path}: {reason}" in notes


def test_a_clean_spark_config_leaves_the_repository_clean(repository, capsys):
    """With the known problems fixed, the same repository is clean: exit 0, nothing reported."""
    write(repository, {
        "conf/spark-defaults.conf": "spark.master yarn\nspark.executor.memory 8g\nspark.executor.cores 4\n",
        "conf/profiles.conf": REPOSITORY["conf/profiles.conf"].replace(".enable =", ".enabled ="),
        "conf/spark-blacklist.conf": "spark.master\nspark.submit.deployMode\nspark.yarn.archive\n",
        "k8s/spark-pi.yaml": REPOSITORY["k8s/spark-pi.yaml"].replace("instances: 1", "instances: 2"),
        "emr-serverless/job.json": REPOSITORY["emr-serverless/job.json"].replace("instances=1", "instances=3"),
    })
    code, findings, _ = _run(repository, ["."], capsys)
    assert (code, findings) == (0, [])


def test_the_summary_counts_only_spark_configs_as_checked(repository, capsys):
    """Files that are not Spark configurations, broken JSON with comments included, are skipped, not
    "checked": the text summary counts the files that hold Spark settings."""
    spark_files = {path for path, _, _, _ in EXPECTED}
    cwd = os.getcwd()
    os.chdir(repository)
    try:
        capsys.readouterr()
        main(["--format", "json", "--verbose", "schemas/FetchRequest.json"])
        alone = capsys.readouterr()
        main(["."])
        walked = capsys.readouterr()
    finally:
        os.chdir(cwd)
    assert json.loads(alone.out) == []
    assert "schemas/FetchRequest.json: JSON that does not parse" in alone.err
    summary = next(line for line in walked.out.strip().splitlines()[::-1]  # the fixes line comes after it
                   if line.startswith("Found "))  # "Found 6 problems (...) in 5 of 6 files; 19 files skipped ..."
    checked = int(summary.split(" files;")[0].rsplit(" ", 1)[-1])
    assert len(spark_files) <= checked <= len(spark_files) + 1, summary  # + the clean spark-blacklist.conf
