"""The bench's generated tree: N mixed config files from a seed, so every run lints the same files.

Spark files (spark-defaults.conf, EMR Serverless StartJobRun / CreateApplication JSON, Kubernetes
SparkApplication YAML, Livy / sparkmagic `%%configure` bodies, EMR `Configurations` lists, Airflow DAGs
with a SparkSubmitOperator, PySpark jobs with a SparkSession.builder chain, spark-submit shell scripts, and
the shapes of bench/shapes.py: docker-compose Spark clusters, `docker exec ... spark-submit` scripts, Airflow
DAGs with the EMR / Dataproc / Databricks operators, Databricks, Dataproc and Synapse JSON, Zeppelin
interpreter.json, Helm values embedding a spark-defaults.conf, CI pipelines), about a fifth of them with one
planted mistake, and ~10% unrelated JSON/YAML/Python/shell files that a linter must skip (compose files,
Airflow DAGs and CI workflows that run no Spark among them). Standard library only.
"""

from __future__ import annotations

import json
import os
import random
from typing import Callable

import generate_shapes as shapes

MARKER = ".sparklint-bench"  # marks a --keep directory as ours, so a rerun may overwrite it
SUBDIRECTORIES = 100


Rng = random.Random


def _size(rng: Rng, choices: tuple[int, ...] = (1, 2, 4, 6, 8, 12, 16, 24)) -> str:
    return f"{rng.choice(choices)}{rng.choice(('g', 'g', 'g', 'G'))}"


# Plausible, correct properties: key -> value factory. Enough keys to fill a 40-line spark-defaults.conf.
PROPERTIES: dict[str, Callable[[Rng], str]] = {
    "spark.executor.memory": lambda r: _size(r),
    "spark.driver.memory": lambda r: _size(r, (1, 2, 4, 8)),
    "spark.executor.cores": lambda r: str(r.choice((1, 2, 4, 8))),
    "spark.driver.cores": lambda r: str(r.choice((1, 2, 4))),
    "spark.executor.memoryOverhead": lambda r: f"{r.choice((512, 768, 1024, 2048))}m",
    "spark.sql.shuffle.partitions": lambda r: str(r.choice((64, 200, 400, 800, 2000))),
    "spark.default.parallelism": lambda r: str(r.choice((64, 200, 400))),
    "spark.serializer": lambda r: "org.apache.spark.serializer.KryoSerializer",
    "spark.kryoserializer.buffer.max": lambda r: f"{r.choice((64, 128, 512))}m",
    "spark.sql.adaptive.enabled": lambda r: "true",
    "spark.sql.adaptive.coalescePartitions.enabled": lambda r: r.choice(("true", "false")),
    "spark.sql.adaptive.skewJoin.enabled": lambda r: "true",
    "spark.sql.autoBroadcastJoinThreshold": lambda r: r.choice(("10m", "50m", "-1", "104857600")),
    "spark.sql.files.maxPartitionBytes": lambda r: r.choice(("128m", "256m", "64MB")),
    "spark.network.timeout": lambda r: r.choice(("120s", "300s", "600s")),
    "spark.executor.heartbeatInterval": lambda r: r.choice(("10s", "20s", "30s")),
    "spark.speculation": lambda r: r.choice(("true", "false")),
    "spark.eventLog.enabled": lambda r: "true",
    "spark.eventLog.dir": lambda r: f"s3://logs-{r.randint(1, 99)}/spark-events/",
    "spark.history.fs.logDirectory": lambda r: "hdfs:///spark-history",
    "spark.hadoop.fs.s3a.impl": lambda r: "org.apache.hadoop.fs.s3a.S3AFileSystem",
    "spark.hadoop.fs.s3a.connection.maximum": lambda r: str(r.choice((100, 200, 500))),
    "spark.hadoop.fs.s3a.fast.upload": lambda r: "true",
    "spark.sql.catalogImplementation": lambda r: "hive",
    "spark.sql.sources.partitionOverwriteMode": lambda r: "dynamic",
    "spark.sql.parquet.compression.codec": lambda r: r.choice(("snappy", "zstd", "gzip")),
    "spark.sql.session.timeZone": lambda r: r.choice(("UTC", "Europe/Paris", "America/New_York")),
    "spark.sql.extensions": lambda r: "io.delta.sql.DeltaSparkSessionExtension",
    "spark.sql.catalog.spark_catalog": lambda r: "org.apache.spark.sql.delta.catalog.DeltaCatalog",
    "spark.driver.maxResultSize": lambda r: _size(r, (1, 2, 4)),
    "spark.rdd.compress": lambda r: "true",
    "spark.shuffle.compress": lambda r: "true",
    "spark.io.compression.codec": lambda r: r.choice(("lz4", "zstd", "snappy")),
    "spark.memory.fraction": lambda r: r.choice(("0.6", "0.7", "0.8")),
    "spark.memory.storageFraction": lambda r: r.choice(("0.3", "0.5")),
    "spark.task.maxFailures": lambda r: str(r.choice((4, 8))),
    "spark.locality.wait": lambda r: r.choice(("0s", "3s", "1s")),
    "spark.ui.enabled": lambda r: "true",
    "spark.ui.port": lambda r: str(r.choice((4040, 4041, 8088))),
    "spark.driver.extraJavaOptions": lambda r: "-XX:+UseG1GC -Dlog4j.configuration=log4j.properties",
    "spark.executor.extraJavaOptions": lambda r: "-XX:+UseG1GC -XX:+PrintGCDetails",
    "spark.jars.packages": lambda r: "org.apache.hadoop:hadoop-aws:3.3.4,io.delta:delta-spark_2.12:3.1.0",
    "spark.yarn.maxAppAttempts": lambda r: "1",
    "spark.cleaner.referenceTracking.cleanCheckpoints": lambda r: "true",
    "spark.sql.broadcastTimeout": lambda r: r.choice(("300", "600", "1200")),
    "spark.dynamicAllocation.executorIdleTimeout": lambda r: r.choice(("60s", "120s")),
}
_KEYS = sorted(PROPERTIES)

# Mistakes a reviewer would flag, as settings: a few are "memory without units".
MISTAKES: tuple[dict[str, str], ...] = (
    {"spark.executor.instances": "1", "spark.dynamicAllocation.enabled": "true"},
    {"spark.executor.memory": "4"},  # 4 MiB: below the 450 MiB minimum
    {"spark.driver.maxResultSize": "4096"},  # bytes, not 4 GiB
    {"spark.memory.fraction": "1.5"},
    {"spark.dynamicAllocation.minExecutors": "10", "spark.dynamicAllocation.maxExecutors": "5"},
    {"spark.executor.memroy": "8g"},
    {"spark.network.timeout": "10s", "spark.executor.heartbeatInterval": "30s"},
    {"spark.executor.cores": "3", "spark.emr-serverless.executor.disk": "500g"},
)


def _properties(rng: Rng, count: int, mistake: bool) -> dict[str, str]:
    """`count` random correct properties; with `mistake`, one of MISTAKES comes first (so no cut drops it)."""
    props = dict(rng.choice(MISTAKES)) if mistake else {}
    for key in rng.sample(_KEYS, min(count, len(_KEYS))):
        props.setdefault(key, PROPERTIES[key](rng))
    return props


shapes._properties = _properties


def gen_spark_defaults(rng: Rng, mistake: bool) -> tuple[str, str]:
    target = rng.randint(10, 40)  # lines
    header = [f"# spark-defaults for team {rng.choice(('data', 'ml', 'etl', 'bi'))}", "#"]
    bad = dict(rng.choice(MISTAKES)) if mistake else {}
    good = [(key, value) for key, value in _properties(rng, target, False).items() if key not in bad]
    items = good[:target - len(header) - len(bad)]
    position = rng.randint(0, len(items))  # the mistake sits somewhere in the middle
    items[position:position] = bad.items()
    body = []
    for key, value in items:
        if rng.random() < 0.08 and len(header) + len(body) + len(items) < target:
            body.append("")
        body.append(f"{key}{rng.choice(('  ', '=', ' = ', chr(9)))}{value}")
    return "spark-defaults", "\n".join(header + body) + "\n"


def _submit_parameters(rng: Rng, props: dict[str, str]) -> str:
    words = []
    if rng.random() < 0.3:
        words.append(f"--class com.example.jobs.Job{rng.randint(1, 50)}")
    if rng.random() < 0.3:
        words.append(f"--jars s3://artifacts-{rng.randint(1, 9)}/libs/dep.jar")
    for key, value in props.items():
        if " " in value:
            value = f"'{value}'"
        words.append(f"--conf {key}={value}")
    return " ".join(words)


def gen_start_job_run(rng: Rng, mistake: bool) -> tuple[str, str]:
    submit = _properties(rng, rng.randint(4, 12), mistake)
    body = {
        "applicationId": f"00f{rng.randint(10**12, 10**13):x}",
        "executionRoleArn": f"arn:aws:iam::{rng.randint(10**11, 10**12 - 1)}:role/emr-serverless-job",
        "name": f"nightly-{rng.randint(1, 999)}",
        "jobDriver": {"sparkSubmit": {
            "entryPoint": f"s3://code-{rng.randint(1, 9)}/jobs/main_{rng.randint(1, 99)}.py",
            "entryPointArguments": ["--date", "2024-01-01", "--env", rng.choice(("dev", "prod"))],
            "sparkSubmitParameters": _submit_parameters(rng, submit),
        }},
        "configurationOverrides": {
            "applicationConfiguration": [{"classification": "spark-defaults",
                                          "properties": _properties(rng, rng.randint(2, 8), False)}],
            "monitoringConfiguration": {"s3MonitoringConfiguration": {"logUri": "s3://logs/emr-serverless/"}},
        },
    }
    return "job-run", json.dumps(body, indent=rng.choice((2, 4)))


def gen_create_application(rng: Rng, mistake: bool) -> tuple[str, str]:
    cpu = rng.choice((2, 4, 8, 16))
    body = {
        "name": f"app-{rng.randint(1, 999)}",
        "releaseLabel": rng.choice(("emr-6.15.0", "emr-7.1.0", "emr-7.5.0")),
        "type": "SPARK",
        "initialCapacity": {
            "DRIVER": {"workerCount": 1, "workerConfiguration": {"cpu": "2vCPU", "memory": "4GB", "disk": "20GB"}},
            "EXECUTOR": {"workerCount": rng.randint(1, 10),
                         "workerConfiguration": {"cpu": f"{cpu}vCPU", "memory": f"{cpu * 4}GB", "disk": "50GB"}},
        },
        "maximumCapacity": {"cpu": "400vCPU", "memory": "1600GB", "disk": "5000GB"},
        "autoStartConfiguration": {"enabled": True},
        "autoStopConfiguration": {"enabled": True, "idleTimeoutMinutes": 15},
        "runtimeConfiguration": [{"classification": "spark-defaults",
                                  "properties": _properties(rng, rng.randint(3, 10), mistake)}],
    }
    return "application", json.dumps(body, indent=2)


def gen_spark_application(rng: Rng, mistake: bool) -> tuple[str, str]:
    target = rng.randint(40, 80)
    name = f"spark-job-{rng.randint(1, 9999)}"
    dynamic = rng.random() < 0.5
    instances = rng.randint(1, 20)
    lines = [
        "apiVersion: sparkoperator.k8s.io/v1beta2",
        "kind: SparkApplication",
        "metadata:",
        f"  name: {name}",
        f"  namespace: {rng.choice(('default', 'spark', 'data'))}",
        "  labels:",
        f"    app: {name}",
        f"    team: {rng.choice(('data', 'ml', 'etl'))}",
        "spec:",
        f"  type: {rng.choice(('Scala', 'Python'))}",
        "  mode: cluster",
        f"  image: apache/spark:{rng.choice(('3.5.1', '3.5.3', '4.0.0'))}",
        "  imagePullPolicy: IfNotPresent",
        "  mainClass: org.apache.spark.examples.SparkPi",
        "  mainApplicationFile: local:///opt/spark/examples/jars/spark-examples.jar",
        "  arguments:",
        '    - "1000"',
        '  sparkVersion: "3.5.1"',
        "  restartPolicy:",
        "    type: OnFailure",
        "    onFailureRetries: 3",
        "    onFailureRetryInterval: 10",
        "  driver:",
        f"    cores: {rng.choice((1, 2))}",
        f'    memory: "{_size(rng, (1, 2, 4))}"',
        "    serviceAccount: spark",
        "    labels:",
        "      version: 3.5.1",
        "  executor:",
        f"    instances: {instances if not (mistake and dynamic) else 10}",
        f"    cores: {rng.choice((1, 2, 4))}",
        f'    memory: "{_size(rng)}"',
        "    labels:",
        "      version: 3.5.1",
    ]
    if dynamic:
        lines += ["  dynamicAllocation:", "    enabled: true", "    initialExecutors: 2",
                  "    minExecutors: 1", f"    maxExecutors: {5 if mistake else rng.randint(10, 50)}"]
    lines.append("  sparkConf:")
    props = _properties(rng, len(_KEYS), mistake and not dynamic)
    conf_lines = [f'    "{key}": "{value}"' for key, value in props.items()]
    tail = ["  hadoopConf:", '    "fs.s3a.fast.upload": "true"', "  monitoring:",
            "    exposeDriverMetrics: true", "    exposeExecutorMetrics: true"]
    room = max(1, target - len(lines) - len(tail))
    lines += conf_lines[:room]
    lines += tail
    return "sparkapp", "\n".join(lines) + "\n"


def gen_livy(rng: Rng, mistake: bool) -> tuple[str, str]:
    conf = _properties(rng, rng.randint(2, 8), False)
    body: dict[str, object] = {
        "name": f"notebook-{rng.randint(1, 999)}",
        "driverMemory": _size(rng, (1, 2, 4)),
        "executorMemory": _size(rng) if not mistake else "8",
        "executorCores": rng.choice((1, 2, 4)),
        "numExecutors": rng.randint(1, 20),
        "conf": conf,
    }
    if mistake:
        conf["spark.dynamicAllocation.enabled"] = "true"
        conf["spark.dynamicAllocation.maxExecutors"] = "4"
        body["numExecutors"] = 12
    return "livy", json.dumps(body, indent=rng.choice((1, 2)))


def gen_emr_configurations(rng: Rng, mistake: bool) -> tuple[str, str]:
    body = [
        {"Classification": "spark-defaults", "Properties": _properties(rng, rng.randint(3, 12), mistake)},
        {"Classification": "spark-env", "Properties": {},
         "Configurations": [{"Classification": "export", "Properties": {"PYSPARK_PYTHON": "/usr/bin/python3"}}]},
        {"Classification": "spark", "Properties": {"maximizeResourceAllocation": rng.choice(("true", "false"))}},
    ]
    return "emr-configurations", json.dumps(body, indent=2)


def gen_package_json(rng: Rng, mistake: bool) -> tuple[str, str]:
    body = {"name": f"web-{rng.randint(1, 999)}", "version": f"1.{rng.randint(0, 9)}.0", "private": True,
            "scripts": {"build": "tsc -p .", "test": "jest", "lint": "eslint ."},
            "dependencies": {"react": "^18.2.0", "express": "^4.18.2"},
            "devDependencies": {"typescript": "^5.3.3", "jest": "^29.7.0"}}
    return "package", json.dumps(body, indent=2)


def gen_compose(rng: Rng, mistake: bool) -> tuple[str, str]:
    port = rng.randint(3000, 9000)
    text = (f"version: '3.8'\nservices:\n  web:\n    image: nginx:1.25\n    ports:\n      - \"{port}:80\"\n"
            "    environment:\n      - NODE_ENV=production\n  db:\n    image: postgres:16\n    volumes:\n"
            "      - db-data:/var/lib/postgresql/data\nvolumes:\n  db-data: {}\n")
    return "docker-compose", text


def gen_airflow_dag(rng: Rng, mistake: bool) -> tuple[str, str]:
    props = _properties(rng, rng.randint(3, 8), mistake)
    conf = ",\n".join(f"        {key!r}: {value!r}" for key, value in props.items())
    memory = "executor_memroy" if mistake and rng.random() < 0.5 else "executor_memory"
    text = ("from datetime import datetime\n\nfrom airflow import DAG\n"
            "from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator\n\n"
            f"with DAG('etl_{rng.randint(1, 999)}', start_date=datetime(2024, 1, 1), schedule='@daily') as dag:\n"
            "    SparkSubmitOperator(\n        task_id='transform',\n"
            f"        application='/jobs/etl_{rng.randint(1, 99)}.py',\n        conf={{\n{conf},\n        }},\n"
            f"        num_executors={rng.choice((2, 4, 8))},\n        {memory}={_size(rng)!r},\n    )\n")
    return "airflow-dag", text


def gen_pyspark_job(rng: Rng, mistake: bool) -> tuple[str, str]:
    props = _properties(rng, rng.randint(2, 6), mistake)
    chain = "".join(f"    .config({key!r}, {value!r})\n" for key, value in props.items())
    text = ("from pyspark.sql import SparkSession\n\n\ndef main() -> None:\n"
            f"    spark = (SparkSession.builder.appName('job{rng.randint(1, 999)}')\n{chain}"
            "        .getOrCreate())\n    spark.read.parquet('s3://bucket/in').write.parquet('s3://bucket/out')\n\n\n"
            "if __name__ == '__main__':\n    main()\n")
    return "pyspark-job", text


def gen_python_module(rng: Rng, mistake: bool) -> tuple[str, str]:
    functions = "\n\n".join(f"def handler_{index}(event: dict) -> int:\n    total = 0\n"
                             f"    for item in event.get('items', []):\n        total += item * {index}\n"
                             "    return total\n" for index in range(rng.randint(5, 30)))
    return "module", f'"""Helpers for the web service."""\nimport json\nimport os\n\n\n{functions}'


def gen_submit_script(rng: Rng, mistake: bool) -> tuple[str, str]:
    props = _properties(rng, rng.randint(2, 8), mistake)
    # A value with blanks is quoted, as a working script quotes it (unquoted, spark-submit gets its words apart).
    lines = [f"  --conf {key}={value!r}" if " " in value else f"  --conf {key}={value}" for key, value in props.items()]
    lines.insert(0, f"  --master yarn --deploy-mode cluster --executor-memory {_size(rng)}")
    joined = " \\\n".join(lines)
    if mistake:  # a line without its backslash
        joined = joined.replace(" \\\n", "\n", 1)
    text = (f"#!/bin/bash\nset -euo pipefail\nDATE=${{1:-$(date +%F)}}\n$SPARK_HOME/bin/spark-submit \\\n{joined} \\\n"
            f"  s3://code-{rng.randint(1, 9)}/jobs/main.py \"$DATE\" 2>&1 | tee run.log\n")
    return "submit-script", text


def gen_shell_script(rng: Rng, mistake: bool) -> tuple[str, str]:
    steps = "\n".join(f"echo 'step {index}' && ./build.sh --target t{index} > /dev/null" for index in range(rng.randint(5, 30)))
    return "script", f"#!/bin/sh\nset -e\ncd \"$(dirname \"$0\")\"\n{steps}\n"


SPARK_KINDS: tuple[tuple[Callable[[Rng, bool], tuple[str, str]], str, int], ...] = (
    (gen_spark_defaults, ".conf", 30),
    (gen_start_job_run, ".json", 15),
    (gen_create_application, ".json", 10),
    (gen_spark_application, ".yaml", 20),
    (gen_livy, ".json", 10),
    (gen_emr_configurations, ".json", 15),
    (gen_airflow_dag, ".py", 5),
    (gen_pyspark_job, ".py", 5),
    (gen_submit_script, ".sh", 10),
    *shapes.SPARK_KINDS,
)
UNRELATED_KINDS = ((gen_package_json, ".json", 1), (gen_compose, ".yml", 1), (gen_python_module, ".py", 2),
                   (gen_shell_script, ".sh", 1), *shapes.UNRELATED_KINDS)


def generate(root: str, count: int, seed: int) -> dict[str, int]:
    """Write `count` files under `root`; return counts by kind (plus "mistakes")."""
    rng = random.Random(seed)
    counts: dict[str, int] = {"mistakes": 0}
    spark_weights = [weight for _, _, weight in SPARK_KINDS]
    manifest = []
    for index in range(count):
        directory = os.path.join(root, f"d{index % SUBDIRECTORIES:03d}")
        if index < SUBDIRECTORIES:
            os.makedirs(directory, exist_ok=True)
        if rng.random() < 0.10:
            make, suffix, _ = rng.choice(UNRELATED_KINDS)
            mistake = False
        else:
            make, suffix, _ = rng.choices(SPARK_KINDS, weights=spark_weights)[0]
            mistake = rng.random() < 0.2
        kind, text = make(rng, mistake)
        counts[kind] = counts.get(kind, 0) + 1
        counts["mistakes"] += mistake
        path = os.path.join(directory, f"{kind}-{index:05d}{suffix}")
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)
        manifest.append(f"{os.path.relpath(path, root)}\t{kind}\t{int(mistake)}")
    with open(os.path.join(root, MARKER), "w", encoding="utf-8") as handle:
        handle.write("\n".join(manifest) + "\n")
    return counts
