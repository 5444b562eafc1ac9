"""Bench generators for the shapes of issue 10: docker-compose Spark clusters, `docker exec ... spark-submit`
scripts, Airflow DAGs with the platform operators, Databricks cluster JSON, Dataproc Serverless batches,
Synapse Spark configurations, Zeppelin interpreter.json, Helm values embedding a spark-defaults.conf, CI
pipelines running spark-submit, init actions appending to spark-defaults.conf, dag-factory YAML DAGs and
SparkKubernetesOperator DAGs with a template_spec; plus the ordinary files of the same kinds a linter must skip (a web app's
compose file, an Airflow DAG with a BashOperator, a CI workflow running tests). Standard library only;
each takes (rng, mistake) and returns (kind, text) like the generators in generate.py.
"""

from __future__ import annotations

import json
import random
from typing import Callable

Rng = random.Random
Properties = Callable[[Rng, int, bool], dict[str, str]]
_properties: Properties  # set by generate.py (its _properties), so both modules draw the same settings


def _conf_words(props: dict[str, str], indent: str) -> list[str]:
    return [f"{indent}--conf {key}={json.dumps(value) if ' ' in value else value}" for key, value in props.items()]


def gen_compose_spark(rng: Rng, mistake: bool) -> tuple[str, str]:
    workers = rng.randint(1, 3)
    memory, cores = rng.choice(("2G", "4G", "8G")), rng.choice((2, 4))
    lines = ["services:", "  spark-master:", "    image: bitnami/spark:3.5", "    environment:",
             "      - SPARK_MODE=master", "    ports:", "      - \"8080:8080\"", "      - \"7077:7077\""]
    for index in range(1, workers + 1):
        lines += [f"  spark-worker-{index}:", "    image: bitnami/spark:3.5", "    depends_on: [spark-master]",
                  "    environment:", "      - SPARK_MODE=worker", "      - SPARK_MASTER_URL=spark://spark-master:7077",
                  f"      - SPARK_WORKER_MEMORY={memory}", f"      - SPARK_WORKER_CORES={cores}"]
    props = _properties(rng, rng.randint(1, 4), mistake)
    conf = " ".join(f"--conf {key}={value}" for key, value in props.items() if " " not in value)
    lines += ["  submit:", "    image: bitnami/spark:3.5", "    depends_on: [spark-master]",
              f"    command: spark-submit --master spark://spark-master:7077 --executor-memory 1g {conf} "
              f"/opt/jobs/job_{rng.randint(1, 99)}.py"]
    return "compose-spark", "\n".join(lines) + "\n"


def gen_docker_exec_script(rng: Rng, mistake: bool) -> tuple[str, str]:
    props = _properties(rng, rng.randint(2, 6), mistake)
    runner = rng.choice(("docker exec -it spark-master", "docker compose exec -T spark",
                         "kubectl exec -n spark -it spark-driver --"))
    words = [f"{runner} /opt/spark/bin/spark-submit \\", "  --master spark://spark-master:7077 \\"]
    words += [word + " \\" for word in _conf_words(props, "  ")]
    words.append(f"  /opt/jobs/etl_{rng.randint(1, 99)}.py")
    return "exec-script", "#!/usr/bin/env bash\nset -euo pipefail\ndocker compose up -d\n" + "\n".join(words) + "\n"


def gen_airflow_platform_dag(rng: Rng, mistake: bool) -> tuple[str, str]:
    props = _properties(rng, rng.randint(2, 6), mistake)
    choice = rng.randrange(3)
    header = f"from datetime import datetime\n\nfrom airflow import DAG\n"
    if choice == 0:
        parameters = " ".join(f"--conf {key}={value}" for key, value in props.items() if " " not in value)
        call = ("from airflow.providers.amazon.aws.operators.emr import EmrServerlessStartJobOperator\n\n"
                f"with DAG('emr_{rng.randint(1, 999)}', start_date=datetime(2024, 1, 1), schedule='@daily') as dag:\n"
                "    EmrServerlessStartJobOperator(\n        task_id='run_job',\n"
                "        application_id='{{ var.value.emr_app }}',\n"
                "        execution_role_arn='arn:aws:iam::123456789012:role/emr',\n"
                f"        job_driver={{'sparkSubmit': {{'entryPoint': 's3://code/job_{rng.randint(1, 99)}.py',\n"
                f"                                    'sparkSubmitParameters': {parameters!r}}}}},\n"
                "        wait_for_completion=True,\n    )\n")
    elif choice == 1:
        properties = ",\n".join(f"            {key!r}: {value!r}" for key, value in props.items())
        call = ("from airflow.providers.google.cloud.operators.dataproc import DataprocSubmitJobOperator\n\n"
                "PYSPARK_JOB = {\n    'reference': {'project_id': 'my-project'},\n"
                "    'placement': {'cluster_name': 'etl-cluster'},\n"
                f"    'pyspark_job': {{'main_python_file_uri': 'gs://code/job_{rng.randint(1, 99)}.py',\n"
                f"        'properties': {{\n{properties},\n        }}}},\n}}\n\n"
                f"with DAG('dataproc_{rng.randint(1, 999)}', start_date=datetime(2024, 1, 1)) as dag:\n"
                "    DataprocSubmitJobOperator(task_id='pyspark_task', job=PYSPARK_JOB, region='us-central1',\n"
                "                              project_id='my-project')\n")
    else:
        conf = ",\n".join(f"        {key!r}: {value!r}" for key, value in props.items())
        call = ("from airflow.providers.databricks.operators.databricks import DatabricksSubmitRunOperator\n\n"
                "NEW_CLUSTER = {\n    'spark_version': '13.3.x-scala2.12',\n    'node_type_id': 'i3.xlarge',\n"
                f"    'num_workers': {rng.randint(1, 8)},\n    'spark_conf': {{\n{conf},\n    }},\n}}\n\n"
                f"with DAG('dbx_{rng.randint(1, 999)}', start_date=datetime(2024, 1, 1)) as dag:\n"
                "    DatabricksSubmitRunOperator(task_id='notebook', new_cluster=NEW_CLUSTER,\n"
                "                                notebook_task={'notebook_path': '/Shared/etl'})\n")
    return "airflow-platform-dag", header + call


def gen_databricks_cluster(rng: Rng, mistake: bool) -> tuple[str, str]:
    body = {
        "cluster_name": f"etl-{rng.randint(1, 999)}",
        "spark_version": rng.choice(("13.3.x-scala2.12", "14.3.x-scala2.12", "15.4.x-scala2.12")),
        "node_type_id": rng.choice(("i3.xlarge", "r5d.2xlarge", "Standard_DS3_v2")),
        "autoscale": {"min_workers": 1, "max_workers": rng.randint(2, 20)},
        "spark_conf": _properties(rng, rng.randint(2, 8), mistake),
        "spark_env_vars": {"PYSPARK_PYTHON": "/databricks/python3/bin/python3"},
        "autotermination_minutes": rng.choice((20, 60, 120)),
        "custom_tags": {"team": rng.choice(("data", "ml", "bi"))},
    }
    return "databricks-cluster", json.dumps(body, indent=4)


def gen_dataproc_batch(rng: Rng, mistake: bool) -> tuple[str, str]:
    properties = {"spark.driver.cores": str(rng.choice((4, 8))), "spark.executor.cores": "4"}
    properties.update(_properties(rng, rng.randint(1, 5), mistake))
    body = {"pysparkBatch": {"mainPythonFileUri": f"gs://code-{rng.randint(1, 9)}/jobs/main.py",
                             "args": ["--date", "2024-01-01"]},
            "runtimeConfig": {"version": rng.choice(("1.1", "2.1", "2.2")), "properties": properties},
            "environmentConfig": {"executionConfig": {"subnetworkUri": "default"}},
            "labels": {"team": rng.choice(("data", "ml"))}}
    return "dataproc-batch", json.dumps(body, indent=2)


def gen_synapse_configuration(rng: Rng, mistake: bool) -> tuple[str, str]:
    configs = _properties(rng, rng.randint(2, 6), mistake)
    body = {"name": f"SparkConfig{rng.randint(1, 99)}",
            "properties": {"configs": configs, "created": "2024-01-05T10:00:00.0000000+00:00",
                           "createdBy": "someone@example.com", "annotations": [],
                           "configMergeRule": {f"artifact.currentOperation.{key}": "replace" for key in configs}}}
    return "synapse-configuration", json.dumps(body, indent="\t")


def gen_zeppelin(rng: Rng, mistake: bool) -> tuple[str, str]:
    props = {"spark.master": rng.choice(("yarn", "local[*]", "spark://master:7077")),
             "zeppelin.spark.maxResult": "1000", "zeppelin.pyspark.python": "python3", "SPARK_HOME": "/opt/spark"}
    props.update(_properties(rng, rng.randint(2, 6), mistake))
    entries = {key: {"name": key, "value": value, "type": "string"} for key, value in props.items()}
    body = {"interpreterSettings": {
        "spark": {"id": "spark", "name": "spark", "group": "spark", "properties": entries, "status": "READY",
                  "interpreterGroup": [{"name": "spark", "class": "org.apache.zeppelin.spark.SparkInterpreter"}]},
        "md": {"id": "md", "name": "md", "group": "md", "properties": {}}}, "interpreterRepositories": []}
    return "zeppelin-interpreter", json.dumps(body, indent=2)


def gen_helm_values(rng: Rng, mistake: bool) -> tuple[str, str]:
    props = _properties(rng, rng.randint(3, 10), mistake)
    body = "\n".join(f"    {key}={value}" if rng.random() < 0.5 else f"    {key} {value}" for key, value in props.items())
    text = (f"replicaCount: {rng.randint(1, 3)}\nimage:\n  repository: apache/kyuubi\n  tag: 1.9.0\n"
            "sparkConf:\n  sparkEnv: |\n    #!/usr/bin/env bash\n    export SPARK_LOG_DIR=/opt/spark/logs\n"
            f"  sparkDefaults: |\n{body}\n  log4j2: ~\nconfigMaps:\n  data:\n    spark-defaults.conf: |\n"
            + "\n".join("  " + line for line in body.split("\n")) + "\n")
    return "helm-values", text


def gen_ci_pipeline(rng: Rng, mistake: bool) -> tuple[str, str]:
    props = _properties(rng, rng.randint(2, 5), mistake)
    words = " ".join(f"--conf {key}={value}" for key, value in props.items() if " " not in value)
    if rng.random() < 0.5:
        text = ("stages: [build, submit]\nbuild:\n  stage: build\n  script:\n    - make package\n"
                "submit:\n  stage: submit\n  image: apache/spark:3.5.1\n  script:\n"
                f"    - spark-submit --master yarn --deploy-mode cluster {words} dist/job.py\n")
    else:
        text = ("name: submit\non:\n  workflow_dispatch:\njobs:\n  submit:\n    runs-on: ubuntu-latest\n    steps:\n"
                "      - uses: actions/checkout@v4\n      - name: Submit\n        run: |\n"
                f"          docker exec spark-master spark-submit {words} /jobs/job.py\n")
    return "ci-pipeline", text


def gen_init_action(rng: Rng, mistake: bool) -> tuple[str, str]:
    """A Dataproc initialization action / EMR bootstrap action appending to spark-defaults.conf."""
    props = _properties(rng, rng.randint(2, 6), mistake)
    target = rng.choice(("/etc/spark/conf/spark-defaults.conf", "$SPARK_HOME/conf/spark-defaults.conf"))
    lines = ["#!/bin/bash", "set -euxo pipefail", "ROLE=$(/usr/share/google/get_metadata_value attributes/dataproc-role)",
             "if [[ \"${ROLE}\" == 'Master' ]]; then"]
    for key, value in props.items():
        if rng.random() < 0.5:
            lines.append(f"  echo \"{key} {value}\" >> {target}")
        else:
            lines.append(f"  echo \"{key}={value}\" | sudo tee -a {target}")
    lines += ["fi", "systemctl restart spark-history-server || true"]
    return "init-action", "\n".join(lines) + "\n"


def gen_dag_factory(rng: Rng, mistake: bool) -> tuple[str, str]:
    """A dag-factory YAML DAG with a SparkSubmitOperator task beside a BashOperator one."""
    props = _properties(rng, rng.randint(2, 6), mistake)
    conf = "".join(f"        {key}: {json.dumps(value)}\n" for key, value in props.items())
    text = (f"etl_{rng.randint(1, 999)}:\n  default_args:\n    owner: data\n    start_date: 2024-01-01\n"
            "  schedule_interval: '@daily'\n  tasks:\n    extract:\n      operator: airflow.operators.bash.BashOperator\n"
            "      bash_command: echo extract\n    transform:\n"
            "      operator: airflow.providers.apache.spark.operators.spark_submit.SparkSubmitOperator\n"
            f"      application: /opt/jobs/job_{rng.randint(1, 99)}.py\n      conn_id: spark_default\n"
            f"      executor_memory: {rng.choice(('2g', '4g', '8g'))}\n      conf:\n{conf}      dependencies: [extract]\n")
    return "dag-factory", text


def gen_spark_kubernetes_dag(rng: Rng, mistake: bool) -> tuple[str, str]:
    """An Airflow DAG whose SparkKubernetesOperator carries its SparkApplication as template_spec."""
    props = _properties(rng, rng.randint(2, 6), mistake)
    conf = "".join(f"            {key!r}: {value!r},\n" for key, value in props.items())
    text = ("from datetime import datetime\n\nfrom airflow import DAG\n"
            "from airflow.providers.cncf.kubernetes.operators.spark_kubernetes import SparkKubernetesOperator\n\n"
            "SPEC = {'spark': {\n    'apiVersion': 'sparkoperator.k8s.io/v1beta2', 'kind': 'SparkApplication',\n"
            "    'spec': {\n        'type': 'Python', 'mode': 'cluster', 'sparkVersion': '3.5.1',\n"
            f"        'mainApplicationFile': 'local:///opt/jobs/job_{rng.randint(1, 99)}.py',\n"
            f"        'sparkConf': {{\n{conf}        }},\n"
            f"        'executor': {{'instances': {rng.randint(1, 8)}, 'cores': 2, 'memory': '4g'}},\n    }},\n}}}}\n\n"
            f"with DAG('k8s_{rng.randint(1, 999)}', start_date=datetime(2024, 1, 1)) as dag:\n"
            "    SparkKubernetesOperator(task_id='submit', namespace='spark', template_spec=SPEC)\n")
    return "spark-kubernetes-dag", text


def gen_dag_factory_bash(rng: Rng, mistake: bool) -> tuple[str, str]:
    text = (f"report_{rng.randint(1, 999)}:\n  schedule_interval: '@daily'\n  tasks:\n    send:\n"
            "      operator: airflow.operators.bash.BashOperator\n      bash_command: python report.py\n")
    return "dag-factory-bash", text


def gen_compose_web(rng: Rng, mistake: bool) -> tuple[str, str]:
    text = (f"services:\n  api:\n    build: .\n    command: gunicorn app:app --workers {rng.randint(2, 8)}\n"
            "    environment:\n      DATABASE_URL: postgres://db/app\n  db:\n    image: postgres:16\n")
    return "compose-web", text


def gen_airflow_bash_dag(rng: Rng, mistake: bool) -> tuple[str, str]:
    text = ("from datetime import datetime\n\nfrom airflow import DAG\nfrom airflow.operators.bash import BashOperator\n\n"
            f"with DAG('report_{rng.randint(1, 999)}', start_date=datetime(2024, 1, 1)) as dag:\n"
            "    BashOperator(task_id='report', bash_command='python report.py --date {{ ds }}')\n")
    return "airflow-bash-dag", text


def gen_ci_tests(rng: Rng, mistake: bool) -> tuple[str, str]:
    text = ("name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n      - run: pip install -e .[test]\n"
            f"      - run: pytest -q -n {rng.randint(2, 8)}\n")
    return "ci-tests", text


# (generator, suffix, weight) in generate.py's units: about a third of the Spark files are these shapes,
# scripts and compose files first, as in the public sample issue 10 describes.
SPARK_KINDS: tuple[tuple[Callable[[Rng, bool], tuple[str, str]], str, int], ...] = (
    (gen_compose_spark, ".yml", 8),
    (gen_docker_exec_script, ".sh", 5),
    (gen_airflow_platform_dag, ".py", 6),
    (gen_databricks_cluster, ".json", 6),
    (gen_dataproc_batch, ".json", 4),
    (gen_synapse_configuration, ".json", 3),
    (gen_zeppelin, ".json", 4),
    (gen_helm_values, ".yaml", 4),
    (gen_ci_pipeline, ".yml", 3),
    (gen_init_action, ".sh", 2),
    (gen_dag_factory, ".yml", 2),
    (gen_spark_kubernetes_dag, ".py", 2),
)
UNRELATED_KINDS = ((gen_compose_web, ".yml", 1), (gen_airflow_bash_dag, ".py", 1), (gen_ci_tests, ".yml", 1),
                   (gen_dag_factory_bash, ".yml", 1))
