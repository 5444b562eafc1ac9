"""sparklint.knowledge.memory gives the numbers a real Spark computes (shared/reference/spark.md §1-2)."""

from __future__ import annotations

from typing import Optional

import pytest

from sparklint.knowledge import memory
from sparklint.knowledge.platforms import default_settings
from sparklint.knowledge.units import MIB
from sparklint.model import JobConfig, Layer, Setting

CONF = Layer("conf", 50, "--conf")


def config(conf: dict[str, str], platform: str = "generic", version: str = "3.5",
           is_python: Optional[bool] = None) -> JobConfig:
    job = JobConfig(path="job", kind="job", dialect="test", platform=platform, spark_version=version,
                    is_python=is_python)
    job.settings.extend(Setting(key, value, CONF) for key, value in conf.items())
    job.settings.extend(default_settings(platform))
    return job


@pytest.mark.parametrize("conf, overhead_mib, total_mib", [
    ({}, 384, 1408),
    ({"spark.executor.memory": "1g"}, 384, 1408),
    ({"spark.executor.memory": "4g"}, 409, 4505),
    ({"spark.executor.memory": "8g", "spark.executor.memoryOverheadFactor": "0.2"}, 1638, 9830),
    ({"spark.executor.memory": "3841m"}, 384, 4225),
    ({"spark.executor.memory": "4g", "spark.executor.memoryOverhead": "1000"}, 1000, 5096),
    ({"spark.executor.memory": "4g", "spark.yarn.executor.memoryOverhead": "2g"}, 2048, 6144),
])
def test_overhead_and_container(conf, overhead_mib, total_mib):
    found = memory.container(config(conf), "executor")
    assert found is not None
    assert found.overhead.quantity.mib == overhead_mib
    assert found.total_mib == total_mib


def test_min_memory_overhead_counts_from_spark_4():
    conf = {"spark.executor.memory": "4g", "spark.executor.minMemoryOverhead": "1g"}
    assert memory.container(config(conf, version="4.0"), "executor").total_mib == 5120
    assert memory.container(config(conf, version="3.5"), "executor").total_mib == 4505  # 3.5 ignores the key


@pytest.mark.parametrize("is_python, total_mib", [(True, 7577), (False, 6553)])
def test_off_heap_and_pyspark_memory(is_python, total_mib):
    conf = {"spark.executor.memory": "4g", "spark.memory.offHeap.enabled": "true",
            "spark.memory.offHeap.size": "2g", "spark.executor.pyspark.memory": "1g"}
    assert memory.container(config(conf, is_python=is_python), "executor").total_mib == total_mib


def test_off_heap_is_not_counted_when_disabled_and_driver_gets_heap_plus_overhead():
    conf = {"spark.executor.memory": "4g", "spark.memory.offHeap.size": "2g", "spark.driver.memory": "4g",
            "spark.memory.offHeap.enabled": "false"}
    assert memory.container(config(conf), "executor").total_mib == 4505
    driver = memory.container(config(conf), "driver")
    assert (driver.total_mib, driver.off_heap, driver.pyspark) == (4505, None, None)


def test_unified_memory_of_a_1g_heap():
    region = memory.unified(config({}), "executor")
    assert region.unified == 455501414 == int((1073741824 - 314572800) * 0.6)
    assert region.storage == int(455501414 * 0.5)
    assert region.execution + region.storage == region.unified
    assert region.user == 1073741824 - 314572800 - 455501414
    assert "Spark default" in region.fraction.source


def test_kubernetes_and_emr_serverless_factors():
    python = config({"spark.driver.memory": "4g"}, platform="kubernetes", is_python=True)
    assert memory.overhead(python, "driver").quantity.mib == 1638  # 0.4 × 4096
    jvm = config({"spark.driver.memory": "4g"}, platform="kubernetes", is_python=False)
    assert memory.overhead(jvm, "driver").quantity.mib == 409
    k8s = config({"spark.driver.memory": "4g", "spark.kubernetes.memoryOverheadFactor": "0.2"},
                 platform="kubernetes", is_python=True)
    assert memory.overhead(k8s, "driver").quantity.mib == 819
    own = config({"spark.driver.memory": "4g", "spark.driver.memoryOverheadFactor": "0.3",
                  "spark.kubernetes.memoryOverheadFactor": "0.2"}, platform="kubernetes")
    assert memory.overhead(own, "driver").quantity.mib == 1228
    emr = config({"spark.emr-serverless.memoryOverheadFactor": "0.2"}, platform="emr-serverless")
    found = memory.overhead(emr, "executor")  # 14g platform default heap
    assert (found.quantity.mib, found.factor.value) == (2867, 0.2)


def test_sources_name_the_setting_or_the_default():
    found = memory.overhead(config({"spark.executor.memory": "2g"}), "executor")
    assert "384 MiB minimum" in found.quantity.source
    assert memory.heap(config({}), "driver").source.startswith("Spark default 1g")
    assert memory.heap(config({"spark.driver.memory": "2g"}), "driver").setting.value == "2g"


def test_task_memory():
    found = memory.task_memory(config({"spark.executor.memory": "4g", "spark.executor.cores": "4",
                                       "spark.task.cpus": "2"}))
    assert found.tasks == 2
    assert found.per_task == int((4096 * MIB - 300 * MIB) * 0.6) // 2


@pytest.mark.parametrize("conf", [
    {"spark.executor.memory": "1.5g"},
    {"spark.executor.memoryOverhead": "lots"},
    {"spark.memory.fraction": "x"},
    {"spark.executor.memory": "${MEM}"},
])
def test_none_when_a_value_does_not_parse(conf):
    job = config(conf)
    assert memory.container(job, "executor") is None or memory.unified(job, "executor") is None


def test_unitless():
    assert memory.is_unitless("4096") and memory.is_unitless(" 2048 ")
    assert not memory.is_unitless("4096m")


class _Recording(JobConfig):
    """A config that notes every key the knowledge layer looks up."""

    def __init__(self, *arguments: object, **keywords: object) -> None:
        super().__init__(*arguments, **keywords)  # type: ignore[arg-type]
        self.read: set[str] = set()

    def effective(self, key: str) -> Optional[Setting]:
        self.read.add(key)
        return super().effective(key)


_EVERY_INPUT = {"spark.{role}.memory": "6g", "spark.{role}.memoryOverhead": "700m",
                "spark.yarn.{role}.memoryOverhead": "800m", "spark.{role}.memoryOverheadFactor": "0.3",
                "spark.kubernetes.memoryOverheadFactor": "0.25", "spark.emr-serverless.memoryOverheadFactor": "0.2",
                "spark.{role}.minMemoryOverhead": "500m", "spark.memory.offHeap.enabled": "true",
                "spark.unsafe.offHeap": "true", "spark.memory.offHeap.size": "1g",
                "spark.executor.pyspark.memory": "512m"}


@pytest.mark.parametrize("role", ["executor", "driver"])
@pytest.mark.parametrize("platform", ["generic", "kubernetes", "emr-serverless", "yarn"])
@pytest.mark.parametrize("version", ["3.5", "4.0"])
@pytest.mark.parametrize("is_python", [None, True, False])
def test_container_bytes_is_the_container_and_reads_only_its_inputs(role, platform, version, is_python):
    # container_bytes caches the size across configs by container_inputs(role): every key container()
    # reads, on every path through it, must be one of them. Each input set or not, one at a time and all.
    inputs = {key.replace("{role}", role): value for key, value in _EVERY_INPUT.items()}
    cases = [{}, inputs] + [{key: value} for key, value in inputs.items()]
    cases += [{key: "4096" if key.endswith("memory") else "bad"} for key in inputs]
    cases += [{key: value for key, value in inputs.items() if key != dropped} for dropped in inputs]
    for conf in cases:
        job = _Recording(path="job", kind="job", dialect="test", platform=platform, spark_version=version,
                         is_python=is_python)
        job.settings.extend(Setting(key, value, CONF) for key, value in conf.items())
        job.settings.extend(default_settings(platform))
        sized = memory.container(job, role)
        assert job.read <= set(memory.container_inputs(role)), conf
        assert memory.container_bytes(job, role) == (sized.total_bytes if sized is not None else None), conf
