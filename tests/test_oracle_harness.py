"""The Spark oracle tells Spark's refusals from its acceptance, in Spark's own words.

Every pair below is a conf Spark refuses at SparkContext start and a twin that differs in one
setting and starts. The module's cases run once, in the ``answers`` fixture: all 1g-heap cases
(local and local-cluster) share one driver JVM, the 400m and 460m heaps need one each, and the
-Xmx case is refused by the launcher before any; the two spark-submit tests add one driver JVM.
Expected texts are Spark 3.5.9's (spark.md §1, §3, §4, §6) and hold for 4.0.1 too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import oracle
from oracle import OracleResult, SparkCase, require_spark, spark_submit, start_spark_many

MiB = 1024 * 1024
LOCAL_CLUSTER = "local-cluster[1,2,1024]"  # one worker, 2 cores, 1024 MiB: a real cluster manager
DYNAMIC = {"spark.dynamicAllocation.enabled": "true"}

# name: (refused case, Spark's words, started twin)
TWINS: dict[str, tuple[SparkCase, str, SparkCase]] = {
    "executor-memory-below-450m": (
        SparkCase({"spark.executor.memory": "400m"}),
        "Executor memory 419430400 must be at least 471859200",
        SparkCase({"spark.executor.memory": "512m"}),
    ),
    "driver-memory-below-450m": (
        SparkCase({}, driver_memory="400m"),
        "System memory 419430400 must be at least 471859200",
        SparkCase({}, driver_memory="460m"),
    ),
    "network-timeout-not-above-heartbeat": (
        SparkCase({"spark.network.timeout": "10s", "spark.executor.heartbeatInterval": "20s"}),
        "The value of spark.network.timeout=10000ms must be greater than the value of "
        "spark.executor.heartbeatInterval=20000ms.",
        SparkCase({"spark.network.timeout": "60s", "spark.executor.heartbeatInterval": "20s"}),
    ),
    # Swapping 10s/20s is no twin: a network timeout under spark.network.timeoutInterval (60s)
    # is refused by HeartbeatReceiver, a check spark.md §4 does not list. The message ends in
    # "spark.storage.blockManagerHeartbeatTimeoutMs." on 3.5.9, "spark.network.timeout." on 4.0.1.
    "network-timeout-below-timeout-interval": (
        SparkCase({"spark.network.timeout": "20s", "spark.executor.heartbeatInterval": "10s"}),
        "java.lang.IllegalArgumentException: requirement failed: "
        "spark.network.timeoutInterval should be less than or equal to spark.",
        SparkCase(
            {
                "spark.network.timeout": "20s",
                "spark.executor.heartbeatInterval": "10s",
                "spark.network.timeoutInterval": "20s",
            }
        ),
    ),
    # In local mode spark.authenticate needs no secret: SecurityManager generates one.
    "crypto-without-authenticate": (
        SparkCase({"spark.network.crypto.enabled": "true"}),
        "spark.authenticate must be enabled when enabling encryption.",
        SparkCase({"spark.network.crypto.enabled": "true", "spark.authenticate": "true"}),
    ),
    "dynamic-allocation-min-above-max": (
        SparkCase(
            {**DYNAMIC, "spark.dynamicAllocation.minExecutors": "5", "spark.dynamicAllocation.maxExecutors": "2"},
            master=LOCAL_CLUSTER,
        ),
        "org.apache.spark.SparkException: spark.dynamicAllocation.minExecutors (5) must be less than "
        "or equal to spark.dynamicAllocation.maxExecutors (2)!",
        SparkCase(
            {
                **DYNAMIC,
                "spark.dynamicAllocation.minExecutors": "1",
                "spark.dynamicAllocation.maxExecutors": "2",
                "spark.dynamicAllocation.shuffleTracking.enabled": "true",
            },
            master=LOCAL_CLUSTER,
            executors=1,  # proves the worker really launches an executor JVM from the PyPI package
        ),
    ),
    "executor-cores-below-task-cpus": (
        SparkCase({"spark.executor.cores": "1", "spark.task.cpus": "2"}, master=LOCAL_CLUSTER),
        "org.apache.spark.SparkException: The number of cores per executor (=1) has to be >= "
        "the number of cpus per task = 2.",
        SparkCase({"spark.executor.cores": "2", "spark.task.cpus": "2"}, master=LOCAL_CLUSTER),
    ),
}

FACT_CASES: dict[str, SparkCase] = {
    "heap-1g": SparkCase({}),  # the launcher's default driver heap, 1g, in the shared JVM
    "initial-executors": SparkCase(
        {
            "spark.dynamicAllocation.minExecutors": "0",
            "spark.dynamicAllocation.initialExecutors": "3",
            "spark.executor.instances": "1",
        },
        master=None,
        start=False,
    ),
    "launch-xmx": SparkCase({"spark.driver.extraJavaOptions": "-Xmx2g"}),  # refused before any JVM: cheap
}


@pytest.fixture(scope="module")
def answers() -> dict[str, OracleResult]:
    """Every case of this module, run in as few JVMs as their heaps allow."""
    require_spark()
    cases: dict[str, SparkCase] = dict(FACT_CASES)
    for name, (refused, _words, started) in TWINS.items():
        cases[f"{name}:refused"] = refused
        cases[f"{name}:started"] = started
    return dict(zip(cases, start_spark_many(list(cases.values()))))


@pytest.mark.spark
@pytest.mark.parametrize("name", TWINS)
def test_spark_refuses_and_the_twin_starts(answers: dict[str, OracleResult], name: str) -> None:
    words = TWINS[name][1]
    refused, started = answers[f"{name}:refused"], answers[f"{name}:started"]
    assert not refused.started
    assert refused.error is not None and words in refused.error, refused.error
    assert re.match(r"^[\w.$]+(Exception|Error): ", refused.error), "the error names Spark's exception class"
    assert started.started, started.error
    assert started.error is None


@pytest.mark.spark
def test_memory_errors_carry_spark_error_classes(answers: dict[str, OracleResult]) -> None:
    executor = answers["executor-memory-below-450m:refused"].error or ""
    driver = answers["driver-memory-below-450m:refused"].error or ""
    # 4.3 adds sub-classes: INVALID_EXECUTOR_MEMORY.CONFIG_MEMORY, INVALID_DRIVER_MEMORY.SYSTEM_MEMORY (spark.md §1).
    assert executor.startswith("org.apache.spark.SparkIllegalArgumentException: [INVALID_EXECUTOR_MEMORY")
    assert driver.startswith("org.apache.spark.SparkIllegalArgumentException: [INVALID_DRIVER_MEMORY")


@pytest.mark.spark
def test_storage_memory_of_a_1g_g1_heap_follows_the_unified_memory_model(
    answers: dict[str, OracleResult],
) -> None:
    facts = answers["heap-1g"].facts
    # This machine kind (2 cores, 24 GiB) is server-class, so HotSpot picks G1, which reports the whole -Xmx.
    assert facts["garbageCollectors"] == ["G1 Young Generation", "G1 Old Generation"]
    assert facts["runtimeMaxMemory"] == 1024 * MiB
    expected = int((facts["runtimeMaxMemory"] - 300 * MiB) * 0.6)  # spark.md §1
    assert facts["maxOnHeapStorageMemory"] == expected == 455501414
    assert facts["maxOffHeapStorageMemory"] == 0
    assert facts["dynamicAllocationEnabled"] is False  # local master: dynamic allocation silently off


@pytest.mark.spark
def test_460m_driver_heap_leaves_96_mib_of_storage(answers: dict[str, OracleResult]) -> None:
    facts = answers["driver-memory-below-450m:started"].facts
    assert facts["runtimeMaxMemory"] == 482344960  # spark.md §1
    assert facts["maxOnHeapStorageMemory"] == int((482344960 - 300 * MiB) * 0.6)


@pytest.mark.spark
def test_initial_executors_are_computed_without_a_context(answers: dict[str, OracleResult]) -> None:
    answer = answers["initial-executors"]
    assert answer.error is None and not answer.started
    assert answer.facts["dynamicAllocationInitialExecutors"] == 3  # max(min 0, initial 3, instances 1)


@pytest.mark.spark
def test_local_cluster_runs_dynamic_allocation_with_real_executors(answers: dict[str, OracleResult]) -> None:
    facts = answers["dynamic-allocation-min-above-max:started"].facts
    assert facts["master"] == LOCAL_CLUSTER
    assert facts["dynamicAllocationEnabled"] is True
    assert facts["executorAllocationManager"] is True
    assert facts["dynamicAllocationInitialExecutors"] == 1
    assert facts["registeredExecutors"] >= 1


# The launcher prints `Error: <message>` and its usage text, no exception class (launcher/Main.java).
XMX_REFUSAL = (
    "Error: Not allowed to specify max heap(Xmx) memory settings through java options (was -Xmx2g). "
    "Use the corresponding --driver-memory or spark.driver.memory configuration instead."
)


@pytest.mark.spark
def test_launcher_refuses_xmx_in_driver_java_options() -> None:
    require_spark()
    result = spark_submit({"spark.driver.extraJavaOptions": "-Xmx2g"})
    assert not result.started
    assert result.error is not None
    assert result.error == XMX_REFUSAL


@pytest.mark.spark
def test_start_spark_reports_the_launcher_refusal_too(answers: dict[str, OracleResult]) -> None:
    # pyspark's launch_gateway runs the same launcher, so a refused JVM launch refuses every case in it.
    assert answers["launch-xmx"] == OracleResult(started=False, error=XMX_REFUSAL)


@pytest.mark.spark
def test_launcher_twin_sets_the_heap_with_driver_memory() -> None:
    require_spark()
    result = spark_submit({"spark.driver.extraJavaOptions": "-XX:+UseG1GC"}, ["--driver-memory", "512m"])
    assert result.started, result.error
    assert result.facts["runtimeMaxMemory"] == 512 * MiB


# --- the harness's own contract, without a JVM ---------------------------------------------------


@pytest.fixture
def no_pyspark(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oracle, "find_pyspark", lambda: None)
    monkeypatch.delenv(oracle.PYSPARK_ENV, raising=False)


def test_missing_pyspark_skips_with_the_install_command(
    no_pyspark: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=r"pyspark not installed: pip install pyspark==3\.5\.\d+"):
        require_spark()


def test_missing_pyspark_fails_in_ci(no_pyspark: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        require_spark()


def test_missing_java_skips_even_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(oracle, "find_pyspark", lambda: oracle.Pyspark("python", Path("."), "3.5.9"))
    monkeypatch.setattr(oracle, "find_java", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.skip.Exception, match="Java not found"):
        require_spark()


def test_pyspark_override_names_a_target_directory(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    package = tmp_path / "pyspark"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "version.py").write_text('__version__: str = "4.0.1"\n', encoding="utf-8")
    monkeypatch.setenv(oracle.PYSPARK_ENV, str(tmp_path))
    oracle.find_pyspark.cache_clear()
    try:
        found = oracle.find_pyspark()
        assert found is not None
        assert (found.version, found.home, found.pythonpath) == ("4.0.1", package, str(tmp_path))
        monkeypatch.setenv(oracle.PYSPARK_ENV, str(tmp_path / "missing"))
        oracle.find_pyspark.cache_clear()
        assert oracle.unavailable_reason() == (
            f"pyspark not installed: {oracle.PYSPARK_ENV}={tmp_path / 'missing'} holds no pyspark"
        )
    finally:
        oracle.find_pyspark.cache_clear()


def test_launch_keys_split_cases_into_jvms() -> None:
    assert SparkCase({"spark.executor.memory": "1g"}).launch_conf() == {}
    assert SparkCase({}, driver_memory="2g").launch_conf() == {"spark.driver.memory": "2g"}
    assert SparkCase({"spark.driver.extraJavaOptions": "-XX:+UseG1GC"}).launch_conf() == {
        "spark.driver.extraJavaOptions": "-XX:+UseG1GC"
    }
    with pytest.raises(ValueError, match="contradicts"):
        SparkCase({"spark.driver.memory": "1g"}, driver_memory="2g").launch_conf()


def test_a_launcher_error_is_read_from_stderr_without_its_stack() -> None:
    stderr = (
        "Exception in thread \"main\" java.lang.IllegalArgumentException: Not allowed (was -Xmx2g).\n"
        "\tat org.apache.spark.launcher.SparkSubmitCommandBuilder.buildSparkSubmitCommand(X.java:1)\n"
        "Traceback (most recent call last):\n"
        "pyspark.errors.exceptions.base.PySparkRuntimeError: [JAVA_GATEWAY_EXITED] Java gateway exited.\n"
    )
    assert oracle._launcher_error(stderr) == "java.lang.IllegalArgumentException: Not allowed (was -Xmx2g)."
    assert oracle._launcher_error(stderr.split("Traceback")[1]) is None



def test_the_error_spark_logged_before_it_ended_the_jvm_is_its_answer() -> None:
    """WebUI.bind logs the failure, then calls System.exit(1): the verdict quotes the log, not py4j."""
    stderr = (
        "16:21:42 ERROR SparkUI: Failed to bind SparkUI\n"
        "java.lang.IllegalArgumentException: requirement failed: startPort should be between 1024 and 65535\n"
        "\tat scala.Predef$.require(Predef.scala:337)\n"
        "ERROR:root:Exception while sending command.\n"
    )
    assert oracle._logged_error(stderr) == (
        "Failed to bind SparkUI: java.lang.IllegalArgumentException: requirement failed: startPort should be"
        " between 1024 and 65535")
    assert oracle._logged_error("ERROR:root:Exception while sending command.\n") is None


def test_other_pysparks_are_the_target_folders_install_pyspark_fills(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for version in ("4.3.0", "3.4.4"):
        package = tmp_path / version / "pyspark"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("", encoding="utf-8")
        (package / "version.py").write_text(f'__version__: str = "{version}"\n', encoding="utf-8")
    (tmp_path / "empty").mkdir()
    monkeypatch.setattr(oracle, "OTHER_PYSPARKS", tmp_path)
    found = oracle.other_pysparks()
    assert sorted(found) == ["3.4.4", "4.3.0"]
    assert found["4.3.0"].pythonpath == str(tmp_path / "4.3.0")
