"""The memory rules (SL101-SL107, SL302, SL306): rule, line and column per syntax and dialect, and quiet
cases. Numbers come from sparklint.knowledge.memory (tests/test_memory.py)."""

from __future__ import annotations

import json

import pytest

SUBMIT = json.dumps({"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py", "sparkSubmitParameters":
                     "--conf spark.executor.memory=4096 --conf spark.memory.offHeap.enabled=true"}}})
SPARK_APPLICATION = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  type: Scala\n"
                     "  driver:\n    memory: 400m\n  executor:\n    memory: \"2048\"\n")
LIVY = json.dumps({"driverMemory": "2048", "executorMemory": "300m", "conf": {
    "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "1000k"}})

SIZING_JOB = json.dumps({"jobDriver": {"sparkSubmit": {"entryPoint": "s3://b/m.py", "sparkSubmitParameters":
                         "--conf spark.executor.memory=4g --conf spark.executor.memoryOverhead=8g "
                         "--conf spark.driver.maxResultSize=0 --conf spark.executor.cores=4 "
                         "--conf spark.memory.fraction=0.1"}}}, indent=None)
SIZING_APPLICATION = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  type: Scala\n"
                      "  sparkConf:\n    spark.driver.maxResultSize: 8g\n  driver:\n    memory: 4g\n"
                      "    memoryOverhead: \"5000\"\n  executor:\n    cores: 8\n    memory: 1g\n")
SIZING_LIVY = json.dumps({"driverMemory": "2g", "executorMemory": "2g", "executorCores": 8, "conf": {
    "spark.driver.maxResultSize": "3g", "spark.executor.memoryOverhead": "4096"}})

# corpus2/019: a Python/GDAL job that keeps most of its memory outside the JVM.
PYTHON_NATIVE_MEMORY = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  type: Python\n"
                        "  executor:\n    memory: \"1500m\"\n    memoryOverhead: \"4000m\"\n")
RESERVED = "spark.testing.reservedMemory 104857600\n"  # 100 MiB: the minimum heap is 150 MiB


@pytest.mark.parametrize("name, text, rule, expected", [
    ("spark-defaults.conf", "spark.executor.memory 4096\nspark.driver.memory 400m\n", "SL101", [(1, 23), (2, 21)]),
    ("job.json", SUBMIT, "SL101", [(1, 94)]),
    ("app.yaml", SPARK_APPLICATION, "SL101", [(6, 13), (8, 13)]),
    ("session.json", LIVY, "SL101", [(1, 18), (1, 44)]),
    ("spark-defaults.conf", "spark.executor.memory 512m\nspark.driver.memory 460m\nspark.driver.memory.x 1\n",
     "SL101", []),
    # the minimum follows the reserved memory the file sets (UnifiedMemoryManager.getMaxMemory)
    ("spark-defaults.conf", RESERVED + "spark.executor.memory 256m\nspark.driver.memory 256m\n", "SL101", []),
    ("spark-defaults.conf", RESERVED + "spark.executor.memory 140m\n", "SL101", [(2, 23)]),
    ("spark-defaults.conf", "spark.testing.reservedMemory 629145600\nspark.executor.memory 800m\n", "SL101",
     [(2, 23)]),
    ("spark-defaults.conf", "spark.testing true\nspark.executor.memory 64m\n", "SL101", []),
    # cluster mode: the driver's heap is sized from the MiB value (YARN Client.scala: -Xmx<MiB>m)
    ("spark-defaults.conf", "spark.submit.deployMode cluster\nspark.driver.memory 2048\n", "SL101", []),
    ("spark-defaults.conf", "spark.memory.offHeap.enabled true\n", "SL102", [(1, 30)]),
    ("job.json", SUBMIT, "SL102", [(1, 128)]),
    ("session.json", LIVY, "SL102", [(1, 130)]),
    ("spark-defaults.conf", "spark.memory.offHeap.enabled true\nspark.memory.offHeap.size 2048\n", "SL102", [(2, 27)]),
    ("spark-defaults.conf", "spark.memory.offHeap.enabled false\nspark.memory.offHeap.size 1m\n", "SL102", []),
    ("spark-defaults.conf", "spark.memory.offHeap.enabled ${OFFHEAP}\n", "SL102", []),
    ("spark-defaults.conf", "spark.executor.memory 10g\nspark.yarn.executor.memoryOverhead 12288\n", "SL104", [(2, 36)]),
    # 8g over 4g, both with units: a deliberate layout, not a unit slip
    ("job.json", SIZING_JOB, "SL104", []),
    ("app.yaml", PYTHON_NATIVE_MEMORY, "SL104", []),
    ("spark-defaults.conf", "spark.executor.memory 64m\nspark.executor.memoryOverhead 4g\n", "SL104", [(2, 31)]),
    ("spark-defaults.conf", "spark.driver.memory 2048\nspark.driver.memoryOverhead 3g\n", "SL104", [(2, 29)]),
    ("app.yaml", SIZING_APPLICATION, "SL104", [(9, 21)]),
    ("session.json", SIZING_LIVY, "SL104", [(1, 146)]),
    ("spark-defaults.conf", "spark.executor.memory 10g\nspark.executor.memoryOverhead 10g\n"
                            "spark.driver.memoryOverhead 1g\n", "SL104", []),
    ("spark-defaults.conf", "spark.executor.memoryOverhead 2048\n", "SL104", []),  # heap unknown
    ("spark-defaults.conf", "spark.executor.memory 4g\nspark.executor.cores 16\n", "SL106", [(2, 22)]),
    ("job.json", SIZING_JOB, "SL106", [(1, 202)]),
    ("app.yaml", SIZING_APPLICATION, "SL106", [(11, 12)]),
    ("session.json", SIZING_LIVY, "SL106", [(1, 65)]),
    # one task per executor; cores without a known heap (the cluster's default): quiet
    ("spark-defaults.conf", "spark.executor.memory 512m\nspark.executor.cores 1\n", "SL106", []),
    ("session.json", '{"executorCores": 2}', "SL106", []),
    ("spark-defaults.conf", "spark.executor.memory 4g\nspark.executor.cores 4\n", "SL106", []),
    ("spark-defaults.conf", "spark.driver.maxResultSize 0\n", "SL107", [(1, 28)]),
    ("job.json", SIZING_JOB, "SL107", [(1, 166)]),
    ("app.yaml", SIZING_APPLICATION, "SL107", [(6, 33)]),
    ("session.json", SIZING_LIVY, "SL107", [(1, 107)]),
    # without spark.driver.memory the heap is the cluster's: only 0 is judged
    ("spark-defaults.conf", "spark.driver.maxResultSize 8192M\n", "SL107", []),
    ("spark-defaults.conf", "spark.driver.memory 4g\nspark.driver.maxResultSize 4g\n", "SL107", []),
])
def test_positions(lint, name, text, rule, expected):
    run = lint({name: text}, "--select", rule, paths=(name,))
    assert [(line, column) for found, line, column in run.rules() if found == rule] == expected


def test_heap_message_names_the_numbers(lint):
    (finding,) = lint({"spark-defaults.conf": "spark.driver.memory 400m\n"}, "--select", "SL101").findings
    assert finding["severity"] == "error"
    assert "driver heap 400m = 419430400 bytes [spark-defaults.conf:1] is below 471859200 bytes" in finding["message"]
    assert "INVALID_DRIVER_MEMORY" in finding["message"]


def test_heap_minimum_follows_the_reserved_memory(lint):
    run = lint({"spark-defaults.conf": "spark.testing.reservedMemory 629145600\nspark.executor.memory 800m\n"},
               "--select", "SL101")
    (finding,) = run.findings
    assert (finding["rule"], finding["line"], finding["severity"], run.code) == ("SL101", 2, "error", 1)
    assert ("executor heap 800m = 838860800 bytes [spark-defaults.conf:2] is below 943718400 bytes (900 MiB, "
            "1.5 × the 600 MiB Spark reserves [spark-defaults.conf:1])") in finding["message"]
    assert finding["fix"] == "Give spark.executor.memory (or --executor-memory) at least 900m."
    quiet = lint({"spark-defaults.conf": RESERVED + "spark.executor.memory 256m\n"}, "--select", "SL101")
    assert (quiet.findings, quiet.code) == ([], 0)


def test_task_memory_follows_the_reserved_memory(lint):
    (finding,) = lint({"spark-defaults.conf": RESERVED + "spark.executor.memory 1g\nspark.executor.cores 4\n"},
                      "--select", "SL106").findings
    assert "(1024 MiB heap [spark-defaults.conf:2] − 100 MiB reserved) × 0.6" in finding["message"]


def test_overhead_with_units_far_above_the_heap(lint):
    run = lint({"spark-defaults.conf": "spark.executor.memory 64m\nspark.executor.memoryOverhead 4g\n"},
               "--select", "SL104")
    (finding,) = run.findings
    assert (finding["line"], finding["severity"], run.code) == (2, "warning", 1)
    assert finding["message"].endswith("(an overhead 64 times the heap looks like a wrong unit letter)")


def test_task_memory_option(lint):
    conf = {"spark-defaults.conf": "spark.executor.memory 4g\nspark.executor.cores 4\n"}
    assert lint(conf, "--select", "SL106").findings == []
    run = lint({**conf, ".sparklint.toml": '[rules.SL106]\nmin_task_memory = "1g"\n'}, "--select", "SL106",
               paths=("spark-defaults.conf",))
    (finding,) = run.findings
    assert finding["message"].startswith("each of the 4 tasks an executor runs at once gets about 569 MiB")
    assert finding["fix"] == "Give executors more memory (spark.executor.memory=7g for 4 cores) or fewer cores each."
    bad = lint({**conf, ".sparklint.toml": '[rules.SL106]\nmin_task_memory = "lots"\n'}, "--select", "SL106",
               paths=("spark-defaults.conf",))
    assert bad.code == 2


def test_overhead_message(lint):
    (finding,) = lint({"spark-defaults.conf": "spark.executor.memory 10g\nspark.executor.memoryOverhead 12288\n"},
                      "--select", "SL104").findings
    assert finding["message"].startswith("executor memory overhead spark.executor.memoryOverhead=12288 (no unit: MiB) "
                                         "= 12 GiB [spark-defaults.conf:2] is larger than the 10 GiB heap")
    assert "asks for 22 GiB" in finding["message"]


LIMIT = '[rules.SL105]\nmax_container_memory = "4g"\n'
K8S_PYTHON = ("apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nspec:\n  type: Python\n"
              "  driver:\n    memory: 3g\n  executor:\n    memory: 2g\n")
OFF_HEAP_SESSION = json.dumps({"executorMemory": "4g", "conf": {"spark.memory.offHeap.enabled": "true",
                                                                "spark.memory.offHeap.size": "1g"}})


@pytest.mark.parametrize("name, text, expected", [
    ("spark-defaults.conf", "spark.executor.memory 4g\n", [(1, 23)]),
    ("spark-defaults.conf", "spark.executor.memory 3g\nspark.driver.memory 8g\n", []),  # client-mode driver
    ("spark-defaults.conf", "spark.submit.deployMode cluster\nspark.driver.memory 8g\n", [(2, 21)]),
    # Kubernetes, Python app: the driver's overhead is 0.4 × 3072 = 1228 MiB, 4300 MiB in all
    ("app.yaml", K8S_PYTHON, [(6, 13)]),
    ("session.json", OFF_HEAP_SESSION, [(1, 20)]),
])
def test_container_over_node_limit_positions(lint, name, text, expected):
    run = lint({name: text, ".sparklint.toml": LIMIT}, "--select", "SL105", paths=(name,))
    assert [(line, column) for _, line, column in run.rules()] == expected


def test_container_over_node_limit_needs_the_option(lint):
    assert lint({"spark-defaults.conf": "spark.executor.memory 64g\n"}, "--select", "SL105").findings == []
    run = lint({"session.json": OFF_HEAP_SESSION, ".sparklint.toml": LIMIT}, "--select", "SL105",
               paths=("session.json",))
    (finding,) = run.findings
    assert finding["message"].startswith(
        "each executor container asks for 5529 MiB = 4096 MiB heap [session.json:1 (executorMemory)] + 409 MiB "
        "overhead (0.1 × 4096 MiB heap) + 1024 MiB off-heap [session.json:1 (conf)], above max_container_memory=4g")


EMR_JOB = json.dumps({"jobDriver": {"sparkSubmit": {"entryPoint": "s3://bucket/main.py", "sparkSubmitParameters":
                      "--conf spark.driver.cores=4 --conf spark.driver.memory=28g --conf spark.executor.cores=4 "
                      "--conf spark.executor.memory=3g"}}})
EMR_SESSION = json.dumps({"driverMemory": "7g", "driverCores": 1, "executorMemory": "14g", "executorCores": 2,
                          "numExecutors": 10})
EMR_CONFIG = ('platform = "emr-serverless"\n[emr-serverless.maximum-capacity]\ncpu = "400vCPU"\n'
              'memory = "100GB"\n')


@pytest.mark.parametrize("name, text, rule, expected", [
    ("job.json", EMR_JOB, "SL302", [(1, 130), (1, 191)]),
    # below the minimum, but the vCPU count is the platform default: quiet
    ("job.json", EMR_JOB.replace("--conf spark.executor.cores=4 ", ""), "SL302", [(1, 130)]),
    ("spark-defaults.conf", "spark.executor.cores 8\nspark.executor.memory 56g\n", "SL302", [(2, 23)]),
    ("session.json", EMR_SESSION, "SL302", []),
    ("spark-defaults.conf", "spark.executor.cores 16\nspark.executor.memory 27g\n", "SL302", [(2, 23)]),  # < 32 GB
    ("spark-defaults.conf", "spark.executor.cores 4\nspark.executor.memory 27g\n", "SL302", []),
    ("session.json", EMR_SESSION, "SL306", [(1, 103)]),
    ("spark-defaults.conf", "spark.executor.instances 6\n", "SL306", [(1, 26)]),  # 16 GB + 6 × 16 GB
    ("spark-defaults.conf", "spark.executor.instances 5\n", "SL306", []),
])
def test_emr_serverless_positions(lint, name, text, rule, expected):
    run = lint({name: text, ".sparklint.toml": EMR_CONFIG}, "--select", rule, paths=(name,))
    assert [(line, column) for _, line, column in run.rules()] == expected


def test_emr_serverless_memory_messages(lint):
    run = lint({"job.json": EMR_JOB, ".sparklint.toml": EMR_CONFIG}, "--select", "SL302", paths=("job.json",))
    above, below = run.findings
    assert above["message"].startswith("no 4 vCPU worker holds this driver: 28g heap [job.json:1 (--conf in "
                                       "jobDriver.sparkSubmit.sparkSubmitParameters)] + 2867 MiB overhead")
    assert "= 30.8 GB is above the 30 GB maximum for 4 vCPU" in above["message"]
    assert above["fix"] == "Lower spark.driver.memory to 27g, or use 8 vCPU drivers (spark.driver.cores=8)."
    assert below["message"].startswith("worker 4 vCPU / 8 GB billed: 3g heap")
    assert "= 3.4 GB is below the 8 GB minimum for 4 vCPU" in below["message"]
    assert below["severity"] == "warning"
    run = lint({"session.json": EMR_SESSION, ".sparklint.toml": EMR_CONFIG}, "--select", "SL306",
               paths=("session.json",))
    (finding,) = run.findings
    assert finding["message"].startswith("needs 168 GB of worker memory to start but the application allows 100 GB")
    assert "only 5 executors fit" in finding["message"]
