"""`sparklint explain`: given the examples, the numbers Spark will use; golden text and markdown outputs.

Refresh the golden files with `SPARKLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_explain.py` and
review the diff."""

from __future__ import annotations

import json
import os

import pytest

from conftest import REPO
from sparklint.cli import main

GOLDEN = REPO / "tests" / "golden" / "explain"
BACKFILL = "examples/emr-serverless/backfill.ipynb"
SMALL = "examples/emr-serverless/small-session.json"
DEFAULTS = "examples/spark-defaults/spark-defaults.conf"


def explain(capsys, monkeypatch, *arguments: str) -> tuple[int, str]:
    monkeypatch.chdir(REPO)
    capsys.readouterr()
    code = main(["explain", *arguments])
    return code, capsys.readouterr().out


def configs(capsys, monkeypatch, *arguments: str) -> dict[str, dict]:
    code, out = explain(capsys, monkeypatch, "--format", "json", *arguments)
    assert code == 0
    return {config["path"]: config for config in json.loads(out)["configs"]}


def sources(config: dict) -> list[dict]:
    """The settings rows without the values each one overrides."""
    return [{key: value for key, value in item.items() if key != "overrides"} for item in config["settings"]]


def test_a_4g_executor_has_2_2_gib_of_unified_memory(capsys, monkeypatch):
    executor = configs(capsys, monkeypatch, DEFAULTS)[DEFAULTS]["executor"]
    # (4 GiB − 300 MiB) × 0.6, truncated as UnifiedMemoryManager does (DEVELOPERS.md, first surprise)
    assert executor["heap"] == 4294967296
    assert executor["reserved"] == 314572800
    assert executor["usable"] == 4294967296 - 314572800
    assert executor["unified"] == 2388236697
    assert executor["storage"] == 1194118348
    assert executor["execution"] == 2388236697 - 1194118348
    assert executor["user"] == 3980394496 - 2388236697
    assert (executor["overhead"], executor["container"]) == (409 * 2**20, (4096 + 409) * 2**20)
    assert (executor["cores"], executor["tasks"], executor["unified_per_task"]) == (2, 2, 2388236697 // 2)


def test_json_has_the_documented_shape(capsys, monkeypatch):
    config = configs(capsys, monkeypatch, DEFAULTS)[DEFAULTS]
    assert {"path", "platform", "spark_version", "driver", "executor", "executors", "worker", "settings"} <= set(config)
    memory_keys = {"heap", "reserved", "usable", "unified", "storage", "execution", "user", "offheap", "overhead",
                   "pyspark", "container", "cores"}
    assert memory_keys <= set(config["driver"])
    assert memory_keys | {"tasks", "unified_per_task"} <= set(config["executor"])
    assert {"dynamic_allocation", "requested", "min", "initial", "max", "at_start", "capacity_limit",
            "binding_limit"} <= set(config["executors"])
    assert (config["platform"], config["spark_version"], config["worker"]) == ("yarn", "3.5", None)
    assert {"key": "spark.executor.memory", "value": "4g", "source": f"{DEFAULTS}:4"} in sources(config)
    assert {"key": "spark.memory.fraction", "value": "0.6", "source": "Spark 3.5 default"} in sources(config)
    executors = config["executors"]
    assert (executors["dynamic_allocation"], executors["requested"], executors["min"], executors["initial"],
            executors["max"], executors["at_start"]) == (True, 2, 0, 4, None, 4)
    assert (executors["capacity_limit"], executors["binding_limit"]) == (None, None)


def test_ten_executors_on_a_150_gb_disk_cap_fit_six_and_disk_binds(capsys, monkeypatch):
    found = configs(capsys, monkeypatch, "examples/emr-serverless")
    executors = found[BACKFILL]["executors"]
    assert (executors["at_start"], executors["capacity_limit"], executors["binding_limit"]) == (10, 6, "disk")
    assert executors["fits"] == {"cpu": 199, "memory": 599, "disk": 6}
    gib = 2**30
    assert found[BACKFILL]["worker"] == {"driver": {"cpu": 1, "memory": 5 * gib, "disk": 20 * gib,
                                                    "needed": (4096 + 409) * 2**20},
                                         "executor": {"cpu": 2, "memory": 5 * gib, "disk": 20 * gib,
                                                      "needed": (4096 + 409) * 2**20}}
    # numExecutors 1 still starts 3: EMR Serverless's initialExecutors default (DEVELOPERS.md, third surprise)
    small = found[SMALL]["executors"]
    assert (small["requested"], small["initial"], small["at_start"]) == (1, 3, 3)
    assert (small["capacity_limit"], small["binding_limit"]) == (6, "disk")
    assert "application.json" not in " ".join(found)  # an application is not a job: it lends its capacity


def test_set_evaluates_a_what_if_without_editing_the_file(capsys, monkeypatch):
    found = configs(capsys, monkeypatch, "--set", "spark.executor.memory=8g", "--set",
                    "spark.emr-serverless.executor.disk=10G", "examples/emr-serverless")
    executor = found[BACKFILL]["executor"]
    assert executor["heap"] == 8 * 2**30
    assert executor["unified"] == int((8 * 2**30 - 314572800) * 0.6)
    assert {"key": "spark.executor.memory", "value": "8g",
            "source": "--set spark.executor.memory=8g"} in sources(found[BACKFILL])
    executors = found[BACKFILL]["executors"]
    assert executors["fits"]["disk"] == (150 - 20) // 10
    assert (executors["capacity_limit"], executors["binding_limit"]) == (13, "disk")


def test_set_without_equals_is_a_usage_error(capsys, monkeypatch):
    monkeypatch.chdir(REPO)
    assert main(["explain", "--set", "spark.executor.memory", DEFAULTS]) == 2
    assert "KEY=VALUE" in capsys.readouterr().err


def test_off_heap_is_counted_in_the_ui_sentence(capsys, monkeypatch):
    code, out = explain(capsys, monkeypatch, "--set", "spark.memory.offHeap.enabled=true",
                        "--set", "spark.memory.offHeap.size=1g", DEFAULTS)
    assert code == 0
    assert "3.2 GiB (3461978521 bytes) for each executor: (4 GiB heap − 300 MiB) × 0.6 + 1 GiB off-heap" in out


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_golden_output_for_the_examples(output_format, capsys, monkeypatch):
    _, out = explain(capsys, monkeypatch, "--format", output_format, "examples/")
    golden = GOLDEN / f"examples.{'md' if output_format == 'markdown' else 'txt'}"
    if os.environ.get("SPARKLINT_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


def test_readme_shows_the_real_explain_output(capsys, monkeypatch):
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    shown = re.search(r"<!-- explain-output: begin -->\n```text\n(.*?)```\n<!-- explain-output: end -->",
                      readme, re.DOTALL)
    assert shown, "README lost its explain-output block"
    _, out = explain(capsys, monkeypatch, BACKFILL, "examples/emr-serverless/application.json")
    assert out == shown.group(1)


GIB = 2**30


def test_totals_at_start_and_at_the_maximum_against_the_caps(capsys, monkeypatch):
    # The 1 driver + 10 executors session, what-if maxExecutors=12: 1 vCPU / 5 GB / 20 GB driver,
    # 2 vCPU / 5 GB / 20 GB executors (4g heap + 409m overhead on the 1 GB grid).
    config = configs(capsys, monkeypatch, BACKFILL, "examples/emr-serverless/application.json",
                     "--set", "spark.dynamicAllocation.maxExecutors=12")[BACKFILL]
    totals = config["executors"]["totals"]
    assert totals["at_start"] == {"cpu": 1 + 10 * 2, "memory": 5 * GIB + 10 * 5 * GIB, "disk": 20 * GIB + 10 * 20 * GIB}
    assert totals["at_max"] == {"cpu": 1 + 12 * 2, "memory": 5 * GIB + 12 * 5 * GIB, "disk": 20 * GIB + 12 * 20 * GIB}
    code, out = explain(capsys, monkeypatch, BACKFILL, "examples/emr-serverless/application.json",
                        "--set", "spark.dynamicAllocation.maxExecutors=12")
    rows = {line.split()[0]: line for line in out.splitlines() if line.startswith(("  cpu ", "  disk "))}
    assert rows["disk"].split()[1:8] == ["150", "GB", "220", "GB", "260", "GB", "(over)"]
    assert rows["cpu"].split()[1:7] == ["400", "vCPU", "21", "vCPU", "25", "vCPU"]


def test_unbounded_maximum_and_no_dynamic_allocation(capsys, monkeypatch):
    unbounded = configs(capsys, monkeypatch, SMALL, "examples/emr-serverless/application.json")[SMALL]
    assert unbounded["executors"]["max"] is None and unbounded["executors"]["totals"]["at_max"] is None
    code, out = explain(capsys, monkeypatch, SMALL, "examples/emr-serverless/application.json")
    assert "maxExecutors is unbounded, so dynamic allocation grows until the cap: at most 6 (disk binds)" in out
    fixed = configs(capsys, monkeypatch, SMALL, "examples/emr-serverless/application.json",
                    "--set", "spark.dynamicAllocation.enabled=false")[SMALL]
    # Without dynamic allocation the job runs spark.executor.instances=1 executor, start to end.
    assert fixed["executors"]["at_start"] == 1
    assert fixed["executors"]["totals"]["at_max"] == fixed["executors"]["totals"]["at_start"]


def test_emr_serverless_sizes_are_written_in_gb_as_aws_writes_them(capsys, monkeypatch):
    _, out = explain(capsys, monkeypatch, BACKFILL, "examples/emr-serverless/application.json")
    workers = out[out.index("EMR Serverless workers"):]
    assert "  driver    1    5 GB    20 GB  4.4 GB" in workers
    assert "1024³ bytes, the same unit as Spark's g" in workers
    assert "3000 GB" in out and "GiB  " not in workers.split("\n\n")[0]


def test_a_setting_says_which_values_it_overrides(capsys, monkeypatch, tmp_path):
    job = tmp_path / "job.json"
    job.write_text(json.dumps({
        "applicationId": "00abc",
        "jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py",
                                      "sparkSubmitParameters": "--conf spark.executor.memory=8g"}},
        "configurationOverrides": {"applicationConfiguration": [
            {"classification": "spark-defaults", "properties": {"spark.executor.memory": "6g"}}]}}, indent=1),
        encoding="utf-8")
    (config,) = configs(capsys, monkeypatch, str(job)).values()
    (setting,) = [item for item in config["settings"] if item["key"] == "spark.executor.memory"]
    assert setting["value"] == "8g" and setting["source"].endswith(":6 (--conf in jobDriver.sparkSubmit.sparkSubmitParameters)")
    assert [other["value"] for other in setting["overrides"]] == ["6g", "14g"]  # the job's layer, EMR's default
    assert "applicationConfiguration" in setting["overrides"][0]["source"]
    _, out = explain(capsys, monkeypatch, str(job))
    assert "; overrides 6g [" in out and "; overrides 14g [EMR Serverless default" in out


@pytest.mark.parametrize("master, threads", [
    ("local[*]", "a task thread per core of the driver's host"), ("local[4]", "4 task threads"),
    ("local[*, 4]", "a task thread per core of the driver's host, giving up on a task after 4 failures"),
    ("local", "1 task thread"),
])
def test_a_local_master_starts_no_executor(master, threads, tmp_path, capsys, monkeypatch):
    (tmp_path / "spark-defaults.conf").write_text(f"spark.master {master}\nspark.executor.memory 2g\n",
                                                  encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["explain", "--format", "json", "spark-defaults.conf"]) == 0
    (config,) = json.loads(capsys.readouterr().out)["configs"]
    executors = config["executors"]
    assert (executors["at_start"], executors["in_driver"]) == (0, True)
    assert executors["at_start_reason"] == (
        f"none: spark.master={master} [spark-defaults.conf:1] runs every task inside the driver JVM on {threads}, "
        "and starts no executor (SparkContext.createTaskScheduler: LocalSchedulerBackend)")
    assert main(["explain", "spark-defaults.conf"]) == 0
    text = capsys.readouterr().out
    assert f"  at start             0: none: spark.master={master} " in text
    assert "for each executor" not in text and "With a local master no executor starts" in text


def test_glue_decides_the_executors(tmp_path, capsys, monkeypatch):
    job = {"Name": "etl", "Role": "r", "Command": {"Name": "glueetl", "ScriptLocation": "s3://b/s.py"},
           "GlueVersion": "4.0", "WorkerType": "G.1X", "NumberOfWorkers": 10,
           "DefaultArguments": {"--conf": "spark.executor.instances=5"}}
    (tmp_path / "glue.json").write_text(json.dumps(job), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["explain", "--format", "json", "glue.json"]) == 0
    (config,) = json.loads(capsys.readouterr().out)["configs"]
    executors = config["executors"]
    assert (config["platform"], executors["at_start"], executors["in_driver"]) == ("glue", None, False)
    assert executors["at_start_reason"].startswith("AWS Glue decides: it places the executors on the job's workers")
    assert main(["explain", "glue.json"]) == 0
    assert "  at start             AWS Glue decides:" in capsys.readouterr().out


def test_every_key_the_file_writes_is_listed_after_the_sizing_keys(capsys, monkeypatch, tmp_path):
    conf = tmp_path / "spark-defaults.conf"
    conf.write_text("spark.sql.shuffle.partitions 200\nspark.executor.memory 4g\nspark.eventLog.enabled true\n"
                    "spark.ssl.keyPassword Zq12345678-SECRET\nspark.sql.shuffle.partitions 400\n", encoding="utf-8")
    (config,) = configs(capsys, monkeypatch, str(conf)).values()
    keys = [item["key"] for item in config["settings"]]
    # Sizing keys in their reading order, then the others in the order the file first writes them.
    assert keys.index("spark.executor.memory") < keys.index("spark.sql.shuffle.partitions")
    assert keys[-3:] == ["spark.sql.shuffle.partitions", "spark.eventLog.enabled", "spark.ssl.keyPassword"]
    (partitions,) = [item for item in config["settings"] if item["key"] == "spark.sql.shuffle.partitions"]
    assert partitions["value"] == "400" and partitions["source"].endswith("spark-defaults.conf:5")
    assert [(other["value"], other["source"][-21:]) for other in partitions["overrides"]] == [
        ("200", "spark-defaults.conf:1")]
    _, out = explain(capsys, monkeypatch, str(conf))
    assert "Zq12345678-SECRET" not in out and "spark.ssl.keyPassword" in out


def test_a_secret_name_broken_by_a_stray_character_still_hides_its_value(capsys, monkeypatch, tmp_path):
    # explain lists every key the file writes: a brace typed into `keyPassword` leaves the value a password.
    conf = tmp_path / "spark-defaults.conf"
    conf.write_text("spark.ssl.keyP{assword Zq12345678-SECRET\nspark.hadoop.fs.s3a.secret'.key Zq87654321-SECRET\n",
                    encoding="utf-8")
    for output_format in ("text", "json", "markdown"):
        _, out = explain(capsys, monkeypatch, "--format", output_format, str(conf))
        assert "spark.ssl.keyP{assword" in out and "Zq12345678-SECRET" not in out and "Zq87654321-SECRET" not in out


def test_a_databricks_cluster_starts_an_executor_per_worker(capsys, monkeypatch, tmp_path):
    fixed = {"cluster_name": "etl", "spark_version": "13.3.x-scala2.12", "node_type_id": "i3.xlarge",
             "num_workers": 4, "spark_conf": {"spark.sql.shuffle.partitions": "64"}}
    scaled = {**{key: value for key, value in fixed.items() if key != "num_workers"},
              "autoscale": {"min_workers": 2, "max_workers": 8}}
    (tmp_path / "fixed").mkdir()
    (tmp_path / "fixed" / "cluster.json").write_text(json.dumps(fixed, indent=2), encoding="utf-8")
    (tmp_path / "scaled").mkdir()
    (tmp_path / "scaled" / "cluster.json").write_text(json.dumps(scaled, indent=2), encoding="utf-8")
    (config,) = configs(capsys, monkeypatch, str(tmp_path / "fixed" / "cluster.json")).values()
    executors = config["executors"]
    # Not Spark's default of 2: a Databricks cluster has one executor per worker (Clusters API, num_workers).
    assert executors["at_start"] == 4
    assert executors["at_start_reason"].startswith("num_workers=4 [") and "Clusters API" in executors["at_start_reason"]
    (config,) = configs(capsys, monkeypatch, str(tmp_path / "scaled" / "cluster.json")).values()
    assert config["executors"]["at_start"] is None
    assert config["executors"]["at_start_reason"].startswith("Databricks decides:")
    assert "autoscale 2-8 workers" in config["executors"]["at_start_reason"]


def test_environment_variables_the_file_sets_are_listed_with_their_lines(capsys, monkeypatch, tmp_path):
    compose = tmp_path / "docker-compose.yml"
    compose.write_text("services:\n  spark-worker:\n    image: bitnami/spark:3.5\n    environment:\n"
                       "      - SPARK_MODE=worker\n      - SPARK_WORKER_MEMORY=4g\n"
                       "      - AWS_SECRET_ACCESS_KEY=Zq12345678abcdefSECRET\n", encoding="utf-8")
    found = configs(capsys, monkeypatch, str(compose))
    environment = {item["key"]: item for config in found.values() for item in config["environment"]}
    assert environment["SPARK_WORKER_MEMORY"]["value"] == "4g"
    assert environment["SPARK_WORKER_MEMORY"]["source"].endswith("docker-compose.yml:6 (environment of service spark-worker)")
    assert environment["AWS_SECRET_ACCESS_KEY"]["value"] == "****"
    for output_format in ("text", "markdown"):
        _, out = explain(capsys, monkeypatch, "--format", output_format, str(compose))
        assert "SPARK_WORKER_MEMORY" in out and "Zq12345678abcdefSECRET" not in out
