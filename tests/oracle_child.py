"""The process side of the Spark oracle: starts real SparkContexts and reports what Spark said.

Run by ``tests/oracle.py``, never imported by it, and possibly under another interpreter (the one
``SPARKLINT_ORACLE_PYSPARK`` names), so it imports nothing from sparklint or the tests.

    python oracle_child.py batch REQUEST.json RESULTS.jsonl
        Launches one driver JVM with the request's ``launch_conf`` (the keys fixed at JVM start:
        heap, driver Java options), then runs each case in turn in that JVM: a SparkContext is
        started with the case's conf and stopped again, or, for a ``conf`` case, only a SparkConf
        is built.
    spark-submit ... oracle_child.py submit RESULTS.jsonl
        The tiny application for ``oracle.spark_submit``: the JVM is spark-submit's own, and the
        conf is whatever spark-submit passed.

Each case writes one JSON line ``{"index", "started", "error", "facts"}`` to RESULTS as soon as it
is known, so a timeout loses only the cases that had not finished.
"""

from __future__ import annotations

import json
import os
import sys
import time
import traceback
from typing import Dict, List, Optional, Tuple

ERROR_LINES = 20  # Spark's multi-line messages (the dynamic-allocation shuffle requirement) fit.


def _java_error(java_exception: object) -> str:
    """``Class: message`` of a JVM exception and of up to two distinct causes."""
    lines: List[str] = []
    seen = set()
    throwable = java_exception
    while throwable is not None and len(lines) < 3:
        text = "%s: %s" % (throwable.getClass().getName(), throwable.getMessage())
        if text not in seen:
            lines.append(text if not lines else "Caused by: " + text)
            seen.add(text)
        throwable = throwable.getCause()
    return "\n".join(lines)


def describe_error(error: BaseException) -> str:
    from py4j.protocol import Py4JJavaError

    if isinstance(error, Py4JJavaError):
        text = _java_error(error.java_exception)
    elif getattr(error, "_origin", None) is not None:  # pyspark's CapturedException keeps the JVM's
        text = _java_error(error._origin)
    else:
        text = "%s: %s" % (type(error).__name__, error)
    return "\n".join(text.splitlines()[:ERROR_LINES])


def _spark_refusals() -> Tuple[type, ...]:
    """Exceptions that are Spark saying no; anything else is a bug in this harness."""
    from py4j.protocol import Py4JJavaError

    try:  # pyspark >= 3.4 raises its own errors for checks done on the Python side.
        from pyspark.errors import PySparkException
    except ImportError:
        # pyspark 3.3 turns the JVM's IllegalArgumentException and the like into its CapturedException
        # subclasses (pyspark.sql.utils, installed on py4j by SparkContext): measured with 3.3.4.
        from pyspark.sql.utils import CapturedException

        return (Py4JJavaError, CapturedException)
    return (Py4JJavaError, PySparkException)


def conf_facts(jvm: object, jconf: object) -> Dict[str, object]:
    """What Spark computes from a SparkConf alone, without a context.

    A fact Spark cannot compute for this conf (``spark.executor.instances=2k`` makes
    getDynamicAllocationInitialExecutors throw) is None, and the refusal is a fact of its own."""
    from py4j.protocol import Py4JJavaError

    utils = jvm.org.apache.spark.util.Utils
    facts: Dict[str, object] = {}
    # Utils.getDynamicAllocationInitialExecutors: max(initial, min, spark.executor.instances).
    # Utils.isDynamicAllocationEnabled: false for local masters unless spark.dynamicAllocation.testing.
    for name, compute in (("dynamicAllocationInitialExecutors", utils.getDynamicAllocationInitialExecutors),
                          ("dynamicAllocationEnabled", utils.isDynamicAllocationEnabled)):
        try:
            facts[name] = compute(jconf)
        except Py4JJavaError as error:
            facts[name] = None
            facts[name + "Error"] = describe_error(error)
    return facts


def _env_field(jvm: object, env: object, names: Tuple[str, ...]) -> Optional[object]:
    """A field of SparkEnv, read by Java reflection on the field alone.

    py4j finds a method by listing every method of the object's class, and in pyspark 4.3.0 one of
    SparkEnv's methods (getExternalUDFDispatcher) names a protobuf class the distribution does not
    ship, so any py4j call on SparkEnv fails with NoClassDefFoundError (measured). Fields are listed
    without loading method signatures. 3.x-4.2 keep the memory manager in ``memoryManager``, 4.3 in
    ``_memoryManager``."""
    env_class = jvm.java.lang.Class.forName("org.apache.spark.SparkEnv")
    for name in names:
        try:
            field = env_class.getDeclaredField(name)
        except Exception:
            continue
        field.setAccessible(True)
        return field.get(env)
    return None


def _executor_memory_status(jvm: object, scala_context: object) -> Dict[str, List[int]]:
    status = jvm.scala.collection.JavaConverters.mapAsJavaMapConverter(
        scala_context.getExecutorMemoryStatus()
    ).asJava()
    return {str(key): [int(value._1()), int(value._2())] for key, value in status.items()}


def _garbage_collectors(jvm: object) -> Optional[List[str]]:
    """The driver JVM's collectors, or None where py4j cannot call them: py4j 0.10.9.5 (pyspark 3.3)
    calls the JDK's internal GarbageCollectorImpl by reflection, which Java 17 refuses (measured)."""
    from py4j.protocol import Py4JError

    try:
        return [bean.getName() for bean in jvm.java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()]
    except Py4JError:
        return None


def context_facts(context: object) -> Dict[str, object]:
    jvm = context._jvm
    scala_context = context._jsc.sc()
    env = scala_context.env()
    memory_manager = _env_field(jvm, env, ("memoryManager", "_memoryManager"))
    block_manager = _env_field(jvm, env, ("blockManager",))
    facts: Dict[str, object] = {
        "sparkVersion": context.version,
        "master": context.master,
        "maxOnHeapStorageMemory": memory_manager.maxOnHeapStorageMemory() if memory_manager else None,
        "maxOffHeapStorageMemory": memory_manager.maxOffHeapStorageMemory() if memory_manager else None,
        "runtimeMaxMemory": jvm.java.lang.Runtime.getRuntime().maxMemory(),
        "executorMemoryMiB": scala_context.executorMemory(),
        "defaultParallelism": context.defaultParallelism,
        "executorAllocationManager": scala_context.executorAllocationManager().isDefined(),
        "executorMemoryStatus": _executor_memory_status(jvm, scala_context),
        # The driver's own entry in executorMemoryStatus (host:port), to tell it from the executors'.
        "driverBlockManager": block_manager.blockManagerId().hostPort(),
        "garbageCollectors": _garbage_collectors(jvm),
    }
    facts.update(conf_facts(jvm, scala_context.conf()))
    return facts


def _wait_for_executors(context: object, count: int, timeout: float) -> int:
    """Executors registered with the driver, polling until ``count`` have or ``timeout`` passes."""
    scala_context = context._jsc.sc()
    deadline = time.monotonic() + timeout
    while True:
        registered = scala_context.getExecutorIds().size()  # the driver is not among them
        # An executor registers with the scheduler before its block manager registers with the
        # driver's BlockManagerMaster; wait for both (the driver's block manager is one of them).
        block_managers = scala_context.getExecutorMemoryStatus().size() - 1
        if min(registered, block_managers) >= count or time.monotonic() >= deadline:
            return min(registered, block_managers)
        time.sleep(0.2)


def submit_arguments_error(jvm: object, case: Dict[str, object]) -> Optional[str]:
    """spark-submit's own argument check on the case's conf, or None when it passes.

    ``SparkSubmitArguments`` is what ``bin/spark-submit`` builds from its command line (``--conf``
    pairs and the properties file) before it starts anything; its ``validateSubmitArguments``
    refuses executor counts, cores and memory that are not positive. Built here in the running
    JVM with the case's conf as ``--conf`` pairs, it gives the refusal a real spark-submit would
    print, without a JVM launch per case."""
    from py4j.protocol import Py4JJavaError

    args = []
    if case.get("master") is not None:
        args += ["--master", str(case["master"])]
    for key, value in case["conf"].items():
        args += ["--conf", "%s=%s" % (key, value)]
    args.append("pyspark-shell")
    java_args = jvm.java.util.ArrayList()
    for arg in args:
        java_args.add(arg)
    seq = jvm.scala.collection.JavaConverters.asScalaBufferConverter(java_args).asScala().toSeq()
    try:  # sys.env: the child's environment, scrubbed of SPARK_* by the harness, as spark-submit sees it.
        jvm.org.apache.spark.deploy.SparkSubmitArguments(seq, jvm.scala.sys.package.env())
    except Py4JJavaError as error:
        return describe_error(error)
    return None


WORKLOAD_SECONDS = 60  # a job this small finishes in a second or two
warmed: List[bool] = []  # set after this JVM's first workload


class Hung(Exception):
    """The workload did not finish: Spark hangs with this conf, and this JVM cannot be trusted after it."""


def _jobs(context: object) -> None:
    context.parallelize(range(100), 4).map(lambda n: (n % 10, n)).reduceByKey(lambda a, b: a + b).collect()
    from pyspark.sql import SparkSession

    session = SparkSession(context)
    session.range(100).selectExpr("id % 10 AS k", "id").groupBy("k").count().collect()


def run_workload(context: object, seconds: float = WORKLOAD_SECONDS) -> None:
    """A first job and a SQL query: keys read only when tasks run, or when a session is built.

    Run in a thread: one that has not finished within WORKLOAD_SECONDS raises Hung (a conf that makes
    Spark hang, e.g. a SQL stage that never completes), and the batch ends after this case."""
    import threading

    outcome: List[BaseException] = []

    def target() -> None:
        try:
            _jobs(context)
        except BaseException as error:  # handed to the caller's thread
            outcome.append(error)

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    # A fresh JVM's first job and query load and compile most of Spark SQL: on a loaded 2-core machine
    # that alone took over 60 s (measured), so the first workload in a JVM gets three times as long.
    limit = seconds if warmed else 3 * seconds
    worker.join(limit)
    warmed.append(True)
    if worker.is_alive():
        raise Hung("the first job or SQL query did not finish within %ds" % limit)
    if outcome:
        raise outcome[0]


def run_context(case: Dict[str, object]) -> Tuple[bool, Optional[str], Dict[str, object]]:
    from pyspark import SparkConf, SparkContext

    if case.get("submit_check"):
        refused = submit_arguments_error(SparkContext._jvm, case)
        if refused is not None:
            return False, refused, {"refusedBy": "spark-submit"}
    conf = SparkConf()
    for key, value in case["conf"].items():
        conf.set(key, value)
    if case.get("master") is not None:
        conf.setMaster(case["master"])
    conf.setIfMissing("spark.app.name", "sparklint-oracle")
    try:
        context = SparkContext(conf=conf)
    except _spark_refusals() as error:  # Spark's refusal is the answer, not a crash.
        return False, describe_error(error), {}
    except Exception:
        if _jvm_alive():
            raise
        # Spark ended its own JVM (WebUI.bind: System.exit(1) when the UI cannot bind): a refusal too.
        lost.append(True)
        return False, "the driver JVM exited while the SparkContext started (System.exit)", {"exited": True}
    try:
        registered = _wait_for_executors(context, case.get("executors", 0), case.get("timeout", 60))
        facts = context_facts(context)
        if case.get("workload"):
            try:
                run_workload(context, case.get("workload_seconds") or WORKLOAD_SECONDS)
            except _spark_refusals() as error:  # refused at the first job or query: not started
                return False, describe_error(error), {**facts, "refusedBy": "workload"}
            except Hung as error:
                lost.append(True)
                return False, str(error), {**facts, "refusedBy": "workload", "hung": True}
            except Exception:
                if _jvm_alive():
                    raise
                # The JVM died under the job (SparkUncaughtExceptionHandler exits on OutOfMemoryError).
                lost.append(True)
                return False, "the driver JVM died during the first job or SQL query", {
                    **facts, "refusedBy": "workload", "exited": True}
        facts["registeredExecutors"] = registered
        return True, None, facts
    finally:
        if not lost:
            context.stop()


# Set when a case hung Spark or Spark ended the JVM: the batch stops after it (the runner starts a new JVM).
lost: List[bool] = []


def _jvm_alive() -> bool:
    from pyspark import SparkContext

    try:
        SparkContext._jvm.java.lang.System.currentTimeMillis()
    except Exception:
        return False
    return True


def run_conf(case: Dict[str, object]) -> Tuple[bool, Optional[str], Dict[str, object]]:
    from pyspark import SparkConf, SparkContext

    # loadDefaults=False: the launch --conf system properties must not leak into a conf-only probe.
    conf = SparkConf(loadDefaults=False)
    for key, value in case["conf"].items():
        conf.set(key, value)
    if case.get("master") is not None:
        conf.setMaster(case["master"])
    try:
        return False, None, conf_facts(SparkContext._jvm, conf._jconf)
    except _spark_refusals() as error:
        return False, describe_error(error), {}


Outcome = Tuple[bool, Optional[str], Dict[str, object], Optional[str]]


def _guarded(runner, case: Dict[str, object]) -> Outcome:
    """Spark's refusals come back as (started, error, facts); a bug in this harness as the 4th item."""
    try:
        return runner(case) + (None,)
    except Exception:
        return False, None, {}, traceback.format_exc()


def _write(results, index: int, outcome: Outcome) -> None:
    started, error, facts, harness_error = outcome
    line = {"index": index, "started": started, "error": error, "facts": facts, "harness_error": harness_error}
    results.write(json.dumps(line) + "\n")
    results.flush()


def guard_error_conversion() -> None:
    """Keep pyspark 4.1's conversion of a JVM error from recursing, so a refused SQL conf is an answer.

    pyspark 4.1.4 turns a JVM error into its CapturedException and then calls str() on it
    (errors/exceptions/captured.py convert_exception -> base.py recover_python_exception, which looks
    for a Python traceback in the message); __str__ asks the JVM for SQLConf.get() (captured.py line
    90), which throws the same refusal when the session state could not be built, and that error is
    converted the same way: the recursion ran until the workload's time limit (measured with
    faulthandler, spark.sql.shuffle.partitions=0; 4.2.1 raises at once). Only the outermost
    conversion looks for a Python traceback here: the inner ones are the same refusal, and __str__
    already swallows them. The JVM under test and the error Spark raised are unchanged."""
    try:
        from pyspark.errors.exceptions import captured
    except ImportError:  # pyspark 3.3 has no pyspark.errors
        return
    recover = getattr(captured, "recover_python_exception", None)
    if recover is None:
        return
    converting: List[bool] = []

    def outermost_only(error):  # type: ignore[no-untyped-def]
        if converting:
            return error
        converting.append(True)
        try:
            return recover(error)
        finally:
            converting.pop()

    captured.recover_python_exception = outermost_only


def batch(request_path: str, results_path: str) -> None:
    from pyspark import SparkConf, SparkContext
    from pyspark.java_gateway import launch_gateway

    with open(request_path, encoding="utf-8") as handle:
        request = json.load(handle)
    launch_conf = SparkConf(loadDefaults=False)  # No JVM yet: a plain dict handed to spark-submit as --conf.
    for key, value in request["launch_conf"].items():
        launch_conf.set(key, value)
    # Only the launch keys reach spark-submit: every --conf becomes a JVM system property that all
    # later SparkConfs load, so a case's own keys must never be passed here.
    SparkContext._ensure_initialized(gateway=launch_gateway(launch_conf))
    guard_error_conversion()
    with open(results_path, "a", encoding="utf-8") as results:
        for index, case in enumerate(request["cases"]):
            runner = run_context if case["op"] == "context" else run_conf
            _write(results, index, _guarded(runner, case))
            if lost:
                results.close()
                os._exit(3)  # the JVM is hung or gone: end it; the runner reruns the rest elsewhere


def submit(results_path: str) -> None:
    with open(results_path, "a", encoding="utf-8") as results:
        _write(results, 0, _guarded(run_context, {"conf": {}}))


def main(argv: List[str]) -> int:
    try:
        if argv[0] == "batch":
            batch(argv[1], argv[2])
        elif argv[0] == "submit":
            submit(argv[1])
        else:
            raise SystemExit("usage: oracle_child.py batch REQUEST RESULTS | submit RESULTS")
    except Exception:
        traceback.print_exc()
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
