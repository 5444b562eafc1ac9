"""`sparklint explain`'s numbers equal a real Spark's: the unified region UnifiedMemoryManager reports
(maxOnHeapStorageMemory), the off-heap region (maxOffHeapStorageMemory), and the executors dynamic
allocation starts (Utils.getDynamicAllocationInitialExecutors).

The heap is the driver's, in local mode: Spark sizes it from Runtime.maxMemory, which equals -Xmx under
G1 (checked here: runtimeMaxMemory == heap) but is smaller under ParallelGC and SerialGC (spark.md §1).
All cases run in one `start_spark_many` call."""

from __future__ import annotations

import json

import pytest

from oracle import SparkCase, require_spark, start_spark_many
from sparklint.cli import main

MEMORY_CASES = [
    {"spark.driver.memory": "1g"},
    {"spark.driver.memory": "2g"},
    {"spark.driver.memory": "4g"},
    {"spark.driver.memory": "2g", "spark.memory.fraction": "0.75", "spark.memory.storageFraction": "0.3",
     "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "512m"},
    {"spark.driver.memory": "14g"},
    {"spark.driver.memory": "14g", "spark.memory.fraction": "0.8", "spark.memory.offHeap.enabled": "true",
     "spark.memory.offHeap.size": "2g"},
]
# Executors of a real cluster manager (local-cluster: one worker, one executor JVM started with
# -Xmx = spark.executor.memory). BlockManagerMaster's getExecutorMemoryStatus reports each block manager's
# maximum storage memory: on-heap unified + off-heap (BlockManagerInfo.maxMem).
EXECUTOR_CASES = [
    {"spark.executor.memory": "14g"},
    {"spark.executor.memory": "3g", "spark.memory.fraction": "0.8", "spark.memory.storageFraction": "0.4",
     "spark.memory.offHeap.enabled": "true", "spark.memory.offHeap.size": "1g"},
]
CLUSTER = "local-cluster[1,1,15360]"  # the worker offers 15 GiB, so a 14g executor fits
START_CASES = [
    {"spark.dynamicAllocation.enabled": "true", "spark.executor.instances": "1",
     "spark.dynamicAllocation.initialExecutors": "3"},
    {"spark.dynamicAllocation.enabled": "true", "spark.dynamicAllocation.minExecutors": "5",
     "spark.dynamicAllocation.maxExecutors": "10"},
    {"spark.dynamicAllocation.enabled": "true", "spark.executor.instances": "7",
     "spark.dynamicAllocation.minExecutors": "2", "spark.dynamicAllocation.initialExecutors": "4"},
]


def _ids(cases: list[dict[str, str]]) -> list[str]:
    return [",".join(f"{key.rsplit('.', 1)[-1]}={value}" for key, value in case.items()) for case in cases]


@pytest.fixture(scope="module")
def answers():
    require_spark()
    cases = [SparkCase(dict(conf, **{"spark.master": "local[2]"}), driver_memory=conf["spark.driver.memory"])
             for conf in MEMORY_CASES]
    cases += [SparkCase(dict(conf), master=None, start=False) for conf in START_CASES]
    cases += [SparkCase(dict(conf, **{"spark.master": CLUSTER}), master=CLUSTER, executors=1)
              for conf in EXECUTOR_CASES]
    return start_spark_many(cases, timeout=300)


def explained(tmp_path, capsys, conf: dict[str, str]) -> dict:
    path = tmp_path / "spark-defaults.conf"
    path.write_text("".join(f"{key} {value}\n" for key, value in conf.items()), encoding="utf-8")
    capsys.readouterr()
    assert main(["explain", "--format", "json", str(path)]) == 0
    (config,) = json.loads(capsys.readouterr().out)["configs"]
    return config


@pytest.mark.spark
@pytest.mark.parametrize("index", range(len(MEMORY_CASES)), ids=_ids(MEMORY_CASES))
def test_driver_unified_and_off_heap_equal_sparks(index, answers, tmp_path, capsys):
    result = answers[index]
    assert result.started, result.error
    driver = explained(tmp_path, capsys, {"spark.master": "local[2]", **MEMORY_CASES[index]})["driver"]
    assert result.facts["runtimeMaxMemory"] == driver["heap"]  # G1: Runtime.maxMemory == -Xmx
    assert result.facts["maxOnHeapStorageMemory"] == driver["unified"]
    assert result.facts["maxOffHeapStorageMemory"] == driver["offheap"]


@pytest.mark.spark
@pytest.mark.parametrize("index", range(len(START_CASES)), ids=_ids(START_CASES))
def test_executors_at_start_equal_sparks(index, answers, tmp_path, capsys):
    result = answers[len(MEMORY_CASES) + index]
    assert result.error is None, result.error
    executors = explained(tmp_path, capsys, {"spark.master": "yarn", **START_CASES[index]})["executors"]
    assert executors["at_start"] == int(result.facts["dynamicAllocationInitialExecutors"])


@pytest.mark.spark
@pytest.mark.parametrize("index", range(len(EXECUTOR_CASES)), ids=_ids(EXECUTOR_CASES))
def test_executor_unified_and_off_heap_equal_sparks(index, answers, tmp_path, capsys):
    result = answers[len(MEMORY_CASES) + len(START_CASES) + index]
    assert result.started, result.error
    assert result.facts["registeredExecutors"] == 1
    status = dict(result.facts["executorMemoryStatus"])
    del status[result.facts["driverBlockManager"]]
    ((maximum, _remaining),) = status.values()
    executor = explained(tmp_path, capsys, {"spark.master": CLUSTER, **EXECUTOR_CASES[index]})["executor"]
    assert maximum == executor["unified"] + executor["offheap"]
