"""The EMR Serverless worker grid and capacity arithmetic in the knowledge layer (platforms.md §1)."""

from __future__ import annotations

import pytest

from sparklint.knowledge import emr_serverless, emr_workers
from sparklint.knowledge.units import GIB
from sparklint.model import JobConfig, Layer, Setting


@pytest.mark.parametrize("cpu, memory, expected", [
    (1, 2, True), (1, 8, True), (1, 9, False), (2, 4, True), (2, 3, False), (4, 16, True), (4, 30, True),
    (4, 31, False), (8, 16, True), (8, 18, False), (8, 20, True), (8, 60, True), (16, 40, True), (16, 44, False),
    (16, 120, True), (3, 8, False), (32, 120, False), (None, 8, False),
])
def test_on_grid(cpu, memory, expected):
    assert emr_workers.on_grid(cpu, memory * GIB) is expected


@pytest.mark.parametrize("cpu, memory, expected", [
    (4, 16, None),
    (3, 8, "3 vCPU is not a worker size (EMR Serverless workers have 1, 2, 4, 8 or 16 vCPU)"),
    (4, 31, "4 vCPU workers have 8-30 GB of memory, not 31 GB"),
    (8, 18, "8 vCPU workers have 16-60 GB of memory in steps of 4 GB, not 18 GB"),
])
def test_grid_problem(cpu, memory, expected):
    assert emr_workers.grid_problem(cpu, memory * GIB) == expected


def test_valid_and_unverified_cpus():
    assert emr_workers.VALID_CPUS == (1, 2, 4, 8, 16)
    assert emr_workers.UNVERIFIED_CPUS == (32,) and "third-party" in emr_workers.UNVERIFIED_CPUS_NOTE
    assert emr_workers.cpus_text() == "1, 2, 4, 8 or 16"


@pytest.mark.parametrize("disk_type, expected", [
    ("standard", (20, 200)), ("Standard", (20, 200)), ("shuffle_optimized", (20, 2000)),
    ("SHUFFLE_OPTIMIZED", (20, 2000)), (" Shuffle_Optimized ", (20, 2000)),
])
def test_disk_range(disk_type, expected):
    low, high = emr_workers.disk_range(disk_type)
    assert (low // GIB, high // GIB) == expected


@pytest.mark.parametrize("cpu, needed, expected", [(4, 15.4, 16), (8, 17, 20), (8, 10, 16), (4, 31, None), (3, 4, None)])
def test_fitting_memory(cpu, needed, expected):
    found = emr_workers.fitting_memory(cpu, int(needed * GIB))
    assert (found // GIB if found is not None else None) == expected


def test_default_worker_is_the_smallest_4_vcpu_worker_holding_the_default_heap_and_overhead():
    # 14G heap + 10% overhead (jobs-spark.html defaults) on the 4 vCPU grid (app-behavior.html).
    assert emr_serverless.JOB_DEFAULTS["spark.executor.memory"] == "14g"
    assert emr_serverless.JOB_DEFAULTS["spark.emr-serverless.memoryOverheadFactor"] == "0.1"
    assert emr_serverless.DEFAULT_WORKER_CPU == int(emr_serverless.JOB_DEFAULTS["spark.executor.cores"])
    assert emr_serverless.DEFAULT_WORKER_MEMORY == emr_workers.fitting_memory(4, int(14 * 1.1 * GIB))
    assert emr_serverless.DEFAULT_WORKER_DISK == emr_serverless.worker_disk_bytes(
        emr_serverless.JOB_DEFAULTS[emr_serverless.EXECUTOR_DISK_KEY]) == emr_workers.STANDARD_DISK[0]


@pytest.mark.parametrize("cap, driver, per_executor, wanted, expected", [
    (16, 4, 4, 5, 3), (150, 20, 20, 10, 6), (4, 8, 4, 1, 0), (10, 1, 0, 7, 7),
])
def test_executors_that_fit(cap, driver, per_executor, wanted, expected):
    assert emr_serverless.executors_that_fit(cap, driver, per_executor, wanted) == expected


def test_read_setting_skips_templated_and_unparsable_values():
    config = JobConfig("job.json", "job", "test")
    layer = Layer("conf", 50)
    config.add(Setting("spark.executor.cores", "${CORES}", layer))
    config.add(Setting("spark.driver.cores", "four", layer))
    config.add(Setting("spark.emr-serverless.driver.disk", "30g", layer))
    assert emr_serverless.read_setting(config, "spark.executor.cores", int) is None
    assert emr_serverless.read_setting(config, "spark.driver.cores", int) is None
    assert emr_serverless.read_setting(config, "spark.master", int) is None
    disk, setting = emr_serverless.read_setting(config, "spark.emr-serverless.driver.disk",
                                                emr_serverless.worker_disk_bytes)
    assert (disk, setting.value) == (30 * GIB, "30g")


def test_gb():
    assert (emr_serverless.gb(16 * GIB), emr_serverless.gb(int(15.4 * GIB))) == ("16 GB", "15.4 GB")
